"""description: tool and parameter descriptions read as a prompt.

The model sees a tool's name, description and parameter descriptions on every
call and chooses the tool and fills its arguments from them alone. These rules
find descriptions that are missing, vague, restate the name, carry API-spec
jargon, state limits only in prose, or contradict the schema beside them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from schemalint.engine.location import at
from schemalint.engine.walk import walk_schema
from schemalint.engine.rule import Rule, bad
from schemalint.model import SEVERITIES, Edit, Fix
from schemalint.tokens import model_view
from schemalint.vocabulary import UNIONS

from ._describe import ConfusableSiblings, _stem, name_stems
from ._examples import integer, params, string, tool
from ._prose import _KEYS as _prose_keys
from ._prose import bare_string_default, extra_prose_enum, prose_number_list
from ._schema import declared_types
from ._text import name_tokens as _name_tokens
from ._text import finditer_at, lazy_re, may_contain, word_count, words
from ._textfacts import text_facts

name_tokens = lru_cache(maxsize=4096)(_name_tokens)

ANTHROPIC_DEFINE_TOOLS = (
    "Anthropic, 'Define tools' (docs.claude.com, Build with Claude > Tool use > Define tools, best practices for "
    "tool definitions): provide extremely detailed descriptions, the most important factor in tool performance: "
    "what the tool does, when it should be used (and when not), what each parameter means; aim for at least "
    "3-4 sentences per tool description, more if the tool is complex"
)
ANTHROPIC_WRITING_TOOLS = (
    "Anthropic Engineering, 'Writing effective tools for AI agents' (anthropic.com/engineering, 2025): "
    "describe tools as to a new hire, make implicit context explicit, use unambiguous parameter names "
    "(user_id, not user)"
)
OPENAI_FUNCTION_CALLING = (
    "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling), best practices for "
    "defining functions: write clear and detailed function names, parameter descriptions and instructions; "
    "explicitly describe the purpose of the function and each parameter (and its format); use enums and "
    "object structure to make invalid states unrepresentable; pass the intern test"
)
JSON_SCHEMA_VALIDATION = (
    "JSON Schema Validation, draft 2020-12, sections 6.2-6.4 (minimum/maximum, maxLength/minLength, "
    "maxItems/minItems), 6.1.2 (enum) and 9.2 (default): constraints a validator and constrained decoding "
    "can enforce, which prose cannot"
)

_STOP = frozenset(
    "a an the this that these those to of for in on at by with from and or is are be it its as via using use "
    "used tool function api method call calls endpoint given specified provided specific particular based "
    "all any some one new".split()
)

# phrases that tell the model when (or when not) to pick a tool, or what to use instead
_USAGE_CUE = lazy_re(
    r"\buse (?:this|it|when|for|to|only|instead|if|after|before|with)\b|\bused (?:when|for|to|if|after|before)\b|"
    r"\buseful (?:when|for|if|to)\b|\bhelpful (?:when|for|if)\b|\bwhen (?:the|a|an|you|user|users|it|there|"
    r"asked|needed|needing|looking|searching|trying|working|dealing|handling)\b|\bif (?:the|you|a|an|user|users)\b|"
    r"\binstead\b|\brather than\b|\bdo not (?:use|call)\b|\bdon'?t (?:use|call)\b|\bonly (?:use|call|when|for|if)\b|"
    r"\bbefore (?:calling|using|you)\b|\bafter (?:calling|using)\b|\bcall this\b|\bprefer\b|\bshould be (?:used|called)\b|"
    r"\bwhenever\b|\bideal (?:for|when)\b|\bsuitable for\b|\bbest for\b|\bdesigned (?:for|to)\b|\bintended (?:for|to)\b|"
    r"\bappropriate (?:for|when)\b|\bin case\b|\bneeds? to\b|\bwants? to\b|\bin order to\b|\bfirst\b|\bthen\b",
    re.I,
)
# every match of _USAGE_CUE contains one of these (lower case)
_USAGE_KEYS = ("use", "helpful", "when", "if ", "instead", "rather than", "do not", "don", "only ", "before ",
               "after ", "call this", "prefer", "should be", "ideal", "suitable for", "best for", "designed",
               "intended", "appropriate", "in case", "need", "want", "in order to", "first", "then")


def _has_usage_cue(text: str) -> bool:
    return may_contain(text, _USAGE_KEYS) and _USAGE_CUE.search(text) is not None


def _tool_label(tool) -> str:
    return f"'{tool.name}'" if isinstance(tool.name, str) and tool.name else "(unnamed)"


def _desc_field(tool) -> str:
    return "api_description" if tool.format == "seal-tools" else "description"


def _prop_node_desc(schema) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return schema["description"]
    return ""


# ------------------------------------------------------------------------------------------------
# tool descriptions


class ToolDescriptionMissing(Rule):
    """Finds tools with no description, or an empty one.

    Why: the description is the model's only statement of what a tool does and
    when to pick it. Without one the model guesses from the name, picks the tool
    for requests it cannot serve, or skips it when it is the right one.

    Example: {"name": "sync", "inputSchema": {...}}

    Use instead: {"name": "sync_calendar", "description": "Sync the user's Google
    Calendar into the local cache. Use this before answering questions about
    upcoming meetings when the cache is older than 10 minutes."}
    """

    id = "tool-description-missing"
    category = "description"
    severity = "warning"
    summary = "The tool has no description, or an empty one"
    hint = "Write what the tool does, when to use it (and when not), and what it returns."
    sources = (ANTHROPIC_DEFINE_TOOLS, OPENAI_FUNCTION_CALLING)
    messages = {
        "no-description": "tool {tool} has no description",
        "empty-description": "tool {tool} has an empty description",
    }
    valid = [tool("get_weather", "Get the current weather for a city. Use it when the user asks about present "
                                 "conditions, not forecasts.")]
    invalid = [bad({"name": "get_weather", "input_schema": {"type": "object", "properties": {}}}, "no-description"),
               bad(tool("get_weather", "  "), "empty-description")]

    def check_tool(self, tool, ctx):
        desc = tool.description
        if desc is None:
            ctx.report(tool, "no-description", {"tool": _tool_label(tool)})
        elif not desc.strip():
            ctx.report(at(tool, field=_desc_field(tool)), "empty-description", {"tool": _tool_label(tool)})


_UNICODE_WORDS = re.compile(r"\w+")


def _restates_name(tool, max_words: int = 8) -> bool:
    return restates_name(tool.description, tool.name, max_words)


def restates_name(desc, name, max_words: int = 8) -> bool:
    """`desc` says nothing but the words of `name` ("Gets a user." for get_user, "Bucket name." for bucket)."""
    if not isinstance(desc, str) or not isinstance(name, str):
        return False
    # words of any script: a Chinese sentence is not the ASCII letters ("ID") left inside it
    if desc.isascii():
        facts = text_facts(desc)
        if _more_words(max_words).match(facts.lower):
            return False  # most descriptions: too long to be only the name, told without listing their words
        desc_words = facts.words
    else:
        desc_words = [w.lower() for w in _UNICODE_WORDS.findall(desc)]
    return words_restate_name(desc_words, name, max_words)


@lru_cache(maxsize=16)
def _more_words(count: int):
    """Matches a lower-cased ASCII text of more than `count` words ([a-z0-9]+, as `_text.words` reads them); the
    possessive quantifiers never backtrack."""
    return re.compile(r"(?:[^a-z0-9]*+[a-z0-9]++){%d}" % (count + 1))


def words_restate_name(desc_words, name: str, max_words: int = 8) -> bool:
    """The lower-case words `desc_words` are, stop words aside, the words of `name` (at least one of them)."""
    if not desc_words or len(desc_words) > max_words:
        return False
    name_set = name_stems(name)
    content = False
    for word in desc_words:
        if word in _STOP:
            continue
        if _stem(word) not in name_set:
            return False  # most descriptions end here, at their first word
        content = True
    return content


def _undocumented_params(tool) -> list:
    """Names of the tool's top-level parameters that carry no description (nor one in a $ref target)."""
    out = []
    for name, schema in tool.properties.items():
        if isinstance(schema, dict) and (_prop_node_desc(schema).strip() or any(
                _prop_node_desc(b).strip() for _, _, b in _branches(schema))
                or _ref_description(schema, tool.input_schema).strip()):
            continue
        out.append(name)
    return out


class DescriptionRestatesName(Rule):
    """Finds tool descriptions that only repeat the tool's name, where that leaves the model guessing.

    Why: `get_user: "Gets a user."` tells the model nothing the name did not.
    That costs nothing when the tool is plain and its parameters are described
    (`send_email` with described to/subject/body); it matters when a similar
    tool is offered beside it (the model cannot tell `get_user` from
    `get_user_details` by two restated names), when none of its parameters
    is described either, or when it takes none (then the name is all the
    model has). Reported only in those cases, as info: it is a style call,
    worth a look. Silent where the source records no schema at all (a Docker
    name-and-description summary): its parameters are unknown.

    Example: name `create_invoice`, description "Creates an invoice.", no
    parameter described.

    Use instead: "Create a draft invoice for a customer from line items. The
    invoice is not sent; call send_invoice to email it."
    """

    id = "description-restates-name"
    category = "description"
    severity = "info"
    summary = "The tool description only restates the tool name, beside a similar tool or undescribed parameters"
    hint = "Say what the tool does beyond its name: inputs, effect, result, and when to use it."
    sources = (ANTHROPIC_DEFINE_TOOLS, OPENAI_FUNCTION_CALLING)
    options = {"max-words": 8}
    option_help = {"max-words": "descriptions of more words than this are not checked (words)"}
    messages = {"restates-name": 'the description of tool {tool} ("{description}") only restates its name{why}'}
    identity_keys = {"restates-name": ("tool", "description")}
    valid = [tool("create_invoice", "Create a draft invoice for a customer from line items; call send_invoice to "
                                    "email it."),
             # plain, with its parameters described: nothing to get wrong
             tool("send_email", "Send an email", params(to=string("Recipient address"), body=string("Plain text")))]
    invalid = [bad(tool("create_invoice", "Creates an invoice.", params(customer=string(), amount=integer())),
                   "restates-name"),
               bad(tool("create_invoice", "Creates an invoice."), "restates-name"),
               bad([tool("getUserProfile", "get user profile", params(user_id=string("The user's id"))),
                    tool("getUserProfileDetails", "Get the full profile of a user, with settings and linked accounts; "
                                                  "use it only when settings are needed.",
                         params(user_id=string("The user's id")))], "restates-name")]

    def check_tool(self, tool, ctx):
        desc = tool.description
        if not isinstance(desc, str) or not desc.strip() or not isinstance(tool.name, str):
            return
        if not _restates_name(tool, self.opts["max-words"]):
            return
        sibling = _confusable(ctx).of(tool)
        if sibling is not None:
            why = f", and '{sibling}' is offered beside it"
        else:
            count = len(tool.properties)
            if not count:
                if tool.schema_pointer is None:
                    return  # no schema recorded (a Docker name-and-description summary): parameters unknown
                why = ", and the tool takes no parameters: its name is all the model has"
            elif len(_undocumented_params(tool)) < count:
                return
            else:
                why = f", and none of its {count} parameter{'s' if count > 1 else ''} is described"
        ctx.report(at(tool, field=_desc_field(tool)), "restates-name",
                   {"tool": _tool_label(tool), "description": desc.strip()[:60], "why": why})


def _confusable(ctx) -> ConfusableSiblings:
    """The sibling a model could pick instead of a tool, worked out once per run and list of tools."""
    return ctx.cache("description.confusable-siblings", lambda: ConfusableSiblings(ctx.catalog.tools))


class DescriptionMissingUsageGuidance(Rule):
    """Finds a tool that never says when to use it while a similar tool sits beside it.

    Why: models pick tools by matching the request against descriptions. When
    `search_issues` and `list_issues` are offered together and neither
    description draws the line ("use this for keyword queries; to browse one
    repository use list_issues"), the model picks either for the same request.
    Anthropic and OpenAI both ask for when (and when not) to use each tool.

    Reported only where a reviewer has something to act on: a sibling offered
    in the same list whose name shares a noun and most words with this one
    and whose verb names the same kind of action (get/list/search, or
    create/add, ...; `get_state` and `set_state` are not confused). Silent
    when the description has a usage cue ("use this when", "instead",
    "rather than", "only for", ...) or names the sibling; silent in lists of
    more than 128 tools (libraries and datasets, not one request), and for a
    tool with no similar sibling, whose description needs no boundary.

    Example: "Search issues in a repository." beside list_issues.

    Use instead: "Search issues across repositories with GitHub search syntax.
    Use this for keyword or cross-repository queries; to page through one
    repository's issues in order, use list_issues instead."
    """

    id = "description-missing-usage-guidance"
    category = "description"
    severity = "info"
    summary = "A tool with a similar sibling does not say when to use it rather than the sibling"
    hint = "Say when to use the tool and when to use the similar sibling instead."
    sources = (ANTHROPIC_DEFINE_TOOLS, OPENAI_FUNCTION_CALLING)
    options = {"min-words": 3}
    option_help = {"min-words": "descriptions of fewer words than this are not checked (words)"}
    messages = {"no-usage-guidance": "the description of tool {tool} says what it does but not when to use it"
                                     "{instead}"}
    # the sibling named in `instead` depends on the other tools: the finding is the tool's description
    identity_keys = {"no-usage-guidance": ("tool",)}
    valid = [[tool("search_issues", "Search issues with GitHub search syntax. Use this for keyword queries; to list "
                                    "one repository's issues in order, use list_issues instead."),
              tool("list_issues", "List the issues of one repository, newest first. Use it when the user wants to "
                                  "browse rather than search.")],
             # opposite actions are not confused, and a tool with no similar sibling needs no boundary
             [tool("get_ac_state", "Fetch the air conditioner state."),
              tool("set_ac_state", "Change the air conditioner state."),
              tool("play_music", "Play a song or playlist on the living-room speaker.")]]
    invalid = [bad([tool("search_issues", "Search issues in a repository by keyword."),
                    tool("list_issues", "List the issues of one repository, newest first. Use it when the user "
                                        "wants to browse rather than search.")], "no-usage-guidance")]

    def check_catalog(self, tools, ctx):
        pairs = _confusable(ctx).every()
        if not pairs:
            return
        seen: set = set()
        min_words = self.opts["min-words"]
        for tool in tools:
            sibling = pairs.get(id(tool))
            if sibling is None:
                continue
            desc = tool.description
            if not isinstance(desc, str) or len(words(desc)) < min_words or _has_usage_cue(desc) \
                    or sibling in desc:
                continue
            key = (tool.file, tool.name, desc)
            if key in seen:  # the same definition repeated in one file (benchmark records)
                continue
            seen.add(key)
            ctx.report(at(tool, field=_desc_field(tool)), "no-usage-guidance",
                       {"tool": _tool_label(tool), "instead": f" or when to use it instead of '{sibling}'"})


_EVENT_PARAMS = {k: string(k) for k in ("title", "start", "end", "attendees")}


class DescriptionTooShort(Rule):
    """Finds tools with many parameters, a description of a few words, and most parameters undescribed.

    Why: a tool that takes many inputs does something specific enough to need
    explaining: which inputs matter together, what happens, what comes back.
    When the description is a few words and most parameters have none either,
    the model infers all of that from names. A short description over
    well-described parameters is fine ("List Git branches" with four described
    parameters): that is not reported. Info: a style call, worth a look.
    Anthropic's guidance is at least 3-4 sentences per tool, more for complex
    tools; the defaults flag the clear cases only (4+ parameters, under 10
    words, more than half of the parameters undescribed). Chinese, Japanese
    and Korean text counts one word per two characters.

    Example: "Create event." on a tool with 7 parameters, 5 of them undescribed.

    Use instead: "Create a calendar event for the signed-in user. start and end
    are local times in the calendar's time zone; attendees get an invitation
    email. Returns the event id. Use update_event to change an existing event."
    """

    id = "description-too-short"
    category = "description"
    severity = "info"
    summary = "A tool with many mostly undescribed parameters has a very short description"
    hint = "Explain what the tool does, how its parameters work together, what it returns and when to use it."
    sources = (ANTHROPIC_DEFINE_TOOLS,
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools): median description 14 words; "
               "tools with 4+ parameters and under 10 words are the bottom decile")
    options = {"min-params": 4, "min-words": 10}
    option_help = {"min-params": "only tools with at least this many parameters are checked (parameters)",
                   "min-words": "descriptions with fewer words than this are reported (words)"}
    messages = {"too-short": "tool {tool} takes {params} parameters ({undescribed} without a description) but its "
                             "description has only {words} word{s}"}
    identity_keys = {"too-short": ("tool",)}  # the plural ending follows the word count
    valid = [tool("create_event", "Create a calendar event for the signed-in user; attendees get an invitation. "
                                  "Returns the event id.", {k: string() for k in _EVENT_PARAMS}),
             tool("create_event", "Adds a meeting.", _EVENT_PARAMS)]
    invalid = [bad(tool("create_event", "Adds a meeting.", {k: string() for k in _EVENT_PARAMS}), "too-short")]

    def check_tool(self, tool, ctx):
        desc = tool.description
        if not isinstance(desc, str) or not desc.strip():
            return
        count = len(tool.properties)
        if count < self.opts["min-params"]:
            return
        n_words = word_count(desc)
        if n_words >= self.opts["min-words"]:
            return
        undescribed = len(_undocumented_params(tool))
        if undescribed * 2 <= count:
            return
        if _restates_name(tool) and (undescribed == count or _confusable(ctx).of(tool) is not None):
            return  # description-restates-name reports it
        ctx.report(at(tool, field=_desc_field(tool)), "too-short",
                   {"tool": _tool_label(tool), "params": count, "words": n_words, "undescribed": undescribed,
                    "s": "s" if n_words != 1 else ""})


