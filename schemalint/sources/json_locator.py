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


class JsonLocator:
    def __init__(self, text: str, start: int = 0, lines: LineIndex | None = None):
        """Positions in the JSON value that begins at offset `start` of `text`; `lines` is shared by the
        locators of one file's JSON Lines, which all read the file's text instead of a copy of their line."""
        self.text = text
        self._members: dict[int, dict | list] = {}
        self._lines = lines or LineIndex(text)
        self._root = _WS.match(text, start).end()
        # (key, offset of its first key, offset of the second) for each key met twice in one object
        self.duplicates: list[tuple[str, int, int]] = []

    @property
    def root_offset(self) -> int:
        return self._root

    def members_at(self, pos: int):
        """The members of the container at `pos` (a dict of key -> (key offset, value offset), or a list of
        value offsets), or None when no container starts there."""
        members = self._members.get(pos)
        return members if members is not None else self._list_members(pos)

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
            if isinstance(members, list):
                if not token.isdigit() or int(token) >= len(members):
                    return None
                pos = key_pos = members[int(token)]
            else:
                hit = members.get(token)
                if hit is None:
                    return None
                key_pos, pos = hit
        return key_pos

    def position(self, tokens: list[str]) -> tuple[int, int] | None:
        off = self.offset(tokens)
        if off is None:
            return None
        return self.line_col(off)

    def line_col(self, off: int) -> tuple[int, int]:
        return self._lines.line_col(off)

    def _list_members(self, pos: int):
        text = self.text
        opener = text[pos : pos + 1]
        if opener == "{":
            members: dict | list = {}
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
                    self.duplicates.append((key, members[key][0], key_pos))
                members[key] = (key_pos, i)
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
            members = []
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
