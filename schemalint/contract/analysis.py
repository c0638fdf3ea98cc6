"""One drift analysis per run, shared by every drift rule.

Contracts come from the run settings (`--contract`, `contract = [...]`) and, per
catalog file, from an `x-schemalint-contract` key at the top of the file (an
inline OpenAPI document, or a path relative to that file), so a catalog can name
the backend it belongs to. That key is content of a scanned file, which in CI may
come from a fork: it may name only a file inside the catalog's repository, or a URL
on a host the configuration allows (`inline_source`).
"""
from __future__ import annotations

import hashlib
import os
import urllib.parse
from dataclasses import dataclass, field

import orjson

from ..model import Tool
from ..sources import Document, InputError
from ..sources import pointer as ptr
from .compare import Drift, Options, compare
from .fetch import Auth, Source, inside, is_url, redact, tree_root
from .load import Contract, Problem, build_contract, load_contract
from .parse import parse_contract
from .mapping import Mapping, VersionIndex, map_tools

INLINE_KEY = "x-schemalint-contract"


@dataclass
class Analysis:
    contracts: list = field(default_factory=list)
    mappings: list = field(default_factory=list)  # Mapping per tool that has a contract
    drifts: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # Problem per inline contract location not read
    _validated: list | None = None

    def by_rule(self, rule_id: str) -> list[Drift]:
        return [d for d in self.drifts if d.rule == rule_id]

    def problems(self, kind: str) -> list:
        if kind == "invalid":
            if self._validated is None:
                from .validate import validate_contract

                self._validated = [p for c in self.contracts for p in validate_contract(c)]
            return self._validated
        found = [p for c in self.contracts for p in c.resolver.problems if p.kind == kind]
        return found + [p for p in self.refused if p.kind == kind]


def analyze(tools: list[Tool], settings: dict, options: Options | None = None) -> Analysis:
    options = options or Options()
    analysis = Analysis()
    auth = Auth.from_settings(settings.get("contract_auth"), _auth_where(settings))
    base_dirs = ["."] + ([settings["config_dir"]] if settings.get("config_dir") else [])
    shared = [load_contract(spec, base_dirs, auth) for spec in settings.get("contracts") or []]
    analysis.contracts.extend(shared)
    inline: dict[int, list[Contract]] = {}
    groups: dict[tuple, list[Tool]] = {}
    for tool in tools:
        doc = tool.document
        if id(doc) not in inline:
            found = _inline_contract(doc, auth, analysis.refused)
            inline[id(doc)] = found
            analysis.contracts.extend(found)
        contracts = shared + inline[id(doc)]
        if contracts:
            groups.setdefault(tuple(id(c) for c in contracts), []).append(tool)
    by_id = {id(c): c for c in analysis.contracts}
    mapping_table = settings.get("mappings") or {}
    for key, group in groups.items():
        operations = [op for cid in key for op in by_id[cid].operations]
        versions = VersionIndex(operations)
        for mapping in map_tools(group, operations, mapping_table):
            analysis.mappings.append(mapping)
            analysis.drifts.extend(_mapping_drifts(mapping, operations, versions, options))
    return analysis


def _auth_where(settings: dict) -> str:
    return f"{settings.get('config_path') or 'configuration'}: contract-auth"


def _inline_contract(doc: Document, auth: Auth, refused: list) -> list[Contract]:
    data = doc.data
    if not isinstance(data, dict) or INLINE_KEY not in data:
        return []
    value = data[INLINE_KEY]
    prefix = ptr.join("", INLINE_KEY)
    if isinstance(value, str):
        try:
            source = inline_source(value, doc.path, auth)
            raw = source.read(auth)
            return [build_contract(value, source, parse_contract(source.display, raw),
                                   hashlib.sha256(raw).hexdigest(), auth)]
        except InputError as exc:
            refused.append(Problem("unresolved-ref", f"{INLINE_KEY} not read: {exc}", doc, prefix))
            return []
    if not isinstance(value, dict):
        line, col = doc.locate(prefix)
        raise InputError(doc.path, f"{INLINE_KEY} must be an OpenAPI document or a path to one", line, col)
    inner = Document(doc.path, doc.kind, value, doc.text, lambda p: doc.locate(prefix + p))
    digest = hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return [build_contract(f"{doc.path}#{prefix}", Source("file", doc.path), inner, digest, auth)]


