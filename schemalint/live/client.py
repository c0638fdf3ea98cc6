"""Read one server's tools through the official `mcp` SDK: start or connect, `initialize`, every page of
`tools/list` (following `nextCursor`), shut down. `timeout` bounds start-up and every request; a stdio server
that does not stop is killed when the session closes. Stdio servers are started before the SDK is imported
(see stdio.py), so that its import overlaps their start-up."""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field

from ..errors import UsageError, one_line
from .stdio import EARLY, SpawnError, find_command, kill_now, pipe_transport, spawn
from .targets import ServerSpec

try:
    _GROUP = BaseExceptionGroup
except NameError:  # Python 3.10: anyio's backport
    from exceptiongroup import BaseExceptionGroup as _GROUP

# a server that never stops sending cursors is not a catalog
MAX_PAGES = 1000
_STDERR_LINES = 3


class ServerError(Exception):
    """One server that could not be read; str() is the one-line cause, without the server's name."""


@dataclass
class Listing:
    spec: ServerSpec
    tools: list = field(default_factory=list)  # each tool as the server sent it (JSON data)
    server_info: dict = field(default_factory=dict)
    error: str = ""
    # set once the tools (or the error) are known, before the server is shut down
    listed: threading.Event = field(default_factory=threading.Event, repr=False)
    # a stdio server: its process, started before the SDK is loaded, and the file its stderr goes to
    process: subprocess.Popen | None = field(default=None, repr=False)
    errlog: object = field(default=None, repr=False)


def start_fetching(specs: list[ServerSpec], timeout: float) -> list[Listing]:
    """Start reading every server's tools, side by side, in a thread: the run goes on (loading its rules) while
    the servers start. Each listing's `listed` is set once its tools or its error are known; a server that
    fails does not stop the others. The thread then shuts the servers down while the run lints; the interpreter
    waits for it before it exits, so no server outlives schemalint."""
    listings = [Listing(spec) for spec in specs]
    for listing in listings:
        if listing.spec.transport == "stdio":
            listing.errlog = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")
            try:
                if EARLY:
                    listing.process = spawn(listing.spec, listing.errlog)
                else:
                    find_command(listing.spec)
            except SpawnError as exc:
                listing.error = _redact(str(exc), listing.spec.secrets())
                listing.listed.set()
    # the SDK loads now, while the stdio servers start and before the rules load: the session greets each
    # server as soon as the SDK is ready, and the rules load while the servers answer
    from .sdk import load_client

    try:
        load_client()
    except BaseException as exc:  # a broken SDK, or Ctrl-C while it loads: stop what was started
        for listing in listings:
            if listing.process is not None and listing.process.poll() is None:
                kill_now(listing.process)
            if listing.errlog is not None:
                listing.errlog.close()
        if isinstance(exc, ImportError):
            raise UsageError(f"the MCP SDK cannot be loaded ({one_line(exc)}): pip install 'schemalint[live]'") \
                from None
        raise

    thread = threading.Thread(target=_serve, args=(listings, timeout), name="schemalint-mcp-servers")
    thread.start()
    return listings


def wait_listed(listings: list[Listing]) -> list[Listing]:
    for listing in listings:
        listing.listed.wait()
    return listings


def _serve(listings: list[Listing], timeout: float) -> None:
    import anyio

    _quiet_sdk_logs()

    async def main():
        async with anyio.create_task_group() as group:
            for listing in listings:
                if not listing.listed.is_set():
                    group.start_soon(_fetch_into, listing, timeout)

    try:
        anyio.run(main)
    except BaseException as exc:  # noqa: BLE001 - never leave the main thread waiting
        for listing in listings:
            if not listing.listed.is_set():
                listing.error = _describe_failure(exc, timeout, [])
    finally:
        for listing in listings:
            listing.listed.set()
            if listing.process is not None and listing.process.poll() is None:
                kill_now(listing.process)
            if listing.errlog is not None:
                listing.errlog.close()


async def _fetch_into(listing: Listing, timeout: float) -> None:
    # what the SDK reports only as a timeout or a generic error: an HTTP error status, output that is not JSON-RPC
    refused: list = []
    error = ""
    try:
        await _fetch(listing, timeout, refused)
    except ServerError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - any SDK or transport failure is this server's error, one line
        error = _describe_failure(exc, timeout, refused)
    except BaseException as exc:  # an ExceptionGroup of cancellations or errors from the SDK's task groups
        if not isinstance(exc, _GROUP):
            raise
        error = _describe_failure(exc, timeout, refused)
    finally:
        if not listing.listed.is_set():  # a failure while shutting down a server that listed its tools is not one
            if error and listing.spec.transport == "stdio":
                error += _stderr_tail(listing.errlog)
            listing.error = _redact(error, listing.spec.secrets())
            listing.listed.set()


