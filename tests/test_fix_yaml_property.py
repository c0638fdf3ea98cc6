"""`fix --write` on YAML and Python changes only what it fixes (property tests, hypothesis).

Generated catalogs draw their layout (indentation 2 or 4, indented or flush sequences, flow or block schemas,
plain, quoted, wrapped and block-scalar descriptions, comments on and between lines, CRLF, a byte order mark)
and their sharing (an anchor in one tool aliased in another, `<<: *base` merge keys, anchors under a top-level
key) and carry findings with safe fixes. The fix loop is run pass by pass as `fix` runs it; after each pass:

  (a) the file parses;
  (b) it reads as the old document with exactly the applied edits, and every tool no edit touched is, through
      schemalint's own loaders, the same tool as before;
  (c) every changed line lies in the written lines of a node an applied edit names (the generator records
      where it wrote each node, so this does not trust the editor's own positions);
  (d) then `fix --write` itself runs twice: the second run changes nothing.

The corpus YAML files (../shared/corpus) are not tool catalogs, so `fix` leaves them alone; their schema
nodes get the edits fixes make (retype, add a keyword, drop one, list every property in required, reorder
properties) straight through the editor, under the same four checks. SCHEMALINT_FIX_EXAMPLES=N explores N
random examples instead of the fixed derandomized ones.
"""
from __future__ import annotations

import ast
import contextlib
import copy
import difflib
import os
import sys
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from schemalint.cli import RECURSION_LIMIT
from schemalint.commands.fix import MAX_PASSES
from schemalint.engine.run import Selection, lint
from schemalint.fix.apply import apply_to_text, select_fixes
from schemalint.fix.json_text import EditError
from schemalint.fix.yaml_text import YamlEditor, apply_to_data, same
from schemalint.loaders import Catalog
from schemalint.loaders.formats import find_tools
from schemalint.loaders.python_source import load_python_text
from schemalint.sources import parse_text
from schemalint.sources import pointer as ptr
from tests.helpers import CORPUS, cli_in_process



@pytest.fixture(autouse=True, scope="module")
def _recursion_limit():
    """As main() sets it, before hypothesis runs; restored so later tests in this process are unaffected."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, RECURSION_LIMIT))
    yield
    sys.setrecursionlimit(before)

EXPLORE = int(os.environ.get("SCHEMALINT_FIX_EXAMPLES", "0"))
PROPERTY = settings(max_examples=EXPLORE or 30, deadline=None, derandomize=not EXPLORE,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CORPUS_SETTINGS = settings(max_examples=EXPLORE or 25, deadline=None, derandomize=not EXPLORE,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---- generated catalogs --------------------------------------------------------------------------------------

WORDS = ["alpha", "record", "order", "customer", "page", "value", "report", "entry", "search", "archive"]
LONG = ("Lists the orders of one customer, newest first, with their lines, totals and shipping state, so that "
        "a support agent can answer where an order is without opening the back office")

# kind -> (property name, schema): each kind but "plain" carries a finding with a safe fix (or helps one)
KINDS = {
    "count-number": ("limit", {"type": "number", "description": "Maximum number of rows to return."}),
    "type-alias": ("label", {"type": "str", "description": "The label to print on the record."}),
    "prose-enum": ("status", {"type": "string", "description": "Order state, one of: open, closed, all."}),
    "prose-default": ("page", {"type": "integer", "description": "Page to return. Default: 1"}),
    "hidden": ("note", {"type": "string", "description": "A free-text note\u200b for the record."}),
    "plain": ("record_id", {"type": "string", "description": "The record to read, from list_records."}),
    # required: after two optional ones, buried-required-param moves it first
    "scope": ("tenant_id", {"type": "string", "description": "Tenant whose records to read, from list_tenants."}),
}


@dataclass
class Style:
    indent: int
    seq_indent: int
    flow_props: bool
    flow_required: bool
    description: str  # plain | single | double | literal | folded | wrapped
    comments: bool
    crlf: bool
    bom: bool
    document_start: bool = False  # "---" before the catalog
    final_newline: bool = True
    broken_flow: bool = False  # flow schemas broken over two lines


@dataclass
class Shared:
    kind: str  # "alias" | "merge" | "inline-anchor"
    tool: int  # the tool that uses it
    source: int = 0  # inline-anchor: the tool whose property is anchored


@dataclass
class Catalog_:
    style: Style
    tools: list  # [(name, description, [(property, schema, required)])]
    shared: list = field(default_factory=list)


@st.composite
def catalogs(draw):
    indent = draw(st.sampled_from([2, 4]))
    style = Style(indent, draw(st.sampled_from([0, indent])), draw(st.booleans()), draw(st.booleans()),
                  draw(st.sampled_from(["plain", "single", "double", "literal", "folded", "wrapped"])),
                  draw(st.booleans()), draw(st.booleans()), draw(st.booleans()),
                  draw(st.booleans()), draw(st.booleans()), draw(st.booleans()))
    tools = []
    for t in range(draw(st.integers(1, 3))):
        kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=5, unique=True))
        if t == 0 and set(kinds) <= {"plain", "scope"}:
            kinds.append("type-alias")  # at least one fix that no anchor holds back
        props = []
        for kind in kinds:
            name, schema = KINDS[kind]
            props.append((name, copy.deepcopy(schema), kind == "scope" or draw(st.booleans()) and kind == "plain"))
        description = LONG if draw(st.booleans()) else f"Read one {WORDS[t]} by id. Use it to {WORDS[t + 1]}."
        tools.append((f"get_{WORDS[t]}", description, props))
    shared = []
    if len(tools) > 1 and draw(st.booleans()):
        shared.append(Shared(draw(st.sampled_from(["alias", "merge", "inline-anchor", "schema-alias"])),
                             len(tools) - 1))
    return Catalog_(style, tools, shared)


class Writer:
    """Writes YAML line by line and records the lines each pointer's entry spans."""

    def __init__(self, style: Style):
        self.style = style
        self.lines: list[str] = []
        self.spans: dict[str, tuple[int, int]] = {}

    def mark(self, pointer: str, first: int) -> None:
        self.spans[pointer] = (first, len(self.lines) - 1)

    def comment(self, pad: str, text: str) -> None:
        if self.style.comments:
            self.lines.append(f"{pad}# {text}")

    def tail(self, text: str) -> str:
        return f"  # {text}" if self.style.comments else ""


