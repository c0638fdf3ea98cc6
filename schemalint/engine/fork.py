"""Work done in a forked child while this process does its own: the child's result comes back pickled through a
pipe, and a child that fails or does not answer in time gives no result (the caller then does the work itself)."""
from __future__ import annotations

import os
import select
import signal
import time

# seconds a child may still take once this process has done its own share, at least
CHILD_GRACE = 10.0
NO_RESULT = object()


def start_in_child(work, deadline: bool = True):
    """Run `work()` in a forked child; return a function that waits for its result and returns it, or NO_RESULT
    when the child failed or (with `deadline`) has not answered within twice the time since the fork (CHILD_GRACE
    at least): then it is killed. A child stuck on a lock another thread held at fork time (the language server forks from its
    worker thread) must not hang the run. The child leaves without cleanup, so nothing of this process (buffered
    output, exit handlers) runs twice."""
    import pickle  # only when a run forks: the start-up of a small check does without it

    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 0
        try:
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent does the work itself
            payload, status = b"", 1
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(status)
    os.close(write_end)

    def result():
        payload = _read(read_end, pid, time.monotonic() + max(CHILD_GRACE, 2 * (time.monotonic() - started))
                        if deadline else None)
        _, status = os.waitpid(pid, 0)
        return pickle.loads(payload) if status == 0 and payload else NO_RESULT

    return result


def _read(fd: int, pid: int, deadline: float | None) -> bytes:
    """What the child writes, until it closes the pipe; b"" once `deadline` (a time.monotonic() value; None: no
    deadline) passes, and the child is killed."""
    parts = []
    ready = select.poll()  # not select.select: a descriptor past 1,023 (a server with many files open) is fine
    ready.register(fd, select.POLLIN)
    with os.fdopen(fd, "rb", buffering=0) as inp:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if (left is not None and left <= 0) or not ready.poll(None if left is None else left * 1000):
                os.kill(pid, signal.SIGKILL)
                return b""
            part = inp.read(1 << 20)
            if not part:
                return b"".join(parts)
            parts.append(part)