# text that belongs to a README, not to a prompt: install steps, badges, images, licence and contribution notes
_README = lazy_re(r"(?m)^\s{0,3}#{1,6}\s+(?:install|installation|setup|getting started|features|license|licence|"
                  r"contributing|changelog|requirements|configuration|usage)\b|\b(?:npm|pip|pipx|brew|cargo|go) "
                  r"install\b|\bdocker (?:run|pull)\b|\bgit clone\b|!\[[^\]]*\]\(|shields\.io|\bMIT License\b|"
                  r"\bpull requests? (?:are|is) welcome\b", re.I)
_README_KEYS = ("#", "install", "docker ", "git clone", "![", "shields.io", "license", "welcome")


class DescriptionTooLong(Rule):
    """Finds tool descriptions that are long because a README was pasted in.

    Why: the description is sent on every request, for every tool in the
    catalog. Installation steps, badges, images, licence and contribution
    notes tell the model nothing about calling the tool, cost tokens on every
    request, and crowd out the parts that matter. Length alone is not the
    problem: long descriptions of real tools are mostly usage rules that
    prevent wrong calls, so a description over the limit is reported only
    when it carries README material, or when it is more than `far-over`
    times the limit. The limit grows with the number of parameters, which a
    description may legitimately explain.

    Example: a 400-word description for a tool with one parameter, with
    "## Installation" and `npm install ...` in it.

    Use instead: 3-6 sentences on what, when, when not, and what it returns;
    move per-parameter detail into the parameter descriptions and setup into
    the README.
    """

    id = "description-too-long"
    category = "description"
    severity = "info"
    summary = "The tool description is long with README material, or far longer than its job needs"
    hint = "Cut to what the tool does, when to use it and what it returns; move setup and parameter detail out."
    sources = (ANTHROPIC_DEFINE_TOOLS,
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools): 99% of tool descriptions are under 250 words; "
               "the longest (up to 600 words) are usage rules and protocols, not pasted READMEs")
    options = {"max-words": 250, "words-per-param": 20, "far-over": 3.0}
    option_help = {"max-words": "the longest description of a tool without parameters (words)",
                   "words-per-param": "words the limit grows by for each parameter (words)",
                   "far-over": "a description this many times over the limit is reported without README material "
                               "(times)"}
    messages = {"too-long": "the description of tool {tool} has {words} words (limit {limit} for {params} parameters)"
                            "{why}"}
    identity_keys = {"too-long": ("tool",)}
    valid = [tool("echo", "Echo the text back. " * 10, params(text=string("t"))),
             # long, but usage rules: no README material, not far over
             tool("echo", "Echo the text back to the caller unchanged; never add quotes. " * 30,
                  params(text=string("t")))]
    invalid = [bad(tool("echo", "Echo the text back to the caller unchanged. " * 40 +
                        "\n## Installation\nRun npm install echo-server.", params(text=string("t"))), "too-long")]

    def check_tool(self, tool, ctx):
        desc = tool.description
        if not isinstance(desc, str):
            return
        limit = self.opts["max-words"] + self.opts["words-per-param"] * len(tool.properties)
        n_words = word_count(desc)
        if n_words <= limit:
            return
        readme = _README.search(desc) if may_contain(desc, _README_KEYS) else None
        if readme is not None:
            why = f": it carries README material (\"{readme.group(0).strip()[:40]}\")"
        elif n_words > limit * self.opts["far-over"]:
            why = ""
        else:
            return
        ctx.report(at(tool, field=_desc_field(tool)), "too-long",
                   {"tool": _tool_label(tool), "words": n_words, "limit": limit, "params": len(tool.properties),
                    "why": why})


# ------------------------------------------------------------------------------------------------
# parameter descriptions


def _branches(schema):
    for key in UNIONS:
        value = schema.get(key)
        if isinstance(value, list):
            for i, branch in enumerate(value):
                if isinstance(branch, dict):
                    yield key, i, branch