def scalar(value) -> str:
    import yaml

    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 20)
    return text[:-5] if text.endswith("\n...\n") else text.rstrip("\n")


def flow(schema: dict) -> str:
    import yaml

    return yaml.safe_dump(schema, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 20).strip()


def description_lines(key_pad: str, unit: int, text: str, style: str) -> list[str]:
    head = f"{key_pad}description:"
    inner = key_pad + " " * unit
    if style == "single":
        return [f"{head} '{text}'"]
    if style == "double":
        return [f'{head} "{text}"'.replace("\u200b", "\\u200B")]
    if style == "literal":
        return [f"{head} |-", inner + text]
    if style == "folded" or (style == "wrapped" and len(text) > 60):
        words, out, line = text.split(" "), [], ""
        for word in words:
            if line and len(line) + len(word) > 50:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
        if style == "folded":
            return [f"{head} >-"] + [inner + part for part in out]
        return [f"{head} {out[0]}"] + [inner + part for part in out[1:]]
    return [f"{head} {scalar(text)}"]


def write(catalog: Catalog_) -> tuple[str, dict, dict]:
    """(text, spans, data): the YAML, pointer -> lines, and what a YAML reader must get from it."""
    s = catalog.style
    w = Writer(s)
    unit = " " * s.indent
    data: dict = {}
    if s.document_start:
        w.lines.append("---")
    w.lines.append("# a catalog written for the fix property test")
    alias = next((x for x in catalog.shared if x.kind in ("alias", "merge")), None)
    inline = next((x for x in catalog.shared if x.kind == "inline-anchor"), None)
    whole = next((x for x in catalog.shared if x.kind == "schema-alias"), None)
    base = {"type": "number", "description": "Maximum number of rows to return."}
    if alias is not None:
        start = len(w.lines)
        w.lines.append("x-shared:")
        w.comment(unit, "schemas several tools use")
        w.lines.append(f"{unit}count: &count {flow(base)}")
        w.mark("/x-shared", start)
        data["x-shared"] = {"count": copy.deepcopy(base)}
    w.lines.append("tools:")
    data["tools"] = []
    dash_pad = " " * s.seq_indent
    item_pad = dash_pad + "  "
    anchored = None  # (tool, property) written with &shared
    for t, (name, description, props) in enumerate(catalog.tools):
        pointer = f"/tools/{t}"
        start = len(w.lines)
        w.comment(dash_pad, f"tool {t}")
        start_tool = len(w.lines)
        w.lines.append(f"{dash_pad}- name: {name}{w.tail('the name models see')}")
        w.mark(pointer + "/name", start_tool)
        first = len(w.lines)
        w.lines.extend(description_lines(item_pad, s.indent, description, s.description))
        w.mark(pointer + "/description", first)
        first = len(w.lines)
        if whole is not None and whole.tool == t:  # the whole input schema of tool 0, through an alias
            w.lines.append(f"{item_pad}inputSchema: *schema")
            w.mark(pointer + "/inputSchema", first)
            w.mark(pointer, start)
            data["tools"].append({"name": name, "description": description,
                                  "inputSchema": copy.deepcopy(data["tools"][0]["inputSchema"])})
            continue
        w.lines.append(f"{item_pad}inputSchema:{' &schema' if whole is not None and t == 0 else ''}")
        schema_pad = item_pad + unit
        w.lines.append(f"{schema_pad}type: object")
        properties_first = len(w.lines)
        w.lines.append(f"{schema_pad}properties:")
        prop_pad = schema_pad + unit
        tool_props: dict = {}
        for prop, schema, _ in props:
            first_prop = len(w.lines)
            w.comment(prop_pad, f"the {prop}")
            key_line = len(w.lines)
            value = copy.deepcopy(schema)
            if alias is not None and alias.tool == t and prop == props[0][0]:
                if alias.kind == "alias":
                    w.lines.append(f"{prop_pad}{prop}: *count")
                    value = copy.deepcopy(base)
                else:
                    w.lines.append(f"{prop_pad}{prop}:")
                    w.lines.append(f"{prop_pad}{unit}<<: *count")
                    w.lines.append(f"{prop_pad}{unit}description: Rows per page.{w.tail('overrides the base')}")
                    value = {**base, "description": "Rows per page."}
            elif inline is not None and inline.tool == t and anchored is not None and prop == props[0][0]:
                w.lines.append(f"{prop_pad}{prop}: *shared")
                value = copy.deepcopy(data["tools"][anchored[0]]["inputSchema"]["properties"][anchored[1]])
            elif inline is not None and t == 0 and anchored is None:
                anchored = (0, prop)
                w.lines.append(f"{prop_pad}{prop}: &shared {flow(schema)}")
            elif s.flow_props and s.broken_flow and len(schema) > 1:
                text = flow(schema)
                cut = text.index(", ") + 1
                w.lines.append(f"{prop_pad}{prop}: {text[:cut]}{w.tail('broken flow')}")
                w.lines.append(f"{prop_pad}{unit}{unit}{text[cut:].lstrip()}")
            elif s.flow_props:
                w.lines.append(f"{prop_pad}{prop}: {flow(schema)}{w.tail('flow')}")
            else:
                w.lines.append(f"{prop_pad}{prop}:")
                for key, item in schema.items():
                    if key == "description":
                        w.lines.extend(description_lines(prop_pad + unit, s.indent, item, s.description))
                    else:
                        w.lines.append(f"{prop_pad}{unit}{key}: {scalar(item)}{w.tail(key)}")
            w.mark(f"{pointer}/inputSchema/properties/{prop}", key_line)
            del first_prop
            tool_props[prop] = value
        w.mark(f"{pointer}/inputSchema/properties", properties_first)
        required = [prop for prop, _, is_required in props if is_required]
        schema_data = {"type": "object", "properties": tool_props}
        if required:
            first_required = len(w.lines)
            if s.flow_required:
                w.lines.append(f"{schema_pad}required: [{', '.join(required)}]")
            else:
                w.lines.append(f"{schema_pad}required:")
                w.lines.extend(f"{schema_pad}{' ' * s.seq_indent}- {r}" for r in required)
            w.mark(f"{pointer}/inputSchema/required", first_required)
            schema_data["required"] = required
        w.mark(pointer + "/inputSchema", first)
        w.mark(pointer, start)
        data["tools"].append({"name": name, "description": description, "inputSchema": schema_data})
    w.comment("", "end of the catalog")
    text = "\n".join(w.lines) + ("\n" if s.final_newline else "")
    return text, w.spans, data


