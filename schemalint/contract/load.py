"""Load an OpenAPI 2.0 / 3.0 / 3.1 contract and normalize it into operations.

An `Operation` is what a tool calls: method, path, operationId, deprecated, and
its inputs as one list of parameters (path, query, header, cookie, Swagger 2
formData) plus the request body schema. Parameter and body schemas are kept as
written with their locations; `schema.flatten` turns them into comparable
views only for the operations that tools map to.
"""
from __future__ import annotations

import hashlib
import re
import urllib.parse
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..files import tree_root
from ..sources import Document, InputError
from ..sources import pointer as ptr
from .fetch import Auth, Source, is_url, redact, source_for
from .parse import parse_contract

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# media types a tool's arguments are sent as, best first
BODY_MEDIA_PREFERENCE = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
# Swagger 2 parameter keys that describe the parameter, not its value
_V2_PARAM_ONLY = {"name", "in", "required", "description", "collectionFormat", "allowEmptyValue"}


@dataclass(eq=False)
class Parameter:
    name: str
    location: str  # path | query | header | cookie | formData | body
    required: bool
    schema: Any  # as written (a $ref is resolved later)
    loc: tuple  # (Document, pointer) of the schema
    param_loc: tuple  # (Document, pointer) of the parameter object
    deprecated: bool = False


@dataclass(eq=False)
class Operation:
    contract: "Contract"
    method: str
    path: str
    operation_id: str | None
    deprecated: bool
    parameters: list
    body_schema: Any = None
    body_loc: tuple | None = None
    body_required: bool = False
    body_media: str | None = None
    loc: tuple = None  # (Document, pointer) of the operation object
    # every media type of the request body with a schema, best first: (media, schema, loc); the body_* fields
    # above hold the first
    body_alternatives: list = field(default_factory=list)

    @property
    def label(self) -> str:
        ident = f" ({self.operation_id})" if self.operation_id else ""
        return f"{self.method.upper()} {self.path}{ident}"


@dataclass(eq=False)
class Problem:
    """Something wrong in the contract itself, reported on the contract file."""

    kind: str  # invalid | unresolved-ref
    message: str
    document: Document
    pointer: str
    detail: str = ""  # the validator's own sentence, without the "not valid OpenAPI 3.x" around it


@dataclass(eq=False)
class Contract:
    spec: str
    source: Source
    document: Document
    version: str  # 2.0 | 3.0 | 3.1
    digest: str
    resolver: "Resolver"
    operations: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.source.display

    def where(self, loc: tuple) -> str:
        """`file:line` of a contract node, with its pointer: the contract side of a finding."""
        doc, pointer = loc
        line, column = doc.locate(pointer)
        return f"{doc.path}:{line}:{column} (#{pointer})"

    def related(self, loc: tuple, message: str) -> dict:
        doc, pointer = loc
        line, column = doc.locate(pointer)
        return {"file": doc.path, "line": line, "column": column, "pointer": pointer, "message": message}


