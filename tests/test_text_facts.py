"""The shared reading of a string (rules/_textfacts.py) and the shortcuts the description rules take with it
give the answers of the plain computations they replace, on texts chosen to hit their edge cases: upper case,
non-ASCII letters that case folding matches (ſ, K, ı), digits of other scripts, and real descriptions."""
from __future__ import annotations

import json
import os
import random
import re

import pytest

from schemalint.rules import _describe, _prose, _textfacts, description, restated
from schemalint.rules._text import has_digit, may_contain, words
from schemalint.rules._textfacts import TextFacts, text_facts

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "prose_constraints.jsonl")

JARGON_PARTS = [
    "Returns 200", "returns 201 created", "status code: 204", "HTTP/1.1 200", "200 OK", "201 Created", "204 No Content",
    "Returns200", "responds with 202", "Returns 200 ms", "JSON payload", "request body", "response BODY", "somebody",
    "header parameter", "form params", "request headers", "the parameter", "GET /v1/items", "POST /users/{id}",
    "get /x", "DELETE /a", "Content-Type", "application/json", "operationId", "swagger", "ſwagger",
    "#/components/schemas/User", "$ref", "http://localhost:8080/x", "localhost:3000", "127.0.0.1", "0.0.0.0",
    "10.1.2.3", "192.168.0.1", "172.16.0.5", "172.40.0.1", "db.internal", "printer.local", "x.corp", "y.lan",
    "z.intranet", "use 172.17.0.1 instead", "e.g. localhost:1", "the server runs on localhost:8080", "retuRns ２００",
    "\u212a", "ıf", "Version 2.0.", "10. Done", "Top 10.", "plain words", "See page 2", "",
]
TEXTS = [
    "Use this when the user asks.", "One of: a, b, c", "Possible values are 'x' or 'y'", "either x or y",
    "EITHER metric OR imperial", "Can be 'asc' or 'desc'.", "choose between 'imperial' and 'metric'",
    "The possible values are male or female", "Options are fast, slow", "values is a, b", "\u201cup\u201d or "
    "\u201cdown\u201d", "eıther x or y", "Max 50", "between 1 and 5", "Defaults to 30.", "The mode.", "Bucket name.",
    "The unit of temperature", "Gets a user.", "get the user's profile", "", "   ", "a-b-c-d-e-f-g-h-i", "K",
    "Name of the repository owner (user or organization).", "ID", "用户 ID", "x " * 9, "x " * 8,
]


def _real_descriptions() -> list:
    with open(FIXTURE, encoding="utf-8") as f:
        return [json.loads(line)["description"] for line in f if line.strip()]


def _variants(texts) -> list:
    return [v for t in texts for v in (t, t.upper(), t.title(), t.replace("s", "ſ"), t.replace("i", "ı"))]


def _random_jargon_texts(count: int) -> list:
    rnd = random.Random(20)
    return [" ".join(rnd.choice(JARGON_PARTS) for _ in range(rnd.randint(1, 4))) for _ in range(count)]


def test_facts_are_the_plain_computations():
    for text in _variants(TEXTS + JARGON_PARTS + _real_descriptions()):
        facts = TextFacts(text)
        assert facts.lower == text.lower()
        assert facts.ascii == text.isascii()
        assert facts.digit == has_digit(text)
        assert list(facts.words) == words(text)
        for keys in (("either",), ("one of", "values"), ("mandatory", "required"), ("2",), ("k",)):
            assert facts.may(keys) == may_contain(text, keys), (text, keys)


def test_shared_analysis_runs_once_per_string():
    calls = []

    def analysis(text):
        calls.append(text)
        return len(text)

    text = "a string read by several rules"
    assert text_facts(text).shared(analysis) == len(text)
    assert text_facts(text).shared(analysis) == len(text)  # the next rule's read
    assert calls == [text]


def test_the_cache_keeps_recent_strings_only():
    _textfacts._RECENT.clear()
    first = text_facts("first")
    assert text_facts("first") is first
    for i in range(_textfacts._RECENT_MAX + 10):
        text_facts(f"string {i}")
    assert len(_textfacts._RECENT) <= _textfacts._RECENT_MAX
    assert text_facts("first") is not first  # dropped with the others, read again


