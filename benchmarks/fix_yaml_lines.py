"""Changed lines per applied YAML fix: the text-span editor against the old whole-file round trip.

Usage: python benchmarks/fix_yaml_lines.py [CORPUS_DIR] [--per-file N] [--catalogs DIR ...]

The corpus YAML files (OpenAPI documents, Docker MCP registry server.yaml) are not tool catalogs, so `fix`
itself finds nothing to fix in them. Their schema nodes get the edits schemalint's fixes make, taken evenly
from all candidates (at most --per-file per file):

  retype      set a property's `type` to integer             (count-typed-as-number, param-type-drift)
  describe    set a property's `description`                 (hidden-unicode, description-only-in-contract)
  add         set a new `enum` on a property                 (enum-only-in-prose, enum-drift)
  drop        remove a property's `description` or example   (secret-in-example, placeholder-example)
  required    set `required` to every property                (strict-all-required)
  close       set a new `additionalProperties: false`         (strict-additional-properties)
  reorder     move the last property first                    (buried-required-param)

Each edit is applied alone through the editor `fix` uses (schemalint.fix.yaml_text, read back and checked
like apply.py does) and through the old editor (schemalint.fix.yaml_roundtrip.RoundTripEditor, which loads
and dumps the whole file). A changed line is a line of the old file replaced or removed, or a new line added
(a modified line counts once). Files over --round-trip-max bytes get the old editor once with all their
edits together (a round trip of the 4 MB Stripe spec takes a minute): their old figure is that total divided
by the edits. The catalogs (default: tests/fixtures/fix_yaml) go through the real fix loop with the default
rules, and the old editor replays the same edits.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from schemalint.engine.run import Selection, lint  # noqa: E402
from schemalint.fix.apply import apply_to_text, select_fixes  # noqa: E402
from schemalint.fix.json_text import EditError  # noqa: E402
from schemalint.fix.yaml_roundtrip import RoundTripEditor, RoundTripError  # noqa: E402
from schemalint.fix.yaml_text import (Refused, Unsupported, YamlEditor, YamlEditorError,  # noqa: E402
                                      apply_to_data, same)
from schemalint.loaders import Catalog  # noqa: E402
from schemalint.loaders.formats import find_tools  # noqa: E402
from schemalint.sources import parse_text  # noqa: E402
from schemalint.sources import pointer as ptr  # noqa: E402

DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
DEFAULT_CATALOGS = os.path.join(ROOT, "tests", "fixtures", "fix_yaml")


def changed_lines(old: str, new: str) -> int:
    a, b = old.splitlines(), new.splitlines()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head:len(a) - tail], b[head:len(b) - tail]  # the differing middle: a whole-file diff is slow
    total = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            total += max(i2 - i1, j2 - j1)
    return total


def candidate_edits(data) -> list[tuple[str, list]]:
    """(kind, edits of one fix) at every object schema (a mapping whose `properties` are mappings)."""
    out = []
    stack = [("", data)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and props and all(isinstance(v, dict) for v in props.values()):
                names = list(props)
                if len(names) > 1:
                    out.append(("reorder", [("reorder", here + "/properties", names[-1:] + names[:-1])]))
                out.append(("required", [("set", here + "/required", names)]))
                if "additionalProperties" not in node:
                    out.append(("close", [("set", here + "/additionalProperties", False)]))
                for name, schema in props.items():
                    at = ptr.join(here, "properties", name)
                    if schema.get("type") in ("number", "string"):
                        out.append(("retype", [("set", at + "/type", "integer")]))
                    if isinstance(schema.get("description"), str):
                        out.append(("describe", [("set", at + "/description",
                                                  schema["description"].strip() + " (as the backend reads it)")]))
                        out.append(("drop", [("remove", at + "/description", None)]))
                    if "enum" not in schema:
                        out.append(("add", [("set", at + "/enum", ["first", "second"])]))
            for key, child in node.items():
                stack.append((ptr.join(here, key), child))
        elif isinstance(node, list):
            stack.extend((ptr.join(here, i), child) for i, child in enumerate(node))
    out.sort(key=lambda item: item[1][0][1])
    return out


def spread(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def new_editor_lines(path: str, text: str, fixes: list) -> tuple[list[int], dict]:
    """Changed lines of each fix applied alone through the span editor (with the read-back check)."""
    counts, outcome = [], {"refused": 0, "failed": 0}
    base = YamlEditor(text, path)
    base.data  # noqa: B018 - read once, shared by the copies below
    for _, edits in fixes:
        editor = copy.copy(base)
        editor._splices, editor._starts, editor.accepted = [], [], []
        try:
            try:
                editor.try_apply(edits)
            except Unsupported:  # what `fix` does too: a round trip of the enclosing block collection
                editor.try_apply_roundtrip(edits)
        except Refused:
            outcome["refused"] += 1
            continue
        except EditError:
            outcome["failed"] += 1
            continue
        counts.append(changed_lines(text, editor.text()))
    # one read-back check per file over all the edits together, as one `fix` pass applies them
    batch = copy.copy(base)
    batch._splices, batch._starts, batch.accepted = [], [], []
    for _, edits in fixes:
        try:
            batch.try_apply(edits)
        except EditError:
            pass
    outcome["reads back"] = batch.reads_as_intended()
    return counts, outcome


def old_editor_lines(text: str, fixes: list, round_trip_max: int) -> tuple[list[int], str]:
    if len(text) > round_trip_max:  # one load and one dump with everything: per fix = total / fixes
        editor = RoundTripEditor(text, layouts=[(2, 4, 2)])
        applied = 0
        for _, edits in fixes:
            try:
                editor.apply_all(edits)
                applied += 1
            except EditError:
                pass
        total = changed_lines(text, editor.text())
        return [total / max(applied, 1)] * applied, "all edits in one round trip"
    base = RoundTripEditor(text)
    counts = []
    for _, edits in fixes:
        editor = copy.copy(base)
        editor.data = copy.deepcopy(base.data)
        try:
            editor.apply_all(edits)
        except EditError:
            continue
        counts.append(changed_lines(text, editor.text()))
    return counts, "each edit alone"


def fix_loop(path: str, text: str) -> tuple[str, list]:
    """`fix --write`'s passes with the default rules; the edits applied, in order."""
    edits = []
    for _ in range(6):
        doc = parse_text(path, text, "yaml")
        findings = lint(Catalog(tools=find_tools(doc).tools, documents=[doc]), Selection())
        fixes = select_fixes(findings, unsafe=False)[0].get(path, [])
        applied = apply_to_text(path, "yaml", text, fixes) if fixes else None
        if applied is None or applied.text == text:
            break
        edits.append((len(applied.rules), applied.edits, changed_lines(text, applied.text)))
        text = applied.text
    return text, edits


