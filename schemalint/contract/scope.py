"""What the tools send: the request side of the operations they map to, as places in the contract.

A problem of the contract itself (invalid OpenAPI, a `$ref` that cannot be followed) matters to the drift
check only where a tool's call goes through it: the parameters and request body of an operation a tool maps
to (or is ambiguous between), the operation object apart from its responses and callbacks, and every schema
those reach through `$ref`s. A response schema or an operation no tool calls is the backend's business.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..sources import pointer as ptr

_NOT_SENT = ("responses", "callbacks")  # parts of an operation object a call does not send


@dataclass(frozen=True)
class Owner:
    """The operation (and the first tool calling it) a place of the contract belongs to."""

    tool: object
    operation: object


class RequestScope:
    def __init__(self):
        self._roots: dict[tuple, Owner] = {}  # (document id, pointer) of a subtree the tools send
        self._cut: set[tuple] = set()  # (document id, pointer) of a subtree they do not
        self._exact: dict[tuple, Owner] = {}  # a path item itself (its own problems), not its subtree
        self.first: Owner | None = None  # what a problem of the whole document is attributed to
        self._walked: set[tuple] = set()  # $ref targets already walked (for an earlier owner)

    def owner(self, document, pointer: str) -> Owner | None:
        """Who sends the contract node at `pointer` of `document`; None when no tool does. A problem of the
        whole document (pointer "") belongs to every tool: it goes to the first."""
        if not pointer:
            return self.first
        key = id(document)
        hit = self._exact.get((key, pointer))
        if hit is not None:
            return hit
        end = len(pointer)
        while end > 0:
            prefix = pointer[:end]
            if (key, prefix) in self._cut:
                return None
            hit = self._roots.get((key, prefix))
            if hit is not None:
                return hit
            end = pointer.rfind("/", 0, end)
        return None

    def add(self, owner: Owner, resolver) -> None:
        operation = owner.operation
        if self.first is None:
            self.first = owner
        doc, op_pointer = operation.loc
        self._roots.setdefault((id(doc), op_pointer), owner)
        for part in _NOT_SENT:
            self._cut.add((id(doc), ptr.join(op_pointer, part)))
        item_pointer = op_pointer.rsplit("/", 1)[0]
        self._exact.setdefault((id(doc), item_pointer), owner)
        self._roots.setdefault((id(doc), ptr.join(item_pointer, "parameters")), owner)
        starts = [(ptr.join(op_pointer, "parameters"), doc), (ptr.join(op_pointer, "requestBody"), doc),
                  (ptr.join(item_pointer, "parameters"), doc)]
        self._walk(owner, [(_at(doc, pointer), (doc, pointer)) for pointer, doc in starts], resolver)

    def _walk(self, owner: Owner, stack: list, resolver) -> None:
        seen = self._walked
        while stack:
            node, loc = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    hit = resolver.peek(ref, loc)
                    if hit is not None:
                        target, target_loc = hit
                        key = (id(target_loc[0]), target_loc[1])
                        if key not in seen:
                            seen.add(key)
                            self._roots.setdefault(key, owner)
                            stack.append((target, target_loc))
                for name, value in node.items():
                    if isinstance(value, (dict, list)):
                        stack.append((value, (loc[0], ptr.join(loc[1], name))))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, (loc[0], ptr.join(loc[1], i))))


def _at(doc, pointer: str):
    try:
        return ptr.resolve(doc.data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def request_scopes(mappings: list) -> dict[int, RequestScope]:
    """{id(contract): RequestScope} over the operations tools map to (or are ambiguous between), each owned by
    the first tool, in catalog order, that calls it."""
    scopes: dict[int, RequestScope] = {}
    done: set[int] = set()
    for mapping in mappings:
        operations = [mapping.operation] if mapping.status == "mapped" else \
            [c for c in mapping.candidates if hasattr(c, "contract")] if mapping.status == "ambiguous" else []
        for operation in operations:
            if operation is None or id(operation) in done:
                continue
            done.add(id(operation))
            contract = operation.contract
            scope = scopes.get(id(contract))
            if scope is None:
                scope = scopes[id(contract)] = RequestScope()
            scope.add(Owner(mapping.tool, operation), contract.resolver)
    return scopes
