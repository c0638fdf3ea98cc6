"""Third-party rules from the `schemalint.rules` entry-point group: the example plugin (examples/plugin) seen by
real `schemalint` processes as an installed distribution, and plugins that break."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT
from tests.plugin_env import install_dist_info, plugin_env

TOOLS = [
    {"name": "run_report", "description": "Run a report over the orders table and return its rows.",
     "inputSchema": {"type": "object", "properties": {
         "sql": {"type": "string", "description": "The statement to run."}}, "required": ["sql"]}},
    {"name": "find_orders", "description": "Find the orders of one customer, newest first.", "x-owner": "orders",
     "inputSchema": {"type": "object", "properties": {
         "customer_id": {"type": "string", "description": "The customer's id, e.g. cus_123."}},
         "required": ["customer_id"]}},
]


def _run(env, cwd, *args):
    return subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps(TOOLS, indent=2), encoding="utf-8")
    return tmp_path


def _plugin_findings(result):
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)["findings"]
    return sorted((f["rule"], f["tool"], f["severity"]) for f in findings
                  if f["rule"] in ("missing-owner", "raw-sql-parameter"))


def test_plugin_rules_fire_in_check(workspace, tmp_path_factory):
    env = plugin_env(tmp_path_factory.mktemp("site"))
    result = _run(env, workspace, "check", "tools.json", "--format", "json")
    assert _plugin_findings(result) == [("missing-owner", "run_report", "warning"),
                                        ("raw-sql-parameter", "run_report", "warning")]


def test_select_finds_a_plugin_rule_through_its_entry_point(workspace, tmp_path_factory):
    """--select imports only the modules of the rules it names: a plugin's rule is still found."""
    env = plugin_env(tmp_path_factory.mktemp("site"))
    result = _run(env, workspace, "check", "tools.json", "--format", "json", "--select", "missing-owner")
    assert _plugin_findings(result) == [("missing-owner", "run_report", "warning")]
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {"missing-owner"}


def test_configuration_applies_to_plugin_rules(workspace, tmp_path_factory):
    env = plugin_env(tmp_path_factory.mktemp("site"))
    (workspace / "schemalint.toml").write_text(
        'ignore = ["raw-sql-parameter"]\n[severity]\nmissing-owner = "error"\n'
        '[options.missing-owner]\nkey = "x-team"\n', encoding="utf-8")
    result = _run(env, workspace, "check", "tools.json", "--format", "json")
    # x-team is the owner key now: both tools miss it; the ignored rule is silent
    assert _plugin_findings(result) == [("missing-owner", "find_orders", "error"),
                                        ("missing-owner", "run_report", "error")]
    selected = _run(env, workspace, "check", "tools.json", "--format", "json", "--select", "raw-sql-parameter")
    assert _plugin_findings(selected) == []  # --select picks it, the configuration's ignore still wins
    (workspace / "schemalint.toml").write_text('[options.missing-owner]\nkey = 3\n', encoding="utf-8")
    bad_option = _run(env, workspace, "check", "tools.json")
    assert bad_option.returncode == 2
    assert "option 'key' of rule 'missing-owner' must be a string" in bad_option.stderr


def test_rules_and_explain_name_the_distribution(tmp_path_factory):
    env = plugin_env(tmp_path_factory.mktemp("site"))
    listed = _run(env, ROOT, "rules").stdout.splitlines()
    ours = [line for line in listed if "[plugin: schemalint-house-rules]" in line]
    assert [line.split()[0] for line in ours] == ["missing-owner", "raw-sql-parameter"]
    as_json = {r["id"]: r["distribution"] for r in json.loads(_run(env, ROOT, "rules", "--format", "json").stdout)}
    assert as_json["raw-sql-parameter"] == "schemalint-house-rules" and as_json["parse-error"] == "schemalint"
    explained = _run(env, ROOT, "explain", "raw-sql-parameter")
    assert explained.stdout.startswith("raw-sql-parameter (security, warning) from the plugin schemalint-house-rules")
    assert "Finds string parameters that take raw SQL" in explained.stdout


