"""drift: the tool schema disagrees with the backend contract it calls (OpenAPI, live backend).

The contracts come from `--contract` / `contract = [...]` (a file, an http(s) URL
or `REF:PATH` in git) or from an `x-schemalint-contract` key at the top of a
catalog file. The work is done once per run by `schemalint.contract.analyze`,
imported only when there is a contract; each rule reports its own kind of drift.
Every finding sits on the tool side and names the contract side (file:line and
JSON pointer) in its message and in `related`. The schemas are compared by the
comparison core `diff` uses (`schemalint.compare.schemas`, tool BEFORE, contract
AFTER); `schemalint.contract.drifts` maps its change ids to these rules and
gives each drift a message id of its rule with the data to fill it. Every
message says which side differs and both ways to settle it: change the tool, or
change the contract when the backend really behaves as the tool says. The
contract side's location (`where`, `contracts`: the file as the user named it,
relative to the current folder, with a line) is data left out of every
message's identity, so a baseline matches wherever schemalint runs.
"""
from __future__ import annotations

from schemalint.compare.render import plain_json
from schemalint.engine.location import at
from schemalint.engine.rule import Rule, RuleError, bad
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

# a request body offered as JSON and as a multipart form (OpenAI's POST /images/edits): the tool made for the
# form is compared with the form
_UPLOAD = {"openapi": "3.1.0", "info": {"title": "Images", "version": "1"}, "paths": {"/images/edits": {"post": {
    "operationId": "create_image_edit", "responses": {"200": {"description": "The edited image."}},
    "requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["image", "prompt"], "properties": {
            "image": {"type": "string", "format": "binary"}, "prompt": {"type": "string"}}}},
        "application/json": {"schema": {"type": "object", "required": ["images", "prompt"], "properties": {
            "images": {"type": "array", "items": {"type": "object", "properties": {"file_id": {"type": "string"}}}},
            "prompt": {"type": "string", "minLength": 1}}}}}}}}}}
_UPLOAD_TOOL = {INLINE_KEY: _UPLOAD, "tools": [{
    "name": "create_image_edit", "description": "Edit an image from a prompt.",
    "input_schema": {"type": "object", "required": ["image", "prompt"], "properties": {
        "image": {"type": "string", "description": "The image file to edit."},
        "prompt": {"type": "string", "description": "What to change."}}}}]}


# --- shared machinery -----------------------------------------------------------------------------------

def has_contract(tools: list[Tool], ctx) -> bool:
    if ctx.settings.get("contracts"):
        return True
    # asked by every drift rule: scan each document once per run
    return ctx.cache("drift.inline-contract", lambda: _inline_contract(tools))


def _inline_contract(tools: list[Tool]) -> bool:
    seen = set()
    for tool in tools:
        document = tool.document
        if id(document) in seen:
            continue
        seen.add(id(document))
        if isinstance(document.data, dict) and INLINE_KEY in document.data:
            return True
    return False


def analysis_for(tools: list[Tool], ctx):
    """The run's drift analysis, computed by the first drift rule that asks."""
    def build():
        from schemalint.contract import analyze
        from schemalint.contract.compare import Options

        opts = ctx.selection.options.get(ConstraintLooserThanContract.id) or {}
        options = Options(ignore_max_length_over=opts.get(
            "ignore-max-length-over", ConstraintLooserThanContract.options["ignore-max-length-over"]))
        return analyze(tools, ctx.settings, options)

    return ctx.cache("drift.analysis", build)


def _related(loc, message: str) -> list:
    if not loc or loc[0] is None:
        return []
    doc, pointer = loc
    line, column = doc.locate(pointer)
    return [{"file": doc.path, "line": line, "column": column, "pointer": pointer, "message": message}]


class _DriftRule(Rule):
    category = "drift"

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        analysis = analysis_for(tools, ctx)
        for drift in analysis.by_rule(self.id):
            if drift.message_id not in self.messages:
                raise RuleError(f"rule {self.id} has no message {drift.message_id!r} (schemalint.contract.drifts)")
            fix = self.fix_for(drift, analysis, ctx) if self.can_fix() else None
            if fix is not None and not all(plain_json(edit.value) for edit in fix.edits):
                fix = None  # a contract value JSON tools cannot carry (an integer past 64 bits) is not copied
            ctx.report(at(drift.tool, path=drift.path, param=drift.param), drift.message_id, drift.data, fix=fix,
                       severity=drift.severity,
                       related=_related(drift.contract_loc, drift.contract_note or "contract side"))

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
    """A problem of the contract itself, reported once per contract on the contract file, at the first problem
    in what the tools send (the request side of the operations they call), on the tool that sends it. Problems
    elsewhere (responses, operations no tool calls) are counted, not reported one by one."""

    category = "drift"
    problem_kind = ""
    summary_id = ""
    elsewhere_in_message = False  # the finding's message counts the problems elsewhere (else: a note does)

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        analysis = analysis_for(tools, ctx)
        for summary in analysis.summaries(self.problem_kind):
            if summary.sent:
                problem, owner = summary.sent[0]
                self._report(ctx, problem, _tool_label(owner.tool), self.summary_id, self.summary_data(summary))
            if summary.elsewhere and not (summary.sent and self.elsewhere_in_message):
                note = self.elsewhere_note(summary)
                if note not in ctx.catalog.notes:
                    ctx.catalog.notes.append(note)

    def _report(self, ctx, problem, tool_name, message_id, data):
        doc = problem.document
        where = Tool(name=tool_name, description=None, input_schema={}, format="openapi", document=doc,
                     pointer=problem.pointer, schema_pointer=None, editable=False)
        before = len(ctx.findings)
        ctx.report(where, message_id, data)
        if len(ctx.findings) > before and "://" in doc.path:
            ctx.findings[-1].file = doc.path  # a URL is not a path: keep it as the user gave it


