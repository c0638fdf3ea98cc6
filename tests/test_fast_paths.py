"""The shortcuts taken for speed give the answers the slow, obvious code gives.

Each fast path (a quick meta-schema pass before jsonschema_rs, substring gates before regular
expressions, anchored regex scans, the JSON position reader, message normalization) is compared
with the plain computation it replaces, on inputs chosen to hit its edge cases.
"""
from __future__ import annotations

import copy
import json
import random
import re

import pytest

from schemalint.engine.fingerprint import _NUMBER, _SPACE, normalize_message
from schemalint.rules import description, rewrite, validity
from schemalint.rules._text import finditer_at, has_digit, may_contain
from schemalint.rules._textfacts import TextFacts
from schemalint.sources.json_locator import JsonLocator

# --- invalid-json-schema: the quick 2020-12 pass never clears a schema the validator rejects ----------


def _validator_reports(schema: dict, fmt: str = "mcp") -> list:
    """What invalid-json-schema reports without the quick pass: the validator's non-type-name errors."""
    validator = validity._meta_validator(validity._draft_of(schema, fmt))
    try:
        errors = list(validator.iter_errors(schema))
    except (ValueError, TypeError, OverflowError):
        return []
    return [e for e in errors if not validity._is_type_alias_error(schema, tuple(e.instance_path), fmt)]


CLEARED = [
    {"type": "object", "properties": {"a": {"type": "string", "minLength": 1, "pattern": "(["}}},
    {"type": "dict", "properties": {"a": {"type": "float", "default": 0.5}}, "required": ["a"]},
    {"type": "object", "properties": {"a": True, "b": {"anyOf": [{"type": "string"}, {"type": "null"}]}}},
    {"type": ["string", "null"], "enum": [], "nullable": "yes", "x-anything": {"type": 5}},
    {"type": "object", "$defs": {"d": {"type": "integer", "minimum": -0.0, "maximum": 10 ** 30}},
     "properties": {"d": {"$ref": "#/$defs/missing target"}}},
    {"type": "array", "items": {"type": "string"}, "prefixItems": [{"type": "integer"}], "uniqueItems": True},
]
NOT_CLEARED = [
    {"type": "date"},  # not a type name of any language: the validator reports it
    {"type": ["dict", "null"]},  # a list holding a type name is reported as a whole
    {"properties": {"type": "dict"}},  # a property that is not a schema
    {"required": ["a", "a"]},
    {"items": [{"type": "string"}]},  # the array form is not 2020-12
    {"anyOf": []},
    {"minLength": 1.5},
    {"minLength": 1.0},  # valid, but the quick pass only accepts integers
    {"minimum": float("inf")},
    {"exclusiveMinimum": True},
    {"description": 5},
    {"$id": "https://example.com/a#b"},
    {"examples": {"a": 1}},
]


@pytest.mark.parametrize("schema", CLEARED)
def test_quick_meta_pass_clears_only_what_the_validator_accepts(schema):
    assert validity._surely_valid(schema, "mcp")
    assert _validator_reports(schema) == []


@pytest.mark.parametrize("schema", NOT_CLEARED)
def test_quick_meta_pass_leaves_doubtful_schemas_to_the_validator(schema):
    assert not validity._surely_valid(schema, "mcp")


