"""`--format json`: the object SPEC.md defines."""
from __future__ import annotations

import orjson

from ..score import grade
from .report import Report


def as_dict(report: Report) -> dict:
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
        "findings": [f.as_json() for f in report.findings],
        "tools": [
            {
                "name": s.tool.name if isinstance(s.tool.name, str) else None,
                "file": s.file,
                "line": s.line,
                "score": s.score,
                "grade": s.grade,
                "tokens": s.tool.tokens if hasattr(s.tool, "tokens") else None,
                "subscores": s.subscores,
            }
            for s in report.scores
        ],
        "notes": report.notes,
    }
    out.update(report.extra)
    return out


def render(report: Report) -> str:
    return orjson.dumps(as_dict(report), option=orjson.OPT_INDENT_2).decode() + "\n"
