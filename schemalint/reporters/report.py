"""What every reporter receives."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding
from ..score import ToolScore


@dataclass
class Report:
    """The findings of a run with the scores, notes and rules a report format may show."""

    findings: list[Finding]
    scores: list[ToolScore]
    files: int
    notes: list[str] = field(default_factory=list)
    catalog_score: float | None = None
    version: str = ""
    rules: dict = field(default_factory=dict)  # id -> Rule class, for reporters that describe rules
    extra: dict = field(default_factory=dict)  # sections added by optional features (baseline, providers)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
