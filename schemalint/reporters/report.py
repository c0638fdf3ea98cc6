"""What every reporter receives."""
from __future__ import annotations

from ..model import Finding
from ..score import ToolScore


class Report:
    """The findings of a run with the scores, notes and rules a report format may show (a plain class: a dataclass
    is compiled at import, on every start-up)."""

    def __init__(self, findings: list[Finding], scores: list[ToolScore], files: int, notes: list[str] | None = None,
                 catalog_score: float | None = None, version: str = "", rules=None, extra: dict | None = None):
        self.findings = findings
        self.scores = scores
        self.files = files
        self.notes = [] if notes is None else notes
        self.catalog_score = catalog_score
        self.version = version
        self.rules = {} if rules is None else rules  # id -> Rule class, for reporters that describe rules
        self.extra = {} if extra is None else extra  # sections added by optional features (baseline, providers)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
