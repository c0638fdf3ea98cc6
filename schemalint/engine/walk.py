"""One walk per tool that feeds every enabled rule."""
from __future__ import annotations

from dataclasses import replace

from ..model import IGNORE_KEY, Tool, ignore_set
from ..vocabulary import BRANCHES as _BRANCH_KEYS
from ..vocabulary import DEFINITIONS as _DEF_KEYS
from .node import Node


def walk_schema(tool: Tool, on_node, root_param: str | None = None) -> None:
    """Call on_node(node) for each schema node, parents before children; `root_param` prefixes every parameter
    path ("outputSchema" for an output schema's view)."""
    root = tool.input_schema
    if not isinstance(root, dict):
        return
    base = tool.ignored() | ignore_set(root)
    _visit(Node(root, (), "root", tool, param=root_param, ignored=base), on_node)


def output_view(tool: Tool) -> Tool | None:
    """The MCP tool's outputSchema as a tool of its own for the walk: its nodes report at their place inside
    `outputSchema`; None when the tool has no object output schema."""
    out = tool.raw.get("outputSchema") if tool.format in ("mcp", "docker-mcp") else None
    if not isinstance(out, dict) or not isinstance(out.get("properties"), dict):
        return None
    return replace(tool, input_schema=out, schema_pointer=tool.field_ptr("outputSchema"), schema_pointer_fn=None,
                   output_schema=None, examples=[], tokens=None, output_of=tool)


def _inherit(ignored: frozenset, schema) -> frozenset:
    # most schemas carry no suppression: skip building a new set for them
    if IGNORE_KEY in schema:
        return ignored | ignore_set(schema)
    return ignored


def _visit(node: Node, on_node) -> None:
    on_node(node)
    schema = node.schema
    tool = node.tool
    path = node.path
    ignored = node.ignored
    props = schema.get("properties")
    if isinstance(props, dict) and props:
        required = schema.get("required")
        required = set(r for r in required if isinstance(r, str)) if isinstance(required, list) else ()
        depth = node.depth + 1
        parent_param = node.param
        for index, (name, sub) in enumerate(props.items()):
            is_dict = isinstance(sub, dict)
            child = Node(sub, path + ("properties", name), "property", tool, node, name,
                         name if parent_param is None else f"{parent_param}.{name}",
                         name in required, index, depth, _inherit(ignored, sub) if is_dict else ignored)
            if is_dict:
                _visit(child, on_node)
            else:
                on_node(child)
    items = schema.get("items")
    if isinstance(items, dict):
        param = f"{node.param}[]" if node.param else None
        _visit(Node(items, path + ("items",), "items", tool, node, None, param, False, 0, node.depth,
                    _inherit(ignored, items)), on_node)
    for key in _BRANCH_KEYS:
        branches = schema.get(key)
        if isinstance(branches, list):
            for i, sub in enumerate(branches):
                if isinstance(sub, dict):
                    _visit(Node(sub, path + (key, i), "branch", tool, node, None, node.param, node.required,
                                0, node.depth, _inherit(ignored, sub)), on_node)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        _visit(Node(extra, path + ("additionalProperties",), "additional", tool, node, None, node.param,
                    False, 0, node.depth + 1, _inherit(ignored, extra)), on_node)
    if node.kind == "root":
        for key in _DEF_KEYS:
            defs = schema.get(key)
            if isinstance(defs, dict):
                used = _referenced(node.tool, key)
                for name, sub in defs.items():
                    # a definition no $ref points to never describes an argument: the OpenAI Agents SDK,
                    # for one, inlines every model it references and leaves the unused copy behind
                    if isinstance(sub, dict) and name in used:
                        _visit(Node(sub, (key, name), "definition", tool, node, None, None, False, 0, 0,
                                    _inherit(ignored, sub)), on_node)


def _referenced(tool: Tool, key: str) -> set:
    """Names of the `key` ("$defs" or "definitions") entries some `$ref` in the tool points to, read off the
    compact JSON the model sees (made once per tool and shared with the cost and security rules)."""
    from ..tokens import model_view

    text = model_view(tool).decode("utf-8", "replace")
    prefix = f'"$ref":"#/{key}/'
    names = set()
    start = text.find(prefix)
    while start >= 0:
        start += len(prefix)
        end = text.find('"', start)
        name = text[start:end].split("/", 1)[0]
        if "%" in name:
            from urllib.parse import unquote

            name = unquote(name)
        names.add(name.replace("~1", "/").replace("~0", "~"))
        start = text.find(prefix, end)
    return names


def ignores_along(tool: Tool, path: tuple, tool_ignored: frozenset | None = None) -> frozenset:
    """Suppressions inherited by the node at `path`: the tool's (`tool.ignored()`, or `tool_ignored` when the
    caller has it already) and every ancestor schema's."""
    ignored = tool.ignored() if tool_ignored is None else tool_ignored
    node = tool.input_schema
    if isinstance(node, dict) and IGNORE_KEY in node:
        ignored |= ignore_set(node)
    for token in path:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            break
        if isinstance(node, dict) and IGNORE_KEY in node:
            ignored |= ignore_set(node)
    return ignored
