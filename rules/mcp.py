"""MCP tool fields beyond the input schema: annotations, x-mcp-header, icons and the output schema.

Each rule cites the revision of the MCP specification its constraint comes from (2025-06-18, 2025-11-25,
2026-07-28). Tool names (SEP-986) are checked by `provider-tool-name`, duplicate names by `duplicate-tool-name`,
a null or non-object `inputSchema` by `malformed-tool` and `provider-input-schema`, and draft syntax in an input
schema without `$schema` by `mcp-schema-dialect`: none of that is repeated here.
"""
from __future__ import annotations

import re

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix
from schemalint.sources import pointer as ptr

from ._schema import show
from ._text import lazy_re
from .validity import draft_of, meta_validator, parent_and_value

READ = "read 2026-12-06"
SPEC = "modelcontextprotocol.io/specification"
SRC_ANNOTATIONS = (
    f"MCP specification 2025-06-18, schema.ts ToolAnnotations ({SPEC}/2025-06-18/schema#toolannotations; unchanged "
    "in 2025-11-25 and 2026-07-28): readOnlyHint, destructiveHint, idempotentHint and openWorldHint are booleans "
    "(defaults false, true, false, true); destructiveHint \"If false, the tool performs only additive updates\" and, "
    "like idempotentHint, is \"meaningful only when readOnlyHint == false\"; title is a string (" + READ + ")")
SRC_UNTRUSTED = (
    f"MCP specification 2026-07-28, Server > Tools > Tool ({SPEC}/2026-07-28/server/tools#tool): clients MUST "
    "consider tool annotations untrusted unless they come from trusted servers; clients SHOULD prompt for "
    "confirmation on sensitive operations (" + READ + ")")
SRC_HEADER = (
    f"MCP specification 2026-07-28, Server > Tools > x-mcp-header ({SPEC}/2026-07-28/server/tools#x-mcp-header) "
    "and Transports > Streamable HTTP > Custom Headers from Tool Parameters (SEP-2243): the value MUST NOT be "
    "empty, MUST be an RFC 9110 token (1*tchar, no CR or LF), MUST be case-insensitively unique in the "
    "inputSchema, MUST only be on integer, string or boolean parameters (not number), integers MUST be within "
    "-(2^53-1)..2^53-1, and only on properties reached from the root through `properties` alone; clients on "
    "Streamable HTTP MUST exclude a tool that violates them from tools/list (" + READ + ")")
SRC_HEADER_SENSITIVE = (
    f"MCP specification 2026-07-28, Server > Tools > x-mcp-header ({SPEC}/2026-07-28/server/tools#x-mcp-header): "
    "\"Server developers SHOULD NOT mark sensitive parameters (passwords, API keys, tokens, PII) with "
    "x-mcp-header, as header values are visible to network intermediaries\" (" + READ + ")")
SRC_ICONS = (
    f"MCP specification 2025-11-25 (SEP-973), schema.ts Icon and Icons ({SPEC}/2025-11-25/schema#icon; unchanged "
    "in 2026-07-28): `icons` is an array of Icon; `src` (required string, format uri) \"May be an HTTP/HTTPS URL "
    "or a data: URI with Base64-encoded image data\"; `mimeType` a string; `sizes` an array of strings \"in WxH "
    "format (e.g., \\\"48x48\\\") or \\\"any\\\"\"; `theme` \"light\" or \"dark\"; clients that render icons MUST "
    "support image/png and image/jpeg and SHOULD support image/svg+xml, taking precautions because SVGs \"can "
    "contain executable JavaScript\" (" + READ + ")")
SRC_OUTPUT_OBJECT = (
    f"MCP specification 2025-06-18 and 2025-11-25, schema.ts Tool.outputSchema ({SPEC}/2025-11-25/schema#tool): "
    "`type: \"object\"` is required (\"Currently restricted to type: \\\"object\\\" at the root level\"); "
    f"2026-07-28 (SEP-2106, {SPEC}/2026-07-28/changelog) loosened it to \"any valid JSON Schema 2020-12\" and "
    "structuredContent to any JSON value (" + READ + ")")
SRC_OUTPUT_VALID = (
    f"MCP specification 2026-07-28, Basic > JSON Schema Usage ({SPEC}/2026-07-28/basic#json-schema-usage): schemas "
    "without $schema are JSON Schema 2020-12 and \"MUST be valid according to their declared or default dialect\"; "
    "Server > Tools: outputSchema is a JSON Schema object, and structuredContent MUST conform to it (" + READ + ")")

HINTS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")
_HINT_SPELLINGS = {}
for _hint in HINTS:
    _HINT_SPELLINGS[_hint.lower()] = _hint
    _HINT_SPELLINGS[_hint.lower()[: -len("hint")]] = _hint
_HINT_SPELLINGS["readonly"] = "readOnlyHint"


def _mcp(tool) -> bool:
    return tool.format in ("mcp", "docker-mcp")


def _tool_name(tool) -> str:
    return tool.name if isinstance(tool.name, str) else "?"


def _field(tool, *tokens) -> str:
    """Document pointer of a tool field (`annotations`, `icons`, `outputSchema`) or a place below it."""
    return ptr.join(tool.field_ptr(tokens[0]), *tokens[1:])


# --- annotations ------------------------------------------------------------------------------------------

