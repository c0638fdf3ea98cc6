"""`schemalint generate`: tool schemas written from an OpenAPI contract the way a model needs them.

Pipeline: load the contract (schemalint.contract), choose operations (select),
draft one tool per operation (build: parameters merged and ranked, schemas
resolved), name them (naming), write descriptions and annotations (describe),
group them (render), then lint the result with the project's rules and the
contract itself and repair what the rules still find (lint): apply the rules'
own safe fixes, shorten or drop optional parameters that draw warnings, never
drop a required one. What was left out, and why, is reported as notes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SchemalintError
from .build import Draft, make_draft
from .naming import assign_names, route_of
from .render import FORMATS, group_drafts, model_tokens, render
from .schema import Cut
from .select import SelectionError, select_operations

__all__ = ["FORMATS", "Budgets", "GenerateError", "Options", "Result", "generate"]


class GenerateError(SchemalintError):
    pass


@dataclass
class Budgets:
    """Limits of the default rules (or the project's configured options) the output must stay within."""

    max_params: int = 15
    max_depth: int = 3
    max_tokens: int = 500
    max_tools: int = 20
    catalog_tokens: int = 10000

    @classmethod
    def from_selection(cls, selection) -> "Budgets":
        from ..engine.registry import all_rules

        rules = all_rules()

        def option(rule_id: str, key: str, fallback):
            configured = (selection.options.get(rule_id) or {}) if selection is not None else {}
            if key in configured:
                return configured[key]
            cls_ = rules.get(rule_id)
            return cls_.options.get(key, fallback) if cls_ is not None else fallback

        return cls(option("too-many-parameters", "max-params", 15), option("schema-too-deep", "max-depth", 3),
                   option("tool-token-budget", "max-tokens", 500), option("too-many-tools", "max-tools", 20),
                   option("catalog-token-budget", "max-tokens", 10000))


@dataclass
class Options:
    operations: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    format: str = "mcp"
    include_deprecated: bool = False
    max_tools: int | None = None  # None: the too-many-tools limit
    verify: bool = True  # lint the output (with the contract) and repair what the rules find
    # False (the default): every parameter and nested property is kept, and a budget the output goes over is a
    # finding on it; True: optional ones are cut to stay within the budgets, each cut listed
    trim: bool = False
    keep: list = field(default_factory=list)  # with trim: parameters (names or dotted paths) never cut


@dataclass
class Result:
    text: str
    drafts: list
    groups: list
    notes: list = field(default_factory=list)
    remaining: list = field(default_factory=list)  # findings at warning or error the repair could not remove
    accepted: list = field(default_factory=list)  # warnings marked x-schemalint-ignore: the contract lacks the fact
    score: float | None = None


# a tool's estimated size is kept this far under the budget: the estimate has a few percent of error
TOKEN_MARGIN = 0.9
# object levels kept below a tool's root when nothing is trimmed: reference cycles are cut where they close, so this
# only bounds a contract that nests inline objects without end
KEEP_DEPTH = 32


def generate(contract, options: Options, selection=None) -> Result:
    if options.format not in FORMATS:
        raise GenerateError(f"--format must be one of {', '.join(FORMATS)}")
    budgets = Budgets.from_selection(selection)
    try:
        chosen = select_operations(contract, options.operations, options.tags, options.include_deprecated)
    except SelectionError as exc:
        raise GenerateError(str(exc)) from None
    notes = list(chosen.notes)
    if not chosen.operations:
        raise GenerateError(f"{contract.display}: no operations to generate")
    drafts = []
    for op in chosen.operations:
        try:
            depth = budgets.max_depth if options.trim else KEEP_DEPTH
            drafts.append(make_draft(op, route_of(op.method, op.path), depth, options.include_deprecated,
                                     keep=set(options.keep)))
        except (Cut, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # a contract the validator lets through in a form the converter cannot read (a body that is
            # nothing but a $ref cycle, `required: 1.5`, a mapping where a name belongs): leave the operation
            # out and say so rather than guess its inputs
            notes.append(f"left out {op.label}: its schema cannot be read ({type(exc).__name__}"
                         f"{': ' + str(exc) if str(exc) else ''})")
    if not drafts:
        raise GenerateError(f"{contract.display}: no operation has a schema that can be read")
    names = assign_names(drafts)
    for d in drafts:
        d.name = names[id(d)]
    from .describe import Siblings, add_id_sources

    add_id_sources(drafts)
    siblings = Siblings(drafts)
    for d in drafts:
        fit_budget(d, siblings, budgets, options.trim, set(options.keep))
    max_tools = budgets.max_tools if options.max_tools is None else options.max_tools
    tag_text = _tag_descriptions(contract)
    groups = group_drafts(drafts, max_tools, budgets.catalog_tokens, tag_text)
    result = Result(render(groups, options.format), drafts, groups, notes)
    if options.verify:
        from ..contract.load import shared_work
        from .lint import repair

        with shared_work(contract):  # each lint reads the contract again: parsed and validated once
            repair(result, contract, options, selection, budgets, max_tools, tag_text)
    result.notes.extend(_server_supplies(result.drafts, contract))
    result.notes.extend(_left_out(result.drafts))
    return result


def _server_supplies(drafts: list, contract) -> list[str]:
    """What the server must be configured with: the contract's security schemes and the credential inputs left
    out of the tools (each listed under x-schemalint on its tool)."""
    from .credentials import security_scheme_names

    tools_by_input: dict[str, int] = {}
    for d in drafts:
        for name in d.server_supplies:
            tools_by_input[name] = tools_by_input.get(name, 0) + 1
    out = []
    if tools_by_input:
        listed = ", ".join(f"'{name}' ({n} tool{'s' if n != 1 else ''})" for name, n in tools_by_input.items())
        out.append(f"the server must supply credentials the tools leave out: {listed}")
    schemes = security_scheme_names(contract.document.data)
    if schemes:
        out.append(f"the server must authenticate its calls: {', '.join(schemes)}")
    return out


def _left_out(drafts: list) -> list[str]:
    """What was left out of each tool, one line per tool and reason; a line shared by many tools is said once."""
    lines: dict[str, list[str]] = {}
    for d in drafts:
        by_reason: dict[str, list[str]] = {}
        for param, why in d.notes:
            by_reason.setdefault(why, []).append(param)
        for why, params in by_reason.items():
            shown = ", ".join(f"'{p}'" for p in params[:4]) + (f" and {len(params) - 4} more" if len(params) > 4
                                                                else "")
            lines.setdefault(f"left out {shown} ({why})", []).append(d.name)
    out = []
    for text, names in lines.items():
        if len(names) > 2:
            out.append(f"{text} from {len(names)} tools")
        else:
            out.extend(f"{name}: {text}" for name in names)
    return out


def fit_budget(draft: Draft, siblings, budgets: Budgets, trim: bool = True, keep: set = frozenset()) -> None:
    """Without `trim`, keep every parameter. With it, keep optional parameters, most useful first (those named in
    `keep` always), while the tool stays within count and token budgets."""
    from .describe import annotations, write_description

    draft.annotations = annotations(draft)
    if not trim:
        draft.omitted = set()
        draft.description = write_description(draft, siblings)
        return
    limit = budgets.max_tokens * TOKEN_MARGIN
    optional = [p for p in draft.params if not p.required and p.name not in keep]
    count = len(draft.params) - len(optional)
    draft.omitted = {p.name for p in optional}
    draft.description = write_description(draft, siblings)
    # the description is rewritten once the parameters are chosen (it may name a cursor): leave room for that
    limit -= 20
    for p in optional:
        if count >= budgets.max_params:
            break
        draft.omitted.discard(p.name)
        if model_tokens(draft) > limit:
            draft.omitted.add(p.name)
            continue
        count += 1
    draft.description = write_description(draft, siblings)
    left_out = [p.name for p in optional if p.name in draft.omitted]
    if left_out:
        draft.notes.extend((name, "optional; over the parameter or token budget") for name in left_out)


def _tag_descriptions(contract) -> dict:
    from .text import name_tokens, shorten

    tags = contract.document.data.get("tags") if isinstance(contract.document.data, dict) else None
    out = {}
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            text = shorten(tag.get("description"), max_sentences=1, max_words=30)
            if text:
                out["_".join(name_tokens(tag["name"]))] = text
    return out
