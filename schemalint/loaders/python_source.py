"""Python sources to tools, read statically: the analyzed code is never imported or executed.

The source is parsed with the standard library's `ast` (exact line and column of every node, ~13x faster
than libcst on this workload: see benchmarks/python_sources.py); nothing is imported, evaluated or run.

Recognized: FastMCP `@mcp.tool` (and the MCP SDK's FastMCP), LangChain `@tool` / `StructuredTool.from_function` /
`BaseTool` subclasses, OpenAI Agents SDK `@function_tool`, Pydantic models given to `pydantic_function_tool`,
`bind_tools` or `args_schema=`, and plain typed functions registered as tools (`tools=[...]`, `bind_tools([...])`).
Each tool's schema is the one its framework would send to the model (see loaders/python/frameworks.py).

The document's data is an MCP-like `{"tools": [{"name", "description", "inputSchema"}]}`; its pointers are
synthetic and `locate` maps them to the Python line and column of the decorator, parameter, Field call or
docstring line they come from. `# schemalint: ignore[rule-id]` comments fill `catalog.line_ignores`.
"""
from __future__ import annotations

import ast
import os
import re
import warnings

from ..model import Tool
from ..sources import Document, InputError
from ..sources.document import UTF8_BOM, read_bytes
from ..sources import pointer as ptr
from .python.frameworks import FORMATS, Finder, build_tool, iter_subschemas
from .python.module import ModuleInfo
from .python.schema import ANCHOR, DESC_ANCHOR, PRIVATE_KEYS, SOURCE, UNRESOLVED, SchemaBuilder

_IGNORE = re.compile(r"#\s*schemalint:\s*ignore(?:\[([^\]]*)\])?")
# a module without any of these words defines no tool we recognize: skip parsing it
_TRIGGERS = re.compile(r"\btool\b|tool\(|\.tool\b|function_tool|add_tool|tools\s*=|bind_tools|BaseTool|"
                       r"convert_to_openai|pydantic_function_tool|from_function")
# types static reading cannot see into are marked so that type-level rules stay silent on them
UNRESOLVED_IGNORES = ["parameters", "provider", "validity"]


def parse_module(path: str, text: str) -> ModuleInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like are not ours to report
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = exc.offset or 1
        raise InputError(path, f"invalid Python: {exc.msg}", line, col) from None
    except ValueError as exc:  # null bytes
        raise InputError(path, f"invalid Python: {exc}") from None
    except (RecursionError, MemoryError):  # e.g. an expression of 100,000 terms
        raise InputError(path, "Python source too deeply nested for the parser") from None
    return ModuleInfo(path, tree, text)


class PythonLoader:
    """Parses modules (the linted ones and those they import from the same source tree) and resolves names."""

    def __init__(self):
        self.modules: dict[str, ModuleInfo | None] = {}

    def parse(self, path: str, text: str) -> ModuleInfo:
        info = parse_module(path, text)
        if path != "-":
            self.modules[os.path.abspath(path)] = info
        return info

    def module_at(self, path: str) -> ModuleInfo | None:
        key = os.path.abspath(path)
        if key not in self.modules:
            self.modules[key] = None
            try:
                with open(path, "rb") as fh:
                    text = fh.read().decode("utf-8-sig")
                self.parse(path, text)
            except (OSError, UnicodeDecodeError, InputError):
                return None
        return self.modules[key]

    def line_of(self, mod: ModuleInfo, node) -> int:
        pos = mod.position(node) if node is not None else None
        return pos[0] if pos else 1

    def resolve_symbol(self, expr, mod: ModuleInfo, want: str = "any", depth: int = 0):
        """(module, node) a name refers to: a class, or a module-level assignment (type alias), in this module or
        one imported from the same source tree. None when it cannot be found statically."""
        if depth > 6 or not isinstance(expr, (ast.Name, ast.Attribute)):
            return None
        if isinstance(expr, ast.Name):
            name = expr.id
            if name in mod.classes:
                return mod, mod.classes[name]
            if name in mod.assigns and want == "any":
                return mod, mod.assigns[name]
            qualified = mod.imports.get(name)
        else:
            qualified = mod.qualify(expr)
        if qualified is None or qualified.startswith("<"):
            return None
        module_name, _, symbol = qualified.rpartition(".")
        if not module_name:
            return None
        path = mod.resolve_module_file(module_name)
        other = self.module_at(path) if path is not None else None
        if other is None:
            return None
        return self.resolve_symbol(ast.Name(id=symbol), other, want, depth + 1)


def load_python(path: str, catalog, loader: PythonLoader | None = None) -> None:
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    count = len(catalog.documents)
    load_python_text(path, text, catalog, loader)
    if raw.startswith(UTF8_BOM):
        for doc in catalog.documents[count:]:
            doc.bom = True


# PEP 263: a coding declaration on one of the first two lines
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.M)


