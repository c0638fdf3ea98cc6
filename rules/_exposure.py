"""Which tools a model is offered together, and whether a list of tools is one request at all.

The catalog-wide rules (too-many-tools, catalog-token-budget, provider-tool-count; the level of
near-duplicate-tools and multiple-tool-versions) count what one request sends. A list in a file is read
as one request unless it shows otherwise:

- a bundle: every tool of the list is also the only tool of another file linted in the same run (tool
  snapshots bundled into one file, as github-mcp-server's toolsnaps are into tools_list.json);
- a dataset: its tools name several source files (`x-source-file`), it defines one name several ways
  (a dataset of variants, which no provider would accept in one request), or it is a bare list or a
  line-per-tool JSONL file longer than the longest list a provider documents accepting (Gemini's 512);
- tools reached through a search: the list holds a tool search and a tool to call what it finds
  (`search_tools` + `execute_tool`, or dynamic toolsets: `list_available_toolsets` + `enable_toolset`).

Within one request fewer tools than listed may reach the model:
- deferred tools (`defer_loading: true`, Anthropic's and OpenAI's tool search) load on demand;
- MCP Apps tools whose `_meta.ui.visibility` leaves out "model" are kept from the model by the host;
- tools marked with a toolset (`toolset`, `toolsets` or `feature` on the tool, its annotations or `_meta`,
  as PostHog's MCP server marks features) are exposed per toolset: each toolset counts with the tools no
  toolset marks.

A `scope` of "file" or "run" is the configuration saying what is exposed together: bundle and dataset
detection then stays off, and a definition repeated across files counts once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemalint.providers import GEMINI_MAX_TOOLS
from schemalint.tokens import model_view

from ._text import lazy_re, name_tokens

# the longest tool list a provider documents accepting in one request
LARGEST_REQUEST = GEMINI_MAX_TOOLS
# share of a list's tools that must have a one-tool file of their own for the list to be a bundle
BUNDLE_SHARE = 0.9
SOURCE_KEYS = ("x-source-file", "x-source", "source_file")
TOOLSET_KEYS = ("toolset", "toolsets", "feature")

_OBJECTS = {"tool", "tools", "toolset", "toolsets", "action", "actions"}
_MODIFIERS = {"available", "all", "upstream", "mcp", "hub", "server", "servers", "multi", "schema", "schemas",
              "details", "info", "by", "name", "the"}
_SEARCH_VERBS = {"search", "find", "discover", "list", "lookup", "describe", "browse", "query", "get"}
_CALL_VERBS = {"execute", "call", "invoke", "run", "use"}
_ENABLE_VERBS = {"enable", "load", "activate"}
_ACTION_SEARCH = {"search", "discover"}
_ACTION_CALL = {"execute"}
# the same roles said in a description's opening ("Search for tools across servers", "Execute a tool from a
# server": tool-hub-mcp's hub_search and hub_execute)
_SEARCH_TEXT = lazy_re(r"\b(?:search|find|discover|list|browse)(?:es|s)?\s+(?:for\s+)?"
                          r"(?:(?:the|all|available|matching|relevant|upstream|mcp)\s+)*tools\b", re.I)
_CALL_TEXT = lazy_re(r"\b(?:execute|call|invoke|run)s?\s+(?:a|any|one|the)\s+(?:\w+\s+)?tool\b", re.I)


@dataclass
class Offer:
    """Tools one request sends together: all of a list, or one toolset with the tools no toolset marks."""

    tools: list
    toolset: str | None = None


@dataclass
class ListView:
    listed: list
    # why the list is not one request ("" when it is)
    not_one_request: str = ""
    # what reaches the model through a search instead of being sent ("" when nothing)
    searched: str = ""
    offers: list = field(default_factory=list)
    # what is left out of the counts, for messages: " (not counted: 3 deferred by defer_loading)"
    note: str = ""

    @property
    def one_request(self) -> bool:
        return not self.not_one_request and not self.searched


# which tools count as one catalog: one list in a file, a whole file, or every file linted
SCOPES = ("list", "file", "run")


def catalogs(tools, scope: str) -> dict:
    """Tools grouped the way they are listed together.

    list: one array of tools (an MCP tools/list result, an OpenAI `tools` array, one BFCL record);
    file: every tool of a file; run: every tool linted at once (one tool per file, as in tool snapshots).
    """
    groups: dict = {}
    for tool in tools:
        if scope == "run":
            key = ("",)
        elif scope == "file":
            key = (tool.document.path,)
        elif tool.schema_pointer is not None and tool.pointer == tool.schema_pointer:
            key = (tool.document.path, tool.pointer)  # several tools inside one JSON-encoded string
        else:
            key = tool.catalog_key
        groups.setdefault(key, []).append(tool)
    return groups


def catalog_views(tools, scope: str, ctx) -> list[ListView]:
    """A ListView of every catalog of `scope`, computed once per run and scope for all catalog rules. A scope
    of file or run is the configuration saying each group is exposed together."""
    return ctx.cache(f"exposure.views.{scope}", lambda: [
        view_list(group, tools, ctx, explicit=scope != "list") for group in catalogs(tools, scope).values()])


def view_list(tools, all_tools, ctx, explicit: bool = False) -> ListView:
    listed = _distinct(tools) if explicit else list(tools)
    view = ListView(listed)
    if not explicit:
        view.not_one_request = dataset_reason(listed) or _bundle_reason(listed, all_tools, ctx)
    view.searched = _search_pair(listed)
    shown = [t for t in listed if not model_hidden(t)]
    sent = [t for t in shown if not deferred(t)]
    notes = []
    if len(sent) < len(shown):
        notes.append(f"{len(shown) - len(sent)} deferred by defer_loading")
    if len(shown) < len(listed):
        notes.append(f"{len(listed) - len(shown)} hidden from the model (MCP Apps visibility)")
    view.note = f" (not counted: {', '.join(notes)})" if notes else ""
    view.offers = _offers(sent)
    return view


def dataset_reason(tools) -> str:
    """Why a list is a dataset of tools rather than one request, or ""."""
    sources = {s for s in (_source(t) for t in tools) if s}
    if len(sources) >= 2:
        return f"its tools come from {len(sources)} source files (x-source-file)"
    repeated = repeated_name_count(tools)
    if repeated >= max(2, len(tools) // 100):
        return f"it defines {repeated} names more than once (a dataset of variants)"
    if len(tools) > LARGEST_REQUEST and _bare_list(tools[0]):
        return (f"{len(tools):,} tools in a bare list, more than OpenAI (128) or Gemini ({LARGEST_REQUEST}) "
                "accept in one request")
    return ""


def repeated_name_count(tools) -> int:
    """Names listed more than once with different definitions."""
    first: dict = {}
    repeated = set()
    for tool in tools:
        if not isinstance(tool.name, str):
            continue
        seen = first.setdefault(tool.name, tool)
        if seen is not tool and (seen.description != tool.description or seen.input_schema != tool.input_schema):
            repeated.add(tool.name)
    return len(repeated)


def deferred(tool) -> bool:
    return tool.raw.get("defer_loading") is True


def model_hidden(tool) -> bool:
    """MCP Apps: a tool whose `_meta.ui.visibility` leaves out "model" is for the app only."""
    meta = tool.raw.get("_meta")
    ui = meta.get("ui") if isinstance(meta, dict) else None
    visibility = ui.get("visibility") if isinstance(ui, dict) else None
    return isinstance(visibility, list) and bool(visibility) and "model" not in visibility


def toolsets_of(tool) -> tuple:
    raw = tool.raw
    for holder in (raw, tool.annotations, raw.get("_meta")):
        if not holder or not isinstance(holder, dict) or holder.keys().isdisjoint(TOOLSET_KEYS):
            continue
        for key in TOOLSET_KEYS:
            value = holder.get(key)
            if isinstance(value, str) and value.strip():
                return (value.strip(),)
            if isinstance(value, list):
                names = tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
                if names:
                    return names
    return ()


def _offers(sent: list) -> list[Offer]:
    members: dict[str, list] = {}
    unmarked = []
    for tool in sent:
        names = toolsets_of(tool)
        if not names:
            unmarked.append(tool)
        for name in names:
            members.setdefault(name, []).append(tool)
    marked = len(sent) - len(unmarked)
    if len(members) < 2 or marked * 2 < len(sent):
        return [Offer(sent)]
    return [Offer(unmarked + tools, name) for name, tools in members.items()]


def _distinct(tools) -> list:
    """One tool per definition: the same tool linted from two files is offered once."""
    seen = set()
    out = []
    for tool in tools:
        key = (tool.name, model_view(tool))
        if key not in seen:
            seen.add(key)
            out.append(tool)
    return out


def _source(tool) -> str | None:
    if tool.raw.keys().isdisjoint(SOURCE_KEYS):
        return None
    for key in SOURCE_KEYS:
        value = tool.raw.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _bare_list(tool) -> bool:
    """The tool sits in a top-level array or is a line of its own in JSONL: how datasets are written.
    A `tools` field (a request body, an MCP tools/list result) is taken as one request."""
    pointer = tool.pointer or ""
    if pointer.endswith("/function"):  # {"type": "function", "function": {...}}
        pointer = pointer[: -len("/function")]
    parts = pointer.split("/")
    return len(parts) == 2 and parts[1].isdigit()


def _bundle_reason(tools, all_tools, ctx) -> str:
    if len(tools) < 2:
        return ""
    singles = ctx.cache("exposure.single-tool-files", lambda: _single_tool_files(all_tools))
    if not singles:
        return ""
    twins = sum(1 for t in tools if _has_twin(t, singles))
    if twins >= BUNDLE_SHARE * len(tools):
        return f"every tool of it is also the only tool of its own file in this run ({twins} files): a bundle"
    return ""


def _has_twin(tool, singles: dict) -> bool:
    """Whether a tool alone in its file has the same name and definition."""
    alone = singles.get(tool.name)
    if not alone:
        return False
    view = model_view(tool)
    return any(model_view(other) == view for other in alone)


def _single_tool_files(tools) -> dict:
    """name -> the tools that are alone in their file. Their definitions are compared when asked (by name first):
    kept for the run, every single tool's definition would cost its length."""
    per_file: dict[str, list] = {}
    for tool in tools:
        per_file.setdefault(tool.file, []).append(tool)
    singles: dict = {}
    for members in per_file.values():
        if len(members) == 1:
            singles.setdefault(members[0].name, []).append(members[0])
    return singles


