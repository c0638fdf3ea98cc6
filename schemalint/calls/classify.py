"""One class per call: ok, model-error, drift, unknown-tool or failed (SPEC, `calls`).

In order: a name the catalog does not have is `unknown-tool`; arguments the tool schema rejects (or a JSON string
that does not parse, or a parameter the schema never mentions: `schema.closed`) are a `model-error`; arguments the backend contract rejects are `drift`. A call both accept
that failed is `failed`, unless no contract speaks for the tool and the error names a parameter whose constraint
the tool schema states (the backend rejected a value the tool schema allows: `drift`), or says the arguments were
invalid without naming one (also `drift`): the tool schema, the only statement of what is valid, is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..contract.compare import IGNORED_HEADERS, compare_tool
from ..sources import pointer as ptr
from .events import UNPARSED, UNRECORDED, Call
from .failures import read_failure
from .schema import Violation, closed, first_violation, normalized, schema_path, validator

CLASSES = ("ok", "model-error", "drift", "unknown-tool", "failed")


@dataclass
class Verdict:
    cls: str
    param: str | None = None
    keyword: str | None = None
    detail: dict = field(default_factory=dict)
    schema: object = None  # the tool schema the call was checked against (normalized)


@dataclass
class ToolCheck:
    """A tool of the catalog, with its validators built on first use."""

    tool: object
    schema: object = None
    check: object = None
    mapping: object = None  # contract.mapping.Mapping, when a contract maps the tool to an operation
    contract_check: object = None
    contract_locs: dict = field(default_factory=dict)  # top-level input name -> (Document, pointer)
    built: bool = False
    ok: Verdict | None = None  # the one ok verdict of this tool, shared by its calls (never changed)


def _declared(entry: ToolCheck, arguments) -> int:
    props = entry.schema.get("properties") if isinstance(entry.schema, dict) else None
    if not isinstance(props, dict) or not isinstance(arguments, dict):
        return 0
    return sum(1 for key in arguments if key in props)


class Classifier:
    def __init__(self, tools: list, mappings: list | None = None):
        self.tools: dict[str, ToolCheck] = {}
        # tools listed again under a name already taken (two files, two versions): a call any of them accepts
        # is not the model's error
        self.alternates: dict[str, list] = {}
        for tool in tools:
            if not isinstance(tool.name, str):
                continue
            if tool.name not in self.tools:
                self.tools[tool.name] = ToolCheck(tool)
            else:
                self.alternates.setdefault(tool.name, []).append(ToolCheck(tool))
        for mapping in mappings or []:
            entry = self.tools.get(mapping.tool.name) if isinstance(mapping.tool.name, str) else None
            if entry is not None and entry.tool is mapping.tool and mapping.status == "mapped":
                entry.mapping = mapping
        self._components: dict = {}
        self.unchecked_contracts: list[str] = []
        self.uncompiled: list[str] = []  # tools whose schema the validator could not build: calls not checked

    def entry(self, name) -> ToolCheck | None:
        entry = self.tools.get(name) if isinstance(name, str) else None
        if entry is not None and not entry.built:
            self._build(entry)
        return entry

    def classify(self, call: Call) -> Verdict:
        entry = self.entry(call.tool)
        if entry is None:
            return Verdict("unknown-tool")
        arguments = call.arguments
        schema = entry.schema
        if arguments is UNPARSED:
            return Verdict("model-error", None, "json", {"raw_length": len(call.raw_arguments or "")}, schema)
        if arguments is not UNRECORDED:
            found = first_violation(entry.check, arguments)
            if found is None and entry.check is None and not isinstance(arguments, dict):
                found = Violation(None, "type", {"types": ["object"]})
            if found is not None and call.tool in self.alternates:
                entry, found = self._alternate(call.tool, arguments, entry, found)
                schema = entry.schema
            if found is not None:
                return Verdict("model-error", found.param, found.keyword, found.detail, schema)
            found = first_violation(entry.contract_check, arguments)
            if found is not None:
                detail = dict(found.detail, contract=self._contract_where(entry, found.param))
                return Verdict("drift", found.param, found.keyword, detail, schema)
        outcome = call.outcome
        if outcome is None or not outcome.failed:
            return entry.ok
        reading = read_failure(outcome.text, outcome.code, arguments if isinstance(arguments, dict) else None,
                               entry.schema)
        detail = {"number": reading.number, "text": outcome.text}
        if entry.contract_check is None and (reading.stated or (reading.validation and reading.param is None)):
            return Verdict("drift", reading.param, reading.keyword, detail, schema)
        return Verdict("failed", reading.param, reading.keyword, detail, schema)

    def _alternate(self, name: str, arguments, entry: ToolCheck, found: Violation):
        """The definition of this name that accepts the call; else the one that declares most of its arguments."""
        best, best_declared = entry, _declared(entry, arguments)
        for other in self.alternates[name]:
            if not other.built:
                self._build(other)
            try:
                if other.check is None or other.check.is_valid(arguments):
                    return other, None
            except (ValueError, OverflowError, RecursionError):
                continue
            declared = _declared(other, arguments)
            if declared > best_declared:
                best, best_declared = other, declared
        return best, (found if best is entry else first_violation(best.check, arguments))

    # --- building the validators ---------------------------------------------------------------------------------

    def _build(self, entry: ToolCheck) -> None:
        entry.built = True
        entry.schema = closed(normalized(entry.tool.input_schema)) if isinstance(entry.tool.input_schema, dict) \
            else None
        entry.check = validator(entry.schema)
        if entry.check is None and entry.schema and len(self.uncompiled) < 1000:
            self.uncompiled.append(entry.tool.name)
        entry.ok = Verdict("ok", schema=entry.schema)
        if entry.mapping is not None:
            try:
                self._build_contract(entry)
            except Exception as exc:  # noqa: BLE001 - a contract shape not understood leaves the tool unchecked
                entry.contract_check = None
                self.unchecked_contracts.append(f"{entry.tool.name}: contract not checked ({type(exc).__name__})")

    def _build_contract(self, entry: ToolCheck) -> None:
        op = entry.mapping.operation
        contract = op.contract
        comparison = compare_tool(entry.tool, op)
        params = {p.name: p for p in op.parameters
                  if not (p.location == "header" and p.name.lower() in IGNORED_HEADERS)}
        properties, required = {}, []
        for name, given in comparison.inputs.items():
            if given.location in ("body", "wrapper"):
                doc, pointer = given.view.loc
                raw = ptr.resolve(doc.data, pointer) if doc is contract.document else None
                if raw is None:
                    continue  # a schema in another file: its references cannot be followed here
            else:
                raw = params[name].schema if name in params else None
            if raw is None:
                continue
            properties[name] = normalized(raw)
            entry.contract_locs[name] = given.view.loc
            if given.required and given.location not in ("header", "cookie"):
                required.append(name)  # headers and cookies the application usually sets, not the model
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        schema.update(self._shared_definitions(contract))
        entry.contract_check = validator(schema, draft4=contract.version != "3.1")

    def _shared_definitions(self, contract) -> dict:
        """The contract's reusable schemas at the root of each operation's schema, so local `$ref`s resolve."""
        key = id(contract)
        if key not in self._components:
            data = contract.document.data if isinstance(contract.document.data, dict) else {}
            shared = {}
            for name in ("components", "definitions", "$defs"):
                if isinstance(data.get(name), dict):
                    shared[name] = normalized(data[name])
            self._components[key] = shared
        return self._components[key]

    def _contract_where(self, entry: ToolCheck, param: str | None) -> str | None:
        top = param.split(".")[0].replace("[]", "") if param else None
        loc = entry.contract_locs.get(top) if top else None
        if loc is None:
            loc = entry.mapping.operation.loc if entry.mapping is not None else None
        if loc is None:
            return None
        doc, pointer = loc
        if top and param != top:  # down to the nested node, as far as the contract spells it out inline
            try:
                node = ptr.resolve(doc.data, pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                node = None
            inner = param.split(".", 1)[1] if "." in param else ""
            wrapped = {"properties": {"_": node}} if isinstance(node, dict) else None
            path = schema_path(wrapped, "_" + ("." + inner if inner else "") + ("[]" * param.split(".")[0]
                                                                                 .count("[]")))
            pointer = ptr.join(pointer, *path[2:])
        line, column = doc.locate(pointer)
        return f"{doc.path}:{line}:{column}"
