"""`schemalint fix` on Python sources: edits through libcst, every other byte kept, never a guessed edit."""
from __future__ import annotations

import ast
import difflib
import json
import os
import shutil

import pytest

from schemalint.fix.python_text import apply_python, load
from schemalint.model import Finding, Fix
from tests.helpers import ROOT, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "fix_python")
FILES = ["fastmcp_tools.py", "langchain_tools.py", "agents_tools.py", "pydantic_models.py"]


# these short fixtures exercise the reorder fix, not buried-required-param's length threshold (7 properties)
ANY_LENGTH = "[options.buried-required-param]\nmin-properties = 0\n"


def _copy(tmp_path):
    target = tmp_path / "src"
    shutil.copytree(FIXTURES, target)
    (target / "schemalint.toml").write_text(ANY_LENGTH)
    return target


def _report(folder, *names):
    out = run_cli("check", *names, "--format", "json", "--fail-on", "never", cwd=folder)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The fixtures before and after `fix --write --unsafe`, and a second run over the result."""
    folder = _copy(tmp_path_factory.mktemp("fix_python"))
    before = {name: _report(folder, name) for name in FILES}
    first = run_cli("fix", ".", "--write", "--unsafe", cwd=folder)
    after_text = {name: (folder / name).read_text() for name in FILES}
    second = run_cli("fix", ".", "--write", "--unsafe", cwd=folder)
    after = {name: _report(folder, name) for name in FILES}
    return folder, before, first, after_text, second, after


@pytest.mark.parametrize("name,removed,added", [
    ("fastmcp_tools.py", "    limit: float = 20,  # the server caps it at 100",
     "    limit: int = 20,  # the server caps it at 100"),
    ("langchain_tools.py", "def search_docs(query: str, max_results: float = 5) -> list:",
     "def search_docs(query: str, max_results: int = 5) -> list:"),
    ("agents_tools.py", "def fetch_page(url: str, retry_count: float = 3) -> str:",
     "def fetch_page(url: str, retry_count: int = 3) -> str:"),
    ("pydantic_models.py", '    status: str = Field("open", description="Order status.", examples=["string"])',
     '    status: str = Field("open", description="Order status.")'),
])
def test_fix_prints_a_diff_and_leaves_the_file_alone(tmp_path, name, removed, added):
    folder = _copy(tmp_path)
    original = (folder / name).read_bytes()
    out = run_cli("fix", name, cwd=folder)
    assert out.returncode == 0, out.stderr
    assert f"--- a/{name}" in out.stdout and f"+++ b/{name}" in out.stdout
    assert f"\n-{removed}\n" in out.stdout
    assert f"\n+{added}\n" in out.stdout
    assert (folder / name).read_bytes() == original
    assert "would fix" in out.stderr


def test_write_applies_and_a_second_run_changes_nothing(written):
    folder, _, first, after_text, second, _ = written
    assert first.returncode == 0, first.stderr
    assert "fixed 0 findings" not in first.stderr
    assert second.returncode == 0, second.stderr
    assert "fixed 0 findings in 0 files" in second.stderr
    for name in FILES:
        assert (folder / name).read_text() == after_text[name]
        assert after_text[name] != (open(os.path.join(FIXTURES, name)).read())


def test_fixed_files_parse_lint_with_fewer_findings_and_score_no_lower(written):
    folder, before, _, after_text, _, after = written
    for name in FILES:
        ast.parse(after_text[name])
        assert len(after[name]["findings"]) < len(before[name]["findings"]), name
        assert after[name]["summary"]["score"] >= before[name]["summary"]["score"], name
        assert after[name]["summary"]["tools"] == before[name]["summary"]["tools"], name
        fixed_rules = {f["rule"] for f in before[name]["findings"] if f["fixable"]}
        left = {f["rule"] for f in after[name]["findings"] if f["fixable"]}
        assert left < fixed_rules or not left, (name, left)


# original line numbers each fix may touch; every other line must come through byte for byte
EDITED_LINES = {
    "fastmcp_tools.py": {15, 16, 28, 30, 33, 45},
    "langchain_tools.py": {11, 12, 13, 23},
    "agents_tools.py": {9},
    "pydantic_models.py": {9, 13, 15, 20},
}


def test_bytes_outside_the_edited_nodes_are_identical(written):
    _, _, _, after_text, _, _ = written
    for name in FILES:
        old = open(os.path.join(FIXTURES, name), encoding="utf-8").read()
        new = after_text[name]
        matcher = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True), autojunk=False)
        touched = set()
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":
                touched.update(range(i1 + 1, max(i2, i1 + 1) + 1))
        assert touched <= EDITED_LINES[name], (name, sorted(touched))
        # inside an edited line, only the edited node changes: indentation and trailing comments stay
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                for a, b in zip(old.splitlines()[i1:i2], new.splitlines()[j1:j2]):
                    assert a[:len(a) - len(a.lstrip())] == b[:len(b) - len(b.lstrip())]
                    if "#" in a:
                        assert b.endswith(a[a.index("#"):])


def test_edits_per_framework(written):
    _, _, _, text, _, _ = written
    fastmcp = text["fastmcp_tools.py"]
    assert '    status: Literal["Open", "Closed"] = "Open",\n' in fastmcp  # default-not-in-enum
    assert '@mcp.tool(name="get_ticket", annotations={"readOnlyHint": True})\n' in fastmcp  # provider-tool-name
    assert "        ticket_id: Ticket key such as ENG-12.\n" in fastmcp  # hidden-unicode, docstring entry
    # the docstring's summary is rewritten, its Args section kept
    doc = ast.get_docstring(next(n for n in ast.parse(fastmcp).body
                                 if isinstance(n, ast.FunctionDef) and n.name == "get_ticket"))
    assert doc.startswith("Get one ticket. ") and "\n\nArgs:\n    ticket_id: Ticket key such as ENG-12." in doc
    pydantic = text["pydantic_models.py"]
    assert '    limit: int = Field(10, description="Maximum number of orders to return (min 1, max 50).", ge=1, le=50)\n' \
        in pydantic  # count-typed-as-number and range-only-in-prose on one Field call
    assert '    # free-text filter\n    query: Optional[str]' in pydantic
    langchain = text["langchain_tools.py"]
    # buried-required-param: the model's fields are reordered, the blank line after the docstring stays
    assert ('    """Weather lookup arguments."""\n\n    city: str = Field(description="City name, e.g. Paris.")\n'
            '    units: Optional[str]') in langchain
    assert "def get_weather(city: str, units: Optional[str] = \"metric\", days: float = 1) -> str:" in langchain


def test_function_signatures_are_never_reordered(tmp_path):
    source = tmp_path / "server.py"
    text = ('from fastmcp import FastMCP\n\nmcp = FastMCP()\n\n\n@mcp.tool\n'
            'def archive(*, note: str | None = None, reason: str | None = None, ticket_id: str) -> str:\n'
            '    """Archive a ticket.\n\n    Args:\n        note: Note kept with the ticket.\n'
            '        reason: Why it is archived.\n        ticket_id: Ticket key.\n    """\n    return ""\n')
    source.write_text(text)
    (tmp_path / "schemalint.toml").write_text(ANY_LENGTH)
    out = run_cli("fix", "server.py", "--select", "buried-required-param", "--write", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert source.read_text() == text
    assert "server.py:7: buried-required-param not applied: function parameters are not reordered" in out.stderr


def test_edits_with_no_place_in_the_source_are_skipped_and_counted(tmp_path):
    folder = _copy(tmp_path)
    out = run_cli("fix", "fastmcp_tools.py", "--select", "enum-only-in-prose", cwd=folder)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    assert "1 fixes have no safe place in the source" in out.stderr
    assert "enum-only-in-prose not applied: allowed values would need a Literal[...]" in out.stderr


def test_unparseable_python_is_never_written_and_the_other_files_are_still_fixed(tmp_path):
    good = tmp_path / "good.py"
    shutil.copy(os.path.join(FIXTURES, "agents_tools.py"), good)
    broken = tmp_path / "broken.py"
    broken_text = ('from fastmcp import FastMCP\n\nmcp = FastMCP()\n\n\n@mcp.tool\n'
                   'def count(limit: float = 10 -> int:\n    """Count things."""\n    return 0\n')
    broken.write_text(broken_text)
    good_text = good.read_text()
    out = run_cli("fix", ".", "--write", "--unsafe", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("schemalint: error: ") and "broken.py:7:" in last and last.endswith("(not fixed)")
    assert broken.read_text() == broken_text
    assert good.read_text() != good_text  # one file that does not parse does not stop the others being fixed


# ---- apply_python on its own: edits a rule could ask for, checked against what the loader reads back ----------

def _finding(path, *edits, rule="test-rule"):
    fix = Fix([], "test", document_edits=list(edits), path=path, editable=True)
    return Finding(rule, "description", "warning", "m", path, 1, 1, None, None, None, True, fix=fix)


PAGE_MODEL = '''from fastmcp import FastMCP
from pydantic import BaseModel, Field

mcp = FastMCP()


class Page(BaseModel):
    """A page of results."""

    offset: int = Field(
        default=0,
        description="Results to skip.",
        examples=[0],
    )
    size: int = Field(10, description="Page size.")  # keep


@mcp.tool
def list_items(page: Page, owner: str) -> list:
    """List items.

    Args:
        owner: Owner of the items,
            as a user name.
    """
    return []
'''


def test_keyword_added_to_a_multiline_call_and_removed_again(tmp_path):
    path = str(tmp_path / "page.py")
    prop = "/tools/0/inputSchema/properties/page/properties/offset"
    done = apply_python(path, PAGE_MODEL, [_finding(path, ("set", prop + "/maximum", 1000))])
    assert done.rules == ["test-rule"]
    assert '        examples=[0],\n        le=1000,\n    )\n    size: int = Field(10, description="Page size.")  # keep\n' \
        in done.text
    again = apply_python(path, done.text, [_finding(path, ("remove", prop + "/examples", None))])
    assert '        description="Results to skip.",\n        le=1000,\n    )\n' in again.text
    doc, _ = load(path, again.text)
    offset = doc.data["tools"][0]["inputSchema"]["properties"]["page"]["properties"]["offset"]
    assert offset["maximum"] == 1000 and "examples" not in offset


def test_docstring_entry_and_summary(tmp_path):
    path = str(tmp_path / "page.py")
    owner = "/tools/0/inputSchema/properties/owner/description"
    done = apply_python(path, PAGE_MODEL, [
        _finding(path, ("set", owner, "User name of the owner.")),
        _finding(path, ("set", "/tools/0/description", 'List the items a user owns. Say "all" \\ for every one.')),
    ])
    assert len(done.rules) == 2, done.skipped
    assert '    """List the items a user owns. Say "all" \\\\ for every one.\n\n    Args:\n' \
           '        owner: User name of the owner.\n    """\n' in done.text
    doc, _ = load(path, done.text)
    tool = doc.data["tools"][0]
    assert tool["description"] == 'List the items a user owns. Say "all" \\ for every one.'
    assert tool["inputSchema"]["properties"]["owner"]["description"] == "User name of the owner."
    assert done.text.replace(done.text[done.text.index('    """List the items'):], "") == \
        PAGE_MODEL.replace(PAGE_MODEL[PAGE_MODEL.index('    """List items.'):], "")


def test_edits_the_framework_would_not_read_are_skipped(tmp_path):
    path = str(tmp_path / "page.py")
    size = "/tools/0/inputSchema/properties/page/properties/size"
    findings = [
        _finding(path, ("set", "/tools/0/inputSchema/required", ["owner"]), rule="required"),
        _finding(path, ("remove", size + "/default", None), rule="default"),
        _finding(path, ("set", "/tools/0/inputSchema/properties/owner/enum", ["a", "b"]), rule="enum"),
    ]
    done = apply_python(path, PAGE_MODEL, findings)
    assert done.text == PAGE_MODEL and done.rules == []
    reasons = {rule: why for (rule, _), (_, why) in done.skipped.items()}
    assert set(reasons) == {"required", "default", "enum"}
    assert "`required` follows from which parameters have defaults" in reasons["required"]
    assert "makes a Python parameter required" in reasons["default"]
    assert "Literal" in reasons["enum"]


def test_tool_name_goes_into_the_decorator_not_the_function(tmp_path):
    path = str(tmp_path / "page.py")
    done = apply_python(path, PAGE_MODEL, [_finding(path, ("set", "/tools/0/name", "list-items"))])
    assert "@mcp.tool(name=\"list-items\")\ndef list_items(page: Page, owner: str) -> list:\n" in done.text
    doc, _ = load(path, done.text)
    assert doc.data["tools"][0]["name"] == "list-items"


def test_model_shared_by_two_tools_is_edited_once_for_both(tmp_path):
    path = str(tmp_path / "shared.py")
    text = ('from fastmcp import FastMCP\nfrom pydantic import BaseModel, Field\n\nmcp = FastMCP()\n\n\n'
            'class Filter(BaseModel):\n    max_count: float = Field(5, description="How many.")\n\n\n'
            '@mcp.tool\ndef a(f: Filter) -> str:\n    """A."""\n    return ""\n\n\n'
            '@mcp.tool\ndef b(f: Filter) -> str:\n    """B."""\n    return ""\n')
    pointer = "/tools/0/inputSchema/properties/f/properties/max_count/type"
    done = apply_python(path, text, [_finding(path, ("set", pointer, "integer"))])
    assert "    max_count: int = Field(5" in done.text
    doc, _ = load(path, done.text)
    for tool in doc.data["tools"]:
        assert tool["inputSchema"]["properties"]["f"]["properties"]["max_count"]["type"] == "integer"
