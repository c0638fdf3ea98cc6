"""Tool names from operations: what the operation does to which resource, valid for every provider.

A written operationId (`get-user`, `retrieveAComment`) becomes snake_case with a
leading HTTP verb translated (`patch-page` -> `update_page`). An operationId that
only spells the method and path (`GetAccountsAccountBankAccountsId`) and an
operation without one are named from the route instead: the kind of action
(list, get, create, update, delete, or the action segment such as `capture`)
and the resource chain (`get_account_bank_account`). Names are unique, match
`^[a-zA-Z][a-zA-Z0-9_-]{0,63}$` (OpenAI, Anthropic, Gemini and MCP all accept
it), and carry no version marker, since only the newest version is generated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..contract.mapping import normalize, route_name
from .text import name_tokens

MAX_LENGTH = 64
_VERSION_SEGMENT = re.compile(r"^v\d+(?:(?:alpha|beta)\d*)?$", re.I)
_VERSION_TOKEN = re.compile(r"^v\d+$")
_PARAM = re.compile(r"^\{.*\}$")
_ARTICLES = {"a", "an", "the"}
# a last path segment that names an action on the resource before it, not a sub-collection
ACTION_WORDS = frozenset(
    "accept activate apply approve archive attach authorize cancel capture claim close complete confirm copy "
    "deactivate decline detach disable dismiss duplicate enable expire export finalize fund import increment "
    "invalidate mark move pause pay preview publish query reactivate redact refresh refund reject release reopen "
    "reorder report reset resolve restore resume retry reverse revoke run search send submit suspend "
    "transition unarchive undo unpublish upload validate verify void".split())
SUMMARY_VERBS = ACTION_WORDS | frozenset(
    "get retrieve list create update delete remove add append fetch find read write set replace download "
    "insert edit modify change list lookup look upsert generate start stop".split())
_HTTP_VERBS = {"get": "get", "post": "create", "put": "replace", "patch": "update", "delete": "delete"}


@dataclass
class Route:
    """What the method and path say: the kind of action and the resources it acts on."""

    kind: str  # list | get | create | update | replace | delete | action
    action: str | None  # the action segment (`capture`) when kind is action
    resources: list  # static segments, outermost first, without the version
    item: bool  # the path ends in a parameter, or an action follows one: it addresses one item

    owner: str = ""  # the item the resource belongs to: `block` in /blocks/{id}/children
    param_nouns: dict = field(default_factory=dict)  # path parameter -> what it identifies: intent -> payment intent

    @property
    def noun(self) -> str:
        """The resource acted on, in words: `bank account`, `block children`, `current user`."""
        if not self.resources:
            return "item"
        last = self.resources[-1]
        if last.lower() in _SELF_WORDS and len(self.resources) > 1:
            return "current " + " ".join(name_tokens(singular(self.resources[-2])))
        words = " ".join(name_tokens(singular(last) if self.item or self.kind == "create" else last))
        return self._owned(words)

    @property
    def plural_noun(self) -> str:
        if not self.resources:
            return "items"
        return self._owned(" ".join(name_tokens(self.resources[-1])))

    def _owned(self, words: str) -> str:
        if not self.owner or set(self.owner.split()) & set(words.split()):
            return words
        return f"{self.owner} {words}"


_SELF_WORDS = {"me", "self", "current"}


def singular(word: str, irregular: bool = True) -> str:
    """The singular of a resource word; `irregular=False` keeps people and children as they are (tool names: Stripe
    has both /people/{person} and /persons/{person}, whose names must stay apart)."""
    low = word.lower()
    if irregular and low in _IRREGULAR_SINGULAR:
        return word[0] + _IRREGULAR_SINGULAR[low][1:]
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if low.endswith("us") and not low.endswith(_SINGULAR_US) and len(low) > 3:
        return word[:-1]  # skus, menus
    if low.endswith(("ss", "us", "is")) or not low.endswith("s") or len(low) < 4:
        return word
    return word[:-1]


_IRREGULAR_SINGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}
# words in -us that are singular (a plural in -us, such as skus or menus, loses its s)
_SINGULAR_US = tuple("status bus campus virus census bonus corpus focus radius prospectus consensus apparatus nexus "
                     "surplus plus minus stimulus syllabus cactus genus onus octopus opus thesaurus exodus chorus "
                     "circus alumnus fungus nucleus".split())


def route_of(method: str, path: str) -> Route:
    segments = [part for s in path.split("?", 1)[0].split("/") if s and not _VERSION_SEGMENT.match(s)
                for part in _method_parts(s)]
    item = bool(segments) and bool(_PARAM.match(segments[-1]))
    static = [s for s in segments if not _PARAM.match(s)]
    method = method.lower()
    action = None
    dotted = _method_verb(path)
    if dotted:
        static.pop()  # /conversations.list: the verb of an RPC-style method name, not a resource
        segments = segments[:-1]
        method = dotted
        item = dotted not in ("get_list", "post")  # users.info, chat.update: one item, named in the arguments
    if segments and not item and not dotted and _is_action(segments):
        action = static.pop().replace("-", "_")
        item = len(segments) > 1 and bool(_PARAM.match(segments[-2]))
    if action:
        kind = "action"
    elif method == "get_list":
        kind = "list"
    elif method == "get":
        kind = "get" if item or dotted or (static and _is_singleton(static[-1])) else "list"
    elif method == "delete":
        kind = "delete"
    elif method in ("put", "patch"):
        kind = "replace" if method == "put" and not item else "update"
    elif method == "post":
        kind = "update" if item else "create"
    else:
        kind = method
    owner = ""
    rest = segments[:-1] if _PARAM.match(segments[-1] if segments else "") else segments
    if action:
        rest = rest[:-1]
    # a sub-resource of one item: /blocks/{block_id}/children, /pages/{page_id}/markdown
    if len(rest) >= 3 and _PARAM.match(rest[-2]) and not _PARAM.match(rest[-3]):
        owner = " ".join(name_tokens(singular(rest[-3])))
    nouns = {}
    for before, segment in zip(segments, segments[1:]):
        if _PARAM.match(segment) and not _PARAM.match(before):
            nouns[segment[1:-1]] = " ".join(name_tokens(singular(before)))
    return Route(kind, action, static, item, owner, nouns)


_FILE_EXTENSIONS = {"json", "xml", "csv", "yaml", "yml", "txt", "html", "htm", "pdf", "png", "jpg", "jpeg", "zip",
                    "md", "js", "php", "aspx"}
_DOTTED = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$")
# the last word of an RPC-style method name (Slack's `conversations.list`) as the HTTP method it means
_METHOD_VERBS = {"list": "get_list", "info": "get", "get": "get", "read": "get", "create": "post", "add": "post",
                 "update": "patch", "edit": "patch", "set": "patch", "delete": "delete", "remove": "delete"}


def _method_parts(segment: str) -> list[str]:
    """`admin.apps.approve` -> its three words; `openapi.json` stays one segment."""
    if _DOTTED.match(segment) and segment.rsplit(".", 1)[1].lower() not in _FILE_EXTENSIONS:
        return segment.split(".")
    return [segment]


def _method_verb(path: str) -> str | None:
    last = [s for s in path.split("?", 1)[0].split("/") if s]
    last = last[-1] if last else ""
    parts = _method_parts(last)
    return _METHOD_VERBS.get(parts[-1].lower()) if len(parts) > 1 else None


def _is_action(segments: list[str]) -> bool:
    """`/search`, `/payment_intents/{intent}/capture`, `/invoices/{invoice}/mark_uncollectible`."""
    tokens = name_tokens(segments[-1])
    if not tokens or tokens[0] not in ACTION_WORDS:
        return False
    return len(tokens) == 1 or (len(segments) > 1 and bool(_PARAM.match(segments[-2])))


def _is_singleton(segment: str) -> bool:
    """`/account`, `/balance`, `/users/me`: one thing, not a collection."""
    low = segment.lower()
    if low in _IRREGULAR_PLURALS:
        return False
    return low in _SELF_WORDS or low in ("status", "health", "info", "config", "settings") or not low.endswith("s")


_IRREGULAR_PLURALS = {"children", "people", "data", "media", "criteria", "men", "women", "feedback", "history"}


def route_derived(operation_id: str | None, method: str, path: str) -> bool:
    """The operationId only spells the method and path (`GetAccountsAccountBankAccountsId`)."""
    if not operation_id:
        return True
    wanted = normalize(operation_id)
    stripped = "/".join(s for s in path.split("/") if not _VERSION_SEGMENT.match(s))
    return wanted in (route_name(method, path), route_name(method, stripped))


def name_from_route(route: Route, depth: int = 2) -> str:
    """`get_account_bank_account` from GET /v1/accounts/{account}/bank_accounts/{id}."""
    resources = route.resources[-depth:]
    words: list[str] = []
    for i, segment in enumerate(resources):
        last = i == len(resources) - 1
        if not last:
            words.extend(name_tokens(singular(segment, irregular=False)))
        elif route.kind in ("list", "action") and not route.item:
            words.extend(name_tokens(segment))
        else:
            words.extend(name_tokens(singular(segment, irregular=False)))
    verb = route.action if route.kind == "action" else route.kind
    return "_".join([*name_tokens(verb), *_dedupe(words)])


def _dedupe(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if not out or out[-1] != w:
            out.append(w)
    return out


def name_from_operation_id(operation_id: str, route: Route) -> str:
    tokens = [t for t in name_tokens(operation_id) if t not in _ARTICLES and not _VERSION_TOKEN.match(t)]
    if not tokens:
        return ""
    if tokens[0] in _HTTP_VERBS:
        rest = tokens[1:]
        if tokens[0] == "post" and rest and rest[0] in ACTION_WORDS:
            tokens = rest  # post-search -> search
        elif tokens[0] == "get" and route.kind == "list" and rest and rest[0] not in ("all", "list"):
            tokens = ["list", *rest]
        elif tokens[0] == "post" and route.kind != "create":
            tokens = [route.action or route.kind, *rest] if rest else tokens
        else:
            tokens = [_HTTP_VERBS[tokens[0]], *rest]
    return "_".join(tokens)


def sanitize(name: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_-")
    name = re.sub(r"_{2,}", "_", name)
    if not name or not name[0].isalpha():
        name = "call_" + name if name else "call"
    return name[:MAX_LENGTH].rstrip("_-")


def name_from_summary(summary: str) -> str:
    """`Append block children` -> append_block_children: a short imperative summary names the tool best."""
    tokens = [t for t in name_tokens(summary) if t not in _ARTICLES]
    if not tokens or len(tokens) > 4 or tokens[0] not in SUMMARY_VERBS:
        return ""
    if "'" in summary or "(" in summary:
        return ""
    return "_".join(tokens)


def assign_names(drafts: list) -> dict:
    """id(draft) -> a unique tool name."""
    operations = [d.op for d in drafts]
    routes = {id(d.op): d.route for d in drafts}
    summaries = {id(d.op): d.summary for d in drafts}
    first: dict[int, str] = {}
    for op in operations:
        route = routes[id(op)]
        name = name_from_summary(summaries[id(op)])
        if not name and op.operation_id and not route_derived(op.operation_id, op.method, op.path):
            name = name_from_operation_id(op.operation_id, route)
        first[id(op)] = sanitize(name or name_from_route(route))
    names: dict[int, str] = {}
    taken: dict[str, int] = {}
    for name in first.values():
        taken[name] = taken.get(name, 0) + 1
    first_names = set(first.values())
    used: set = set()
    next_suffix: dict[str, int] = {}  # base -> the first number not yet tried: numbering stays linear
    for op in operations:
        name = first[id(op)]
        if taken[name] > 1:
            # a clash: say more of the route, then fall back to the operationId, then number it
            route = routes[id(op)]
            longer = sanitize(name_from_route(route, depth=len(route.resources) or 1))
            candidates = [longer]
            if op.operation_id:
                candidates.append(sanitize("_".join(name_tokens(op.operation_id))))
            candidates.append(sanitize(f"{op.method}_{'_'.join(name_tokens(op.path))}"))
            name = next((c for c in candidates if c not in used and taken.get(c, 0) <= 1 and
                         c not in first_names), candidates[-1])
        base, n = name, next_suffix.get(name, 2)
        while name in used:
            suffix = f"_{n}"
            name = base[: MAX_LENGTH - len(suffix)] + suffix
            n += 1
        next_suffix[base] = n
        used.add(name)
        names[id(op)] = name
    return {id(d): names[id(d.op)] for d in drafts}
