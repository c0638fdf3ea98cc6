"""The contract-validation cache can be wrong without harm: entries of the wrong shape, from another version or
with a bad checksum are ignored, and a folder that cannot be written is skipped with a note."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.contract import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEMALINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SCHEMALINT_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "problems", [])
    return tmp_path / "cache"


def _entry_path(kind, key):
    return cache._path(kind, key)


def test_round_trip(folder):
    cache.put("validation", "k1", [["bad type", "/paths"]])
    assert cache.get("validation", "k1") == [["bad type", "/paths"]]


@pytest.mark.parametrize("written", [{"x": 1}, 123, [], "text", None])
def test_a_hand_written_value_is_ignored(folder, written):
    path = _entry_path("validation", "k2")
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as fh:
        json.dump(written, fh)
    assert cache.get("validation", "k2") is None


def test_an_entry_from_another_version_or_with_a_bad_checksum_is_ignored(folder):
    cache.put("validation", "k3", [["m", "/p"]])
    path = _entry_path("validation", "k3")
    with open(path) as fh:
        entry = json.load(fh)
    for change in ({"schemalint": "0.0.0"}, {"value": []}, {"key": "other"}, {"sha256": "0" * 64}):
        with open(path, "w") as fh:
            json.dump({**entry, **change}, fh)
        assert cache.get("validation", "k3") is None, change


def test_the_caller_checks_the_shape(folder):
    cache.put("validation", "k4", {"not": "a list"})
    assert cache.get("validation", "k4", valid=lambda v: isinstance(v, list)) is None


def test_an_unwritable_folder_is_skipped_with_one_note(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SCHEMALINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "problems", [])
    cache.put("validation", "k5", [])
    cache.put("validation", "k6", [])
    assert len(cache.problems) == 1 and "skipped" in cache.problems[0]
    assert cache.get("validation", "k5") is None


def test_a_cached_validation_of_the_wrong_shape_is_recomputed(folder, tmp_path):
    """`[]` or `{"x": 1}` written over a real result must neither crash nor hide contract-invalid findings."""
    from tests.helpers import run_cli

    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n"
                                           "    get:\n      operationId: getA\n      parameters:\n"
                                           "      - {name: q, in: querry}\n      responses: {}\n")
    (tmp_path / "tools.json").write_text('{"tools": [{"name": "getA", "description": "Get an a.", '
                                         '"inputSchema": {"type": "object"}}]}')
    env = dict(os.environ, SCHEMALINT_CACHE_DIR=str(folder))
    args = ("check", "tools.json", "--contract", "openapi.yaml", "--select", "contract-invalid", "--format", "json",
            "--fail-on", "never")
    first = json.loads(run_cli(*args, cwd=tmp_path, env=env).stdout)["findings"]
    assert first, "the contract is invalid where getA's call goes (in: querry)"
    entries = [os.path.join(root, name) for root, _, names in os.walk(folder) for name in names]
    assert entries
    for forged in ([], {"x": 1}, 123):
        for path in entries:
            with open(path) as fh:
                entry = json.load(fh)
            with open(path, "w") as fh:
                json.dump({**entry, "value": forged}, fh)
        again = run_cli(*args, cwd=tmp_path, env=env)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["findings"] == first, forged


def test_a_run_says_when_it_skipped_the_cache(tmp_path):
    """The note reaches the report: a slow run in CI says why instead of being silently slow."""
    from tests.helpers import ROOT, run_cli

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    env = {**os.environ, "SCHEMALINT_CACHE_DIR": str(blocker)}
    env.pop("SCHEMALINT_NO_CACHE", None)
    proc = run_cli("check", os.path.join(ROOT, "examples", "users_api.json"), "--contract",
                   os.path.join(ROOT, "examples", "users-openapi.yaml"), "--format", "json", "--fail-on", "never",
                   env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    notes = json.loads(proc.stdout)["notes"]
    assert [n for n in notes if n.startswith(f"cache {tmp_path}") and "skipped" in n], notes
