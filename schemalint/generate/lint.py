"""Lint the generated catalog with the project's rules and the contract, and repair what they find.

Each pass lints the rendered text exactly as `schemalint check OUT --contract SPEC`
would. The rules' own safe fixes are applied first (an enum the description
lists, a bound it states). Findings at warning or error that remain are
repaired conservatively: a parameter description is shortened, an optional
parameter or nested property is left out, a duplicate tool is dropped, a
toolset is split. A required parameter is never dropped; what cannot be
repaired is returned in `Result.remaining` and reported.
"""
from __future__ import annotations

import copy
import dataclasses

from ..engine.run import Selection, display_path, lint
from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..score import catalog_score, score_tools
from ..sources import parse_text
from ..sources import pointer as ptr
from .build import fallback_description
from .render import group_drafts, render
from .text import shorten

MAX_PASSES = 8
BLOCKING = ("error", "warning")
BUDGET_RULES = ("tool-token-budget", "too-many-parameters")
DUPLICATE_RULES = ("near-duplicate-tools", "multiple-tool-versions", "duplicate-tool-name")
CATALOG_RULES = ("too-many-tools", "catalog-token-budget")


def lint_text(text: str, selection: Selection, path: str = "generated.json"):
    doc = parse_text(path, text)
    found = find_tools(doc)
    catalog = Catalog(tools=found.tools, documents=[doc], notes=found.notes)
    return catalog, lint(catalog, selection)


