"""Find tool definitions in a module and build the schema each framework would send to the model.

Frameworks and what they send (checked against each framework at runtime by tests/test_python_runtime.py):
  fastmcp     `@mcp.tool` (FastMCP 2+): Pydantic schema, `$ref`s inlined, titles pruned (except Field(title=)),
              root `additionalProperties: false`; description is the docstring before its first section.
  mcp-sdk     `@mcp.tool()` from `mcp.server.fastmcp` (official MCP SDK): Pydantic schema with titles and `$defs`;
              description is the raw docstring.
  langchain   `@tool`, `StructuredTool.from_function`, `BaseTool` subclasses, and functions or models given to
              `bind_tools`/`convert_to_openai_tool`: inlined, titles removed; the docstring is the description
              (Google-style `Args:` parsed only with parse_docstring=True, or for plain functions).
  agents      `@function_tool` (OpenAI Agents SDK): OpenAI strict schema (every property required,
              `additionalProperties: false`, `default: null` dropped), titles and `$defs` kept.
  openai      `openai.pydantic_function_tool(Model)`: strict schema of the model.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import ast

from .docstrings import ParsedDoc, parse_docstring
from .module import (FUNCTION_DEFS, AtLineStart, ModuleInfo, Unknown, docstring_node, dotted, jsonable, literal,
                     string_value)
from .schema import (ANCHOR, DESC_ANCHOR, EXPLICIT_TITLE, UNRESOLVED, SchemaBuilder, normalize)
from ...vocabulary import SCHEMA_LISTS, SCHEMA_MAPS, SINGLE_SCHEMAS

# parameters a framework fills in itself: never part of the schema the model sees
INJECTED_TYPES = {"Context", "RunContextWrapper", "ToolContext", "RunContext", "RunnableConfig", "ToolRuntime",
                  "CallbackManagerForToolRun", "AsyncCallbackManagerForToolRun", "Callbacks"}
INJECTED_NAMES = {"run_manager", "callbacks"}
LANGCHAIN_TOOL = {"langchain_core.tools.tool", "langchain.tools.tool", "langchain.agents.tool",
                  "langchain_core.tools.convert.tool", "langchain.tools.tool_decorator"}
AGENTS_TOOL = {"agents.function_tool", "agents.tool.function_tool"}
PYDANTIC_TOOL = {"openai.pydantic_function_tool", "openai.lib._tools.pydantic_function_tool"}
LANGCHAIN_CONVERT = {"convert_to_openai_tool", "convert_to_openai_function", "bind_tools", "with_structured_output"}
FORMATS = {"fastmcp": "mcp", "mcp-sdk": "mcp", "langchain": "openai", "agents": "openai", "openai": "openai"}


@dataclass
class ToolDef:
    framework: str
    mod: ModuleInfo
    anchor: object  # the decorator, registering call or class the finding about the whole tool points at
    func: ast.FunctionDef | None = None
    model: tuple | None = None  # (module, ClassDef) of an argument model
    kwargs: dict = field(default_factory=dict)  # decorator / call keywords: name -> (value, keyword node)
    positional_name: tuple | None = None  # (name, node) given positionally: @tool("name")
    is_method: bool = False
    plain: bool = False  # a plain function or model registered as a tool


def _kwargs(call) -> dict:
    if not isinstance(call, ast.Call):
        return {}
    return {k.arg: (k.value, k) for k in call.keywords if k.arg}


def _positional(call) -> list:
    if not isinstance(call, ast.Call):
        return []
    return [a for a in call.args if not isinstance(a, ast.Starred)]


# words on the lines of a call that can register a tool; other statements are not searched for calls
_REGISTRATION_WORDS = re.compile(r"add_tool|\.tool\(|from_function|function_tool|\btool\(|bind_tools|"
                                 r"convert_to_openai|tools\s*=|with_structured_output")


class Finder:
    """Walks one module's statements and calls and collects ToolDefs."""

    def __init__(self, mod: ModuleInfo, model_class):
        self.mod = mod
        self.tools: list[ToolDef] = []
        self.seen_funcs: set = set()
        self.seen_models: set = set()
        self.model_class = model_class  # resolves a name to (module, ClassDef) of an argument model
        self.server_kind: dict = {}  # variable name -> "fastmcp" | "mcp-sdk" | "pydantic-ai"
        for name, value in mod.assigns.items():
            if isinstance(value, ast.Call):
                q = mod.qualify(value.func) or ""
                if q.startswith(("mcp.server.fastmcp", "mcp.server.mcpserver")):
                    self.server_kind[name] = "mcp-sdk"
                elif q.startswith("pydantic_ai"):
                    self.server_kind[name] = "pydantic-ai"
                elif q.startswith("fastmcp"):
                    self.server_kind[name] = "fastmcp"
        imports = " ".join(mod.imports.values())
        if "mcp.server.fastmcp" in imports or "mcp.server.mcpserver" in imports:
            self.default_server = "mcp-sdk"
        elif "fastmcp" in imports or "pydantic_ai" not in imports:
            self.default_server = "fastmcp"
        else:
            self.default_server = "pydantic-ai"

    def run(self) -> list:
        self._call_lines = {self.mod.text.count("\n", 0, m.start()) + 1
                            for m in _REGISTRATION_WORDS.finditer(self.mod.text)}
        self._statements(self.mod.module.body, in_class=False)
        for call in self._registration_calls(self.mod.module.body):
            self._call(call)
        return self.tools

    def _registration_calls(self, body) -> list:
        """Calls that may register a tool: those in statements, not in signatures or class fields."""
        calls = []
        for stmt in body:
            if isinstance(stmt, FUNCTION_DEFS):
                calls.extend(self._registration_calls(stmt.body))
            elif isinstance(stmt, ast.ClassDef):
                calls.extend(self._registration_calls([s for s in stmt.body if isinstance(s, FUNCTION_DEFS)]))
            elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)):
                for name in ("body", "orelse", "finalbody"):
                    calls.extend(self._registration_calls(getattr(stmt, name, None) or []))
                for handler in getattr(stmt, "handlers", ()):
                    calls.extend(self._registration_calls(handler.body))
                for item in getattr(stmt, "items", ()):
                    calls.extend(n for n in ast.walk(item.context_expr) if isinstance(n, ast.Call))
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # docstrings
            elif not isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)) and \
                    any(line in self._call_lines for line in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)):
                calls.extend(n for n in ast.walk(stmt) if isinstance(n, ast.Call))
        return calls

    def _statements(self, body, in_class: bool) -> None:
        for stmt in body:
            if isinstance(stmt, FUNCTION_DEFS):
                for dec in stmt.decorator_list:
                    td = self._from_decorator(dec, stmt)
                    if td is not None:
                        td.is_method = in_class
                        self._add(td)
                        break
                self._statements(stmt.body, in_class=False)
            elif isinstance(stmt, ast.ClassDef):
                for base in stmt.bases:
                    q = self.mod.qualify(base) or ""
                    if q.rsplit(".", 1)[-1] == "BaseTool" and "langchain" in q:
                        self.tools.append(ToolDef("langchain", self.mod, stmt, kwargs=_class_attrs(stmt)))
                        self.seen_models.add(id(stmt))
                self._statements(stmt.body, in_class=True)
            else:
                for name in ("body", "orelse", "finalbody"):
                    inner = getattr(stmt, name, None)
                    if isinstance(inner, list):
                        self._statements(inner, in_class)
                for handler in getattr(stmt, "handlers", ()):
                    self._statements(handler.body, in_class)

    def _server_framework(self, base) -> str:
        name = dotted(base)
        head = name.split(".")[-1] if name else None
        return self.server_kind.get(head) or self.default_server

    def _from_decorator(self, dec, func) -> ToolDef | None:
        call = dec if isinstance(dec, ast.Call) else None
        target = call.func if call else dec
        q = normalize(self.mod.qualify(target)) or ""
        kwargs = _kwargs(call)
        positional = _positional(call)
        if q in LANGCHAIN_TOOL or (q.endswith(".tool") and "langchain" in q):
            name = string_value(positional[0]) if positional else None
            return ToolDef("langchain", self.mod, AtLineStart(dec), func, kwargs=kwargs,
                           positional_name=(name, positional[0]) if name else None)
        if q in AGENTS_TOOL or (q.endswith(".function_tool") and q.startswith("agents")):
            return ToolDef("agents", self.mod, AtLineStart(dec), func, kwargs=kwargs)
        if isinstance(target, ast.Attribute) and target.attr == "tool":
            kind = self._server_framework(target.value)
            if kind == "pydantic-ai":
                return None
            name = string_value(positional[0]) if positional else None
            return ToolDef(kind, self.mod, AtLineStart(dec), func, kwargs=kwargs,
                           positional_name=(name, positional[0]) if name else None)
        return None

    def _call(self, node: ast.Call) -> None:
        func = node.func
        fname = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if fname is None:
            return
        args = _positional(node)
        kwargs = _kwargs(node)
        if fname in ("add_tool", "tool") and isinstance(func, ast.Attribute) and args:
            inner = args[0]
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and \
                    inner.func.attr == "from_function":
                kwargs = {**_kwargs(inner), **kwargs}
                inner_args = _positional(inner)
                inner = inner_args[0] if inner_args else kwargs.get("fn", (None,))[0]
            fn = self._local_function(inner)
            if fn is not None:
                kind = self._server_framework(func.value)
                if kind != "pydantic-ai":
                    self._add(ToolDef(kind, self.mod, node, fn, kwargs=kwargs))
            return
        if fname == "from_function" and isinstance(func, ast.Attribute) and \
                (dotted(func.value) or "").split(".")[-1] == "StructuredTool":
            target = args[0] if args else kwargs.get("func", kwargs.get("coroutine", (None,)))[0]
            fn = self._local_function(target)
            if fn is not None:
                self._add(ToolDef("langchain", self.mod, node, fn, kwargs=kwargs))
            return
        q = normalize(self.mod.qualify(func)) or ""
        if q in AGENTS_TOOL and args:
            fn = self._local_function(args[0])
            if fn is not None:
                self._add(ToolDef("agents", self.mod, node, fn, kwargs=kwargs))
        elif q in LANGCHAIN_TOOL and args:
            fn = self._local_function(args[0])
            if fn is not None:
                self._add(ToolDef("langchain", self.mod, node, fn, kwargs=kwargs))
        elif q in PYDANTIC_TOOL and args:
            found = self.model_class(args[0], self.mod)
            if found is not None:
                self._add(ToolDef("openai", self.mod, node, model=found, kwargs=kwargs))
        elif fname in LANGCHAIN_CONVERT or "tools" in kwargs:
            source = kwargs["tools"][0] if "tools" in kwargs else (args[0] if args else None)
            if isinstance(source, (ast.List, ast.Tuple)):
                items = list(source.elts)
            elif source is not None and fname in LANGCHAIN_CONVERT:
                items = [source]
            else:
                items = []
            for item in items:
                self._add_plain(item)

    def _local_function(self, expr):
        if isinstance(expr, ast.Name):
            return self.mod.functions.get(expr.id)
        return None

    def _add(self, td: ToolDef) -> None:
        if td.func is not None:
            if id(td.func) in self.seen_funcs:
                return
            self.seen_funcs.add(id(td.func))
        if td.model is not None:
            if id(td.model[1]) in self.seen_models:
                return
            self.seen_models.add(id(td.model[1]))
        self.tools.append(td)

    def _add_plain(self, item) -> None:
        fn = self._local_function(item)
        if fn is not None:
            self._add(ToolDef("langchain", self.mod, fn, fn, plain=True))
            return
        if isinstance(item, (ast.Name, ast.Attribute)):
            found = self.model_class(item, self.mod)
            if found is not None:
                self._add(ToolDef("langchain", self.mod, found[1], model=found, plain=True))


