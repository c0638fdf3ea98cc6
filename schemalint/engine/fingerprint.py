"""Fingerprints that survive unrelated edits: no line numbers, no counts, no dependence on the current folder.

A fingerprint hashes the rule, the file (relative to the repository root, so running from a subfolder
changes nothing), the tool name, the parameter path, the message id and the data that identify the finding
(`message_fingerprint`), so rewording a message changes nothing. Version-1 baselines hashed the message with
its numbers blanked out instead (`portable_fingerprint`); that value is still computed, to read them.
Findings that still collide within one run (two unnamed tools in a file, a rule reporting the same
parameter twice) are told apart by `assign_occurrences`, which numbers them in file order.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import orjson

from ..hashing import sha256

_NUMBER = re.compile(r"\d+(\.\d+)?")
_SPACE = re.compile(r"\s+")
# a folder holding one of these is the root that fingerprinted paths are relative to
_ROOT_MARKERS = (".git", ".hg")


_DIGIT = re.compile(r"\d")


def normalize_message(message: str) -> str:
    if _DIGIT.search(message):
        message = _NUMBER.sub("#", message)
    # str.split() and re's \s agree on what whitespace is: this is _SPACE.sub(" ", message).strip()
    return " ".join(message.split()).lower()


@lru_cache(maxsize=1024)
def project_root(folder: str) -> str | None:
    """The nearest enclosing repository root of an absolute folder, or None."""
    while True:
        if any(os.path.exists(os.path.join(folder, marker)) for marker in _ROOT_MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def portable_path(path: str) -> str:
    """`path` relative to its repository root with forward slashes; as given (normalized) outside a repository."""
    if path in ("-", "") or path.startswith("mcp:"):  # a live server's document is no path
        return path
    return _portable(os.getcwd(), path)


@lru_cache(maxsize=4096)
def _portable(cwd: str, path: str) -> str:
    absolute = os.path.normpath(os.path.join(cwd, path))
    root = project_root(os.path.dirname(absolute))
    rel = os.path.relpath(absolute, root) if root else os.path.normpath(path)
    return rel.replace(os.sep, "/")


def fingerprint(rule: str, file: str, tool, param: str | None, message: str) -> str:
    return portable_fingerprint(rule, portable_path(file), tool, param, message)


def portable_fingerprint(rule: str, portable_file: str, tool, param: str | None, message: str) -> str:
    """`fingerprint` for a file already made portable (`portable_path`)."""
    tool_name = tool if isinstance(tool, str) else ""
    key = "\x1f".join([rule, portable_file, tool_name, param or "", normalize_message(message)])
    return sha256(key.encode("utf-8")).hexdigest()[:12]


def message_fingerprint(rule: str, portable_file: str, tool: str | None, param: str | None, message_id: str,
                        identity: dict) -> str:
    """A fingerprint from what a finding is, not how it is worded: the rule, the file (repository-relative),
    the tool, the parameter, the message id and the data that identify the finding (names and values, not
    counts or positions). Rewording a message never changes it."""
    data = orjson.dumps(identity, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str)
    # the parts joined by \x1f, then the data: UTF-8 encodes a joined text as the join of its encoded parts
    key = "\x1f".join(("v2", rule, portable_file, tool or "", param or "", message_id, "")).encode() + data
    return sha256(key).digest()[:6].hex()  # the first 12 hex digits


def assign_occurrences(findings: list) -> None:
    """Make fingerprints unique within a run: the n-th repeat (n >= 2, in the findings' order) of a
    fingerprint is rehashed with n. The first occurrence keeps the plain fingerprint, so adding a
    duplicate never changes the fingerprint of the finding that was already there."""
    seen: dict[str, int] = {}
    for finding in findings:
        base = finding.fingerprint
        count = seen.get(base, 0) + 1
        seen[base] = count
        if count > 1:
            finding.fingerprint = sha256(f"{base}\x1f{count}".encode()).hexdigest()[:12]
