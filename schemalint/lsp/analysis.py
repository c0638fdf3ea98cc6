"""What the language server knows about a workspace folder, without any protocol: its configuration, its catalog
files on disk (parsed once per change of the file), and the findings on an open buffer.

A buffer is linted in two passes over the same selection the configuration gives `check`: the per-tool rules over
the buffer alone, and the cross-tool rules (duplicates, near-duplicates, contract drift, budgets) over every
catalog file of the folder with the open buffers in place of their files on disk. Only the buffer's own findings
are kept.
"""
from __future__ import annotations

import argparse
import fnmatch
import logging
import os
from dataclasses import dataclass, field, replace

from ..config import Config, find_config, load_config
from ..engine.relint import Relinter
from ..engine.run import Selection, display_path, enabled_rules, lint
from ..errors import SchemalintError
from ..loaders import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Catalog, iter_files, load_file
from ..loaders.formats import find_tools
from ..model import Finding, Tool
from ..sources import InputError, parse_text
from ..sources.collector import paused_gc

log = logging.getLogger("schemalint.lsp")

CONFIG_NAMES = ("schemalint.toml", "pyproject.toml")
# rules with a per-file hook always run with the buffer: cross-tool rules need the whole folder
ALWAYS_LOCAL = frozenset({"parse-error"})


@dataclass
class Linted:
    """The findings on one buffer and what they were computed from."""

    path: str
    text: str
    kind: str | None  # json | jsonl | yaml | python; None when the file holds no catalog schemalint reads
    findings: list[Finding] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)


def buffer_catalog(path: str, text: str) -> Catalog:
    """The tools of one file's text, as `check` reads the file (an unreadable text is `unreadable`)."""
    catalog = Catalog()
    try:
        if path.endswith(".py"):
            from ..loaders.python_source import load_python_text

            load_python_text(path, text, catalog)
        else:
            doc = parse_text(path, text)
            found = find_tools(doc)
            catalog.documents.append(doc)
            catalog.notes.extend(found.notes)
            catalog.tools.extend(found.tools)
    except InputError as exc:
        catalog.unreadable.append(exc)
    return catalog


def merge(fragments) -> Catalog:
    out = Catalog()
    for part in fragments:
        out.tools.extend(part.tools)
        out.documents.extend(part.documents)
        out.line_ignores.update(part.line_ignores)
        out.unreadable.extend(part.unreadable)
    return out


