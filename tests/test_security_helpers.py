"""Real parts for the hostile-input tests: an HTTP listener on 127.0.0.1 that records every connection, a git
repository in a temp folder, and the command line run in a subprocess as CI runs it. (No tests here.)"""
from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading

SECRET = "SECRET-3f9c1e7a-do-not-print"  # planted in files outside the tree and in the auth token
HUNG = 120  # seconds: only a hang reaches it, and the test then fails saying so


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, listener):
        self.listener = listener
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        self.listener.connections.append(client_address)  # counted before a byte is read
        super().process_request(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        listener = self.server.listener
        listener.requests.append((self.path, dict(self.headers)))
        reply = listener.routes.get(self.path.split("?")[0])
        if callable(reply):
            reply = reply(self)
        status, reason, headers, body = reply or (404, "Not Found", {}, b"")
        self.send_response(status, reason)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Listener:
    """An HTTP server on 127.0.0.1: `routes` maps a path to (status, reason, headers, body) or to a function
    of the request handler returning one; `connections` and `requests` record what reached it."""

    def __init__(self, routes: dict | None = None):
        self.routes = dict(routes or {})
        self.connections: list = []
        self.requests: list = []
        self._server = _Server(self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def serve(body: bytes | str, content_type: str = "application/yaml"):
    body = body.encode() if isinstance(body, str) else body
    return 200, "OK", {"Content-Type": content_type}, body


def clean_env(**extra) -> dict:
    """The environment for a run: no proxy (traffic to 127.0.0.1 goes straight to the listener), no cache."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["SCHEMALINT_NO_CACHE"] = "1"
    env.update(extra)
    return env


def run(*args, cwd, env: dict | None = None, timeout: float = HUNG, prefix: list | None = None):
    """`schemalint ARGS` in a subprocess; a hang fails the test instead of blocking the suite."""
    argv = [*(prefix or []), sys.executable, "-m", "schemalint", *args]
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env or clean_env(),
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"schemalint {' '.join(args)} hung (no answer in {timeout:.0f} s)") from None


class InProcess:
    """`schemalint ARGS` run by `main()` in this process (no interpreter start-up: most tests here need no other
    process), in `cwd`, with `env` added; gives what `run` gives. A traceback fails the test by itself."""

    def __init__(self, monkeypatch, capsys):
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def __call__(self, *args, cwd, env: dict | None = None) -> subprocess.CompletedProcess:
        from schemalint.cli import main

        self.capsys.readouterr()
        with self.monkeypatch.context() as patch:
            patch.chdir(cwd)
            for name in [k for k in os.environ if "proxy" in k.lower()]:
                patch.delenv(name)
            patch.setenv("SCHEMALINT_NO_CACHE", "1")
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            code = main(list(args))
        out = self.capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)


def assert_clean_exit(done, allowed=(0, 1)):
    """Findings or a one-line error, never a traceback."""
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode == 2:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("schemalint: error: "), done.stderr
    else:
        assert done.returncode in allowed, (done.returncode, done.stderr)


def git(folder, *args) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false",
                           *args], cwd=folder, capture_output=True, text=True, env=clean_env(GIT_CONFIG_NOSYSTEM="1"))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def git_repo(folder) -> str:
    """A git repository in `folder` with everything in it committed; the commit's hash."""
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base", "--allow-empty")
    return git(folder, "rev-parse", "HEAD")


def write(path, text) -> str:
    path = str(path)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def snapshot(*paths) -> dict:
    """Content and mtime of each file: what a run must leave as it found."""
    out = {}
    for path in paths:
        with open(path, "rb") as fh:
            out[str(path)] = (fh.read(), os.stat(path).st_mtime_ns)
    return out


CONTRACT = """\
openapi: 3.0.3
info: {title: items, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: kind
          in: query
          schema: {type: string, enum: [a, b]}
      responses:
        "200": {description: ok}
"""


def catalog(extra: dict | None = None, enum=("a", "c")) -> dict:
    """One tool that maps to CONTRACT's listItems (by name), with an enum that differs from any contract's."""
    tool = {"name": "listItems", "description": "List the items of one kind. Use it to browse the store.",
            "input_schema": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": list(enum), "description": "Which kind of item to list."}}}}
    return {**(extra or {}), "tools": [tool]}