# ---- the checks ---------------------------------------------------------------------------------------------

def _tools(path: str, text: str) -> dict:
    doc = parse_text(path, text, "yaml")
    return {t.pointer: (t.name, t.description, t.input_schema, t.annotations) for t in find_tools(doc).tools}


def _region(spans: dict, pointer: str) -> tuple[int, int] | None:
    while True:
        if pointer in spans:
            return spans[pointer]
        if not pointer:
            return None
        pointer = pointer[:pointer.rfind("/")]


def assert_changes_inside(old: str, new: str, spans: dict, pointers: list) -> None:
    """(c): the lines outside the nodes the applied edits name are in `new`, in order, byte for byte; only
    the nodes' own lines (and lines added right after them) may differ. No diff alignment is trusted: the
    runs of untouched lines must appear in order, the first at the top and the last at the bottom."""
    regions = sorted(r for r in (_region(spans, p) for p in pointers) if r is not None)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    runs, cursor = [], 0
    for first, last in regions:
        if first > cursor:
            runs.append((cursor, old_lines[cursor:first]))
        cursor = max(cursor, last + 1)
    tail = old_lines[cursor:]
    at = 0
    for n, (where, run) in enumerate(runs):
        found = next((i for i in range(at, len(new_lines) - len(run) + 1) if new_lines[i:i + len(run)] == run), None)
        assert found is not None and (where > 0 or found == 0), \
            f"lines {where + 1}-{where + len(run)} outside the edited nodes {pointers} changed: {run}"
        at = found + len(run)
    if tail:
        assert new_lines[len(new_lines) - len(tail):] == tail and len(new_lines) - len(tail) >= at, \
            f"the lines after the edited nodes {pointers} changed: {tail}"


