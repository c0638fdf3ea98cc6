"""Apply fixes to Python tool sources through libcst: only the edited nodes change, every other byte stays.

A fix addresses the synthetic document the Python loader builds (`/tools/N/inputSchema/properties/p/...`).
The loader records what each pointer comes from (`load_python_text(..., sites=)`); this module maps an edit
onto that source construct:

  tool description     `description=` / `description_override=` keyword, the docstring (only its summary when
                       the framework reads parameter sections from it), or a new docstring when there is none
  tool name            `name=` / `name_override=` / `@tool("name")`, or a `name=` keyword added to the decorator
  parameter description  `Field(description=...)`, `Annotated[T, "..."]`, the docstring's `Args:` entry, or a
                       `description=` keyword added to an existing `Field(...)` call
  `type` number->integer  the `float` in the annotation becomes `int`
  `default`            the default expression, when it is a literal
  `examples`           `Field(examples=...)` replaced or removed
  range keywords       `ge=`/`le=`/`gt=`/`lt=`/`min_length=`/`max_length=`/`pattern=`/`multiple_of=` on `Field(...)`
  property order       fields of a Pydantic model / TypedDict / dataclass reordered (never a function signature:
                       callers may pass arguments by position, which static reading cannot rule out)

Every edit is checked before it is kept: the edited text is loaded again and the tools it yields must equal
the tools before the edit with exactly the fix's changes applied. An edit with no safe place in the source,
or one the framework would read differently, is skipped with a reason, never guessed.
"""
from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field

from ..sources import InputError
from ..sources import pointer as ptr
from ..vocabulary import UNIONS

# JSON Schema keyword -> Pydantic Field keyword
FIELD_KEYWORDS = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt",
                  "minLength": "min_length", "maxLength": "max_length", "minItems": "min_length",
                  "maxItems": "max_length", "pattern": "pattern", "multipleOf": "multiple_of"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_GOOGLE_HEAD = re.compile(r"^(\s*\*{0,2}[A-Za-z_]\w*\s*(?:\([^)]*\))?\s*:)")
_SPHINX_HEAD = re.compile(r"^(\s*:\w+(?:\s+[^:]*?)?\s*:)")


class Skip(Exception):
    """This edit has no safe place in the Python source."""


@dataclass
class PythonApplied:
    text: str
    rules: list
    skipped: dict = field(default_factory=dict)  # (rule, pointer) -> (line, why the fix was not applied)


@dataclass
class Plan:
    """Source changes for one fix and the JSON edits the reloaded tools must show."""

    exprs: dict = field(default_factory=dict)  # ("expr"|"funcdef"|"classdef", span) -> node -> new node
    reorders: dict = field(default_factory=dict)  # span of a field statement -> (class key, new slot)
    expected: list = field(default_factory=list)

    def merge(self, other: "Plan") -> None:
        for (kind, where), fn in other.exprs.items():
            self.change(kind, where, fn)
        for where, slot in other.reorders.items():
            if where in self.reorders:
                raise Skip("two fixes move the same field")
            self.reorders[where] = slot
        self.expected.extend(other.expected)

    def change(self, kind: str, span: tuple, fn) -> None:
        key = (kind, span)
        first = self.exprs.get(key)
        if first is None:
            self.exprs[key] = fn
        elif first is _reorder_class or fn is _reorder_class:
            raise Skip("two edits of this fix touch the same class")
        else:  # several keywords added to one Field(...) call: apply one after the other
            self.exprs[key] = lambda node, newline="\n": fn(first(node, newline=newline), newline=newline)


def load(path: str, text: str):
    """(document or None, sites) of a Python source; InputError when it does not parse."""
    from ..loaders import Catalog
    from ..loaders.python_source import load_python_text

    catalog = Catalog()
    sites: dict = {}
    load_python_text(path, text, catalog, sites=sites)
    doc = next((d for d in catalog.documents if d.path == path), None)
    return doc, sites


def apply_python(path: str, text: str, findings: list) -> PythonApplied:
    """Apply the findings' edits, keeping only those that read back as intended.

    Fixes whose edits touch overlapping pointers wait for the next pass. The others are tried all at once
    (one libcst parse, one reload); when the result does not read back as intended, the batch is split in
    halves, down to single fixes, each of which then tries its alternatives before it is skipped."""
    doc, sites = load(path, text)
    result = PythonApplied(text, [])
    if doc is None:
        return result
    try:
        import libcst  # noqa: F401  (only checks that it is installed)
    except ImportError:
        for f in findings:
            edits = f.fix.document_edits
            result.skipped[(f.rule, edits[0][1] if edits else "")] = (
                f.line, "libcst is not installed (pip install libcst): Python sources are not edited without it")
        return result
    state = _State(path, text, doc, sites, result)
    pending = list(findings)
    while pending:
        batch, rest, claimed = [], [], []
        for f in pending:
            pointers = [p for _, p, _ in f.fix.document_edits]
            if any(_overlaps(p, t) for p in pointers for t in state.touched + claimed):
                rest.append(f)
            else:
                batch.append(f)
                claimed.extend(pointers)
        if not batch:
            break
        state.run(batch)
        # a fix that waited on a skipped one gets its turn; one that overlaps an applied fix waits for the next pass
        pending = [f for f in rest if not any(_overlaps(p, t) for _, p, _ in f.fix.document_edits
                                              for t in state.touched)]
    result.text = state.text
    return result


