"""The drift rules report message ids with data: every message a drift rule declares is produced by one
catalog, and a finding's fingerprint does not depend on where the contract file is named from (its path,
relative to the current folder, and its line are in the message but not in the identity)."""
from __future__ import annotations

import json
import os
import shutil

from schemalint.contract import drifts
from schemalint.engine.registry import all_rules
from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths

# the comparison core, in contract mode, judges a tool alternative no contract alternative pairs with by the
# closest one (a type or constraint drift), so "alternative" has no catalog that produces it today
UNREACHABLE = {("param-type-drift", "alternative")}
CONTRACT_RULES = set(drifts.RULE_IDS) | {"contract-invalid", "contract-unresolved-ref", "description-only-in-contract"}


def _s(**keywords):
    return {"type": "string", **keywords}


def _contract() -> dict:
    body = {"type": "object", "required": ["nest", "body_ok"], "properties": {
        "fmt_changed": _s(format="date-time"), "fmt_added": _s(format="uuid"),
        "case": _s(enum=["Active", "Inactive"]), "constc": _s(const="a"), "consta": _s(const="x"),
        "pat_add": _s(pattern="^[a-z]+$"), "pat_chg": _s(pattern="^[0-9]+$"),
        "uniq": {"type": "array", "uniqueItems": True, "items": _s()},
        "excl": {"type": "number", "minimum": 1}, "bounded": {"type": "integer", "maximum": 9},
        "items": {"type": "array", "items": _s(maxLength=5)}, "notype": {"type": "integer"},
        "negated": _s(**{"not": {"enum": ["x"]}}),
        "closed": {"type": "object", "additionalProperties": False, "properties": {"a": _s()}},
        "nest": {"type": "object", "properties": {"inner": _s(), "req": _s()}, "required": ["inner", "req"]},
        "nest2": {"type": "object", "properties": {"inner": _s()}},
        "many": _s(enum=["a"]), "few": _s(enum=["a", "b", "c"]), "retyped": {"type": "integer"},
        "dflt": {"type": "integer", "default": 3}, "tool_dflt": _s(), "contract_dflt": _s(default="x"),
        "old": _s(deprecated=True), "body_ok": _s(),
    }}
    ok = {"200": {"description": "ok"}}
    return {"openapi": "3.1.0", "info": {"title": "zoo", "version": "1"}, "paths": {
        "/zoo": {"post": {"operationId": "zoo", "responses": ok,
                          "requestBody": {"required": True, "content": {"application/json": {"schema": body}}}}},
        "/zoo/{id}": {"get": {"operationId": "get_zoo", "responses": ok, "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": _s()},
            {"name": "X-Req", "in": "header", "required": True, "schema": _s()},
            {"name": "tenant", "in": "query", "required": True, "schema": _s()},
            {"name": "q", "in": "query", "description": "Text to match.", "schema": _s()},
            {"name": "bad", "in": "querry", "schema": _s()},
            {"name": "gone", "in": "query", "schema": {"$ref": "missing.yaml#/Gone"}}]}},
        "/zoo/{id}/feed": {"post": {"operationId": "feed", "responses": ok, "requestBody": {
            "required": True, "content": {"application/json": {"schema": {"type": "array", "items": _s()}}}}}},
        "/zoos": {"get": {"operationId": "list_zoos", "responses": ok}},
        "/users/a": {"get": {"operationId": "get_user", "responses": ok}},
        "/users/b": {"get": {"operationId": "getUser", "responses": ok}},
        "/v1/cages": {"get": {"operationId": "listCagesV1", "summary": "List cages.", "deprecated": True,
                              "responses": ok}},
        "/v2/cages": {"get": {"operationId": "listCagesV2", "responses": ok}},
    }}


def _tool(name, props, required=(), **extra):
    return {"name": name, "description": f"Tool {name}.", **extra,
            "input_schema": {"type": "object", "properties": props, "required": list(required)}}


