"""Record readers, one per log format, detected per record. Each yields `Call`s and `Result`s.

- OpenAI Chat Completions: requests (`messages`), responses (`choices`), stored conversations and single messages:
  `tool_calls` with JSON-string `arguments` (and the legacy `function_call`), results as `role: tool` messages.
- OpenAI Responses: `function_call` / `function_call_output` items (in `input`, `output`, or alone) and `mcp_call`.
- Anthropic Messages: `tool_use` blocks, results as `tool_result` blocks with `is_error`.
- MCP JSON-RPC: `tools/call` requests, their `result` (`isError`) or `error`; bare, batched, or wrapped by a
  proxy's log line (`{"direction": ..., "message": {...}}`).
- OpenTelemetry GenAI: `execute_tool` spans (`gen_ai.tool.name`, `gen_ai.tool.call.id`,
  `gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`, span status / `error.type`), as OTLP JSON
  (`resourceSpans`) or one span per record (the SDK console exporter's shape).
- plain records: `{"tool": ..., "arguments": {...}, "error": ...?}`.
"""
from __future__ import annotations

from .events import (UNRECORDED, Call, Outcome, Result, error_text, output_outcome, parse_arguments, text_of)

MAX_DEPTH = 8
# keys under which loggers nest what they recorded: a request/response pair, a list of entries
CONTAINER_KEYS = ("request", "response", "calls", "records", "entries", "events", "logs", "conversation",
                  "conversations", "items", "body", "payload")
MCP_WRAPPER_KEYS = ("message", "payload", "data", "msg", "body", "content", "json")
# tool_use / tool_result, and the MCP connector's mcp_tool_use / mcp_tool_result
ANTHROPIC_BLOCKS = ("tool_use", "tool_result", "mcp_tool_use", "mcp_tool_result")
LLM_SCOPE = "model"  # model-made call ids (call_..., toolu_..., fc_...) are unique across the log


def extract(record, where: str, depth: int = 0, session: str = ""):
    """Every call and result in one record."""
    if depth > MAX_DEPTH:
        return
    if isinstance(record, list):
        for item in record:
            yield from extract(item, where, depth + 1, session)
        return
    if not isinstance(record, dict):
        return
    if "jsonrpc" in record or record.get("method") == "tools/call":
        yield from _mcp(record, where, session)
        return
    if "tool" in record and "role" not in record and "type" not in record:
        plain = _plain(record, where)
        if plain is not None:
            yield plain
            return
    if "role" in record and ("tool_calls" in record or "function_call" in record or "content" in record):
        yield from _message(record, where)
        return
    if isinstance(record.get("choices"), list):
        for choice in record["choices"]:
            if isinstance(choice, dict):
                message = choice.get("message")  # a stream's `delta`s carry fragments of arguments: not calls
                if isinstance(message, dict):
                    yield from _message(message, where)
        return
    if "resourceSpans" in record or "scopeSpans" in record or "spans" in record:
        for span in _spans(record):
            yield from _span(span, where)
        return
    if _is_span(record):
        yield from _span(record, where)
        return
    kind = record.get("type")
    if kind in ("function_call", "function_call_output", "mcp_call"):
        yield from _responses_item(record, where)
        return
    if kind in ANTHROPIC_BLOCKS:
        yield from _anthropic_block(record, where)
        return
    if isinstance(record.get("messages"), list) or isinstance(record.get("output"), list) \
            or isinstance(record.get("input"), list) or (kind == "message" and isinstance(record.get("content"), list)):
        for key in ("messages", "input", "output"):
            value = record.get(key)
            if isinstance(value, list):
                yield from extract(value, where, depth + 1, session)
        if kind == "message":
            yield from _message(record, where)
        for key in ("request", "response"):
            if isinstance(record.get(key), (dict, list)):
                yield from extract(record[key], where, depth + 1, session)
        return
    if kind == "function" and isinstance(record.get("function"), dict) and "id" in record:
        yield from _openai_tool_calls([record], where)  # one tool call object per record
        return
    if "id" in record and ("result" in record or "error" in record) and "tool" not in record \
            and "object" not in record and "type" not in record \
            and (isinstance(record.get("result"), dict) or isinstance(record.get("error"), dict)):
        yield from _mcp(record, where, session)  # a JSON-RPC answer logged without its `jsonrpc` member
        return
    for key in MCP_WRAPPER_KEYS:  # a proxy's log line around a JSON-RPC message
        inner = record.get(key)
        if isinstance(inner, (dict, list)) and _is_jsonrpc(inner):
            yield from extract(inner, where, depth + 1, _session_of(record) or session)
            return
    plain = _plain(record, where)
    if plain is not None:
        yield plain
        return
    for key in CONTAINER_KEYS:
        value = record.get(key)
        if isinstance(value, (dict, list)):
            yield from extract(value, where, depth + 1, session)


