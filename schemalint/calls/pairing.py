"""Results joined to their calls by id, in one pass.

A call waits (by scope and id) until its result arrives; a call whose outcome came with it, or that has no id, is
done at once. Model-made ids are unique, so a call or result seen again (a chat request re-sends the whole
conversation every turn) is the same one and is counted once. JSON-RPC ids are reused from session to session:
a new `tools/call` with a waiting id finishes the old one without a result. Memory is bounded: the calls waiting
and the ids remembered are capped, the oldest first out.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from .events import Call, Result

MAX_WAITING = 20_000
MAX_REMEMBERED = 100_000


@dataclass
class PairingStats:
    orphan_results: int = 0  # results whose call is not in the log
    first_orphans: list = None
    repeated: int = 0  # calls seen again in a re-sent conversation

    def __post_init__(self):
        self.first_orphans = []


class Pairer:
    def __init__(self):
        self.waiting: OrderedDict = OrderedDict()  # (scope, id) -> Call
        # hash((scope, id)) of model calls already counted: an int keeps memory small; an OrderedDict drops its
        # oldest in O(1) (deleting a plain dict's first key again and again makes each next lookup slower)
        self.done: OrderedDict = OrderedDict()
        self.other: OrderedDict = OrderedDict()  # JSON-RPC ids of requests that are not tools/call
        self.stats = PairingStats()

    def feed(self, event):
        """The calls this event completes (zero, one or two)."""
        if isinstance(event, Call):
            yield from self._call(event)
        elif isinstance(event, Result):
            yield from self._result(event)

    def _call(self, call: Call):
        if call.call_id is None or call.scope in ("plain", "otel"):
            yield call
            return
        key = (call.scope, call.call_id)
        if hash(key) in self.done:
            self.stats.repeated += 1
            return
        previous = self.waiting.pop(key, None)
        if previous is not None:
            if call.scope.startswith("mcp:"):
                yield previous  # an id reused by a later session: the earlier call got no result
            else:
                self.stats.repeated += 1
                self.waiting[key] = previous
                return
        if call.outcome is not None:
            self._remember(key)
            yield call
            return
        self.waiting[key] = call
        if len(self.waiting) > MAX_WAITING:
            _, oldest = self.waiting.popitem(last=False)
            yield oldest

    def _result(self, result: Result):
        key = (result.scope, result.call_id)
        if result.fmt == "mcp-other":
            self.other[key] = True
            if len(self.other) > MAX_REMEMBERED:
                self.other.popitem(last=False)
            return
        call = self.waiting.pop(key, None)
        if call is None:
            if hash(key) in self.done or self.other.pop(key, None):
                return
            self.stats.orphan_results += 1
            if len(self.stats.first_orphans) < 5:
                self.stats.first_orphans.append(f"{result.where}: result for id {result.call_id}")
            return
        call.outcome = result.outcome
        self._remember(key)
        yield call

    def _remember(self, key) -> None:
        if key[0].startswith("mcp:"):
            return  # JSON-RPC ids come back in the next session
        self.done[hash(key)] = True
        if len(self.done) > MAX_REMEMBERED:
            self.done.popitem(last=False)

    def finish(self):
        """The calls that never got a result."""
        while self.waiting:
            _, call = self.waiting.popitem(last=False)
            yield call
