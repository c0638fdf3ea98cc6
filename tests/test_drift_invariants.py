"""Invariants of the drift rules over the real corpus (issue 13).

1. `schemalint generate --from SPEC --include-deprecated -o out.json`, then `schemalint check out.json --contract
   SPEC --select drift`: no drift finding, for every OpenAPI document of the corpus.
2. A real tool catalog checked against an OpenAPI document made from itself (3.1 as written, and 3.0 with every
   nullable spelled `nullable: true`) reports nothing: both sides read alike.
"""
from __future__ import annotations

import copy
import json
import os
import re

import pytest

from schemalint.contract.mapping import normalize
from schemalint.loaders import load_paths
from tests.helpers import CORPUS, run_cli

OPENAPI = os.path.join(CORPUS, "openapi")
SPECS = {
    "notion": "notion-mcp-server/notion-openapi.json",
    "chatgpt-retrieval-plugin": "chatgpt-retrieval-plugin/openapi.yaml",
    "openai": "openai-openapi/openapi.yaml",
    "stripe": "stripe-openapi/spec3.yaml",  # 4 MB: generated once, in the module fixture
}
CATALOGS = {
    "livemcpbench": "mcp/livemcpbench/LiveMCPTool_tools.json",
    "github-mcp-server": "mcp/github-mcp-server/tools_list.json",
}
# about the contract document itself, not about a tool disagreeing with it
CONTRACT_PROBLEMS = {"contract-invalid", "contract-unresolved-ref"}


def _spec(key: str) -> str:
    path = os.path.join(OPENAPI, SPECS[key])
    if not os.path.isfile(path):
        pytest.skip(f"the corpus is not available ({path} is missing)")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """spec key -> (spec path, drift findings of `check` on what `generate` made of it); each spec once."""
    cache: dict = {}

    def get(key: str):
        if key not in cache:
            spec = _spec(key)
            out = tmp_path_factory.mktemp(key) / "out.json"
            made = run_cli("generate", "--from", spec, "--include-deprecated", "-o", str(out), "--quiet")
            assert out.is_file(), made.stderr
            checked = run_cli("check", str(out), "--contract", spec, "--select", "drift", "--format", "json",
                              "--fail-on", "never")
            assert checked.returncode == 0, checked.stderr
            findings = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] not in CONTRACT_PROBLEMS]
            cache[key] = spec, json.loads(out.read_text()), findings
        return cache[key]

    return get


@pytest.mark.parametrize("key", sorted(SPECS))
def test_generated_catalog_has_no_drift_from_its_own_contract(generated, key):
    spec, catalog, findings = generated(key)
    tools = [t for group in catalog.get("toolsets", [catalog]) for t in group.get("tools", [])]
    assert tools, "generate made no tools"
    # `generate --include-deprecated` leaves a tool for a deprecated operation unmarked; the one drift left is
    # that mark (a tool marked `deprecated: true` agrees: see test_drift_gaps)
    unmarked = [f for f in findings if f["rule"] == "deprecated-in-contract" and f["param"] is None
                and not any(t.get("deprecated") for t in tools if t["name"] == f["tool"])]
    rest = [f for f in findings if f not in unmarked]
    assert rest == [], [(f["rule"], f["tool"], f["param"], f["message"][:200]) for f in rest[:8]]
    assert all("marks deprecated" in f["message"] for f in unmarked)


# --- a catalog against the OpenAPI document made from itself ----------------------------------------------

def _unique_tools(path: str) -> list:
    """The catalog's tools with an object input schema, one per (normalized) name."""
    seen, out = set(), []
    for tool in load_paths([path]).tools:
        key = normalize(tool.name) if isinstance(tool.name, str) else ""
        if not key or key in seen or not isinstance(tool.input_schema, dict):
            continue
        seen.add(key)
        out.append(tool)
    return out


def _as_30(node):
    """OpenAPI 3.0 spelling of a JSON Schema: `nullable: true` for every null type or null branch."""
    if isinstance(node, list):
        return [_as_30(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: (v if k in ("enum", "default", "const", "example", "examples") else _as_30(v))
            for k, v in node.items()}
    kind = node.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [t for t in kind if t != "null"]
        if len(rest) == 1:
            node["type"], node["nullable"] = rest[0], True
    for key in ("anyOf", "oneOf"):
        branches = node.get(key)
        if isinstance(branches, list) and any(b == {"type": "null"} for b in branches):
            others = [b for b in branches if b != {"type": "null"}]
            if len(others) == 1 and isinstance(others[0], dict) and "$ref" not in others[0]:
                del node[key]
                node = {**others[0], **node, "nullable": True}
            else:
                node[key] = others
                node["nullable"] = True
    return node


def _openapi_from(tools: list, version: str) -> dict:
    paths, schemas = {}, {}
    for i, tool in enumerate(tools):
        schema = copy.deepcopy(tool.input_schema)
        defs = {**(schema.pop("$defs", None) or {}), **(schema.pop("definitions", None) or {})}

        def moved(node, i=i):
            text = re.sub(r'"#/(?:\$defs|definitions)/', f'"#/components/schemas/t{i}_', json.dumps(node))
            # a $ref into the tool's own schema (`#/properties/data`) now starts at the request body
            text = re.sub(r'"#/(?!components/)', f'"#/paths/~1tools~1{i}/post/requestBody/content/'
                                                  f'application~1json/schema/', text)
            node = json.loads(text)
            return _as_30(node) if version.startswith("3.0") else node

        schemas.update({f"t{i}_{name}": moved(sub) for name, sub in defs.items()})
        paths[f"/tools/{i}"] = {"post": {
            "operationId": tool.name, "responses": {"200": {"description": "ok"}},
            "requestBody": {"required": True, "content": {"application/json": {"schema": moved(schema)}}}}}
    return {"openapi": version, "info": {"title": "made from the catalog", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
@pytest.mark.parametrize("key", sorted(CATALOGS))
def test_catalog_against_an_openapi_document_made_from_itself_reports_nothing(tmp_path, key, version):
    path = os.path.join(CORPUS, CATALOGS[key])
    if not os.path.isfile(path):
        pytest.skip(f"the corpus is not available ({path} is missing)")
    tools = _unique_tools(path)
    assert len(tools) > 50
    (tmp_path / "tools.json").write_text(json.dumps({"tools": [t.raw for t in tools]}))
    (tmp_path / "api.json").write_text(json.dumps(_openapi_from(tools, version), indent=1))
    done = run_cli("check", "tools.json", "--contract", "api.json", "--select", "drift", "--format", "json",
                   "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    findings = [f for f in json.loads(done.stdout)["findings"] if f["rule"] != "contract-invalid"]
    assert findings == [], [(f["rule"], f["tool"], f["param"], f["message"][:160]) for f in findings[:8]]
