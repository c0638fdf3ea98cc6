"""What an error text says about a call that both schemas accept: which parameter it names, which constraint.

The error text is the only evidence of a constraint no schema states, so it is read for a parameter name of the
call (or of the tool schema) and for the words of a constraint ("at most 50 characters", "must be one of").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import node_at, schema_path

# the words of each constraint, in the order they are tried (a length before a bare bound)
_KEYWORD_WORDS = (
    ("maxLength", r"too long|(?:at most|no more than|up to|maximum(?: of)?|max(?:imum)?\s+length(?: of| is)?|"
                  r"longer than|exceeds?(?: the)?(?: maximum)?(?: length)?(?: of)?)\s*\d+\s*(?:char|letter|byte)|"
                  r"max(?:imum)?[ _-]?length|string_too_long|characters? or (?:fewer|less)"),
    ("minLength", r"too short|(?:at least|no fewer than|minimum(?: of)?|shorter than)\s*\d+\s*(?:char|letter)|"
                  r"min(?:imum)?[ _-]?length|string_too_short"),
    ("maxItems", r"too many (?:items|elements|values|entries)|(?:at most|no more than)\s*\d+\s*(?:item|element|"
                 r"value|entr)"),
    ("minItems", r"too few (?:items|elements|values|entries)|(?:at least)\s*\d+\s*(?:item|element|value|entr)"),
    ("enum", r"input should be '|one of|not a valid (?:choice|option|enum|value)|allowed values|permitted values|valid values|"
             r"invalid (?:value|choice|option|enum)|unsupported (?:value|option)|unknown (?:value|option)|"
             r"not (?:an? )?(?:allowed|supported|accepted) value|enum"),
    ("maximum", r"greater than|larger than|higher than|less than or equal|at most|no more than|maximum|"
                r"exceeds?|too (?:large|big|high|many)|must be <=?|above|out of range"),
    ("minimum", r"less than|smaller than|lower than|greater than or equal|at least|minimum|too (?:small|low|few)|"
                r"must be >=?|below|must be positive|non-negative"),
    ("format", r"\b(?:date|date-time|datetime|email|e-mail|uri|url|uuid|ipv4|ipv6|iso ?8601|timestamp)\b"),
    ("pattern", r"pattern|does not match|doesn't match|malformed|invalid format|bad format|wrong format"),
    ("type", r"should be a valid (?:integer|number|string|boolean|list|array|dict|object)|must be (?:an? )?(?:integer|number|string|boolean|bool|array|list|object)|not a valid "
             r"(?:integer|number|string|boolean)|expected (?:an? )?(?:integer|number|string|boolean|array|object)|"
             r"wrong type|invalid type"),
    ("required", r"required|missing|must be (?:provided|given|set)|cannot be empty|must not be empty"),
)
_KEYWORD_RES = [(k, re.compile(words, re.IGNORECASE)) for k, words in _KEYWORD_WORDS]
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_VALIDATION = re.compile(r"validation (?:error|failed)|invalid (?:param|argument|input|request)|bad request|"
                         r"unprocessable|schema", re.IGNORECASE)
_REJECTED = re.compile(r"invalid|not valid|not a valid|malformed|unsupported|not allowed|not permitted|rejected|"
                       r"not accepted", re.IGNORECASE)
# the schema keywords that state each constraint (the first a node has is the one an "invalid X" is about)
STATED_BY = {"enum": ("enum", "const"), "pattern": ("pattern", "format"), "format": ("format", "pattern"),
             "maximum": ("maximum", "exclusiveMaximum"), "minimum": ("minimum", "exclusiveMinimum"),
             "maxLength": ("maxLength",), "minLength": ("minLength",), "maxItems": ("maxItems",),
             "minItems": ("minItems",), "type": ("type",)}
VALIDATION_CODES = {-32602, 400, 422}
_BY_TYPE = {"maximum": {"string": "maxLength", "array": "maxItems"},
            "minimum": {"string": "minLength", "array": "minItems"}}


@dataclass
class Reading:
    param: str | None
    keyword: str | None
    number: float | None  # the bound the text names, if any
    stated: bool  # the tool schema states this constraint on this parameter (so the tool schema is wrong)
    validation: bool  # the text or code says the arguments were rejected as invalid


def read_failure(text: str, code: int | None, arguments, schema) -> Reading:
    param = named_param(text, arguments, schema)
    keyword, number = _constraint(text)
    value = _value_at(arguments, param)
    if keyword in _BY_TYPE:
        keyword = _BY_TYPE[keyword].get(_json_type(value), keyword)
    stated = False
    node = node_at(schema, schema_path(schema, param)) if param and isinstance(schema, dict) else None
    if param and node is not None:
        if keyword in STATED_BY:
            stated = any(k in node for k in STATED_BY[keyword])
        if not stated and keyword in (None, "enum") and _REJECTED.search(text or ""):
            # "invalid X": the constraint the tool schema states on X is the one the backend disagrees with
            named = next((k for k, stated_by in STATED_BY.items() if k != "type"
                          and any(s in node for s in stated_by)), None)
            if named is not None:
                keyword, stated = named, True
    validation = code in VALIDATION_CODES or bool(_VALIDATION.search(text or ""))
    return Reading(param, keyword, number, stated, validation)


def named_param(text: str, arguments, schema) -> str | None:
    """The parameter an error text names: the longest name of the call's arguments or of the schema's top-level
    properties found as a whole word."""
    if not text:
        return None
    names = set()
    if isinstance(arguments, dict):
        names.update(_leaf_paths(arguments))
    props = schema.get("properties") if isinstance(schema, dict) else None
    if isinstance(props, dict):
        names.update(k for k in props if isinstance(k, str))
    best = None
    lowered = text.lower()
    for name in names:
        leaf = name.rsplit(".", 1)[-1].replace("[]", "")
        if len(leaf) < 2:
            continue
        if _whole_word(lowered, leaf.lower()):
            if best is None or (len(leaf), name.count(".")) > (len(best.rsplit(".", 1)[-1]), best.count(".")):
                best = name
    return best


def _whole_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
            return True
        start = text.find(word, start + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _leaf_paths(value, prefix: str = "", depth: int = 0):
    if depth > 6 or not isinstance(value, dict):
        return
    for key, inner in value.items():
        if not isinstance(key, str):
            continue
        path = f"{prefix}.{key}" if prefix else key
        yield path
        if isinstance(inner, dict):
            yield from _leaf_paths(inner, path, depth + 1)


def _constraint(text: str):
    if not text:
        return None, None
    for keyword, pattern in _KEYWORD_RES:
        hit = pattern.search(text)
        if hit:
            number = _NUMBER.search(text, hit.start()) or _NUMBER.search(text)
            return keyword, (float(number.group()) if number else None)
    return None, None


def _value_at(arguments, param):
    if not param or not isinstance(arguments, dict):
        return None
    node = arguments
    for piece in param.replace("[]", "").split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(piece)
    return node


def _json_type(value) -> str | None:
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return None
