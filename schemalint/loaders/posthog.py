"""PostHog's MCP layout: `tool-definitions.json` maps each tool name to its metadata (description, title,
annotations, scopes) and `tool-inputs.json` beside it holds the input schemas as draft-07 `definitions`, named
after the tool in another word order (`add-insight-to-dashboard` -> `DashboardAddInsightSchema`).

A definition is paired with a tool only when their name words are the same set (plurals and the words `schema`,
`input`, `to`, `for`, `from` aside) and no other definition has that set. A tool left without one is read with its
description and annotations, and its schema is marked unknown (`required_known=False`, no parameters), so rules
about parameters say nothing rather than guess.
"""
from __future__ import annotations

import os
import re

from ..model import Tool
from ..sources import Document, InputError, read_document
from ..sources import pointer as ptr

DEFINITIONS_NAME = "tool-definitions.json"
INPUTS_NAME = "tool-inputs.json"
_SCHEMA_KEYS = {"inputSchema", "input_schema", "parameters", "parametersJsonSchema", "name", "function"}
_FILLER = {"schema", "input", "to", "for", "from"}


def is_metadata_map(doc: Document) -> bool:
    """A map of tool name -> metadata with a description and no schema, in a file named like PostHog's or with
    MCP annotations on its entries."""
    data = doc.data
    if not isinstance(data, dict) or not data:
        return False
    if not all(isinstance(meta, dict) and isinstance(meta.get("description"), str) and not _SCHEMA_KEYS & meta.keys()
               for meta in data.values()):
        return False
    return os.path.basename(doc.path) == DEFINITIONS_NAME or \
        all(isinstance(meta.get("annotations"), dict) for meta in data.values())


def inputs_beside(path: str) -> str | None:
    """The inputs file that goes with a definitions file, when it is there."""
    if path == "-":
        return None
    candidate = os.path.join(os.path.dirname(path), INPUTS_NAME)
    return candidate if os.path.isfile(candidate) else None


def read_inputs_beside(path: str) -> tuple[dict, list[str]]:
    """The input schemas of the inputs file beside `path` (name -> schema), and notes on what could not be read."""
    inputs_path = inputs_beside(path)
    if inputs_path is None:
        return {}, [f"{path}: no {INPUTS_NAME} beside it: tools read without their input schemas"]
    try:
        data = read_document(inputs_path).data
    except InputError as exc:
        return {}, [f"{exc}: tools of {path} read without their input schemas"]
    definitions = data.get("definitions", data.get("$defs")) if isinstance(data, dict) else None
    if not isinstance(definitions, dict):
        return {}, [f"{inputs_path}: no `definitions` map: tools of {path} read without their input schemas"]
    return {k: v for k, v in definitions.items() if isinstance(v, dict)}, []


def metadata_tools(doc: Document, schemas: dict) -> tuple[list[Tool], list[str]]:
    by_words: dict[frozenset, list[str]] = {}
    for name in schemas:
        by_words.setdefault(_words(name), []).append(name)
    tools, unmatched = [], []
    for name, meta in doc.data.items():
        candidates = by_words.get(_words(name), [])
        schema = schemas[candidates[0]] if len(candidates) == 1 else None
        if schema is None:
            unmatched.append(name)
        tools.append(_tool(doc, name, meta, schema))
    notes = []
    if unmatched and schemas:
        shown = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
        notes.append(f"{doc.path}: {len(unmatched)} of {len(tools)} tools have no input schema of the same name in "
                     f"{INPUTS_NAME} ({shown}): their parameters are not linted")
    return tools, notes


def _tool(doc: Document, name: str, meta: dict, schema: dict | None) -> Tool:
    pointer = ptr.join("", name)
    known = schema is not None
    return Tool(
        name=name,
        description=meta["description"],
        input_schema=schema if known else {"type": "object", "properties": {}},
        format="mcp",
        document=doc,
        pointer=pointer,
        schema_pointer=None,
        annotations=meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {},
        raw={"name": name, **meta},
        # the schema is in the other file: findings on it are placed on the tool's entry here
        schema_pointer_fn=lambda path: pointer,
        field_pointers={"name": pointer, **{k: ptr.join(pointer, k) for k in meta}},
        editable=False,
        required_known=known,
    )


def _words(name: str) -> frozenset:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    words = (w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w)
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _FILLER)
