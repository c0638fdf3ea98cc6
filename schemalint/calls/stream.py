"""Log files to JSON records, one at a time: JSONL line by line and a top-level JSON array item by item (memory
stays flat however long the log), any other JSON document whole.

A line that is not JSON is reported with its line number and skipped; reading goes on. gzip is recognized by its
magic bytes, `-` is standard input.
"""
from __future__ import annotations

import gzip
import io
import json
import sys
from dataclasses import dataclass, field
from typing import Iterator

import orjson

from ..errors import UsageError

GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class ReadStats:
    records: int = 0
    bad_lines: list = field(default_factory=list)  # "FILE:LINE: why", the first few
    bad_count: int = 0

    def bad(self, where: str, why: str) -> None:
        self.bad_count += 1
        if len(self.bad_lines) < 20:
            self.bad_lines.append(f"{where}: {why}")


def _open(path: str):
    if path == "-":
        raw = sys.stdin.buffer
    else:
        try:
            raw = open(path, "rb")
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the log: {exc.strerror}") from None
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered, mode="rb")
    return buffered


def read_records(path: str, stats: ReadStats) -> Iterator[tuple[str, object]]:
    """(where, record) for every record of one log; `where` is `FILE:LINE`."""
    shown = "<stdin>" if path == "-" else path
    fh = _open(path)
    try:
        yield from _records(fh, shown, stats)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        stats.bad(shown, f"cannot read further: {getattr(exc, 'strerror', None) or exc}")
    finally:
        if path != "-":
            fh.close()


def _records(fh, shown: str, stats: ReadStats):
    first = fh.readline()
    number = 1
    while first and not first.strip():
        first = fh.readline()
        number += 1
    if not first:
        return
    try:
        value = orjson.loads(first)
        line_mode = True
    except orjson.JSONDecodeError:
        line_mode = False
    if not line_mode and first.lstrip().startswith(b"["):
        yield from _array_items(_Prefixed(first, fh), shown, stats)
        return
    if not line_mode:
        rest = fh.read()
        try:
            document = orjson.loads(first + rest)
        except orjson.JSONDecodeError:
            data = first + rest
            if (yield from _concatenated(data, shown, stats, number - 1)) == 0:
                yield from _lines(io.BytesIO(data), shown, stats, number - 1)  # JSONL whose first line is bad
            return
        items = document if isinstance(document, list) else [document]
        for i, item in enumerate(items):
            stats.records += 1
            yield (f"{shown}#{i}" if isinstance(document, list) else shown), item
        return
    stats.records += 1
    yield f"{shown}:{number}", value
    yield from _lines(fh, shown, stats, number)


class _Prefixed:
    """A binary stream whose first bytes were already read (the first line): read() gives them back first."""

    def __init__(self, head: bytes, fh):
        self.head, self.fh = head, fh

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.fh.read(size)
        if size is None or size < 0:
            out, self.head = self.head + self.fh.read(), b""
        else:
            out, self.head = self.head[:size], self.head[size:]
        return out


def _array_items(stream, shown: str, stats: ReadStats):
    """The items of a top-level JSON array, parsed one at a time (an exported conversation list of a million
    calls is never held whole). A syntax error ends the file there, reported; the items before it are kept."""
    import ijson

    index = 0
    try:
        for item in ijson.items(stream, "item", use_float=True):
            stats.records += 1
            yield f"{shown}#{index}", item
            index += 1
    except ijson.JSONError as exc:
        stats.bad(f"{shown}#{index}", f"not JSON ({str(exc)[:80]}); the rest of the file skipped")


def _concatenated(data: bytes, shown: str, stats: ReadStats, before: int):
    """Pretty-printed JSON values one after another (`jq .` output): each value a record, up to the first that
    does not parse (reported with its line). Returns how many were read."""
    text = data.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    index, count = 0, 0
    while True:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        if index >= len(text):
            return count
        line = before + text.count("\n", 0, index) + 1
        try:
            value, index = decoder.raw_decode(text, index)
        except (json.JSONDecodeError, RecursionError) as exc:
            if count:
                where = before + text.count("\n", 0, getattr(exc, "pos", index)) + 1
                stats.bad(f"{shown}:{where}", f"not JSON ({getattr(exc, 'msg', 'too deep')}); the rest of the file "
                                               f"skipped")
            return count
        count += 1
        stats.records += 1
        yield f"{shown}:{line}", value


def _lines(fh, shown: str, stats: ReadStats, number: int):
    for line in fh:
        number += 1
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            stats.bad(f"{shown}:{number}", f"not JSON ({str(exc).split(':')[0]}); line skipped")
            continue
        stats.records += 1
        yield f"{shown}:{number}", value
