"""The prompt score: 0-100 per tool, every point lost traced to a finding.

A tool starts at 100. Each finding takes off its rule's points for its severity
(error 20, warning 8, info 2 unless the rule says otherwise; security findings
45/15/3; catalog-level cost findings 0). When one rule reports several findings
on one tool, they usually share one cause, so the first (largest) costs its full
points and each further one 0.6 times the one before (a rule's total on a tool
is at most 2.5 times its largest finding). Subscores apply the same sum within
one category. Scores are rounded to integers and floored at 0.

Removing any findings never lowers a score: within a rule, the sorted, decayed
sum can only shrink when a finding leaves it (each remaining finding moves to a
position weighted at least as much, but never by more than the removed one
cost), sums across rules and categories are monotone, and so are rounding and
the floor at 0. `schemalint explain score` documents the formula for users.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import CATEGORIES, Finding, Tool
from .sources.collector import paused_gc
from .tokens import tool_tokens

GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))
REPEAT_DECAY = 0.6


def grade(score: float) -> str:
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "F"


@dataclass(slots=True)  # one per tool: no per-instance dict on 100,000 tools
class ToolScore:
    tool: Tool
    file: str
    line: int
    score: int
    subscores: dict
    losses: list = field(default_factory=list)  # (points, finding), largest first; points sum to 100 - raw score

    @property
    def grade(self) -> str:
        return grade(self.score)

    @property
    def tokens(self) -> int | None:
        return self.tool.tokens


def tool_key(file: str, name) -> tuple:
    return (file, name if isinstance(name, str) else None)


def _full(penalty) -> float:
    """A finding's full points: its penalty, as a float (a plugin's may be an int), the same object when it is
    one (a float per finding is 24 bytes on 300,000 findings)."""
    return penalty if penalty.__class__ is float else penalty * 1.0


def charged_points(findings: list[Finding]) -> list[tuple[float, Finding]]:
    """Points each finding costs its tool: full for a rule's largest, then decayed by REPEAT_DECAY."""
    if len(findings) < 2:  # most tools: nothing to order
        return [(_full(f.penalty), f) for f in findings]
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    charged = []
    for rule_findings in by_rule.values():
        if len(rule_findings) == 1:
            charged.append((_full(rule_findings[0].penalty), rule_findings[0]))
            continue
        ordered = sorted(rule_findings, key=lambda f: (-f.penalty, f.line, f.column, f.message))
        charged.append((_full(ordered[0].penalty), ordered[0]))
        weight = REPEAT_DECAY
        for f in ordered[1:]:
            charged.append((f.penalty * weight, f))
            weight *= REPEAT_DECAY
    charged.sort(key=lambda pf: (-pf[0], pf[1].rule, pf[1].line, pf[1].column))
    return charged


def score_findings(findings: list[Finding], shared: dict | None = None) -> tuple[int, dict, list]:
    """(score, subscores by category, charged points) for the findings on one tool. With `shared` (a dict kept
    across the tools of one run), tools with equal subscores get one dict: a handful of patterns on 100,000 tools.
    The dicts are read, never changed."""
    charged = charged_points(findings)
    subscores = dict(_FULL_SUBSCORES)  # round(100 - 0.0) for every category without a loss
    total = 0.0
    if charged:
        lost: dict[str, float] = defaultdict(float)
        for points, f in charged:
            lost[f.category] += points
        total = sum(lost.values())
        for c, points in lost.items():
            if c in subscores:
                subscores[c] = max(0, round(100 - points))
    if shared is not None:
        subscores = shared.setdefault(tuple(subscores.values()), subscores)
    return max(0, round(100 - total)), subscores, charged


_FULL_SUBSCORES = {c: 100 for c in CATEGORIES}


def _cached(display):
    seen: dict[str, str] = {}

    def shown(path: str) -> str:
        if path not in seen:
            seen[path] = display(path)
        return seen[path]
    return shown


def assign_findings(tools: list[Tool], findings: list[Finding], display) -> list[list[Finding]]:
    """The findings about each tool: by document pointer when the finding has one, else by file and name."""
    by_pointer: dict[tuple, list[int]] = defaultdict(list)
    by_name: dict[tuple, list[int]] = defaultdict(list)
    depths: dict[str, set] = defaultdict(set)  # file -> how many tokens its tools' pointers have
    for i, tool in enumerate(tools):
        file = display(tool.file)
        by_pointer[(file, tool.pointer)].append(i)
        by_name[tool_key(file, tool.name)].append(i)
        depths[file].add(tool.pointer.count("/"))
    deepest_first = {file: sorted(found, reverse=True) for file, found in depths.items()}
    lines: dict[int, int] = {}

    def line_of(i: int) -> int:
        if i not in lines:
            lines[i] = tools[i].document.line(tools[i].pointer)
        return lines[i]

    out: list[list[Finding]] = [[] for _ in tools]
    for f in findings:
        candidates = None
        if f.pointer is not None:  # the tool whose pointer is the finding's nearest ancestor (or its own)
            pointer = f.pointer
            tokens = pointer.count("/")
            for depth in deepest_first.get(f.file, ()):
                if depth <= tokens:
                    candidates = by_pointer.get((f.file, "/".join(pointer.split("/", depth + 1)[:depth + 1])))
                    if candidates:
                        break
        if candidates and len(candidates) > 1:  # tools sharing one pointer (inside a JSON-encoded string)
            candidates = [i for i in candidates if tools[i].name == f.tool] or candidates
        if not candidates:
            candidates = by_name.get((f.file, f.tool))
        if not candidates:
            continue
        if len(candidates) > 1:
            # several tools of one name: the one defined last before the finding's line
            before = [i for i in candidates if line_of(i) <= f.line]
            candidates = [max(before, key=line_of) if before else candidates[0]]
        out[candidates[0]].append(f)
    return out


def score_tools(tools: list[Tool], findings: list[Finding], display) -> list[ToolScore]:
    with paused_gc():
        return _score_tools(tools, findings, display)


def _score_tools(tools: list[Tool], findings: list[Finding], display) -> list[ToolScore]:
    display = _cached(display)
    mine = assign_findings(tools, findings, display)
    out = []
    shared: dict[tuple, dict] = {}
    for tool, tool_findings in zip(tools, mine):
        tool_tokens(tool)
        score, subscores, charged = score_findings(tool_findings, shared)
        line = tool.document.line(tool.pointer)
        out.append(ToolScore(tool, display(tool.file), line, score, subscores, charged))
    return out


def catalog_score(scores: list[ToolScore]) -> float | None:
    if not scores:
        return None
    return round(sum(s.score for s in scores) / len(scores), 1)
