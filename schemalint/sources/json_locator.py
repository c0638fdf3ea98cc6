"""Find the line and column of a JSON pointer in JSON text, lazily.

Parsing with positions for every node is slow in pure Python; a lint run only
needs positions for the few nodes that get findings. The locator walks down
the pointer, listing the members of each container it passes through once
(skipping over values with the C scanner of the standard library) and
memoizing them, so the cost is a few C-speed passes over the containers on
the way, not a Python-speed pass over the whole file.
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from array import array

_WS = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
# a key without escapes and the colon after it: the common case, read in one match
_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*')
# what follows a member's value: the closing bracket, or a comma (and the next key, when it has no escapes)
_NEXT_KEY = re.compile(r'[ \t\n\r]*(?:(\})|,[ \t\n\r]*(?:"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*)?)')
_NEXT_ITEM = re.compile(r"[ \t\n\r]*(?:(\])|,[ \t\n\r]*)")
_scan_value = json.scanner.make_scanner(json.decoder.JSONDecoder())
_scan_string = json.decoder.scanstring


class LineIndex:
    """Line and column of an offset in a text. The offsets of its newlines are found once, at the first position
    asked for: each look-up is then a binary search, whatever the number of findings or the length of a line (a
    minified file is one line)."""

    def __init__(self, text: str):
        self.text = text
        self._newlines: array | None = None

    def line_col(self, off: int) -> tuple[int, int]:
        newlines = self._newlines
        if newlines is None:
            newlines = self._newlines = array("q", (m.start() for m in _NEWLINE.finditer(self.text)))
        count = bisect.bisect_left(newlines, off)  # newlines before `off`
        line_start = newlines[count - 1] + 1 if count else 0
        return count + 1, off - line_start + 1


# containers whose members stay listed; beyond it all but the large ones are dropped: findings come tool by tool, so
# the containers one tool's findings pass through are what is asked for again (memory stays flat on 100k tools)
MEMO_LIMIT = 2048
KEEP_LISTED = 256


class JsonLocator:
    def __init__(self, text: str, start: int = 0, lines: LineIndex | None = None):
        """Positions in the JSON value that begins at offset `start` of `text`; `lines` is shared by the
        locators of one file's JSON Lines, which all read the file's text instead of a copy of their line."""
        self.text = text
        # offset of a container -> its members: {key: offset of the key} for an object, an array of the items'
        # offsets for an array
        self._members: dict[int, dict | array] = {}
        self._lines = lines or LineIndex(text)
        self._root = _WS.match(text, start).end()
        # offset of the second key -> (key, offset of the first key), for each key met twice in one object
        self._duplicates: dict[int, tuple[str, int]] = {}

    @property
    def duplicates(self) -> list[tuple[str, int, int]]:
        """(key, offset of its first key, offset of the second) for each key met twice in the objects listed."""
        return [(key, first, second) for second, (key, first) in self._duplicates.items()]

    @property
    def root_offset(self) -> int:
        return self._root

    def children_at(self, pos: int):
        """The offsets of the values inside the container at `pos` (empty when no container starts there)."""
        members = self._members.get(pos)
        if members is None:
            members = self._list_members(pos)
        if members is None:
            return ()
        if isinstance(members, dict):
            return [self._value_offset(key_pos) for key_pos in members.values()]
        return members

    def _value_offset(self, key_pos: int) -> int:
        """Offset of the value of the member whose key starts at `key_pos`."""
        text = self.text
        match = _KEY.match(text, key_pos)
        if match is not None:
            return match.end()
        _, i = _scan_string(text, key_pos + 1)  # a key with escapes
        return _WS.match(text, _WS.match(text, i).end() + 1).end()

    def offset(self, tokens: list[str]) -> int | None:
        """Offset of the node at `tokens` (a member's key for object members)."""
        pos = self._root
        key_pos = pos
        for token in tokens:
            members = self._members.get(pos)
            if members is None:
                members = self._list_members(pos)
                if members is None:
                    return None
            if isinstance(members, dict):
                key_pos = members.get(token)
                if key_pos is None:
                    return None
                pos = self._value_offset(key_pos)
            else:
                if not token.isdigit() or int(token) >= len(members):
                    return None
                pos = key_pos = members[int(token)]
        return key_pos

    def position(self, tokens: list[str]) -> tuple[int, int] | None:
        off = self.offset(tokens)
        if off is None:
            return None
        return self.line_col(off)

    def line_col(self, off: int) -> tuple[int, int]:
        return self._lines.line_col(off)

    def _list_members(self, pos: int):
        if len(self._members) >= MEMO_LIMIT:  # keep the few large listings (the tool arrays): each is a full scan
            self._members = {at: members for at, members in self._members.items()
                             if at == self._root or len(members) > KEEP_LISTED}
        text = self.text
        opener = text[pos : pos + 1]
        if opener == "{":
            members: dict | array = {}
            i = _WS.match(text, pos + 1).end()
            if text[i : i + 1] == "}":
                self._members[pos] = members
                return members
            key = None
            while True:
                if key is None:
                    key_pos = i
                    match = _KEY.match(text, i)
                    if match is not None:
                        key, i = match.group(1), match.end()
                    else:  # a key with escapes
                        key, i = _scan_string(text, i + 1)
                        i = _WS.match(text, _WS.match(text, i).end() + 1).end()  # the colon
                if key in members:
                    self._duplicates[key_pos] = (key, members[key])
                members[key] = key_pos
                _, i = _scan_value(text, i)
                # one match reads the comma and the next key, or the closing brace
                match = _NEXT_KEY.match(text, i)
                if match is None:  # not JSON: whatever stands there separates members
                    i = _WS.match(text, i).end()
                    if text[i] == "}":
                        break
                    i, key = _WS.match(text, i + 1).end(), None
                    continue
                if match.group(1) is not None:
                    break
                key = match.group(2)
                if key is None:
                    i = match.end()
                else:
                    key_pos, i = match.start(2) - 1, match.end()
        elif opener == "[":
            members = array("q")
            i = _WS.match(text, pos + 1).end()
            if text[i : i + 1] == "]":
                self._members[pos] = members
                return members
            while True:
                members.append(i)
                _, i = _scan_value(text, i)
                match = _NEXT_ITEM.match(text, i)
                if match is None:  # not JSON: whatever stands there separates items
                    i = _WS.match(text, i).end()
                    if text[i] == "]":
                        break
                    i = _WS.match(text, i + 1).end()
                    continue
                if match.group(1) is not None:
                    break
                i = match.end()
        else:
            return None
        self._members[pos] = members
        return members
