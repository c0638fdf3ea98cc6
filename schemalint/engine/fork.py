"""Work done in a forked child while this process does its own: the child's results come back pickled through a
pipe, and a child that fails or does not answer in time gives no more (the caller then does the rest itself)."""
from __future__ import annotations

import os
import signal
import time

# seconds a child may still take once this process has done its own share, at least
CHILD_GRACE = 10.0
NO_RESULT = object()


def start_in_child(work, deadline: bool = True):
    """Run `work()` in a forked child; return a function that waits for its result and returns it, or NO_RESULT
    when the child failed or (with `deadline`) has not answered within twice the time since the fork (CHILD_GRACE
    at least): then it is killed. A child stuck on a lock another thread held at fork time (the language server
    forks from its worker thread) must not hang the run."""
    child = start_streaming_child(lambda send: send(work()))

    def result():
        values = child.finish(deadline)
        return values[0] if values else NO_RESULT

    return result


class StreamingChild:
    """A forked child that hands over values one by one as it makes them (`start_streaming_child`). A thread of
    this process reads them off the pipe at once, so the child never waits on a full pipe however long this
    process is busy; `take()` gives the values come so far, `finish()` the rest once the child is done."""

    def __init__(self, pid: int, fd: int, started: float):
        import collections
        import threading

        self._pid = pid
        self._started = started
        self._payloads = collections.deque()  # appended by the reader thread, taken here: both ends are atomic
        self._reader = threading.Thread(target=self._read, args=(fd,), daemon=True)
        self._reader.start()

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as inp:
            while True:
                head = inp.read(8)
                size = int.from_bytes(head, "little") if len(head) == 8 else -1
                payload = inp.read(size) if size >= 0 else b""
                if size < 0 or len(payload) < size:  # the child ended (or was killed) between values
                    return
                self._payloads.append(payload)

    def take(self) -> list:
        """The values the child has sent since the last call, in order; never waits."""
        import pickle

        out = []
        while self._payloads:
            out.append(pickle.loads(self._payloads.popleft()))
        return out

    def finish(self, deadline: bool = True) -> list:
        """The values not taken yet, once the child is done. With `deadline`, a child that has not finished
        within twice the time since the fork (CHILD_GRACE at least) is killed: the values it sent before are
        kept."""
        wait = max(CHILD_GRACE, 2 * (time.monotonic() - self._started)) if deadline else None
        self._reader.join(wait)
        if self._reader.is_alive():
            os.kill(self._pid, signal.SIGKILL)
            self._reader.join()
        os.waitpid(self._pid, 0)
        return self.take()


def start_streaming_child(work) -> StreamingChild:
    """Run `work(send)` in a forked child: each `send(value)` pickles a value and passes it to this process at
    once. A child that fails has sent what it sent; the caller does the rest itself. The child leaves without
    cleanup, so nothing of this process (buffered output, exit handlers) runs twice."""
    import pickle

    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 0
        out = os.fdopen(write_end, "wb")

        def send(value) -> None:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            out.write(len(payload).to_bytes(8, "little") + payload)
            out.flush()

        try:
            work(send)
            out.close()
        except BaseException:  # noqa: BLE001 - the parent does the rest itself
            status = 1
        os._exit(status)
    os.close(write_end)
    return StreamingChild(pid, read_end, started)
