"""What `build.add_params` makes a draft's parameters from, as one fingerprint per operation.

`add_params` reads the operation's method and path, its parameters (each one's object and schema), its request
body and whether it is required, and whatever those reach through local `$ref`s, with fixed settings. Two
operations, in two documents, whose fingerprints are equal get the same parameters, so the second can take a copy
of the first's (two versions of one API share most operations: `diff` converts each shared one once).

The fingerprint holds the inputs as written (orjson, in their order) and, for every `$ref` they reach, however
deep, the ref and the content it resolves to. An operation gets none (it is converted on its own) when an input
cannot be written exactly: a `$ref` to another file, a value orjson does not write (a key that is not text, an
integer beyond 64 bits) or writes ambiguously (NaN and infinity, which YAML can hold, become null).
"""
from __future__ import annotations

import hashlib
import math
import re
import urllib.parse

import orjson

from ..sources import pointer as ptr

_REF = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')
_BEFORE_VALUE = (b"", b":", b"[", b",")
_AFTER_VALUE = (b"", b",", b"]", b"}")
_MISSING = b"\x00missing"


class Unusable(Exception):
    """An input that cannot be fingerprinted exactly."""


class InputPrints:
    """Fingerprints of the operations of one contract; None for an operation that has none."""

    def __init__(self, contract):
        self.document = contract.document
        self._refs: dict = {}  # $ref -> (digest of its target, the $refs inside the target)
        self._reached: dict = {}  # $ref -> digest of everything it reaches (`_reach`)

    def of(self, op) -> bytes | None:
        try:
            return self._print(op)
        except Unusable:
            return None

    def _print(self, op) -> bytes:
        root = self.document
        inputs: list = [op.method, op.path]
        for p in op.parameters:
            if p.loc[0] is not root or p.param_loc[0] is not root:
                raise Unusable
            inputs.append([p.name, p.location, p.required, p.deprecated, p.schema, _node(root.data, p.param_loc[1])])
        if op.body_schema is not None:
            if op.body_loc[0] is not root:
                raise Unusable
            inputs.append([op.body_schema, op.body_required])
        written = _write(inputs)
        reached = sorted({ref: self._reach(ref).hex() for ref in _refs_in(written)}.items())
        return hashlib.blake2b(written + _write(reached), digest_size=32).digest()

    def _reach(self, ref: str) -> bytes:
        """A digest of everything `ref` reaches: each ref on the way, its content and the refs in it. Computed
        once per ref (Tarjan's strongly connected components: the refs of one cycle share a digest), so a
        document whose schemas all reach each other costs no more than one walk."""
        known = self._reached.get(ref)
        if known is not None:
            return known
        index: dict = {}
        low: dict = {}
        path: list = []
        on_path: set = set()
        stack = [(ref, iter(self._target(ref)[1]))]
        index[ref] = low[ref] = 0
        path.append(ref)
        on_path.add(ref)
        while stack:
            node, edges = stack[-1]
            for nxt in edges:
                if nxt in self._reached:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    path.append(nxt)
                    on_path.add(nxt)
                    stack.append((nxt, iter(self._target(nxt)[1])))
                    break
                if nxt in on_path:
                    low[node] = min(low[node], index[nxt])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = path.pop()
                        on_path.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    self._close(members)
        return self._reached[ref]

    def _close(self, members: list) -> None:
        inside = set(members)
        parts = [[m, self._target(m)[0].hex(), sorted(self._target(m)[1])] for m in sorted(inside)]
        outside = sorted({self._reached[x].hex() for m in members for x in self._target(m)[1] if x not in inside})
        digest = hashlib.blake2b(_write([parts, outside]), digest_size=32).digest()
        for m in members:
            self._reached[m] = digest

    def _target(self, ref: str) -> tuple:
        known = self._refs.get(ref)
        if known is None:
            known = self._refs[ref] = self._read(ref)
        return known

    def _read(self, ref: str) -> tuple:
        """As `contract.load.Resolver.resolve` finds a local ref's target."""
        target, _, fragment = ref.partition("#")
        if target:
            raise Unusable  # another file: resolved against the document the $ref sits in
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/"):
            return _MISSING, []
        try:
            node = ptr.resolve(self.document.data, fragment)
        except (KeyError, IndexError, ValueError, TypeError):
            return _MISSING, []
        written = _write(node)
        return hashlib.blake2b(written, digest_size=32).digest(), _refs_in(written)


def _node(data, pointer: str):
    try:
        return ptr.resolve(data, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return _MISSING.decode()


def _write(value) -> bytes:
    try:
        written = orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        raise Unusable from None
    if _bare_null(written) and _holds_nan_or_inf(value):
        raise Unusable
    return written


def _bare_null(written: bytes) -> bool:
    """Whether orjson wrote a null value (or text that looks like one): NaN and infinity are written so."""
    at = written.find(b"null")
    while at >= 0:
        if written[at - 1:at] in _BEFORE_VALUE and written[at + 4:at + 5] in _AFTER_VALUE:
            return True
        at = written.find(b"null", at + 4)
    return False


def _holds_nan_or_inf(value) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, float) and not math.isfinite(node):
            return True
    return False


def _refs_in(written: bytes) -> list[str]:
    """Every string value of a `$ref` key in orjson's output (a few more, such as one in an example, do no
    harm: they only widen the fingerprint)."""
    return [orjson.loads(b'"' + m + b'"') for m in _REF.findall(written)]
