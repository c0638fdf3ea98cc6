"""JSON positions on generated text: every node the locator places is where the writer of the text put it.

The text is written here with random whitespace, keys escaped at random (\\uXXXX, short escapes, surrogate
pairs), nested containers and keys written twice; the writer notes the offset of each node as it writes it, so the
expected positions owe nothing to the locator's reading. Look-ups come in random orders, with the locator's memo
limit small enough that listings are dropped and made again.
"""
from __future__ import annotations

from unittest import mock

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.sources import json_locator
from schemalint.sources.document import parse_text
from schemalint.sources.duplicates import json_duplicates
from schemalint.sources.json_locator import JsonLocator, LineIndex

KEYS = st.one_of(st.sampled_from(["a", "b", "type", "", "a/b", "~0", 'q"', "é", "\n", "😀"]), st.text(max_size=3))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 63, 2 ** 63 - 1),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=4))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4).map(lambda items: ("array", items)),
    st.lists(st.tuples(KEYS, inner), max_size=5).map(lambda members: ("object", members))), max_leaves=25)
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b",
                 "\f": "\\f"}


class Writer:
    """Writes a generated value as JSON text, noting the offset of each node: a member's key, an item's value."""

    def __init__(self, rnd, spaces):
        self.rnd, self.spaces = rnd, spaces
        self.parts: list[str] = []
        self.size = 0
        self.offsets: dict[tuple, int] = {}  # path -> offset, the last of equal keys winning
        self.duplicates: list[tuple[str, int, int]] = []  # (key, offset of the key before, offset of this one)

    def put(self, part: str) -> None:
        self.parts.append(part)
        self.size += len(part)

    def space(self) -> None:
        self.put(self.rnd.choice(self.spaces))

    def string(self, text: str) -> None:
        out = ['"']
        for ch in text:
            code = ord(ch)
            if ch not in '"\\' and code >= 0x20 and self.rnd.random() < 0.7:
                out.append(ch)
            elif ch in SHORT_ESCAPES and self.rnd.random() < 0.5:
                out.append(SHORT_ESCAPES[ch])
            elif code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04X}")
            else:
                out.append(f"\\u{code:04x}")
        out.append('"')
        self.put("".join(out))

    def value(self, value, path: tuple) -> None:
        if isinstance(value, tuple) and value[0] == "object":
            self.put("{")
            last_key_at: dict[str, int] = {}
            member_end: dict[str, int] = {}
            for n, (key, member) in enumerate(value[1]):
                self.space()
                if n:
                    self.put(",")
                    self.space()
                at = self.size
                if key in last_key_at:
                    self.forget(path + (key,), last_key_at[key], member_end[key])
                    self.duplicates.append((key, last_key_at[key], at))
                last_key_at[key] = at
                self.offsets[path + (key,)] = at
                self.string(key)
                self.space()
                self.put(":")
                self.space()
                self.value(member, path + (key,))
                member_end[key] = self.size
            self.space()
            self.put("}")
        elif isinstance(value, tuple):
            self.put("[")
            for n, item in enumerate(value[1]):
                self.space()
                if n:
                    self.put(",")
                    self.space()
                self.offsets[path + (str(n),)] = self.size
                self.value(item, path + (str(n),))
            self.space()
            self.put("]")
        elif isinstance(value, str):
            self.string(value)
        else:
            self.put(orjson.dumps(value).decode())

    def forget(self, path: tuple, start: int, end: int) -> None:
        """The nodes of a member (written from offset `start` to `end`) that a later equal key replaces: the parser
        keeps only the last, and keys written twice inside the one replaced are not reported either."""
        for written in [p for p in self.offsets if p[:len(path)] == path]:
            del self.offsets[written]
        self.duplicates = [d for d in self.duplicates if not start < d[2] < end]

    def document(self, value) -> str:
        self.space()
        self.offsets[()] = self.size
        self.value(value, ())
        self.space()
        return "".join(self.parts)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _missing(offsets: dict, rnd) -> list[tuple]:
    """Paths that name nothing: a key no object holds, an item past an array's end, a token below a scalar."""
    paths = list(offsets)
    return [rnd.choice(paths) + (token,) for token in ("no such key", "99", "0", "a")] + [("1x",), ("-1",)]


