"""A path on the command line that is not a file or folder says what it is (issue 25, item 7)."""
from __future__ import annotations

import os

import pytest

from tests.helpers import run_cli


@pytest.mark.parametrize("command", ["check", "score", "fix"])
def test_dev_null_says_it_is_a_device(command):
    proc = run_cli(command, os.devnull, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"schemalint: error: {os.devnull}: a character device, not a file or folder of "
                                   "tool definitions (use - to read standard input)")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "tools.json"
    os.mkfifo(fifo)
    proc = run_cli("check", str(fifo), timeout=60)
    assert proc.returncode == 2
    assert "a named pipe, not a file or folder" in proc.stderr


def test_a_broken_link_and_a_missing_path_are_told_apart(tmp_path):
    (tmp_path / "link.json").symlink_to(tmp_path / "gone.json")
    proc = run_cli("check", str(tmp_path / "link.json"), str(tmp_path / "missing.json"), timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"schemalint: error: {tmp_path / 'link.json'}: a broken symbolic link"
    proc = run_cli("check", str(tmp_path / "missing.json"), timeout=60)
    assert proc.stderr.strip() == f"schemalint: error: {tmp_path / 'missing.json'}: no such file or folder"