def _class_attrs(cls: ast.ClassDef) -> dict:
    out = {}
    for small in cls.body:
        if isinstance(small, ast.AnnAssign) and isinstance(small.target, ast.Name) and small.value:
            out[small.target.id] = (small.value, small)
        elif isinstance(small, ast.Assign) and isinstance(small.targets[0], ast.Name):
            out[small.targets[0].id] = (small.value, small)
    return out


def function_doc(node):
    """(raw docstring, docstring node) of a function or class."""
    doc = docstring_node(node)
    return (doc.value, doc) if doc is not None else (None, None)


# ---- building one tool ---------------------------------------------------------------------------------------

@dataclass
class Built:
    name: str | None
    description: str | None
    schema: dict
    framework: str
    annotations: dict
    anchors: dict  # "name" / "description" -> node
    strict: bool = False


def build_tool(td: ToolDef, loader, notes: list) -> Built | None:
    mod = td.mod
    kw = td.kwargs
    fw = td.framework
    label_name = td.func.name if td.func is not None else (td.model[1].name if td.model else
                                                           getattr(td.anchor, "name", "tool"))
    builder = SchemaBuilder(loader, f"tool '{label_name}'", notes,
                            string_meta_is_description=fw in ("fastmcp", "langchain", "mcp-sdk"))
    anchors: dict = {}

    def kw_str(key):
        if key in kw:
            value = literal(kw[key][0], mod)
            anchors_key = kw[key][1]
            if isinstance(value, str):
                return value, anchors_key
            builder.note(mod, kw[key][1], f"{key}= is not a literal string; not read")
        return None, None

    raw_doc, doc_node = function_doc(td.func) if td.func is not None else (None, None)
    doc: ParsedDoc | None = None
    style = None
    false, true = ast.Constant(False), ast.Constant(True)
    if fw == "agents" and "docstring_style" in kw:
        style = literal(kw["docstring_style"][0], mod)
        style = style if style in ("google", "numpy", "sphinx") else None
    if raw_doc is not None:
        doc = parse_docstring(raw_doc, style)
    use_doc_params = fw in ("fastmcp", "agents") or (fw == "langchain" and (
        td.plain or literal(kw.get("parse_docstring", (false,))[0], mod) is True))
    if fw == "agents" and literal(kw.get("use_docstring_info", (true,))[0], mod) is False:
        use_doc_params, doc = False, None

    # the argument schema
    if td.func is not None and not (fw == "langchain" and "args_schema" in kw):
        schema = function_schema(td, builder, doc if use_doc_params else None, doc_node, fw)
    else:
        model = td.model
        if model is None and "args_schema" in kw:
            model = loader.resolve_symbol(kw["args_schema"][0], mod, want="class")
            if model is None:
                builder.note(mod, kw["args_schema"][1], "args_schema is not a Pydantic model in the analyzed files; "
                                                      "its schema is unknown to static reading")
                return None
        if model is None:
            return None
        ref = builder.class_ref(model[0], model[1], model[1])
        key = ref.get("$ref", "").rsplit("/", 1)[-1]
        if key not in builder.defs:
            return None
        if _refers_to(builder.defs[key], key):  # a recursive model stays a definition its fields refer to
            schema = copy_schema(builder.defs[key])
        else:
            schema = builder.defs.pop(key)
        if builder.defs:
            schema["$defs"] = dict(sorted(builder.defs.items()))

    # name
    name, name_node = None, None
    if fw == "agents":
        name, name_node = kw_str("name_override")
    elif fw == "openai":
        name, name_node = kw_str("name")
    elif td.func is None and fw == "langchain" and not td.plain:  # BaseTool subclass
        name, name_node = kw_str("name")
    else:
        name, name_node = kw_str("name")
        if name is None and td.positional_name:
            name, name_node = td.positional_name
    if name is None:
        if td.func is not None:
            name, name_node = td.func.name, td.func
        elif td.model is not None:
            name, name_node = td.model[1].name, td.model[1]

    # description
    description, desc_node = kw_str("description_override" if fw == "agents" else "description")
    if description is None:
        if td.func is None and td.model is not None:
            doc_text, node = function_doc(td.model[1])
            if doc_text is not None:
                description, desc_node = textwrap.dedent(doc_text).strip() if fw == "langchain" \
                    else _clean(doc_text), node
            if fw == "langchain":
                schema.pop("description", None)
        elif raw_doc is not None:
            desc_node = doc_node
            if fw in ("fastmcp",):
                description = doc.summary if doc and doc.structured else (doc.full if doc else None)
            elif fw == "agents":
                description = doc.summary if doc else None
            elif fw == "mcp-sdk":
                description = raw_doc
            elif fw == "langchain" and use_doc_params:
                description = _langchain_summary(doc) if doc else ""
            else:
                description = textwrap.dedent(raw_doc).strip()
        elif fw == "langchain" and "args_schema" in kw and td.func is not None:
            model = loader.resolve_symbol(kw["args_schema"][0], mod, want="class")
            doc_text, node = function_doc(model[1]) if model else (None, None)
            if doc_text is not None:
                description, desc_node = _clean(doc_text), node
    if fw == "agents" and description is None:
        description = ""  # the Agents SDK sends an empty description, never none
    if fw == "langchain" and "args_schema" in kw:
        schema.pop("description", None)
    if desc_node is not None:
        anchors["description"] = desc_node
    if name_node is not None:
        anchors["name"] = name_node

    annotations = {}
    if "annotations" in kw:
        value_node = kw["annotations"][0]
        value = literal(value_node, mod)
        if isinstance(value_node, ast.Call):
            value = {k.arg: literal(k.value, mod) for k in value_node.keywords if k.arg}
        if isinstance(value, dict) and not any(isinstance(v, Unknown) for v in value.values()):
            annotations = jsonable(value)
    if fw == "fastmcp" and "title" in kw:
        title, _ = kw_str("title")
        if title:
            annotations.setdefault("title", title)

    strict = False
    if fw in ("fastmcp",):
        schema = deref(schema)
        prune_titles(schema, keep_explicit=True)
        schema["additionalProperties"] = False
    elif fw == "langchain":
        schema = deref(schema)
        prune_titles(schema)
        schema.pop("description", None)
    elif fw == "agents":
        strict = literal(kw.get("strict_mode", (true,))[0], mod) is not False
        schema["title"] = f"{name}_args"
        if strict:
            make_strict(schema, schema, builder, mod, td.anchor)
    elif fw == "openai":
        strict = True
        make_strict(schema, schema, builder, mod, td.anchor)
    elif fw == "mcp-sdk":
        schema["title"] = f"{td.func.name}Arguments"
    return Built(name, description, schema, fw, annotations, anchors, strict)


