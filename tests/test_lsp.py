"""`schemalint server` end to end: a pytest-lsp client talks to the real server process over stdio, in a workspace
folder made for each test."""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import sys
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.helpers import CORPUS
from tests.plugin_env import install_dist_info, plugin_env

SERVER = [sys.executable, "-m", "schemalint", "server"]
WAIT = 120  # seconds before a missing notification fails the test instead of hanging it
BFCL = os.path.join(CORPUS, "bfcl", "bfcl_unique_functions.json")

INVOICE = """[
  {"name": "get_invoice", "description": "Get one invoice by its id and return its lines and total.",
   "inputSchema": {"type": "object", "properties": {
     "invoice_id": {"type": "string", "description": "The invoice's id, e.g. in_123."},
     "page": {"type": "dict", "description": "Which part of the lines to return.", "properties": {
       "limit": {"type": "integer", "description": "Lines per page, 1 to 100."}}}},
     "required": ["invoice_id"]}}
]
"""

REFERENCES = """[
  {"name": "get_invoice", "description": "Get one invoice of a customer. Call list_customers first to get the id.",
   "inputSchema": {"type": "object", "properties": {"customer_id": {"type": "string",
     "description": "The customer's id, e.g. cus_123."}}, "required": ["customer_id"]}},
  {"name": "search_customers", "description": "Search customers by name and return their ids.",
   "inputSchema": {"type": "object", "properties": {"query": {"type": "string",
     "description": "Part of the customer's name."}}, "required": ["query"]}}
]
"""
LIST_CUSTOMERS = """[{"name": "list_customers", "description": "List every customer with their id, newest first.",
  "inputSchema": {"type": "object", "properties": {}}}]
"""


async def _start(lsp_client: LanguageClient, folder) -> None:
    lsp_client.folder = folder
    lsp_client.published, lsp_client.seen = [], 0

    def record(params=None):  # every publishDiagnostics, in order (waiting for the next one could miss one)
        if params is not None:
            lsp_client.published.append(params)
        lsp_client.protocol.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, callback=record)

    record()

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params):  # accept the server's file watchers (VS Code's client does)
        return None

    uri = f"file://{folder}"
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=uri,
        workspace_folders=[types.WorkspaceFolder(uri=uri, name="ws")]))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path):
    await _start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


_SITE = tempfile.mkdtemp(prefix="schemalint-plugin-site-")
atexit.register(shutil.rmtree, _SITE, True)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=plugin_env(_SITE)))
async def plugin_client(lsp_client: LanguageClient, tmp_path):
    await _start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


CRASHING_RULE = '''from schemalint.api import Rule, bad


class Crash(Rule):
    """Fails on every tool, as a buggy plugin rule would."""

    id = "crashing-rule"
    category = "validity"
    summary = hint = "Crashes."
    sources = ("a test",)
    messages = {"m": "m"}
    valid = [{"name": "a", "description": "A tool.", "inputSchema": {"type": "object"}}]
    invalid = [bad({"name": "a", "description": "A tool.", "inputSchema": {"type": "object"}}, "m")]

    def check_tool(self, tool, ctx):
        if tool.name == "explode":
            raise ValueError("a plugin bug")
'''
_CRASHY = tempfile.mkdtemp(prefix="schemalint-crashing-plugin-")
atexit.register(shutil.rmtree, _CRASHY, True)
with open(os.path.join(_CRASHY, "crashing_rules.py"), "w", encoding="utf-8") as _fh:
    _fh.write(CRASHING_RULE)
install_dist_info(_CRASHY, "acme-crashing", "[schemalint.rules]\nacme = crashing_rules\n")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=plugin_env(_SITE, _CRASHY)))
async def crashing_client(lsp_client: LanguageClient, tmp_path):
    await _start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


def _write(client, name: str, text: str) -> str:
    path = client.folder / name
    path.write_text(text, encoding="utf-8")
    return f"file://{path}"


def _open(client, uri: str, text: str, language: str = "json") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=text)))


def _change(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def _diagnostics(client, uri: str, version: int) -> list[types.Diagnostic]:
    """The next diagnostics the server publishes for `uri` at `version`; what was published before is skipped."""
    async def wait():
        while True:
            while client.seen < len(client.published):
                params = client.published[client.seen]
                client.seen += 1
                if params.uri == uri and params.version == version:
                    return params.diagnostics
            await asyncio.sleep(0.02)
    return await asyncio.wait_for(wait(), WAIT)


def _codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


def _apply(text: str, edit: types.TextEdit) -> str:
    lines = text.split("\n")  # the buffers here are ASCII: UTF-16 units are characters

    def offset(pos):
        return sum(len(line) + 1 for line in lines[:pos.line]) + pos.character
    return text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]