def test_quick_meta_pass_agrees_with_the_validator_on_mutated_schemas():
    values = [None, True, False, 0, -1, 1, 1.5, 1.0, "", "x", "dict", "string", "STRING", [], ["a"], ["a", "a"],
              [1], {}, {"a": 1}, {"type": "dict"}, {"type": "date"}, [{"type": "x"}], ["string", "null"], ["dict"],
              float("inf")]
    keys = list(validity._CHECKS) + list(validity._UNSURE) + ["nullable", "x-foo"]
    rnd = random.Random(20260)

    def mutate(node):
        if isinstance(node, dict):
            node = dict(node)
            if node and rnd.random() < 0.5:
                key = rnd.choice(list(node))
                node[key] = mutate(node[key]) if rnd.random() < 0.6 else rnd.choice(values)
            else:
                node[rnd.choice(keys)] = copy.deepcopy(rnd.choice(values))
            return node
        if isinstance(node, list) and node:
            node = list(node)
            i = rnd.randrange(len(node))
            node[i] = mutate(node[i])
            return node
        return copy.deepcopy(rnd.choice(values))

    seeds = CLEARED + [{"type": "object", "properties": {"q": {"type": "string", "description": "Query"},
                                                         "n": {"type": "integer", "minimum": 1}}, "required": ["q"]}]
    cleared = 0
    for _ in range(3000):
        schema = rnd.choice(seeds)
        for _ in range(rnd.randint(1, 3)):
            schema = mutate(schema)
        if not isinstance(schema, dict) or "$schema" in schema:
            continue
        if validity._surely_valid(schema, "mcp"):
            cleared += 1
            assert _validator_reports(schema) == [], schema
    assert cleared > 100  # the comparison really exercised the quick pass


# --- substring gates and anchored scans: the same matches as the plain regular expressions ------------

TEXTS = [
    "Use this when the user asks.", "USE THIS WHEN", "Instead of x", "Useful for graphs", "If the user wants it",
    "Dontcare means no limit", "Use 0 for no preference", "-1 means unlimited", "to indicate all",
    "One of: a, b, c", "Possible values are 'x' or 'y'", "either x or y", "OPTIONS ARE a|b",
    "(optional) the id", "Can be omitted.", "Leave it out", "Required. The id.", "This field is mandatory",
    "uſe this", "Optİonal", "ıf the user", "K", "\u212a", "", "plain words only", "Number of items",
    "Defaults to 30.", "default: 'asc'", "DEFAULT value is 5", "no default", "`default` 3", "xdefault 4",
    "The default format is 'MM/DD'", "defaultdefault=3", "default\nvalue 2", "Default İs 7",
    "Max 50", "maximum: 10 items", "At most 5", "must not exceed 9", "Up to 280 characters", "<= 4", "MIN 1",
    "no fewer than 2", ">= 0", "Between 1 and 5", "from 3 to 9", "Range: 0..1", "in the range of 2-4", "(1-10)",
]
GATES = [
    (description._USAGE_CUE, description._USAGE_KEYS),
    (description._SENTINEL, description._SENTINEL_KEYS),
    (description._ENUM_TRIGGER, description._ENUM_KEYS),
    (description._SAYS_OPTIONAL, ("optional", "omit", "leave")),
    (description._SAYS_REQUIRED, ("required", "mandatory")),
    (rewrite._WHEN, rewrite._WHEN_KEYS),
    (description._UPPER, description._UPPER_KEYS),
    (description._LOWER, description._LOWER_KEYS),
    (description._BETWEEN, ("between", "from", "range")),
]


@pytest.mark.parametrize("pattern,keys", GATES)
def test_a_gate_never_hides_a_match(pattern, keys):
    for text in TEXTS + [t.upper() for t in TEXTS] + [t.title() for t in TEXTS]:
        if pattern.search(text):
            assert may_contain(text, keys), (pattern.pattern[:40], text)


def test_jargon_key_groups_find_every_key():
    rnd = random.Random(3)
    alphabet = list("abcdefghijklmnopqrstuvwxyz ./#$-0123456789")
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    texts += list(description._JARGON_KEYS) + ["x" + k + "y" for k in description._JARGON_KEYS]
    for text in texts:
        assert description._jargon_key_in(TextFacts(text)) == any(k in text for k in description._JARGON_KEYS), text


