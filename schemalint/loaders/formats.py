"""Recognize tool definitions inside a parsed document, in every common format.

A catalog can be a bare tool, a list of tools, a provider request body, an MCP
`tools/list` result, or tools nested in a larger file (benchmark records, chat
logs). `find_tools` walks the document, recognizes tool-shaped objects and turns
each into a `Tool`; it does not descend into a tool once found.
"""
from __future__ import annotations

from types import MappingProxyType

import orjson

from ..model import Tool
from ..sources import Document
from ..sources import pointer as ptr

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("openai", "openai-responses", "anthropic", "mcp", "gemini", "bfcl", "seal-tools", "docker-mcp")

# Python/Java/JS type names BFCL and similar datasets put where JSON Schema types go
_BFCL_TYPES = {"dict", "float", "tuple", "any", "list", "str", "int", "bool", "double", "long", "char", "byte",
               "short", "hashmap", "arraylist", "String", "Boolean", "Integer"}
_NON_FUNCTION_TOOL_TYPES = {"code_interpreter", "file_search", "web_search", "web_search_preview", "retrieval",
                            "computer_use_preview", "image_generation", "mcp", "local_shell", "custom"}
_DOCKER_KEYS = {"name", "description", "arguments", "annotations", "title"}


# the field pointers of every tool that records none: shared, so read-only
NO_FIELDS = MappingProxyType({})


class Found:
    def __init__(self):
        self.tools: list[Tool] = []
        self.notes: list[str] = []


def find_tools(doc: Document, forced: str | None = None) -> Found:
    found = Found()
    data = doc.data
    if isinstance(data, dict) and ("openapi" in data or "swagger" in data) and "paths" in data:
        found.notes.append(f"skipped {doc.path}: an OpenAPI document, not a tool catalog (pass it with --contract)")
        return found
    _walk(doc, data, "", found, forced, parent_key=None, depth=0)
    return found


def _walk(doc, node, pointer, found, forced, parent_key, depth, embedded=None):
    if depth > 12:
        return
    if isinstance(node, list):
        if parent_key in ("tools", "functions", None) and _is_docker_list(node) \
                and not (parent_key == "tools" and _mcp_tools_without_schema(node)):
            marks_optional = _docker_marks_optional(node)
            for i, item in enumerate(node):
                _add(found, _docker_tool(doc, item, f"{pointer}/{i}", embedded, marks_optional))
            return
        strings_may_hold_tools = parent_key in ("tools", "functions")
        for i, item in enumerate(node):  # what the walk would return from at once is not visited
            if isinstance(item, (dict, list)) or (strings_may_hold_tools and isinstance(item, str)):
                _walk(doc, item, f"{pointer}/{i}", found, forced, parent_key, depth + 1, embedded)
        return
    if isinstance(node, str):
        # some datasets store a tool array as a JSON string (Glaive's "tools" field)
        if parent_key in ("tools", "functions") and node[:1] in ("[", "{"):
            try:
                inner = orjson.loads(node)
            except orjson.JSONDecodeError:
                return
            _walk(doc, inner, pointer, found, forced, parent_key, depth + 1, embedded=pointer)
        return
    if not isinstance(node, dict):
        return
    tool = _as_tool(doc, node, pointer, forced, parent_key, embedded)
    if tool is not None:
        _add(found, tool)
        return
    if isinstance(node.get("type"), str) and node["type"] in _NON_FUNCTION_TOOL_TYPES and len(node) <= 3:
        found.notes.append(f"{doc.path}: skipped a built-in '{node['type']}' tool at {pointer or '/'}: no schema to lint")
        return
    for key, value in node.items():
        if isinstance(value, (dict, list)) or (isinstance(value, str) and key in ("tools", "functions")):
            _walk(doc, value, ptr.join(pointer, key), found, forced, key, depth + 1, embedded)


def _add(found: Found, tool: Tool | None):
    if tool is not None:
        found.tools.append(tool)


