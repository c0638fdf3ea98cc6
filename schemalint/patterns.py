"""Matching a schema's `pattern` against a value without letting the pattern hang the run.

A `pattern` comes from the file being scanned, so it is untrusted: `^(a+)+$` against forty `a`s and a `!` takes
Python's backtracking `re` minutes. Patterns are matched with RE2 (google-re2), whose time is linear in the
value. What RE2 cannot express (lookaround, backreferences: ECMA-262 has them) is matched by the `regex` module
under a hard time bound; a match that runs out of time, or a pattern neither engine reads, is "unknown" and the
caller says nothing rather than guess. Which patterns were left unchecked is kept in `unchecked` for the run's
notes.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Callable

    Matcher = Callable[[str], "bool | None"]

# seconds one fallback match may take before the pattern counts as uncheckable
FALLBACK_TIMEOUT = 0.05
# RE2's memory budget per pattern: `(a{1,1000}){1,1000}` asks for more and is refused at compile time
RE2_MAX_MEM = 8 << 20

unchecked: dict[str, str] = {}  # pattern -> why it could not be checked, in this run
_CACHE: dict[str, Matcher | None] = {}


def matcher(pattern: str) -> Matcher | None:
    """A function telling whether `pattern` finds a match in a value (True/False), or None when it could not
    tell in time; None instead of a function when neither engine reads the pattern."""
    if pattern in _CACHE:
        return _CACHE[pattern]
    found = _re2_matcher(pattern) or _fallback_matcher(pattern)
    _CACHE[pattern] = found
    return found


def search(pattern: str, value: str) -> bool | None:
    """Whether `pattern` matches somewhere in `value` (JSON Schema `pattern` is not anchored); None = unknown."""
    match = matcher(pattern)
    return None if match is None else match(value)


def _re2_matcher(pattern: str) -> Matcher | None:
    try:
        import re2
    except ImportError:  # a platform without a google-re2 wheel: every pattern takes the bounded fallback
        return None
    options = re2.Options()
    options.log_errors = False  # RE2 would print its parse errors on stderr
    options.max_mem = RE2_MAX_MEM
    try:
        compiled = re2.compile(pattern, options)
    except Exception:  # noqa: BLE001 - re2.error and the like: a construct RE2 does not have
        return None
    return lambda value: compiled.search(value) is not None


def _fallback_matcher(pattern: str) -> Matcher | None:
    import regex

    try:
        compiled = regex.compile(pattern)
    except (regex.error, RecursionError, OverflowError, ValueError):
        unchecked[pattern] = "neither RE2 nor the regex module reads it"
        return None

    def match(value: str) -> bool | None:
        try:
            return compiled.search(value, timeout=FALLBACK_TIMEOUT) is not None
        except TimeoutError:
            unchecked[pattern] = f"matching took longer than {FALLBACK_TIMEOUT * 1000:.0f} ms"
            return None

    return match