def _ref_description(schema, root) -> str:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/") or not isinstance(root, dict):
        return ""
    node = root
    for token in ref[2:].split("/"):
        node = node.get(token.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
    return _prop_node_desc(node)


# names that say neither what the value means nor its form: with no words anywhere, the model invents both
_GENERIC_NAMES = frozenset(
    "data value values val input inputs payload param params parameter parameters arg args argument arguments "
    "option options opts config configuration settings object obj info details detail raw json string str field "
    "fields request req spec specification filter filters selector target type kind mode format flags extra misc "
    "other custom properties attributes attrs metadata meta operation op action".split())
# the tool description documents a parameter: an Args/Parameters entry ("name: ...", "- name (str) - ..."),
# a Sphinx or JSDoc tag, or the name written as code
_ENTRY = (r"(?m)^[ \t]*(?:[-*\u2022][ \t]*)?[`'\"]?{name}[`'\"]?[ \t]*(?:\([^)\n]{{0,40}}\))?[ \t]*"
          r"(?::|--?|\u2013|\u2014)[ \t]*\S")
_TAG = r":param(?:[ \t]+[\w\[\], ]+?)?[ \t]+{name}[ \t]*:|@param[ \t]+(?:\{{[^}}\n]*\}}[ \t]+)?\[?{name}\b"
_QUOTED_NAME = r"[`'\"]{name}[`'\"]|(?<![\w.-]){name}[ \t]*[:=][ \t]*[^\s:=]"
_IDENTIFIER = lazy_re(r"_|[a-z][A-Z]|[A-Za-z]\d")
_URL_FORMATS = frozenset({"uri", "url", "iri", "uri-reference", "iri-reference"})
# keywords that state the value itself: a const, or an enum of one value, needs no words
_SPEAKING_EXAMPLES = ("examples", "example", "example_value")


@lru_cache(maxsize=16384)
def _mention_patterns(name: str):
    escaped = re.escape(name)
    entry = re.compile(_ENTRY.format(name=escaped), re.I)
    tag = re.compile(_TAG.format(name=escaped), re.I)
    quoted = re.compile(_QUOTED_NAME.format(name=escaped), re.I)
    word = re.compile(r"(?<![\w.-])" + escaped + r"(?![\w-])", re.I)
    return entry, tag, quoted, word


def documents_param(text: str, name) -> bool:
    """`text` (a tool description) documents the parameter `name`: an entry of an Args/Parameters block,
    a `:param name:` or `@param name` tag, the name quoted as code or shown with a value (`{ x: 10 }`,
    `mode='append'`), an identifier-like name (snake_case, camelCase) written out, or its words in order
    ("TMDb id" for tmdb_id)."""
    if not text or not isinstance(name, str) or not name:
        return False
    if name.lower() not in text.lower():
        return _names_param(text, name)
    if text.isascii() and name.isascii():
        return _mentioned_at(text, name)
    entry, tag, quoted, word = _mention_patterns(name)
    if entry.search(text) or tag.search(text) or quoted.search(text):
        return True
    return bool(_IDENTIFIER.search(name)) and word.search(text) is not None


# _ENTRY, _TAG and _QUOTED_NAME read around each place the name is, for ASCII text and names: there a
# case-insensitive match of the name is where the lower-cased text holds the lower-cased name, and no pattern
# is compiled for each name (a few hundred microseconds each, a quarter of the rule's time on the corpus)
_ENTRY_BEFORE = lazy_re(r"[ \t]*(?:[-*\u2022][ \t]*)?[`'\"]?")
_ENTRY_AFTER = lazy_re(r"[`'\"]?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*(?::|--?|\u2013|\u2014)[ \t]*\S")
_PARAM_TAG_BEFORE = lazy_re(r":param(?:[ \t]+[\w\[\], ]+?)?[ \t]+\Z", re.I)
_PARAM_TAG_AFTER = lazy_re(r"[ \t]*:")
_AT_PARAM_BEFORE = lazy_re(r"@param[ \t]+(?:\{[^}\n]*\}[ \t]+)?\[?\Z", re.I)
_WITH_VALUE = lazy_re(r"[ \t]*[:=][ \t]*[^\s:=]")
_QUOTE_MARKS = "`'\""


def _word_char(c: str) -> bool:
    """What `\\w` matches, for an ASCII character."""
    return c.isalnum() or c == "_"


def _mentioned_at(text: str, name: str) -> bool:
    """_mention_patterns(name) read on ASCII `text` at each place the name is (overlapping places too)."""
    low, lname, size = text.lower(), name.lower(), len(name)
    places = []
    start = low.find(lname)
    while start >= 0:
        places.append(start)
        start = low.find(lname, start + 1)
    for start in places:
        end = start + size
        line = text.rfind("\n", 0, start) + 1
        if _ENTRY_BEFORE.fullmatch(text, line, start) and _ENTRY_AFTER.match(text, end):
            return True
        if _PARAM_TAG_BEFORE.search(text, 0, start) and _PARAM_TAG_AFTER.match(text, end):
            return True
        if _AT_PARAM_BEFORE.search(text, 0, start) and (
                _word_char(text[end - 1]) != (end < len(text) and _word_char(text[end]))):
            return True  # `\\b` after the name
        before_free = start == 0 or not (_word_char(text[start - 1]) or text[start - 1] in ".-")
        if start > 0 and text[start - 1] in _QUOTE_MARKS and end < len(text) and text[end] in _QUOTE_MARKS:
            return True
        if before_free and _WITH_VALUE.match(text, end):
            return True
    if not _IDENTIFIER.search(name):
        return False
    for start in places:
        end = start + size
        if (start == 0 or not (_word_char(text[start - 1]) or text[start - 1] in ".-")) and \
                (end == len(text) or not (_word_char(text[end]) or text[end] == "-")):
            return True
    return False


def _names_param(text: str, name) -> bool:
    """`text` names a parameter of several words by those words in order ("TMDb id" for tmdb_id)."""
    tokens = name_tokens(name) if isinstance(name, str) else []
    if len(tokens) < 2 or not text:
        return False
    return _words_pattern(tuple(tokens)).search(text) is not None


@lru_cache(maxsize=1024)  # a compiled pattern is a kilobyte or two: the cache stays small whatever the catalog
def _words_pattern(tokens: tuple):
    """The words of a name in order, apart by spaces, underscores or hyphens, compiled once per name rather than
    looked up in (and pushed out of) the re module's small cache."""
    return re.compile(r"\b" + r"[\s_-]+".join(map(re.escape, tokens)) + r"\b", re.I)


def _schema_speaks(schema) -> bool:
    """A const, or an enum of one value: the schema states the only value."""
    if "const" in schema:
        return True
    enum = schema.get("enum")
    return isinstance(enum, list) and len(enum) == 1


def _has_words(schema) -> bool:
    """Something besides a description tells the model about the value: allowed values, a format or pattern,
    a default or examples, or a title that is more than the name."""
    if any(k in schema for k in ("enum", "format", "pattern", "default") + _SPEAKING_EXAMPLES):
        return True
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True  # an object's declared keys say what goes in it
    items = schema.get("items")
    return isinstance(items, dict) and bool(_prop_node_desc(items).strip() or "enum" in items)


def _sibling_described(node) -> bool:
    parent = node.parent.schema if node.parent is not None else None
    props = parent.get("properties") if isinstance(parent, dict) else None
    return isinstance(props, dict) and any(
        n != node.name and _prop_node_desc(p).strip() for n, p in props.items())


def _ancestor_texts(node):
    """The tool description and the descriptions of the objects around the parameter."""
    desc = node.tool.description
    if isinstance(desc, str) and desc:
        yield desc
    parent = node.parent
    while parent is not None:
        if parent.description:
            yield parent.description
        parent = parent.parent


def _generic_name(name) -> bool:
    tokens = name_tokens(name) if isinstance(name, str) else []
    return bool(tokens) and (len(name) == 1 or all(t in _GENERIC_NAMES for t in tokens))


class ParamDescriptionMissing(Rule):
    """Finds parameters with nothing that says what their value is.

    Why: a required parameter named `data`, `value`, `input`, `operation` or
    `filter`, with no description, no allowed values, no format and no word
    about it in the tool description, tells the model neither what to put
    there nor in what form: it invents both ("add"? "insert"? "append"?), and
    the call fails or does the wrong thing. That is the warning. A parameter whose
    name says what it is (`city`, `query`, `container_name`), or whose schema
    or tool description says something about it, is reported as info (worth a
    look: format, unit or source may still be left to guess); optional
    parameters are info too (`optional-severity`).

    Silent where the schema or the tool speaks for the parameter: a `const` or
    a one-value `enum`; a `format: uri` url beside described siblings; a
    parameter the tool description (or an enclosing object's description)
    documents: an `Args:`/`Parameters:` entry such as `name: ...` or
    `name (str): ...`, a `:param name:` or `@param` tag, the name quoted as
    code or shown with a value (`{ x: 10 }`), a snake_case/camelCase name
    written out, or a name of several words named by them ("TMDb id"); a
    `$ref` whose target has a description; a union whose branches carry
    descriptions (description-only-in-branch reports the misplaced ones).

    Example: "properties": {"data": {"type": "string"}}, "required": ["data"]

    Use instead: "data": {"type": "string", "description": "CSV text of the rows
    to import, header first, comma-separated."}
    """

    id = "param-description-missing"
    category = "description"
    severity = "warning"
    summary = "A parameter has no description (a required one with a name that says nothing is a warning)"
    hint = "Describe what the value means, its format or unit, and where it comes from."
    sources = (OPENAI_FUNCTION_CALLING, ANTHROPIC_DEFINE_TOOLS,
               "Anthropic Engineering, 'Writing effective tools for AI agents': unambiguous parameter names "
               "(user_id, not user) and descriptions for the rest")
    options = {"optional-severity": "info"}
    option_choices = {"optional-severity": SEVERITIES}
    option_help = {"optional-severity": "the severity of a finding on an optional parameter (required ones with a "
                                        "name that says nothing keep the rule's)"}
    messages = {
        "required-no-description": "required parameter '{param}' of tool {tool} has no description",
        "no-description": "parameter '{param}' of tool {tool} has no description",
    }
    valid = [tool("list_events", "List events.", params(since=string("ISO 8601 start time.")), required=["since"]),
             # the schema states the value, the url's format and described siblings speak for it
             tool("send_event", "Send an event.", params(
                 kind=string(const="click"), version=string(enum=["v2"]), callback={"type": "string", "format": "uri"},
                 payload=string("JSON text of the event.")), required=["kind", "version", "callback"]),
             # documented in the tool description's Args block
             tool("convert", "Convert Markdown to HTML.\n\nArgs:\n    markdown_content: the Markdown text\n",
                  params(markdown_content=string()), required=["markdown_content"])]
    invalid = [bad(tool("import_rows", "Import rows into the table.", params(data=string()), required=["data"]),
                   "required-no-description"),
               bad(tool("list_events", "List events.", params(limit=integer(), city=string()), required=["city"]),
                   "no-description", "required-no-description")]

    def check_node(self, node, ctx):
        schema = node.schema
        if schema is True:
            schema = {}
        if not isinstance(schema, dict):
            return
        desc = node.description
        if desc.strip():
            return
        if any(_prop_node_desc(b).strip() for _, _, b in _branches(schema)):
            return
        if "$ref" in schema and _ref_description(schema, node.tool.input_schema).strip():
            return
        if _schema_speaks(schema):
            return
        if isinstance(schema.get("format"), str) and schema["format"] in _URL_FORMATS and _sibling_described(node):
            return
        name = node.name
        texts = list(_ancestor_texts(node))
        if any(documents_param(t, name) for t in texts):
            return
        data = {"param": node.param, "tool": _tool_label(node.tool)}
        if node.required:
            warn = _generic_name(name) and not _has_words(schema) and not _named_by_sibling(node)
            ctx.report(node, "required-no-description", data, severity=None if warn else "info")
        else:
            ctx.report(node, "no-description", data, severity=self.opts["optional-severity"])


def _named_by_sibling(node) -> bool:
    parent = node.parent.schema if node.parent is not None else None
    props = parent.get("properties") if isinstance(parent, dict) else None
    if not isinstance(props, dict):
        return False
    return any(n != node.name and documents_param(_prop_node_desc(p), node.name) for n, p in props.items())


def _is_null_branch(branch) -> bool:
    """`{"type": "null"}`, `{"const": null}` or `{"enum": [null]}`: the branch that makes a value nullable."""
    if branch.get("type") == "null" or branch.get("type") == ["null"]:
        return True
    return ("const" in branch and branch["const"] is None) or branch.get("enum") == [None]


def _misplaced_branch_text(schema):
    """(keyword, [(index, branch)], text) when a union's description belongs to the parameter: the one
    non-null branch of a nullable wrapper `anyOf: [X, {type: null}]` carries it, or every branch carries
    the same text. None for unions whose branches describe their own alternative (const-tagged or
    discriminated values, differently described shapes)."""
    for key in UNIONS:
        branches = schema.get(key)
        if not isinstance(branches, list) or not branches:
            continue
        dicts = [(i, b) for i, b in enumerate(branches) if isinstance(b, dict)]
        if len(dicts) != len(branches):
            continue
        described = [(i, b) for i, b in dicts if _prop_node_desc(b).strip()]
        if not described:
            continue
        texts = {_prop_node_desc(b).strip() for _, b in described}
        if len(texts) != 1:
            continue
        values = [(i, b) for i, b in dicts if not _is_null_branch(b)]
        if len(values) == 1 and len(values) < len(dicts) and described == values:
            return key, described, texts.pop()
        if len(described) == len(dicts) > 1:
            return key, described, texts.pop()
    return None


class DescriptionOnlyInBranch(Rule):
    """Finds parameter descriptions trapped inside an anyOf/oneOf branch.

    Two shapes, both generator output: a nullable wrapper whose only non-null
    branch carries the text (`anyOf: [{type: string, description: ...},
    {type: null}]`, e.g. Pydantic's `Optional[Annotated[str, Field(...)]]`),
    and a union whose every branch repeats the same text.

    Why: several providers render only the parameter-level description into
    the prompt, so the model sees the parameter with no description at all;
    where branch text is shown it reads as describing one alternative, not the
    parameter. Move it up (`schemalint fix` does).

    Silent for unions whose branches describe their own alternative: const- or
    enum-tagged values with a label each, discriminated object shapes, or
    branches with different texts. One finding per tool: the first parameter,
    with the others counted, since one generator setting causes them all.

    Example: "tag": {"anyOf": [{"type": "string", "description": "Tag to filter by"}, {"type": "null"}]}

    Use instead: "tag": {"description": "Tag to filter by", "anyOf": [{"type": "string"}, {"type": "null"}]}
    """

    id = "description-only-in-branch"
    category = "description"
    severity = "warning"
    summary = "A parameter's description is inside a nullable wrapper's branch (or repeated in every branch)"
    hint = "Move the description from the branch to the parameter itself (schemalint fix does it)."
    fixable = "always"
    sources = (OPENAI_FUNCTION_CALLING,
               "JSON Schema 2020-12 Core, section 10.2.1 (anyOf/oneOf): annotations inside a branch apply to that "
               "alternative only, not to the instance as a whole")
    messages = {"only-in-branch": "parameter '{param}' of tool {tool} has its description only inside a {keyword} "
                                  "branch{more}"}
    identity_keys = {"only-in-branch": ("param", "tool", "keyword")}
    node_kinds = frozenset()
    valid = [tool("find", "Find items.", params(
        tag={"description": "Tag to filter by", "anyOf": [{"type": "string"}, {"type": "null"}]})),
        # const-tagged alternatives: each label describes its value
        tool("news", "Get news.", params(region={"anyOf": [{"const": "cn", "description": "China edition"},
                                                           {"const": "global", "description": "Global edition"}]})),
        tool("find", "Find items.", params(tag={"oneOf": [string("A tag name"), string("A tag id")]}))]
    invalid = [bad(tool("find", "Find items.", params(
        tag={"anyOf": [string("Tag to filter by"), {"type": "null"}]},
        owner={"anyOf": [string("Owner login"), {"type": "null"}]})),
        "only-in-branch",
        fixed=tool("find", "Find items.", params(
            tag={"anyOf": [{"type": "string"}, {"type": "null"}], "description": "Tag to filter by"},
            owner={"anyOf": [{"type": "string"}, {"type": "null"}], "description": "Owner login"}))),
        bad(tool("find", "Find items.", params(
            tag={"oneOf": [string("Tag to filter by"), integer("Tag to filter by")]})), "only-in-branch")]

    def check_tool(self, tool, ctx):
        view = model_view(tool)
        # no anyOf/oneOf anywhere in the definition; a one-byte search (memchr) first rules out most views
        # cheaper than the three-byte one, which costs several times more on bytes
        if b"O" not in view or b'Of"' not in view:
            return
        hits = []

        def visit(node):
            if node.kind != "property" or not isinstance(node.schema, dict) or node.description.strip():
                return
            if self.id in node.ignored or self.category in node.ignored or "*" in node.ignored:
                return
            found = _misplaced_branch_text(node.schema)
            if found is not None:
                hits.append((node, found))

        walk_schema(tool, visit)
        if not hits:
            return
        edits = []
        for node, (key, described, text) in hits:
            edits.append(Edit("set", node.path + ("description",), text))
            edits += [Edit("remove", node.path + (key, i, "description")) for i, _ in described]
        node, (key, _, _) = hits[0]
        others = [n.param for n, _ in hits[1:]]
        more = ""
        if others:
            shown = ", ".join(f"'{p}'" for p in others[:3]) + (", ..." if len(others) > 3 else "")
            more = f" (and {len(others)} more parameter{'s' if len(others) > 1 else ''} of this tool: {shown})"
        ctx.report(node, "only-in-branch", {"param": node.param, "tool": _tool_label(tool), "keyword": key,
                                            "more": more},
                   fix=Fix(edits, "move the branch descriptions to the parameters"))


# status codes: only success codes, which say nothing ("Returns 200 on success"); an error code with its
# condition ("Returns 404 if no preview exists") tells the model an outcome and is left alone
_JARGON = [
    (lazy_re(r"\b(?:returns?|responds? with|status(?: code)?|HTTP(?:/\d(?:\.\d)?)?)\s*:?\s*\(?2\d\d\b"
                r"(?!\s*(?:ms|s|seconds|characters|chars|items|results|records|rows|words|tokens|bytes|%))", re.I),
     "an HTTP status code"),
    (lazy_re(r"\b2\d\d (?:OK|Created|Accepted|No Content)\b"), "an HTTP status code"),
    (lazy_re(r"\b(?:json|request|response|http) (?:payload|body)\b", re.I), "request/response payload"),
    (lazy_re(r"\b(?:header|form) param(?:eter)?s?\b|\brequest headers?\b", re.I), "HTTP request parts"),
    (lazy_re(r"\b(?:GET|POST|PUT|PATCH|DELETE)\s+/[\w{}/.:-]*"), "an HTTP method and path"),
    (lazy_re(r"\bContent-Type\b|\bapplication/(?:json|x-www-form-urlencoded|xml)\b|\boperationId\b|"
                r"\bswagger\b|#/components/schemas|\$ref\b", re.I), "API-spec vocabulary"),
]
# a sentence that tells the model to use the address ("use 172.17.0.1 instead of localhost", "the server runs
# on localhost:8080") is an instruction, not a leak
_INSTRUCTION_CUE = lazy_re(r"\b(?:use|using|instead|connect|access|point|reach|replace|set|open|visit|navigate|"
                           r"runs?|running|available|served|listen(?:s|ing)?)\b", re.I)
_SENTENCE_BREAK = lazy_re(r"[.!?\n](?:\s|$)")
_INTERNAL_URL = lazy_re(
    r"\bhttps?://localhost\b|\blocalhost:\d+|\b(?:https?://)?(?:127\.0\.0\.1|0\.0\.0\.0|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|"
    r"172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|[\w-]+(?:\.[\w-]+)*\.(?:internal|local|corp|lan|intranet))"
    r"(?::\d+)?(?:/[^\s\"')]*)?", re.I)


_JARGON_KEYS = ("payload", "body", "param", "header", "content-type", "application/", "operationid",
                "swagger", "$ref", "#/", "get /", "post /", "put /", "patch /", "delete /", "localhost", "127.0.0.1",
                "0.0.0.0", "10.", "192.168.", "172.", ".internal", ".local", ".corp", ".lan", ".intranet")
_STATUS_DIGITS = lazy_re(r"\b2\d\d\b")
# tools whose job is HTTP itself (generic request senders, webhook and server setup): the vocabulary is the point
_HTTP_TOOL_TOKENS = frozenset({"http", "https", "request", "requests", "curl", "webhook", "webhooks", "api", "rest",
                               "endpoint", "endpoints", "fetch", "url", "server", "proxy", "graphql", "openapi",
                               "response", "network"})
_HTTP_PARAM_TOKENS = frozenset({"url", "uri", "endpoint", "headers", "header", "method", "host", "hostname",
                                "base", "payload", "body", "webhook", "server", "port", "params"})
_EXAMPLE_CUE = lazy_re(r"\be\.g\.|\beg\.|\b(?:such as|for example|for instance|like|example|default|defaults|"
                          r"assumes?|i\.e)\b", re.I)


def _http_level_tool(tool, ctx) -> bool:
    """The tool's job is HTTP itself, by its name or a parameter name; worked out once per tool and run."""
    known = ctx.cache("description.http-level-tools", dict)
    cached = known.get(tool)
    if cached is None:
        cached = known[tool] = bool(set(name_tokens(tool.name)) & _HTTP_TOOL_TOKENS) or \
            any(set(name_tokens(n)) & _HTTP_PARAM_TOKENS for n in tool.properties)
    return cached


# _JARGON_KEYS split by a character each key holds: a key with "/" cannot occur in text without a "/"
_JARGON_MARKERS = ("/", ".", "#", "$")
_JARGON_PLAIN = tuple(k for k in _JARGON_KEYS if not any(m in k for m in _JARGON_MARKERS))
_JARGON_MARKED = tuple((m, tuple(k for k in _JARGON_KEYS if m in k and not any(n in k for n in _JARGON_MARKERS[:i])))
                       for i, m in enumerate(_JARGON_MARKERS))


def _jargon_in(text: str):
    facts = text_facts(text)
    if not _jargon_key_in(facts) and not (facts.digit and _STATUS_DIGITS.search(text)):
        return None
    return _first_jargon(text, facts)


# the keys of _JARGON_KEYS with a "." and no "/": those with digits, and the words after a dot
_DOTTED_NUMBERS = tuple(k for k in _JARGON_MARKED[1][1] if any(c.isdigit() for c in k))
_DOTTED_WORDS = tuple(k for k in _JARGON_MARKED[1][1] if not any(c.isdigit() for c in k))


def _jargon_key_in(facts) -> bool:
    """any(k in facts.lower for k in _JARGON_KEYS), with fewer substring searches: keys grouped by a character
    they hold (a key with "/" cannot be in a text without one); among the dotted keys, those with digits only
    in a text with one, and the five words (.internal .intranet .local .lan .corp) behind three prefixes."""
    low = facts.lower
    for key in _JARGON_PLAIN:
        if key in low:
            return True
    for marker, keys in _JARGON_MARKED:
        if marker not in low:
            continue
        if marker == ".":
            if facts.digit and any(key in low for key in _DOTTED_NUMBERS):
                return True
            if (".int" in low or ".l" in low or ".corp" in low) and any(key in low for key in _DOTTED_WORDS):
                return True
        elif any(key in low for key in keys):
            return True
    return False


def _first_jargon(text: str, facts):
    """The first of _JARGON, then _INTERNAL_URL, that matches `text`. Each pattern is searched only when the words
    every match of it holds are in the text: lower-case for the case-insensitive ones (any word at all when the
    text is not ASCII, where case folding matches letters lower() does not give), exact for the others."""
    low = facts.lower
    fold = not facts.ascii
    status, exact_status, payload, parts, method_path, spec = _JARGON
    two = "2" in text
    if two and (fold or "return" in low or "respond" in low or "status" in low or "http" in low):
        m = status[0].search(text)
        if m:
            return status[1], m.group(0)
    if two and ("OK" in text or "Created" in text or "Accepted" in text or "No Content" in text):
        m = exact_status[0].search(text)
        if m:
            return exact_status[1], m.group(0)
    if fold or "payload" in low or "body" in low:
        m = payload[0].search(text)
        if m:
            return payload[1], m.group(0)
    if fold or "header param" in low or "form param" in low or "request header" in low:
        m = parts[0].search(text)
        if m:
            return parts[1], m.group(0)
    if "/" in text and ("GET" in text or "POST" in text or "PUT" in text or "PATCH" in text or "DELETE" in text):
        m = method_path[0].search(text)
        if m:
            return method_path[1], m.group(0)
    if fold or "content-type" in low or "operationid" in low or "swagger" in low or "$ref" in low or \
            "application/" in low or "#/components/schemas" in low:
        m = spec[0].search(text)
        if m:
            return spec[1], m.group(0)
    if not (fold or "localhost" in low or "." in text and (
            ".int" in low or ".l" in low or ".corp" in low  # .internal .intranet .local .lan .corp
            or facts.digit and ("127.0.0.1" in low or "0.0.0.0" in low or "10." in low or "192.168." in low
                                or "172." in low))):
        return None
    m = _INTERNAL_URL.search(text)
    if m and not _EXAMPLE_CUE.search(text[max(0, m.start() - 40):m.start()]) and not _instruction_around(text, m):
        return "an internal URL", m.group(0)
    return None


def _instruction_around(text: str, match) -> bool:
    """The sentence holding `match` tells the model to use the address."""
    start = max((b.end() for b in _SENTENCE_BREAK.finditer(text, 0, match.start())), default=0)
    end_match = _SENTENCE_BREAK.search(text, match.end())
    end = end_match.start() if end_match else len(text)
    return _INSTRUCTION_CUE.search(text[start:match.start()] + " " + text[match.end():end]) is not None


class DescriptionApiJargon(Rule):
    """Finds HTTP and implementation jargon leaked into descriptions from an API spec.

    Why: descriptions generated from OpenAPI keep text written for client
    developers: "Returns 200 on success", "JSON payload", "header parameter",
    `GET /v1/items`, `operationId`, `#/components/schemas/...`, or internal
    hosts (*.internal, 10.x addresses). The model never sees HTTP: the phrases
    cost tokens and say nothing about when to use the tool, and internal URLs
    leak infrastructure.

    Left alone because they tell the model something: an error status with its
    condition ("Returns 404 if no preview exists" is the outcome the model
    will see), the word "endpoint" ("This endpoint lists ..." reads like
    "this tool"), an address the text tells the model to use ("use 172.17.0.1
    instead of localhost"), and tools whose job is HTTP itself (a request
    sender, a webhook or server setup).

    Example: "Returns 200 with a JSON payload of matching users."

    Use instead: "Find users whose name or email matches the query. Returns up to
    50 users with id, name and email."
    """

    id = "description-api-jargon"
    category = "description"
    severity = "info"
    summary = "HTTP or implementation jargon from an API spec in a description"
    hint = "Describe what the tool does for the user's task, not the HTTP exchange behind it."
    sources = (ANTHROPIC_WRITING_TOOLS, OPENAI_FUNCTION_CALLING,
               "RFC 1918 (private address space) and RFC 6762 (.local): hosts that mean nothing outside the "
               "network that wrote the description")
    messages = {
        "tool-jargon": 'the description of tool {tool} contains {kind} ("{text}")',
        "param-jargon": "the description of parameter '{param}' of tool {tool} contains {kind} (\"{text}\")",
    }
    valid = [tool("find_users", "Find users whose name or email matches the query.",
                  params(endpoint_url=string("Base URL of the service to query."))),
             tool("get_preview_error_page", "This endpoint gets the preview error page. Returns 404 if no preview "
                                            "exists."),
             tool("run_recipe", "Run the recipe. The tools run in a container: use 172.17.0.1 instead of localhost "
                                "to reach services on the host.")]
    invalid = [bad(tool("find_users", "This endpoint returns 200 with a JSON payload of users."), "tool-jargon"),
               bad(tool("find_users", "Find users.",
                        params(q=string("Passed as a query parameter to http://users.internal/v1"))), "param-jargon")]

    node_keys = frozenset({"description"})

    # the jargon test comes first: it rules out almost every text, and the tool's own words are read only then
    def check_tool(self, tool, ctx):
        desc = tool.description
        if isinstance(desc, str) and desc:
            hit = _jargon_in(desc)
            if hit and not _http_level_tool(tool, ctx):
                ctx.report(at(tool, field=_desc_field(tool)), "tool-jargon",
                           {"tool": _tool_label(tool), "kind": hit[0], "text": hit[1].strip()[:50]})

    def check_node(self, node, ctx):
        desc = node.description
        if desc:
            hit = _jargon_in(desc)
            if hit and not _http_level_tool(node.tool, ctx):
                ctx.report(node, "param-jargon", {"param": node.param, "tool": _tool_label(node.tool),
                                                  "kind": hit[0], "text": hit[1].strip()[:50]})


# ------------------------------------------------------------------------------------------------
# facts in prose: limits, defaults and allowed values

_NUM = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
# the number is whole: no more digits, no percent; a full stop that ends the sentence ("max 500.") is fine
_NUM_END = r"(?![\d%]|\.\d)"
# a short aside after the low end of a range: "between 0 (mute) and 100"
_ASIDE = r"(?:\([^()\d]{1,30}\)\s*)?"
_UPPER = lazy_re(
    r"\b(?:max(?:imum)?(?:\s+(?:value|allowed|limit))?(?:\s+(?:of|is|=))?\s*[:=]?\s*|at most\s+|no more than\s+|"
    r"(?:must|should|can|may)\s*not exceed\s+|cannot exceed\s+|not to exceed\s+|up to\s+|<=\s*|less than or equal to\s+|"
    r"(?:no|not) longer than\s+)"
    + _NUM + _NUM_END + r"(\s*[A-Za-z%]+)?", re.I)
_LOWER = lazy_re(
    r"\b(?:min(?:imum)?(?:\s+(?:value|allowed))?(?:\s+(?:of|is|=))?\s*[:=]?\s*|at least\s+|no (?:less|fewer) than\s+|"
    r">=\s*|greater than or equal to\s+|starting (?:at|from)\s+)" + _NUM + _NUM_END + r"(\s*[A-Za-z%]+)?", re.I)
_BETWEEN = lazy_re(
    r"\b(?:between|from|range(?: of| is)?:?|ranges? from|in the range(?: of)?)\s+" + _NUM + r"(\s*[A-Za-z%]+)?\s*"
    + _ASIDE + r"(?:and|to|-|–|\.\.)\s*" + _NUM + _NUM_END + r"(\s*[A-Za-z%]+)?(?!\s*(?:and|or|,)\s*\d)", re.I)
# every match of _UPPER / _LOWER contains one of these (lower case)
_UPPER_KEYS = ("max", "at most", "no more than", "exceed", "up to", "<=", "less than or equal to", "longer than")
_LOWER_KEYS = ("min", "at least", "no less than", "no fewer than", ">=", "greater than or equal to", "starting")
_PAREN_RANGE = lazy_re(r"\(\s*" + _NUM + r"\s*(?:-|–|to|\.\.)\s*" + _NUM + r"\s*(?:\)|,|;)")
_LENGTH_WORD = lazy_re(r"^\s*(?:characters?|chars?|letters?|symbols?|code points?)\b", re.I)
_UNIT_WORD = lazy_re(
    r"^\s*(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|"
    r"b|bytes?|kb|mb|gb|tb|kib|mib|gib|%|percent|px|pixels?|km|m|meters?|metres?|miles?|mi|ft|feet|cm|mm|kg|g|"
    r"lbs?|pounds?|usd|eur|dollars?|cents?|degrees?|tokens?|words?|lines?|pages?|results?|items?|records?|"
    r"entries|rows?|elements?|values?|points?|times?)\b", re.I)
_UNIT_CANON = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms", "s": "s", "sec": "s", "secs": "s", "second": "s",
    "seconds": "s", "min": "min", "mins": "min", "minute": "min", "minutes": "min", "h": "h", "hr": "h",
    "hrs": "h", "hour": "h", "hours": "h", "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year", "b": "byte", "byte": "byte",
    "bytes": "byte", "kb": "kb", "kib": "kb", "mb": "mb", "mib": "mb", "gb": "gb", "gib": "gb", "%": "%",
    "percent": "%", "km": "km", "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "mile": "mi", "miles": "mi", "mi": "mi",
}
_PARAM_UNIT = lazy_re(r"\bin\s+(ms|milliseconds|seconds|secs|minutes|mins|hours|days|weeks|months|years|"
                         r"bytes|kb|mb|gb|percent|km|meters|metres|miles)\b", re.I)