# --- OpenAI Chat Completions and Anthropic Messages ------------------------------------------------------------

def _message(message: dict, where: str):
    role = message.get("role")
    if isinstance(message.get("tool_calls"), list):
        yield from _openai_tool_calls(message["tool_calls"], where)
    legacy = message.get("function_call")
    if isinstance(legacy, dict) and legacy.get("name"):
        arguments, raw = parse_arguments(legacy.get("arguments"))
        yield Call(_name(legacy.get("name")), arguments, where, "openai-chat", raw_arguments=raw)
    if role == "tool" and message.get("tool_call_id") is not None:
        yield Result(str(message["tool_call_id"]), LLM_SCOPE, output_outcome(message.get("content")), where,
                     "openai-chat")
    content = message.get("content")
    if isinstance(content, list):
        for block in content:
            if isinstance(block, dict) and (block.get("type") in ANTHROPIC_BLOCKS
                                            or block.get("type") in ("function_call", "function_call_output")):
                yield from extract(block, where, 1)


def _openai_tool_calls(tool_calls: list, where: str):
    for tc in tool_calls:
        if not isinstance(tc, dict):
            continue
        function = tc.get("function") if isinstance(tc.get("function"), dict) else {}
        if tc.get("type") not in (None, "function") and not function:
            continue  # custom tools carry free text, not JSON arguments
        arguments, raw = parse_arguments(function.get("arguments"))
        call_id = tc.get("id")
        yield Call(_name(function.get("name")), arguments, where, "openai-chat",
                   str(call_id) if call_id is not None else None, LLM_SCOPE, raw_arguments=raw)


def _anthropic_block(block: dict, where: str):
    if block["type"] in ("tool_use", "mcp_tool_use"):
        arguments, raw = parse_arguments(block.get("input"))
        call_id = block.get("id")
        yield Call(_name(block.get("name")), arguments, where, "anthropic",
                   str(call_id) if call_id is not None else None, LLM_SCOPE, raw_arguments=raw)
    elif block.get("tool_use_id") is not None:
        failed = block.get("is_error") is True
        text = text_of(block.get("content"))
        yield Result(str(block["tool_use_id"]), LLM_SCOPE, Outcome(failed, text if failed else ""), where,
                     "anthropic")


# --- OpenAI Responses --------------------------------------------------------------------------------------------

def _responses_item(item: dict, where: str):
    kind = item["type"]
    call_id = item.get("call_id")
    if kind == "function_call":
        arguments, raw = parse_arguments(item.get("arguments"))
        yield Call(_name(item.get("name")), arguments, where, "openai-responses",
                   str(call_id) if call_id is not None else None, LLM_SCOPE, raw_arguments=raw)
    elif kind == "function_call_output":
        if call_id is not None:
            yield Result(str(call_id), LLM_SCOPE, output_outcome(item.get("output")), where, "openai-responses")
    else:  # mcp_call: a remote MCP tool call, made and answered inside one item
        arguments, raw = parse_arguments(item.get("arguments"))
        error = item.get("error")
        outcome = Outcome(True, error_text(error)) if error else Outcome(False)
        if "output" not in item and not error:
            outcome = None
        yield Call(_name(item.get("name")), arguments, where, "openai-responses", raw_arguments=raw,
                   outcome=outcome)


