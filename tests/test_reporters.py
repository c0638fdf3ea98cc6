"""SARIF, GitHub annotations, JUnit, Markdown and GitLab code quality reporters, through the real engine and CLI."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from schemalint.engine.fingerprint import assign_occurrences, fingerprint, portable_path
from schemalint.engine.registry import all_rules
from schemalint.engine.run import display_path
from schemalint.reporters import FORMATS, get_reporter
from schemalint.reporters.github import escape_data, escape_property
from schemalint.reporters.report import Report
from schemalint.score import catalog_score, score_tools

from .helpers import ROOT, catalog_from, lint_data, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "ci")
BAD = os.path.join(FIXTURES, "bad_tools.json")
GOOD = os.path.join(FIXTURES, "good_tools.json")
RULE = "buried-required-param"


def sarif_validator():
    import jsonschema

    with open(os.path.join(FIXTURES, "sarif-schema-2.1.0.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_valid_sarif(doc: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def make_report(data, select=(RULE,), path="tools.json", text=None, **extra) -> Report:
    catalog = catalog_from(data, path, text)
    findings = lint_data(data, select=select, path=path, text=text)
    assign_occurrences(findings)
    scores = score_tools(catalog.tools, findings, display_path)
    return Report(findings=findings, scores=scores, files=1, notes=["skipped other.json: not a tool catalog"],
                  catalog_score=catalog_score(scores), version="0.1.0", rules=all_rules(), extra=dict(extra))


def bad_text() -> str:
    with open(BAD, encoding="utf-8") as fh:
        return fh.read()


def bad_report(**extra) -> Report:
    text = bad_text()
    return make_report(json.loads(text), text=text, **extra)


def tricky_report() -> Report:
    """Findings whose text needs escaping in every format: %, newlines, commas, colons, pipes, markup, control chars."""
    report = bad_report()
    assert report.findings, "the fixture must produce a finding"
    base = report.findings[0]
    odd = copy.copy(base)
    odd.severity, odd.rule = "error", RULE
    odd.message = "100% of <script>alert(1)</script> | a,b: c\nsecond line \x1b[31m `tick` *star*"
    odd.hint = "hint with\r\nCRLF"
    odd.fingerprint = "0123456789ab"
    info = copy.copy(base)
    info.severity, info.tool, info.param, info.line, info.column = "info", "get_user", None, 20, 7
    info.message, info.fingerprint = "an info finding", "ba9876543210"
    report.findings = [base, odd, info]
    return report


# ---------------------------------------------------------------- SARIF


def test_sarif_from_cli_validates_and_carries_rule_metadata_and_fingerprints(tmp_path):
    shutil.copy(BAD, tmp_path / "tools.json")
    proc = run_cli("check", "tools.json", "--select", RULE, "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert_valid_sarif(doc)
    as_json = json.loads(run_cli("check", "tools.json", "--select", RULE, "--format", "json", cwd=tmp_path).stdout)
    run = doc["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    cls = all_rules()[RULE]
    assert rule["id"] == RULE
    assert rule["shortDescription"]["text"] == cls.summary
    assert cls.hint in rule["help"]["text"] and cls.doc().splitlines()[0] in rule["help"]["text"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert rule["defaultConfiguration"]["level"] == levels[cls.severity]
    (result,) = run["results"]
    (finding,) = as_json["findings"]
    assert result["ruleId"] == RULE and result["ruleIndex"] == 0
    assert result["level"] == "warning"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"]) == (14, 11)
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "tools.json",
                                                                               "uriBaseId": "%SRCROOT%"}
    assert result["partialFingerprints"] == {"schemalintFingerprint/v1": finding["fingerprint"]}
    assert result["message"]["text"] == finding["message"]


def test_sarif_paths_are_relative_to_the_repository_root_from_a_subfolder(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "svc" / "tools").mkdir(parents=True)
    shutil.copy(BAD, tmp_path / "svc" / "tools" / "users.json")
    proc = run_cli("check", "tools", "--select", RULE, "--format", "sarif", cwd=tmp_path / "svc")
    run = json.loads(proc.stdout)["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "svc/tools/users.json"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith(tmp_path.name + "/")
    # the same fingerprint as when run from the root
    root_run = json.loads(run_cli("check", "svc", "--select", RULE, "--format", "sarif", cwd=tmp_path).stdout)
    assert run["results"][0]["partialFingerprints"] == root_run["runs"][0]["results"][0]["partialFingerprints"]


def test_sarif_validates_with_odd_text_related_locations_notes_and_no_findings():
    report = tricky_report()
    report.findings[1].related = [{"file": "openapi.yaml", "line": 12, "column": 3, "message": "the contract side"}]
    doc = json.loads(get_reporter("sarif")(report))
    assert_valid_sarif(doc)
    run = doc["runs"][0]
    assert [r["level"] for r in run["results"]] == ["warning", "error", "note"]
    assert run["results"][1]["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 12,
                                                                                    "startColumn": 3}
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("skipped")
    empty = make_report({"name": "noop", "description": "Does nothing at all.", "input_schema": {"type": "object"}})
    assert not empty.findings
    doc = json.loads(get_reporter("sarif")(empty))
    assert_valid_sarif(doc)
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_schema_check_is_not_vacuous():
    report = bad_report()
    doc = json.loads(get_reporter("sarif")(report))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        assert_valid_sarif(doc)


# ---------------------------------------------------------------- GitHub annotations


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations_map_severities_and_escape(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", os.getcwd())
    text = get_reporter("github")(tricky_report())
    lines = text.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert [c.split(" ", 1)[0] for c in commands] == ["::warning", "::error", "::notice"]
    first = commands[0]
    assert first.startswith("::warning file=tools.json,line=14,col=11,title=schemalint buried-required-param::")
    odd = commands[1]
    props, message = odd[len("::error "):].split("::", 1)
    assert "\n" not in odd and "\r" not in odd
    assert message.startswith("search_users.tenant_id: 100%25 of <script>")
    assert "a,b: c%0Asecond line" in message and message.endswith("hint with%0D%0ACRLF")
    assert lines[-1].startswith("schemalint: 2 tools in 1 file: 1 error, 1 warning, 1 info")


def test_github_paths_are_relative_to_the_workspace(monkeypatch, tmp_path):
    (tmp_path / "tools").mkdir()
    shutil.copy(BAD, tmp_path / "tools" / "a.json")
    env = dict(os.environ, GITHUB_WORKSPACE=str(tmp_path))
    proc = run_cli("check", ".", "--select", RULE, "--format", "github", cwd=tmp_path / "tools", env=env)
    assert proc.stdout.startswith("::warning file=tools/a.json,line=14,col=11,"), proc.stdout


# ---------------------------------------------------------------- JUnit


def test_junit_has_a_testcase_per_tool_and_lists_each_finding_in_its_failure():
    report = tricky_report()
    root = ET.fromstring(get_reporter("junit")(report))
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    (suite,) = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"search_users", "get_user"}
    failure = cases["search_users"].find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message").startswith("2 findings (1 error, 1 warning)")
    body = failure.text.splitlines()
    assert body[0].startswith("tools.json:14:11: warning buried-required-param search_users.tenant_id:")
    assert any("100% of <script>" in line for line in body)
    assert "\\x1b[31m" in failure.text  # a control character XML cannot carry, spelled out
    # info-only tool passes, its finding is in system-out
    assert cases["get_user"].find("failure") is None
    assert "an info finding" in cases["get_user"].find("system-out").text
    assert cases["search_users"].get("file") == "tools.json" and cases["search_users"].get("line") == "3"


def test_junit_from_cli_parses_and_counts(tmp_path):
    shutil.copy(BAD, tmp_path / "bad.json")
    shutil.copy(GOOD, tmp_path / "good.json")
    proc = run_cli("check", ".", "--select", RULE, "--format", "junit", cwd=tmp_path)
    root = ET.fromstring(proc.stdout)
    assert root.get("tests") == "4" and root.get("failures") == "1"
    assert [s.get("name") for s in root.findall("testsuite")] == ["bad.json", "good.json"]


# ---------------------------------------------------------------- Markdown


def test_markdown_summary_score_worst_tools_and_findings_by_rule():
    text = get_reporter("markdown")(tricky_report())
    assert text.startswith("## schemalint\n")
    assert "**Prompt score" in text and "over 2 tools in 1 file" in text
    assert "**1 error, 1 warning, 1 info**" in text
    assert "### Worst tools" in text and "| `search_users` | `tools.json:3` |" in text
    assert "### Findings by rule" in text
    assert f"| `{RULE}` | 🔴 error, 🟡 warning, 🔵 info | 3 | 2 |" in text
    # text from the schema cannot inject markup or break a table
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\| a,b: c second line" in text
    assert "<details><summary>Notes (1)</summary>" in text


def test_markdown_shows_baseline_diff_base_and_provider_matrix():
    matrix = {"providers": ["openai", "anthropic"], "tools": [
        {"name": "search_users", "file": "tools.json", "line": 4, "results": {"openai": "rejected", "anthropic": "ok"}},
        {"name": "get_user", "file": "tools.json", "line": 20, "results": {"openai": "changed", "anthropic": "ok"}},
        {"name": "fine", "file": "tools.json", "line": 30, "results": {"openai": "ok", "anthropic": "ok"}},
    ]}
    report = bad_report(provider_matrix=matrix,
                         baseline={"file": ".schemalint-baseline.json", "new": 1, "known": 4, "gone": 2},
                         diff_base={"ref": "origin/main", "changed_tools": 2, "tools": 9})
    text = get_reporter("markdown")(report)
    assert "> Baseline `.schemalint-baseline.json`: 1 new finding, 4 known, 2 gone" in text
    assert "> Only tools new or changed since `origin/main`: 2 of 9." in text
    assert "### Provider compatibility" in text
    assert "| tool | file | `openai` | `anthropic` |" in text
    assert "| `search_users` | `tools.json:4` | ❌ rejected | ✅ |" in text
    assert "| `get_user` | `tools.json:20` | ⚠️ changed | ✅ |" in text
    assert "`openai`: 1 rejected, 1 changed" in text
    assert "1 other tools are accepted unchanged by every provider." in text
    assert "`fine`" not in text


def test_markdown_stays_under_the_comment_limit_on_a_large_catalog():
    tools = []
    for i in range(400):
        tools.append({"name": f"tool_{i}", "description": "Search records of one tenant by a query string.",
                      "input_schema": {"type": "object", "required": ["q", "tenant_id"], "properties": {
                          "q": {"type": "string"}, "a": {"type": "string"}, "b": {"type": "string"},
                          "tenant_id": {"type": "string"}}}})
    report = make_report(tools)
    assert len(report.findings) == 400
    text = get_reporter("markdown")(report)
    assert len(text) < 65536
    assert "| `buried-required-param` |" in text and "more" in text


def test_markdown_with_no_findings():
    text = get_reporter("markdown")(make_report(json.load(open(GOOD, encoding="utf-8"))))
    assert "No findings. ✅" in text and "### Worst tools" not in text


# ---------------------------------------------------------------- GitLab code quality


def test_gitlab_code_quality_report():
    assert "gitlab" in FORMATS
    report = tricky_report()
    issues = json.loads(get_reporter("gitlab")(report))
    assert [i["severity"] for i in issues] == ["minor", "major", "info"]
    for issue, finding in zip(issues, report.findings):
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["check_name"] == finding.rule and issue["fingerprint"] == finding.fingerprint
        assert issue["location"] == {"path": "tools.json", "lines": {"begin": finding.line}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# ---------------------------------------------------------------- fingerprints


def test_identical_fingerprints_in_one_run_get_occurrence_numbers():
    unnamed = {"description": "Search.", "input_schema": {"type": "object", "required": ["q", "tenant_id"],
               "properties": {"q": {"type": "string"}, "a": {"type": "string"}, "b": {"type": "string"},
                              "tenant_id": {"type": "string"}}}}
    tools = [dict(unnamed, name="same"), dict(unnamed, name="same"), dict(unnamed, name="same")]
    findings = lint_data(tools, select=[RULE])
    assert len({f.fingerprint for f in findings}) == 1
    plain = findings[0].fingerprint
    assign_occurrences(findings)
    assert len({f.fingerprint for f in findings}) == 3
    assert findings[0].fingerprint == plain  # the first keeps the plain fingerprint
    assert all(len(f.fingerprint) == 12 for f in findings)


def test_fingerprint_ignores_numbers_lines_and_the_current_folder(tmp_path, monkeypatch):
    a = fingerprint(RULE, "tools/a.json", "t", "x", "property 5 of 5, after 3 optional ones")
    assert a == fingerprint(RULE, "tools/a.json", "t", "x", "property 7 of 9, after 4 optional  ones")
    assert a != fingerprint(RULE, "tools/a.json", "t", "y", "property 5 of 5, after 3 optional ones")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "tools").mkdir()
    monkeypatch.chdir(tmp_path)
    from_root = portable_path("tools/a.json")
    monkeypatch.chdir(tmp_path / "tools")
    assert portable_path("a.json") == from_root == "tools/a.json"


def test_every_rules_bad_example_gives_schema_valid_sarif():
    """Each rule's own bad example (a prompt injection, a parse error...) through SARIF: GitHub's upload-sarif
    refuses an invalid file exactly when such a finding is in it (duplicate tags did that to security rules)."""
    from schemalint.engine.rule import Case, example_data
    from schemalint.engine.run import Selection, lint

    findings = []
    for rule_id, cls in all_rules().items():
        example = cls.invalid[0]
        data = example_data(example)
        text = example.text if isinstance(example, Case) and example.text is not None else json.dumps(data, indent=2)
        settings = (example.settings if isinstance(example, Case) else {}) or dict(cls.example_settings)
        catalog = catalog_from(data, f"{rule_id}.json", text)
        found = [f for f in lint(catalog, Selection(select=[rule_id], **({"settings": settings} if settings else {})))
                 if f.rule == rule_id]
        assert found, rule_id
        findings += found
    assign_occurrences(findings)
    report = Report(findings=findings, scores=[], files=len(all_rules()), notes=[], catalog_score=None,
                    version="0", rules=all_rules())
    doc = json.loads(get_reporter("sarif")(report))
    assert_valid_sarif(doc)
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        tags = rule["properties"]["tags"]
        assert len(tags) == len(set(tags)), rule["id"]