def _check_declared_encoding(path: str, text: str) -> None:
    """Python sources are read (and fixed) as UTF-8: refuse one whose coding declaration says otherwise,
    rather than read or rewrite it in an encoding its author did not use."""
    found = _CODING.search("\n".join(text.split("\n", 2)[:2]))
    if found is None:
        return
    import codecs

    try:
        encoding = codecs.lookup(found.group(1)).name
    except LookupError:
        raise InputError(path, f"invalid Python: unknown source encoding {found.group(1)!r}", 1, 1) from None
    if encoding != "utf-8":
        raise InputError(path, f"declares the source encoding {encoding}: only UTF-8 Python sources are read")


def load_python_text(path: str, text: str, catalog, loader: PythonLoader | None = None,
                     sites: dict | None = None) -> None:
    """`sites`, when given, is filled for `schemalint fix` with what each synthetic pointer comes from:
    "module" -> ModuleInfo, "anchors" -> {pointer: node}, tool pointer -> (ToolDef, Built),
    property pointer -> (module, declaration, annotation, FieldSpec)."""
    if "schemalint" in text:
        _line_ignores(path, text, catalog)
    if not _TRIGGERS.search(text):
        catalog.notes.append(f"skipped {path}: no tool definition found")
        return
    _check_declared_encoding(path, text)
    loader = loader or _shared_loader(catalog)
    info = loader.parse(path, text)
    finder = Finder(info, lambda expr, mod: _model_class(loader, expr, mod))
    finder.run()
    if sites is not None:
        sites["module"] = info
    if not finder.tools:
        catalog.notes.append(f"skipped {path}: no tool definition found")
        return
    anchors: dict = {}
    tools_data: list = []
    doc = Document(path, "python", {"tools": tools_data}, text, lambda p: _locate(info, anchors, p))
    if sites is not None:
        sites["anchors"] = anchors
    for td in finder.tools:
        built = build_tool(td, loader, catalog.notes)
        if built is None:
            continue
        index = len(tools_data)
        pointer = f"/tools/{index}"
        schema_pointer = pointer + "/inputSchema"
        anchors[pointer] = td.anchor
        for key, node in built.anchors.items():
            anchors[f"{pointer}/{key}"] = node
        schema = _finish(built.schema, schema_pointer, anchors, sites)
        if sites is not None:
            sites[pointer] = (td, built)
        entry = {"name": built.name, "description": built.description, "inputSchema": schema}
        if built.annotations:
            entry["annotations"] = built.annotations
        tools_data.append(entry)
        raw = dict(entry)
        raw["framework"] = built.framework
        if built.strict:
            raw["strict"] = True
        catalog.tools.append(Tool(
            name=built.name, description=built.description, input_schema=schema,
            format=FORMATS.get(built.framework, "openai"), document=doc, pointer=pointer,
            schema_pointer=schema_pointer, annotations=built.annotations, raw=raw,
            field_pointers={"name": f"{pointer}/name", "description": f"{pointer}/description"},
        ))
    catalog.documents.append(doc)


def _shared_loader(catalog) -> PythonLoader:
    # one loader per catalog: modules imported by several linted files are parsed once
    loader = getattr(catalog, "_python_loader", None)
    if loader is None:
        loader = PythonLoader()
        try:
            catalog._python_loader = loader
        except AttributeError:
            pass
    return loader


def _model_class(loader: PythonLoader, expr, mod: ModuleInfo):
    found = loader.resolve_symbol(expr, mod, want="class")
    if found is None or not isinstance(found[1], ast.ClassDef):
        return None
    kind = SchemaBuilder(loader, "", []).class_kind(found[0], found[1])
    return found if kind in ("model", "typeddict", "dataclass") else None


def _finish(schema: dict, pointer: str, anchors: dict, sites: dict | None = None) -> dict:
    """Move the private source markers out of the schema into pointer -> node anchors."""
    def visit(node: dict, here: str):
        source = node.pop(SOURCE, None)
        if source is not None and sites is not None:
            sites.setdefault(here, source)
        anchor = node.pop(ANCHOR, None)
        if anchor is not None:
            anchors.setdefault(here, anchor)
        desc = node.pop(DESC_ANCHOR, None)
        if desc is not None and "description" in node:
            anchors.setdefault(here + "/description", desc)
        if UNRESOLVED in node:
            node.pop(UNRESOLVED)
            node["x-schemalint-ignore"] = list(UNRESOLVED_IGNORES)
        for key in PRIVATE_KEYS:
            node.pop(key, None)
        for tokens, sub in list(iter_subschemas(node)):
            visit(sub, ptr.join(here, *tokens))

    visit(schema, pointer)
    return schema


def _locate(info: ModuleInfo, anchors: dict, pointer: str):
    node = anchors.get(pointer)
    if node is None:
        return None
    return info.position(node)


def _line_ignores(path: str, text: str, catalog) -> None:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "schemalint" not in line:
            continue
        match = _IGNORE.search(line)
        if match is None:
            continue
        ids = {r.strip() for r in (match.group(1) or "").split(",") if r.strip()}
        key = (path, lineno)
        existing = catalog.line_ignores.get(key)
        if existing is not None and (not existing or not ids):
            catalog.line_ignores[key] = set()
        else:
            catalog.line_ignores[key] = (existing or set()) | ids
