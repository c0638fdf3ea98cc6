"""Tool descriptions written for a model, and MCP annotations, from facts in the contract.

A description has up to five parts, each built only from what the contract says:
  1. what the tool does: the operation's description (or summary), with HTML,
     markdown links and HTTP talk removed, cut to its first sentences;
  2. when to use it: the kind of action on its resource, and which sibling tool
     (same resource, in the same output) to use instead for the neighbouring task;
  3. what it needs: the required parameters;
  4. what it returns: the success response's object, list or fields, and how to page;
  5. side effects: from the HTTP method (GET reads only, DELETE deletes, PUT is
     idempotent, POST creates), mirrored in MCP annotations.
"""
from __future__ import annotations

from .build import Draft
from .naming import SUMMARY_VERBS, singular
from .siblings import Siblings, kind_of
from .text import end, lower_first, name_tokens, sentences, shorten, word_count

MAX_WORDS = 110
_CREATE_VERBS = {"create", "add", "make", "insert", "upload", "register", "generate", "post", "submit", "start",
                 "send", "build", "write", "append", "import", "open", "issue", "schedule", "invite", "upsert"}
_READ_VERBS = {"get", "retrieve", "return", "list", "fetch", "read", "find", "search", "lookup", "look", "query",
               "count", "compute", "preview", "validate", "verify", "classify", "check", "calculate", "estimate"}
# verbs a summary starts with, to write "Retrieves a user" as "retrieve a user"
VERBS = SUMMARY_VERBS | {"assign", "revoke", "accept", "return", "mark", "compute", "cancel", "upload", "attach",
                         "modify", "transcribe", "translate", "classify", "compact", "grant", "submit", "perform",
                         "mark", "simulate", "schedule", "invite", "reply", "respond", "remove", "share",
                         "count", "compute", "calculate", "estimate", "check", "classify", "make", "build", "register",
                         "issue", "open", "import", "write"}
LEAD_WORDS = 45
# which sibling kinds a model confuses with a tool of each kind, closest first
# (only kinds whose verbs overlap: reading one and reading many, writing new and writing over; a delete or an
# action has no neighbour a model takes it for)
CONFUSABLE = {
    "get": ("list", "search", "query"),
    "list": ("search", "query", "get"),
    "create": ("update", "replace"),
    "update": ("replace", "create"),
    "replace": ("update", "create"),
    "search": ("query", "list", "get"),
    "query": ("search", "list", "get"),
}
# words that end a response schema's name without saying what it is (CreateChatCompletionResponse)
_NOUN_NOISE_END = {"response", "resource", "object", "result", "body", "dto", "model", "schema", "output"}
_REPLY_WORDS = {"response", "result", "output"}  # kept unless the name is a call's (QueryResponse stays)
_NOUN_NOISE_START = {"create", "update", "get", "list", "retrieve", "delete", "modify"}
# summary verbs that say no more than the kind of action already does
_GENERIC_VERBS = {"get", "retrieve", "list", "create", "update", "delete", "remove", "fetch", "read", "modify",
                  "edit", "change", "add", "set", "replace", "return", "returns", "retrieves", "gets", "lists",
                  "creates", "updates", "deletes"}


def infinitive(phrase: str) -> str:
    """"Retrieves a user" -> "retrieve a user": a summary written in the third person, as an infinitive."""
    first, _, rest = phrase.partition(" ")
    low = first.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
        base = singular(low)
        if base in VERBS or (low.endswith("es") and low[:-1] in VERBS):
            base = base if base in VERBS else low[:-1]
            return f"{base} {rest}".strip()
    return lower_first(phrase)


def usage_phrase(draft: Draft) -> str:
    """What a tool is for, as an infinitive phrase ("list customers")."""
    if draft.summary and word_count(draft.summary) <= 8:
        return infinitive(draft.summary.rstrip("."))
    route = draft.route
    noun, plural = route.noun, route.plural_noun
    kind = kind_of(draft)
    if kind == "list":
        return f"list {plural}"
    if kind == "get":
        return f"fetch one {noun} by id" if route.item else f"read the {noun}"
    if kind in ("search", "query"):
        return f"{kind} {plural if not route.item else article(noun) + ' ' + noun}" if route.resources else kind
    if kind == "create":
        return f"create {article(noun)} {noun}"
    if kind in ("update", "replace"):
        return f"{'change' if kind == 'update' else 'replace'} {article(noun) if route.item else 'the'} {noun}"
    if kind == "delete":
        return f"delete {article(noun) if route.item else 'the'} {noun}"
    if kind == "action":
        words = name_tokens(route.action)
        target = f"{article(noun)} {noun}" if route.item else plural if route.resources else ""
        if len(words) > 1 and target:
            target = f"on {target}"  # verify microdeposits on a payment intent
        return f"{' '.join(words)} {target}".strip()
    return " ".join(name_tokens(draft.name))