_SCOPE_WORDS = lazy_re(r"\b(?:per|each|every|total|combined|after|before|since|until|ago|lookback|window|"
                          r"span|apart|older|newer|later|earlier)\b", re.I)


# a special value outside the range ("use 0 for no preference", "-1 means unlimited")
_SENTINEL = lazy_re(r"\bdontcare\b|\bdon'?t care\b|\bno preference\b|\bto indicate\b|\bmeans? (?:no|unlimited|all|"
                       r"any|disabled?|none)\b|\bfor (?:no limit|unlimited|all|any)\b|\bto disable\b", re.I)
_SENTINEL_KEYS = ("dontcare", "don't care", "dont care", "no preference", "to indicate", "mean", "for no limit",
                  "for unlimited", "for all", "for any", "to disable")


def _says_sentinel(desc: str) -> bool:
    return text_facts(desc).shared(_sentinel_in)


def _sentinel_in(desc: str) -> bool:
    return may_contain(desc, _SENTINEL_KEYS) and _SENTINEL.search(desc) is not None


def _to_number(text: str):
    text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in text else value


def _unit_of(word: str | None) -> str | None:
    if not word:
        return None
    w = word.strip().lower()
    return _UNIT_CANON.get(w, w)


def _param_unit(name: str | None, desc: str) -> str | None:
    for tok in name_tokens(name or ""):
        if tok in _UNIT_CANON:
            return _UNIT_CANON[tok]
    m = _PARAM_UNIT.search(desc)
    return _unit_of(m.group(1)) if m else None


