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


def json_duplicates(text: str, locator) -> list[DuplicateKey]:
    """The duplicate keys of a JSON text. A pass of the standard library's C parser says whether there are any
    (one dict per object, as fast as orjson on real catalogs); only then does `locator` (the document's
    JsonLocator) walk the containers to place them."""
    has = _has_duplicates(text)
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


def _has_duplicates(text: str) -> bool | None:
    """Whether an object of `text` holds a key twice (None: the parser refused the text)."""
    seen = []

    def pairs_hook(pairs):
        value = dict(pairs)
        if len(value) != len(pairs):
            seen.append(True)
        return value

    try:
        json.loads(text, object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):  # what orjson reads and this parser refuses (a 5,000-digit number)
        return None
    return bool(seen)
