"""Schema values as one short line of text for messages, and as keys for set comparisons.

The values come from untrusted files, so every one renders and nothing raises: integers beyond Python's
int-to-str limit (4300 digits; a YAML `0xFFFF...` or a 5,000-digit literal), integers beyond 64 bits (which
orjson refuses), NaN and infinities, nesting deeper than the recursion limit, non-string keys (YAML), dates and
other loader types. Text is JSON-like and compact; characters a terminal would act on (control, bidirectional
and other invisible characters) are escaped, and anything longer than the limit ends in "...".
"""
from __future__ import annotations

import json
import math
import sys

ELLIPSIS = "..."


def show_value(value, limit: int = 60) -> str:
    """`value` as compact JSON-like text of at most `limit` characters."""
    pieces: list[str] = []
    budget = [limit + 1]  # stop producing text once it is certain to be cut
    _emit(value, pieces, budget, limit)
    text = "".join(pieces)
    return text if len(text) <= limit else text[:max(limit - len(ELLIPSIS), 0)] + ELLIPSIS


def show_list(values, limit: int = 8) -> str:
    """The first `limit` values, comma separated, and how many more there are."""
    try:
        items = list(values) if isinstance(values, (list, tuple, set, frozenset, dict)) else [values]
    except TypeError:
        items = [values]
    shown = [show_value(v) for v in items[:limit]]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def int_text(value: int, limit: int | None = None) -> str:
    """Decimal digits of `value`; past `limit` characters the leading digits and the digit count. An integer
    beyond the interpreter's conversion limit is written in scientific form, marked approximate with "~"."""
    if convertible(value):
        text = str(value)
        if limit is None or len(text) <= limit:
            return text
        digits = len(text) - (value < 0)
        suffix = f"{ELLIPSIS}({digits} digits)"
        return text[:max(limit - len(suffix), 1)] + suffix
    # log10 works on integers of any size without converting them to a string
    exponent = math.log10(abs(value))
    whole = math.floor(exponent)
    mantissa = 10 ** (exponent - whole)
    if round(mantissa, 4) >= 10:
        mantissa, whole = mantissa / 10, whole + 1
    return f"{'-' if value < 0 else ''}~{mantissa:.4f}e+{whole}"


def value_key(value):
    """A hashable identity for a JSON value: equal values get equal keys, `true` differs from `1`, and `1`
    from `1.0` (as their JSON texts differ). Never raises, for any depth."""
    return _key(value, 0)


def plain_json(value, depth: int = 0) -> bool:
    """Whether `value` is JSON every consumer can write and read back: string keys, no integer beyond
    64 bits (a contract's `maximum: 0xFFFF...`), no NaN or infinity, no nesting past 64 levels."""
    if value is None or isinstance(value, (bool, str)):
        return True
    if isinstance(value, int):
        return -2**63 <= value < 2**64
    if isinstance(value, float):
        return math.isfinite(value)
    if depth > 64:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_json(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(plain_json(v, depth + 1) for v in value)
    return False


def convertible(value: int) -> bool:
    """Whether `str(value)` works under the interpreter's int-to-str limit."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    # bit_length * log10(2) is the digit count to within one; a margin keeps clear of the exact boundary
    return limit == 0 or value.bit_length() * 0.30103 < limit - 2


def _emit(value, out: list, budget: list, limit: int) -> None:
    if budget[0] <= 0:
        return
    if isinstance(value, str):
        piece = _string(value[:budget[0]])
    elif value is None:
        piece = "null"
    elif isinstance(value, bool):
        piece = "true" if value else "false"
    elif isinstance(value, int):
        piece = int_text(value, limit)
    elif isinstance(value, float):
        piece = _float(value)
    elif isinstance(value, dict):
        _container(out, budget, limit, "{", "}", value.items(), True)
        return
    elif isinstance(value, (list, tuple)):
        _container(out, budget, limit, "[", "]", value, False)
        return
    else:  # dates, times and whatever else a loader hands over
        piece = _string(_safe_str(value)[:budget[0]])
    out.append(piece)
    budget[0] -= len(piece)


def _container(out, budget, limit, opening, closing, items, keyed) -> None:
    out.append(opening)
    budget[0] -= 1
    for index, item in enumerate(items):
        if budget[0] <= 0:
            return  # cut anyway: the closing bracket would never be seen
        if index:
            out.append(",")
            budget[0] -= 1
        if keyed:
            key, item = item
            piece = _string(key[:budget[0]] if isinstance(key, str) else show_value(key, budget[0]))
            out.append(piece + ":")
            budget[0] -= len(piece) + 1
        _emit(item, out, budget, limit)
    out.append(closing)
    budget[0] -= 1


def _string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    return "".join(c if c.isprintable() else _escape(c) for c in quoted)


def _escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def _safe_str(value) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - a loader type whose str() fails still gets a name
        return f"<{type(value).__name__}>"


def _key(value, depth: int):
    if depth > 200:
        return ("deep",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", _float(value)) if value != value or math.isinf(value) else ("float", value)
    if isinstance(value, str):
        return ("str", value)
    if value is None:
        return ("null",)
    if isinstance(value, dict):
        return ("object", tuple(sorted(((_key_text(k), _key(v, depth + 1)) for k, v in value.items()),
                                       key=lambda pair: pair[0])))
    if isinstance(value, (list, tuple)):
        return ("array", tuple(_key(v, depth + 1) for v in value))
    return ("other", type(value).__name__, _safe_str(value))


def _key_text(key) -> str:
    return key if isinstance(key, str) else show_value(key, 10_000)
