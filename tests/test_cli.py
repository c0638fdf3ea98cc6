"""The command line as users and CI run it: exit codes, formats, config, suppressions."""
from __future__ import annotations

import json
import os
import shutil

import jsonschema
import pytest

from tests.helpers import ROOT, parse_errors, run_cli

BURIED = {"tools": [{"name": "search", "description": "Search users by name.", "inputSchema": {
    "type": "object", "required": ["query", "tenant_id"],
    "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}, "cursor": {"type": "string"},
                   "tenant_id": {"type": "string"}}}}]}


def _position_of(snippet, path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if snippet in line:
            return number, line.index(snippet) + 1
    raise AssertionError(snippet)


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps(BURIED, indent=2))
    return tmp_path


def test_json_output_matches_the_shipped_schema(workdir):
    result = run_cli("check", "tools.json", "--format", "json", "--select", "buried-required-param", cwd=workdir)
    assert result.returncode == 0, result.stderr  # a warning does not fail at the default --fail-on error
    report = json.loads(result.stdout)
    with open(os.path.join(ROOT, "schemalint", "schemas", "report.schema.json")) as fh:
        jsonschema.validate(report, json.load(fh))
    finding = report["findings"][0]
    assert finding["rule"] == "buried-required-param"
    assert (finding["file"], finding["tool"], finding["param"]) == ("tools.json", "search", "tenant_id")
    assert finding["pointer"] == "/tools/0/inputSchema/properties/tenant_id"
    assert (finding["line"], finding["column"]) == _position_of('"tenant_id": {', workdir / "tools.json")
    assert report["summary"]["tools"] == 1 and report["summary"]["warnings"] == 1


