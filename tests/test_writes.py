"""`fix --write` and every other write: on disk before the rename, no temp file left by a killed run, and a
stale temp file from an earlier killed run is never read as a catalog (issue 25, item 6)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

from schemalint import files
from tests.helpers import ROOT, run_cli

CATALOG = [{"name": "list_items", "description": "List the items of the store, newest first.",
            "parameters": {"type": "object", "properties": {
                "limit": {"type": "number", "description": "How many items to return."}}}}]


def test_the_temp_file_is_fsynced_before_it_replaces_the_target(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(files.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    target = tmp_path / "tools.json"
    target.write_text("old")
    files.write_atomic(str(target), "new")
    assert target.read_text() == "new"
    assert events == ["fsync", "replace"]


def test_sigterm_during_a_write_removes_the_temp_file_and_exits_143(tmp_path):
    # a real process gets a real SIGTERM while its temp file exists (just before the rename)
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from schemalint import cli, files

        def replace(src, dst):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends

        files.os.replace = replace
        sys.exit(cli.main(["fix", "--write", {str(tmp_path / "tools.json")!r}]))
    """)
    (tmp_path / "tools.json").write_text(json.dumps(CATALOG, indent=2))
    before = (tmp_path / "tools.json").read_bytes()
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["tools.json"]
    assert (tmp_path / "tools.json").read_bytes() == before


def test_a_stale_temp_file_in_a_folder_is_not_read(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps(CATALOG, indent=2))
    (tmp_path / ".schemalint-k3j2h1.tmp").write_text(json.dumps(CATALOG, indent=2))
    (tmp_path / "schemalint.toml").write_text('include = ["*"]\n')
    proc = run_cli("check", ".", "--format", "json", cwd=str(tmp_path))
    report = json.loads(proc.stdout)
    assert {f["file"] for f in report["findings"]} == {"tools.json"}
    assert ".schemalint-" not in proc.stdout + proc.stderr
