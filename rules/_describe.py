"""Build a structured tool description from facts in the schema, annotations and sibling tools.

Nothing is invented: each sentence restates something the catalog already says.
Parts with no facts behind them are left out and named, so a person can write them.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from schemalint.jsonvalue import fits

from ._text import lazy_re, name_tokens

_VERBS = {"get", "list", "search", "find", "create", "update", "delete", "remove", "add", "set", "fetch", "read",
          "write", "query", "retrieve", "post", "put", "patch", "make", "do", "run", "check", "show", "describe"}
SENTENCE_END = lazy_re(r"(?<=[.!?])\s+")

ANNOTATION_SENTENCES = (
    ("readOnlyHint", True, "It only reads data and changes nothing."),
    ("destructiveHint", True, "It can delete or overwrite data."),
    ("idempotentHint", True, "Repeating a call with the same arguments has no further effect."),
    ("openWorldHint", True, "It reaches systems outside this application."),
)


def first_sentence(text: str | None) -> str:
    if not isinstance(text, str) or not text.strip():
        return ""
    return _first_sentence(text)


@lru_cache(maxsize=16384)
def _first_sentence(text: str) -> str:
    sentence = SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def _nouns(name) -> frozenset:
    if not isinstance(name, str):
        return frozenset()
    return _name_nouns(name)


@lru_cache(maxsize=65536)
def _name_nouns(name: str) -> frozenset:
    return frozenset(t.rstrip("s") for t in name_tokens(name) if t not in _VERBS and len(t) > 2)


class SiblingIndex:
    """Tools of one catalog indexed by the things their names act on, for near-linear sibling look-ups."""

    MAX_SHARED = 25  # a noun shared by more tools than this (e.g. "data") says nothing about siblings

    def __init__(self, tools):
        self.by_noun: dict[str, list] = {}
        for t in tools:
            # first_sentence(...) is non-empty exactly for a description with a non-blank character
            if isinstance(t.name, str) and isinstance(t.description, str) and t.description.strip():
                for noun in _nouns(t.name):
                    self.by_noun.setdefault(noun, []).append(t)

    def siblings(self, tool, limit: int = 2) -> list:
        out, seen = [], {id(tool)}
        for noun in sorted(_nouns(tool.name)):
            group = self.by_noun.get(noun, ())
            if len(group) > self.MAX_SHARED:
                continue
            for other in group:
                if id(other) not in seen and other.name != tool.name:
                    seen.add(id(other))
                    out.append(other)
                    if len(out) == limit:
                        return out
        return out


def _literal(value) -> str:
    """A value as JSON writes it (true, null, "a b"), bare when it is a plain word or number."""
    if isinstance(value, str) and value and value.replace("_", "").replace("-", "").isalnum():
        return value
    return json.dumps(value, ensure_ascii=False)


def _param_phrase(name: str, schema) -> str:
    if not isinstance(schema, dict):
        return name
    bits = []
    kind = schema.get("type")
    if isinstance(kind, str):
        bits.append(kind if not schema.get("format") else f"{kind}, {schema['format']}")
    enum = schema.get("enum")
    if isinstance(enum, list) and 0 < len(enum) <= 6 and len({_literal(v) for v in enum}) == len(enum):
        bits.append("one of " + ", ".join(_literal(v) for v in enum))
    low, high = schema.get("minimum"), schema.get("maximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and not isinstance(low, bool) \
            and not isinstance(high, bool) and low <= high:
        bits.append(f"{low}-{high}")
    default = schema.get("default")
    if (isinstance(default, (int, float, bool)) or isinstance(default, str) and 0 < len(default) <= 20) \
            and fits(default, schema):
        bits.append(f"default {_literal(default)}")
    return f"{name} ({'; '.join(bits)})" if bits else name


# kinds of action a model takes for one another: reading one thing or many, writing a new one or over one
_COMPETING = {"read-one": {"read-one", "read-many"}, "read-many": {"read-one", "read-many"},
              "create": {"create", "update"}, "update": {"create", "update"}, "delete": {"delete"}}


def competes(a, b) -> bool:
    """Whether two sibling tools compete for the same request: their verbs are of overlapping kinds
    (get_invoice / list_invoices, create_price / update_price; not delete_station / search_stations)."""
    kinds_a = {ACTION_OF[t] for t in name_tokens(a) if t in ACTION_OF} if isinstance(a, str) else set()
    kinds_b = {ACTION_OF[t] for t in name_tokens(b) if t in ACTION_OF} if isinstance(b, str) else set()
    return any(kinds_b & _COMPETING[k] for k in kinds_a)


def build(tool, index: SiblingIndex, wanted: set) -> tuple[str, list[str]]:
    """The current description with sentences added for the `wanted` parts, and the parts with no facts.

    wanted: any of "purpose", "siblings", "parameters", "returns", "side-effects".
    """
    missing = []
    current = (tool.description or "").strip()
    if current:
        parts = [current if current.endswith((".", "!", "?")) else current + "."]
    else:
        words = name_tokens(tool.name)
        if not words:
            return "", ["what it does"]
        parts = [" ".join(words).capitalize() + "."]
        missing.append("what it does (only its name says so)")
    mine = first_sentence(current).lower()
    if "siblings" in wanted:
        others = [o for o in index.siblings(tool) if first_sentence(o.description).lower() != mine
                  and competes(tool.name, o.name)]
        for other in others:
            parts.append(f'If the task is rather "{first_sentence(other.description).rstrip(".")}", '
                         f"use {other.name} instead.")
        if not others:
            missing.append("when to use it rather than another tool")
    props = tool.properties
    if "parameters" in wanted:
        required = [n for n in tool.required if n in props]
        optional = [n for n in props if n not in required]
        if required:
            parts.append("Requires " + ", ".join(_param_phrase(n, props[n]) for n in required) + ".")
        if optional:
            parts.append("Optional: " + ", ".join(_param_phrase(n, props[n]) for n in optional[:6]) + ".")
    if "returns" in wanted:
        out = tool.output_schema
        if isinstance(out, dict) and isinstance(out.get("properties"), dict) and out["properties"]:
            parts.append("Returns " + ", ".join(list(out["properties"])[:6]) + ".")
        else:
            missing.append("what it returns")
    if "side-effects" in wanted:
        notes = [s for key, want, s in ANNOTATION_SENTENCES if (tool.annotations or {}).get(key) is want]
        parts.extend(notes)
        if not notes:
            missing.append("its side effects")
    return " ".join(parts), missing


# ------------------------------------------------------------------------------------------------
# tools a model could confuse: offered together, named alike, doing the same kind of thing

# providers take at most 128 tools in one request (OpenAI); a longer list is a library or a dataset
MAX_TOGETHER = 128
# verbs that name the same kind of action: search_issues and list_issues can be confused, get_state and
# set_state cannot, nor get_user (one, by key) and list_users (many): a verb in no group is its own kind
ACTION_OF = {verb: kind for kind, verbs in {
    "read-one": "get fetch retrieve read lookup show view describe",
    "read-many": "list search find query browse",
    "create": "create add insert make",
    "update": "update edit modify set patch change",
    "delete": "delete remove destroy",
}.items() for verb in verbs.split()}
# words that do not tell two tools apart: get_user vs get_user_details, search_items vs search_items_v2
WEAK_WORDS = frozenset("detail info information data by id v1 v2 v3 v4 simple advanced basic full summary "
                       "paginated page raw extended quick fast".split())


def _stem(token: str) -> str:
    """A crude singular (entries -> entry, boxes -> box, tools -> tool), shared by the description rules."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("es") and token[-3] in "sxz":
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def _stems(name: str) -> tuple:
    return tuple(_stem(t) for t in name_tokens(name))


