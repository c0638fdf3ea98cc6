"""Compare one tool's input schema with the operation it calls, on the shared comparison core.

The operation's inputs (path, query, header, cookie and formData parameters plus the top-level properties of its
request body, or the whole body when the tool wraps it in one `body`-like property) are read as one object and
compared with the tool's input schema by `compare.schemas.compare_views` in "contract" mode: the tool is BEFORE
and the contract AFTER, so a breaking change is a value the model is told it may send and the backend rejects.
`drifts.py` turns each change into a `Drift` of one drift rule; what is drift-specific (which inputs count, the
body wrapper, ignored headers) is decided here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..compare.schemas import compare_views
from ..compare.view import SchemaView, flatten, view_of
from ..model import Tool
from ..sources import pointer as ptr
from .load import Operation

# headers the HTTP client sets; OpenAPI says parameters with these names are ignored
IGNORED_HEADERS = {"authorization", "content-type", "accept"}
BODY_WRAPPERS = ("body", "requestBody", "request_body", "payload", "json", "data")


@dataclass
class Drift:
    """One way a tool disagrees with its contract, for one drift rule: a message id of that rule and the data
    its template is filled with (the rule declares the wording, `rules/drift.py`)."""

    rule: str
    tool: Tool
    message_id: str
    data: dict
    path: tuple | None  # node in the tool's input schema; None: the tool itself
    param: str | None
    contract_loc: tuple  # (Document, pointer)
    contract_note: str
    severity: str | None = None

    @property
    def key(self) -> tuple:
        """What tells a drift from its repeats (a union compared at its root and again per alternative)."""
        return self.rule, self.param, self.message_id, tuple(sorted((k, repr(v)) for k, v in self.data.items()))


@dataclass
class Input:
    """One input of the operation as the tool should mirror it."""

    name: str
    location: str  # path | query | header | cookie | formData | body | wrapper
    required: bool
    view: SchemaView
    loc: tuple  # where to point in the contract: the parameter object, or the body property
    deprecated: bool = False


@dataclass
class Options:
    ignore_max_length_over: int = 0  # 0: every maxLength is compared
    extra: dict = field(default_factory=dict)


def tool_view(tool: Tool) -> SchemaView:
    return view_of(tool.input_schema)


def operation_inputs(op: Operation) -> tuple[list[Input], SchemaView | None]:
    resolver = op.contract.resolver

    def child(loc, *tokens):
        return (loc[0], ptr.join(loc[1], *tokens))

    inputs = []
    for p in op.parameters:
        if p.location == "header" and p.name.lower() in IGNORED_HEADERS:
            continue
        view = flatten(p.schema, p.loc, resolver.resolve, child)
        inputs.append(Input(p.name, p.location, p.required, view, p.param_loc, p.deprecated or view.deprecated))
    body_view = None
    if op.body_schema is not None:
        body_view = flatten(op.body_schema, op.body_loc, resolver.resolve, child)
        props, required = body_properties(body_view)
        for name, prop in props.items():
            if prop.read_only:
                continue
            inputs.append(Input(name, "body", name in required, prop, prop.loc, prop.deprecated))
    return inputs, body_view


def body_properties(body: SchemaView) -> tuple[dict, frozenset]:
    """The body's top-level properties and required names. A union of object shapes at the body's root (a
    `oneOf` of request forms) adds every shape's properties, required where every shape requires them: the
    tool, one object, may offer them all."""
    props, required = dict(body.properties), body.required
    shapes = [b for b in body.branches if b.properties]
    for shape in shapes:
        for name, prop in shape.properties.items():
            props.setdefault(name, prop)
    if shapes:
        required = required | frozenset.intersection(*(shape.required for shape in shapes))
    return props, required


@dataclass
class Comparison:
    """What `compare_tool` found, with what the drift messages need to read it."""

    tool: Tool
    op: Operation
    tool_view: SchemaView
    inputs: dict  # name -> Input, as the tool is compared with them (the wrapper included)
    changes: list


def compare_tool(tool: Tool, op: Operation) -> Comparison:
    """The tool against its operation. A request body offered in several media types (JSON, and multipart for
    file uploads) is compared in each, and the one the tool fits best is kept: a tool made for the multipart
    form is not the JSON body's drift."""
    if len(op.body_alternatives) < 2:
        return _compare_with(tool, op)
    best = None
    for media, schema, loc in op.body_alternatives:
        variant = replace(op, body_schema=schema, body_loc=loc, body_media=media)
        found = _compare_with(tool, variant)
        if best is None or _misfit(found) < _misfit(best):
            best = found
    best.op = op
    return best


def _misfit(found: Comparison) -> tuple:
    """How badly a tool fits one form of its operation: the changes that break calls, then all of them."""
    return sum(1 for c in found.changes if c.level == "breaking"), len(found.changes)


def server_supplied(tool: Tool) -> frozenset:
    """Inputs the tool declares its server fills in (`x-schemalint: {server-supplies: [...]}`, which `generate`
    writes for credentials)."""
    meta = tool.raw.get("x-schemalint") if isinstance(tool.raw, dict) else None
    names = meta.get("server-supplies") if isinstance(meta, dict) else None
    return frozenset(n for n in names if isinstance(n, str)) if isinstance(names, list) else frozenset()


def _compare_with(tool: Tool, op: Operation) -> Comparison:
    tview = tool_view(tool)
    inputs, body_view = operation_inputs(op)
    by_name: dict[str, Input] = {}
    supplied = server_supplied(tool)
    for i in inputs:
        if i.name in supplied and i.name not in tview.properties:
            continue  # a credential the tool says its server supplies: not the model's to send
        # a body property named like a path/query parameter must not hide that parameter
        if i.name not in by_name or by_name[i.name].location == "body":
            by_name[i.name] = i
    wrapper = _wrapper(tview, by_name, body_view)
    if wrapper is not None:
        if body_properties(body_view)[0]:
            by_name = {name: i for name, i in by_name.items() if i.location != "body"}
        by_name[wrapper] = Input(wrapper, "wrapper", op.body_required, body_view, op.body_loc)
    contract = SchemaView(loc=op.loc, types=frozenset({"object"}), additional=False)
    for name, i in by_name.items():
        i.view.deprecated = i.view.deprecated or i.deprecated
        contract.properties[name] = i.view
    contract.required = frozenset(name for name, i in by_name.items() if i.required)
    changes = compare_views(tview, contract, mode="contract", renames=False)
    return Comparison(tool, op, tview, by_name, changes)


def _wrapper(tview: SchemaView, by_name: dict, body_view: SchemaView | None) -> str | None:
    """The tool property that carries the whole request body, if the tool wraps it."""
    if body_view is None:
        return None
    props = tview.properties
    if body_properties(body_view)[0]:
        return next((k for k in BODY_WRAPPERS if k in props and k not in by_name and props[k].is_object), None)
    if body_view.types and "object" not in body_view.types:
        # a non-object body (an array, a string) travels as one tool parameter
        return next((k for k in BODY_WRAPPERS if k in props and k not in by_name), None)
    return None
