"""Which tools of one output a description names as the alternative, found through an index.

A tool's siblings are the other tools on the same resource path; failing that, on a
resource of the same name at the same depth (tools on other resources do not compete
for the same request). Of those, only the kinds a model
confuses with the tool's own kind (describe.CONFUSABLE) are named, closest kind
first, then by name. Each group keeps its members by kind, sorted by name, so a
look-up reads a few entries rather than every tool of the output.
"""
from __future__ import annotations

SEARCH_KINDS = ("search", "query")


def kind_of(draft) -> str:
    route = draft.route
    if route.kind == "action" and route.action in SEARCH_KINDS:
        return route.action
    return route.kind


class _Group:
    __slots__ = ("members", "by_kind")

    def __init__(self):
        self.members: set = set()  # ids of the drafts in the group
        self.by_kind: dict[str, list] = {}

    def add(self, draft, kind: str) -> None:
        self.members.add(id(draft))
        self.by_kind.setdefault(kind, []).append(draft)

    def has_other_than(self, draft) -> bool:
        return len(self.members) > (1 if id(draft) in self.members else 0)

    def pick(self, draft, wanted: tuple, limit: int) -> list:
        out: list = []
        for kind in wanted:
            for other in self.by_kind.get(kind, ()):
                if other is draft:
                    continue
                if len(out) == limit:
                    return out
                out.append(other)
        return out


_EMPTY = _Group()


class Siblings:
    """The drafts of one output, indexed for `siblings`. Build it again when drafts are added, removed or renamed."""

    def __init__(self, drafts: list):
        self.by_path: dict[tuple, _Group] = {}
        self.by_leaf: dict[tuple, _Group] = {}
        for draft in drafts:
            kind = kind_of(draft)
            resources = tuple(draft.route.resources)
            if resources:
                self.by_path.setdefault(resources, _Group()).add(draft, kind)
                self.by_leaf.setdefault((resources[-1], len(resources)), _Group()).add(draft, kind)
        position = {id(d): i for i, d in enumerate(drafts)}
        for index in (self.by_path, self.by_leaf):
            for group in index.values():
                for members in group.by_kind.values():
                    members.sort(key=lambda d: (d.name, position[id(d)]))

    def of(self, draft, confusable: dict, limit: int = 2) -> list:
        wanted = confusable.get(kind_of(draft), ())
        mine = tuple(draft.route.resources)
        if mine:
            group = self.by_path.get(mine, _EMPTY)
            if not group.has_other_than(draft):
                group = self.by_leaf.get((mine[-1], len(mine)), _EMPTY)
            if group.has_other_than(draft):
                return group.pick(draft, wanted, limit)
        # no fallback to the other searches or the tag's tools: a tool on another resource does not compete
        return []
