"""Every fixable rule's transform, end to end through `schemalint fix --write`, in JSON and in YAML.

For each rule: a catalog with an untouched neighbour tool and one bad tool is written to disk, fixed with
`fix --write --select RULE`, and then: the rule's findings are gone, the file parses, the bytes before the
bad tool and after the tools array are identical, the transform did what it says, a second run changes
nothing, and the tool's score did not drop.
"""
from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from typing import Callable

import pytest
import yaml

from schemalint.engine.registry import all_rules
from schemalint.sources import parse_text
from tests.helpers import cli_in_process as cli

HERE = os.path.dirname(os.path.abspath(__file__))
CONTRACT = os.path.join(HERE, "fixtures", "fix_transforms", "orders.yaml")
PETS = os.path.join(HERE, "fixtures", "drift", "pets.yaml")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("SCHEMALINT_NO_CACHE", "1")


# --- the cases -----------------------------------------------------------------------------------------

def _mcp(name, props, required=(), description="Look the thing up and return it.", **extra):
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    return {"name": name, "description": description, "x-owner": "team-tools", "inputSchema": schema, **extra}


def _openai(name, props, required=(), description="Look the thing up and return it.", **extra):
    schema = {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}
    return {"type": "function", "x-owner": "team-tools",
            "function": {"name": name, "description": description, "parameters": schema, **extra}}


def _props(tool) -> dict:
    schema = tool.get("inputSchema") or tool.get("input_schema") or tool.get("parameters") \
        or tool.get("function", {}).get("parameters")
    return schema


@dataclass
class Case:
    rule: str
    tools: list  # the last tool is the one the fix edits; the ones before must not change
    expect: Callable  # (fixed bad tool) -> None
    args: tuple = ()
    unsafe: bool = False
    top: dict = field(default_factory=dict)
    edits_from: int = -1  # index in `tools` of the first tool the fix may change (default: the last)


def _expect_order(tool):
    assert list(_props(tool)["properties"]) == ["query", "tenant_id", "limit", "cursor"]


