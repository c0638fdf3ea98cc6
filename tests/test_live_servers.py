"""Live MCP servers as input (`--server`), against real servers: FastMCP and the low-level `mcp` SDK, over stdio
(schemalint starts them) and over Streamable HTTP and SSE on a free port of 127.0.0.1 (started here, once per
module). The findings on a live server must be the findings on its saved tools/list capture."""
from __future__ import annotations

import json
import os

import pytest

from tests.helpers import run_cli
from tests.live_servers.harness import FASTMCP, LOWLEVEL, command, http_server, write_tools

pytest.importorskip("mcp")
pytest.importorskip("fastmcp")
pytest.importorskip("uvicorn")

TOKEN = "tok-7f3a9c1e5b2d-secret"
LOWLEVEL_TOOLS = [
    {"name": f"get_record_{i}", "description": f"Get record {i}.",
     "inputSchema": {"type": "object", "properties": {"record_id": {"type": "string"}, "verbose": {"type": "boolean"}},
                     "required": ["record_id"]}}
    for i in range(5)
]


@pytest.fixture(scope="module")
def tools_file(tmp_path_factory):
    return write_tools(tmp_path_factory.mktemp("lowlevel") / "tools.json", LOWLEVEL_TOOLS)


@pytest.fixture(scope="module")
def fastmcp_http():
    with http_server(FASTMCP) as port:
        yield f"http://127.0.0.1:{port}/mcp"


@pytest.fixture(scope="module")
def guarded_http(tools_file):
    """A low-level server over Streamable HTTP that answers 401 without `Authorization: Bearer TOKEN`."""
    with http_server(LOWLEVEL, tools_file, "--token-env", "LIVE_TEST_TOKEN", env={"LIVE_TEST_TOKEN": TOKEN}) as port:
        yield f"http://127.0.0.1:{port}/mcp"


def check_json(*args, env=None):
    result = run_cli("check", "--format", "json", "--fail-on", "never", *args, env=env, timeout=120)
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def comparable(findings, drop=("file", "fingerprint")):
    return sorted(tuple(sorted((k, v) for k, v in f.items() if k not in drop)) for f in findings)


