"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Paths are relative to the repository root (uriBaseId %SRCROOT%), which is what code scanning resolves
them against, so running schemalint from a subfolder still annotates the right files. Each result
carries the finding's fingerprint in `partialFingerprints`, so alerts follow a finding across edits
that only move lines.
"""
from __future__ import annotations

import os

from ..engine.fingerprint import project_root
from . import subject
from .report import Report
from .stream import Items, encode, whole

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "schemalintFingerprint/v1"


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].replace("\n", " ").strip()


def _rule_descriptor(rule_id: str, cls, severity_seen: str | None) -> dict:
    if cls is None:  # a finding from a rule the registry does not know (should not happen): describe it minimally
        return {"id": rule_id, "name": _rule_name(rule_id), "shortDescription": {"text": rule_id},
                "defaultConfiguration": {"level": LEVELS.get(severity_seen or "warning", "warning")}}
    doc = cls.doc()
    summary = cls.summary or rule_id
    hint = cls.hint or ""
    help_text = "\n\n".join(part for part in (hint, doc) if part)
    help_markdown = "\n\n".join(part for part in (f"**{hint}**" if hint else "", doc) if part)
    if cls.sources:
        sources = "\n".join(f"- {s}" for s in cls.sources)
        help_text += f"\n\nSources:\n{sources}"
        help_markdown += f"\n\n**Sources**\n\n{sources}"
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _first_paragraph(doc) or summary},
        "help": {"text": help_text or summary, "markdown": help_markdown or summary},
        "defaultConfiguration": {"level": LEVELS.get(cls.severity, "warning")},
        "properties": {
            "category": cls.category,
            "tags": ["schemalint", cls.category],  # unique: SARIF requires it, and the category "security" is GitHub's tag
            "fixable": bool(cls and cls.can_fix()),
        },
    }


def _location(file: str, line: int | None, column: int | None, root_relative: dict) -> dict:
    uri = root_relative.get(file)
    if uri is None:
        uri = root_relative[file] = _uri(file)
    artifact = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = "%SRCROOT%"
    physical = {"artifactLocation": artifact}
    if line:
        region = {"startLine": max(1, int(line))}
        if column:
            region["startColumn"] = max(1, int(column))
        physical["region"] = region
    return {"physicalLocation": physical}


def _uri(file: str) -> str:
    """Relative to the source root when inside it (the usual case), else an absolute file URI."""
    if file == "-":
        return "stdin"
    absolute = os.path.abspath(file)
    rel = os.path.relpath(absolute, source_root())
    if rel.startswith(".."):
        return "file://" + _quote(_slash(absolute))
    return _quote(rel.replace(os.sep, "/"))


def source_root() -> str:
    cwd = os.path.abspath(os.getcwd())
    return project_root(cwd) or cwd


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/:@-._~")


def _result(f, rule_index: dict, root_relative: dict) -> dict:
    location = _location(f.file, f.line, f.column, root_relative)
    name = subject(f)
    if name:  # a finding about a whole file (a parse error) has no logical location
        location["logicalLocations"] = [{"name": f.param or f.tool, "fullyQualifiedName": name,
                                         "kind": "member" if f.param else "function"}]
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"category": f.category, "tool": f.tool, "param": f.param, "pointer": f.pointer,
                       "fixable": f.fixable},
    }
    related = [r for r in (f.related or []) if isinstance(r, dict) and r.get("file")]
    if related:
        result["relatedLocations"] = []
        for i, r in enumerate(related):
            loc = _location(str(r["file"]), r.get("line"), r.get("column"), root_relative)
            loc["id"] = i
            if r.get("message"):
                loc["message"] = {"text": str(r["message"])}
            result["relatedLocations"].append(loc)
    return result


def as_dict(report: Report) -> dict:
    return whole(_lazy(report))


def _lazy(report: Report) -> dict:
    """The log with its results as `Items`, made when written."""
    rule_ids = sorted({f.rule for f in report.findings})
    severity_seen = {f.rule: f.severity for f in report.findings}
    rules = [_rule_descriptor(r, report.rules.get(r), severity_seen.get(r)) for r in rule_ids]
    rule_index = {r: i for i, r in enumerate(rule_ids)}
    # a live server's findings (`mcp:<name>`) point at the capture `--save-tools` wrote, a file code scanning opens
    root_relative: dict = {label: _uri(path) for label, path in report.extra.get("captures", {}).items()}
    results = Items(report.findings, lambda f: _result(f, rule_index, root_relative))
    driver = {
        "name": "schemalint",
        "rules": rules,
    }
    if report.version:
        driver["version"] = report.version
        driver["semanticVersion"] = report.version
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + _quote(_slash(source_root(), folder=True))}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {"level": "note", "message": {"text": note}} for note in report.notes
            ],
        }],
        "results": results,
        "properties": {
            "score": report.catalog_score,
            "tools": len(report.scores),
            "files": report.files,
            **{k: v for k, v in report.extra.items() if k in ("baseline", "diff_base")},
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _slash(path: str, folder: bool = False) -> str:
    path = path.replace(os.sep, "/")
    if not path.startswith("/"):
        path = "/" + path  # Windows drive paths: file:///C:/...
    return path + "/" if folder and not path.endswith("/") else path


def stream(report: Report):
    """The log's bytes in pieces, as `render` gives them whole."""
    return encode(_lazy(report))


def render(report: Report) -> str:
    return b"".join(stream(report)).decode()
