"""references: what descriptions say about the other tools of their catalog.

A description that sends the model to another tool ("call list_customers first", "the id returned by
get_order") promises that the tool exists and that following it leads somewhere. These rules read those
references: a name the catalog does not define, and prerequisites that loop. A third rule reads the output
side: read-only tools over data that changes whose structured result carries no time it was read.

What counts as one catalog: the tools of one container (one `tools` array, one BFCL line's `function`
list, one MCP `tools/list` result; files of one tool each form one catalog per folder), as
`rules/versioning.py` decides it. Lists of more than `max-catalog-size` tools (1,000: providers accept 128
per request) and lists that repeat names with different definitions (BFCL's unique-function dump) are
datasets or libraries of unrelated tools, not one request: the cross-tool rules stay silent there.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad

from ._strings import Text, param_of
from ._text import lazy_re, name_tokens
from .versioning import SCOPES, named_catalogs

ANTHROPIC_WRITING_TOOLS = (
    "Anthropic Engineering, 'Writing effective tools for AI agents' (anthropic.com/engineering, 2025): tool "
    "descriptions are loaded into the agent's context and steer its behaviour; describe how tools relate and "
    "which to call first, with names that match what the catalog exposes"
)
MCP_TOOLS_LIST = (
    "Model Context Protocol specification 2025-06-18, Tools: clients discover tools with tools/list and call "
    "them by `name`; a call to a name the server does not list fails with JSON-RPC error -32602 (unknown tool)"
)
CORPUS_RENAMES = (
    "schemalint corpus reading (../shared/corpus/mcp): descriptions that still name tools renamed upstream -- "
    "github-mcp-server label_write says \"use the 'update_issue' tool\" (the catalog has update_issue_labels, "
    "issue_write), Keboola says 'available via the component_detail tool' (the catalog has get_component), "
    "Ref's ref_read_url names a ref_search_web tool the server does not list"
)

DEFAULT_MAX_CATALOG = 1000


# ---------------------------------------------------------------- catalogs

def catalogs_of(tools, scope: str = "container", max_size: int = DEFAULT_MAX_CATALOG, ctx=None) -> list[list]:
    """The catalogs a model is shown at once (see the module docstring), named tools only; datasets and
    libraries of unrelated tools, and catalogs of one tool, are left out. With `ctx`, the grouping is shared
    with the other rules of the run that group tools this way."""
    return [named for _, named, variants in named_catalogs(tools, scope, ctx)
            if 2 <= len(named) <= max_size and not variants]


def _scope_options(rule) -> tuple[str, int]:
    scope = rule.opts.get("scope", "container")
    return (scope if scope in SCOPES else "container"), rule.opts.get("max-catalog-size", DEFAULT_MAX_CATALOG)


SCOPE_OPTIONS = {"scope": "container", "max-catalog-size": DEFAULT_MAX_CATALOG}
SCOPE_HELP = {
    "scope": "which tools form one catalog: container (one tools array), file, or all",
    "max-catalog-size": "lists of more tools than this are libraries or datasets of unrelated tools and are not "
                        "checked (tools)",
}


# ---------------------------------------------------------------- references in prose

_NON_ALNUM = lazy_re(r"[^a-z0-9]")


# a name comes back within its catalog (its index, its own references, the references to it): a few thousand
# recent ones are enough, and keep the cache small once the run moves on
@lru_cache(maxsize=1 << 12)
def ref_key(name: str) -> str:
    return _NON_ALNUM.sub("", name.lower())


# a tool-like identifier: snake_case, kebab-case or camelCase with at least two parts, not inside a path,
# an address, a flag or a dotted name
_IDENT = lazy_re(r"(?<![\w./:@#$\\-])([A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)"
                 r"(?![\w@/\\-]|\.[A-Za-z0-9])")
_QUOTE = "[`'\"\u2018\u2019\u201c\u201d]?"
_TOOL_AFTER = lazy_re(_QUOTE + r"(?:\s+(?:tool|function|endpoint)s?\b|\()", re.I)
_NOT_A_TOOL_AFTER = lazy_re(
    _QUOTE + r"\s+(?:method|parameter|param|field|argument|arg|option|value|setting|key|property|attribute|flag|"
    r"mode|type|variable|column|permission|scope|event|recipe|command|operation|action|enum|header|object|"
    r"resource|role|template|format|file|table|query|page|syntax|policy|status|metric|label)s?\b", re.I)
_NOT_A_TOOL_BEFORE = lazy_re(
    r"\b(?:method|operation|action|parameter|param|field|argument|option|type|mode|value|enum|key|property|flag|"
    r"setting|column|event|permission|scope|role|status|recipe|template|command)s?\s*[:=]?\s*" + _QUOTE + r"$", re.I)
_CALL_BEFORE = lazy_re(
    r"\b(?:call|calls|calling|called|invoke|invokes|invoking|invoked|use|uses|using|run|running|via|instead\s+of|"
    r"prefer|rather\s+than|returned\s+(?:by|from)|obtained\s+(?:from|via|with|by)|output\s+of|outputs\s+of|"
    r"results?\s+of|response\s+(?:of|from)|provided\s+by|first)\s+(?:the\s+|a\s+|an\s+)?" + _QUOTE + r"$", re.I)
# instructions about tools outside the catalog that tool-shadowing reports ("never use X", "when calling X")
_SHADOWING_BEFORE = lazy_re(r"(?:\b(?:never|not|don't|don\u2019t|avoid|without)\b(?:[ \t]+\w+){0,2}|\bwhen(?:ever)?\s+"
                            r"(?:calling|using|invoking)(?:\s+the)?)\W*$", re.I)
# a call that must come first: "call X first", "first use X", "the id returned by X"
_PREREQ_BEFORE = lazy_re(
    r"\b(?:first\s+(?:call|use|run|invoke)|requires?\s+(?:calling|running|using|a\s+call\s+to)|"
    r"(?:returned|obtained|retrieved|provided|produced)\s+(?:by|from|via|with)|(?:output|result|results|response)"
    r"\s+(?:of|from)|from\s+(?:a\s+)?(?:previous|prior|earlier)\s+call\s+to)\s+(?:the\s+)?" + _QUOTE + r"$",
    re.I)
_CALL_VERB_BEFORE = lazy_re(r"\b(?:call|use|run|invoke)\s+(?:the\s+)?" + _QUOTE + r"$", re.I)
_PREREQ_AFTER = lazy_re(
    _QUOTE + r"(?:\(\))?(?:\s+(?:tool|function))?\s*(?:,\s*)?(?:first\b|beforehand\b|before\s+(?:this|"
    r"calling|using|running|you)\b)", re.I)
# "use X to find the user ID": where a parameter's value comes from (in a tool description, the same words are
# often the next step of a workflow, and count only with "first" later in the sentence)
_SOURCE_AFTER = lazy_re(_QUOTE + r"(?:\(\))?(?:\s+(?:tool|function))?\s+to\s+(?:get|obtain|find|retrieve|look\s+up|"
                        r"fetch|list|discover|resolve|identify)\b", re.I)
_FIRST_LATER = lazy_re(r"\bfirst\s*(?:[.,;:!)]|$)|\bbeforehand\b|\bbefore\s+(?:calling|using|running)\s+this\b", re.I)
_SENTENCE_END = lazy_re(r"[.!?](?=\s|$)|\n")

# a call-like cue is enough only for names that start with a verb, as tool names do
_VERBS = frozenset((
    "get list search find create update delete remove add set fetch read write run execute query send post put "
    "patch upload download start stop open close check lookup describe show view move copy rename insert edit "
    "generate make analyze analyse resolve submit cancel retrieve load save export import sync merge trigger "
    "invoke call manage modify replace apply build compile deploy install publish schedule subscribe approve "
    "assign fork push pull clone scan summarize translate convert validate verify test preview render browse "
    "navigate click type fill select take capture record").split())


@dataclass(frozen=True)
class Reference:
    tool: object  # the tool whose text names another
    text: object  # the _strings.Text that holds it
    ref: str  # the name as written
    start: int
    end: int
    prerequisite: bool  # the text says the named tool must be called first


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return left, (m.end() if m else len(text))


def quote_sentence(text: str, start: int, end: int) -> str:
    left, right = _sentence(text, start, end)
    snippet = " ".join(text[left:right].split())
    return snippet if len(snippet) <= 160 else snippet[:157] + "..."


def _style(name: str) -> str:
    if "_" in name:
        return "snake"
    if "-" in name:
        return "kebab"
    if re.search(r"[a-z][A-Z]", name):
        return "camel"
    return "word"


class CatalogIndex:
    """What one catalog names: its tools (by normalized key), the naming styles its tool names use, and
    (built on first use) the other identifiers it defines (parameter names at any depth, enum, const and
    default strings) that a description may quote without meaning a tool."""

    def __init__(self, tools):
        self.tools = tools
        self.by_key = {}
        self.styles = set()
        self._other = None
        self._topic_words = None
        for tool in tools:
            self.by_key.setdefault(ref_key(tool.name), tool)
            self.styles.add(_style(tool.name))

    @property
    def topic_words(self) -> set:
        """What the catalog's tools act on (`customers` of search_customers), built on first use."""
        if self._topic_words is None:
            self._topic_words = set()
            for tool in self.tools:
                self._topic_words |= _stems(_topic_words(name_tokens(tool.name)))
        return self._topic_words

    @property
    def other(self) -> set:
        if self._other is None:
            self._other = set()
            for tool in self.tools:
                _collect_identifiers(tool.input_schema, self._other, 0)
                _collect_identifiers(tool.output_schema, self._other, 0)
        return self._other

    def names(self) -> list[str]:
        return [t.name for t in self.tools]


