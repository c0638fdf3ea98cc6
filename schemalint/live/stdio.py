"""A stdio server started before the MCP SDK is imported, then handed to the SDK's ClientSession.

The SDK's own stdio transport starts the server only once the SDK is loaded, and loading it (about half a
second) is most of schemalint's time on a live server. `spawn` starts the server first, so that the import and
the server's start-up overlap; `pipe_transport` then carries the SDK's messages over the server's pipes as
`mcp.client.stdio` does (one JSON-RPC message a line, parsed and serialized by the SDK's own types), and stops
the server as it does: close its stdin, give it two seconds, then end its whole process group. POSIX only
(the event loop reads the pipes; Windows' loop cannot read a pipe it did not open): on Windows the SDK's own
transport starts the server, once the SDK is loaded.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from contextlib import asynccontextmanager

from .targets import ServerSpec

# the SDK's shutdown sequence (mcp.client.stdio): grace after stdin closes, then SIGTERM, then SIGKILL
EXIT_GRACE = 2.0
KILL_GRACE = 2.0
_POLL = 0.01
# one message a line: a line longer than this is not a tools/list answer but a stream that never ends
MAX_LINE = 256 * 1024 * 1024
EARLY = sys.platform != "win32"


class SpawnError(Exception):
    """The server's command could not be started; str() is the one-line cause."""


def find_command(spec: ServerSpec) -> str:
    """The server's executable as named, once it is known to exist."""
    executable = spec.command[0]
    cwd = spec.cwd or None
    found = shutil.which(executable, path=os.environ.get("PATH")) if os.sep not in executable else executable
    if found is None or not os.path.exists(found if os.path.isabs(found) else os.path.join(cwd or ".", found)):
        raise SpawnError(f"command not found: {executable}")
    return executable


def spawn(spec: ServerSpec, errlog) -> subprocess.Popen:
    """Start a stdio server, its stderr into `errlog`, in a process group of its own (so that stopping it stops
    what it started)."""
    executable = find_command(spec)
    try:
        return subprocess.Popen([executable, *spec.command[1:]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=errlog, cwd=spec.cwd or None, env={**os.environ, **spec.env},
                                start_new_session=True)
    except FileNotFoundError as exc:
        raise SpawnError(f"command not found: {exc.filename or executable}") from None
    except OSError as exc:
        raise SpawnError(f"cannot start {executable}: {exc.strerror or exc}") from None


class _Exited:
    """The process as the SDK's process-tree kill reads it: its pid and a returncode that reaps it."""

    def __init__(self, process: subprocess.Popen):
        self.pid = process.pid
        self._process = process

    @property
    def returncode(self):
        return self._process.poll()


@asynccontextmanager
async def pipe_transport(process: subprocess.Popen):
    """The (read, write) streams ClientSession takes, over a running server's stdout and stdin. Needs anyio's
    asyncio backend (what `anyio.run` uses by default): the pipes are read and written by the event loop."""
    import asyncio

    import anyio
    from mcp.shared.message import SessionMessage
    from mcp.types import jsonrpc_message_adapter

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_LINE)
    read_pipe, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), process.stdout)
    write_pipe, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, process.stdin)
    to_session, read_stream = anyio.create_memory_object_stream(0)
    write_stream, from_session = anyio.create_memory_object_stream(0)

    async def stdout_reader():
        async with to_session:
            while True:
                try:
                    line = await reader.readuntil(b"\n")
                except asyncio.IncompleteReadError as end:
                    line = end.partial
                except asyncio.LimitOverrunError:
                    raise RuntimeError(f"not an MCP server: it wrote a line of more than {MAX_LINE >> 20} MiB "
                                       "(one JSON-RPC message a line)") from None
                if not line.strip():
                    if reader.at_eof():
                        return
                    continue
                try:
                    message = SessionMessage(jsonrpc_message_adapter.validate_json(line, by_name=False))
                except ValueError as exc:  # the session sees it as the SDK's transport would hand it
                    message = exc
                try:
                    await to_session.send(message)
                except (anyio.ClosedResourceError, anyio.BrokenResourceError):
                    return

    async def stdin_writer():
        async with from_session:
            async for session_message in from_session:
                if write_pipe.is_closing():
                    break
                data = session_message.message.model_dump_json(by_alias=True, exclude_unset=True)
                write_pipe.write(data.encode() + b"\n")  # buffered by the event loop: never blocks

    async with anyio.create_task_group() as group:
        group.start_soon(stdout_reader)
        group.start_soon(stdin_writer)
        try:
            yield read_stream, write_stream
        finally:
            with anyio.CancelScope(shield=True):
                write_stream.close()
                read_stream.close()
                write_pipe.close()  # the server's stdin: the MCP shutdown request
                await stop(process)
                read_pipe.close()
            group.cancel_scope.cancel()


async def stop(process: subprocess.Popen) -> None:
    """Wait up to EXIT_GRACE for a server whose stdin is closed to exit, then end its process group."""
    from mcp.os.posix.utilities import terminate_posix_process_tree

    if await _exited(process, EXIT_GRACE):
        return
    await terminate_posix_process_tree(_Exited(process), KILL_GRACE)
    await _exited(process, KILL_GRACE)


async def _exited(process: subprocess.Popen, within: float) -> bool:
    import anyio

    with anyio.move_on_after(within):
        while process.poll() is None:
            await anyio.sleep(_POLL)
        return True
    return False


def kill_now(process: subprocess.Popen) -> None:
    """A server whose listing never started (the run stopped first): stop it without an event loop."""
    try:
        process.stdin.close()
        process.wait(EXIT_GRACE)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.wait()