def _search_pair(tools) -> str:
    """'search_tools' and 'execute_tool' when the list reaches its tools through a search, else ""."""
    search = call = None
    for tool in tools:
        role = _meta_role(tool)
        if role == "search" and search is None:
            search = tool.name
        elif role == "call" and call is None:
            call = tool.name
        if search and call:
            return f"tools reached through '{search}' and '{call}'"
    return ""


def _meta_role(tool) -> str | None:
    """'search' for a tool that finds tools (or toolsets), 'call' for one that runs or enables what it found.
    By name, a verb and an object and nothing else but modifiers and one namespace prefix (`search_tools`,
    `COMPOSIO_SEARCH_TOOLS`, `list_available_toolsets`, `execute_tool`, `enable_toolset`); or by the opening
    of the description."""
    name = tool.name
    low = name.lower() if isinstance(name, str) else ""
    # every object word has "tool" or "action" in it: a name without either is no meta tool by name
    words = [t for t in name_tokens(name) if t not in _MODIFIERS] if "tool" in low or "action" in low else []
    if len(words) == 3:
        words = words[1:]  # a namespace prefix: rube_search_tools
    if len(words) == 2:
        verbs, objects = set(words) - _OBJECTS, set(words) & _OBJECTS
        if len(objects) == 1 and len(verbs) == 1:
            verb, obj = next(iter(verbs)), next(iter(objects))
            actions = obj.startswith("action")  # CI servers list and run "actions": only Strata's verbs count
            if verb in (_ACTION_SEARCH if actions else _SEARCH_VERBS):
                return "search"
            if verb in (_ACTION_CALL if actions else _CALL_VERBS | _ENABLE_VERBS):
                return "call"
    opening = (tool.description or "")[:200] if isinstance(tool.description, str) else ""
    if "tool" not in opening.lower():
        return None
    if _SEARCH_TEXT.search(opening):
        return "search"
    if _CALL_TEXT.search(opening):
        return "call"
    return None
