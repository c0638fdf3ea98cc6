"""Start and stop the live-server tests' MCP servers: over stdio they are command lines schemalint runs; over
HTTP they are processes on a free port of 127.0.0.1, started here and stopped when the test is done."""
from __future__ import annotations

import contextlib
import json
import os
import shlex
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FASTMCP = os.path.join(HERE, "fastmcp_server.py")
LOWLEVEL = os.path.join(HERE, "lowlevel_server.py")


def command(script: str, *args: str) -> str:
    """A stdio server as `--server` takes it."""
    return shlex.join([sys.executable, script, *args])


def write_tools(path, tools: list) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"tools": tools}, fh, indent=2)
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def http_server(script: str, *args: str, env: dict | None = None, flag: str = "--http"):
    """Run `script ... --http PORT` until the block ends; yields the port once it accepts connections."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, script, *args, flag, str(port)], env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"test server exited: {proc.stderr.read().decode()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start within 60 s")
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
