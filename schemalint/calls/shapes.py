"""Argument values redacted to shapes: `cus_[0-9]{6}`, `<integer>`, `<string, 120 chars>`.

A value is shown as it is only when the tool schema lists it (an enum member or a const): that is the schema's
text, not the user's data. `--show-values` turns redaction off.
"""
from __future__ import annotations

import re

from .events import UNPARSED, UNRECORDED

MAX_STRING = 64
MAX_KEYS = 20
MAX_DEPTH = 6
_PREFIX = re.compile(r"^([A-Za-z]{1,4}[_-])(?=.)")


def shape(value, node=None, depth: int = 0):
    if value is UNPARSED:
        return "<arguments that are not JSON>"
    if value is UNRECORDED:
        return "<arguments not recorded>"
    if isinstance(node, dict) and _listed(value, node):
        return value
    if value is None:
        return None
    if isinstance(value, bool):
        return "<boolean>"
    if isinstance(value, int):
        return "<integer>"
    if isinstance(value, float):
        return "<number>"
    if isinstance(value, str):
        return mask(value)
    if depth >= MAX_DEPTH:
        return "<...>"
    if isinstance(value, list):
        items = node.get("items") if isinstance(node, dict) else None
        if not value:
            return []
        head = shape(value[0], items, depth + 1)
        return [head] if len(value) == 1 else [head, f"<{len(value) - 1} more>"]
    if isinstance(value, dict):
        props = node.get("properties") if isinstance(node, dict) else None
        out = {}
        for i, (key, inner) in enumerate(value.items()):
            if i == MAX_KEYS:
                out["<more>"] = f"<{len(value) - MAX_KEYS} more keys>"
                break
            shown = key if isinstance(props, dict) and key in props else mask(str(key))
            out[shown] = shape(inner, props.get(key) if isinstance(props, dict) else None, depth + 1)
        return out
    return f"<{type(value).__name__}>"


def _listed(value, node: dict) -> bool:
    if isinstance(value, (dict, list)):
        return False
    if "const" in node and node["const"] == value and type(node["const"]) is type(value):
        return True
    enum = node.get("enum")
    return isinstance(enum, list) and any(v == value and type(v) is type(value) for v in enum)


def mask(text: str) -> str:
    """A string as the classes of its characters: `cus_4Xa91` -> `cus_[0-9][A-Z][a-z][0-9]{2}`."""
    if len(text) > MAX_STRING:
        return f"<string, {len(text)} chars>"
    out = []
    hit = _PREFIX.match(text)
    if hit:
        out.append(hit.group(1))
        text = text[hit.end():]
    run_class, run = None, 0
    for ch in text:
        cls = _class(ch)
        if cls == run_class and len(cls) > 1:
            run += 1
            continue
        _flush(out, run_class, run)
        run_class, run = cls, 1
    _flush(out, run_class, run)
    return "".join(out)


def _class(ch: str) -> str:
    if ch.isdigit():
        return "[0-9]"
    if "a" <= ch <= "z":
        return "[a-z]"
    if "A" <= ch <= "Z":
        return "[A-Z]"
    if ch.isalpha():
        return "\\p{L}"
    if ch.isspace():
        return " "
    if ch.isascii() and ch.isprintable():
        return ch
    return "."


def _flush(out: list, cls, run: int) -> None:
    if cls is None:
        return
    out.append(cls if run == 1 else f"{cls}{{{run}}}")


def redact_text(text: str, arguments) -> str:
    """An error text with the call's own string values replaced by their masks (the rest is the backend's words)."""
    values = sorted({v for v in _strings(arguments) if len(v) >= 3}, key=len, reverse=True)
    for value in values[:50]:
        if value in text:
            text = text.replace(value, mask(value))
    return re.sub(r"\d{5,}", lambda m: f"[0-9]{{{len(m.group())}}}", text)


def _strings(value, depth: int = 0):
    if depth > MAX_DEPTH:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, depth + 1)
    elif isinstance(value, list):
        for inner in value[:50]:
            yield from _strings(inner, depth + 1)