@settings(max_examples=300, deadline=None)
@given(VALUES, st.randoms(use_true_random=False), st.sampled_from([2, 3, 8, 2048]))
def test_json_positions_are_where_the_writer_put_each_node(value, rnd, memo_limit):
    writer = Writer(rnd, ["", "", " ", "\n", "\t", "\r\n", " \n\t "])
    text = writer.document(value)
    orjson.loads(text)  # the text is JSON as orjson reads it
    expected = writer.offsets
    paths = list(expected)
    with mock.patch.object(json_locator, "MEMO_LIMIT", memo_limit), \
            mock.patch.object(json_locator, "KEEP_LISTED", min(memo_limit, 3)):
        for keys_known in (True, False):
            locator = JsonLocator(text)
            if keys_known:  # as a document does: the duplicate check tells the locator when no key repeats
                found = json_duplicates(text, locator)
                assert locator.keys_unique == (not writer.duplicates)
                assert [(d.key, d.line, d.column, d.first_line) for d in found] == sorted(
                    ((key, *_line_col(text, second), _line_col(text, first)[0])
                     for key, first, second in writer.duplicates), key=lambda d: (d[1], d[2]))
                assert sorted((key, first, second) for key, first, second in locator.duplicates) == sorted(
                    writer.duplicates)
            order = paths[:]
            rnd.shuffle(order)
            for path in order + paths + order[::-1]:
                assert locator.offset(list(path)) == expected[path], path
                assert locator.position(list(path)) == _line_col(text, expected[path]), path
            for path in _missing(expected, rnd):
                if path not in expected:
                    assert locator.offset(list(path)) is None, path


@settings(max_examples=100, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_json_lines_positions_share_one_line_index(values, rnd):
    writers = [Writer(rnd, ["", " ", "\t"]) for _ in values]
    lines = [writer.document(value) for writer, value in zip(writers, values)]
    text = "\n".join(lines) + "\n"
    doc = parse_text("tools.jsonl", text)
    for n, writer in enumerate(writers):
        for path, offset in writer.offsets.items():
            pointer = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in (str(n),) + path)
            assert doc.locate(pointer) == (n + 1, offset + 1), pointer
    expected_duplicates = sorted((key, n + 1, second + 1, n + 1) for n, writer in enumerate(writers)
                                 for key, _, second in writer.duplicates)
    assert sorted((d.key, d.line, d.column, d.first_line) for d in doc.duplicate_keys) == expected_duplicates


def test_separators_that_are_not_json_still_separate_members():
    # not what orjson reads, but what the locator has always stepped over between the members it lists
    obj, arr = '{"a": 1 ; "b": {"c": [2]} x "d": 3}', '[1 ; {"c": 2} ; 3 ]'
    for keys_unique in (False, True):
        locator = JsonLocator(obj)
        locator.keys_unique = keys_unique
        assert [locator.offset(p) for p in (["b", "c", "0"], ["d"], ["a"], ["b"])] == [22, 28, 1, 10]
        locator = JsonLocator(arr)
        locator.keys_unique = keys_unique
        assert [locator.offset(p) for p in (["1", "c"], ["2"], ["0"], ["3"])] == [6, 16, 1, None]


def test_the_memo_stays_within_its_limit_on_many_tools():
    tools = [{"name": f"t{i}", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
              "description": "Written after the parameters."} for i in range(3000)]
    text = orjson.dumps(tools, option=orjson.OPT_INDENT_2).decode()
    locator = JsonLocator(text)
    json_duplicates(text, locator)
    assert locator.keys_unique
    for i in range(len(tools)):
        off = locator.offset([str(i), "parameters", "properties", "q", "type"])
        assert text.startswith('"type": "string"', off)
        assert len(locator._members) <= json_locator.MEMO_LIMIT
    # an object is listed only as far as a look-up needed: the last tool's key after "parameters" was not read
    last_tool = locator.offset(["2999"])
    assert list(locator._members[last_tool]) == ["name", "parameters"]
    assert locator.offset(["2999", "description"]) == text.rindex('"description"')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3000), min_size=1, max_size=12), st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_line_index_agrees_with_counting_newlines(line_lengths, fractions):
    # lines shorter and longer than a block of the index, empty ones, and no newline at the end
    text = "\n".join("x" * n for n in line_lengths)
    index = LineIndex(text)
    for fraction in fractions:  # in any order, across blocks
        off = int(fraction * len(text))
        assert index.line_col(off) == _line_col(text, off), off