def show(values: list) -> str:
    if not values:
        return "     -      -"
    return f"{sum(values) / len(values):6.2f} {max(values):6.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--per-file", type=int, default=40, help="edits per corpus file (default 40)")
    parser.add_argument("--round-trip-max", type=int, default=300_000,
                        help="bytes above which the old editor makes one round trip with all edits")
    parser.add_argument("--catalogs", nargs="*", default=[DEFAULT_CATALOGS])
    args = parser.parse_args()

    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(args.corpus)
                   for name in names if name.endswith((".yaml", ".yml")))
    if not files:
        print(f"no YAML files under {args.corpus}")
        return 1
    print(f"{'corpus file':58} {'lines':>7} {'edits':>5}   {'new: mean    max':>16}   {'old: mean    max':>16}  notes")
    all_new, all_old, whole = [], [], 0
    started = time.perf_counter()
    for path in files:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        name = os.path.relpath(path, args.corpus)
        try:
            fixes = spread(candidate_edits(parse_text(path, text, "yaml").data), args.per_file)
        except Exception as exc:  # noqa: BLE001 - a file the loader refuses: say so and go on
            print(f"{name:58} skipped: {exc}")
            continue
        lines = text.count("\n") + 1
        if not fixes:
            print(f"{name:58} {lines:7} {0:5}   (no object schemas)")
            continue
        try:
            new, outcome = new_editor_lines(path, text, fixes)
        except YamlEditorError as exc:
            print(f"{name:58} {lines:7} {len(fixes):5}   new editor refused the file: {exc}")
            continue
        try:
            old, how = old_editor_lines(text, fixes, args.round_trip_max)
        except RoundTripError as exc:
            old, how = [], f"old editor failed: {exc}"
        all_new += new
        all_old += old
        whole += sum(1 for n in new if n >= lines * 0.5)
        notes = [how] + [f"{k} {v}" for k, v in outcome.items() if v and k != "reads back"]
        if not outcome["reads back"]:
            notes.append("BATCH DID NOT READ BACK")
        print(f"{name:58} {lines:7} {len(new):5}   {show(new):>16}   {show(old):>16}  {'; '.join(notes)}")
    print(f"\nall corpus edits: new {show(all_new)} (mean, max) over {len(all_new)} edits; "
          f"old {show(all_old)} over {len(all_old)}; edits that rewrote half a file or more (new): {whole}")

    print(f"\n{'catalog (real fix loop, default rules)':58} {'lines':>7} {'fixes':>5}   {'new per fix':>16}   "
          f"{'old per fix':>16}")
    for folder in args.catalogs:
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
            try:
                final, passes = fix_loop(path, text)
            except Exception as exc:  # noqa: BLE001
                print(f"{name:58} fix failed: {exc}")
                continue
            fixes = sum(n for n, _, _ in passes)
            if not fixes:
                print(f"{name:58} {text.count(chr(10)):7} {0:5}   (nothing to fix)")
                continue
            old = RoundTripEditor(text)
            expected = parse_text(path, text, "yaml").data
            for _, edits, _ in passes:
                for op, pointer, value in edits:
                    expected = apply_to_data(expected, op, ptr.split(pointer), value)
                    try:
                        old.apply(op, ptr.split(pointer), value)
                    except EditError:
                        pass
            new_total, old_total = changed_lines(text, final), changed_lines(text, old.text())
            # the old editor edits an anchored node for one of its uses: every other use changes with it
            meaning = "" if same(parse_text(path, old.text(), "yaml").data, expected) else \
                "  old: other tools changed meaning"
            print(f"{name:58} {text.count(chr(10)):7} {fixes:5}   {new_total / fixes:16.2f}   "
                  f"{old_total / fixes:16.2f}{meaning}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