def prose_bounds(desc: str, kind: str, name: str | None):
    """Bounds a description states for a value of `kind` (number | string | array):
    {"max": n, "min": n} with only the unambiguous ones kept."""
    facts = text_facts(desc)
    if not facts.digit:
        return {}  # every bound pattern reads a number
    if "`" in desc:
        desc = _CODE_NUMBER.sub(r"\1", desc)  # "from `1` to `3`"
        facts = text_facts(desc)
    found: dict = {"max": set(), "min": set()}
    own_words = _own_words(name)
    param_unit = _param_unit(name, desc) if kind == "number" else None

    def accept(number_text, unit_text, bound, context_end, start=None):
        value = _to_number(number_text)
        if value is None:
            return
        if start is not None and _HEDGE.search(desc[max(0, start - 30):start]):
            return  # "typically ranges from 1 to 8": a habit, not a limit
        if unit_text and unit_text.strip().lower() in own_words:
            unit_text = ""  # "between 1 and 5 adults" for number_of_adults: the parameter's own noun
        unit_text = unit_text or ""
        is_length = bool(_LENGTH_WORD.match(unit_text))
        if kind == "string":
            if is_length:
                found[bound].add(value)
            return
        if is_length:
            return
        if kind == "array":
            found[bound].add(value)
            return
        # number: a unit after the bound must be the parameter's own unit
        um = _UNIT_WORD.match(unit_text)
        if um:
            unit = _unit_of(um.group(0))
            if unit in _UNIT_CANON.values() and param_unit is not None and unit != param_unit:
                return
            if unit in _UNIT_CANON.values() and param_unit is None and name and unit not in {
                    _UNIT_CANON.get(t, t) for t in name_tokens(name)} and _unit_mentions(desc) > 1:
                return
            if unit not in _UNIT_CANON.values() and unit not in ("results", "items", "records", "entries",
                                                                 "rows", "elements", "values", "points"):
                return
        elif unit_text.strip() and unit_text.strip().lower() not in ("and", "or", "if", "by", "for", "inclusive",
                                                                     "per", "when"):
            # a word that is not a unit: "up to 50 concurrent workers" may be about something else
            return
        tail = desc[context_end:context_end + 30]
        if _SCOPE_WORDS.match(tail.strip()) or (unit_text.strip().lower() == "per"):
            return
        found[bound].add(value)

    for m in _UPPER.finditer(desc) if facts.may(_UPPER_KEYS) else ():
        accept(m.group(1), m.group(2), "max", m.end(), m.start())
    for m in _LOWER.finditer(desc) if facts.may(_LOWER_KEYS) else ():
        accept(m.group(1), m.group(2), "min", m.end(), m.start())
    for m in _BETWEEN.finditer(desc) if facts.may(("between", "from", "range")) else ():
        if m.group(2) and m.group(4) is None and kind != "array":
            unit_text = m.group(2)
        else:
            unit_text = m.group(4)
        low, high = _to_number(m.group(1).replace(",", "")), _to_number(m.group(3).replace(",", ""))
        if low is None or high is None or low >= high:
            continue
        accept(m.group(1), unit_text, "min", m.end(), m.start())
        accept(m.group(3), unit_text, "max", m.end(), m.start())
    if kind == "number":
        for m in _PAREN_RANGE.finditer(desc) if "(" in desc else ():
            low, high = _to_number(m.group(1)), _to_number(m.group(2))
            if low is not None and high is not None and low < high:
                found["min"].add(low)
                found["max"].add(high)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


