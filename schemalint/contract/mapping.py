"""Which operation does a tool call? Explicit first, inferred only when unambiguous.

Order: the `mappings` table of the configuration (tool name -> operationId or
"METHOD /path"), then a hint in the tool itself (`x-operation-id`,
`x-openapi-operation`, `operationId`, on the tool, its annotations, `_meta` or
its input schema), then operationId equality after normalizing case,
separators and dots (also after dropping a prefix every tool of the file
shares, such as `API-`), then the method and path spelled as the tool name
(`get_users_user_id` for GET /users/{user_id}). Anything else is reported,
never guessed.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..model import Tool
from .load import HTTP_METHODS, Operation

_NON_ALNUM = re.compile(r"[^a-z0-9]")
_PATH_PARAM = re.compile(r"\{[^}]*\}")
_METHOD_PATH = re.compile(r"^\s*([A-Za-z]+)\s+(/\S*)\s*$")
# a version has a few digits; bounding them keeps a hostile `/v<5,000 digits>/` path from reaching int()
_VERSION_SEGMENT = re.compile(r"^v(\d{1,9})(?:(?:alpha|beta)\d*)?$", re.IGNORECASE)
_VERSION_IN_ID = re.compile(r"(?:(?<=[a-z0-9_.\-])|^)[Vv](\d{1,9})(?=[A-Z_.\-]|$)")
HINT_KEYS = ("x-operation-id", "x-operationId", "x-openapi-operation", "x-openapi-operation-id", "operationId",
             "operation_id")
_SEPARATORS = "_-."


def normalize(name: str) -> str:
    return _NON_ALNUM.sub("", name.lower())


def route_key(method: str, path: str) -> str:
    return method.lower() + " " + _PATH_PARAM.sub("{}", path.rstrip("/") or "/")


def route_name(method: str, path: str) -> str:
    """GET /users/{user_id} -> getusersuserid: how a tool named after its route spells it."""
    return normalize(method + path.replace("{", "").replace("}", ""))


@dataclass
class Mapping:
    tool: Tool
    status: str  # mapped | unmapped | ambiguous | missing
    operation: Operation | None = None
    via: str = ""  # config | hint | operationId | route
    target: str = ""  # what the config or hint asked for
    candidates: list = field(default_factory=list)
    comparison: object = None  # compare.Comparison of a mapped tool, once the drift analysis made it


class OperationIndex:
    def __init__(self, operations: list[Operation]):
        self.operations = operations
        self.by_id: dict[str, list] = {}
        self.by_exact_id: dict[str, list] = {}
        self.by_route: dict[str, list] = {}
        self.by_route_name: dict[str, list] = {}
        for op in operations:
            if op.operation_id:
                self.by_exact_id.setdefault(op.operation_id, []).append(op)
                self.by_id.setdefault(normalize(op.operation_id), []).append(op)
            self.by_route.setdefault(route_key(op.method, op.path), []).append(op)
            self.by_route_name.setdefault(route_name(op.method, op.path), []).append(op)
            without_version = _strip_version_segment(op.path)
            if without_version != op.path:
                self.by_route_name.setdefault(route_name(op.method, without_version), []).append(op)

    def lookup(self, target: str) -> list:
        """An explicit target: "METHOD /path" or an operationId (exact first, then normalized)."""
        hit = _METHOD_PATH.match(target)
        if hit and hit.group(1).lower() in HTTP_METHODS:
            return self.by_route.get(route_key(hit.group(1), hit.group(2)), [])
        return self.by_exact_id.get(target) or self.by_id.get(normalize(target), [])

    def suggestions(self, target: str, limit: int = 3) -> list[str]:
        import difflib

        names = [op.operation_id for op in self.operations if op.operation_id]
        return difflib.get_close_matches(target, names, n=limit, cutoff=0.6)


def _strip_version_segment(path: str) -> str:
    parts = path.split("/")
    return "/".join(p for p in parts if not _VERSION_SEGMENT.match(p))


def tool_hint(tool: Tool) -> str | None:
    places = [tool.raw, tool.annotations or {}, tool.raw.get("_meta") if isinstance(tool.raw.get("_meta"), dict)
              else {}, tool.input_schema if isinstance(tool.input_schema, dict) else {}]
    for place in places:
        for key in HINT_KEYS:
            value = place.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, dict):
                op_id = value.get("operationId")
                if isinstance(op_id, str):
                    return op_id
                if isinstance(value.get("method"), str) and isinstance(value.get("path"), str):
                    return f"{value['method'].upper()} {value['path']}"
    return None


def shared_prefixes(tools: list[Tool]) -> dict[str, str]:
    """Per file: a separator-ended prefix every tool name of the file starts with (`API-`, `notion_`)."""
    by_file: dict[str, list[str]] = {}
    for tool in tools:
        if isinstance(tool.name, str):
            by_file.setdefault(tool.file, []).append(tool.name)
    out = {}
    for file, names in by_file.items():
        if len(names) < 2:
            continue
        common = os.path.commonprefix(names)
        cut = max(common.rfind(sep) for sep in _SEPARATORS)
        if cut > 0:
            out[file] = common[: cut + 1]
    return out


def map_tools(tools: list[Tool], operations: list[Operation], mappings: dict) -> list[Mapping]:
    index = OperationIndex(operations)
    prefixes = shared_prefixes(tools)
    out = []
    for tool in tools:
        out.append(_map_one(tool, index, mappings, prefixes.get(tool.file)))
    return out


def _map_one(tool: Tool, index: OperationIndex, mappings: dict, prefix: str | None) -> Mapping:
    name = tool.name if isinstance(tool.name, str) else ""
    explicit = mappings.get(name) if name else None
    if isinstance(explicit, dict):
        explicit = explicit.get("operation")
    for via, target in (("config", explicit), ("hint", tool_hint(tool))):
        if not isinstance(target, str) or not target.strip():
            continue
        found = index.lookup(target.strip())
        if len(found) == 1:
            return Mapping(tool, "mapped", found[0], via, target)
        if len(found) > 1:
            return Mapping(tool, "ambiguous", via=via, target=target, candidates=found)
        return Mapping(tool, "missing", via=via, target=target, candidates=index.suggestions(target))
    if not name:
        return Mapping(tool, "unmapped")
    names = [name]
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        names.append(name[len(prefix):])
    for via, table in (("operationId", index.by_id), ("route", index.by_route_name)):
        for candidate in names:
            found = _unique(table.get(normalize(candidate), []))
            if len(found) == 1:
                return Mapping(tool, "mapped", found[0], via, candidate)
            if len(found) > 1:
                return Mapping(tool, "ambiguous", via=via, target=candidate, candidates=found)
    return Mapping(tool, "unmapped")


def _unique(ops: list) -> list:
    seen, out = set(), []
    for op in ops:
        if id(op) not in seen:
            seen.add(id(op))
            out.append(op)
    return out


def version_family(op: Operation):
    """(family, version) when the operation is versioned in its path (/v2/) or operationId (searchUsersV2)."""
    parts = op.path.split("/")
    for i, part in enumerate(parts):
        hit = _VERSION_SEGMENT.match(part)
        if hit:
            family = "/".join(parts[:i] + ["{v}"] + parts[i + 1:])
            return ("path", op.method, _PATH_PARAM.sub("{}", family)), int(hit.group(1))
    if op.operation_id:
        hits = list(_VERSION_IN_ID.finditer(op.operation_id))
        if hits:
            last = hits[-1]
            family = op.operation_id[: last.start()] + "{v}" + op.operation_id[last.end():]
            return ("id", normalize(family.replace("{v}", "vversion"))), int(last.group(1))
    return None, None


class VersionIndex:
    """Operations grouped by version family, built once per set of operations."""

    def __init__(self, operations: list[Operation]):
        self.families: dict = {}
        self.of: dict[int, tuple] = {}
        for op in operations:
            family, version = version_family(op)
            if family is not None:
                self.of[id(op)] = (family, version)
                self.families.setdefault(family, []).append((version, op))

    def newer(self, op: Operation) -> list[Operation]:
        family, version = self.of.get(id(op), (None, None))
        if family is None:
            return []
        return [o for v, o in sorted(self.families[family], key=lambda vo: -vo[0]) if v > version and o is not op]
