"""First-fit packing of tool groups into toolsets under two budgets: tools per set and tokens per set.

Each group goes into the first open toolset (in the order they were opened) with room
for both its tools and its tokens, else into a new one. Scanning every open set for
every group costs sets x groups, which grows with the square of the operations
(a contract that gives every operation its own tag makes thousands of both).
Here the open sets are the leaves of a segment tree, and each node keeps, for every
group size that occurs, the most tokens any set below it still takes from a group
of that size: the first fitting set is found in one walk down, O(log sets), and
filling a set updates one path up, O(sizes x log sets).
"""
from __future__ import annotations

_NONE = float("-inf")


class FirstFit:
    """Sets opened in order; `find` names the first with room, `open` and `add` change what sets hold."""

    def __init__(self, group_sizes: list[int], max_count: int, max_tokens: int):
        self.sizes = sorted(set(group_sizes))  # the size thresholds a node keeps a room for
        self.level = {size: i for i, size in enumerate(self.sizes)}
        self.max_count, self.max_tokens = max_count, max_tokens
        self.width = 1
        while self.width < max(1, len(group_sizes)):  # never more sets than groups
            self.width *= 2
        self.tree: list = [None] * (2 * self.width)  # None: no open set below this node
        self.held: list = []  # (tools, tokens) per open set

    def find(self, count: int, tokens: int) -> int | None:
        """The first open set whose room takes `count` more tools and `tokens` more tokens."""
        level = self.level[count]
        node = 1
        if self.tree[node] is None or self.tree[node][level] < tokens:
            return None
        while node < self.width:
            left = self.tree[2 * node]
            node = 2 * node if left is not None and left[level] >= tokens else 2 * node + 1
        return node - self.width

    def open(self, count: int, tokens: int) -> int:
        self.held.append((count, tokens))
        index = len(self.held) - 1
        self._update(index)
        return index

    def add(self, index: int, count: int, tokens: int) -> None:
        held_count, held_tokens = self.held[index]
        self.held[index] = (held_count + count, held_tokens + tokens)
        self._update(index)

    def _update(self, index: int) -> None:
        count, tokens = self.held[index]
        count_room, token_room = self.max_count - count, self.max_tokens - tokens
        node = index + self.width
        self.tree[node] = [token_room if count_room >= size else _NONE for size in self.sizes]
        node //= 2
        while node:
            left, right = self.tree[2 * node], self.tree[2 * node + 1]
            if left is None or right is None:
                self.tree[node] = left if right is None else right
            else:
                self.tree[node] = [a if a >= b else b for a, b in zip(left, right)]
            node //= 2
