"""versioning: version ambiguity between the tools of one catalog.

A catalog is the set of tools a model is shown at once. By default that is the
tools of one container in one document: one `tools` array, one BFCL line's
`function` list, one MCP `tools/list` result. Files that hold a single tool
each (one tool per file, as in snapshot folders) form one catalog per folder.
The `scope` option widens it to the whole `file` or the whole run (`all`).
"""
from __future__ import annotations

import os
import re
import zlib
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from sys import intern

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix

from ._examples import integer, params, string, tool
from ._exposure import dataset_reason, repeated_name_count
from ._text import lazy_re, name_tokens

SCOPES = ("container", "file", "all")


# ---------------------------------------------------------------- catalogs

def _container_key(tool) -> tuple:
    """The pointer of the array or mapping that holds the tool, with the file."""
    if tool.file.startswith("mcp:"):
        return tool.catalog_key  # the tools of every live server of the run reach one model together
    if tool.document.kind == "python":
        return ("file", tool.file)
    pointer = tool.pointer or ""
    if not pointer:
        # the whole document is one tool: sibling files in the folder form the catalog
        return ("folder", os.path.dirname(tool.file))
    if tool.field_pointers and tool.field_pointers.get("name") == pointer:
        # tools decoded from a JSON string (Glaive "tools"): that string is the container
        return ("file", tool.file, pointer)
    tokens = pointer.split("/")
    if tokens[-1] == "function" and len(tokens) >= 2 and tokens[-2].isdigit():
        tokens = tokens[:-1]  # {"type": "function", "function": {...}} wrapper
    return ("file", tool.file, "/".join(tokens[:-1]))


def catalogs(tools, scope: str = "container", ctx=None) -> list[list]:
    """Group tools into the catalogs a model sees together, in document order. With `ctx`, the grouping is
    made once per run and scope and shared by every rule that asks (the lists are not to be changed)."""
    if scope not in SCOPES:
        scope = "container"
    if ctx is not None:
        return ctx.cache(f"versioning.catalogs.{scope}", lambda: catalogs(tools, scope))
    if scope == "all":
        return [list(tools)] if tools else []
    groups: dict[tuple, list] = {}
    for tool in tools:
        key = ("file", tool.file) if scope == "file" else _container_key(tool)
        groups.setdefault(key, []).append(tool)
    return list(groups.values())


def _named(tools) -> list:
    return [t for t in tools if isinstance(t.name, str) and t.name]


def named_catalogs(tools, scope: str, ctx=None) -> list[tuple[list, list, bool]]:
    """(catalog, its named tools, whether those are a dataset of variants) for every catalog of `scope`; with
    `ctx`, made once per run for the rules that group tools this way (the lists are not to be changed)."""
    if scope not in SCOPES:
        scope = "container"

    def build():
        out = []
        for catalog in catalogs(tools, scope, ctx):
            named = _named(catalog)
            out.append((catalog, named, len(named) >= 2 and is_variant_dataset(named)))
        return out

    return build() if ctx is None else ctx.cache(f"versioning.named.{scope}", build)


