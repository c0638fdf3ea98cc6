"""drift: the tool schema disagrees with the backend contract it calls (OpenAPI, live backend).

The contracts come from `--contract` / `contract = [...]` (a file, an http(s) URL
or `REF:PATH` in git) or from an `x-schemalint-contract` key at the top of a
catalog file. The work is done once per run by `schemalint.contract.analyze`,
imported only when there is a contract; each rule reports its own kind of drift.
Every finding sits on the tool side and names the contract side (file:line and
JSON pointer) in its message and in `related`.
"""
from __future__ import annotations

from schemalint.compare.render import plain_json
from schemalint.engine.fingerprint import portable_path
from schemalint.engine.rule import Rule
from schemalint.model import Edit, Fix, Tool
from schemalint.sources import pointer as ptr

INLINE_KEY = "x-schemalint-contract"
OPENAPI_SPEC = ("OpenAPI Specification 3.1.0 (spec.openapis.org/oas/v3.1.0): Operation, Parameter and Request "
                "Body Objects define what the backend accepts; Swagger 2.0 (spec.openapis.org/oas/v2.0) likewise")
OASDIFF = ("oasdiff breaking-change checks (github.com/oasdiff/oasdiff, BREAKING-CHANGES.md): a new required "
           "request parameter, a removed request parameter or enum value, a changed type and a tightened "
           "constraint break existing clients")
GORILLA = ("Patil et al., 'Gorilla: Large Language Model Connected with Massive APIs' (arXiv:2305.15334, 2023): "
           "models hallucinate API arguments; grounding calls in the current API documentation is what lets them "
           "follow API changes")

# --- rule examples: a catalog carrying its own contract -------------------------------------------------

