"""Edit JSON text in place: only the bytes of the edited node change.

`JsonEditor` plans every edit of a pass against the text it was given: each edit
becomes a splice (start, end, replacement) of that text, found through container
listings memoized per editor, so a file with thousands of fixes is scanned once,
not once per edit. Splices that would overlap are refused (the fix waits for the
next pass); the others are applied together by `text()`.
"""
from __future__ import annotations

import bisect
import json
import re

from ..errors import SchemalintError
from ..sources.json_locator import _WS, _scan_string, _scan_value
from ..sources.pointer import split


class EditError(SchemalintError):
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


_INDENT = re.compile(r"\n([ \t]+)\S")


def _line_indent(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


_LONE_LF = re.compile(r"(?<!\r)\n")


def all_crlf(text: str) -> bool:
    """Whether every line of `text` ends in CRLF: edits written with "\n" must then end theirs so too."""
    return "\r\n" in text and text.count("\n") == text.count("\r\n")


class JsonEditor:
    """Plan edits against one JSON text and apply them together."""

    def __init__(self, text: str):
        self.original = text
        self._containers: dict[int, tuple] = {}
        self._splices: list[tuple[int, int, str, int]] = []  # (start, end, replacement, order), by start
        self._starts: list[int] = []
        self._unit: str | None = None

    # --- reading the original text ------------------------------------------------------------------

    def _container(self, pos: int):
        hit = self._containers.get(pos)
        if hit is None:
            try:
                hit = self._containers[pos] = _members(self.original, pos)
            except (ValueError, IndexError, StopIteration) as exc:
                raise EditError(f"cannot read the JSON at offset {pos}: {exc}") from None
        return hit

    def _find(self, pointer: str):
        """(value_pos, parent) of the node at pointer; parent is (container_pos, index, members, close)."""
        text = self.original
        pos = _WS.match(text, 0).end()
        parent = None
        for token in split(pointer):
            if pos >= len(text) or text[pos] not in "{[":
                raise EditError(f"no node at {pointer}")
            members, close = self._container(pos)
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

    def _indent_unit(self) -> str:
        if self._unit is None:
            match = _INDENT.search(self.original)
            self._unit = match.group(1) if match else "  "
        return self._unit

    def _dump(self, value, at: int, inline: bool) -> str:
        """Serialize like the surrounding text: on one line inside a one-line container, else indented."""
        if not isinstance(value, (dict, list)) or not value:
            return json.dumps(value, ensure_ascii=False)
        if inline:
            return json.dumps(value, ensure_ascii=False, separators=self._separators(at))
        unit = self._indent_unit()
        nested = json.dumps(value, ensure_ascii=False, indent=len(unit) if unit.strip(" ") == "" else unit)
        return nested.replace("\n", "\n" + _line_indent(self.original, at))

    def _separators(self, at: int) -> tuple[str, str]:
        near = self.original[max(0, at - 200): at + 200]
        if ":" in near and ": " not in near and ", " not in near:
            return ",", ":"  # minified
        return ", ", ": "

    def _one_line(self, start: int, end: int) -> bool:
        return "\n" not in self.original[start:end]

    # --- planning ---------------------------------------------------------------------------------

    def plan(self, op: str, pointer: str, value=None) -> list[tuple[int, int, str]]:
        """The splices of one edit, against the original text."""
        if op == "set":
            return self._plan_set(pointer, value)
        if op == "remove":
            return self._plan_remove(pointer)
        if op == "reorder":
            return self._plan_reorder(pointer, value)
        raise EditError(f"unknown edit {op}")

    def _plan_set(self, pointer: str, value):
        try:
            pos, parent = self._find(pointer)
        except EditError:
            tokens = split(pointer)
            if not tokens:
                raise
            return self._plan_insert(pointer, tokens[-1], value)
        _, end = _scan_value(self.original, pos)
        inline = self._one_line(pos, end) if parent is None else \
            self._one_line(pos, end) and (self._one_line(parent[0], parent[3]) or not isinstance(value, dict))
        return [(pos, end, self._dump(value, pos, inline))]

    def _plan_insert(self, pointer: str, key: str, value):
        parent_pointer = pointer[: pointer.rfind("/")]
        pos, _ = self._find(parent_pointer)
        text = self.original
        if text[pos] != "{":
            raise EditError(f"cannot add '{key}' to a non-object at {parent_pointer or '/'}")
        members, close = self._container(pos)
        encoded_key = json.dumps(key, ensure_ascii=False)
        inline = self._one_line(pos, close)
        if not members:
            return [(pos + 1, close, f"{encoded_key}: {self._dump(value, pos, True)}")]
        last = members[-1]
        # copy the separator used between the previous two members (newline + indent, or a space)
        if len(members) >= 2:
            sep = text[members[-2][3]: members[-1][1]]
        else:
            between = text[pos + 1: last[1]]
            sep = "," + between if "\n" in between else self._separators(pos)[0]
        colon = text[last[1]: last[2]]
        colon = colon[colon.index(":"):] if ":" in colon else ": "
        member = f"{encoded_key}{colon}{self._dump(value, last[1], inline)}"
        return [(last[3], last[3], sep + member)]

    def _plan_remove(self, pointer: str):
        _, parent = self._find(pointer)
        if parent is None:
            raise EditError("cannot remove the document root")
        container, index, members, close = parent
        start = members[index][1]
        end = members[index][3]
        if len(members) == 1:
            return [(container + 1, close, "")]
        if index < len(members) - 1:
            end = members[index + 1][1]  # take the comma and the whitespace that follow
        else:
            start = members[index - 1][3]  # last member: take the comma before it
        return [(start, end, "")]

    def _plan_reorder(self, pointer: str, order: list):
        """Reorder the members of the object at pointer; each member keeps its own text."""
        pos, _ = self._find(pointer)
        text = self.original
        if text[pos] != "{":
            raise EditError(f"cannot reorder a non-object at {pointer or '/'}")
        members, _ = self._container(pos)
        by_key = {m[0]: text[m[1]: m[3]] for m in members}
        keys = [m[0] for m in members]
        if len(by_key) != len(keys):  # a key written twice: which one a parser keeps differs, so leave it
            error = EditError(f"cannot reorder an object with a duplicate key at {pointer or '/'}")
            error.tell = True  # `fix` names the skipped fix and this reason
            raise error
        new_keys = [k for k in order if k in by_key] + [k for k in keys if k not in order]
        if new_keys == keys:
            return []
        out = []
        for n, member in enumerate(members):
            out.append(by_key[new_keys[n]])
            if n + 1 < len(members):
                out.append(text[member[3]: members[n + 1][1]])
        return [(members[0][1], members[-1][3], "".join(out))]

    # --- accepting and applying -------------------------------------------------------------------

    def try_apply(self, edits) -> bool:
        """Plan all `(op, pointer, value)` edits of one fix; keep them only if none overlaps another splice."""
        planned = []
        for op, pointer, value in edits:
            planned.extend(self.plan(op, pointer, value))
        if any(_clash(a, b) for i, a in enumerate(planned) for b in planned[i + 1:]):
            return False
        if any(self._clashes(splice) for splice in planned):
            return False
        for start, end, replacement in planned:
            order = len(self._splices)
            index = bisect.bisect_right(self._starts, start)
            self._starts.insert(index, start)
            self._splices.insert(index, (start, end, replacement, order))
        return True

    def _clashes(self, splice) -> bool:
        return clashes(splice, self._starts, self._splices, _clash)

    def text(self) -> str:
        if not self._splices:
            return self.original
        out = []
        cursor = 0
        # new text is planned with "\n": in a file whose every line ends in CRLF, so must the new lines
        text = self.original
        crlf = all_crlf(text)
        for start, end, replacement, _ in sorted(self._splices, key=lambda s: (s[0], s[1], s[3])):
            out.append(text[cursor:start])
            out.append(_LONE_LF.sub("\r\n", replacement) if crlf else replacement)
            cursor = end
        out.append(self.original[cursor:])
        return "".join(out)


def clashes(splice, starts: list[int], splices: list, clash) -> bool:
    """Whether `splice` (start, end, ...) clashes, by `clash`, with one of `splices`, accepted ones that never
    overlap, sorted by their `starts`: only the neighbours can clash."""
    start, end = splice[0], splice[1]
    j = bisect.bisect_left(starts, start)
    if j:  # the splices that start just before this one (several when some are zero-width)
        j = bisect.bisect_left(starts, starts[j - 1])
    while j < len(splices) and starts[j] <= end:
        if clash(splice, splices[j]):
            return True
        j += 1
    return False


def _clash(a, b) -> bool:
    """Two splices clash when their ranges overlap, or one inserts strictly inside the other's range."""
    (s1, e1), (s2, e2) = a[:2], b[:2]
    if s1 == e1 and s2 == e2:
        return False
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def _one(text: str, op: str, pointer: str, value=None) -> str:
    editor = JsonEditor(text)
    if not editor.try_apply([(op, pointer, value)]):
        raise EditError(f"edit at {pointer} overlaps itself")
    return editor.text()


def set_value(text: str, pointer: str, value) -> str:
    return _one(text, "set", pointer, value)


def remove(text: str, pointer: str) -> str:
    return _one(text, "remove", pointer)


def reorder(text: str, pointer: str, order: list) -> str:
    return _one(text, "reorder", pointer, order)