def _mcp_tools_without_schema(node: list) -> bool:
    """A `tools` array whose entries carry MCP-only keys (annotations, title) and no `arguments`: an MCP result
    whose tools lost their inputSchema (reported by malformed-tool), not a Docker summary."""
    return not any("arguments" in i for i in node) and any({"annotations", "title"} & i.keys() for i in node)


def _is_docker_list(node: list) -> bool:
    return (
        bool(node)
        and all(isinstance(i, dict) and isinstance(i.get("name"), str) and "description" in i for i in node)
        and all(set(i) <= _DOCKER_KEYS for i in node)
        and (any("arguments" in i or "annotations" in i for i in node) or all(len(i) == 2 for i in node))
    )


def _as_tool(doc, node: dict, pointer: str, forced, parent_key, embedded) -> Tool | None:
    fn = node.get("function")
    if node.get("type") == "function" and isinstance(fn, dict) and isinstance(fn.get("name"), str):
        return _make(doc, fn, ptr.join(pointer, "function"), "parameters", forced or "openai", embedded, outer=node)
    if not isinstance(node.get("name"), str):
        if isinstance(node.get("api_name"), str) and isinstance(node.get("parameters"), dict):
            return _seal_tool(doc, node, pointer, embedded)
        return None
    if "inputSchema" in node:
        return _make(doc, node, pointer, "inputSchema", forced or "mcp", embedded)
    if "input_schema" in node:
        return _make(doc, node, pointer, "input_schema", forced or "anthropic", embedded)
    if "parametersJsonSchema" in node:
        return _make(doc, node, pointer, "parametersJsonSchema", forced or "gemini", embedded)
    if "parameters" in node:
        if forced:
            fmt = forced
        elif parent_key in ("functionDeclarations", "function_declarations"):
            fmt = "gemini"
        elif node.get("type") == "function":
            fmt = "openai-responses"
        elif _looks_bfcl(node.get("parameters")):
            fmt = "bfcl"
        else:
            fmt = "openai"
        return _make(doc, node, pointer, "parameters", fmt, embedded)
    if parent_key in ("functionDeclarations", "function_declarations") and isinstance(node.get("description"), str):
        return _make(doc, node, pointer, None, forced or "gemini", embedded)
    return None


def _looks_bfcl(params) -> bool:
    if not isinstance(params, dict):
        return False
    if params.get("type") == "dict":
        return True
    props = params.get("properties")
    if isinstance(props, dict):
        return any(isinstance(p, dict) and isinstance(p.get("type"), str) and p["type"] in _BFCL_TYPES
                   for p in props.values())
    return False


def _locator(embedded):
    """Pointers inside a JSON string all resolve to the string itself."""
    if embedded is None:
        return None
    return lambda path: embedded


def _make(doc, node: dict, pointer: str, schema_key, fmt, embedded, outer: dict | None = None) -> Tool:
    schema = node.get(schema_key) if schema_key else {"type": "object", "properties": {}}
    schema_pointer = ptr.join(pointer, schema_key) if schema_key else None
    annotations = node.get("annotations") if isinstance(node.get("annotations"), dict) else {}
    examples = node.get("input_examples") if isinstance(node.get("input_examples"), list) else []
    output = node.get("outputSchema", node.get("response", node.get("output_schema")))
    raw = node  # the document's own object, as the schema is: a loaded document is read, never changed
    if outer is not None:
        raw = dict(node)
        raw.update({k: v for k, v in outer.items() if k not in ("function", "type")})
    # a field's pointer is the tool's pointer and its key (what Tool.field_ptr computes when asked): only tools
    # read from a JSON string record theirs, all of them that string
    fields = {k: embedded for k in node} if embedded is not None else NO_FIELDS
    return Tool(
        name=node.get("name"),
        description=node.get("description") if isinstance(node.get("description"), str) else None,
        input_schema=schema,
        format=fmt,
        document=doc,
        pointer=embedded or pointer,
        schema_pointer=embedded or schema_pointer,
        output_schema=output,
        annotations=annotations,
        examples=examples,
        raw=raw,
        schema_pointer_fn=_locator(embedded),
        field_pointers=fields,
        editable=embedded is None,
    )


