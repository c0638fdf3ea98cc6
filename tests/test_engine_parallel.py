"""Large catalogs are linted in two processes; the report must be exactly what one process writes."""
from __future__ import annotations

import json
import os

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
    single = run_cli(*args, cwd=tmp_path, env=dict(os.environ, SCHEMALINT_WORKERS="1"))
    split = run_cli(*args, cwd=tmp_path)
    assert single.returncode == split.returncode == 0, split.stderr
    report = json.loads(split.stdout)
    assert len(report["findings"]) > PARALLEL_MIN_TOOLS  # the second half's findings came back
    assert {f["tool"] for f in report["findings"]} >= {"get_item_0", f"get_item_{PARALLEL_MIN_TOOLS + 99}"}
    assert split.stdout == single.stdout
