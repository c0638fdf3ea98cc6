"""The nodes of one YAML document with their character spans, built from the C parser's events.

PyYAML's composer forgets where an alias was written; this one keeps it (`Alias`), counts each anchored
node's uses, and gives every node the offsets of its text, so that an edit can splice the text of one node.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"


class YamlEditorError(Exception):
    """The YAML cannot be edited in place; str() says why in one line."""


class Node:
    __slots__ = ("kind", "start", "end", "line", "col", "style", "tag", "anchor", "value", "items", "flow", "uses")

    def __init__(self, kind, event, flow=False):
        self.kind = kind  # "scalar" | "map" | "seq"
        self.start, self.end = event.start_mark.index, event.end_mark.index
        self.line, self.col = event.start_mark.line, event.start_mark.column
        self.anchor = event.anchor
        self.tag = None
        self.style = None
        self.value = None
        self.items: list = []  # map: [Pair]; seq: [Node | Alias]
        self.flow = flow
        self.uses: list[int] = []  # offsets of the aliases that repeat this node


class Alias:
    """`*name` where it is written; `node` is the anchored node it repeats."""
    __slots__ = ("node", "start", "end", "line", "col", "anchor")

    def __init__(self, node: Node, event):
        self.node = node
        self.start, self.end = event.start_mark.index, event.end_mark.index
        self.line, self.col = event.start_mark.line, event.start_mark.column
        self.anchor = event.anchor


@dataclass
class Pair:
    key: object  # Node | Alias
    value: object = None


def real(ref):
    return ref.node if isinstance(ref, Alias) else ref


def compose(text: str) -> Node | None:
    """The root node of the single document in `text` (None when it is empty)."""
    import yaml
    from yaml import events as ev

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolver = yaml.resolver.Resolver()
    anchors: dict[str, Node] = {}
    stack: list[Node] = []
    pending: dict[int, Pair] = {}  # id(map) -> the pair whose value comes next
    roots: list = []

    def attach(ref):
        if not stack:
            roots.append(ref)
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(ref)
            return
        pair = pending.pop(id(parent), None)
        if pair is None:
            pending[id(parent)] = Pair(ref)
        else:
            pair.value = ref
            parent.items.append(pair)

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, ev.ScalarEvent):
                node = Node("scalar", event)
                node.value, node.style = event.value, event.style or None  # the C parser says "" for plain
                tag = event.tag
                node.tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit) \
                    if tag is None or tag == "!" else tag
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                node = Node("map" if isinstance(event, ev.MappingStartEvent) else "seq", event, bool(event.flow_style))
                node.tag = event.tag
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
                stack.append(node)
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                node = stack.pop()
                if node.flow:
                    node.end = event.end_mark.index
            elif isinstance(event, ev.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    raise YamlEditorError(f"the YAML cannot be edited in place (alias *{event.anchor} names no anchor)")
                target.uses.append(event.start_mark.index)
                attach(Alias(target, event))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        raise YamlEditorError(f"the YAML cannot be edited in place ({problem})") from None
    if len(roots) > 1:
        raise YamlEditorError(f"the YAML cannot be edited in place ({len(roots)} documents in one file)")
    return roots[0] if roots else None


_constructor = None


def key_text(ref) -> str | None:
    """The key as schemalint's loader names it (str() of a non-string scalar); None for a complex key."""
    global _constructor
    node = real(ref)
    if node.kind != "scalar":
        return None
    if node.tag == STR_TAG:
        return node.value
    import yaml

    if _constructor is None:
        _constructor = yaml.SafeLoader("")
    try:
        value = _constructor.construct_object(yaml.ScalarNode(node.tag, node.value))
    except Exception:  # noqa: BLE001 - an unknown tag or bad value: the loader refuses such a file anyway
        return None
    finally:
        _constructor.constructed_objects.clear()  # it remembers every node it built: keep it empty
    return value if isinstance(value, str) else str(value)


def is_merge(pair: Pair) -> bool:
    key = real(pair.key)
    return key.kind == "scalar" and key.tag == MERGE_TAG


def effective(node: Node) -> dict:
    """key -> (pair, merge pair or None) of a mapping as the loader reads it: own keys win over merged ones,
    an earlier mapping of a merge list over a later one; the last of duplicate keys wins."""
    out: dict = {}
    for key, pair, via in _merged(node, 0):
        out[key] = (pair, via)
    return out


