"""values: values a schema asks the model for, or writes for it, that it should not.

A credential the model is asked to type into an argument, a default that deletes or overwrites when the
model leaves a flag out, and the leftovers of schema generators: bounds that are a number type's range
rather than the parameter's, and enums that list a value twice.
"""
from __future__ import annotations

import re

from schemalint.engine.location import node_at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix

from ._examples import integer, string, tool
from ._schema import declared_types, json_equal, show
from ._text import _name_tokens, lazy_re, name_tokens
from .parameters import is_count_name

OWASP_LLM02 = (
    "OWASP Top 10 for LLM Applications 2025, LLM02 Sensitive Information Disclosure: secrets placed in prompts "
    "and model inputs are exposed to the provider, to logs and to other users; LLM06 Excessive Agency: "
    "high-impact actions need explicit approval"
)
MCP_ELICITATION = (
    "Model Context Protocol specification 2025-06-18, Client features > Elicitation, security: servers MUST NOT "
    "use elicitation to request sensitive information; Authorization: credentials travel in the transport's "
    "authorization (OAuth 2.1 for HTTP, the environment for stdio), not in tool arguments"
)
OPENAI_KNOWN_ARGUMENTS = (
    "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling), best practices: "
    "offload the burden from the model and use code where possible; don't make the model fill arguments you "
    "already know"
)
MCP_ANNOTATIONS = (
    "Model Context Protocol specification 2025-06-18, Tools > annotations: destructiveHint marks tools that may "
    "perform destructive updates; clients are expected to ask the user before such calls"
)
JSON_SCHEMA_DEFAULT = (
    "JSON Schema Validation 2020-12, section 9.2: `default` supplies the value to use when the instance is "
    "absent; MCP SDKs (FastMCP, Pydantic models) fill it in before the tool runs"
)
ZOD_SAFEINT = (
    "Zod 4 toJSONSchema: z.int() writes minimum -9007199254740991 and maximum 9007199254740991 "
    "(NUMBER_FORMAT_RANGES; int32 and uint32 write their own ranges), and `.int()` chained after .min()/.max() "
    "replaces the explicit bounds with that range (colinhacks/zod issues #4779 and #6550; "
    "protobuf-jsonschema issue #6 reports the same leftovers)"
)
JSON_SCHEMA_BOUNDS = (
    "JSON Schema Validation 2020-12, sections 6.2 and 6.3: minimum/maximum and maxLength/maxItems limit the "
    "instance; a bound equal to the number type's own range limits nothing"
)
JSON_SCHEMA_ENUM = (
    "JSON Schema Validation 2020-12, section 6.1.2: enum elements SHOULD be unique (draft-04, 5.5.1: MUST); "
    "Ajv refuses to compile such a schema ('enum should NOT have duplicate items', apify/apify-shared-js "
    "issue #133), and openai/openai-openapi pull request #314 removed duplicates that broke schema parsing"
)

_SCHEMA_NODES = frozenset({"property", "items", "branch", "additional", "definition"})


def _label(tool) -> str:
    return tool.name if isinstance(tool.name, str) and tool.name else "(unnamed)"


# ---------------------------------------------------------------- credentials

# what the last words of a name say the value is
_SECRET_WORDS = {
    "password": "a password", "passwd": "a password", "passphrase": "a passphrase", "secret": "a secret",
    "apikey": "an API key", "cookie": "a cookie", "cookies": "cookies", "authorization": "an authorization header",
    "credential": "credentials", "credentials": "credentials", "bearer": "a bearer token", "jwt": "a token",
}
_KEY_PREFIXES = frozenset("api access secret private auth subscription client app developer consumer signing "
                          "encryption master".split())
_TOKEN_PREFIXES = frozenset("access auth bearer api session refresh id user security authentication oauth "
                            "personal github gitlab slack bot app jwt csrf login service admin x".split())
