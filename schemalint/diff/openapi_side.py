"""An OpenAPI document as a side of `diff`: its operations as the tools `generate` drafts from them.

Every operation is drafted (deprecated ones too) with every parameter kept and no depth cut, so a change in
the contract reaches the tool that carries it; nothing is dropped to meet a budget, since a budget is a
choice of the author of the tools, not a change of the contract. Each tool points at its operation in the
document, so a change there is reported on the operation's line.
"""
from __future__ import annotations

from ..model import Tool

MAX_DEPTH = 12


def openapi_tools(contract) -> tuple[list[Tool], list[str]]:
    from ..generate.build import make_draft
    from ..generate.describe import Siblings, add_id_sources, annotations, write_description
    from ..generate.naming import assign_names, route_of
    from ..generate.render import tool_object
    from ..generate.select import select_operations

    chosen = select_operations(contract, [], [], True)
    notes = list(chosen.notes)
    drafts = []
    for op in chosen.operations:
        try:
            drafts.append(make_draft(op, route_of(op.method, op.path), MAX_DEPTH, True))
        except Exception as exc:  # noqa: BLE001 - as in generate: one unreadable operation is left out
            notes.append(f"left out {op.label}: its schema cannot be read ({type(exc).__name__})")
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
    return tools, notes