def inline_source(value: str, catalog_path: str, auth: Auth) -> Source:
    """Where an `x-schemalint-contract` string may point. It comes from the scanned file, not from the
    user, so it names a local file inside the catalog's repository (or its folder tree outside git), or an
    http(s) URL on a host the configuration lists in `contract-auth.inline-hosts`; never a git ref."""
    shown = value if len(value) <= 120 else value[:117] + "..."
    if is_url(value):
        host = (urllib.parse.urlsplit(value).hostname or "").lower()
        if host and host in auth.inline_hosts:
            return Source("url", value)
        raise InputError(redact(shown), f"not fetched: a contract URL inside a catalog is followed only for hosts "
                                        f"listed in inline-hosts under [tool.schemalint.contract-auth]")
    if not value or value.startswith("-") or any(ord(c) < 32 or c == "\x7f" for c in value):
        raise InputError(repr(shown), "not a contract location (a relative path inside the repository)")
    base = os.path.dirname(catalog_path) if catalog_path not in ("-", "") else "."
    candidate = os.path.normpath(os.path.join(base or ".", value))
    root = tree_root(catalog_path if catalog_path not in ("-", "") else os.path.join(".", "-"))
    if not inside(root, candidate):
        raise InputError(shown, f"not read: it leaves {root}; a contract named inside a catalog must be a file "
                                f"inside the catalog's repository (name others with --contract)")
    if not os.path.isfile(candidate):
        if os.path.exists(candidate):
            raise InputError(shown, "not read: not a regular file")
        raise InputError(shown, "contract not found (a contract named inside a catalog is a path relative to "
                                "the catalog, inside its repository; git refs and other URLs go in --contract)")
    return Source("file", candidate, root=root)


def _mapping_drifts(mapping: Mapping, operations: list, versions: VersionIndex, options: Options) -> list[Drift]:
    tool = mapping.tool
    name = tool.name if isinstance(tool.name, str) else "?"
    if mapping.status == "unmapped":
        contracts = sorted({op.contract.display for op in operations})
        loc = (operations[0].contract.document, "") if operations else None
        return [Drift("tool-not-in-contract", tool,
                      f"tool '{name}' matches no operation of {', '.join(contracts) or 'the contract'} (by "
                      f"operationId, x-operation-id or method and path); map it in [tool.schemalint.mappings] "
                      f"or set x-operation-id on the tool", None, None, loc, "")]
    if mapping.status == "ambiguous":
        shown = ", ".join(f"{op.label} at {op.contract.where(op.loc)}" for op in mapping.candidates[:4])
        return [Drift("ambiguous-operation", tool,
                      f"tool '{name}' could be any of {len(mapping.candidates)} operations ({shown}); not compared: "
                      f"map it in [tool.schemalint.mappings] or set x-operation-id on the tool",
                      None, None, mapping.candidates[0].loc, "")]
    if mapping.status == "missing":
        source = "the mappings table" if mapping.via == "config" else "its x-operation-id"
        hint = f" (did you mean {', '.join(repr(s) for s in mapping.candidates)}?)" if mapping.candidates else ""
        contracts = sorted({op.contract.display for op in operations})
        first = operations[0].contract if operations else None
        return [Drift("operation-not-in-contract", tool,
                      f"tool '{name}' is bound by {source} to '{mapping.target}', which "
                      f"{', '.join(contracts) or 'the contract'} no longer has{hint}; change the tool or the "
                      f"mapping: bind it to an existing operation, or remove the tool",
                      None, None, (first.document, "/paths") if first else None, "")]
    op = mapping.operation
    drifts = []
    if op.deprecated:
        drifts.append(Drift("deprecated-in-contract", tool,
                            f"tool '{name}' calls {op.label}, which the contract marks deprecated at "
                            f"{op.contract.where(op.loc)}; change the tool: move it to the replacement operation, "
                            f"or stop exposing it", None, None, op.loc, ""))
    newer = versions.newer(op)
    if newer:
        drifts.append(Drift("older-operation-version", tool,
                            f"tool '{name}' calls {op.label} but a newer version exists: {newer[0].label} at "
                            f"{newer[0].contract.where(newer[0].loc)}; change the tool: bind it to the newer "
                            f"operation and update its schema", None, None, newer[0].loc, ""))
    drifts.extend(compare(tool, op, options))
    return drifts