class McpAnnotationType(Rule):
    """Finds MCP tool annotations of the wrong type: an `annotations` value that is not an object, a hint
    (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`) that is not a boolean, a `title`
    that is not a string, and (as a warning) a hint spelled so that no client reads it (`readOnly`,
    `read_only_hint`, `destructive`).

    Why: the MCP schema (2025-06-18 onward) types every hint as a boolean. Clients that parse `tools/list` against
    a schema (TypeScript clients commonly declare `readOnlyHint: z.boolean().optional()`) fail on the tool or the
    whole list; clients that do not may read the string `"false"` as a true value. A misspelled hint is ignored:
    the client falls back to the defaults (not read-only, destructive) while the author believes the tool is
    marked.

    Stays silent on `null` values: captures of `tools/list` made by dumping Python SDK objects write `null` for
    every unset field, which the SDK leaves out on the wire.

    Example:
        "annotations": {"readOnlyHint": "true", "destructive": false}

    Use instead:
        "annotations": {"readOnlyHint": true, "destructiveHint": false}

    `schemalint fix --write` turns the strings "true" and "false" into booleans.
    """

    id = "mcp-annotation-type"
    category = "validity"
    severity = "error"
    summary = "An MCP tool annotation has the wrong type or a misspelled hint name"
    hint = "Write the hints as booleans under their exact names: readOnlyHint, destructiveHint, idempotentHint, " \
           "openWorldHint."
    sources = (SRC_ANNOTATIONS,)
    fixable = "sometimes"
    node_kinds = frozenset()
    messages = {
        "annotations-not-object": "tool '{name}': annotations is {value}, not an object of hints",
        "hint-not-boolean": "tool '{name}': annotation {hint} is {value}, not a boolean; clients that check the "
                            "MCP schema reject the tool list, others may read it the wrong way",
        "title-not-string": "tool '{name}': annotations.title is {value}, not a string",
        "misspelled-hint": "tool '{name}': annotation '{key}' is not an MCP hint (did you mean {hint}?); clients "
                           "ignore it and use the default ({default})",
    }
    identity_keys = {"annotations-not-object": ("name",), "hint-not-boolean": ("name", "hint"),
                     "title-not-string": ("name",), "misspelled-hint": ("name", "key")}
    valid = [
        {"name": "list_files", "description": "List the files in a folder.",
         "inputSchema": {"type": "object", "properties": {}},
         "annotations": {"title": "List files", "readOnlyHint": True, "openWorldHint": False}},
        # a dump of Python SDK objects writes null for unset fields
        {"name": "list_files", "description": "List the files in a folder.",
         "inputSchema": {"type": "object", "properties": {}},
         "annotations": {"title": None, "readOnlyHint": True, "destructiveHint": None}},
    ]
    invalid = [
        bad({"name": "list_files", "description": "List the files in a folder.",
             "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": "true"}},
            "hint-not-boolean",
            fixed={"name": "list_files", "description": "List the files in a folder.",
                   "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": True}}),
        bad({"name": "list_files", "description": "List the files in a folder.",
             "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnly": True}},
            "misspelled-hint"),
        bad({"name": "list_files", "description": "List the files in a folder.",
             "inputSchema": {"type": "object", "properties": {}}, "annotations": ["readOnlyHint"]},
            "annotations-not-object"),
    ]

    _DEFAULTS = {"readOnlyHint": "false", "destructiveHint": "true", "idempotentHint": "false",
                 "openWorldHint": "true"}

    def check_tool(self, tool, ctx):
        if not _mcp(tool) or "annotations" not in tool.raw:
            return
        annotations = tool.raw["annotations"]
        name = _tool_name(tool)
        if annotations is None:
            return
        if not isinstance(annotations, dict):
            ctx.report(at(tool, pointer=_field(tool, "annotations")), "annotations-not-object",
                       {"name": name, "value": show(annotations)})
            return
        for key, value in annotations.items():
            if key in HINTS:
                if value is None or isinstance(value, bool):
                    continue
                fix = None
                if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                    fix = Fix([Edit("set", ("annotations", key), value.strip().lower() == "true", target="tool")],
                              f"write {key} as a boolean")
                ctx.report(at(tool, pointer=_field(tool, "annotations", key)), "hint-not-boolean",
                           {"name": name, "hint": key, "value": show(value)}, fix=fix)
            elif key == "title":
                if value is not None and not isinstance(value, str):
                    ctx.report(at(tool, pointer=_field(tool, "annotations", key)), "title-not-string",
                               {"name": name, "value": show(value)})
            elif isinstance(key, str):
                hint = _HINT_SPELLINGS.get(key.replace("_", "").replace("-", "").lower())
                if hint is not None and hint not in annotations:
                    ctx.report(at(tool, pointer=_field(tool, "annotations", key)), "misspelled-hint",
                               {"name": name, "key": key, "hint": hint, "default": self._DEFAULTS[hint]},
                               severity="warning")


# verbs that change state whatever they act on: a tool named or described with one is not read-only
_SECOND_VERBS = frozenset({
    "delete", "remove", "destroy", "purge", "erase", "wipe", "truncate", "update", "write", "overwrite", "send",
    "publish", "upload", "insert", "create", "edit", "modify", "rename", "install", "uninstall", "deploy",
    "terminate", "cancel", "revoke", "grant", "trigger", "submit", "upsert", "append", "dismiss", "approve",
    "reject", "enable", "disable", "save", "store", "commit", "clear", "reset", "replace", "import", "register",
    "unregister", "invite", "subscribe", "unsubscribe", "refund", "purchase",
})
# the same, and verbs that are often nouns after a prefix or at the end (`github_star`, `chess_move`,
# `file_lock`), which count only when the name leads with them
_WRITE_VERBS = _SECOND_VERBS | {
    "drop", "set", "archive", "patch", "move", "kill", "merge", "push", "fork", "assign", "unassign", "reply",
    "restart", "star", "unstar", "start", "stop", "pause", "resume", "restore", "lock", "unlock", "block", "unblock",
    "ban", "follow", "unfollow", "share", "transfer", "book", "reserve", "buy", "sell", "pay", "schedule", "attach",
    "detach", "close",
}
# verbs that remove data for good: a tool named with one does not perform "only additive updates"
_DELETE_VERBS = frozenset({"delete", "destroy", "purge", "erase", "wipe", "truncate", "drop"})
# a name with one of these reads (a noun phrase such as merge_request_list, archive_search), or only simulates
_READ_TOKENS = frozenset({
    "get", "list", "search", "read", "fetch", "find", "view", "show", "describe", "query", "lookup", "count",
    "check", "retrieve", "download", "export", "inspect", "status", "preview", "dry", "simulate", "estimate",
    "validate", "plan", "diff", "explain", "analyze", "analyse",
})
# what a "create" tool may make, or a "send"/"submit" tool send, without changing anything (a chart, a URL, a query)
_PURE_MADE = lazy_re(
    r"(?i)\b(?:charts?|graphs?|diagrams?|plots?|images?|pictures?|visuali[sz]ations?|qr ?codes?|qrcode|mermaid|"
    r"svg|png|uuids?|hash(?:es)?|embeddings?|prompts?|urls?|uris?)\b")
_PURE_SENT = lazy_re(r"(?i)\b(?:requests?|quer(?:y|ies)|questions?|http|get|prompts?)\b")
# verbs that may transform a value handed in rather than stored data ("Remove stopwords from a given text")
_TRANSFORM_VERBS = frozenset({"remove", "edit", "insert", "append", "set", "merge", "replace", "clear"})
_IN_VALUE = lazy_re(
    r"(?i)\b(?:from|in|to|into|of) (?:a |an |the )?(?:given |provided |input |supplied )?(?:text|string|sentence|"
    r"paragraph|image|photo|picture|audio|array)\b(?! ?(?:files?|documents?|fields?)\b)")