CASES = [
    Case("buried-required-param",
         [_mcp("search_users", {"query": {"type": "string"}, "limit": {"type": "integer"},
                                "cursor": {"type": "string"}, "tenant_id": {"type": "string"}},
               required=("query", "tenant_id"))], _expect_order),
    Case("count-typed-as-number",
         [_mcp("list_issues", {"page": {"type": "number", "description": "Page number."},
                               "perPage": {"type": "number", "description": "Results per page."}})],
         lambda t: [_props(t)["properties"][p]["type"] for p in ("page", "perPage")] == ["integer"] * 2 or
         pytest.fail("not retyped")),
    Case("range-only-in-prose",
         [_mcp("list_items", {"limit": {"type": "integer", "description": "Results per page (min 1, max 100)."}})],
         lambda t: (_props(t)["properties"]["limit"].get("minimum"), _props(t)["properties"]["limit"].get("maximum"))
         == (1, 100) or pytest.fail("bounds not moved")),
    Case("enum-only-in-prose",
         [_mcp("list_issues", {"state": {"type": "string",
                                         "description": "Issue state, one of 'open', 'closed' or 'all'."}})],
         lambda t: _props(t)["properties"]["state"]["enum"] == ["open", "closed", "all"] or pytest.fail("no enum")),
    Case("default-only-in-prose",
         [_mcp("list_items", {"page_size": {"type": "integer", "description": "Items per page. Defaults to 30."}})],
         lambda t: _props(t)["properties"]["page_size"]["default"] == 30 or pytest.fail("no default")),
    Case("description-only-in-branch",
         [_mcp("find", {"tag": {"anyOf": [{"type": "string", "description": "Tag to filter by"}, {"type": "null"}]}})],
         lambda t: _props(t)["properties"]["tag"]["description"] == "Tag to filter by" or pytest.fail("not moved")),
    Case("non-json-schema-type",
         [{"name": "ratio", "description": "Compute the ratio of two numbers.", "x-owner": "team-tools",
           "parameters": {"type": "dict", "properties": {"a": {"type": "float", "description": "Numerator."}},
                          "required": ["a"]}}],
         lambda t: (t["parameters"]["type"], t["parameters"]["properties"]["a"]["type"]) == ("object", "number")
         or pytest.fail("BFCL types not normalized")),
    Case("required-not-in-properties",
         [_mcp("get_user", {"user_id": {"type": "string"}}, required=("userId",))],
         lambda t: _props(t)["required"] == ["user_id"] or pytest.fail("typo not corrected"), unsafe=True),
    Case("value-type-mismatch",
         [_mcp("list_items", {"verbose": {"type": "boolean", "default": "False"}})],
         lambda t: _props(t)["properties"]["verbose"]["default"] is False or pytest.fail("not converted")),
    Case("default-not-in-enum",
         [_mcp("find_movies", {"show_type": {"type": "string", "enum": ["regular", "3d", "imax"],
                                             "default": "IMAX"}})],
         lambda t: _props(t)["properties"]["show_type"]["default"] == "imax" or pytest.fail("default not matched")),
    Case("required-param-has-default",
         [_mcp("get_forecast", {"units": {"type": "string", "default": "metric"}}, required=("units",))],
         lambda t: "units" not in _props(t).get("required", []) or pytest.fail("still required"), unsafe=True),
    Case("anchoring-example",
         [_mcp("list_orders", {"limit": {"type": "integer", "example": 10}})],
         lambda t: "example" not in _props(t)["properties"]["limit"] or pytest.fail("example kept"), unsafe=True),
    Case("copyable-identifier-example",
         [_mcp("get_user", {"user_id": {"type": "string", "example": "12345"}})],
         lambda t: "example" not in _props(t)["properties"]["user_id"] or pytest.fail("id kept"), unsafe=True),
    Case("placeholder-example",
         [_mcp("search", {"query": {"type": "string", "examples": ["string", "red running shoes"]}})],
         lambda t: _props(t)["properties"]["query"]["examples"] == ["red running shoes"] or pytest.fail("kept"),
         unsafe=True),
    Case("secret-in-example",
         [_mcp("call_api", {"api_key": {"type": "string", "example": "sk-proj-4f9QxT7bLm2Rz8WcVn3KpYd6HsJ1aE0u"}})],
         lambda t: "example" not in _props(t)["properties"]["api_key"] or pytest.fail("secret kept"), unsafe=True),
    Case("deprecated-tool-without-replacement",
         [_mcp("searchUsersV3", {"query": {"type": "string"}}, description="Search users by name or email."),
          _mcp("searchUsersV2", {"query": {"type": "string"}}, description="DEPRECATED. Search users.")],
         lambda t: t["description"].startswith("Deprecated: use `searchUsersV3` instead.") or pytest.fail("no pointer"),
         unsafe=True),
    Case("hidden-unicode",
         [_mcp("add", {"a": {"type": "number"}}, description="Adds two\u200b numbers.")],
         lambda t: t["description"] == "Adds two numbers." or pytest.fail(repr(t["description"]))),
    Case("unstructured-description",
         [_mcp("list_invoices", {"customer_id": {"type": "string"}}, required=("customer_id",),
               description="List a customer's invoices, newest first."),
          _mcp("get_invoice", {"invoice_id": {"type": "string"}}, required=("invoice_id",),
               description="Gets an invoice.", annotations={"readOnlyHint": True})],
         lambda t: "invoice_id" in t["description"] and t["description"] != "Gets an invoice." or pytest.fail(
             t["description"]), unsafe=True, edits_from=0),  # both descriptions get a structured rewrite
    Case("provider-tool-name",
         [_openai("get weather", {"city": {"type": "string", "description": "City name."}}, required=("city",))],
         lambda t: t["function"]["name"] == "get_weather" or pytest.fail("not renamed"), unsafe=True),
    Case("provider-input-schema",
         [{"type": "function", "x-owner": "team-tools", "function": {
             "name": "get_record", "description": "Look up a record by id.",
             "parameters": {"properties": {"record_id": {"type": "string", "description": "Record id."}}}}}],
         lambda t: t["function"]["parameters"]["type"] == "object" or pytest.fail("no type"),
         args=("--provider", "openai")),
    Case("strict-additional-properties",
         [{"type": "function", "x-owner": "team-tools", "function": {
             "name": "get_record", "description": "Look up a record by id.", "strict": True,
             "parameters": {"type": "object", "required": ["record_id"],
                            "properties": {"record_id": {"type": "string", "description": "Record id."}}}}}],
         lambda t: t["function"]["parameters"]["additionalProperties"] is False or pytest.fail("not closed")),
    Case("strict-all-required",
         [_openai("search", {"query": {"type": "string", "description": "Text to find."},
                             "limit": {"type": "integer", "description": "How many results."}},
                  required=("query",), strict=True)],
         lambda t: (t["function"]["parameters"]["required"], t["function"]["parameters"]["properties"]["limit"]
                    ["type"]) == (["query", "limit"], ["integer", "null"]) or pytest.fail("not converted")),
    Case("duplicate-enum-value",
         [_mcp("list_issues", {"state": {"type": "string", "enum": ["open", "closed", "open"],
                                         "description": "Issue state."}})],
         lambda t: _props(t)["properties"]["state"]["enum"] == ["open", "closed"] or pytest.fail("still repeated")),
    Case("sentinel-bound",
         [_mcp("set_offset", {"offset_c": {"type": "number", "description": "Offset in degrees Celsius.",
                                           "minimum": -9007199254740991, "maximum": 9007199254740991}})],
         lambda t: not {"minimum", "maximum"} & set(_props(t)["properties"]["offset_c"]) or pytest.fail("kept")),
    # drift: the contract is tests/fixtures/fix_transforms/orders.yaml or tests/fixtures/drift/pets.yaml
    Case("description-only-in-contract",
         [_mcp("listOrders", {"customer_id": {"type": "string"}}, required=("customer_id",), description="")],
         lambda t: (t["description"], _props(t)["properties"]["customer_id"]["description"]) ==
         ("Lists the orders of one customer, newest first.", "Customer whose orders to list (from find_customer).")
         or pytest.fail("not copied"), args=("--contract", CONTRACT)),
    Case("constraint-looser-than-contract",
         [_mcp("listOrders", {"customer_id": {"type": "string", "description": "Customer id."},
                              "since": {"type": "string", "description": "Earliest order date."},
                              "page_size": {"type": "integer", "default": 20, "description": "Orders per page."}},
               required=("customer_id",))],
         lambda t: (_props(t)["properties"]["since"].get("format"), _props(t)["properties"]["page_size"].get(
             "minimum"), _props(t)["properties"]["page_size"].get("maximum")) == ("date", 1, 100)
         or pytest.fail("format and bounds not copied"), args=("--contract", CONTRACT)),
    Case("enum-drift",
         [_mcp("createPet", {"name": {"type": "string", "maxLength": 64, "description": "Pet name."},
                             "tag": {"type": "string", "enum": ["dog", "cat", "bird"], "description": "Kind."}},
               required=("name",))],
         lambda t: _props(t)["properties"]["tag"]["enum"] == ["dog", "cat"] or pytest.fail("bird kept"),
         args=("--contract", PETS)),
    Case("default-drift",
         [_mcp("listOrders", {"customer_id": {"type": "string", "description": "Customer id."},
                              "status": {"type": "string", "enum": ["open", "shipped", "cancelled"],
                                         "default": "shipped", "description": "Order state."}},
               required=("customer_id",))],
         lambda t: _props(t)["properties"]["status"]["default"] == "open" or pytest.fail("default kept"),
         args=("--contract", CONTRACT)),
    Case("param-type-drift",
         [_mcp("listOrders", {"customer_id": {"type": "string", "description": "Customer id."},
                              "page_size": {"type": "string", "description": "Orders per page."}},
               required=("customer_id",))],
         lambda t: _props(t)["properties"]["page_size"]["type"] == "integer" or pytest.fail("type kept"),
         args=("--contract", CONTRACT)),
    Case("required-param-missing",
         [_mcp("listOrders", {"customer_id": {"type": "string", "description": "Customer id."},
                              "since": {"type": "string", "format": "date", "description": "Earliest date."}})],
         lambda t: _props(t)["required"] == ["customer_id"] or pytest.fail("not required"),
         args=("--contract", CONTRACT)),
    Case("mcp-annotation-type",
         [_mcp("list_files", {"folder": {"type": "string", "description": "Folder path."}},
               annotations={"readOnlyHint": "true"})],
         lambda t: t["annotations"]["readOnlyHint"] is True or pytest.fail("hint left a string")),
    Case("output-schema-not-object",
         [_mcp("list_tags", {"repo": {"type": "string", "description": "Repository name."}},
               outputSchema={"properties": {"tags": {"type": "array", "items": {"type": "string"}}}})],
         lambda t: t["outputSchema"].get("type") == "object" or pytest.fail("root type not added")),
]

