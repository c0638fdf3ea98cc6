"""Reports of a diff: text, json (SPEC), markdown (a pull request comment), sarif and github annotations."""
from __future__ import annotations

import orjson

from ..compare.changes import CHANGES, LEVELS
from .run import DiffResult, Entry

FORMATS = ("text", "json", "markdown", "sarif", "github")
MARKDOWN_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
_SARIF_LEVEL = {"breaking": "error", "behavioural": "warning"}
_GITHUB_COMMAND = {"breaking": "error", "behavioural": "warning"}


def render(result: DiffResult, fmt: str, quiet: bool = False) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown, "sarif": _sarif, "github": _github}[fmt](
        result, quiet)


def _ordered(entries: list[Entry]) -> list[Entry]:
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(entries, key=lambda e: rank[e.level])


def _subject(entry: Entry) -> str:
    param = entry.change.param
    return f"{entry.tool_change.tool}.{param}" if param else entry.tool_change.tool


def _where(entry: Entry) -> str:
    place = entry.place
    return f"{place.file}:{place.line}:{place.column}" if place else "?"


def _cost(entry: Entry) -> str:
    parts = []
    if "calls" in entry.extra:  # diff --calls: how many recorded calls the change touches
        parts.append(f"{entry.extra['calls']} of {entry.extra['calls_to_tool']} recorded calls")
    tokens = entry.extra.get("tokens")
    if tokens and tokens["before"] != tokens["after"]:
        parts.append(f"{tokens['after'] - tokens['before']:+d} tokens")
    score = entry.extra.get("score")
    if score and score["before"] != score["after"]:
        parts.append(f"score {score['before']} -> {score['after']}")
    return f" ({', '.join(parts)})" if parts else ""


def summary_line(result: DiffResult) -> str:
    counts = ", ".join(f"{result.count(level)} {level}" for level in LEVELS)
    line = f"{len(result.base.tools)} tools in {result.base.label}, {len(result.head.tools)} in {result.head.label}: " \
           f"{counts}"
    if result.accepted:
        line += f"; {len(result.accepted)} accepted"
    return line


def _text(result: DiffResult, quiet: bool) -> str:
    lines = []
    for level in LEVELS:
        entries = [e for e in result.entries if e.level == level]
        if not entries:
            continue
        lines.append(f"{level} ({len(entries)})")
        for e in entries:
            lines.append(f"  {_where(e)}: {e.change.change}: {_subject(e)}: {e.change.message}{_cost(e)}")
    if not quiet:
        lines.extend(f"note: {n}" for n in result.notes)
        lines.extend(f"error: {p}" for p in result.problems)
        lines.append(summary_line(result) if result.entries or result.accepted else
                     f"no changes between {result.base.label} and {result.head.label}"
                     f" ({len(result.head.tools)} tools)")
    return "\n".join(lines) + "\n" if lines else ""


def change_record(entry: Entry) -> dict:
    change = entry.change
    out = {"change": change.change, "level": entry.level, "tool": entry.tool_change.tool, "param": change.param}
    if "renamed_to" in change.detail:
        out["renamed_to"] = change.detail["renamed_to"]
    out.update({"before": change.before, "after": change.after, "message": change.message})
    place = entry.place
    out.update({"file": place.file if place else None, "line": place.line if place else None,
                "column": place.column if place else None,
                "base_file": entry.base.file if entry.base else None,
                "base_line": entry.base.line if entry.base else None})
    out.update(entry.extra)
    out["fingerprint"] = entry.fingerprint
    return out


def as_dict(result: DiffResult) -> dict:
    out = {"version": "1", "base": result.base.label, "head": result.head.label, "summary": result.summary(),
           "changes": [change_record(e) for e in _ordered(result.entries)]}
    if result.accepted:
        out["accepted"] = [change_record(e) for e in result.accepted]
    if result.notes or result.problems:
        out["notes"] = list(result.notes) + [f"error: {p}" for p in result.problems]
    return out


