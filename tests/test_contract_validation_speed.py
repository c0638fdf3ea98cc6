"""The fast contract validation reports what openapi-spec-validator reports, with pointers into the contract.

`fast_validate` mirrors openapi-spec-validator's checks over the plain data (jsonschema-rs for the
structural stage and to screen each schema's meta-check); these tests run both on the same
documents and compare the messages one by one, and check that what the fast walk cannot mirror is
left to openapi-spec-validator itself.
"""
from __future__ import annotations

import copy
import json
import os

import pytest

from schemalint.contract import load_contract
from schemalint.contract import validate
from schemalint.sources import pointer as ptr
from tests.helpers import CORPUS, ROOT, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "drift")
OK = {"200": {"description": "ok"}}


def _v30(paths=None, schemas=None, **extra):
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths or {
        "/users/{id}": {"get": {"operationId": "getUser", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": OK}}}}
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    doc.update(extra)
    return doc


def _v31(schemas, **extra):
    doc = _v30(schemas=schemas, **extra)
    doc["openapi"] = "3.1.0"
    return doc


def _v20(paths, **extra):
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def _op(**fields):
    return {"responses": OK, **fields}


def _query(name, **schema):
    return {"name": name, "in": "query", "schema": schema or {"type": "string"}}


INVALID = {
    "duplicate operationId": _v30(paths={"/a": {"get": _op(operationId="same")},
                                         "/b": {"post": _op(operationId="same")}}),
    "path parameter missing and extra": _v30(paths={
        "/u/{id}": {"get": _op()},
        "/v": {"get": _op(parameters=[{"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}])}}),
    "path parameter declared on the path item only for one": _v30(paths={"/u/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": _op(), "put": _op(parameters=[{"name": "other", "in": "path", "required": True,
                                              "schema": {"type": "string"}}])}}),
    "duplicate parameter": _v30(paths={"/a": {"get": _op(parameters=[
        {"name": "q", "in": "query", "description": "one", "schema": {"type": "string"}},
        {"name": "q", "in": "query", "description": "two", "schema": {"type": "string"}}])}}),
    "duplicate tag": _v30(tags=[{"name": "users"}, {"name": "users", "description": "again"}]),
    "required property missing under allOf": _v30(schemas={
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "User": {"allOf": [{"$ref": "#/components/schemas/Base"}], "required": ["id", "name", "email"]}}),
    "defaults of the wrong type, reached through $refs": _v30(
        paths={"/a": {"get": _op(parameters=[_query("limit", type="integer", default="ten"),
                                             _query("s", **{"$ref": "#/components/schemas/S"}),
                                             _query("t", **{"$ref": "#/components/schemas/S"})],
                                 responses={"200": {"description": "ok", "content": {"application/json": {
                                     "schema": {"type": "object", "properties": {
                                         "n": {"type": "number", "default": [1]}}}}}}})}},
        schemas={"S": {"type": "string", "enum": ["a", "b"], "default": "c"},
                 "Nested": {"type": "object", "properties": {"x": {"type": "object", "default": {"y": "z"},
                                                                   "properties": {"y": {"type": "integer"}}}}}}),
    "null default on a schema that is not nullable": _v30(schemas={
        "A": {"type": "integer", "default": None}, "B": {"type": "integer", "nullable": True, "default": None}}),
    "exclusiveMinimum without minimum": _v30(schemas={"A": {"type": "integer", "exclusiveMinimum": True}}),
    "3.1 meta errors": _v31({
        "BadType": {"type": "strin"},
        "BadRequired": {"type": "object", "required": "name"},
        "BadNested": {"type": "object", "properties": {"a": {"type": "array", "items": {"minItems": -1}}}},
        "BadPattern": {"type": "string", "pattern": "(unclosed"},
        "OtherDialect": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "strin"},
        "UnknownDialect": {"$schema": "https://example.com/not-a-dialect", "type": "string"},
        "Fine": {"type": "object", "properties": {"a": True, "b": {"items": False}}, "allOf": [True]}}),
    "3.1 defaults and formats": _v31({
        "Small": {"type": "integer", "format": "int32", "default": 2 ** 40},
        "Ref": {"$ref": "#/components/schemas/Small", "default": "ignored next to $ref"},
        "Union": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": 3}}),
    "3.1 with another jsonSchemaDialect": _v31({"A": {"type": "strin"}},
                                               jsonSchemaDialect="https://json-schema.org/draft/2020-12/schema"),
    "swagger 2.0 defaults and duplicate operationId": _v20({
        "/a": {"get": {"operationId": "dup", "parameters": [
            {"name": "q", "in": "query", "type": "integer", "default": "x"},
            {"name": "body", "in": "body", "schema": {"type": "object", "properties": {
                "n": {"type": "integer", "default": "y"}}}}], "responses": {
            "200": {"description": "ok", "schema": {"type": "string", "default": 5}}}}},
        "/b": {"get": {"operationId": "dup", "responses": OK}}}),
}

VALID = {
    "3.0 with refs and allOf": _v30(schemas={
        "Base": {"type": "object", "properties": {"id": {"type": "string", "default": "x"}}},
        "User": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"name": {"type": "string"}}}],
                 "required": ["id", "name"], "nullable": True, "default": None}}),
    "3.1 with boolean schemas": _v31({"A": True, "B": {"type": "object", "additionalProperties": False,
                                                       "properties": {"x": True}}}),
    "2.0": _v20({"/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                      "type": "string", "default": "x"}], "responses": OK}}}),
}


def _contract(tmp_path, doc, name="api.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2))
    return load_contract(str(path), ["."])


def _assert_agrees(contract):
    fast = validate.fast_validate(contract)
    assert fast is not None, "the fast walk should handle this document"
    full = validate._run_validator(contract)
    assert [message for message, _ in fast] == [message for message, _ in full]
    for _, pointer in fast:
        ptr.resolve(contract.document.data, pointer)  # every finding points at a node of the contract
    return fast


@pytest.mark.parametrize("case", sorted(INVALID))
def test_fast_walk_reports_what_openapi_spec_validator_reports(tmp_path, case):
    fast = _assert_agrees(_contract(tmp_path, INVALID[case]))
    assert fast, f"{case}: openapi-spec-validator finds errors here"


@pytest.mark.parametrize("case", sorted(VALID))
def test_fast_walk_accepts_what_openapi_spec_validator_accepts(tmp_path, case):
    assert _assert_agrees(_contract(tmp_path, VALID[case])) == []


def test_a_regex_python_cannot_compile_is_caught_by_the_screen(tmp_path):
    # valid ECMA-262 (so the structural stage passes) but not a Python `re` pattern: without the
    # `regress` package openapi-schema-validator rejects it, and so must the screen
    doc = _v30(schemas={"Year": {"type": "string", "pattern": "^(?<year>[0-9]{4})$"}})
    fast = _assert_agrees(_contract(tmp_path, doc))
    assert bool(fast) is not validate._regex_ok("^(?<year>[0-9]{4})$")


def test_findings_point_at_the_offending_node(tmp_path):
    fast = validate.fast_validate(_contract(tmp_path, INVALID["duplicate operationId"]))
    assert fast == [["Operation ID 'same' for 'post' in '/b' is not unique", "/paths/~1b/post/operationId"]]
    meta = validate.fast_validate(_contract(tmp_path, INVALID["3.1 meta errors"]))
    assert ["'strin' is not valid under any of the given schemas", "/components/schemas/BadType/type"] in meta
    assert ["-1 is less than the minimum of 0", "/components/schemas/BadNested/properties/a/items/minItems"] in meta
    defaults = validate.fast_validate(_contract(tmp_path, INVALID["defaults of the wrong type, reached through $refs"]))
    pointers = [p for _, p in defaults]
    # S is used by two parameters but, as in openapi-spec-validator, reported once, where it is written
    assert pointers.count("/components/schemas/S/default") == 1
    assert "/components/schemas/Nested/properties/x/default/y" in pointers


def test_the_walk_stops_at_the_error_cap_like_the_validator(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_ERRORS", 3)
    paths = {f"/r{i}": {"get": _op(operationId="same")} for i in range(6)}
    fast = _assert_agrees(_contract(tmp_path, _v30(paths=paths)))
    assert len(fast) == 3


FALLBACK = {
    "structural error": _v30(paths={"/a": {"get": _op(parameters=[{"name": "q", "in": "querry"}])}}),
    "$id changes $ref resolution": _v31({"A": {"$id": "https://example.com/a", "type": "string"}}),
    "$ref OSV cannot resolve, which stops it": _v30(paths={"x-broken": {"$ref": "#/nowhere"}, "/a": {"get": _op()}}),
    "path template OSV cannot parse": _v30(paths={"/a}": {"get": _op()}}),
    "allOf cycle OSV recurses into": _v30(schemas={
        "Node": {"allOf": [{"$ref": "#/components/schemas/Node"}], "required": ["a"]}}),
}


@pytest.mark.parametrize("case", sorted(FALLBACK))
def test_what_the_walk_does_not_mirror_is_left_to_openapi_spec_validator(tmp_path, case):
    contract = _contract(tmp_path, FALLBACK[case])
    assert validate.fast_validate(contract) is None
    full = validate._run_validator(contract)
    assert validate._validate(contract) == full
    if case != "$id changes $ref resolution":
        assert full


def test_contract_with_file_refs_is_validated_by_openapi_spec_validator():
    contract = load_contract(os.path.join(FIXTURES, "pets.yaml"), ["."])
    assert validate.fast_validate(contract) is None  # $refs into common.yaml: OSV resolves them itself
    assert validate._validate(contract) == validate._run_validator(contract) == []


@pytest.mark.parametrize("name", ["petstore-swagger2.json"])
def test_fixture_contracts_agree(name):
    _assert_agrees(load_contract(os.path.join(FIXTURES, name), ["."]))


@pytest.mark.parametrize("schema_version", ["3.0", "3.1"])
def test_the_screen_mirrors_every_format_openapi_schema_validator_checks(schema_version):
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    checker = oas30_format_checker if schema_version == "3.0" else oas31_format_checker
    checked = validate.metaschema_formats(schema_version) & set(checker.checkers)
    assert checked <= {"regex"}, f"the screen only mirrors 'regex'; also checked: {checked - {'regex'}}"
    screen = validate.meta_screen(schema_version)
    assert screen.is_valid({"type": "string", "pattern": "^a+$"})
    assert not screen.is_valid({"type": "string", "pattern": "(unclosed"})


def test_mutated_real_schemas_agree(tmp_path):
    """Every component schema of the retrieval-plugin and Notion specs, broken one way at a time."""
    specs = [os.path.join(CORPUS, "openapi", name) for name in ("notion-mcp-server/notion-openapi.json",
                                                                 "chatgpt-retrieval-plugin/openapi.yaml")]
    if not all(os.path.isfile(spec) for spec in specs):
        pytest.skip("corpus not available")
    for spec in specs:
        base = load_contract(spec, ["."]).document.data
        names = list(((base.get("components") or {}).get("schemas") or {}))[:6]
        for name in names:
            for mutation in ({"default": {"not": "matching"}}, {"minLength": -1}, {"pattern": "(("},
                             {"allOf": [{"properties": {}}], "required": ["ghost"]}):
                doc = copy.deepcopy(base)
                schema = doc["components"]["schemas"][name]
                if not isinstance(schema, dict) or "$ref" in schema:
                    continue
                schema.update(mutation)
                contract = _contract(tmp_path, doc)
                if validate.fast_validate(contract) is None:
                    continue  # a structural error (3.0 schemas are checked structurally): OSV answers
                _assert_agrees(contract)


@pytest.mark.skipif(not os.path.isdir(os.path.join(CORPUS, "openapi")), reason="corpus not available")
@pytest.mark.parametrize("spec", ["stripe-openapi/spec3.yaml", "openai-openapi/openapi.yaml",
                                  "notion-mcp-server/notion-openapi.json", "chatgpt-retrieval-plugin/openapi.yaml"])
def test_real_specs_agree(spec):
    contract = load_contract(os.path.join(CORPUS, "openapi", spec), ["."])
    fast = _assert_agrees(contract)
    if spec.startswith("openai"):
        assert len(fast) == 25  # its schema and default errors, each now with a pointer into the spec
        assert all(p.startswith("/components/schemas/") for _, p in fast)


def test_structurally_valid_but_invalid_contract_is_reported_at_the_line(tmp_path):
    contract = tmp_path / "api.json"
    text = json.dumps(INVALID["duplicate operationId"], indent=2)
    contract.write_text(text)
    second = [i for i, line in enumerate(text.splitlines(), 1) if '"operationId": "same"' in line][1]
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"tools": [{"name": "same", "description": "Same tool.",
                                              "input_schema": {"type": "object", "properties": {}}}]}))
    env = dict(os.environ, SCHEMALINT_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # computed, then read from the cache
        done = run_cli(str(catalog), "--contract", str(contract), "--select", "contract-invalid",
                       "--format", "json", env=env)
        assert done.returncode in (0, 1), done.stderr
        findings = json.loads(done.stdout)["findings"]
        assert [(f["pointer"], f["line"]) for f in findings] == [("/paths/~1b/post/operationId", second)]
        assert "Operation ID 'same'" in findings[0]["message"]


def test_a_cycle_openapi_spec_validator_recurses_into_stays_small_under_the_command_lines_limit(tmp_path):
    """The command line allows 20,000 frames for deep documents; OSV's memory grows with the square of its depth
    (about 21 GB there), so it runs under its own bound and stops early with a finding."""
    import resource
    import sys

    from schemalint.cli import RECURSION_LIMIT

    contract = _contract(tmp_path, FALLBACK["allOf cycle OSV recurses into"])
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        full = validate._run_validator(contract)
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        assert sys.getrecursionlimit() == RECURSION_LIMIT  # restored for the rest of the run
    finally:
        sys.setrecursionlimit(before)
    assert full and "recursion" in full[0][0]
    assert grown_mb < 1000, f"the validator grew the process by {grown_mb:.0f} MB"


def test_main_in_process_leaves_the_recursion_limit_as_it_found_it(capsys):
    import sys

    from schemalint.cli import main

    before = sys.getrecursionlimit()
    main(["rules"])
    assert sys.getrecursionlimit() == before
