"""`did you mean` for a mistyped command, option, rule id or category."""
from __future__ import annotations

import difflib


def closest(word: str, choices, limit: int = 3) -> list[str]:
    """The choices nearest to `word`: close spellings first, then choices that contain it (`buried` ->
    `buried-required-param`)."""
    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=limit, cutoff=0.6)
    if len(word) >= 3:
        found += [c for c in choices if word.lower() in c.lower() and c not in found]
    return found[:limit]


def did_you_mean(word: str, choices) -> str:
    """` (did you mean `x`?)`, or "" when nothing is near."""
    found = closest(word, choices)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"`{c}`" for c in found) + "?)"