def _collect_identifiers(schema, out: set, depth: int) -> None:
    if depth > 32:
        return
    if isinstance(schema, dict):
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                if isinstance(name, str):
                    out.add(ref_key(name))
                _collect_identifiers(sub, out, depth + 1)
        for key in ("enum", "examples"):
            values = schema.get(key)
            if isinstance(values, list):
                out.update(ref_key(v) for v in values if isinstance(v, str))
        for key in ("const", "default"):
            if isinstance(schema.get(key), str):
                out.add(ref_key(schema[key]))
        for key, sub in schema.items():
            if key not in ("properties", "enum", "examples", "const", "default") and isinstance(sub, (dict, list)):
                _collect_identifiers(sub, out, depth + 1)
    elif isinstance(schema, list):
        for sub in schema:
            _collect_identifiers(sub, out, depth + 1)


_CAMEL_HUMP = lazy_re(r"[a-z][A-Z]")


def _may_name_tool(text: str) -> bool:
    """Cheap gate before the identifier pattern: a separator or a camel hump somewhere in the text."""
    return "_" in text or "-" in text or _CAMEL_HUMP.search(text) is not None


def _descriptions(tool):
    """Texts of the tool's description and of every `description` in its input schema that may name a tool."""
    if isinstance(tool.description, str) and _may_name_tool(tool.description):
        yield Text(tool.description, "tool description", None, "description", None)
    stack = [(tool.input_schema, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > 64:
            continue
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    if _may_name_tool(value):
                        sub = path + (key,)
                        yield Text(value, "description", sub, None, param_of(sub))
                elif isinstance(value, (dict, list)) and key not in ("enum", "examples", "default", "const"):
                    stack.append((value, path + (key,)))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, path + (i,)))


