"""Which operations become tools: the asked-for ones, newest version only, no deprecated ones unless asked."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..contract.load import Contract, Operation
from ..contract.mapping import OperationIndex, VersionIndex
from ..sources import pointer as ptr

# methods that fetch metadata about a resource, not something a model is asked to do
SKIPPED_METHODS = ("head", "options", "trace")


class SelectionError(Exception):
    pass


@dataclass
class Selected:
    operations: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def raw_operation(op: Operation) -> dict:
    doc, pointer = op.loc
    try:
        node = ptr.resolve(doc.data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return {}
    return node if isinstance(node, dict) else {}


def operation_tags(op: Operation) -> list[str]:
    tags = raw_operation(op).get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def select_operations(contract: Contract, wanted_ids: list[str], wanted_tags: list[str],
                      include_deprecated: bool) -> Selected:
    out = Selected()
    operations = [op for op in contract.operations if op.method not in SKIPPED_METHODS]
    explicit: list[Operation] = []
    if wanted_ids:
        index = OperationIndex(operations)
        for target in wanted_ids:
            found = index.lookup(target)
            if not found:
                close = index.suggestions(target)
                hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                raise SelectionError(f"{contract.display}: no operation '{target}'{hint}")
            if len(found) > 1:
                shown = ", ".join(op.label for op in found[:4])
                raise SelectionError(f"{contract.display}: '{target}' matches {len(found)} operations ({shown}); "
                                     f"name one by its exact operationId or as 'METHOD /path'")
            explicit.append(found[0])
    tagged: list[Operation] = []
    if wanted_tags:
        known: dict[str, str] = {}
        for op in operations:
            for tag in operation_tags(op):
                known.setdefault(tag.lower(), tag)
        for tag in wanted_tags:
            if tag.lower() not in known:
                listed = ", ".join(sorted(known.values())) or "none"
                raise SelectionError(f"{contract.display}: no operation has tag '{tag}' (tags: {listed})")
        lowered = {t.lower() for t in wanted_tags}
        tagged = [op for op in operations if lowered & {t.lower() for t in operation_tags(op)}]
    if not wanted_ids and not wanted_tags:
        chosen = list(operations)
    else:
        chosen = _unique(explicit + tagged)
    explicit_ids = {id(op) for op in explicit}

    if not include_deprecated:
        deprecated = [op for op in chosen if op.deprecated]
        for op in deprecated:
            if id(op) in explicit_ids:
                out.notes.append(f"left out {op.label}: the contract marks it deprecated (add --include-deprecated "
                                 f"to generate it anyway)")
        if deprecated and len(deprecated) > len([op for op in deprecated if id(op) in explicit_ids]):
            count = len([op for op in deprecated if id(op) not in explicit_ids])
            out.notes.append(f"left out {count} deprecated operation{'s' if count != 1 else ''} "
                             f"(add --include-deprecated to generate them)")
        chosen = [op for op in chosen if not op.deprecated]

    newer_of = _newest_version(VersionIndex([op for op in operations if include_deprecated or not op.deprecated]))
    result: list[Operation] = []
    for op in chosen:
        newer = newer_of(op)
        if newer is None:
            result.append(op)
            continue
        if id(op) in explicit_ids:
            result.append(op)
            out.notes.append(f"{op.label} has a newer version, {newer.label}; generated the one asked for")
            continue
        out.notes.append(f"left out {op.label}: the newer {newer.label} is generated instead")
        result.append(newer)
    out.operations = _unique(result)
    return out


def _newest_version(versions: VersionIndex):
    """op -> the first of `versions.newer(op)` (the newest version, the contract's first at that version), or None;
    each family is read once, where calling `newer` for each of its members would sort it again every time."""
    top: dict = {}
    for family, members in versions.families.items():
        best_version, best = members[0]
        for version, op in members[1:]:
            if version > best_version:
                best_version, best = version, op
        top[family] = (best_version, best)

    def newer_of(op):
        family, version = versions.of.get(id(op), (None, None))
        if family is None:
            return None
        best_version, best = top[family]
        return best if best_version > version else None

    return newer_of


def _unique(ops: list) -> list:
    seen, out = set(), []
    for op in ops:
        if id(op) not in seen:
            seen.add(id(op))
            out.append(op)
    return out
