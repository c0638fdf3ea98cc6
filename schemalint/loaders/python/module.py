"""One parsed Python module: its imports, classes, functions and constants, and safe literal evaluation."""
from __future__ import annotations

import ast
import builtins
import os

BUILTIN_NAMES = frozenset(dir(builtins))
FUNCTION_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


class Unknown:
    """A value static reading cannot know (a call result, a name imported from elsewhere)."""

    def __init__(self, why: str):
        self.why = why

    def __repr__(self):
        return f"Unknown({self.why})"


def dotted(expr) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def string_value(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def docstring_node(node) -> ast.Constant | None:
    body = getattr(node, "body", None)
    if body and isinstance(body[0], ast.Expr) and string_value(body[0].value) is not None:
        return body[0].value
    return None


def is_ellipsis(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


class AtLineStart:
    """Locate a node at the start of its line (a decorator: its `@`, not its expression)."""

    __slots__ = ("node",)

    def __init__(self, node):
        self.node = node


class ModuleInfo:
    def __init__(self, path: str, module: ast.Module, text: str):
        self.path = path
        self.module = module
        self.text = text
        self.imports: dict[str, str] = {}  # local name -> qualified name
        self.classes: dict[str, ast.ClassDef] = {}
        self.functions: dict[str, ast.FunctionDef] = {}
        self.assigns: dict[str, ast.expr] = {}
        self._lines: list | None = None
        self._index(module.body)

    def _index(self, body) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                self.classes.setdefault(stmt.name, stmt)
            elif isinstance(stmt, FUNCTION_DEFS):
                self.functions.setdefault(stmt.name, stmt)
            elif isinstance(stmt, ast.If):  # `if TYPE_CHECKING:` imports, version switches
                self._index(stmt.body)
                self._index(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                self._index(stmt.body)
                for handler in stmt.handlers:
                    self._index(handler.body)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.imports[top] = top
            elif isinstance(stmt, ast.ImportFrom):
                base = "." * stmt.level + (stmt.module or "")
                sep = "" if base.endswith(".") or not base else "."
                for alias in stmt.names:
                    if alias.name != "*":
                        self.imports[alias.asname or alias.name] = f"{base}{sep}{alias.name}"
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                self.assigns.setdefault(stmt.targets[0].id, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                self.assigns.setdefault(stmt.target.id, stmt.value)
            elif type(stmt).__name__ == "TypeAlias":  # `type X = ...` (Python 3.12)
                self.assigns.setdefault(stmt.name.id, stmt.value)

    def qualify(self, expr) -> str | None:
        """The qualified name an expression refers to: `typing.Optional`, `builtins.str`, `<local>.Model`."""
        name = dotted(expr)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.imports:
            base = self.imports[head]
        elif head in self.classes or head in self.functions or head in self.assigns:
            base = f"<local>.{head}"
        elif head in BUILTIN_NAMES:
            base = f"builtins.{head}"
        else:
            base = f"<unknown>.{head}"
        return f"{base}.{rest}" if rest else base

    def line_text(self, line: int) -> str:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def position(self, node) -> tuple[int, int] | None:
        """1-based line and column (in characters) of an AST node; (node, n) is the n-th line below it."""
        line_offset, line_start = 0, False
        if isinstance(node, tuple):
            node, line_offset = node
        if isinstance(node, AtLineStart):
            node, line_start = node.node, True
        lineno = getattr(node, "lineno", None)
        if lineno is None:
            return None
        line = lineno + line_offset
        text = self.line_text(line)
        if line_offset or line_start or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return line, len(text) - len(text.lstrip()) + 1
        # col_offset counts UTF-8 bytes
        col = len(text.encode("utf-8")[:node.col_offset].decode("utf-8", "replace"))
        return line, col + 1

    def resolve_module_file(self, qualified_module: str) -> str | None:
        """The file of a module imported relatively or from the same source tree, if it is on disk."""
        if self.path == "-":
            return None
        here = os.path.dirname(os.path.abspath(self.path))
        if qualified_module.startswith("."):
            level = len(qualified_module) - len(qualified_module.lstrip("."))
            base = here
            for _ in range(level - 1):
                base = os.path.dirname(base)
            rest = qualified_module.lstrip(".")
            candidates = [base]
        else:
            rest = qualified_module
            candidates, base = [], here
            for _ in range(4):  # the package root is at most a few folders up
                candidates.append(base)
                base = os.path.dirname(base)
        parts = [p for p in rest.split(".") if p]
        if not parts:
            return None
        for root in candidates:
            target = os.path.join(root, *parts)
            for path in (target + ".py", os.path.join(target, "__init__.py")):
                if os.path.isfile(path):
                    return path
        return None


def literal(node, mod: ModuleInfo | None = None, enums=None, depth: int = 0):
    """The Python value of a literal expression, or an Unknown. Names resolve through module constants."""
    if depth > 8:
        return Unknown("too deep")
    if isinstance(node, ast.Constant):
        return node.value if not isinstance(node.value, complex) else Unknown("complex number")
    if isinstance(node, ast.JoinedStr):
        return Unknown("f-string")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = literal(node.operand, mod, enums, depth + 1)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
        return Unknown("expression")
    if isinstance(node, ast.Name):
        if mod is not None and node.id in mod.assigns and node.id not in mod.classes:
            return literal(mod.assigns[node.id], mod, enums, depth + 1)
        return Unknown(f"name '{node.id}'")
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = []
        for el in node.elts:
            if isinstance(el, ast.Starred):
                return Unknown("starred element")
            value = literal(el, mod, enums, depth + 1)
            if isinstance(value, Unknown):
                return value
            values.append(value)
        return tuple(values) if isinstance(node, ast.Tuple) else values
    if isinstance(node, ast.Dict):
        out = {}
        for key_node, value_node in zip(node.keys, node.values):
            if key_node is None:
                return Unknown("** in dict")
            key = literal(key_node, mod, enums, depth + 1)
            value = literal(value_node, mod, enums, depth + 1)
            if isinstance(key, Unknown) or isinstance(value, Unknown):
                return key if isinstance(key, Unknown) else value
            out[key] = value
        return out
    if isinstance(node, ast.Attribute) and enums is not None:
        member = enums(node)
        if member is not None:
            return member
    if isinstance(node, ast.Call):
        name = dotted(node.func)
        if name in ("list", "dict", "set", "tuple") and not node.args and not node.keywords:
            return {"list": [], "dict": {}, "set": [], "tuple": ()}[name]
        if name == "dict" and not node.args and all(k.arg for k in node.keywords):
            values = {k.arg: literal(k.value, mod, enums, depth + 1) for k in node.keywords}
            bad = [v for v in values.values() if isinstance(v, Unknown)]
            return bad[0] if bad else values
    return Unknown(type(node).__name__)


def jsonable(value):
    """A literal as JSON data (tuples and sets become lists, bytes become text)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
