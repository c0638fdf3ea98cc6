"""`generate`'s notes are counted by reason, with -v for the names (issue 25, item 7): on Stripe's spec the
per-tool lists of left-out parameters ran to about 150 lines and hid the notes about whole operations."""
from __future__ import annotations

import os

import pytest

from tests.helpers import CORPUS, run_cli

STRIPE = os.path.join(CORPUS, "openapi", "stripe-openapi", "spec3.yaml")
pytestmark = pytest.mark.skipif(not os.path.exists(STRIPE), reason="../shared/corpus is absent (a user's clone)")


def test_left_out_parameters_are_one_counted_line_and_verbose_names_them(tmp_path):
    out = str(tmp_path / "tools.json")
    short = run_cli("generate", "--from", STRIPE, "-o", out, "--trim", timeout=300)
    assert short.returncode in (0, 1), short.stderr
    notes = [line for line in short.stderr.splitlines() if line.startswith("note: ")]
    counted = [n for n in notes if n.startswith("note: left out parameters of ")]
    assert len(counted) == 1 and counted[0].endswith("(-v names them)") and "nested deeper than 3 objects" in counted[0]
    assert len(notes) < 10, notes
    verbose = run_cli("generate", "--from", STRIPE, "-o", out, "--trim", "-v", timeout=300)
    named = [line for line in verbose.stderr.splitlines() if line.startswith("note: ")]
    assert len(named) > 50 and any("nested deeper than 3 objects" in n and "'" in n for n in named)
    assert not any(n.startswith("note: left out parameters of ") for n in named)
