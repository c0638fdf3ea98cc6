"""Findings to text: one module per output format."""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "gitlab")


def get_reporter(name: str):
    module = importlib.import_module(f"{__name__}.{name}")
    return module.render
