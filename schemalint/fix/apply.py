"""Apply planned fixes to a file's text, one edit at a time, never leaving a broken file."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Finding
from ..sources import InputError, parse_text
from . import json_text
from .json_text import EditError


@dataclass
class Applied:
    text: str
    rules: list  # rule ids whose fixes were applied
    skipped_unsafe: int = 0


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def select_fixes(findings: list[Finding], unsafe: bool) -> tuple[dict[str, list[Finding]], int]:
    """Fixable findings grouped by file; counts the unsafe ones left out."""
    by_file: dict[str, list[Finding]] = {}
    skipped = 0
    for f in findings:
        fix = f.fix
        if fix is None or fix is False or not getattr(fix, "editable", False) or not fix.document_edits:
            continue
        if fix.unsafe and not unsafe:
            skipped += 1
            continue
        by_file.setdefault(fix.path, []).append(f)
    return by_file, skipped


def apply_to_text(path: str, kind: str, text: str, findings: list[Finding]) -> Applied:
    """Apply each finding's edits unless they touch a node an earlier fix already changed in this pass."""
    touched: list[str] = []
    rules: list[str] = []
    editor = None
    if kind == "yaml":
        from .yaml_text import YamlEditor

        editor = YamlEditor(text)
    for f in findings:
        edits = f.fix.document_edits
        if any(_overlaps(p, t) for _, p, _ in edits for t in touched):
            continue
        try:
            if editor is not None:
                before = editor.text()
                try:
                    for op, pointer, value in edits:
                        editor.apply(op, pointer, value)
                except EditError:
                    editor = YamlEditor(before)  # drop this fix's partial edits
                    raise
            else:
                candidate = text
                for op, pointer, value in edits:
                    candidate = _apply_json(kind, candidate, op, pointer, value)
                text = candidate
        except EditError:
            continue
        touched.extend(p for _, p, _ in edits)
        rules.append(f.rule)
    if editor is not None:
        text = editor.text()
    try:
        parse_text(path, text)
    except InputError as exc:  # a fix produced something unparseable: keep the original
        raise EditError(f"fixes would break {path}: {exc}") from None
    return Applied(text, rules)


def _apply_json(kind: str, text: str, op: str, pointer: str, value) -> str:
    if kind == "jsonl":
        return _apply_jsonl(text, op, pointer, value)
    if op == "set":
        return json_text.set_value(text, pointer, value)
    if op == "remove":
        return json_text.remove(text, pointer)
    if op == "reorder":
        return json_text.reorder(text, pointer, value)
    raise EditError(f"unknown edit {op}")


def _apply_jsonl(text: str, op: str, pointer: str, value) -> str:
    """JSONL pointers start with the index of the non-blank line; edit that line alone."""
    head, _, rest = pointer[1:].partition("/")
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.strip()]
    if not head.isdigit() or int(head) >= len(rows):
        raise EditError(f"no line for {pointer}")
    number = rows[int(head)]
    lines[number] = _apply_json("json", lines[number], op, "/" + rest if rest else "", value)
    return "\n".join(lines)