class _State:
    def __init__(self, path, text, doc, sites, result: PythonApplied):
        self.path, self.text, self.doc, self.sites, self.result = path, text, doc, sites, result
        self.touched: list[str] = []

    def run(self, findings: list) -> None:
        planned = []
        for f in findings:
            edits = f.fix.document_edits
            try:
                planned.append((f, plans(self.path, edits, self.doc, self.sites)))
            except Skip as exc:
                self._skip(f, str(exc))
        if not planned:
            return
        if len(planned) == 1:
            f, candidates = planned[0]
            why = "the framework would not read the edited source the way the fix intends"
            for plan in candidates:
                outcome = self._try(plan)
                if outcome is True:
                    self._applied(f)
                    return
                why = outcome or why
            self._skip(f, why)
            return
        combined = Plan()
        try:
            for _, candidates in planned:
                combined.merge(candidates[0])
            ok = self._try(combined) is True
        except Skip:
            ok = False
        if ok:
            for f, _ in planned:
                self._applied(f)
            return
        half = len(planned) // 2
        self.run([f for f, _ in planned[:half]])
        self.run([f for f, _ in planned[half:]])

    def _try(self, plan: Plan):
        """True when the plan's text reads back as intended (and is kept), else the reason or None."""
        try:
            new_text = rewrite(self.text, plan)
        except Skip as exc:
            return str(exc)
        if new_text == self.text:
            return None
        try:
            new_doc, new_sites = load(self.path, new_text)
        except InputError:
            return None
        try:
            expected = expected_data(self.doc.data, coupled(plan.expected, self.sites, self.doc.data))
        except (KeyError, IndexError, TypeError, ValueError):  # an edit names a node the tools do not have
            return "the fix names a part of the schema the source does not hold"
        if new_doc is None or canon(new_doc.data) != canon(expected):
            return None
        self.text, self.doc, self.sites = new_text, new_doc, new_sites
        return True

    def _applied(self, f) -> None:
        self.touched.extend(p for _, p, _ in f.fix.document_edits)
        self.result.rules.append(f.rule)

    def _skip(self, f, why: str) -> None:
        edits = f.fix.document_edits
        self.result.skipped[(f.rule, edits[0][1] if edits else "")] = (f.line, why)


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


# ---- what the reloaded tools must look like -------------------------------------------------------------------

def expected_data(data, edits: list):
    out = copy.deepcopy(data)
    for op, pointer, value in edits:
        tokens = ptr.split(pointer)
        parent = out
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent.setdefault(token, {})
        last = tokens[-1]
        if op == "set":
            if isinstance(parent, list):
                parent[int(last)] = copy.deepcopy(value)
            else:
                parent[last] = copy.deepcopy(value)
        elif op == "remove":
            if isinstance(parent, list):
                del parent[int(last)]
            else:
                parent.pop(last, None)
        elif op == "reorder":
            mapping = parent[last]
            ordered = {k: mapping[k] for k in value if k in mapping}
            ordered.update((k, v) for k, v in mapping.items() if k not in ordered)
            parent[last] = ordered
    return out


def coupled(edits: list, sites: dict, data) -> list:
    """The edits plus the same edits wherever the same source text shows up again: a field of a model shared by
    several tools, a class docstring that is both the tool's and its schema's description."""
    out = list(edits)
    seen = {p for _, p, _ in edits}
    anchors = sites.get("anchors") or {}
    by_decl: dict = {}
    for key, site in sites.items():
        if key.startswith("/") and isinstance(site, tuple) and len(site) == 4:
            by_decl.setdefault(id(site[1]), []).append(key)

    def add(op, pointer, value):
        if pointer not in seen:
            seen.add(pointer)
            out.append((op, pointer, value))

    for op, pointer, value in edits:
        tokens = ptr.split(pointer)
        for cut in range(len(tokens), 2, -1):
            site = sites.get(ptr.join("", *tokens[:cut]))
            if isinstance(site, tuple) and len(site) == 4:
                for other in by_decl.get(id(site[1]), ()):
                    # where another tool reaches the same model through {"$ref": "#/$defs/..."}, the change
                    # shows up in its $defs; a place that holds no such node is left out
                    there = _through_refs(data, ptr.join(other, *tokens[cut:]))
                    if there is not None:
                        add(op, there, value)
                break
        anchor = anchors.get(pointer)
        if op != "set" or anchor is None:
            continue
        current = _resolve(data, pointer)
        for other, node in anchors.items():
            if _anchor_key(node) == _anchor_key(anchor) and other != pointer and _resolve(data, other) == current:
                add(op, other, value)
    return out


