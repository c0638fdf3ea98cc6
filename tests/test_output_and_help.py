"""Issue 19, output people can scan and help that is true: the text report's `path:line:col: severity rule
message` lines, plurals, escapes, colour, statistics, summarised notes, the progress line, --min-score's reason,
each command's own --help, and `did you mean`."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT, run_cli

TOOL = {"name": "search_users", "description": "Search the users of one tenant by name or e-mail address.",
        "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}}}


def _write(tmp_path, name="tools.json", data=None):
    (tmp_path / name).write_text(json.dumps(data or TOOL, indent=2))


def _text(*args, cwd, env=None):
    result = run_cli("check", *args, cwd=cwd, timeout=60, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_each_finding_is_one_clickable_line_naming_the_parameter_once(tmp_path):
    _write(tmp_path)
    lines = _text("tools.json", cwd=tmp_path).stdout.splitlines()
    (line,) = [line for line in lines if "param-description-missing" in line]
    assert re.fullmatch(r"tools\.json:7:7: info param-description-missing .+", line), line
    assert line.count("'q'") == 1 and "search_users.q:" not in line  # the message names both already
    assert lines[lines.index(line) + 1].startswith("    hint: ")


def test_the_summary_says_one_tool_in_one_file(tmp_path):
    _write(tmp_path)
    summary = _text("tools.json", cwd=tmp_path).stdout.splitlines()[-1]
    assert summary.startswith("1 tool in 1 file: 0 errors, 0 warnings, 1 info;"), summary


def test_control_and_bidirectional_characters_are_escaped_in_the_report(tmp_path):
    tool = {**TOOL, "inputSchema": {"type": "object", "properties": {
        "q\u202eevil\x1b[31m": {"type": "string", "description": "Name to look for."}}}}
    _write(tmp_path, data=tool)
    out = _text("tools.json", "--color", "always", cwd=tmp_path).stdout
    assert "\u202e" not in out and "evil\x1b" not in out
    assert "q\\u202eevil\\x1b[31m" in out


def test_colour_follows_the_option_and_no_color(tmp_path):
    _write(tmp_path)
    assert "\x1b[" in _text("tools.json", "--color", "always", cwd=tmp_path).stdout
    assert "\x1b[" not in _text("tools.json", cwd=tmp_path).stdout  # a pipe: auto means none
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "schemalint", "check", "tools.json"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60).stdout
    assert "\x1b[" not in out


def test_statistics_count_findings_per_rule(tmp_path):
    tools = [{**TOOL, "name": f"search_users_{i}", "inputSchema": {"type": "object", "properties": {
        "q": {"type": "string"}, "n": {"type": "string", "description": "A name."}}}} for i in range(3)]
    _write(tmp_path, data={"tools": tools})
    out = _text("tools.json", "--statistics", cwd=tmp_path).stdout.splitlines()
    rows = {line.split()[1]: int(line.split()[0]) for line in out if re.match(r"\s+\d+\s+[a-z-]+\s", line)}
    assert rows["param-description-missing"] == 3 and not any(":" in line.split()[0] for line in out if line.strip())


def test_many_skipped_files_are_one_note_unless_verbose(tmp_path):
    _write(tmp_path)
    for i in range(8):
        (tmp_path / f"config{i}.json").write_text('{"compilerOptions": {}}')
    notes = [line for line in _text(".", cwd=tmp_path).stdout.splitlines() if line.startswith("note:")]
    assert notes == ["note: 8 files skipped (not tool catalogs, or not read); -v lists them"]
    verbose = [line for line in _text(".", "-v", cwd=tmp_path).stdout.splitlines() if line.startswith("note:")]
    assert len(verbose) == 8 and verbose[0].startswith("note: skipped ./config0.json")


def test_min_score_says_why_the_run_failed(tmp_path):
    _write(tmp_path)  # one info finding: a score of 98
    text = _text("tools.json", "--min-score", "99", cwd=tmp_path)
    assert text.returncode == 1
    assert re.search(r"^schemalint: catalog score [\d.]+ is below --min-score 99$", text.stderr, re.M), text.stderr
    github = _text("tools.json", "--min-score", "99", "--format", "github", cwd=tmp_path)
    assert re.search(r"^::error title=schemalint min-score::catalog score [\d.]+ is below --min-score 99$",
                     github.stdout, re.M)


def test_a_progress_line_appears_on_a_terminal_and_is_erased(tmp_path):
    _write(tmp_path)
    primary, secondary = pty.openpty()
    env = {**os.environ, "SCHEMALINT_PROGRESS_AFTER": "0"}
    try:
        result = subprocess.run([sys.executable, "-m", "schemalint", "check", "tools.json"], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=secondary, timeout=60)
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(primary)
    assert result.returncode == 0
    assert b"schemalint: " in seen and seen.endswith(b"\r\x1b[K")
    piped = _text("tools.json", cwd=tmp_path, env=env)
    assert "schemalint: reading" not in piped.stderr and "linting" not in piped.stderr


def test_fix_help_lists_only_the_options_fix_takes_and_an_example():
    out = run_cli("fix", "--help", timeout=60).stdout
    for option in ("--write", "--unsafe", "--force", "--select"):
        assert option in out
    for option in ("--min-score", "--baseline", "--output", "--fail-on", "--statistics"):
        assert option not in out, option
    assert "examples:\n  schemalint fix tools/" in out


@pytest.mark.parametrize("command", ["check", "score", "fix", "generate", "diff", "lock", "rules", "explain"])
def test_every_command_help_has_an_example(command):
    out = run_cli(command, "--help", timeout=60).stdout
    assert f"examples:\n  schemalint {command}" in out


@pytest.mark.parametrize("args, expected", [
    (("chek", "."), "unknown command 'chek' (did you mean `schemalint check`?)"),
    (("check", "--formt", "json"), "unrecognized arguments: --formt (did you mean `--format`"),
    (("explain", "buried"), "unknown rule 'buried' (did you mean `buried-required-param`?)"),
    (("rules", "--category", "secrity"), "unknown category 'secrity' (did you mean `security`?)"),
    (("check", "--select", "buried-required", "."), "(did you mean `buried-required-param`"),
])
def test_did_you_mean(args, expected):
    result = run_cli(*args, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("schemalint: error: ") and expected in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


def test_a_file_named_like_a_command_is_still_linted(tmp_path):
    (tmp_path / "chek").write_text(json.dumps(TOOL))
    assert run_cli("chek", cwd=tmp_path, timeout=60).returncode == 0
