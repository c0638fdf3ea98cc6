"""Builders for the rules' example catalogs, so an example states only what it is about."""
from __future__ import annotations


def tool(name: str = "search_users", description: str = "Search the users of one tenant by name or email.",
         properties: dict | None = None, required=(), **extra) -> dict:
    """An Anthropic-format tool with an object input schema of `properties` (in order) and `required`."""
    schema: dict = {"type": "object", "properties": dict(properties or {})}
    if required:
        schema["required"] = list(required)
    return {"name": name, "description": description, "input_schema": schema, **extra}


def params(**properties) -> dict:
    """Properties in the order given: params(query={"type": "string"}, limit={"type": "integer"})."""
    return dict(properties)


def string(description: str | None = None, **keywords) -> dict:
    out: dict = {"type": "string"}
    if description is not None:
        out["description"] = description
    out.update(keywords)
    return out


def integer(description: str | None = None, **keywords) -> dict:
    out: dict = {"type": "integer"}
    if description is not None:
        out["description"] = description
    out.update(keywords)
    return out
