"""Reports written in pieces, so a report on 100,000 tools never exists whole in memory: text as batches of lines
(`lines_in_pieces`), JSON as described below.

A reporter describes its report as a plain object in which each large array is an `Items` (its entries made
one at a time, when written). `encode` gives the bytes of `orjson.dumps(..., option=OPT_INDENT_2) + b"\\n"` for
the object with every `Items` made a list, in pieces: orjson encodes the small rest in one call with a
placeholder string for each `Items`, and each array's entries are encoded a batch at a time and indented to
where the placeholder stood. orjson writes a newline only between lines (a newline inside a string is
escaped), which is what makes re-indenting by byte replacement exact.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import orjson

# entries encoded per orjson call: few calls, and a piece of about a MiB at most
BATCH = 1000
_INDENT = orjson.OPT_INDENT_2


def lines_in_pieces(lines: Iterable[str], per_piece: int = BATCH) -> Iterator[str]:
    """Text lines (without their newline) as pieces of whole lines, each line ended by a newline; nothing for none.
    Joined, the pieces are `"\\n".join(lines) + "\\n"`."""
    lines = iter(lines)
    while batch := list(islice(lines, per_piece)):
        yield "\n".join(batch) + "\n"


class Items:
    """A JSON array whose entries are `make(x)` for each x of `source`, made when the array is written. An entry
    holds no `Items` itself."""

    __slots__ = ("source", "make")

    def __init__(self, source: Iterable, make: Callable):
        self.source = source
        self.make = make

    def __iter__(self):
        return map(self.make, self.source)


def whole(value):
    """`value` with every `Items` made a list: the report as one object, for callers that want it."""
    if isinstance(value, Items):
        return list(value)
    if isinstance(value, dict):
        return {k: whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole(v) for v in value]
    return value


def encode(value) -> Iterator[bytes]:
    """The bytes of `orjson.dumps(whole(value), option=OPT_INDENT_2) + b"\\n"`, in pieces."""
    arrays: list[Items] = []
    token = f"schemalint-items-{os.urandom(16).hex()}"  # secrets would import random, hmac, base64

    def placeholder(obj):
        if not isinstance(obj, Items):
            raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")
        arrays.append(obj)
        return token

    skeleton = orjson.dumps(value, option=_INDENT, default=placeholder)
    parts = skeleton.split(orjson.dumps(token))
    if len(parts) != len(arrays) + 1:  # the report's own text holds the token: no way to tell the two apart
        yield orjson.dumps(whole(value), option=_INDENT) + b"\n"
        return
    for before, array in zip(parts, arrays):
        yield before
        line = before[before.rfind(b"\n") + 1:]
        yield from _array(array, len(line) - len(line.lstrip(b" ")))
    yield parts[-1] + b"\n"


def _array(items: Items, indent: int) -> Iterator[bytes]:
    """`items` as orjson writes an array whose opening bracket ends a line indented by `indent` spaces."""
    entries = iter(items)
    newline = b"\n" + b" " * indent
    first = True
    while True:
        batch = list(islice(entries, BATCH))
        if not batch:
            break
        # `[\n  a,\n  b\n]`: the entries indented by 2, to indent by `indent` more
        body = orjson.dumps(batch, option=_INDENT)[1:-2].replace(b"\n", newline)
        yield (b"[" if first else b",") + body
        first = False
    yield b"[]" if first else newline + b"]"