# --- MCP JSON-RPC ------------------------------------------------------------------------------------------------

def _is_jsonrpc(value) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, dict) and "jsonrpc" in v for v in value)
    return isinstance(value, dict) and ("jsonrpc" in value or value.get("method") == "tools/call")


def _session_of(record: dict) -> str:
    for key in ("session_id", "sessionId", "session", "connection_id", "connectionId", "server", "client_id"):
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return f"{key}={value}"
    return ""


def _mcp(message: dict, where: str, session: str):
    scope = "mcp:" + where.rsplit(":", 1)[0].split("#")[0] + "|" + session
    msg_id = message.get("id")
    key = None if msg_id is None else repr(msg_id)
    method = message.get("method")
    if method is not None:
        if method != "tools/call":
            if key is not None:
                yield Result(key, scope, Outcome(False), where, "mcp-other")  # its answer is not a tool result
            return
        params = message.get("params") if isinstance(message.get("params"), dict) else {}
        arguments, raw = parse_arguments(params.get("arguments"))
        yield Call(_name(params.get("name")), arguments, where, "mcp", key, scope, raw_arguments=raw)
        return
    if key is None:
        return
    if "error" in message:
        error = message["error"] if isinstance(message["error"], dict) else {"message": message["error"]}
        code = error.get("code") if isinstance(error.get("code"), int) else None
        text = error_text(error.get("message"))
        data = error.get("data")
        if isinstance(data, str) and data:
            text = f"{text}: {data}" if text else data
        yield Result(key, scope, Outcome(True, text, code), where, "mcp")
    elif isinstance(message.get("result"), dict):
        result = message["result"]
        failed = result.get("isError") is True
        yield Result(key, scope, Outcome(failed, text_of(result.get("content")) if failed else ""), where, "mcp")


# --- OpenTelemetry GenAI spans -----------------------------------------------------------------------------------

def _spans(record: dict):
    for resource in _list(record.get("resourceSpans"), record):
        if not isinstance(resource, dict):
            continue
        for scope in _list(resource.get("scopeSpans") or resource.get("instrumentationLibrarySpans"), resource):
            if not isinstance(scope, dict):
                continue
            for span in _list(scope.get("spans"), None):
                if isinstance(span, dict):
                    yield span


def _list(value, alone) -> list:
    """A list member as a list; its absence as [alone] (or nothing), anything else as nothing."""
    if isinstance(value, list):
        return value
    if value is None or value is False:
        return [] if alone is None else [alone]
    return []


def _is_span(record: dict) -> bool:
    return "attributes" in record and ("span_id" in record or "spanId" in record or "context" in record
                                       or "traceId" in record or "trace_id" in record)


def _attribute_value(value):
    """An OTLP AnyValue (`{"stringValue": ...}`) as a plain value; a plain value as it is."""
    if not isinstance(value, dict) or len(value) != 1:
        return value
    (kind, inner), = value.items()
    if kind in ("stringValue", "boolValue", "doubleValue", "bytesValue"):
        return inner
    if kind == "intValue":
        try:
            return int(inner)
        except (TypeError, ValueError):
            return inner
    if kind == "arrayValue":
        return [_attribute_value(v) for v in (inner or {}).get("values", [])]
    if kind == "kvlistValue":
        return {kv.get("key"): _attribute_value(kv.get("value")) for kv in (inner or {}).get("values", [])
                if isinstance(kv, dict)}
    return value


