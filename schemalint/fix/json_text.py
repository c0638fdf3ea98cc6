"""Edit JSON text in place: only the bytes of the edited node change.

Every operation re-scans the text it is given, so edits can be applied one after
another without tracking shifted offsets.
"""
from __future__ import annotations

import json
import re

from ..sources.json_locator import _WS, _scan_string, _scan_value
from ..sources.pointer import split


class EditError(Exception):
    pass


def _members(text: str, pos: int):
    """The members of the container at pos: [(key, key_start, value_start, value_end)] or [(None, ...)]."""
    out = []
    opener = text[pos]
    close = "}" if opener == "{" else "]"
    i = _WS.match(text, pos + 1).end()
    if text[i] == close:
        return out, i
    while True:
        if opener == "{":
            key_start = i
            key, i = _scan_string(text, i + 1)
            i = _WS.match(text, i).end() + 1
            i = _WS.match(text, i).end()
        else:
            key, key_start = None, i
        value_start = i
        _, i = _scan_value(text, i)
        out.append((key, key_start, value_start, i))
        i = _WS.match(text, i).end()
        if text[i] == close:
            return out, i
        i = _WS.match(text, i + 1).end()


def _find(text: str, pointer: str):
    """(container_pos, member_index, members, close_pos) of the node at pointer; root has container_pos None."""
    pos = _WS.match(text, 0).end()
    parent = None
    for token in split(pointer):
        if text[pos] not in "{[":
            raise EditError(f"no node at {pointer}")
        members, close = _members(text, pos)
        if text[pos] == "[":
            if not token.isdigit() or int(token) >= len(members):
                raise EditError(f"no node at {pointer}")
            index = int(token)
        else:
            index = next((n for n, m in enumerate(members) if m[0] == token), None)
            if index is None:
                raise EditError(f"no node at {pointer}")
        parent = (pos, index, members, close)
        pos = members[index][2]
    return pos, parent


def _indent_unit(text: str) -> str:
    match = re.search(r"\n([ \t]+)\S", text)
    return match.group(1) if match else "  "


def _line_indent(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    return re.match(r"[ \t]*", text[start:]).group(0)


def _dump(value, text: str, at: int) -> str:
    """Serialize like the surrounding document: compact on one line, or indented to the line's depth."""
    if not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    one_line = "\n" not in text[at: at + 200] and text.count("\n") < 2
    if one_line:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    unit = _indent_unit(text)
    nested = json.dumps(value, ensure_ascii=False, indent=len(unit) if unit.strip(" ") == "" else unit)
    base = _line_indent(text, at)
    return nested.replace("\n", "\n" + base)


def set_value(text: str, pointer: str, value) -> str:
    tokens = split(pointer)
    try:
        pos, _ = _find(text, pointer)
    except EditError:
        if not tokens:
            raise
        return _insert_member(text, pointer, tokens[-1], value)
    _, end = _scan_value(text, pos)
    return text[:pos] + _dump(value, text, pos) + text[end:]


def _insert_member(text: str, pointer: str, key: str, value) -> str:
    parent_pointer = pointer[: pointer.rfind("/")]
    pos, _ = _find(text, parent_pointer)
    if text[pos] != "{":
        raise EditError(f"cannot add '{key}' to a non-object at {parent_pointer or '/'}")
    members, close = _members(text, pos)
    encoded_key = json.dumps(key, ensure_ascii=False)
    if not members:
        return text[:pos + 1] + f"{encoded_key}: {_dump(value, text, pos)}" + text[close:]
    last = members[-1]
    # copy the separator used between the previous two members (newline + indent, or a space)
    if len(members) >= 2:
        gap_start = members[-2][3]
        sep = text[gap_start: members[-1][1]]
    else:
        between = text[pos + 1: last[1]]
        sep = "," + between if "\n" in between else ", "
    colon = text[last[1]: last[2]]
    colon = colon[colon.index(":"):] if ":" in colon else ": "
    member = f"{encoded_key}{colon}{_dump(value, text, last[1])}"
    return text[:last[3]] + sep + member + text[last[3]:]


def remove(text: str, pointer: str) -> str:
    pos, parent = _find(text, pointer)
    if parent is None:
        raise EditError("cannot remove the document root")
    _, index, members, close = parent
    start = members[index][1]
    end = members[index][3]
    if len(members) == 1:
        container = parent[0]
        return text[: container + 1] + text[close:]
    if index < len(members) - 1:
        end = members[index + 1][1]  # take the comma and the whitespace that follow
    else:
        start = members[index - 1][3]  # last member: take the comma before it
    return text[:start] + text[end:]


def reorder(text: str, pointer: str, order: list) -> str:
    """Reorder the members of the object at pointer; each member keeps its own text."""
    pos, _ = _find(text, pointer)
    if text[pos] != "{":
        raise EditError(f"cannot reorder a non-object at {pointer or '/'}")
    members, _ = _members(text, pos)
    by_key = {m[0]: text[m[1]: m[3]] for m in members}
    keys = [m[0] for m in members]
    new_keys = [k for k in order if k in by_key] + [k for k in keys if k not in order]
    if new_keys == keys:
        return text
    out = []
    cursor = members[0][1]
    prefix = text[:cursor]
    for n, member in enumerate(members):
        out.append(by_key[new_keys[n]])
        if n + 1 < len(members):
            out.append(text[member[3]: members[n + 1][1]])
    return prefix + "".join(out) + text[members[-1][3]:]
