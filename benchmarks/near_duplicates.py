"""Time the near-duplicate tool search on 10,000 synthetic tools and on BFCL's unique functions.

Usage: python benchmarks/near_duplicates.py [--tools N] [--corpus DIR] [--seed S]

The synthetic catalog is built the way real large catalogs look: namespaced CRUD families
(`crm_list_contacts`, `crm_get_contact`, ...), shared boilerplate in descriptions, and a few
hundred planted near-duplicates (a synonym verb or reordered name words with a reworded
description). It prints the wall time of the search (candidate generation plus exact checks),
the number of candidate pairs, the pairs found, and how many planted pairs were found.
The BFCL file is searched as one catalog (scope `all`, variant-dataset check skipped), which is
the worst case: 3,526 definitions, many of them variants of one another.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from schemalint.loaders import load_paths  # noqa: E402
from schemalint.loaders.formats import find_tools  # noqa: E402
from schemalint.sources import parse_text  # noqa: E402
from schemalint.rules.versioning import (NearDuplicateTools, ToolFeatures, candidate_pairs,  # noqa: E402
                                         token_frequencies)

DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")

NAMESPACES = ["crm", "billing", "hr", "support", "inventory", "shipping", "analytics", "marketing", "finance",
              "identity", "storage", "compute", "network", "calendar", "mail", "docs", "chat", "tasks", "wiki",
              "search", "payments", "orders", "catalog", "reviews", "loyalty", "ads", "security", "audit", "devops",
              "monitoring"]
ENTITIES = ["contact", "account", "lead", "deal", "invoice", "subscription", "employee", "ticket", "product",
            "shipment", "report", "campaign", "transaction", "user", "group", "role", "bucket", "instance",
            "firewall_rule", "event", "message", "document", "channel", "task", "page", "order", "review",
            "coupon", "alert", "dashboard", "pipeline", "deployment", "secret", "policy", "webhook", "vendor",
            "warehouse", "budget", "note", "comment", "attachment", "label", "project", "milestone", "segment",
            "audience", "metric", "log_entry", "certificate", "api_key"]
VERBS = {"list": "List {ents} in the {ns} workspace, newest first, with optional filters.",
         "get": "Get one {ent} from {ns} by its id, with all of its fields.",
         "create": "Create a new {ent} in {ns} from the given fields and return it.",
         "update": "Update the fields of an existing {ent} in {ns}; fields left out are kept.",
         "delete": "Delete a {ent} from {ns} permanently. This cannot be undone.",
         "search": "Search {ents} in {ns} by free text and return the best matches.",
         "export": "Export {ents} from {ns} as a CSV file and return a download link.",
         "archive": "Archive a {ent} in {ns} so it no longer shows in lists."}
SYNONYM_VERBS = {"get": "fetch", "list": "get_all", "delete": "remove", "create": "add", "search": "find"}
BOILERPLATE = " Requires a {ns} API token with the right scope. Rate limited to 100 calls per minute."


def params_for(verb: str, ent: str, rng: random.Random) -> dict:
    props: dict = {"workspace_id": {"type": "string", "description": "Workspace that owns the data."}}
    if verb in ("get", "update", "delete", "archive"):
        props[f"{ent}_id"] = {"type": "string", "description": f"Id of the {ent}."}
    if verb in ("list", "search", "export"):
        props["limit"] = {"type": "integer", "description": "Maximum number of results."}
        props["cursor"] = {"type": "string", "description": "Cursor from the previous page."}
    if verb == "search":
        props["query"] = {"type": "string", "description": "Free text to match."}
    if verb in ("create", "update"):
        for field in rng.sample(["name", "status", "owner_id", "due_date", "amount", "notes", "tags", "email"], 3):
            props[field] = {"type": "string", "description": f"The {field.replace('_', ' ')}."}
    return props


def synthetic_catalog(count: int, seed: int = 7) -> tuple[list, set]:
    """`count` tools in OpenAI format, and the planted near-duplicate name pairs."""
    rng = random.Random(seed)
    tools, planted, names = [], set(), set()
    combos = [(ns, ent, verb) for ns in NAMESPACES for ent in ENTITIES for verb in VERBS]
    rng.shuffle(combos)
    for ns, ent, verb in combos:
        if len(tools) >= count:
            break
        name = f"{ns}_{verb}_{ent}s" if verb in ("list", "search", "export") else f"{ns}_{verb}_{ent}"
        ents = ent.replace("_", " ") + "s"
        desc = VERBS[verb].format(ent=ent.replace("_", " "), ents=ents, ns=ns) + BOILERPLATE.format(ns=ns)
        props = params_for(verb, ent, rng)
        tools.append({"type": "function", "function": {"name": name, "description": desc, "parameters": {
            "type": "object", "properties": props, "required": list(props)[:2]}}})
        names.add(name)
        # about 2% of tools get a near-duplicate twin: a synonym verb and a reworded description
        if verb in SYNONYM_VERBS and rng.random() < 0.08 and len(tools) < count:
            twin = name.replace(f"_{verb}_", f"_{SYNONYM_VERBS[verb]}_", 1)
            if twin not in names:
                twin_desc = desc.replace("Get one", "Fetch a single").replace("Delete a", "Remove a") \
                    .replace("Create a new", "Add a new").replace("List", "Return all").replace("Search", "Find")
                tools.append({"type": "function", "function": {"name": twin, "description": twin_desc,
                                                                "parameters": {"type": "object",
                                                                               "properties": dict(props)}}})
                names.add(twin)
                planted.add(frozenset((name, twin)))
    return tools, planted


def time_search(tools, label: str, planted: set | None = None) -> None:
    rule = NearDuplicateTools()
    start = time.perf_counter()
    features = [ToolFeatures(t) for t in tools]
    candidates = sum(1 for _ in candidate_pairs(features, token_frequencies(features)))
    generation = time.perf_counter() - start
    start = time.perf_counter()
    pairs = rule.find_pairs(tools)
    search = time.perf_counter() - start
    line = (f"{label}: {len(tools)} tools, {candidates} candidate pairs, {len(pairs)} near-duplicate pairs; "
            f"candidate generation {generation:.2f} s, full search {search:.2f} s wall")
    if planted:
        found = {frozenset((a.name, b.name)) for a, b, _ in pairs}
        line += f"; planted pairs found {len(found & planted)}/{len(planted)}, other pairs {len(found - planted)}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=int, default=10_000)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    data, planted = synthetic_catalog(args.tools, args.seed)
    import json

    doc = parse_text("synthetic.json", json.dumps({"tools": data}))
    tools = find_tools(doc).tools
    time_search(tools, "synthetic", planted)

    bfcl = os.path.join(args.corpus, "bfcl", "bfcl_unique_functions.json")
    if os.path.isfile(bfcl):
        catalog = load_paths([bfcl])
        time_search(catalog.tools, "bfcl_unique_functions.json")
    else:
        print(f"skipped BFCL: {bfcl} not found")


if __name__ == "__main__":
    main()