@pytest.mark.asyncio
async def test_open_and_change_publish_diagnostics_with_rule_severity_link_and_range(client: LanguageClient):
    uri = _write(client, "tools.json", INVOICE)
    _open(client, uri, INVOICE)
    found = {d.code: d for d in await _diagnostics(client, uri, 1)}
    wrong_type = found["non-json-schema-type"]
    assert wrong_type.severity == types.DiagnosticSeverity.Error and wrong_type.source == "schemalint"
    assert "has type 'dict'" in wrong_type.message
    line = INVOICE.split("\n")[wrong_type.range.start.line]
    # the range is the node's key, exactly: `"type"` of the `page` parameter
    assert line[wrong_type.range.start.character:wrong_type.range.end.character] == '"type"'
    assert line.index('"page"') < wrong_type.range.start.character
    explain = wrong_type.code_description.href
    assert explain.startswith("file://")
    with open(explain[len("file://"):], encoding="utf-8") as fh:
        assert fh.read().startswith("non-json-schema-type (validity, error")
    # three quick changes: only the last text's findings are published for the last version
    renamed = INVOICE.replace('"type": "dict"', '"type": "hashmap"')
    _change(client, uri, 2, INVOICE.replace('"get_invoice"', '"get invoice"'))
    _change(client, uri, 3, INVOICE.replace('"type": "dict"', '"type": "map"'))
    _change(client, uri, 4, renamed)
    last = await _diagnostics(client, uri, 4)
    messages = [d.message for d in last if d.code == "non-json-schema-type"]
    assert len(messages) == 1 and "'hashmap'" in messages[0]


@pytest.mark.asyncio
async def test_code_action_fix_applied_and_relinted_clean(client: LanguageClient):
    uri = _write(client, "tools.json", INVOICE)
    _open(client, uri, INVOICE)
    wrong_type = next(d for d in await _diagnostics(client, uri, 1) if d.code == "non-json-schema-type")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=wrong_type.range,
        context=types.CodeActionContext(diagnostics=[wrong_type])))
    fix = next(a for a in actions if "[non-json-schema-type]" in a.title)
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred and "unsafe" not in fix.title
    [edit] = fix.edit.changes[uri]
    fixed = _apply(INVOICE, edit)
    # byte for byte the same file but for the one value
    assert fixed == INVOICE.replace('"type": "dict"', '"type": "object"')
    _change(client, uri, 2, fixed)
    after = await _diagnostics(client, uri, 2)
    assert "non-json-schema-type" not in _codes(after)
    assert not await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=wrong_type.range,
        context=types.CodeActionContext(diagnostics=[])))  # nothing left to fix, not even a "fix all"


@pytest.mark.asyncio
async def test_unsafe_fixes_are_offered_labelled(client: LanguageClient):
    text = INVOICE.replace('"Lines per page, 1 to 100."}', '"Lines per page, 1 to 100.", "example": 10}')
    uri = _write(client, "tools.json", text)
    _open(client, uri, text)
    anchoring = next(d for d in await _diagnostics(client, uri, 1) if d.code == "anchoring-example")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=anchoring.range,
        context=types.CodeActionContext(diagnostics=[anchoring])))
    drop = next(a for a in actions if "[anchoring-example]" in a.title)
    assert drop.title.startswith("Fix (unsafe: changes what the model reads): ") and not drop.is_preferred
    assert _apply(text, drop.edit.changes[uri][0]) == INVOICE
    # "fix all" takes the safe fixes only: the type is fixed, the example stays
    fix_all = next(a for a in actions if a.kind == types.CodeActionKind.SourceFixAll)
    assert _apply(text, fix_all.edit.changes[uri][0]) == text.replace('"type": "dict"', '"type": "object"')
    only = await client.text_document_code_action_async(types.CodeActionParams(  # what an editor asks on save
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(types.Position(0, 0),
                                                                               types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert [a.title for a in only] == [fix_all.title]


@pytest.mark.asyncio
async def test_hover_on_tool_parameter_and_suppressed_rule(client: LanguageClient):
    text = INVOICE.replace('"inputSchema"', '"x-schemalint-ignore": ["free-form-object"],\n   "inputSchema"')
    uri = _write(client, "tools.json", text)
    _open(client, uri, text)
    await _diagnostics(client, uri, 1)
    lines = text.split("\n")

    async def hover(needle: str, nth_line: int | None = None):
        line = nth_line if nth_line is not None else next(i for i, s in enumerate(lines) if needle in s)
        character = lines[line].index(needle) + 2
        result = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character)))
        return result.contents.value if result else None

    tool = await hover('"get_invoice"')
    assert tool.startswith("**get_invoice**: prompt score ") and "tokens per request" in tool
    assert "`non-json-schema-type` (error)" in tool
    param = await hover('"page"')
    assert param.startswith("**page** of `get_invoice`: ~") and "`non-json-schema-type` (error)" in param
    assert "invoice_id" not in param
    clean = await hover('"invoice_id"')
    assert "No findings on this parameter." in clean
    rule = await hover("free-form-object")
    assert rule.startswith("**free-form-object** (parameters, ")
    assert await hover("return its lines") is None  # prose is not a rule id, a parameter or a name