def _catalogs() -> dict:
    zoo = _tool("zoo", {
        "fmt_changed": _s(format="email"), "fmt_added": _s(), "case": _s(enum=["active", "inactive"]),
        "constc": _s(const="b"), "consta": _s(), "pat_add": _s(), "pat_chg": _s(pattern="^\\d*$"),
        "uniq": {"type": "array", "items": _s()}, "excl": {"type": "number", "exclusiveMinimum": 0},
        "bounded": {"type": "integer"}, "items": {"type": "array"}, "notype": {}, "negated": _s(),
        "closed": {"type": "object", "properties": {"a": _s()}},
        "nest": {"type": "object", "properties": {"inner": _s()}},
        "nest2": {"type": "object", "properties": {"innr": _s()}}, "many": _s(enum=["a", "b", "c"]),
        "few": _s(enum=["a"]), "retyped": _s(), "dflt": {"type": "integer", "default": 4},
        "tool_dflt": _s(default="y"), "contract_dflt": _s(), "old": _s(), "body_ok": _s(), "stray": {"type": "boolean"}},
        ["nest"])
    tools = [zoo, _tool("get_zoo", {"id": _s(), "q": _s()}, ["id"]),
             _tool("feed", {"body": {"type": "array", "items": _s()}}, **{"x-operation-id": "feed"}),
             _tool("list_zooz", {}), _tool("get_user", {}), _tool("gone", {}, **{"x-operation-id": "get-zo"}),
             _tool("mapped_gone", {}),
             {"name": "cages", "input_schema": {"type": "object"}, "x-operation-id": "listCagesV1"}]
    return {"tools.json": {"tools": tools},
            "other.json": {"x-schemalint-contract": "no-such-contract.yaml",  # not read: contract-unresolved-ref
                           "tools": [_tool("qqqq_unrelated", {})]}}


def _project(folder) -> str:
    os.makedirs(folder / ".git")  # the repository root fingerprinted paths are relative to
    (folder / "api.json").write_text(json.dumps(_contract(), indent=2))
    for name, data in _catalogs().items():
        (folder / name).write_text(json.dumps(data, indent=2))
    return str(folder)


def _lint(folder, contract: str):
    catalog = load_paths([os.path.join(folder, "tools.json"), os.path.join(folder, "other.json")])
    settings = {"contracts": [contract], "mappings": {"mapped_gone": "GET /nowhere"}}
    return [f for f in lint(catalog, Selection(select=["drift"], settings=settings)) if f.rule in CONTRACT_RULES]


def test_every_drift_message_is_produced_and_rendered_from_its_id(tmp_path):
    folder = _project(tmp_path / "project")
    findings = _lint(folder, os.path.join(folder, "api.json"))
    declared = {(rule_id, message_id) for rule_id in CONTRACT_RULES for message_id in all_rules()[rule_id].messages}
    produced = {(f.rule, f.message_id) for f in findings}
    assert declared - UNREACHABLE == produced, sorted(declared ^ produced)
    for f in findings:
        assert f.message == all_rules()[f.rule].messages[f.message_id].format_map(f.data)


def test_fingerprints_do_not_depend_on_how_the_contract_is_named_or_where_the_repository_is(tmp_path,
                                                                                           monkeypatch):
    first = _project(tmp_path / "first")
    monkeypatch.chdir(first)
    named_relative = _lint(".", "api.json")
    named_absolute = _lint(first, os.path.join(first, "api.json"))
    assert len(named_relative) == len(named_absolute) > 30
    shown = [f.message for f in named_relative if f.rule == "param-not-in-contract"]
    assert shown and all(" at api.json:" in m for m in shown)  # the message reads from the current folder
    assert [f.message for f in named_relative] != [f.message for f in named_absolute]
    assert [f.fingerprint for f in named_relative] == [f.fingerprint for f in named_absolute]
    # the same project checked out somewhere else: the $ref that leaves the tree names this machine's folders
    second = str(tmp_path / "elsewhere" / "second")
    shutil.copytree(first, second)
    (tmp_path / "outside.yaml").write_text("Gone: {type: string}\n")
    for folder in (first, second):
        with open(os.path.join(folder, "api.json"), encoding="utf-8") as fh:
            text = fh.read()
        with open(os.path.join(folder, "api.json"), "w", encoding="utf-8") as fh:
            fh.write(text.replace("missing.yaml#/Gone", "../outside.yaml#/Gone"))
    refs = [[f for f in _lint(folder, os.path.join(folder, "api.json")) if f.rule == "contract-unresolved-ref"]
            for folder in (first, second)]
    assert refs[0] and "it leaves" in refs[0][0].message and refs[0][0].message != refs[1][0].message
    assert [f.fingerprint for f in refs[0]] == [f.fingerprint for f in refs[1]]
