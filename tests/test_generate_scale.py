"""`generate --from` does work linear in the operations of the contract, whatever their shape (issue 22, item 7).

Not timed: the work is counted. Every line `schemalint.generate` executes is counted on contracts of 200 and
of 400 operations; the lines per generated tool must stay within 10% when the operations double. A step that
compares every tool with every other (the sibling search as it was, numbering clashing names by trying every
number, first-fit over every open toolset) grows them 20% on the realistic contract and 88% on the hostile one.
The index and the packing structure that replaced those scans are checked against the scans on random inputs:
the output did not change. Speed itself is measured by benchmarks/generate_large.py.
"""
from __future__ import annotations

import json
import os
import random
import sys

import pytest

from schemalint.contract import load_contract
from schemalint.engine.run import Selection
from schemalint.generate import Options, generate
from schemalint.generate.describe import CONFUSABLE, Siblings, siblings
from schemalint.generate.naming import assign_names, route_of
from schemalint.generate.packing import FirstFit
from schemalint.generate.siblings import kind_of

GENERATE_DIR = os.path.dirname(sys.modules["schemalint.generate"].__file__) + os.sep
NOUNS = ("customer", "invoice", "order", "payment", "ticket", "project", "report", "device", "product", "team")
QUALIFIERS = ("core", "billing", "shipping", "support", "sales", "audit", "media", "travel", "energy", "school")
ACTIONS = ("cancel", "archive", "publish", "verify")


def realistic(operations: int) -> dict:
    """Resources with list, create, get, update, delete and an action; shared components; some /v1 and /v2."""
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "tags": [],
            "components": {"schemas": {"Status": {"type": "string", "enum": ["active", "closed"]}}}}
    count, index = 0, 0
    while count < operations:
        noun = NOUNS[index % len(NOUNS)]
        tag = QUALIFIERS[index // len(NOUNS)]
        title = f"{tag}_{noun}"
        if not any(t["name"] == tag for t in spec["tags"]):
            spec["tags"].append({"name": tag, "description": f"The {tag} resources."})
        body = {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["name"],
            "properties": {"name": {"type": "string", "description": "Display name."},
                           "status": {"$ref": "#/components/schemas/Status"}}}}}}
        item = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
        page = {"type": "object", "properties": {"data": {"type": "array", "items": item},
                                                 "has_more": {"type": "boolean"}}}
        listed = {"200": {"description": "OK", "content": {"application/json": {"schema": page}}}}
        one = {"200": {"description": "OK", "content": {"application/json": {"schema": item}}}}
        for version in ("v1", "v2") if index % 7 == 3 else ("v1",):
            collection = f"/{version}/{title}s"
            by_id = f"{collection}/{{{title}_id}}"
            id_param = [{"name": f"{title}_id", "in": "path", "required": True, "schema": {"type": "string"}}]
            query = [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100},
                      "description": "How many to return."}]
            for path, method, op in (
                    (collection, "get", {"summary": f"List {title}s", "parameters": query, "responses": listed}),
                    (collection, "post", {"summary": f"Create a {title}", "requestBody": body, "responses": one}),
                    (by_id, "get", {"summary": f"Retrieve a {title}", "parameters": id_param, "responses": one}),
                    (by_id, "patch", {"summary": f"Update a {title}", "parameters": id_param, "requestBody": body,
                                      "responses": one}),
                    (by_id, "delete", {"summary": f"Delete a {title}", "parameters": id_param,
                                       "responses": {"204": {"description": "Deleted"}}}),
                    (f"{by_id}/{ACTIONS[index % len(ACTIONS)]}", "post",
                     {"description": f"Applies the action to the {title}.", "parameters": id_param,
                      "responses": one})):
                if count == operations:
                    break
                op.update(operationId=method + path.replace("/", "_").replace("{", "").replace("}", ""), tags=[tag])
                if count % 17 == 5:
                    op["deprecated"] = True
                spec["paths"].setdefault(path, {})[method] = op
                count += 1
        index += 1
    return spec


def hostile(operations: int) -> dict:
    """Every operation a search with the same summary, its own tag, and a path too long for a tool name: every
    tool is every other's sibling, every name clashes down to the numbered fallback, every tag is a toolset."""
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    for i in range(operations):
        spec["paths"][f"/{'x' * 70}/items{i}/search"] = {"post": {
            "summary": "Search items", "tags": [f"tag{i}"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}}}}},
            "responses": {"200": {"description": "OK"}}}}
    return spec