_CODE_NUMBER = lazy_re(r"`(-?\d[\d.,]*)`")
_HEDGE = lazy_re(r"\b(?:typically|usually|generally|normally|often|commonly|recommended|ideally)\b", re.I)


def _own_words(name: str | None) -> set:
    """The parameter name's words and their plurals: "adults" in "between 1 and 5 adults" for number_of_adults."""
    tokens = set(name_tokens(name or ""))
    return tokens | {t + "s" for t in tokens}


def _unit_mentions(desc: str) -> int:
    return len({_unit_of(m.group(0)) for m in re.finditer(
        r"\b(?:ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|bytes?|kb|mb|gb)\b",
        desc, re.I)})


_KIND_KEYWORDS = {
    "number": ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"),
    "string": ("maxLength", "minLength", None, None),
    "array": ("maxItems", "minItems", None, None),
}


def value_kind(schema, fmt) -> str | None:
    types = declared_types(schema, fmt)
    if not types:
        return None
    try:
        return _KIND_OF_TYPES[types]
    except KeyError:  # a set of JSON types seen for the first time: at most 2**7 of them
        kind = _KIND_OF_TYPES[types] = _kind_of(types)
        return kind


_KIND_OF_TYPES: dict = {}


def _kind_of(types) -> str | None:
    types = set(types) - {"null"}
    if types and types <= {"number", "integer"}:
        return "number"
    if types == {"string"}:
        return "string"
    if types == {"array"}:
        return "array"
    return None


def _is_int_type(schema, fmt) -> bool:
    types = declared_types(schema, fmt) or frozenset()
    return "integer" in types and "number" not in types


def _num_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class RangeOnlyInProse(Rule):
    """Finds limits stated in a parameter description but not in the schema.

    Why: "max 100", "between 1 and 50", "up to 280 characters" in prose is a
    request the model may or may not honour; `maximum`, `minimum`, `maxLength`,
    `maxItems` are checked by every validator, and strict or constrained
    decoding enforces them. A limit only in prose also never reaches client-side
    validation, so the call fails at the backend instead.

    The rule reports only limits it reads unambiguously: the number must apply
    to the value itself (a different unit, "per page" or "after t0" makes it
    skip), and only one upper and one lower bound may be stated; hedged ranges
    ("typically ranges from 1 to 8") are habits, not limits, and are skipped. It
    reads a sentence-final number ("Maximum of 100."), an aside inside a range
    ("between 0 (mute) and 100"), "(1-1000, default: 1000)", "starting from 1",
    code-quoted numbers ("from `1` to `3`") and the parameter's own noun as a
    unit ("between 1 and 5 adults" for number_of_adults). It proposes the
    keyword as a fix.

    Example: "limit": {"type": "integer", "description": "Results per page (max 100)."}

    Use instead: "limit": {"type": "integer", "maximum": 100, "description": "Results per page."}
    """

    id = "range-only-in-prose"
    category = "description"
    severity = "info"
    summary = "A limit is stated in the description but not as a schema keyword"
    hint = "Add the matching keyword (maximum/minimum, maxLength/minLength, maxItems/minItems); schemalint fix does."
    fixable = "always"
    sources = (JSON_SCHEMA_VALIDATION, OPENAI_FUNCTION_CALLING)
    # `stated` is the limits as the description writes them ("min 1 and max 100"): values, not counts
    messages = {"range-in-prose": "parameter '{param}' of tool {tool} states {stated} in its description but the "
                                  "schema has no {keywords}"}
    valid = [tool("list_items", "List items.", params(
        limit=integer("Results per page (max 100).", maximum=100),
        timeout_ms=integer("Timeout in milliseconds (up to 5 minutes).")))]
    invalid = [bad(tool("list_items", "List items.", params(
        limit=integer("Results per page (min 1, max 100)."),
        title=string("Title, up to 80 characters."),
        tags={"type": "array", "items": {"type": "string"}, "description": "At most 5 tags."})),
        "range-in-prose", "range-in-prose", "range-in-prose",
        fixed=tool("list_items", "List items.", params(
            limit=integer("Results per page (min 1, max 100).", minimum=1, maximum=100),
            title=string("Title, up to 80 characters.", maxLength=80),
            tags={"type": "array", "items": {"type": "string"}, "description": "At most 5 tags.", "maxItems": 5})))]

    node_keys = frozenset({"description"})

    def check_node(self, node, ctx):
        schema = node.schema
        desc = node.description
        if not desc or not isinstance(schema, dict):
            return
        if not text_facts(desc).digit:
            return  # every bound names a number: most descriptions end here
        kind = value_kind(schema, node.tool.format)
        if kind is None or "enum" in schema or "const" in schema:
            return
        if _says_sentinel(desc):
            return
        bounds = prose_bounds(desc, kind, node.name)
        if not bounds:
            return
        default = schema.get("default")
        if kind == "number" and isinstance(default, (int, float)) and not isinstance(default, bool) and (
                default < bounds.get("min", default) or default > bounds.get("max", default)):
            return  # the default lies outside the stated range: a sentinel, or the prose is about something else
        max_key, min_key, ex_max, ex_min = _KIND_KEYWORDS[kind]
        edits, stated = [], []
        integer = _is_int_type(schema, node.tool.format)
        for bound, key, ex_key in (("min", min_key, ex_min), ("max", max_key, ex_max)):
            if bound not in bounds or key in schema or (ex_key and ex_key in schema):
                continue
            value = bounds[bound]
            if kind != "number" and not isinstance(value, int):
                continue
            if integer and isinstance(value, float):
                continue
            stated.append(f"{bound} {_num_text(value)}")
            edits.append(Edit("set", node.path + (key,), value))
        if not edits:
            return
        keys = ", ".join(e.path[-1] for e in edits)
        ctx.report(node, "range-in-prose", {"param": node.param, "tool": _tool_label(node.tool),
                                            "stated": " and ".join(stated), "keywords": keys},
                   fix=Fix(edits, f"set {keys} from the description"))


_DEFAULT = lazy_re(
    r"(?<!['\"`])\bdefaults?(?:\s+value)?(?:\s+(?:is|to|of|=|will be|set to|being))?\s*[:=]?\s*"
    r"(?P<value>'[^'\n]{1,60}'|\"[^\"\n]{1,60}\"|`[^`\n]{1,60}`|“[^”\n]{1,60}”|‘[^’\n]{1,60}’|"
    r"-?\d+(?:\.\d+)?(?![\w.-]*\w)|true\b|false\b|null\b|none\b|[A-Za-z_][\w-]*)",
    re.I)
_BY_DEFAULT = lazy_re(
    r"(?P<value>'[^'\n]{1,60}'|\"[^\"\n]{1,60}\"|`[^`\n]{1,60}`|-?\d+(?:\.\d+)?|true|false)\s*(?:\([^)]*\)\s*)?"
    r"(?:is\s+(?:the\s+)?)?(?:by default|\(default\)|is the default|as (?:the )?default)", re.I)
_DEFAULT_NOUN = lazy_re(
    r"(?<!['\"`])\bdefault\s+(?!value\b)[a-z]+\s+(?:is|of|=|will be)\s+"
    r"(?P<value>'[^'\n]{1,60}'|\"[^\"\n]{1,60}\"|`[^`\n]{1,60}`|-?\d+(?:\.\d+)?(?![\w.-]*\w)|true\b|false\b)", re.I)
_NUMBER_LEAD = lazy_re(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z%]*)")
_NOT_A_VALUE = frozenset(
    "the a an is to of if in on it this that when for and or as be value values behavior behaviour "
    "setting settings setup current all any none_of no not empty blank unset unspecified omitted system "
    "user users server servers repository repo branch api account now today provider configured global "
    "same first last latest one".split()
)


def _unquote(text: str):
    if len(text) >= 2 and text[0] in "'\"`“‘" and text[-1] in "'\"`”’":
        return text[1:-1], True
    return text, False


def parse_prose_default(desc: str):
    """(value, quoted) for the one default a description names, or None when absent or ambiguous."""
    found = []
    for pattern in (_DEFAULT, _BY_DEFAULT, _DEFAULT_NOUN):
        # _DEFAULT and _DEFAULT_NOUN matches begin with the word itself
        for m in pattern.finditer(desc) if pattern is _BY_DEFAULT else finditer_at(pattern, desc, "default"):
            raw = m.group("value")
            if pattern is _DEFAULT:
                before = desc[max(0, m.start() - 12):m.start()].lower()
                if "no " in before[-4:] or "without" in before or "not" in before[-5:]:
                    continue
            text, quoted = _unquote(raw)
            found.append((text.strip(), quoted, raw))
    strong = [f for f in found if f[1] or not f[0].isalpha() or f[0].lower() in ("true", "false", "null", "none")]
    if strong:
        found = strong  # "the default format is 'MM/DD/YYYY'": the quoted value, not the word "format"
    values = {(t.lower(), q) for t, q, _ in found}
    if len({v for v, _ in values}) != 1:
        return None
    text, quoted, _ = found[0]
    return text, quoted


