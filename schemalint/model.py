"""The normalized tool model every loader produces and every rule reads.

A Tool keeps its schemas as plain JSON data; positions come from its Document
through JSON pointers, so a loader never has to copy positions node by node.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

from .sources import Document
from .sources import pointer as ptr

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Any, Callable

SEVERITIES = ("error", "warning", "info")
CATEGORIES = (
    "validity",
    "description",
    "parameters",
    "ordering",
    "examples",
    "versioning",
    "drift",
    "provider",
    "security",
    "cost",
)


@dataclass(eq=False)
class Tool:
    name: str | None
    description: str | None
    input_schema: Any
    format: str
    document: Document
    pointer: str  # the tool object in the document
    schema_pointer: str | None  # the input schema in the document, None when synthesized
    output_schema: Any = None
    annotations: dict = field(default_factory=dict)
    examples: list = field(default_factory=list)
    raw: dict = field(default_factory=dict)
    # maps a path inside the input schema to a document pointer, for schemas a loader built
    schema_pointer_fn: Callable[[tuple], str] | None = None
    # document pointers of the tool's own fields ("name", "description", ...)
    field_pointers: dict = field(default_factory=dict)
    # tokens the definition costs per request (schemalint.tokens); set when first counted
    tokens: int | None = None
    # False when the tool's text cannot be edited in place (tools inside a JSON string, synthesized schemas)
    editable: bool = True
    # False when the source does not record which parameters are required (a Docker `arguments` summary
    # that never writes `optional`): the schema then has no `required` list, and that absence means "unknown"
    required_known: bool = True
    # set on the view of a tool's MCP outputSchema that the engine walks like an input schema
    output_of: "Tool | None" = None

    @property
    def file(self) -> str:
        return self.document.path

    @property
    def deprecated(self) -> bool:
        return bool(self.raw.get("deprecated") or (self.annotations or {}).get("deprecated"))

    def schema_ptr(self, path: tuple = ()) -> str:
        """Document pointer of the node at `path` inside the input schema."""
        if self.schema_pointer_fn is not None:
            return self.schema_pointer_fn(path)
        if self.schema_pointer is None:
            return self.pointer
        return ptr.join(self.schema_pointer, *path)

    def field_ptr(self, name: str) -> str:
        return self.field_pointers.get(name) or ptr.join(self.pointer, name)

    @property
    def catalog_key(self) -> tuple:
        """Tools that share this key were listed together (same file, same array): one catalog. The tools of
        every live MCP server a run reads (`mcp:<name>`) reach one model together: one catalog."""
        if self.document.path.startswith("mcp:"):
            return ("mcp:", "")
        pointer = self.pointer  # the pointer up to its last number token; escapes never hold a digit
        end = len(pointer)
        while end > 0:
            start = pointer.rfind("/", 0, end)
            if pointer[start + 1:end].isdigit():
                return (self.document.path, pointer[:start])
            end = start
        return (self.document.path, "")

    def ignored(self) -> frozenset:
        return _ignore_set(self.raw) | _ignore_set(self.annotations or {})

    @property
    def properties(self) -> dict:
        schema = self.input_schema
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            return schema["properties"]
        return {}

    @property
    def required(self) -> list:
        schema = self.input_schema
        req = schema.get("required") if isinstance(schema, dict) else None
        return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []


IGNORE_KEY = "x-schemalint-ignore"


def _ignore_set(node) -> frozenset:
    if not isinstance(node, dict):
        return frozenset()
    value = node.get(IGNORE_KEY)
    if value is None:
        return frozenset()
    if value is True or value == "all":
        return frozenset({"*"})
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


ignore_set = _ignore_set


def last_tool_only(compute):
    """`compute(tool)`, kept for the last tool asked about only. The rules of one tool run one after another, so
    this catches their repeats while a run holds one value, not one per tool."""
    last: list = [None, None]  # the tool, its value

    def for_tool(tool):
        if last[0] is tool:
            return last[1]
        value = compute(tool)
        last[0], last[1] = tool, value
        return value

    for_tool.__doc__, for_tool.__name__ = compute.__doc__, compute.__name__
    return for_tool


def pickled_by_fields(cls):
    """Pickle a dataclass's instances as its constructor and the values of its fields, in order. A forked child
    sends its findings pickled: a slotted dataclass otherwise pickles a dict of its slots per instance, and a
    frozen one calls dataclasses.fields() per instance (Python code), together about two thirds of the cost.
    A subclass's instances (a plugin's) pickle and copy as before, with their own class and fields."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce_ex__(self, protocol):
        if self.__class__ is cls:
            return cls, values(self)
        return object.__reduce_ex__(self, protocol)

    cls.__reduce_ex__ = __reduce_ex__
    return cls


@pickled_by_fields
@dataclass(slots=True)  # a run may hold a million findings: no per-instance dict
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    tool: str | None
    param: str | None
    pointer: str | None
    fixable: bool
    hint: str = ""
    fingerprint: str = ""
    penalty: float = 0.0
    # other location (e.g. the contract side of a drift finding)
    related: tuple | list = ()  # most findings have none: one shared empty tuple, not a list each
    fix: Any = None
    # the fingerprint before `assign_occurrences` numbers repeats: what a baseline counts
    base_fingerprint: str = ""
    # the rule's message id and its data: the message is the id's template filled with the data
    message_id: str | None = None
    data: dict = field(default_factory=dict)
    # the fingerprint version-1 baselines recorded (it hashed the message text), where it is not the one the
    # finding's own rule, file, tool, parameter and message give (baseline.py computes that one when it reads a v1 file)
    legacy_fingerprint: str = ""

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "tool": self.tool,
            "param": self.param,
            "pointer": self.pointer,
            "fixable": self.fixable,
            "fingerprint": self.fingerprint,
        }


@pickled_by_fields
@dataclass(slots=True)  # a fix per finding on large catalogs: no per-instance dict
class Edit:
    """One change a fix makes. `target` "schema" addresses the tool's input schema by `path`;
    "tool" addresses the tool object itself (path ("description",) is its description)."""

    op: str  # set | remove | reorder (value: the new key order of the mapping at path)
    path: tuple
    value: Any = None
    target: str = "schema"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that resolve one finding. A rule builds it; the engine places it in the document when the
    finding is reported (a new Fix with `document_edits`, `path` and `editable`): a fix is never changed."""

    edits: list
    description: str
    unsafe: bool = False  # changes what the model reads beyond mechanics: applied only with --unsafe
    # the edits as (op, document pointer, value), once placed
    document_edits: tuple = ()
    path: str = ""
    editable: bool = False
