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

from ..files import inside, tree_root
from ..model import Tool
from ..sources import Document, InputError
from ..sources import pointer as ptr
from .compare import Drift, Options
from .drifts import mapping_drifts
from .fetch import Auth, Source, is_url, redact
from .load import Contract, Problem, build_contract, load_contract
from .parse import parse_contract
from .mapping import VersionIndex, map_tools
from .scope import request_scopes

INLINE_KEY = "x-schemalint-contract"


@dataclass
class ProblemSummary:
    contract: Contract
    sent: list  # (Problem, scope.Owner) in what the tools send, in document order
    elsewhere: int  # problems in responses, in operations no tool calls, ...


@dataclass
class Analysis:
    contracts: list = field(default_factory=list)
    mappings: list = field(default_factory=list)  # Mapping per tool that has a contract
    drifts: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # Problem per inline contract location not read
    _validated: list | None = None
    _scopes: dict | None = None

    def by_rule(self, rule_id: str) -> list[Drift]:
        return [d for d in self.drifts if d.rule == rule_id]

    def problems(self, kind: str) -> list:
        """Every problem of this kind, of every contract (and every inline contract not read)."""
        found = [p for _, problems in self.contract_problems(kind) for p in problems]
        return found + [p for p in self.refused if p.kind == kind]

    def contract_problems(self, kind: str) -> list[tuple]:
        """[(contract, its problems of this kind)] for every contract, in the order they were named."""
        if kind == "invalid":
            if self._validated is None:
                from .validate import validate_contract

                self._validated = [(c, validate_contract(c)) for c in self.contracts]
            return self._validated
        return [(c, [p for p in c.resolver.problems if p.kind == kind]) for c in self.contracts]

    def summaries(self, kind: str) -> list[ProblemSummary]:
        """Per contract with problems of this kind: those in what the tools send, in document order, each with
        the tool and operation it concerns, and how many others there are."""
        if self._scopes is None:
            self._scopes = request_scopes(self.mappings)
        out = []
        for contract, problems in self.contract_problems(kind):
            if not problems:
                continue
            scope = self._scopes.get(id(contract))
            sent = []
            for problem in problems:
                owner = scope.owner(problem.document, problem.pointer) if scope is not None else None
                if owner is not None:
                    sent.append((problem, owner))
            sent.sort(key=lambda pair: (pair[0].document is not contract.document,
                                        *pair[0].document.locate(pair[0].pointer)))
            out.append(ProblemSummary(contract, sent, len(problems) - len(sent)))
        return out


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
        mappings = map_tools(group, operations, mapping_table)
        analysis.mappings.extend(mappings)
        analysis.drifts.extend(mapping_drifts(mappings, operations, versions, options))
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
            return Source("url", value, reach=auth.inline_hosts)
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


def unmatched_contract_notes(analysis: Analysis, named: list[str], limit: int = 3) -> list[str]:
    """For each contract named with --contract that no tool matched: a note saying nothing was compared with it,
    and the operationIds nearest to the tools' names (a typo, a prefix, another naming style)."""
    import difflib

    from .mapping import normalize

    matched = {id(m.operation) for m in analysis.mappings if m.status == "mapped" and m.operation is not None}
    tools = [m.tool for m in analysis.mappings if m.status == "unmapped"][:50]
    notes = []
    for contract in analysis.contracts:
        if contract.spec not in named or not contract.operations \
                or any(id(op) in matched for op in contract.operations):
            continue
        ids = {normalize(op.operation_id): op.operation_id for op in contract.operations if op.operation_id}
        pairs = []
        for tool in tools:
            if isinstance(tool.name, str):
                close = difflib.get_close_matches(normalize(tool.name), list(ids), n=1, cutoff=0.5)
                if close:
                    ratio = difflib.SequenceMatcher(None, normalize(tool.name), close[0]).ratio()
                    pairs.append((-ratio, tool.name, ids[close[0]]))
        count = len(contract.operations)
        note = f"--contract {contract.display}: no tool matches any of its {count} operation" \
               f"{'' if count == 1 else 's'}, so nothing was compared with it"
        if pairs:
            shown = ", ".join(f"'{name}' ~ {op}" for _, name, op in sorted(pairs)[:limit])
            note += f" (nearest operationIds: {shown}; map tools in [tool.schemalint.mappings])"
        notes.append(note)
    return notes