def _through_refs(data, pointer: str) -> str | None:
    """`pointer` with each step into a schema that is only a local `$ref` taken at the definition it names
    (`/tools/N/inputSchema/$defs/Name/...`); None when a step names nothing."""
    tokens = ptr.split(pointer)
    if len(tokens) < 3 or tokens[0] != "tools":
        return pointer
    root = tokens[:3]
    node = _resolve(data, ptr.join("", *root))
    path = list(root)
    for n, token in enumerate(tokens[3:], start=4):
        if isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str) \
                and node["$ref"].startswith("#/$defs/"):
            path = root + ptr.split(node["$ref"][1:])
            node = _resolve(data, ptr.join("", *path))
        path.append(token)
        if n == len(tokens):
            break
        node = node.get(token) if isinstance(node, dict) else \
            node[int(token)] if isinstance(node, list) and token.isdigit() and int(token) < len(node) else None
        if node is None:
            return None
    return ptr.join("", *path)


def _anchor_key(node):
    return (id(node[0]), node[1]) if isinstance(node, tuple) else id(node)


def _resolve(data, pointer: str):
    try:
        return ptr.resolve(data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def canon(value, key: str | None = None):
    """Comparable form: key order counts only for `properties`; True is not 1."""
    if isinstance(value, dict):
        out = {k: canon(v, k) for k, v in value.items()}
        if key == "properties":
            out["\x00order"] = list(value)
        return out
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    return value


# ---- from edits to source changes -------------------------------------------------------------------------------

def plans(path: str, edits: list, doc, sites: dict) -> list:
    """Candidate plans for one fix, most natural first. Raises Skip when none can exist."""
    alternatives: list[list] = []  # per edit: [(apply(plan), expected edits)]
    for op, pointer, value in edits:
        alternatives.append(_edit_options(path, op, pointer, value, doc, sites))
    out = []
    # one plan per choice of the first edit's alternatives; later edits use their first option
    for first in alternatives[0]:
        plan = Plan()
        try:
            for apply_option in [first] + [options[0] for options in alternatives[1:]]:
                apply_option(plan)
        except Skip:
            if len(alternatives[0]) == 1:
                raise
            continue
        out.append(plan)
    if not out:
        raise Skip("no source construct holds this value")
    return out


def _edit_options(path: str, op: str, pointer: str, value, doc, sites: dict) -> list:
    tokens = ptr.split(pointer)
    if len(tokens) < 3 or tokens[0] != "tools":
        raise Skip("no Python construct for this part of the tool")
    tool_pointer = ptr.join("", "tools", tokens[1])
    tool_site = sites.get(tool_pointer)
    mod = sites.get("module")
    if tool_site is None or mod is None:
        raise Skip("the tool's source was not found")
    td, built = tool_site
    rest = tokens[2:]
    if rest == ["description"] and op == "set":
        return _tool_description(path, mod, td, built, value, pointer)
    if rest == ["name"] and op == "set":
        return _tool_name(path, mod, td, built, value, pointer)
    if rest[0] != "inputSchema":
        raise Skip(f"no Python construct for the tool's '{rest[0]}'")
    if op == "reorder":
        if rest[-1] != "properties":
            raise Skip("only property order can be changed")
        return [_reorder(path, sites, pointer, value)]
    # the longest prefix that names a field or parameter
    for cut in range(len(tokens), 2, -1):
        site_pointer = ptr.join("", *tokens[:cut])
        site = sites.get(site_pointer)
        if site is not None and cut < len(tokens):
            inside = tokens[cut:]
            return _property_edit(path, mod, td, site, site_pointer, inside, op, pointer, value, doc)
    key = rest[-1]
    if key == "required":
        raise Skip("in Python, `required` follows from which parameters have defaults; not edited")
    if key == "additionalProperties":
        raise Skip("additionalProperties comes from the model's config; not edited")
    raise Skip(f"no Python construct holds '{key}' here")


def _own(path: str, mod, what: str) -> None:
    if mod.path != path:
        raise Skip(f"{what} is defined in another file ({mod.path})")


def _property_edit(path, mod, td, site, site_pointer, inside, op, pointer, value, doc) -> list:
    owner, decl, ann, spec = site
    _own(path, owner, "the parameter")
    key = inside[0]
    expected = [(op, pointer, value)]
    if key == "description" and len(inside) == 1 and op == "set":
        return _param_description(owner, td, decl, spec, value, expected)
    if key == "type" or (len(inside) == 3 and inside[0] in UNIONS and inside[2] == "type"):
        if op != "set" or "integer" not in (value if isinstance(value, list) else [value]):
            raise Skip("only number -> integer type changes map onto an annotation")
        return [_float_to_int(owner, ann, site_pointer, doc)]
    if key == "default" and len(inside) == 1:
        if op != "set":
            raise Skip("removing a default makes a Python parameter required; not edited")
        node = spec.default_node
        if node is None or not _is_literal(node):
            raise Skip("the default is not a literal in the source")
        code = py_literal(value)
        return [lambda plan: plan.change("expr", span(owner, node), _replace_expr(code)) or
                plan.expected.extend(expected)]
    if key == "examples" and len(inside) == 1:
        keyword = spec.kwarg_nodes.get("examples")
        if keyword is None or spec.field_call is None:
            raise Skip("the examples are not a Field(examples=...) keyword")
        if op == "remove":
            return [lambda plan: plan.change("expr", span(owner, spec.field_call), _remove_keyword("examples")) or
                    plan.expected.extend(expected)]
        code = py_literal(value)
        return [lambda plan: plan.change("expr", span(owner, keyword.value), _replace_expr(code)) or
                plan.expected.extend(expected)]
    if key in FIELD_KEYWORDS and len(inside) == 1 and op == "set":
        return [_field_keyword(owner, spec, FIELD_KEYWORDS[key], value, expected)]
    if key == "enum":
        raise Skip("allowed values would need a Literal[...] or Enum annotation; not rewritten")
    raise Skip(f"no Python construct holds '{key}' of a parameter")


def _is_literal(node) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_literal(k) and _is_literal(v) for k, v in zip(node.keys, node.values))
    return False


