"""Baselines: accept today's findings, fail only on new ones.

The file is JSON, one entry per fingerprint with a count, sorted by file, tool, rule and parameter,
with no line numbers or dates, so it only changes when findings do and reviews well in a diff:

    {
      "version": 2,
      "tool": "schemalint",
      "findings": [
        {"file": "tools/users.json", "tool": "search_users", "rule": "buried-required-param",
         "param": "tenant_id", "fingerprint": "3f9a1c0d2b7e", "count": 1, "message": "..."}
      ]
    }

Entries are keyed by the plain fingerprint (before the per-run occurrence numbering), and `count`
says how many findings share it: with a count of 2 and three such findings now, one is new.

Version 2 fingerprints come from the rule's message id and identifying data, so rewording a message keeps them.
Version 1 files (fingerprints of the message text) are still read: an entry matches a finding with its
version-1 fingerprint, or else one with the same file, tool, rule and parameter, so no accepted finding
comes back when a message is reworded; `--write-baseline` rewrites such a file as version 2.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import orjson

from .errors import SchemalintError
from .engine.fingerprint import fingerprint, portable_path, project_root
from .files import write_atomic
from .model import Finding

FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)


class BaselineError(SchemalintError):
    """A baseline file that cannot be read or is not a baseline; str() is the one-line cause."""


@dataclass
class BaselineEntry:
    fingerprint: str
    count: int
    file: str = ""
    tool: str | None = None
    rule: str = ""
    param: str | None = None
    message: str = ""


class Baseline(dict):
    """fingerprint -> BaselineEntry, with the file's format version."""

    def __init__(self, version: int = FORMAT_VERSION):
        super().__init__()
        self.version = version


@dataclass
class BaselineResult:
    new: list  # findings not covered by the baseline, in their original order
    known: int  # findings the baseline covers
    gone: int  # baseline findings (within the files linted) that no longer occur

    def as_json(self, path: str) -> dict:
        return {"file": path, "new": len(self.new), "known": self.known, "gone": self.gone}


def plain_fingerprint(finding: Finding) -> str:
    """The fingerprint without occurrence numbering."""
    if finding.base_fingerprint:
        return finding.base_fingerprint
    return fingerprint(finding.rule, finding.file, finding.tool, finding.param, finding.message)


def _group(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(plain_fingerprint(f), []).append(f)
    return groups


def render_baseline(findings: list[Finding]) -> str:
    entries = []
    for fp, group in _group(findings).items():
        first = group[0]
        entries.append({
            "file": portable_path(first.file),
            "tool": first.tool,
            "rule": first.rule,
            "param": first.param,
            "fingerprint": fp,
            "count": len(group),
            "message": first.message,
        })
    entries.sort(key=lambda e: (e["file"], e["tool"] or "", e["rule"], e["param"] or "", e["fingerprint"]))
    body = orjson.dumps({"version": FORMAT_VERSION, "tool": "schemalint", "findings": entries},
                        option=orjson.OPT_INDENT_2)
    return body.decode() + "\n"


def write_baseline(path: str, findings: list[Finding]) -> int:
    """Write the baseline file atomically; returns the number of findings recorded."""
    try:
        write_atomic(path, render_baseline(findings))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror}") from None
    return len(findings)


def load_baseline(path: str) -> dict[str, BaselineEntry]:
    try:
        from .files import read_regular

        raw = read_regular(path)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except ValueError as exc:  # a NUL byte in the path
        raise BaselineError(f"{path!r}: cannot read baseline: {exc}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON in baseline: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a schemalint baseline (expected an object with a 'findings' list; "
                            f"write one with --write-baseline)")
    version = data.get("version")
    if version not in READ_VERSIONS:
        raise BaselineError(f"{path}: unsupported baseline version {version!r} "
                            f"(this schemalint reads versions {', '.join(map(str, READ_VERSIONS))})")
    entries: dict[str, BaselineEntry] = Baseline(version=version)
    for index, item in enumerate(data["findings"]):
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not isinstance(fp, str) or not fp or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{path}: findings[{index}] needs a 'fingerprint' string and a positive 'count'")
        previous = entries.get(fp)
        if previous is not None:
            previous.count += count
            continue
        entries[fp] = BaselineEntry(fp, count, str(item.get("file") or ""), _opt_str(item.get("tool")),
                                    str(item.get("rule") or ""), _opt_str(item.get("param")),
                                    str(item.get("message") or ""))
    return entries


def _opt_str(value) -> str | None:
    return value if isinstance(value, str) else None