def is_variant_dataset(tools) -> bool:
    """Many names listed more than once with different definitions: a dataset of tool variants
    (BFCL's unique-function dump), not a catalog one model sees; a provider would reject the duplicates."""
    return repeated_name_count(tools) >= max(2, len(tools) // 100)


def catalog_level(catalog) -> str | None:
    """'info' for a dataset of unrelated tools (several x-source-files, a bare list longer than any provider
    accepts, as Seal-Tools' 4,076): its tools are never offered together, so a pair in it is worth a look,
    not a model misled. None (the rule's level) for a list sent as one request."""
    return "info" if dataset_reason(catalog) else None


# ---------------------------------------------------------------- version markers in names

# only words that are version labels wherever they stand; `preview`, `latest`, `new` and `old` usually name
# what a tool does (`get_email_preview`, `get_latest_block`), so they are left out
_LABEL_RANK = {"legacy": -2, "deprecated": -2, "stable": 0, "alpha": 0.5, "beta": 0.5, "experimental": 0.5,
               "canary": 0.5}
_V_TOKEN = lazy_re(r"v(\d{1,4})$")
_YEAR = lazy_re(r"(19|20)\d\d$")
_COMPACT_DATE = lazy_re(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_SMALL_NUMBER = lazy_re(r"\d{1,2}$")


class Version:
    """What a tool name says about its version: numbers (`v2`, `2`, a date) and a label (`beta`, `legacy`)."""

    __slots__ = ("kind", "numbers", "label", "text")

    def __init__(self, kind: str | None, numbers: tuple, label: str | None, text: str):
        self.kind, self.numbers, self.label, self.text = kind, numbers, label, text

    @property
    def marked(self) -> bool:
        return self.kind is not None or self.label is not None


def split_version(name: str) -> tuple[tuple, Version]:
    """`searchUsersV2` -> (("search", "users"), Version("v", (2,))); the base is the name without its marker."""
    tokens = name_tokens(name)
    base: list[str] = []
    kind = None
    numbers: tuple = ()
    label = None
    marker: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        at_edge = i == 0 or i == len(tokens) - 1
        v_match = _V_TOKEN.match(token)
        if kind is None and v_match:
            nums = [int(v_match.group(1))]
            j = i + 1
            while j < len(tokens) and _SMALL_NUMBER.match(tokens[j]):  # v1_2 -> (1, 2)
                nums.append(int(tokens[j]))
                j += 1
            kind, numbers = "v", tuple(nums)
            marker.extend(tokens[i:j])
            i = j
            continue
        if kind is None and _COMPACT_DATE.match(token):
            kind, numbers = "date", (int(token[:4]), int(token[4:6]), int(token[6:]))
            marker.append(token)
            i += 1
            continue
        if kind is None and _YEAR.match(token):
            nums = [int(token)]
            j = i + 1
            while j < len(tokens) and len(nums) < 3 and _SMALL_NUMBER.match(tokens[j]) and 1 <= int(tokens[j]) <= 31:
                nums.append(int(tokens[j]))
                j += 1
            kind, numbers = "date", tuple(nums)
            marker.extend(tokens[i:j])
            i = j
            continue
        # a bare number is a version only at the end (`search_users_2`); inside a name it is usually part of
        # an identifier (`Services_1_BookAppointment` is a different service than `Services_4_...`)
        if kind is None and _SMALL_NUMBER.match(token) and i == len(tokens) - 1 and i > 0 \
                and not tokens[i - 1].isdigit():
            kind, numbers = "n", (int(token),)
            marker.append(token)
            i += 1
            continue
        if label is None and at_edge and token in _LABEL_RANK and len(tokens) > 1:
            label = token
            marker.append(token)
            i += 1
            continue
        base.append(token)
        i += 1
    return tuple(base), Version(kind, numbers, label, "_".join(marker))


def _newest(items: list) -> object | None:
    """The tool whose version looks newest, or None when the names do not tell."""
    kinds = {v.kind for _, v in items if v.kind is not None}
    if len(kinds) > 1:
        return None

    def key(item):
        version = item[1]
        numbers = version.numbers if version.kind is not None else (1,)
        return (numbers, _LABEL_RANK.get(version.label, 0))

    if kinds:
        unmarked = [v for _, v in items if v.kind is None]
        if unmarked and max(v.numbers for _, v in items if v.kind is not None) <= (1,):
            return None  # `search` next to `search_v1`: either may be the current one
    ranked = sorted(items, key=key, reverse=True)
    if key(ranked[0]) == key(ranked[1]):
        return None
    return ranked[0][0]


def version_memo(ctx) -> dict:
    """name -> split_version(name), for one run: the same names come back in many catalogs and rules."""
    return ctx.cache("versioning.split-version", dict)


def _split(name: str, memo: dict | None) -> tuple[tuple, Version]:
    if memo is None:
        return split_version(name)
    got = memo.get(name)
    if got is None:
        got = memo[name] = split_version(name)
    return got


def version_groups(tools, memo: dict | None = None) -> list[tuple[list, object | None]]:
    """Groups of differently named tools whose names differ only by a version marker, with the newest one.
    `memo` keeps split_version's answers for the run (version_memo)."""
    by_base: dict[tuple, list] = defaultdict(list)
    for tool in _named(tools):
        base, version = _split(tool.name, memo)
        if base:
            by_base[base].append((tool, version))
    groups = []
    for items in by_base.values():
        distinct = {}
        for tool, version in items:
            distinct.setdefault(tool.name, (tool, version))
        if len(distinct) < 2 or not any(v.marked for _, v in distinct.values()):
            continue
        if not any(v.kind for _, v in distinct.values()) and (
                len(base) < 2 or all(v.label for _, v in distinct.values())):
            continue  # labels alone (`npmDeprecated` / `npmLatest`) need a distinctive base and one plain name
        members = list(distinct.values())
        groups.append((members, _newest(members)))
    return groups




class MultipleToolVersions(Rule):
    """Finds tools in one catalog whose names differ only by a version marker.

    Why: `searchUsersV2` next to `searchUsersV3` (or `search_v1`, `search_2024_01_01`,
    `search-beta`) asks the model to pick a version with nothing to go on: the
    names say they do the same thing, and descriptions rarely say when the old
    one is still right. Models then call either, often the first listed or the
    one seen in training data, and the deprecated path keeps getting traffic.
    The finding names both tools and the one whose marker looks newest.

    Example:
        tools: searchUsersV2, searchUsersV3

    Use instead: expose only the current version (`searchUsers`), or, when both
    must stay, say in each description when to use it and mark the old one
    deprecated with its replacement.

    Options: `scope` is container (default: one tools array, one BFCL line),
    file, or all. In a dataset of unrelated tools (tools from several
    `x-source-file`s, a bare list longer than any provider accepts in one
    request) the tools are never offered together: findings there are info.
    """

    id = "multiple-tool-versions"
    category = "versioning"
    severity = "warning"
    summary = "Tools whose names differ only by a version marker are exposed side by side"
    sources = (
        "Anthropic, 'Writing effective tools for agents' (anthropic.com/engineering, 2025): tools with overlapping "
        "purposes confuse agents; namespace and consolidate instead of exposing near-identical tools",
        "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): keep the number of "
        "functions small and make each one's purpose clear so the model picks the right one",
        "Model Context Protocol specification, Tools: tool names should be unique and descriptive",
    )
    hint = "Expose one version, or say in each description when to use it and deprecate the old one."
    options = {"scope": "container"}
    option_choices = {"scope": SCOPES}
    option_help = {"scope": "which tools form one catalog: container (one tools array), file, or all"}
    messages = {
        "other-versions": "tool '{name}' differs from {others} only by a version marker; '{newest}' looks newest, "
                          "and the model cannot tell which of {listed} to call",
        "no-current-version": "tool '{name}' differs from {others} only by a version marker, and the names do not "
                              "say which of {listed} is current",
    }
    # the sibling versions listed are detail (a new one changes them all): the finding is the tool
    identity_keys = {"other-versions": ("name",), "no-current-version": ("name",)}
    valid = [
        [{"name": "searchUsers", "description": "Search users by name.",
          "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
         {"name": "searchGroups", "description": "Search groups by name.",
          "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}],
        # `ipv4`/`ipv6` and `sha256` are not version markers
        [{"name": "lookup_ipv4", "description": "Look up an IPv4 address.",
          "input_schema": {"type": "object", "properties": {"address": {"type": "string"}}}},
         {"name": "lookup_ipv6", "description": "Look up an IPv6 address.",
          "input_schema": {"type": "object", "properties": {"address": {"type": "string"}}}}],
    ]
    invalid = [
        bad([tool("searchUsersV2", "Search users.", params(query=string())),
             tool("searchUsersV3", "Search users.", params(query=string()))], "other-versions"),
        bad([tool("create_invoice_2023_10_16", "Create an invoice.", params(amount=integer())),
             tool("create_invoice_2024_06_20", "Create an invoice.", params(amount=integer()))], "other-versions"),
        bad([tool("search_documents", "Search documents.", params(q=string())),
             tool("search_documents-beta", "Search documents with the new ranking.", params(q=string()))],
            "other-versions"),
        # `search_users` next to `search_users_v1`: either may be the current one
        bad([tool("search_users", "Search users.", params(query=string())),
             tool("search_users_v1", "Search users.", params(query=string()))], "no-current-version"),
    ]

    def check_catalog(self, tools, ctx):
        memo = version_memo(ctx)
        for catalog, _, variants in named_catalogs(tools, self.opts["scope"], ctx):
            if len(catalog) < 2 or variants:
                continue
            level = catalog_level(catalog)
            for members, newest in version_groups(catalog, memo):
                names = [t.name for t, _ in members]
                listed = ", ".join(f"'{n}'" for n in names)
                if newest is not None:
                    for tool, _ in members:
                        if tool is newest:
                            continue
                        ctx.report(at(tool, field="name"), "other-versions",
                                   {"name": tool.name, "others": _others(names, tool.name), "newest": newest.name,
                                    "listed": listed}, severity=level)
                else:
                    for tool, _ in members[1:]:
                        ctx.report(at(tool, field="name"), "no-current-version",
                                   {"name": tool.name, "others": _others(names, tool.name), "listed": listed},
                                   severity=level)


def _others(names: list, name: str) -> str:
    return ", ".join(f"'{n}'" for n in names if n != name)


# ---------------------------------------------------------------- deprecated tools

_DEPRECATION_PATTERNS = lazy_re(
    r"^\W*(?:deprecated|obsolete|legacy)\b"  # "DEPRECATED: ...", "[Deprecated] ..."
    r"|\.\.\s*deprecated::"  # Sphinx / reST directive
    r"|@deprecated\b"
    r"|\b(?:this|the)\s+(?:\w+\s+)?(?:tool|function|endpoint|method|api|operation|command|action|version)\s+"
    r"(?:is|has\s+been|was|is\s+now)\s+"
    r"(?:deprecated|obsolete|retired|superseded|no\s+longer\s+(?:supported|maintained))"
    r"|\bdeprecated\s+(?:tool|function|endpoint|method|api|operation|version)\b"
    r"|\bthis\s+is\s+(?:a|an|the)\s+(?:deprecated|legacy|old|obsolete)\s+(?:version|tool|endpoint|api|function)"
    r"|\b(?:will\s+be|is\s+being|scheduled\s+to\s+be)\s+(?:removed|retired|sunset)\b"
    r"|\b(?:use|call|prefer)\s+(?:the\s+)?(?:new|newer|latest|updated|current|replacement)\b[^.]{0,60}?\binstead\b",
    re.IGNORECASE,
)
_REPLACEMENT_PHRASE = lazy_re(
    r"\b(?:use|call|replaced\s+by|superseded\s+by|in\s+favou?r\s+of|migrate\s+to|switch\s+to|prefer|see)\s+"
    r"(?:the\s+)?[`'\"*]*([A-Za-z_][\w.\-/]*)",
    re.IGNORECASE,
)
_IDENTIFIER_LIKE = lazy_re(r"[_.\-/]|[a-z][A-Z]|\d")


_DEPRECATION_HINTS = ("deprecat", "obsolete", "legacy", "remove", "retire", "sunset", "supersede", "no longer",
                      "instead")


def is_deprecated(tool) -> bool:
    if tool.deprecated:
        return True
    return isinstance(tool.description, str) and _says_deprecated(tool.description)


@lru_cache(maxsize=1 << 14)
def _says_deprecated(text: str) -> bool:
    lowered = text.lower()
    return any(h in lowered for h in _DEPRECATION_HINTS) and _DEPRECATION_PATTERNS.search(text) is not None


def names_replacement(description: str | None, own_name: str, catalog_names) -> bool:
    """True when the description names a replacement: another tool of the catalog, or an identifier
    after "use" / "replaced by" / "in favor of"."""
    if not isinstance(description, str) or not description:
        return False
    for match in _REPLACEMENT_PHRASE.finditer(description):
        word = match.group(1).rstrip(".-/")
        if word != own_name and (word in catalog_names or _IDENTIFIER_LIKE.search(word)):
            return True
    for name in catalog_names:
        if name != own_name and len(name) >= 4 and name in description:
            if re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", description):
                return True
    return False


class DeprecatedToolWithoutReplacement(Rule):
    """Finds deprecated tools that do not name the tool to use instead.

    A tool counts as deprecated when it carries `deprecated: true` (on the tool
    or its annotations) or its description says so ("DEPRECATED:", ".. deprecated::",
    "this endpoint is deprecated", "will be removed", "use the new endpoint instead").

    Why: a deprecated tool that stays in the catalog still gets called. The
    model reads "deprecated" but has no name to call instead, so it either
    calls the old tool anyway or guesses. Naming the replacement in the
    description (`Deprecated: use searchUsersV3 instead.`) turns the warning
    into a routing instruction the model follows.

    Example:
        searchUsersV2: "Deprecated. Search users."   (searchUsersV3 is in the catalog)

    Use instead:
        searchUsersV2: "Deprecated: use `searchUsersV3` instead. Search users."
        or remove the deprecated tool from the catalog.

    Fixable when the replacement is evident: exactly one newer, not deprecated
    tool whose name differs only by a version marker.
    """

    id = "deprecated-tool-without-replacement"
    category = "versioning"
    severity = "warning"
    summary = "A deprecated tool does not name its replacement"
    sources = (
        "OpenAPI Specification 3.1, Operation Object `deprecated`: consumers should refrain from using a "
        "deprecated operation; a replacement has to be documented for them to migrate",
        "Anthropic, 'Writing effective tools for agents' (anthropic.com/engineering, 2025): tool descriptions "
        "should make it unambiguous which tool to use when",
    )
    hint = "Say which tool replaces it ('Deprecated: use `X` instead.'), or remove it from the catalog."
    fixable = "sometimes"
    options = {"scope": "container"}
    option_choices = {"scope": SCOPES}
    option_help = {"scope": "which tools form one catalog: container (one tools array), file, or all"}
    messages = {
        "replacement-evident": "tool '{name}' is {how} but does not name its replacement ('{replacement}' looks "
                               "like it)",
        "no-replacement": "tool '{name}' is {how} but does not name the tool to use instead",
    }
    valid = [
        [{"name": "searchUsersV2", "description": "Deprecated: use `searchUsersV3` instead.",
          "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
         {"name": "searchUsersV3", "description": "Search users by name or email.",
          "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}],
        # "deprecated" about something else than the tool
        {"name": "check_package", "description": "Check whether an npm package is deprecated.",
         "input_schema": {"type": "object", "properties": {"package": {"type": "string"}}}},
    ]
    invalid = [
        bad([tool("searchUsersV2", "DEPRECATED. Search users.", params(query=string())),
             tool("searchUsersV3", "Search users by name or email.", params(query=string()))],
            "replacement-evident",
            fixed=[tool("searchUsersV2", "Deprecated: use `searchUsersV3` instead. DEPRECATED. Search users.",
                        params(query=string())),
                   tool("searchUsersV3", "Search users by name or email.", params(query=string()))], unsafe=True),
        bad(tool("export_report", "Export a report. This endpoint is deprecated and will be removed.",
                 params(report_id=string())), "no-replacement"),
        bad({"name": "get_orders", "description": "Get orders.", "annotations": {"deprecated": True},
             "inputSchema": {"type": "object", "properties": {"status": {"type": "string"}}}}, "no-replacement"),
    ]

    def check_catalog(self, tools, ctx):
        for catalog, named, _ in named_catalogs(tools, self.opts["scope"], ctx):
            deprecated = [t for t in named if is_deprecated(t)]
            if not deprecated:
                continue
            names = {t.name for t in named}
            replacements = _replacements(catalog, version_memo(ctx))
            for tool in deprecated:
                if names_replacement(tool.description, tool.name, names):
                    continue
                replacement = replacements.get(tool.name)
                data = {"name": tool.name, "how": "marked deprecated" if tool.deprecated else "described as deprecated"}
                where = at(tool, field="description" if tool.description else "name")
                if replacement is not None:
                    text = (tool.description or "").strip()
                    sentence = f"Deprecated: use `{replacement}` instead."
                    fix = Fix([Edit("set", ("description",), f"{sentence} {text}".strip(), target="tool")],
                              f"name '{replacement}' as the replacement", unsafe=True)
                    ctx.report(where, "replacement-evident", {**data, "replacement": replacement}, fix=fix)
                else:
                    ctx.report(where, "no-replacement", data)


def _replacements(catalog, memo: dict | None = None) -> dict:
    """Tool name -> the one newer, not deprecated, versioned sibling that evidently replaces it."""
    out = {}
    for members, newest in version_groups(catalog, memo):
        if newest is None or is_deprecated(newest):
            continue
        for tool, _ in members:
            if tool is not newest:
                out[tool.name] = newest.name
    return out


# ---------------------------------------------------------------- near-duplicate tools

_STOPWORDS = frozenset(
    "a an the and or of to in on for with by from at as is are be this that these those it its into via "
    "given specified provided using use used based if any all can will which who whom whose when where "
    "returns return get gets retrieve retrieves fetch fetches function tool api method call calls "
    "their his her your our my you we they them he she one single".split())
_WORD = lazy_re(r"[^\W_]+")
_CJK = lazy_re(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# name words that mean the same to a model; mapping them makes `get_x` and `fetch_x` compare as one name
_NAME_SYNONYMS = {"fetch": "get", "retrieve": "get", "obtain": "get", "read": "get", "lookup": "get",
                  "find": "search", "remove": "delete", "add": "create", "modify": "update", "edit": "update",
                  "app": "application", "apps": "application", "svc": "service", "info": "information",
                  "config": "configuration", "cfg": "configuration", "repo": "repository", "org": "organization",
                  "msg": "message", "db": "database", "doc": "document", "docs": "document", "img": "image",
                  "num": "number", "stats": "statistic", "stat": "statistic", "auth": "authentication"}
_VERB_PREFIXES = ("get", "list", "create", "delete", "update", "remove", "search", "find", "fetch")
_GENERIC_VERBS = frozenset({"get", "calculate", "compute", "determine", "generate", "make", "check", "show",
                            "query", "perform", "run", "execute", "do", "estimate"})
# a word in this share of a catalog's tools (and in three or more) is boilerplate: it tells no tool apart
BOILERPLATE_SHARE = 0.3
# catalogs this small are compared pair by pair; blocking pays off only above
SMALL_CATALOG = 12
BOILERPLATE_WEIGHT = 0.1


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# the word forms below are asked for again and again (a catalog's vocabulary is small): a few thousand are
# kept while near-duplicate-tools runs, and released when it is done
_FORMS_KEPT = 1 << 12


@lru_cache(maxsize=_FORMS_KEPT)
def _token_words(token: str) -> tuple:
    """A name token as words: (verb, word) for `getcommunities`, else (word,)."""
    verb = ()
    for prefix in _VERB_PREFIXES:  # `getcommunities` -> get, communities
        if token.startswith(prefix) and len(token) - len(prefix) >= 4 and token not in _NAME_SYNONYMS:
            verb = (prefix,)
            token = token[len(prefix):]
            break
    token = _NAME_SYNONYMS.get(token, token)
    return verb + (_NAME_SYNONYMS.get(_stem(token), _stem(token)),)


def _name_words(name: str) -> list[str]:
    out: list[str] = []
    for token in name_tokens(name):
        *verb, word = _token_words(token)
        out.extend(verb)
        if word == "all" and out and out[-1] == "get":
            out[-1] = "list"  # get_all_users reads as list_users
            continue
        out.append(word)
    return out


@lru_cache(maxsize=_FORMS_KEPT)
def _content_word(word: str) -> str | None:
    """A description word stemmed and mapped to its synonym, or None for a stopword."""
    if word in _STOPWORDS:
        return None
    word = _stem(word)
    word = _NAME_SYNONYMS.get(word, word)
    return None if word in _STOPWORDS else word


def _release_forms() -> None:
    _token_words.cache_clear()
    _content_word.cache_clear()


def _text_words(text: str) -> list[str]:
    """Content words in order; runs of CJK characters become character pairs."""
    out = []
    for word in _WORD.findall(text.lower()):
        if not word.isascii() and _CJK.search(word):
            out.extend(word[i:i + 2] for i in range(max(len(word) - 1, 1)))
        else:
            word = _content_word(word)
            if word is not None:
                out.append(word)
    return out


class FeatureCache:
    """What near-duplicate-tools reads of names, descriptions and parameter lists, kept for one run: a name, a
    description or a parameter list met again (the same tools come back in many catalogs, and generated catalogs
    repeat descriptions) is read once and its sets are shared; the strings the sets hold are interned."""

    __slots__ = ("names", "descriptions", "params")

    def __init__(self):
        self.names: dict = {}
        self.descriptions: dict = {}
        self.params: dict = {}


class ToolFeatures:
    __slots__ = ("tool", "name", "name_tokens", "version_base", "name_keys", "desc_key", "desc_words", "desc_pairs",
                 "desc_keys", "params", "param_words", "param_keys")

    def __init__(self, tool, cache: FeatureCache | None = None, versions: dict | None = None):
        cache = cache or FeatureCache()
        self.tool = tool
        name = self.name = tool.name
        named = cache.names.get(name)
        if named is None:
            named = cache.names[name] = _name_features(name, versions)
        self.name_tokens, self.version_base, self.name_keys = named
        description = tool.description if isinstance(tool.description, str) else None
        described = cache.descriptions.get(description)
        if described is None:
            described = cache.descriptions[description] = _description_features(description)
        self.desc_key = description
        self.desc_words, self.desc_pairs, self.desc_keys = described
        props = tool.properties
        key = tuple(props)
        listed = cache.params.get(key)
        if listed is None:
            listed = cache.params[key] = _param_features(props)
        self.params, self.param_words, self.param_keys = listed

    @property
    def tokens(self):
        """Name words, description words and parameter names, each prefixed with its kind ("n:", "d:", "p:")."""
        yield from self.name_keys
        yield from self.desc_keys
        yield from self.param_keys


def _name_features(name: str, versions: dict | None) -> tuple:
    name_words = frozenset(map(intern, _name_words(name)))
    base, version = _split(name, versions)
    return name_words, base if base and version.marked else None, tuple(intern("n:" + t) for t in name_words)


def _description_features(description: str | None) -> tuple:
    words = [intern(w) for w in _text_words(description)] if description is not None else []
    desc_words = frozenset(words)
    # word pairs keep the order that bags of words lose: "users in a group" / "groups for a user"
    desc_pairs = frozenset(intern(a + " " + b) for a, b in zip(words, words[1:]))
    return desc_words, desc_pairs, tuple(intern("d:" + w) for w in desc_words)


def _param_features(props) -> tuple:
    params = _param_names(props)
    param_words = frozenset(_stem(w) for p in props for w in name_tokens(p))
    return params, param_words, tuple(intern("p:" + p) for p in params)


def _param_names(props) -> frozenset:
    return frozenset("_".join(name_tokens(p)) or p for p in props)


def _may_pair(tools, param_min: float) -> bool:
    """Whether some pair of a small catalog passes find_pairs' first tests (two names, two descriptions,
    parameters alike enough), read from the tools alone: most small catalogs have none, and then no tool's
    features are needed."""
    params = [_param_names(t.properties) for t in tools]
    for i, j in combinations(range(len(tools)), 2):
        a, b = tools[i], tools[j]
        if a.name != b.name and a.description and b.description and isinstance(a.description, str) \
                and isinstance(b.description, str) and _jaccard(params[i], params[j]) >= param_min:
            return True
    return False


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _split_jaccard(tell_a, boiler_a, tell_b, boiler_b) -> float:
    """Jaccard where boilerplate tokens count BOILERPLATE_WEIGHT and telling ones count 1."""
    inter = len(tell_a & tell_b) + BOILERPLATE_WEIGHT * len(boiler_a & boiler_b)
    union = len(tell_a | tell_b) + BOILERPLATE_WEIGHT * len(boiler_a | boiler_b)
    return inter / union if union else 1.0


def differ_in_both(a: ToolFeatures, b: ToolFeatures) -> bool:
    """Each name has a word the other lacks and each description a word the other lacks
    (`core_memory_add` "short-term" / `archival_memory_add` "long-term"): the tools say how they differ."""
    return bool(a.name_tokens - b.name_tokens and b.name_tokens - a.name_tokens
                and a.desc_words - b.desc_words and b.desc_words - a.desc_words)


def _stable_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def token_frequencies(features: list) -> dict:
    frequency: dict[str, int] = defaultdict(int)
    for f in features:
        for token in f.tokens:
            frequency[token] += 1
    return frequency


_NO_SECOND = (1 << 32) - 1  # a bucket key's second token number when a tool has one rare token only


def candidate_pairs(features: list, frequency: dict, top: int = 6, max_bucket: int = 40,
                    common_at: float | None = None):
    """Candidate pairs by blocking: near-linear, no all-pairs comparison.

    Each tool is put in buckets keyed by every pair of its `top` rarest tokens (name words, description
    words, parameter names; boilerplate left out), and by its set of name words. Two near-duplicates
    share most tokens, so they share a pair of rare ones: a pair key is selective even in CRUD catalogs
    where every single word is common (`crm` + `contact` narrows 10,000 tools to a handful). Buckets
    larger than `max_bucket` are combinations too common to tell anything and are dropped, which bounds
    the work per tool. Ties in rarity are broken by a stable hash (crc32), never by Python's salted hash().
    """
    common_at = common_at or max(3, BOILERPLATE_SHARE * len(features))
    # a bucket's key is a number (a pair of token numbers, one token number with no second, or minus a set of name
    # words' number), and a bucket of one tool is that tool's index: a catalog of 100,000 tools fills a million
    # buckets, most of them of one tool
    buckets: dict[int, int | list] = {}
    numbers: dict = {}  # a token, or a tool's name words, -> its number
    ranks: dict[str, tuple] = {}  # a token's rank, once per token rather than once per tool that has it

    def rank(token: str) -> tuple:
        got = ranks.get(token)
        if got is None:
            got = ranks[token] = (frequency[token], _stable_hash(token), token)
        return got

    for i, f in enumerate(features):
        rare = [numbers.setdefault(token, len(numbers))
                for token in sorted((t for t in f.tokens if frequency[t] < common_at), key=rank)[:top]]
        keys = [a << 32 | b for a, b in combinations(rare, 2)] if len(rare) > 1 else \
            [rare[0] << 32 | _NO_SECOND] if rare else []
        keys.append(-1 - numbers.setdefault(tuple(sorted(f.name_tokens)), len(numbers)))
        for key in keys:
            members = buckets.get(key)
            if members is None:
                buckets[key] = i
            elif members.__class__ is int:
                buckets[key] = [members, i]
            else:
                members.append(i)
    seen = set()  # i * count + j for each pair (i, j) given: an int, not a tuple, per pair
    count = len(features)
    for members in buckets.values():
        if members.__class__ is int or len(members) > max_bucket:
            continue
        for x, i in enumerate(members):
            row = i * count
            for j in members[x + 1:]:
                if row + j not in seen:
                    seen.add(row + j)
                    yield i, j


def told_apart(a: ToolFeatures, b: ToolFeatures) -> bool:
    """True when a word that only one of the names has also appears only in that tool's description or
    parameters: `zpa_get_server_group` / `zpa_get_segment_group` say "server" and "segment" in both places,
    so a model can pick; `get_character_profile` / `get_character_info` with one shared description cannot."""
    for x, y in ((a, b), (b, a)):
        for token in x.name_tokens - y.name_tokens:
            if token in _GENERIC_VERBS:
                continue  # `getMolarMass` / `calculateMolarMass`: the verb tells nothing apart
            if (token in x.desc_words or token in x.param_words) and \
                    token not in y.desc_words and token not in y.param_words:
                return True
    return False


class NearDuplicateTools(Rule):
    """Finds pairs of tools in one catalog that a model cannot tell apart.

    Two tools are near-duplicates when their names share most words, their
    descriptions say nearly the same thing and they take nearly the same
    parameters. Exact repeats of one definition (a dataset listing the same
    tool twice) are not reported here, and neither are catalogs that list
    the same name with different definitions (a dataset of tool variants,
    not a set of tools one model sees).

    Why: a model picks a tool from its name and description. When two tools
    read the same, the choice is a coin toss: calls split between them, and
    the wrong one may run with the right arguments.

    Example:
        get_user_profile: "Get a user's profile by user id." (user_id)
        fetch_user_profile: "Fetch the profile of a user by id." (user_id)

    Use instead: keep one tool, or rewrite both descriptions so each says what
    it does that the other does not and when to use it.

    Search is near-linear (prefix filtering over rarest tokens, then an exact
    check of each candidate pair), so 10,000-tool catalogs take about a second.
    Each tool is reported once, at the earlier tool it is most alike, with how
    many others it is hard to tell from: three copies make two findings.
    Options: `name-similarity`, `description-similarity`, `parameter-similarity`
    (Jaccard thresholds on name words, description words and parameter names),
    `scope` (container, file or all). In a dataset of unrelated tools (tools
    from several `x-source-file`s, a bare list longer than any provider accepts
    in one request, as Seal-Tools' 4,076) the pair is never offered together:
    the finding is info there.
    """

    id = "near-duplicate-tools"
    category = "versioning"
    severity = "warning"
    summary = "Two tools in one catalog have near-identical names, descriptions and parameters"
    sources = (
        "Anthropic, 'Writing effective tools for agents' (anthropic.com/engineering, 2025): too many or "
        "overlapping tools distract agents; each tool needs a clear, distinct purpose",
        "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling): make functions "
        "obvious and distinct; combine functions that are always called together",
    )
    hint = "Merge the two tools, or make each description say what sets it apart and when to use it."
    options = {"name-similarity": 0.5, "description-similarity": 0.7, "parameter-similarity": 0.75,
               "scope": "container"}
    option_choices = {"scope": SCOPES}
    option_ranges = {"name-similarity": (0, 1), "description-similarity": (0, 1), "parameter-similarity": (0, 1)}
    option_help = {
        "name-similarity": "least Jaccard similarity of the name words (0 to 1)",
        "description-similarity": "least Jaccard similarity of the description words and word pairs (0 to 1)",
        "parameter-similarity": "least Jaccard similarity of the parameter names (0 to 1)",
        "scope": "which tools form one catalog: container (one tools array), file, or all",
    }
    messages = {"near-duplicate": "tool '{name}' is hard to tell apart from '{other}'{also}: names "
                                  "{name_similarity:.0%} alike, descriptions {description_similarity:.0%}, parameters "
                                  "{parameter_similarity:.0%}"}
    identity_keys = {"near-duplicate": ("name", "other")}
    valid = [
        [{"name": "list_users", "description": "List the users of the workspace.",
          "input_schema": {"type": "object", "properties": {"workspace_id": {"type": "string"}}}},
         {"name": "list_groups", "description": "List the groups of the workspace.",
          "input_schema": {"type": "object", "properties": {"workspace_id": {"type": "string"}}}}],
    ]
    invalid = [
        bad([tool("get_user_profile", "Get the profile of a user by their user id.", params(user_id=string())),
             tool("fetch_user_profile", "Fetch the profile of a user by user id.", params(user_id=string()))],
            "near-duplicate"),
    ]

    def check_catalog(self, tools, ctx):
        feature_cache = FeatureCache()  # for this rule's run only
        versions = version_memo(ctx)
        for _, named, variants in named_catalogs(tools, self.opts["scope"], ctx):
            if len(named) < 2 or variants:
                continue
            level = catalog_level(named)
            # one finding per tool, at its closest earlier twin: k copies of a tool make k - 1 findings, not
            # k(k - 1)/2 (a generated catalog's 28 copies of each tool made a million findings at 100,000 tools)
            # per later tool: [tool, its closest earlier twin so far, their similarities, how many twins]; the
            # first of equally close twins is kept (pairs come in a fixed order)
            twins: dict[int, list] = {}
            for a, b, similarity in self.pairs(named, feature_cache, versions):
                twin = twins.get(id(b))
                if twin is None:
                    twins[id(b)] = [b, a, similarity, 1]
                else:
                    twin[3] += 1
                    if sum(similarity) > sum(twin[2]):
                        twin[1], twin[2] = a, similarity
            for b, a, (name_sim, desc_sim, param_sim), count in twins.values():
                also = f" (and {count - 1} other tool{'s' if count > 2 else ''})" if count > 1 else ""
                ctx.report(at(b, field="name"), "near-duplicate",
                           {"name": b.name, "other": a.name, "also": also, "name_similarity": name_sim,
                            "description_similarity": desc_sim, "parameter_similarity": param_sim}, severity=level)
        _release_forms()

    def find_pairs(self, tools, cache: FeatureCache | None = None, versions: dict | None = None) -> list:
        """Near-duplicate pairs (earlier tool, later tool, (name, description, parameter) similarity). `cache`
        keeps each tool's features across calls of one run (the same tools come back in many catalogs), and
        `versions` split_version's answers (version_memo)."""
        return list(self.pairs(tools, cache, versions))

    def pairs(self, tools, cache: FeatureCache | None = None, versions: dict | None = None):
        """find_pairs' pairs one by one: a catalog of 100,000 tools has millions of candidates, never held."""
        name_min = self.opts["name-similarity"]
        desc_min = self.opts["description-similarity"]
        param_min = self.opts["parameter-similarity"]
        if len(tools) <= SMALL_CATALOG and not _may_pair(tools, param_min):
            return
        cache = cache or FeatureCache()
        features = [ToolFeatures(t, cache, versions) for t in tools]
        if len(features) <= SMALL_CATALOG:
            candidates = combinations(range(len(features)), 2)
            frequencies: list = []  # counted when a pair first needs them: most small catalogs have none
        else:
            frequencies = [token_frequencies(features)]
            candidates = candidate_pairs(features, frequencies[0])
        boilerplate_at = max(3, BOILERPLATE_SHARE * len(features))
        # name words most of the catalog shares (`zpa_`, `_for_squake`) are a namespace, not a name
        namespace_at = max(3, 0.5 * len(features))
        split: dict[int, tuple] = {}
        split_descriptions: dict = {}  # description -> its telling and boilerplate words and word pairs

        def parts(index: int) -> tuple:
            """Own name words, and description words and word pairs split into telling and boilerplate."""
            got = split.get(index)
            if got is None:
                if not frequencies:
                    frequencies.append(token_frequencies(features))
                if len(frequencies) == 1:
                    pair_frequency: dict[str, int] = defaultdict(int)
                    if len(features) >= 3:
                        for f in features:
                            for token in f.desc_pairs:
                                pair_frequency[token] += 1
                    frequencies.append(pair_frequency)
                frequency, pair_frequency = frequencies
                f = features[index]
                own = frozenset(t for t in f.name_tokens if frequency["n:" + t] < namespace_at)
                if not own or len(own) == len(f.name_tokens):
                    own = f.name_tokens  # the same words: one set, not a copy per tool
                described = split_descriptions.get(f.desc_key)
                if described is None:
                    boiler_words = frozenset(w for w in f.desc_words if frequency["d:" + w] >= boilerplate_at)
                    boiler_pairs = frozenset(p for p in f.desc_pairs if pair_frequency[p] >= boilerplate_at)
                    described = split_descriptions[f.desc_key] = (
                        f.desc_words - boiler_words, boiler_words, f.desc_pairs - boiler_pairs, boiler_pairs)
                got = split[index] = (own, *described)
            return got

        for i, j in candidates:
            a, b = features[i], features[j]
            if a.name == b.name or not a.desc_words or not b.desc_words or \
                    (a.version_base is not None and a.version_base == b.version_base):
                continue  # same name: a repeat; same name but a version marker: multiple-tool-versions
            param_sim = 1.0 if a.params is b.params else _jaccard(a.params, b.params)  # equal lists share one set
            if param_sim < param_min:
                continue
            pa, pb = parts(i), parts(j)
            name_sim = _jaccard(pa[0], pb[0])
            if name_sim < name_min:
                continue
            desc_sim = 1.0 if a.desc_words is b.desc_words else \
                (_split_jaccard(pa[1], pa[2], pb[1], pb[2]) + _split_jaccard(pa[3], pa[4], pb[3], pb[4])) / 2
            if desc_sim < desc_min or told_apart(a, b) or differ_in_both(a, b):
                continue
            yield a.tool, b.tool, (name_sim, desc_sim, param_sim)
