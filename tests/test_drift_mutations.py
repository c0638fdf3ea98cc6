"""Mutation tests over the real Notion and Stripe contracts in the corpus.

Tools are derived from a set of operations (every parameter and body property,
`$ref`s inlined), so they check clean; then one contract edit at a time
(rename, removal, retype, enum change, new required parameter, narrowed
constraint, deprecation) must be reported on the right tool and parameter.
"""
from __future__ import annotations

import copy
import json
import os

import pytest
import yaml_rs

from schemalint.contract.load import HTTP_METHODS
from schemalint.engine.run import Selection, lint
from tests.helpers import CORPUS, catalog_from, run_cli

OPENAPI = os.path.join(CORPUS, "openapi")
NOTION = os.path.join(OPENAPI, "notion-mcp-server", "notion-openapi.json")
STRIPE = os.path.join(OPENAPI, "stripe-openapi", "spec3.yaml")
SKIP_IGNORED_HEADERS = {"authorization", "content-type", "accept"}


def _resolve(root, ref):
    node = root
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def inline(root, schema, depth=0, stack=()):
    """A JSON Schema with local $refs copied in; cycles and very deep nodes become {}."""
    if isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if ref in stack or depth > 8:
            return {}
        return inline(root, _resolve(root, ref), depth + 1, stack + (ref,))
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in ("properties", "patternProperties", "$defs", "definitions") and isinstance(value, dict):
                out[key] = {name: inline(root, sub, depth + 1, stack) for name, sub in value.items()}
            elif key in ("enum", "default", "example", "examples", "const", "required"):
                out[key] = copy.deepcopy(value)
            else:
                out[key] = inline(root, value, depth + 1, stack)
        return out
    if isinstance(schema, list):
        return [inline(root, v, depth + 1, stack) for v in schema]
    return schema


def operations(spec):
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield method, path, item[method], item


def derive_tool(spec, method, path, op, item):
    """An OpenAI function tool that mirrors the operation's inputs exactly."""
    props, required = {}, []
    params = {}
    for p in list(item.get("parameters", [])) + list(op.get("parameters", [])):
        p = _resolve(spec, p["$ref"]) if "$ref" in p else p
        params[(p["name"], p["in"])] = p
    for (name, location), p in params.items():
        if location == "header" and name.lower() in SKIP_IGNORED_HEADERS or p.get("deprecated"):
            continue
        if "schema" in p:
            schema = inline(spec, p["schema"])
        else:  # Swagger 2: the parameter is its own schema
            schema = {k: copy.deepcopy(v) for k, v in p.items()
                      if k not in ("name", "in", "required", "description", "collectionFormat")}
        if p.get("in") == "body":
            body = inline(spec, p["schema"])
            props.update(body.get("properties", {}))
            required.extend(body.get("required", []))
            continue
        props[name] = schema
        if p.get("required") or location == "path":
            required.append(name)
    body = op.get("requestBody")
    if body:
        body = _resolve(spec, body["$ref"]) if "$ref" in body else body
        content = body.get("content", {})
        media = next((m for m in ("application/json", "application/x-www-form-urlencoded") if m in content),
                     next(iter(content), None))
        if media:
            schema = inline(spec, content[media].get("schema", {}))
            for name, sub in schema.get("properties", {}).items():
                if isinstance(sub, dict) and (sub.get("readOnly") or sub.get("deprecated")):
                    continue
                props[name] = sub
            required.extend(schema.get("required", []))
    name = op.get("operationId") or f"{method}_{path}"
    return {"type": "function", "function": {"name": name, "description": f"{method.upper()} {path}",
                                             "parameters": {"type": "object", "properties": props,
                                                            "required": sorted(set(required))}}}


def derive_tools(spec, limit=None, with_params=False):
    tools = []
    for method, path, op, item in operations(spec):
        if op.get("deprecated"):
            continue
        tool = derive_tool(spec, method, path, op, item)
        if with_params and not tool["function"]["parameters"]["properties"]:
            continue
        tools.append(tool)
        if limit and len(tools) >= limit:
            break
    return tools


