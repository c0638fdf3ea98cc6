"""`--format text`: grouped by file, `line:col severity rule message`, a hint under each."""
from __future__ import annotations

import os
import sys

from . import about
from .report import Report

_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1"}


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def render(report: Report, color: bool | None = None, quiet: bool = False) -> str:
    if color is None:
        color = _use_color(sys.stdout)

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    current = None
    for f in report.findings:
        if f.file != current:
            if current is not None:
                lines.append("")
            lines.append(paint(f.file, "bold"))
            current = f.file
        where = f"{f.line}:{f.column}"
        lines.append(f"  {where:<9} {paint(f'{f.severity:<7}', f.severity)} {paint(f.rule, 'dim')}  "
                     f"{about(f)}")
        if f.hint and not quiet:
            lines.append(f"  {'':<9} {'':<7} {paint('hint: ' + f.hint, 'dim')}")
    if not quiet:
        for note in report.notes:
            lines.append(paint(f"note: {note}", "dim"))
        if lines:
            lines.append("")
        e, w, i = report.count("error"), report.count("warning"), report.count("info")
        summary = f"{len(report.scores)} tools in {report.files} files: {e} errors, {w} warnings, {i} infos"
        if report.catalog_score is not None:
            from ..score import grade

            summary += f"; prompt score {report.catalog_score} ({grade(report.catalog_score)})"
        fixable = sum(1 for f in report.findings if f.fixable)
        if fixable:
            summary += f"; {fixable} fixable with `schemalint fix`"
        lines.append(summary)
    return "\n".join(lines) + ("\n" if lines else "")