def _field_keyword(owner, spec, keyword: str, value, expected):
    if spec.field_call is None:
        raise Skip(f"no Field(...) call to hold {keyword}=")
    code = py_literal(value)
    existing = spec.kwarg_nodes.get(keyword)

    def apply(plan: Plan):
        if existing is not None:
            plan.change("expr", span(owner, existing.value), _replace_expr(code))
        else:
            plan.change("expr", span(owner, spec.field_call), _add_keyword(keyword, code))
        plan.expected.extend(expected)
    return apply


def _float_to_int(owner, ann, site_pointer: str, doc):
    if ann is None:
        raise Skip("the parameter has no annotation")
    floats = []

    def visit(node):
        if isinstance(node, ast.Call) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            return  # Field(...) arguments, forward references
        if isinstance(node, ast.Subscript) and (owner.qualify(node.value) or "").endswith("Annotated"):
            first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
            visit(first)
            return
        if isinstance(node, ast.Name) and owner.qualify(node) == "builtins.float":
            floats.append(node)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)
    visit(ann)
    if len(floats) != 1:
        raise Skip("the annotation does not hold exactly one `float` to change")
    target = floats[0]
    prop = ptr.resolve(doc.data, site_pointer)
    expected = []
    for branch_pointer, branch in [(site_pointer, prop)] + [
            (ptr.join(site_pointer, k, i), b) for k in UNIONS for i, b in enumerate(prop.get(k) or ())
            if isinstance(b, dict)]:
        typ = branch.get("type")
        if typ == "number":
            expected.append(("set", ptr.join(branch_pointer, "type"), "integer"))
        elif isinstance(typ, list) and "number" in typ:
            expected.append(("set", ptr.join(branch_pointer, "type"),
                             ["integer" if t == "number" else t for t in typ]))

    def apply(plan: Plan):
        plan.change("expr", span(owner, target), _replace_expr("int"))
        plan.expected.extend(expected)
    return apply


def _param_description(owner, td, decl, spec, value: str, expected) -> list:
    if not isinstance(value, str):
        raise Skip("a description must be text")
    options = []
    keyword = spec.kwarg_nodes.get("description")
    if keyword is not None:
        if not _inside(keyword, decl):
            raise Skip("the description comes from a shared type alias")
        options.append(_set_string_option(owner, keyword.value, value, expected))
    elif spec.string_meta_node is not None and _inside(spec.string_meta_node, decl):
        options.append(_set_string_option(owner, spec.string_meta_node, value, expected))
    name = decl.arg if isinstance(decl, ast.arg) else None
    if keyword is None and name is not None and td.func is not None:
        option = _docstring_entry_option(owner, td.func, name, value, expected)
        if option is not None:
            options.append(option)
    if keyword is None and spec.field_call is not None and _inside(spec.field_call, decl):
        code = py_literal(value)
        options.append(lambda plan: plan.change("expr", span(owner, spec.field_call),
                                                _add_keyword("description", code)) or plan.expected.extend(expected))
    if not options:
        raise Skip("no Field(description=...), Annotated text or docstring entry to hold the description")
    return options


