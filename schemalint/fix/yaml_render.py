"""Write JSON-like values as YAML text that fits where it goes: a scalar in the style of the one it replaces,
a flow collection on one line, or block lines at the file's own indentation."""
from __future__ import annotations

import re

import yaml

from .yaml_tree import Layout

_HUGE = 1 << 30


def _dump(value, **options) -> str:
    return yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False,
                     width=options.pop("width", _HUGE), **options)


def _strip(text: str) -> str:
    if text.endswith("\n...\n"):
        text = text[:-5]
    return text.rstrip("\n")


def scalar(value, style: str | None = None, flow: bool = False) -> str:
    """One line of YAML for a scalar; a string keeps the quoting `style` ("'" or '"') when it can."""
    if isinstance(value, str) and style in ("'", '"'):
        text = _strip(_dump(value, default_style=style))
    elif flow:
        text = _strip(_dump([value], default_flow_style=True))[1:-1]
    else:
        text = _strip(_dump(value))
    if "\n" in text:  # a quoted string PyYAML folds over lines: double quotes escape the line breaks instead
        text = _strip(_dump(value, default_style='"'))
    return text


def key(name: str, flow: bool = False) -> str:
    return scalar(name, flow=flow)


def flow(value) -> str:
    """A whole value on one line: `{type: integer}`, `[a, b]`, or a scalar."""
    if isinstance(value, (dict, list)):
        return _strip(_dump(value, default_flow_style=True))
    return scalar(value, flow=True)


def block_scalar(value: str, style: str, parent_indent: int, unit: int, width: int) -> str | None:
    """`|`/`>` and the content lines (no final newline) for a string under a key at `parent_indent`."""
    if style not in ("|", ">") or unit < 1 or unit > 9:
        return None
    options = {"width": max(20, width - parent_indent - unit)} if style == ">" else {}  # PyYAML indents by 2
    text = _dump(value, default_style=style, **options)
    header, _, body = text.partition("\n")
    match = re.fullmatch(r"([|>])(\d?)([+-]?)", header)
    if match is None:  # PyYAML chose quotes: the text does not fit a block scalar
        return None
    digit = str(unit) if match.group(2) else ""
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    pad = " " * (parent_indent + unit)
    content = [pad + line[2:] if line.strip() else "" for line in lines]
    return "\n".join([match.group(1) + digit + match.group(3)] + content)


def prefers_flow(value, layout: Layout) -> bool:
    if not value or not isinstance(value, (dict, list)):
        return True
    children = value.values() if isinstance(value, dict) else value
    if any(isinstance(c, (dict, list)) and c for c in children):
        return False
    return layout.flow_maps if isinstance(value, dict) else layout.flow_lists


def block(value, indent: int, layout: Layout) -> list[str]:
    """Lines (each with its indentation) for a non-empty dict or list written in block style."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for name, child in value.items():
            head = f"{pad}{key(str(name))}:"
            lines.extend(_entry(head, child, indent, layout, layout.map_indent, layout.seq_indent))
        return lines
    for item in value:
        if isinstance(item, (dict, list)) and item and not prefers_flow(item, layout):
            inner = block(item, indent + layout.dash_gap, layout)
            lines.append(f"{pad}-{' ' * (layout.dash_gap - 1)}{inner[0].lstrip()}")
            lines.extend(inner[1:])
        else:  # _entry puts one space after the head
            gap = layout.scalar_gap if not isinstance(item, (dict, list)) else layout.dash_gap
            head = f"{pad}-{' ' * (gap - 2)}"
            lines.extend(_entry(head, item, indent, layout, gap, gap, dash=True))
    return lines


def _entry(head: str, value, indent: int, layout: Layout, map_step: int, seq_step: int, dash=False) -> list[str]:
    if isinstance(value, (dict, list)) and value:
        text = flow(value)
        if prefers_flow(value, layout) and len(head) + 1 + len(text) <= layout.width:
            return [f"{head} {text}"]
        step = map_step if isinstance(value, dict) else seq_step
        return [head] + block(value, indent + step, layout)
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        text = block_scalar(value, "|", indent, map_step if not dash else layout.dash_gap, layout.width)
        if text is not None:
            return (head + " " + text).split("\n")
    text = flow(value) if isinstance(value, (dict, list)) else scalar(value)
    return [f"{head} {text}"]
