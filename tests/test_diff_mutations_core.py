"""Property-based mutation tests for the comparison core behind `schemalint diff` (schemalint.compare).

Two kinds of test, both on real tools:

- invariants over the corpus: a catalog compared with itself, with a freshly loaded copy, and with a copy whose
  objects have their keys in reverse order reports nothing (key order carries no meaning);
- one mutation at a time: hypothesis draws a real tool (the committed fixture `fixtures/diff_core/tools.json`,
  plus a fixed sample of the corpus when it is present), a mutation kind, and one place in the tool where that
  kind applies (top-level property, nested property, array items, an anyOf/oneOf branch, or a `$defs` entry
  reached through a `$ref`), and asserts that exactly the expected change comes back: id, level, tool, param.

A "reverse" mutation (a bound loosened where the tool has none) is the forward one read backwards: the mutated
tool is BASE and the real tool is HEAD. Mutations that only respell a schema (nullable spellings, BFCL type names,
a subtree moved into `$defs`) must report nothing.
"""
from __future__ import annotations

import copy
import functools
import json
import os
import random
from dataclasses import dataclass
from typing import Callable

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from schemalint.compare.schemas import compare_views
from schemalint.compare.tools import compare_catalogs
from schemalint.compare.view import view_of
from schemalint.loaders import load_paths, tools_of
from schemalint.loaders.formats import find_tools
from schemalint.sources import InputError, parse_text, read_document
from schemalint.sources import pointer as ptr
from tests.helpers import CORPUS, catalog_from

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "diff_core", "tools.json")
needs_corpus = pytest.mark.skipif(not os.path.isdir(CORPUS), reason=f"the corpus is not at {CORPUS}")

# The level each change id must have (SPEC, `diff`), written out here so that a level changed in the catalog
# fails this test.
LEVEL = {
    "tool-removed": "breaking", "tool-added": "additive", "tool-renamed": "breaking",
    "tool-deprecated": "description", "annotation-changed": "behavioural",
    "param-removed": "breaking", "param-added": "additive", "required-param-added": "breaking",
    "param-renamed": "breaking", "param-now-required": "breaking", "param-now-optional": "relaxation",
    "param-deprecated": "description",
    "type-narrowed": "breaking", "type-widened": "relaxation", "type-changed": "breaking",
    "nullable-added": "relaxation", "nullable-removed": "breaking",
    "enum-value-removed": "breaking", "enum-value-added": "additive", "enum-value-case-changed": "breaking",
    "enum-added": "breaking", "enum-removed": "relaxation",
    "const-changed": "breaking", "const-added": "breaking", "const-removed": "relaxation",
    "bound-tightened": "breaking", "bound-loosened": "relaxation",
    "pattern-added": "breaking", "pattern-changed": "breaking", "pattern-removed": "relaxation",
    "format-added": "breaking", "format-changed": "breaking", "format-removed": "relaxation",
    "default-added": "behavioural", "default-removed": "behavioural", "default-changed": "behavioural",
    "additional-properties-restricted": "breaking", "additional-properties-allowed": "relaxation",
    "combinator-added": "breaking", "combinator-removed": "relaxation",
    "branch-added": "relaxation", "branch-removed": "breaking",
    "output-property-removed": "breaking", "output-nullable-added": "breaking",
    "description-changed": "description", "param-description-changed": "description",
    "title-changed": "description", "examples-changed": "description",
}

# --------------------------------------------------------------------------------------------------------------
# loading


def _corpus_files() -> list[str]:
    out = []
    for root, dirs, files in os.walk(CORPUS):
        dirs.sort()
        out.extend(os.path.join(root, name) for name in sorted(files)
                   if not name.endswith(".md") and not name.startswith("."))
    return out


def _load(path: str):
    try:
        return load_paths([path]).tools
    except InputError:
        return None


def tool_dict(tool) -> dict:
    """A loaded tool as an MCP tool object, the shape the mutations edit (schemas copied verbatim)."""
    out: dict = {"name": tool.name}
    if tool.description is not None:
        out["description"] = tool.description
    if isinstance(tool.raw.get("title"), str):
        out["title"] = tool.raw["title"]
    out["inputSchema"] = tool.input_schema
    if tool.output_schema is not None:
        out["outputSchema"] = tool.output_schema
    if tool.annotations:
        out["annotations"] = tool.annotations
    return copy.deepcopy(out)


def _has_params(tool: dict) -> bool:
    schema = tool.get("inputSchema")
    return isinstance(tool.get("name"), str) and isinstance(schema, dict) and bool(schema.get("properties"))


@functools.lru_cache(maxsize=None)
def fixture_tools() -> tuple:
    with open(FIXTURE, encoding="utf-8") as fh:
        return tuple(json.load(fh)["tools"])


CORPUS_SAMPLE_PER_SOURCE = 40


@functools.lru_cache(maxsize=None)
def corpus_sample() -> tuple:
    """Up to 40 tools with parameters from each corpus source (its first two path parts), drawn with a fixed
    seed: BFCL alone would otherwise fill the sample."""
    if not os.path.isdir(CORPUS):
        return ()
    by_source: dict = {}
    for path in _corpus_files():
        source = "/".join(os.path.relpath(path, CORPUS).split(os.sep)[:2])
        for tool in _load(path) or []:
            as_dict = tool_dict(tool)
            if _has_params(as_dict):
                by_source.setdefault(source, []).append(as_dict)
    rng = random.Random(13)
    out = []
    for source in sorted(by_source):
        tools = by_source[source]
        out.extend(rng.sample(tools, min(CORPUS_SAMPLE_PER_SOURCE, len(tools))))
    return tuple(out)


def tool_pool() -> tuple:
    return fixture_tools() + corpus_sample()


def reverse_keys(value):
    if isinstance(value, dict):
        return {k: reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reverse_keys(v) for v in value]
    return value


def reversed_copy(path: str) -> list:
    """The tools of `path` read from a copy of the file whose every object lists its keys in reverse order."""
    doc = read_document(path)
    data = reverse_keys(doc.data)
    if doc.kind == "jsonl":
        text = "\n".join(json.dumps(row, ensure_ascii=False, default=str) for row in data) + "\n"
    else:
        text = json.dumps(data, ensure_ascii=False, default=str)
    return tools_of(parse_text(path, text, doc.kind)).tools


# --------------------------------------------------------------------------------------------------------------
# 1. invariants over the corpus


def _catalog_problems(path: str, tools: list) -> list[str]:
    problems = []
    flipped_tools = reversed_copy(path)
    for label, other in (("itself", tools), ("a fresh copy", _load(path)), ("its keys reversed", flipped_tools)):
        changes = compare_catalogs(tools, other)
        if changes:
            first = changes[0]
            problems.append(f"{path} against {label}: {len(changes)} changes, first {first.change.change} on "
                            f"{first.tool} {first.change.param}: {first.change.message}")
    assert len(flipped_tools) == len(tools), path
    def place(tool):  # tools keyed by name in a map (PostHog's layout) come in reverse order in the flipped copy
        return tool.pointer

    for tool, flipped in zip(sorted(tools, key=place), sorted(flipped_tools, key=place)):
        # the catalog comparison skips tools whose canonical bytes agree: compare the schemas themselves too
        for mode, key in (("input", "input_schema"), ("output", "output_schema")):
            old, new = getattr(tool, key), getattr(flipped, key)
            if old is None and new is None:
                continue
            changes = compare_views(view_of(old), view_of(new), mode=mode)
            if changes:
                problems.append(f"{path} {tool.name} {mode} schema against its keys reversed: "
                                f"{changes[0].change} {changes[0].param}")
    return problems


@needs_corpus
def test_every_corpus_catalog_compared_with_itself_reports_nothing():
    problems, tools_seen, files = [], 0, 0
    for path in _corpus_files():
        tools = _load(path)
        if not tools:
            continue
        files += 1
        tools_seen += len(tools)
        problems.extend(_catalog_problems(path, tools))
    assert tools_seen > 15000 and files > 100, (files, tools_seen)
    assert not problems, "\n".join(problems[:20])