async def _fetch(listing: Listing, timeout: float, refused: list) -> None:
    import anyio
    from mcp.client.session import ClientSession

    async with _transport(listing, timeout, refused) as streams:
        read, write = streams[0], streams[1]
        async def note_garbage(message):
            if isinstance(message, Exception):  # a line the server wrote that is not JSON-RPC
                refused.append("not an MCP server: it wrote something that is not a JSON-RPC message")

        async with ClientSession(read, write, read_timeout_seconds=timeout, message_handler=note_garbage) as session:
            with anyio.fail_after(timeout):
                init = await session.initialize()
            tools = []
            cursor = None
            for _ in range(MAX_PAGES):
                with anyio.fail_after(timeout):
                    page = await session.list_tools(params=_page(cursor))
                tools.extend(_tool_data(tool) for tool in page.tools)
                cursor = page.next_cursor
                if not cursor:
                    break
            else:
                raise ServerError(f"tools/list still returned a nextCursor after {MAX_PAGES} pages")
            info = init.server_info.model_dump(mode="json", exclude_none=True) if init.server_info else {}
            info["protocolVersion"] = init.protocol_version
            listing.tools, listing.server_info = tools, info
            listing.listed.set()


def _page(cursor):
    from mcp.types import PaginatedRequestParams

    return PaginatedRequestParams(cursor=cursor) if cursor else None


def _transport(listing: Listing, timeout: float, refused: list):
    spec = listing.spec
    if spec.transport == "stdio" and listing.process is not None:
        return pipe_transport(listing.process)
    if spec.transport == "stdio":  # Windows: the SDK's transport starts it
        from mcp.client.stdio import StdioServerParameters, stdio_client

        return stdio_client(StdioServerParameters(command=spec.command[0], args=spec.command[1:],
                                                  env={**os.environ, **spec.env}, cwd=spec.cwd or None),
                            errlog=listing.errlog)
    from mcp.shared._httpx_utils import create_mcp_http_client

    async def note_refusal(response):
        if response.status_code >= 400:
            refused.append(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())

    def http_client(headers=None, timeout=None, auth=None):
        client = create_mcp_http_client(headers=headers, timeout=timeout, auth=auth)
        client.event_hooks["response"].append(note_refusal)
        return client

    if spec.transport == "sse":
        from mcp.client.sse import sse_client

        return sse_client(spec.url, headers=dict(spec.headers), timeout=timeout, sse_read_timeout=timeout,
                          httpx_client_factory=http_client)
    from mcp.client.streamable_http import streamable_http_client
    import httpx2

    return streamable_http_client(spec.url, terminate_on_close=True,
                                  http_client=http_client(dict(spec.headers), httpx2.Timeout(timeout)))


def _tool_data(tool) -> dict:
    """A tool as JSON data in the protocol's spelling; the schemas and `_meta` exactly as sent (a dump of the
    SDK's model would drop their explicit nulls)."""
    data = tool.model_dump(by_alias=True, mode="json", exclude_none=True)
    data["inputSchema"] = tool.input_schema
    if tool.output_schema is not None:
        data["outputSchema"] = tool.output_schema
    if tool.meta is not None:
        data["_meta"] = tool.meta
    return data


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, _GROUP):
        out = []
        for inner in exc.exceptions:
            out.extend(_leaves(inner))
        return out
    return [exc]


def _describe_failure(exc: BaseException, timeout: float, refused: list) -> str:
    import anyio

    if refused:
        return refused[0]
    leaves = _leaves(exc)
    cancelled = anyio.get_cancelled_exc_class()
    real = [e for e in leaves if not isinstance(e, cancelled)] or leaves
    if any(isinstance(e, TimeoutError) for e in real):
        return f"no answer within {timeout:g} s (--server-timeout)"
    first = real[0]
    status = _http_status(first)
    if status:
        return status
    if isinstance(first, ServerError):
        return str(first)
    invalid = _invalid_answer(first)
    if invalid:
        return invalid
    if isinstance(first, FileNotFoundError):
        return f"command not found: {first.filename or first}"
    text = " ".join(str(first).split()) or type(first).__name__
    if "Connection closed" in text or isinstance(first, (anyio.ClosedResourceError, anyio.EndOfStream,
                                                         anyio.BrokenResourceError)):
        return "the server closed the connection before answering (not an MCP server, or it exited)"
    return text if len(text) <= 300 else text[:299] + "…"


def _invalid_answer(exc: BaseException) -> str:
    """The SDK validates every answer against the protocol's types and refuses one that does not fit, a whole
    tools/list page for one malformed tool: say where, so the author can find it."""
    errors = getattr(exc, "errors", None)
    if type(exc).__name__ != "ValidationError" or not callable(errors):
        return ""
    problems = errors()
    if not problems:
        return ""
    where = ".".join(str(part) for part in problems[0].get("loc", ()))
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"its answer is not valid MCP, so the SDK refused it: {where}: {problems[0].get('msg', '')}{more}"


def _http_status(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    if isinstance(code, int):
        reason = getattr(response, "reason_phrase", "") or ""
        return f"HTTP {code} {reason}".rstrip()
    name = type(exc).__name__
    if name == "ConnectError":
        return f"cannot connect: {' '.join(str(exc).split()) or 'connection refused'}"
    return ""


def _stderr_tail(errlog) -> str:
    try:
        errlog.flush()
        errlog.seek(0)
        lines = [line.strip() for line in errlog.read().splitlines() if line.strip()]
    except (OSError, ValueError):
        return ""
    if not lines:
        return ""
    tail = " | ".join(lines[-_STDERR_LINES:])
    return f" (its stderr: {tail if len(tail) <= 300 else '…' + tail[-299:]})"


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _quiet_sdk_logs() -> None:
    """The SDK logs its own warnings (a session DELETE refused): each server's outcome is said once, here."""
    for name in ("mcp", "httpx", "httpx2", "httpcore"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
