"""The drift rules on the shared comparison core: each gap the move closed (issue 13, item 5), one test each.

Every test lints a small catalog against a small OpenAPI document through the real loaders, contract loader
and rules; the tool is what the model sees, the contract what the backend accepts.
"""
from __future__ import annotations

import json

from schemalint.engine.run import Selection, lint
from tests.helpers import catalog_from, run_cli


def _contract(params=(), body=None, op_id="search", version="3.1.0", extra_paths=None):
    op = {"operationId": op_id, "parameters": list(params), "responses": {"200": {"description": "ok"}}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    paths = {"/search": {"post": op}}
    paths.update(extra_paths or {})
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths}


def _tool(props, required=(), name="search", **extra):
    return {"name": name, "description": "Search things.",
            "inputSchema": {"type": "object", "properties": props, "required": list(required)}, **extra}


def _drift(tmp_path, tools, contract, **selection):
    path = tmp_path / "api.json"
    path.write_text(json.dumps(contract, indent=2))
    catalog = catalog_from({"tools": tools if isinstance(tools, list) else [tools]},
                           path=str(tmp_path / "tools.json"))
    findings = lint(catalog, Selection(select=["drift"], settings={"contracts": [str(path)]}, **selection))
    return [f for f in findings if f.rule != "contract-invalid"]


def _got(findings):
    return {(f.rule, f.param) for f in findings}


def _body(props, required=(), **extra):
    return {"type": "object", "properties": props, "required": list(required), **extra}


# --- array items and union branches ---------------------------------------------------------------------

def test_array_items_are_compared(tmp_path):
    contract = _contract(body=_body({
        "tags": {"type": "array", "items": {"type": "string", "enum": ["red", "green"]}},
        "ids": {"type": "array", "items": {"type": "string", "maxLength": 20}}}))
    tool = _tool({"tags": {"type": "array", "items": {"type": "string", "enum": ["red", "green", "blue"]}},
                  "ids": {"type": "array", "items": {"type": "integer"}}})
    found = _drift(tmp_path, tool, contract)
    got = _got(found)
    assert ("enum-drift", "tags[]") in got and ("param-type-drift", "ids[]") in got
    enum = next(f for f in found if f.rule == "enum-drift")
    assert '"blue"' in enum.message and enum.severity == "error"


def test_a_tool_value_is_compared_with_the_union_alternative_it_fits(tmp_path):
    contract = _contract(body=_body({"when": {"anyOf": [
        {"type": "string", "format": "date-time"}, {"type": "integer", "minimum": 0, "maximum": 9}]}}))
    found = _drift(tmp_path, _tool({"when": {"type": "integer"}}), contract)
    # the integer alternative: its bounds are missing; the string one is not the tool's concern
    assert {(f.rule, f.param) for f in found} == {("constraint-looser-than-contract", "when")}
    assert {"minimum" in f.message or "maximum" in f.message for f in found} == {True}
    # a union on both sides: alternatives are paired, and the enum inside one is compared
    contract = _contract(body=_body({"pick": {"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "integer"}]}}))
    tool = _tool({"pick": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "integer"}]}})
    assert ("enum-drift", "pick") in _got(_drift(tmp_path, tool, contract))
    # every alternative the tool offers must fit the contract
    tool = _tool({"pick": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}})
    contract = _contract(body=_body({"pick": {"type": "string"}}))
    assert ("param-type-drift", "pick") in _got(_drift(tmp_path, tool, contract))


def test_one_of_several_required_keys_is_not_a_missing_parameter(tmp_path):
    """`anyOf: [{required: [a]}, {required: [b]}]` says "send one of these": no plain object can say it."""
    image = {"type": "object", "properties": {"url": {"type": "string"}, "file_id": {"type": "string"}},
             "anyOf": [{"required": ["url"]}, {"required": ["file_id"]}],
             "not": {"required": ["url", "file_id"]}}
    contract = _contract(body=_body({"image": image}))
    tool = _tool({"image": {"type": "object", "properties": {"url": {"type": "string"},
                                                             "file_id": {"type": "string"}}}})
    assert _drift(tmp_path, tool, contract) == []