def _plain_jargon(text: str):
    """description._jargon_in as it read before the gates: one key test, then every pattern in order."""
    low = text.lower()
    if not any(k in low for k in description._JARGON_KEYS) and not (
            has_digit(text) and description._STATUS_DIGITS.search(text)):
        return None
    for pattern, label in description._JARGON:
        m = pattern.search(text)
        if m:
            return label, m.group(0)
    m = description._INTERNAL_URL.search(text)
    if m and not description._EXAMPLE_CUE.search(text[max(0, m.start() - 40):m.start()]) \
            and not description._instruction_around(text, m):
        return "an internal URL", m.group(0)
    return None


def test_jargon_gates_find_what_every_pattern_finds():
    texts = _variants(JARGON_PARTS) + _random_jargon_texts(4000) + _real_descriptions()
    found = 0
    for text in texts:
        expected = _plain_jargon(text)
        assert description._jargon_in(text) == expected, text
        found += expected is not None
    assert found > 1000  # the comparison really exercised every pattern


@pytest.mark.parametrize("count", [0, 1, 5, 8])
def test_word_count_shortcut_is_the_word_count(count):
    rnd = random.Random(count)
    alphabet = list("ab1 -_.,'\n")
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    for text in texts + [t.lower() for t in TEXTS]:
        assert bool(description._more_words(count).match(text)) == (len(words(text)) > count), text


def test_restated_name_shortcut_is_the_plain_reading():
    names = ["mode", "bucket_name", "get_user", "repository_owner", "unit", "userId", "tmdb_id", "the_value"]
    for text in _variants(TEXTS) + _real_descriptions():
        if not text.isascii():
            continue
        kept = [w for w in re.findall(r"[A-Za-z0-9]+", text) if w.lower() not in restated._FILLER]
        for name in names:
            plain = bool(kept) and description.restates_name(" ".join(kept), name, 5)
            assert restated._only_name_words(words(text), name) == plain, (text, name)


# each gate the value-list readers of _prose.py take before a pattern: every match holds the gate's words
READER_GATES = [
    (_prose._CAN_BE_QUOTED, lambda text: any(q in text for q in _prose._QUOTES)
     and may_contain(text.lower(), ("or", "and"))),
    (_prose._BETWEEN_QUOTED, lambda text: any(q in text for q in _prose._QUOTES)
     and may_contain(text.lower(), ("between",))),
    (_prose._BULLET_TRIGGER, lambda text: may_contain(text.lower(), _prose._BULLET_TRIGGER_KEYS)),
    (_prose._EITHER_BARE, lambda text: may_contain(text.lower(), ("either",))),
    (_prose._BARE_TRIGGER, lambda text: may_contain(text.lower(), _prose._BARE_TRIGGER_KEYS)),
]


@pytest.mark.parametrize("pattern,gate", READER_GATES)
def test_value_list_gates_never_hide_a_match(pattern, gate):
    matched = 0
    for text in _variants(TEXTS + _real_descriptions()):
        if pattern.search(text):
            matched += 1
            assert gate(text), (pattern.pattern[:40], text)
    assert matched > 0


def test_a_text_without_list_words_lists_no_values():
    """enum-only-in-prose returns before reading the schema's types when the text has none of _ENUM_ANY_KEYS:
    neither reading of a string list nor of a number list finds anything there."""
    checked = 0
    for text in _variants(TEXTS + _real_descriptions() + JARGON_PARTS):
        if not text_facts(text).may(description._ENUM_ANY_KEYS):
            checked += 1
            assert description.parse_prose_enum(text) is None, text
            assert _prose.prose_number_list(text) is None, text
        elif description.parse_prose_enum(text) is not None:
            checked += 1
    assert checked > 100


def _plain_mentions(text: str, name: str) -> bool:
    """documents_param's reading of a text that holds the name, with the patterns compiled for the name."""
    entry, tag, quoted, word = description._mention_patterns(name)
    if entry.search(text) or tag.search(text) or quoted.search(text):
        return True
    return bool(description._IDENTIFIER.search(name)) and word.search(text) is not None


MENTION_NAMES = ["q", "id", "query", "user_id", "maxResults", "x.y", "a-b", "v2", "Name", "page[size]", "n_"]
MENTION_PARTS = ["{n}: the text", "- {n} (str): x", "  * `{n}` - y", "{n} -- z", "{n}\u2013a", ":param {n}:",
                 ":param str {n}: q", "@param {{string}} {n} the", "@param [{n}]", "'{n}'", "`{n}`", "{n}=10",
                 "{{ {n}: 10 }}", "the {n} value", "my{n}", "{n}s", ".{n}", "{n}-x", "_{n}_", "({n})", "{n}",
                 "\n", " ", ",", ":", "=", "-", "`", "(int, optional)", "Args:\n  ", "{N}: upper"]


