"""Errors live below the command line, and every way a run can end has its own exit code: an internal error is
one line and exit 3 in every command, an output that cannot be written is one line and exit 2."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from schemalint import cli
from schemalint.errors import EXIT_ERROR, EXIT_INTERNAL, SchemalintError

from .helpers import ROOT, parse_errors, run_cli

ARGS = {
    "check": ["examples/users_api.json"], "score": ["examples/users_api.json"], "fix": ["examples/users_api.json"],
    "generate": ["--from", "examples/users-openapi.yaml"], "diff": ["examples", "examples"],
    "lock": ["examples", "-o", "-"], "rules": [], "explain": ["buried-required-param"], "server": [],
    "calls": ["examples/calls/calls.log", "--tools", "examples/calls/tools.json"],
}


def test_every_command_is_in_the_table_with_its_functions():
    assert set(ARGS) == set(cli.COMMANDS)
    for name, command in cli.COMMANDS.items():
        module = importlib.import_module(command.module)
        assert callable(getattr(module, command.add)) and callable(getattr(module, command.run)), name


def test_commands_never_import_the_command_line():
    import pathlib

    for path in (pathlib.Path(ROOT) / "schemalint" / "commands").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from ..cli import" not in text and "schemalint.cli" not in text, path.name


@pytest.mark.parametrize("name", sorted(ARGS))
def test_an_internal_error_is_one_line_and_exit_3_in_every_command(name, monkeypatch, capsys):
    command = cli.COMMANDS[name]
    module = importlib.import_module(command.module)

    def broken(args):
        raise RuntimeError("something schemalint did not expect\nwith a second line")

    monkeypatch.setattr(module, command.run, broken)
    monkeypatch.chdir(ROOT)
    assert cli.main([name, *ARGS[name]]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"schemalint: internal error in `schemalint {name}`: RuntimeError: something schemalint "
                          f"did not expect with a second line")
    assert cli.main([name, *ARGS[name], "--debug"]) == EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_a_schemalint_error_from_any_layer_is_exit_2(monkeypatch, capsys):
    module = importlib.import_module(cli.COMMANDS["check"].module)

    def refuse(args):
        raise SchemalintError("tools.json:3:4: something the user can fix")

    monkeypatch.setattr(module, "run", refuse)
    assert cli.main(["check", "x"]) == EXIT_ERROR
    assert capsys.readouterr().err == "schemalint: error: tools.json:3:4: something the user can fix\n"


@pytest.mark.parametrize("args", [["check", "examples/users_api.json"], ["rules"],
                                  ["diff", "examples", "examples", "--format", "json"]])
def test_a_full_or_closed_stdout_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=ROOT, stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert proc.returncode == EXIT_ERROR
    assert proc.stderr == "schemalint: error: cannot write to standard output: No space left on device\n"
    closed = subprocess.run(f'"{sys.executable}" -m schemalint {" ".join(args)} >&-', shell=True, cwd=ROOT,
                            stderr=subprocess.PIPE, text=True)
    assert closed.returncode == EXIT_ERROR
    assert closed.stderr == "schemalint: error: cannot write to standard output: standard output is closed\n"


def test_a_closed_stdout_does_not_matter_when_the_report_goes_to_a_file(tmp_path):
    out = tmp_path / "report.json"
    proc = subprocess.run(f'"{sys.executable}" -m schemalint check examples/users_api.json --format json '
                          f'-o "{out}" --fail-on never >&-', shell=True, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "1"


def test_top_level_help_lists_every_command():
    out = run_cli("--help").stdout
    for name in cli.COMMANDS:
        assert f"    {name} " in out


def test_a_number_toml_cannot_hold_is_invalid_toml_with_its_position(tmp_path):
    (tmp_path / "schemalint.toml").write_text("fail-on = \"error\"\nmin-score = " + "9" * 5001 + "\n")
    (tmp_path / "t.json").write_text("{}")
    result = run_cli("check", "t.json", cwd=tmp_path)
    assert result.returncode == EXIT_ERROR
    assert result.stderr.startswith(f"schemalint: error: {tmp_path / 'schemalint.toml'}:2:13: invalid TOML: ")
    assert result.stderr.count("\n") == 1


def test_several_yaml_documents_say_how_many(tmp_path):
    (tmp_path / "tools.yaml").write_text("a: 1\n---\nb: 2\n---\nc: 3\n")
    code, errors = parse_errors("tools.yaml", cwd=tmp_path)
    assert code == 1 and len(errors) == 1 and errors[0][:2] == ("tools.yaml", 2)
    assert errors[0][2].startswith("expected one YAML document, found 3")


def test_a_version_segment_of_thousands_of_digits_is_no_crash(tmp_path):
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {f"/v{'9' * 5000}/users": {"get": {"operationId": "listUsers",
                                                        "responses": {"200": {"description": "ok"}}}}}}
    (tmp_path / "hostile.json").write_text(json.dumps(spec))
    (tmp_path / "tools.json").write_text(json.dumps({"tools": [
        {"name": "listUsers", "description": "List the users.", "inputSchema": {"type": "object"}}]}))
    assert run_cli("generate", "--from", "hostile.json", "-q", cwd=tmp_path).returncode == 0
    checked = run_cli("check", "tools.json", "--contract", "hostile.json", "--fail-on", "never", cwd=tmp_path)
    assert checked.returncode == 0 and "internal error" not in checked.stderr
