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

_WS = re.compile(r"[ \t\n\r]*")
_scan_value = json.scanner.make_scanner(json.decoder.JSONDecoder())
_scan_string = json.decoder.scanstring


class JsonLocator:
    def __init__(self, text: str, base_line: int = 0, base_offset: int = 0):
        self.text = text
        self._members: dict[int, dict | list] = {}
        self._newlines: list[int] | None = None
        self._root = _WS.match(text, 0).end()
        # for JSONL: a line's locator reports positions in the whole file
        self.base_line = base_line

    def offset(self, tokens: list[str]) -> int | None:
        """Offset of the node at `tokens` (a member's key for object members)."""
        pos = self._root
        key_pos = pos
        for token in tokens:
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
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        idx = bisect.bisect_left(self._newlines, off)
        line_start = self._newlines[idx - 1] + 1 if idx else 0
        return self.base_line + idx + 1, off - line_start + 1

    def _list_members(self, pos: int):
        cached = self._members.get(pos)
        if cached is not None:
            return cached
        text = self.text
        opener = text[pos : pos + 1]
        if opener == "{":
            members: dict | list = {}
            i = _WS.match(text, pos + 1).end()
            if text[i : i + 1] == "}":
                self._members[pos] = members
                return members
            while True:
                key_pos = i
                key, i = _scan_string(text, i + 1)
                i = _WS.match(text, i).end() + 1  # the colon
                i = _WS.match(text, i).end()
                members[key] = (key_pos, i)
                _, i = _scan_value(text, i)
                i = _WS.match(text, i).end()
                if text[i] == "}":
                    break
                i = _WS.match(text, i + 1).end()  # after the comma
        elif opener == "[":
            members = []
            i = _WS.match(text, pos + 1).end()
            if text[i : i + 1] == "]":
                self._members[pos] = members
                return members
            while True:
                members.append(i)
                _, i = _scan_value(text, i)
                i = _WS.match(text, i).end()
                if text[i] == "]":
                    break
                i = _WS.match(text, i + 1).end()
        else:
            return None
        self._members[pos] = members
        return members
