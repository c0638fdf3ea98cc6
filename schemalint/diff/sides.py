"""What each side of `diff` names, read into tools: a file or folder, a git ref, `REF:PATH`, an OpenAPI
document, or a lockfile.

A bare ref (`main`, `HEAD~1`) means "the same paths at that ref": the paths of the other side, or the current
folder. Files at a ref are listed and read with git (`gitref`: validated refs and paths, contents through
`git cat-file --batch`) and loaded from memory by the same loaders as files on disk.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..errors import SchemalintError
from .. import gitref
from ..loaders import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Catalog, iter_files, load_file
from ..model import Tool
from ..sources import InputError, parse_text


class SideError(SchemalintError):
    """A side that cannot be read; str() is the one-line cause."""


@dataclass
class Side:
    label: str  # as given on the command line
    kind: str  # catalog | openapi | lock
    tools: list[Tool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be read (one line each)
    source: tuple | None = None  # an OpenAPI side: (the path it is shown as, sha256 of its bytes)
    drafted: dict = field(default_factory=dict)  # an OpenAPI side: what it converted (openapi_side.Drafted)


def is_ref_like(spec: str) -> bool:
    return not os.path.exists(spec) and spec != "-"


def read_side(spec: str, paths_for_ref: list[str], input_format: str | None = None, other: Side | None = None) -> Side:
    """Read one side. `paths_for_ref` are the paths a bare git ref is read at. `other`, the side read already,
    saves work when both are OpenAPI documents: the same file with the same bytes is not read again, and the
    operations both versions share are converted once."""
    if spec == "-" or os.path.exists(spec):
        return _read_paths(spec, [spec], input_format, other)
    ref, sep, path = spec.partition(":")
    if sep and ref and path and not _drive_letter(spec):
        return _read_ref(spec, ref, [path], input_format, other)
    if sep:
        raise SideError(f"{spec}: no such file or folder, and not REF:PATH")
    return _read_ref(spec, spec, paths_for_ref, input_format, other)


def _drive_letter(spec: str) -> bool:
    return len(spec) > 2 and spec[1] == ":" and spec[0].isalpha() and spec[2] in "\\/"


def _read_paths(label: str, paths: list[str], input_format, other: Side | None) -> Side:
    if len(paths) == 1 and os.path.isfile(paths[0]):
        special = _special_file(label, paths[0], _read_bytes(paths[0]), other)
        if special is not None:
            return special
    side = Side(label, "catalog")
    try:
        files = iter_files(paths)
    except InputError as exc:
        raise SideError(str(exc)) from None
    catalog = Catalog()
    for path in files:
        try:
            load_file(path, catalog, input_format)
        except InputError as exc:
            side.problems.append(str(exc))
    side.tools, side.notes = catalog.tools, catalog.notes
    return side


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise SideError(f"{path}: cannot read: {exc.strerror}") from None


def _special_file(label: str, path: str, raw: bytes, other: Side | None) -> Side | None:
    """A lockfile or an OpenAPI document, told apart from a catalog by their first bytes."""
    import hashlib

    from .lock import LOCK_MARKER, LockError, read_lock

    if LOCK_MARKER.encode() in raw[:4096]:
        side = Side(label, "lock")
        try:
            side.tools = read_lock(path, raw)
        except LockError as exc:
            raise SideError(str(exc)) from None
        return side
    if not _looks_like_openapi(raw):
        return None
    from ..contract.load import build_contract
    from ..contract.fetch import Source
    from ..contract.parse import parse_contract
    from .openapi_side import openapi_tools

    source = (path, hashlib.sha256(raw).hexdigest())
    if other is not None and other.kind == "openapi" and other.source == source:
        # the same document shown at the same path ($refs to other files resolve alike): the same tools
        return Side(label, "openapi", list(other.tools), list(other.notes), source=source, drafted=other.drafted)
    try:
        document = parse_contract(path, raw)
        contract = build_contract(path, Source("file", path), document, source[1])
    except InputError as exc:
        raise SideError(str(exc)) from None
    side = Side(label, "openapi", source=source)
    known = other.drafted if other is not None and other.kind == "openapi" else None
    side.tools, side.notes, side.drafted = openapi_tools(contract, known)
    return side


_OPENAPI_KEY = re.compile(rb"(?m)^(?:openapi|swagger)\s*:|^\{?\s*[\"'](?:openapi|swagger)[\"']\s*:")
# the same after a line break: with a literal first byte re skips from line to line (Stripe's key is on line 40,015)
_OPENAPI_KEY_AFTER_BREAK = re.compile(rb"\n(?:(?:openapi|swagger)\s*:|\{?\s*[\"'](?:openapi|swagger)[\"']\s*:)")


def _looks_like_openapi(raw: bytes) -> bool:
    """An OpenAPI document names its version in a top-level `openapi` or `swagger` key, anywhere in the file
    (Stripe's spec3.yaml has it on line 40,015): in YAML at the start of a line, in JSON as a key of the root
    object."""
    if raw.lstrip()[:1] in (b"{", b"["):
        import orjson

        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False
        return isinstance(data, dict) and ("openapi" in data or "swagger" in data)
    return _OPENAPI_KEY.match(raw) is not None or _OPENAPI_KEY_AFTER_BREAK.search(raw) is not None


def _read_ref(label: str, ref: str, paths: list[str], input_format, other: Side | None) -> Side:
    root = gitref.toplevel(os.getcwd())
    if root is None:
        raise SideError(f"{label}: not a file or folder, and {os.getcwd()} is not inside a git repository to "
                        f"read it as a git ref")
    try:
        commit = gitref.validate_ref(root, ref)
    except gitref.GitRefError as exc:
        raise SideError(f"{label}: no such file or folder, and {exc}") from None
    prefix = os.path.relpath(os.getcwd(), root).replace(os.sep, "/")
    wanted = []
    for path in paths:
        rel = path if path.startswith("/") else os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
        try:
            wanted.append(gitref.validate_relpath(rel) if rel != "." else ".")
        except gitref.GitRefError as exc:
            raise SideError(f"{label}: {exc}") from None
    files = _list_at(root, commit, wanted, label)
    contents = gitref.read_at_ref(root, commit, files) if files else {}
    if len(files) == 1 and contents.get(files[0]) is not None:
        shown = _shown(root, files[0])
        special = _special_file(label, shown, contents[files[0]], other)
        if special is not None:
            return special
    side = Side(label, "catalog")
    catalog = Catalog()
    for relpath in files:
        content = contents.get(relpath)
        if content is None:
            continue
        shown = _shown(root, relpath)
        try:
            _load_bytes(shown, content, catalog, input_format)
        except InputError as exc:
            side.problems.append(str(exc))
    side.tools, side.notes = catalog.tools, catalog.notes
    return side


def _shown(root: str, relpath: str) -> str:
    """A path at a ref as the working-tree path would be shown, so both sides name a file alike."""
    return os.path.relpath(os.path.join(root, relpath)).replace(os.sep, "/")


def _list_at(root: str, commit: str, paths: list[str], label: str) -> list[str]:
    """The catalog files at `commit` under each path (a file names itself), as the folder walk would pick
    them: the same include and exclude patterns."""
    import fnmatch

    out: list[str] = []
    for path in paths:
        try:
            names = gitref.list_at(root, commit, path)
        except gitref.GitRefError as exc:
            raise SideError(f"{label}: {exc}") from None
        if not names:
            raise SideError(f"{label}: '{path}' is not in {commit[:12]}")
        if names == [path]:
            out.append(path)
            continue
        for name in names:
            parts = name.split("/")
            if any(fnmatch.fnmatch(part, pat) for part in parts[:-1] for pat in DEFAULT_EXCLUDE):
                continue
            if any(fnmatch.fnmatch(parts[-1], pat) for pat in DEFAULT_INCLUDE):
                out.append(name)
    return out


def _load_bytes(path: str, content: bytes, catalog: Catalog, input_format) -> None:
    if input_format == "python" or (input_format is None and path.endswith(".py")):
        from ..loaders.python_source import load_python_text

        load_python_text(path, content.decode("utf-8", "replace"), catalog)
        return
    if content.lstrip()[:1] not in (b"{", b"[") and _looks_like_openapi(content):
        catalog.notes.append(f"skipped {path}: an OpenAPI document, not a tool catalog")
        return
    from ..loaders.formats import find_tools

    doc = parse_text(path, content)
    found = find_tools(doc, forced=input_format)
    catalog.documents.append(doc)
    catalog.notes.extend(found.notes)
    catalog.tools.extend(found.tools)
