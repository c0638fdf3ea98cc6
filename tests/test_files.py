"""write_atomic: never a partial file, and never a replaced link, device or pipe."""
from __future__ import annotations

import os
import stat
import threading

import pytest

from schemalint.files import check_writable, write_atomic


def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    (tmp_path / "target.json").write_text("old")
    os.symlink("target.json", tmp_path / "link.json")
    write_atomic(str(tmp_path / "link.json"), "new")
    assert os.path.islink(tmp_path / "link.json")
    assert (tmp_path / "target.json").read_text() == "new"


def test_a_named_pipe_is_written_in_place_not_replaced(tmp_path):
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
    reader.start()
    write_atomic(str(fifo), "a report\n")
    reader.join(timeout=10)
    assert got == ["a report\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_new_file_gets_the_umask_permissions_and_an_old_one_keeps_its_own(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(str(tmp_path / "new.json"), "{}")
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
        (tmp_path / "old.json").write_text("{}")
        os.chmod(tmp_path / "old.json", 0o600)
        write_atomic(str(tmp_path / "old.json"), "[]")
        assert stat.S_IMODE(os.stat(tmp_path / "old.json").st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_atomic(str(tmp_path), "x")
    assert check_writable(str(tmp_path)) == "Is a directory"
    assert "does not exist" in check_writable(str(tmp_path / "missing" / "out.txt"))
    assert check_writable(str(tmp_path / "out.txt")) is None
