"""Where a finding is in a buffer's text, as offsets: findings carry a 1-based line and column (code points) of
the node's key or value; its span is that token (a quoted string, a word), or one character."""
from __future__ import annotations

import bisect
import re

_WORD = re.compile(r"[\w$.\-]+")


class LineIndex:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based (line, column), clamped into the text."""
        index = min(max(line, 1), len(self.starts)) - 1
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return min(start + max(column, 1) - 1, end)

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def token(self, line: int, column: int) -> tuple[int, int]:
        """(start, end) offsets of the token at (line, column): the quoted string or the word that starts there."""
        start = self.offset(line, column)
        text = self.text
        if start >= len(text) or text[start] == "\n":
            return start, start
        quote = text[start]
        if quote in "\"'":
            end = start + 1
            while end < len(text) and text[end] != quote and text[end] != "\n":
                end += 2 if text[end] == "\\" and quote == '"' else 1
            return start, min(end + 1, len(text))
        word = _WORD.match(text, start)
        return start, word.end() if word else start + 1

    def key_and_value(self, line: int, column: int) -> tuple[int, int]:
        """(start, end) from the key token at (line, column) to the end of the value token after it."""
        start, end = self.token(line, column)
        after = re.compile(r"[ \t]*:?[ \t]*").match(self.text, end).end()
        if after == end or after >= len(self.text):
            return start, end
        value_line, value_column = self.line_col(after)
        return start, max(end, self.token(value_line, value_column)[1])

    def word_at(self, offset: int) -> tuple[str, int]:
        """The word around `offset` and where it starts ("" when there is none)."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        for match in _WORD.finditer(self.text, line_start):
            if match.start() > offset:
                break
            if match.start() <= offset <= match.end():
                return match.group().strip(".-"), match.start()
        return "", offset

    def client_position(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        """The LSP (line, character) of an offset, 0-based, `character` in the negotiated encoding's units."""
        line, column = self.line_col(min(offset, len(self.text)))
        start = self.starts[line - 1]
        before = self.text[start:start + column - 1]
        if encoding == "utf-32" or before.isascii():
            return line - 1, len(before)
        if encoding == "utf-8":
            return line - 1, len(before.encode("utf-8", "surrogatepass"))
        return line - 1, len(before) + sum(1 for c in before if ord(c) > 0xFFFF)
