"""Small text helpers shared by rules."""
from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")


def name_tokens(name: str) -> list[str]:
    """`searchUsersV2` -> ["search", "users", "v2"]; `tenant_id` -> ["tenant", "id"]."""
    if not isinstance(name, str):
        return []
    parts = []
    for chunk in _SPLIT.split(name):
        if chunk:
            parts.extend(p.lower() for p in _CAMEL.split(chunk) if p)
    return parts


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower()) if isinstance(text, str) else []
