"""`schemalint score`: tools worst-first with the findings that cost them points."""
from __future__ import annotations

import orjson

from ..reporters.report import Report
from ..score import grade


def add_arguments(p) -> None:
    from .check import add_arguments as add_check_arguments

    add_check_arguments(p)
    p.add_argument("--top", type=int, default=3, help="reasons shown per tool")
    from .help_text import hide_options

    hide_options(p, ("--statistics", "--color", "--no-color"), {"--format": "text or json"})


def run(args) -> int:
    from .check import run_check

    return run_check(args)


def _points(value: float) -> float:
    return round(value, 1)


def render_score(report: Report, fmt: str, top: int = 3) -> str:
    ranked = sorted(report.scores, key=lambda s: (s.score, s.file, s.line))
    tokens = sum(s.tool.tokens or 0 for s in ranked)
    if fmt == "json":
        return orjson.dumps({
            "version": "1",
            "catalog": {"score": report.catalog_score,
                        "grade": grade(report.catalog_score) if report.catalog_score is not None else None,
                        "tools": len(ranked), "tokens": tokens},
            "tools": [{
                "name": s.tool.name if isinstance(s.tool.name, str) else None, "file": s.file, "line": s.line,
                "score": s.score, "grade": s.grade, "tokens": s.tool.tokens, "subscores": s.subscores,
                "reasons": [{"rule": f.rule, "category": f.category, "severity": f.severity,
                             "points": -_points(points), "message": f.message, "param": f.param,
                             "line": f.line} for points, f in s.losses],
            } for s in ranked],
        }, option=orjson.OPT_INDENT_2).decode() + "\n"
    lines = []
    for s in ranked:
        size = f", ~{s.tool.tokens:,} tokens" if s.tool.tokens is not None else ""
        lines.append(f"{s.score:>3} {s.grade}  {s.tool.name}  ({s.file}:{s.line}{size})")
        for points, f in s.losses[:top]:
            where = f".{f.param}" if f.param else ""
            lines.append(f"         -{_points(points):g} {f.rule}{where}: {f.message}")
        if len(s.losses) > top:
            rest = sum(points for points, _ in s.losses[top:])
            lines.append(f"         -{_points(rest):g} from {len(s.losses) - top} more")
    if report.catalog_score is not None:
        lines.append(f"\ncatalog: {report.catalog_score} ({grade(report.catalog_score)}) over {len(ranked)} tools, "
                     f"~{tokens:,} tokens of definitions")
    return "\n".join(lines) + "\n"
