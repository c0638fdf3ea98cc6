"""`schemalint fix`: print a unified diff of the fixes; `--write` applies them atomically."""
from __future__ import annotations

import difflib
import hashlib
import re
import sys

from ..errors import EXIT_ERROR, EXIT_OK, SchemalintError, UsageError, print_error
from ..engine.run import display_path, lint
from ..files import TEMP_PREFIX, write_atomic
from ..fix.apply import apply_to_text, select_fixes
from ..fix.guard import held_lines, withhold_flagged
from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..sources import parse_text
from ..sources import pointer as ptr
from ..live.options import finish as finish_live, wants_live
from .check import Prepared

MAX_PASSES = 6  # fixes can enable others (a reorder after a retype); stop at a fixed point


def add_arguments(p) -> None:
    from .check import add_arguments as add_check_arguments

    add_check_arguments(p)
    p.add_argument("--write", action="store_true", help="apply the fixes to the files (atomically)")
    p.add_argument("--unsafe", action="store_true",
                   help="also apply fixes that change what the model reads (rewritten descriptions)")
    p.add_argument("--force", action="store_true", help="with --write, also replace read-only files, and files "
                   "named on the command line through a symbolic link out of the tree")
    from .help_text import hide_options

    hide_options(p, ("--format", "--output", "--baseline", "--write-baseline", "--diff-base", "--min-score",
                     "--fail-on", "--statistics", "--color", "--no-color", "--jobs", "--allow-empty"))