def references_in(tool, index: CatalogIndex, known_anywhere: set) -> tuple[list, list]:
    """(references to tools of the catalog, references to tools nobody defines) in the tool's description
    and its parameters' descriptions."""
    own = ref_key(tool.name)
    known, unknown = [], []
    for text in _descriptions(tool):
        body = text.text
        for m in _IDENT.finditer(body):
            ref = m.group(1)
            key = ref_key(ref)
            if not key or key == own:
                continue
            left, _ = _sentence(body, m.start(), m.end())
            before = body[max(left, m.start() - 80):m.start()]
            after = body[m.end():m.end() + 40]
            target = index.by_key.get(key)
            if target is not None:
                prereq = bool(_PREREQ_BEFORE.search(before))
                if not prereq and _CALL_VERB_BEFORE.search(before):
                    _, right = _sentence(body, m.start(), m.end())
                    prereq = bool(_PREREQ_AFTER.match(after)) or (bool(_SOURCE_AFTER.match(after)) and (
                        text.path is not None or bool(_FIRST_LATER.search(body, m.end(), right))))
                known.append(Reference(tool, text, ref, m.start(), m.end(), prereq))
                continue
            if key in known_anywhere or _style(ref) not in index.styles:
                continue
            named_as_tool = bool(_TOOL_AFTER.match(after))
            called = not named_as_tool and name_tokens(ref)[0] in _VERBS and \
                bool(index.topic_words & _stems(_topic_words(name_tokens(ref)))) and bool(_CALL_BEFORE.search(before))
            if not (named_as_tool or called):
                continue
            if _NOT_A_TOOL_AFTER.match(after) or _NOT_A_TOOL_BEFORE.search(before):
                continue
            if _SHADOWING_BEFORE.search(before):
                continue  # tool-shadowing reports instructions about tools outside the catalog
            if key in index.other:
                continue  # a parameter name or an enum value (a `method`), not a tool
            unknown.append(Reference(tool, text, ref, m.start(), m.end(), False))
    return known, unknown


