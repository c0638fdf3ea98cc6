"""What `generate` keeps of each operation, per OpenAPI spec of the corpus: default (keep) against --trim.

    python benchmarks/generate_quality.py [--spec PATH ...] [--json]

Per spec and mode: tools made; top-level inputs kept against the operations' own (those left out, with a reason
listed under x-schemalint: optional headers the client sets, deprecated ones, and with --trim the cuts; and the
credentials the server supplies, are counted apart); constraints (maxLength, maximum, enum, pattern, format, ...) kept at every depth against
those the operations' request schemas hold (walked with $refs followed, cycles cut where they close, read-only
properties skipped); the catalog score; and the drift findings and errors of `check --contract` on the output.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "openapi")
CONSTRAINTS = ("maxLength", "minLength", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "enum",
               "pattern", "format", "maxItems", "minItems", "multipleOf", "const")
STORAGE = {"int32", "int64", "float", "double", "decimal"}


def count_constraints(schema, follow, loc, stack=frozenset(), depth=0) -> int:
    """Constraints in a contract schema at every depth (storage formats and `minLength: 0` say nothing)."""
    if depth > 64:
        return 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        node, where = follow(schema, loc)
        key = (id(where[0]), where[1]) if where else None
        if key is None or key in stack or node is schema:
            return 0
        stack, schema, loc = stack | {key}, node, where
    if not isinstance(schema, dict):
        return 0
    n = sum(1 for k in CONSTRAINTS if k in schema and not (k == "format" and schema[k] in STORAGE)
            and not (k == "minLength" and schema[k] == 0))
    from schemalint.sources import pointer as ptr

    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            n += count_constraints(schema[key], follow, (loc[0], ptr.join(loc[1], key)), stack, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for i, branch in enumerate(schema.get(key) or ()):
            n += count_constraints(branch, follow, (loc[0], ptr.join(loc[1], key, i)), stack, depth + 1)
    for name, sub in (schema.get("properties") or {}).items() if isinstance(schema.get("properties"), dict) else ():
        if isinstance(sub, dict) and sub.get("readOnly") is True:
            continue
        n += count_constraints(sub, follow, (loc[0], ptr.join(loc[1], "properties", name)), stack, depth + 1)
    return n


def tool_constraints(schema) -> int:
    if isinstance(schema, list):
        return sum(tool_constraints(s) for s in schema)
    if not isinstance(schema, dict):
        return 0
    n = 0
    for key, value in schema.items():
        if key in CONSTRAINTS and key != "properties":
            n += 1
        if isinstance(value, (dict, list)) and key not in ("enum", "const", "default", "x-schemalint"):
            if key == "properties" and isinstance(value, dict):
                n += sum(tool_constraints(v) for v in value.values())
            else:
                n += tool_constraints(value)
    return n


def measure(spec: str, trim: bool) -> dict:
    from schemalint.contract import load_contract
    from schemalint.engine.run import Selection, display_path, lint
    from schemalint.generate import Options, generate
    from schemalint.generate.lint import lint_text

    contract = load_contract(spec, ["."])
    start = time.perf_counter()
    result = generate(contract, Options(trim=trim), Selection(settings={"providers": [], "contracts": []}))
    seconds = time.perf_counter() - start
    follow = contract.resolver.follow
    own_inputs = own_constraints = kept_inputs = kept_constraints = supplied = left_out = 0
    for draft in result.drafts:
        op = draft.op
        inputs = [p for p in op.parameters if p.name.lower() not in ("authorization", "content-type", "accept")]
        body_props = 0
        if op.body_schema is not None:
            body, _ = follow(op.body_schema, op.body_loc)
            if isinstance(body, dict) and isinstance(body.get("properties"), dict):
                body_props = len(body["properties"])
            own_constraints += count_constraints(op.body_schema, follow, op.body_loc)
        own_inputs += len(inputs) + body_props
        own_constraints += sum(count_constraints(p.schema, follow, p.loc) for p in op.parameters)
        schema = draft.input_schema()
        kept_inputs += len(schema["properties"]) if not draft.body_wrapped else len(schema["properties"]) - 1 + \
            body_props
        kept_constraints += tool_constraints(schema["properties"])
        supplied += len(draft.server_supplies)
        left_out += sum(1 for param, _ in draft.notes if "." not in param and "[" not in param)
    check = Selection(settings={"providers": [], "contracts": [contract.spec]})
    _, findings = lint_text(result.text, check)
    return {"tools": len(result.drafts), "inputs_kept": kept_inputs, "inputs_of_operations": own_inputs,
            "server_supplies": supplied, "inputs_left_out": left_out, "constraints_kept": kept_constraints,
            "constraints_of_operations": own_constraints, "score": result.score,
            "drift": sum(1 for f in findings if f.category == "drift" and f.rule != "contract-invalid"),
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings_left": len(result.remaining), "seconds": round(seconds, 2)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", action="append", help="an OpenAPI document (default: every one of the corpus)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    specs = args.spec or sorted(p for p in glob.glob(os.path.join(CORPUS, "*", "*")) if p.endswith(
        (".json", ".yaml", ".yml")) and not p.endswith("ai-plugin.json"))
    rows = []
    for spec in specs:
        for trim in (False, True):
            name = os.path.relpath(spec, CORPUS) if os.path.abspath(spec).startswith(CORPUS) else os.path.basename(spec)
            row = {"spec": name, "mode": "--trim" if trim else "keep", **measure(spec, trim)}
            rows.append(row)
            if not args.json:
                print(f"{row['spec']:<45} {row['mode']:<7} tools {row['tools']:>4}  inputs {row['inputs_kept']:>5}/"
                      f"{row['inputs_of_operations']:<5} (left out {row['inputs_left_out']}, server {row['server_supplies']})  "
                      f"constraints "
                      f"{row['constraints_kept']:>6}/{row['constraints_of_operations']:<6} score {row['score']}  "
                      f"drift {row['drift']} errors {row['errors']}  warnings left {row['warnings_left']}  "
                      f"{row['seconds']} s", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