@pytest.mark.asyncio
async def test_config_change_relints_open_files(client: LanguageClient):
    uri = _write(client, "tools.json", INVOICE)
    _open(client, uri, INVOICE)
    assert "non-json-schema-type" in _codes(await _diagnostics(client, uri, 1))
    config = client.folder / "pyproject.toml"
    config.write_text('[tool.schemalint]\nignore = ["non-json-schema-type"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=f"file://{config}", type=types.FileChangeType.Created)]))
    assert "non-json-schema-type" not in _codes(await _diagnostics(client, uri, 1))
    config.write_text('[tool.schemalint]\nignore = ["no-such-rule"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=f"file://{config}", type=types.FileChangeType.Changed)]))
    broken = await _diagnostics(client, uri, 1)
    assert "non-json-schema-type" in _codes(broken)  # the defaults apply, and the diagnostics say why
    problem = next(d for d in broken if d.code == "configuration")
    assert "unknown rule or category 'no-such-rule'" in problem.message


@pytest.mark.asyncio
async def test_half_typed_json_is_a_parse_diagnostic_and_the_server_lives_on(client: LanguageClient):
    uri = _write(client, "tools.json", INVOICE)
    half = INVOICE[:INVOICE.index('"page"') + 12]
    _open(client, uri, half)
    [parse] = await _diagnostics(client, uri, 1)
    assert parse.code == "parse-error" and parse.severity == types.DiagnosticSeverity.Error
    assert parse.message.startswith("invalid JSON")
    assert parse.range.start.line == half.count("\n")  # where the parser stopped: the last line typed
    _change(client, uri, 2, INVOICE)
    assert "non-json-schema-type" in _codes(await _diagnostics(client, uri, 2))


PYTHON_TOOL = '''from fastmcp import FastMCP

mcp = FastMCP("billing")


@mcp.tool
def get_invoice(invoice_id: str, limit: float = 10) -> dict:  # schemalint: ignore[param-description-missing]
    """Get one invoice by its id and return its lines and total."""
    return {}
'''

YAML_TOOLS = """tools:
  - name: get_invoice
    description: Get one invoice by its id and return its lines and total.
    x-schemalint-ignore:
      - free-form-object
    inputSchema:
      type: object
      properties:
        page:
          type: dict
          description: Which part of the lines to return.
"""


@pytest.mark.asyncio
async def test_python_and_yaml_buffers(client: LanguageClient):
    py = _write(client, "server.py", PYTHON_TOOL)
    _open(client, py, PYTHON_TOOL, "python")
    found = await _diagnostics(client, py, 1)
    count = next(d for d in found if d.code == "count-typed-as-number")
    line = PYTHON_TOOL.split("\n")[count.range.start.line]
    assert line[count.range.start.character:count.range.end.character] == "limit"
    assert "param-description-missing" not in _codes(found)  # the line's suppression applies
    def_line = PYTHON_TOOL.split("\n").index(next(s for s in PYTHON_TOOL.split("\n") if "ignore[" in s))
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=py),
        position=types.Position(def_line, PYTHON_TOOL.split("\n")[def_line].index("param-description-") + 3)))
    assert hover.contents.value.startswith("**param-description-missing** (description, ")
    yml = _write(client, "tools.yaml", YAML_TOOLS)
    _open(client, yml, YAML_TOOLS, "yaml")
    wrong_type = next(d for d in await _diagnostics(client, yml, 1) if d.code == "non-json-schema-type")
    assert YAML_TOOLS.split("\n")[wrong_type.range.start.line].strip() == "type: dict"
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=yml), position=types.Position(4, 10)))
    assert hover.contents.value.startswith("**free-form-object**")
    half = YAML_TOOLS.replace("type: dict", "type: [dict")
    _change(client, yml, 2, half)
    [parse] = await _diagnostics(client, yml, 2)
    assert parse.code == "parse-error" and parse.message.startswith("invalid YAML")