def _topic_words(words: list) -> set:
    """The words of a name that say what it acts on: all but a leading verb (`get_component` -> component)."""
    topic = set(words[1:]) if len(words) > 1 and words[0] in _VERBS else set(words)
    return topic


def _stems(words) -> set:
    """Words without a plural `s`, so that `list_customers` and `get_customer` act on the same thing."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words}


def nearest_name(ref: str, names: list[str], context: str = "") -> str | None:
    """The catalog's tool name closest to `ref`: half spelling, half the words it acts on (counted half when
    the two start with different verbs); a word the sentence also uses ("set labels ... use update_issue")
    breaks ties. None when nothing is close."""
    low = ref.lower()
    ref_tokens = name_tokens(ref)
    ref_words = set(ref_tokens)
    ref_topic = _topic_words(ref_tokens)
    ref_verb = ref_tokens[0] if len(ref_tokens) > 1 and ref_tokens[0] in _VERBS else None
    context_words = set(re.findall(r"[a-z0-9]+", context.lower()))
    best, best_score = None, 0.0
    for name in names:
        tokens = name_tokens(name)
        topic = _topic_words(tokens)
        words = set(tokens)
        ratio = difflib.SequenceMatcher(None, low, name.lower()).ratio()
        shared = len(ref_topic & topic) / len(ref_topic | topic) if topic else 0.0
        verb = tokens[0] if len(tokens) > 1 and tokens[0] in _VERBS else None
        if ref_verb and verb and verb != ref_verb:
            shared /= 2  # create_issue is not what a renamed update_issue became
        bonus = 0.1 * len({w for w in words - ref_words if w in context_words or w + "s" in context_words})
        score = (ratio + shared) / 2 + bonus
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 0.5 else None


class _CatalogReferences:
    """Every catalog's references, computed once per run for both reference rules."""

    def __init__(self, tools, scope: str, max_size: int, ctx=None):
        known_anywhere = {ref_key(name) for name in {t.name for t in tools if isinstance(t.name, str) and t.name}}
        self.catalogs = []
        for group in catalogs_of(tools, scope, max_size, ctx):
            index = CatalogIndex(group)
            known, unknown = [], []
            for tool in group:
                k, u = references_in(tool, index, known_anywhere)
                known.extend(k)
                unknown.extend(u)
            self.catalogs.append((index, known, unknown))