@pytest.mark.parametrize("fail_on,code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_sets_the_exit_code(workdir, fail_on, code):
    result = run_cli("check", "tools.json", "--select", "ordering", "--fail-on", fail_on, cwd=workdir)
    assert result.returncode == code, result.stdout + result.stderr


def test_select_and_ignore_by_category(workdir):
    result = run_cli("check", "tools.json", "--select", "ordering", "--ignore", "buried-required-param",
                     "--format", "json", cwd=workdir)
    assert json.loads(result.stdout)["findings"] == []


def test_unknown_rule_is_a_usage_error(workdir):
    result = run_cli("check", "tools.json", "--select", "no-such-rule", cwd=workdir)
    assert result.returncode == 2
    assert "no-such-rule" in result.stderr and "Traceback" not in result.stderr


def test_unparseable_file_is_a_finding_on_its_line_and_the_others_are_still_linted(workdir):
    (workdir / "broken.json").write_text('{"tools": [\n  {"name": }\n]}')
    (workdir / "good.json").write_text(json.dumps(BURIED))
    code, errors = parse_errors("broken.json", cwd=workdir)
    assert code == 1 and [(f, line) for f, line, _ in errors] == [("broken.json", 2)]
    result = run_cli("check", ".", "--format", "json", cwd=workdir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rules = {(f["file"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("broken.json", "parse-error") in rules and any(file == "good.json" for file, _ in rules)


def test_missing_path_exits_2(workdir):
    result = run_cli("check", "nope.json", cwd=workdir)
    assert result.returncode == 2 and "nope.json" in result.stderr


def test_stdin_is_read_with_dash(workdir):
    result = run_cli("check", "-", "--select", "ordering", "--format", "json", cwd=workdir, input=json.dumps(BURIED))
    assert json.loads(result.stdout)["findings"][0]["file"] == "-"


def test_config_severity_override_and_per_file_ignores(workdir):
    (workdir / "pyproject.toml").write_text(
        '[tool.schemalint]\nselect = ["ordering"]\n[tool.schemalint.severity]\n"buried-required-param" = "error"\n')
    result = run_cli("check", "tools.json", "--format", "json", cwd=workdir)
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["severity"] == "error"
    (workdir / "pyproject.toml").write_text(
        '[tool.schemalint]\nselect = ["ordering"]\n[tool.schemalint.per-file-ignores]\n"tools.json" = ["ordering"]\n')
    assert json.loads(run_cli("check", "tools.json", "--format", "json", cwd=workdir).stdout)["findings"] == []


def test_config_options_reach_the_rule(workdir):
    (workdir / "schemalint.toml").write_text(
        'select = ["ordering"]\n[options.buried-required-param]\nmin-optional-before = 5\n')
    assert json.loads(run_cli("check", "tools.json", "--format", "json", cwd=workdir).stdout)["findings"] == []


def test_config_found_from_a_parent_folder(workdir):
    (workdir / "schemalint.toml").write_text('ignore = ["ordering"]\n')
    sub = workdir / "sub"
    sub.mkdir()
    shutil.copy(workdir / "tools.json", sub / "tools.json")
    result = run_cli("check", "tools.json", "--format", "json", cwd=sub)
    assert not [f for f in json.loads(result.stdout)["findings"] if f["category"] == "ordering"]


@pytest.mark.parametrize("text", ['select = "ordering"\nbogus = 1\n', 'fail-on = "sometimes"\n', "select = [\n",
                                  "select = [1]\n", 'contract = [{a = 1}]\n', '[options]\nrule = "x"\n',
                                  "min-score = inf\n", "[mappings]\nsearch = 1\n", '[per-file-ignores]\n"x" = [1]\n',
                                  "[contract-auth]\nbogus = 1\n", "[contract-auth]\nremote-refs = 1\n"])
def test_bad_config_exits_2(workdir, text):
    (workdir / "schemalint.toml").write_text(text)
    result = run_cli("check", "tools.json", cwd=workdir)
    assert result.returncode == 2 and "schemalint.toml" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("schemalint: error: ") and result.stderr.strip().count("\n") == 0


def test_pyproject_tool_table_of_the_wrong_shape_exits_2(workdir):
    # the comment is what makes the file count as a schemalint configuration
    (workdir / "pyproject.toml").write_text("tool = {schemalint = 3}\n# [tool.schemalint\n")
    result = run_cli("check", "tools.json", cwd=workdir)
    assert result.returncode == 2 and "must be a table of settings" in result.stderr, result.stderr


@pytest.mark.parametrize("args", [("check", "--fail-on", "sometimes"), ("score", "--top", "3.5"), ("--frobnicate",)])
def test_usage_errors_are_one_line(workdir, args):
    result = run_cli(*args, cwd=workdir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("schemalint: error: ") and result.stderr.strip().count("\n") == 0
    assert "--help`)" in result.stderr


@pytest.mark.parametrize("rule,option,value,says", [
    ("buried-required-param", "min-optional-before", '"x"', "must be a whole number of 0 or more"),
    ("buried-required-param", "check-sorted", "1", "must be true or false"),
    ("tool-token-budget", "max-tokens", "-5", "must be a whole number of 0 or more"),
    ("tool-token-budget", "tokenizer", '"gpt"', 'must be one of "estimate", "o200k_base", "cl100k_base"'),
    ("param-description-missing", "optional-severity", '"off"', 'must be one of "error", "warning", "info"'),
    ("near-duplicate-tools", "name-similarity", "2", "must be a number from 0 to 1"),
    ("near-duplicate-tools", "scope", '"bogus"', 'must be one of "container", "file", "all"'),
])
def test_bad_option_value_exits_2_with_one_line(workdir, rule, option, value, says):
    (workdir / "schemalint.toml").write_text(f"[options.{rule}]\n{option} = {value}\n")
    result = run_cli("check", "tools.json", "--fail-on", "never", cwd=workdir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert f"schemalint.toml: option '{option}' of rule '{rule}' {says}, not {value}" in result.stderr


@pytest.mark.parametrize("command,fmt", [("score", "sarif"), ("score", "markdown"), ("fix", "json")])
def test_formats_a_command_cannot_write_are_refused(workdir, command, fmt):
    result = run_cli(command, "tools.json", "--format", fmt, cwd=workdir)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("schemalint: error:") and result.stderr.strip().count("\n") == 0


def test_every_rule_option_default_is_valid_and_a_wrong_type_is_refused():
    from schemalint.engine.registry import all_rules

    for rule_id, cls in all_rules().items():
        for key, default in cls.options.items():
            assert cls.option_problem(key, default) is None, (rule_id, key)
            wrong = 1 if isinstance(default, (bool, str)) else "1"
            assert cls.option_problem(key, wrong), (rule_id, key)


def test_explain_shows_options_as_configuration_values():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    from schemalint.commands.rules import explain_text
    from schemalint.engine.registry import all_rules

    for cls in all_rules().values():
        if not cls.options:
            continue
        text = explain_text(cls)
        block = text.split("]):\n", 1)[1].split("\n\n", 1)[0]
        lines = [line.strip().split("  (one of:")[0] for line in block.splitlines()]
        assert tomllib.loads("\n".join(lines)) == cls.options, cls.id


def test_inline_suppression_is_inherited_by_children(workdir):
    data = json.loads(json.dumps(BURIED))
    data["tools"][0]["inputSchema"]["x-schemalint-ignore"] = ["buried-required-param"]
    (workdir / "tools.json").write_text(json.dumps(data))
    assert json.loads(run_cli("check", "tools.json", "--format", "json", "--select", "ordering",
                              cwd=workdir).stdout)["findings"] == []
    data["tools"][0]["inputSchema"]["x-schemalint-ignore"] = ["description"]  # another category: still reported
    (workdir / "tools.json").write_text(json.dumps(data))
    assert json.loads(run_cli("check", "tools.json", "--format", "json", "--select", "ordering",
                              cwd=workdir).stdout)["findings"]


def test_folders_honour_include_and_exclude(workdir):
    (workdir / "vendor").mkdir()
    shutil.copy(workdir / "tools.json", workdir / "vendor" / "more.json")
    (workdir / "schemalint.toml").write_text('exclude = ["vendor"]\n')
    report = json.loads(run_cli("check", ".", "--format", "json", cwd=workdir).stdout)
    assert report["summary"]["files"] == 1


def test_text_output_names_file_position_rule_and_hint(workdir):
    result = run_cli("check", "tools.json", "--select", "ordering", cwd=workdir)
    assert "tools.json" in result.stdout
    line, col = _position_of('"tenant_id": {', workdir / "tools.json")
    assert f"{line}:{col}" in result.stdout and "buried-required-param" in result.stdout and "hint:" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_rules_and_explain():
    listing = json.loads(run_cli("rules", "--format", "json").stdout)
    ids = {r["id"] for r in listing}
    assert "buried-required-param" in ids
    for rule in listing:
        assert rule["summary"] and rule["sources"] and rule["category"]
    text = run_cli("explain", "buried-required-param").stdout
    assert "Why" in text and "Bad:" in text and "Good:" in text
    missing = run_cli("explain", "nope")
    assert missing.returncode == 2


def test_bundled_examples_show_every_rule_family():
    result = run_cli("check", "examples", "--format", "json")
    assert result.returncode == 1  # the examples carry errors on purpose
    report = json.loads(result.stdout)
    assert report["summary"]["tools"] >= 6
    families = {f["category"] for f in report["findings"]}
    assert families == {"validity", "description", "parameters", "ordering", "examples", "versioning", "drift",
                        "provider", "security", "cost"}
    clean = [f for f in report["findings"] if f["file"].endswith("good_tools.yaml")]
    assert not [f for f in clean if f["severity"] in ("error", "warning")]


@pytest.mark.parametrize("command", [("check", "--select", "ALL", "--provider", "all"), ("score",), ("fix",)])
def test_deepest_json_the_parser_accepts_is_linted_without_a_traceback(workdir, command):
    schema = '{"type": "string", "description": "A leaf."}'
    for _ in range(505):  # about 1,010 levels of JSON: orjson accepts up to 1,024 (json.dumps would not write it)
        schema = '{"type": "object", "description": "A level.", "required": ["p"], "properties": {"p": %s}}' % schema
    text = '{"tools": [{"name": "deep", "description": "Deep.", "inputSchema": %s}]}' % schema
    (workdir / "deep.json").write_text(text)
    result = run_cli(*command, "deep.json", cwd=workdir)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-2000:]
    if command[0] == "check":
        assert "schema-too-deep" in result.stdout


def test_nothing_is_written_when_the_report_path_cannot_be_written(workdir):
    (workdir / "out").mkdir()
    result = run_cli("check", "tools.json", "--write-baseline", "b.json", "--output", "out", cwd=workdir)
    assert result.returncode == 2 and "out: cannot write report: Is a directory" in result.stderr
    assert not (workdir / "b.json").exists()


@pytest.mark.parametrize("config,says", [
    (b'select = ["\\xff"]\n'.replace(b"\\xff", b"\xff"), "not UTF-8 text"),
    (b'baseline = "\\u0000"\n', "cannot read baseline: embedded null byte"),
    (b'input-format = "x"\n', "schemalint.toml: input-format must be one of"),
])
def test_unusable_configuration_values_are_one_line_errors_naming_the_file(workdir, config, says):
    (workdir / "schemalint.toml").write_bytes(config)
    result = run_cli("check", "tools.json", cwd=workdir)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("args", [("explain", "a\nb"), ("check", "tools.json", "--min-score", "nan"),
                                  ("check", "tools.json", "--min-score", "101")])
def test_odd_arguments_are_one_line_errors(workdir, args):
    result = run_cli(*args, cwd=workdir)
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0, result.stderr


@pytest.mark.parametrize("flag,value", [("--output", "out.txt"), ("--write-baseline", "b.json"),
                                        ("--diff-base", "HEAD"), ("--fail-on", "warning")])
def test_fix_refuses_options_it_would_ignore(workdir, flag, value):
    result = run_cli("fix", "tools.json", flag, value, cwd=workdir)
    assert result.returncode == 2 and f"fix does not take {flag}" in result.stderr
    assert not (workdir / value).exists()