def repair(result, contract, options, selection, budgets, max_tools: int, tag_text: dict, relinter=None) -> None:
    """`relinter`: the Relinter class (or a subclass) that lints each pass."""
    from .describe import Siblings, write_description
    from ..engine.relint import Relinter

    selection = _with_contract(selection, contract)
    linter = (relinter or Relinter)(selection)
    by_name = {d.name: d for d in result.drafts}
    dropped: set = set()  # ids of drafts a duplicate finding removed
    applied: set = set()
    attempts: dict = {}
    tool_limit, token_limit = max_tools, int(budgets.catalog_tokens * 0.95)
    catalog, findings = linter.lint(result.text)
    over_before = float("inf")  # findings of CATALOG_RULES before the last finer split
    same_text = 0  # passes in a row whose repairs left the rendered output as it was
    for _ in range(MAX_PASSES):
        fixed = _apply_fixes(findings, by_name, applied)
        changed = bool(fixed)
        blocking = [f for f in findings if f.severity in BLOCKING]
        tools = {t.name: t for t in catalog.tools}
        handled: set = set()
        for f in blocking:
            path = _schema_path(f, tools)
            if path and len(path) >= 2 and (f.tool, path[1]) in fixed:
                continue  # a fix just changed this parameter: see what the rules say about it next pass
            key = (f.tool, path if path is not None else f.param, f.rule)
            if key in handled:  # one repair per parameter and rule in a pass
                continue
            handled.add(key)
            changed |= _remedy(f, by_name, attempts, result, path, dropped, options) is not None
        if dropped:
            result.drafts[:] = [d for d in result.drafts if id(d) not in dropped]
        over = sum(1 for f in blocking if f.rule in CATALOG_RULES)
        if over and over < over_before:
            # toolsets over a catalog budget: split them finer, while that still helps (tools kept whole can be
            # bigger than a toolset's budget on their own; splitting finer then only costs lint passes)
            tool_limit = max(1, tool_limit - max(1, tool_limit // 5)) if tool_limit > 0 else tool_limit
            token_limit = int(token_limit * 0.85)
            changed = True
        over_before = over if over else float("inf")
        if not changed:
            break
        siblings = Siblings(result.drafts)
        for d in result.drafts:
            d.description = write_description(d, siblings)
        result.groups = group_drafts(result.drafts, tool_limit, token_limit, tag_text)
        text = render(result.groups, options.format)
        same_text = same_text + 1 if text == result.text else 0
        result.text = text
        if same_text >= 2:
            break  # the repairs tried twice changed nothing in the output: its findings are those of the last lint
        catalog = findings = blocking = tools = None  # the relinter keeps what the next lint reuses; drop the rest
        catalog, findings = linter.lint(result.text)
    result.remaining = [f for f in findings if f.severity in BLOCKING]
    scores = score_tools(catalog.tools, findings, display_path)
    result.score = catalog_score(scores)


def _with_contract(selection: Selection | None, contract) -> Selection:
    selection = selection or Selection()
    settings = dict(selection.settings or {})
    settings.setdefault("providers", [])
    settings["contracts"] = [contract.spec]
    return dataclasses.replace(selection, settings=settings)


def _apply_fixes(findings, by_name: dict, applied: set) -> set:
    """The rules' safe fixes, applied to parameter schemas (each at most once): the (tool, parameter)s changed."""
    changed: set = set()
    for f in findings:
        fix = f.fix
        if fix is None or fix is False or getattr(fix, "unsafe", False) or f.tool not in by_name:
            continue
        draft = by_name[f.tool]
        key = (f.rule, f.tool, f.param, tuple(tuple(e.path) for e in fix.edits))
        if key in applied:
            continue
        plan = []
        for edit in fix.edits:
            path = tuple(edit.path)
            if edit.target != "schema" or edit.op not in ("set", "remove") or len(path) < 3 \
                    or path[0] != "properties":
                plan = None
                break
            param = next((p for p in draft.kept() if p.name == path[1]), None)
            if param is None:
                plan = None
                break
            plan.append((param, edit.op, path[2:], edit.value))
        if not plan:
            continue
        applied.add(key)
        for param, op, path, value in plan:
            param.schema = _edited(param.schema, op, path, value)
            changed.add((f.tool, param.name))
    return changed


def _edited(schema: dict, op: str, path: tuple, value):
    """The schema with one edit, the nodes on the way to it copied and the rest shared (a whole copy of a large
    parameter, once per fix, was most of generate's time on OpenAI's spec)."""
    schema = copy.copy(schema)
    node = schema
    for token in path[:-1]:
        if isinstance(node, dict) and token in node or \
                isinstance(node, list) and isinstance(token, int) and token < len(node):
            child = copy.copy(node[token])
            node[token] = child
            node = child
        else:
            return schema
    last = path[-1]
    if op == "set" and isinstance(node, dict):
        node[last] = copy.deepcopy(value)
    elif op == "remove" and isinstance(node, dict):
        node.pop(last, None)
    elif op == "remove" and isinstance(node, list) and isinstance(last, int) and last < len(node):
        node.pop(last)
    return schema


def _remedy(f, by_name: dict, attempts: dict, result, path: tuple | None, dropped: set, options=None):
    """One conservative repair for a blocking finding: None when there is none left to try.

    A draft a duplicate finding removes is added to `dropped`; the caller takes it out of `result.drafts`.
    Parameters and nested properties are cut only with `options.trim` (and never one named in `options.keep`):
    otherwise a finding that rewording cannot clear stays on the output, reported.
    """
    trim = options is None or options.trim
    keep = set(options.keep) if options is not None else set()
    draft = by_name.get(f.tool)
    if draft is None or id(draft) in dropped:
        return None
    if f.rule in CATALOG_RULES:
        return "regroup"
    if f.rule in DUPLICATE_RULES:
        dropped.add(id(draft))
        result.notes.append(f"left out {draft.name} ({draft.operation_ref}): {f.message}")
        return "regroup"
    if f.param and path and len(path) >= 2 and path[0] == "properties":
        param = next((p for p in draft.kept() if p.name == path[1]), None)
        if param is None:
            return None
        rest = path[2:]
        key = (draft.name, path, f.rule)
        tried = attempts.get(key, 0)
        attempts[key] = tried + 1
        node = _node(param.schema, rest)
        if isinstance(node, dict) and _reword(f, node, param, rest, draft, tried):
            return "edited"
        if trim and _drop_nested(param, rest, keep):
            draft.notes.append((f.param, f.rule))
            return "edited"
        if trim and not param.required and param.name not in draft.omitted and param.name not in keep:
            draft.omitted.add(param.name)
            draft.notes.append((param.name, f.rule))
            return "edited"
        if f.severity == "warning" and isinstance(node, dict) and (trim or param.required):
            return _accept(f, node, draft, result)
        return None
    if f.rule in BUDGET_RULES:
        kept_optional = [p for p in draft.kept() if not p.required and p.name not in keep] if trim else []
        if kept_optional:
            last = kept_optional[-1]
            draft.omitted.add(last.name)
            draft.notes.append((last.name, f"optional; {f.rule}"))
            return "edited"
        if not draft.compact:
            draft.compact = True
            return "edited"
    if f.severity == "warning" and f.category != "drift" and (trim or f.rule not in BUDGET_RULES):
        return _accept(f, draft.ignore, draft, result)
    return None


def _reword(f, node: dict, param, rest: tuple, draft, tried: int) -> bool:
    """Change a description to clear the finding: the contract's full text when the finding is about a missing
    fact (a unit, a format), a shorter text or the name in words when the text itself is the problem."""
    text = node.get("description")
    full = draft.full_text.get(f.param)
    if f.category != "description":
        if full and text != full and tried == 0:
            node["description"] = full
            return True
        return False
    if tried == 0 and isinstance(text, str) and text:
        short = shorten(text, max_sentences=1, max_words=25)
        if short and short != text:
            node["description"] = short
            return True
    if tried <= 1:
        fallback = fallback_description(param, draft.route, _leaf(rest) or None)
        if text != fallback:
            node["description"] = fallback
            return True
    return False


def _accept(f, where: dict, draft, result):
    """A warning on something required that the contract gives nothing to repair with: marked, and reported.

    The marker is the standard suppression (`x-schemalint-ignore`), visible in the output, so the finding is a
    recorded decision rather than a silent one; the note says what to add to the contract to lift it.
    """
    marks = where.get("x-schemalint-ignore")
    marks = list(marks) if isinstance(marks, list) else []
    if f.rule in marks:
        return None
    marks.append(f.rule)
    where["x-schemalint-ignore"] = marks
    subject = f"'{f.param}'" if f.param else "the tool"
    result.accepted.append(f"{draft.name}: {subject}: {f.rule}: {f.message}")
    return "edited"


def _schema_path(f, tools: dict) -> tuple | None:
    """Where in the tool's input schema a finding points, as a path of keys and indexes."""
    tool = tools.get(f.tool)
    if tool is None or f.pointer is None or tool.schema_pointer is None:
        return None
    base = tool.schema_pointer
    if f.pointer != base and not f.pointer.startswith(base + "/"):
        return None
    tokens = ptr.split(f.pointer[len(base):]) if f.pointer != base else []
    return tuple(int(t) if t.isdigit() else t for t in tokens)


def _node(schema, path: tuple):
    node = schema
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return None
    return node


def _drop_nested(param, path: tuple, keep: set = frozenset()) -> bool:
    """Remove the deepest optional property on the way to a nested finding (never emptying an object, never one
    on the way to a path in `keep`)."""
    chain = []  # (object schema, property name) for each property step
    node = param.schema
    i = 0
    while i < len(path):
        token = path[i]
        if token == "properties" and i + 1 < len(path) and isinstance(node, dict) \
                and isinstance(node.get("properties"), dict) and path[i + 1] in node["properties"]:
            chain.append((node, path[i + 1]))
            node = node["properties"][path[i + 1]]
            i += 2
            continue
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return False
        i += 1
    names = [param.name] + [name for _, name in chain]
    for depth, (parent, name) in reversed(list(enumerate(chain))):
        required = parent.get("required") if isinstance(parent.get("required"), list) else []
        dotted = ".".join(names[:depth + 2])
        if any(k == dotted or k.startswith(dotted + ".") for k in keep):
            continue
        if name not in required and len(parent["properties"]) > 1:
            del parent["properties"][name]
            return True
    return False


def _leaf(path: tuple) -> str:
    names = [path[i + 1] for i in range(len(path) - 1) if path[i] == "properties" and isinstance(path[i + 1], str)]
    return names[-1] if names else ""
