"""`fix` on Python tools whose argument model has no properties where a fix looks for them.

The crash this pins (`KeyError: 'properties'`): a Pydantic model shared by two tools, one that inlines it
(FastMCP) and one that reaches it through `{"$ref": "#/$defs/..."}` (the Agents SDK). A fix that reorders the
model's fields in the first tool was expected to show up at the same place in the second, where the schema
holds only a `$ref` and no `properties`. The fix now looks for the change in `$defs`, and a fix that names a
part of the schema the tools do not have is skipped with a reason, never a traceback. Tools with no
arguments at all (a model with no fields, a function with only *args) are fixed around, never tripped over.
"""
from __future__ import annotations


from schemalint.fix.python_text import apply_python
from schemalint.model import Finding, Fix
from tests.helpers import cli_in_process as cli

SHARED_MODEL = '''from agents import function_tool
from fastmcp import FastMCP
from pydantic import BaseModel, Field

mcp = FastMCP()


class Filters(BaseModel):
    status: str | None = Field(None, description="Order state.")
    since: str | None = Field(None, description="Earliest order date.")
    until: str | None = Field(None, description="Latest order date.")
    customer_id: str = Field(description="Customer whose orders to list.")


class Search(BaseModel):
    filters: Filters


@mcp.tool
def search_inline(search: Search) -> str:
    """Search orders; the model's schema is inlined."""
    return ""


@function_tool{strict}
def search_by_ref(search: Search) -> str:
    """Search orders; the model's schema is a $ref into $defs."""
    return ""
'''

NO_ARGUMENTS = '''import openai
from agents import function_tool
from mcp.server.fastmcp import FastMCP
from pydantic import BaseModel

mcp = FastMCP("status")


class NoFields(BaseModel):
    """Report whether the service is up."""


class Empty(BaseModel):
    pass


tools = [openai.pydantic_function_tool(NoFields)]


@function_tool
def ping(args: Empty) -> str:
    """Check that the service is up."""
    return "pong"


@mcp.tool()
def total(*values: float) -> float:
    """Add up the values."""
    return sum(values)


@mcp.tool()
def search(query: str, limit: float = 10) -> list:
    """Search records by name.

    Args:
        query: Words to look for.
        limit: Maximum number of records to return.
    """
    return []
'''


def test_a_reorder_in_a_model_another_tool_reaches_by_ref_is_not_a_crash(tmp_path):
    text = SHARED_MODEL.format(strict="")
    (tmp_path / "tools.py").write_text(text)
    code, out, err = cli(tmp_path, "fix", "tools.py", "--write")
    assert code == 0 and "KeyError" not in err and "internal error" not in err, err
    # strict mode lists every field in `required`, in field order: the reorder would change that list too,
    # which the fix does not intend, so it is skipped and said so
    assert "buried-required-param not applied" in err
    assert (tmp_path / "tools.py").read_text() == text


def test_the_reorder_shows_up_in_the_defs_of_the_tool_that_reaches_it_by_ref(tmp_path):
    text = SHARED_MODEL.format(strict="(strict_mode=False)")
    (tmp_path / "tools.py").write_text(text)
    code, _, err = cli(tmp_path, "fix", "tools.py", "--write")
    assert code == 0 and "buried-required-param: 1" in err, err
    fixed = (tmp_path / "tools.py").read_text()
    assert fixed.index("    customer_id: str") < fixed.index("    status: str | None")
    code, _, err = cli(tmp_path, "fix", "tools.py", "--write")
    assert code == 0 and (tmp_path / "tools.py").read_text() == fixed and "fixed 0 findings" in err


def test_an_edit_of_properties_a_schema_does_not_hold_is_skipped():
    text = SHARED_MODEL.format(strict="")
    pointer = "/tools/1/inputSchema/properties/search/properties/filters/properties"  # only a $ref there
    fix = Fix([], "test", document_edits=[("reorder", pointer, ["customer_id", "status"])], path="t.py",
              editable=True)
    finding = Finding("test-rule", "ordering", "warning", "m", "t.py", 1, 1, None, None, None, True, fix=fix)
    done = apply_python("t.py", text, [finding])
    assert done.text == text and done.rules == []
    assert list(done.skipped) == [("test-rule", pointer)]


def test_tools_without_arguments_are_fixed_around(tmp_path):
    (tmp_path / "tools.py").write_text(NO_ARGUMENTS)
    for extra in ([], ["--unsafe"], ["--provider", "openai-strict"]):
        code, out, err = cli(tmp_path, "fix", "tools.py", *extra)
        assert code == 0 and "Traceback" not in err and "internal error" not in err, (extra, err)
    code, _, err = cli(tmp_path, "fix", "tools.py", "--write")
    assert code == 0 and "count-typed-as-number: 1" in err, err
    fixed = (tmp_path / "tools.py").read_text()
    assert "def search(query: str, limit: int = 10) -> list:" in fixed
    assert fixed.replace("limit: int = 10", "limit: float = 10") == NO_ARGUMENTS