def test_number_patterns_need_a_digit():
    for pattern in (description._UPPER, description._LOWER, description._BETWEEN, description._PAREN_RANGE,
                    description._STATUS_DIGITS, _NUMBER):
        for text in TEXTS + ["max ٣", "up to ５ items", "between 1 and 5", "(1-10)", "Returns 200"]:
            if pattern.search(text):
                assert has_digit(text), text


@pytest.mark.parametrize("pattern", [description._DEFAULT, description._DEFAULT_NOUN])
def test_anchored_scan_finds_what_finditer_finds(pattern):
    for text in TEXTS + [t.upper() for t in TEXTS] + ["a default x, DEFAULT 'b' and default value is 3"]:
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in finditer_at(pattern, text, "default")] == expected, text


def test_message_normalization_is_the_regular_expression_one():
    whitespace = [chr(c) for c in range(0x3000 + 1) if re.match(r"\s", chr(c))]
    rnd = random.Random(7)
    alphabet = whitespace + list("ab XY.,'-0123456789") + ["٣", "İ"]
    for _ in range(20000):
        message = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        assert normalize_message(message) == _SPACE.sub(" ", _NUMBER.sub("#", message)).strip().lower()


# --- JSON positions: the reader agrees with a plain recursive parse -----------------------------------

def _reference_positions(text: str) -> dict:
    """Pointer tuple -> offset (a member's key for object members), by a straightforward recursive parse."""
    decoder = json.JSONDecoder()
    out: dict = {}
    ws = re.compile(r"[ \t\n\r]*")

    def value(i: int, path: tuple, at: int) -> int:
        out[path] = at
        i = ws.match(text, i).end()
        if text[i] == "{":
            i = ws.match(text, i + 1).end()
            if text[i] == "}":
                return i + 1
            while True:
                key_at = i
                key, i = json.decoder.scanstring(text, i + 1)
                i = ws.match(text, i).end() + 1
                i = value(ws.match(text, i).end(), path + (key,), key_at)  # the last of equal keys wins
                i = ws.match(text, i).end()
                if text[i] == "}":
                    return i + 1
                i = ws.match(text, i + 1).end()
        if text[i] == "[":
            i = ws.match(text, i + 1).end()
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = value(i, path + (str(n),), i)
                n += 1
                i = ws.match(text, i).end()
                if text[i] == "]":
                    return i + 1
                i = ws.match(text, i + 1).end()
        _, end = decoder.raw_decode(text, i)
        return end

    value(ws.match(text, 0).end(), (), ws.match(text, 0).end())
    return out


JSON_TEXTS = [
    '{"a": {"a": 1, "b": 2}, "b": {"a": 3}, "a": [1, {"a": 4}]}',
    '{"k": 1, "m": "\\u0041 \\"k\\": 3", "k": 2, "\\u006b": 5}',
    '{"a/b": 1, "a\\/b": 2, "x~y": {"": [ ]}, "e" : { } , "e" : [ 1 ,2 ] }',
    '[\n\t{"k":"v", "l": [true, false, null, -1.5e3]}\r\n,  [1,2 , [3]] ,"s"\n]',
    json.dumps({"tools": [{"name": "t", "parameters": {"type": "object", "properties": {
        "q": {"type": "string", "description": "say \"type\": x"}, "type": {"type": "integer"}}}}]}, indent=2),
]


def _data_paths(data, path: tuple = ()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _data_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _data_paths(value, path + (str(i),))


@pytest.mark.parametrize("text", JSON_TEXTS)
def test_json_positions_match_a_plain_parse(text):
    expected = _reference_positions(text)
    paths = list(_data_paths(json.loads(text)))  # what the document holds: the last of equal keys
    for order in (paths, list(reversed(paths))):
        locator = JsonLocator(text)
        for path in order:
            offset = expected[path]
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            assert locator.position(list(path)) == (line, column), path
        assert locator.position(["missing", "path"]) is None
        stale = [p for p in expected if p not in set(paths)]  # inside a value a later equal key replaced
        assert all(locator.position(list(p)) is None for p in stale)
