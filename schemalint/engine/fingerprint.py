"""Fingerprints that survive unrelated edits: no line numbers, no counts."""
from __future__ import annotations

import hashlib
import os
import re

_NUMBER = re.compile(r"\d+(\.\d+)?")
_SPACE = re.compile(r"\s+")


def normalize_message(message: str) -> str:
    return _SPACE.sub(" ", _NUMBER.sub("#", message)).strip().lower()


def portable_path(path: str) -> str:
    return path.replace(os.sep, "/")


def fingerprint(rule: str, file: str, tool: str | None, param: str | None, message: str) -> str:
    key = "\x1f".join([rule, portable_path(file), tool or "", param or "", normalize_message(message)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
