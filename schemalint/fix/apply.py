"""Apply planned fixes to a file's text, never leaving a broken file, never to a file reached through a link out
of its tree."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..files import link_out_of_tree
from ..model import Finding
from ..sources import InputError, parse_text
from . import json_text
from .json_text import EditError


@dataclass
class Applied:
    text: str
    rules: list  # rule ids whose fixes were applied
    skipped_unsafe: int = 0
    skipped: dict = field(default_factory=dict)  # (rule, pointer) -> (line, why it has no place in the source)
    edits: list = field(default_factory=list)  # the (op, pointer, value) edits the new text carries, when known


class _Touched:
    """Pointers changed in this pass: a new edit may not touch one of them, their ancestors or descendants."""

    def __init__(self):
        self.nodes: set[str] = set()
        self.ancestors: set[str] = set()

    @staticmethod
    def _prefixes(pointer: str):
        end = pointer.rfind("/")
        while end > 0:
            pointer = pointer[:end]
            yield pointer
            end = pointer.rfind("/")
        yield ""

    def clashes(self, pointer: str) -> bool:
        if pointer in self.nodes or pointer in self.ancestors:
            return True
        return pointer != "" and any(p in self.nodes for p in self._prefixes(pointer))

    def add(self, pointer: str) -> None:
        self.nodes.add(pointer)
        if pointer:
            self.ancestors.update(self._prefixes(pointer))


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


def apply_to_text(path: str, kind: str, text: str, findings: list[Finding], outside_ok: bool = False) -> Applied:
    """Apply each finding's edits unless they touch a node an earlier fix already changed in this pass. A file
    reached through a link out of the tree is left alone unless `outside_ok` (fix --force)."""
    leaves = None if outside_ok else link_out_of_tree(path)
    if leaves:  # a link named on the command line; a folder walk leaves such links out already
        return Applied(text, [], skipped={(f.rule, _pointer(f)): (f.line, leaves) for f in findings})
    if kind == "python":
        from .python_text import apply_python  # libcst is imported only when a Python source is fixed

        done = apply_python(path, text, findings)
        return Applied(done.text, done.rules, skipped=done.skipped)
    if kind == "yaml":
        return _apply_yaml(path, text, findings)
    return _apply_json(path, kind, text, findings)


def _pointer(finding: Finding) -> str:
    edits = finding.fix.document_edits
    return edits[0][1] if edits else ""


def _take(findings: list[Finding], apply_one, skipped: dict | None = None, taken: list | None = None) -> list[str]:
    """Offer each finding's edits to `apply_one` unless they touch a node an earlier fix already changed.
    With `skipped`, an edit refused for a reason worth telling (a shared YAML anchor) is recorded there."""
    rules: list[str] = []
    touched = _Touched()
    for f in findings:
        edits = f.fix.document_edits
        if any(touched.clashes(p) for _, p, _ in edits):
            continue
        try:
            if not apply_one(edits):
                continue
        except EditError as exc:
            if skipped is not None and getattr(exc, "tell", False):
                skipped[(f.rule, _pointer(f))] = (f.line, str(exc))
            continue
        for _, p, _ in edits:
            touched.add(p)
        rules.append(f.rule)
        if taken is not None:
            taken.extend(edits)
    return rules


def _parses(path: str, kind: str, text: str) -> bool:
    try:
        parse_text(path, text, kind)
    except InputError:
        return False
    return True


def _apply_yaml(path: str, text: str, findings: list[Finding]) -> Applied:
    """Text spans first (yaml_text); a round trip of one block collection where spans cannot; every result
    is read back and must be the document with exactly the fixes' edits, or the fixes are tried one by one."""
    from .yaml_text import YamlEditor, YamlEditorError

    try:
        editor = YamlEditor(text, path)
    except YamlEditorError as exc:  # e.g. duplicate keys: which one a reader keeps is not certain
        skipped = {(f.rule, _pointer(f)): (f.line, str(exc)) for f in findings}
        return Applied(text, [], skipped=skipped)
    skipped: dict = {}
    rules = _take(findings, lambda edits: _yaml_edit(editor, edits), skipped)
    if editor.reads_as_intended():
        return Applied(editor.text(), rules, skipped=skipped, edits=list(editor.accepted))
    rules, skipped, edits = [], {}, []
    for f in findings:  # slow path: fix by fix, keeping only the ones that read back as intended
        done, silent = None, False
        for roundtrip in (False, True):
            try:
                one = YamlEditor(text, path)
            except YamlEditorError as exc:
                skipped[(f.rule, _pointer(f))] = (f.line, str(exc))
                break
            try:
                taken = one.try_apply_roundtrip(f.fix.document_edits) if roundtrip else \
                    _yaml_edit(one, f.fix.document_edits)
            except EditError as exc:  # told when worth telling (an anchor); a node that is not there is not
                if getattr(exc, "tell", False):
                    skipped[(f.rule, _pointer(f))] = (f.line, str(exc))
                silent = True
                break
            if taken and one.reads_as_intended():
                done = one
                break
        if done is not None:
            text = done.text()
            rules.append(f.rule)
            edits.extend(done.accepted)
        elif not silent and (f.rule, _pointer(f)) not in skipped:
            skipped[(f.rule, _pointer(f))] = (f.line, "the edited YAML would not read back as the fix intends")
    return Applied(text, rules, skipped=skipped, edits=edits)


