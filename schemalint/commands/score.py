"""`schemalint score`: tools worst-first with the findings that cost them points."""
from __future__ import annotations

from ..reporters.report import Report
from ..reporters.stream import Items, encode, lines_in_pieces, whole
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


def render_score(report: Report, fmt: str, top: int = 3):
    """The ranking as `files.write_report` takes it, in pieces made as they are written: JSON bytes (`as_dict` as
    orjson writes it) or lines of text."""
    if fmt == "json":
        return encode(_lazy(report))
    return lines_in_pieces(_lines(report, top))


def as_dict(report: Report) -> dict:
    return whole(_lazy(report))


def _ranked(report: Report) -> tuple[list, int]:
    ranked = sorted(report.scores, key=lambda s: (s.score, s.file, s.line))
    return ranked, sum(s.tool.tokens or 0 for s in ranked)


def _lazy(report: Report) -> dict:
    ranked, tokens = _ranked(report)
    return {
        "version": "1",
        "catalog": {"score": report.catalog_score,
                    "grade": grade(report.catalog_score) if report.catalog_score is not None else None,
                    "tools": len(ranked), "tokens": tokens},
        "tools": Items(ranked, _tool),
    }


def _tool(s) -> dict:
    return {
        "name": s.tool.name if isinstance(s.tool.name, str) else None, "file": s.file, "line": s.line,
        "score": s.score, "grade": s.grade, "tokens": s.tool.tokens, "subscores": s.subscores,
        "reasons": [{"rule": f.rule, "category": f.category, "severity": f.severity,
                     "points": -_points(points), "message": f.message, "param": f.param,
                     "line": f.line} for points, f in s.losses],
    }


def _lines(report: Report, top: int):
    ranked, tokens = _ranked(report)
    if not ranked and report.catalog_score is None:
        yield ""  # the text of no tool is one empty line
    for s in ranked:
        size = f", ~{s.tool.tokens:,} tokens" if s.tool.tokens is not None else ""
        yield f"{s.score:>3} {s.grade}  {s.tool.name}  ({s.file}:{s.line}{size})"
        for points, f in s.losses[:top]:
            where = f".{f.param}" if f.param else ""
            yield f"         -{_points(points):g} {f.rule}{where}: {f.message}"
        if len(s.losses) > top:
            rest = sum(points for points, _ in s.losses[top:])
            yield f"         -{_points(rest):g} from {len(s.losses) - top} more"
    if report.catalog_score is not None:
        yield (f"\ncatalog: {report.catalog_score} ({grade(report.catalog_score)}) over {len(ranked)} tools, "
               f"~{tokens:,} tokens of definitions")