BY_RULE = {case.rule: case for case in CASES}
NEIGHBOUR = _mcp("ping", {}, description="Check that the service is up; returns pong.")


def _document(case: Case) -> dict:
    tools = copy.deepcopy(case.tools)
    return {**case.top, "x-catalog-owner": "team-tools", "tools": [copy.deepcopy(NEIGHBOUR), *tools],
            "x-notes": {"reviewed": "2025-01-01", "tags": ["fix", "test"]}}


def _dump(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return "# tools for the fix tests\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)


def _load(text: str, fmt: str):
    return json.loads(text) if fmt == "json" else yaml.safe_load(text)


def _report(cwd, name, rule, args) -> dict:
    code, out, err = cli(cwd, "check", name, "--format", "json", "--select", rule, "--fail-on", "never", *args)
    assert code == 0, err
    return json.loads(out)


def _outside(text: str, fmt: str, bad_index: int) -> tuple[str, str]:
    """The text before the bad tool and from the `x-notes` key on: the fix must leave both alone."""
    doc = parse_text("t." + fmt, text)
    first_line, _ = doc.locate(f"/tools/{bad_index}")
    notes_line, _ = doc.locate("/x-notes")
    lines = text.splitlines(keepends=True)
    return "".join(lines[:first_line - 1]), "".join(lines[notes_line - 1:])


def test_every_fixable_rule_has_a_transform_test():
    fixable = {rule_id for rule_id, cls in all_rules().items() if cls.can_fix()}
    assert fixable - set(BY_RULE) == set(), "fixable rules without a case in tests/test_fix_transforms.py"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("rule", sorted(BY_RULE))
def test_fix_transform(tmp_path, rule, fmt):
    if rule not in all_rules():
        pytest.skip(f"{rule} is not registered")
    case = BY_RULE[rule]
    name = f"tools.{fmt}"
    path = tmp_path / name
    text = _dump(_document(case), fmt)
    path.write_text(text, encoding="utf-8")
    bad_index = len(case.tools)  # the neighbour is tool 0
    first_edited = bad_index if case.edits_from < 0 else case.edits_from + 1

    before = _report(tmp_path, name, rule, case.args)
    found = [f for f in before["findings"] if f["rule"] == rule]
    assert found and all(f["fixable"] for f in found), found

    fix_args = ["fix", name, "--write", "--select", rule, *case.args] + (["--unsafe"] if case.unsafe else [])
    if case.unsafe:  # without --unsafe the file is left alone and the skipped fixes are counted
        code, _, err = cli(tmp_path, *fix_args[:-1])
        assert code == 0 and "unsafe fixes not applied" in err and path.read_text(encoding="utf-8") == text, err
    code, _, err = cli(tmp_path, *fix_args)
    assert code == 0, err
    fixed = path.read_text(encoding="utf-8")
    assert fixed != text

    # the file re-parses, with the project's parser and independently
    parse_text(name, fixed)
    data = _load(fixed, fmt)
    case.expect(data["tools"][bad_index])
    assert data["tools"][bad_index].get("x-owner") == "team-tools"  # unknown keys survive
    # nothing outside the bad tool changed, byte for byte
    assert _outside(fixed, fmt, first_edited) == _outside(text, fmt, first_edited)
    if fmt == "yaml":
        assert fixed.startswith("# tools for the fix tests\n")

    after = _report(tmp_path, name, rule, case.args)
    assert [f for f in after["findings"] if f["rule"] == rule] == []
    assert len(after["findings"]) < len(before["findings"])
    assert after["tools"][bad_index]["score"] >= before["tools"][bad_index]["score"]
    assert after["summary"]["score"] >= before["summary"]["score"]

    code, _, err = cli(tmp_path, *fix_args)
    assert code == 0 and path.read_text(encoding="utf-8") == fixed, err  # idempotent


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_all_safe_fixes_together_under_the_default_rules(tmp_path, fmt):
    """Every case in one catalog, every default rule on: fixes combine, converge and never lower a score."""
    tools = [copy.deepcopy(t) for case in CASES if "--contract" not in case.args and not case.unsafe
             for t in case.tools]
    name = f"tools.{fmt}"
    path = tmp_path / name
    text = _dump({"tools": tools}, fmt)
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(tmp_path, "check", name, "--format", "json", "--fail-on", "never")
    before = json.loads(out)
    code, _, err = cli(tmp_path, "fix", name, "--write")
    assert code == 0, err
    fixed = path.read_text(encoding="utf-8")
    parse_text(name, fixed)
    _load(fixed, fmt)
    code, out, err = cli(tmp_path, "check", name, "--format", "json", "--fail-on", "never")
    after = json.loads(out)
    assert len(after["findings"]) < len(before["findings"])
    for old, new in zip(before["tools"], after["tools"]):
        assert new["score"] >= old["score"], (old["name"], old["score"], new["score"])
    assert not [f for f in after["findings"] if f["fixable"] and f["rule"] in
                {"non-json-schema-type", "buried-required-param", "count-typed-as-number", "hidden-unicode"}]
    code, _, err = cli(tmp_path, "fix", name, "--write")
    assert path.read_text(encoding="utf-8") == fixed and "fixed 0 findings" in err


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_openai_strict_conversion_end_to_end(tmp_path, fmt):
    """`fix --provider openai-strict`: closed objects, every property required, optional ones nullable."""
    tool = _openai("search_orders", {
        "customer_id": {"type": "string", "description": "Customer whose orders to search."},
        "limit": {"type": "integer", "description": "Maximum results."},
        "status": {"type": "string", "enum": ["open", "closed"], "description": "Order state."},
        "filters": {"type": "object", "description": "Extra filters.",
                    "properties": {"since": {"type": "string", "format": "date", "description": "Earliest date."}}},
    }, required=("customer_id",))
    del tool["function"]["parameters"]["additionalProperties"]
    name = f"tools.{fmt}"
    path = tmp_path / name
    path.write_text(_dump({"tools": [tool]}, fmt), encoding="utf-8")
    strict = ("--provider", "openai-strict")
    code, out, _ = cli(tmp_path, "check", name, "--format", "json", "--select", "provider", *strict)
    assert {f["rule"] for f in json.loads(out)["findings"]} >= {"strict-additional-properties", "strict-all-required"}

    code, diff, err = cli(tmp_path, "fix", name, *strict)
    assert code == 0 and diff.startswith(f"--- a/{name}") and "null" in diff, err
    assert "additionalProperties" in diff and path.read_text(encoding="utf-8") == _dump({"tools": [tool]}, fmt)
    code, _, err = cli(tmp_path, "fix", name, "--write", *strict)
    assert code == 0, err
    fixed = path.read_text(encoding="utf-8")
    params = _load(fixed, fmt)["tools"][0]["function"]["parameters"]
    assert params["additionalProperties"] is False
    assert params["required"] == ["customer_id", "limit", "status", "filters"]
    assert params["properties"]["customer_id"]["type"] == "string"  # required already: not nullable
    assert params["properties"]["limit"]["type"] == ["integer", "null"]
    assert params["properties"]["status"]["type"] == ["string", "null"]
    assert params["properties"]["status"]["enum"] == ["open", "closed", None]
    nested = params["properties"]["filters"]
    assert nested["type"] == ["object", "null"] and nested["additionalProperties"] is False
    assert nested["required"] == ["since"] and nested["properties"]["since"]["type"] == ["string", "null"]
    code, out, _ = cli(tmp_path, "check", name, "--format", "json", "--select", "provider", *strict)
    assert [f for f in json.loads(out)["findings"] if f["rule"].startswith("strict-")] == []
    code, _, err = cli(tmp_path, "fix", name, "--write", *strict)
    assert path.read_text(encoding="utf-8") == fixed


def test_json_values_follow_the_layout_of_their_container():
    from schemalint.fix import json_text

    text = '{\n  "a": {"type": "integer"},\n  "required": ["x"]\n}\n'
    out = json_text.set_value(text, "/a/type", ["integer", "null"])
    assert out == '{\n  "a": {"type": ["integer", "null"]},\n  "required": ["x"]\n}\n'
    out = json_text.set_value(text, "/required", ["x", "y"])
    assert out == '{\n  "a": {"type": "integer"},\n  "required": ["x", "y"]\n}\n'
    out = json_text.set_value(text, "/b", {"k": 1})
    assert out == '{\n  "a": {"type": "integer"},\n  "required": ["x"],\n  "b": {\n    "k": 1\n  }\n}\n'
    minified = '{"a":{"b":1}}'
    assert json_text.set_value(minified, "/a/c", [1, 2]) == '{"a":{"b":1,"c":[1,2]}}'


def test_batched_json_edits_never_overlap():
    from schemalint.fix.json_text import JsonEditor

    editor = JsonEditor('{"a": 1, "b": 2, "c": 3}')
    assert editor.try_apply([("remove", "/c", None)])
    assert not editor.try_apply([("remove", "/b", None)])  # would take the comma the first removal took
    assert editor.try_apply([("set", "/a", 5)])
    assert editor.text() == '{"a": 5, "b": 2}'


def test_structured_rewrite_is_not_rewritten_again(tmp_path):
    """The sentences the rewrite adds (siblings, open-world, idempotent) satisfy the rule: one rewrite, then none."""
    tools = [_mcp("add_issue_comment", {"body": {"type": "string"}}, required=("body",),
                  description="Add a comment to an issue.", annotations={"openWorldHint": True}),
             _mcp("add_issue_reaction", {"content": {"type": "string"}}, required=("content",),
                  description="Add a reaction to an issue.",
                  annotations={"openWorldHint": True, "idempotentHint": True})]
    path = tmp_path / "tools.json"
    path.write_text(json.dumps({"tools": tools}, indent=2))
    code, _, err = cli(tmp_path, "fix", "tools.json", "--write", "--unsafe", "--select", "unstructured-description")
    once = path.read_text()
    assert code == 0 and "unstructured-description: 2" in err, err
    descriptions = [t["description"] for t in json.loads(once)["tools"]]
    assert all(d.count("If the task is rather") == 1 and d.count("outside this application") == 1
               for d in descriptions), descriptions
    code, _, err = cli(tmp_path, "fix", "tools.json", "--write", "--unsafe", "--select", "unstructured-description")
    assert path.read_text() == once and "fixed 0 findings" in err


def test_fixes_that_undo_each_other_settle_and_stay_settled(tmp_path, monkeypatch):
    """Two fixes that undo each other (one adds a default, another removes it) must not leave the file
    depending on how many passes ran: the run settles on one state of the cycle, and a second run keeps it."""
    from schemalint.commands import fix as fix_command
    from schemalint.model import Finding, Fix

    def fake_lint(catalog, selection):
        out = []
        for tool in catalog.tools:
            has = "default" in tool.properties["q"]
            fix = Fix([], "toggle", document_edits=[("remove", "/tools/0/inputSchema/properties/q/default", None)]
                      if has else [("set", "/tools/0/inputSchema/properties/q/default", "x")],
                      path=tool.file, editable=True)
            out.append(Finding("remover" if has else "adder", "examples", "warning", "toggle", tool.file, 1, 1,
                               tool.name, "q", None, True, fix=fix))
        return out

    monkeypatch.setattr(fix_command, "lint", fake_lint)
    path = tmp_path / "tools.json"
    path.write_text(json.dumps({"tools": [_mcp("search", {"q": {"type": "string"}})]}, indent=2))
    code, _, err = cli(tmp_path, "fix", "tools.json", "--write")
    assert code == 0 and "fixes undo each other" in err, err
    settled = path.read_text()
    code, _, err = cli(tmp_path, "fix", "tools.json", "--write")
    assert code == 0 and path.read_text() == settled
