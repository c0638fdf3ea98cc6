"""Paths to tools: walk folders, parse each file, recognize its tools."""
from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from dataclasses import dataclass, field

from ..files import TEMP_PATTERN, inside
from ..model import Tool
from ..sources import Document, InputError, read_document
from ..sources.collector import paused_gc
from ..sources.document import read_bytes
from .formats import FORMATS, find_tools

DEFAULT_INCLUDE = ["*.json", "*.jsonl", "*.yaml", "*.yml", "*.py"]
DEFAULT_EXCLUDE = [".git", ".hg", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
                   ".pytest_cache", "dist", "build", "*.egg-info", TEMP_PATTERN]
INPUT_FORMATS = FORMATS + ("python",)


@dataclass
class Catalog:
    tools: list[Tool] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # per-line suppressions for Python sources: (file, line) -> rule ids
    line_ignores: dict = field(default_factory=dict)
    # files that could not be read or parsed (InputError each): reported as `parse-error` findings, so one bad
    # file does not stop the others from being linted
    unreadable: list = field(default_factory=list)
    # live MCP servers' tools/list results saved with --save-tools: document path (`mcp:<name>`) -> file written
    captures: dict = field(default_factory=dict)

    def raise_unreadable(self) -> None:
        """For commands that need every file (lock): the first file that could not be read is the error."""
        if self.unreadable:
            raise self.unreadable[0]


def iter_files(paths: list[str], include=None, exclude=None, skipped: list[str] | None = None,
               gitignore: bool = True) -> list[str]:
    """The files to read under `paths`. A symbolic link met in a folder that points outside that folder is
    left out (and named in `skipped`): a checked-out pull request must not make a run read, or `fix --write`
    replace, a file elsewhere on the machine. So is anything but a regular file (a named pipe would block the
    run). A path named on the command line is taken as given; below a folder, what git ignores is left out
    (unless `gitignore` is false, or the folder named is itself ignored: then it was asked for)."""
    include = include or DEFAULT_INCLUDE
    exclude = DEFAULT_EXCLUDE + list(exclude or [])
    out: list[str] = []
    for path in paths:
        if not _utf8_name(path):
            if skipped is not None:
                skipped.append(f"skipped {shown_name(path)}: its name is not UTF-8 (rename it to lint it)")
            continue
        if path == "-" or os.path.isfile(path):
            out.append(path)
            continue
        if not os.path.isdir(path):
            raise InputError(path, _missing_or_special(path))
        top = os.path.realpath(path)
        ignore = _git_ignored(top) if gitignore else None
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _excluded(os.path.join(root, d), d, exclude)
                             and not (ignore and ignore.ignored(os.path.join(root, d), True)))
            for name in sorted(files):
                full = os.path.join(root, name)
                if _excluded(full, name, exclude) or (ignore and ignore.ignored(full, False)):
                    continue
                if not _utf8_name(full):  # reports, SARIF and JSON cannot carry it; a run must not die of it
                    if skipped is not None and any(fnmatch.fnmatch(name, pat) for pat in include):
                        skipped.append(f"skipped {shown_name(full)}: its name is not UTF-8 (rename it to lint it)")
                    continue
                if any(fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(full, pat) for pat in include):
                    why = _not_read(full, top, path)
                    if why:
                        if skipped is not None:
                            skipped.append(f"skipped {full}: {why}")
                        continue
                    out.append(full)
    return out


def _git_ignored(top: str):
    """What git ignores below the real folder `top`, or None: outside a repository, or when `top` is ignored
    itself (named on the command line, so wanted)."""
    from .ignore import GitIgnored

    ignore = GitIgnored(top)
    if not ignore.active or (top != ignore.root and ignore.ignored(top, True)):
        return None
    return ignore