def test_fixture_catalog_compared_with_itself_reports_nothing():
    tools = load_paths([FIXTURE]).tools
    assert len(tools) == len(fixture_tools())
    assert not _catalog_problems(FIXTURE, tools)


# --------------------------------------------------------------------------------------------------------------
# where a mutation can go


ALIASES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "dict": "object",
           "list": "array", "file": "string"}
KNOWN_TYPES = {"string", "integer", "number", "boolean", "object", "array"}
WHERE_ORDER = ("root", "top", "nested", "items", "branch", "defs")


@dataclass(frozen=True)
class Site:
    path: tuple  # JSON tokens from the schema root to the node
    param: str | None  # the dotted parameter path a change at this node is reported on
    where: str  # root | top | nested | items | branch | defs
    parent: tuple | None = None  # the object whose `properties` hold this node, for a property
    name: str | None = None  # the property name, for a property
    wrapped: bool = False  # the lone other branch of a union with a null branch (`anyOf: [X, {type: null}]`)
    anchored: bool = False  # a `$ref` points at this node or inside it: moving it would break the reference


def get(schema, path):
    node = schema
    for token in path:
        node = node[token]
    return node


def _ref_path(ref) -> tuple | None:
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    try:
        return tuple(ptr.split(ref[1:]))
    except (ValueError, TypeError):
        return None


def _refs(schema) -> list:
    out = []

    def visit(node):
        if isinstance(node, dict):
            target = _ref_path(node.get("$ref"))
            if target is not None:
                out.append(target)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return out


def _is_null_only(node) -> bool:
    return isinstance(node, dict) and node.get("type") == "null" and len(set(node) - {"description", "title"}) == 1


def _deeper(where: str, new: str) -> str:
    return max(where, new, key=WHERE_ORDER.index)


def sites(schema) -> list[Site]:
    """Every node of `schema` a mutation may edit, with the param a change there is reported on."""
    if not isinstance(schema, dict):
        return []
    refs = _refs(schema)
    counts = {target: refs.count(target) for target in refs}
    out: list[Site] = []

    def text(path):
        return tuple(str(t) for t in path)  # a ref's tokens are text; a site's list indexes are integers

    def anchored(path):
        return any(target[:len(path)] == text(path) for target in counts)

    def visit(node, path, param, where, parent=None, name=None, wrapped=False, depth=0, via=()):
        if not isinstance(node, dict) or depth > 10:
            return
        if "$ref" in node:
            target = _ref_path(node["$ref"])
            # follow a reference into $defs only where it is the single one (else one edit shows at each use)
            if (target and len(target) == 2 and target[0] in ("$defs", "definitions") and counts[target] == 1
                    and set(node) == {"$ref"} and target not in via and not anchored_inside(target)):
                try:
                    visit(get(schema, target), target, param, "defs", parent, name, wrapped, depth + 1, via + (target,))
                except (KeyError, IndexError, TypeError):
                    pass
            return
        if text(path) in counts and text(path) not in via:
            return  # the target of a reference from elsewhere (a recursive schema): edits show at several params
        out.append(Site(path, param, where, parent, name, wrapped, anchored(path)))
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                child = f"{param}.{key}" if param else key
                visit(sub, path + ("properties", key), child, _deeper(where, "top" if param is None else "nested"),
                      path, key, False, depth + 1, via)
        items = node.get("items")
        if isinstance(items, dict):
            visit(items, path + ("items",), f"{param}[]" if param else "[]", _deeper(where, "items"), None, None,
                  False, depth + 1, via)
        for keyword in ("anyOf", "oneOf"):
            branches = node.get(keyword)
            if not isinstance(branches, list):
                continue
            others = [i for i, b in enumerate(branches) if not _is_null_only(b)]
            lone = len(others) == 1 and len(others) < len(branches)
            for i in others:
                visit(branches[i], path + (keyword, i), param, _deeper(where, "branch"), None, None, lone,
                      depth + 1, via)

    def anchored_inside(target):
        return any(other != target and other[:2] == target for other in counts)

    visit(schema, (), None, "root")
    return out


def scalar_type(node) -> str | None:
    raw = node.get("type") if isinstance(node, dict) else None
    if not isinstance(raw, str):
        return None
    name = ALIASES.get(raw, raw)
    return name if name in KNOWN_TYPES else None


def plain(node) -> bool:
    """A node that states its own type and no union, merge or reference beside it."""
    return not any(k in node for k in ("anyOf", "oneOf", "allOf", "$ref", "not"))


def typed(site: Site, node, *types) -> bool:
    return site.param is not None and plain(node) and scalar_type(node) in types and "nullable" not in node


def is_object(node) -> bool:
    return isinstance(node.get("properties"), dict) and plain(node) and \
        (node.get("type") is None or scalar_type(node) == "object")


# --------------------------------------------------------------------------------------------------------------
# mutations


@dataclass
class Case:
    before: list  # tools of BASE (the drawn tool, or its mutated copy for a reverse mutation)
    after: list
    expected: list  # (change id, param) pairs; [] for a respelling
    detail: dict | None = None  # detail keys the single expected change must carry
    tool: str | None = None  # the tool name the changes are reported on


@dataclass(frozen=True)
class Kind:
    name: str
    applies: Callable  # (site, node, tool) -> bool; None: a tool-level kind
    mutate: Callable  # (tool, site, node, draw) -> Case
    output: bool = False  # the sites are in the output schema
    moves_paths: bool = False  # the edit moves a subtree: not on anchored nodes


def _schema_of(tool: dict, output: bool) -> dict:
    return tool["outputSchema" if output else "inputSchema"]


def _swap(case: Case, expected_id: str) -> Case:
    return Case(case.after, case.before, [(expected_id, p) for _, p in case.expected], case.detail, case.tool)


def _one(tool, mutated, change, param, **detail) -> Case:
    return Case([tool], [mutated], [(change, param)], detail or None, tool["name"])


def _names_free(tool) -> Callable:
    """A name like `base` that the tool does not use anywhere yet."""
    text = json.dumps(tool)
    return lambda base: next(f"{base}{n or ''}" for n in range(100) if f'"{base}{n or ""}"' not in text)


# ---- tool level


def _tool_removed(tool, site, node, draw):
    return Case([tool], [], [("tool-removed", None)], tool=tool["name"])


def _tool_added(tool, site, node, draw):
    return Case([], [tool], [("tool-added", None)], tool=tool["name"])


