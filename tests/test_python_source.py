"""Python sources read statically: tool discovery, schemas, positions, suppressions, notes, safety."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from schemalint.engine.run import Selection, lint
from schemalint.loaders import Catalog, load_paths
from schemalint.loaders.python.docstrings import parse_docstring
from schemalint.loaders.python_source import load_python, load_python_text

from .helpers import ROOT, parse_errors, run_cli

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "python")
POSITIONS = os.path.join(FIXTURES, "positions.py")


def load_text(source: str, path: str = "tools.py") -> Catalog:
    catalog = Catalog()
    load_python_text(path, textwrap.dedent(source), catalog)
    return catalog


def tool_named(catalog: Catalog, name: str):
    return next(t for t in catalog.tools if t.name == name)


# ---- positions and suppressions --------------------------------------------------------------------------

def findings_at(select):
    catalog = load_paths([POSITIONS])
    return {(f.rule, f.param): (f.line, f.column, f.pointer)
            for f in lint(catalog, Selection(select=list(select)))}


def test_findings_point_at_the_python_line_and_column():
    found = findings_at(["buried-required-param", "tool-description-missing", "default-not-in-enum",
                         "param-description-missing"])
    # the keyword-only parameter, after two optional ones
    assert found[("buried-required-param", "tenant_id")] == (18, 5, None)
    # a tool without docstring: the decorator's @
    assert found[("tool-description-missing", None)] == (30, 1, None)
    # the parameter whose Field(default=...) is outside its Literal
    assert found[("default-not-in-enum", "fmt")] == (31, 12, None)
    # a field of a nested argument model: the field line in the class body
    assert found[("param-description-missing", "shipment.carrier")] == (37, 5, None)
    assert found[("param-description-missing", "shipment")] == (42, 11, None)


def test_ignore_comment_suppresses_the_rule_on_its_line_only():
    found = findings_at(["param-description-missing"])
    assert ("param-description-missing", "days") not in found  # line 32 carries the ignore comment
    assert ("param-description-missing", "extra") in found


def test_bare_ignore_comment_suppresses_every_rule_on_the_line():
    catalog = load_text('''
        from fastmcp import FastMCP
        mcp = FastMCP("x")

        @mcp.tool
        def a(x: int, y: int = 1, z: int = 2, *, tenant_id: str) -> str:  # schemalint: ignore
            return ""
    ''')
    assert catalog.line_ignores[("tools.py", 6)] == set()
    assert not [f for f in lint(catalog, Selection()) if f.line == 6]


def test_pointers_locate_decorator_name_keyword_docstring_and_docstring_lines():
    catalog = Catalog()
    load_python(POSITIONS, catalog)
    search = tool_named(catalog, "search_orders")
    doc = search.document
    assert doc.kind == "python"
    assert doc.locate(search.pointer) == (12, 1)
    assert doc.locate(search.field_ptr("description")) == (20, 5)
    assert doc.locate(search.schema_ptr(("properties", "limit"))) == (15, 5)
    # a description taken from the docstring points at its line in the Args: section
    assert doc.locate(search.schema_ptr(("properties", "limit", "description"))) == (24, 9)
    # a description from Field(description=...) points at that keyword
    assert doc.locate(search.schema_ptr(("properties", "tenant_id", "description"))) == (18, 37)
    export = tool_named(catalog, "export_report")
    assert doc.locate(export.field_ptr("name")) == (30, 11)


# ---- notes instead of guesses ----------------------------------------------------------------------------

def test_unknown_imported_type_gives_a_note_and_silences_type_rules_on_it():
    catalog = Catalog()
    load_python(POSITIONS, catalog)
    track = tool_named(catalog, "track")
    extra = track.properties["extra"]
    assert extra["anyOf"][1] == {"type": "null"}
    assert set(extra["anyOf"][0]["x-schemalint-ignore"]) == {"parameters", "provider", "validity"}
    assert any("positions.py:42" in n and "ExternalFilter" in n and "not among the analyzed files" in n
               for n in catalog.notes)


def test_imported_model_from_the_same_source_tree_is_read():
    catalog = Catalog()
    load_python(os.path.join(FIXTURES, "langchain_tools.py"), catalog)
    location = tool_named(catalog, "weather_forecast").properties["location"]
    assert location["properties"]["lat"] == {"description": "Latitude in degrees", "maximum": 90, "minimum": -90,
                                             "type": "number"}


def test_non_literal_default_is_left_out_with_a_note():
    catalog = load_text('''
        import os
        from fastmcp import FastMCP
        mcp = FastMCP("x")
        LIMIT = 25

        @mcp.tool
        def search(query: str, limit: int = LIMIT, region: str = os.environ.get("REGION", "eu")) -> str:
            """Search."""
            return ""
    ''')
    props = catalog.tools[0].properties
    assert props["limit"]["default"] == 25  # module constants are followed
    assert "default" not in props["region"]
    assert any("tools.py:8" in n and "default of 'region'" in n for n in catalog.notes)


# ---- types ---------------------------------------------------------------------------------------------------

def test_types_as_pydantic_generates_them():
    catalog = load_text('''
        from datetime import date, datetime
        from enum import IntEnum, auto
        from typing import Dict, List, Literal, Optional, Set, Tuple, Union
        from uuid import UUID
        from agents import function_tool
        from pydantic import BaseModel

        class Level(IntEnum):
            LOW = auto()
            HIGH = auto()

        class Node(BaseModel):
            name: str
            children: list["Node"] = []

        @function_tool(strict_mode=False)
        def f(a: Optional[int], b: Literal["x"], c: Tuple[int, str], d: Set[str], e: Dict[str, float],
              g: Union[date, datetime], h: UUID, i: Level = Level.HIGH, j: Node | None = None) -> str:
            """F."""
            return ""
    ''')
    schema = catalog.tools[0].input_schema
    props = schema["properties"]
    assert props["a"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert props["b"] == {"const": "x", "title": "B", "type": "string"}
    assert props["c"]["prefixItems"] == [{"type": "integer"}, {"type": "string"}]
    assert props["d"] == {"items": {"type": "string"}, "title": "D", "type": "array", "uniqueItems": True}
    assert props["e"]["additionalProperties"] == {"type": "number"}
    assert props["g"]["anyOf"] == [{"format": "date", "type": "string"}, {"format": "date-time", "type": "string"}]
    assert props["h"]["format"] == "uuid"
    assert props["i"] == {"$ref": "#/$defs/Level", "default": 2}
    assert schema["$defs"]["Level"] == {"enum": [1, 2], "title": "Level", "type": "integer"}
    assert schema["$defs"]["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert schema["required"] == ["a", "b", "c", "d", "e", "g", "h"]


def test_recursive_model_keeps_its_definition_when_inlined():
    catalog = load_text('''
        from fastmcp import FastMCP
        from pydantic import BaseModel
        mcp = FastMCP("x")

        class Category(BaseModel):
            name: str
            parent: "Category | None" = None

        @mcp.tool
        def tag(category: Category) -> str:
            """Tag."""
            return ""
    ''')
    schema = catalog.tools[0].input_schema
    assert schema["properties"]["category"]["properties"]["parent"]["anyOf"][0] == {"$ref": "#/$defs/Category"}
    assert "Category" in schema["$defs"]


def test_a_model_the_agents_sdk_inlines_is_reported_once():
    """The Agents SDK inlines a referenced model (with the parameter's description) and keeps the unused
    `$defs` copy: a missing field description is one finding, on the inlined parameter."""
    catalog = load_text('''
        from agents import function_tool
        from pydantic import BaseModel

        class Address(BaseModel):
            street: str

        @function_tool
        def ship(to: Address) -> str:
            """Ship a parcel. Use this once the order is paid.

            Args:
                to: Where to ship.
            """
            return ""
    ''')
    schema = catalog.tools[0].input_schema
    assert "Address" in schema["$defs"] and "$ref" not in schema["properties"]["to"]
    found = lint(catalog, Selection(select=["param-description-missing"]))
    assert [f.param for f in found] == ["to.street"]


def test_referenced_definitions_are_walked_and_unreferenced_ones_are_not():
    catalog = Catalog()
    from schemalint.sources.document import parse_text
    from schemalint.loaders.formats import find_tools
    import json as _json

    doc = parse_text("t.json", _json.dumps({"tools": [{"name": "ship", "description": "Ship a parcel.",
        "inputSchema": {"type": "object", "properties": {"to": {"$ref": "#/$defs/Used%20Address"}},
                        "$defs": {"Used Address": {"type": "object", "properties": {"street": {"type": "string"}}},
                                  "Unused": {"type": "object", "properties": {"zip": {"type": "string"}}}}}}]}))
    catalog.tools.extend(find_tools(doc).tools)
    found = lint(catalog, Selection(select=["param-description-missing"]))
    assert sorted(f.param for f in found) == ["street", "to"]


# ---- docstrings ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("doc,style", [
    ("""Search users.

    Args:
        query (str): Text to match.
            Also matches emails.
        limit: Maximum results.

    Returns:
        The users.
    """, "google"),
    ("""Search users.

    Parameters
    ----------
    query : str
        Text to match.
        Also matches emails.
    limit : int
        Maximum results.

    Returns
    -------
    list
    """, "numpy"),
    ("""Search users.

    :param str query: Text to match.
        Also matches emails.
    :param limit: Maximum results.
    :returns: The users.
    """, "sphinx"),
])
def test_docstring_styles(doc, style):
    parsed = parse_docstring(doc)
    assert parsed.style == style
    assert parsed.summary == "Search users."
    assert parsed.params["query"].description == "Text to match.\nAlso matches emails."
    assert parsed.params["limit"].description == "Maximum results."
    lines = doc.split("\n")
    assert "query" in lines[parsed.params["query"].line]
    assert "limit" in lines[parsed.params["limit"].line]


def test_docstring_without_sections_is_the_whole_description():
    parsed = parse_docstring("Adds two numbers.\n\n    Works with negatives too.\n    ")
    assert not parsed.structured
    assert parsed.summary == "Adds two numbers.\n\nWorks with negatives too."


# ---- safety and errors ---------------------------------------------------------------------------------------

def test_analyzed_code_is_never_imported(tmp_path):
    marker = tmp_path / "imported.txt"
    env = {**os.environ, "SCHEMALINT_SIDE_EFFECT": str(marker)}
    result = run_cli("check", os.path.join(FIXTURES, "side_effects.py"), "--format", "json", "--fail-on", "never",
                     env=env)
    assert result.returncode == 0, result.stderr
    assert '"delete_everything"' in result.stdout
    assert not marker.exists()
    # the module really does have the side effect when imported
    subprocess.run([sys.executable, os.path.join(FIXTURES, "side_effects.py")], env=env, capture_output=True)
    assert marker.read_text() == "imported"


def test_invalid_python_is_an_input_error_with_position(tmp_path):
    bad = tmp_path / "bad_tools.py"
    bad.write_text("from langchain_core.tools import tool\n\n@tool\ndef f(x: int,:\n    pass\n")
    code, errors = parse_errors(str(bad))
    assert code == 1 and len(errors) == 1
    assert errors[0][0] == str(bad) and errors[0][1] == 4 and "invalid Python" in errors[0][2]


def test_python_loader_is_not_imported_for_json_catalogs(tmp_path):
    catalog = tmp_path / "tools.json"
    catalog.write_text('{"tools": [{"name": "a", "description": "A tool.", "inputSchema": {"type": "object"}}]}')
    code = ("import sys; from schemalint.loaders import load_paths; load_paths([sys.argv[1]]); "
            "print('schemalint.loaders.python_source' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(catalog)], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_module_without_tools_is_skipped_with_a_note(tmp_path):
    plain = tmp_path / "util.py"
    plain.write_text("def helper(x: int) -> int:\n    return x\n")
    catalog = load_paths([str(plain)])
    assert not catalog.tools
    assert any("no tool definition found" in n for n in catalog.notes)


@pytest.mark.parametrize("header,says", [
    ("# -*- coding: utf-16 -*-\n", "declares the source encoding utf-16: only UTF-8 Python sources are read"),
    ("#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n", "declares the source encoding iso8859-1"),
    ("# coding: nonsense\n", "unknown source encoding 'nonsense'"),
])
def test_a_declared_encoding_other_than_utf8_is_an_input_error(tmp_path, header, says):
    source = header + 'from agents import function_tool\n\n@function_tool\ndef a(n: float) -> str:\n    """Count."""\n'
    (tmp_path / "tools.py").write_text(source)
    code, errors = parse_errors("tools.py", cwd=tmp_path)
    assert code == 1 and len(errors) == 1 and says in errors[0][2]
    result = run_cli("fix", "--write", "tools.py", cwd=tmp_path)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "tools.py").read_text() == source


def test_utf8_declaration_is_read():
    catalog = load_text('''
        # -*- coding: utf-8 -*-
        from agents import function_tool

        @function_tool
        def a(q: str) -> str:
            """Do."""
            return q
    ''')
    assert [t.name for t in catalog.tools] == ["a"]


def test_expression_too_deep_for_the_parser_is_an_input_error(tmp_path):
    source = "from agents import function_tool\nX = " + "+".join(["1"] * 200_000) + "\n"
    (tmp_path / "tools.py").write_text(source)
    code, errors = parse_errors("tools.py", cwd=tmp_path)
    assert code == 1 and len(errors) == 1 and "too deeply nested" in errors[0][2]