def assert_meaning(path: str, old: str, new: str, edits: list) -> None:
    """(a) and (b): `new` parses and is `old` with exactly `edits`; tools no edit touched are unchanged."""
    before = parse_text(path, old, "yaml").data
    after = parse_text(path, new, "yaml").data
    expected = before
    for op, pointer, value in edits:
        expected = apply_to_data(expected, op, ptr.split(pointer), value)
    assert same(after, expected), "the document does not read as the old one with exactly the applied edits"
    old_tools, new_tools = _tools(path, old), _tools(path, new)
    assert old_tools.keys() == new_tools.keys()
    for where, tool in old_tools.items():
        if not any(p == where or p.startswith(where + "/") for _, p, _ in edits):
            assert new_tools[where] == tool, f"tool {where} changed, though no edit touched it"


def fix_passes(path: str, text: str, spans: dict | None = None) -> tuple[str, list]:
    """The fix loop of `schemalint fix --write`, pass by pass, checking (a), (b) and (c) after each."""
    original, edits = text, []
    for _ in range(MAX_PASSES):
        doc = parse_text(path, text, "yaml")
        found = find_tools(doc)
        findings = lint(Catalog(tools=found.tools, documents=[doc]), Selection())
        fixes = select_fixes(findings, unsafe=False)[0].get(path, [])
        if not fixes:
            break
        applied = apply_to_text(path, "yaml", text, fixes)
        if applied.text == text:
            break
        note(f"pass: {applied.rules} {applied.edits}")
        assert_meaning(path, text, applied.text, applied.edits)
        edits.extend(applied.edits)
        text = applied.text
    if spans is not None:
        assert_changes_inside(original, text, spans, [p for _, p, _ in edits])
    return text, edits


def cli(cwd, *args) -> tuple[int, str]:
    code, _, err = cli_in_process(cwd, *args)
    return code, err


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fix_yaml_property")


@PROPERTY
@given(catalogs())
def test_fix_write_changes_only_what_it_fixes(folder, catalog):
    text, spans, data = write(catalog)
    note(text)
    path = str(folder / "tools.yaml")
    assert same(parse_text(path, text, "yaml").data, data), "the generator wrote what it did not mean"
    if catalog.style.crlf:
        text = text.replace("\n", "\r\n")
    fixed, edits = fix_passes(path, text, spans)
    assert edits, "the generated catalog carried no applied fix"
    raw = ("\ufeff" if catalog.style.bom else "") + text
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(raw)
    code, err = cli(folder, "fix", "tools.yaml", "--write")
    assert code == 0, err
    with open(path, encoding="utf-8", newline="") as fh:
        once = fh.read()
    assert once == ("\ufeff" if catalog.style.bom else "") + fixed, "the command and the pass-by-pass loop differ"
    if catalog.style.crlf:
        assert once.count("\n") == once.count("\r\n")
    code, err = cli(folder, "fix", "tools.yaml", "--write")
    with open(path, encoding="utf-8", newline="") as fh:
        assert fh.read() == once and "fixed 0 findings" in err, err  # (d)


# ---- generated Python tools ---------------------------------------------------------------------------------