# a `token` that is a page cursor, a coin, or a count of model tokens
_NOT_A_SECRET = lazy_re(r"\b(?:pages?|paginat\w*|next|continuation|cursor|crypto\w*|coins?|blockchain|erc-?\d*|"
                        r"symbol|contract|nft|wallet|ticker|tokeni[sz]\w*|llm|model)\b", re.I)
_AUTH_CUE = lazy_re(r"\b(?:auth\w*|access|bearer|api|session|credentials?|secret|log\s*in|login|oauth|jwt|personal|"
                    r"identity|permissions?|sign\s*in|verify|verification)\b", re.I)
# tools whose job is to set or store the secret (a new account's password, a webhook's signing secret)
_STORING_VERBS = frozenset("create set change reset update register signup add rotate generate protect encrypt "
                           "store save put new".split())
# secrets a user chooses (a password) can be what a tool stores; a key or token is stored only by a tool that
# registers a connection to another service (add_server with its api_key)
_CHOSEN = frozenset({"a password", "a passphrase", "a secret", "a secret key", "credentials"})
_CONNECTIONS = frozenset("server servers connection connections integration integrations credential credentials "
                         "mapping webhook webhooks datasource source".split())
# a description that says the value names or identifies the secret rather than being it
_REFERS_TO_SECRET = lazy_re(r"\b(?:unique\s+)?(?:identifier|id|name|label|alias|path|file|location)\s+(?:of|for)\b"
                            r"|\bunique\s+identifier\b", re.I)


def credential_kind(name: str, schema) -> str | None:
    """What secret a parameter named `name` holds ("an API key"), or None when it is not a credential."""
    words = _name_tokens(name) if isinstance(name, str) else ()  # read only: the cached tuple, not a copy
    if not words:
        return None
    last = words[-1]
    if last == "value" and len(words) > 1:
        words, last = words[:-1], words[-2]
    before = words[-2] if len(words) > 1 else None
    if last in _SECRET_WORDS:
        return _SECRET_WORDS[last]
    if last == "key" and before in _KEY_PREFIXES:
        return "a secret key" if before in ("secret", "private", "signing", "encryption", "master") else "an API key"
    if last == "token" and (before in _TOKEN_PREFIXES or before is None):
        description = schema.get("description") if isinstance(schema, dict) else None
        if before is None and not (isinstance(description, str) and _AUTH_CUE.search(description)
                                   and not _NOT_A_SECRET.search(description)):
            return None  # a bare `token` is a word, a coin or a cursor unless its description says auth
        return "a token"
    if last == "auth" and before is None:
        return "credentials"
    return None