# "Add a comment to an issue" writes; "Add two numbers" or "add days to a date" computes
_ADD_TO = lazy_re(r"(?i)^\s*adds? \S.{0,60}?\bto (?:a|an|the|my|your|this|that|specific|existing|\S+'s)\b")
_ARITHMETIC = lazy_re(r"(?i)\b(?:numbers?|integers?|sums?|dates?|days|values|vectors?|matri(?:x|ces)|digits)\b")
_READ_ONLY_STATED = lazy_re(
    r"(?i)\bread[- ]only\b|\breadonly\b|\b(?:does not|doesn't|do not|don't|never|without) (?:modify|modifying|"
    r"change|changing|alter|altering|write|writing)\b|\bno side[- ]effects\b|\bdry[- ]run\b")
_PERMANENT = lazy_re(
    r"(?i)\b(?:permanently|irreversibly|irrevocably) (?:delet|remov|destroy|eras|purg|wip)\w*|"
    r"(?<!not )\b(?:cannot|can ?not|can't) be (?:undone|recovered|reversed|restored)|"
    r"(?<!not )(?<!not an )\birreversibl[ey]\b")
# a deletion that can be taken back: the hint "only additive" is then arguable
_RECOVERABLE = lazy_re(r"(?i)\b(?:trash|recycle bin|soft[- ]delet\w*|restorable|can be (?:restored|recovered|"
                          r"undone)|undo)\b")
_DESCRIPTION_LEAD = lazy_re(
    r"(?i)^\s*(?:this tool |the tool |tool (?:to|that|which) |use this (?:tool )?to |used to |allows? (?:you )?to |"
    r"lets? (?:you )?)?([a-z]+)")
_CAMEL = lazy_re(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = lazy_re(r"[^A-Za-z0-9]+")


def _name_tokens(name: str) -> list[str]:
    # a namespace (github.delete_file, server__tool) prefixes the tool's own name
    for separator in ("__", ".", "/", ":"):
        if separator in name:
            name = name.rsplit(separator, 1)[1]
    return [t.lower() for t in _SPLIT.split(_CAMEL.sub("_", name)) if t]


def _base_verb(word: str) -> str:
    word = word.lower()
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("d", "")):
        if word.endswith(suffix):
            stem = word[: -len(suffix)] + repl
            if stem in _WRITE_VERBS:
                return stem
    return word


def _name_verb(name) -> str | None:
    """The state-changing verb the tool's name leads with (`delete_file`, `slack_send_message`), or None."""
    if not isinstance(name, str):
        return None
    tokens = _name_tokens(name)
    if not tokens or any(t in _READ_TOKENS for t in tokens):
        return None
    if tokens[0] in _WRITE_VERBS:
        return tokens[0]
    # after a prefix (slack_send_message) or at the end (label_write, issue_dependency_write)
    for token in (tokens[1:2] + tokens[-1:]) if len(tokens) > 1 else ():
        if token in _SECOND_VERBS:
            return token
    return None


def _description_verb(text: str) -> str | None:
    """The state-changing verb the description opens with ("Deletes a file ...", "Use this tool to send ...")."""
    match = _DESCRIPTION_LEAD.match(text)
    if match is None:
        return None
    verb = _base_verb(match.group(1))
    if verb in _WRITE_VERBS:
        return verb
    if verb in ("add", "adds") and _ADD_TO.match(text[match.start(1):]) and not _ARITHMETIC.search(text[:120]):
        return "add"
    return None


def _writes(tool) -> tuple[str, str] | None:
    """(verb, where it was read: "name" or "description") when the tool says it changes state."""
    text = tool.description or ""
    if _READ_ONLY_STATED.search(text):
        return None
    tokens = _name_tokens(tool.name) if isinstance(tool.name, str) else []
    for where, verb in (("name", _name_verb(tool.name)), ("description", _description_verb(text))):
        if verb is None:
            continue
        # what is made or sent: the name's last word (create_oauth_url), or the description's next few words
        made = tokens[-1] if where == "name" and tokens else " ".join(text.split()[1:6])
        if (verb == "create" and _PURE_MADE.search(made)) or (verb in ("send", "submit") and _PURE_SENT.search(made)):
            continue
        if verb in _TRANSFORM_VERBS and _IN_VALUE.search(text[:160]):
            continue
        return verb, where
    return None


def _deletes(tool) -> tuple[str, str] | None:
    """(what, where) when the tool says it removes data for good: a name led by delete/destroy/purge/...,
    or a description that says "permanently deletes" or "cannot be undone"."""
    text = tool.description or ""
    if _RECOVERABLE.search(text):
        return None
    tokens = _name_tokens(tool.name) if isinstance(tool.name, str) else []
    if tokens and not any(t in _READ_TOKENS for t in tokens):
        if tokens[0] in _DELETE_VERBS or (len(tokens) > 1 and tokens[1] in _DELETE_VERBS - {"drop"}):
            return tokens[0] if tokens[0] in _DELETE_VERBS else tokens[1], "name"
    match = _PERMANENT.search(text)
    if match:
        return match.group(0).lower(), "description"
    return None