def _json(result: DiffResult, quiet: bool) -> str:
    return orjson.dumps(as_dict(result), option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS,
                        default=repr).decode() + "\n"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(result: DiffResult, quiet: bool) -> str:
    head = [f"## schemalint diff: `{_cell(result.base.label)}` → `{_cell(result.head.label)}`", ""]
    if not result.entries:
        head.append(f"No changes to the tools ({len(result.head.tools)} tools)."
                    + (f" {len(result.accepted)} accepted changes." if result.accepted else ""))
        return "\n".join(head) + "\n"
    head += ["| level | changes |", "|---|---|"]
    head += [f"| {level} | {result.count(level)} |" for level in LEVELS]
    head += ["", f"{len(result.base.tools)} tools before, {len(result.head.tools)} after"
             + (f"; {len(result.accepted)} accepted changes not shown." if result.accepted else "."), ""]
    body: list[str] = []
    for level in LEVELS:
        entries = [e for e in result.entries if e.level == level]
        if not entries:
            continue
        rows = [f"| `{_cell(_subject(e))}` | {_cell(e.change.change)} | {_cell(e.change.message)}{_cell(_cost(e))} "
                f"| {_cell(_where(e))} |" for e in entries]
        table = ["| tool | change | what callers and models see | where |", "|---|---|---|---|", *rows]
        if level == "breaking":
            body += [f"### Breaking ({len(entries)})", "", *table, ""]
        else:
            body += [f"<details><summary>{level.capitalize()} ({len(entries)})</summary>", "", *table, "",
                     "</details>", ""]
    text = "\n".join(head + body)
    if len(text.encode("utf-8")) > MARKDOWN_LIMIT:
        text = _truncated(head, body)
    return text + "\n"


def _truncated(head: list[str], body: list[str]) -> str:
    kept, size, dropped = [], len("\n".join(head).encode("utf-8")), 0
    for line in body:
        size += len(line.encode("utf-8")) + 1
        if size > MARKDOWN_LIMIT - 300:
            dropped += line.startswith("| `")
            continue
        kept.append(line)
    kept = [line for line in kept if line not in ("</details>",)]
    return "\n".join(head + kept + ["", f"_Truncated: {dropped} more changes are not shown (the comment limit is "
                                         f"64 KB); run `schemalint diff` with `--format json` for all of them._"])


def _sarif(result: DiffResult, quiet: bool) -> str:
    from .. import __version__
    from ..reporters.sarif import FINGERPRINT_KEY, SCHEMA_URI, _location, _quote, _slash, source_root

    ids = sorted({e.change.change for e in result.entries})
    index = {cid: i for i, cid in enumerate(ids)}
    rules = [{"id": cid, "name": "".join(p.capitalize() for p in cid.split("-")),
              "shortDescription": {"text": CHANGES[cid].summary},
              "defaultConfiguration": {"level": _SARIF_LEVEL.get(CHANGES[cid].level, "note")},
              "properties": {"level": CHANGES[cid].level, "tags": list(CHANGES[cid].tags)}} for cid in ids]
    roots: dict = {}
    results = []
    for e in _ordered(result.entries):
        place = e.place
        location = _location(place.file, place.line, place.column, roots) if place else None
        item = {"ruleId": e.change.change, "ruleIndex": index[e.change.change],
                "level": _SARIF_LEVEL.get(e.level, "note"), "message": {"text": f"{_subject(e)}: {e.change.message}"},
                "partialFingerprints": {FINGERPRINT_KEY: e.fingerprint},
                "properties": {"level": e.level, "tool": e.tool_change.tool, "param": e.change.param}}
        if location:
            item["locations"] = [location]
        if e.base and e.head:
            related = _location(e.base.file, e.base.line, e.base.column, roots)
            related["id"] = 0
            related["message"] = {"text": "before"}
            item["relatedLocations"] = [related]
        results.append(item)
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "schemalint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + _quote(_slash(source_root(), folder=True))}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": note}} for note in result.notes]}],
        "results": results,
        "properties": {"base": result.base.label, "head": result.head.label, "summary": result.summary()}}]}
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=repr).decode() + "\n"


def _github(result: DiffResult, quiet: bool) -> str:
    from ..reporters.github import annotation_path, escape_data, escape_property

    lines = []
    for e in _ordered(result.entries):
        props = []
        place = e.place
        if place:
            props.append(f"file={escape_property(annotation_path(place.file))}")
            props += [f"line={place.line}", f"col={place.column}"]
        props.append(f"title={escape_property(f'schemalint diff {e.change.change}')}")
        command = _GITHUB_COMMAND.get(e.level, "notice")
        lines.append(f"::{command} {','.join(props)}::{escape_data(f'{_subject(e)}: {e.change.message}{_cost(e)}')}")
    lines.append(f"schemalint: {escape_data(summary_line(result))}")
    return "\n".join(lines) + "\n"