PY_TOOLS = {
    "count-float": ('@mcp.tool()\ndef {name}(query: str, limit: float = 10) -> list:\n'
                    '    """Search {word} records by name.\n\n    Args:\n        query: Words to look for.\n'
                    '        limit: Maximum number of records to return.\n    """\n    return []\n'),
    "only-varargs": '@mcp.tool()\ndef {name}(*values: float) -> float:\n    """Add up {word} values."""\n'
                    '    return 0.0\n',
    "no-fields-model": ('class {cls}(BaseModel):\n    """Arguments of {name}: none."""\n\n\n'
                        '@function_tool\ndef {name}(args: {cls}) -> str:\n'
                        '    """Check that the {word} service is up."""\n'
                        '    return "pong"\n'),
    "empty-model-tool": 'class {cls}(BaseModel):\n    """Report the {word} service status."""\n\n\n'
                        'TOOLS_{cls} = [openai.pydantic_function_tool({cls})]\n',
    "field-count": ('class {cls}(BaseModel):\n    """Page through {word} records."""\n\n'
                    '    cursor: str = Field("", description="Where the page starts.")\n'
                    '    page_size: float = Field(20, description="Number of records per page.")\n\n\n'
                    '@function_tool\ndef {name}(args: {cls}) -> list:\n    """List {word} records."""\n'
                    '    return []\n'),
}
PY_HEAD = ("import openai\nfrom agents import function_tool\nfrom mcp.server.fastmcp import FastMCP\n"
           "from pydantic import BaseModel, Field\n\nmcp = FastMCP(\"property\")\n")


@st.composite
def python_sources(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(PY_TOOLS)), min_size=1, max_size=4))
    parts, spans = [PY_HEAD], {}
    line = PY_HEAD.count("\n")
    for n, kind in enumerate(kinds):
        block = PY_TOOLS[kind].format(name=f"tool_{n}_{WORDS[n]}", word=WORDS[n], cls=f"Args{n}")
        parts.append("\n\n" + block)
        spans[f"tool_{n}_{WORDS[n]}"] = (line + 3, line + 2 + block.count("\n"))
        line += 2 + block.count("\n")
    text = "".join(parts)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, spans


def _python_tools(path: str, text: str) -> dict:
    catalog = Catalog()
    load_python_text(path, text, catalog)
    return {t.name: (t.description, t.input_schema) for t in catalog.tools}


@settings(max_examples=EXPLORE or 15, deadline=None, derandomize=not EXPLORE,
          suppress_health_check=[HealthCheck.too_slow])
@given(python_sources())
def test_python_fix_changes_only_the_fixed_tools(folder, source):
    text, spans = source
    note(text)
    path = folder / "tools.py"
    path.write_bytes(text.encode("utf-8"))
    before = _python_tools(str(path), text)
    code, err = cli(folder, "fix", "tools.py", "--write")
    assert code == 0 and "Traceback" not in err and "internal error" not in err, err
    fixed = path.read_bytes().decode("utf-8")
    ast.parse(fixed)  # (a)
    after = _python_tools(str(path), fixed)
    assert before.keys() == after.keys()
    changed = {name for name in before if before[name] != after[name]}
    old_lines, new_lines = text.splitlines(), fixed.splitlines()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag != "equal":  # (c) a changed line belongs to a tool whose schema the fix changed
            owners = {name for name, (first, last) in spans.items() if first <= i1 + 1 <= last + 1}
            assert owners & changed, (old_lines[i1:i2], changed)
    for name in changed:  # (b) only count types changed: float -> int
        old_schema, new_schema = before[name][1], after[name][1]
        assert str(old_schema).replace("'number'", "'integer'") == str(new_schema), name
    if "\r\n" in text:
        assert fixed.count("\n") == fixed.count("\r\n")
    code, err = cli(folder, "fix", "tools.py", "--write")
    assert code == 0 and path.read_bytes().decode("utf-8") == fixed and "fixed 0 findings" in err, err  # (d)


# ---- the corpus ---------------------------------------------------------------------------------------------

# files above this size are left to benchmarks/fix_yaml_lines.py: parsing them per example would take minutes
CORPUS_MAX_BYTES = 300_000


def _corpus_files(kind: str) -> list[str]:
    if not os.path.isdir(CORPUS):
        return []
    out = []
    for root, _, names in os.walk(CORPUS):
        for name in names:
            if name.endswith(kind) or (kind == ".yaml" and name.endswith(".yml")):
                out.append(os.path.join(root, name))
    return sorted(out)


