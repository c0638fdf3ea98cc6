"""Small text helpers shared by rules."""
from __future__ import annotations

import re
from functools import lru_cache

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_WORDS = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"\d")


def name_tokens(name: str) -> list[str]:
    """`searchUsersV2` -> ["search", "users", "v2"]; `tenant_id` -> ["tenant", "id"]."""
    if not isinstance(name, str):
        return []
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple:
    parts = []
    for chunk in _SPLIT.split(name):
        if chunk:
            parts.extend(p.lower() for p in _CAMEL.split(chunk) if p)
    return tuple(parts)


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower()) if isinstance(text, str) else []


def has_digit(text: str) -> bool:
    """Whether `text` holds a decimal digit (what `\\d` matches): a cheap gate before number-reading patterns."""
    return _DIGIT.search(text) is not None


def may_contain(text: str, keys) -> bool:
    """False only when no case-insensitive (re.I) match of a pattern can be in `text`, given lower-case
    ASCII `keys` one of which every match contains. Non-ASCII text always answers True: there, case
    folding (`ſ`, `K`, `İ`) can match a pattern letter that `str.lower()` does not turn into it."""
    if not text.isascii():
        return True
    low = text.lower()
    for key in keys:
        if key in low:
            return True
    return False


def finditer_at(pattern, text: str, anchor: str):
    """`pattern.finditer(text)` for a pattern whose every match starts with `anchor` (lower-case ASCII,
    matched case-insensitively). Only the places where the anchor occurs are tried, rather than every
    position; a lookbehind or `\\b` at the start still sees the text before them."""
    if not text.isascii():
        return pattern.finditer(text)
    low = text.lower()
    found = []
    pos = low.find(anchor)
    while pos >= 0:
        match = pattern.match(text, pos)
        if match is None:
            pos = low.find(anchor, pos + 1)
        else:
            found.append(match)
            pos = low.find(anchor, match.end())
    return found


class LazyPattern:
    """`re.compile(pattern, flags)`, compiled on first use.

    Rule modules hold well over a hundred patterns; compiling them all at import costs a small
    run more than linting its file. The first attribute look-up compiles the pattern and binds
    its methods to this object, so later calls cost what calls on the compiled pattern cost.
    """

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_source":
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        self.pattern, self.flags = compiled.pattern, compiled.flags
        self.groups, self.groupindex = compiled.groups, compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


# CJK ideographs, kana and hangul: scripts written without spaces between words
_CJK = lazy_re(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words in `text` as a reader counts them: whitespace-separated words, and for scripts written without
    spaces (Chinese, Japanese, Korean) one word per two characters, the average word length there."""
    if not isinstance(text, str):
        return 0
    if text.isascii():
        return len(text.split())
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    rest = sum(1 for w in _CJK.sub(" ", text).split() if any(c.isalnum() for c in w))
    return rest + (cjk + 1) // 2