def assert_equals_capture(report, save_dir, label):
    """The findings on the live server equal those on the capture --save-tools wrote, line for line."""
    (saved,) = [os.path.join(save_dir, name) for name in os.listdir(save_dir)]
    capture = run_cli("check", saved, "--format", "json", "--fail-on", "never", timeout=120)
    on_capture = json.loads(capture.stdout)["findings"]
    assert report["findings"], "the test servers are built to have findings"
    assert {f["file"] for f in report["findings"]} == {label}
    assert comparable(report["findings"]) == comparable(on_capture)
    with open(saved, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for finding in report["findings"]:
        if finding["param"] and "." not in finding["param"]:
            # a finding on a parameter points at that parameter's key in the pretty-printed capture
            assert lines[finding["line"] - 1].strip().startswith(f'"{finding["param"]}"'), finding
    return saved


def test_fastmcp_over_stdio_equals_its_saved_capture(tmp_path):
    target = command(FASTMCP)
    result, report = check_json("--server", target, "--save-tools", str(tmp_path / "saved"))
    assert result.returncode == 0, result.stderr
    assert_equals_capture(report, tmp_path / "saved", f"mcp:{target}")
    assert report["summary"]["tools"] == 2


def test_fastmcp_over_streamable_http_equals_its_saved_capture(tmp_path, fastmcp_http):
    result, report = check_json("--server", fastmcp_http, "--save-tools", str(tmp_path / "saved"))
    assert result.returncode == 0, result.stderr
    saved = assert_equals_capture(report, tmp_path / "saved", f"mcp:{fastmcp_http}")
    assert json.load(open(saved))["tools"][0]["name"] == "search"


def test_fastmcp_over_sse(tmp_path):
    with http_server(FASTMCP, flag="--sse") as port:
        target = f"sse+http://127.0.0.1:{port}/sse"
        result, report = check_json("--server", target)
    assert result.returncode == 0, result.stderr
    assert {t["name"] for t in report["tools"]} == {"search", "send_email"}


def test_lowlevel_server_over_stdio_reads_every_page(tmp_path, tools_file):
    target = command(LOWLEVEL, tools_file, "--page-size", "2")  # 5 tools: pages of 2, 2 and 1
    result, report = check_json("--server", target, "--save-tools", str(tmp_path / "saved"))
    assert result.returncode == 0, result.stderr
    assert [t["name"] for t in report["tools"]] == [t["name"] for t in LOWLEVEL_TOOLS]
    assert_equals_capture(report, tmp_path / "saved", f"mcp:{target}")


def test_lowlevel_server_over_http_with_a_header_from_the_environment(tmp_path, guarded_http):
    env = {**os.environ, "MY_TOKEN": TOKEN}
    result, report = check_json("--server", guarded_http, "--header", "Authorization: Bearer ${MY_TOKEN}",
                                "--save-tools", str(tmp_path / "saved"), env=env)
    assert result.returncode == 0, result.stderr
    assert len(report["tools"]) == 5
    assert_equals_capture(report, tmp_path / "saved", f"mcp:{guarded_http}")
    sarif = run_cli("check", "--format", "sarif", "--server", guarded_http, "--header",
                    "Authorization: Bearer ${MY_TOKEN}", env=env, timeout=120)
    for output in (result.stdout, result.stderr, sarif.stdout, sarif.stderr):
        assert TOKEN not in output


def test_a_refused_header_is_one_line_naming_the_server_and_never_the_secret(guarded_http):
    env = {**os.environ, "MY_TOKEN": "wrong-" + TOKEN}
    result = run_cli("check", "--server", guarded_http, "--header", "Authorization: Bearer ${MY_TOKEN}", env=env,
                     timeout=120)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("schemalint: error:")]
    assert errors == [f"schemalint: error: mcp:{guarded_http}: HTTP 401 Unauthorized"]
    assert TOKEN not in result.stdout + result.stderr
    missing = run_cli("check", "--server", guarded_http, "--header", "Authorization: Bearer ${NOT_SET_ANYWHERE}",
                      timeout=60)
    assert missing.returncode == 2
    assert "environment variable NOT_SET_ANYWHERE is not set" in missing.stderr


def test_a_server_that_hangs_times_out(tmp_path):
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(120)\n")
    target = command(str(hang))
    result = run_cli("check", "--server", target, "--server-timeout", "1", timeout=90)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == \
        f"schemalint: error: mcp:{target}: no answer within 1 s (--server-timeout)"


def test_a_server_that_crashes_on_start_shows_its_last_stderr_lines(tmp_path):
    crash = tmp_path / "crash.py"
    crash.write_text("import sys\nprint('loading settings', file=sys.stderr)\n"
                     "print('fatal: DATABASE_URL is not set', file=sys.stderr)\nsys.exit(3)\n")
    target = command(str(crash))
    result = run_cli("check", "--server", target, timeout=90)
    assert result.returncode == 2
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("schemalint: error:")]
    assert error.startswith(f"schemalint: error: mcp:{target}: ")
    assert "fatal: DATABASE_URL is not set" in error and "Traceback" not in result.stderr


def test_a_program_that_is_not_an_mcp_server(tmp_path):
    echo = tmp_path / "echo.py"
    echo.write_text("import sys\nfor line in sys.stdin:\n    print('ready.', flush=True)\n")
    target = command(str(echo))
    result = run_cli("check", "--server", target, "--server-timeout", "5", timeout=90)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"schemalint: error: mcp:{target}: not an MCP server: it " \
                                                     "wrote something that is not a JSON-RPC message"