CORPUS_YAML = [p for p in _corpus_files(".yaml") if os.path.getsize(p) <= CORPUS_MAX_BYTES]
CORPUS_PY = _corpus_files(".py")
_SCHEMAS: dict = {}


def schema_edits(data) -> list[list]:
    """The edits fixes make, one fix each, at every object schema (a mapping with `properties`) of `data`."""
    out = []
    stack = [("", data)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and props and all(isinstance(v, dict) for v in props.values()):
                names = list(props)
                out.append([("reorder", here + "/properties", names[::-1])])
                out.append([("set", here + "/required", names)])
                out.append([("set", here + "/additionalProperties", False)])
                for name in names[:3]:
                    at = ptr.join(here, "properties", name)
                    out.append([("set", at + "/type", "integer")])
                    out.append([("set", at + "/description", f"The {name}, as the backend reads it.")])
                    out.append([("set", at + "/enum", ["a", "b"])])
                    if "description" in props[name]:
                        out.append([("remove", at + "/description", None)])
            for key, child in node.items():
                stack.append((ptr.join(here, key), child))
        elif isinstance(node, list):
            stack.extend((ptr.join(here, i), child) for i, child in enumerate(node))
    return out


def _corpus_case(path: str):
    import yaml

    hit = _SCHEMAS.get(path)
    if hit is None:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        hit = _SCHEMAS[path] = (text, root, schema_edits(parse_text(path, text, "yaml").data))
    return hit


def _edited_lines(node, pointer: str) -> tuple[int, int]:
    """Lines of the node an edit names, from PyYAML's own composer (not the editor's tree)."""
    import yaml

    first, last = node.start_mark.line, node.end_mark.line
    for token in ptr.split(pointer):
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == token]
            if not match:
                break
            key, node = match[-1]
            first, last = key.start_mark.line, node.end_mark.line
        elif isinstance(node, yaml.SequenceNode):
            node = node.value[int(token)]
            first, last = node.start_mark.line, node.end_mark.line
        else:
            break
    return first, last


@pytest.mark.skipif(not CORPUS_YAML, reason=f"no YAML files under {CORPUS_MAX_BYTES} bytes in {CORPUS}")
@CORPUS_SETTINGS
@given(st.data())
def test_corpus_yaml_edits_change_only_their_nodes(data):
    path = data.draw(st.sampled_from(CORPUS_YAML))
    text, root, fixes = _corpus_case(path)
    if not fixes:
        return
    chosen = data.draw(st.lists(st.sampled_from(fixes), min_size=1, max_size=4, unique_by=lambda f: f[0][1]))
    note(f"{path}: {chosen}")
    editor = YamlEditor(text, path)
    taken = []
    for edits in chosen:
        try:
            if editor.try_apply(edits):
                taken.append(edits)
        except Exception as exc:  # noqa: BLE001 - an edit may name a node that is not there, or be refused
            note(f"not applied: {edits}: {exc}")
    new = editor.text()
    edits = [e for fix in taken for e in fix]
    assert_meaning(path, text, new, edits)  # (a), (b)
    regions = {p: _edited_lines(root, p[:p.rfind("/")] if op != "reorder" else p) for op, p, _ in edits}
    assert_changes_inside(text, new, regions, list(regions))  # (c)
    again = YamlEditor(new, path)
    for fix in taken:  # (d) the same fixes on the result change nothing
        with contextlib.suppress(EditError):  # a removed key is not there to remove again
            again.try_apply(fix)
    assert again.text() == new


@pytest.mark.skipif(not CORPUS_YAML and not CORPUS_PY, reason=f"no corpus files under {CORPUS_MAX_BYTES} bytes")
@pytest.mark.parametrize("path", CORPUS_YAML + CORPUS_PY)
def test_fix_write_on_corpus_files(tmp_path, path):
    """The corpus files themselves through `fix --write`: nothing breaks, a second run changes nothing."""
    name = os.path.basename(path)
    target = tmp_path / name
    with open(path, "rb") as fh:
        original = fh.read()
    target.write_bytes(original)
    code, err = cli(tmp_path, "fix", name, "--write")
    assert code == 0, err
    once = target.read_bytes()
    if once != original:
        parse_text(name, once)
    code, err = cli(tmp_path, "fix", name, "--write")
    assert code == 0 and target.read_bytes() == once, err


def test_python_corpus_is_noted():
    if not CORPUS_PY:
        pytest.skip(f"the corpus ({CORPUS}) holds no Python sources: generated ones cover Python")
