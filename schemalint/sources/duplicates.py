"""Keys written twice in one JSON object or YAML mapping.

Parsers keep one of the two values (orjson, Python and most JavaScript keep the last; some keep the first, some
refuse the document), so what schemalint lints may not be what a provider is sent: a second `tools` key silently
replaces a whole tool array. Each duplicate is recorded with the position of its second key, for the
`duplicate-key` rule.
"""
from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    line: int  # of the second key, whose value is the one read
    column: int
    first_line: int  # of the key it replaces


def json_duplicates(text: str, locator, check: "DuplicateCheck | None" = None) -> list[DuplicateKey]:
    """The duplicate keys of a JSON text. A pass of the standard library's C parser says whether there are any
    (as fast as orjson on real catalogs); only then does `locator` (the document's JsonLocator) walk the
    containers to place them. `check`: one for all the lines of a JSON Lines file."""
    has = (check or DuplicateCheck())(text)
    if not has:
        # known to hold none: look-ups may stop at the first key of a name
        locator.keys_unique = has is False
        return []
    found: list[DuplicateKey] = []
    stack = [locator.root_offset]
    while stack:
        stack.extend(locator.children_at(stack.pop()))
    for key, first, second in locator.duplicates:
        line, column = locator.line_col(second)
        found.append(DuplicateKey(key, line, column, locator.line_col(first)[0]))
    return sorted(found, key=lambda d: (d.line, d.column))


class DuplicateCheck:
    """Whether a JSON text holds an object that repeats a key. The parse keeps nothing (no second copy of the
    document's data, which was the peak of a large file's load), and its decoder serves every text it is asked
    about (a JSON Lines file asks once a line); None when the parser refuses the text."""

    def __init__(self):
        self._seen = False
        self._decode = json.JSONDecoder(object_pairs_hook=self._note).decode

    def _note(self, pairs) -> None:
        if len(pairs) > 1 and len(dict(pairs)) != len(pairs):
            self._seen = True

    def __call__(self, text: str) -> bool | None:
        self._seen = False
        try:
            self._decode(text)
        except (ValueError, RecursionError):  # what orjson reads and this parser refuses (a 5,000-digit number)
            return None
        return self._seen
