"""Code actions: a finding's fix, applied to the buffer's text by the same code as `fix --write`
(fix/apply.py), handed back as the one edit that turns the old text into the new, so every byte outside the
changed span stays as it was."""
from __future__ import annotations

from dataclasses import dataclass

from ..fix.apply import apply_to_text, select_fixes
from ..model import Finding
from .analysis import Linted


@dataclass
class Action:
    title: str
    unsafe: bool
    start: int  # the edit: replace text[start:end] with `new`
    end: int
    new: str
    findings: list
    fix_all: bool = False


def fix_actions(linted: Linted, findings: list[Finding]) -> list[Action]:
    """One action per fixable finding among `findings` (those under the cursor), then "fix all" (the file's safe
    fixes, wherever they are)."""
    actions = []
    for finding in findings:
        by_file, _ = select_fixes([finding], unsafe=True)
        edit = _edit(linted, [finding]) if by_file else None
        if edit is None:
            continue
        unsafe = bool(finding.fix.unsafe)
        label = "Fix (unsafe: changes what the model reads)" if unsafe else "Fix"
        actions.append(Action(f"{label}: {finding.fix.description} [{finding.rule}]", unsafe, *edit, [finding]))
    by_file, _ = select_fixes(linted.findings, unsafe=False)
    safe = [f for group in by_file.values() for f in group]
    edit = _edit(linted, safe) if safe else None
    if edit is not None:
        actions.append(Action(f"Fix all safe schemalint findings in this file ({len(safe)})", False, *edit, safe,
                              fix_all=True))
    return actions


def _edit(linted: Linted, findings: list[Finding]) -> tuple[int, int, str] | None:
    applied = apply_to_text(linted.path, linted.kind, linted.text, findings)
    if not applied.rules or applied.text == linted.text:
        return None
    return minimal_edit(linted.text, applied.text)


def minimal_edit(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement) with old[:start] + replacement + old[end:] == new, the span as short as it can be."""
    limit = min(len(old), len(new))
    start = _common(limit, lambda i, j: old[i:j] == new[i:j])
    tail = _common(limit - start, lambda i, j: old[len(old) - j:len(old) - i] == new[len(new) - j:len(new) - i])
    return start, len(old) - tail, new[start:len(new) - tail]


def _common(limit: int, same) -> int:
    """The length of the longest run of `limit` or fewer characters for which `same(0, n)` holds, by blocks first:
    a multi-megabyte buffer is compared in slices, not character by character."""
    done, block = 0, 4096
    while block:
        while done + block <= limit and same(done, done + block):
            done += block
        block //= 2
    return done
