"""One reading of a string, shared by every rule that reads it.

A parameter description is read by a dozen rules in a row (defaults, limits, allowed values, jargon, required
or optional, restated names). Each used to lower-case it, split it into words and test it for digits and key
phrases on its own. `text_facts(text)` returns one small object per string whose facts are computed on first
read and kept (functools.cached_property), so a rule pays only for what it reads and the next rule reads it
for free. `shared(fn)` keeps the result of a rule module's own analysis (a parsed default, a jargon hit) for
the other rules that ask for it.

The cache holds the most recent strings only: the rules of one schema node run one after another, so a small
cache catches every repeat without growing with the catalog.
"""
from __future__ import annotations

from functools import cached_property

from ._text import _DIGIT, words


class TextFacts:
    """Facts about one string; never changed after they are computed.

    The lower-cased text, whether it is ASCII and whether it holds a digit are read for nearly every string,
    and computing them costs less than a first read of a cached_property (about 1 µs on Python 3.11), so they
    are computed at once; the costlier facts wait for their first reader.
    """

    def __init__(self, text: str):
        self.text = text
        self.lower = text.lower()
        self.ascii = text.isascii()
        self.digit = has_digit(text, self.ascii)  # a decimal digit (what `\\d` matches): `_text.has_digit`

    @cached_property
    def words(self) -> tuple:
        """The lower-case ASCII words ([a-z0-9]+) of the lower-cased text (`_text.words`)."""
        return tuple(words(self.text))

    def may(self, keys) -> bool:
        """`_text.may_contain(text, keys)`, with the lower-cased text read once per string."""
        if not self.ascii:
            return True
        low = self.lower
        for key in keys:
            if key in low:
                return True
        return False

    def shared(self, fn):
        """fn(text), computed once per string for every rule that asks (fn must depend on the text alone)."""
        found = self.__dict__.setdefault("_shared", {})
        try:
            return found[fn]
        except KeyError:
            value = found[fn] = fn(self.text)
            return value


def has_digit(text: str, ascii_text: bool) -> bool:
    """Whether `text` (ASCII when `ascii_text`) holds a decimal digit, what `\\d` matches (`_text.has_digit`).
    Most texts hold none: ten one-character searches of an ASCII text (memchr) cost a third of the regex's scan
    to the end. Other scripts have digits of their own, which the regex knows."""
    if ascii_text:
        return "0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text \
            or "6" in text or "7" in text or "8" in text or "9" in text
    return _DIGIT.search(text) is not None


_RECENT: dict = {}
_RECENT_MAX = 2048


def text_facts(text: str) -> TextFacts:
    """The facts of `text`, shared with the rules that read the same string before or after. Only recent strings
    are kept: the rules of one schema node run one after another, and the cache is emptied when it is full."""
    facts = _RECENT.get(text)
    if facts is None:
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.clear()
        facts = _RECENT[text] = TextFacts(text)
    return facts