def _inside(node, container) -> bool:
    start = (node.lineno, node.col_offset)
    end = (node.end_lineno, node.end_col_offset)
    return (container.lineno, container.col_offset) <= start and \
        end <= (container.end_lineno, container.end_col_offset)


def _set_string_option(owner, node, value: str, expected):
    def apply(plan: Plan):
        plan.change("expr", span(owner, node), _replace_string(value))
        plan.expected.extend(expected)
    return apply


def _tool_description(path, mod, td, built, value, pointer) -> list:
    if not isinstance(value, str):
        raise Skip("a description must be text")
    expected = [("set", pointer, value)]
    node = built.anchors.get("description")
    if isinstance(node, ast.keyword):
        _own(path, mod, "the description")
        return [_set_string_option(mod, node.value, value, expected)]
    options = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a function or class docstring
        owner = _module_of(td, node)
        _own(path, owner, "the docstring")
        options += [lambda plan: plan.change("expr", span(owner, node), _docstring_summary(value, owner, node)) or
                    plan.expected.extend(expected),
                    lambda plan: plan.change("expr", span(owner, node), _docstring_whole(value, owner, node)) or
                    plan.expected.extend(expected)]
    elif node is not None:
        raise Skip("the description is not a literal string in the source")
    # the decorator's own keyword, when the docstring is not what the framework reads
    keyword = {"agents": "description_override"}.get(td.framework, "description")
    decorator = getattr(td.anchor, "node", None)
    if decorator is not None and td.mod.path == path:
        code = py_literal(value)
        options.append(lambda plan: plan.change("expr", span(td.mod, decorator), _add_keyword(keyword, code)) or
                       plan.expected.extend(expected))
    if node is not None:
        return options
    target = td.func if td.func is not None else (td.model[1] if td.model else None)
    if target is not None:
        owner = _module_of(td, target)
        _own(path, owner, "the tool")
        kind = "funcdef" if td.func is not None else "classdef"
        options.insert(0, lambda plan: plan.change(kind, span(owner, target),
                                                   _insert_docstring(value, owner, target))
                       or plan.expected.extend(expected))
    if not options:
        raise Skip("no docstring or description= to hold the description")
    return options


def _module_of(td, node):
    if td.model is not None and td.func is None:
        return td.model[0]
    return td.mod


def _tool_name(path, mod, td, built, value, pointer) -> list:
    if not isinstance(value, str):
        raise Skip("a name must be text")
    expected = [("set", pointer, value)]
    node = built.anchors.get("name")
    if isinstance(node, ast.keyword):
        _own(path, mod, "the name")
        return [_set_string_option(mod, node.value, value, expected)]
    if isinstance(node, ast.Constant):
        _own(path, mod, "the name")
        return [_set_string_option(mod, node, value, expected)]
    keyword = {"fastmcp": "name", "mcp-sdk": "name", "agents": "name_override"}.get(td.framework)
    decorator = getattr(td.anchor, "node", None)
    if keyword is None or decorator is None or td.mod.path != path:
        raise Skip("the name is the function's or class's own name; renaming it would break its callers")
    code = py_literal(value)
    return [lambda plan: plan.change("expr", span(td.mod, decorator), _add_keyword(keyword, code)) or
            plan.expected.extend(expected)]


def _reorder(path: str, sites: dict, pointer: str, order: list):
    mod = sites.get("module")
    decls = []
    for name in order:
        site = sites.get(ptr.join(pointer, name))
        if site is None:
            raise Skip(f"property '{name}' has no source declaration")
        owner, decl, _, _ = site
        _own(path, owner, f"field '{name}'")
        if isinstance(decl, ast.arg):
            raise Skip("function parameters are not reordered: callers may pass them by position, "
                       "which static reading cannot rule out")
        if not isinstance(decl, ast.AnnAssign):
            raise Skip(f"property '{name}' is not a class field")
        decls.append(decl)
    cls = _class_holding(mod.module, decls)
    if cls is None:
        raise Skip("the fields are not all declared in one class body (inherited fields)")
    expected = [("reorder", pointer, list(order))]

    def apply(plan: Plan):
        for new_slot, decl in enumerate(decls):
            plan.reorders[span(mod, decl)] = (span(mod, cls), new_slot, len(decls))
        plan.exprs.setdefault(("classdef", span(mod, cls)), _reorder_class)
        plan.expected.extend(expected)
    return apply


