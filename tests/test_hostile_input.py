"""Issue 19: inputs that crashed a run (tracebacks) or were read wrongly without a word. Each test runs the real
command line on a file built here."""
from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from schemalint.commands.fix import _write_fixes
from schemalint.rules._schema import _is_multiple
from schemalint.sources import parse_text
from tests.helpers import run_cli

TOOL = {"name": "search_users", "description": "Search the users of one tenant by name or e-mail address.",
        "inputSchema": {"type": "object", "properties": {}}}


def _tool(**properties) -> dict:
    return {**TOOL, "inputSchema": {"type": "object", "properties": properties}}


def _findings(*args, cwd) -> tuple[int, list[dict], str]:
    result = run_cli("check", *args, "--format", "json", cwd=cwd, timeout=120)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)["findings"], result.stderr


def _assert_clean(result):
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-1500:]


# ---- tracebacks ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "score", "fix"])
def test_a_multiple_of_a_tiny_step_with_a_huge_default_is_judged_not_a_crash(tmp_path, command):
    prop = {"type": "number", "multipleOf": 1e-10, "default": 1e300, "description": "The amount, in euros."}
    (tmp_path / "t.json").write_text(json.dumps(_tool(amount=prop)))
    _assert_clean(run_cli(command, "t.json", cwd=tmp_path, timeout=60))


def test_multiples_too_large_for_a_float_are_decided_exactly():
    assert _is_multiple(1e300, 1e-10)
    assert not _is_multiple(1e300, 7e-10)
    assert _is_multiple(10 ** 400, 5) and not _is_multiple(10 ** 400 + 1, 5)
    assert _is_multiple(0.3, 0.1) and not _is_multiple(0.35, 0.1)


DUPLICATED_PROPERTY = ('{"name": "search_users", "description": "Search the users of one tenant by name.",\n'
                       ' "inputSchema": {"type": "object", "required": ["tenant_id"], "properties": {\n'
                       '  "query": {"type": "string", "description": "Name or e-mail."},\n'
                       '  "limit": {"type": "integer", "description": "Most users to return."},\n'
                       '  "cursor": {"type": "string", "description": "Where the last page ended."},\n'
                       '  "query": {"type": "string", "description": "Name."},\n'
                       '  "tenant_id": {"type": "string", "description": "The tenant."}}}}\n')


def test_a_reorder_fix_on_an_object_with_a_duplicate_key_is_skipped_with_the_reason(tmp_path):
    (tmp_path / "t.json").write_text(DUPLICATED_PROPERTY)
    result = run_cli("fix", "--write", "t.json", cwd=tmp_path, timeout=60)
    _assert_clean(result)
    assert (tmp_path / "t.json").read_text() == DUPLICATED_PROPERTY
    assert "buried-required-param not applied: cannot reorder an object with a duplicate key" in result.stderr


RECURSIVE_MODEL = '''
from pydantic import BaseModel, Field
from langchain_core.tools import StructuredTool, tool


class Node(BaseModel):
    """A node of the folder tree."""
    name: str = Field(description="The folder name.")
    children: list["Node"] = Field(default_factory=list, description="The folders inside it.")


def walk(name: str, children: list) -> str:
    """Walk a folder tree."""
    return name
'''
REGISTRATIONS = {
    "tool-decorator": '\n@tool(args_schema=Node)\ndef walk_tree(name: str, children: list) -> str:\n'
                      '    """Walk a folder tree and list the folder names."""\n    return name\n',
    "from-function": '\nwalk_tree = StructuredTool.from_function(func=walk, name="walk_tree", '
                     'description="Walk a folder tree.", args_schema=Node)\n',
    "bind-tools": '\nfrom langchain_openai import ChatOpenAI\nmodel = ChatOpenAI().bind_tools([Node])\n',
}


