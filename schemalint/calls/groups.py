"""Classified calls folded into groups, one per (class, tool, param, keyword), with the evidence each needs."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import orjson

from .classify import CLASSES, Verdict
from .events import UNPARSED, Call
from .schema import node_at, schema_path
from .shapes import redact_text, shape

MAX_EXAMPLES = 3
MAX_TEXTS = 3
MAX_TRIES = 10  # calls of a group whose shape is taken as an example candidate
TEXT_LIMIT = 240


@dataclass
class Group:
    cls: str
    tool: str | None
    param: str | None
    keyword: str | None
    count: int = 0
    detail: dict = field(default_factory=dict)  # of the first call
    examples: list = field(default_factory=list)
    _seen: set = field(default_factory=set)
    texts: list = field(default_factory=list)  # error texts, redacted
    numbers: Counter = field(default_factory=Counter)  # bounds the error texts name
    values: Counter = field(default_factory=Counter)  # enum members the backend rejected (schema text)
    # filled when the report is made
    message: str = ""
    suggestion: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None


class Tally:
    def __init__(self, classifier, show_values: bool = False):
        self.classifier = classifier
        self.show_values = show_values
        self.summary = Counter({c: 0 for c in CLASSES})
        self.per_tool: Counter = Counter()
        self.groups: dict[tuple, Group] = {}
        self.accepted: dict[tuple, Counter] = {}  # (tool, param) -> enum members in calls that succeeded
        self.enum_tools = {(name, None) for name, entry in classifier.tools.items() if _has_enum(entry.tool)}

    def add(self, call: Call) -> None:
        verdict = self.classifier.classify(call)
        cls = verdict.cls
        self.summary[cls] += 1
        per_tool = self.per_tool
        per_tool[call.tool] = per_tool.get(call.tool, 0) + 1
        key = (cls, call.tool, verdict.param, verdict.keyword)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(*key, detail=verdict.detail)
        group.count += 1
        schema = verdict.schema
        if group.count <= MAX_TRIES and len(group.examples) < MAX_EXAMPLES:
            self._example(group, call, schema)
        if cls == "ok":
            if (call.tool, None) in self.enum_tools and isinstance(call.arguments, dict):
                self._accepted(call, schema)
        elif cls in ("failed", "drift") and call.outcome is not None and call.outcome.failed:
            self._evidence(group, verdict, call, schema)

    def _example(self, group: Group, call: Call, schema) -> None:
        if self.show_values:
            value = call.raw_arguments if call.arguments is UNPARSED else call.arguments
        else:
            value = shape(call.arguments, schema)
        try:
            text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # an integer over 64 bits: shown as its digits
            value = _jsonable(value)
            text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        key = hash(text)  # orjson's bytes keep a buffer of 4 KiB: thousands of groups would hold 45 MiB
        if key not in group._seen:
            group._seen.add(key)
            group.examples.append(value)

    def _evidence(self, group: Group, verdict: Verdict, call: Call, schema) -> None:
        text = call.outcome.text or ""
        if not self.show_values:
            text = redact_text(text, call.arguments)
        text = " ".join(text.split())[:TEXT_LIMIT]
        if text and len(group.texts) < MAX_TEXTS and text not in group.texts:
            group.texts.append(text)
        number = verdict.detail.get("number")
        if number is not None and len(group.numbers) < 10:
            group.numbers[number] += 1
        if verdict.param and isinstance(call.arguments, dict):
            node = node_at(schema, schema_path(schema, verdict.param))
            value = call.arguments.get(verdict.param)
            if node is not None and _member(value, node) and len(group.values) < 50:
                group.values[value] += 1

    def _accepted(self, call: Call, schema) -> None:
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict):
            return
        for name, value in call.arguments.items():
            node = props.get(name)
            if isinstance(node, dict) and "enum" in node and _member(value, node):
                counter = self.accepted.setdefault((call.tool, name), Counter())
                if len(counter) < 100:
                    counter[value] += 1


def _jsonable(value, depth: int = 0):
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return value if -2**63 <= value < 2**64 else str(value)
    if depth > 64:
        return "<...>"
    if isinstance(value, list):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    return repr(value)


def _has_enum(tool) -> bool:
    schema = tool.input_schema
    props = schema.get("properties") if isinstance(schema, dict) else None
    return isinstance(props, dict) and any(isinstance(p, dict) and "enum" in p for p in props.values())


def _member(value, node: dict) -> bool:
    enum = node.get("enum")
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and isinstance(enum, list) \
        and value in enum
