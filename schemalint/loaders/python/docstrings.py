"""Docstrings in Google, NumPy and reST (Sphinx) style: summary and parameter descriptions.

Line numbers are kept (as offsets from the docstring's first line) so that a finding about
a parameter description can point at the docstring line that holds it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_GOOGLE_PARAM_HEADERS = {"args", "arguments", "parameters", "params", "keyword args", "keyword arguments",
                         "other parameters", "kwargs"}
_GOOGLE_OTHER_HEADERS = {"returns", "return", "raises", "raise", "yields", "yield", "examples", "example",
                         "notes", "note", "attributes", "see also", "warning", "warnings", "warns", "todo",
                         "references", "methods", "receives", "tip", "hint", "important", "caution", "danger",
                         "attention", "error"}
_NUMPY_HEADERS = {"parameters", "other parameters", "returns", "yields", "receives", "raises", "warns",
                  "warnings", "see also", "notes", "references", "examples", "attributes", "methods"}
_GOOGLE_HEADER = re.compile(r"^([A-Za-z][A-Za-z ]*?)\s*:\s*$")
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:(?:\s+(.*))?$")
_NUMPY_RULE = re.compile(r"^\s*-{3,}\s*$")
_NUMPY_ENTRY = re.compile(r"^\*{0,2}([A-Za-z_]\w*)(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*\s*(?::\s*(.*))?$")
_REST_FIELD = re.compile(r"^:(\w+)(?:\s+([^:]*?))?\s*:(?:\s*(.*))?$")


@dataclass
class DocParam:
    name: str
    description: str
    line: int  # offset from the docstring's first line


@dataclass
class ParsedDoc:
    full: str  # the docstring cleaned like inspect.cleandoc
    summary: str | None  # the free text before the first section
    params: dict = field(default_factory=dict)  # name -> DocParam
    structured: bool = False  # a section (parameters, returns, raises, ...) was recognized
    style: str | None = None


def clean_lines(raw: str) -> list[tuple[int, str]]:
    """inspect.cleandoc, keeping each line's offset from the docstring's first line."""
    lines = raw.expandtabs().split("\n")
    indent = None
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            width = len(line) - len(stripped)
            indent = width if indent is None else min(indent, width)
    out = [(0, lines[0].lstrip())]
    for i, line in enumerate(lines[1:], start=1):
        out.append((i, line[indent or 0:] if indent else line))
    while out and not out[0][1].strip():
        out.pop(0)
    while out and not out[-1][1].strip():
        out.pop()
    return [(i, line.rstrip()) for i, line in out]


def cleandoc(raw: str) -> str:
    return "\n".join(line for _, line in clean_lines(raw))


def parse_docstring(raw: str | None, style: str | None = None) -> ParsedDoc | None:
    if not raw or not raw.strip():
        return None
    lines = clean_lines(raw)
    full = "\n".join(line for _, line in lines)
    styles = (style,) if style else _detect(lines)
    for candidate in styles:
        parsed = _PARSERS[candidate](lines)
        if parsed is not None:
            start, params = parsed
            summary = "\n".join(line for _, line in lines[:start]).strip() or None
            return ParsedDoc(full, summary, params, True, candidate)
    return ParsedDoc(full, full, {}, False, None)


def _detect(lines) -> tuple:
    text = "\n".join(line for _, line in lines)
    if re.search(r"^:(param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?)\b", text, re.M):
        return ("sphinx", "google", "numpy")
    if re.search(r"^\s*-{3,}\s*$", text, re.M):
        return ("numpy", "google", "sphinx")
    return ("google", "numpy", "sphinx")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _google(lines):
    first_section = None
    params: dict = {}
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        match = _GOOGLE_HEADER.match(line.strip())
        header = match.group(1).lower() if match else None
        is_section = header in _GOOGLE_PARAM_HEADERS or header in _GOOGLE_OTHER_HEADERS
        if not is_section or i + 1 >= len(lines) or _indent(lines[i + 1][1]) <= _indent(line):
            i += 1
            continue
        if first_section is None:
            first_section = i
        base = _indent(line)
        i += 1
        entry_indent = None
        current = None
        while i < len(lines) and (not lines[i][1].strip() or _indent(lines[i][1]) > base):
            off, body = lines[i]
            if not body.strip():
                i += 1
                continue
            width = _indent(body)
            if entry_indent is None:
                entry_indent = width
            if header in _GOOGLE_PARAM_HEADERS and width == entry_indent:
                m = _GOOGLE_ENTRY.match(body.strip())
                if m:
                    current = DocParam(m.group(1), (m.group(3) or "").strip(), off)
                    params[current.name] = current
                else:
                    current = None
            elif current is not None and width > entry_indent:
                current.description = (current.description + "\n" + body.strip()).strip()
            i += 1
    if first_section is None:
        return None
    return first_section, params


def _numpy(lines):
    first_section = None
    params: dict = {}
    i = 0
    while i + 1 < len(lines):
        header = lines[i][1].strip().lower()
        if header not in _NUMPY_HEADERS or not _NUMPY_RULE.match(lines[i + 1][1]):
            i += 1
            continue
        if first_section is None:
            first_section = i
        i += 2
        current = None
        while i < len(lines):
            off, body = lines[i]
            if i + 1 < len(lines) and _NUMPY_RULE.match(lines[i + 1][1]) and body.strip():
                break  # the next section's header
            if not body.strip():
                i += 1
                continue
            if _indent(body) == 0:
                m = _NUMPY_ENTRY.match(body.strip()) if header in ("parameters", "other parameters") else None
                if m:
                    names = [n.strip().lstrip("*") for n in body.split(":", 1)[0].split(",")]
                    current = DocParam(names[0], "", off)
                    for name in names:
                        params[name] = current if name == names[0] else DocParam(name, "", off)
                else:
                    current = None
            elif current is not None:
                current.description = (current.description + "\n" + body.strip()).strip()
            i += 1
    if first_section is None:
        return None
    return first_section, params


def _sphinx(lines):
    first_section = None
    params: dict = {}
    current = None
    for i, (off, line) in enumerate(lines):
        m = _REST_FIELD.match(line.strip()) if line.startswith(":") else None
        if m:
            if first_section is None:
                first_section = i
            kind, arg, text = m.group(1), (m.group(2) or "").strip(), (m.group(3) or "").strip()
            current = None
            if kind in ("param", "parameter", "arg", "argument", "key", "keyword") and arg:
                name = arg.split()[-1]
                current = DocParam(name, text, off)
                params[name] = current
        elif current is not None and line.strip() and _indent(line) > 0:
            current.description = (current.description + "\n" + line.strip()).strip()
        elif not line.strip():
            current = None
    if first_section is None:
        return None
    return first_section, params


_PARSERS = {"google": _google, "numpy": _numpy, "sphinx": _sphinx}
