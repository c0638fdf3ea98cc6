"""A small on-disk cache keyed by content hash: work on a contract that has not changed is done once.

Location: $SCHEMALINT_CACHE_DIR, else $XDG_CACHE_HOME/schemalint, else ~/.cache/schemalint.
SCHEMALINT_NO_CACHE=1 turns it off. A cache can be wrong without harm: each entry carries the schemalint version,
its kind and key, and a checksum of its value, and an entry that does not match them all, or whose value the caller
finds of the wrong shape, is ignored (and rewritten by the caller). A folder that cannot be read or written is
skipped, with one note per run (`problems`).
"""
from __future__ import annotations

import hashlib
import os

import orjson

FORMAT = "2"  # bump when a cached value's shape changes
problems: list[str] = []  # why the cache was skipped in this run, once each


def cache_dir() -> str | None:
    if os.environ.get("SCHEMALINT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("SCHEMALINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "schemalint")


def _path(kind: str, key: str) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{FORMAT}:{kind}:{key}".encode()).hexdigest()[:32]
    return os.path.join(folder, kind, f"{digest}.json")


def _version() -> str:
    from .. import __version__

    return __version__


def _checksum(value_bytes: bytes) -> str:
    return hashlib.sha256(value_bytes).hexdigest()


def get(kind: str, key: str, valid=None):
    """The cached value, or None when there is none or it cannot be trusted; `valid(value)` checks its shape."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            entry = orjson.loads(fh.read())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("schemalint") != _version() or entry.get("kind") != kind \
            or entry.get("key") != key or "value" not in entry:
        return None
    value = entry["value"]
    try:
        if entry.get("sha256") != _checksum(orjson.dumps(value)):
            return None
    except (TypeError, orjson.JSONEncodeError):
        return None
    if valid is not None and not valid(value):
        return None
    return value


def put(kind: str, key: str, value) -> None:
    path = _path(kind, key)
    if path is None:
        return
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        body = orjson.dumps(value)
        entry = orjson.dumps({"schemalint": _version(), "kind": kind, "key": key, "sha256": _checksum(body),
                              "value": value})
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(entry)
        os.replace(tmp, path)
    except (OSError, TypeError, orjson.JSONEncodeError) as exc:
        reason = f"cache {os.path.dirname(os.path.dirname(path))} skipped: {getattr(exc, 'strerror', None) or exc}"
        if reason not in problems:
            problems.append(reason)
        try:
            os.unlink(tmp)
        except OSError:
            pass