class Project:
    """One workspace folder (or the folder of a file opened outside every workspace folder)."""

    def __init__(self, root: str, scan: bool = True):
        self.root = os.path.abspath(root)
        self.scan = scan  # read the folder's other catalog files (False for a file outside any workspace)
        self._config_key = None
        self.config = Config()
        self.selection = Selection()
        self.problem: str | None = None  # why the configuration could not be used (the defaults are)
        self._fragments: dict[str, tuple] = {}  # path -> ((mtime, size), Catalog)
        # open buffers: path -> (text, Catalog, the per-tool findings or None), reused while the text is the same
        # (a buffer linted again because another one changed pays for the cross-tool rules only)
        self._buffers: dict[str, tuple] = {}
        self._relinters: dict[str, Relinter] = {}  # open JSON and YAML buffers: path -> their last versions' lint

    # configuration -----------------------------------------------------------------------------------
    def config_path(self) -> str | None:
        return find_config(self.root)

    def refresh_config(self) -> bool:
        """Read the configuration again when its file changed (or appeared, or went): True when it did."""
        path = self.config_path()
        key = (path, _stamp(path)) if path else None
        if key == self._config_key:
            return False
        self._config_key = key
        self._buffers.clear()
        self._relinters.clear()
        from ..commands.check import build_selection

        args = argparse.Namespace(select=[], ignore=[], provider=[], contract=[], lock=None)
        try:
            self.config = load_config(path) if path else Config()
            self.selection = build_selection(args, self.config)
            self.problem = None
        except SchemalintError as exc:
            log.warning("configuration not used: %s", exc)
            self.problem = str(exc)
            self.config = Config()
            self.selection = build_selection(args, self.config)
        if not self.config.path:
            self.selection.settings["config_dir"] = self.root
        return True

    # files ---------------------------------------------------------------------------------------------
    def reads(self, path: str) -> bool:
        """Whether `check` run over this folder would read `path` (its include and exclude patterns)."""
        name = os.path.basename(path)
        include = self.config.include or DEFAULT_INCLUDE
        if not any(fnmatch.fnmatch(name, p) for p in include):
            return False
        rel = os.path.relpath(path, self.root)
        parts = rel.split(os.sep)
        for pattern in DEFAULT_EXCLUDE + list(self.config.exclude):
            if any(fnmatch.fnmatch(p, pattern) for p in parts) or fnmatch.fnmatch(rel, pattern):
                return False
        return True

    def _disk_fragment(self, path: str) -> Catalog:
        stamp = _stamp(path)
        cached = self._fragments.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        fragment = Catalog()
        try:
            load_file(path, fragment, self.config.input_format)
        except InputError as exc:
            fragment.unreadable.append(exc)
        self._fragments[path] = (stamp, fragment)
        return fragment

    def workspace_catalog(self, buffers: dict[str, Catalog]) -> Catalog:
        """Every catalog file of the folder, the open buffers (path -> Catalog) in place of their files."""
        paths = []
        if self.scan:
            try:
                paths = iter_files([self.root], self.config.include or None, self.config.exclude)
            except InputError as exc:
                log.warning("cannot read the workspace folder: %s", exc)
        paths = [os.path.abspath(p) for p in paths]
        known = set(paths)
        parts = [buffers[p] if p in buffers else self._disk_fragment(p) for p in paths]
        parts.extend(c for p, c in buffers.items() if p not in known)
        for gone in set(self._fragments) - known:
            del self._fragments[gone]
        return merge(parts)

    # linting -------------------------------------------------------------------------------------------
    def lint_buffer(self, path: str, text: str, others: dict[str, str] | None = None) -> Linted:
        """The findings on the buffer `path` holding `text`; `others` are the other open buffers of the folder."""
        with paused_gc():  # as in `check`: a collection would walk every loaded document again
            return self._lint_buffer(path, text, others)

    def _lint_buffer(self, path: str, text: str, others: dict[str, str] | None) -> Linted:
        self.refresh_config()
        path = os.path.abspath(path)
        if not self.reads(path):
            return Linted(path, text, None)
        own, findings = self._buffer(path, text)
        kind = own.documents[0].kind if own.documents else ("python" if path.endswith(".py") else None)
        if not own.tools and not own.unreadable:
            return Linted(path, text, None)  # not a tool catalog: nothing to say, as `check` skips it
        self.selection.settings["provider_issues"] = {}  # per run: keyed by the tools of that run
        local, cross = self._split_selection()
        if findings is None:
            findings = self._lint_own(path, text, own, local)
            self._buffers[path] = (text, own, findings)
        findings = list(findings)
        if cross.select:
            buffers = {p: self._buffer(p, t)[0] for p, t in (others or {}).items()}
            buffers[path] = own
            shown = display_path(path)
            findings += [f for f in lint(self.workspace_catalog(buffers), cross) if f.file == shown]
            findings.sort(key=lambda f: (f.line, f.column, f.rule))
        return Linted(path, text, kind, findings, own.tools)

    def _lint_own(self, path: str, text: str, own: Catalog, local: Selection) -> list[Finding]:
        """The per-tool rules' findings on a buffer. A JSON or YAML buffer is linted again only in the tools that
        changed since its last version (engine/relint.py: an edit touches one tool of a 3,526-tool catalog)."""
        if own.unreadable or len(own.documents) != 1 or own.documents[0].kind not in ("json", "yaml"):
            return lint(own, local)
        relinter = self._relinters.get(path)
        if relinter is None:
            relinter = self._relinters[path] = Relinter(local, path)
        return relinter.lint(text, own)[1]

    def _buffer(self, path: str, text: str) -> tuple[Catalog, list | None]:
        """The catalog of an open buffer's text, and its per-tool findings when they are known."""
        cached = self._buffers.get(path)
        if cached is not None and cached[0] == text:
            return cached[1], cached[2]
        catalog = buffer_catalog(path, text)
        self._buffers[path] = (text, catalog, None)
        return catalog, None

    def forget(self, path: str) -> None:
        """A buffer was closed: its file on disk counts again."""
        self._buffers.pop(os.path.abspath(path), None)
        self._relinters.pop(os.path.abspath(path), None)

    def _split_selection(self) -> tuple[Selection, Selection]:
        """The configured selection cut in two: the per-tool rules, and the enabled cross-tool rules alone."""
        selection = self.selection
        cross_ids = sorted(r.id for r in enabled_rules(selection)
                           if hasattr(type(r), "check_catalog") and r.id not in ALWAYS_LOCAL)
        local = replace(selection, ignore=list(selection.ignore) + cross_ids)
        cross = replace(selection, select=cross_ids, ignore=list(selection.ignore) + sorted(ALWAYS_LOCAL))
        return local, cross


def _stamp(path: str | None):
    try:
        st = os.stat(path)
    except (OSError, TypeError):
        return None
    return (st.st_mtime_ns, st.st_size)
