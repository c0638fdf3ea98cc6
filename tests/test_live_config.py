"""`--mcp-config`: the servers of MCP client configurations in the four shapes clients write (Claude Desktop,
Cursor, Windsurf: `mcpServers`; VS Code: `servers`), started or connected to for real, each its own catalog."""
from __future__ import annotations

import json
import os
import sys

import pytest

from schemalint.live.mcp_config import read_config
from tests.helpers import run_cli
from tests.live_servers.harness import LOWLEVEL, http_server, write_tools

pytest.importorskip("mcp")
pytest.importorskip("uvicorn")

TOKEN = "cfg-token-3c9e71aa50"


def _tool(name, description):
    return {"name": name, "description": description, "inputSchema": {"type": "object", "properties": {}}}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Tool files for two stdio servers that both list `search`, and one token-guarded HTTP server."""
    folder = tmp_path_factory.mktemp("servers")
    mail = write_tools(folder / "mail.json", [_tool("send_email", "Send an email to one recipient."),
                                              _tool("search", "Search sent emails by text.")])
    notes = write_tools(folder / "notes.json", [_tool("save_note", "Save a note for later."),
                                                _tool("search", "Search notes by text.")])
    remote = write_tools(folder / "remote.json", [_tool("get_weather", "Get the weather for a city.")])
    with http_server(LOWLEVEL, remote, "--token-env", "CFG_TOKEN", env={"CFG_TOKEN": TOKEN}) as port:
        yield {"mail": mail, "notes": notes, "url": f"http://127.0.0.1:{port}/mcp"}


def _write(path, data, prefix=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(prefix + json.dumps(data, indent=2))
    return str(path)


def four_shapes(folder, servers) -> dict:
    header = {"Authorization": "Bearer ${env:CFG_TOKEN}"}
    return {
        "claude": _write(folder / "claude_desktop_config.json",
                         {"mcpServers": {"mail": {"command": sys.executable, "args": [LOWLEVEL, servers["mail"]]}}}),
        "cursor": _write(folder / ".cursor" / "mcp.json",
                         {"mcpServers": {"weather": {"url": servers["url"], "headers": header}}}),
        "windsurf": _write(folder / "mcp_config.json",
                           {"mcpServers": {"weather-windsurf": {"serverUrl": servers["url"], "headers": header}}}),
        # VS Code's file allows comments and trailing commas, and asks for ${input:...} values when it starts
        "vscode": _write(folder / ".vscode" / "mcp.json", {
            "inputs": [{"type": "promptString", "id": "api-key", "password": True}],
            "servers": {"notes": {"type": "stdio", "command": sys.executable, "args": [LOWLEVEL, servers["notes"]]},
                        "billing": {"type": "http", "url": "https://billing.example/mcp",
                                    "headers": {"Authorization": "Bearer ${input:api-key}"}}}},
            prefix="// MCP servers for this workspace: https://code.visualstudio.com/docs\n"),
    }


def test_the_four_shapes_are_read_alike(tmp_path, servers, monkeypatch):
    monkeypatch.setenv("CFG_TOKEN", TOKEN)
    files = four_shapes(tmp_path, servers)
    read = {key: read_config(path) for key, path in files.items()}
    assert [(s.name, s.transport) for s in read["claude"].servers] == [("mail", "stdio")]
    assert [(s.name, s.transport, s.url) for s in read["cursor"].servers] == [("weather", "http", servers["url"])]
    assert read["cursor"].servers[0].headers == {"Authorization": f"Bearer {TOKEN}"}
    assert [(s.name, s.transport) for s in read["windsurf"].servers] == [("weather-windsurf", "http")]
    notes, billing = read["vscode"].servers
    assert notes.command == [sys.executable, LOWLEVEL, servers["notes"]] and not notes.unresolved
    assert billing.unresolved.startswith("needs ${input:api-key}")


def test_every_server_of_every_shape_is_linted_and_one_catalog(tmp_path, servers):
    files = four_shapes(tmp_path, servers)
    args = [a for path in files.values() for a in ("--mcp-config", path)]
    result = run_cli("check", *args, "--format", "json", "--fail-on", "never", env={**os.environ, "CFG_TOKEN": TOKEN},
                     timeout=180)
    report = json.loads(result.stdout)
    by_file = {}
    for tool in report["tools"]:
        by_file.setdefault(tool["file"], set()).add(tool["name"])
    assert by_file == {"mcp:mail": {"send_email", "search"}, "mcp:notes": {"save_note", "search"},
                       "mcp:weather": {"get_weather"}, "mcp:weather-windsurf": {"get_weather"}}
    same_name = sorted((f["file"], f["tool"]) for f in report["findings"] if f["rule"] == "tool-name-on-several-servers")
    assert ("mcp:notes", "search") in same_name
    # the server that needs a value only the client can ask for is reported, not guessed, and the run exits 2
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("schemalint: error:")]
    assert errors == ["schemalint: error: mcp:billing: not started: needs ${input:api-key} (a client asks for or "
                      "sets it; schemalint does not guess it)"]
    assert TOKEN not in result.stdout + result.stderr


def test_dry_run_lists_what_would_start_and_starts_nothing(tmp_path):
    marker = tmp_path / "started"
    config = _write(tmp_path / "mcp.json", {"mcpServers": {
        "toucher": {"command": sys.executable, "args": ["-c", f"open({str(marker)!r}, 'w')"],
                    "env": {"API_KEY": "sk-live-abcdef123456"}},
        "remote": {"url": "https://mcp.example/mcp", "headers": {"X-Key": "hdr-secret-998877"}}}})
    result = run_cli("check", "--mcp-config", config, "--dry-run", timeout=60)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"mcp:toucher: would start {sys.executable} -c ") and "(environment: API_KEY)" in lines[0]
    assert lines[1] == f"mcp:remote: would connect to http https://mcp.example/mcp (headers: X-Key) (from {config})"
    assert "sk-live-abcdef123456" not in result.stdout + result.stderr
    assert "hdr-secret-998877" not in result.stdout + result.stderr


def test_auto_finds_the_usual_files_and_lists_them(tmp_path):
    home, project = tmp_path / "home", tmp_path / "project"
    user_file = _write(home / ".cursor" / "mcp.json", {"mcpServers": {"u": {"command": "user-server"}}})
    project_file = _write(project / ".vscode" / "mcp.json", {"servers": {"p": {"type": "stdio",
                                                                               "command": "project-server"}}})
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "APPDATA")}
    env.update(HOME=str(home), PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = run_cli("lock", "--mcp-config", "auto", "--dry-run", cwd=str(project), env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"mcp:p: would start project-server (from {project_file})",
                                          f"mcp:u: would start user-server (from {user_file})"]
    assert f"VS Code configuration {project_file} (1 servers)" in result.stderr
    assert f"Cursor configuration {user_file} (1 servers)" in result.stderr
    nothing = run_cli("check", "--mcp-config", "auto", cwd=str(tmp_path), env={**env, "HOME": str(tmp_path)},
                      timeout=60)
    assert nothing.returncode == 2 and "--mcp-config auto found no MCP client configuration" in nothing.stderr


def test_malformed_configurations_are_one_line(tmp_path):
    bad = _write(tmp_path / "bad.json", {"mcpServers": {"x": {"args": ["a"]}}})
    result = run_cli("check", "--mcp-config", bad, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"schemalint: error: {bad}: server 'x' has neither a command nor a url"
    other = _write(tmp_path / "other.json", {"editor.fontSize": 12})
    result = run_cli("check", "--mcp-config", other, timeout=60)
    assert result.returncode == 2 and "not an MCP configuration" in result.stderr
