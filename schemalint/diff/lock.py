"""`schemalint lock`: every tool's full definition pinned in one file, with a hash per tool.

A lockfile is JSON, keys sorted and indented, tools sorted by name then file, so it reads well in a review and
changes only where a definition changed. It is a side of `diff` like a catalog: `schemalint diff
schemalint.lock .` reports every change since the lock was written. The hash guards the lock against hand edits
that would hide a change: a tool whose definition does not match its hash makes the lockfile malformed.
"""
from __future__ import annotations

import orjson

from ..errors import SchemalintError
from ..hashing import sha256
from ..model import Tool
from ..sources import InputError, parse_text

LOCK_KEY = "schemalint-lock"
LOCK_MARKER = f'"{LOCK_KEY}"'
LOCK_VERSION = 1
_FIELDS = ("name", "title", "description", "inputSchema", "outputSchema", "annotations", "deprecated",
           "inputExamples")


class LockError(SchemalintError):
    """A lockfile that cannot be read; str() is the one-line cause."""


def tool_definition(tool: Tool) -> dict:
    """What a model and a client receive of a tool, in MCP's spelling whatever the tool's format."""
    from ..compare.tools import tool_title

    out = {"name": tool.name, "description": tool.description, "inputSchema": tool.input_schema}
    if tool.output_schema is not None:
        out["outputSchema"] = tool.output_schema
    if isinstance(tool.annotations, dict) and tool.annotations:
        out["annotations"] = tool.annotations
    title = tool_title(tool)
    if title is not None:
        out["title"] = title
    if tool.deprecated:
        out["deprecated"] = True
    if tool.examples:
        out["inputExamples"] = tool.examples
    return out


def _canonical(value, indent: bool = False) -> bytes:
    """Sorted-key JSON; past orjson's nesting limit (255 levels) the standard library writes it the same way."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
                            | (orjson.OPT_INDENT_2 if indent else 0), default=repr)
    except orjson.JSONEncodeError:
        import json

        if indent:
            return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=repr).encode("utf-8")
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          default=repr).encode("utf-8")


def definition_hash(definition: dict) -> str:
    return "sha256:" + sha256(_canonical(definition)).hexdigest()


def render_lock(tools: list[Tool], file_of) -> bytes:
    """The lockfile for `tools`; `file_of(tool)` is the path recorded for each (repository-relative)."""
    entries = []
    for tool in tools:
        definition = tool_definition(tool)
        entries.append({"name": tool.name if isinstance(tool.name, str) else "", "file": file_of(tool),
                        "hash": definition_hash(definition), "definition": definition})
    entries.sort(key=lambda e: (e["name"], e["file"]))
    body = {LOCK_KEY: LOCK_VERSION, "tools": entries}
    return _canonical(body, indent=True) + b"\n"


def read_lock(path: str, raw: bytes) -> list[Tool]:
    """The tools a lockfile pins, positioned in the lockfile; LockError names what is wrong and where."""
    try:
        doc = parse_text(path, raw, "json")
    except InputError as exc:
        raise LockError(f"{exc} (not a readable lockfile)") from None
    data = doc.data
    if not isinstance(data, dict) or data.get(LOCK_KEY) != LOCK_VERSION:
        found = data.get(LOCK_KEY) if isinstance(data, dict) else None
        raise LockError(f"{path}: not a schemalint lockfile of version {LOCK_VERSION} "
                        f"({LOCK_KEY} is {found!r}); write it again with `schemalint lock`")
    entries = data.get("tools")
    if not isinstance(entries, list):
        raise LockError(f"{path}: malformed lockfile: 'tools' must be a list")
    tools = []
    for i, entry in enumerate(entries):
        where = f"/tools/{i}"
        line, column = doc.locate(where)
        if not isinstance(entry, dict) or not isinstance(entry.get("definition"), dict):
            raise LockError(f"{path}:{line}:{column}: malformed lockfile: tool {i} has no definition object")
        definition = entry["definition"]
        unknown = sorted(set(definition) - set(_FIELDS))
        if unknown:
            raise LockError(f"{path}:{line}:{column}: malformed lockfile: unknown field '{unknown[0]}' in the "
                            f"definition of tool {i}")
        if entry.get("hash") != definition_hash(definition):
            raise LockError(f"{path}:{line}:{column}: malformed lockfile: the definition of tool "
                            f"{definition.get('name')!r} does not match its hash (edited by hand?); write the lock "
                            f"again with `schemalint lock`")
        annotations = definition.get("annotations")
        tools.append(Tool(
            name=definition.get("name"), description=definition.get("description"),
            input_schema=definition.get("inputSchema"), format="lock", document=doc, pointer=f"{where}/definition",
            schema_pointer=f"{where}/definition/inputSchema", output_schema=definition.get("outputSchema"),
            annotations=annotations if isinstance(annotations, dict) else {}, raw=definition,
            examples=definition.get("inputExamples") if isinstance(definition.get("inputExamples"), list) else []))
    return tools