def work_of(tmp_path, spec: dict, verify: bool = True) -> tuple[int, int]:
    """(lines executed in schemalint.generate, tools generated) for one run of generate."""
    path = tmp_path / f"spec-{len(spec['paths'])}-{verify}.json"
    path.write_text(json.dumps(spec))
    contract = load_contract(str(path), ["."])
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def on_call(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(GENERATE_DIR) else None

    sys.settrace(on_call)
    try:
        result = generate(contract, Options(verify=verify), Selection(settings={"providers": [], "contracts": []}))
    finally:
        sys.settrace(None)
    return lines, len(result.drafts)


@pytest.mark.parametrize("build, verify", [(realistic, True), (hostile, False)], ids=["realistic", "hostile"])
def test_generate_does_linear_work_in_the_operations(tmp_path, build, verify):
    small, small_tools = work_of(tmp_path, build(200), verify)
    large, large_tools = work_of(tmp_path, build(400), verify)
    assert small_tools > 100 and large_tools > 1.8 * small_tools
    per_tool_growth = (large / large_tools) / (small / small_tools)
    assert per_tool_growth < 1.1, (small, large, small_tools, large_tools)


def test_the_output_is_linted_a_bounded_number_of_times(tmp_path, monkeypatch):
    import schemalint.generate.lint as generate_lint
    from schemalint.engine.relint import Relinter

    calls = []
    real = Relinter.lint
    monkeypatch.setattr(Relinter, "lint", lambda *a, **k: calls.append(1) or real(*a, **k))
    for size in (200, 400):
        calls.clear()
        work_of(tmp_path, realistic(size))
        assert 1 <= len(calls) <= generate_lint.MAX_PASSES + 1


# ------------------------------------------------------------------------------------------------------
# the structures that replaced the scans give what the scans gave


def scan_siblings(draft, drafts, limit=2):
    """The search by comparing every draft with every other: the same resource path, else the same last resource
    at the same depth."""
    mine = tuple(draft.route.resources)
    close = [d for d in drafts if d is not draft and mine and tuple(d.route.resources) == mine]
    if not close and mine:
        close = [d for d in drafts if d is not draft and d.route.resources and d.route.resources[-1] == mine[-1]
                 and len(d.route.resources) == len(mine)]
    # no fallback to other resources' searches or a tag's tools: a tool on another resource does not compete
    wanted = CONFUSABLE.get(kind_of(draft), ())
    ranked = sorted(close, key=lambda d: (wanted.index(kind_of(d)) if kind_of(d) in wanted else len(wanted),
                                          d.name))
    return [d for d in ranked if kind_of(d) in wanted][:limit]


class _Draft:
    def __init__(self, method, path, tags, name):
        self.route, self.tags, self.name = route_of(method, path), tags, name


def test_the_sibling_index_finds_what_comparing_every_pair_found():
    rnd = random.Random(7)
    segments = ["users", "orders", "items", "{id}", "search", "query", "cancel", "v2", "me", "users"]
    for _ in range(30):
        drafts = []
        for i in range(rnd.randint(1, 60)):
            path = "/" + "/".join(rnd.choice(segments) for _ in range(rnd.randint(0, 4)))
            tags = rnd.choice([[], ["a"], ["b"], ["a", "b"]])
            name = rnd.choice(["x", "y", "z", "w"]) + str(rnd.randint(0, 3))  # duplicates: order must hold
            drafts.append(_Draft(rnd.choice(["get", "post", "put", "patch", "delete"]), path, tags, name))
        index = Siblings(drafts)
        outsider = _Draft("get", "/users/{id}", ["a"], "outsider")
        for draft in drafts + [outsider]:
            for limit in (0, 1, 2, 3):
                assert siblings(draft, index, limit) == scan_siblings(draft, drafts, limit)
            assert siblings(draft, drafts) == scan_siblings(draft, drafts)


def scan_first_fit(pieces, max_count, max_tokens):
    bins = []
    for count, tokens in pieces:
        for i, b in enumerate(bins):
            if b[0] + count <= max_count and b[1] + tokens <= max_tokens:
                b[0] += count
                b[1] += tokens
                yield i
                break
        else:
            bins.append([count, tokens])
            yield len(bins) - 1


def test_first_fit_places_each_group_where_a_scan_of_every_set_would():
    rnd = random.Random(3)
    for _ in range(200):
        max_count, max_tokens = rnd.randint(1, 25), rnd.randint(50, 3000)
        pieces = [(rnd.randint(1, max_count), rnd.randint(0, max_tokens + 200)) for _ in range(rnd.randint(1, 80))]
        fit = FirstFit([c for c, _ in pieces], max_count, max_tokens)
        placed = []
        for count, tokens in pieces:
            index = fit.find(count, tokens)
            if index is None:
                index = fit.open(count, tokens)
            else:
                fit.add(index, count, tokens)
            placed.append(index)
        assert placed == list(scan_first_fit(pieces, max_count, max_tokens))


def test_clashing_names_are_numbered_in_order_without_rescanning(tmp_path):
    spec = hostile(300)
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    from schemalint.generate.build import make_draft

    contract = load_contract(str(path), ["."])
    drafts = [make_draft(op, route_of(op.method, op.path), 3, False) for op in contract.operations]
    names = assign_names(drafts)
    ordered = [names[id(d)] for d in drafts]
    assert len(set(ordered)) == len(ordered)
    fallback = ordered[1]  # the first takes the route's name, the second the method-and-path one
    assert ordered[2:5] == [f"{fallback[:62]}_2", f"{fallback[:62]}_3", f"{fallback[:62]}_4"]
    assert ordered[-1] == f"{fallback[:60]}_{len(ordered) - 1}"
