"""Reports written in pieces (`reporters.stream`): the same bytes as the whole report, and `-o` never leaves a
partial file when the writing fails part-way."""
from __future__ import annotations

import glob
import json
import os
import resource
import subprocess
import sys
from dataclasses import fields

import orjson
import pytest

from schemalint.commands.score import as_dict as score_as_dict, render_score
from schemalint.engine.fingerprint import assign_occurrences
from schemalint.engine.registry import all_rules
from schemalint.engine.run import Selection, display_path, lint
from schemalint.model import Finding
from schemalint.files import TEMP_PATTERN, write_report
from schemalint.loaders import load_paths
from schemalint.reporters import gitlab, json as json_reporter, sarif, text
from schemalint.reporters.report import Report
from schemalint.reporters.stream import BATCH, Items, encode, whole
from schemalint.score import catalog_score, score_tools

from .helpers import CORPUS, ROOT, cli_in_process

TOOLS = 400  # about 7 findings each: more than one batch of entries


def write_catalog(folder, tools: int = TOOLS) -> str:
    """A catalog whose every tool draws findings, with text that JSON escapes (quotes, backslashes, non-ASCII)."""
    listed = [{"name": f"tool_{i}", "description": "Does stuff.",
               "inputSchema": {"type": "object", "properties": {
                   "a": {"type": "string"}, "b": {},
                   "qé": {"type": "integer", "description": 'Nombre d\'élèves "cités" \\ 東京'}}}}
              for i in range(tools)]
    path = os.path.join(str(folder), "tools.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"tools": listed}, fh, indent=2, ensure_ascii=False)
    return path


def report_of(*paths: str, **extra) -> Report:
    """The report `check` would write, through the real loaders, engine and scoring."""
    catalog = load_paths(list(paths))
    findings = lint(catalog, Selection())
    assign_occurrences(findings)
    scores = score_tools(catalog.tools, findings, display_path)
    return Report(findings=findings, scores=scores, files=len(paths), notes=list(catalog.notes) + ["a note"],
                  catalog_score=catalog_score(scores), version="9.9", rules=all_rules(), extra=dict(extra))


def whole_bytes(as_dict) -> bytes:
    """How the reporters encoded a report before it was streamed: one object, one orjson call."""
    return orjson.dumps(as_dict, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    folder = tmp_path_factory.mktemp("streamed")
    made = report_of(write_catalog(folder), baseline={"path": "b.json", "hidden": 3}, diff_base={"ref": "HEAD"})
    assert len(made.findings) > 2 * BATCH, "the report must span several batches"
    return made


def test_json_and_sarif_pieces_are_the_whole_reports_bytes(report):
    for module in (json_reporter, sarif):
        pieces = list(module.stream(report))
        assert len(pieces) > 3  # written as it is made, not as one block
        assert b"".join(pieces) == whole_bytes(module.as_dict(report))
        assert module.render(report) == whole_bytes(module.as_dict(report)).decode()


def test_gitlab_pieces_are_the_whole_reports_bytes(report):
    issues = []
    for f in report.findings:
        issue = gitlab.issue(f)
        if issue["content"] is None:
            del issue["content"]
        issues.append(issue)
    assert b"".join(gitlab.stream(report)) == whole_bytes(issues)


def test_empty_report_arrays_are_written_as_orjson_writes_them():
    empty = Report(findings=[], scores=[], files=0, version="9.9")
    for module in (json_reporter, sarif):
        assert b"".join(module.stream(empty)) == whole_bytes(module.as_dict(empty))
    assert b"".join(gitlab.stream(empty)) == b"[]\n"


@pytest.mark.parametrize("value", [
    {"a": Items(range(2 * BATCH + 1), lambda i: {"i": i, "s": "x\ny", "l": [], "d": {}}), "b": Items([], str)},
    [{"deep": {"deeper": [Items("ab", str), Items([], str)]}}],
    Items([[], {}, [1, [2]]], list),
])
def test_arrays_at_any_depth_are_indented_where_they_stand(value):
    assert b"".join(encode(value)) == whole_bytes(whole(value))


def test_report_text_that_holds_the_placeholder_is_still_written_right(monkeypatch):
    import secrets

    monkeypatch.setattr(secrets, "token_hex", lambda n: "fixed")
    value = {"note": "schemalint-items-fixed", "items": Items([1, 2], int)}
    assert b"".join(encode(value)) == whole_bytes(whole(value))


def test_text_pieces_end_on_line_ends_and_make_the_whole_text(report):
    pieces = list(text.stream(report, color=False))
    assert len(pieces) > 1 and all(p.endswith("\n") for p in pieces)
    whole_text = "".join(pieces)
    assert whole_text == text.render(report, color=False)
    lines = whole_text.splitlines()
    assert lines[0].startswith(f"{report.findings[0].file}:{report.findings[0].line}:")
    assert lines[-2] == "" and lines[-1].startswith(f"{len(report.scores)} tools in 1 file: ")


def test_score_ranking_pieces_are_the_whole_rankings_bytes(report):
    pieces = list(render_score(report, "json"))
    assert len(pieces) > 1 and b"".join(pieces) == whole_bytes(score_as_dict(report))
    ranked = json.loads(b"".join(pieces))["tools"]
    assert [t["score"] for t in ranked] == sorted(s.score for s in report.scores)
    text_pieces = list(render_score(report, "text", top=2))
    assert all(p.endswith("\n") for p in text_pieces)
    assert "".join(text_pieces).endswith(f"over {len(report.scores)} tools, ~"
                                         f"{sum(s.tool.tokens for s in report.scores):,} tokens of definitions\n")


def test_score_text_of_no_tool_is_one_empty_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"tools": [')
    code, stdout, _ = cli_in_process(str(tmp_path), "score", str(broken), "--fail-on", "never")
    assert (code, stdout) == (0, "\n")


@pytest.mark.parametrize("command, fmt", [("check", "json"), ("check", "sarif"), ("check", "text"),
                                          ("check", "gitlab"), ("check", "github"), ("score", "json"),
                                          ("score", "text")])
def test_stdout_and_o_get_the_same_bytes(tmp_path, command, fmt):
    catalog = write_catalog(tmp_path, tools=20)
    out = tmp_path / f"report.{fmt}"
    code, stdout, _ = cli_in_process(str(tmp_path), command, catalog, "--format", fmt, "--fail-on", "never")
    assert code == 0
    code, _, _ = cli_in_process(str(tmp_path), command, catalog, "--format", fmt, "--fail-on", "never",
                                "-o", str(out))
    assert code == 0 and out.read_bytes() == stdout.encode("utf-8")


class FailingFinding(Finding):
    """A finding whose JSON cannot be made (a reporter bug); it records the temporary files' sizes then."""

    temp_folder = ""

    def as_json(self):
        self.temp_sizes = [os.path.getsize(p) for p in glob.glob(os.path.join(self.temp_folder, TEMP_PATTERN))]
        raise RuntimeError("reporter failed")


def test_a_reporter_failing_part_way_leaves_the_old_report_and_no_temporary_file(tmp_path, report):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")
    last = FailingFinding(**{field.name: getattr(report.findings[-1], field.name) for field in fields(Finding)})
    last.temp_folder = str(tmp_path)
    broken = Report(findings=report.findings[:-1] + [last], scores=report.scores, files=1, version="9.9")
    with pytest.raises(RuntimeError, match="reporter failed"):
        write_report(json_reporter.stream(broken), str(target))
    assert len(last.temp_sizes) == 1 and last.temp_sizes[0] > 0  # pieces were on disk before the failure
    assert target.read_text() == "the previous report\n"
    assert glob.glob(str(tmp_path / TEMP_PATTERN)) == []


def test_an_unwritable_target_part_way_is_the_one_line_error_and_no_partial_file(tmp_path):
    """A real write failure in the middle of the report: the file size limit (RLIMIT_FSIZE) stops the temporary
    file at 64 KiB, well before the report's end."""
    catalog = write_catalog(tmp_path)
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")
    limit = 64 * 1024

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "schemalint", "check", catalog, "--format", "json",
                             "--fail-on", "never", "-o", str(target)], cwd=ROOT, capture_output=True, text=True,
                            env=env, preexec_fn=limit_file_size, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"schemalint: error: {target}: cannot write report: File too large"
    assert target.read_text() == "the previous report\n"
    assert glob.glob(str(tmp_path / TEMP_PATTERN)) == []
    unlimited = cli_in_process(str(tmp_path), "check", catalog, "--format", "json", "--fail-on", "never")[1]
    assert len(unlimited.encode("utf-8")) > 4 * limit  # the failure came part-way, not before the first piece


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason=f"the corpus is not at {CORPUS}")
def test_corpus_reports_stream_to_the_whole_bytes():
    catalog = os.path.join(CORPUS, "bfcl", "bfcl_unique_functions.json")
    corpus_report = report_of(catalog)
    for module in (json_reporter, sarif):
        assert b"".join(module.stream(corpus_report)) == whole_bytes(module.as_dict(corpus_report))