@pytest.mark.asyncio
async def test_files_that_are_not_catalogs_get_nothing(client: LanguageClient):
    text = '{"compilerOptions": {"strict": true}}\n'
    uri = _write(client, "tsconfig.json", text)
    _open(client, uri, text)
    assert not await _diagnostics(client, uri, 1)
    readme = _write(client, "README.md", "# tools\n")
    _open(client, readme, "# tools\n", "markdown")
    assert not await _diagnostics(client, readme, 1)


@pytest.mark.asyncio
async def test_cross_file_rules_see_the_workspace_catalog(client: LanguageClient):
    other = client.folder / "customers.json"
    other.write_text(LIST_CUSTOMERS, encoding="utf-8")
    uri = _write(client, "invoices.json", REFERENCES)
    _open(client, uri, REFERENCES)
    # list_customers is defined in another file of the workspace: the reference is known
    assert "unknown-tool-reference" not in _codes(await _diagnostics(client, uri, 1))
    # the other file open and edited (not saved): its buffer counts, and this file is linted again
    other_uri = f"file://{other}"
    _open(client, other_uri, LIST_CUSTOMERS)
    await _diagnostics(client, other_uri, 1)
    _change(client, other_uri, 2, LIST_CUSTOMERS.replace("list_customers", "list_clients"))
    assert "unknown-tool-reference" in _codes(await _diagnostics(client, uri, 1))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=other_uri)))
    other.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=other_uri, type=types.FileChangeType.Deleted)]))
    assert "unknown-tool-reference" in _codes(await _diagnostics(client, uri, 1))
    other.write_text(LIST_CUSTOMERS, encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=other_uri, type=types.FileChangeType.Created)]))
    assert "unknown-tool-reference" not in _codes(await _diagnostics(client, uri, 1))


@pytest.mark.asyncio
async def test_plugin_rules_fire_in_the_server(plugin_client: LanguageClient):
    text = INVOICE.replace('"invoice_id": {"type": "string"', '"sql": {"type": "string"')
    uri = _write(plugin_client, "tools.json", text)
    _open(plugin_client, uri, text)
    codes = _codes(await _diagnostics(plugin_client, uri, 1))
    assert "missing-owner" in codes and "raw-sql-parameter" in codes


@pytest.mark.asyncio
async def test_a_rule_that_fails_is_a_diagnostic_and_the_server_lives_on(crashing_client: LanguageClient):
    text = INVOICE.replace('"get_invoice"', '"explode"')
    uri = _write(crashing_client, "tools.json", text)
    _open(crashing_client, uri, text)
    [failed] = await _diagnostics(crashing_client, uri, 1)
    assert failed.code == "internal-error"
    assert failed.message.endswith("ValueError: a plugin bug")
    _change(crashing_client, uri, 2, INVOICE)
    assert "non-json-schema-type" in _codes(await _diagnostics(crashing_client, uri, 2))


@pytest.mark.skipif(not os.path.exists(BFCL), reason="the BFCL corpus file is absent (see tests/helpers.py CORPUS)")
@pytest.mark.asyncio
async def test_large_catalog_diagnostics_arrive_after_a_change(client: LanguageClient):
    text = open(BFCL, encoding="utf-8").read()
    uri = _write(client, "bfcl.json", text)
    _open(client, uri, text)
    first = await _diagnostics(client, uri, 1)
    assert len(first) > 1000
    lines = text.split("\n")
    edited = "\n".join(lines[:-2] + [lines[-2] + " "] + lines[-1:])  # a keystroke at the end of the file
    _change(client, uri, 2, edited)
    second = await _diagnostics(client, uri, 2)
    assert _codes(second) == _codes(first)
