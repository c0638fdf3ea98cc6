"""Turn API-documentation prose into text written for a model.

OpenAPI descriptions are written for client developers: HTML, markdown links,
"Returns 200", "this endpoint", "request body". A model never sees HTTP, so
those parts are rewritten or dropped, and long passages are cut to their first
sentences.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|table)\b[^>]*>", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_BARE_URL_PARENS = re.compile(r"\s*\((?:see )?https?://[^)\s]+\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z`\"'(])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|no)\.$", re.I)

# sentences that only talk about the HTTP exchange: dropped whole
_HTTP_ONLY = re.compile(
    r"\b(?:returns?|responds? with|status(?: code)?|HTTP(?:/\d(?:\.\d)?)?)\s*:?\s*\(?[1-5]\d\d\b|"
    r"\b[1-5]\d\d (?:OK|Created|Accepted|No Content|Bad Request|Unauthorized|Forbidden|Not Found|Conflict)\b|"
    r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/[\w{}/.:-]*|\bContent-Type\b|\bapplication/(?:json|x-www-form-urlencoded)\b|"
    r"\boperationId\b|#/components/|\$ref\b|\berror (?:is|will be) (?:returned|thrown)\b|\bthrows? an? error\b|"
    r"\breturns? an? error\b|\bif (?:the )?(?:request|call) (?:fails|succeeds)\b",
    re.I)
# phrases rewritten for a model (the pattern, its replacement)
_REWRITES = [
    (re.compile(r"\bthis (?:api |rest |http )?endpoint\b", re.I), "this tool"),
    (re.compile(r"\bthe (?:api |rest |http )?endpoint\b", re.I), "the tool"),
    # a webhook endpoint is a thing the API stores (Stripe's webhook_endpoints), not the HTTP route
    (re.compile(r"(?<!webhook )\bendpoints\b", re.I), "tools"),
    (re.compile(r"(?<!webhook )\bendpoint\b", re.I), "tool"),
    (re.compile(r"\b(?:json |http )?request (?:body|payload)\b", re.I), "arguments"),
    (re.compile(r"\b(?:json |http )?response (?:body|payload)\b", re.I), "result"),
    (re.compile(r"\bjson payload\b", re.I), "result"),
    (re.compile(r"\b(?:query|path|header|form|body) param(?:eter)?s?\b", re.I), "argument"),
    (re.compile(r"\brequest headers?\b", re.I), "settings"),
]
# a word every pattern of _REWRITES needs (their replacements hold none): most sentences skip all nine
_REWRITE_HINTS = ("endpoint", "request", "response", "payload", "param")
_REWRITE_WORD = re.compile("|".join(_REWRITE_HINTS), re.I)
# what every branch of _HTTP_ONLY needs: three digits, or one of these (lower case)
_HTTP_HINTS = ("/", "content-type", "operationid", "$ref", "error", "fails", "succeeds")
_THREE_DIGITS = re.compile(r"[1-5][0-9][0-9]")


def _may_hold(sentence: str, hints: tuple, pattern: re.Pattern) -> bool:
    """Whether `sentence` holds one of `hints` as `pattern` (the hints, case-insensitive) finds them. Plain
    substring tests for ASCII text; the pattern itself otherwise (its case folding goes beyond ASCII)."""
    if sentence.isascii():
        low = sentence.lower()
        return any(h in low for h in hints)
    return pattern.search(sentence) is not None


def _http_only(sentence: str) -> bool:
    """_HTTP_ONLY.search, skipped when an ASCII sentence has nothing any of its branches needs."""
    if sentence.isascii() and not _THREE_DIGITS.search(sentence):
        low = sentence.lower()
        if not any(h in low for h in _HTTP_HINTS):
            return False
    return _HTTP_ONLY.search(sentence) is not None
_WORD = re.compile(r"[A-Za-z0-9]+")
# a small word typed twice ("containing the the first handful"): a typo in the contract, not meaning
_DOUBLED = re.compile(r"\b(the|a|an|to|of|and|in|is|for|on|with|this|be|or)\s+\1\b", re.I)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def name_tokens(name) -> list[str]:
    """`searchUsersV2` -> ["search", "users", "v2"]; `bank_accounts` -> ["bank", "accounts"]."""
    if not isinstance(name, str):
        return []
    out = []
    for chunk in _NON_ALNUM.split(name):
        if chunk:
            out.extend(p.lower() for p in _CAMEL.split(chunk) if p)
    return out


def clean(text) -> str:
    """Plain text: no HTML, markdown links, emphasis or headings; one line."""
    if not isinstance(text, str) or not text.strip():
        return ""
    # each pattern runs only where the text has a character it needs (a step never adds one for a later step)
    out = text
    if "<" in out:
        out = _TAG.sub("", _BLOCK_TAG.sub(" ", out))
    out = html.unescape(out)
    if "[" in out:
        out = _MD_IMAGE.sub("", out)
        out = _MD_LINK.sub(r"\1", out)
        out = _MD_REF_LINK.sub(r"\1", out)
    if "://" in out:
        out = _BARE_URL_PARENS.sub("", out)
    if "*" in out or "__" in out:
        out = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", out)
    if "#" in out:
        out = _HEADING.sub("", out)
    out = _LIST_MARK.sub("", out)
    out = out.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    out = out.replace("\u201c", '"').replace("\u201d", '"')
    out = " ".join(out.split())  # str.split and re's \s agree on what whitespace is
    return _DOUBLED.sub(r"\1", out) if " " in out else out


def sentences(text: str) -> list[str]:
    """Sentences of cleaned text; a period after e.g./i.e. does not end one."""
    if not text:
        return []
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if parts and _ABBREVIATION.search(parts[-1][-8:]):  # it matches at most 7 characters, after a boundary
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


_REFERENCE_ONLY = re.compile(r"^(?:see|refer to|for (?:more|further) (?:details|information)|learn more|read more|"
                             r"check out)\b", re.I)


def for_model(text: str) -> list[str]:
    """Sentences with HTTP-only ones and pointers to documentation dropped, developer vocabulary rewritten."""
    return list(_model_sentences(text))


def _model_sentences(text: str):
    """`for_model`, one sentence at a time: `shorten` stops reading at its limit."""
    for sentence in sentences(text):
        if _http_only(sentence) or _REFERENCE_ONLY.search(sentence):
            continue
        if _may_hold(sentence, _REWRITE_HINTS, _REWRITE_WORD):
            for pattern, replacement in _REWRITES:
                sentence = pattern.sub(lambda m, r=replacement: _same_case(m.group(0), r), sentence)
        yield sentence


def _same_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def end(sentence: str) -> str:
    sentence = sentence.strip()
    if not sentence:
        return ""
    return sentence if sentence[-1] in ".!?" else sentence + "."


def shorten(text, max_sentences: int = 2, max_words: int = 45) -> str:
    """The first sentences of `text` for a model, within `max_words` (a cut sentence is dropped whole)."""
    if isinstance(text, str):  # specs repeat the same descriptions across operations: shorten each text once
        return _shorten_text(text, max_sentences, max_words)
    return ""  # what `clean` makes of anything but text


@lru_cache(maxsize=1 << 14)
def _shorten_text(text: str, max_sentences: int, max_words: int) -> str:
    return _shorten(text, max_sentences, max_words)


def _shorten(text, max_sentences: int, max_words: int) -> str:
    kept: list[str] = []
    count = 0
    for sentence in _model_sentences(clean(text)):
        n = len(_WORD.findall(sentence))
        if kept and (len(kept) >= max_sentences or count + n > max_words):
            break
        if not kept and n > max_words:
            sentence = _cut(sentence, max_words)
        kept.append(end(sentence))
        count += n
    return " ".join(kept)


def full_text(text, max_words: int = 150) -> str:
    """The whole description for a model (HTTP talk removed), within a generous word limit."""
    return shorten(text, max_sentences=12, max_words=max_words)


def _cut(sentence: str, max_words: int) -> str:
    """A too-long first sentence cut at a clause boundary within the word limit."""
    words = sentence.split(" ")
    head = " ".join(words[:max_words])
    for mark in (";", ",", " ("):
        at = head.rfind(mark)
        if at > len(head) // 3:
            return head[:at].rstrip(" ,;(") + "."
    return head.rstrip(" ,;(") + "."


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name in code."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:2].isupper() or not first.isalpha()):
        return text
    return text[0].lower() + text[1:]


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))