def test_a_body_that_is_a_union_of_shapes_offers_every_shape(tmp_path):
    body = {"oneOf": [_body({"text": {"type": "string"}}, ["text"]), _body({"file_id": {"type": "string"}},
                                                                           ["file_id"])]}
    tool = _tool({"text": {"type": "string"}, "file_id": {"type": "string"}, "nope": {"type": "string"}})
    found = _drift(tmp_path, tool, _contract(body=body))
    assert _got(found) == {("param-not-in-contract", "nope")}


# --- nullable read the same on both sides -----------------------------------------------------------------

NULLABLE_TOOL = _tool({
    "note": {"anyOf": [{"type": "string", "maxLength": 50}, {"type": "null"}], "default": None},
    "count": {"type": ["integer", "null"], "minimum": 1},
    "labels": {"type": "array", "items": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]}},
})


def test_nullable_spellings_compare_alike(tmp_path):
    as_31 = _contract(body=NULLABLE_TOOL["inputSchema"])
    assert _drift(tmp_path, NULLABLE_TOOL, as_31) == []
    as_30 = _contract(version="3.0.3", body=_body({
        "note": {"type": "string", "maxLength": 50, "nullable": True, "default": None},
        "count": {"type": "integer", "nullable": True, "minimum": 1},
        "labels": {"type": "array", "items": {"type": "string", "enum": ["a", "b"], "nullable": True}}}))
    assert _drift(tmp_path, NULLABLE_TOOL, as_30) == []
    # and the other way round: a 3.0 nullable tool against the anyOf contract
    tool = _tool(as_30["paths"]["/search"]["post"]["requestBody"]["content"]["application/json"]["schema"]
                 ["properties"])
    assert _drift(tmp_path, tool, as_31) == []
    # a bound really missing still shows through the nullable union
    loose = _tool({**NULLABLE_TOOL["inputSchema"]["properties"],
                   "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}})
    assert _got(_drift(tmp_path, loose, as_30)) == {("constraint-looser-than-contract", "note")}


# --- defaults on one side only ---------------------------------------------------------------------------

def test_a_default_on_one_side_only_is_reported(tmp_path):
    contract = _contract(params=[
        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}},
        {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "page_size", "in": "query", "description": "Results per page; the default is 50.",
         "schema": {"type": "integer"}}])
    tool = _tool({"limit": {"type": "integer"}, "order": {"type": "string", "enum": ["asc", "desc"],
                                                          "default": "desc"},
                  "page_size": {"type": "integer", "default": 50}})
    found = {f.param: f for f in _drift(tmp_path, tool, contract) if f.rule == "default-drift"}
    assert set(found) == {"limit", "order"}  # page_size: the contract states 50 in words
    assert "no default in the tool" in found["limit"].message and "20" in found["limit"].message
    assert "states no default" in found["order"].message
    assert {f.severity for f in found.values()} == {"info"}
    differ = _tool({"limit": {"type": "integer", "default": 50}})
    (changed,) = [f for f in _drift(tmp_path, differ, contract) if f.rule == "default-drift"]
    assert changed.severity == "warning" and "50 in the tool but to 20" in changed.message


# --- maxLength at any size --------------------------------------------------------------------------------

def test_every_max_length_is_compared_unless_an_option_says_otherwise(tmp_path):
    contract = _contract(body=_body({"text": {"type": "string", "maxLength": 2000}}))
    tool = _tool({"text": {"type": "string"}})
    (found,) = _drift(tmp_path, tool, contract)
    assert found.rule == "constraint-looser-than-contract" and "maxLength 2000" in found.message
    assert found.fix and found.fix.edits[0].value == 2000
    ignored = _drift(tmp_path, tool, contract,
                     options={"constraint-looser-than-contract": {"ignore-max-length-over": 1000}})
    assert ignored == []


# --- additionalProperties and combinators -----------------------------------------------------------------

