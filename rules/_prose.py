"""Closed value lists that descriptions write in other shapes than "one of: a, b".

`rules/description.py` reads the common shape (a trigger such as "one of" or "possible values:" and a
quoted or colon-led list). The readers here cover what real catalogs also write, measured on
tests/fixtures/prose_constraints.jsonl:

- a JSON list after an "[Enum]:" or "Enum:" label (`[Enum]: ["on", "off", "auto"]`, BFCL live);
- a pipe list: `send | receive | self_transfer`, `en|cn|es` after a colon;
- "can be 'a' or 'b'", "either metric or imperial", "choose between 'imperial' and 'metric'";
- a bare list after a trigger without a colon ("One of cpp, python, go", "The possible values are male or
  female");
- RST/markdown bullets under a trigger (`Valid values:` then `- ``"ALL_USERS"`` — ...`);
- numeric lists ("Allowed values: 60, 300, 600").

Each returns the values or None; None whenever the list could be open ("e.g.", "such as") or the words
describe the value rather than name it ("either absolute or relative").
"""
from __future__ import annotations

import json
import re

from ._text import lazy_re, may_contain
from ._textfacts import text_facts

_ENUM_LABEL = lazy_re(r"\[?\benum\]?\s*:\s*(\[[^\[\]\n]{1,600}\])", re.I)
_PIPE_ITEM = r"(?:``[^`\n|]{1,40}``|`[^`\n|]{1,40}`|'[^'\n|]{1,40}'|\"[^\"\n|]{1,40}\"|[A-Za-z0-9_][\w.\-/+]{0,30})"
# a whole pipe list: the description itself, or after a colon / the start of a sentence
_PIPE_LIST = lazy_re(r"(?:^|[:(]\s*|[.;]\s+)(" + _PIPE_ITEM + r"(?:\s*\|\s*" + _PIPE_ITEM + r")+)\s*(?=[.;)]|$)")
_QUOTED_ITEM = r"(?:``([^`\n]{1,40})``|`([^`\n]{1,40})`|'([^'\n]{1,40})'|\"([^\"\n]{1,40})\"|“([^”\n]{1,40})”)"
_BARE_WORD = r"([A-Za-z0-9_][\w.\-]{0,30})"
# "can be 'a' or 'b'", "either 'a', 'b' or 'c'" (quoted), and "either metric or imperial" (bare, ends the clause)
# "'gini' for the Gini impurity or 'entropy' for the information gain": an item may carry its meaning
_FOR = r"(?:\s+(?:for|to|means?|=)\s+[^'\"`.;,()]{1,60}?)?"
_CAN_BE_QUOTED = lazy_re(
    r"\b(?:(?:can|could|must|should|may|will) be|either|is|are|accepts?|takes?|use|set (?:it )?to|pass)\s+"
    r"(?:either\s+|one of\s+)?"
    r"((?:" + _QUOTED_ITEM + _FOR + r"\s*,\s*)*" + _QUOTED_ITEM + _FOR + r",?\s+(?:or|and)\s+" + _QUOTED_ITEM +
    _FOR + r")"
    r"(?=\s*(?:[.;,)]|$|\(|\bdefault|\bif\b|\bwhen\b|\bto\b|\bfor\b))", re.I)
_EITHER_BARE = lazy_re(r"\beither\s+" + _BARE_WORD + r"\s+or\s+" + _BARE_WORD + r"\s*(?=[.;)]|,\s*default|$)",
                       re.I)
_BETWEEN_QUOTED = lazy_re(r"\b(?:choose|choosing|select|pick) between\s+" + _QUOTED_ITEM + r"\s+and\s+"
                          + _QUOTED_ITEM, re.I)
# a trigger without a colon, followed by a bare list that ends the sentence
_BARE_TRIGGER = lazy_re(r"\b(?:^|\.\s+)?(?:one of|(?:possible|allowed|valid|accepted|supported) values (?:are|is)|"
                        r"options are|choices are|values are)\s+(?!the\b|a\b|an\b|these\b|those\b|them\b|its\b)",
                        re.I)
_BULLET = lazy_re(r"^\s*[-*•]\s+(?:``|`|\*\*)?[\"']?([A-Za-z0-9_][\w.\-/+]{0,40})[\"']?(?:``|`|\*\*)?"
                  r"\s*(?:[—–:-]|\(|$)", re.M)
_BULLET_TRIGGER = lazy_re(r"\b(?:valid|allowed|possible|accepted|supported|available) (?:values|options)\s*:?\s*"
                          r"(?:are\s*:?\s*)?$|\b(?:one of|options|choices|values)(?:\s+are)?\s*:\s*$", re.I | re.M)
