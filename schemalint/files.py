"""Writing files the way every command does: atomically, never leaving a partial file."""
from __future__ import annotations

import os


def write_atomic(path: str, text: str) -> None:
    """Write to a temporary file beside the target, then rename it over: never a partial file."""
    import tempfile  # only commands that write files pay for it

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".schemalint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
