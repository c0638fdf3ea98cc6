"""Findings to text: one module per output format."""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "gitlab")


def get_reporter(name: str):
    module = importlib.import_module(f"{__name__}.{name}")
    return module.render


def get_streamer(name: str):
    """The format's report in pieces to write as they come (`stream`: an iterator of bytes or str) when the format
    has that, else its `render` (the whole str); `files.write_report` takes either."""
    module = importlib.import_module(f"{__name__}.{name}")
    return getattr(module, "stream", module.render)


def subject(finding) -> str | None:
    """`tool` or `tool.param` a finding is about; None for a finding about a whole file (a parse error)."""
    if finding.tool is None:
        return f".{finding.param}" if finding.param else None
    return f"{finding.tool}.{finding.param}" if finding.param else finding.tool


def about(finding) -> str:
    """The finding's message, led by its subject when it has one: `search.limit: message`."""
    name = subject(finding)
    return f"{name}: {finding.message}" if name else finding.message