def test_additional_properties_and_not_are_compared(tmp_path):
    closed = _body({"name": {"type": "string"}}, additionalProperties=False)
    contract = _contract(body=_body({"owner": closed, "code": {"type": "string", "not": {"enum": ["root"]}}}))
    tool = _tool({"owner": _body({"name": {"type": "string"}}), "code": {"type": "string"}})
    found = _drift(tmp_path, tool, contract)
    assert _got(found) == {("constraint-looser-than-contract", "owner"), ("constraint-looser-than-contract", "code")}
    owner = next(f for f in found if f.param == "owner")
    assert "additionalProperties: false" in owner.message
    assert [(e.path[-1], e.value) for e in owner.fix.edits] == [("additionalProperties", False)]
    tool["inputSchema"]["properties"]["owner"]["additionalProperties"] = False
    tool["inputSchema"]["properties"]["code"]["not"] = {"enum": ["root"]}
    assert _drift(tmp_path, tool, contract) == []
    # a tool object left free says nothing to compare
    free = _tool({"owner": {"type": "object"}, "code": {"type": "string", "not": {"enum": ["root"]}}})
    assert _drift(tmp_path, free, contract) == []


# --- an operation that disappeared ------------------------------------------------------------------------

def test_a_tool_whose_operation_disappeared_is_a_warning(tmp_path):
    contract = _contract(op_id="search", extra_paths={"/items": {"get": {
        "operationId": "list_items", "responses": {"200": {"description": "ok"}}}}})
    tools = [_tool({}, name="search"), _tool({}, name="list_items"), _tool({}, name="archive_items")]
    (gone,) = [f for f in _drift(tmp_path, tools, contract) if f.rule == "tool-not-in-contract"]
    assert gone.tool == "archive_items" and gone.severity == "warning"
    assert "removed or renamed" in gone.message and "restore the operation in the contract" in gone.message
    # a file none of whose tools call this contract: the tools are not its own, only a note
    alone = _drift(tmp_path, [_tool({}, name="archive_items"), _tool({}, name="ping")], contract)
    assert {(f.rule, f.severity) for f in alone} == {("tool-not-in-contract", "info")}


def test_a_tool_that_says_it_is_deprecated_agrees_with_a_deprecated_operation(tmp_path):
    contract = _contract()
    contract["paths"]["/search"]["post"]["deprecated"] = True
    (found,) = _drift(tmp_path, _tool({}), contract)
    assert found.rule == "deprecated-in-contract" and "un-deprecate" in found.message
    assert _drift(tmp_path, _tool({}, deprecated=True), contract) == []


# --- messages: which side differs, and both ways to settle it ---------------------------------------------

def test_messages_name_the_side_that_differs_and_both_resolutions(tmp_path):
    contract = _contract(params=[
        {"name": "tenant_id", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open"]}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}])
    tool = _tool({"team": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "gone"]},
                  "limit": {"type": "string"}, "extra": {"type": "object", "properties": {"x": {"type": "string"}}}})
    found = _drift(tmp_path, tool, contract)
    assert {f.rule for f in found} >= {"param-not-in-contract", "required-param-missing", "enum-drift",
                                      "param-type-drift"}
    for f in found:
        assert "change the tool: remove" not in f.message and ", or " in f.message, f.message
    extra = next(f for f in found if f.param == "extra")
    assert "the tool sends 'extra'" in extra.message
    assert "drop it from the tool, or add it to the contract if the backend accepts it" in extra.message


def test_a_body_wrapped_in_one_property_is_compared_whole(tmp_path):
    contract = _contract(body=_body({"title": {"type": "string", "maxLength": 100}}, ["title"]))
    tool = _tool({"body": _body({"title": {"type": "string"}}, ["title"])})
    found = _drift(tmp_path, tool, contract)
    assert _got(found) == {("constraint-looser-than-contract", "body.title"), ("required-param-missing", "body")}
    wrapped = next(f for f in found if f.rule == "required-param-missing")
    assert "carries the request body" in wrapped.message


def test_cli_json_report_for_drift_is_stable_across_runs(tmp_path):
    (tmp_path / "api.json").write_text(json.dumps(_contract(body=_body({"q": {"type": "string",
                                                                              "maxLength": 5000}}))))
    (tmp_path / "tools.json").write_text(json.dumps({"tools": [_tool({"q": {"type": "string"}})]}))
    runs = [run_cli("check", "tools.json", "--contract", "api.json", "--select", "drift", "--format", "json",
                    cwd=tmp_path) for _ in range(2)]
    assert runs[0].returncode == 0 and runs[0].stdout == runs[1].stdout
    (finding,) = json.loads(runs[0].stdout)["findings"]
    assert finding["rule"] == "constraint-looser-than-contract" and "api.json:1:" in finding["message"]