class Resolver:
    """Follows `$ref`s across the documents of one contract; remote ones only when allowed."""

    def __init__(self, root: Document, source: Source, auth: Auth):
        self.auth = auth
        self.sources: dict[int, Source] = {id(root): source}
        self.documents: dict[str, Document] = {_source_key(source): root}
        self.problems: list[Problem] = []
        self._failed: dict = {}  # source key -> why it was not read, to name every $ref to it
        self._reported: set = set()

    def resolve(self, ref: str, loc: tuple):
        doc, pointer = loc
        target_part, _, fragment = ref.partition("#")
        target = doc
        if target_part:
            target = self._document(target_part, doc, pointer)
            if target is None:
                return None
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/"):
            self._problem(f"$ref '{_shown(ref)}' uses an anchor, which is not followed", doc, pointer)
            return None
        try:
            node = ptr.resolve(target.data, fragment)
        except (KeyError, IndexError, ValueError, TypeError):
            self._problem(f"$ref '{_shown(ref)}' points to nothing; fix the contract", doc, pointer)
            return None
        return node, (target, fragment)

    def peek(self, ref: str, loc: tuple):
        """What `ref` at `loc` points to, among the documents already read; None otherwise. Reads nothing and
        records no problem: for questions about the contract, not for comparing it."""
        doc = loc[0]
        target_part, _, fragment = ref.partition("#")
        target = doc
        if target_part:
            base = self.sources.get(id(doc))
            if base is None or _SCHEME.match(target_part) and not is_url(target_part):
                return None
            try:
                target = self.documents.get(_source_key(base.sibling(target_part)))
            except ValueError:
                return None
            if target is None:
                return None
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/"):
            return None
        try:
            return ptr.resolve(target.data, fragment), (target, fragment)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def _document(self, relative: str, doc: Document, pointer: str):
        base = self.sources[id(doc)]
        scheme = _SCHEME.match(relative)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            self._problem(f"$ref '{_shown(relative)}' not followed: only relative paths and http(s) URLs are",
                          doc, pointer)
            return None
        target = base.sibling(relative)
        key = _source_key(target)
        if key in self.documents:
            return self.documents[key]
        why = self._failed.get(key) or self._refusal(base, target)
        if why is None:
            try:
                loaded = parse_contract(target.display, target.read(self.auth.for_ref(base)))
            except InputError as exc:
                why = f"cannot be loaded: {exc}"
        if why is not None:
            self._failed[key] = why
            self._problem(f"$ref '{_shown(relative)}' {why}", doc, pointer)
            return None
        self.documents[key] = loaded
        self.sources[id(loaded)] = target
        return loaded

    def _refusal(self, base: Source, target: Source) -> str | None:
        """Why a `$ref` from `base` may not read `target`, or None."""
        if not base.confines(target):
            return (f"not followed: it leaves {base.root}, and local $refs are read only inside the contract's own "
                    f"folder tree or repository")
        if target.kind == "url" and not self.auth.remote_refs:
            return "not fetched: remote $refs are followed only with remote-refs = true in contract-auth"
        return None

    def _problem(self, message: str, doc: Document, pointer: str):
        where = (doc.path, pointer)
        if where not in self._reported:
            self._reported.add(where)
            self.problems.append(Problem("unresolved-ref", message, doc, ptr.join(pointer, "$ref")))

    def follow(self, node, loc: tuple):
        """A node with its `$ref` chain followed (parameters, request bodies, path items)."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 20:
            hit = self.resolve(node["$ref"], loc)
            if hit is None:
                return None, loc
            node, loc = hit
            hops += 1
        return node, loc


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _shown(ref: str, limit: int = 120) -> str:
    """A `$ref` as a message names it: clipped, and without the user:password a URL may carry."""
    if _SCHEME.match(ref):
        try:
            ref = redact(ref)
        except ValueError:  # not a URL urllib can split (a bad IPv6 host): shown as written
            pass
    return ref if len(ref) <= limit else ref[:limit - 3] + "..."


def _source_key(source: Source) -> str:
    return f"{source.kind}:{source.ref or ''}:{source.location}"


# work on contracts done once while `shared_work` is in effect: ("document", display, digest) -> the parsed
# Document, ("validation", key) -> validation results. Generate lints its output against the contract it read
# several times; each lint loads the contract again, and parsing a 4 MB spec each time was most of that.
# a context variable, not a global: two threads (or tasks) sharing work each see only their own block's
_shared: ContextVar[dict | None] = ContextVar("schemalint_contract_shared_work", default=None)


@contextmanager
def shared_work(*contracts: "Contract"):
    """Within this block a contract read again (same place, same bytes) reuses the parsed document of the first
    read, or of one of `contracts`, and its validation: a Document is never changed once parsed."""
    work = dict(_shared.get() or {})
    for contract in contracts:
        work[("document", contract.source.display, contract.digest)] = contract.document
    token = _shared.set(work)
    try:
        yield
    finally:
        _shared.reset(token)


def is_sharing() -> bool:
    return _shared.get() is not None


def shared(key: tuple, build):
    """`build()`, computed once per `key` while `shared_work` is in effect (every time otherwise)."""
    work = _shared.get()
    if work is None:
        return build()
    try:
        return work[key]
    except KeyError:
        value = work[key] = build()
        return value


def load_contract(spec: str, base_dirs: list[str], auth: Auth | None = None) -> Contract:
    auth = auth or Auth()
    source = source_for(spec, base_dirs)
    raw = source.read(auth)
    digest = hashlib.sha256(raw).hexdigest()
    document = shared(("document", source.display, digest), lambda: parse_contract(source.display, raw))
    return build_contract(spec, source, document, digest, auth)


def build_contract(spec: str, source: Source, document: Document, digest: str, auth: Auth | None = None) -> Contract:
    data = document.data
    if not isinstance(data, dict):
        raise InputError(source.display, "not an OpenAPI document (the top level is not a mapping)")
    if str(data.get("swagger", "")).startswith("2"):
        version = "2.0"
    elif str(data.get("openapi", "")).startswith("3.0"):
        version = "3.0"
    elif str(data.get("openapi", "")).startswith("3."):
        version = "3.1"
    else:
        raise InputError(source.display, "not an OpenAPI document (no 'openapi: 3.x' or 'swagger: \"2.0\"' key)")
    if source.kind == "file" and source.root is None:
        source.root = tree_root(source.location)
    resolver = Resolver(document, source, auth or Auth())
    contract = Contract(spec, source, document, version, digest, resolver)
    contract.operations = list(_operations(contract))
    return contract


def _operations(contract: Contract):
    doc = contract.document
    resolver = contract.resolver
    paths = doc.data.get("paths")
    if not isinstance(paths, dict):
        return
    v2 = contract.version == "2.0"
    for path, item in paths.items():
        item_loc = (doc, ptr.join("/paths", path))
        item, item_loc = resolver.follow(item, item_loc)
        if not isinstance(item, dict):
            continue
        shared = _parameters(item.get("parameters"), item_loc, resolver, v2)
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            op_loc = (item_loc[0], ptr.join(item_loc[1], method))
            own = _parameters(op.get("parameters"), op_loc, resolver, v2)
            merged = {(p.name, p.location): p for p in shared}
            merged.update({(p.name, p.location): p for p in own})
            operation = Operation(contract, method, str(path), op.get("operationId") if isinstance(
                op.get("operationId"), str) else None, op.get("deprecated") is True, [], loc=op_loc)
            for p in merged.values():
                if p.location == "body":
                    operation.body_schema, operation.body_loc = p.schema, p.loc
                    operation.body_required, operation.body_media = p.required, "application/json"
                else:
                    operation.parameters.append(p)
            if not v2 and "requestBody" in op:
                _request_body(operation, op["requestBody"], (op_loc[0], ptr.join(op_loc[1], "requestBody")),
                              resolver)
            yield operation


def _parameters(raw, loc: tuple, resolver: Resolver, v2: bool) -> list:
    out = []
    if not isinstance(raw, list):
        return out
    for i, param in enumerate(raw):
        param, param_loc = resolver.follow(param, (loc[0], ptr.join(loc[1], "parameters", i)))
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        location = param.get("in") if isinstance(param.get("in"), str) else "query"
        doc, pointer = param_loc
        if location == "body":
            schema, schema_loc = param.get("schema"), (doc, ptr.join(pointer, "schema"))
        elif "schema" in param:
            schema, schema_loc = param["schema"], (doc, ptr.join(pointer, "schema"))
        elif isinstance(param.get("content"), dict) and param["content"]:
            media = next(iter(param["content"]))
            media_obj = param["content"][media]
            schema = media_obj.get("schema") if isinstance(media_obj, dict) else None
            schema_loc = (doc, ptr.join(pointer, "content", media, "schema"))
        elif v2:
            schema = {k: v for k, v in param.items() if k not in _V2_PARAM_ONLY}
            schema_loc = param_loc
        else:
            schema, schema_loc = None, param_loc
        required = param.get("required") is True or location == "path"
        out.append(Parameter(param["name"], location, required, schema, schema_loc, param_loc,
                             param.get("deprecated") is True))
    return out


def _request_body(operation: Operation, body, loc: tuple, resolver: Resolver) -> None:
    body, loc = resolver.follow(body, loc)
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
        return
    content = body["content"]
    media = next((m for pref in BODY_MEDIA_PREFERENCE for m in content if m.split(";")[0].strip() == pref), None)
    if media is None:
        media = next((m for m in content if "json" in m), None) or next(iter(content), None)
    if media is None or not isinstance(content[media], dict):
        return
    doc, pointer = loc
    operation.body_schema = content[media].get("schema")
    operation.body_loc = (doc, ptr.join(pointer, "content", media, "schema"))
    operation.body_required = body.get("required") is True
    operation.body_media = media
    operation.body_alternatives = [(media, operation.body_schema, operation.body_loc)] + [
        (other, content[other]["schema"], (doc, ptr.join(pointer, "content", other, "schema")))
        for other in _media_order(content) if other != media and isinstance(content[other], dict)
        and content[other].get("schema") is not None]


def _media_order(content: dict) -> list:
    """The media types of a request body, those a tool's arguments are usually sent as first."""
    rank = {pref: i for i, pref in enumerate(BODY_MEDIA_PREFERENCE)}
    return sorted(content, key=lambda m: rank.get(m.split(";")[0].strip(), len(rank) + ("json" not in m)))