@lru_cache(maxsize=4096)
def name_stems(name: str) -> frozenset:
    """The crude singulars of `name`'s words, as a set (`restates_name` compares descriptions with them)."""
    return frozenset(_stems(name))


# stems that do not tell two names apart on their own: weak words and verbs
_WEAK = WEAK_WORDS | ACTION_OF.keys()


def _one_and_many(a: str, b: str) -> bool:
    """One name has the plural of a word the other has in the singular: get_comment / get_comments."""
    ta, tb = Counter(name_tokens(a)), Counter(name_tokens(b))
    return any(_stem(x) == _stem(y) and x != y for x in ta - tb for y in tb - ta)


_CONTENT = lazy_re(r"[a-z0-9]{3,}")


_FILLER = frozenset("the and for with from that this these those its are was were has have can you your via "
                    "into use used using tool function which".split())


def _content_words(text) -> frozenset:
    if not isinstance(text, str):
        return frozenset()
    return frozenset(_stem(w) for w in _CONTENT.findall(text.lower()) if w not in _FILLER)


def _alike(a, b) -> bool:
    """Two descriptions that share most of their words (Jaccard over 0.5)."""
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return True  # nothing tells them apart
    return len(wa & wb) / len(wa | wb) > 0.5


def confusable(a: str, b: str) -> bool:
    """Names a model could take for one another: they differ only by verbs of one kind of action, by words
    that tell nothing apart (details, v2, ...), or by a plural, and share a word that is neither."""
    if a == b:
        return False
    sa, sb = _stems(a), _stems(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True  # search_recipe / search_recipes
    set_a, set_b = name_stems(a), name_stems(b)
    if set_a == set_b:
        return False  # the same words in another order: liter_to_gallon / gallon_to_liter
    if (set_a & set_b) <= _WEAK:
        return False  # they share no word but weak ones
    diff = set_a ^ set_b
    if not diff <= _WEAK:
        return False
    verbs_a, verbs_b = diff & set_a & ACTION_OF.keys(), diff & set_b & ACTION_OF.keys()
    if bool(verbs_a) != bool(verbs_b):
        return False  # one name adds an action the other lacks: git_branch / git_create_branch
    return len({ACTION_OF[s] for s in verbs_a | verbs_b}) <= 1


def offered_with(tool) -> tuple:
    """Tools with the same key are offered to the model together: one list in a file, or one JSON-encoded
    string of tools (a Glaive sample), not the whole file."""
    if tool.schema_pointer is not None and tool.pointer == tool.schema_pointer:
        return (tool.file, tool.pointer)
    return tool.catalog_key


class ConfusableSiblings:
    """For each tool, the name of another tool offered with it (the same list, at most MAX_TOGETHER tools) that a
    model could confuse with it: `confusable` names, and where one name is the plural of the other (one item or
    many: get_comment / get_comments) descriptions that do not tell them apart either. The first such name in
    sort order; None for a tool with none.

    Worked out per list when a tool of it is first asked about: the per-tool rules ask about the few tools that
    restate their name, so a process linting part of a catalog pairs only their lists; `every()` pairs them all."""

    def __init__(self, tools):
        self._groups: dict = {}
        for tool in tools:
            if isinstance(tool.name, str) and tool.name:
                self._groups.setdefault(offered_with(tool), []).append(tool)
        self._paired: set = set()
        self._found: dict = {}  # id(tool) -> the sibling's name

    def of(self, tool) -> str | None:
        key = offered_with(tool)
        if key not in self._paired:
            self._pair(key)
        return self._found.get(id(tool))

    def every(self) -> dict:
        """id(tool) -> its sibling's name, for every tool that has one."""
        for key in self._groups:
            if key not in self._paired:
                self._pair(key)
        return self._found

    def _pair(self, key) -> None:
        self._paired.add(key)
        group = self._groups.get(key, ())
        described: dict = {}
        for tool in group:
            described.setdefault(tool.name, tool.description)
        names = sorted(described)
        if len(names) < 2 or len(names) > MAX_TOGETHER:
            return
        by_word: dict = {}
        for name in names:
            for stem in name_stems(name) - _WEAK:
                by_word.setdefault(stem, []).append(name)
        best_of: dict = {}
        for name in names:
            candidates = sorted({o for stem in name_stems(name) - _WEAK for o in by_word[stem]})
            best = next((o for o in candidates if confusable(name, o) and (
                not _one_and_many(name, o) or _alike(described[name], described[o]))), None)
            if best is not None:
                best_of[name] = best
        for tool in group:
            if tool.name in best_of:
                self._found[id(tool)] = best_of[tool.name]