def _class_holding(module: ast.Module, decls: list):
    for node in ast.walk(module):
        if isinstance(node, ast.ClassDef):
            ids = {id(s) for s in node.body}
            if all(id(d) in ids for d in decls):
                return node
    return None


# ---- positions ---------------------------------------------------------------------------------------------------

def span(mod, node) -> tuple:
    """(line, column, end line, end column) in characters, as libcst's PositionProvider gives them."""
    lines = getattr(mod, "_fix_lines", None)
    if lines is None:
        lines = mod._fix_lines = _NEWLINES.split(mod.text)
    return (node.lineno, _chars(lines, node.lineno, node.col_offset),
            node.end_lineno, _chars(lines, node.end_lineno, node.end_col_offset))


def _chars(lines, line: int, byte_col: int) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


# ---- Python literals ---------------------------------------------------------------------------------------------

def py_literal(value) -> str:
    if isinstance(value, str):
        return quote(value, '"')
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Skip("no Python literal for a non-finite number")
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise Skip(f"no Python literal for {type(value).__name__}")


def quote(text: str, mark: str) -> str:
    """A one-line string literal with the given quote mark."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == mark:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return mark + "".join(out) + mark


def _triple_body(text: str, mark: str, raw: bool) -> str:
    """The inside of a triple-quoted literal whose value is `text`."""
    q = mark[0]
    if raw:
        if "\\" in text or q in text or "\r" in text:
            raise Skip("the text cannot be written inside this raw string")
        return text
    body = text.replace("\\", "\\\\").replace("\r", "\\r")
    body = "".join(f"\\x{ord(c):02x}" if (ord(c) < 0x20 and c not in "\n\t") or ord(c) == 0x7F else c
                   for c in body)
    body = body.replace(q * 3, q * 2 + "\\" + q)
    if body.endswith(q):
        body = body[:-1] + "\\" + q
    return body


def _string_parts(token: str) -> tuple[str, str, str]:
    """(prefix, quote mark, inside) of a string literal token."""
    start = next(i for i, c in enumerate(token) if c in "\"'")
    prefix = token[:start]
    mark = token[start:start + 3] if token[start:start + 3] in ('"""', "'''") else token[start]
    return prefix, mark, token[start + len(mark):len(token) - len(mark)]


# ---- libcst transforms -------------------------------------------------------------------------------------------

def rewrite(text: str, plan: Plan) -> str:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise Skip(f"libcst cannot parse the file: {exc.message}") from None
    except (RecursionError, MemoryError):
        raise Skip("libcst cannot parse the file: nested too deeply") from None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    newline = module.default_newline

    class Rewriter(cst.CSTTransformer):
        def on_leave(self, original, updated):
            pos = positions.get(original)
            if pos is None:
                return updated
            where = (pos.start.line, pos.start.column, pos.end.line, pos.end.column)
            if isinstance(original, cst.BaseExpression):
                kind = "expr"
            elif isinstance(original, cst.FunctionDef):
                kind = "funcdef"
            elif isinstance(original, cst.ClassDef):
                kind = "classdef"
            else:
                return updated
            fn = plan.exprs.get((kind, where))
            if fn is None:
                return updated
            self.done.add((kind, where))
            if kind == "classdef" and fn is _reorder_class:
                return _reorder_class(original, updated, plan, positions)
            return fn(updated, newline=newline)

    rewriter = Rewriter()
    rewriter.done = set()
    new_module = module.visit(rewriter)
    if rewriter.done != set(plan.exprs):
        raise Skip("a source node of this fix was not found by libcst")
    return new_module.code


def _keep_parens(old, new):
    if getattr(old, "lpar", None) and hasattr(new, "lpar"):
        return new.with_changes(lpar=old.lpar, rpar=old.rpar)
    return new


def _replace_expr(code: str):
    def fn(node, newline="\n"):
        import libcst as cst

        return _keep_parens(node, cst.parse_expression(code))
    return fn


def _replace_string(value: str):
    """A string literal with the new value, in the style of the old one where possible."""
    def fn(node, newline="\n"):
        import libcst as cst

        if isinstance(node, cst.SimpleString):
            prefix, mark, _ = _string_parts(node.value)
            if "b" in prefix.lower():
                raise Skip("a bytes literal")
            if len(mark) == 3:
                body = _triple_body(value, mark, "r" in prefix.lower())
                return node.with_changes(value=f"{prefix}{mark}{body}{mark}")
            return node.with_changes(value=quote(value, mark))
        return _keep_parens(node, cst.SimpleString(quote(value, '"')))
    return fn


def _docstring_indent(mod, node) -> str:
    lines = _NEWLINES.split(mod.text)
    line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    return line[:len(line) - len(line.lstrip())]


