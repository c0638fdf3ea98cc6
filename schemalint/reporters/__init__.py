"""Findings to text: one module per output format."""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "gitlab")


def get_reporter(name: str):
    module = importlib.import_module(f"{__name__}.{name}")
    return module.render


def subject(finding) -> str | None:
    """`tool` or `tool.param` a finding is about; None for a finding about a whole file (a parse error)."""
    if finding.tool is None:
        return f".{finding.param}" if finding.param else None
    return f"{finding.tool}.{finding.param}" if finding.param else finding.tool


def about(finding) -> str:
    """The finding's message, led by its subject when it has one: `search.limit: message`."""
    name = subject(finding)
    return f"{name}: {finding.message}" if name else finding.message