def _yaml_edit(editor, edits) -> bool:
    from .yaml_text import Unsupported

    try:
        return editor.try_apply(edits)
    except Unsupported:
        return editor.try_apply_roundtrip(edits)


def _apply_json(path: str, kind: str, text: str, findings: list[Finding]) -> Applied:
    """All fixes of a pass are planned against the same text and spliced in together."""
    edits: list = []  # the applied edits, when the batch is kept (which fix made which hunk of the diff)
    skipped: dict = {}  # fixes refused for a reason worth telling (a duplicate key)
    if kind == "jsonl":
        new_text, rules = _apply_jsonl(text, findings)
    else:
        editor = json_text.JsonEditor(text)
        rules = _take(findings, editor.try_apply, skipped, taken=edits)
        new_text = editor.text()
    if new_text != text and not _parses(path, kind, new_text):
        new_text, rules = _apply_one_by_one(path, kind, text, findings)
        edits = []
    return Applied(new_text, rules, skipped=skipped, edits=edits)


def _apply_one_by_one(path: str, kind: str, text: str, findings: list[Finding]) -> tuple[str, list[str]]:
    """Slow path when the batch did not parse: apply and re-parse fix by fix, skipping the ones that break it."""
    rules: list[str] = []
    for f in findings:
        candidate, applied = _apply_json_batch(kind, text, [f])
        if applied and _parses(path, kind, candidate):
            text = candidate
            rules.extend(applied)
    return text, rules


def _apply_json_batch(kind: str, text: str, findings: list[Finding]) -> tuple[str, list[str]]:
    if kind == "jsonl":
        return _apply_jsonl(text, findings)
    editor = json_text.JsonEditor(text)
    rules = _take(findings, editor.try_apply)
    return editor.text(), rules


def _apply_jsonl(text: str, findings: list[Finding]) -> tuple[str, list[str]]:
    """JSONL pointers start with the index of the non-blank line; each line is edited as its own JSON text."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.strip()]
    editors: dict[int, json_text.JsonEditor] = {}

    def apply_one(edits) -> bool:
        routed = []
        for op, pointer, value in edits:
            head, _, rest = pointer[1:].partition("/")
            if not head.isdigit() or int(head) >= len(rows):
                raise EditError(f"no line for {pointer}")
            routed.append((rows[int(head)], (op, "/" + rest if rest else "", value)))
        numbers = {n for n, _ in routed}
        if len(numbers) != 1:
            raise EditError("a fix spanning several JSONL lines")
        number = numbers.pop()
        editor = editors.get(number)
        if editor is None:
            editor = editors[number] = json_text.JsonEditor(lines[number])
        return editor.try_apply([edit for _, edit in routed])

    rules = _take(findings, apply_one)
    for number, editor in editors.items():
        lines[number] = editor.text()
    return "\n".join(lines), rules
