"""The change catalog: every change `diff` reports, and every disagreement the drift rules find.

Each change id is kebab-case, says what changed, and has one fixed default level (see SPEC, `diff`):

- breaking: a call that was valid before is rejected now, or what the model relied on is gone;
- behavioural: the same call now does something else;
- relaxation: more calls are valid now;
- additive: something new that no old call uses;
- description: only text the model reads changed.

Levels are read from input-schema changes, where the caller sends values. An output schema is read the other way
round (the caller consumes values): a property removed or made nullable there breaks consumers.
`[tool.schemalint.diff]` in the configuration overrides the level of any id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("breaking", "behavioural", "relaxation", "additive", "description")


@dataclass(frozen=True)
class ChangeKind:
    id: str
    level: str
    summary: str
    tags: tuple = ()


def _kinds(*rows: tuple) -> dict[str, ChangeKind]:
    return {row[0]: ChangeKind(*row) for row in rows}


CHANGES: dict[str, ChangeKind] = _kinds(
    # tools
    ("tool-removed", "breaking", "a tool is gone: calls to it fail", ("tool",)),
    ("tool-added", "additive", "a new tool", ("tool",)),
    ("tool-renamed", "breaking", "a tool has a new name: calls to the old name fail", ("tool",)),
    ("tool-deprecated", "description", "a tool is now marked deprecated", ("tool",)),
    ("tool-undeprecated", "description", "a tool is no longer marked deprecated", ("tool",)),
    ("annotation-changed", "behavioural", "an MCP behaviour annotation (readOnlyHint, destructiveHint, "
     "idempotentHint, openWorldHint) changed", ("tool", "mcp")),
    # parameters
    ("param-removed", "breaking", "a parameter is gone: calls that send it fail or it is ignored", ("param",)),
    ("param-added", "additive", "a new optional parameter", ("param",)),
    ("required-param-added", "breaking", "a new parameter that is required: old calls lack it", ("param",)),
    ("param-renamed", "breaking", "a parameter has a new name: calls that send the old name fail", ("param",)),
    ("param-now-required", "breaking", "an optional parameter became required", ("param", "required")),
    ("param-now-optional", "relaxation", "a required parameter became optional", ("param", "required")),
    ("param-deprecated", "description", "a parameter is now marked deprecated", ("param",)),
    ("param-undeprecated", "description", "a parameter is no longer marked deprecated", ("param",)),
    # types
    ("type-narrowed", "breaking", "fewer types are accepted", ("type",)),
    ("type-widened", "relaxation", "more types are accepted", ("type",)),
    ("type-changed", "breaking", "the type changed to one the old values do not have", ("type",)),
    ("nullable-added", "relaxation", "null is accepted now", ("type", "nullable")),
    ("nullable-removed", "breaking", "null is no longer accepted", ("type", "nullable")),
    # allowed values
    ("enum-value-removed", "breaking", "an allowed value is gone", ("enum",)),
    ("enum-value-added", "additive", "a new allowed value", ("enum",)),
    ("enum-value-case-changed", "breaking", "an allowed value changed case: the old spelling is rejected",
     ("enum",)),
    ("enum-added", "breaking", "a free value is now limited to a list", ("enum",)),
    ("enum-removed", "relaxation", "a list of allowed values was dropped", ("enum",)),
    ("const-changed", "breaking", "the one allowed value changed", ("enum",)),
    ("const-added", "breaking", "a value is now fixed to one constant", ("enum",)),
    ("const-removed", "relaxation", "a value is no longer fixed to one constant", ("enum",)),
    # bounds and formats
    ("bound-tightened", "breaking", "a bound (minimum, maximum, exclusive*, minLength, maxLength, minItems, "
     "maxItems, minProperties, maxProperties, multipleOf, uniqueItems) rejects values it accepted", ("bound",)),
    ("bound-loosened", "relaxation", "a bound accepts values it rejected", ("bound",)),
    ("pattern-added", "breaking", "a pattern now restricts the value", ("pattern",)),
    ("pattern-changed", "breaking", "the pattern changed", ("pattern",)),
    ("pattern-removed", "relaxation", "a pattern no longer restricts the value", ("pattern",)),
    ("format-added", "breaking", "a format now restricts the value", ("format",)),
    ("format-changed", "breaking", "the format changed", ("format",)),
    ("format-removed", "relaxation", "a format no longer restricts the value", ("format",)),
    # defaults
    ("default-added", "behavioural", "a default now fills in an omitted value", ("default",)),
    ("default-removed", "behavioural", "an omitted value no longer gets the old default", ("default",)),
    ("default-changed", "behavioural", "an omitted value gets a different default", ("default",)),
    # object and combinator structure
    ("additional-properties-restricted", "breaking", "properties the schema does not name are rejected now",
     ("structure",)),
    ("additional-properties-allowed", "relaxation", "properties the schema does not name are accepted now",
     ("structure",)),
    ("combinator-added", "breaking", "an anyOf/oneOf/allOf/not/dependentSchemas now restricts the value",
     ("structure",)),
    ("combinator-removed", "relaxation", "an anyOf/oneOf/allOf/not/dependentSchemas no longer restricts the value",
     ("structure",)),
    ("branch-added", "relaxation", "a union (anyOf/oneOf) accepts a new alternative", ("structure",)),
    ("branch-removed", "breaking", "a union (anyOf/oneOf) lost an alternative", ("structure",)),
    ("items-added", "breaking", "array items are now constrained by a schema", ("structure",)),
    ("items-removed", "relaxation", "array items are no longer constrained", ("structure",)),
    # output schema (consumers read it)
    ("output-schema-added", "additive", "the tool now declares its structured output", ("output",)),
    ("output-schema-removed", "breaking", "the tool no longer declares its structured output", ("output",)),
    ("output-property-removed", "breaking", "an output property consumers read is gone", ("output",)),
    ("output-property-added", "additive", "a new output property", ("output",)),
    ("output-nullable-added", "breaking", "an output value can be null now: consumers that read it may fail",
     ("output",)),
    ("output-type-changed", "breaking", "an output value has a different type", ("output",)),
    # text the model reads
    ("description-changed", "description", "the tool description changed", ("text",)),
    ("param-description-changed", "description", "a parameter description changed", ("text",)),
    ("title-changed", "description", "a title changed", ("text",)),
    ("examples-changed", "description", "examples changed", ("text",)),
)


@dataclass(frozen=True)
class Change:
    """One change between BEFORE and AFTER.

    `param` is the dotted property path as in findings (`filters.status`, `labels[].confidence`), None for the
    tool or the schema root. `before_path`/`after_path` are paths inside the BEFORE/AFTER root schema (JSON
    tokens), None where that side has no such node; a tool-level change uses paths of the form ("@tool", field).
    `before`/`after` are small JSON-able fragments showing what changed ({"type": "string"}); `detail` holds
    the change's own data (removed and added values, the keyword, the renamed-to name).
    """

    change: str
    param: str | None
    message: str
    before: Any = None
    after: Any = None
    before_path: tuple | None = None
    after_path: tuple | None = None
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def level(self) -> str:
        return CHANGES[self.change].level
