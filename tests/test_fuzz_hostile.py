"""Issue 19's closing check: real tools mutated with hostile values and shapes, and hostile documents, through
check, score, fix --write and generate. No traceback, no command over 10 s, exit 2 only with one line, and
fix --write never loses a tool, a property or an unknown key. Bounded for CI (a few dozen inputs per test);
`python benchmarks/fuzz_hostile.py --count N` runs the same inputs longer and counts them."""
from __future__ import annotations

import json
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzz_inputs as fuzz

TOOLS = fuzz.real_tools()
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _check_all(path: str) -> list[str]:
    found = []
    for argv in (("check", path, "--format", "json"), ("check", path), ("score", path)):
        try:
            code, _, err = fuzz.run(*argv)
        except fuzz.Hang:
            return [f"{' '.join(argv[:1])} ran over {fuzz.HANG_SECONDS} s"]
        found += [f"{argv[0]}: {p}" for p in fuzz.problems_of_run(code, err, path)]
    return found


def _fix_keeps_everything(path: str) -> list[str]:
    before = fuzz.shape_of(path)
    raw = open(path, "rb").read()
    try:
        code, _, err = fuzz.run("fix", path, "--write")
    except fuzz.Hang:
        return [f"fix ran over {fuzz.HANG_SECONDS} s"]
    found = [f"fix: {p}" for p in fuzz.problems_of_run(code, err, path)]
    if before is None:
        if open(path, "rb").read() != raw:
            found.append("fix --write changed a file that does not load")
        return found
    after = fuzz.shape_of(path)
    if after is None:
        return found + ["fix --write left a file that does not load"]
    if after[0] != before[0]:
        found.append(f"fix --write changed the tools: {before[0]} -> {after[0]}")
    if before[1] - after[1]:
        found.append(f"fix --write lost properties: {sorted(before[1] - after[1])[:5]}")
    if before[2] - after[2]:
        found.append(f"fix --write lost unknown keys: {sorted(before[2] - after[2])[:5]}")
    return found


@pytest.mark.skipif(not TOOLS, reason="no real tools to mutate (neither the corpus nor the fixtures were found)")
@SETTINGS
@given(st.randoms(use_true_random=False), st.integers(1, 3))
def test_mutated_real_tools_never_crash_hang_or_lose_anything(tmp_path_factory, rng, count):
    folder = tmp_path_factory.mktemp("fuzz")
    tools = [fuzz.mutate(rng.choice(TOOLS), rng) for _ in range(count)]
    name, raw = fuzz.render(tools, rng)
    path = str(folder / name)
    with open(path, "wb") as fh:
        fh.write(raw)
    problems = _check_all(path) + _fix_keeps_everything(path)
    assert not problems, (name, raw[:2000], problems)


@pytest.mark.parametrize("name, raw", fuzz.hostile_documents(), ids=[n for n, _ in fuzz.hostile_documents()])
def test_hostile_documents_never_crash_hang_or_lose_anything(tmp_path, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    problems = _check_all(str(path)) + _fix_keeps_everything(str(path))
    assert not problems, problems


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_generate_from_a_hostile_contract_never_crashes_or_hangs(tmp_path_factory, rng):
    folder = tmp_path_factory.mktemp("generate")
    spec = folder / "openapi.json"
    spec.write_text(json.dumps(fuzz.hostile_openapi(rng)))
    for fmt in ("openai", "mcp"):
        code, _, err = fuzz.run("generate", "--from", str(spec), "--format", fmt, "-o", str(folder / "out.json"))
        assert not fuzz.problems_of_run(code, err, str(spec)), err
        if code == 0 and os.path.exists(folder / "out.json"):
            code, _, err = fuzz.run("check", str(folder / "out.json"), "--allow-empty")
            assert not fuzz.problems_of_run(code, err, str(folder / "out.json")), err


def test_the_runner_reports_a_crash(tmp_path):
    """The harness itself: an internal error is a problem, a one-line input error is not."""
    assert fuzz.problems_of_run(3, "schemalint: internal error in `schemalint check`: KeyError", "x")
    assert not fuzz.problems_of_run(2, "schemalint: error: x: no such file or folder\n", "x")
    assert random.Random(1).random() == random.Random(1).random()