def _render_lines(value: str, indent: str) -> list[str]:
    lines = value.split("\n")
    return [lines[0]] + [(indent + line) if line.strip() else "" for line in lines[1:]]


def _docstring_whole(value: str, mod, node):
    indent = _docstring_indent(mod, node)

    def fn(string, newline="\n"):
        import libcst as cst

        if not isinstance(string, cst.SimpleString):
            raise Skip("the docstring is not a single string literal")
        prefix, mark, inside = _string_parts(string.value)
        if len(mark) != 3:
            mark = '"""'
        multi = "\n" in value or "\n" in inside
        body = _triple_body(value, mark, "r" in prefix.lower())
        lines = _render_lines(body, indent)
        text = newline.join(lines) + (newline + indent if multi else "")
        return string.with_changes(value=f"{prefix}{mark}{text}{mark}")
    return fn


def _docstring_summary(value: str, mod, node):
    """Replace only the free text before the docstring's first section (Args:, Parameters, :param ...)."""
    from ..loaders.python.docstrings import _PARSERS, _detect, clean_lines

    raw = node.value
    lines = clean_lines(raw)
    section = None
    for style in _detect(lines):
        parsed = _PARSERS[style](lines)
        if parsed is not None:
            section = lines[parsed[0]][0] if parsed[0] < len(lines) else None
            break
    indent = _docstring_indent(mod, node)

    def fn(string, newline="\n"):
        import libcst as cst

        if section is None:
            raise Skip("the docstring has no sections")
        if not isinstance(string, cst.SimpleString):
            raise Skip("the docstring is not a single string literal")
        prefix, mark, inside = _string_parts(string.value)
        if len(mark) != 3:
            raise Skip("a one-quote docstring")
        raw_lines = _NEWLINES.split(inside)
        if len(raw_lines) != len(raw.split("\n")):
            raise Skip("the docstring's lines do not match its value")
        head_end = section
        while head_end > 0 and not raw_lines[head_end - 1].strip():
            head_end -= 1
        tail = raw_lines[head_end:] if head_end > 0 else [""] + raw_lines[section:]
        body = _triple_body(value, mark, "r" in prefix.lower())
        head = _render_lines(body, indent)
        if not raw_lines[0].strip():  # the docstring starts on the line after its quotes
            head = [""] + [indent + line if line.strip() else "" for line in body.split("\n")]
        return string.with_changes(value=f"{prefix}{mark}{newline.join(head + tail)}{mark}")
    return fn


def _docstring_entry_option(mod, func, name: str, value: str, expected):
    """Rewrite one parameter's entry in the function's docstring (Google, NumPy or reST)."""
    from ..loaders.python.docstrings import parse_docstring

    doc_node = func.body[0].value if func.body and isinstance(func.body[0], ast.Expr) else None
    if not (isinstance(doc_node, ast.Constant) and isinstance(doc_node.value, str)):
        return None
    parsed = parse_docstring(doc_node.value)
    if parsed is None or name not in parsed.params:
        return None
    entry = parsed.params[name]
    style = parsed.style

    def fn(string, newline="\n"):
        import libcst as cst

        if not isinstance(string, cst.SimpleString):
            raise Skip("the docstring is not a single string literal")
        prefix, mark, inside = _string_parts(string.value)
        raw_lines = _NEWLINES.split(inside)
        if len(raw_lines) != len(doc_node.value.split("\n")) or entry.line >= len(raw_lines):
            raise Skip("the docstring's lines do not match its value")
        first = raw_lines[entry.line]
        width = _width(first)
        end = entry.line + 1
        while end < len(raw_lines) and raw_lines[end].strip() and _width(raw_lines[end]) > width:
            end += 1
        cont_indent = (raw_lines[entry.line + 1][:_width(raw_lines[entry.line + 1])]
                       if end > entry.line + 1 else first[:width] + " " * 4)
        body = _triple_body(value, mark if len(mark) == 3 else '"""', "r" in prefix.lower()) \
            if len(mark) == 3 else None
        if body is None:
            raise Skip("a one-quote docstring")
        value_lines = body.split("\n")
        if style == "numpy":
            new = [first] + [cont_indent + line if line.strip() else "" for line in value_lines]
        else:
            match = (_SPHINX_HEAD if style == "sphinx" else _GOOGLE_HEAD).match(first)
            if match is None:
                raise Skip("the docstring entry has an unexpected shape")
            new = [match.group(1) + " " + value_lines[0]] + \
                [cont_indent + line if line.strip() else "" for line in value_lines[1:]]
        lines = raw_lines[:entry.line] + new + raw_lines[end:]
        return string.with_changes(value=f"{prefix}{mark}{newline.join(lines)}{mark}")

    def apply(plan: Plan):
        plan.change("expr", span(mod, doc_node), fn)
        plan.expected.extend(expected)
    return apply


