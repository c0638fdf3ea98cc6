"""Hover text (Markdown): a rule id in a suppression, a parameter's key, a tool's name."""
from __future__ import annotations

import orjson

from ..engine.registry import all_rules
from ..engine.run import display_path
from ..engine.walk import walk_schema
from ..model import IGNORE_KEY, Finding
from ..score import score_tools
from ..tokens import estimate
from .analysis import Linted
from .spans import LineIndex

SUPPRESSION_MARKERS = (IGNORE_KEY, "schemalint: ignore")
# how far back from a rule id its suppression key may be (a YAML or JSON list of ids over a few lines)
SUPPRESSION_REACH = 400


def hover_text(linted: Linted, offset: int, index: LineIndex) -> str | None:
    return _rule_in_suppression(linted.text, offset, index) or _parameter_or_tool(linted, offset, index)


def _rule_in_suppression(text: str, offset: int, index: LineIndex) -> str | None:
    word, start = index.word_at(offset)
    cls = all_rules().get(word)
    if cls is None:
        return None
    before = text[max(0, start - SUPPRESSION_REACH):start]
    marker = max(before.rfind(m) for m in SUPPRESSION_MARKERS)
    # the id must still be inside the suppression: no object or list closed since its key
    if marker < 0 or any(c in before[marker:] for c in "}])"):
        return None
    return (f"**{cls.id}** ({cls.category}, {cls.severity}): {cls.summary}\n\n{cls.hint}\n\n"
            f"`schemalint explain {cls.id}`")


def _parameter_or_tool(linted: Linted, offset: int, index: LineIndex) -> str | None:
    for tool in linted.tools:
        hit = []

        def on_node(node):
            if node.kind == "property" and not hit:
                start, end = index.token(*tool.document.locate(tool.schema_ptr(node.path)))
                if start <= offset <= end and end > start:
                    hit.append(node)

        walk_schema(tool, on_node)
        if hit:
            return _parameter_hover(linted, tool, hit[0])
        start, end = index.key_and_value(*tool.document.locate(tool.field_ptr("name")))
        if start <= offset <= end:
            return _tool_hover(linted, tool)
    return None


def _own(linted: Linted, tool):
    scores = score_tools(linted.tools, linted.findings, display_path)
    return next(s for s in scores if s.tool is tool)


def _tool_hover(linted: Linted, tool) -> str:
    score = _own(linted, tool)
    findings = [f for _, f in score.losses]
    lines = [f"**{tool.name}**: prompt score {score.score}/100 ({score.grade}), ~{score.tokens:,} tokens per request"]
    return "\n\n".join(lines + [_findings_list(findings, "on this tool")])


def _parameter_hover(linted: Linted, tool, node) -> str:
    score = _own(linted, tool)
    tokens = estimate(orjson.dumps(node.schema, option=orjson.OPT_NON_STR_KEYS))
    findings = [f for _, f in score.losses if f.param == node.param]
    head = (f"**{node.param}** of `{tool.name}`: ~{tokens:,} tokens; the tool's prompt score is "
            f"{score.score}/100 ({score.grade})")
    return "\n\n".join([head, _findings_list(findings, "on this parameter")])


def _findings_list(findings: list[Finding], where: str) -> str:
    if not findings:
        return f"No findings {where}."
    ordered = sorted(findings, key=lambda f: (f.line, f.column, f.rule))
    return f"Findings {where}:\n" + "\n".join(f"- `{f.rule}` ({f.severity}): {f.message}" for f in ordered)
