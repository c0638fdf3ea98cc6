"""Find the line and column of a JSON pointer in JSON text, lazily.

Parsing with positions for every node is slow in pure Python; a lint run only
needs positions for the few nodes that get findings. The locator walks down
the pointer, listing the members of each container it passes through
(skipping over values with the C scanner of the standard library) and
memoizing them, so the cost is a few C-speed passes over the containers on
the way, not a Python-speed pass over the whole file. When no key of the text
repeats, an object is listed only as far as the key a look-up wants, and the
next look-up resumes there.
"""
from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from array import array

_WS = re.compile(r"[ \t\n\r]*")
# a key without escapes and the colon after it: the common case, read in one match
_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*')
# what follows a member's value: the closing bracket, or a comma (and the next key, when it has no escapes)
_NEXT_KEY = re.compile(r'[ \t\n\r]*(?:(\})|,[ \t\n\r]*(?:"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*)?)')
_NEXT_ITEM = re.compile(r"[ \t\n\r]*(?:(\])|,[ \t\n\r]*)")
_scan_value = json.scanner.make_scanner(json.decoder.JSONDecoder())
_scan_string = json.decoder.scanstring


# characters per block of the line index: a look-up scans at most one block
LINE_BLOCK_BITS = 10


class LineIndex:
    """Line and column of an offset in a text. For each block of 1,024 characters up to the furthest offset asked
    for, it keeps the number of newlines before the block and where the line holding its first character starts:
    a look-up counts the newlines of one block at C speed, whatever the number of findings or the length of a line
    (a minified file is one line). Two integers per block: no array of every newline of a large file."""

    def __init__(self, text: str):
        self.text = text
        self._newlines_before = array("q", [0])
        self._line_start = array("q", [0])

    def line_col(self, off: int) -> tuple[int, int]:
        block = off >> LINE_BLOCK_BITS
        if block >= len(self._newlines_before):
            self._index_up_to(block)
        start = block << LINE_BLOCK_BITS
        text = self.text
        last_newline = text.rfind("\n", start, off)
        line_start = last_newline + 1 if last_newline >= 0 else self._line_start[block]
        return self._newlines_before[block] + text.count("\n", start, off) + 1, off - line_start + 1

    def _index_up_to(self, block: int) -> None:
        text = self.text
        newlines_before, line_start = self._newlines_before, self._line_start
        start = (len(newlines_before) - 1) << LINE_BLOCK_BITS
        while len(newlines_before) <= block:
            end = start + (1 << LINE_BLOCK_BITS)
            newlines_before.append(newlines_before[-1] + text.count("\n", start, end))
            last_newline = text.rfind("\n", start, end)
            line_start.append(last_newline + 1 if last_newline >= 0 else line_start[-1])
            start = end


# containers whose members stay listed; beyond it all but the large ones are dropped: findings come tool by tool, so
# the containers one tool's findings pass through are what is asked for again (memory stays flat on 100k tools)
MEMO_LIMIT = 2048
KEEP_LISTED = 256