@pytest.mark.parametrize("registration", sorted(REGISTRATIONS))
def test_a_recursive_pydantic_model_as_a_tool_schema_keeps_its_recursion(tmp_path, registration):
    (tmp_path / "tools.py").write_text(RECURSIVE_MODEL + REGISTRATIONS[registration])
    result = run_cli("check", "tools.py", "--format", "json", cwd=tmp_path, timeout=60)
    _assert_clean(result)
    assert json.loads(result.stdout)["summary"]["tools"] == 1
    from schemalint.loaders import load_paths

    (tool,) = load_paths([str(tmp_path / "tools.py")]).tools
    children = tool.input_schema["properties"]["children"]
    assert children["items"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert "Node" in tool.input_schema["$defs"]


@pytest.mark.parametrize("command", [("check",), ("check", "--format", "json"), ("check", "--format", "sarif"),
                                     ("score",), ("fix",), ("lock", "-o", "out.lock")])
def test_a_file_name_that_is_not_utf8_is_skipped_with_a_note(tmp_path, command):
    folder = tmp_path / "tools"
    folder.mkdir()
    bad = _tool(q={"type": "string"})
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.json"), "w") as fh:
        json.dump(bad, fh)
    (folder / "good.json").write_text(json.dumps(bad))
    result = run_cli(*command, "tools", cwd=tmp_path, timeout=60)
    _assert_clean(result)
    assert result.returncode in (0, 1)
    if command == ("check", "--format", "json"):
        assert "skipped tools/caf\\xe9.json: its name is not UTF-8 (rename it to lint it)" in \
            json.loads(result.stdout)["notes"]


def _lock_folder(folder) -> bool:
    """Make `folder` refuse new files: mode 555, or for root (who writes anywhere) the immutable attribute."""
    import subprocess

    folder.chmod(0o555)
    if os.geteuid() != 0:
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def _unlock_folder(folder) -> None:
    import subprocess

    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


def test_fix_write_in_a_read_only_folder_says_so_in_one_line_and_writes_the_other_files(tmp_path):
    locked, open_ = tmp_path / "locked", tmp_path / "open"
    for folder in (locked, open_):
        folder.mkdir()
        (folder / "t.json").write_text(DUPLICATED_PROPERTY.replace('  "query": {"type": "string", "description": '
                                                                   '"Name."},\n', ""))
    before = (locked / "t.json").read_text()
    try:
        if not _lock_folder(locked):
            pytest.skip("running as root on a file system without the immutable attribute (chattr)")
        result = run_cli("fix", "--write", "locked", "open", cwd=tmp_path, timeout=60)
    finally:
        _unlock_folder(locked)
    _assert_clean(result)
    assert result.returncode == 2
    (line,) = [line for line in result.stderr.splitlines() if "locked" in line]
    assert line.startswith("schemalint: error: locked/t.json: fixes not written: its folder cannot be written: ")
    assert line.endswith(("Permission denied", "Operation not permitted"))
    assert (locked / "t.json").read_text() == before
    assert (open_ / "t.json").read_text() != before


def test_a_fix_for_a_file_whose_folder_was_removed_is_not_written_and_says_why(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    (folder / "t.json").write_text("{}")
    path = str(folder / "t.json")
    os.unlink(path)
    folder.rmdir()
    assert _write_fixes(path, "{}", force=False) == "No such file or directory"


def test_fix_write_refuses_a_read_only_file_unless_forced(tmp_path):
    text = DUPLICATED_PROPERTY.replace('  "query": {"type": "string", "description": "Name."},\n', "")
    target = tmp_path / "t.json"
    target.write_text(text)
    target.chmod(0o444)
    result = run_cli("fix", "--write", "t.json", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "t.json: fixes not written: the file is read-only (mode 0444; --force writes it anyway)" in result.stderr
    assert target.read_text() == text
    forced = run_cli("fix", "--write", "--force", "t.json", cwd=tmp_path, timeout=60)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text() != text
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_fix_write_does_not_follow_a_link_out_of_the_tree(tmp_path):
    text = DUPLICATED_PROPERTY.replace('  "query": {"type": "string", "description": "Name."},\n', "")
    outside, tree = tmp_path / "outside", tmp_path / "tree"
    outside.mkdir()
    tree.mkdir()
    (tree / ".git").mkdir()
    (outside / "t.json").write_text(text)
    (tree / "t.json").symlink_to(outside / "t.json")
    for named in ("t.json", "."):
        result = run_cli("fix", "--write", named, cwd=tree, timeout=60)
        _assert_clean(result)
        assert (outside / "t.json").read_text() == text
        if named == "t.json":
            assert "fixes are never written through it" in result.stderr, result.stderr
    forced = run_cli("fix", "--write", "--force", "t.json", cwd=tree, timeout=60)  # asked for: written
    _assert_clean(forced)
    assert (outside / "t.json").read_text() != text and (tree / "t.json").is_symlink()


@pytest.mark.parametrize("kind", ["zero", "urandom", "fifo"])
def test_devices_and_pipes_in_a_scanned_folder_are_skipped(tmp_path, kind):
    (tmp_path / "good.json").write_text(json.dumps(TOOL))
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.json")
    else:
        (tmp_path / f"{kind}.json").symlink_to(f"/dev/{kind}")
    code, findings, _ = _findings(".", cwd=tmp_path)
    assert code == 0 and findings == []


def test_endless_standard_input_is_refused_not_read_into_memory(tmp_path):
    import subprocess

    with open("/dev/zero", "rb") as zero:
        result = subprocess.run([sys.executable, "-m", "schemalint", "check", "-", "--format", "json"],
                                stdin=zero, capture_output=True, text=True, timeout=120)
    _assert_clean(result)
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "parse-error" and "standard input holds over 128 MiB" in finding["message"]


# ---- silent wrongness --------------------------------------------------------------------------------------------

def test_a_second_tools_key_is_a_finding_on_the_second_key(tmp_path):
    first = [_tool(q={"type": "string", "description": "Name."})]
    second = [{**TOOL, "name": "other_tool"}]
    text = '{"tools": %s,\n "tools": %s}\n' % (json.dumps(first), json.dumps(second))
    (tmp_path / "t.json").write_text(text)
    code, findings, _ = _findings("t.json", cwd=tmp_path)
    dup = [f for f in findings if f["rule"] == "duplicate-key"]
    assert [(f["line"], f["column"], f["severity"]) for f in dup] == [(2, 2, "error")]
    assert "key 'tools' is written twice in this object (first on line 1)" in dup[0]["message"]
    assert code == 1


def test_duplicate_keys_are_found_in_yaml_and_jsonl_but_not_for_merge_keys():
    yaml_text = "a: 1\nbase: &b {c: 1}\nd:\n  <<: *b\n  c: 2\na: 3\n"
    assert [(d.key, d.line, d.first_line) for d in parse_text("t.yaml", yaml_text).duplicate_keys] == [("a", 6, 1)]
    jsonl = '{"a": 1}\n{"a": 1, "a": 2}\n'
    assert [(d.key, d.line, d.column) for d in parse_text("t.jsonl", jsonl).duplicate_keys] == [("a", 2, 10)]
    assert parse_text("t.json", '{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}').duplicate_keys == []


def test_a_number_too_large_for_a_float_is_not_called_infinity(tmp_path):
    (tmp_path / "t.json").write_text('{"name": "t", "inputSchema": {"type": "integer", "default": %s}}' % ("9" * 5001))
    _, findings, _ = _findings("t.json", cwd=tmp_path)
    (finding,) = findings
    assert finding["rule"] == "parse-error" and "infinity" not in finding["message"].split(":")[0]
    assert finding["message"].startswith("a number too large to read")


def test_a_parser_message_quoting_a_long_value_is_cut(tmp_path):
    (tmp_path / "t.yaml").write_text("a: !" + "x" * 5000 + " 1\n")
    _, (finding,), _ = _findings("t.yaml", cwd=tmp_path)
    assert len(finding["message"]) < 200 and finding["message"].endswith("…'")


def test_a_file_named_like_an_option_is_explained(tmp_path):
    (tmp_path / "-dash.json").write_text(json.dumps(TOOL))
    result = run_cli("check", "-dash.json", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "put `--` before it (`schemalint check -- -dash.json`)" in result.stderr
    assert run_cli("check", "--", "-dash.json", cwd=tmp_path, timeout=60).returncode == 0


def test_dev_null_is_named_for_what_it_is(tmp_path):
    result = run_cli("check", "/dev/null", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("schemalint: error: /dev/null: a character device, not a file or folder of tool "
                             "definitions (use - to read standard input)\n")


@pytest.mark.parametrize("option", ["--lock", "--baseline", "--config"])
def test_a_pipe_named_as_a_lockfile_baseline_or_configuration_is_refused_not_waited_on(tmp_path, option):
    """A named pipe with no writer would block the read forever (and /dev/zero would fill the memory)."""
    (tmp_path / "tools.json").write_text(json.dumps(TOOL))
    os.mkfifo(tmp_path / "pipe")
    result = run_cli("check", "tools.json", option, "pipe", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("schemalint: error: pipe: ") and \
        result.stderr.rstrip().endswith("a named pipe, not a regular file"), result.stderr


def test_a_pipe_named_gitignore_does_not_block_a_folder_walk(tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "tools.json").write_text(json.dumps(TOOL))
    os.mkfifo(tmp_path / ".gitignore")
    code, findings, _ = _findings(".", cwd=tmp_path)
    assert code == 0 and findings == []


def test_a_contract_default_against_a_catastrophic_pattern_is_checked_in_linear_time(tmp_path):
    """Found by benchmarks/fuzz_hostile.py: OSV checked a `default` with Python's backtracking `re`."""
    spec = {"openapi": "3.0.0", "info": {"title": "Users", "version": "1"}, "paths": {"/users/{user_id}": {"get": {
        "operationId": "getUser", "summary": "Get one user by id.", "parameters": [
            {"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "fields", "in": "query", "schema": {"type": "string", "pattern": "^(a+)+$",
                                                         "default": "a" * 40 + "!"}}],
        "responses": {"200": {"description": "The user."}}}}}}
    (tmp_path / "openapi.json").write_text(json.dumps(spec))
    result = run_cli("generate", "--from", "openapi.json", "-o", "tools.json", cwd=tmp_path, timeout=60)
    _assert_clean(result)
    assert f"'{'a' * 40}!' does not match '^(a+)+$'" in result.stderr