_NUMBER_LIST = lazy_re(r"\b(?:(?:allowed|valid|possible|accepted|supported) values|one of|options)(?: are| is)?"
                       r"\s*:?\s*(-?\d+(?:\.\d+)?(?:\s*(?:,|or|and|,\s*or|/)\s*-?\d+(?:\.\d+)?)+)(?![\d.]*\w)", re.I)
_OPEN = lazy_re(r"\b(?:e\.g\.|eg\.|such as|for example|for instance|like|including|include|includes|etc|"
                r"and more|among others|or similar|or other|or any|custom|examples?)\b", re.I)
# words that describe a value instead of naming it: "either absolute or relative", "can be empty or null"
_DESCRIBING = frozenset(
    "absolute relative positive negative empty blank null none omitted unset provided specified set used "
    "ignored optional required present missing given known unknown single multiple local global full partial "
    "true false a an the one both more less higher lower".split())
_KEYS = ("enum", "|", " or ", "one of", "values", "options", "choices", "between", "either")


def _first(groups) -> str:
    return next(g for g in groups if g is not None)


def _clean(value: str) -> str:
    value = value.strip()
    if value[:1] not in "`'\"":
        value = value.rstrip(".")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip("`").strip()


def extra_prose_enum(desc: str, skip=None):
    """(values, quoted) for a closed list in one of the shapes above, or None; `skip(values)` rejects a list
    (one naming other parameters) so that the next reader is tried."""
    lowered = text_facts(desc).lower
    if not may_contain(lowered, _KEYS):
        return None
    for reader in (_enum_label, _pipe_list, _can_be, _bare_after_trigger, _bullets, _numbered):
        found = reader(desc, lowered)
        if found is not None:
            values, quoted = found
            values = list(dict.fromkeys(v for v in values if v))
            if len(values) >= 2 and not (skip and skip(values)):
                return values, quoted
    return None


def _enum_label(desc, lowered):
    m = _ENUM_LABEL.search(desc) if "enum" in lowered else None
    if not m:
        return None
    try:
        values = json.loads(m.group(1))
    except ValueError:
        return None
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return values, True
    return None


def _pipe_list(desc, lowered):
    if "|" not in desc:
        return None
    for m in _PIPE_LIST.finditer(desc):
        text = m.group(1)
        before = desc[:m.start(1)]
        items = [_clean(x) for x in text.split("|")]
        # bare pipes without spaces are regex alternations or shell syntax unless a colon introduces them
        if " | " not in text and not before.rstrip().endswith(":") and not all(
                x.strip()[:1] in "`'\"" for x in text.split("|")):
            continue
        if _OPEN.search(desc[max(0, m.start() - 40):m.start()]):
            continue
        if all(re.fullmatch(r"[\w.\-/+ ]{1,40}", x) for x in items) and not any(" " in x for x in items):
            return items, any(x.strip()[:1] in "`'\"" for x in text.split("|"))
    return None


# every match of _CAN_BE_QUOTED and _BETWEEN_QUOTED holds one of these, every match of _EITHER_BARE the word
_QUOTES = ("'", '"', "`", "“")


def _can_be(desc, lowered):
    quoted = any(q in desc for q in _QUOTES)
    for m in _CAN_BE_QUOTED.finditer(desc) if quoted and may_contain(lowered, ("or", "and")) else ():
        if _OPEN.search(desc[max(0, m.start() - 30):m.end() + 15]):
            continue
        values = [_first(q.groups()) for q in re.finditer(_QUOTED_ITEM, m.group(1))]
        return [_clean(v) for v in values], True
    for m in _BETWEEN_QUOTED.finditer(desc) if quoted and may_contain(lowered, ("between",)) else ():
        groups = m.groups()
        return [_clean(_first(groups[:5])), _clean(_first(groups[5:]))], True
    for m in _EITHER_BARE.finditer(desc) if may_contain(lowered, ("either",)) else ():
        values = [_clean(m.group(1)), _clean(m.group(2))]
        if any(v.lower() in _DESCRIBING for v in values):
            continue
        if _OPEN.search(desc[max(0, m.start() - 30):m.end() + 15]):
            continue
        return values, False
    return None


_BRACKET_LIST = lazy_re(r"\b(?:options|values|choices|one of)(?: are| is)?\s*:?\s*\[([^\[\]\n]{1,200})\]", re.I)


# every match of _BARE_TRIGGER holds one of these
_BARE_TRIGGER_KEYS = ("one of", "values are", "values is", "options are", "choices are")