class JsonLocator:
    # a JSON Lines file has one locator per line: no per-instance dict
    __slots__ = ("text", "_members", "_open", "_lines", "_root", "_duplicates", "keys_unique", "_path",
                 "_path_keys", "_path_values")

    def __init__(self, text: str, start: int = 0, lines: LineIndex | None = None):
        """Positions in the JSON value that begins at offset `start` of `text`; `lines` is shared by the
        locators of one file's JSON Lines, which all read the file's text instead of a copy of their line."""
        self.text = text
        # offset of a container -> its members listed so far: {key: offset of the key} for an object, an array
        # of the items' offsets for an array
        self._members: dict[int, dict | array] = {}
        # offset of a container not listed to its end -> offset of the value of its last member listed (not yet
        # skipped over), or the container's own offset when nothing is listed yet
        self._open: dict[int, int] = {}
        self._lines = lines or LineIndex(text)
        self._root = _WS.match(text, start).end()
        # offset of the second key -> (key, offset of the first key), for each key met twice in one object
        self._duplicates: dict[int, tuple[str, int]] = {}
        # no object of the text holds a key twice (the document's duplicate check says so): a look-up lists an
        # object only up to the key it wants, the first of that name being the only one
        self.keys_unique = False
        # the tokens of the last look-up, and the offsets of the key and the value of the node after each prefix
        self._path: list[str] = []
        self._path_keys, self._path_values = [self._root], [self._root]

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
            members = self._start_listing(pos)
            if members is None:
                return ()
        if pos in self._open:
            if isinstance(members, dict):
                self._list_object(pos, members, None)
            else:
                self._list_items(pos, members)
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
        # findings come node by node: the walk starts where the last look-up's path and this one part
        last, keys, values = self._path, self._path_keys, self._path_values
        depth, common = 0, min(len(tokens), len(last))
        while depth < common and tokens[depth] == last[depth]:
            depth += 1
        if depth == len(tokens):
            return keys[depth]
        del keys[depth + 1:], values[depth + 1:]
        pos = values[depth]
        listed, open_ = self._members, self._open
        for token in tokens[depth:]:
            members = listed.get(pos)
            if members is None:
                members = self._start_listing(pos)
                if members is None:
                    break
            if type(members) is dict:
                key_pos = members.get(token)
                if key_pos is not None:
                    pos = self._value_offset(key_pos)
                elif pos not in open_:
                    break
                elif self.keys_unique:
                    found = self._list_object(pos, members, token)
                    if found is None:
                        break
                    key_pos, pos = found
                else:  # the last of equal keys is the one read: list them all
                    self._list_object(pos, members, None)
                    key_pos = members.get(token)
                    if key_pos is None:
                        break
                    pos = self._value_offset(key_pos)
            else:
                if not token.isdigit():
                    break
                index = int(token)
                if index >= len(members):
                    if pos not in open_:
                        break
                    self._list_items(pos, members)
                    if index >= len(members):
                        break
                pos = key_pos = members[index]
            keys.append(key_pos)
            values.append(pos)
        else:
            self._path = tokens[:]
            return key_pos
        self._path = tokens[:len(keys) - 1]  # the part found
        return None

    def position(self, tokens: list[str]) -> tuple[int, int] | None:
        off = self.offset(tokens)
        if off is None:
            return None
        return self._lines.line_col(off)

    def line_col(self, off: int) -> tuple[int, int]:
        return self._lines.line_col(off)

    def forget(self) -> None:
        """Drop the listings kept for later look-ups, but the root's and the large ones (the tool arrays: each is a
        long scan). Done past MEMO_LIMIT listings, and once the rules have read a file's tools: positions are then
        asked rarely, and a run over many files would keep every file's listings."""
        listed = self._members
        for at in [at for at, kept in listed.items() if at != self._root and len(kept) <= KEEP_LISTED]:
            del listed[at]
            self._open.pop(at, None)

    def _start_listing(self, pos: int):
        """An empty listing for the container at `pos`, to be filled as look-ups need (None: not a container)."""
        opener = self.text[pos : pos + 1]
        if opener == "{":
            members: dict | array = {}
        elif opener == "[":
            members = array("q")
        else:
            return None
        listed = self._members
        if len(listed) >= MEMO_LIMIT:
            self.forget()
        listed[pos] = members
        self._open[pos] = pos
        return members

    def _list_object(self, pos: int, members: dict, want: str | None):
        """List the members of the object at `pos` after those in `members`: up to the key `want`, or to its end
        when `want` is None. (offset of the key, offset of its value) when `want` is met, else None."""
        text = self.text
        i = self._open[pos]
        key = None
        if i == pos:  # nothing listed yet
            i = _WS.match(text, pos + 1).end()
            if text[i : i + 1] == "}":
                del self._open[pos]
                return None
            fresh = True
        else:
            fresh = False
        while True:
            if not fresh:
                _, i = _scan_value(text, i)
                # one match reads the comma and the next key, or the closing brace
                match = _NEXT_KEY.match(text, i)
                if match is None:  # not JSON: whatever stands there separates members
                    i = _WS.match(text, i).end()
                    if text[i] == "}":
                        break
                    i, key = _WS.match(text, i + 1).end(), None
                elif match.group(1) is not None:
                    break
                else:
                    key = match.group(2)
                    if key is None:
                        i = match.end()
                    else:
                        key_pos, i = match.start(2) - 1, match.end()
            fresh = False
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
            if key == want:
                self._open[pos] = i
                return key_pos, i
        del self._open[pos]
        return None

    def _list_items(self, pos: int, items: array) -> None:
        """List the items of the array at `pos`, all at once: its items are asked for one after another (the tools
        of a catalog), and one pass over them runs with the text in the processor's caches, which look-ups spread
        over a lint run do not."""
        text = self.text
        del self._open[pos]
        i = _WS.match(text, pos + 1).end()
        if text[i : i + 1] == "]":
            return
        while True:
            items.append(i)
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
