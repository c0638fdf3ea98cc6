"""An OpenAPI document as a side of `diff`: its operations as the tools `generate` drafts from them.

Every operation is drafted (deprecated ones too) with every parameter kept and no depth cut, so a change in
the contract reaches the tool that carries it; nothing is dropped to meet a budget, since a budget is a
choice of the author of the tools, not a change of the contract. Each tool points at its operation in the
document, so a change there is reported on the operation's line.

Two versions of one API share most operations. The side read second takes, for each operation whose inputs
have the same fingerprint as one of the first side's (`generate.inputs`), a copy of that one's converted
parameters instead of converting its schemas again; names, descriptions and everything else that depends on
the other operations are made on each side as before.
"""
from __future__ import annotations

from ..model import Tool

MAX_DEPTH = 12


class Drafted(dict):
    """Fingerprint -> `build.ParamsCopy` of the operations one side converted, or the name of the exception
    converting them raised."""


def openapi_tools(contract, known: Drafted | None = None) -> tuple[list[Tool], list[str], Drafted]:
    """The tools of `contract`, the notes on what was left out, and what this side converted (for `known`
    when the other side is read)."""
    from ..generate.build import ParamsCopy, add_params, outline
    from ..generate.describe import Siblings, add_id_sources, annotations, write_description
    from ..generate.inputs import InputPrints
    from ..generate.naming import assign_names, route_of
    from ..generate.render import tool_object
    from ..generate.select import select_operations

    chosen = select_operations(contract, [], [], True)
    notes = list(chosen.notes)
    prints = InputPrints(contract)
    drafted = Drafted()
    drafts = []
    for op in chosen.operations:
        key = prints.of(op)
        copy = known.get(key) if known is not None and key is not None else None
        try:
            draft = outline(op, route_of(op.method, op.path))
            if isinstance(copy, ParamsCopy):
                copy.give(draft)
            elif copy is not None:
                raise _Repeated(copy)
            else:
                try:
                    add_params(draft, MAX_DEPTH, True, keep_full_text=False)  # nothing here repairs
                except Exception as exc:  # noqa: BLE001 - recorded, then left out below
                    if key is not None:
                        drafted[key] = type(exc).__name__
                    raise
                if key is not None:
                    drafted[key] = ParamsCopy.of(draft)
            drafts.append(draft)
        except Exception as exc:  # noqa: BLE001 - as in generate: one unreadable operation is left out
            notes.append(f"left out {op.label}: its schema cannot be read ({_name(exc)})")
    names = assign_names(drafts)
    for d in drafts:
        d.name = names[id(d)]
    add_id_sources(drafts)
    siblings = Siblings(drafts)  # indexed once: a list would be indexed again for every draft
    tools = []
    for d in drafts:
        d.annotations = annotations(d)
        d.omitted = set()
        d.description = write_description(d, siblings)
        obj = tool_object(d, "mcp")
        doc, pointer = d.op.loc
        if d.op.deprecated:
            obj["deprecated"] = True
        tools.append(Tool(name=obj["name"], description=obj.get("description"), input_schema=obj["inputSchema"],
                          format="openapi", document=doc, pointer=pointer, schema_pointer=None,
                          annotations=obj.get("annotations") or {}, raw=obj, editable=False))
    return tools, notes, drafted


class _Repeated(Exception):
    """The other side's conversion of the same inputs raised this (by name)."""


def _name(exc: Exception) -> str:
    return exc.args[0] if isinstance(exc, _Repeated) else type(exc).__name__