def _bare_after_trigger(desc, lowered):
    m = _BRACKET_LIST.search(desc) if "[" in desc else None
    if m and not m.group(1).lstrip().startswith(("\"", "{")):
        items = [_clean(x) for x in m.group(1).split(",")]
        if len(items) >= 2 and all(re.fullmatch(r"[A-Za-z0-9_][\w.\-/+]{0,30}", x) for x in items):
            return items, False
    for m in _BARE_TRIGGER.finditer(desc) if may_contain(lowered, _BARE_TRIGGER_KEYS) else ():
        rest = desc[m.end():m.end() + 200]
        end = re.search(r"[.;\n](?:\s|$)|[.;]$|$", rest)
        segment = rest[:end.start()] if end else rest
        segment = re.sub(r"\s*\([^()]{1,40}\)\s*$", "", segment)  # "(case-insensitive)"
        if _OPEN.search(segment):
            continue
        items = [x.strip(" .;)") for x in re.split(r",|\bor\b|\band\b|/", segment)]
        items = [_clean(x) for x in items if x.strip(" .;)")]
        if len(items) >= 2 and all(re.fullmatch(r"[A-Za-z0-9_][\w.\-/+]{0,30}", x) for x in items) and \
                not any(x.lower() in _DESCRIBING for x in items):
            return items, False
    return None


# every match of _BULLET_TRIGGER holds one of these
_BULLET_TRIGGER_KEYS = ("values", "options", "one of", "choices")


def _bullets(desc, lowered):
    if "\n" not in desc or not may_contain(lowered, _BULLET_TRIGGER_KEYS):
        return None
    for m in _BULLET_TRIGGER.finditer(desc):
        values = []
        for line in desc[m.end():].lstrip("\n").split("\n"):
            if not line.strip():
                if values:
                    break
                continue
            b = _BULLET.match(line)
            if not b:
                break
            values.append(b.group(1))
        if len(values) >= 2:
            return values, True
    return None


_NUMBERED_TRIGGER = lazy_re(r"\b(?:options|values|choices|methods|actions|operations)(?: are| is)?\s*:", re.I)
_NUMBERED_ITEM = lazy_re(r"(?:^|\s)(\d{1,2})[.)]\s+[`'\"]?([A-Za-z_][\w.\-]{0,40})[`'\"]?\s*(?:[-–—:]|\()")


def _numbered(desc, lowered):
    """"Possible options: 1. get - Get details ... 2. get_diff - ...": the names of a numbered list."""
    m = _NUMBERED_TRIGGER.search(desc) if may_contain(lowered, ("options", "values", "choices", "methods",
                                                                       "actions", "operations")) else None
    if not m:
        return None
    values = []
    for item in _NUMBERED_ITEM.finditer(desc, m.end()):
        if int(item.group(1)) != len(values) + 1:
            break
        values.append(item.group(2))
    return (values, True) if len(values) >= 2 else None


def prose_number_list(desc: str):
    """The numbers of a closed numeric list ("Allowed values: 60, 300, 600"), or None."""
    if not may_contain(text_facts(desc).lower, ("values", "one of", "options")):
        return None
    m = _NUMBER_LIST.search(desc)
    if not m or _OPEN.search(desc[m.start():m.end() + 20]):
        return None
    values = []
    for text in re.findall(r"-?\d+(?:\.\d+)?", m.group(1)):
        number = float(text)
        values.append(int(number) if number.is_integer() and "." not in text else number)
    values = list(dict.fromkeys(values))
    return values if len(values) >= 2 else None


# "Defaults to markdown.", "(default: json)", "Default is metric if not specified": one bare word that ends the clause
_BARE_DEFAULT = lazy_re(r"\bdefaults?(?:\s+value)?(?:\s+(?:is|to|=|will be|set to)\s*|\s*[:=]\s*)"
                        r"([A-Za-z_][\w\-]{0,30}(?:\.[A-Za-z]\w*)?)\s*"
                        r"(?=[.;,)\]]|$|\s+(?:if|when|unless|in case)\b|\s*\()", re.I)
_NOT_A_WORD_VALUE = frozenset(
    "the a an is to of if in on it this that when for and or as be value values behavior behaviour setting "
    "settings current all any no not empty blank unset unspecified omitted system user server repository repo "
    "branch api account now today provider configured global same first last latest one none null true false "
    "nothing everything auto automatic enabled disabled yes on off zero unlimited infinite none_of their its "
    "your our his her".split())


def bare_string_default(desc: str) -> str | None:
    """The one unquoted word a description names as a string parameter's default, or None."""
    if "efault" not in desc:
        return None
    found = {m.group(1) for m in _BARE_DEFAULT.finditer(desc)}
    if len(found) != 1:
        return None
    value = found.pop()
    if value.lower() in _NOT_A_WORD_VALUE or value.lower() in _DESCRIBING:
        return None
    return value