class McpAnnotationConflict(Rule):
    """Finds MCP behaviour hints that contradict each other or the tool's own name and description:
    `readOnlyHint: true` together with `destructiveHint: true`; `readOnlyHint: true` on a tool whose name or
    description leads with a verb that changes state (delete, update, write, send, upload, merge, create, ...);
    `destructiveHint: false` on a tool whose name leads with delete, destroy, purge, erase, wipe, truncate or
    drop, or whose description says it deletes permanently or cannot be undone.

    Why: hosts use the hints to decide whether to ask the user before a call: approval policies let tools marked
    read-only run without a prompt (auto-approval by annotation is reported for Claude Code team policies,
    coddingtonbear/obsidian-local-rest-api discussion #298), so a deleting tool marked read-only runs unasked;
    `destructiveHint: false` says the tool "performs only additive updates", so the confirmation a deletion
    deserves is skipped. Clients also disagree on `readOnlyHint` and `destructiveHint` both true: some ignore
    the second (the spec calls it not meaningful), others treat the tool as destructive.

    Stays silent on hints that agree with a read-only tool (`destructiveHint: false` or any `idempotentHint` beside
    `readOnlyHint: true`: the spec says they are then not meaningful, and SDKs that serialize every field write
    them), on names that also carry a reading word (`merge_request_list`, `archive_search`, `update_status_get`),
    on tools whose description states they are read-only or a dry run, on tools that create or send only a
    chart, an image, a URL, a query or a request, on tools that edit a value handed in ("Remove stopwords from a
    given text"), and on deletions the description says can be taken back (moved to the trash, soft-deleted).

    Example:
        {"name": "delete_file", "annotations": {"readOnlyHint": true}}

    Use instead:
        {"name": "delete_file", "annotations": {"readOnlyHint": false, "destructiveHint": true}}
    """

    id = "mcp-annotation-conflict"
    category = "validity"
    severity = "warning"
    summary = "MCP behaviour hints contradict each other or the tool's name and description"
    hint = "Mark tools that change anything readOnlyHint: false, and tools that delete or overwrite data " \
           "destructiveHint: true."
    sources = (SRC_ANNOTATIONS, SRC_UNTRUSTED,
               "coddingtonbear/obsidian-local-rest-api discussion #298 (github.com/coddingtonbear/obsidian-local-"
               "rest-api/discussions/298): \"enterprise MCP client policies (Claude Code, Claude Desktop team "
               "policies, etc) that auto-approve tool calls based on the standard MCP tool annotations\" "
               "(" + READ + ")")
    node_kinds = frozenset()
    messages = {
        "read-only-and-destructive": "tool '{name}' is marked both readOnlyHint: true and destructiveHint: true; "
                                     "clients auto-approve read-only tools",
        "read-only-but-writes": "tool '{name}' is marked readOnlyHint: true but its {where} says it {verb}s: "
                                "clients may run it without asking",
        "not-destructive-but-deletes": "tool '{name}' is marked destructiveHint: false (only additive updates) but "
                                       "its {where} says '{what}': clients skip the confirmation a deletion needs",
    }
    identity_keys = {"read-only-and-destructive": ("name",), "read-only-but-writes": ("name", "verb"),
                     "not-destructive-but-deletes": ("name",)}
    valid = [
        {"name": "list_files", "description": "List the files in a folder.",
         "inputSchema": {"type": "object", "properties": {}},
         "annotations": {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": False}},
        {"name": "merge_request_list", "description": "List the merge requests of a project.",
         "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": True}},
        {"name": "delete_file", "description": "Delete a file from the repository.",
         "inputSchema": {"type": "object", "properties": {}},
         "annotations": {"readOnlyHint": False, "destructiveHint": True}},
        {"name": "create_chart", "description": "Create a bar chart image from the given series.",
         "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": True}},
    ]
    invalid = [
        bad({"name": "delete_file", "description": "Delete a file from the repository.",
             "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": True}},
            "read-only-but-writes"),
        bad({"name": "notify", "description": "Sends an email to the on-call engineer.",
             "inputSchema": {"type": "object", "properties": {}}, "annotations": {"readOnlyHint": True}},
            "read-only-but-writes"),
        bad({"name": "purge_cache", "description": "Remove every cached page.",
             "inputSchema": {"type": "object", "properties": {}},
             "annotations": {"readOnlyHint": False, "destructiveHint": False}},
            "not-destructive-but-deletes"),
        bad({"name": "get_status", "description": "Current build status.",
             "inputSchema": {"type": "object", "properties": {}},
             "annotations": {"readOnlyHint": True, "destructiveHint": True}},
            "read-only-and-destructive"),
    ]

    def check_tool(self, tool, ctx):
        annotations = tool.raw.get("annotations") if _mcp(tool) else None
        if not isinstance(annotations, dict):
            return
        read_only, destructive = annotations.get("readOnlyHint"), annotations.get("destructiveHint")
        if read_only is not True and destructive is not False:
            return
        name = _tool_name(tool)
        if read_only is True:
            if destructive is True:
                ctx.report(at(tool, pointer=_field(tool, "annotations", "destructiveHint")),
                           "read-only-and-destructive", {"name": name})
                return
            writes = _writes(tool)
            if writes is not None:
                verb, where = writes
                ctx.report(at(tool, pointer=_field(tool, "annotations", "readOnlyHint")), "read-only-but-writes",
                           {"name": name, "verb": verb, "where": where})
            return
        deletes = _deletes(tool)
        if deletes is not None:
            what, where = deletes
            ctx.report(at(tool, pointer=_field(tool, "annotations", "destructiveHint")),
                       "not-destructive-but-deletes", {"name": name, "what": what, "where": where})


# --- x-mcp-header -----------------------------------------------------------------------------------------