def _mention_texts(name: str, rnd, count: int) -> list:
    parts = [p.replace("{n}", name).replace("{N}", name.upper()).replace("{{", "{").replace("}}", "}")
             for p in MENTION_PARTS]
    return ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5))) for _ in range(count)]


def test_name_mentions_read_in_place_are_the_compiled_patterns():
    rnd = random.Random(7)
    found = 0
    for name in MENTION_NAMES:
        for text in _mention_texts(name, rnd, 600) + [d for d in _real_descriptions() if name in d.lower()]:
            if name.lower() not in text.lower() or not text.isascii():
                continue
            expected = _plain_mentions(text, name)
            assert description._mentioned_at(text, name) == expected, (name, text)
            assert description.documents_param(text, name) == expected, (name, text)
            found += expected
    assert found > 1000


def test_words_of_a_name_are_found_as_the_plain_search_finds_them():
    rnd = random.Random(11)
    names = ["tmdb_id", "maxResults", "user-name", "a_b_c", "pageSize2"]
    seps = [" ", "_", "-", "  ", "\t", "\n", "", ".", "__"]
    for name in names:
        tokens = description.name_tokens(name)
        for _ in range(300):
            words_ = [rnd.choice([t, t.upper(), t.title(), t + "x"]) for t in tokens]
            text = rnd.choice(["", "the ", "x", "_"]) + "".join(w + rnd.choice(seps) for w in words_)
            plain = re.search(r"\b" + r"[\s_-]+".join(map(re.escape, tokens)) + r"\b", text, re.I) is not None
            assert description._names_param(text, name) == plain, (name, text)


def test_jargon_key_test_on_the_shared_reading_finds_every_key():
    rnd = random.Random(5)
    alphabet = list("abcdefghijklmnopqrstuvwxyz ./#$-0123456789ABC")
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    texts += list(description._JARGON_KEYS) + ["x" + k.upper() + "y" for k in description._JARGON_KEYS]
    for text in texts + JARGON_PARTS:
        expected = any(k in text.lower() for k in description._JARGON_KEYS)
        assert description._jargon_key_in(TextFacts(text)) == expected, text


def _plain_confusable(a: str, b: str) -> bool:
    """_describe.confusable with a set built per call and each stem tested on its own."""
    sa, sb = _describe._stems(a), _describe._stems(b)
    if a == b or not sa or not sb:
        return False
    if sa == sb:
        return True
    set_a, set_b = set(sa), set(sb)
    weak = lambda s: s in _describe.WEAK_WORDS or s in _describe.ACTION_OF  # noqa: E731
    if set_a == set_b or all(weak(s) for s in set_a & set_b) or not all(weak(s) for s in set_a ^ set_b):
        return False
    verbs_a = (set_a ^ set_b) & set_a & _describe.ACTION_OF.keys()
    verbs_b = (set_a ^ set_b) & set_b & _describe.ACTION_OF.keys()
    if bool(verbs_a) != bool(verbs_b):
        return False
    return len({_describe.ACTION_OF[s] for s in verbs_a | verbs_b}) <= 1


def test_confusable_names_with_cached_stem_sets_are_the_plain_reading():
    rnd = random.Random(13)
    words_ = ["get", "list", "search", "create", "update", "delete", "user", "users", "issue", "issues", "details",
              "v2", "by", "id", "repo", "branch", "set", "state", "data", "info", "entries", "entry", "box", "boxes"]
    names = {"_".join(rnd.choice(words_) for _ in range(rnd.randint(1, 4))) for _ in range(400)}
    names = sorted(names) + ["getUser", "get_user", "GetUsers", "", "x"]
    pairs = 0
    for a in names:
        for b in rnd.sample(names, 40):
            assert _describe.confusable(a, b) == _plain_confusable(a, b), (a, b)
            pairs += _plain_confusable(a, b)
    assert pairs > 50


@pytest.mark.parametrize("text", ["", "no digits here", "v2", "0", "9 lives", "x" * 300 + "7", "page\n5\t",
                                  "٣ items", "ten ２", "𝟙 bold one", "Ⅻ roman", "²", "naïve", "\u0663", "abc١"])
def test_has_digit_is_what_backslash_d_matches(text):
    expected = re.search(r"\d", text) is not None
    assert _textfacts.has_digit(text, text.isascii()) == expected
    assert TextFacts(text).digit == expected == has_digit(text)