def _tool_label(tool) -> str:
    """A tool's name for a finding on a contract: never None (a nameless tool is named by its place)."""
    if tool is not None and isinstance(tool.name, str) and tool.name:
        return tool.name
    return "(unnamed tool)" if tool is not None else "(catalog)"


def _problems_text(count: int, noun: str = "problem") -> str:
    return f"1 {noun}" if count == 1 else f"{count} {noun}s"


def _inline(contract) -> bool:
    return contract.spec.endswith("#" + ptr.join("", INLINE_KEY))


def _contract_name(contract) -> str:
    """The contract as a note names it: as the user named it (a URL without its password), or the catalog's key."""
    return contract.spec if _inline(contract) else contract.display


def _validate_alone(contract) -> str:
    """How to list every problem of a contract: validate it on its own with openapi-spec-validator (installed
    with schemalint)."""
    import shlex

    command = "openapi-spec-validator --validation-errors all"
    source = contract.source
    if _inline(contract):  # written inside a catalog
        return f"validate the {INLINE_KEY} value on its own ({command} on a copy of it) to list them"
    if source.kind == "git":
        return f"`git show {shlex.quote(source.display)} | {command} -` lists them"
    if source.kind == "url":
        return f"`{command}` on a saved copy of {source.display} lists them"
    return f"`{command} {shlex.quote(source.display)}` lists them"


# --- the contract itself --------------------------------------------------------------------------------

class ContractInvalid(_ContractProblemRule):
    """Finds errors in the backend contract where the tools' calls go through it, as openapi-spec-validator
    reports them.

    Why: the drift check reads the contract as the truth about the backend. A
    contract that breaks the OpenAPI specification where a tool's call goes (a
    parameter `in: querry`, a path parameter that is never declared, a duplicate
    operationId, a `default` its own schema rejects) is compared as well as it
    can be, but the answers there are less trustworthy, and tool generators that
    read it produce broken tools.

    One finding per contract: it sits at the first problem in the request side
    of an operation a tool calls (its parameters, request body, the schemas
    those reach through `$ref`, the operation object apart from its responses),
    names that tool, and counts the others. Problems in response schemas, in
    operations no tool calls and in unused components are no finding: the
    message (or, when they are the only ones, a note) says how many there are
    and how to list them (`openapi-spec-validator --validation-errors all FILE`,
    which schemalint installs).

    Example: `parameters: [{name: q, in: querry}]`
    Use instead: `parameters: [{name: q, in: query, schema: {type: string}}]`

    Validation of an unchanged contract is cached by content hash
    (~/.cache/schemalint, or $SCHEMALINT_CACHE_DIR; SCHEMALINT_NO_CACHE=1 turns
    it off). Ignore this rule to skip validation altogether.
    """

    id = "contract-invalid"
    severity = "warning"
    problem_kind = "invalid"
    summary = "The backend's OpenAPI contract is not valid OpenAPI where the tools' calls go"
    hint = "Fix the contract (the finding is on the contract file); drift was still checked best-effort."
    sources = (OPENAPI_SPEC, "openapi-spec-validator (github.com/python-openapi/openapi-spec-validator): "
                             "validates OpenAPI 2.0, 3.0 and 3.1 documents")
    summary_id = "invalid"
    elsewhere_in_message = True
    messages = {"invalid": "the contract is not valid {label} where tool '{tool}' calls {operation}: {first}{more}; "
                           "fix the contract{elsewhere}"}
    # one finding per contract (its file is the finding's file), whichever problem comes first
    identity_keys = {"invalid": ()}
    valid = [GOOD,
             # a response schema no tool sends: counted in a note, not reported
             _example(contract={**_contract(), "paths": {"/users": {"get": {
                 **_contract()["paths"]["/users"]["get"],
                 "responses": {"200": {"description": "The matching users.", "content": {"application/json": {
                     "schema": {"type": "object", "properties": {"total": {"type": "integer",
                                                                           "minimum": True}}}}}}}}}}})]
    invalid = [bad(_example(contract=_contract(params=[{"name": "tenant_id", "in": "querry", "required": True,
                                                        "schema": {"type": "string"}}] + _PARAMS[1:])), "invalid")]

    def summary_data(self, summary) -> dict:
        sent, contract = summary.sent, summary.contract
        problem, owner = sent[0]
        label = "Swagger 2.0" if contract.version == "2.0" else f"OpenAPI {contract.version}"
        more = ""
        if len(sent) > 1:
            operations = len({id(o.operation) for _, o in sent})
            where = "there" if operations == 1 else f"in the request side of the {operations} operations tools call"
            more = f" (and {len(sent) - 1} more {where})"
        return {"label": label, "tool": _tool_label(owner.tool), "operation": owner.operation.label,
                "first": problem.detail or problem.message, "more": more, "count": len(sent),
                "elsewhere": self._elsewhere_text(summary)}

    def _elsewhere_text(self, summary) -> str:
        if not summary.elsewhere:
            return ""
        count = summary.elsewhere
        return (f". {count} more {'problem lies' if count == 1 else 'problems lie'} where no tool's call goes "
                f"(responses, operations no tool calls, unused components), not reported: "
                f"{_validate_alone(summary.contract)}")

    def elsewhere_note(self, summary) -> str:
        return (f"{_contract_name(summary.contract)}: {_problems_text(summary.elsewhere)} with OpenAPI where no "
                f"tool's call goes (responses, operations no tool calls, unused components), not reported as findings "
                f"(contract-invalid): {_validate_alone(summary.contract)}")


