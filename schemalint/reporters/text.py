"""`--format text`: one `path:line:col: severity rule message` line per finding (clickable in editors and
terminals, fit for grep and `vim -q`), its hint below, then notes and a summary."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from .report import Report
from .stream import lines_in_pieces
from .wording import about_once, counts, escape_controls, summarised_notes

_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1"}


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def color_choice(choice: str | None, to_file: bool = False) -> bool | None:
    """--color always|never|auto as the renderer takes it: True, False, or None (decide by the terminal)."""
    if choice == "always":
        return True
    if choice == "never" or to_file:
        return False
    return None


def render(report: Report, color: bool | None = None, quiet: bool = False, statistics: bool = False,
           verbose: bool = False) -> str:
    return "".join(stream(report, color, quiet, statistics, verbose))


def stream(report: Report, color: bool | None = None, quiet: bool = False, statistics: bool = False,
           verbose: bool = False) -> Iterator[str]:
    """The report's text in pieces of whole lines, as `render` gives it whole."""
    return lines_in_pieces(_lines(report, color, quiet, statistics, verbose))


def _lines(report: Report, color: bool | None, quiet: bool, statistics: bool, verbose: bool) -> Iterator[str]:
    if color is None:
        color = _use_color(sys.stdout)

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text

    shown = False  # a blank line parts the summary from the lines above it
    for line in _statistics(report) if statistics else ():
        shown = True
        yield line
    for f in () if statistics else report.findings:
        where = paint(escape_controls(f"{f.file}:{f.line}:{f.column}:"), "bold")
        shown = True
        yield f"{where} {paint(f.severity, f.severity)} {paint(f.rule, 'dim')} {escape_controls(about_once(f))}"
        if f.hint and not quiet:
            yield paint(f"    hint: {escape_controls(f.hint)}", "dim")
    if quiet:
        return
    for note in summarised_notes(report.notes, verbose):
        shown = True
        yield paint(f"note: {escape_controls(note)}", "dim")
    if shown:
        yield ""
    summary = counts(report)
    if report.catalog_score is not None:
        from ..score import grade

        summary += f"; prompt score {report.catalog_score} ({grade(report.catalog_score)})"
    fixable = sum(1 for f in report.findings if f.fixable)
    if fixable:
        summary += f"; {fixable} fixable with `schemalint fix`"
    yield summary


def _statistics(report: Report) -> list[str]:
    """--statistics: findings counted per rule, most first (as `ruff --statistics`)."""
    per_rule: dict[str, list] = {}
    for f in report.findings:
        per_rule.setdefault(f.rule, []).append(f)
    rows = sorted(per_rule.items(), key=lambda item: (-len(item[1]), item[0]))
    if not rows:
        return []
    width = max(len(rule) for rule, _ in rows)
    out = []
    for rule, found in rows:
        severity = found[0].severity if len({f.severity for f in found}) == 1 else "mixed"
        fixable = sum(1 for f in found if f.fixable)
        cls = report.rules.get(rule)
        summary = cls.summary if cls is not None else ""
        out.append(f"{len(found):>6}  {rule:<{width}}  {severity:<7}  {'[*] ' if fixable else ''}{summary}")
    return out
