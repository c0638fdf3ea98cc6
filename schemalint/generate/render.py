"""Write drafts as an MCP, OpenAI or Anthropic tool catalog, in toolsets when there are too many for one list."""
from __future__ import annotations

import re

import orjson

from .build import Draft
from .packing import FirstFit
from .text import name_tokens

FORMATS = ("mcp", "openai", "anthropic")
OPERATION_KEY = "x-operation-id"
# what generate left out of a tool and why, and the credentials the server supplies (schemalint.contract reads the
# latter: they are not drift)
META_KEY = "x-schemalint"


def tool_object(draft: Draft, fmt: str) -> dict:
    schema = draft.input_schema()
    extra = {OPERATION_KEY: draft.operation_ref, **_meta(draft), **draft.ignore}
    if fmt == "openai":
        return {"type": "function", "function": {"name": draft.name, "description": draft.description,
                                                 "parameters": schema, **extra}}
    if fmt == "anthropic":
        return {"name": draft.name, "description": draft.description, "input_schema": schema, **extra}
    tool = {"name": draft.name}
    if draft.annotations.get("title"):
        tool["title"] = draft.annotations["title"]
    tool.update({"description": draft.description, "inputSchema": schema})
    output = draft.output_schema()
    if output is not None:
        tool["outputSchema"] = output
    tool.update({"annotations": draft.annotations, **extra})
    return tool


def _meta(draft: Draft) -> dict:
    meta: dict = {}
    if draft.notes:
        meta["left-out"] = [{"param": param, "reason": why} for param, why in draft.notes]
    if draft.server_supplies:
        meta["server-supplies"] = list(draft.server_supplies)
    return {META_KEY: meta} if meta else {}


def model_tokens(draft: Draft) -> int:
    """What the definition costs per request (as schemalint.tokens counts it)."""
    from ..tokens import estimate

    return estimate(orjson.dumps({"name": draft.name, "description": draft.description,
                                  "parameters": draft.input_schema()}))


def group_drafts(drafts: list[Draft], max_tools: int, max_tokens: int, tag_text: dict) -> list[tuple]:
    """[(name, description, drafts)]: one list when it fits, else toolsets of related tools.

    Tools are grouped by their first tag (or, untagged, by the resource they act on);
    a group too big for one list is split by sub-resource, then in chunks; small
    groups share a toolset, filled first-fit, largest first.
    """
    if max_tools <= 0:
        return [("", "", drafts)]
    sizes = {id(d): model_tokens(d) for d in drafts}
    if len(drafts) <= max_tools and sum(sizes.values()) <= max_tokens:
        return [("", "", drafts)]
    groups: dict[str, list[Draft]] = {}
    for d in drafts:
        groups.setdefault(_group_key(d, 0), []).append(d)
    pieces = []
    for key, members in groups.items():
        pieces.extend(_split(key, members, 1, max_tools, max_tokens, sizes))
    bins: list[list] = []  # [keys, members, tokens]
    fit = FirstFit([len(members) for _, members in pieces], max_tools, max_tokens)
    for key, members in pieces:  # first fit, in the order the contract lists them: neighbours stay together
        tokens = sum(sizes[id(d)] for d in members)
        index = fit.find(len(members), tokens)
        if index is None:
            fit.open(len(members), tokens)
            bins.append([[key], list(members), tokens])
        else:
            fit.add(index, len(members), tokens)
            b = bins[index]
            b[0].append(key)
            b[1].extend(members)
            b[2] += tokens
    order = {id(d): i for i, d in enumerate(drafts)}
    named = []
    used: set = set()
    next_suffix: dict = {}
    for keys, members, _ in sorted(bins, key=lambda b: min(order[id(d)] for d in b[1])):
        members.sort(key=lambda d: order[id(d)])
        name = _toolset_name(keys, used, next_suffix)
        used.add(name)
        named.append((name, _toolset_description(keys, tag_text), members))
    return named


def _group_key(d: Draft, level: int) -> str:
    if level == 0:
        first = d.tags[0] if d.tags else (d.route.resources[:1] or [d.route.action or "general"])[0]
        return "_".join(name_tokens(first)) or "general"
    resources = d.route.resources
    if level < len(resources):
        return "/".join(resources[: level + 1])
    return "/".join(resources) or d.route.action or "general"


def _split(key: str, members: list, level: int, max_tools: int, max_tokens: int, sizes: dict) -> list:
    if len(members) <= max_tools and sum(sizes[id(d)] for d in members) <= max_tokens:
        return [(key, members)]
    if level <= 3:
        sub: dict[str, list] = {}
        for d in members:
            sub.setdefault(_group_key(d, level), []).append(d)
        if len(sub) > 1:
            out = []
            # small neighbours share a toolset rather than each getting one
            pending_key, pending, pending_tokens = None, [], 0
            for sub_key, group in sub.items():
                group_tokens = sum(sizes[id(d)] for d in group)
                if pending and (len(pending) + len(group) > max_tools or pending_tokens + group_tokens > max_tokens):
                    out.extend(_split(pending_key, pending, level + 1, max_tools, max_tokens, sizes))
                    pending_key, pending, pending_tokens = None, [], 0
                pending_key = pending_key or sub_key
                pending.extend(group)
                pending_tokens += group_tokens
            if pending:
                out.extend(_split(pending_key, pending, level + 1, max_tools, max_tokens, sizes))
            return out
    # no structure left to split by: consecutive chunks within both budgets
    chunks, current, tokens = [], [], 0
    for d in members:
        if current and (len(current) >= max_tools or tokens + sizes[id(d)] > max_tokens):
            chunks.append(current)
            current, tokens = [], 0
        current.append(d)
        tokens += sizes[id(d)]
    if current:
        chunks.append(current)
    if len(chunks) == 1:
        return [(key, chunks[0])]
    return [(f"{key}_{i + 1}", chunk) for i, chunk in enumerate(chunks)]


def _toolset_name(keys: list, used: set, next_suffix: dict) -> str:
    """A name from the first keys, numbered when taken; `next_suffix` remembers, per base, the first number
    not yet tried (names are only ever added to `used`), so many toolsets of one base cost no rescans."""
    words = []
    for key in keys[:3]:
        words.extend(w for w in name_tokens(key) if w not in words)
    base = "_".join(words) or "tools"
    if len(keys) > 3:
        base += "_more"
    name, n = base, next_suffix.get(base, 2)
    while name in used:
        name = f"{base}_{n}"
        n += 1
    next_suffix[base] = n
    return name


def _toolset_description(keys: list, tag_text: dict) -> str:
    shown = []
    for key in keys:
        if key in tag_text and len(keys) == 1:
            return tag_text[key]
        words = " ".join(name_tokens(re.sub(r"_\d+$", "", key.split("/")[-1])))
        if words and words not in shown:
            shown.append(words)
    if not shown:
        return ""
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"Tools for {listed}."


def render(groups: list[tuple], fmt: str) -> str:
    if len(groups) == 1 and not groups[0][0]:
        data: dict = {"tools": [tool_object(d, fmt) for d in groups[0][2]]}
    else:
        data = {"toolsets": [{"name": name, **({"description": text} if text else {}),
                              "tools": [tool_object(d, fmt) for d in members]} for name, text, members in groups]}
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
