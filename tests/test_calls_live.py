"""`calls` on what a real backend answered: a FastAPI app under uvicorn on 127.0.0.1 is stricter than the tool
schema; a scripted client sends the calls and logs each with the backend's own error (its 422 `detail`)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from schemalint.cli import main

pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

APP = '''
from typing import Literal
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI()


class Issue(BaseModel):
    title: str = Field(max_length=80)
    priority: Literal["low", "medium", "high"] = "medium"


@app.post("/tools/create_issue")
def create_issue(issue: Issue):
    return {"ok": True}


@app.get("/tools/list_orders")
def list_orders(customer_id: str, limit: int = Query(10, ge=1, le=50)):
    return []
'''
TOOLS = [
    {"name": "create_issue", "description": "Create an issue in the tracker.",
     "input_schema": {"type": "object", "required": ["title"], "properties": {
         "title": {"type": "string", "description": "One-line summary."},
         "priority": {"type": "string", "enum": ["low", "medium", "high", "urgent"]}}}},
    {"name": "list_orders", "description": "List a customer's orders.",
     "input_schema": {"type": "object", "required": ["customer_id"], "properties": {
         "customer_id": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 100}}}},
]
CALLS = [
    ("create_issue", {"title": "Login broken", "priority": "high"}),  # ok
    ("create_issue", {"title": "Export fails", "priority": "urgent"}),  # drift: the backend has no "urgent"
    ("create_issue", {"title": "Export fails again", "priority": "urgent"}),  # drift
    ("create_issue", {"title": "x" * 120}),  # failed: a length no schema states
    ("list_orders", {"customer_id": "cus_1", "limit": 20}),  # ok
    ("list_orders", {"customer_id": "cus_1", "limit": 90}),  # drift: the tool says 100, the backend 50
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def backend(tmp_path):
    (tmp_path / "tracker_app.py").write_text(APP)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "tracker_app:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {proc.stderr.read().decode()[-500:]}")
            try:
                urllib.request.urlopen(base + "/openapi.json", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start in 30 s")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _call(base: str, tool: str, arguments: dict) -> dict:
    if tool == "create_issue":
        request = urllib.request.Request(base + "/tools/create_issue", data=json.dumps(arguments).encode(),
                                         headers={"Content-Type": "application/json"})
    else:
        query = "&".join(f"{k}={v}" for k, v in arguments.items())
        request = urllib.request.Request(f"{base}/tools/list_orders?{query}")
    record = {"tool": tool, "arguments": arguments}
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as exc:
        record["status"] = exc.code
        record["error"] = json.loads(exc.read())["detail"]
    return record


def test_backend_rejections_sorted_into_drift_and_failed(backend, tmp_path, capsys):
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps(TOOLS, indent=2))
    log = tmp_path / "calls.jsonl"
    log.write_text("".join(json.dumps(_call(backend, tool, args)) + "\n" for tool, args in CALLS))
    code = main(["calls", str(log), "--tools", str(catalog), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    groups = {(g["class"], g["tool"], g["param"], g["keyword"]): g for g in data["groups"]}
    assert {k: g["count"] for k, g in groups.items()} == {
        ("ok", "create_issue", None, None): 1,
        ("drift", "create_issue", "priority", "enum"): 2,
        ("failed", "create_issue", "title", "maxLength"): 1,
        ("ok", "list_orders", None, None): 1,
        ("drift", "list_orders", "limit", "maximum"): 1,
    }
    assert code == 1
    assert "accepted high" in groups[("drift", "create_issue", "priority", "enum")]["suggestion"]
    assert "maxLength: 80" in groups[("failed", "create_issue", "title", "maxLength")]["suggestion"]
    assert "maximum: 50" in groups[("drift", "list_orders", "limit", "maximum")]["suggestion"]
    assert "xxxxxxxx" not in json.dumps(data)
