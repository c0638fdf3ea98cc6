"""`schemalint fix`: print a unified diff of the fixes; `--write` applies them atomically."""
from __future__ import annotations

import difflib
import os
import sys
import tempfile

from ..cli import EXIT_ERROR, EXIT_OK, UsageError
from ..config import ConfigError
from ..engine.run import display_path, lint
from ..fix.apply import apply_to_text, select_fixes
from ..fix.json_text import EditError
from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..sources import InputError, parse_text
from .check import Prepared

MAX_PASSES = 6  # fixes can enable others (a reorder after a retype); stop at a fixed point


def run_fix(args) -> int:
    try:
        return _run(args)
    except (InputError, ConfigError, UsageError, EditError) as exc:
        print(f"schemalint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run(args) -> int:
    prepared = Prepared(args)
    catalog = prepared.load()
    originals = {doc.path: (doc.kind, doc.text) for doc in catalog.documents}
    texts = {path: text for path, (_, text) in originals.items()}
    fixed_rules: dict[str, int] = {}
    skipped_unsafe = 0
    for _ in range(MAX_PASSES):
        findings = lint(catalog, prepared.selection)
        # a diff shows every fix; a write applies the unsafe ones only when asked
        by_file, skipped_unsafe = select_fixes(findings, args.unsafe or not args.write)
        changed = False
        for path, fixes in by_file.items():
            if path not in texts or path == "-":
                continue
            applied = apply_to_text(path, originals[path][0], texts[path], fixes)
            if applied.text != texts[path]:
                texts[path] = applied.text
                changed = True
                for rule in applied.rules:
                    fixed_rules[rule] = fixed_rules.get(rule, 0) + 1
        if not changed:
            break
        catalog = _reload(catalog, texts, prepared.input_format)
    changed_paths = [p for p in texts if texts[p] != originals[p][1]]
    if args.write:
        for path in changed_paths:
            write_atomic(path, texts[path])
    else:
        for path in changed_paths:
            name = display_path(path)
            sys.stdout.writelines(difflib.unified_diff(
                originals[path][1].splitlines(keepends=True), texts[path].splitlines(keepends=True),
                fromfile=f"a/{name}", tofile=f"b/{name}"))
    sys.stdout.flush()
    _summary(fixed_rules, changed_paths, skipped_unsafe, args)
    return EXIT_OK


def _reload(catalog: Catalog, texts: dict, input_format) -> Catalog:
    fresh = Catalog(line_ignores=catalog.line_ignores)
    for doc in catalog.documents:
        new_doc = parse_text(doc.path, texts[doc.path], doc.kind)
        found = find_tools(new_doc, forced=input_format)
        fresh.documents.append(new_doc)
        fresh.tools.extend(found.tools)
    fresh.tools.extend(t for t in catalog.tools if t.document.kind == "python")
    return fresh


def _summary(fixed_rules: dict, changed_paths: list, skipped_unsafe: int, args) -> None:
    total = sum(fixed_rules.values())
    verb = "fixed" if args.write else "would fix"
    line = f"{verb} {total} findings in {len(changed_paths)} files"
    if fixed_rules:
        line += " (" + ", ".join(f"{rule}: {n}" for rule, n in sorted(fixed_rules.items())) + ")"
    if skipped_unsafe:
        line += f"; {skipped_unsafe} unsafe fixes not applied (add --unsafe)"
    print(line, file=sys.stderr)


def write_atomic(path: str, text: str) -> None:
    """Write to a temporary file beside the target, then rename it over: never a partial file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".schemalint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