def _attributes(raw) -> dict:
    if isinstance(raw, dict):
        return {k: _attribute_value(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return {a.get("key"): _attribute_value(a.get("value")) for a in raw if isinstance(a, dict)}
    return {}


_SPAN_ERROR = ("2", "error", "status_code_error")


def _span(span: dict, where: str):
    attrs = _attributes(span.get("attributes"))
    name = str(span.get("name") or "")
    operation = attrs.get("gen_ai.operation.name")
    if not (operation == "execute_tool" or name.startswith(("execute_tool", "gen_ai.execute_tool"))
            or attrs.get("mcp.method.name") == "tools/call" or attrs.get("openinference.span.kind") == "TOOL"):
        return
    tool = attrs.get("gen_ai.tool.name", attrs.get("tool.name"))
    if tool is None and name.startswith("execute_tool "):
        tool = name[len("execute_tool "):]
    if tool is None and attrs.get("mcp.method.name") == "tools/call" and name.startswith("tools/call "):
        tool = name[len("tools/call "):]
    raw = None
    arguments_key = next((k for k in ("gen_ai.tool.call.arguments", "tool.parameters", "input.value")
                          if k in attrs), None)
    if arguments_key is not None:
        arguments, raw = parse_arguments(attrs[arguments_key])
    else:
        arguments = UNRECORDED
    status = span.get("status") if isinstance(span.get("status"), dict) else {}
    code = str(status.get("code", status.get("status_code", ""))).lower()
    failed = code in _SPAN_ERROR or attrs.get("error.type") is not None
    text = ""
    if failed:
        text = status.get("message") or status.get("description") or _exception_message(span) \
            or str(attrs.get("error.type") or "")
    call_id = attrs.get("gen_ai.tool.call.id")
    yield Call(_name(tool), arguments, where, "otel", str(call_id) if call_id is not None else None,
               "otel", Outcome(failed, str(text)), raw_arguments=raw)


def _exception_message(span: dict) -> str:
    for event in span.get("events") or []:
        if isinstance(event, dict):
            attrs = _attributes(event.get("attributes"))
            if attrs.get("exception.message"):
                return str(attrs["exception.message"])
    return ""


# --- plain records -----------------------------------------------------------------------------------------------

_NAME_KEYS = ("tool", "tool_name", "toolName", "name", "function")
_ARGUMENT_KEYS = ("arguments", "args", "input", "parameters", "params", "kwargs")


def _plain(record: dict, where: str) -> Call | None:
    tool = record.get("tool")
    if not isinstance(tool, str):
        tool = _plain_name(record)
        if tool is None:
            return None
    arguments, raw = {}, None
    for key in _ARGUMENT_KEYS:
        if key in record:
            arguments, raw = parse_arguments(record[key])
            break
    outcome = _OK_OUTCOME
    if record.get("error") or record.get("exception"):
        error = record.get("error") or record.get("exception")
        outcome = Outcome(True, error_text(error), _status(record))
    elif record.get("is_error") is True or record.get("isError") is True or record.get("ok") is False \
            or str(record.get("status", "")).lower() in ("error", "failed", "failure"):
        outcome = Outcome(True, error_text(record.get("message") or record.get("result") or record.get("output")),
                          _status(record))
    call_id = record.get("id")
    return Call(tool, arguments, where, "plain", str(call_id) if isinstance(call_id, (str, int)) else None, "plain",
                outcome, raw_arguments=raw)


_OK_OUTCOME = Outcome(False)  # shared: an outcome is never changed once made


def _plain_name(record: dict) -> str | None:
    tool = None
    for key in _NAME_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            if key in ("name", "function") and not any(k in record for k in _ARGUMENT_KEYS):
                continue  # a bare `name` is a tool definition or anything else, not a call
            if key == "name" and ("input_schema" in record or "inputSchema" in record or "parameters" in record
                                  and isinstance(record.get("parameters"), dict)
                                  and "properties" in record["parameters"]):
                return None  # a tool definition
            tool = value
            break
    return tool


def _status(record: dict) -> int | None:
    for key in ("status", "status_code", "statusCode", "http_status"):
        value = record.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _name(value) -> str | None:
    return value if isinstance(value, str) else None