def _width(line: str) -> int:
    return len(line) - len(line.lstrip())


def _insert_docstring(value: str, mod, target):
    first = target.body[0] if target.body else None
    indent = _docstring_indent(mod, first) if first is not None else ""

    def fn(node, newline="\n"):
        import libcst as cst

        if not isinstance(node.body, cst.IndentedBlock):
            raise Skip("a one-line body")
        body = _triple_body(value, '"""', False)
        text = newline.join(_render_lines(body, indent))
        if "\n" in value:
            text += newline + indent
        stmt = cst.SimpleStatementLine([cst.Expr(cst.SimpleString(f'"""{text}"""'))])
        return node.with_changes(body=node.body.with_changes(body=[stmt, *node.body.body]))
    return fn


def _add_keyword(keyword: str, code: str):
    """Add `keyword=code` to a call (a bare decorator becomes a call)."""
    def fn(node, newline="\n"):
        import libcst as cst

        arg = cst.Arg(keyword=cst.Name(keyword), value=cst.parse_expression(code),
                      equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                            whitespace_after=cst.SimpleWhitespace("")))
        if not isinstance(node, cst.Call):
            if isinstance(node, (cst.Name, cst.Attribute)):
                return cst.Call(func=node, args=[arg])
            raise Skip("not a call")
        if any(a.keyword is not None and a.keyword.value == keyword for a in node.args):
            raise Skip(f"{keyword}= is already given")
        if any(a.star == "**" for a in node.args):
            raise Skip("the call takes **keywords")
        args = list(node.args)
        if not args:
            return node.with_changes(args=[arg])
        last = args[-1]
        if isinstance(last.comma, cst.Comma):  # trailing comma: one argument per line
            between = args[-2].comma.whitespace_after if len(args) > 1 and isinstance(args[-2].comma, cst.Comma) \
                else node.whitespace_before_args
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=between))
            args.append(arg.with_changes(comma=last.comma))
        else:
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            args.append(arg)
        return node.with_changes(args=args)
    return fn


def _remove_keyword(keyword: str):
    def fn(node, newline="\n"):
        args = list(node.args)
        index = next((i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == keyword), None)
        if index is None:
            raise Skip(f"no {keyword}= to remove")
        removed = args.pop(index)
        if index == len(args) and index > 0:  # it was the last: the one before takes its comma
            args[index - 1] = args[index - 1].with_changes(comma=removed.comma)
        return node.with_changes(args=args)
    return fn


def _reorder_class(original, updated, plan: Plan, positions):
    """Put the class's fields in their new order, each in the slot (and blank lines) of the one it replaces."""
    import libcst as cst

    def field_span(stmt):
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and \
                isinstance(stmt.body[0], cst.AnnAssign):
            pos = positions.get(stmt.body[0])
            if pos is not None:
                return (pos.start.line, pos.start.column, pos.end.line, pos.end.column)
        return None

    body = list(updated.body.body)
    originals = list(original.body.body)
    slots, units = [], {}
    i = 0
    while i < len(originals):
        order = plan.reorders.get(field_span(originals[i]))
        if order is not None:
            unit = [i]
            # an attribute docstring right below the field moves with it
            nxt = originals[i + 1] if i + 1 < len(originals) else None
            if isinstance(nxt, cst.SimpleStatementLine) and len(nxt.body) == 1 and \
                    isinstance(nxt.body[0], cst.Expr) and isinstance(nxt.body[0].value, cst.SimpleString):
                unit.append(i + 1)
                i += 1
            slots.append(unit)
            units[order[1]] = unit
        i += 1
    if len(units) != len(slots) or sorted(units) != list(range(len(slots))):
        raise Skip("the class's fields do not match the properties")
    starts = {slot[0]: k for k, slot in enumerate(slots)}
    inside = {j for slot in slots for j in slot}
    out = []
    for j, stmt in enumerate(body):
        if j in starts:
            slot = slots[starts[j]]
            moving = units[starts[j]]
            own_blank, _ = _split_leading(body[slot[0]].leading_lines)
            _, comments = _split_leading(body[moving[0]].leading_lines)
            out.append(body[moving[0]].with_changes(leading_lines=own_blank + comments))
            out.extend(body[m] for m in moving[1:])
        elif j not in inside:
            out.append(stmt)
    return updated.with_changes(body=updated.body.with_changes(body=out))


def _split_leading(lines) -> tuple[list, list]:
    """(blank lines before the first comment, the comment lines and what follows them)."""
    lines = list(lines)
    n = 0
    while n < len(lines) and lines[n].comment is None:
        n += 1
    if n == len(lines):
        return lines, []
    return lines[:n], lines[n:]