def catalog_references(tools, ctx, rule) -> _CatalogReferences:
    scope, max_size = _scope_options(rule)
    return ctx.cache(f"references.{scope}.{max_size}", lambda: _CatalogReferences(tools, scope, max_size, ctx))


class UnknownToolReference(Rule):
    """Finds tool and parameter descriptions that tell the model to call a tool the catalog does not define,
    and names the catalog's nearest tool.

    Why: the model follows the description: it calls the named tool (the server answers "unknown tool",
    MCP error -32602), or it looks for it, fails, and gives up on a task the catalog could do. The usual
    cause is a rename upstream that left old names in prose: the corpus has three real MCP servers doing
    it (github-mcp-server's label_write points to 'update_issue', Keboola to 'component_detail', Ref to
    'ref_search_web').

    A name counts as a tool reference when the text calls it a tool ("the component_detail tool",
    "update_issue(...)"), or when the text calls, uses or prefers it, it starts with a verb as tool names
    do, and it acts on something the catalog's tools act on ("call list_customers first" beside
    search_customers; not "load it using read_csv" in a catalog with no csv tool). Silent for names the
    catalog uses otherwise (parameter names, enum values such as a `method`'s values, defaults), for names
    in another style than the catalog's tool names (a camelCase `nextPage` field in a snake_case catalog),
    for tools any linted file defines, for "never use X" and "when calling X" about outside tools
    (`tool-shadowing` reports those), and for catalogs of one tool or datasets (see the module docstring).

    Example:
        tools: search_customers, get_invoice; get_invoice says "Call list_customers first to get the id."

    Use instead:
        "Call search_customers first to get the customer id."
    """

    id = "unknown-tool-reference"
    category = "description"
    severity = "warning"
    summary = "A description tells the model to call a tool the catalog does not have"
    hint = "Name a tool the catalog defines (the nearest is suggested), or remove the instruction."
    sources = (MCP_TOOLS_LIST, ANTHROPIC_WRITING_TOOLS, CORPUS_RENAMES)
    messages = {
        "unknown-near": "{where} names '{ref}' as a tool, but this catalog does not define it; the nearest tool "
                        "is '{nearest}': \"{sentence}\"",
        "unknown": "{where} names '{ref}' as a tool, but this catalog does not define it (no tool has a similar "
                   "name): \"{sentence}\"",
    }
    identity_keys = {"unknown-near": ("ref",), "unknown": ("ref",)}
    options = dict(SCOPE_OPTIONS)
    option_choices = {"scope": SCOPES}
    option_help = dict(SCOPE_HELP)
    node_kinds = frozenset()
    valid = [
        [{"name": "search_customers", "description": "Search customers by name. Returns customer ids.",
          "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
         {"name": "get_invoice", "description": "Get an invoice. Call search_customers first to get the id.",
          "input_schema": {"type": "object", "properties": {"customer_id": {"type": "string"}}}}],
        # `get_review_comments` is a value of another tool's `method`, not a tool
        [{"name": "pull_request_read", "description": "Read a pull request.",
          "input_schema": {"type": "object", "properties": {"method": {"type": "string", "enum": [
              "get", "get_review_comments"]}}}},
         {"name": "pull_request_review_write", "description": "Reply to a review comment, using ids from "
                                                              "pull_request_read with get_review_comments.",
          "input_schema": {"type": "object", "properties": {"body": {"type": "string"}}}}],
    ]
    invalid = [
        bad([{"name": "search_customers", "description": "Search customers by name.",
              "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
             {"name": "get_invoice", "description": "Get an invoice. Call list_customers first to get the id.",
              "input_schema": {"type": "object", "properties": {"customer_id": {"type": "string"}}}}],
            "unknown-near"),
    ]

    def check_catalog(self, tools, ctx):
        for index, _, unknown in catalog_references(tools, ctx, self).catalogs:
            seen = set()
            for reference in unknown:
                key = (id(reference.tool), reference.text.path, reference.text.field, ref_key(reference.ref))
                if key in seen:
                    continue
                seen.add(key)
                body = reference.text.text
                sentence = quote_sentence(body, reference.start, reference.end)
                others = [name for name in index.names() if name != reference.tool.name]
                nearest = nearest_name(reference.ref, others, sentence)
                data = {"where": reference.text.label(reference.tool.name), "ref": reference.ref,
                        "sentence": sentence}
                if nearest:
                    data["nearest"] = nearest
                ctx.report(reference.text.location(reference.tool), "unknown-near" if nearest else "unknown", data)


def _cycles(edges: dict, order: list) -> list[list]:
    """One cycle per strongly connected component of two or more tools (Tarjan), in document order."""
    position = {node: i for i, node in enumerate(order)}
    index_of, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(start):
        work = [(start, iter(sorted(edges.get(start, ()), key=position.get)))]
        index_of[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index_of:
                    index_of[succ] = low[succ] = counter[0]
                    counter[0] += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(edges.get(succ, ()), key=position.get))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index_of[succ])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    components.append(component)

    for node in order:
        if node not in index_of:
            visit(node)
    cycles = []
    for component in components:
        members = set(component)
        first = min(component, key=position.get)
        cycles.append(_path_back(first, edges, members, position))
    cycles.sort(key=lambda c: position[c[0]])
    return cycles


def _path_back(first, edges: dict, members: set, position: dict) -> list:
    """A shortest cycle through `first` inside its component (breadth-first), ending where it starts."""
    parents = {first: None}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for succ in sorted(edges.get(node, ()), key=position.get):
            if succ not in members:
                continue
            if succ == first:
                path = []
                while node is not None:
                    path.append(node)
                    node = parents[node]
                return list(reversed(path)) + [first]
            if succ not in parents:
                parents[succ] = node
                queue.append(succ)
    return [first]


class ToolCallCycle(Rule):
    """Finds prerequisites in descriptions that go round in a loop: A says "call B first", B says "call A
    first" (or a longer ring).

    Why: an agent that follows the descriptions never reaches a first call; it alternates between the tools
    or stops. Prerequisite phrasing is read from the descriptions of the catalog's own tools: "call X
    first", "first use X", "requires calling X", "the id returned by X", "use X to find the id" (in a
    parameter's description, or with "first" later in the sentence). A mention without an order ("use X
    instead", "see X") and a next step ("after adding tasks, use X to get the first one", "after calling X,
    do not call Y") are not prerequisites: a workflow that loops on purpose (get the next task, mark it
    done, get the next) has a start and is not reported.

    One finding per loop, on the first tool of the loop in the file, naming every tool in it. Silent for
    catalogs of one tool and for datasets (see the module docstring).

    Example:
        get_order: "Call get_customer first to get the customer id."
        get_customer: "Call get_order first to get the order's customer."

    Use instead:
        let one of them start from what the user gives (a name, an email): "Call search_customers with the
        customer's name or email first."
    """

    id = "tool-call-cycle"
    category = "description"
    severity = "warning"
    summary = "Descriptions tell the model to call tools first in a loop"
    hint = "Break the loop: let one tool of it start from input the user can give, and say so."
    sources = (ANTHROPIC_WRITING_TOOLS, MCP_TOOLS_LIST)
    messages = {"cycle": "descriptions send the model round in a loop of prerequisites: {cycle}; each says to call "
                         "the next one first (\"{sentence}\")"}
    identity_keys = {"cycle": ("tools",)}
    options = dict(SCOPE_OPTIONS)
    option_choices = {"scope": SCOPES}
    option_help = dict(SCOPE_HELP)
    node_kinds = frozenset()
    valid = [
        [{"name": "get_order", "description": "Get an order. Call get_customer first to get the customer id.",
          "input_schema": {"type": "object", "properties": {"customer_id": {"type": "string"}}}},
         {"name": "get_customer", "description": "Get a customer by email. Use get_order instead for orders.",
          "input_schema": {"type": "object", "properties": {"email": {"type": "string"}}}}],
    ]
    invalid = [
        bad([{"name": "get_order", "description": "Get an order. Call get_customer first to get the customer id.",
              "input_schema": {"type": "object", "properties": {"customer_id": {"type": "string"}}}},
             {"name": "get_customer", "description": "Get a customer. Call get_order first to find the customer.",
              "input_schema": {"type": "object", "properties": {"order_id": {"type": "string"}}}}],
            "cycle"),
    ]

    def check_catalog(self, tools, ctx):
        for index, known, _ in catalog_references(tools, ctx, self).catalogs:
            edges: dict = {}
            first_edge: dict = {}
            for reference in known:
                if not reference.prerequisite:
                    continue
                source = reference.tool
                target = index.by_key[ref_key(reference.ref)]
                if target is source:
                    continue
                edges.setdefault(source, set()).add(target)
                first_edge.setdefault((source, target), reference)
            if not edges:
                continue
            for cycle in _cycles(edges, index.tools):
                if len(cycle) < 3:
                    continue
                start = first_edge[(cycle[0], cycle[1])]
                names = [t.name for t in cycle]
                ctx.report(start.text.location(start.tool), "cycle", {
                    "cycle": " -> ".join(names), "tools": ", ".join(sorted(set(names))),
                    "sentence": quote_sentence(start.text.text, start.start, start.end)})


# ---------------------------------------------------------------- freshness of read results

_READ_VERBS = frozenset("get list fetch read query check lookup look show view describe retrieve watch monitor "
                        "track poll current latest live".split())
_CHANGING_VERBS = frozenset("place buy sell transfer book reserve pay fund withdraw order purchase cancel refund "
                            "enable disable".split())
_VOLATILE = frozenset("price prices pricing quote quotes balance balances inventory stock stocks availability "
                      "status statuses weather forecast ticker tickers position positions traffic occupancy queue "
                      "orderbook ohlcv portfolio".split())
# a rate moves by the minute only in markets (an exchange or interest rate); a crime or mutation rate does not
_MARKET_WORDS = frozenset("exchange currency currencies fx forex interest conversion".split())
_FRESH_WORDS = frozenset("timestamp timestamps time datetime ts date updated fetched retrieved generated observed "
                         "refreshed asof age cached stale expires expiry modified recorded captured last".split())
_OUTPUT_FIELDS = ("outputSchema", "output_schema", "response", "responses")


def _fresh_field(schema, depth: int = 0) -> bool:
    if depth > 4 or not isinstance(schema, dict):
        return False
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            if isinstance(name, str):
                words = name_tokens(name)
                if _FRESH_WORDS.intersection(words) or (("as" in words) and ("of" in words)):
                    return True
            if _fresh_field(sub, depth + 1):
                return True
    for key in ("items", "additionalProperties"):
        if _fresh_field(schema.get(key), depth + 1):
            return True
    for key in ("anyOf", "oneOf", "allOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and any(_fresh_field(b, depth + 1) for b in branches):
            return True
    return False


def _structured(schema, depth: int = 0) -> bool:
    """An output schema with named fields. A wrapper of one field (FastMCP's `result`) counts by what it
    wraps: text or a free-form object names no fields, and a time may be inside; both are left alone."""
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict) or not props:
        return False
    if len(props) == 1 and depth < 3:
        (only,) = props.values()
        return _structured(only, depth + 1)
    return True


def _reads_a_period(tool) -> bool:
    """A read keyed by dates (a price history, OHLCV between two dates) is not a snapshot that goes stale."""
    if "history" in name_tokens(tool.name) or "historical" in name_tokens(tool.name):
        return True
    for name in tool.properties:
        words = set(name_tokens(name)) if isinstance(name, str) else set()
        if words & {"date", "dates", "fromdate", "todate", "since", "until", "period"} or \
                (words & {"from", "to", "start", "end"} and words & {"date", "time", "day", "timestamp"}):
            return True
    return False


def _read_only(tool) -> bool:
    """`readOnlyHint`, else the name: a read verb first (get_price), or no verb at all (stock_quote)."""
    hints = tool.annotations if isinstance(tool.annotations, dict) else {}
    if hints.get("readOnlyHint") is True:
        return True
    if hints.get("readOnlyHint") is False or hints.get("destructiveHint") is True:
        return False
    words = name_tokens(tool.name)
    if not words:
        return False
    return words[0] in _READ_VERBS or not (_VERBS | _CHANGING_VERBS).intersection(words)


class ReadWithoutFreshness(Rule):
    """Finds read-only tools over data that changes (prices, quotes, balances, inventory, status, weather,
    rates, positions) whose output schema has no field that says when the data was read (`as_of`,
    `updated_at`, `fetched_at`, `timestamp`).

    Why: the result stays in the conversation. Several turns later the model quotes the old price or
    status as current, or skips a fresh call, because nothing in the result says how old it is.
    Advisory (info): whether the data moves fast enough to matter depends on the catalog.

    Read-only means `readOnlyHint: true`, or, when the annotations do not say otherwise, a name that starts
    with a read verb (get, list, fetch, check, ...) or has no verb at all (`stock_quote`); the changing data
    is read from the tool's name.
    Silent for tools with no output schema, for an output schema that names no fields (FastMCP's `result`
    wrapper around text or a free-form object: a time may be inside), and for reads of a period (a
    `history` tool, date parameters): those results say when they are from.

    Example:
        get_stock_price -> outputSchema {"symbol": ..., "price": ...}

    Use instead:
        outputSchema {"symbol": ..., "price": ..., "as_of": {"type": "string", "format": "date-time"}}
    """

    id = "read-without-freshness"
    category = "parameters"
    severity = "info"
    summary = "A read of changing data returns no time it was read"
    hint = "Add a field such as `as_of` or `fetched_at` (date-time) to the output schema."
    sources = (
        "Model Context Protocol specification 2025-06-18, Tools > Output schema: `structuredContent` conforms "
        "to the tool's outputSchema, which is what the model is told the result holds",
        ANTHROPIC_WRITING_TOOLS,
    )
    messages = {"no-freshness": "tool '{tool}' reads {what}, which changes, but its output schema has no field "
                                "saying when it was read (as_of, updated_at, fetched_at)"}
    node_kinds = frozenset()
    valid = [
        {"name": "get_stock_price", "description": "Get the latest price of a stock.",
         "inputSchema": {"type": "object", "properties": {"symbol": {"type": "string"}}},
         "outputSchema": {"type": "object", "properties": {"price": {"type": "number"},
                                                          "as_of": {"type": "string", "format": "date-time"}}}},
        {"name": "get_weather", "description": "Get the weather.",
         "inputSchema": {"type": "object", "properties": {"city": {"type": "string"}}},
         "outputSchema": {"type": "object", "properties": {"result": {"type": "string"}}}},
    ]
    invalid = [
        bad({"name": "get_stock_price", "description": "Get the latest price of a stock.",
             "inputSchema": {"type": "object", "properties": {"symbol": {"type": "string"}}},
             "outputSchema": {"type": "object", "properties": {"symbol": {"type": "string"},
                                                              "price": {"type": "number"}}}}, "no-freshness"),
    ]

    def check_tool(self, tool, ctx):
        schema = tool.output_schema
        if not isinstance(schema, dict) or not isinstance(tool.name, str):
            return
        words = name_tokens(tool.name)
        what = [w for w in words if w in _VOLATILE or (w in ("rate", "rates") and _MARKET_WORDS.intersection(words))]
        if not what or not _read_only(tool) or not _structured(schema) or _fresh_field(schema) \
                or _reads_a_period(tool):
            return
        field = next((k for k in _OUTPUT_FIELDS if k in (tool.raw or {})), None)
        ctx.report(at(tool, field=field) if field else tool, "no-freshness",
                   {"tool": tool.name, "what": " ".join(what)})
