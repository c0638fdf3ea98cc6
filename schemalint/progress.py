"""A progress line on standard error for runs that take a while, on a terminal only: it appears after
`SCHEMALINT_PROGRESS_AFTER` seconds (default 2), says what the run is doing, and is erased when the run ends,
so logs, pipes and CI output never see it."""
from __future__ import annotations

import _thread
import os
import sys

DEFAULT_AFTER = 2.0


class Progress:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.message = "reading files"
        self._shown = False
        self._lock = _thread.allocate_lock()  # threading.Lock; threading itself only on a terminal
        self._timer = None

    def __enter__(self):
        if _is_terminal(self.stream):
            import threading

            self._timer = threading.Timer(_after(), self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def update(self, message: str) -> None:
        with self._lock:
            self.message = message
            if self._shown:
                self._write()

    def __exit__(self, *exc):
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._shown = False
        return False

    def _show(self) -> None:
        with self._lock:
            self._shown = True
            self._write()

    def _write(self) -> None:
        try:
            self.stream.write(f"\r\x1b[Kschemalint: {self.message}…")
            self.stream.flush()
        except (OSError, ValueError):  # a terminal that went away: the run goes on without the line
            self._shown = False


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _after() -> float:
    try:
        return max(0.0, float(os.environ.get("SCHEMALINT_PROGRESS_AFTER", DEFAULT_AFTER)))
    except ValueError:
        return DEFAULT_AFTER