_PARAMS = [
    {"name": "tenant_id", "in": "query", "required": True, "schema": {"type": "string"}},
    {"name": "query", "in": "query", "schema": {"type": "string", "maxLength": 200}},
    {"name": "status", "in": "query",
     "schema": {"type": "string", "enum": ["active", "invited"], "default": "active"}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


def _contract(params=None, deprecated=False, extra_paths=None, op_id="search_users"):
    op = {"operationId": op_id, "parameters": params if params is not None else _PARAMS,
          "responses": {"200": {"description": "The matching users."}}}
    if deprecated:
        op["deprecated"] = True
    paths = {"/users": {"get": op}}
    paths.update(extra_paths or {})
    return {"openapi": "3.0.3", "info": {"title": "Users", "version": "1"}, "paths": paths}


_GOOD_PROPS = {
    "tenant_id": {"type": "string", "description": "Tenant that owns the users."},
    "query": {"type": "string", "maxLength": 200, "description": "Text to match in names and emails."},
    "status": {"type": "string", "enum": ["active", "invited"], "default": "active"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
}


def _example(props=None, required=("tenant_id",), contract=None, name="search_users", extra=None):
    tool = {"name": name, "description": "Search the users of a tenant.",
            "input_schema": {"type": "object", "properties": props if props is not None else _GOOD_PROPS,
                             "required": list(required)}}
    tool.update(extra or {})
    return {INLINE_KEY: contract if contract is not None else _contract(), "tools": [tool]}


def _with(**changes):
    props = dict(_GOOD_PROPS)
    for key, value in changes.items():
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value
    return props


GOOD = _example()


# --- shared machinery -----------------------------------------------------------------------------------

def has_contract(tools: list[Tool], ctx) -> bool:
    if ctx.settings.get("contracts"):
        return True
    return any(isinstance(t.document.data, dict) and INLINE_KEY in t.document.data for t in tools)


def analysis_for(tools: list[Tool], ctx):
    """The run's drift analysis, computed by the first drift rule that asks."""
    cached = getattr(ctx, "_drift_analysis", None)
    if cached is not None:
        return cached
    from schemalint.contract import analyze
    from schemalint.contract.compare import Options

    opts = ctx.selection.options.get(ConstraintLooserThanContract.id) or {}
    options = Options(ignore_max_length_over=opts.get(
        "ignore-max-length-over", ConstraintLooserThanContract.options["ignore-max-length-over"]))
    analysis = analyze(tools, ctx.settings, options)
    ctx._drift_analysis = analysis
    return analysis


def _related(loc, message: str) -> list:
    if not loc or loc[0] is None:
        return []
    doc, pointer = loc
    line, column = doc.locate(pointer)
    return [{"file": doc.path, "line": line, "column": column, "pointer": pointer, "message": message}]


def _stable(message: str, analysis) -> str:
    """The message as its fingerprint reads it: contract files named from the repository root, not from the
    current folder as the message shows them, so a baseline matches wherever schemalint runs."""
    paths = analysis.__dict__.get("_contract_paths")
    if paths is None:
        found = set()
        for contract in analysis.contracts:
            found.add(contract.display)
            found.update(doc.path for doc in contract.resolver.documents.values())
        paths = analysis.__dict__["_contract_paths"] = sorted(
            ((p, portable_path(p)) for p in found if p and "://" not in p and p != "-"), key=lambda x: -len(x[0]))
    for shown, portable in paths:
        if shown != portable and shown in message:
            message = message.replace(shown, portable)
    return message


class _DriftRule(Rule):
    category = "drift"

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        analysis = analysis_for(tools, ctx)
        for drift in analysis.by_rule(self.id):
            fix = (self.fix_for(drift, analysis, ctx) or False) if self.fixable else None
            if fix and not all(plain_json(edit.value) for edit in fix.edits):
                fix = False  # a contract value JSON tools cannot carry (an integer past 64 bits) is not copied
            ctx.report(drift.tool, drift.message, path=drift.path, param=drift.param, severity=drift.severity,
                       related=_related(drift.contract_loc, drift.contract_note or "contract side"), fix=fix,
                       stable_message=_stable(drift.message, analysis))

    def fix_for(self, drift, analysis, ctx) -> Fix | None:
        """The edit that makes the tool agree with the contract, when it is mechanical."""
        return None


# --- fixes: the contract side of a drift, read back as a schema view -------------------------------------

_SCALARS = frozenset({"string", "integer", "number", "boolean"})


def _tool_node(drift):
    """The tool's schema node a drift is about (None when the path does not lead to an object)."""
    return _node_at(drift.tool.input_schema, drift.path)


def _contract_view(drift, analysis):
    """The contract node of a drift flattened like the comparison saw it ($refs followed, allOf merged)."""
    from schemalint.compare.view import flatten

    if not drift.contract_loc or drift.contract_loc[0] is None:
        return None
    doc, pointer = drift.contract_loc
    resolver = next((c.resolver for c in analysis.contracts
                     if c.document is doc or any(d is doc for d in c.resolver.documents.values())), None)
    if resolver is None:
        return None
    try:
        raw = ptr.resolve(doc.data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    return flatten(raw, drift.contract_loc, resolver.resolve, lambda loc, *tokens: (loc[0], ptr.join(loc[1], *tokens)))


def _with_null(types: list, node: dict) -> object:
    """Keep a tool's nullability when it takes the contract's type."""
    declared = node.get("type")
    nullable = declared == "null" or (isinstance(declared, list) and "null" in declared)
    types = sorted(t for t in types if t != "null")
    if nullable:
        return [*types, "null"]
    return types[0] if len(types) == 1 else types


class _ContractProblemRule(Rule):
    category = "drift"
    problem_kind = ""

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        for problem in analysis_for(tools, ctx).problems(self.problem_kind):
            doc = problem.document
            where = Tool(name=None, description=None, input_schema={}, format="openapi", document=doc,
                         pointer=problem.pointer, schema_pointer=None)
            before = len(ctx.findings)
            ctx.report(where, problem.message, pointer=problem.pointer,
                       stable_message=_stable(problem.message, analysis_for(tools, ctx)))
            if len(ctx.findings) > before and "://" in doc.path:
                ctx.findings[-1].file = doc.path  # a URL is not a path: keep it as the user gave it


# --- the contract itself --------------------------------------------------------------------------------

class ContractInvalid(_ContractProblemRule):
    """Finds errors in the backend contract itself, as openapi-spec-validator reports them.

    Why: the drift check reads the contract as the truth about the backend. A
    contract that breaks the OpenAPI specification (a parameter `in: querry`, a
    path parameter that is never declared, a duplicate operationId) is still
    compared as well as it can be, but its answers are less trustworthy, and
    tool generators that read it produce broken tools.

    Example: `parameters: [{name: q, in: querry}]`
    Use instead: `parameters: [{name: q, in: query, schema: {type: string}}]`

    Validation of an unchanged contract is cached by content hash
    (~/.cache/schemalint, or $SCHEMALINT_CACHE_DIR; SCHEMALINT_NO_CACHE=1 turns
    it off). Ignore this rule to skip validation altogether.
    """

    id = "contract-invalid"
    severity = "warning"
    problem_kind = "invalid"
    summary = "The backend's OpenAPI contract is not valid OpenAPI"
    hint = "Fix the contract (the finding is on the contract file); drift was still checked best-effort."
    sources = (OPENAPI_SPEC, "openapi-spec-validator (github.com/python-openapi/openapi-spec-validator): "
                             "validates OpenAPI 2.0, 3.0 and 3.1 documents")
    valid = [GOOD]
    invalid = [_example(contract=_contract(params=[{"name": "tenant_id", "in": "querry", "required": True,
                                                    "schema": {"type": "string"}}] + _PARAMS[1:]))]


class ContractUnresolvedRef(_ContractProblemRule):
    """Finds `$ref`s in the contract that the comparison needed but could not follow.

    Why: an operation whose parameter or body schema cannot be resolved is
    compared without it, so drift in that part goes unseen. A remote `$ref`
    (another URL) is not fetched unless `remote-refs = true` is set in the
    `contract-auth` table.

    Example: `schema: {$ref: '#/components/schemas/Missing'}`
    Use instead: a `$ref` to a schema that exists, or a local copy of the remote document.
    """

    id = "contract-unresolved-ref"
    severity = "warning"
    problem_kind = "unresolved-ref"
    summary = "A $ref in the contract cannot be followed"
    hint = "Fix the $ref in the contract, or allow remote refs with remote-refs = true in contract-auth."
    sources = (OPENAPI_SPEC, "JSON Reference (IETF draft-pbryan-zyp-json-ref-03) and RFC 6901 (JSON Pointer)")
    valid = [GOOD]
    invalid = [_example(contract=_contract(params=_PARAMS[:1] + [
        {"name": "query", "in": "query", "schema": {"$ref": "#/components/schemas/Missing"}}] + _PARAMS[2:]))]


# --- mapping a tool to its operation --------------------------------------------------------------------

class ToolNotInContract(_DriftRule):
    """Finds tools that match no operation of the contract.

    Why: an unmapped tool is not compared, so its drift goes unseen. Tools are
    matched by the `mappings` table of the configuration, an `x-operation-id`
    on the tool, the operationId (case, separators and dots ignored, and a
    prefix every tool of the file shares, like `API-`, dropped) or the method
    and path spelled as its name (`get_users_user_id`). Nothing is guessed.

    Example: a tool `find_people` next to a contract with `operationId: searchUsers`.
    Use instead: `[tool.schemalint.mappings] find_people = "searchUsers"` (or "GET /users"),
    or `"x-operation-id": "searchUsers"` on the tool.
    """

    id = "tool-not-in-contract"
    severity = "info"
    summary = "A tool matches no operation of the backend contract"
    hint = "Map the tool in [tool.schemalint.mappings] or set x-operation-id on it."
    sources = (OPENAPI_SPEC, GORILLA)
    valid = [GOOD]
    invalid = [_example(name="find_people")]


class AmbiguousOperation(_DriftRule):
    """Finds tools that match more than one operation, and so are not compared.

    Why: picking one silently could compare the tool against the wrong
    endpoint and report drift that is not there, or hide drift that is. Two
    contracts with the same operationId, or `get_user` next to `getUser`, are
    the usual causes.

    Example: two contracts that both define `operationId: search_users`.
    Use instead: `[tool.schemalint.mappings] search_users = "GET /v2/users"`.
    """

    id = "ambiguous-operation"
    severity = "info"
    summary = "A tool matches several operations of the contract"
    hint = "Name the operation in [tool.schemalint.mappings] (operationId or \"METHOD /path\")."
    sources = (OPENAPI_SPEC,)
    valid = [GOOD]
    invalid = [_example(contract=_contract(extra_paths={"/people": {"get": {
        "operationId": "searchUsers", "responses": {"200": {"description": "ok"}}}}}))]


class OperationNotInContract(_DriftRule):
    """Finds tools bound (by mapping or x-operation-id) to an operation the contract no longer has.

    Why: every call the model makes through this tool fails: the endpoint is
    gone or was renamed. The tool still looks fine to the model.

    Example: `"x-operation-id": "listUsers"` when the contract only has `searchUsers`.
    Use instead: bind the tool to the operation that replaced it, or remove the tool.
    """

    id = "operation-not-in-contract"
    severity = "error"
    summary = "The tool's operation no longer exists in the contract"
    hint = "Bind the tool to an existing operation, or remove the tool."
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    valid = [_example(extra={"x-operation-id": "search_users"})]
    invalid = [_example(extra={"x-operation-id": "list_users"})]


class OlderOperationVersion(_DriftRule):
    """Finds tools bound to an older version of an operation when a newer one exists.

    Why: `/v2/users` next to `/v3/users`, or `searchUsersV2` next to
    `searchUsersV3`: the older one is on its way out, and its schema is the one
    the backend stops maintaining. Models have no way to know.

    Example: a tool mapped to GET /v2/users when GET /v3/users exists.
    Use instead: bind the tool to GET /v3/users and update its schema.
    """

    id = "older-operation-version"
    severity = "warning"
    summary = "The tool calls an older version of an operation that has a newer one"
    hint = "Move the tool to the newest version of the operation."
    sources = (OPENAPI_SPEC, "Microsoft REST API Guidelines, versioning: clients should move to the newest "
                             "version; older versions are retired")
    valid = [GOOD]
    invalid = [_example(name="searchUsersV2", contract=_contract(op_id="searchUsersV2", extra_paths={
        "/users/search": {"get": {"operationId": "searchUsersV3", "parameters": _PARAMS,
                                  "responses": {"200": {"description": "ok"}}}}}))]


# --- comparing the schemas ------------------------------------------------------------------------------

class DeprecatedInContract(_DriftRule):
    """Finds tools whose operation, or a parameter they expose, is deprecated in the contract.

    Why: the model keeps calling what the backend is retiring; when it is
    removed, every call fails. A deprecated parameter offered to the model is
    one it will fill.

    Example: the contract marks GET /users `deprecated: true`; the tool still calls it.
    Use instead: move the tool to the replacement operation or drop the parameter.
    """

    id = "deprecated-in-contract"
    severity = "warning"
    summary = "The tool calls an operation or sends a parameter the contract deprecates"
    hint = "Move the tool to the replacement operation, or stop offering the deprecated parameter."
    sources = (OPENAPI_SPEC, OASDIFF)
    valid = [GOOD]
    invalid = [_example(contract=_contract(deprecated=True)),
               _example(contract=_contract(params=_PARAMS[:3] + [dict(_PARAMS[3], deprecated=True)]))]


class ParamNotInContract(_DriftRule):
    """Finds tool parameters that the operation does not take (renamed or removed in the backend).

    Why: the model fills every parameter it is shown. A parameter the backend
    does not know is rejected or, worse, silently ignored: the user asked for
    a filter and got everything. A rename (`tenant_id` to `org_id`) shows up as
    this finding plus a missing required one; the message names the likely new
    name.

    Example: the tool sends `tenant`, the contract's query parameter is `tenant_id`.
    Use instead: the contract's name, `tenant_id`.
    """

    id = "param-not-in-contract"
    severity = "error"
    summary = "A tool parameter is not an input of the backend operation"
    hint = "Rename the parameter to the contract's name, or remove it from the tool."
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    valid = [GOOD]
    invalid = [_example(props=_with(tenant_id=None, tenant={"type": "string"}), required=("tenant",))]


class RequiredParamMissing(_DriftRule):
    """Finds parameters the backend requires that the tool lacks or makes optional.

    Why: the model only sends what the schema asks for. A required parameter
    missing from the tool (the dropped `tenant_id`) means every call fails, or
    runs in a default scope; one the tool marks optional gets left out
    whenever the user does not mention it. Required headers are reported as
    info: clients usually set those themselves.

    Example: the contract requires `tenant_id`; the tool has no `tenant_id`.
    Use instead: add `tenant_id` to the tool and list it in `required`.
    """

    id = "required-param-missing"
    severity = "error"
    summary = "The backend requires a parameter the tool lacks or makes optional"
    hint = "Add the parameter to the tool and list it in required."
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    fixable = True
    valid = [GOOD]
    invalid = [_example(props=_with(tenant_id=None), required=()), _example(required=())]

    def fix_for(self, drift, analysis, ctx):
        # only a parameter the tool has and makes optional: a missing one would need a schema written for it
        path = drift.path or ()
        if len(path) < 2 or path[-2] != "properties":
            return None
        node = _tool_node(drift)
        parent = drift.tool.input_schema
        for token in path[:-2]:
            parent = parent.get(token) if isinstance(parent, dict) else None
        if node is None or not isinstance(parent, dict) or "default" in node:
            return None  # a required parameter with a default is a contradiction of its own
        required = parent.get("required")
        required = list(required) if isinstance(required, list) else []
        if path[-1] in required:
            return None
        return Fix([Edit("set", path[:-2] + ("required",), required + [path[-1]])],
                   f"list '{path[-1]}' in required, as the contract does")


class ParamTypeDrift(_DriftRule):
    """Finds parameters whose type (or format) differs between the tool and the contract.

    Why: the model produces the type the tool declares. `limit: "20"` for an
    integer parameter, or a number where the backend expects an id string, is
    rejected or coerced in surprising ways. A format mismatch (`date` against
    `date-time`) is a warning.

    Example: tool `limit: {type: string}`, contract `limit: {type: integer}`.
    Use instead: `limit: {type: integer}`.
    """

    id = "param-type-drift"
    severity = "error"
    summary = "A parameter's type or format differs from the contract"
    hint = "Use the contract's type (and format) in the tool."
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = True
    valid = [GOOD]
    invalid = [_example(props=_with(limit={"type": "string", "default": "20"}))]

    def fix_for(self, drift, analysis, ctx):
        # scalar to scalar only: an array or object turned into a string would lose its items or properties
        node, view = _tool_node(drift), _contract_view(drift, analysis)
        if node is None or view is None:
            return None
        declared = node.get("type")
        tool_types = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else set()
        contract_types = set(view.types or ()) - {"null"}
        if tool_types - {"null"} and contract_types and not (tool_types - {"null"}) <= \
                (contract_types | ({"integer"} if "number" in contract_types else set())):
            if len(contract_types) != 1 or not contract_types <= _SCALARS or not (tool_types - {"null"}) <= _SCALARS:
                return None
            return Fix([Edit("set", drift.path + ("type",), _with_null(list(contract_types), node))],
                       f"type the parameter as the contract does ({'/'.join(sorted(contract_types))})")
        if view.format and isinstance(node.get("format"), str) and node["format"] != view.format:
            return Fix([Edit("set", drift.path + ("format",), view.format)], f"use the contract's format '{view.format}'")
        return None


class EnumDrift(_DriftRule):
    """Finds enums that differ between the tool and the contract.

    Why: an enum is a closed menu for the model. A value the backend no
    longer accepts (error) is one the model will pick and the backend will
    reject; a value the backend newly accepts (info) is one the model can
    never use.

    Example: tool `status: enum [active, invited, disabled]`, contract `enum [active, invited]`.
    Use instead: the contract's values.
    """

    id = "enum-drift"
    severity = "error"
    summary = "An enum offers values the backend rejects, or misses values it accepts"
    hint = "Copy the contract's enum into the tool."
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = True
    valid = [GOOD]
    invalid = [_example(props=_with(status={"type": "string", "enum": ["active", "invited", "disabled"]})),
               _example(props=_with(status={"type": "string", "enum": ["active"]}))]

    def fix_for(self, drift, analysis, ctx):
        # values the backend rejects are dropped; values it newly accepts are a choice left to the author
        from schemalint.contract.compare import _keyed

        node, view = _tool_node(drift), _contract_view(drift, analysis)
        if node is None or view is None or view.enum is None or not isinstance(node.get("enum"), list):
            return None
        allowed = _keyed(view.enum)
        kept = [v for v in node["enum"] if next(iter(_keyed([v]))) in allowed]
        if len(kept) == len(node["enum"]):
            return None
        edits = [Edit("set", drift.path + ("enum",), kept or list(view.enum))]
        if "default" in node and next(iter(_keyed([node["default"]]))) not in _keyed(kept or view.enum):
            edits.append(Edit("remove", drift.path + ("default",)))
        return Fix(edits, "drop the enum values the contract does not accept")


class ConstraintLooserThanContract(_DriftRule):
    """Finds tool parameters that are looser than the contract: a missing or wider bound, enum, pattern or format.

    Why: the model stays inside the bounds it is shown. `limit` without the
    backend's `maximum: 100` invites `limit: 500`, which the backend rejects;
    a free string where the backend takes an enum invites invented values.
    `maxLength` at or above `ignore-max-length-over` (default 1000) is a storage
    limit no model reaches, and is not reported.

    Example: tool `limit: {type: integer}`, contract `limit: {type: integer, minimum: 1, maximum: 100}`.
    Use instead: `limit: {type: integer, minimum: 1, maximum: 100}`.
    """

    id = "constraint-looser-than-contract"
    severity = "warning"
    summary = "A tool parameter accepts values the contract rejects"
    hint = "Copy the contract's bounds (minimum, maximum, lengths, pattern, enum, format) into the tool."
    sources = (OPENAPI_SPEC, OASDIFF,
               "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): use enums "
               "and object structure to make invalid states unrepresentable")
    options = {"ignore-max-length-over": 1000}
    fixable = True
    valid = [GOOD]
    invalid = [_example(props=_with(limit={"type": "integer", "default": 20})),
               _example(props=_with(limit={"type": "integer", "minimum": 1, "maximum": 500, "default": 20}))]

    def fix_for(self, drift, analysis, ctx):
        """Copy every bound, enum, pattern, format and type the tool's node lacks or states more loosely:
        one fix per node, shared by its findings."""
        from schemalint.contract.compare import MEANINGFUL_FORMATS
        from schemalint.compare.view import NUMERIC_CONSTRAINTS

        node, view = _tool_node(drift), _contract_view(drift, analysis)
        if node is None or view is None:
            return None
        path = drift.path
        edits = []
        types = set(view.types or ()) - {"null"}
        if "type" not in node and len(types) == 1 and types != {"object"}:
            edits.append(Edit("set", path + ("type",), _with_null(list(types), {"type": list(view.types)})))
        if view.format in MEANINGFUL_FORMATS and not node.get("format"):
            edits.append(Edit("set", path + ("format",), view.format))
        if view.enum is not None and "enum" not in node and not (set(types) <= {"boolean"} and types):
            values = list(view.enum)
            if not (len(values) == 1 and values[0] == ""):
                edits.append(Edit("set", path + ("enum",), values))
        limit = self.opts["ignore-max-length-over"]
        for key, wanted in view.constraints.items():
            if key == "maxLength" and wanted >= limit:
                continue
            have = node.get(key)
            have = have if isinstance(have, (int, float)) and not isinstance(have, bool) else None
            if have is None and key in ("minLength", "minItems", "minProperties") and wanted == 0:
                continue
            if have is None or (NUMERIC_CONSTRAINTS[key] == "min" and have < wanted) or \
                    (NUMERIC_CONSTRAINTS[key] == "max" and have > wanted):
                edits.append(Edit("set", path + (key,), wanted))
        if view.pattern and node.get("pattern") != view.pattern:
            edits.append(Edit("set", path + ("pattern",), view.pattern))
        if not edits:
            return None
        return Fix(edits, "copy the contract's constraints into the tool")


class DefaultDrift(_DriftRule):
    """Finds parameters whose default differs between the tool and the contract.

    Why: the model reads the tool's default as what happens when it leaves
    the argument out. If the backend applies a different one, the model's
    reasoning about the result is wrong (it believes it got 50 rows, it got 20).

    Example: tool `limit: default 50`, contract `limit: default 20`.
    Use instead: `limit: default 20`.
    """

    id = "default-drift"
    severity = "warning"
    summary = "A parameter's default differs from the contract's"
    hint = "Use the contract's default in the tool, or drop the tool's default."
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = True
    valid = [GOOD]
    invalid = [_example(props=_with(limit={"type": "integer", "minimum": 1, "maximum": 100, "default": 50}))]

    def fix_for(self, drift, analysis, ctx):
        from schemalint.compare.view import MISSING

        node, view = _tool_node(drift), _contract_view(drift, analysis)
        if node is None or view is None or view.default is MISSING or "default" not in node:
            return None
        return Fix([Edit("set", drift.path + ("default",), view.default)], "use the default the backend applies")


def _described(text) -> bool:
    return isinstance(text, str) and bool(text.strip())


def _contract_description(loc, resolver):
    """The description written at a contract node ($ref followed), stripped; None when it has none."""
    if not loc or loc[0] is None:
        return None
    doc, pointer = loc
    try:
        node = ptr.resolve(doc.data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    if isinstance(node, dict) and "$ref" in node and not _described(node.get("description")):
        node, _ = resolver.follow(node, loc)
    text = node.get("description") if isinstance(node, dict) else None
    return text.strip() if _described(text) else None


class DescriptionOnlyInContract(Rule):
    """Finds tools and parameters with no description whose contract operation or parameter has one.

    Why: the model reads the tool schema, never the OpenAPI document. A
    parameter the contract explains ("ISO 4217 currency code, lower case")
    reaches the model as a bare name when the tool leaves the description
    out, so the model guesses the format and meaning the backend documents.
    Copying the contract's own words adds a fact without inventing one.

    Example: tool `currency: {type: string}`; contract parameter `currency`
    with `description: "Three-letter ISO currency code, in lowercase."`

    Use instead: `currency: {type: string, description: "Three-letter ISO currency code, in lowercase."}`
    (`schemalint fix --contract SPEC` copies it; the tool's own description
    comes from the operation's description, or its summary).
    """

    id = "description-only-in-contract"
    category = "drift"
    severity = "info"
    summary = "A tool or parameter has no description, but the contract describes it"
    hint = "Copy the contract's description into the tool (schemalint fix does)."
    sources = (OPENAPI_SPEC,
               "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): write clear "
               "and detailed function names, parameter descriptions and instructions",
               "Anthropic, 'Tool use' documentation (docs.anthropic.com): provide extremely detailed "
               "descriptions; they are by far the most important factor in tool performance")
    fixable = True
    valid = [GOOD, _example(props=_with(status={"type": "string", "enum": ["active", "invited"],
                                                "default": "active", "description": "Account state."}),
                            contract=_contract(params=_PARAMS[:2] + [dict(_PARAMS[2], description="Account state.")]
                                               + _PARAMS[3:]))]
    invalid = [_example(contract=_contract(params=_PARAMS[:2] + [
        dict(_PARAMS[2], description="Only users in this state: active (signed in once) or invited.")]
        + _PARAMS[3:])),
        {**_example(), "tools": [{k: v for k, v in _example()["tools"][0].items() if k != "description"}],
         INLINE_KEY: {**_contract(), "paths": {"/users": {"get": {**_contract()["paths"]["/users"]["get"],
                                                                   "summary": "Search the users of a tenant."}}}}}]

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        from schemalint.contract.compare import operation_inputs, tool_view

        for mapping in analysis_for(tools, ctx).mappings:
            if mapping.status != "mapped" or not mapping.tool.editable:
                continue
            tool, op = mapping.tool, mapping.operation
            resolver = op.contract.resolver
            self._tool_description(tool, op, ctx)
            inputs, _ = operation_inputs(op)
            by_name = {i.name: i for i in inputs}
            schema = tool.input_schema
            for name, prop in tool_view(tool).properties.items():
                match = by_name.get(name)
                node = _node_at(schema, prop.loc)
                if match is None or node is None or _described(node.get("description")):
                    continue
                text = _contract_description(match.loc, resolver)
                if text is None and match.location != "body":
                    text = _contract_description(match.view.loc, resolver)
                if text is None:
                    continue
                ctx.report(tool, f"parameter '{name}' of tool '{tool.name}' has no description, but "
                                 f"{op.label} describes it: \"{_clip(text)}\"",
                           path=prop.loc, param=name,
                           related=_related(match.loc, "the contract's description"),
                           fix=Fix([Edit("set", tuple(prop.loc) + ("description",), text)],
                                   "copy the contract's description"))

    def _tool_description(self, tool, op, ctx):
        if _described(tool.description):
            return
        doc, pointer = op.loc
        try:
            raw = ptr.resolve(doc.data, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return
        if not isinstance(raw, dict):
            return
        text = next((raw[k].strip() for k in ("description", "summary") if _described(raw.get(k))), None)
        if text is None:
            return
        ctx.report(tool, f"tool '{tool.name}' has no description, but {op.label} describes it: \"{_clip(text)}\"",
                   field_name="description" if tool.description is not None else "name",
                   related=_related(op.loc, "the contract's description"),
                   fix=Fix([Edit("set", ("description",), text, target="tool")], "copy the contract's description"))


def _node_at(schema, path):
    node = schema
    for token in path or ():
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return None
    return node if isinstance(node, dict) else None


def _clip(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