HEADER_KEY = "x-mcp-header"
_TOKEN = lazy_re(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_SAFE_INTEGER = 2 ** 53 - 1
_PRIMITIVE = frozenset({"string", "integer", "boolean"})


def _header_sites(schema, path=()):
    """(path, node) of every schema node that carries x-mcp-header, wherever it sits."""
    if isinstance(schema, dict):
        if HEADER_KEY in schema:
            yield path, schema
        for key, value in schema.items():
            if key == "enum" or key == "const" or key == "examples" or key == "default":
                continue
            if isinstance(value, (dict, list)):
                yield from _header_sites(value, path + (key,))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            if isinstance(value, (dict, list)):
                yield from _header_sites(value, path + (i,))


def _reachable(path: tuple) -> bool:
    """Reached from the root through `properties` keys alone (the spec's "statically reachable")."""
    return len(path) >= 2 and len(path) % 2 == 0 and all(path[i] == "properties" for i in range(0, len(path), 2))


def _dotted(path: tuple) -> str:
    if _reachable(path):
        return ".".join(str(path[i]) for i in range(1, len(path), 2))
    return "/".join(str(t) for t in path)


def _header_types(node: dict):
    """The JSON types the annotated parameter allows, or None when no `type` (nor const/enum) says."""
    value = node.get("type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return set(value)
    values = [node["const"]] if "const" in node else node.get("enum") if isinstance(node.get("enum"), list) else None
    if values:
        kinds = set()
        for v in values:
            kinds.add("boolean" if isinstance(v, bool) else "integer" if isinstance(v, int) else
                      "string" if isinstance(v, str) else "null" if v is None else "other")
        return kinds
    return None


def _document_mentions_headers(tool, ctx) -> bool:
    """Cheap test before walking a schema: the file's text names x-mcp-header at all (Python sources may build
    the key elsewhere, so they are always walked)."""
    doc = tool.document
    if doc.kind == "python":
        return True
    seen = ctx.cache("mcp.header-documents", dict)
    found = seen.get(id(doc))
    if found is None:
        found = seen[id(doc)] = HEADER_KEY in (doc.text or "")
    return found


_SENSITIVE = lazy_re(
    r"(?i)(?:^|[_\-.\s])(?:pass(?:word|wd|phrase)?|pwd|secret|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|"
    r"credential|auth(?:orization)?|bearer|cookie|session[_\-]?token|access[_\-]?token|refresh[_\-]?token|"
    r"id[_\-]?token|token|ssn|social[_\-]?security|e[_\-]?mail|phone|mobile|credit[_\-]?card|card[_\-]?number|"
    r"iban|date[_\-]?of[_\-]?birth|dob|passport|tax[_\-]?id)(?:$|[_\-.\s])")
# tokens that are cursors, not secrets
_NOT_SECRET = lazy_re(r"(?i)(?:page|next|prev|previous|continuation|sync|cursor|pagination|max|num)[_\-]?tokens?\b")


def _sensitive_kind(*names) -> str | None:
    for name in names:
        if not isinstance(name, str) or _NOT_SECRET.search(_CAMEL.sub("_", name)):
            continue
        match = _SENSITIVE.search(_CAMEL.sub("_", name))
        if match:
            return match.group(0).strip("_-. ").lower()
    return None


class McpHeaderInvalid(Rule):
    """Finds `x-mcp-header` annotations (MCP 2026-07-28, SEP-2243) that break the rules clients check: a value
    that is empty, not a string or not an RFC 9110 token (spaces, colons, CR/LF); two parameters with the same
    header name ignoring case; a header on a parameter that is not a string, integer or boolean (`number`,
    objects, arrays, or no type at all); a header on a property not reached from the root through `properties`
    alone (under `items`, `anyOf`, `$defs`, `if`/`then`); and (as a warning) integer bounds beyond
    ±(2^53−1), which a header cannot carry exactly.

    Why: a client on the Streamable HTTP transport MUST drop a tool whose `x-mcp-header` values break these rules
    from `tools/list`: the model never sees the tool, and nothing tells the server's author why.

    Example:
        "region": {"type": "number", "x-mcp-header": "Cloud Region"}

    Use instead:
        "region": {"type": "string", "x-mcp-header": "Region"}
    """

    id = "mcp-header-invalid"
    category = "provider"
    severity = "error"
    summary = "An x-mcp-header annotation breaks the MCP rules, so clients drop the tool"
    hint = "Use a non-empty token (letters, digits, '-', '_') unique per tool, on a top-level or nested " \
           "string, integer or boolean property."
    sources = (SRC_HEADER,)
    node_kinds = frozenset()
    messages = {
        "not-a-token": "tool '{name}', parameter '{param}': x-mcp-header {value} is not an HTTP field-name token "
                       "({problem}); Streamable HTTP clients drop the tool",
        "duplicate-header": "tool '{name}', parameter '{param}': x-mcp-header {value} repeats the header of "
                            "'{other}' (header names ignore case); Streamable HTTP clients drop the tool",
        "not-primitive": "tool '{name}', parameter '{param}': x-mcp-header on a parameter of type {types}; only "
                         "string, integer and boolean may be mirrored, so Streamable HTTP clients drop the tool",
        "not-reachable": "tool '{name}': x-mcp-header {value} at '{param}' is not reached through properties "
                         "alone (it passes through {via}); Streamable HTTP clients drop the tool",
        "unsafe-integer": "tool '{name}', parameter '{param}': x-mcp-header on an integer whose {keyword} "
                          "{value} is beyond ±(2^53-1); such values cannot be mirrored exactly",
    }
    identity_keys = {"not-a-token": ("name", "param"), "duplicate-header": ("name", "param"),
                     "not-primitive": ("name", "param"), "not-reachable": ("name", "param"),
                     "unsafe-integer": ("name", "param", "keyword")}
    valid = [
        {"name": "execute_sql", "description": "Execute SQL on Cloud Spanner.",
         "inputSchema": {"type": "object", "properties": {
             "region": {"type": "string", "description": "Region to run in.", "x-mcp-header": "Region"},
             "options": {"type": "object", "properties": {
                 "shard": {"type": "integer", "minimum": 0, "maximum": 1024, "x-mcp-header": "Shard"}}},
             "query": {"type": "string", "description": "The SQL query."}}, "required": ["region", "query"]}},
    ]
    invalid = [
        bad({"name": "execute_sql", "description": "Execute SQL on Cloud Spanner.",
             "inputSchema": {"type": "object", "properties": {
                 "region": {"type": "string", "x-mcp-header": "Region"},
                 "zone": {"type": "string", "x-mcp-header": "region"},
                 "tier": {"type": "string", "x-mcp-header": "Cloud Tier"},
                 "weight": {"type": "number", "x-mcp-header": "Weight"}}}},
            "duplicate-header", "not-a-token", "not-primitive"),
        bad({"name": "execute_sql", "description": "Execute SQL on Cloud Spanner.",
             "inputSchema": {"type": "object", "properties": {
                 "targets": {"type": "array", "items": {"type": "string", "x-mcp-header": "Target"}},
                 "shard": {"type": "integer", "maximum": 2 ** 63 - 1, "x-mcp-header": "Shard"}}}},
            "not-reachable", "unsafe-integer"),
    ]

    def check_tool(self, tool, ctx):
        schema = tool.input_schema
        if not isinstance(schema, dict) or tool.format != "mcp" or not _document_mentions_headers(tool, ctx):
            return
        name = _tool_name(tool)
        seen: dict[str, str] = {}
        for path, node in _header_sites(schema):
            value = node[HEADER_KEY]
            param = _dotted(path)
            where = at(tool, path=path + (HEADER_KEY,), param=param if _reachable(path) else None)
            if not _reachable(path):
                via = next((str(t) for i, t in enumerate(path) if i % 2 == 0 and t != "properties"), "the root")
                ctx.report(where, "not-reachable", {"name": name, "param": param, "value": show(value), "via": via})
                continue
            problem = _token_problem(value)
            if problem is not None:
                ctx.report(where, "not-a-token", {"name": name, "param": param, "value": show(value),
                                                  "problem": problem})
            elif value.lower() in seen:
                ctx.report(where, "duplicate-header", {"name": name, "param": param, "value": show(value),
                                                       "other": seen[value.lower()]})
            else:
                seen[value.lower()] = param
            types = _header_types(node)
            if types is None or not (types - {"null"}) or (types - {"null"}) - _PRIMITIVE:
                shown = "none" if types is None else ", ".join(sorted(types))
                ctx.report(at(tool, path=path, param=param), "not-primitive",
                           {"name": name, "param": param, "types": shown})
            elif "integer" in types:
                for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                    bound = node.get(keyword)
                    if isinstance(bound, (int, float)) and not isinstance(bound, bool) and abs(bound) > _SAFE_INTEGER:
                        ctx.report(at(tool, path=path + (keyword,), param=param), "unsafe-integer",
                                   {"name": name, "param": param, "keyword": keyword, "value": show(bound)},
                                   severity="warning")


def _token_problem(value) -> str | None:
    if not isinstance(value, str):
        return f"it is {show(value)}, not a string"
    if not value:
        return "it is empty"
    if "\r" in value or "\n" in value:
        return "it contains a line break"
    if not _TOKEN.match(value):
        bad_chars = sorted({c for c in value if not _TOKEN.match(c)})
        return "it contains " + ", ".join(repr(c) for c in bad_chars[:4])
    return None


class McpHeaderSensitive(Rule):
    """Finds `x-mcp-header` on a parameter that carries a secret or personal data: a password, API key, access
    or refresh token, authorization value, cookie, e-mail address, phone number, card number, national id.
    Pagination tokens (`page_token`, `next_token`, `cursor`) are not secrets and are left alone.

    Why: the client copies the value into an `Mcp-Param-*` HTTP header, in clear text, for every call. Load
    balancers, proxies, WAFs and their access logs see and keep headers that they never see in a TLS-terminated
    body, so the secret or the personal data leaves the trust boundary the body stays in. The MCP
    specification says servers SHOULD NOT do this.

    Example:
        "customer_email": {"type": "string", "x-mcp-header": "Customer-Email"}

    Use instead: leave `x-mcp-header` off the parameter; mirror an opaque id (`customer_id`) if routing needs it.
    """

    id = "mcp-header-sensitive"
    category = "provider"
    severity = "warning"
    summary = "x-mcp-header mirrors a secret or personal data into an HTTP header"
    hint = "Remove x-mcp-header from the parameter; route on an opaque id instead."
    sources = (SRC_HEADER_SENSITIVE,)
    node_kinds = frozenset()
    messages = {"sensitive-header": "tool '{name}', parameter '{param}' ({kind}) is mirrored into the HTTP header "
                                    "Mcp-Param-{header}, which proxies and their logs see in clear text"}
    identity_keys = {"sensitive-header": ("name", "param")}
    valid = [
        {"name": "list_messages", "description": "List the messages of a mailbox.",
         "inputSchema": {"type": "object", "properties": {
             "tenant": {"type": "string", "x-mcp-header": "Tenant"},
             "page_token": {"type": "string", "x-mcp-header": "Page-Token"}}}},
    ]
    invalid = [
        bad({"name": "create_ticket", "description": "Open a support ticket for a customer.",
             "inputSchema": {"type": "object", "properties": {
                 "customer_email": {"type": "string", "x-mcp-header": "Customer-Email"},
                 "summary": {"type": "string"}}}}, "sensitive-header"),
    ]

    def check_tool(self, tool, ctx):
        schema = tool.input_schema
        if not isinstance(schema, dict) or tool.format != "mcp" or not _document_mentions_headers(tool, ctx):
            return
        for path, node in _header_sites(schema):
            value = node[HEADER_KEY]
            if not _reachable(path) or _token_problem(value) is not None:
                continue  # mcp-header-invalid: the tool is dropped before any value is sent
            kind = _sensitive_kind(path[-1], value)
            if kind is None:
                continue
            param = _dotted(path)
            ctx.report(at(tool, path=path + (HEADER_KEY,), param=param), "sensitive-header",
                       {"name": _tool_name(tool), "param": param, "kind": kind, "header": value})


# --- icons ------------------------------------------------------------------------------------------------

_SIZE = lazy_re(r"^(?:[1-9][0-9]*[xX][1-9][0-9]*|any)$")
_SCHEME = lazy_re(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_RASTER = ("image/png", "image/jpeg", "image/jpg")


class McpIconInvalid(Rule):
    """Finds tool `icons` (MCP 2025-11-25 onward) that do not have the shape the schema gives them: `icons`
    that is not an array, an icon that is not an object, an icon without a `src` string, `sizes` that is not an
    array of strings, a `theme` other than "light" or "dark", a `mimeType` that is not a string.

    Why: clients that parse `tools/list` against the MCP schema (the SDKs do) fail on the whole list, not just
    the icon, so every tool of the server disappears.

    Example:
        "icons": [{"url": "https://example.com/icon.png", "sizes": "48x48"}]

    Use instead:
        "icons": [{"src": "https://example.com/icon.png", "sizes": ["48x48"]}]
    """

    id = "mcp-icon-invalid"
    category = "validity"
    severity = "error"
    summary = "A tool's icons do not have the shape the MCP schema requires"
    hint = "Give each icon a `src` string; `sizes` is an array of strings, `theme` is \"light\" or \"dark\"."
    sources = (SRC_ICONS,)
    node_kinds = frozenset()
    messages = {
        "icons-not-array": "tool '{name}': icons is {value}, not an array of icons",
        "icon-not-object": "tool '{name}': icon {index} is {value}, not an object",
        "no-src": "tool '{name}': icon {index} has no src string{also}",
        "bad-field": "tool '{name}': icon {index} has {field} {value}; {expected}",
    }
    identity_keys = {"icons-not-array": ("name",), "icon-not-object": ("name", "index"), "no-src": ("name", "index"),
                     "bad-field": ("name", "index", "field")}
    valid = [
        {"name": "star_repository", "description": "Star a repository.",
         "inputSchema": {"type": "object", "properties": {}},
         "icons": [{"src": "https://example.com/star.png", "mimeType": "image/png", "sizes": ["48x48"],
                    "theme": "light"}]},
    ]
    invalid = [
        bad({"name": "star_repository", "description": "Star a repository.",
             "inputSchema": {"type": "object", "properties": {}},
             "icons": [{"url": "https://example.com/star.png", "sizes": "48x48", "theme": "dim"}]},
            "no-src", "bad-field", "bad-field"),
        bad({"name": "star_repository", "description": "Star a repository.",
             "inputSchema": {"type": "object", "properties": {}}, "icons": "https://example.com/star.png"},
            "icons-not-array"),
    ]

    def check_tool(self, tool, ctx):
        if not _mcp(tool) or tool.raw.get("icons") is None:
            return
        icons = tool.raw["icons"]
        name = _tool_name(tool)
        if not isinstance(icons, list):
            ctx.report(at(tool, pointer=_field(tool, "icons")), "icons-not-array", {"name": name, "value": show(icons)})
            return
        for index, icon in enumerate(icons):
            here = _field(tool, "icons", index)
            if not isinstance(icon, dict):
                ctx.report(at(tool, pointer=here), "icon-not-object", {"name": name, "index": index,
                                                                      "value": show(icon)})
                continue
            src = icon.get("src")
            if not isinstance(src, str) or not src.strip():
                also = " (it has 'url'; the field is named src)" if "url" in icon else ""
                ctx.report(at(tool, pointer=here), "no-src", {"name": name, "index": index, "also": also})
            for field_name, ok, expected in (
                    ("mimeType", lambda v: isinstance(v, str), "a string is expected"),
                    ("sizes", lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
                     "an array of strings such as [\"48x48\"] is expected"),
                    ("theme", lambda v: v in ("light", "dark"), "\"light\" or \"dark\" is expected")):
                if field_name in icon and icon[field_name] is not None and not ok(icon[field_name]):
                    ctx.report(at(tool, pointer=ptr.join(here, field_name)), "bad-field",
                               {"name": name, "index": index, "field": field_name,
                                "value": show(icon[field_name]), "expected": expected})


class McpIconFormat(Rule):
    """Finds tool icons a client may not be able to show: a `src` that is not an http(s) URL or a `data:` URI
    (a relative path, `file:`, `javascript:`), a `data:` URI that is not Base64 image data, a `sizes` entry that
    is not "WxH" or "any" ("48", "48x48 96x96"), a `mimeType` that is not an image type, and icons that are all
    SVG with no PNG or JPEG beside them.

    Why: the specification lets `src` be an HTTP/HTTPS URL or a Base64 `data:` URI and requires clients to render
    only PNG and JPEG; SVG support is optional, and clients that render it must guard against the scripts an SVG
    can carry, so many show nothing. The icon is for people, not the model: worth a look, nothing breaks.

    Example:
        "icons": [{"src": "icons/star.svg", "sizes": ["48"]}]

    Use instead:
        "icons": [{"src": "https://example.com/star.png", "mimeType": "image/png", "sizes": ["48x48"]},
                  {"src": "https://example.com/star.svg", "mimeType": "image/svg+xml", "sizes": ["any"]}]
    """

    id = "mcp-icon-format"
    category = "validity"
    severity = "info"
    summary = "A tool icon a client may not show: its src, sizes or image type"
    hint = "Use an https or Base64 data: URI, sizes like \"48x48\" or \"any\", and a PNG or JPEG beside any SVG."
    sources = (SRC_ICONS,)
    node_kinds = frozenset()
    messages = {
        "src-scheme": "tool '{name}': icon {index} src {value} is {problem}; clients load http(s) URLs and "
                      "Base64 data: URIs",
        "sizes-form": "tool '{name}': icon {index} size {value} is not \"WxH\" (e.g. \"48x48\") or \"any\"",
        "not-an-image": "tool '{name}': icon {index} has mimeType {value}, not an image type",
        "svg-only": "tool '{name}': every icon is SVG; clients must render only PNG and JPEG, and many do not "
                    "render SVG (which can carry scripts)",
    }
    identity_keys = {"src-scheme": ("name", "index"), "sizes-form": ("name", "index", "value"),
                     "not-an-image": ("name", "index"), "svg-only": ("name",)}
    valid = [
        {"name": "star_repository", "description": "Star a repository.",
         "inputSchema": {"type": "object", "properties": {}},
         "icons": [{"src": "data:image/png;base64,iVBORw0KGgo=", "mimeType": "image/png", "theme": "dark"},
                   {"src": "https://example.com/star.svg", "mimeType": "image/svg+xml", "sizes": ["any"]}]},
    ]
    invalid = [
        bad({"name": "star_repository", "description": "Star a repository.",
             "inputSchema": {"type": "object", "properties": {}},
             "icons": [{"src": "icons/star.svg", "sizes": ["48"]}]},
            "svg-only", "src-scheme", "sizes-form"),
    ]

    def check_tool(self, tool, ctx):
        icons = tool.raw.get("icons") if _mcp(tool) else None
        if not isinstance(icons, list) or not icons:
            return
        name = _tool_name(tool)
        kinds = []
        for index, icon in enumerate(icons):
            if not isinstance(icon, dict):
                continue  # mcp-icon-invalid
            here = _field(tool, "icons", index)
            src, mime = icon.get("src"), icon.get("mimeType")
            if isinstance(src, str) and src.strip():
                problem = _src_problem(src)
                if problem is not None:
                    ctx.report(at(tool, pointer=ptr.join(here, "src")), "src-scheme",
                               {"name": name, "index": index, "value": show(src), "problem": problem})
            sizes = icon.get("sizes")
            if isinstance(sizes, list):
                for size in sizes:
                    if isinstance(size, str) and not _SIZE.match(size):
                        ctx.report(at(tool, pointer=ptr.join(here, "sizes")), "sizes-form",
                                   {"name": name, "index": index, "value": show(size)})
            if isinstance(mime, str) and not mime.lower().startswith("image/"):
                ctx.report(at(tool, pointer=ptr.join(here, "mimeType")), "not-an-image",
                           {"name": name, "index": index, "value": show(mime)})
            kinds.append(_image_kind(src, mime))
        if kinds and all(k == "svg" for k in kinds):
            ctx.report(at(tool, pointer=_field(tool, "icons")), "svg-only", {"name": name})


def _src_problem(src: str) -> str | None:
    match = _SCHEME.match(src)
    if match is None:
        return "a relative path, not a URI"
    scheme = match.group(1).lower()
    if scheme in ("http", "https"):
        return None
    if scheme == "data":
        head = src[5:].split(",", 1)[0].lower()
        if "," not in src:
            return "a data: URI without data"
        if not head.startswith("image/"):
            return "a data: URI that is not an image"
        if not head.endswith(";base64"):
            return "a data: URI that is not Base64"
        return None
    return f"a {scheme}: URI"


def _image_kind(src, mime) -> str:
    if isinstance(mime, str) and mime.strip():
        mime = mime.strip().lower()
        return "svg" if mime == "image/svg+xml" else "raster" if mime in _RASTER else "other"
    if isinstance(src, str):
        lowered = src.lower()
        if lowered.startswith("data:image/svg+xml") or lowered.split("?", 1)[0].endswith(".svg"):
            return "svg"
    return "other"  # unknown: the client sniffs it, no claim either way


# --- outputSchema -----------------------------------------------------------------------------------------

def _output(tool):
    """The tool's outputSchema as written, or None when the tool has none (or null, as Python dumps write)."""
    if not _mcp(tool) or "outputSchema" not in tool.raw:
        return None
    return tool.raw["outputSchema"]


class InvalidOutputSchema(Rule):
    """Finds MCP `outputSchema` values that are not a valid JSON Schema object: a string, an array, a boolean,
    or an object the meta-schema of its dialect rejects (2020-12 unless `$schema` names another; a `type` such
    as "dict" or "str", `required: true`, `"minimum": "0"`, draft-04 boolean `exclusiveMinimum` without a
    draft-04 `$schema`).

    Why: every MCP revision types `outputSchema` as a JSON Schema object that "MUST be valid according to [its]
    declared or default dialect", and clients validate `structuredContent` against it: a client that cannot
    compile the schema rejects the tool or every structured result, and a model (or the code reading the result)
    is told a shape no validator can check.

    Stays silent on `outputSchema: null` (captures that dump Python SDK objects write null for unset fields) and
    on tools that are not MCP tools (a BFCL `response` is not an outputSchema).

    Example:
        "outputSchema": {"type": "object", "properties": {"count": {"type": "int"}}, "required": "count"}

    Use instead:
        "outputSchema": {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count"]}
    """

    id = "invalid-output-schema"
    category = "validity"
    severity = "error"
    summary = "An MCP outputSchema is not a valid JSON Schema object"
    hint = "Make outputSchema a JSON Schema object valid for its dialect (2020-12 unless $schema says otherwise)."
    sources = (SRC_OUTPUT_VALID, SRC_OUTPUT_OBJECT)
    node_kinds = frozenset()
    options = {"max-per-tool": 10}
    option_help = {"max-per-tool": "report at most this many meta-schema errors per tool (findings)"}
    messages = {
        "not-a-schema-object": "tool '{name}': outputSchema is {value}, not a JSON Schema object",
        "invalid-at": "tool '{name}': outputSchema is not valid JSON Schema {draft} at '{at}': {detail}",
    }
    # the validator's wording (`detail`) may change with its version: the place identifies a finding
    identity_keys = {"not-a-schema-object": ("name",), "invalid-at": ("name", "at")}
    valid = [
        {"name": "get_weather", "description": "Current weather for a city.",
         "inputSchema": {"type": "object", "properties": {"city": {"type": "string"}}},
         "outputSchema": {"type": "object", "properties": {"temperature": {"type": "number"}},
                          "required": ["temperature"]}},
        {"name": "get_weather", "description": "Current weather for a city.",
         "inputSchema": {"type": "object", "properties": {}}, "outputSchema": None},
    ]
    invalid = [
        bad({"name": "count_rows", "description": "Count the rows of a table.",
             "inputSchema": {"type": "object", "properties": {}},
             "outputSchema": {"type": "object", "properties": {"count": {"type": "int"}}, "required": "count"}},
            "invalid-at", "invalid-at"),
        bad({"name": "count_rows", "description": "Count the rows of a table.",
             "inputSchema": {"type": "object", "properties": {}}, "outputSchema": "integer"},
            "not-a-schema-object"),
    ]

    def check_tool(self, tool, ctx):
        schema = _output(tool)
        if schema is None:
            return
        name = _tool_name(tool)
        if not isinstance(schema, dict):
            ctx.report(at(tool, pointer=_field(tool, "outputSchema")), "not-a-schema-object",
                       {"name": name, "value": show(schema)})
            return
        draft = draft_of(schema, "mcp")
        # no pure-Python shortcut (validity's `_surely_valid`): it waves through type names such as "int", which
        # non-json-schema-type reports for input schemas only; output schemas are few
        try:
            validator = meta_validator(draft)
            if validator.is_valid(schema):
                return
            errors = list(validator.iter_errors(schema))
        except (ValueError, TypeError, OverflowError):
            return  # data the native validator cannot convert: nothing reliable to say
        seen: list[tuple] = []
        for error in errors:
            path = tuple(error.instance_path)
            if any(path[: len(p)] == p for p in seen):
                continue
            seen.append(path)
            at_text = "/".join(str(t) for t in path) or "/"
            _, value = parent_and_value(schema, path)
            detail = error.message
            if path and path[-1] == "type" and isinstance(value, str):
                detail = f"{show(value)} is not a JSON Schema type (string, number, integer, boolean, object, " \
                         "array, null)"
            ctx.report(at(tool, pointer=_field(tool, "outputSchema", *path)), "invalid-at",
                       {"name": name, "draft": draft, "at": at_text, "detail": detail})
            if len(seen) >= self.opts["max-per-tool"]:
                break


class OutputSchemaNotObject(Rule):
    """Finds MCP `outputSchema` objects whose root is not `"type": "object"`: an array, a string or a number at
    the root, a list of types, or no `type` at all (properties alone, a root `anyOf` or `$ref`).

    Why: MCP 2025-06-18 and 2025-11-25 require `type: "object"` at the root of an output schema, and the SDKs
    built on them check it when they parse `tools/list`: a client on those revisions rejects the server's tool
    list or the tool. 2026-07-28 allows any JSON Schema (and any JSON value in `structuredContent`), so the schema
    is valid for clients of that revision only; wrapping the value in an object works for every client.

    Example:
        "outputSchema": {"type": "array", "items": {"type": "string"}}

    Use instead:
        "outputSchema": {"type": "object", "properties": {"items": {"type": "array",
                         "items": {"type": "string"}}}, "required": ["items"]}

    `schemalint fix --write` adds `"type": "object"` to a root that lists `properties` but no type.
    """

    id = "output-schema-not-object"
    category = "validity"
    severity = "warning"
    summary = "An MCP outputSchema root is not type object, which clients before 2026-07-28 reject"
    hint = "Return an object: put the value under a property of a root {\"type\": \"object\"} schema."
    sources = (SRC_OUTPUT_OBJECT,)
    fixable = "sometimes"
    node_kinds = frozenset()
    messages = {
        "root-type": "tool '{name}': outputSchema has type {type} at the root; MCP 2025-06-18 and 2025-11-25 "
                     "require \"object\" (only 2026-07-28 clients accept it)",
        "no-root-type": "tool '{name}': outputSchema has no \"type\": \"object\" at the root; MCP 2025-06-18 and "
                        "2025-11-25 require it (only 2026-07-28 clients accept it)",
    }
    identity_keys = {"root-type": ("name", "type"), "no-root-type": ("name",)}
    valid = [
        {"name": "list_tags", "description": "List the tags of a repository.",
         "inputSchema": {"type": "object", "properties": {}},
         "outputSchema": {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}},
    ]
    invalid = [
        bad({"name": "list_tags", "description": "List the tags of a repository.",
             "inputSchema": {"type": "object", "properties": {}},
             "outputSchema": {"type": "array", "items": {"type": "string"}}}, "root-type"),
        bad({"name": "list_tags", "description": "List the tags of a repository.",
             "inputSchema": {"type": "object", "properties": {}},
             "outputSchema": {"properties": {"tags": {"type": "array"}}}}, "no-root-type",
            fixed={"name": "list_tags", "description": "List the tags of a repository.",
                   "inputSchema": {"type": "object", "properties": {}},
                   "outputSchema": {"properties": {"tags": {"type": "array"}}, "type": "object"}}),
    ]

    def check_tool(self, tool, ctx):
        schema = _output(tool)
        if not isinstance(schema, dict):
            return  # invalid-output-schema
        root_type = schema.get("type")
        if root_type == "object":
            return
        name = _tool_name(tool)
        if root_type is None:
            fix = None
            if isinstance(schema.get("properties"), dict):
                fix = Fix([Edit("set", ("outputSchema", "type"), "object", target="tool")],
                          "declare the output an object")
            ctx.report(at(tool, pointer=_field(tool, "outputSchema")), "no-root-type", {"name": name}, fix=fix)
            return
        ctx.report(at(tool, pointer=_field(tool, "outputSchema", "type")), "root-type",
                   {"name": name, "type": show(root_type)})