def run(args) -> int:
    if args.format not in (None, "text"):
        raise UsageError(f"fix writes a unified diff (or the files, with --write): --format {args.format} is for check")
    unused = [flag for flag, value in (("--output", args.output), ("--baseline", args.baseline),
                                       ("--write-baseline", args.write_baseline), ("--diff-base", args.diff_base),
                                       ("--min-score", args.min_score), ("--fail-on", args.fail_on))
              if value is not None]
    if unused:
        raise UsageError(f"fix does not take {', '.join(unused)} (they are for check and score)")
    if args.write and wants_live(args):
        raise UsageError("fix --write cannot write to a live MCP server: without --write, fix prints the schema "
                         "edits to make in the server's code")
    prepared = Prepared(args)
    prepared.selection.enable.append("unstructured-description")  # fix proposes description rewrites
    catalog = prepared.load()
    originals = {doc.path: (doc.kind, doc.text) for doc in catalog.documents}
    with_bom = {doc.path for doc in catalog.documents if doc.bom}  # read without it; written back with it
    texts = {path: text for path, (_, text) in originals.items()}
    fixed_rules: dict[str, int] = {}
    unsafe_left: dict[str, int] = {}  # per file: unsafe fixes not applied, as of the file's last lint
    skipped_source: dict = {}  # fixes with no safe place in a Python source, as of the file's last lint
    with_unsafe = args.unsafe or not args.write  # a diff shows every fix; a write applies unsafe ones on request
    history: dict[str, list[str]] = {}  # per file: its texts so far in this run, to notice fixes undoing each other
    settled: set = set()
    oscillating: dict[str, list] = {}
    made: dict[str, list] = {}  # per file: (rule, unsafe, edits) of each applied fix, to label the diff's hunks
    held: dict = {}  # tools whose text has a security finding: their fixes are withheld (fix.guard)
    linted = catalog
    for _ in range(MAX_PASSES):
        findings = lint(linted, prepared.selection)
        linted_paths = {doc.path for doc in linted.documents}
        for key in [k for k in skipped_source if k[0] in linted_paths]:
            del skipped_source[key]
        findings, held_now = withhold_flagged(findings)
        held.update(held_now)
        by_file, _ = select_fixes(findings, with_unsafe)
        for path in linted_paths:
            unsafe_left.pop(path, None)
        if not with_unsafe:
            for f in findings:
                fix = f.fix
                if getattr(fix, "unsafe", False) and fix.editable and fix.document_edits:
                    unsafe_left[fix.path] = unsafe_left.get(fix.path, 0) + 1
        changed_now = set()
        for path, fixes in by_file.items():
            if path not in texts or path == "-" or path in settled:
                continue
            applied = apply_to_text(path, originals[path][0], texts[path], fixes, outside_ok=args.force)
            skipped_source.update(((path,) + key, why) for key, why in applied.skipped.items())
            if applied.text == texts[path]:
                continue
            seen = history.setdefault(path, [texts[path]])
            if applied.text in seen:
                # two fixes undo each other: settle on one state of the cycle, the same whichever state a
                # run starts from, so that a second run changes nothing
                cycle = seen[seen.index(applied.text):]
                texts[path] = min(cycle, key=lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
                settled.add(path)
                oscillating[path] = sorted(set(applied.rules))
                continue
            seen.append(applied.text)
            texts[path] = applied.text
            changed_now.add(path)
            made.setdefault(path, []).extend(_applied_fixes(fixes, applied.rules, applied.edits))
            for rule in applied.rules:
                fixed_rules[rule] = fixed_rules.get(rule, 0) + 1
        if not changed_now:
            break
        # fixes can enable others: lint again, but only the files this pass changed
        linted = _reload(catalog, texts, prepared.input_format, changed_now)
    skipped_unsafe = sum(unsafe_left.values())
    changed_paths = [p for p in texts if texts[p] != originals[p][1]]
    not_written = {}  # path -> why
    if args.write:
        for path in changed_paths:
            why = _write_fixes(path, "\ufeff" + texts[path] if path in with_bom else texts[path], args.force)
            if why:
                not_written[path] = why
        changed_paths = [p for p in changed_paths if p not in not_written]
    else:
        for path in changed_paths:
            sys.stdout.writelines(labelled_diff(path, originals[path][0], originals[path][1], texts[path],
                                                made.get(path, [])))
    sys.stdout.flush()
    unsafe_shown = 0 if args.write else sum(1 for fixes in made.values() for _, unsafe, _ in fixes if unsafe)
    if catalog.documents or not catalog.unreadable:  # a run whose only file did not parse says just that
        _summary(fixed_rules, changed_paths, skipped_unsafe, args, skipped_source, unsafe_shown)
    for line in held_lines(held, display_path):
        print(line, file=sys.stderr)
    for path, rules in sorted(oscillating.items()):
        print(f"  {display_path(path)}: fixes undo each other ({', '.join(rules)}); stopped at one of their "
              "results: review that file", file=sys.stderr)
    for problem in catalog.unreadable:  # the other files were fixed; these could not be read, so nothing changed
        print_error(f"{problem} (not fixed)")
    for path, why in not_written.items():
        print_error(f"{display_path(path)}: fixes not written: {why}")
    return finish_live(prepared.live_errors, EXIT_ERROR if catalog.unreadable or not_written else EXIT_OK)


def _write_fixes(path: str, text: str, force: bool) -> str | None:
    """Write one fixed file; why it was not written, or None. A read-only file is refused as editors refuse
    it (unless `force`); a folder that cannot be written or is gone is said in one line, and the other files
    are still written."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return exc.strerror or str(exc)
    if not force and (not mode & 0o222 or not os.access(path, os.W_OK)):
        return f"the file is read-only (mode {stat.S_IMODE(mode):04o}; --force writes it anyway)"
    try:
        write_atomic(path, text)
    except OSError as exc:
        if exc.filename and os.path.basename(str(exc.filename)).startswith(TEMP_PREFIX):
            return f"its folder cannot be written: {exc.strerror or exc}"
        return exc.strerror or str(exc)
    return None


def _reload(catalog: Catalog, texts: dict, input_format, paths: set) -> Catalog:
    """The documents at `paths`, read again from their edited text."""
    python_paths = {doc.path for doc in catalog.documents if doc.kind == "python"}
    fresh = Catalog(line_ignores={k: v for k, v in catalog.line_ignores.items() if k[0] not in python_paths},
                    unreadable=catalog.unreadable)
    for doc in catalog.documents:
        if doc.path not in paths:
            continue
        if doc.kind == "python":  # read again from the edited text: positions and suppressions move
            from ..loaders.python_source import load_python_text

            load_python_text(doc.path, texts[doc.path], fresh)
            continue
        new_doc = parse_text(doc.path, texts[doc.path], doc.kind)
        found = find_tools(new_doc, forced=input_format)
        fresh.documents.append(new_doc)
        fresh.tools.extend(found.tools)
    return fresh


def _applied_fixes(fixes: list, rules: list, edits: list) -> list:
    """(rule, unsafe, edits) of the offered fixes that were applied: those whose edits the new text carries
    when the editor says which (JSON, YAML), else the first ones of each applied rule (Python)."""
    wanted: dict[str, int] = {}
    for rule in rules:
        wanted[rule] = wanted.get(rule, 0) + 1
    carried = {(op, pointer) for op, pointer, _ in edits}
    out = []
    for f in fixes:
        mine = {(op, pointer) for op, pointer, _ in f.fix.document_edits}
        if wanted.get(f.rule) and (not carried or mine <= carried):
            wanted[f.rule] -= 1
            out.append((f.rule, bool(f.fix.unsafe), list(f.fix.document_edits)))
    return out


_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def labelled_diff(path: str, kind: str, old: str, new: str, fixes: list) -> list[str]:
    """A unified diff whose hunk headers name the rules that made each hunk and whether their fixes are
    safe (`@@ -5,7 +5,7 @@ count-typed-as-number (safe)`), as `git diff` puts a function name there."""
    name = display_path(path)
    marks = _fix_lines(path, kind, old, new, fixes)
    out = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        match = _HUNK.match(line) if line.startswith("@@") else None
        if match is not None:
            a, n, b, m = (int(g) if g is not None else 1 for g in match.groups())
            old_span, new_span = (a, a + max(n, 1) - 1), (b, b + max(m, 1) - 1)
            hits = sorted({i for side, at, i in marks
                           if old_span[0] <= at <= old_span[1] and side == "old" or
                           new_span[0] <= at <= new_span[1] and side == "new"})
            if not hits and marks:  # no node of a fix is located inside: the fix whose node is nearest
                middle = (new_span[0] + new_span[1]) / 2
                hits = [min(marks, key=lambda mark: abs(mark[1] - middle))[2]]
            labels = []
            for i in hits:
                rule, unsafe, _ = fixes[i]
                label = f"{rule} ({'unsafe: applied only with --unsafe' if unsafe else 'safe'})"
                if label not in labels:
                    labels.append(label)
            if labels:
                line = line.rstrip("\r\n") + " " + "; ".join(labels) + "\n"
        out.append(line)
    return out


def _fix_lines(path: str, kind: str, old: str, new: str, fixes: list) -> list[tuple[str, int, int]]:
    """(side, line, fix index): where each fix's nodes (and their members) stand before and after."""
    docs = {}
    for side, text in (("old", old), ("new", new)):
        try:
            docs[side] = _document(path, kind, text)
        except SchemalintError:
            docs[side] = None
    marks = []
    for i, (_, _, edits) in enumerate(fixes):
        for op, pointer, value in edits:
            members = value if op == "reorder" and isinstance(value, list) else \
                list(value) if isinstance(value, dict) else range(len(value)) if isinstance(value, list) else ()
            for where in [pointer] + [ptr.join(pointer, m) for m in members]:
                for side, doc in docs.items():
                    line = _line_of(doc, where, nearest=where == pointer)
                    if line is not None:
                        marks.append((side, line, i))
    return marks


def _line_of(doc, pointer: str, nearest: bool) -> int | None:
    """The line of the node at `pointer`, or (`nearest`) of its closest located ancestor within the tool."""
    while doc is not None and doc._locate is not None:
        position = doc._locate(pointer)
        if position is not None:
            return position[0]
        if not nearest or pointer.count("/") <= 2:
            return None
        pointer = pointer[:pointer.rfind("/")]
    return None


def _document(path: str, kind: str, text: str):
    if kind == "python":
        from ..loaders.python_source import load_python_text

        catalog = Catalog()
        load_python_text(path, text, catalog)
        return next((d for d in catalog.documents if d.path == path), None)
    return parse_text(path, text, kind)


def _summary(fixed_rules: dict, changed_paths: list, skipped_unsafe: int, args, skipped_source=None,
             unsafe_shown: int = 0) -> None:
    total = sum(fixed_rules.values())
    verb = "fixed" if args.write else "would fix"
    line = f"{verb} {total} findings in {len(changed_paths)} files"
    if fixed_rules:
        line += " (" + ", ".join(f"{rule}: {n}" for rule, n in sorted(fixed_rules.items())) + ")"
    if unsafe_shown:
        line += f"; {unsafe_shown} of them unsafe (hunks marked unsafe): `fix --write` applies those only with --unsafe"
    if skipped_unsafe:
        line += f"; {skipped_unsafe} unsafe fixes not applied (add --unsafe)"
    if skipped_source:
        line += f"; {len(skipped_source)} fixes have no safe place in the source and were skipped"
    print(line, file=sys.stderr)
    for (path, rule, _), (line, why) in sorted((skipped_source or {}).items()):
        print(f"  {display_path(path)}:{line}: {rule} not applied: {why}", file=sys.stderr)