def _clean(text: str) -> str:
    from .docstrings import cleandoc

    return cleandoc(text)


def _langchain_summary(doc: ParsedDoc) -> str:
    text = doc.summary or ""
    return " ".join(block for block in text.split("\n\n")).strip()


def function_schema(td: ToolDef, builder: SchemaBuilder, doc: ParsedDoc | None, doc_node, fw: str) -> dict:
    mod, func = td.mod, td.func
    a = func.args
    positional = list(a.posonlyargs) + list(a.args)
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    params = list(zip(positional, defaults)) + list(zip(a.kwonlyargs, a.kw_defaults))
    if td.is_method and params and params[0][0].arg in ("self", "cls"):
        params = params[1:]
    props, required = {}, []
    for index, (p, default) in enumerate(params):
        name = p.arg
        ann = p.annotation
        if _is_injected(ann, mod) or (fw == "langchain" and name in INJECTED_NAMES):
            continue
        if fw == "agents" and index == 0 and ann is None and name in ("ctx", "context"):
            continue
        spec = builder.field_spec(ann, default, mod)
        if spec.injected:
            continue
        doc_description = None
        if doc is not None and name in doc.params:
            entry = doc.params[name]
            text = entry.description if fw != "langchain" else " ".join(entry.description.split("\n"))
            doc_description = (text, (doc_node, entry.line))
        prop_name, prop = builder.property_schema(name, ann, spec, mod, p, doc_description)
        props[prop_name] = prop
        if spec.required:
            required.append(prop_name)
    for p in (a.vararg, a.kwarg):
        if p is not None:
            builder.note(mod, p, f"variadic parameter '{p.arg}' is not part of the tool schema")
    schema: dict = {ANCHOR: td.anchor}
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    schema["properties"] = props
    if required:
        schema["required"] = required
    schema["title"] = func.name
    schema["type"] = "object"
    return schema


