"""Where a finding is: one value a rule hands to `ctx.report`, whatever it points at."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Tool


@dataclass(frozen=True)
class Location:
    """A place in a tool: a schema node (`path` inside the input schema), a field of the tool object
    (`field`, e.g. "description"), or a document pointer (`pointer`: input_examples, a contract node); the tool
    itself when none is given. `param` is the dotted parameter the finding is about, `position` a (line,
    column) for places no pointer reaches (a line of a Python docstring)."""

    tool: Tool
    path: tuple | None = None
    field: str | None = None
    pointer: str | None = None
    param: str | None = None
    position: tuple | None = None

    def document_pointer(self) -> str:
        if self.pointer is not None:
            return self.pointer
        if self.path is not None:
            return self.tool.schema_ptr(self.path)
        if self.field is not None:
            return self.tool.field_ptr(self.field)
        return self.tool.pointer


def at(tool: Tool, *, path: tuple | None = None, field: str | None = None, pointer: str | None = None,
       param: str | None = None, position: tuple | None = None) -> Location:
    return Location(tool, path, field, pointer, param, position)


def node_at(node, *, suffix: tuple = (), param: str | None = None) -> Location:
    """A schema node, or a keyword below it (`suffix`, e.g. ("default",)), reported as the node's parameter."""
    return Location(node.tool, node.path + tuple(suffix), param=param if param is not None else node.param)


@dataclass(frozen=True)
class FileLocation:
    """A place in a file that holds no tool to point at: a file that could not be parsed."""

    path: str
    line: int = 1
    column: int = 1


def in_file(path: str, line: int | None = None, column: int | None = None) -> FileLocation:
    return FileLocation(path, line or 1, column or 1)
