"""`--format json`: the object SPEC.md defines."""
from __future__ import annotations

from operator import methodcaller

from ..score import grade
from .report import Report
from .stream import Items, encode, whole


def as_dict(report: Report) -> dict:
    return whole(_lazy(report))


def _lazy(report: Report) -> dict:
    """The report with its findings and tools as `Items`, made when written."""
    score = report.catalog_score
    out = {
        "version": "1",
        "tool": {"name": "schemalint", "version": report.version},
        "summary": {
            "files": report.files,
            "tools": len(report.scores),
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "infos": report.count("info"),
            "score": score,
            "grade": grade(score) if score is not None else None,
        },
        "findings": Items(report.findings, methodcaller("as_json")),
        "tools": Items(report.scores, _tool),
        "notes": report.notes,
    }
    out.update(report.extra)
    return out


def _tool(s) -> dict:
    return {
        "name": s.tool.name if isinstance(s.tool.name, str) else None,
        "file": s.file,
        "line": s.line,
        "score": s.score,
        "grade": s.grade,
        "tokens": s.tool.tokens if hasattr(s.tool, "tokens") else None,
        "subscores": s.subscores,
    }


def stream(report: Report):
    """The report's bytes in pieces, as `render` gives them whole."""
    return encode(_lazy(report))


def render(report: Report) -> str:
    return b"".join(stream(report)).decode()
