"""schemalint's static schemas for Python tools equal the schemas each framework generates at runtime.

The fixture modules are imported here (tests only) and the real frameworks build their schemas:
FastMCP (`list_tools`), LangChain (`convert_to_openai_tool`), the OpenAI Agents SDK (`FunctionTool`)
and the OpenAI library (`pydantic_function_tool`). Nothing is mocked.

Normalizations, applied to both sides before comparing:
  - key order inside a schema object is ignored, but the order of `properties` is compared;
  - FastMCP's serve-time extras that are not part of the input schema (output schema, meta) are not compared.
"""
from __future__ import annotations

import asyncio
import importlib
import os
import sys

import pytest

from schemalint.loaders import Catalog
from schemalint.loaders.python_source import load_python

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "python")

fastmcp = pytest.importorskip("fastmcp", reason="the python test extra (fastmcp) is not installed")
langchain_core = pytest.importorskip("langchain_core", reason="the python test extra (langchain-core) is not installed")
agents = pytest.importorskip("agents", reason="the python test extra (openai-agents) is not installed")


def static_tools(name: str) -> dict:
    catalog = Catalog()
    load_python(os.path.join(FIXTURES, name + ".py"), catalog)
    return {t.name: {"description": t.description, "parameters": t.input_schema, "framework": t.raw["framework"]}
            for t in catalog.tools}


def import_fixture(name: str):
    if FIXTURES not in sys.path:
        sys.path.insert(0, FIXTURES)
    return importlib.import_module(name)


def runtime_tools(name: str) -> dict:
    from agents import FunctionTool
    from langchain_core.tools import BaseTool
    from langchain_core.utils.function_calling import convert_to_openai_tool

    module = import_fixture(name)
    out = {}
    for value in list(vars(module).values()):
        if isinstance(value, fastmcp.FastMCP):
            for tool in asyncio.run(value.list_tools()):
                out[tool.name] = {"description": tool.description, "parameters": tool.parameters}
        elif type(value).__name__ in ("MCPServer", "FastMCP") and type(value).__module__.startswith("mcp.server"):
            for tool in asyncio.run(value.list_tools()):
                out[tool.name] = {"description": tool.description, "parameters": tool.input_schema}
        elif isinstance(value, FunctionTool):
            out[value.name] = {"description": value.description, "parameters": value.params_json_schema}
        elif isinstance(value, BaseTool) or (isinstance(value, type) and issubclass(value, BaseTool)
                                             and value is not BaseTool and value.__module__ == module.__name__):
            tool = value() if isinstance(value, type) else value
            fn = convert_to_openai_tool(tool)["function"]
            out[fn["name"]] = {"description": fn.get("description"), "parameters": fn["parameters"]}
        elif isinstance(value, dict) and value.get("type") == "function" and "function" in value:
            fn = value["function"]
            out[fn["name"]] = {"description": fn.get("description"), "parameters": fn["parameters"]}
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("type") == "function":
                    fn = item["function"]
                    out[fn["name"]] = {"description": fn.get("description"), "parameters": fn["parameters"]}
    return out


def normalize(schema):
    """Key order inside objects is not significant; property order is (it is kept as a list)."""
    if isinstance(schema, dict):
        out = {k: normalize(v) for k, v in schema.items() if k != "x-schemalint-ignore"}
        if isinstance(schema.get("properties"), dict):
            out["__order__"] = list(schema["properties"])
        return out
    if isinstance(schema, list):
        return [normalize(v) for v in schema]
    return schema


FIXTURE_MODULES = ["fastmcp_server", "mcp_sdk_server", "langchain_tools", "agents_tools", "pydantic_models",
                   "plain_functions"]


@pytest.mark.parametrize("module", FIXTURE_MODULES)
def test_static_schema_equals_runtime_schema(module):
    static = static_tools(module)
    runtime = runtime_tools(module)
    assert set(static) == set(runtime), f"tools found statically {sorted(static)} != at runtime {sorted(runtime)}"
    for name, expected in runtime.items():
        got = static[name]
        assert normalize(got["parameters"]) == normalize(expected["parameters"]), name
        assert got["description"] == expected["description"], name


def test_fixture_set_covers_four_styles_with_at_least_20_tools():
    total, frameworks = 0, set()
    for module in FIXTURE_MODULES:
        tools = static_tools(module)
        total += len(tools)
        frameworks.update(t["framework"] for t in tools.values())
    assert total >= 20
    assert {"fastmcp", "langchain", "agents", "openai"} <= frameworks
