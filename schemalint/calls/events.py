"""What the readers produce: a call (a tool name and its arguments) and a result (the outcome of a call by id)."""
from __future__ import annotations

from dataclasses import dataclass

import orjson


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNPARSED = _Marker("UNPARSED")  # the arguments were a JSON string that does not parse
UNRECORDED = _Marker("UNRECORDED")  # the log does not record the arguments (an OpenTelemetry opt-in attribute)


@dataclass(slots=True)
class Outcome:
    failed: bool
    text: str = ""  # the error text, when the call failed
    code: int | None = None  # a JSON-RPC error code or an HTTP status


@dataclass(slots=True)
class Call:
    tool: str | None
    arguments: object
    where: str  # FILE:LINE of the record
    fmt: str
    call_id: str | None = None
    scope: str = ""  # ids are unique within a scope (an MCP session; model call ids are unique everywhere)
    outcome: Outcome | None = None  # known with the call (plain records, spans), or paired later
    raw_arguments: str | None = None  # the JSON string that did not parse


@dataclass(slots=True)
class Result:
    call_id: str
    scope: str
    outcome: Outcome
    where: str
    fmt: str


def parse_arguments(value):
    """Arguments as sent: a JSON string (OpenAI) is parsed; an empty string or null is no arguments."""
    if value is None:
        return {}, None
    if isinstance(value, (bytes, str)):
        if not value.strip():
            return {}, None
        try:
            return orjson.loads(value), None
        except orjson.JSONDecodeError:
            return UNPARSED, value if isinstance(value, str) else value.decode("utf-8", "replace")
    return value, None


def text_of(content) -> str:
    """The text of a tool result's content: a string, content parts, or any JSON value."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict):
                text = part.get("text")
                parts.append(text if isinstance(text, str) else "")
            elif isinstance(part, str):
                parts.append(part)
        return "\n".join(p for p in parts if p)
    if isinstance(content, dict) and isinstance(content.get("text"), str):
        return content["text"]
    try:
        return orjson.dumps(content).decode()
    except TypeError:
        return str(content)


_ERROR_STARTS = ("error", "exception", "traceback", "failed", "failure", "tool error", "http error")


def output_outcome(content) -> Outcome:
    """A result that has no error flag (OpenAI `role: tool`, Responses `function_call_output`): failed when its
    output is an error object (`{"error": ...}`, `{"isError": true}`, `{"status": "error"}`) or its text starts
    like an error message."""
    text = text_of(content)
    data = content if isinstance(content, dict) else None
    stripped = text.strip()
    if data is None and stripped[:1] == "{":
        try:
            data = orjson.loads(stripped)
        except orjson.JSONDecodeError:
            data = None
    if isinstance(data, dict):
        error = data.get("error")
        if error:
            return Outcome(True, error_text(error) or text, _status(data))
        if data.get("isError") is True or data.get("is_error") is True or \
                str(data.get("status", "")).lower() in ("error", "failed", "failure"):
            return Outcome(True, error_text(data.get("message") or data.get("detail") or data.get("content")) or text,
                           _status(data))
        return Outcome(False)
    if stripped.lower().startswith(_ERROR_STARTS):
        return Outcome(True, stripped)
    return Outcome(False)


def _status(data: dict) -> int | None:
    for key in ("status", "status_code", "statusCode", "code"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    error = data.get("error")
    if isinstance(error, dict):
        return _status({k: v for k, v in error.items() if k != "error"})
    return None


def error_text(error) -> str:
    """The words of an error: a string, or the message of an error object."""
    if error is None or error is False:
        return ""
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        loc = error.get("loc")
        if isinstance(loc, list) and isinstance(error.get("msg"), str):  # FastAPI / pydantic: where, then what
            where = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
            return f"{'.'.join(where)}: {error['msg']}" if where else error["msg"]
        for key in ("message", "detail", "error", "description", "msg"):
            if error.get(key):
                return error_text(error[key])
    if isinstance(error, list):
        return "; ".join(error_text(e) for e in error if e)
    return text_of(error)