def _tool_renamed(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    mutated["name"] = tool["name"] + draw(st.sampled_from(["_v2", "2", "_renamed"]))
    return _one(tool, mutated, "tool-renamed", None, renamed_to=mutated["name"])


def _tool_description(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    mutated["description"] = (tool.get("description") or "") + " Returns at most 100 results."
    return _one(tool, mutated, "description-changed", None)


def _tool_title(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    if "title" in tool or not isinstance((tool.get("annotations") or {}).get("title"), str):
        mutated["title"] = (tool.get("title") or "") + " (beta)"
    else:
        mutated["annotations"]["title"] += " (beta)"
    return _one(tool, mutated, "title-changed", None)


def _tool_examples(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    mutated["input_examples"] = [{}]
    return _one(tool, mutated, "examples-changed", None)


def _tool_deprecated(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    mutated["deprecated"] = True
    return _one(tool, mutated, "tool-deprecated", None)


def _hint(hint):
    def mutate(tool, site, node, draw):
        mutated = copy.deepcopy(tool)
        notes = mutated.setdefault("annotations", {})
        old = notes.get(hint)
        if isinstance(old, bool) and draw(st.booleans()):
            del notes[hint]
        else:
            notes[hint] = (not old) if isinstance(old, bool) else draw(st.booleans())
        return _one(tool, mutated, "annotation-changed", None, hint=hint, old=old, new=notes.get(hint))
    return mutate


# ---- parameters


def _is_property(site, node, tool) -> bool:
    return site.parent is not None


def _param_removed(tool, site, node, draw, output=False):
    mutated = copy.deepcopy(tool)
    parent = get(_schema_of(mutated, output), site.parent)
    del parent["properties"][site.name]
    if isinstance(parent.get("required"), list) and site.name in parent["required"]:
        parent["required"] = [r for r in parent["required"] if r != site.name]
    return _one(tool, mutated, "output-property-removed" if output else "param-removed", site.param)


def _added(required):
    def mutate(tool, site, node, draw):
        mutated = copy.deepcopy(tool)
        target = get(mutated["inputSchema"], site.path)
        name = _names_free(tool)(draw(st.sampled_from(["dry_run", "zzAdded", "page_token"])))
        target["properties"][name] = draw(st.sampled_from([
            {"type": "string", "description": "A new parameter."}, {"type": "integer"}, {"type": "boolean"}]))
        if required:
            target["required"] = list(target.get("required") or []) + [name]
        child = f"{site.param}.{name}" if site.param else name
        return _one(tool, mutated, "required-param-added" if required else "param-added", child)
    return mutate


def _param_renamed(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    parent = get(mutated["inputSchema"], site.parent)
    new = _names_free(tool)(site.name + draw(st.sampled_from(["_new", "Id", "2"])))
    parent["properties"] = {(new if k == site.name else k): v for k, v in parent["properties"].items()}
    if isinstance(parent.get("required"), list):
        parent["required"] = [new if r == site.name else r for r in parent["required"]]
    return _one(tool, mutated, "param-renamed", site.param, renamed_to=new)


def _renamed_and_reworded(tool, site, node, draw):
    case = _param_renamed(tool, site, node, draw)
    target = get(case.after[0]["inputSchema"], site.parent)["properties"][case.detail["renamed_to"]]
    target["description"] += " Optional."
    # a rename (same shape, mostly the same words) and the words that changed with it
    return Case(case.before, case.after, [("param-renamed", site.param), ("param-description-changed",
                                                                           site.param)], case.detail, case.tool)


def _tool_renamed_and_reworded(tool, site, node, draw):
    assume(len(tool.get("description") or "") >= 40)  # the words must still mostly agree
    case = _tool_renamed(tool, site, node, draw)
    case.after[0]["description"] += " Deprecated soon."
    return Case(case.before, case.after, [("tool-renamed", None), ("description-changed", None)], case.detail,
                case.tool)


def _reordered(key):
    def mutate(tool, site, node, draw):
        mutated, target = _edit(tool, site)
        target[key] = list(reversed(node[key]))
        return Case([tool], [mutated], [], tool=tool["name"])
    return mutate


def _required(site, tool) -> list:
    required = get(tool["inputSchema"], site.parent).get("required")
    return required if isinstance(required, list) else []


def _now_required(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    parent = get(mutated["inputSchema"], site.parent)
    parent["required"] = list(parent.get("required") or []) + [site.name]
    return _one(tool, mutated, "param-now-required", site.param)


def _now_optional(tool, site, node, draw):
    mutated = copy.deepcopy(tool)
    parent = get(mutated["inputSchema"], site.parent)
    parent["required"] = [r for r in parent["required"] if r != site.name]
    return _one(tool, mutated, "param-now-optional", site.param)


# ---- types and nullability


def _edit(tool, site, output=False):
    mutated = copy.deepcopy(tool)
    return mutated, get(_schema_of(mutated, output), site.path)


def _sibling_types(tool, site) -> set:
    """The types of the other alternatives when the node is a union branch."""
    if len(site.path) < 2 or site.path[-2] not in ("anyOf", "oneOf"):
        return set()
    branches = get(tool["inputSchema"], site.path[:-1])
    return {scalar_type(b) for i, b in enumerate(branches) if i != site.path[-1] and isinstance(b, dict)}


def _retypable(site, node, tool, *types, new=None) -> bool:
    """`node` has one of `types` and its new type (`new(type)`) is no sibling branch's: two alternatives of
    one type could not be told apart."""
    if not typed(site, node, *types):
        return False
    return not (set(new(scalar_type(node))) & _sibling_types(tool, site)) if new else True


def _type_narrowed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["type"] = "integer"
    return _one(tool, mutated, "type-narrowed", site.param)


def _type_widened(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    if scalar_type(node) == "integer" and draw(st.booleans()):
        target["type"] = "number"
    else:
        extra = "integer" if scalar_type(node) != "integer" else "string"
        target["type"] = [node["type"], extra]
    return _one(tool, mutated, "type-widened", site.param)


CHANGED_TYPE = {"string": "integer", "integer": "string", "number": "string", "boolean": "string",
                "array": "string", "object": "string"}


def _type_changed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["type"] = CHANGED_TYPE[scalar_type(node)]
    return _one(tool, mutated, "type-changed", site.param)


NULLABLE_SPELLINGS = ("type-list", "anyOf", "oneOf", "nullable")
OUTER_KEYS = ("description", "title", "default", "examples", "example", "deprecated")


def spell_nullable(node: dict, spelling: str) -> dict:
    """`node` (a plain typed schema) made to accept null, in one of the spellings schemas use. An enum gets null
    as a value where the null is written on the node itself (OpenAI strict mode, OpenAPI 3.0.3)."""
    enum = {"enum": node["enum"] + [None]} if isinstance(node.get("enum"), list) else {}
    if spelling == "type-list":
        return {**node, "type": [node["type"], "null"], **enum}
    if spelling == "nullable":
        return {**node, "nullable": True, **enum}
    inner = {k: v for k, v in node.items() if k not in OUTER_KEYS}
    outer = {k: v for k, v in node.items() if k in OUTER_KEYS}
    return {spelling: [inner, {"type": "null"}], **outer}


def _can_be_nullable(site, node, tool) -> bool:
    return typed(site, node, *KNOWN_TYPES) and "const" not in node and not site.wrapped and \
        None not in (node.get("enum") or [])


def _nullable_added(tool, site, node, draw, output=False):
    spellings = NULLABLE_SPELLINGS if not site.anchored else ("type-list", "nullable")
    spelling = draw(st.sampled_from(spellings))
    note(f"spelling: {spelling}")
    mutated = copy.deepcopy(tool)
    schema = _schema_of(mutated, output)
    replacement = spell_nullable(copy.deepcopy(node), spelling)
    if site.path:
        get(schema, site.path[:-1])[site.path[-1]] = replacement
    return _one(tool, mutated, "output-nullable-added" if output else "nullable-added", site.param)


def _real_nullable(site, node, tool) -> str | None:
    """How `node` spells "may be null", when it does in a way a mutation can undo."""
    if site.param is None or not isinstance(node, dict):
        return None
    raw = node.get("type")
    if isinstance(raw, list) and "null" in raw and len(raw) >= 2 and plain(node):
        return "type-list"
    if node.get("nullable") is True and scalar_type(node) and plain(node):
        return "nullable"
    for keyword in ("anyOf", "oneOf"):
        branches = node.get(keyword)
        beside = ("allOf", "$ref", "not", "type", "anyOf" if keyword == "oneOf" else "oneOf")
        if isinstance(branches, list) and any(_is_null_only(b) for b in branches) and \
                not any(k in node for k in beside):
            others = [b for b in branches if not _is_null_only(b)]
            if len(others) == 1 and isinstance(others[0], dict) and not site.anchored:
                return keyword
            if len(others) >= 2:
                return keyword + "-union"
    return None


def _without_null(node: dict, spelling: str) -> dict:
    enum = {"enum": [v for v in node["enum"] if v is not None]} if isinstance(node.get("enum"), list) else {}
    if spelling == "type-list":
        rest = [t for t in node["type"] if t != "null"]
        return {**node, "type": rest[0] if len(rest) == 1 else rest, **enum}
    if spelling == "nullable":
        return {**{k: v for k, v in node.items() if k != "nullable"}, **enum}
    keyword = spelling.split("-")[0]
    others = [b for b in node[keyword] if not _is_null_only(b)]
    if spelling.endswith("-union"):
        return {**node, keyword: others}
    return {**others[0], **{k: v for k, v in node.items() if k != keyword}}


def _nullable_removed(tool, site, node, draw):
    spelling = _real_nullable(site, node, tool)
    if spelling and draw(st.booleans()):
        note(f"real {spelling}")
        mutated = copy.deepcopy(tool)
        get(mutated["inputSchema"], site.path[:-1])[site.path[-1]] = _without_null(copy.deepcopy(node), spelling)
        return _one(tool, mutated, "nullable-removed", site.param)
    assume(_can_be_nullable(site, node, tool))
    return _swap(_nullable_added(tool, site, node, draw), "nullable-removed")


def _nullable_respelled(tool, site, node, draw):
    """The same "may be null" written another way: nothing changed."""
    spellings = NULLABLE_SPELLINGS if not site.anchored else ("type-list", "nullable")
    spelling = _real_nullable(site, node, tool)
    if spelling in NULLABLE_SPELLINGS and draw(st.booleans()):
        base_tool, plain_node = tool, _without_null(copy.deepcopy(node), spelling)
        if spelling in ("anyOf", "oneOf") and not (scalar_type(plain_node) and plain(plain_node)):
            assume(False)
    else:
        assume(_can_be_nullable(site, node, tool))
        spelling = draw(st.sampled_from(spellings))
        base_tool, plain_node = None, node
    other = draw(st.sampled_from([s for s in spellings if s != spelling]))
    note(f"{spelling} -> {other}")
    before, after = copy.deepcopy(tool), copy.deepcopy(tool)
    if base_tool is None:
        get(before["inputSchema"], site.path[:-1])[site.path[-1]] = spell_nullable(copy.deepcopy(plain_node), spelling)
    get(after["inputSchema"], site.path[:-1])[site.path[-1]] = spell_nullable(copy.deepcopy(plain_node), other)
    return Case([before], [after], [], tool=tool["name"])


RESPELLED_TYPE = {"dict": "object", "object": "dict", "float": "number", "number": "float", "str": "string",
                  "string": "str", "int": "integer", "integer": "int", "bool": "boolean", "boolean": "bool"}


def _type_respelled(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["type"] = RESPELLED_TYPE[node["type"]]
    return Case([tool], [mutated], [], tool=tool["name"])


# ---- allowed values


def _distinct(values) -> list:
    out = []
    for v in values:
        if not any(type(v) is type(w) and v == w for w in out):
            out.append(v)
    return out


def _accepts_null(node) -> bool:
    return isinstance(node.get("type"), list) and "null" in node["type"] or node.get("nullable") is True


def _enum_values(node) -> list:
    """The distinct enum values, less a null the node's type accepts anyway (`type: [X, null]`)."""
    return [v for v in _distinct(node["enum"]) if not (v is None and _accepts_null(node))]


def _has_enum(site, node, tool, least=1) -> bool:
    return site.param is not None and isinstance(node.get("enum"), list) and len(_enum_values(node)) >= least


def _enum_value_removed(tool, site, node, draw):
    value = draw(st.sampled_from(_enum_values(node)))
    mutated, target = _edit(tool, site)
    target["enum"] = [v for v in node["enum"] if not (type(v) is type(value) and v == value)]
    return _one(tool, mutated, "enum-value-removed", site.param, removed=[value])


def _addable_enum(site, node, tool) -> bool:
    if not _has_enum(site, node, tool):
        return False
    values = node["enum"]
    return all(isinstance(v, str) for v in values) or all(type(v) is int for v in values)


def _enum_value_added(tool, site, node, draw):
    values = node["enum"]
    new = max(values) + 1 if isinstance(values[0], int) else _names_free(tool)("zz_new_value")
    mutated, target = _edit(tool, site)
    target["enum"] = values + [new] if draw(st.booleans()) else [new] + values
    return _one(tool, mutated, "enum-value-added", site.param, added=[new])


def _recasable(node) -> list:
    values = node.get("enum")
    if not isinstance(values, list):
        return []
    strings = [v for v in values if isinstance(v, str)]
    return [v for v in _distinct(strings) if v.upper() != v.lower()
            and sum(1 for w in strings if w.lower() == v.lower()) == 1]


def _enum_case_changed(tool, site, node, draw):
    value = draw(st.sampled_from(_recasable(node)))
    new = value.upper() if value != value.upper() else value.lower()
    mutated, target = _edit(tool, site)
    target["enum"] = [new if v == value else v for v in node["enum"]]
    # one change, not a removal and an addition: the old spelling is what callers send
    return _one(tool, mutated, "enum-value-case-changed", site.param, removed=[value], added=[new])


def _free_value(site, node, tool) -> bool:
    return typed(site, node, "string", "integer") and "enum" not in node and "const" not in node


def _enum_added(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["enum"] = ["zz_alpha", "zz_beta"] if scalar_type(node) == "string" else [1, 2, 3]
    return _one(tool, mutated, "enum-added", site.param)


def _enum_removed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    del target["enum"]
    return _one(tool, mutated, "enum-removed", site.param)


def _has_const(site, node, tool) -> bool:
    return site.param is not None and "const" in node and isinstance(node["const"], (str, int)) and \
        not isinstance(node["const"], bool)


def _const_changed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    old = node["const"]
    # a value no sibling branch has: `anyOf: [{const: 0}, {const: 1}]` with 0 -> 1 would merge two branches
    target["const"] = old + "_v2" if isinstance(old, str) else old + 900001
    return _one(tool, mutated, "const-changed", site.param)


def _const_added(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["const"] = "zz_fixed" if scalar_type(node) == "string" else 7
    return _one(tool, mutated, "const-added", site.param)


def _const_removed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    del target["const"]
    return _one(tool, mutated, "const-removed", site.param)


# ---- bounds

BOUNDS = {
    "minimum": ("min", ("integer", "number"), [0, 1, -10, 2.5]),
    "maximum": ("max", ("integer", "number"), [0, 100, 1000, 65535]),
    "exclusiveMinimum": ("min", ("integer", "number"), [0, 1]),
    "exclusiveMaximum": ("max", ("integer", "number"), [100, 1000000]),
    "minLength": ("min", ("string",), [1, 3]),
    "maxLength": ("max", ("string",), [8, 255, 1000, 2000, 65536]),
    "minItems": ("min", ("array",), [1, 2]),
    "maxItems": ("max", ("array",), [5, 100, 1000]),
}
LENGTHS = ("minLength", "maxLength", "minItems", "maxItems")


def _bound_site(key):
    def applies(site, node, tool):
        if not typed(site, node, *BOUNDS[key][1]):
            return False
        if any(isinstance(node.get(k), bool) for k in ("exclusiveMinimum", "exclusiveMaximum")):
            return False  # draft-4 boolean exclusives tie two keywords together
        value = node.get(key)
        return value is None or isinstance(value, (int, float)) and not isinstance(value, bool)
    return applies


def _bound_added(key, tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target[key] = draw(st.sampled_from(BOUNDS[key][2]))
    return _one(tool, mutated, "bound-tightened", site.param, keyword=key, old=None, new=target[key])


def _bound_tightened(key):
    def mutate(tool, site, node, draw):
        old = node.get(key)
        if old is None:
            return _bound_added(key, tool, site, node, draw)
        step = draw(st.sampled_from([1, 10, 1000]))
        new = old + step if BOUNDS[key][0] == "min" else old - step
        if key in LENGTHS:
            assume(new >= 0)
        mutated, target = _edit(tool, site)
        target[key] = new
        return _one(tool, mutated, "bound-tightened", site.param, keyword=key, old=old, new=new)
    return mutate


def _bound_loosened(key):
    def mutate(tool, site, node, draw):
        old = node.get(key)
        if old is None:
            case = _bound_added(key, tool, site, node, draw)
            return Case(case.after, case.before, [("bound-loosened", site.param)], {"keyword": key}, case.tool)
        mutated, target = _edit(tool, site)
        step = draw(st.sampled_from([None, 1, 1000, 5000]))  # None: the bound is dropped
        if step is None or BOUNDS[key][0] == "min" and key in LENGTHS and old - step < 0:
            del target[key]
        else:
            target[key] = old - step if BOUNDS[key][0] == "min" else old + step
        return _one(tool, mutated, "bound-loosened", site.param, keyword=key, old=old, new=target.get(key))
    return mutate


# ---- pattern and format

NEW_TEXT = {"pattern": ["^[A-Za-z0-9_-]+$", "^\\d{4}-\\d{2}-\\d{2}$"], "format": ["date-time", "uri", "email"]}


def _text_site(key, present):
    def applies(site, node, tool):
        return typed(site, node, "string") and (isinstance(node.get(key), str) if present else key not in node)
    return applies


def _text_added(key):
    def mutate(tool, site, node, draw):
        mutated, target = _edit(tool, site)
        target[key] = draw(st.sampled_from(NEW_TEXT[key]))
        return _one(tool, mutated, f"{key}-added", site.param, keyword=key)
    return mutate


def _text_changed(key):
    def mutate(tool, site, node, draw):
        mutated, target = _edit(tool, site)
        target[key] = draw(st.sampled_from([v for v in NEW_TEXT[key] if v != node[key]]))
        return _one(tool, mutated, f"{key}-changed", site.param, keyword=key, old=node[key])
    return mutate


def _text_removed(key):
    def mutate(tool, site, node, draw):
        if key not in node:
            return _swap(_text_added(key)(tool, site, node, draw), f"{key}-removed")
        mutated, target = _edit(tool, site)
        del target[key]
        return _one(tool, mutated, f"{key}-removed", site.param, keyword=key)
    return mutate


# ---- defaults

DEFAULT_FOR = {"string": "zz_default", "integer": 7, "number": 2.5, "boolean": True, "array": [], "object": {}}


def _default_site(present):
    def applies(site, node, tool):
        if site.param is None or site.wrapped:
            return False
        if present:
            return "default" in node
        return "default" not in node and (typed(site, node, *KNOWN_TYPES) or _real_nullable(site, node, tool)
                                          in ("anyOf", "oneOf"))
    return applies


def _new_default(node):
    if isinstance(node.get("enum"), list) and node["enum"]:
        return node["enum"][-1]
    return DEFAULT_FOR.get(scalar_type(node)) if scalar_type(node) else None


def _default_added(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["default"] = _new_default(node)
    return _one(tool, mutated, "default-added", site.param)


def _default_removed(tool, site, node, draw):
    if "default" not in node:
        return _swap(_default_added(tool, site, node, draw), "default-removed")
    mutated, target = _edit(tool, site)
    del target["default"]
    return _one(tool, mutated, "default-removed", site.param)


def _other_default(old, node):
    enum = node.get("enum")
    if isinstance(enum, list):
        for value in enum:
            if not (type(value) is type(old) and value == old):
                return value
    if isinstance(old, bool):
        return not old
    if isinstance(old, (int, float)):
        return old + 1
    if isinstance(old, str):
        return old + "_v2"
    if isinstance(old, list):
        return old + ["zz"]
    if isinstance(old, dict):
        return {**old, "zz": 1}
    return "zz_default"


def _default_changed(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["default"] = _other_default(node["default"], node)
    return _one(tool, mutated, "default-changed", site.param, old=node["default"], new=target["default"])


# ---- objects and combinators


def _closable(site, node, tool):
    return is_object(node) and node.get("additionalProperties") is not False


def _closed(site, node, tool):
    return node.get("additionalProperties") is False and (is_object(node) or "properties" in node)


def _restricted(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["additionalProperties"] = False
    return _one(tool, mutated, "additional-properties-restricted", site.param)


def _allowed(tool, site, node, draw):
    if node.get("additionalProperties") is not False:
        return _swap(_restricted(tool, site, node, draw), "additional-properties-allowed")
    mutated, target = _edit(tool, site)
    del target["additionalProperties"]
    return _one(tool, mutated, "additional-properties-allowed", site.param)


def _combinable(site, node, tool):
    return not site.wrapped and not any(k in node for k in ("anyOf", "oneOf", "allOf", "not", "$ref")) and \
        (site.param is None and is_object(node) or typed(site, node, *KNOWN_TYPES))


def _combinator_added(tool, site, node, draw):
    props = list(node.get("properties") or {})
    options = ["not"] + (["anyOf", "oneOf", "dependentSchemas"] if len(props) >= 2 and is_object(node) else [])
    keyword = draw(st.sampled_from(options))
    mutated, target = _edit(tool, site)
    if keyword == "not":
        target["not"] = {"const": "zz_forbidden"}
    elif keyword == "dependentSchemas":
        target["dependentSchemas"] = {props[0]: {"required": [props[1]]}}
    else:  # the root-level "one of these two parameters" that generators write
        target[keyword] = [{"required": [props[0]]}, {"required": [props[1]]}]
    return _one(tool, mutated, "combinator-added", site.param,
                keyword="anyOf" if keyword == "oneOf" else keyword)


def _combinator_removed(tool, site, node, draw):
    if "not" in node and isinstance(node["not"], dict):
        mutated, target = _edit(tool, site)
        del target["not"]
        return _one(tool, mutated, "combinator-removed", site.param, keyword="not")
    assume(_combinable(site, node, tool))
    case = _combinator_added(tool, site, node, draw)
    return Case(case.after, case.before, [("combinator-removed", site.param)], case.detail, case.tool)


def _union(site, node, tool) -> str | None:
    """The keyword of a union of two or more alternatives besides null."""
    if site.param is None or "anyOf" in node and "oneOf" in node:
        return None
    for keyword in ("anyOf", "oneOf"):
        branches = node.get(keyword)
        if not isinstance(branches, list):
            continue
        others = [b for b in branches if not _is_null_only(b)]
        if len(others) >= 2 and all(isinstance(b, dict) for b in others):
            return keyword
    return None


def _to_union(site, node, tool) -> bool:
    """A plain typed node, or a nullable one written `anyOf: [X, {type: null}]`, that a new alternative turns
    into a union."""
    if site.anchored or site.wrapped:
        return False
    return typed(site, node, *KNOWN_TYPES) or _real_nullable(site, node, tool) in ("anyOf", "oneOf") and \
        scalar_type(next(b for b in node[_real_nullable(site, node, tool)] if not _is_null_only(b))) is not None


def _new_alternative(types) -> dict:
    return {"type": next(t for t in ("boolean", "integer", "string", "number") if t not in types)}


def _branch_added(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    keyword = _union(site, node, tool)
    if keyword is None:  # a plain or nullable node becomes a union: `string` -> `anyOf: [string, integer]`
        keyword = _real_nullable(site, node, tool) or draw(st.sampled_from(["anyOf", "oneOf"]))
        if keyword not in node:
            target.clear()
            target.update({k: v for k, v in node.items() if k in OUTER_KEYS})
            target[keyword] = [{k: v for k, v in node.items() if k not in OUTER_KEYS}]
    branches = target[keyword]
    position = draw(st.integers(0, len(branches)))
    branches.insert(position, _new_alternative({scalar_type(b) for b in branches}))
    return _one(tool, mutated, "branch-added", site.param)


def _branch_removed(tool, site, node, draw):
    keyword = _union(site, node, tool)
    if keyword is None or draw(st.booleans()) and _to_union(site, node, tool):
        assume(_to_union(site, node, tool))
        return _swap(_branch_added(tool, site, node, draw), "branch-removed")
    branches = node[keyword]
    index = draw(st.sampled_from([i for i, b in enumerate(branches) if not _is_null_only(b)]))
    mutated, target = _edit(tool, site)
    target[keyword] = [b for i, b in enumerate(branches) if i != index]
    return _one(tool, mutated, "branch-removed", site.param)


def _splittable(site, node, tool) -> bool:
    return is_object(node) and len(node["properties"]) >= 2 and not site.anchored and "allOf" not in node


def _split_into_all_of(tool, site, node, draw):
    """The properties of an object written as `allOf` parts, the way schemas compose a base and an extension:
    the same object."""
    names = list(node["properties"])
    cut = draw(st.integers(1, len(names) - 1))
    required = node.get("required") if isinstance(node.get("required"), list) else []
    mutated, target = _edit(tool, site)
    parts = []
    for group in (names[:cut], names[cut:]):
        part = {"properties": {n: node["properties"][n] for n in group}}
        if [r for r in required if r in group]:
            part["required"] = [r for r in required if r in group]
        parts.append(part)
    del target["properties"]
    target.pop("required", None)
    target["allOf"] = parts
    return Case([tool], [mutated], [], tool=tool["name"])


# ---- text


def _texted(site, node, tool):
    return site.param is not None and not site.wrapped


def _param_text(key, change):
    def mutate(tool, site, node, draw):
        mutated, target = _edit(tool, site)
        if key == "examples":
            if "example" in node:
                target["example"] = "zz_example" if node["example"] != "zz_example" else "zz_other"
            else:
                old = node.get("examples")
                target["examples"] = (old if isinstance(old, list) else []) + ["zz_example"]
        else:
            target[key] = (node.get(key) if isinstance(node.get(key), str) else "") + " (see the docs)"
        return _one(tool, mutated, change, site.param)
    return mutate


def _param_deprecated(tool, site, node, draw):
    mutated, target = _edit(tool, site)
    target["deprecated"] = True
    return _one(tool, mutated, "param-deprecated", site.param)


# ---- output schema


def _output_nullable(site, node, tool):
    return site.parent is not None and _can_be_nullable(site, node, tool)


KINDS = [
    Kind("tool-removed", None, _tool_removed),
    Kind("tool-added", None, _tool_added),
    Kind("tool-renamed", None, _tool_renamed),
    Kind("description-changed", None, _tool_description),
    Kind("tool-title-changed", None, _tool_title),
    Kind("tool-examples-changed", None, _tool_examples),
    Kind("tool-deprecated", None, _tool_deprecated),
    *[Kind(f"annotation-{hint}", None, _hint(hint))
      for hint in ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")],
    Kind("param-removed", _is_property, _param_removed),
    Kind("param-added", lambda s, n, t: is_object(n), _added(False)),
    Kind("required-param-added", lambda s, n, t: is_object(n), _added(True)),
    Kind("param-renamed", lambda s, n, t: s.parent is not None and not s.anchored, _param_renamed, moves_paths=True),
    Kind("param-renamed-and-reworded", lambda s, n, t: s.parent is not None and not s.anchored
         and isinstance(n.get("description"), str) and len(n["description"]) >= 30, _renamed_and_reworded,
         moves_paths=True),
    Kind("tool-renamed-and-reworded", None, _tool_renamed_and_reworded),
    Kind("enum-reordered", lambda s, n, t: _has_enum(s, n, t, 2), _reordered("enum")),
    Kind("required-reordered", lambda s, n, t: isinstance(n.get("required"), list) and len(n["required"]) >= 2,
         _reordered("required")),
    Kind("param-now-required", lambda s, n, t: s.parent is not None and s.name not in _required(s, t),
         _now_required),
    Kind("param-now-optional", lambda s, n, t: s.parent is not None and s.name in _required(s, t), _now_optional),
    Kind("param-deprecated", lambda s, n, t: s.parent is not None and n.get("deprecated") is not True,
         _param_deprecated),
    Kind("type-narrowed", lambda s, n, t: _retypable(s, n, t, "number", new=lambda _: ["integer"]), _type_narrowed),
    Kind("type-widened", lambda s, n, t: _retypable(s, n, t, "integer", "string", "boolean",
                                                    new=lambda x: ["number", "integer", "string"])
         and "enum" not in n, _type_widened),
    Kind("type-changed", lambda s, n, t: _retypable(s, n, t, *KNOWN_TYPES, new=lambda x: [CHANGED_TYPE[x]]),
         _type_changed),
    Kind("type-respelled", lambda s, n, t: s.param is not None and plain(n) and isinstance(n.get("type"), str)
         and n["type"] in RESPELLED_TYPE,
         _type_respelled),
    Kind("nullable-added", _can_be_nullable, _nullable_added),
    Kind("nullable-removed", lambda s, n, t: _can_be_nullable(s, n, t) or bool(_real_nullable(s, n, t)),
         _nullable_removed),
    Kind("nullable-respelled", lambda s, n, t: _can_be_nullable(s, n, t) or _real_nullable(s, n, t)
         in NULLABLE_SPELLINGS, _nullable_respelled),
    Kind("enum-value-removed", lambda s, n, t: _has_enum(s, n, t, 2), _enum_value_removed),
    Kind("enum-value-added", _addable_enum, _enum_value_added),
    Kind("enum-value-case-changed", lambda s, n, t: s.param is not None and bool(_recasable(n)), _enum_case_changed),
    Kind("enum-added", _free_value, _enum_added),
    Kind("enum-removed", lambda s, n, t: _has_enum(s, n, t), _enum_removed),
    Kind("const-changed", _has_const, _const_changed),
    Kind("const-added", _free_value, _const_added),
    Kind("const-removed", _has_const, _const_removed),
    *[Kind(f"{key}-tightened", _bound_site(key), _bound_tightened(key)) for key in BOUNDS],
    *[Kind(f"{key}-loosened", _bound_site(key), _bound_loosened(key)) for key in BOUNDS],
    *[Kind(f"{key}-added", _text_site(key, False), _text_added(key)) for key in ("pattern", "format")],
    *[Kind(f"{key}-changed", _text_site(key, True), _text_changed(key)) for key in ("pattern", "format")],
    *[Kind(f"{key}-removed", lambda s, n, t: typed(s, n, "string"), _text_removed(key))
      for key in ("pattern", "format")],
    Kind("default-added", _default_site(False), _default_added),
    Kind("default-removed", lambda s, n, t: _default_site(True)(s, n, t) or _default_site(False)(s, n, t),
         _default_removed),
    Kind("default-changed", _default_site(True), _default_changed),
    Kind("additional-properties-restricted", _closable, _restricted),
    Kind("additional-properties-allowed", lambda s, n, t: _closed(s, n, t) or _closable(s, n, t), _allowed),
    Kind("combinator-added", _combinable, _combinator_added),
    Kind("combinator-removed", lambda s, n, t: _combinable(s, n, t) or isinstance(n.get("not"), dict),
         _combinator_removed),
    Kind("branch-added", lambda s, n, t: bool(_union(s, n, t)) or _to_union(s, n, t), _branch_added,
         moves_paths=True),
    Kind("branch-removed", lambda s, n, t: bool(_union(s, n, t)) or _to_union(s, n, t), _branch_removed,
         moves_paths=True),
    Kind("allOf-split", _splittable, _split_into_all_of, moves_paths=True),
    Kind("param-description-changed", _texted, _param_text("description", "param-description-changed")),
    Kind("param-title-changed", _texted, _param_text("title", "title-changed")),
    Kind("param-examples-changed", _texted, _param_text("examples", "examples-changed")),
    Kind("output-property-removed", _is_property, lambda t, s, n, d: _param_removed(t, s, n, d, output=True),
         output=True),
    Kind("output-nullable-added", _output_nullable, lambda t, s, n, d: _nullable_added(t, s, n, d, output=True),
         output=True),
]
KIND_NAMES = [k.name for k in KINDS]
assert len(set(KIND_NAMES)) == len(KIND_NAMES)


def kind_sites(kind: Kind, tool: dict) -> list[Site]:
    if kind.applies is None:
        return []
    schema = tool.get("outputSchema" if kind.output else "inputSchema")
    out = []
    for site in sites(schema):
        node = get(schema, site.path)
        if kind.moves_paths and site.anchored:
            continue
        if kind.applies(site, node, tool):
            out.append(site)
    return out


@functools.lru_cache(maxsize=None)
def candidates(name: str) -> tuple:
    """The pool tools (by index) where kind `name` applies."""
    kind = KINDS[KIND_NAMES.index(name)]
    pool = tool_pool()
    if kind.applies is None:
        return tuple(i for i, t in enumerate(pool) if _has_params(t))
    return tuple(i for i, t in enumerate(pool) if _has_params(t) and kind_sites(kind, t))


# --------------------------------------------------------------------------------------------------------------
# moving a subtree into $defs (what Pydantic and zod-to-json-schema write): the same schema, read through a $ref


def hoistable(schema) -> list[Site]:
    return [s for s in sites(schema) if s.param is not None and s.where != "defs" and not s.anchored
            and not s.wrapped and isinstance(get(schema, s.path).get("properties"), dict)]


def hoist(schema: dict, site: Site) -> dict:
    out = copy.deepcopy(schema)
    name = "Hoisted" + "".join(ch for ch in (site.param or "x").title() if ch.isalnum())
    defs = out.setdefault("$defs", {})
    defs[name] = get(out, site.path)
    get(out, site.path[:-1])[site.path[-1]] = {"$ref": f"#/$defs/{name}"}
    return out


# --------------------------------------------------------------------------------------------------------------
# 2. one mutation, exactly the expected change


def _compare(before: list, after: list):
    base = catalog_from({"tools": before}, path="base/tools.json")
    head = catalog_from({"tools": after}, path="head/tools.json")
    assert len(base.tools) == len(before) and len(head.tools) == len(after), (base.notes, head.notes)
    return compare_catalogs(base.tools, head.tools)


def _check_pointers(change) -> None:
    """A report can place every change: its pointers name a node that exists in their document."""
    for tool, pointer in ((change.base, change.base_pointer), (change.head, change.head_pointer)):
        if pointer is not None:
            ptr.resolve(tool.document.data, pointer)
            tool.document.locate(pointer)
    assert change.base_pointer is not None or change.head_pointer is not None


def run_case(case: Case, companion: dict | None = None):
    before, after = list(case.before), list(case.after)
    if companion is not None:  # an unrelated tool, the same on both sides: nothing may be reported on it
        before.insert(0, companion)
        after.insert(0, companion)
    changes = _compare(before, after)
    got = sorted((c.change.change, c.level, c.tool, c.change.param) for c in changes)
    want = sorted((change, LEVEL[change], case.tool, param) for change, param in case.expected)
    assert got == want, [(c.change.change, c.change.param, c.change.message) for c in changes]
    for change in changes:
        _check_pointers(change)
    if case.detail and changes:
        detail = dict(changes[0].change.detail)
        for key, value in case.detail.items():
            assert detail.get(key) == value, (key, detail)
    return changes


# SCHEMALINT_MUTATION_EXAMPLES=N explores N random examples per kind instead of the fixed 25
EXPLORE = int(os.environ.get("SCHEMALINT_MUTATION_EXAMPLES", "0"))
MUTATION_SETTINGS = settings(max_examples=EXPLORE or 25, deadline=None, derandomize=not EXPLORE,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                    HealthCheck.filter_too_much])


@pytest.mark.parametrize("name", KIND_NAMES)
@MUTATION_SETTINGS
@given(data=st.data())
def test_one_mutation_reports_exactly_the_expected_change(name, data):
    kind = KINDS[KIND_NAMES.index(name)]
    pool = tool_pool()
    indexes = candidates(name)
    assert indexes, f"no tool where {name} applies"
    tool = copy.deepcopy(pool[data.draw(st.sampled_from(indexes), label="tool")])
    note(f"tool: {tool['name']}")
    others = [i for i in range(len(pool)) if pool[i].get("name") not in (tool["name"], tool["name"] + "_v2",
                                                                         tool["name"] + "2", tool["name"] + "_renamed")]
    companion = copy.deepcopy(pool[data.draw(st.sampled_from(others), label="companion")]) \
        if data.draw(st.booleans(), label="with companion") else None
    site = node = None
    if kind.applies is not None:
        key = "outputSchema" if kind.output else "inputSchema"
        if not kind.output:
            movable = hoistable(tool[key])
            if movable and data.draw(st.booleans(), label="through $defs"):
                moved = data.draw(st.sampled_from(movable), label="moved into $defs")
                tool[key] = hoist(tool[key], moved)
                note(f"moved {moved.param} into $defs")
        found = kind_sites(kind, tool)
        assume(found)
        wheres = sorted({s.where for s in found}, key=WHERE_ORDER.index)
        where = data.draw(st.sampled_from(wheres), label="where")
        site = data.draw(st.sampled_from([s for s in found if s.where == where]), label="site")
        node = get(tool[key], site.path)
        note(f"site: {site}")
    case = kind.mutate(tool, site, node, data.draw)
    note(f"expected: {case.expected}")
    run_case(case, companion)


def test_every_mutation_kind_applies_somewhere_in_the_fixture():
    """Without the corpus, the fixture alone must give every kind a place to go."""
    fixture = fixture_tools()
    missing = []
    for kind in KINDS:
        if kind.applies is not None and not any(kind_sites(kind, t) for t in fixture):
            missing.append(kind.name)
    assert not missing


def test_mutations_reach_every_depth_in_the_fixture():
    reached = {}
    for tool in fixture_tools():
        for kind in KINDS:
            for site in kind_sites(kind, tool):
                reached.setdefault(kind.name, set()).add(site.where)
        for site in hoistable(tool["inputSchema"]):
            moved = hoist(tool["inputSchema"], site)
            for kind in KINDS:
                if not kind.output:
                    reached.setdefault(kind.name, set()).update(
                        s.where for s in kind_sites(kind, {**tool, "inputSchema": moved}))
    for name in ("param-removed", "param-renamed", "enum-value-removed", "maxLength-tightened", "default-added",
                 "type-changed", "nullable-added", "param-description-changed"):
        assert {"top", "nested", "items", "branch", "defs"} <= reached[name], (name, reached[name])


@MUTATION_SETTINGS
@given(data=st.data())
def test_moving_a_subtree_into_defs_reports_nothing(data):
    pool = tool_pool()
    indexes = [i for i, t in enumerate(pool) if _has_params(t) and hoistable(t["inputSchema"])]
    tool = pool[data.draw(st.sampled_from(indexes))]
    site = data.draw(st.sampled_from(hoistable(tool["inputSchema"])))
    run_case(Case([tool], [{**tool, "inputSchema": hoist(tool["inputSchema"], site)}], [], tool=tool["name"]))


# --------------------------------------------------------------------------------------------------------------
# 3. minimal reproducers of what these tests found, and the cases the issue names


def tool(name="search", properties=None, required=None, **extra) -> dict:
    schema = {"type": "object", "properties": properties if properties is not None else {"q": {"type": "string"}}}
    if required is not None:
        schema["required"] = required
    return {"name": name, "description": "Search the catalog.", "inputSchema": schema, **extra}


def diff(before: list, after: list) -> list:
    return [(c.change.change, c.change.param) for c in _compare(before, after)]


def schema_diff(before: dict, after: dict) -> list:
    return [(c.change, c.param) for c in compare_views(view_of(before), view_of(after))]


LABELS = {"labels": {"type": "array", "items": {"oneOf": [
    {"type": "string", "description": "Label name"},
    {"type": "object", "properties": {"name": {"type": "string"},
                                      "confidence": {"type": "string", "enum": ["LOW", "MEDIUM", "HIGH"]}}}]}}}


def test_a_union_that_loses_an_alternative_reports_only_that():
    # the union's types are its alternatives': they shrank with the branch, which says so already
    after = copy.deepcopy(LABELS)
    del after["labels"]["items"]["oneOf"][0]
    assert diff([tool(properties=LABELS)], [tool(properties=after)]) == [("branch-removed", "labels[]")]
    assert diff([tool(properties=after)], [tool(properties=LABELS)]) == [("branch-added", "labels[]")]


def test_a_retyped_union_alternative_reports_only_its_own_change():
    after = copy.deepcopy(LABELS)
    after["labels"]["items"]["oneOf"][0]["type"] = "integer"
    assert diff([tool(properties=LABELS)], [tool(properties=after)]) == [("type-changed", "labels[]")]
    nullable = copy.deepcopy(LABELS)
    nullable["labels"]["items"]["oneOf"][0]["type"] = ["string", "null"]
    assert diff([tool(properties=LABELS)], [tool(properties=nullable)]) == [("nullable-added", "labels[]")]


def test_enum_case_change_inside_items_one_of_is_one_change():
    after = copy.deepcopy(LABELS)
    after["labels"]["items"]["oneOf"][1]["properties"]["confidence"]["enum"] = ["low", "MEDIUM", "HIGH"]
    changes = _compare([tool(properties=LABELS)], [tool(properties=after)])
    assert [(c.change.change, c.level, c.change.param) for c in changes] == \
        [("enum-value-case-changed", "breaking", "labels[].confidence")]
    assert changes[0].change.detail["removed"] == ["LOW"] and changes[0].change.detail["added"] == ["low"]


def test_tool_input_examples_changed_is_reported():
    before = tool(input_examples=[{"q": "shoes"}])
    assert diff([before], [tool(input_examples=[{"q": "boots"}])]) == [("examples-changed", None)]
    assert diff([tool()], [before]) == [("examples-changed", None)]


def test_a_title_in_annotations_is_placed_on_the_annotation():
    before = tool(annotations={"title": "Search", "readOnlyHint": True})
    after = tool(annotations={"title": "Search v2", "readOnlyHint": True})
    (change,) = _compare([before], [after])
    assert change.change.change == "title-changed"
    assert change.head_pointer == "/tools/0/annotations/title" == change.base_pointer
    (added,) = _compare([tool()], [tool(title="Search")])
    assert added.head_pointer == "/tools/0/title" and added.base_pointer == "/tools/0"


def test_nullable_spellings_compare_alike():
    spellings = [
        {"type": ["string", "null"], "title": "Q", "description": "d", "examples": ["a"], "minLength": 1},
        {"type": "string", "nullable": True, "title": "Q", "description": "d", "examples": ["a"], "minLength": 1},
        {"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}], "title": "Q", "description": "d",
         "examples": ["a"]},
        {"oneOf": [{"type": "null"}, {"type": "string", "minLength": 1}], "title": "Q", "description": "d",
         "examples": ["a"]},
        # the text inside the lone alternative, as some generators write it
        {"anyOf": [{"type": "string", "minLength": 1, "title": "Q", "description": "d", "examples": ["a"]},
                   {"type": "null"}]},
    ]
    for one in spellings:
        for other in spellings:
            assert schema_diff({"properties": {"q": one}}, {"properties": {"q": other}}) == [], (one, other)


def test_a_nullable_enum_compares_alike_in_both_spellings():
    strict = {"type": ["string", "null"], "enum": ["asc", "desc", None]}  # OpenAI strict mode
    union = {"anyOf": [{"type": "string", "enum": ["asc", "desc"]}, {"type": "null"}]}  # Pydantic
    assert schema_diff({"properties": {"o": strict}}, {"properties": {"o": union}}) == []
    assert schema_diff({"properties": {"o": union}}, {"properties": {"o": strict}}) == []
    plain = {"type": "string", "enum": ["asc", "desc"]}
    assert schema_diff({"properties": {"o": plain}}, {"properties": {"o": strict}}) == [("nullable-added", "o")]


def test_a_defs_entry_reached_through_ref_is_compared_at_the_param_that_uses_it():
    before = {"type": "object", "properties": {"filters": {"$ref": "#/$defs/Filters"}},
              "$defs": {"Filters": {"type": "object", "properties": {"status": {"type": "string",
                                                                              "enum": ["open", "closed"]}}}}}
    after = copy.deepcopy(before)
    after["$defs"]["Filters"]["properties"]["status"]["enum"] = ["open"]
    changes = _compare([tool(inputSchema=before)], [tool(inputSchema=after)])
    assert [(c.change.change, c.change.param) for c in changes] == [("enum-value-removed", "filters.status")]
    assert changes[0].head_pointer == "/tools/0/inputSchema/$defs/Filters/properties/status"


def test_renamed_param_identical_but_for_its_name_is_one_rename():
    before = tool(properties={"statsPeriod": {"type": "string", "description": "The period, e.g. 24h."},
                              "project": {"type": "string"}}, required=["statsPeriod"])
    after = tool(properties={"period": {"type": "string", "description": "The period, e.g. 24h."},
                             "project": {"type": "string"}}, required=["period"])
    changes = _compare([before], [after])
    assert [(c.change.change, c.change.param) for c in changes] == [("param-renamed", "statsPeriod")]
    assert changes[0].change.detail["renamed_to"] == "period"


def test_ambiguous_renames_are_never_guessed():
    same = {"type": "string", "description": "An identifier."}
    # two removed and two added parameters, all alike: which went where is a guess
    got = diff([tool(properties={"a": same, "b": same})], [tool(properties={"c": same, "d": same})])
    assert sorted(got) == [("param-added", "c"), ("param-added", "d"), ("param-removed", "a"), ("param-removed", "b")]
    # one removed, two added alike
    got = diff([tool(properties={"a": same, "x": {"type": "integer"}})],
               [tool(properties={"c": same, "d": same, "x": {"type": "integer"}})])
    assert sorted(got) == [("param-added", "c"), ("param-added", "d"), ("param-removed", "a")]
    # two tools removed and two added, the same but for their names
    got = diff([tool("find_a"), tool("find_b")], [tool("search_a"), tool("search_b")])
    assert sorted(got) == [("tool-added", None), ("tool-added", None), ("tool-removed", None), ("tool-removed", None)]


def test_without_descriptions_position_tells_renames_apart():
    # the spec's test: same type, constraints and position (nothing to read in a description)
    bare = {"type": "string"}
    got = diff([tool(properties={"a": bare, "b": bare})], [tool(properties={"c": bare, "d": bare})])
    assert got == [("param-renamed", "a"), ("param-renamed", "b")]
    got = diff([tool(properties={"a": bare, "b": bare})], [tool(properties={"b": bare, "c": bare})])
    assert got == [("param-removed", "a"), ("param-added", "c")]  # c is not where a was


def test_tools_sharing_a_name_listed_in_another_order_are_unchanged():
    first, second = tool("fetch"), tool("fetch", properties={"url": {"type": "string", "format": "uri"}})
    assert diff([first, second], [second, first]) == []
    edited = tool("fetch", properties={"url": {"type": "string"}})
    assert diff([first, second], [edited, first]) == [("format-removed", "url")]


def test_max_length_of_any_size_is_compared():
    def text(n):
        return tool(properties={"body": {"type": "string", "maxLength": n}})
    assert diff([text(2000)], [text(1000)]) == [("bound-tightened", "body")]
    assert diff([text(2000)], [text(65536)]) == [("bound-loosened", "body")]
    assert diff([tool(properties={"body": {"type": "string"}})], [text(2000)]) == [("bound-tightened", "body")]


def test_deep_nesting_neither_raises_nor_hangs():
    def nested(depth, leaf):
        schema = leaf
        for _ in range(depth):
            schema = {"type": "object", "properties": {"a": schema}}
        return schema
    # past orjson's 255 levels the canonical bytes cannot be written: the tools are compared field by field
    deep, deeper = nested(300, {"type": "string"}), nested(300, {"type": "integer"})
    text = "{" + '"tools": [{"name": "t", "inputSchema": ' + json.dumps(deep) + "}]}"
    base = find_tools(parse_text("base.json", text)).tools
    head = find_tools(parse_text("head.json", text.replace('"string"', '"integer"'))).tools
    assert compare_catalogs(base, base) == []
    assert compare_catalogs(base, head) == []  # the change is past the 24 levels compared
    assert deeper != deep


def test_refs_that_fan_out_do_not_take_exponential_time():
    # each level uses the next one twice: 2**40 paths if every $ref were expanded everywhere
    defs = {f"D{i}": {"type": "object", "properties": {"left": {"$ref": f"#/$defs/D{i + 1}"},
                                                       "right": {"$ref": f"#/$defs/D{i + 1}"}}} for i in range(40)}
    defs["D40"] = {"type": "string"}
    schema = {"type": "object", "properties": {"root": {"$ref": "#/$defs/D0"}}, "$defs": defs}
    changed = copy.deepcopy(schema)
    changed["$defs"]["D1"]["properties"]["left"] = {"type": "integer"}
    assert schema_diff(schema, copy.deepcopy(schema)) == []
    # depth first, the budget of $ref expansions is spent under root.left: what lies past it is not compared,
    # and nothing is reported that did not change
    assert schema_diff(schema, changed) == [("type-changed", "root.left.left")]
    for mode in ("input", "output"):
        compare_views(view_of(schema), view_of(changed), mode=mode)  # finishes