def _utf8_name(path: str) -> bool:
    """Whether a path holds no bytes that are not UTF-8 (Python keeps those as lone surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(path: str) -> str:
    """A path that may hold bytes that are not UTF-8, printable: those bytes as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_SPECIAL_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                  (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


def _missing_or_special(path: str) -> str:
    """Why a path named on the command line is neither a file nor a folder to read."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file or folder" if not os.path.islink(path) else "a broken symbolic link"
    except OSError as exc:
        return exc.strerror or "cannot be read"
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    return f"{kind}, not a file or folder of tool definitions (use - to read standard input)"


def _not_read(full: str, top: str, folder: str) -> str | None:
    """Why a file met while walking `folder` (real path `top`) is left out, or None."""
    if os.path.islink(full) and not inside(top, full):
        return f"a symbolic link to a file outside {folder}"
    try:
        mode = os.stat(full).st_mode
    except OSError:
        return None  # a broken link: reading it says why
    return None if stat.S_ISREG(mode) else "not a regular file"


def _excluded(full: str, name: str, patterns) -> bool:
    rel = os.path.normpath(full)
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, "*/" + p) for p in patterns)


def load_paths(paths: list[str], include=None, exclude=None, input_format: str | None = None,
               stdin_name: str = "-", gitignore: bool = True) -> Catalog:
    catalog = Catalog()
    # the command line runs without the cyclic collector (cli.collect_no_cycles); for a caller that keeps it, a
    # collection while files are read would walk every document loaded before (2 of the 3.4 s of loading
    # 100,000 tools): it runs once, after
    with paused_gc():
        for path in iter_files(paths, include, exclude, catalog.notes, gitignore):
            unsupported = _unsupported_extension(path) if input_format is None else None
            if unsupported:
                catalog.notes.append(f"skipped {path}: a {unsupported} file; schemalint reads JSON, JSONL, YAML "
                                     f"and Python ({', '.join(SUPPORTED_EXTENSIONS)})")
                continue
            try:
                load_file(path, catalog, input_format)
            except InputError as exc:
                catalog.unreadable.append(exc)
    return catalog


def load_file(path: str, catalog: Catalog, input_format: str | None = None) -> None:
    if input_format == "python" or (input_format is None and path.endswith(".py")):
        from .python_source import load_python  # loaded only when Python sources are linted

        load_python(path, catalog)
        return
    if _is_openapi_text(path):
        catalog.notes.append(f"skipped {path}: an OpenAPI document, not a tool catalog (pass it with --contract)")
        return
    doc = read_document(path)
    found = tools_of(doc, input_format)
    catalog.documents.append(doc)
    catalog.notes.extend(found.notes)
    if found.tools:
        catalog.tools.extend(found.tools)
    elif not found.notes:
        catalog.notes.append(f"skipped {path}: not a tool catalog (no OpenAI, Anthropic, MCP, Gemini or BFCL tool found)")


SUPPORTED_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".py")


def _unsupported_extension(path: str) -> str | None:
    """The extension of a file schemalint does not read (`.toml`, `.md`), or None. A file without one (stdin, a
    name like `tools`) is read by its first character."""
    ext = os.path.splitext(path)[1].lower()
    return ext if ext and path != "-" and ext not in SUPPORTED_EXTENSIONS else None


def tools_of(doc, input_format: str | None = None):
    """The tools of a parsed document (`Found`): every single-file format, else a layout that needs a second
    file beside it."""
    found = find_tools(doc, forced=input_format)
    if not found.tools and not found.notes and input_format is None:
        _read_other_layouts(doc, found)
    return found


def _read_other_layouts(doc, found) -> None:
    """Layouts that need a second file: PostHog's tool-definitions.json and the tool-inputs.json beside it."""
    from . import posthog

    if posthog.is_metadata_map(doc):
        schemas, notes = posthog.read_inputs_beside(doc.path)
        tools, more = posthog.metadata_tools(doc, schemas)
        found.tools.extend(tools)
        found.notes.extend(notes + more)
    elif os.path.basename(doc.path) == posthog.INPUTS_NAME and \
            os.path.isfile(os.path.join(os.path.dirname(doc.path), posthog.DEFINITIONS_NAME)):
        found.notes.append(f"{doc.path}: input schemas, read with the {posthog.DEFINITIONS_NAME} beside it")


def _is_openapi_text(path: str) -> bool:
    """Spot an OpenAPI document by its text, so a 4 MB spec is not parsed for nothing: an `openapi:` line among
    its first lines, or (a spec whose keys are sorted, as Stripe's: `openapi` comes after `components`) the two
    top-level keys `openapi` (or `swagger`) and `paths` written at the start of a line anywhere, which is when
    `find_tools` would skip the parsed mapping as an OpenAPI document."""
    if path == "-" or not path.endswith((".yaml", ".yml")):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "ignore")
    except OSError:
        return False
    if any(line.startswith(("openapi:", "swagger:", '"openapi":', "'openapi':")) for line in head.splitlines()):
        return True
    try:
        raw = read_bytes(path)
    except InputError:
        return False  # reading it again says why
    return _top_level_key(("openapi", "swagger"), _VERSION).search(raw) is not None \
        and _top_level_key(("paths",), _OPENS_MAPPING).search(raw) is not None


# what follows the keys on their line in a spec: a version number (`openapi: 3.1.0`, `swagger: "2.0"`), and nothing
# (the paths on the next lines) or an empty mapping: a line of a multi-line string or of a flow mapping that starts
# with `openapi:` does not look like that
_VERSION = r"""(?P<q>["']?)\d+(?:\.\d+)+(?P=q)"""
_OPENS_MAPPING = r"(?:\{\})?"


@functools.cache  # compiled at the first YAML file, not at import
def _top_level_key(names: tuple, value: str) -> re.Pattern:
    """A mapping key at the start of a line (plain or quoted), its colon and `value`, then the end of the line (or a
    comment)."""
    keys = "|".join(quote + name + quote for name in names for quote in ("", '"', "'"))
    return re.compile(rf"^(?:{keys})[ \t]*:[ \t]*{value}[ \t]*(?:#[^\n]*)?\r?$".encode(), re.M)
