"""Build a structured tool description from facts in the schema, annotations and sibling tools.

Nothing is invented: each sentence restates something the catalog already says.
Parts with no facts behind them are left out and named, so a person can write them.
"""
from __future__ import annotations

from functools import lru_cache

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


def _param_phrase(name: str, schema) -> str:
    if not isinstance(schema, dict):
        return name
    bits = []
    kind = schema.get("type")
    if isinstance(kind, str):
        bits.append(kind if not schema.get("format") else f"{kind}, {schema['format']}")
    if isinstance(schema.get("enum"), list) and 0 < len(schema["enum"]) <= 6:
        bits.append("one of " + ", ".join(str(v) for v in schema["enum"]))
    low, high = schema.get("minimum"), schema.get("maximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        bits.append(f"{low}-{high}")
    default = schema.get("default")
    if isinstance(default, (int, float, bool)) or isinstance(default, str) and 0 < len(default) <= 20:
        bits.append(f"default {schema['default']}")
    return f"{name} ({'; '.join(bits)})" if bits else name


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
        others = [o for o in index.siblings(tool) if first_sentence(o.description).lower() != mine]
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
