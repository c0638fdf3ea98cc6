"""Every string of a tool definition that the model reads, with where it sits.

Security rules scan the whole definition at once (one regex over the compact JSON
the model sees, schemalint.tokens.model_view) and only walk it string by string,
with this module, for the rare tool where that first scan matched.
"""
from __future__ import annotations

from dataclasses import dataclass

from schemalint.engine.location import Location, at
from schemalint.vocabulary import param_of as _param_of

# keys whose string values are schema mechanics, not text the model is meant to read
_NOT_TEXT = frozenset({"type", "$ref", "$schema", "$id", "$anchor", "$comment", "format", "x-schemalint-ignore"})


@dataclass(frozen=True)
class Text:
    text: str
    what: str  # "tool description", "description", "enum value", "parameter name", ...
    path: tuple | None  # path inside the input schema, or None for a field of the tool itself
    field: str | None  # the tool's own field ("name", "description", "input_examples"), when path is None
    param: str | None

    def label(self, tool_name) -> str:
        if self.path is None:
            if self.field == "input_examples":
                return f"an input example of tool '{tool_name}'"
            return f"the {self.field} of tool '{tool_name}'"
        where = f"parameter '{self.param}'" if self.param else f"the input schema of tool '{tool_name}'"
        if self.what == "parameter name":
            return f"parameter name '{self.text}'"
        return f"the {self.what} of {where}"

    def location(self, tool) -> Location:
        """Where this string sits in `tool`, for `ctx.report`."""
        if self.path is None:
            return at(tool, field=self.field)
        return at(tool, path=self.path, param=self.param)


def param_of(path: tuple) -> str | None:
    """The parameter a string is in: the name ends at the first keyword that is not properties, items or a branch
    (a description's path names the property that holds it)."""
    return _param_of(path, stop_at_other=True)


def tool_strings(tool, include_names: bool = True):
    """Yield a Text for every string in the tool's name, description, input schema and input examples."""
    if include_names and isinstance(tool.name, str):
        yield Text(tool.name, "tool name", None, "name", None)
    if isinstance(tool.description, str) and tool.description:
        yield Text(tool.description, "tool description", None, "description", None)
    if isinstance(tool.input_schema, (dict, list)):
        yield from _walk(tool.input_schema, (), None, include_names, 0)
    for example in tool.examples or ():
        for text in _leaves(example, 0):
            yield Text(text, "input example", None, "input_examples", None)


def _walk(node, path: tuple, key, include_names: bool, depth: int):
    if depth > 64:
        return
    if isinstance(node, dict):
        for k, value in node.items():
            if not isinstance(k, str):
                continue
            sub = path + (k,)
            if k == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    prop_path = sub + (name,)
                    if include_names and isinstance(name, str):
                        yield Text(name, "parameter name", prop_path, None, param_of(prop_path))
                    yield from _walk(prop, prop_path, None, include_names, depth + 1)
            elif isinstance(value, str):
                if k not in _NOT_TEXT:
                    yield Text(value, k, sub, None, param_of(sub))
            else:
                yield from _walk(value, sub, k, include_names, depth + 1)
    elif isinstance(node, list):
        what = f"{key} value" if key in ("enum", "examples") else (key or "value")
        for i, value in enumerate(node):
            if isinstance(value, str):
                if key not in ("type", "required"):  # required repeats parameter names
                    yield Text(value, what, path + (i,), None, param_of(path))
            else:
                yield from _walk(value, path + (i,), key, include_names, depth + 1)


def _leaves(value, depth: int):
    if depth > 64:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield k
            yield from _leaves(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, depth + 1)
