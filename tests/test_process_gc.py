"""The cyclic garbage collector is off while schemalint is the process, and left alone when it is a library."""
from __future__ import annotations

import gc
import subprocess
import sys

from schemalint.cli import main

from .helpers import ROOT

PROBE = ("import gc, sys\n"
         "from schemalint.cli import main\n"
         "sys.argv = ['schemalint', 'rules']\n"
         "main()\n"
         "print('collector on' if gc.isenabled() else 'collector off', file=sys.stderr)\n")


def test_the_command_line_process_runs_without_the_cyclic_collector():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("collector off")


def test_main_called_in_process_keeps_the_callers_collector(capsys):
    assert gc.isenabled()
    assert main(["rules"]) == 0
    assert gc.isenabled()


SERVER_PROBE = ("import gc, sys\n"
                "from schemalint.lsp import server\n"
                "server.server.start_io = lambda *a: print('collector on' if gc.isenabled() else 'collector off',\n"
                "                                          file=sys.stderr)\n"
                "from schemalint.cli import main\n"
                "sys.argv = ['schemalint', 'server']\n"
                "main()\n")


def test_the_language_server_process_keeps_collecting():
    """A server lives for hours and its event loop makes cycles: it must not inherit the one-shot commands' choice."""
    result = subprocess.run([sys.executable, "-c", SERVER_PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "collector on" in result.stderr


EXIT_PROBE = ("import atexit, gc, sys\n"
              "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, file=sys.stderr))\n"
              "from schemalint.cli import main\n"
              "sys.argv = ['schemalint', 'rules']\n"
              "main()\n"
              "print('frozen before exit:', gc.get_freeze_count() > 0, file=sys.stderr)\n")


def test_the_exit_collection_of_the_command_line_process_has_nothing_to_traverse():
    """The interpreter collects once more at exit even with the collector off: the command line freezes what is
    alive in an exit handler (run after every other one), and not before, so the commands' own exit work runs
    as usual."""
    result = subprocess.run([sys.executable, "-c", EXIT_PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-2:] == ["frozen before exit: False", "frozen at exit: True"]


def test_the_language_server_defers_collection_from_a_lint_to_its_publish():
    """Two lints overlap (two buffers): collection resumes only when the last one has published."""
    from schemalint.lsp.server import SchemalintServer

    lsp = SchemalintServer()
    assert gc.isenabled()
    with lsp.collection_deferred():
        with lsp.collection_deferred():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first lint has not published yet
    assert gc.isenabled()
    lsp.worker.shutdown(wait=True)  # the deferred collection ran in the worker