class CredentialParameter(Rule):
    """Finds parameters that ask the model for a credential: an API key, a token, a password, a secret, a
    cookie or an authorization header.

    Why: the model can only fill the value from the conversation, so the user has to paste the secret
    into the chat: from there it goes to the model provider, into the transcript and into every log of
    both; or the model invents one. The MCP specification keeps credentials out of band (transport
    authorization, the environment) and forbids servers to ask for sensitive data even by elicitation.
    The server already knows its own credentials: take them from its configuration.

    Severity: a credential that authenticates the call is a warning. A secret the tool sets or stores is
    info: the user means to choose it, but it still passes through the conversation. That is a password,
    secret or credentials on a tool whose name says create, set, change, reset, register, add, ... (a new
    account's password, a webhook's signing secret), a key or token on such a tool that registers a
    connection (`add_server` with its `api_key`), or a parameter named `new_*`; a token on `set_presence`
    still authenticates the call.

    The name decides: its last words (`api_key`, `apiKey`, `client_secret`, `access_token`, `password`,
    `cookies`, `authorization`). Silent for names that only mention one (`token_name`, `secret_type`,
    `password_policy`, `max_tokens`), for numbers, flags and enums (`auth: "basic" | "oauth"`), for a
    bare `token` whose description does not speak of authentication or access (a word, a coin, a page
    cursor), and for a description that says the value identifies or names the secret ("the unique
    identifier of the API key to delete").

    Example:
        "api_key": {"type": "string", "description": "Your OpenWeatherMap API key."}

    Use instead:
        read the key from the server's environment (OPENWEATHERMAP_API_KEY) and drop the parameter.
    """

    id = "credential-parameter"
    category = "parameters"
    severity = "warning"
    summary = "A parameter asks the model to supply a credential (API key, token, password, cookie)"
    hint = "Take the credential from the server's configuration or the client's authorization, not an argument."
    sources = (MCP_ELICITATION, OWASP_LLM02, OPENAI_KNOWN_ARGUMENTS)
    messages = {
        "credential": "parameter '{param}' of tool '{tool}' asks the model for {what}: the user has to paste it "
                      "into the conversation, which sends it to the model provider and its logs",
        "stored-secret": "parameter '{param}' of tool '{tool}' asks the model for {what} the tool sets or stores: "
                         "the secret passes through the conversation and its logs",
    }
    identity_keys = {"credential": ("param", "tool"), "stored-secret": ("param", "tool")}
    node_kinds = frozenset({"property"})
    valid = [
        tool("list_files", "List the files of a folder.", {
            "page_token": string("Token of the page to return, from next_page_token."),
            "max_tokens": integer("Most tokens to return."),
            "token_name": string("Name of the crypto token.")}),
        tool("update_account", "Update a connected account's verification documents.", {
            "company_authorization": {"type": "object", "description": "Documents that show the company's "
                                      "authorization.", "properties": {"files": {"type": "array",
                                                                                  "items": string("A file id.")}}}}),
    ]
    invalid = [
        bad(tool("get_current_weather", "Get the current weather of a city.", {
            "city": string("City name."), "api_key": string("Your OpenWeatherMap API key.")}), "credential"),
        bad(tool("create_user", "Create a user account.", {
            "email": string("Email address."), "password": string("Password for the new account.")}),
            "stored-secret"),
        bad(tool("send_get_request", "Send a GET request to a URL.", {
            "url": string("The URL."),
            "cookies": {"type": "object", "description": "Cookies to send with the request.",
                        "properties": {"name": string("The name of the cookie."),
                                       "value": string("The value of the cookie.")}}}), "credential"),
    ]

    def check_node(self, node, ctx):
        name = node.name
        if not name:
            return
        what = credential_kind(name, node.schema)
        if what is None:
            return
        types = declared_types(node.schema, node.tool.format)
        if types is not None and not types & {"string", "object", "array"}:
            return  # a flag or a number only mentions a secret (`use_password`, `token_count`)
        if node.description and _REFERS_TO_SECRET.search(node.description):
            return  # "The unique identifier for the API key that needs to be deleted"
        if isinstance(node.schema, dict) and ("enum" in node.schema or "const" in node.schema):
            return  # a choice from a list (`auth: "basic" | "oauth"`) is not a secret
        if len(name_tokens(name)) > 1 and _holds_no_secret(node.schema):
            return  # a record named after one (`company_authorization: {files: [...]}`, a signed form's scans)
        tool_words = set(name_tokens(node.tool.name)) if isinstance(node.tool.name, str) else set()
        storing = bool(_STORING_VERBS & tool_words)
        stored = name_tokens(name)[0] in ("new", "initial") or (
            storing and (what in _CHOSEN or bool(_CONNECTIONS & tool_words)))
        data = {"param": node.param, "tool": _label(node.tool), "what": what}
        if stored:
            ctx.report(node, "stored-secret", data, severity="info")
        else:
            ctx.report(node, "credential", data)