def _when(draft: Draft) -> str:
    route = draft.route
    kind = kind_of(draft)
    noun = route.noun
    summary_words = name_tokens(draft.summary)
    specific = bool(summary_words) and summary_words[0] not in _GENERIC_VERBS and word_count(draft.summary) <= 8
    if kind == "get":
        return f"Use it when you know which {noun} you need" if route.item else f"Use it when you need the {noun}"
    if kind == "list":
        return f"Use it to browse {route.plural_noun}"
    if kind in ("search", "query"):
        if route.resources and route.item:
            return f"Use it to {kind} one {noun} with conditions"
        if route.resources:
            return f"Use it to find {route.plural_noun} that match conditions"
        # a one-word summary ("Query") says nothing the kind does not
        return f"Use it to {infinitive(draft.summary.rstrip('.'))}" if word_count(draft.summary) > 1 else ""
    if specific:
        return f"Use it to {infinitive(draft.summary.rstrip('.'))}"
    if kind == "create" and not creates(draft):
        summary = draft.summary.rstrip(".")
        return f"Use it to {infinitive(summary)}" if summary and word_count(summary) <= 8 else ""
    if kind == "create":
        return "" if lead_verb(draft) in _CREATE_VERBS else f"Use it to add a new {noun}"  # "Create a page." says it
    if kind in ("update", "replace"):
        return f"Use it to change an existing {noun}"
    if kind == "delete":
        return f"Use it to remove {article(noun) if route.item else 'the'} {noun}"
    return f"Use it to {usage_phrase(draft)}"


def siblings(draft: Draft, drafts: list[Draft] | Siblings, limit: int = 2) -> list[Draft]:
    """Tools of the same output acting on the same resource, the most confusable first (see siblings.py).

    Pass a `Siblings` index when describing many drafts of one output: a plain list is indexed on every call.
    """
    index = drafts if isinstance(drafts, Siblings) else Siblings(drafts)
    return index.of(draft, CONFUSABLE, limit)


def lead(draft: Draft) -> list[str]:
    """What it does: the description's first sentences, else the summary, else the route."""
    text = shorten(draft.about, max_sentences=1 if draft.compact else 2,
                   max_words=25 if draft.compact else LEAD_WORDS) if draft.about else ""
    if not text or word_count(text) < 3:
        # the summary gets the same rewriting (a summary can say "this endpoint" too), else it is kept as written
        text = (shorten(draft.summary, max_sentences=2, max_words=LEAD_WORDS) or end(draft.summary)) \
            if draft.summary else ""
    if not text:
        phrase = usage_phrase(draft)
        text = end(phrase[:1].upper() + phrase[1:])
    return sentences(text)


def requires(draft: Draft) -> str:
    names = [p.name for p in draft.kept() if p.required and p.location not in ("header", "cookie")]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Requires {listed}."


def returns(draft: Draft) -> str:
    response = draft.response
    if response.kind == "nothing":
        return "Returns nothing on success."
    if response.kind == "list":
        noun = plain_noun(response.noun)
        what = f"{noun} objects" if noun else "items"
        sentence = f"Returns a list of {what}"
        if response.fields:
            sentence += f" in `{response.fields[0]}`"
        cursor = _cursor_param(draft)
        if response.paging and cursor:
            sentence += f"; when {response.paging[0]} says more exist, pass the last id or cursor as {cursor}"
        elif response.paging:
            sentence += f", with {_join(response.paging)} for paging"
        return sentence + "."
    if response.kind == "object":
        noun = plain_noun(response.noun)
        if noun.endswith(" deleted"):
            return f"Returns a confirmation that the {noun[:-len(' deleted')]} was deleted."
        if noun:
            return f"Returns the {noun} object."
        if response.fields:
            shown = response.fields[:6]
            more = " and more" if len(response.fields) > 6 else ""
            return f"Returns an object with {_join([f'`{f}`' for f in shown])}{more}."
    if response.kind == "value" and response.noun in ("string", "integer", "number", "boolean"):
        return f"Returns {article(response.noun)} {response.noun}."
    return ""


def plain_noun(noun: str) -> str:
    """A response schema's name as the thing it is: `create chat completion response` -> `chat completion`."""
    words = noun.split()
    verb = any(w in _NOUN_NOISE_START for w in words)  # CreateChatCompletionResponse: the reply to a call
    while len(words) > 1 and words[-1] in _NOUN_NOISE_END and (verb or words[-1] not in _REPLY_WORDS):
        words.pop()
    while len(words) > 1 and (words[0] in _NOUN_NOISE_START or words[-1] in _NOUN_NOISE_START):
        words.pop(0 if words[0] in _NOUN_NOISE_START else -1)
    if len(words) == 1 and words[0] in _NOUN_NOISE_END | _NOUN_NOISE_START:
        return ""
    return " ".join(words)


def _cursor_param(draft: Draft) -> str:
    for p in draft.kept():
        if p.name in ("start_cursor", "starting_after", "cursor", "page_token", "next_token"):
            return p.name
    return ""