def _merged(node: Node, depth: int) -> list:
    """(key, pair, merge pair or None) in the order PyYAML's flatten_mapping leaves them (later wins)."""
    if depth > 50:
        raise YamlEditorError("the YAML cannot be edited in place (merge keys nested too deep)")
    merged: list = []
    own: list = []
    for pair in node.items:
        if is_merge(pair):
            source = real(pair.value)
            if source.kind == "map":
                merged.extend((k, p, pair) for k, p, _ in _merged(source, depth + 1))
            elif source.kind == "seq":
                parts = [[(k, p, pair) for k, p, _ in _merged(real(sub), depth + 1)]
                         for sub in source.items if real(sub).kind == "map"]
                for part in reversed(parts):
                    merged.extend(part)
        else:
            own.append((key_text(pair.key), pair, None))
    return merged + own


def shared_inside(ref) -> Node | None:
    """The first anchored node, in or at `ref`, that an alias repeats: replacing `ref`'s text would orphan it."""
    stack = [ref]
    while stack:
        item = stack.pop()
        if isinstance(item, Alias):
            continue
        if item.uses:
            return item
        if item.kind == "map":
            for pair in item.items:
                stack.append(pair.key)
                stack.append(pair.value)
        elif item.kind == "seq":
            stack.extend(item.items)
    return None


# ---- the file's own layout ----------------------------------------------------------------------------------

@dataclass
class Layout:
    map_indent: int = 2  # a nested block mapping's keys, past its parent key
    seq_indent: int = 2  # a block sequence's dashes, past its parent key (0: "key:\n- item")
    dash_gap: int = 2  # from a dash to its item's text, when the item is a mapping
    scalar_gap: int = 2  # from a dash to a scalar item
    width: int = 80
    flow_lists: bool = False  # lists of scalars written [a, b]
    flow_maps: bool = False  # mappings of scalars written {a: 1}


def layout(root, text: str) -> Layout:
    maps, seqs, gaps, scalar_gaps = Counter(), Counter(), Counter(), Counter()
    style = {"flow-list": 0, "block-list": 0, "flow-map": 0, "block-map": 0}
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen or node.kind == "scalar":
            continue
        seen.add(id(node))
        children = [real(p.value) for p in node.items] if node.kind == "map" else [real(i) for i in node.items]
        if children and all(c.kind == "scalar" for c in children):
            style[("flow-" if node.flow else "block-") + ("map" if node.kind == "map" else "list")] += 1
        if node.kind == "map" and not node.flow:
            for pair in node.items:
                key, value = real(pair.key), pair.value
                if isinstance(value, Alias) or value.kind == "scalar" or value.flow or value.line <= key.line:
                    continue
                (maps if value.kind == "map" else seqs)[value.col - key.col] += 1
        if node.kind == "seq" and not node.flow and node.items:
            item = node.items[0]
            if not isinstance(item, Alias) and item.line == node.line and item.start > node.start:
                if item.kind == "map" and not item.flow:
                    gaps[item.col - node.col] += 1
                elif item.kind == "scalar":
                    scalar_gaps[item.col - node.col] += 1
        stack.extend(children)
    out = Layout()
    if maps:
        out.map_indent = maps.most_common(1)[0][0]
    if seqs:
        out.seq_indent = seqs.most_common(1)[0][0]
    else:
        out.seq_indent = out.map_indent
    if gaps:
        out.dash_gap = gaps.most_common(1)[0][0]
    if scalar_gaps:
        out.scalar_gap = scalar_gaps.most_common(1)[0][0]
    longest = max((len(line) for line in text.splitlines()), default=0)
    out.width = max(80, longest)
    out.flow_lists = style["flow-list"] > style["block-list"]
    out.flow_maps = style["flow-map"] > style["block-map"]
    if out.map_indent <= 0 or out.map_indent > 8:
        out.map_indent = 2
    if out.seq_indent < 0 or out.seq_indent > 8:
        out.seq_indent = out.map_indent
    if out.dash_gap < 2 or out.dash_gap > 8:
        out.dash_gap = 2
    if out.scalar_gap < 2 or out.scalar_gap > 8:
        out.scalar_gap = 2
    return out