def _is_injected(ann, mod: ModuleInfo) -> bool:
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        return _is_injected(ann.left, mod) or _is_injected(ann.right, mod)
    while isinstance(ann, ast.Subscript):
        q = normalize(mod.qualify(ann.value)) or ""
        if q in ("typing.Annotated", "typing.Optional"):
            ann = ann.slice.elts[0] if isinstance(ann.slice, ast.Tuple) else ann.slice
        else:
            ann = ann.value
    if ann is None:
        return False
    q = mod.qualify(ann) or ""
    return q.rsplit(".", 1)[-1] in INJECTED_TYPES and not q.startswith("<local>")


# ---- framework post-processing ------------------------------------------------------------------------------

def _refers_to(schema: dict, key: str) -> bool:
    target = f"#/$defs/{key}"
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("$ref") == target:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def copy_schema(node):
    if isinstance(node, dict):
        return {k: copy_schema(v) for k, v in node.items()}
    if isinstance(node, list):
        return [copy_schema(v) for v in node]
    return node


def deref(schema: dict) -> dict:
    """Inline every `$ref` (siblings win over the definition's keys); recursive definitions stay in `$defs`."""
    defs = schema.get("$defs") or {}
    kept: set = set()

    def inline(node, stack):
        if isinstance(node, list):
            return [inline(v, stack) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            key = ref[len("#/$defs/"):]
            if key in stack or key not in defs:
                if key in defs:  # a reference to a definition that is not there stays as written
                    kept.add(key)
                return {k: inline(v, stack) if k != "$ref" else v for k, v in node.items()}
            merged = inline(copy_schema(defs[key]), stack | {key})
            for k, v in node.items():
                if k != "$ref":
                    merged[k] = inline(v, stack)
            return merged
        return {k: (inline(v, stack) if k != "$defs" else v) for k, v in node.items()}

    out = inline(schema, frozenset())
    out.pop("$defs", None)
    kept_defs: dict = {}
    while kept - kept_defs.keys():  # a kept definition may refer to another recursive one
        for k in sorted(kept - kept_defs.keys()):
            kept_defs[k] = inline(copy_schema(defs[k]), frozenset({k}))
    if kept_defs:
        out["$defs"] = dict(sorted(kept_defs.items()))
    return out


_SUB_SCHEMA_MAPS = SCHEMA_MAPS
_SUB_SCHEMA_LISTS = SCHEMA_LISTS
_SUB_SCHEMA_ONE = SINGLE_SCHEMAS


_ALL_SUB_KEYS = frozenset(_SUB_SCHEMA_MAPS + _SUB_SCHEMA_LISTS + _SUB_SCHEMA_ONE)


def iter_subschemas(node: dict):
    """(path tokens, child schema) of each direct sub-schema."""
    if _ALL_SUB_KEYS.isdisjoint(node):
        return
    for key in _SUB_SCHEMA_MAPS:
        value = node.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                if isinstance(sub, dict):
                    yield (key, name), sub
    for key in _SUB_SCHEMA_LISTS:
        value = node.get(key)
        if isinstance(value, list):
            for i, sub in enumerate(value):
                if isinstance(sub, dict):
                    yield (key, i), sub
    for key in _SUB_SCHEMA_ONE:
        value = node.get(key)
        if isinstance(value, dict):
            yield (key,), value


def prune_titles(node: dict, keep_explicit: bool = False, depth: int = 0) -> None:
    if not (keep_explicit and depth == 1 and node.get(EXPLICIT_TITLE)):
        node.pop("title", None)
    for tokens, sub in iter_subschemas(node):
        prune_titles(sub, keep_explicit, depth + 1 if tokens[0] == "properties" else depth + 2)


def make_strict(node: dict, root: dict, builder: SchemaBuilder, mod, anchor, depth: int = 0) -> None:
    """OpenAI strict mode as the Agents SDK / openai library apply it (agents.strict_schema)."""
    if depth > 60:
        return
    for key in ("$defs", "definitions"):
        if isinstance(node.get(key), dict):
            for sub in node[key].values():
                if isinstance(sub, dict):
                    make_strict(sub, root, builder, mod, anchor, depth + 1)
    typ = node.get("type")
    props = node.get("properties")
    if typ is None and isinstance(props, dict):
        typ = node["type"] = "object"
    if typ == "object":
        if "additionalProperties" not in node:
            node["additionalProperties"] = False
        elif node["additionalProperties"] is not False:
            builder.note(mod, anchor, "OpenAI strict mode rejects an object with additionalProperties (a dict "
                                      "parameter); the framework raises an error for this tool")
    if isinstance(props, dict):
        node["required"] = list(props)
        for sub in props.values():
            if isinstance(sub, dict):
                make_strict(sub, root, builder, mod, anchor, depth + 1)
    if isinstance(node.get("items"), dict):
        make_strict(node["items"], root, builder, mod, anchor, depth + 1)
    if isinstance(node.get("anyOf"), list):
        for sub in node["anyOf"]:
            if isinstance(sub, dict):
                make_strict(sub, root, builder, mod, anchor, depth + 1)
    if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1 and isinstance(node["allOf"][0], dict):
        entry = node.pop("allOf")[0]
        for k, v in entry.items():
            node.setdefault(k, v)
        make_strict(node, root, builder, mod, anchor, depth + 1)
    if "default" in node and node["default"] is None:
        node.pop("default")
    ref = node.get("$ref")
    if isinstance(ref, str) and len([k for k in node if not k.startswith("\x00")]) > 1 \
            and ref.startswith("#/$defs/"):
        target = (root.get("$defs") or {}).get(ref[len("#/$defs/"):])
        if isinstance(target, dict):
            node.pop("$ref")
            merged = {**copy_schema(target), **node}
            node.clear()
            node.update(merged)
            make_strict(node, root, builder, mod, anchor, depth + 1)