def apply_baseline(findings: list[Finding], baseline: dict[str, BaselineEntry], in_scope=None) -> BaselineResult:
    """Split findings into new and known. `in_scope(entry)` says whether a baseline entry belongs to what was
    linted this run (so linting one file does not count every other file's entries as gone)."""
    if getattr(baseline, "version", FORMAT_VERSION) == 1:
        return _apply_v1(findings, baseline, in_scope)
    groups = _group(findings)
    new_ids: set[int] = set()
    known = 0
    for fp, group in groups.items():
        allowed = baseline[fp].count if fp in baseline else 0
        known += min(allowed, len(group))
        new_ids.update(id(f) for f in group[allowed:])
    gone = 0
    for fp, entry in baseline.items():
        if in_scope is not None and not in_scope(entry):
            continue
        gone += max(0, entry.count - len(groups.get(fp, ())))
    return BaselineResult([f for f in findings if id(f) in new_ids], known, gone)


def _apply_v1(findings: list[Finding], baseline: dict[str, BaselineEntry], in_scope=None) -> BaselineResult:
    """A version-1 baseline: entries match by the old message-text fingerprint first, then by file, tool, rule
    and parameter for findings whose message has been reworded since."""
    left = {fp: entry.count for fp, entry in baseline.items()}
    by_place: dict[tuple, list[str]] = {}
    for fp, entry in baseline.items():
        by_place.setdefault((entry.file, entry.tool, entry.rule, entry.param), []).append(fp)
    new, unmatched = [], []
    for f in findings:
        fp = f.legacy_fingerprint or fingerprint(f.rule, f.file, f.tool, f.param, f.message)
        if left.get(fp, 0) > 0:
            left[fp] -= 1
        else:
            unmatched.append(f)
    for f in unmatched:
        place = (portable_path(f.file), f.tool, f.rule, f.param)
        fp = next((fp for fp in by_place.get(place, ()) if left[fp] > 0), None)
        if fp is None:
            new.append(f)
        else:
            left[fp] -= 1
    gone = sum(count for fp, count in left.items() if in_scope is None or in_scope(baseline[fp]))
    return BaselineResult(new, len(findings) - len(new), gone)


def scope_for(linted_files: set[str], paths: list[str], tool_filter=None):
    """A predicate for `apply_baseline`: the entry's file was linted this run, or it was deleted and lay
    under one of the folders linted. `tool_filter(file, tool)` narrows further (for --diff-base)."""
    root = project_root(os.path.abspath(os.getcwd())) or os.getcwd()
    folders = [portable_path(p).rstrip("/") + "/" for p in paths if p != "-" and os.path.isdir(p)]
    folders = ["" if f in ("./", "/") else f for f in folders]

    def in_scope(entry: BaselineEntry) -> bool:
        if entry.file in linted_files:
            covered = True
        else:
            missing = not os.path.exists(os.path.join(root, entry.file))
            covered = missing and any(entry.file.startswith(f) for f in folders)
        if covered and tool_filter is not None:
            return tool_filter(entry.file, entry.tool)
        return covered

    return in_scope


def narrow_report(report, catalog, paths: list[str], baseline_path: str | None, write_path: str | None,
                  diff=None) -> BaselineResult | None:
    """--write-baseline records the report's findings; --baseline (or the file just written) then keeps only the
    new ones. Scores are left as they are: they describe the catalog, not the change."""
    from .engine.run import display_path

    if write_path:
        count = write_baseline(write_path, report.findings)
        report.notes.append(f"wrote {count} findings to the baseline {write_path}")
        baseline_path = write_path
    if not baseline_path:
        return None
    entries = load_baseline(baseline_path)
    _drop_skip_note(report, baseline_path)
    tools = catalog.tools
    linted = {portable_path(t.file) for t in tools} | {portable_path(d.path) for d in catalog.documents}
    tool_filter = None
    if diff is not None:
        changed = {(portable_path(display_path(t.file)), t.name if isinstance(t.name, str) else None)
                   for t in tools if diff.is_changed(t)}
        tool_filter = lambda file, tool: (file, tool) in changed  # noqa: E731
    result = apply_baseline(report.findings, entries, scope_for(linted, paths, tool_filter))
    report.findings = result.new
    report.extra["baseline"] = result.as_json(baseline_path)
    note = f"baseline {baseline_path}: {len(result.new)} new findings, {result.known} known"
    if result.gone:
        note += f", {result.gone} gone (run --write-baseline to drop them)"
    report.notes.append(note)
    return result


def _drop_skip_note(report, baseline_path: str) -> None:
    """The baseline file often sits among the linted files: do not note it as 'not a tool catalog'."""
    target = os.path.realpath(baseline_path)
    kept = []
    for note in report.notes:
        if note.startswith("skipped ") and ": " in note:
            if os.path.realpath(note[len("skipped "):note.index(": ")]) == target:
                continue
        kept.append(note)
    report.notes[:] = kept