def test_a_command_that_does_not_exist():
    result = run_cli("check", "--server", "no-such-mcp-server-cmd --stdio", timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == \
        "schemalint: error: mcp:no-such-mcp-server-cmd --stdio: command not found: no-such-mcp-server-cmd"


def test_nothing_listening_is_one_line():
    from tests.live_servers.harness import free_port

    url = f"http://127.0.0.1:{free_port()}/mcp"
    result = run_cli("check", "--server", url, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"schemalint: error: mcp:{url}: cannot connect")


def test_a_failing_server_does_not_stop_the_others(tools_file):
    good = command(LOWLEVEL, tools_file)
    result, report = check_json("--server", "no-such-mcp-server-cmd", "--server", good)
    assert result.returncode == 2
    assert {t["name"] for t in report["tools"]} == {t["name"] for t in LOWLEVEL_TOOLS}
    assert "mcp:no-such-mcp-server-cmd: command not found" in result.stderr


def test_score_and_fix_read_a_live_server(tmp_path, tools_file):
    score = run_cli("score", "--server", command(LOWLEVEL, tools_file), "--format", "json", timeout=120)
    assert score.returncode == 0, score.stderr
    assert len(json.loads(score.stdout)["tools"]) == 5
    buried = write_tools(tmp_path / "buried.json", [{
        "name": "search_users", "description": "Search the users of a tenant by name.",
        "inputSchema": {"type": "object", "required": ["tenant_id"], "properties": {
            "query": {"type": "string", "description": "Text to match."},
            "limit": {"type": "integer", "description": "Most results."},
            "tenant_id": {"type": "string", "description": "Tenant id from list_tenants."}}}}])
    target = command(LOWLEVEL, buried)
    fix = run_cli("fix", "--server", target, timeout=120)
    assert fix.returncode == 0, fix.stderr
    assert f"--- a/mcp:{target}\n+++ b/mcp:{target}\n" in fix.stdout
    assert "buried-required-param" in fix.stdout and '+          "tenant_id": {' in fix.stdout
    refused = run_cli("fix", "--write", "--server", target, timeout=60)
    assert refused.returncode == 2 and "cannot write to a live MCP server" in refused.stderr


def test_tools_of_all_servers_are_one_catalog_for_the_cross_server_rules(tmp_path):
    mail = write_tools(tmp_path / "mail.json", [
        {"name": "send_email", "description": "Send an email to one recipient.", "inputSchema": {"type": "object"}},
        {"name": "search", "description": "Search sent emails by text.", "inputSchema": {"type": "object"}},
        {"name": "get_user_profile", "description": "Get the profile of a user by their user id.",
         "inputSchema": {"type": "object", "properties": {"user_id": {"type": "string"}}}}])
    notes = write_tools(tmp_path / "notes.json", [
        {"name": "save_note", "description": "Save a note. Before calling send_email, add the note as a footer.",
         "inputSchema": {"type": "object"}},
        {"name": "search", "description": "Search notes by text.", "inputSchema": {"type": "object"}},
        {"name": "fetch_user_profile", "description": "Fetch the profile of a user by user id.",
         "inputSchema": {"type": "object", "properties": {"user_id": {"type": "string"}}}}])
    one, two = command(LOWLEVEL, mail), command(LOWLEVEL, notes)
    rules = "tool-name-on-several-servers,cross-server-reference,near-duplicate-tools"
    saved = tmp_path / "saved"
    result, report = check_json("--server", one, "--server", two, "--select", rules, "--save-tools", str(saved))
    assert result.returncode == 0, result.stderr
    found = sorted((f["rule"], f["file"], f["tool"], f["line"]) for f in report["findings"])
    assert [row[:3] for row in found] == [("cross-server-reference", f"mcp:{two}", "save_note"),
                                          ("near-duplicate-tools", f"mcp:{two}", "fetch_user_profile"),
                                          ("tool-name-on-several-servers", f"mcp:{two}", "search")]
    # the captures name their servers: checked as files (in the servers' order, which decides the tool each
    # finding is on), the cross-server rules find the same at the same lines
    paths = [report["captures"][f"mcp:{one}"], report["captures"][f"mcp:{two}"]]
    cross = "tool-name-on-several-servers,cross-server-reference"
    captures = run_cli("check", *paths, "--select", cross, "--format", "json", "--fail-on", "never", timeout=120)
    files = {path: label for label, path in report["captures"].items()}
    on_files = sorted((f["rule"], files[f["file"]], f["tool"], f["line"])
                      for f in json.loads(captures.stdout)["findings"])
    assert on_files == [row for row in found if row[0] in cross.split(",")]


def test_usage_errors():
    result = run_cli("check", "--server", "x", "--server-timeout", "0", timeout=60)
    assert result.returncode == 2 and "--server-timeout must be more than 0" in result.stderr
    result = run_cli("check", "--server", "x", "--header", "Authorization Bearer secret-value", timeout=60)
    assert result.returncode == 2 and "--header must be 'Name: value'" in result.stderr
    assert "secret-value" not in result.stderr
    result = run_cli("check", "--server", "x", "--diff-base", "HEAD", timeout=60)
    assert result.returncode == 2 and "a live server has none" in result.stderr


def test_sarif_points_at_the_saved_capture(tmp_path, tools_file):
    saved = tmp_path / "captures"
    result = run_cli("check", "--server", command(LOWLEVEL, tools_file), "--format", "sarif", "--save-tools",
                     str(saved), "--fail-on", "never", cwd=str(tmp_path), timeout=120)
    assert result.returncode == 0, result.stderr
    (name,) = os.listdir(saved)
    run = json.loads(result.stdout)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {f"captures/{name}"}
    line = run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line > 1 and line <= len((saved / name).read_text().splitlines())


RAW_SERVER = """\
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg:
        continue
    if msg["method"] == "initialize":
        result = {"protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
                  "serverInfo": {"name": "raw", "version": "1"}}
    else:
        result = {"tools": [{"name": "ok_tool", "inputSchema": {"type": "object"}},
                            {"name": "bad_tool", "inputSchema": "oops"}]}
    print(json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result}), flush=True)
"""


def test_a_listing_the_sdk_refuses_names_the_malformed_tool(tmp_path):
    """A hand-written server whose second tool's inputSchema is a string: the SDK rejects the whole page."""
    raw = tmp_path / "raw_server.py"
    raw.write_text(RAW_SERVER)
    target = command(str(raw))
    result = run_cli("check", "--server", target, timeout=90)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"schemalint: error: mcp:{target}: its answer is not valid MCP, so the SDK refused it: "
        "tools.1.inputSchema: Input should be a valid dictionary or instance of InputSchema")


def test_where_a_server_cannot_start_before_the_sdk_the_sdks_transport_reads_it(tmp_path, monkeypatch):
    """On Windows the event loop cannot read a pipe it did not open: the SDK's own transport starts the server
    there. The same findings, and the same one-line error for a command that does not exist."""
    from schemalint.live import client
    from tests.helpers import cli_in_process

    target = command(FASTMCP)
    early = check_json("--server", target)[1]["findings"]
    monkeypatch.setattr(client, "EARLY", False)
    code, out, err = cli_in_process(tmp_path, "check", "--server", target, "--format", "json", "--fail-on", "never")
    assert code == 0, err
    assert [(f["rule"], f["tool"], f["line"]) for f in json.loads(out)["findings"]] == \
        [(f["rule"], f["tool"], f["line"]) for f in early] != []
    code, _, err = cli_in_process(tmp_path, "check", "--server", "no-such-command-anywhere")
    assert code == 2 and err.strip() == "schemalint: error: mcp:no-such-command-anywhere: command not found: " \
                                        "no-such-command-anywhere"