def _coerce(text: str, quoted: bool, schema, fmt):
    """The JSON value a prose default stands for, given the schema; None when it cannot be read safely."""
    types = set(declared_types(schema, fmt) or ())
    enum = schema.get("enum") if isinstance(schema.get("enum"), list) else None
    lowered = text.lower()
    if enum is not None:
        for member in enum:
            if isinstance(member, str) and member.lower() == lowered:
                return (member,)
            if not isinstance(member, (str, bool)) and isinstance(member, (int, float)):
                number = _to_number(text)
                if number is not None and number == member:
                    return (member,)
        return None
    if "boolean" in types and lowered in ("true", "false"):
        return (lowered == "true",)
    if types & {"integer", "number"}:
        m = _NUMBER_LEAD.match(text)
        if m and (not m.group(2) or _UNIT_WORD.match(m.group(2))) and len(text.split()) <= 2:
            number = _to_number(m.group(1))
            if number is None:
                return None
            if "integer" in types and "number" not in types:
                if isinstance(number, float) and not number.is_integer():
                    return None
                number = int(number)
            return (number,)
        return None
    if types == {"string"} and quoted and text:
        return (text,)
    return None


def _same_default(prose_text: str, quoted: bool, schema_default) -> bool | None:
    """True/False when prose and schema defaults can be compared, None when they cannot."""
    if isinstance(schema_default, bool):
        lowered = prose_text.lower()
        if lowered in ("true", "false", "yes", "no", "enabled", "disabled", "on", "off"):
            return (lowered in ("true", "yes", "enabled", "on")) == schema_default
        return None
    if isinstance(schema_default, (int, float)):
        m = _NUMBER_LEAD.match(prose_text)
        if not m:
            return None
        number = _to_number(m.group(1))
        return number is not None and float(number) == float(schema_default)
    if isinstance(schema_default, str):
        a, b = prose_text.strip().lower(), schema_default.strip().lower()
        if a == b:
            return True
        ma, mb = _NUMBER_LEAD.match(a), _NUMBER_LEAD.match(b)
        if ma and mb:  # "30 seconds" vs "30s": the same number in other units words
            return float(ma.group(1)) == float(mb.group(1))
        if not quoted:
            return None
        return a.strip(".") == b.strip(".")
    return None


class DefaultOnlyInProse(Rule):
    """Finds defaults stated in a parameter description but not as `default`.

    Why: "Defaults to 30" in prose is information a client, a validator and a
    schema-aware UI cannot use, and the model cannot tell whether leaving the
    parameter out is safe unless it reads the sentence closely. A `default`
    keyword says it in one place, machine-readable, and keeps the description
    for meaning. The fix sets `default` when the value is unambiguous: a number
    for a numeric parameter, true/false for a boolean, an enum member, a
    quoted string, or for a string one bare word that ends the clause
    ("(default: json)", "Defaults to markdown.", "Default is metric if not
    specified"; not "the", "all", "now", "current"). A word that names
    another parameter of the same tool ("Defaults to 'owner' when omitted")
    is a reference, not a literal: never reported, never written.

    Example: "page_size": {"type": "integer", "description": "Items per page. Defaults to 30."}

    Use instead: "page_size": {"type": "integer", "default": 30, "description": "Items per page."}
    """

    id = "default-only-in-prose"
    category = "description"
    severity = "info"
    summary = "A default is stated in the description but not as a `default` keyword"
    hint = "Add `default` with the value the description names (schemalint fix does when it is unambiguous)."
    fixable = "sometimes"  # not where the default would be a finding of its own (_default_fix)
    sources = (JSON_SCHEMA_VALIDATION, OPENAI_FUNCTION_CALLING)
    messages = {"default-in-prose": "parameter '{param}' of tool {tool} states default {value} in its description "
                                    "but the schema has no default"}
    valid = [tool("list_items", "List items.", params(
        page_size=integer("Items per page. Defaults to 30.", default=30),
        branch=string("Branch. Defaults to the repository's default branch."),
        owner=string("Repository owner."),
        related_owner=string("Owner of the related repository. Defaults to 'owner' when omitted.")))]
    invalid = [bad(tool("list_items", "List items.", params(
        page_size=integer("Items per page. Defaults to 30."),
        order=string("Sort order (default: desc).", enum=["asc", "desc"]))),
        "default-in-prose", "default-in-prose",
        fixed=tool("list_items", "List items.", params(
            page_size=integer("Items per page. Defaults to 30.", default=30),
            order=string("Sort order (default: desc).", enum=["asc", "desc"], default="desc")))),
        bad(tool("export", "Export a report.", params(fmt=string("Output format (default: json)"))),
            "default-in-prose",
            fixed=tool("export", "Export a report.", params(fmt=string("Output format (default: json)",
                                                                        default="json"))))]

    node_keys = frozenset({"description"})

    def check_node(self, node, ctx):
        schema = node.schema
        desc = node.description
        if not desc or "default" in schema or "efault" not in desc:
            return
        parsed = parse_prose_default(desc)
        if parsed is None:
            return
        text, quoted = parsed
        if not quoted and text.lower() in _NOT_A_VALUE:
            return
        value = _coerce(text, quoted, schema, node.tool.format)
        if value is None and not quoted and set(declared_types(schema, node.tool.format) or ()) - {"null"} == \
                {"string"} and bare_string_default(desc) == text:
            value = (text,)  # "Defaults to markdown.": one bare word that ends the clause
        if value is None:
            return
        value = value[0]
        if names_sibling(node, [value]):
            return  # "defaults to 'owner' when omitted" names another parameter, not a literal value
        shown = f"'{value}'" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else \
            _num_text(value)
        ctx.report(node, "default-in-prose", {"param": node.param, "tool": _tool_label(node.tool), "value": shown},
                   fix=_default_fix(node, value))


def _default_fix(node, value):
    """Move the default into the schema, unless that creates a finding of its own: a default on a required
    parameter, a placeholder default, or a concrete record id the model would copy."""
    from .examples import concrete_identifier, is_identifier_name, is_placeholder

    if node.required or isinstance(value, str) and is_placeholder(value) or \
            is_identifier_name(node.name) and concrete_identifier(value):
        return None
    return Fix([Edit("set", node.path + ("default",), value)], "set default from the description")


_ENUM_TRIGGER = lazy_re(
    r"\b(?:(?:must|should|can|could|may) be (?:one of|either|any of)|one of(?: the following)?|"
    r"(?:possible|allowed|valid|accepted|supported|available|permitted) (?:values|options|choices)"
    r"(?: are| is)?|options(?: are| is|(?=\s*:))|choices(?: are|(?=\s*:))|values(?: are|(?=\s*:))|either)\s*[:\-]?\s*",
    re.I)
# every match of _ENUM_TRIGGER contains one of these (lower case)
_ENUM_KEYS = ("one of", "either", "any of", "values", "options", "choices")
_QUOTED = lazy_re(r"``\"?([^`\"\n]{1,40})\"?``|'([^'\n]{1,40})'|\"([^\"\n]{1,40})\"|`([^`\n]{1,40})`|“([^”\n]{1,40})”|‘([^’\n]{1,40})’")
_NON_EXHAUSTIVE = lazy_re(r"\b(?:e\.g\.|eg\.|such as|for example|for instance|like|including|include|etc|"
                             r"and more|among others|or similar|or other|or any)\b", re.I)
_LIST_END = lazy_re(r"[.;\n)]\s|[.;)]$|\.\s*$")
# the value is several of the listed items at once ("HIGH,BLOCKER"): an enum of single items would reject it
_MULTI_VALUE = lazy_re(r"\b(?:comma|space|pipe|semicolon)[- ]separated\b|\bseparated by (?:a |an )?(?:commas?|spaces?|"
                       r"pipes?|semicolons?)\b|\b(?:a|an) (?:optional )?list of\b|\bone or more\b|"
                       r"\bmultiple values\b", re.I)
_MULTI_KEYS = ("separated", "list of", "one or more", "multiple values")
_BARE_ITEM = lazy_re(r"^[A-Za-z0-9_][\w.\-/+]{0,30}$")


def parse_prose_enum(desc: str, skip=None):
    """(values, quoted) for a closed list of allowed values in a description, or None; `skip(values)` rejects
    a list so that the next reading is tried."""
    found = _trigger_list(desc)
    if found is not None and not (skip and skip(found[0])):
        return found
    return extra_prose_enum(desc, skip)


def _trigger_list(desc: str):
    if not text_facts(desc).may(_ENUM_KEYS):
        return None
    for m in _ENUM_TRIGGER.finditer(desc):
        rest = desc[m.end():m.end() + 300]
        end = _LIST_END.search(rest)
        segment = rest[:end.start() + 1] if end else rest
        if _NON_EXHAUSTIVE.search(segment):
            continue
        quoted = [next(g for g in q.groups() if g is not None) for q in _QUOTED.finditer(segment)]
        if len(quoted) >= 2:
            # the quoted items must make up the list: nothing but separators between them
            stripped = _QUOTED.sub("", segment)
            if re.fullmatch(r"[\s,/|]*(?:(?:,?\s*(?:or|and)\s*|[\s,/|]+)*)[\s.;)]*", stripped.strip(" .;)") + " ") \
                    or re.fullmatch(r"[\s,/|orand().;]*", stripped):
                return list(dict.fromkeys(quoted)), True
            continue
        trigger = m.group(0).lower()
        if ":" not in trigger:
            continue
        items = [x.strip(" .;)") for x in re.split(r",|\bor\b|\band\b|/|\|", segment)]
        items = [x for x in items if x]
        if len(items) >= 2 and all(_BARE_ITEM.match(x) for x in items):
            return list(dict.fromkeys(items)), False
    return None


def names_sibling(node, values) -> bool:
    """Some value is the name of another parameter of the same object (or the parameter itself)."""
    parent = node.parent.schema if node.parent is not None else None
    props = parent.get("properties") if isinstance(parent, dict) else None
    if not isinstance(props, dict):
        return False
    names = {n.lower() for n in props if isinstance(n, str)}
    return any(isinstance(v, str) and v.lower() in names for v in values)


# keywords that already constrain or shape the value: enum-only-in-prose leaves the parameter alone
_ENUM_SAYS_MORE = ("enum", "const", "anyOf", "oneOf", "pattern", "format")
# a text none of these are in lists no values: neither _trigger_list (_ENUM_KEYS) nor a reader of _prose.py
# (_prose._KEYS, of which prose_number_list's keys are a part) reads anything in it
_ENUM_ANY_KEYS = tuple(dict.fromkeys(_ENUM_KEYS + _prose_keys))


