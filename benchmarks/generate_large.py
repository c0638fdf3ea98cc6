"""Wall time and peak memory of `schemalint generate --from` on large OpenAPI documents, against `check`.

    python benchmarks/generate_large.py [--sizes 1000,5000,20000] [--hostile-sizes 5000,20000] [--runs 3]
                                        [--timeout 600] [--no-corpus] [--keep DIR]

Synthetic OpenAPI 3.0 documents of N operations are written to a temporary folder: resources with list, get,
create, update and delete operations and an action, path and query parameters, JSON request bodies whose
properties use shared components through $ref, some resources under both /v1 and /v2, some operations deprecated.
Each command runs as a fresh process, `--runs` times, with the on-disk cache off (SCHEMALINT_NO_CACHE=1: every
run validates the contract); the table shows the median wall time and the largest peak RSS of the runs:

    generate         schemalint generate --from SPEC -o out.json
    check+contract   schemalint check out.json --contract SPEC     (the baseline: the same contract, read once)
    check            schemalint check out.json

A hostile document (hostile_spec) is timed the same way: what a contract built to stall CI would do.
The real Stripe and OpenAI specs of the corpus are timed the same way when the corpus is present.
The machine may be shared: compare ratios within one run. Linear growth shows as a flat "per 1k ops" column.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "openapi")
CORPUS_SPECS = {
    "stripe spec3.yaml": os.path.join(CORPUS, "stripe-openapi", "spec3.yaml"),
    "openai-openapi": os.path.join(CORPUS, "openai-openapi", "openapi.yaml"),
}
NOUNS = ("customer", "invoice", "order", "payment", "shipment", "ticket", "project", "document", "report", "device",
         "account", "subscription", "coupon", "product", "price", "refund", "webhook", "team", "member", "file",
         "message", "channel", "contact", "campaign", "segment", "dispute", "payout", "transfer", "balance", "card",
         "location", "reader", "session", "token", "quote", "review", "schedule", "mandate", "source", "charge")
QUALIFIERS = ("billing", "shipping", "tax", "checkout", "terminal", "issuing", "treasury", "identity", "radar",
              "climate", "reporting", "sigma", "support", "sales", "marketing", "inventory", "catalog", "loyalty",
              "partner", "vendor", "fleet", "warehouse", "payroll", "benefit", "training", "audit", "compliance",
              "security", "network", "storage", "compute", "billing_portal", "analytics", "forecast", "pricing",
              "studio", "media", "gallery", "survey", "feedback", "calendar", "booking", "travel", "hotel",
              "flight", "rental", "insurance", "claim", "clinic", "pharmacy", "school", "course", "library",
              "museum", "garden", "kitchen", "menu", "recipe", "energy", "meter")
ACTIONS = ("cancel", "archive", "publish", "refund", "verify", "export")


def plural(noun: str) -> str:
    return noun + "es" if noun.endswith(("s", "x", "ch", "sh")) else noun + "s"


def components() -> dict:
    return {"schemas": {
        "Metadata": {"type": "object", "description": "Key-value pairs you can attach to the object.",
                     "additionalProperties": {"type": "string", "maxLength": 500}},
        "Address": {"type": "object", "description": "A postal address.",
                    "properties": {"line1": {"type": "string", "description": "Street and number."},
                                   "city": {"type": "string", "description": "City or town."},
                                   "country": {"type": "string", "description": "Two-letter ISO country code.",
                                               "pattern": "^[A-Z]{2}$"},
                                   "postal_code": {"type": "string", "description": "ZIP or postal code."}},
                    "required": ["country"]},
        "Status": {"type": "string", "enum": ["active", "paused", "closed"],
                   "description": "Where the object is in its lifecycle."},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}},
    }}


def resource_name(index: int) -> str:
    """Distinct words for each resource (`customer`, `billing_invoice`, `tax_billing_order`): numbered names would
    read as versions of one another."""
    noun = NOUNS[index % len(NOUNS)]
    rest = index // len(NOUNS)
    words = []
    while rest:
        rest -= 1
        words.append(QUALIFIERS[rest % len(QUALIFIERS)])
        rest //= len(QUALIFIERS)
    return "_".join([*reversed(words), noun])


def resource_schema(title: str) -> dict:
    return {"type": "object", "description": f"A {title.replace('_', ' ')}.",
            "properties": {"id": {"type": "string", "description": "Unique identifier."},
                           "object": {"type": "string", "enum": [title]},
                           "name": {"type": "string", "description": "Display name."},
                           "status": {"$ref": "#/components/schemas/Status"},
                           "created": {"type": "integer", "description": "Creation time, Unix seconds."},
                           "metadata": {"$ref": "#/components/schemas/Metadata"}},
            "required": ["id", "object"]}


def body(title: str, partial: bool) -> dict:
    words = title.replace("_", " ")
    schema = {"type": "object", "properties": {
        "name": {"type": "string", "description": f"Display name of the {words}.", "maxLength": 200},
        "description": {"type": "string", "description": f"Free text shown with the {words}."},
        "status": {"$ref": "#/components/schemas/Status"},
        "address": {"$ref": "#/components/schemas/Address"},
        "metadata": {"$ref": "#/components/schemas/Metadata"},
        "quantity": {"type": "integer", "minimum": 1, "description": "How many units, at least 1."},
    }}
    if not partial:
        schema["required"] = ["name"]
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def ok(ref: str, many: bool = False) -> dict:
    schema = {"$ref": ref}
    if many:
        schema = {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": ref}},
                                                   "has_more": {"type": "boolean"}}}
    return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
            "default": {"description": "Error",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}


def synthetic_spec(operations: int) -> dict:
    """An OpenAPI 3.0 document with exactly `operations` operations."""
    spec = {"openapi": "3.0.3", "info": {"title": f"Synthetic API ({operations} operations)", "version": "1.0"},
            "servers": [{"url": "https://api.example.test"}], "tags": [], "paths": {}, "components": components()}
    count = 0
    index = 0
    while count < operations:
        title = resource_name(index)
        tag = title[: -len(NOUNS[index % len(NOUNS)]) - 1] or "core"  # the 40 resources of one qualifier
        if not spec["tags"] or spec["tags"][-1]["name"] != tag:
            spec["tags"].append({"name": tag, "description": f"Manage the {tag.replace('_', ' ')} resources."})
        spec["components"]["schemas"][title] = resource_schema(title)
        ref = f"#/components/schemas/{title}"
        versions = ("v1", "v2") if index % 10 == 3 else ("v1",)
        for version in versions:
            collection = f"/{version}/{plural(title)}"
            item = f"{collection}/{{{title}_id}}"
            id_param = {"name": f"{title}_id", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": f"Identifier of the {title.replace('_', ' ')}."}
            words = title.replace("_", " ")
            ops = [
                (collection, "get", {
                    "operationId": f"list_{plural(title)}_{version}", "summary": f"List {plural(words)}",
                    "description": f"Returns a page of {plural(words)}, newest first. Use the cursor to page.",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                    "maximum": 100, "default": 10},
                         "description": "How many to return, 1 to 100."},
                        {"name": "starting_after", "in": "query", "schema": {"type": "string"},
                         "description": "Cursor: the id of the last object of the previous page."},
                        {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/Status"}}],
                    "responses": ok(ref, many=True)}),
                (collection, "post", {
                    "operationId": f"create_{title}_{version}", "summary": f"Create a {words}",
                    "description": f"Creates a new {words} from the given fields.",
                    "requestBody": body(title, partial=False), "responses": ok(ref)}),
                (item, "get", {
                    "operationId": f"get_{title}_{version}", "summary": f"Retrieve a {words}",
                    "parameters": [id_param, {"name": "expand", "in": "query",
                                              "schema": {"type": "array", "items": {"type": "string"}},
                                              "description": "Related objects to include in full."}],
                    "responses": ok(ref)}),
                (item, "patch", {
                    "operationId": f"update_{title}_{version}", "summary": f"Update a {words}",
                    "description": f"Changes the given fields of the {words}; others are left as they are.",
                    "parameters": [id_param], "requestBody": body(title, partial=True), "responses": ok(ref)}),
                (item, "delete", {
                    "operationId": f"delete_{title}_{version}", "summary": f"Delete a {words}",
                    "parameters": [id_param], "responses": {"204": {"description": "Deleted"}}}),
                (f"{item}/{ACTIONS[index % len(ACTIONS)]}", "post", {
                    "operationId": f"{ACTIONS[index % len(ACTIONS)]}_{title}_{version}",
                    "description": f"Applies {ACTIONS[index % len(ACTIONS)]} to the {words}.",
                    "parameters": [id_param], "responses": ok(ref)}),
            ]
            for position, (path, method, operation) in enumerate(ops):
                if count >= operations:
                    break
                operation["tags"] = [tag]
                if (index * 7 + position) % 23 == 0:
                    operation["deprecated"] = True
                spec["paths"].setdefault(path, {})[method] = operation
                count += 1
        index += 1
    return spec


def hostile_spec(operations: int) -> dict:
    """Every operation a search on its own resource, with its own tag, the same summary and a path too long for a
    name: every tool is every other's sibling, every name clashes down to the numbered fallback, every group is a
    toolset of one. Realistic for nothing; what a contract made to stall CI would look like."""
    spec = {"openapi": "3.0.3", "info": {"title": f"Hostile API ({operations} operations)", "version": "1.0"},
            "paths": {}}
    stem = "/" + "x" * 70
    for i in range(operations):
        spec["paths"][f"{stem}/items{i}/search"] = {"post": {
            "summary": "Search items", "tags": [f"tag{i}"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["query"],
                "properties": {"query": {"type": "string", "description": "What to look for."}}}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"type": "array", "items": {
                    "type": "object", "properties": {"id": {"type": "string"}}}},
                    "has_more": {"type": "boolean"}}}}}}}}}
    return spec


def timed(cmd: list, cwd: str, timeout: float) -> tuple[float, int, int | None]:
    """(wall seconds, peak RSS in MB, exit code or None when stopped at `timeout`) of one fresh process."""
    env = dict(os.environ, SCHEMALINT_NO_CACHE="1")
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)  # this child's own rusage, not all children's
        if pid:
            break
        if time.perf_counter() - start > timeout:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = 0  # reaped above
            return time.perf_counter() - start, usage.ru_maxrss // 1024, None
        time.sleep(0.02)
    process.returncode = 0  # reaped above
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def measure(label: str, spec: str, operations: int | None, work: str, runs: int, timeout: float) -> list[str]:
    out = os.path.join(work, f"{label.replace(' ', '_')}.out.json")
    cli = [sys.executable, "-m", "schemalint"]
    commands = {
        "generate": cli + ["generate", "--from", spec, "-o", out, "--quiet"],
        "check+contract": cli + ["check", out, "--contract", spec, "--format", "json"],
        "check": cli + ["check", out, "--format", "json"],
    }
    rows = []
    for name, cmd in commands.items():  # generate first: the checks read its output
        results = []
        for _ in range(runs):
            results.append(timed(cmd, work, timeout))
            if results[-1][2] is None:
                break  # stopped at the timeout: once says enough
        wall = statistics.median(r[0] for r in results)
        rss = max(r[1] for r in results)
        codes = ",".join(sorted({"timeout" if r[2] is None else str(r[2]) for r in results}))
        shown = f"{wall:9.2f}" if "timeout" not in codes else f"{'>' + format(timeout, '.0f'):>9}"
        per_k = f"{wall / operations * 1000:8.2f}" if operations and "timeout" not in codes else " " * 8
        rows.append(f"{label:<22} {operations or '':>7} {name:<15} {shown} {per_k} {rss:9d}   {codes}")
        if "timeout" in codes and name == "generate":
            break  # the checks have no output to read
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hostile-sizes", default="5000,20000",
                        help="sizes of the hostile document (see hostile_spec); empty for none")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is stopped")
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus specs")
    parser.add_argument("--keep", help="write the specs and outputs here and keep them")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="sl-generate-large-")
    os.makedirs(work, exist_ok=True)
    cases = []
    for label, build, sizes in (("synthetic", synthetic_spec, args.sizes), ("hostile", hostile_spec,
                                                                            args.hostile_sizes)):
        for size in (int(s) for s in sizes.split(",") if s.strip()):
            path = os.path.join(work, f"{label}-{size}.json")
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(build(size), fh)
            cases.append((label, path, size))
    if not args.no_corpus:
        cases.extend((label, path, None) for label, path in CORPUS_SPECS.items() if os.path.isfile(path))
    print(f"median of {args.runs} fresh processes, cache off; peak RSS is the largest of the runs; python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'spec':<22} {'ops':>7} {'command':<15} {'wall s':>9} {'s/1k ops':>8} {'peak MB':>9}   exit")
    try:
        for label, path, size in cases:
            for row in measure(label if size is None else f"{label}-{size}", path, size, work, args.runs,
                               args.timeout):
                print(row, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