def _broken(tmp_path, module_text: str, name: str = "broken_rules"):
    (tmp_path / f"{name}.py").write_text(module_text, encoding="utf-8")
    install_dist_info(tmp_path, "acme-broken", f"[schemalint.rules]\nacme = {name}\n")
    env = plugin_env(tmp_path / "site", str(tmp_path))
    return env


@pytest.mark.parametrize("module_text,expected", [
    ("import not_a_module_anywhere\n",
     "plugin 'acme' (acme-broken) failed to load: ModuleNotFoundError: No module named 'not_a_module_anywhere'"),
    ("raise RuntimeError('boom\\nsecond line')\n",
     "plugin 'acme' (acme-broken) failed to load: RuntimeError: boom second line"),
    ("from schemalint.api import Rule\nclass Dup(Rule):\n    '''Doc.'''\n    id = 'house-dup'\n"
     "    category = 'validity'\n    summary = hint = 's'\n    sources = ('s',)\n    messages = {'m': 'm'}\n"
     "    valid = [{}]\n    invalid = []\n",
     "plugin 'acme' (acme-broken): house-dup: needs valid and invalid examples"),
])
def test_a_broken_plugin_is_one_line_and_exit_2(tmp_path, workspace, module_text, expected):
    env = _broken(tmp_path, module_text)
    for args in (("check", str(workspace / "tools.json")), ("rules",), ("explain", "parse-error"), ("server",)):
        result = _run(env, ROOT, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().splitlines() == [f"schemalint: error: {expected}"]


def test_a_plugin_cannot_take_a_built_in_id(tmp_path):
    module = ("from schemalint.api import Rule, bad\nclass Dup(Rule):\n    '''Doc.'''\n    id = 'parse-error'\n"
              "    category = 'validity'\n    summary = hint = 's'\n    sources = ('s',)\n"
              "    messages = {'m': 'm'}\n    valid = [{}]\n    invalid = [bad({}, 'm')]\n")
    result = _run(_broken(tmp_path, module), ROOT, "rules")
    assert result.returncode == 2
    assert result.stderr.strip() == "schemalint: error: plugin 'acme' (acme-broken): rule id 'parse-error' is " \
                                    "already taken"


def test_the_public_harness_passes_built_in_rules_and_catches_wrong_examples(monkeypatch):
    from schemalint.api import bad, check_examples
    from schemalint.engine import registry

    shipped = registry.all_rules()
    for rule_id in ("non-json-schema-type", "anchoring-example", "parse-error", "duplicate-tool-name"):
        assert check_examples(shipped[rule_id]) == [], rule_id
    base = shipped["non-json-schema-type"]
    wrong = type("Wrong", (base,), {"__doc__": base.__doc__, "id": "wrong-type-example", "invalid": [
        bad(base.invalid[0].data, *base.invalid[0].messages, fixed={"name": "not what the fix gives"}),
        bad(base.valid[0], "wrong-message")], "messages": {**base.messages, "wrong-message": "m"}})
    assert check_examples(wrong) == ["wrong-type-example: not registered: install the plugin that declares it "
                                     "(pip install -e .)"]
    monkeypatch.setattr(registry, "all_rules", lambda: {**shipped, wrong.id: wrong})
    monkeypatch.setattr(registry, "current_index", lambda: None)  # runs look rules up in all_rules()
    problems = check_examples(wrong)
    assert len(problems) == 2
    assert problems[0].startswith("wrong-type-example: bad example 0 is fixed into ")
    assert problems[1] == "wrong-type-example: bad example 1 gave no finding"


def test_the_quick_look_for_plugins_sees_a_declared_group_and_only_that(tmp_path, monkeypatch):
    """Runs without plugins skip importlib.metadata's parse of every distribution (20 ms or more per run); the
    quick look must still see any distribution that declares the group."""
    from schemalint.engine import plugins

    other = tmp_path / "other-1.0.dist-info"
    other.mkdir()
    (other / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert not plugins._some_distribution_declares_the_group()
    declared = tmp_path / "house_rules-1.0.dist-info"
    declared.mkdir()
    (declared / "entry_points.txt").write_text("[schemalint.rules]\nhouse = house_rules\n")
    assert plugins._some_distribution_declares_the_group()
