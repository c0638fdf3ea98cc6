"""A small on-disk cache keyed by content hash: work on a contract that has not changed is done once.

Location: $SCHEMALINT_CACHE_DIR, else $XDG_CACHE_HOME/schemalint, else ~/.cache/schemalint.
SCHEMALINT_NO_CACHE=1 turns it off. A cache that cannot be read or written is ignored.
"""
from __future__ import annotations

import hashlib
import os

import orjson

FORMAT = "1"  # bump when a cached value's shape changes


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


def get(kind: str, key: str):
    path = _path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            return orjson.loads(fh.read())
    except (OSError, orjson.JSONDecodeError):
        return None


def put(kind: str, key: str, value) -> None:
    path = _path(kind, key)
    if path is None:
        return
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(orjson.dumps(value))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