def _seal_tool(doc, node: dict, pointer: str, embedded) -> Tool:
    """Seal-Tools: parameters is a map of name to {type, description}; `required` sits beside it."""
    schema: dict[str, Any] = {"type": "object", "properties": node["parameters"]}
    if isinstance(node.get("required"), list):
        schema["required"] = node["required"]

    def locate(path: tuple) -> str:
        if embedded:
            return embedded
        if path[:1] == ("properties",):
            return ptr.join(pointer, "parameters", *path[1:])
        if path[:1] == ("required",):
            return ptr.join(pointer, *path)
        return pointer

    return Tool(
        name=node["api_name"],
        description=node.get("api_description") if isinstance(node.get("api_description"), str) else None,
        input_schema=schema,
        format="seal-tools",
        document=doc,
        pointer=embedded or pointer,
        schema_pointer=None,
        output_schema={"type": "object", "properties": node["responses"]} if isinstance(node.get("responses"), dict) else None,
        raw=node,
        schema_pointer_fn=locate,
        field_pointers={"name": ptr.join(pointer, "api_name"), "description": ptr.join(pointer, "api_description")},
        editable=embedded is None,
    )


def _docker_marks_optional(tools: list) -> bool:
    """Whether a Docker summary records required-ness at all (most files never write `optional`)."""
    return any(isinstance(arg, dict) and "optional" in arg
               for item in tools if isinstance(item, dict)
               for arg in (item.get("arguments") if isinstance(item.get("arguments"), list) else ()))


def _docker_tool(doc, node: dict, pointer: str, embedded, marks_optional: bool = True) -> Tool:
    """Docker MCP catalog: `arguments` is a list of {name, type, desc, optional?}.

    In a file that never writes `optional`, nothing says which arguments are required: the schema gets no
    `required` list and the tool is marked `required_known=False`, so rules that rest on required-ness stay
    silent rather than judge one the loader invented.
    """
    props: dict[str, Any] = {}
    required: list[str] = []
    index: dict[str, int] = {}
    for i, arg in enumerate(node.get("arguments") or []):
        if not isinstance(arg, dict) or not isinstance(arg.get("name"), str):
            continue
        prop: dict[str, Any] = {}
        if "type" in arg:
            prop["type"] = arg["type"]
        if "desc" in arg:
            prop["description"] = arg["desc"]
        if isinstance(arg.get("items"), dict):
            prop["items"] = arg["items"]
        props[arg["name"]] = prop
        index[arg["name"]] = i
        if not arg.get("optional"):
            required.append(arg["name"])
    schema = {"type": "object", "properties": props}
    if marks_optional:
        schema["required"] = required

    def locate(path: tuple) -> str:
        if embedded:
            return embedded
        if len(path) >= 2 and path[0] == "properties" and path[1] in index:
            base = ptr.join(pointer, "arguments", index[path[1]])
            rest = path[2:]
            if rest[:1] == ("description",):
                rest = ("desc",) + rest[1:]
            return ptr.join(base, *rest) if rest else base
        if "arguments" in node:
            return ptr.join(pointer, "arguments")
        return pointer

    return Tool(
        name=node["name"],
        description=node.get("description") if isinstance(node.get("description"), str) else None,
        input_schema=schema,
        format="docker-mcp",
        document=doc,
        pointer=embedded or pointer,
        schema_pointer=None,
        annotations=node.get("annotations") if isinstance(node.get("annotations"), dict) else {},
        raw=node,
        schema_pointer_fn=locate,
        field_pointers={k: ptr.join(pointer, k) for k in node},
        # the schema is built from an `arguments` list: no schema edit maps back onto it
        editable=False,
        required_known=marks_optional,
    )
