"""`--format gitlab`: a GitLab code quality report (the Code Climate issue subset GitLab reads).

GitLab compares the report of a merge request with its target branch by `fingerprint`, so only new
findings show up in the merge request widget; the finding fingerprints (stable across edits that move
lines, unique within a run) are used as they are. Severities: error -> major, warning -> minor,
info -> info (as eslint-formatter-gitlab maps ESLint's). Paths are relative to the repository root.
"""
from __future__ import annotations

from ..engine.fingerprint import portable_path
from . import about
from .report import Report
from .stream import Items, encode

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
# Code Climate categories GitLab accepts; schemalint's categories folded onto them
CATEGORIES = {"security": "Security", "validity": "Bug Risk", "drift": "Bug Risk", "provider": "Compatibility",
              "cost": "Performance", "ordering": "Style"}


def issue(f) -> dict:
    return {
        "type": "issue",
        "check_name": f.rule,
        "description": about(f),
        "content": {"body": f.hint} if f.hint else None,
        "categories": [CATEGORIES.get(f.category, "Clarity")],
        "severity": SEVERITIES.get(f.severity, "minor"),
        "fingerprint": f.fingerprint,
        "location": {"path": portable_path(f.file), "lines": {"begin": f.line or 1}},
    }


def _reported(f) -> dict:
    item = issue(f)
    if item["content"] is None:
        del item["content"]
    return item


def stream(report: Report):
    """The report's bytes in pieces, as `render` gives them whole."""
    return encode(Items(report.findings, _reported))


def render(report: Report) -> str:
    return b"".join(stream(report)).decode()