def _holds_no_secret(schema) -> bool:
    """An object whose declared properties are none of them a credential: under a compound name that only ends in
    a credential word, the object is a record about it (a company's authorization documents), and a secret in it
    would be one of its members, checked on their own. A bare `cookies: {name, value}` is still the secret."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict) or not schema["properties"]:
        return False
    return all(credential_kind(name, sub) is None for name, sub in schema["properties"].items()
               if isinstance(name, str))


# ---------------------------------------------------------------- destructive defaults

# flags that destroy or overwrite whatever the tool is, with what the call then does
_STRONG = {
    "overwrite": "overwrites",
    "overwrites": "overwrites", "clobber": "overwrites", "delete": "deletes", "remove": "removes",
    "purge": "purges", "prune": "prunes", "drop": "drops", "destroy": "destroys", "wipe": "wipes",
    "erase": "erases", "truncate": "truncates", "cascade": "cascades the delete", "permanent": "acts permanently",
    "permanently": "acts permanently", "discard": "discards", "kill": "kills", "revoke": "revokes",
    "uninstall": "uninstalls", "unpublish": "unpublishes", "archive": "archives", "archived": "archives",
}
# flags that widen a delete: destructive only on a tool that deletes
_WIDENING = {"force": "forces the operation", "forced": "forces the operation",
             "recursive": "deletes recursively", "recursively": "deletes recursively", "all": "acts on everything",
             "hard": "hard-deletes", "replace": "replaces", "clear": "clears", "reset": "resets",
             "clean": "cleans up", "cleanup": "cleans up"}
_SAFE_WORDS = frozenset("keep preserve safe dry backup skip no not prevent protect confirm confirmation ask prompt "
                        "include show only warn check verify".split())
# what a data-cleaning flag removes from the returned data, not from anything stored
_FROM_OUTPUT = frozenset("duplicate duplicates dup dups null nulls na nan empty empties blank blanks whitespace "
                         "spaces space stopwords stopword punctuation accents accent html tags tag markup "
                         "formatting comments comment outliers outlier newlines emoji emojis noise background "
                         "watermark silence headers header footers footer borders border".split())
_DELETING = frozenset("delete remove drop destroy purge clean cleanup clear reset uninstall prune rm rmdir wipe "
                      "erase truncate push checkout restore overwrite replace revert rebase".split())
_READ_VERBS = frozenset("get list fetch read query check lookup search find show view describe retrieve count "
                        "preview validate".split())
_DESTRUCTIVE_MODES = {"overwrite": "overwrites", "replace": "replaces", "delete": "deletes", "drop": "drops",
                      "purge": "purges", "truncate": "truncates", "force": "forces the operation",
                      "destroy": "destroys", "wipe": "wipes", "recreate": "recreates", "clobber": "overwrites",
                      "hard": "hard-deletes", "cascade": "cascades the delete"}


def _tool_reads_only(tool) -> bool:
    hints = tool.annotations if isinstance(tool.annotations, dict) else {}
    if hints.get("readOnlyHint") is True:
        return True
    if hints.get("destructiveHint") is True or hints.get("readOnlyHint") is False:
        return False
    words = name_tokens(tool.name) if isinstance(tool.name, str) else []
    return bool(words) and words[0] in _READ_VERBS


def _tool_deletes(tool) -> bool:
    hints = tool.annotations if isinstance(tool.annotations, dict) else {}
    words = name_tokens(tool.name) if isinstance(tool.name, str) else []
    return hints.get("destructiveHint") is True or bool(_DELETING.intersection(words))


_BYPASS = frozenset("skip no bypass without disable auto".split())
_SAFEGUARDS = frozenset("confirm confirmation confirmations approval approve prompt prompts backup backups safety "
                        "verification verify".split())


def destructive_effect(name: str, default, tool) -> str | None:
    """What a call that leaves `name` out does, when its default is destructive; None otherwise."""
    words = name_tokens(name)
    if not words:
        return None
    if default is True and _BYPASS.intersection(words):
        guard = next((w for w in words if w in _SAFEGUARDS), None)
        if guard is not None:
            return f"skips the {guard}" if guard not in ("approve", "verify") else "skips the check"
    if _SAFE_WORDS.intersection(words) or _FROM_OUTPUT.intersection(words):
        return None
    if default is True:
        for word in words:
            if word in _STRONG:
                return _STRONG[word]
        if _tool_deletes(tool):
            for word in words:
                if word in _WIDENING:
                    return _WIDENING[word]
        return None
    if isinstance(default, str):
        return _DESTRUCTIVE_MODES.get(default.strip().lower())
    return None


class DestructiveDefault(Rule):
    """Finds defaults that destroy or overwrite when the model leaves the parameter out: `overwrite: true`,
    `delete_missing: true`, `archived: true`, `force: true` or `recursive: true` on a tool that deletes,
    `mode: "overwrite"`.

    Why: a model fills the parameters the request mentions and leaves the rest to their defaults, and MCP
    SDKs apply a `default` before the tool runs. A destructive default turns "update the dashboard" into
    "update it and archive it", or "copy the file" into "copy it over the existing one", without the model
    or the user having asked: the risky path should be the one someone chooses.

    A default that skips a safeguard (`skip_confirmation: true`, `no_backup: true`) counts too.
    Silent on tools that only read (`readOnlyHint`, or a name that starts with get, list, search, ...),
    for flags that say they are safe (`keep_*`, `dry_run`, `confirm`, `preserve_*`), and for cleaning flags
    about the returned data (`remove_duplicates`, `strip_html`). `recursive`, `all`, `replace`, `clear`,
    `hard` and `force` count only on a tool that deletes or writes over something (delete, remove, push,
    checkout, reset, restore, ... in its name, or `destructiveHint: true`): `force_refresh` on a sync is
    not destructive, `force` on `git_push` is.

    Example:
        "overwrite": {"type": "boolean", "default": true}

    Use instead:
        "overwrite": {"type": "boolean", "default": false, "description": "Replace an existing file."}
    """

    id = "destructive-default"
    category = "examples"
    severity = "warning"
    summary = "A default deletes or overwrites when the model leaves the parameter out"
    hint = "Make the safe choice the default (false, \"fail\", \"skip\") and let the caller opt in."
    sources = (JSON_SCHEMA_DEFAULT, MCP_ANNOTATIONS, OWASP_LLM02)
    messages = {"acts-when-omitted": "parameter '{param}' of tool '{tool}' defaults to {value}: a call that "
                                     "leaves it out {effect}"}
    identity_keys = {"acts-when-omitted": ("param", "tool", "value")}
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"default"})
    valid = [
        tool("write_file", "Write a file.", {"path": string("File path."),
                                            "overwrite": {"type": "boolean", "default": False}}),
        tool("clean_table", "Clean a table of rows.", {"remove_duplicates": {"type": "boolean", "default": True}}),
        tool("list_projects", "List projects.", {"archived": {"type": "boolean", "default": True}}),
    ]
    invalid = [
        bad(tool("write_file", "Write a file.", {"path": string("File path."),
                                                "overwrite": {"type": "boolean", "default": True}}),
            "acts-when-omitted"),
        bad(tool("delete_folder", "Delete a folder.", {"path": string("Folder path."),
                                                      "recursive": {"type": "boolean", "default": True}}),
            "acts-when-omitted"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or "default" not in schema or not node.name:
            return
        default = schema["default"]
        if default is not True and not isinstance(default, str):
            return
        if _tool_reads_only(node.tool):
            return
        effect = destructive_effect(node.name, default, node.tool)
        if effect is None:
            return
        ctx.report(node_at(node, suffix=("default",)), "acts-when-omitted",
                   {"param": node.param, "tool": _label(node.tool), "value": show(default), "effect": effect})


# ---------------------------------------------------------------- sentinel bounds

_SAFE_INTEGER = 9007199254740991
SENTINELS = {
    _SAFE_INTEGER: "2^53-1, JavaScript's largest safe integer", -_SAFE_INTEGER: "-(2^53-1)",
    2147483647: "2^31-1, the int32 maximum", -2147483648: "-2^31, the int32 minimum",
    4294967295: "2^32-1, the uint32 maximum",
    9223372036854775807: "2^63-1, the int64 maximum", -9223372036854775808: "-2^63, the int64 minimum",
    18446744073709551615: "2^64-1, the uint64 maximum",
    3.4028234663852886e38: "the float32 maximum", -3.4028234663852886e38: "the float32 minimum",
    1.7976931348623157e308: "the float64 maximum", -1.7976931348623157e308: "the float64 minimum",
}
_BOUND_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxLength", "maxItems",
               "maxProperties")
_LOWER_KEYS = ("minimum", "exclusiveMinimum")
# names whose value is never below zero
_NON_NEGATIVE_LAST = frozenset("id ids page size limit count offset index idx timeout duration seconds secs ms "
                               "milliseconds minutes minute hours hour days day weeks week month months port year "
                               "age quantity qty length width height depth retries attempts number num total "
                               "capacity line lines column col row rows".split())


def _sentinel(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return SENTINELS.get(value)


def _non_negative_name(name) -> bool:
    if not isinstance(name, str):
        return False
    words = name_tokens(name)
    return is_count_name(name) or (bool(words) and words[-1] in _NON_NEGATIVE_LAST)


class SentinelBound(Rule):
    """Finds bounds that are a number type's range rather than the parameter's: ±(2^53-1), the int32,
    uint32 and int64 limits, float32/float64 maxima. Schema generators write them (Zod's `z.int()`,
    protobuf converters) where the author wrote no bound.

    Why: such a bound tells the model nothing and costs about twenty tokens per parameter on every
    request. Worse, a lower bound of -(2^53-1) on a `limit`, `page`, `line` or `timeout` says negative
    values are fine; Zod writes exactly that when `.int()` follows `.min(0)`, dropping the bound the
    author meant. That case is a warning; the rest is info. One finding per schema node.

    Example:
        "limit": {"type": "integer", "minimum": -9007199254740991, "maximum": 9007199254740991}

    Use instead:
        "limit": {"type": "integer", "minimum": 1, "maximum": 100}
    """

    id = "sentinel-bound"
    category = "parameters"
    severity = "info"
    summary = "A bound is a number type's range (±2^53-1, int32, int64), left by a schema generator"
    hint = "Remove the bound, or replace it with the parameter's real range (e.g. minimum 0 for a count)."
    sources = (ZOD_SAFEINT, JSON_SCHEMA_BOUNDS)
    fixable = "sometimes"
    messages = {
        "type-range": "'{param}' is bounded by {bounds}: the range of its number type, not of the parameter; "
                      "it tells the model nothing",
        "negative-allowed": "'{param}' accepts values down to {value} ({origin}): a generator's leftover that "
                            "says a negative {name} is fine",
    }
    identity_keys = {"type-range": ("param", "keys"), "negative-allowed": ("param",)}
    node_kinds = _SCHEMA_NODES
    node_keys = frozenset(_BOUND_KEYS)
    valid = [tool("list_issues", "List issues.", {"limit": integer("Most issues to return.", minimum=1,
                                                                   maximum=100)})]
    invalid = [
        bad(tool("list_issues", "List issues.", {"limit": integer("Most issues to return.",
                                                                  minimum=-9007199254740991,
                                                                  maximum=9007199254740991)}),
            "negative-allowed"),
        bad(tool("set_temperature", "Set the thermostat.", {"offset_c": {
            "type": "number", "description": "Offset in degrees Celsius.", "minimum": -9007199254740991,
            "maximum": 9007199254740991}, "label": string("Label.")}), "type-range",
            fixed=tool("set_temperature", "Set the thermostat.", {"offset_c": {
                "type": "number", "description": "Offset in degrees Celsius."}, "label": string("Label.")})),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or schema.keys().isdisjoint(_BOUND_KEYS):
            return
        found = [(key, schema[key]) for key in _BOUND_KEYS if key in schema and _sentinel(schema[key])]
        if not found:
            return
        param = node.param or "the input schema"
        for key, value in found:
            if key in _LOWER_KEYS and value < 0 and _non_negative_name(node.name):
                ctx.report(node_at(node, suffix=(key,)), "negative-allowed",
                           {"param": param, "value": value, "origin": _sentinel(value), "name": node.name},
                           severity="warning")
                return
        fix = None
        if all(abs(value) == _SAFE_INTEGER for _, value in found):
            edits = [Edit("remove", node.path + (found[0][0],))] if len(found) == 1 else \
                [Edit("set", node.path, {k: v for k, v in schema.items() if k not in dict(found)})]
            fix = Fix(edits, "remove bounds that are only JavaScript's safe-integer range")
        bounds = ", ".join(f"{key} {value}" for key, value in found)
        ctx.report(node_at(node, suffix=(found[0][0],)), "type-range",
                   {"param": param, "bounds": bounds, "keys": ",".join(k for k, _ in found)}, fix=fix)


# ---------------------------------------------------------------- duplicate enum values

def _scalar_key(value):
    """A hashable key under which JSON-equal scalars meet (1 and 1.0; not true and 1), or None."""
    if value is None or isinstance(value, (bool, str)):
        return (type(value).__name__, value)
    if isinstance(value, int):
        return ("number", value)
    if isinstance(value, float):
        return ("number", int(value) if value.is_integer() else value)
    return None


def _count_values(enum: list) -> tuple[list, list]:
    """The distinct values of `enum` in order, with how often each occurs (JSON equality)."""
    unique: list = []
    counts: list = []
    slot_of: dict = {}
    for value in enum:
        key = _scalar_key(value)
        if key is not None:
            slot = slot_of.get(key)
            if slot is None:
                slot_of[key] = len(unique)
                unique.append(value)
                counts.append(1)
            else:
                counts[slot] += 1
            continue
        for i, seen in enumerate(unique):
            if _scalar_key(seen) is None and json_equal(seen, value):
                counts[i] += 1
                break
        else:
            unique.append(value)
            counts.append(1)
    return unique, counts


class DuplicateEnumValue(Rule):
    """Finds enums that list the same value more than once.

    Why: a model reads the list as a menu; a value listed twice looks like two choices that differ in some
    way the schema does not say. Validators built on Ajv refuse to compile the schema ("enum should NOT
    have duplicate items"), so a client that validates arguments fails every call of the tool; draft-04
    makes uniqueness a MUST. Typically a generator's leftover (an enum merged from two sources).

    Values are compared as JSON: 1 and 1.0 are the same value, true and 1 are not.

    Example: `"enum": ["open", "closed", "open"]`.
    Use instead: `"enum": ["open", "closed"]`.
    """

    id = "duplicate-enum-value"
    category = "parameters"
    severity = "warning"
    summary = "An enum lists the same value more than once"
    hint = "List each allowed value once."
    sources = (JSON_SCHEMA_ENUM,)
    fixable = "always"
    messages = {"repeated": "enum of '{param}' lists {value} {times} times"}
    node_kinds = _SCHEMA_NODES | {"root"}
    node_keys = frozenset({"enum"})
    output_kinds = node_kinds  # an output enum with duplicates breaks Ajv-based validation of results too
    valid = [tool(properties={"state": string(enum=["open", "closed"])}),
             tool(properties={"flag": {"enum": [True, 1, "1"]}})]
    invalid = [bad(tool(properties={"state": string(enum=["open", "closed", "open"])}), "repeated",
                   fixed=tool(properties={"state": string(enum=["open", "closed"])}))]

    def check_node(self, node, ctx):
        enum = node.schema.get("enum") if isinstance(node.schema, dict) else None
        if not isinstance(enum, list) or len(enum) < 2:
            return
        unique, counts = _count_values(enum)
        if len(unique) == len(enum):
            return
        fix = Fix([Edit("set", node.path + ("enum",), unique)], "list each value once")
        for value, times in zip(unique, counts):
            if times > 1:
                ctx.report(node_at(node, suffix=("enum",)), "repeated",
                           {"param": node.param or "the input schema", "value": repr(value), "times": times},
                           fix=fix)