def side_effects(draft: Draft) -> str:
    method = draft.op.method
    noun = draft.route.noun
    if method in ("get", "head"):
        return "Read-only: it changes nothing."
    if method == "delete":
        return f"Destructive: it deletes the {noun}."
    if method == "put":
        return "Idempotent: repeating the same call has no further effect."
    if kind_of(draft) == "create" and creates(draft):
        return f"Not idempotent: each call makes another {noun}."
    if kind_of(draft) == "create" and lead_verb(draft) in _READ_VERBS:
        return ""  # a POST that counts or computes: the contract does not say whether it stores anything
    if kind_of(draft) in ("search", "query"):
        return "Read-only: it changes nothing." if annotations(draft).get("readOnlyHint") else ""
    return "It changes stored data."


def lead_verb(draft: Draft) -> str:
    """The verb the summary (else the description) starts with, as an infinitive; "" when it starts otherwise."""
    text = draft.summary or draft.about
    first = infinitive(text.split(" ", 1)[0]).lower().strip(".:,") if text else ""
    return first if first in VERBS else ""


def creates(draft: Draft) -> bool:
    """Whether a POST on a collection creates something: what REST says, unless the contract's own words start
    with another verb ("Updates organization data retention", "Returns input token counts")."""
    verb = lead_verb(draft)
    return not verb or verb in _CREATE_VERBS


def annotations(draft: Draft) -> dict:
    method = draft.op.method
    out: dict = {}
    title = draft.summary or " ".join(name_tokens(draft.name)).capitalize()
    out["title"] = title.rstrip(".")
    if method in ("get", "head"):
        out["readOnlyHint"] = True
        return out
    kind = kind_of(draft)
    if kind in ("search", "query") and method == "post":
        out["readOnlyHint"] = True
        return out
    out["readOnlyHint"] = False
    out["destructiveHint"] = method in ("delete", "put") or kind in ("update", "replace", "action")
    out["idempotentHint"] = method in ("put", "delete")
    return out


def write_description(draft: Draft, drafts: list[Draft] | Siblings) -> str:
    parts = lead(draft)
    when = _when(draft)
    if when and _says_again(when, parts):
        when = ""  # "Revokes a group's access. Use it to revoke a group's access." says it twice
    others = siblings(draft, drafts)
    if others:
        alternatives = "; ".join(f"to {usage_phrase(o)}, use {o.name} instead" for o in others)
        when = f"{when}; {alternatives}" if when else alternatives[:1].upper() + alternatives[1:]
    if when:
        parts.append(end(when))
    for extra in (requires(draft), "" if draft.compact else returns(draft), side_effects(draft)):
        if extra:
            parts.append(extra)
    text = " ".join(parts)
    while word_count(text) > MAX_WORDS and len(parts) > 3:
        parts.pop(1)  # the lead's second sentence goes first: the structure is worth more
        text = " ".join(parts)
    return text


def _says_again(when: str, lead_sentences: list[str]) -> bool:
    """Whether the "Use it to ..." sentence only repeats the lead: its words (stemmed) are all there."""
    said = {_stem(w) for sentence in lead_sentences for w in name_tokens(sentence)}
    tokens = name_tokens(when)
    if tokens[:3] != ["use", "it", "to"]:
        return False  # "Use it when you know which block you need" adds when to call it
    # the verb aside ("Delete a block. Use it to remove a block."): what it acts on is all the lead said already
    words = [_stem(w) for w in tokens[4:] if w not in ("a", "an", "the", "one", "new", "existing")]
    return bool(words) and all(w in said for w in words)


def _stem(word: str) -> str:
    """updates, update -> updat; controls -> control: enough to see one sentence repeat another."""
    stem = singular(word)
    return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem


def article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def add_id_sources(drafts: list[Draft]) -> None:
    """Say where a required id comes from: the `id` field of a sibling tool that lists or creates that thing.

    Only when the sibling's response schema shows an `id` on what it returns.
    """
    providers: dict[str, list] = {}
    for d in drafts:
        kind = kind_of(d)
        if not d.route.resources or kind not in ("list", "search", "create"):
            continue
        fields = d.response.item_fields if kind in ("list", "search") else d.response.fields
        if d.response.kind not in ("list", "object") or "id" not in fields:
            continue
        noun = " ".join(name_tokens(singular(d.route.resources[-1])))
        providers.setdefault(noun, []).append(d)
    rank = {"list": 0, "search": 1, "create": 2}
    for found in providers.values():
        found.sort(key=lambda o: rank[kind_of(o)])  # stable: the contract's order within a kind
    for d in drafts:
        for p in d.params:
            if not p.required or p.location in ("header", "cookie") or not isinstance(p.schema, dict):
                continue
            words = name_tokens(p.name)
            if p.location == "path" and p.name in d.route.param_nouns:
                words = d.route.param_nouns[p.name].split()
            elif words and words[-1] == "id":
                words = words[:-1]
            elif p.location != "path":
                continue
            noun = " ".join(words) if words else " ".join(name_tokens(singular(d.route.resources[-1]))) \
                if d.route.resources else ""
            source = next((o for o in providers.get(noun, ()) if o is not d), None)
            text = p.schema.get("description") or ""
            if source is not None and source.name not in text:
                where = "results" if kind_of(source) != "create" else "result"
                p.schema["description"] = f"{text} From the `id` field of {source.name} {where}.".strip()


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["Siblings", "add_id_sources", "annotations", "write_description"]
