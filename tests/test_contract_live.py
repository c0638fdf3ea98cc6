"""A live backend: a real FastAPI app under uvicorn serves /openapi.json; `check --contract URL` reads it."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request

import pytest

from tests.helpers import run_cli
from tests.test_drift_mutations import derive_tool, operations

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

APP = textwrap.dedent('''
    import os
    from typing import Literal

    from fastapi import FastAPI, Query

    app = FastAPI(title="Users", version=os.environ["APP_VERSION"])

    if os.environ["APP_VERSION"] == "1":
        @app.get("/users", operation_id="search_users")
        def search_users(tenant_id: str, query: str = "",
                         status: Literal["active", "invited", "disabled"] = "active",
                         limit: int = Query(20, ge=1, le=100)):
            return []
    else:
        # the backend moved on: query renamed to q, region now required, "disabled" no longer accepted
        @app.get("/users", operation_id="search_users")
        def search_users(tenant_id: str, region: str, q: str = "",
                         status: Literal["active", "invited"] = "active",
                         limit: int = Query(20, ge=1, le=100)):
            return []

    @app.get("/users/{user_id}", operation_id="get_user")
    def get_user(user_id: int):
        return {}
''')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(tmp_path, version: str):
    (tmp_path / "users_app.py").write_text(APP)
    port = _free_port()
    env = dict(os.environ, APP_VERSION=version)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "users_app:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/openapi.json"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {proc.stderr.read().decode()[-500:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return proc, url, json.loads(response.read())
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("uvicorn did not start in 30 s")


@pytest.fixture
def backend(tmp_path):
    started = []

    def start(version: str):
        proc, url, spec = _start(tmp_path, version)
        started.append(proc)
        return url, spec

    yield start
    for proc in started:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _check(catalog, url, *extra):
    done = run_cli(str(catalog), "--contract", url, "--select", "drift", "--format", "json", *extra)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_live_backend_contract_drift(backend, tmp_path):
    url_v1, spec_v1 = backend("1")
    tools = [derive_tool(spec_v1, m, p, op, item) for m, p, op, item in operations(spec_v1)]
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"tools": tools}, indent=2))

    clean = _check(catalog, url_v1)
    assert [f for f in clean["findings"] if f["severity"] != "info"] == []
    assert clean["summary"]["tools"] == 2

    url_v2, _ = backend("2")
    report = _check(catalog, url_v2)
    got = {(f["rule"], f["tool"], f["param"]) for f in report["findings"]}
    # the renamed parameter: the tool's 'query' is unknown, and the message names 'q'
    renamed = [f for f in report["findings"] if f["rule"] == "param-not-in-contract" and f["param"] == "query"]
    assert renamed and "'q'" in renamed[0]["message"] and url_v2 in renamed[0]["message"]
    # the new required one
    missing = [f for f in report["findings"] if f["rule"] == "required-param-missing"]
    assert any("'region'" in f["message"] for f in missing)
    # the narrowed enum
    assert ("enum-drift", "search_users", "status") in got
    narrowed = [f for f in report["findings"] if f["rule"] == "enum-drift" and f["severity"] == "error"]
    assert narrowed and '"disabled"' in narrowed[0]["message"]
    assert report["summary"]["errors"] >= 3
    # get_user did not change
    assert not [f for f in report["findings"] if f["tool"] == "get_user" and f["severity"] != "info"]


def test_unreachable_backend_is_a_one_line_input_error(tmp_path):
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"name": "t", "description": "d", "input_schema": {"type": "object"}}))
    url = f"http://127.0.0.1:{_free_port()}/openapi.json"
    done = run_cli(str(catalog), "--contract", url)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and "cannot fetch contract" in lines[0]
    assert "Traceback" not in done.stderr