class EnumOnlyInProse(Rule):
    """Finds parameters whose allowed values are listed only in the description.

    Why: "one of: 'open', 'closed', 'all'" in prose is a suggestion; the model
    paraphrases ("opened", "Closed") and the call fails or silently matches
    nothing. `enum` constrains decoding and validation and is what OpenAI's
    guidance asks for ("use enums ... to make invalid states unrepresentable").
    The rule reads closed lists only (quoted values, or a list after a colon)
    and skips open ones ("e.g.", "such as", "including"), and values that
    combine several items ("a list of severities, separated by a comma"),
    which an enum of single items would reject. Besides "one of: a, b" it
    reads the shapes real catalogs write (rules/_prose.py): "can be 'a' or
    'b'", "either metric or imperial", pipe lists ("send | receive"),
    "[Enum]: [...]", RST/markdown bullets and numbered lists under "Valid
    values:" / "Options are:", and numeric lists for numbers ("Allowed
    values: 60, 300, 600"). A list whose words are names of other parameters
    of the same tool ("either 'owner' or 'repo' must be set") is not read as
    values. Measured on tests/fixtures/prose_constraints.jsonl (real
    phrasings): `python benchmarks/prose_constraints.py`.

    Example: "state": {"type": "string", "description": "Issue state, one of 'open', 'closed' or 'all'."}

    Use instead: "state": {"type": "string", "enum": ["open", "closed", "all"], "description": "Issue state."}
    """

    id = "enum-only-in-prose"
    category = "description"
    severity = "warning"
    summary = "Allowed values are listed in the description but not as `enum`"
    hint = "Add an `enum` with the listed values (schemalint fix does)."
    fixable = "always"
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    messages = {"enum-in-prose": "parameter '{param}' of tool {tool} lists its allowed values ({values}) only in the "
                                 "description"}
    valid = [tool("list_issues", "List issues.", params(
        state=string("One of 'open', 'closed'.", enum=["open", "closed"]),
        label=string("A label, e.g. 'bug' or 'docs'."),
        path=string("The path, either absolute or relative."),
        owner=string("Repository owner."), repo=string("Repository name."),
        target=string("Where to link. Either 'owner' or 'repo' must be given.")))]
    invalid = [bad(tool("list_issues", "List issues.", params(
        state=string("Issue state, one of 'open', 'closed' or 'all'."),
        sort=string("Sort field. Possible values: created, updated"))),
        "enum-in-prose", "enum-in-prose",
        fixed=tool("list_issues", "List issues.", params(
            state=string("Issue state, one of 'open', 'closed' or 'all'.", enum=["open", "closed", "all"]),
            sort=string("Sort field. Possible values: created, updated", enum=["created", "updated"])))),
        bad(tool("get_activity", "Get address activity.", params(
            kind=string("send | receive | self_transfer."),
            units=string("Units, either metric or imperial."),
            ttl=integer("Cache lifetime in seconds. Allowed values: 60, 300, 600."))),
            "enum-in-prose", "enum-in-prose", "enum-in-prose",
            fixed=tool("get_activity", "Get address activity.", params(
                kind=string("send | receive | self_transfer.", enum=["send", "receive", "self_transfer"]),
                units=string("Units, either metric or imperial.", enum=["metric", "imperial"]),
                ttl=integer("Cache lifetime in seconds. Allowed values: 60, 300, 600.", enum=[60, 300, 600]))))]

    node_keys = frozenset({"description"})

    def check_node(self, node, ctx):
        schema = node.schema
        desc = node.description
        if not desc or not isinstance(schema, dict):
            return
        if not schema.keys().isdisjoint(_ENUM_SAYS_MORE) or not text_facts(desc).may(_ENUM_ANY_KEYS):
            return
        types = declared_types(schema, node.tool.format)
        if types is None or not set(types) - {"null"}:
            return
        types = set(types) - {"null"}
        if types <= {"string"}:
            parsed = parse_prose_enum(desc, lambda values: names_sibling(node, values))
        elif types <= {"integer", "number"} and "minimum" not in schema and "maximum" not in schema:
            numbers = prose_number_list(desc)
            if numbers and "number" not in types and any(isinstance(v, float) for v in numbers):
                numbers = None
            parsed = (numbers, False) if numbers else None
        else:
            return
        if parsed is None:
            return
        if may_contain(desc, _MULTI_KEYS) and _MULTI_VALUE.search(desc):
            return
        values, quoted = parsed
        if len(values) > 30 or names_sibling(node, values):
            return  # "either 'owner' or 'repo' must be set" names parameters, not values
        default = schema.get("default")
        if default is not None and default not in values:
            return  # the default is not in the list: the list is not the whole story
        shown = ", ".join(f"'{v}'" for v in values[:6]) + (", ..." if len(values) > 6 else "")
        ctx.report(node, "enum-in-prose", {"param": node.param, "tool": _tool_label(node.tool), "values": shown},
                   fix=Fix([Edit("set", node.path + ("enum",), values)],
                           "set enum from the values the description lists"))


# ------------------------------------------------------------------------------------------------
# contradictions

_SAYS_OPTIONAL = lazy_re(
    r"\(optional\)|\[optional\]|^\s*optional\b(?!\s+(?:list|array|set|fields?|parameters?\b(?! is)|"
    r"arguments?|filters?|properties|keys?|metadata|settings?|values?|items?|tags?))|"
    r"\b(?:this|the) (?:parameter|field|argument|value|param) is optional\b|^[^.]{0,40}\bis optional\b(?!\s+(?:if|when|for|unless))|"
    r"\(optional[,;:)]|\boptional parameter\b|\b(?:it|this) can be omitted\b|\botherwise (?:it )?can be omitted\b|"
    r"\bif omitted\b|\bleave (?:it )?out\b", re.I)
_SAYS_REQUIRED = lazy_re(
    r"^\s*\(?required\)?(?:[.:,;)\s]|$)(?!\s*(?:if|when|for|unless|only))|\(required\)|\[required\]|"
    r"\b(?:this|the) (?:parameter|field|argument|value|param) is (?:required|mandatory)\b(?!\s+(?:if|when|for|unless|only))|"
    r"^\s*mandatory\b|\(mandatory\)", re.I)


class DescriptionContradictsSchema(Rule):
    """Finds descriptions that contradict the schema next to them.

    Three checks, each conservative:
      - required: a required parameter described as optional ("(optional)",
        "can be omitted"), or an optional one described as required
        ("Required.", "(required)"); conditional wording ("required if ...") is
        skipped;
      - default: the description names a default different from `default`;
        numbers compare by value (10 == 10.0) and a unit after the number is
        ignored ("30 seconds" == 30 == "30s");
      - range: the description states a maximum or minimum different from
        `maximum`/`minimum`; limits in another unit than the parameter's are not
        compared.

    Why: the model reads both and trusts whichever it weighs more; clients and
    validators trust only the schema. A required parameter called optional gets
    dropped; an optional one called required gets invented values.

    Example: "limit": {"type": "integer", "default": 20, "description": "Page size (default 50)."}

    Use instead: make the two agree, ideally by keeping the fact only in the schema.
    """

    id = "description-contradicts-schema"
    category = "description"
    severity = "warning"
    summary = "The description contradicts the schema (required, default or range)"
    hint = "Make the description and the schema agree; keep defaults and limits in schema keywords."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"description"})
    messages = {
        "required-called-optional": "parameter '{param}' of tool {tool} is required but its description calls it "
                                    "optional",
        "optional-called-required": "parameter '{param}' of tool {tool} is optional in the schema but its "
                                    "description says it is required",
        # defaults and limits are values the user wrote, shown as text: they identify the finding
        "default-differs": "parameter '{param}' of tool {tool} has default {default} but its description says the "
                           "default is {stated}",
        "range-differs": "parameter '{param}' of tool {tool} has {keyword} {actual} but its description says "
                         "{bound} {stated}",
    }
    valid = [tool("list_items", "List items.", params(
        query=string("Search text."),
        limit=integer("Page size (default 10.0, max 100).", default=10, maximum=100),
        timeout={"type": "number", "default": 30, "description": "Timeout. Defaults to 30 seconds."},
        cursor=string("Required if more pages exist.")), required=["query"])]
    invalid = [bad(tool("list_items", "List items.", params(
        query=string("Search text (optional)."),
        limit=integer("Page size. Defaults to 50.", default=20),
        cursor=string("Required. Cursor from the previous page."),
        size=integer("Page size (max 100).", maximum=50)), required=["query"]),
        "required-called-optional", "default-differs", "optional-called-required", "range-differs")]

    def check_node(self, node, ctx):
        schema = node.schema
        desc = node.description
        if not desc or not isinstance(schema, dict):
            return
        tool = node.tool
        facts = text_facts(desc)
        if node.required:
            if facts.may(("optional", "omit", "leave")) and _SAYS_OPTIONAL.search(desc):
                ctx.report(node, "required-called-optional", _names(node))
        elif facts.may(("required", "mandatory")) and _SAYS_REQUIRED.search(desc):
            parent = node.parent.schema if node.parent is not None else None
            if isinstance(parent, dict) and isinstance(parent.get("required"), list):
                ctx.report(node, "optional-called-required", _names(node))
        default = schema.get("default")
        if default is not None and "efault" in desc and not _says_sentinel(desc) \
                and not _DEFAULT_SENTINEL.search(desc) and not _number_mentioned(desc, default):
            parsed = parse_prose_default(desc)
            if parsed is not None and (parsed[1] or parsed[0].lower() not in _NOT_A_VALUE) \
                    and not _other_unit(desc, parsed[0], node.name):
                same = _same_default(parsed[0], parsed[1], default)
                if same is False:
                    ctx.report(node, "default-differs",
                               {**_names(node), "default": _show(default), "stated": repr(parsed[0])})
        if "enum" in schema or schema.keys().isdisjoint(_BOUND_KEYWORDS):
            return  # no limit keyword to compare the prose with
        kind = value_kind(schema, tool.format)
        if kind is not None:
            keys = _KIND_KEYWORDS[kind]
            if (keys[0] in schema or keys[1] in schema):
                bounds = prose_bounds(desc, kind, node.name)
                for bound, key in (("max", keys[0]), ("min", keys[1])):
                    stated = bounds.get(bound)
                    actual = schema.get(key)
                    if stated is None or not isinstance(actual, (int, float)) or isinstance(actual, bool):
                        continue
                    if float(stated) != float(actual):
                        ctx.report(node, "range-differs", {**_names(node), "keyword": key, "actual": _num_text(actual),
                                                           "bound": bound, "stated": _num_text(stated)})


_BOUND_KEYWORDS = ("maximum", "minimum", "maxLength", "minLength", "maxItems", "minItems")


def _names(node) -> dict:
    """The parameter and tool a finding of description-contradicts-schema names, made only for a finding."""
    return {"param": node.param, "tool": _tool_label(node.tool)}


# "0 for the default of 100", "-1 uses the default": the schema default is a stand-in for the prose one
_DEFAULT_SENTINEL = lazy_re(r"\bfor (?:the )?default\b|\b(?:uses?|means?|selects?) (?:the )?default\b|"
                               r"=\s*default\b", re.I)
_ANY_NUMBER = lazy_re(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")


def _number_mentioned(desc: str, value) -> bool:
    """The schema's numeric default appears in the text (10 == 10.0 == 10,000/1000 written out)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    for m in _ANY_NUMBER.finditer(desc):
        number = _to_number(m.group(0))
        if number is None:
            continue
        if float(number) == float(value):
            return True
        tail = desc[m.end():m.end() + 8].lstrip().lower()
        if tail.startswith(("%", "percent")) and abs(float(number) / 100 - float(value)) < 1e-9:
            return True
    return False


def _other_unit(desc: str, prose_value: str, name) -> bool:
    """The prose default carries a unit other than the parameter's ("10 minutes" for a value in ms)."""
    m = _NUMBER_LEAD.match(prose_value)
    if not m:
        return False
    pos = desc.find(prose_value)
    after = desc[pos + len(prose_value):pos + len(prose_value) + 20] if pos >= 0 else ""
    unit_match = _UNIT_WORD.match(m.group(2) or after)
    if not unit_match:
        return False
    unit = _unit_of(unit_match.group(0))
    if unit not in _UNIT_CANON.values():
        return False
    return unit != _param_unit(name, desc)


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)):
        return _num_text(value)
    return repr(value)[:40]
