"""Reports of `calls`: text, json (SPEC), markdown, sarif and github (drift and failed groups on the schema line)."""
from __future__ import annotations

import orjson

from .classify import CLASSES

FORMATS = ("text", "json", "markdown", "sarif", "github")
ON_SCHEMA_LINE = ("drift", "failed")  # the classes whose fix is a schema edit
_SARIF_LEVEL = {"drift": "error", "failed": "warning"}
_GITHUB_COMMAND = {"drift": "error", "failed": "warning"}
SHOWN_EXAMPLES = 2
MARKDOWN_ROWS = 150  # a pull request comment stays under GitHub's 65,536 characters


def render(fmt: str, summary: dict, groups: list, notes: list) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown, "sarif": _sarif, "github": _github}[fmt](
        summary, groups, notes)


def _share(group, summary_tools: dict) -> float:
    total = summary_tools.get(group.tool) or group.count
    return round(group.count / total, 4) if total else 0.0


def group_record(group, per_tool: dict) -> dict:
    return {"class": group.cls, "tool": group.tool, "param": group.param, "keyword": group.keyword,
            "count": group.count, "share": _share(group, per_tool), "message": group.message, "file": group.file,
            "line": group.line, "column": group.column, "suggestion": group.suggestion, "examples": group.examples}


def as_dict(summary: dict, groups: list) -> dict:
    per_tool = summary["_per_tool"]
    return {"version": "1", "summary": {"calls": summary["calls"], **{c: summary[c] for c in CLASSES}},
            "groups": [group_record(g, per_tool) for g in groups]}


def summary_line(summary: dict) -> str:
    counts = ", ".join(f"{summary[c]} {c}" for c in CLASSES)
    return f"{summary['calls']} calls: {counts}"


def _dumps(value) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=repr).decode()


def _where(group) -> str:
    return f"{group.file}:{group.line}:{group.column}: " if group.file else ""


def _label(group) -> str:
    name = group.tool if group.tool is not None else "(no name)"
    name += f".{group.param}" if group.param else ""
    return name + (f" [{group.keyword}]" if group.keyword else "")


def _text(summary, groups, notes) -> str:
    lines = []
    for cls in ("unknown-tool", "drift", "failed", "model-error"):
        shown = [g for g in groups if g.cls == cls]
        if not shown:
            continue
        lines.append(f"{cls} ({summary[cls]} call{'s' if summary[cls] != 1 else ''})")
        for g in shown:
            lines.append(f"  {_where(g)}{_label(g)}: {g.message}")
            if g.suggestion:
                lines.append(f"    suggestion: {g.suggestion}")
            for example in g.examples[:SHOWN_EXAMPLES]:
                lines.append(f"    e.g. {_dumps(example)}")
    lines.extend(f"note: {n}" for n in notes)
    lines.append(summary_line(summary))
    return "\n".join(lines) + "\n"


def _json(summary, groups, notes) -> str:
    return orjson.dumps(as_dict(summary, groups), option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS,
                        default=repr).decode() + "\n"


def _markdown(summary, groups, notes) -> str:
    from ..reporters.markdown import code, esc

    lines = ["## schemalint calls", "", f"**{summary['calls']}** recorded calls: " +
             ", ".join(f"{summary[c]} {c}" for c in CLASSES), ""]
    shown = [g for g in groups if g.cls != "ok"]
    if shown:
        lines += ["| class | tool | param | keyword | calls | share | schema | what | suggestion |",
                  "|---|---|---|---|---:|---:|---|---|---|"]
        per_tool = summary["_per_tool"]
        for g in shown[:MARKDOWN_ROWS]:
            place = code(f"{g.file}:{g.line}") if g.file else ""
            lines.append(f"| {g.cls} | {code(g.tool or '(no name)')} | {code(g.param) if g.param else ''} | "
                         f"{esc(g.keyword or '')} | {g.count} | {_share(g, per_tool):.0%} | {place} | "
                         f"{esc(g.message)} | {esc(g.suggestion or '')} |")
        if len(shown) > MARKDOWN_ROWS:
            lines.append(f"\n{len(shown) - MARKDOWN_ROWS} more groups: see `--format json`")
    lines += [""] + [f"- {esc(n)}" for n in notes]
    return "\n".join(lines).rstrip() + "\n"


def _sarif(summary, groups, notes) -> str:
    from .. import __version__
    from ..reporters.sarif import SCHEMA_URI, _location, _quote, _slash, source_root

    rules = [{"id": f"calls-{cls}", "name": "Calls" + "".join(p.capitalize() for p in cls.split("-")),
              "shortDescription": {"text": text},
              "defaultConfiguration": {"level": _SARIF_LEVEL[cls]}}
             for cls, text in (("drift", "recorded calls the tool schema allows and the backend rejects"),
                               ("failed", "recorded calls both schemas accept that failed: a constraint no "
                                          "schema states"))]
    index = {r["id"]: i for i, r in enumerate(rules)}
    roots: dict = {}
    results = []
    for g in groups:
        if g.cls not in ON_SCHEMA_LINE or not g.file:
            continue
        text = g.message + (f" Suggestion: {g.suggestion}" if g.suggestion else "")
        results.append({"ruleId": f"calls-{g.cls}", "ruleIndex": index[f"calls-{g.cls}"],
                        "level": _SARIF_LEVEL[g.cls], "message": {"text": text},
                        "locations": [_location(g.file, g.line, g.column, roots)],
                        "properties": {"class": g.cls, "tool": g.tool, "param": g.param, "keyword": g.keyword,
                                       "count": g.count}})
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "schemalint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + _quote(_slash(source_root(), folder=True))}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": n}} for n in notes]}],
        "results": results,
        "properties": {"summary": {"calls": summary["calls"], **{c: summary[c] for c in CLASSES}}}}]}
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2, default=repr).decode() + "\n"


def _github(summary, groups, notes) -> str:
    from ..reporters.github import annotation_path, escape_data, escape_property

    lines = []
    for g in groups:
        if g.cls not in ON_SCHEMA_LINE or not g.file:
            continue
        props = [f"file={escape_property(annotation_path(g.file))}", f"line={g.line}", f"col={g.column}",
                 f"title={escape_property(f'schemalint calls {g.cls}')}"]
        text = g.message + (f" Suggestion: {g.suggestion}" if g.suggestion else "")
        lines.append(f"::{_GITHUB_COMMAND[g.cls]} {','.join(props)}::{escape_data(text)}")
    lines.append(f"::notice title=schemalint calls::{escape_data(summary_line(summary))}")
    return "\n".join(lines) + "\n"