def drift_findings(tools, contract_data, tmp_path, name="contract.json"):
    contract = tmp_path / name
    contract.write_text(json.dumps(contract_data, indent=2))
    catalog = catalog_from({"tools": tools}, path=str(tmp_path / "tools.json"))
    return lint(catalog, Selection(select=["drift"], settings={"contracts": [str(contract)]}))


def errors_and_warnings(findings):
    return [f for f in findings if f.severity != "info" and f.rule != "contract-invalid"]


def _load(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return json.loads(text) if path.endswith(".json") else yaml_rs.loads(text, parse_datetime=False)


def _find_op(spec, operation_id):
    for method, path, op, item in operations(spec):
        if op.get("operationId") == operation_id:
            return op
    raise KeyError(operation_id)


needs_corpus = pytest.mark.skipif(not os.path.isfile(NOTION) or not os.path.isfile(STRIPE),
                                  reason="the corpus (../shared/corpus/openapi) is not available")


@pytest.fixture(scope="module")
def notion():
    return _load(NOTION)


@pytest.fixture(scope="module")
def stripe():
    return _load(STRIPE)


@needs_corpus
def test_notion_tools_derived_from_the_contract_check_clean(notion, tmp_path):
    tools = derive_tools(notion)
    assert len(tools) >= 15
    findings = drift_findings(tools, notion, tmp_path)
    assert errors_and_warnings(findings) == []
    assert not [f for f in findings if f.rule in ("tool-not-in-contract", "ambiguous-operation")]


@needs_corpus
def test_stripe_tools_derived_from_the_contract_check_clean(stripe, tmp_path):
    tools = derive_tools(stripe, limit=60, with_params=True)
    findings = drift_findings(tools, stripe, tmp_path)
    assert errors_and_warnings(findings) == [], [f.message for f in errors_and_warnings(findings)][:5]


def _mutated(spec, operation_id, mutate):
    spec = copy.deepcopy(spec)
    mutate(_find_op(spec, operation_id), spec)
    return spec


def _one(findings, rule, tool, param=None):
    hits = [f for f in findings if f.rule == rule and f.tool == tool and (param is None or f.param == param)]
    assert hits, f"no {rule} on {tool}.{param}; got {[(f.rule, f.tool, f.param) for f in findings]}"
    return hits[0]


@needs_corpus
def test_notion_mutations_are_each_detected_on_the_right_tool_and_parameter(notion, tmp_path):
    tools = derive_tools(notion)

    def param(op, name):
        return next(p for p in op["parameters"] if p.get("name") == name)

    def rename(op, spec):
        param(op, "page_size")["name"] = "limit"

    found = drift_findings(tools, _mutated(notion, "get-users", rename), tmp_path)
    f = _one(found, "param-not-in-contract", "get-users", "page_size")
    assert "'limit'" in f.message and f.related and f.related[0]["line"] > 1

    def remove(op, spec):
        op["parameters"] = [p for p in op["parameters"] if p.get("name") != "start_cursor"]

    _one(drift_findings(tools, _mutated(notion, "get-users", remove), tmp_path),
         "param-not-in-contract", "get-users", "start_cursor")

    def retype(op, spec):
        param(op, "page_size")["schema"] = {"type": "string"}

    f = _one(drift_findings(tools, _mutated(notion, "get-users", retype), tmp_path),
             "param-type-drift", "get-users", "page_size")
    assert "integer in the tool but string" in f.message

    def new_required(op, spec):
        op["parameters"].append({"name": "workspace_id", "in": "query", "required": True,
                                 "schema": {"type": "string"}})

    f = _one(drift_findings(tools, _mutated(notion, "get-users", new_required), tmp_path),
             "required-param-missing", "get-users")
    assert "workspace_id" in f.message

    def narrow(op, spec):
        param(op, "page_size")["schema"]["maximum"] = 50

    f = _one(drift_findings(tools, _mutated(notion, "get-users", narrow), tmp_path),
             "constraint-looser-than-contract", "get-users", "page_size")
    assert "maximum" in f.message and "50" in f.message

    def deprecate(op, spec):
        op["deprecated"] = True

    _one(drift_findings(tools, _mutated(notion, "get-users", deprecate), tmp_path), "deprecated-in-contract",
         "get-users")

    def enum_change(op, spec):
        body = op["requestBody"]["content"]["application/json"]["schema"]
        body["properties"]["filter"]["properties"]["value"]["enum"] = ["page"]

    f = _one(drift_findings(tools, _mutated(notion, "post-search", enum_change), tmp_path),
             "enum-drift", "post-search", "filter.value")
    assert f.severity == "error" and '"data_source"' in f.message


@needs_corpus
def test_stripe_mutations_are_each_detected_on_the_right_tool_and_parameter(stripe, tmp_path):
    wanted = ["GetCustomers", "PostCustomers", "GetCharges", "PostRefunds"]
    tools = [derive_tool(stripe, m, p, op, item) for m, p, op, item in operations(stripe)
             if op.get("operationId") in wanted]
    assert len(tools) == len(wanted)
    assert errors_and_warnings(drift_findings(tools, stripe, tmp_path)) == []

    def query(op, name):
        return next(p for p in op["parameters"] if p.get("name") == name)

    def form(op):
        return op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"]

    def rename(op, spec):
        query(op, "email")["name"] = "email_address"

    f = _one(drift_findings(tools, _mutated(stripe, "GetCustomers", rename), tmp_path),
             "param-not-in-contract", "GetCustomers", "email")
    assert "email_address" in f.message

    def remove(op, spec):
        del form(op)["description"]

    _one(drift_findings(tools, _mutated(stripe, "PostCustomers", remove), tmp_path),
         "param-not-in-contract", "PostCustomers", "description")

    def retype(op, spec):
        query(op, "limit")["schema"] = {"type": "string"}

    _one(drift_findings(tools, _mutated(stripe, "GetCharges", retype), tmp_path),
         "param-type-drift", "GetCharges", "limit")

    def enum_change(op, spec):
        reason = form(op)["reason"]
        reason["enum"] = [v for v in reason["enum"] if v != "fraudulent"]

    f = _one(drift_findings(tools, _mutated(stripe, "PostRefunds", enum_change), tmp_path),
             "enum-drift", "PostRefunds", "reason")
    assert '"fraudulent"' in f.message

    def new_required(op, spec):
        op["parameters"].append({"name": "tenant_id", "in": "query", "required": True,
                                 "schema": {"type": "string"}})

    _one(drift_findings(tools, _mutated(stripe, "GetCharges", new_required), tmp_path),
         "required-param-missing", "GetCharges")

    def narrow(op, spec):
        query(op, "limit")["schema"]["maximum"] = 10

    _one(drift_findings(tools, _mutated(stripe, "GetCustomers", narrow), tmp_path),
         "constraint-looser-than-contract", "GetCustomers", "limit")

    def deprecate_param(op, spec):
        form(op)["phone"]["deprecated"] = True

    _one(drift_findings(tools, _mutated(stripe, "PostCustomers", deprecate_param), tmp_path),
         "deprecated-in-contract", "PostCustomers", "phone")


@needs_corpus
def test_stripe_yaml_contract_through_the_cli_names_the_contract_line(stripe, tmp_path):
    tools = [derive_tool(stripe, m, p, op, item) for m, p, op, item in operations(stripe)
             if op.get("operationId") == "GetCustomers"]
    props = tools[0]["function"]["parameters"]["properties"]
    props["email"] = {"type": "string"}  # drops the contract's maxLength 512
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"tools": tools}, indent=2))
    done = run_cli(str(catalog), "--contract", STRIPE, "--select", "drift", "--format", "json",
                   "--ignore", "contract-invalid")
    report = json.loads(done.stdout)
    hits = [f for f in report["findings"] if f["rule"] == "constraint-looser-than-contract"]
    assert hits and all(f["param"] == "email" for f in hits)
    with open(STRIPE, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    # the message names the contract line of the email parameter's schema
    line = int(hits[0]["message"].split("spec3.yaml:")[1].split(":")[0])
    assert lines[line - 1].strip() == "schema:"
    assert "name: email" in "\n".join(lines[line - 3:line])
    assert hits[0]["line"] > 1 and done.returncode == 0  # warnings do not fail the default --fail-on error
