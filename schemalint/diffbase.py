"""`--diff-base REF`: which tools are new or changed since a git ref.

Each linted file is read at REF through `gitref` (the ref verified, paths kept inside the repository, one
`git cat-file --batch` process per repository) and loaded with the same loaders as the working copy. A tool is unchanged when a
tool with the same definition (its name, schemas, description and every other field, in the same key
order) was in the same file at REF; line numbers play no part, so moving a tool or
editing its neighbours does not mark it changed.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

import orjson

from .errors import SchemalintError
from . import gitref
from .model import Tool
from .sources import InputError


class DiffBaseError(SchemalintError):
    """A ref or repository problem; str() is the one-line cause."""


@dataclass
class DiffBase:
    ref: str
    changed: set = field(default_factory=set)  # id() of tools new or modified since ref
    total: int = 0

    def is_changed(self, tool: Tool) -> bool:
        return id(tool) in self.changed


def definition_key(tool: Tool) -> bytes:
    """The tool's definition as canonical bytes: insertion (document) order kept, since order matters."""
    content = {
        "name": tool.name,
        "description": tool.description,
        "input_schema": tool.input_schema,
        "output_schema": tool.output_schema,
        "annotations": tool.annotations,
        "examples": tool.examples,
        "raw": tool.raw,
    }
    return orjson.dumps(content, default=repr, option=orjson.OPT_NON_STR_KEYS)


def _read_base(root: str, ref: str, relpaths: list[str]) -> dict[str, bytes | None]:
    try:
        return gitref.read_at_ref(root, ref, relpaths)
    except gitref.GitRefError as exc:
        hint = " (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)" if "not a commit" in str(exc) else ""
        raise DiffBaseError(f"--diff-base: {exc}{hint}") from None


def _tools_in(relpath: str, content: bytes, input_format: str | None) -> list[Tool]:
    """Load a past version of a file with the normal loaders, from a temporary copy under the same name."""
    from .loaders import Catalog, load_file

    folder = tempfile.mkdtemp(prefix="schemalint-base-")
    try:
        path = os.path.join(folder, os.path.basename(relpath))
        with open(path, "wb") as fh:
            fh.write(content)
        catalog = Catalog()
        try:
            load_file(path, catalog, input_format)
        except InputError:
            return []  # unreadable at REF: every tool in it counts as changed
        return catalog.tools
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def changed_tools(tools: list[Tool], ref: str, input_format: str | None = None) -> DiffBase:
    result = DiffBase(ref=ref, total=len(tools))
    by_file: dict[str, list[Tool]] = {}
    for tool in tools:
        by_file.setdefault(tool.file, []).append(tool)
    by_root: dict[str, dict[str, str]] = {}  # root -> {file as loaded: path relative to root}
    roots: dict[str, str | None] = {}
    for file in by_file:
        if file == "-":
            result.changed.update(id(t) for t in by_file[file])  # stdin has no history
            continue
        real = os.path.realpath(file)
        folder = os.path.dirname(real)
        if folder not in roots:
            try:
                roots[folder] = gitref.toplevel(folder)
            except gitref.GitRefError as exc:
                raise DiffBaseError(f"--diff-base: {exc}") from None
        root = roots[folder]
        if root is None:
            raise DiffBaseError(f"{file}: --diff-base needs the files to be inside a git repository")
        by_root.setdefault(root, {})[file] = os.path.relpath(real, root).replace(os.sep, "/")
    for root, files in by_root.items():
        past = _read_base(root, ref, sorted(set(files.values())))
        for file, relpath in files.items():
            content = past.get(relpath)
            if content is not None and _same_bytes(file, content):
                continue
            before_tools = _tools_in(relpath, content, input_format) if content is not None else []
            before = {definition_key(t) for t in before_tools}
            result.changed.update(id(t) for t in by_file[file] if definition_key(t) not in before)
    return result


def _same_bytes(path: str, content: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read() == content
    except OSError:
        return False


def narrow_report(report, tools: list[Tool], ref: str, input_format: str | None = None) -> DiffBase:
    """Keep only the findings and scores of tools new or changed since `ref` (the whole catalog was linted,
    so cross-tool rules still compare a changed tool with the unchanged ones)."""
    from .engine.run import display_path
    from .score import catalog_score

    diff = changed_tools(tools, ref, input_format)
    keys = set()
    for tool in tools:
        if diff.is_changed(tool):
            file = display_path(tool.file)
            keys.add((file, tool.name if isinstance(tool.name, str) else None))
            keys.add((file, None))  # findings about the file's catalog as a whole
    report.findings = [f for f in report.findings if (f.file, f.tool) in keys]
    report.scores = [s for s in report.scores if diff.is_changed(s.tool)]
    matrix = report.extra.get("provider_matrix")
    if isinstance(matrix, dict) and isinstance(matrix.get("tools"), list):
        matrix["tools"] = [row for row in matrix["tools"]
                           if isinstance(row, dict) and (row.get("file"), row.get("name")) in keys]
    report.catalog_score = catalog_score(report.scores)
    report.files = len({s.file for s in report.scores})
    report.extra["diff_base"] = {"ref": ref, "changed_tools": len(diff.changed), "tools": diff.total}
    report.notes.append(f"--diff-base {ref}: {len(diff.changed)} of {diff.total} tools are new or changed; "
                        f"only their findings are reported")
    return diff