_MAX_REFS_NAMED = 10


class ContractUnresolvedRef(_ContractProblemRule):
    """Finds `$ref`s in the contract that the tools' calls go through but that cannot be followed.

    Why: an operation whose parameter or body schema cannot be resolved is
    compared without it, so drift in that part goes unseen. A remote `$ref`
    (another URL) is not fetched unless `remote-refs = true` is set in the
    `contract-auth` table; a local one that leaves the contract's folder tree
    or repository is never read.

    One finding per contract, at the first such `$ref` in the request side of
    an operation a tool calls, naming the tool, and every such `$ref` with the
    reason it was not followed (the first ten). `$ref`s only in operations no
    tool calls are counted in a note. An `x-schemalint-contract` a catalog
    names but that cannot be read is one finding on that catalog file.

    Example: `schema: {$ref: '#/components/schemas/Missing'}`
    Use instead: a `$ref` to a schema that exists, or a local copy of the remote document.
    """

    id = "contract-unresolved-ref"
    severity = "warning"
    problem_kind = "unresolved-ref"
    summary = "A $ref the tools' calls go through cannot be followed"
    hint = "Fix the $ref in the contract, or allow remote refs with remote-refs = true in contract-auth."
    sources = (OPENAPI_SPEC, "JSON Reference (IETF draft-pbryan-zyp-json-ref-03) and RFC 6901 (JSON Pointer)")
    summary_id = "unresolved"
    messages = {
        "unresolved": "{refs} in the request side of {operation}{others} cannot be followed, so drift there goes "
                      "unseen: {first}{also}",
        "not-read": "{problem}: none of the tools of this file is compared",
    }
    # one finding per contract; a catalog's x-schemalint-contract: the value as written, not the sentence, which
    # may name folders of this machine ("it leaves /home/ci/repo")
    identity_keys = {"unresolved": (), "not-read": ("ref",)}
    valid = [GOOD,
             # a $ref in an operation no tool calls: counted in a note, not reported
             _example(contract=_contract(extra_paths={"/teams": {"get": {
                 "operationId": "list_teams", "parameters": [{"$ref": "#/components/parameters/Missing"}],
                 "responses": {"200": {"description": "The teams."}}}}}))]
    invalid = [bad(_example(contract=_contract(params=_PARAMS[:1] + [
        {"name": "query", "in": "query", "schema": {"$ref": "#/components/schemas/Missing"}}] + _PARAMS[2:])),
        "unresolved")]

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        super().check_catalog(tools, ctx)
        first_tool = {}
        for tool in tools:
            first_tool.setdefault(id(tool.document), tool)
        for problem in analysis_for(tools, ctx).refused:
            if problem.kind != self.problem_kind:
                continue
            tool = first_tool.get(id(problem.document))
            try:
                written = ptr.resolve(problem.document.data, problem.pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                written = None
            ref = written if isinstance(written, str) else problem.message
            before = len(ctx.findings)
            self._report(ctx, problem, _tool_label(tool), "not-read", {"problem": problem.message, "ref": ref})
            if len(ctx.findings) > before:
                self._identify_as_before(ctx.findings[-1], problem.message, ref)

    def _identify_as_before(self, finding, message: str, ref: str) -> None:
        """Until it named the file's first tool this finding named none and had the id "unresolved": it keeps
        the identity it had then, so baselines written before still match it."""
        from schemalint.engine.fingerprint import message_fingerprint, portable_fingerprint, portable_path

        portable = portable_path(finding.file)
        finding.fingerprint = finding.base_fingerprint = message_fingerprint(
            self.id, portable, None, None, "unresolved", {"ref": ref})
        finding.legacy_fingerprint = portable_fingerprint(self.id, portable, None, None, message)

    def summary_data(self, summary) -> dict:
        sent = summary.sent
        problem, owner = sent[0]
        # every refused $ref is named with its reason (the first ten): each hides a different part
        also = "".join(f"; {p.message}" for p, _ in sent[1:_MAX_REFS_NAMED])
        if len(sent) > _MAX_REFS_NAMED:
            also += f"; and {len(sent) - _MAX_REFS_NAMED} more"
        operations = len({id(o.operation) for _, o in sent})
        others = f" and of {operations - 1} other operation{'s' if operations > 2 else ''} the tools call" \
            if operations > 1 else ""
        return {"refs": "a $ref" if len(sent) == 1 else f"{len(sent)} $refs", "tool": _tool_label(owner.tool),
                "operation": owner.operation.label, "others": others, "first": problem.message, "also": also,
                "count": len(sent)}

    def elsewhere_note(self, summary) -> str:
        return (f"{_contract_name(summary.contract)}: {_problems_text(summary.elsewhere, '$ref')} in operations no "
                f"tool calls cannot be followed (contract-unresolved-ref reports them once a tool calls those "
                f"operations)")


# --- mapping a tool to its operation --------------------------------------------------------------------

class ToolNotInContract(_DriftRule):
    """Finds tools that match no operation of the contract.

    Why: an unmapped tool is not compared, so its drift goes unseen. Tools are
    matched by the `mappings` table of the configuration, an `x-operation-id`
    on the tool, the operationId (case, separators and dots ignored, and a
    prefix every tool of the file shares, like `API-`, dropped) or the method
    and path spelled as its name (`get_users_user_id`). Nothing is guessed.
    When other tools of the same file do match the contract, the unmatched one
    most likely lost its operation (removed or renamed in the backend): that is
    a warning, naming the unclaimed operation its name reads like; a file none
    of whose tools match stays at info.

    Example: a tool `find_people` next to a contract with `operationId: searchUsers`.
    Use instead: `[tool.schemalint.mappings] find_people = "searchUsers"` (or "GET /users"),
    or `"x-operation-id": "searchUsers"` on the tool.
    """

    id = "tool-not-in-contract"
    severity = "info"
    summary = "A tool matches no operation of the backend contract"
    hint = ("Map the tool in [tool.schemalint.mappings] or set x-operation-id on it; if its operation is gone, "
            "remove the tool or restore the operation in the contract.")
    messages = {
        "no-match": "tool '{name}' matches no operation of {contracts} (by operationId, x-operation-id or method "
                    "and path); map it in [tool.schemalint.mappings] or set x-operation-id on the tool",
        "operation-gone": "tool '{name}' matches no operation of {contracts}, though other tools of its file do: "
                          "its operation was removed or renamed there{perhaps}. Bind the tool to the operation that "
                          "replaced it ([tool.schemalint.mappings] or x-operation-id), remove the tool if the "
                          "backend dropped the operation, or restore the operation in the contract if the backend "
                          "still serves it",
    }
    # contracts: the files as the user named them; perhaps: the operation the name reads like, a guess
    identity_keys = {"no-match": ("name",), "operation-gone": ("name",)}
    sources = (OPENAPI_SPEC, GORILLA)
    valid = [GOOD]
    invalid = [bad(_example(name="find_people"), "no-match")]

    def check_catalog(self, tools, ctx):
        super().check_catalog(tools, ctx)
        named = ctx.settings.get("contracts")
        if not named:
            return
        from schemalint.contract.analysis import unmatched_contract_notes

        for note in unmatched_contract_notes(analysis_for(tools, ctx), list(named)):
            if note not in ctx.catalog.notes:
                ctx.catalog.notes.append(note)


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
    messages = {"ambiguous": "tool '{name}' could be any of {count} operations ({candidates}); not compared: map it "
                             "in [tool.schemalint.mappings] or set x-operation-id on the tool"}
    identity_keys = {"ambiguous": ("name",)}  # candidates: each with its file:line, as the user named the file
    sources = (OPENAPI_SPEC,)
    valid = [GOOD]
    invalid = [bad(_example(contract=_contract(extra_paths={"/people": {"get": {
        "operationId": "searchUsers", "responses": {"200": {"description": "ok"}}}}})), "ambiguous")]


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
    hint = "Bind the tool to the operation that replaced it, remove the tool, or restore the operation in the contract."
    messages = {
        "mapping-target-missing": "tool '{name}' is bound by the mappings table to '{target}', which {contracts} "
                                  "does not have{suggestion}: bind the tool to the operation that replaced it, "
                                  "remove the tool if the backend dropped the operation, or restore the operation "
                                  "in the contract if the backend still serves it",
        "operation-id-missing": "tool '{name}' is bound by its x-operation-id to '{target}', which {contracts} does "
                                "not have{suggestion}: bind the tool to the operation that replaced it, remove the "
                                "tool if the backend dropped the operation, or restore the operation in the "
                                "contract if the backend still serves it",
    }
    identity_keys = {"mapping-target-missing": ("name", "target"), "operation-id-missing": ("name", "target")}
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    valid = [_example(extra={"x-operation-id": "search_users"})]
    invalid = [bad(_example(extra={"x-operation-id": "list_users"}), "operation-id-missing")]


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
    hint = "Move the tool to the newest version of the operation, unless the backend keeps supporting this one."
    messages = {"newer-version": "tool '{name}' calls {operation} but a newer version exists: {newer} at {where}: "
                                 "bind the tool to the newer operation and update its schema, or keep it on this "
                                 "one if the backend still supports it"}
    identity_keys = {"newer-version": ("name", "operation", "newer")}
    sources = (OPENAPI_SPEC, "Microsoft REST API Guidelines, versioning: clients should move to the newest "
                             "version; older versions are retired")
    valid = [GOOD]
    invalid = [bad(_example(name="searchUsersV2", contract=_contract(op_id="searchUsersV2", extra_paths={
        "/users/search": {"get": {"operationId": "searchUsersV3", "parameters": _PARAMS,
                                  "responses": {"200": {"description": "ok"}}}}})), "newer-version")]


# --- comparing the schemas ------------------------------------------------------------------------------

class DeprecatedInContract(_DriftRule):
    """Finds tools whose operation, or a parameter they expose, is deprecated in the contract.

    Why: the model keeps calling what the backend is retiring; when it is
    removed, every call fails. A deprecated parameter offered to the model is
    one it will fill.

    A tool or parameter that itself says `deprecated: true`, or whose
    description says so ("Deprecated. Use ...", "(deprecated)", "this field is
    deprecated": converters that drop the keyword keep the words), agrees with
    the contract and is not reported.

    Example: the contract marks GET /users `deprecated: true`; the tool still calls it.
    Use instead: move the tool to the replacement operation or drop the parameter.
    """

    id = "deprecated-in-contract"
    severity = "warning"
    summary = "The tool calls an operation or sends a parameter the contract deprecates"
    hint = ("Move the tool to the replacement operation or stop offering the deprecated parameter (or mark it "
            "deprecated), or un-deprecate it in the contract if the backend keeps it.")
    messages = {
        "operation-deprecated": "tool '{name}' calls {operation}, which the contract marks deprecated at {where}, but "
                                "the tool does not say so: move it to the replacement operation, stop exposing it or "
                                "mark it deprecated, or un-deprecate the operation in the contract if the backend "
                                "keeps it",
        "param-deprecated": "'{param}' is deprecated in {operation} at {where} but the tool offers it to the model as "
                            "current: stop offering it (or move to its replacement), or un-deprecate it in the "
                            "contract if the backend keeps it",
    }
    identity_keys = {"operation-deprecated": ("name", "operation"), "param-deprecated": ("param", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF)
    valid = [GOOD,
             # the tool says it in words, as converters that drop the keyword do (notion-mcp-server)
             _example(props=_with(limit={**_GOOD_PROPS["limit"], "description": "Deprecated. Page size."}),
                      contract=_contract(params=_PARAMS[:3] + [dict(_PARAMS[3], deprecated=True)])),
             _example(contract=_contract(deprecated=True),
                      extra={"description": "(Deprecated) Search the users of a tenant."})]
    invalid = [bad(_example(contract=_contract(deprecated=True)), "operation-deprecated"),
               bad(_example(contract=_contract(params=_PARAMS[:3] + [dict(_PARAMS[3], deprecated=True)])),
                   "param-deprecated")]


class ParamNotInContract(_DriftRule):
    """Finds tool parameters that the operation does not take (renamed or removed in the backend).

    Why: the model fills every parameter it is shown. A parameter the backend
    does not know is rejected or, worse, silently ignored: the user asked for
    a filter and got everything. A rename (`tenant_id` to `org_id`) is one
    finding, this one, naming the likely new name; the new name the tool lacks
    is not reported again by required-param-missing. A name that differs only
    by the `[]` of a form-encoded array (`include` against `include[]`) is
    info: both spellings reach many backends as the same array.

    Example: the tool sends `tenant`, the contract's query parameter is `tenant_id`.
    Use instead: the contract's name, `tenant_id`.
    """

    id = "param-not-in-contract"
    severity = "error"
    summary = "A tool parameter is not an input of the backend operation"
    hint = ("Use the contract's name, or drop the parameter from the tool; add it to the contract instead if the "
            "backend accepts it.")
    messages = {
        "renamed": "the tool sends '{param}', which {operation} at {where} calls '{close}': rename it to '{close}' in "
                   "the tool, or add '{name}' to the contract if the backend accepts it",
        "unknown": "the tool sends '{param}'; {operation} at {where} has no '{name}': drop it from the tool, or add it "
                   "to the contract if the backend accepts it",
    }
    identity_keys = {"renamed": ("param", "close", "operation"), "unknown": ("param", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    valid = [GOOD, _UPLOAD_TOOL]  # the multipart form of a body that is also offered as JSON
    invalid = [bad(_example(props=_with(tenant_id=None, tenant={"type": "string"}), required=("tenant",)), "renamed")]


class RequiredParamMissing(_DriftRule):
    """Finds parameters the backend requires that the tool lacks or makes optional.

    Why: the model only sends what the schema asks for. A required parameter
    missing from the tool (the dropped `tenant_id`) means every call fails, or
    runs in a default scope; one the tool marks optional gets left out
    whenever the user does not mention it. Required headers are reported as
    info: clients usually set those themselves. Silent on the new name of a
    renamed parameter: param-not-in-contract reports the rename once.

    Example: the contract requires `tenant_id`; the tool has no `tenant_id`.
    Use instead: add `tenant_id` to the tool and list it in `required`.
    """

    id = "required-param-missing"
    severity = "error"
    summary = "The backend requires a parameter the tool lacks or makes optional"
    hint = ("Add the parameter to the tool and list it in required, or make it optional in the contract if the "
            "backend does not need it.")
    messages = {
        "missing": "the tool has no '{name}', a required {kind} of {operation} at {where}: add it to the tool and list "
                   "it in required, or make it optional in the contract if the backend does not need it",
        "missing-header": "the tool has no '{name}', a required {kind} of {operation} at {where}: add it to the tool "
                          "and list it in required, or make it optional in the contract if the backend does not need "
                          "it (unless the client sets this header itself)",
        "missing-nested": "the tool's '{parent}' has no '{name}', which {operation} at {where} requires: add it to the "
                          "tool and list it in required, or make it optional in the contract if the backend does not "
                          "need it",
        "optional": "'{name}' is optional in the tool but a required {kind} of {operation} at {where}: list it in "
                    "required in the tool, or make it optional in the contract if the backend does not need it",
        "optional-nested": "'{param}' is optional in the tool but required by {operation} at {where}: list it in "
                           "required in the tool, or make it optional in the contract if the backend does not need it",
        "body-optional": "'{name}' carries the request body, which {operation} at {where} requires, but the tool makes "
                         "it optional: list '{name}' in required in the tool, or make the body optional in the "
                         "contract if the backend does not need it",
    }
    identity_keys = {"missing": ("name", "operation"), "missing-header": ("name", "operation"),
                     "missing-nested": ("parent", "name", "operation"), "optional": ("name", "operation"),
                     "optional-nested": ("param", "operation"), "body-optional": ("name", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF, GORILLA)
    fixable = "sometimes"
    # a rename (tenant_id sent as tenant) is one finding, param-not-in-contract's; the body's multipart form
    valid = [GOOD, _example(props=_with(tenant_id=None, tenant={"type": "string"}), required=("tenant",)),
             _UPLOAD_TOOL]
    invalid = [bad(_example(props=_with(tenant_id=None), required=()), "missing"),
               bad(_example(required=()), "optional", fixed=GOOD)]

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
    `date-time`) is a warning; a contract format that tells the model nothing
    (`int64`, `binary` for a multipart upload the tool layer performs,
    `password`) is not compared.

    Example: tool `limit: {type: string}`, contract `limit: {type: integer}`.
    Use instead: `limit: {type: integer}`.
    """

    id = "param-type-drift"
    severity = "error"
    summary = "A parameter's type or format differs from the contract"
    hint = "Use the contract's type (and format) in the tool, or widen the contract if the backend takes the tool's."
    messages = {
        "type": "'{param}' is {have} in the tool but {wanted} in {operation} at {where}: use {wanted} in the tool, or "
                "widen the contract if the backend takes {have}",
        "format": "'{param}' has format '{have}' in the tool but '{wanted}' in {operation} at {where}: use '{wanted}' "
                  "in the tool, or change the contract's format if the backend takes '{have}'",
        "alternative": "'{param}' offers {alternative} in the tool, an alternative {operation} at {where} does not "
                       "take: drop it from the tool, or add it to the contract if the backend accepts it",
    }
    identity_keys = {"type": ("param", "have", "wanted", "operation"),
                     "format": ("param", "have", "wanted", "operation"),
                     "alternative": ("param", "alternative", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = "sometimes"
    valid = [GOOD]
    invalid = [bad(_example(props=_with(limit={"type": "string", "default": "20"})), "type",
                   fixed=_example(props=_with(limit={"type": "integer", "default": "20"})))]

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

    Values a union of the contract still takes through a plain sibling branch
    (`anyOf: [{type: string}, {enum: [...]}]`, a list of known values next to
    any string) are not reported as rejected.

    Example: tool `status: enum [active, invited, disabled]`, contract `enum [active, invited]`.
    Use instead: the contract's values.
    """

    id = "enum-drift"
    severity = "error"
    summary = "An enum offers values the backend rejects, or misses values it accepts"
    hint = "Copy the contract's enum into the tool, or add the tool's values to the contract if the backend takes them."
    messages = {
        "rejected-values": "'{param}' offers {values}, which {operation} at {where} does not accept: drop {them} from "
                           "the tool's enum, or add {them} to the contract if the backend accepts {them}",
        "unoffered-values": "'{param}' does not offer {values}, which {operation} at {where} accepts: add {them} to "
                            "the tool's enum if the model should use {them}, or drop {them} from the contract if the "
                            "backend no longer accepts {them}",
        "case-differs": "'{param}' offers {values}, which {operation} at {where} spells {spelled}: use the contract's "
                        "spelling in the tool, or change the contract if the backend accepts {values}",
        "const-differs": "'{param}' is fixed to {have} in the tool but to {wanted} in {operation} at {where}: use "
                         "{wanted} in the tool, or change the contract if the backend accepts {have}",
    }
    identity_keys = {"rejected-values": ("param", "values", "operation"),
                     "unoffered-values": ("param", "values", "operation"),
                     "case-differs": ("param", "values", "spelled", "operation"),
                     "const-differs": ("param", "have", "wanted", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = "sometimes"
    # the contract lists known values next to any string (OpenAI's `model`): a retired value is still taken
    valid = [GOOD, _example(
        props=_with(status={"anyOf": [{"type": "string"},
                                      {"type": "string", "enum": ["active", "invited", "disabled"]}]}),
        contract=_contract(params=_PARAMS[:2] + [{"name": "status", "in": "query", "schema": {"anyOf": [
            {"type": "string"}, {"type": "string", "enum": ["active", "invited"]}]}}] + _PARAMS[3:]))]
    invalid = [bad(_example(props=_with(status={"type": "string", "enum": ["active", "invited", "disabled"]})),
                   "rejected-values",
                   fixed=_example(props=_with(status={"type": "string", "enum": ["active", "invited"]}))),
               bad(_example(props=_with(status={"type": "string", "enum": ["active"]})), "unoffered-values")]

    def fix_for(self, drift, analysis, ctx):
        # values the backend rejects are dropped; values it newly accepts are a choice left to the author
        from schemalint.compare.render import value_key

        node, view = _tool_node(drift), _contract_view(drift, analysis)
        if node is None or view is None or view.enum is None or not isinstance(node.get("enum"), list):
            return None
        allowed = {value_key(v) for v in view.enum}
        kept = [v for v in node["enum"] if value_key(v) in allowed]
        if len(kept) == len(node["enum"]):
            return None
        edits = [Edit("set", drift.path + ("enum",), kept or list(view.enum))]
        if "default" in node and value_key(node["default"]) not in {value_key(v) for v in kept or view.enum}:
            edits.append(Edit("remove", drift.path + ("default",)))
        return Fix(edits, "drop the enum values the contract does not accept")


_REJECTS = "so the model does not send values the backend rejects, or relax the contract if the backend accepts them"


class ConstraintLooserThanContract(_DriftRule):
    """Finds tool parameters that are looser than the contract: a missing or wider bound, enum, pattern or format.

    Why: the model stays inside the bounds it is shown. `limit` without the
    backend's `maximum: 100` invites `limit: 500`, which the backend rejects;
    a free string where the backend takes an enum invites invented values.
    Array items, union alternatives, `additionalProperties: false` and `not`
    are compared at every depth. Every `maxLength` is compared (page and
    comment limits of 2,000 are real); `ignore-max-length-over = N` leaves out
    those of N or more. A format the model cannot act on (`binary`, `password`,
    `int32`) is not asked for. A request body offered in several media types
    (JSON, and multipart for uploads) is compared in the one the tool fits.

    Example: tool `limit: {type: integer}`, contract `limit: {type: integer, minimum: 1, maximum: 100}`.
    Use instead: `limit: {type: integer, minimum: 1, maximum: 100}`.
    """

    id = "constraint-looser-than-contract"
    severity = "warning"
    summary = "A tool parameter accepts values the contract rejects"
    hint = ("Copy the contract's bounds (minimum, maximum, lengths, pattern, enum, format, additionalProperties) "
            "into the tool, or relax the contract if the backend accepts more.")
    messages = {
        "no-bound": "'{param}' has no {keyword} in the tool; {operation} at {where} sets {keyword} {wanted}: use "
                    "{keyword} {wanted} in the tool " + _REJECTS,
        "looser-bound": "'{param}' has {tool_keyword} {have} in the tool but {keyword} {wanted} in {operation} at "
                        "{where}: use {keyword} {wanted} in the tool " + _REJECTS,
        "unique-items": "'{param}' allows repeated items in the tool; {operation} at {where} requires unique items "
                        "(uniqueItems): add uniqueItems: true to the tool " + _REJECTS,
        "no-enum": "'{param}' takes any value in the tool but {operation} at {where} accepts only {values}: add the "
                   "enum to the tool, or drop it from the contract if the backend takes any value",
        "no-pattern": "'{param}' has no pattern in the tool; {operation} at {where} requires pattern {wanted!r}: use "
                      "the contract's pattern in the tool, or change the contract if the backend accepts other values",
        "other-pattern": "'{param}' has pattern {have!r} in the tool; {operation} at {where} requires pattern "
                         "{wanted!r}: use the contract's pattern in the tool, or change the contract if the backend "
                         "accepts other values",
        "no-format": "'{param}' has no format in the tool; {operation} at {where} requires format '{wanted}': add it "
                     "to the tool so the model sends that shape, or drop it from the contract if the backend takes any",
        "no-type": "'{param}' has no type in the tool; {operation} at {where} takes {wanted}: declare type {wanted} in "
                   "the tool, or drop the type from the contract if the backend takes any",
        "open-object": "'{param}' accepts properties it does not name in the tool, but {operation} at {where} rejects "
                       "them (additionalProperties: false): add additionalProperties: false to the tool, or open the "
                       "contract if the backend accepts other properties",
        "no-combinator": "'{param}' has no {keyword} in the tool; {operation} at {where} restricts it with {keyword}: "
                         "copy that restriction into the tool, or drop it from the contract if the backend does not "
                         "enforce it",
        "no-items": "'{param}' does not say what its items are in the tool; {operation} at {where} requires items "
                    "{items}: describe the items in the tool, or drop the items schema from the contract if the "
                    "backend takes any",
    }
    # what the tool lacks or states more loosely identifies the finding, not the contract's value (a bound, the
    # enum's values): tightening the tool part of the way is the same finding
    identity_keys = {"no-bound": ("param", "keyword", "operation"), "looser-bound": ("param", "keyword", "operation"),
                     "unique-items": ("param", "operation"), "no-enum": ("param", "operation"),
                     "no-pattern": ("param", "operation"), "other-pattern": ("param", "have", "wanted", "operation"),
                     "no-format": ("param", "operation"), "no-type": ("param", "operation"),
                     "open-object": ("param", "operation"), "no-combinator": ("param", "keyword", "operation"),
                     "no-items": ("param", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF,
               "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): use enums "
               "and object structure to make invalid states unrepresentable")
    options = {"ignore-max-length-over": 0}
    option_help = {"ignore-max-length-over": "leave out contract maxLength bounds of this many characters or more "
                                             "(0: compare every maxLength)"}
    fixable = "sometimes"
    valid = [GOOD,
             # an enum of strings says the type (notion-mcp-server's `cover.type: {enum: [external]}`)
             _example(props=_with(status={"enum": ["active", "invited"], "default": "active"})),
             # `format: binary` is how a multipart upload travels, nothing a model writes
             _UPLOAD_TOOL]
    invalid = [bad(_example(props=_with(limit={"type": "integer", "default": 20})), "no-bound", "no-bound", fixed=GOOD),
               bad(_example(props=_with(limit={"type": "integer", "minimum": 1, "maximum": 500, "default": 20})),
                   "looser-bound", fixed=GOOD)]

    def fix_for(self, drift, analysis, ctx):
        """Copy every bound, enum, pattern, format and type the tool's node lacks or states more loosely:
        one fix per node, shared by its findings."""
        from schemalint.contract.drifts import MEANINGFUL_FORMATS
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
            if key == "maxLength" and limit and wanted >= limit:
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
        if view.additional is False and isinstance(node.get("properties"), dict) and node["properties"] and \
                node.get("additionalProperties") in (None, True):
            edits.append(Edit("set", path + ("additionalProperties",), False))
        if not edits:
            return None
        return Fix(edits, "copy the contract's constraints into the tool")


class DefaultDrift(_DriftRule):
    """Finds parameters whose default differs between the tool and the contract.

    Why: the model reads the tool's default as what happens when it leaves
    the argument out. If the backend applies a different one, the model's
    reasoning about the result is wrong (it believes it got 50 rows, it got 20).
    A default on one side only is info: a tool default the contract does not
    state (in its `default` or in words, "the default is 10") may be applied
    by the tool's own code; a contract default the tool does not state leaves
    the model guessing what leaving the argument out does.

    Example: tool `limit: default 50`, contract `limit: default 20`.
    Use instead: `limit: default 20`.
    """

    id = "default-drift"
    severity = "warning"
    summary = "A parameter's default differs from the contract's"
    hint = ("Use the contract's default in the tool (or drop the tool's), or fix the contract's if the backend "
            "applies the tool's.")
    messages = {
        "default-differs": "'{param}' defaults to {have} in the tool but to {wanted} in {operation} at {where}: make "
                           "the tool's default {wanted} (the backend applies its own when the argument is left out), "
                           "or change the contract if the backend applies {have}",
        "tool-only-default": "'{param}' defaults to {have} in the tool; {operation} at {where} states no default: drop "
                             "the default from the tool unless the tool's own code applies it, or add it to the "
                             "contract if the backend applies it",
        "contract-only-default": "'{param}' has no default in the tool; {operation} at {where} defaults it to "
                                 "{wanted}: state the default in the tool so the model knows what leaving it out does, "
                                 "or drop it from the contract if the backend applies none",
    }
    identity_keys = {"default-differs": ("param", "have", "wanted", "operation"),
                     "tool-only-default": ("param", "have", "operation"),
                     "contract-only-default": ("param", "wanted", "operation")}
    sources = (OPENAPI_SPEC, OASDIFF)
    fixable = "sometimes"
    valid = [GOOD]
    invalid = [bad(_example(props=_with(limit={"type": "integer", "minimum": 1, "maximum": 100, "default": 50})),
                   "default-differs", fixed=GOOD)]

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


_STATUS_TEXT = "Only users in this state: active (signed in once) or invited."
_DESCRIBED_STATUS = _contract(params=_PARAMS[:2] + [dict(_PARAMS[2], description=_STATUS_TEXT)] + _PARAMS[3:])
_SUMMARIZED = {**_contract(), "paths": {"/users": {"get": {**_contract()["paths"]["/users"]["get"],
                                                           "summary": "Search the users of a tenant."}}}}
_UNDESCRIBED_TOOL = {k: v for k, v in _example()["tools"][0].items() if k != "description"}


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
    messages = {
        "param-undescribed": "parameter '{name}' of tool '{tool}' has no description, but {operation} describes "
                             "it: \"{text}\"",
        "tool-undescribed": "tool '{tool}' has no description, but {operation} describes it: \"{text}\"",
    }
    # the contract's wording is what to copy, not what the finding is
    identity_keys = {"param-undescribed": ("name", "tool", "operation"), "tool-undescribed": ("tool", "operation")}
    sources = (OPENAPI_SPEC,
               "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): write clear "
               "and detailed function names, parameter descriptions and instructions",
               "Anthropic, 'Tool use' documentation (docs.anthropic.com): provide extremely detailed "
               "descriptions; they are by far the most important factor in tool performance")
    fixable = "always"
    valid = [GOOD, _example(props=_with(status={"type": "string", "enum": ["active", "invited"],
                                                "default": "active", "description": "Account state."}),
                            contract=_contract(params=_PARAMS[:2] + [dict(_PARAMS[2], description="Account state.")]
                                               + _PARAMS[3:]))]
    invalid = [bad(_example(contract=_DESCRIBED_STATUS), "param-undescribed",
                   fixed=_example(props=_with(status={**_GOOD_PROPS["status"], "description": _STATUS_TEXT}),
                                  contract=_DESCRIBED_STATUS)),
               bad({INLINE_KEY: _SUMMARIZED, "tools": [_UNDESCRIBED_TOOL]}, "tool-undescribed",
                   fixed=_example(contract=_SUMMARIZED))]

    def check_catalog(self, tools, ctx):
        if not has_contract(tools, ctx):
            return
        for mapping in analysis_for(tools, ctx).mappings:
            if mapping.status != "mapped" or not mapping.tool.editable or mapping.comparison is None:
                continue
            tool, op = mapping.tool, mapping.operation
            resolver = op.contract.resolver
            self._tool_description(tool, op, ctx)
            by_name = mapping.comparison.inputs
            schema = tool.input_schema
            for name, prop in mapping.comparison.tool_view.properties.items():
                match = by_name.get(name)
                node = _node_at(schema, prop.loc)
                if match is None or node is None or _described(node.get("description")):
                    continue
                text = _contract_description(match.loc, resolver)
                if text is None and match.location != "body":
                    text = _contract_description(match.view.loc, resolver)
                if text is None:
                    continue
                ctx.report(at(tool, path=tuple(prop.loc), param=name), "param-undescribed",
                           {"name": name, "tool": tool.name, "operation": op.label, "text": _clip(text)},
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
        ctx.report(at(tool, field="description" if tool.description is not None else "name"), "tool-undescribed",
                   {"tool": tool.name, "operation": op.label, "text": _clip(text)},
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
