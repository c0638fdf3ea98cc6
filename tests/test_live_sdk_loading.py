"""Loading the MCP SDK's client half (live/sdk.py) and what happens when it cannot load."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import ROOT


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_a_failed_package_init_runs_again_when_asked_again():
    """As with a plain import that failed: the next `from mcp import ...` tries the package's __init__ again."""
    result = _run("""
        import sys
        from schemalint.live.sdk import load_client
        load_client()
        sys.modules["mcp.server.stdio"] = None  # mcp/__init__ imports it: this makes it fail once
        try:
            from mcp import ClientSession
        except ImportError:
            print("first failed")
        del sys.modules["mcp.server.stdio"]
        from mcp import ClientSession
        print("second:", ClientSession.__name__)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["first failed", "second: ClientSession"]


def test_two_threads_asking_the_package_at_once_both_get_its_names():
    result = _run("""
        import threading
        from schemalint.live.sdk import load_client
        load_client()
        barrier, got = threading.Barrier(2), []
        def ask():
            barrier.wait()
            from mcp import ClientSession
            got.append(ClientSession.__name__)
        threads = [threading.Thread(target=ask) for _ in range(2)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        print(got)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ClientSession', 'ClientSession']"


def test_servers_started_before_a_broken_sdk_are_stopped_and_the_error_is_one_line(tmp_path):
    broken = tmp_path / "mcp" / "client"
    broken.mkdir(parents=True)
    (tmp_path / "mcp" / "__init__.py").write_text("")
    (broken / "__init__.py").write_text("")
    (broken / "session.py").write_text("raise ImportError('this SDK is broken')\n")
    marker = "9731"
    result = _run(f"""
        import subprocess, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from schemalint.errors import UsageError
        from schemalint.live.client import start_fetching
        from schemalint.live.targets import ServerSpec
        try:
            start_fetching([ServerSpec("s", "stdio", ["sleep", "{marker}"])], 5)
        except UsageError as exc:
            print("error:", exc)
        left = subprocess.run(["pgrep", "-f", "^sleep {marker}"], capture_output=True, text=True).stdout.split()
        print("left running:", len(left))
    """)
    assert result.returncode == 0, result.stderr
    assert "error: the MCP SDK cannot be loaded (this SDK is broken): pip install 'schemalint[live]'" in result.stdout
    assert "left running: 0" in result.stdout
