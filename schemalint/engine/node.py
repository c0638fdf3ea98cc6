"""Schema nodes as the walk visits them."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Tool

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Any


class _once:
    """functools.cached_property without its lock (Python 3.11 takes one on every first read: a third of the cost of
    reading a node's description once per node); a walk runs in one thread."""

    def __init__(self, compute):
        self.compute, self.name = compute, compute.__name__

    def __get__(self, node, owner=None):
        if node is None:
            return self
        value = node.__dict__[self.name] = self.compute(node)
        return value


@dataclass(eq=False)
class Node:
    schema: Any
    path: tuple  # path of this node inside the tool's input schema
    kind: str  # root | property | items | branch | additional | definition
    tool: Tool
    parent: "Node | None" = None
    name: str | None = None  # property name, for kind == "property"
    param: str | None = None  # dotted parameter path, e.g. "filters.status"
    required: bool = False
    index: int = 0  # position among its sibling properties
    depth: int = 0  # object nesting depth below the root
    ignored: frozenset = frozenset()

    @property
    def type(self):
        return self.schema.get("type") if isinstance(self.schema, dict) else None

    # computed once per node: most description and parameter rules read it
    @_once
    def description(self) -> str:
        if isinstance(self.schema, dict) and isinstance(self.schema.get("description"), str):
            return self.schema["description"]
        return ""
