"""One draft tool per operation: its parameters merged into one input schema, ranked, within budget.

Path, query, header and body inputs become top-level properties. When a body
property has the name of another input, or the body is not an object, the body
travels as one `body` property instead (the drift check understands that
wrapper), so nothing clashes. Optional headers and cookies are left to the
client; a required header with a default (an API version) is offered with that
one value. Required inputs come first, in path order; optional ones follow,
most useful first, and are kept only while the tool stays within the
parameter-count and token budgets of the default rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from ..contract.load import Operation
from ..sources import pointer as ptr
from ..tokens import estimate
from .credentials import api_key_inputs, is_credential
from .naming import Route
from .schema import Converter, Cut, marked_deprecated
from .select import raw_operation
from .text import clean, full_text, name_tokens, shorten

# headers the HTTP client sets itself
CLIENT_HEADERS = {"authorization", "content-type", "accept", "user-agent", "content-length", "cookie", "host"}
PAGINATION = {"limit", "page_size", "per_page", "cursor", "start_cursor", "starting_after", "ending_before", "page",
              "offset", "next_token", "page_token"}
BODY_KEY = "body"


@dataclass(eq=False)
class Param:
    name: str
    location: str
    required: bool
    schema: dict
    order: int
    priority: float = 0.0
    tokens: int = 0


@dataclass
class Response:
    kind: str = "unknown"  # nothing | object | list | value | unknown
    noun: str = ""  # what it returns, in words
    fields: list = field(default_factory=list)
    paging: list = field(default_factory=list)  # fields that say whether more pages exist
    item_fields: list = field(default_factory=list)  # for a list: the fields of each item
    source: tuple | None = None  # (schema, location) of the success response's body, as the contract writes it


@dataclass(eq=False)
class Draft:
    op: Operation
    route: Route
    summary: str
    about: str  # the operation's description, cleaned
    tags: list
    params: list
    response: Response
    name: str = ""
    body_wrapped: bool = False
    notes: list = field(default_factory=list)  # (parameter, why it was left out)
    omitted: set = field(default_factory=set)  # optional parameters left out to stay within budget
    description: str = ""
    annotations: dict = field(default_factory=dict)
    compact: bool = False  # a shorter description, when the tool is over its token budget
    full_text: dict = field(default_factory=dict)  # parameter path -> the contract's whole description
    ignore: dict = field(default_factory=dict)  # tool-level `x-schemalint-ignore` the repair had to add
    server_supplies: list = field(default_factory=list)  # credential inputs left to the server, never the model

    @property
    def operation_ref(self) -> str:
        return self.op.operation_id or f"{self.op.method.upper()} {self.op.path}"

    def kept(self) -> list[Param]:
        return [p for p in self.params if p.required or p.name not in self.omitted]

    def output_schema(self) -> dict | None:
        """MCP `outputSchema`: the success response's schema when it is an object, a few levels deep (what a
        client validates `structuredContent` against; properties below are allowed, not listed)."""
        if "output" not in self.__dict__:
            self.__dict__["output"] = _output_schema(self)
        return self.__dict__["output"]

    def input_schema(self) -> dict:
        kept = self.kept()
        schema: dict = {"type": "object", "properties": {p.name: p.schema for p in kept}}
        required = [p.name for p in kept if p.required]
        if required:
            schema["required"] = required
        return schema


# what outputSchema keeps of each top-level property: its kind, not its nested shape (Stripe's responses nest
# every related object; a client validates structuredContent against the top level)
_OUTPUT_KEYS = ("type", "format", "enum", "const", "description")


def _output_schema(draft: Draft) -> dict | None:
    if draft.response.source is None:
        return None
    schema, loc = draft.response.source
    converter = Converter(draft.op.contract.resolver.resolve, keep_full_text=False)
    try:
        root, root_loc, stack = converter._follow(schema, loc, frozenset())
        if isinstance(root, dict) and "allOf" in root:
            root = converter._merge_all_of(root, root_loc, stack, {})
    except (Cut, TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError):
        return None
    props = root.get("properties") if isinstance(root, dict) else None
    if not isinstance(props, dict) or not props or root.get("type", "object") != "object":
        return None
    shallow: dict = {}
    for name, sub in props.items():
        if not isinstance(name, str):
            continue
        try:
            sub = converter._follow(sub, loc, stack, quiet=True)[0] if isinstance(sub, dict) and "$ref" in sub \
                else sub
        except (TypeError, ValueError, AttributeError, KeyError, IndexError):
            sub = {}
        node = {k: sub[k] for k in _OUTPUT_KEYS if isinstance(sub, dict) and k in sub and k != "description"}
        text = shorten(sub.get("description"), max_sentences=1, max_words=25) if isinstance(sub, dict) else ""
        if text:
            node["description"] = text
        if isinstance(sub, dict) and sub.get("nullable") is True and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        shallow[name] = node
    result: dict = {"type": "object", "properties": shallow}
    required = root.get("required")
    if isinstance(required, list) and all(isinstance(r, str) for r in required):
        kept = list(dict.fromkeys(r for r in required if r in shallow))
        if kept:
            result["required"] = kept
    return result


def make_draft(op: Operation, route: Route, max_depth: int, include_deprecated: bool,
               keep: set = frozenset()) -> Draft:
    draft = outline(op, route)
    add_params(draft, max_depth, include_deprecated, keep=keep)
    return draft


def outline(op: Operation, route: Route) -> Draft:
    """A draft without its parameters: what the operation says about itself and what it returns."""
    raw = raw_operation(op)
    path_item = _path_item(op)
    summary = clean(raw.get("summary") or path_item.get("summary"))
    about = clean(raw.get("description") or path_item.get("description"))
    tags = [t for t in raw.get("tags") or [] if isinstance(t, str)]
    return Draft(op, route, summary, about, tags, [], describe_response(op, raw))


def add_params(draft: Draft, max_depth: int, include_deprecated: bool, keep_full_text: bool = True,
               keep: set = frozenset()) -> None:
    """The draft's parameters, from the operation's parameters and body (and only from them: see
    `generate.inputs`), with what was left out of them in `draft.notes`. `keep_full_text`: also keep the
    whole description of each parameter whose description was shortened (`draft.full_text`, which only
    the repair after linting reads). `keep`: parameter paths never cut for depth. Inputs that carry credentials
    go to `draft.server_supplies` instead."""
    op, route = draft.op, draft.route
    converter = Converter(op.contract.resolver.resolve, max_depth=max_depth, include_deprecated=include_deprecated,
                          keep_full_text=keep_full_text, keep=frozenset(keep))
    api_keys = api_key_inputs(op.contract.document.data)
    params: list[Param] = []
    path_order = {name: i for i, name in enumerate(_path_params(op.path))}
    for i, p in enumerate(op.parameters):
        location = p.location
        if p.deprecated and not p.required and not include_deprecated:
            draft.notes.append((p.name, "deprecated"))
            continue
        raw_text = _param_object(p).get("description")
        if is_credential(p.name, location, p.schema, raw_text, api_keys):
            draft.server_supplies.append(p.name)
            continue
        if location in ("header", "cookie"):
            if p.name.lower() in CLIENT_HEADERS:
                continue
            if not p.required:
                draft.notes.append((p.name, f"optional {location}, set by the client"))
                continue
        schema = converter.convert(p.schema, p.loc, depth=2, path=p.name) if p.schema is not None else {}
        text = shorten(raw_text)
        if text and keep_full_text and text != full_text(raw_text):
            converter.full_text[p.name] = full_text(raw_text)
        if text:
            schema = {"description": text, **{k: v for k, v in schema.items() if k != "description"}}
        if p.deprecated:
            schema = marked_deprecated(schema)
        if location in ("header", "cookie") and "default" in schema and "enum" not in schema:
            # a required header with a default (an API version): the one value the client should send
            value = schema.pop("default")
            schema["enum"] = [value]
        order = path_order.get(p.name, len(path_order) + i) if location == "path" else 1000 + i
        params.append(Param(p.name, location, p.required, schema, order))
    taken = {p.name for p in params}
    if op.body_schema is not None:
        params.extend(_body_params(draft, op, converter, taken))
    for path, why in converter.dropped:
        draft.notes.append((path, why))
    draft.full_text = converter.full_text
    for p in params:
        if not p.schema.get("description") and (p.required or p.location == "path"):
            # an optional parameter without one stays without: its name in words would only cost tokens
            p.schema = {"description": fallback_description(p, route), **p.schema}
        p.priority = _priority(p, op.method)
        p.tokens = estimate(orjson.dumps({p.name: p.schema}))
    required = sorted((p for p in params if p.required), key=lambda p: p.order)
    optional = sorted((p for p in params if not p.required), key=lambda p: (-p.priority, p.tokens, p.order))
    draft.params = required + optional


@dataclass
class ParamsCopy:
    """What `add_params` gave one draft, kept apart from it (later steps write parameter descriptions), to give
    an operation with the same inputs in another document without converting its schemas again."""

    params: list
    notes: list
    full_text: dict
    body_wrapped: bool
    server_supplies: list = field(default_factory=list)

    @classmethod
    def of(cls, draft: Draft) -> "ParamsCopy":
        return cls(_copied(draft.params), list(draft.notes), dict(draft.full_text), draft.body_wrapped,
                   list(draft.server_supplies))

    def give(self, draft: Draft) -> None:
        draft.params = _copied(self.params)
        draft.notes.extend(self.notes)
        draft.full_text = dict(self.full_text)
        draft.body_wrapped = self.body_wrapped
        draft.server_supplies = list(self.server_supplies)


def _copied(params: list) -> list:
    """Parameters with their own top-level schema (the one place a later step writes: its description); the
    schemas below it are shared, and nothing writes there."""
    return [Param(p.name, p.location, p.required, dict(p.schema), p.order, p.priority, p.tokens) for p in params]


def _body_params(draft: Draft, op: Operation, converter: Converter, taken: set) -> list[Param]:
    body = converter.convert(op.body_schema, op.body_loc, depth=1, path="")
    props = body.get("properties") if isinstance(body.get("properties"), dict) else None
    types = body.get("type")
    is_object = props is not None or types == "object" or (isinstance(types, list) and "object" in types)
    if is_object and not props:
        extra = body.get("additionalProperties")
        if not extra:
            return []  # an empty body (Stripe's GET operations declare one)
    clash = bool(props) and bool(taken & set(props))
    if props and not clash:
        required = set(body.get("required") or [])
        api_keys = api_key_inputs(op.contract.document.data)
        out = []
        for i, (name, schema) in enumerate(props.items()):
            if is_credential(name, "body", schema, schema.get("description"), api_keys):
                draft.server_supplies.append(name)
            else:
                out.append(Param(name, "body", name in required, schema, 2000 + i))
        return out
    # the body as one property: it clashes with another input, or is not an object
    draft.body_wrapped = True
    wrapped = converter.convert(op.body_schema, op.body_loc, depth=2, path=BODY_KEY) if props else body
    if not wrapped.get("description"):
        wrapped = {"description": "The content to send.", **wrapped}
    return [Param(BODY_KEY, "body", op.body_required, wrapped, 2000)]


def fallback_description(p: Param, route: Route, leaf: str | None = None) -> str:
    """Words from the name alone, for a parameter the contract leaves undescribed."""
    words = name_tokens(leaf or p.name)
    if leaf and leaf != p.name:
        if len(words) > 1 and words[-1] == "id":
            return f"Id of the {' '.join(words[:-1])}."
        text = " ".join(words) or leaf
        return text[:1].upper() + text[1:] + "."
    if p.location == "path":
        if p.name in route.param_nouns:
            return f"Id of the {route.param_nouns[p.name]}."
        if words and words[-1] == "id" and len(words) > 1:
            return f"Id of the {' '.join(words[:-1])}."
        if words and words[-1] != "id":
            return f"Id of the {' '.join(words)}."
        return f"Id of the {route.noun}."
    text = " ".join(words) if words else p.name
    return text[:1].upper() + text[1:] + "."


def _priority(p: Param, method: str) -> float:
    score = 2.0 if p.location == "body" else (3.0 if method in ("get", "delete") else 2.0)
    schema = p.schema
    types = schema.get("type")
    simple = "properties" not in schema and "anyOf" not in schema and "oneOf" not in schema and \
        "additionalProperties" not in schema
    if simple and (isinstance(types, str) or "enum" in schema):
        score += 1.0
    if "properties" in schema:
        score -= 1.0
    if p.name.lower() in PAGINATION:
        score += 0.5
    return score


def _path_params(path: str) -> list[str]:
    return [s[1:-1] for s in path.split("/") if s.startswith("{") and s.endswith("}")]


def _param_object(p) -> dict:
    doc, pointer = p.param_loc
    try:
        node = ptr.resolve(doc.data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return {}
    return node if isinstance(node, dict) else {}


def _path_item(op: Operation) -> dict:
    doc, pointer = op.loc
    parent = pointer.rsplit("/", 1)[0]
    try:
        node = ptr.resolve(doc.data, parent)
    except (KeyError, IndexError, ValueError, TypeError):
        return {}
    return node if isinstance(node, dict) else {}


# ------------------------------------------------------------------------------------------------
# what the operation returns

_SUCCESS = ("200", "201", "202", "203", "206", "2XX", "2xx")
_LIST_KEYS = ("data", "results", "items", "records", "entries", "values")
_PAGING_KEYS = ("has_more", "next_cursor", "next_page", "next", "next_page_token", "nextPageToken", "cursor",
                "total_count", "total")


def describe_response(op: Operation, raw: dict) -> Response:
    responses = raw.get("responses")
    if not isinstance(responses, dict):
        return Response()
    resolver = op.contract.resolver
    doc, pointer = op.loc
    for code in list(_SUCCESS) + ["204"]:
        if code not in responses:
            continue
        if code == "204":
            return Response("nothing")
        loc = (doc, ptr.join(pointer, "responses", code))
        node, loc = resolver.follow(responses[code], loc)
        if not isinstance(node, dict):
            return Response()
        content = node.get("content") if isinstance(node.get("content"), dict) else None
        schema, schema_loc = None, None
        if content:
            media = next((m for m in content if "json" in m), None) or next(iter(content))
            if isinstance(content[media], dict):
                schema = content[media].get("schema")
                schema_loc = (loc[0], ptr.join(loc[1], "content", media, "schema"))
        elif "schema" in node:  # Swagger 2
            schema, schema_loc = node["schema"], (loc[0], ptr.join(loc[1], "schema"))
        if schema is None:
            return Response()
        shape = _shape(schema, schema_loc, resolver)
        shape.source = (schema, schema_loc)
        return shape
    return Response()


def _shape(schema, loc, resolver) -> Response:
    noun, schema, loc = _named(schema, loc, resolver)
    if not isinstance(schema, dict):
        return Response()
    props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    if schema.get("type") == "array" or ("items" in schema and not props):
        item_noun, item, _ = _named(schema.get("items"), (loc[0], ptr.join(loc[1], "items")), resolver)
        return Response("list", item_noun, item_fields=_fields(item))
    for key in _LIST_KEYS:
        sub = props.get(key)
        if not isinstance(sub, dict):
            continue
        sub_node, sub_loc = resolver.follow(sub, (loc[0], ptr.join(loc[1], "properties", key)))
        if isinstance(sub_node, dict) and sub_node.get("type") == "array":
            item_noun, item, _ = _named(sub_node.get("items"), (sub_loc[0], ptr.join(sub_loc[1], "items")),
                                        resolver)
            paging = [k for k in props if k in _PAGING_KEYS]
            if paging:
                return Response("list", item_noun, [key], paging, _fields(item))
    if props:
        fields = [k for k in props if k not in ("object",)]
        return Response("object", noun, fields)
    if isinstance(schema.get("type"), str) and schema["type"] != "object":
        return Response("value", schema["type"])
    return Response("object", noun) if noun else Response()


def _fields(schema) -> list:
    props = schema.get("properties") if isinstance(schema, dict) else None
    return list(props) if isinstance(props, dict) else []


def _named(schema, loc, resolver):
    """(noun from the $ref name or title, resolved schema, its location)."""
    noun = ""
    hops = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and hops < 20:
        noun = " ".join(name_tokens(schema["$ref"].rsplit("/", 1)[-1]))
        hit = resolver.resolve(schema["$ref"], loc)
        if hit is None:
            return noun, None, loc
        schema, loc = hit
        hops += 1
    if not noun and isinstance(schema, dict) and isinstance(schema.get("title"), str) and \
            " " not in schema["title"].strip():
        noun = " ".join(name_tokens(schema["title"]))
    return noun, schema, loc
