"""Edit YAML text in place: an edit splices the text of the node it changes, as the JSON editor does.

`YamlEditor` plans every edit of a pass against the text it was given (node offsets come from the parser's
events, see yaml_tree): a scalar is rewritten where it stands, in its own quoting style when the new value
allows it; a key is added on a line of its own at its mapping's indentation (or into a flow mapping); a
removed key takes its lines with it; a reorder moves each key's lines, comments and all; a collection set
to another is changed member by member, so comments inside it survive. New lines follow the file's own
indentation and line width (yaml_tree.layout).

A node that an alias repeats is never edited through one of its uses: the edit is refused with the anchor's
name (`Refused`), or, when the path passes through an alias or a merge key (`<<: *base`), that one use is
de-aliased: the alias is replaced by a copy of its value with the edit applied, or the merged key is
overridden by an own key. What spans cannot do raises `Unsupported`; yaml_roundtrip then re-dumps only the
enclosing block collection.
"""
from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass

from ..sources import InputError, parse_text
from ..sources import pointer as ptr
from . import yaml_render as render
from .json_text import EditError, all_crlf, clashes
from .yaml_tree import Alias, Node, Pair, YamlEditorError, compose, effective, is_merge, key_text, layout, real, \
    shared_inside

__all__ = ["YamlEditor", "YamlEditorError", "Refused", "Unsupported", "apply_to_data", "canon", "same"]


class Refused(EditError):
    """The edit would change a node another use shares (an anchor): str() says which, in one line."""

    tell = True  # `fix` names the skipped fix and this reason


class Unsupported(EditError):
    """Spans cannot express this edit here; a round trip of the enclosing collection may."""

    tell = True


@dataclass
class Step:
    """One pointer token: the container it indexes, the pair or index it names, and what that holds."""
    parent: Node
    token: str
    pair: Pair | None
    index: int | None
    ref: object  # Node | Alias | None when a key to add is missing
    via: Pair | None = None  # the merge key (<<) the pair came through


class YamlEditor:
    """Plan edits against one YAML text and apply them together."""

    def __init__(self, text: str, path: str = "<yaml>"):
        self.original = text
        self.path = path
        self.crlf = all_crlf(text)
        self.src = text.replace("\r\n", "\n") if self.crlf else text
        self.root = compose(self.src)
        if self.root is None:
            raise YamlEditorError("the YAML cannot be edited in place (an empty document)")
        _refuse_duplicate_keys(self.root, self.src)
        self.layout = layout(self.root, self.src)
        self._data = _MISSING
        self._effective: dict[int, dict] = {}
        # (start, end, replacement, order, rank): at one offset, lines added to an inner collection (lower
        # rank: minus their indentation) go before those added to the collection around it
        self._splices: list[tuple[int, int, str, int, int]] = []
        self._starts: list[int] = []
        self.accepted: list = []  # the (op, pointer, value) edits whose splices were kept

    # ---- reading ------------------------------------------------------------------------------------------

    @property
    def data(self):
        """The document as schemalint's loader reads it (aliases expanded, merge keys applied)."""
        if self._data is _MISSING:
            try:
                self._data = parse_text(self.path, self.src, "yaml").data
            except InputError as exc:
                raise YamlEditorError(f"the YAML cannot be edited in place ({exc})") from None
        return self._data

    def _pairs(self, node: Node) -> dict:
        hit = self._effective.get(id(node))
        if hit is None:
            hit = self._effective[id(node)] = effective(node)
        return hit

    def _walk(self, pointer: str, tokens: list, missing_ok: bool) -> list[Step]:
        steps: list[Step] = []
        ref = self.root
        for n, token in enumerate(tokens):
            node = real(ref) if ref is not None else None
            if node is None or node.kind == "scalar":
                raise EditError(f"no node at {pointer}")
            if node.kind == "map":
                entry = self._pairs(node).get(token)
                if entry is None:
                    if missing_ok and n == len(tokens) - 1:
                        steps.append(Step(node, token, None, None, None))
                        return steps
                    raise EditError(f"no node at {pointer}")
                pair, via = entry
                steps.append(Step(node, token, pair, None, pair.value, via))
                ref = pair.value
            else:
                if not token.isdigit() or int(token) >= len(node.items):
                    raise EditError(f"no node at {pointer}")
                index = int(token)
                steps.append(Step(node, token, None, index, node.items[index]))
                ref = node.items[index]
        return steps

    def _line(self, offset: int) -> int:
        return self.src.count("\n", 0, offset) + 1

    def _line_start(self, pos: int) -> int:
        return self.src.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        end = self.src.find("\n", pos)
        return len(self.src) if end < 0 else end

    def _end(self, ref) -> int:
        """Where the text of a node ends: after its last character, before comments and blank lines."""
        while True:
            if isinstance(ref, Alias):
                return ref.end
            if ref.kind == "scalar":
                if ref.style in ("|", ">"):
                    end = ref.end
                    while end > ref.start and self.src[end - 1] in " \t\n":
                        end -= 1
                    return end
                return ref.end
            if ref.flow or not ref.items:
                return ref.end
            last = ref.items[-1]
            ref = last.value if ref.kind == "map" else last

    def _colon_end(self, pair: Pair) -> int:
        text = self.src
        i = pair.key.end
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text) or text[i] != ":":
            raise Unsupported("a complex mapping key")
        return i + 1

    def _shared(self, node: Node) -> Refused:
        uses = ", ".join(str(self._line(u)) for u in node.uses[:3]) + (", ..." if len(node.uses) > 3 else "")
        return Refused(f"the node is shared through the anchor &{node.anchor} (line {node.line + 1}, also used on "
                       f"line {uses}): the fix would change every use; copy the node where the fix belongs")

    # ---- planning -----------------------------------------------------------------------------------------

    def plan(self, op: str, pointer: str, value=None) -> list[tuple[int, int, str]]:
        if op not in ("set", "remove", "reorder"):
            raise EditError(f"unknown edit {op}")
        tokens = ptr.split(pointer)
        if not tokens:
            raise Unsupported("cannot edit the document root")
        steps = self._walk(pointer, tokens, missing_ok=op == "set")
        last = len(steps) - 1
        for i, step in enumerate(steps):
            if step.via is not None:
                return self._override_merged(steps, i, op, tokens, value)
            ref = step.ref
            if isinstance(ref, Alias):
                if i == last and op != "reorder":
                    break  # set or remove this use of the alias only: the anchored node stays as it is
                return self._replace(step, apply_to_data(self._data_at(tokens[:i + 1]), op, tokens[i + 1:], value))
            if ref is not None and ref.uses:
                raise self._shared(ref)
        step = steps[-1]
        if op == "set":
            if step.ref is None:
                return self._insert_pair(step.parent, step.token, value)
            return self._set(step, tokens, value)
        if op == "remove":
            return self._remove(steps, tokens)
        node = real(step.ref)
        if node.kind != "map":
            raise EditError(f"cannot reorder a non-mapping at {pointer}")
        return self._reorder(node, value)

    def _data_at(self, tokens: list):
        node = self.data
        for token in tokens:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def _override_merged(self, steps, i, op, tokens, value):
        """A key that comes from a merge key (<<): an own key with the edited value overrides it here only."""
        step = steps[i]
        if op == "remove" and i == len(steps) - 1:
            source = step.via.value
            name = f"*{source.anchor}" if isinstance(source, Alias) else "the merged mapping"
            raise Refused(f"'{step.token}' comes from the merge key (<<: {name}) on line {step.via.key.line + 1}: "
                          "removing it here would need the merge written out")
        new = apply_to_data(self._data_at(tokens[:i + 1]), op, tokens[i + 1:], value)
        return self._insert_pair(step.parent, step.token, new)

    def _set(self, step: Step, tokens: list, value) -> list:
        old = self._data_at(tokens)
        if canon(old) == canon(value):
            return []
        node = step.ref
        if isinstance(node, Node) and node.uses:  # reached inside a larger edit: the same rule as plan()'s
            raise self._shared(node)
        if isinstance(node, Node) and not node.flow and node.kind != "scalar" and value:
            if node.kind == "map" and isinstance(value, dict) and isinstance(old, dict):
                return self._diff_map(step, node, tokens, old, value)
            if node.kind == "seq" and isinstance(value, list) and isinstance(old, list):
                return self._diff_seq(step, node, old, value)
        return self._replace(step, value)

    def _diff_map(self, step, node, tokens, old: dict, new: dict) -> list:
        if any(is_merge(p) for p in node.items):
            return self._replace(step, new)
        kept = [k for k in old if k in new]
        added = [k for k in new if k not in old]
        if not kept or kept + added != list(new):
            return self._replace(step, new)
        pairs = self._pairs(node)
        out = []
        for name in old:
            pair = pairs[name][0]
            if name not in new:
                out.extend(self._remove_pair(node, pair))
            elif canon(old[name]) != canon(new[name]):
                out.extend(self._set(Step(node, name, pair, None, pair.value), tokens + [name], new[name]))
        if added:
            last_kept = max((pairs[k][0] for k in kept), key=node.items.index)
            out.extend(self._insert_pair(node, added[0], new[added[0]], more={k: new[k] for k in added[1:]},
                                         after=last_kept))
        return out

    def _diff_seq(self, step, node, old: list, new: list) -> list:
        if len(new) == len(old):
            out = []
            for i, (before, after) in enumerate(zip(old, new)):
                if canon(before) != canon(after):
                    child = Step(node, str(i), None, i, node.items[i])
                    out.extend(self._replace(child, after))
            return out
        if len(new) > len(old) and canon(new[:len(old)]) == canon(old):
            return self._append_items(node, new[len(old):])
        kept = _subsequence(old, new)
        if kept is not None and kept:
            out = []
            for i in range(len(old)):
                if i not in kept:
                    out.extend(self._remove_item(node, i))
            return out
        return self._replace(step, new)

    # ---- primitives ---------------------------------------------------------------------------------------

    def _replace(self, step: Step, value) -> list:
        """Write `value` where the node of `step` stands."""
        ref = step.ref
        self._orphans(ref)
        parent = step.parent
        start, end = ref.start, self._end(ref)
        # an anchor nothing repeats stays on the new value; an explicit tag goes (the value may change type)
        props = f"&{ref.anchor} " if isinstance(ref, Node) and ref.anchor else ""
        if parent.flow:
            return [(start, end, props + self._inline(value, ref, flow=True))]
        if step.pair is not None:  # the value of a key in a block mapping
            key = step.pair.key
            colon = self._colon_end(step.pair)
            rendered = self._render(value, ref, key.col, key.col + self._step_for(value, ref, key.col))
            if isinstance(rendered, str):
                if ref.line == key.line and start < end:
                    return [(start, end, props + rendered)]
                return [(colon, end, " " + props + rendered)]  # a value on the next lines, or none at all
            return [(colon, end, (" " + props.rstrip() if props else "") + "\n" + "\n".join(rendered))]
        # an item of a block sequence
        dash = self._dash_before(ref)
        same_line = start < end and ref.line == self._line(dash) - 1
        at = ref.col if same_line else self._col(dash) + self.layout.dash_gap
        rendered = self._render(value, ref, self._col(dash), at)
        body = rendered if isinstance(rendered, str) else \
            rendered[0].lstrip() + "".join("\n" + line for line in rendered[1:])
        if start == end:  # "-" with nothing after it
            return [(start, end, " " + body)]
        return [(start, end, props + body)]

    def _col(self, offset: int) -> int:
        return offset - self._line_start(offset)

    def _dash_before(self, ref) -> int:
        i = ref.start - 1
        while i >= 0 and self.src[i] in " \t\n":
            i -= 1
        if i < 0 or self.src[i] != "-":
            raise Unsupported("a sequence item without its dash")
        return i

    def _step_for(self, value, ref, indent: int) -> int:
        if isinstance(ref, Node) and ref.kind != "scalar" and not ref.flow and ref.col > indent:
            return ref.col - indent  # the collection it replaces sets the indentation
        return self.layout.seq_indent if isinstance(value, list) else self.layout.map_indent

    def _render(self, value, ref, parent_indent: int, indent: int):
        """One string (a line, or a block scalar's header and lines) or a list of block lines at `indent`."""
        old = real(ref)  # an alias's value gets the style of the node it repeats
        if isinstance(value, (dict, list)) and value:
            text = render.flow(value)
            fits = indent + len(text) <= self.layout.width
            if (old is not None and old.kind != "scalar" and old.flow) or \
                    ((old is None or old.kind == "scalar") and render.prefers_flow(value, self.layout) and fits):
                return text
            return render.block(value, indent, self.layout)
        if isinstance(value, str) and old is not None and old.kind == "scalar" and old.style in ("|", ">"):
            unit = self._block_unit(old, parent_indent)
            width = self.layout.width
            lines = [line.strip() for line in self.src[old.start:self._end(old)].split("\n")[1:] if line.strip()]
            if old.style == ">" and len(lines) > 1:  # wrap where its author wrapped it
                text = _folded_like(lines, value, " " * (parent_indent + unit))
                if text is not None:
                    return text
                width = parent_indent + unit + max(len(line) for line in lines) + 2
            text = render.block_scalar(value, old.style, parent_indent, unit, width)
            if text is not None:
                return text
        if isinstance(value, str) and old.kind == "scalar" and old.style is None and old.line < self._line(old.end) - 1:
            text = self._wrapped_like(old, value)  # a plain scalar wrapped over lines keeps its line breaks
            if text is not None:
                return text
        if isinstance(value, str) and "\n" in value.rstrip("\n") and (old is None or old.kind != "scalar"):
            text = render.block_scalar(value, "|", parent_indent, max(1, indent - parent_indent),
                                       self.layout.width)
            if text is not None:
                return text
        return self._inline(value, ref, flow=False)

    def _wrapped_like(self, old: Node, value: str) -> str | None:
        lines = self.src[old.start:old.end].split("\n")
        if render.scalar(value) != value or any(not line.strip() for line in lines):
            return None
        pad = lines[1][:len(lines[1]) - len(lines[1].lstrip(" "))]
        text = _folded_like([line.strip() for line in lines], value, pad)
        return None if text is None or value.endswith("\n") else text[len(">-\n" + pad):]

    def _block_unit(self, old: Node, parent_indent: int) -> int:
        for line in self.src[old.start:old.end].split("\n")[1:]:
            if line.strip():
                unit = len(line) - len(line.lstrip(" ")) - parent_indent
                return unit if 1 <= unit <= 9 else self.layout.map_indent
        return self.layout.map_indent

    def _inline(self, value, ref, flow: bool) -> str:
        if isinstance(value, (dict, list)):
            return render.flow(value)
        old = real(ref) if ref is not None else None
        style = old.style if old is not None and old.kind == "scalar" and old.style in ("'", '"') else None
        return render.scalar(value, style, flow=flow)

    def _insert_pair(self, node: Node, name: str, value, more: dict | None = None, after: Pair | None = None) -> list:
        entries = {name: value, **(more or {})}
        if node.flow:
            body = ", ".join(f"{render.key(k, flow=True)}: {render.flow(v)}" for k, v in entries.items())
            if node.items:
                at = self._end(node.items[-1].value)
                return [(at, at, ", " + body)]
            brace = self.src.find("{", node.start)
            if brace < 0 or brace >= node.end:
                raise Unsupported("a flow mapping without its brace")
            return [(brace + 1, brace + 1, body)]
        indent = node.items[0].key.col
        at = self._line_end(self._end((after or node.items[-1]).value))
        lines = render.block(entries, indent, self.layout)
        return [(at, at, "".join("\n" + line for line in lines), -indent)]

    def _remove(self, steps: list[Step], tokens: list) -> list:
        step = steps[-1]
        if step.ref is None:
            raise EditError(f"no node at {ptr.join('', *tokens)}")
        container = step.parent
        if not container.flow and len(container.items) == 1:  # the collection is left empty: write {} or []
            if len(steps) < 2:
                raise Unsupported("removing the document's only key")
            return self._replace(steps[-2], {} if container.kind == "map" else [])
        if container.kind == "map":
            return self._remove_pair(container, step.pair)
        return self._remove_item(container, step.index)

    def _remove_lines(self, first: int, end: int) -> tuple[int, int, str]:
        """Remove whole lines from the one holding `first` to the one holding `end`."""
        start = self._line_start(first)
        stop = self._line_end(end)
        if stop < len(self.src):
            return (start, stop + 1, "")
        return (max(0, start - 1), stop, "")

    def _orphans(self, ref) -> None:
        """Refuse to take out text that defines an anchor an alias elsewhere repeats."""
        holder = shared_inside(ref) if isinstance(ref, Node) else None
        if holder is not None:
            raise self._shared(holder)

    def _remove_pair(self, node: Node, pair: Pair) -> list:
        self._orphans(pair.value)
        if node.flow:
            spans = [(p.key.start, self._end(p.value)) for p in node.items]
            return [self._remove_flow_member(node, spans, node.items.index(pair))]
        key = pair.key
        if self.src[self._line_start(key.start):key.start].strip():  # the first key, after "- " or "? "
            index = node.items.index(pair)
            if index != 0 or len(node.items) < 2:
                raise Unsupported("a key that does not start its line")
            return [(key.start, node.items[1].key.start, "")]
        return [self._remove_lines(key.start, self._end(pair.value))]

    def _remove_item(self, node: Node, index: int) -> list:
        item = node.items[index]
        self._orphans(item)
        if node.flow:
            spans = [(i.start, self._end(i)) for i in node.items]
            return [self._remove_flow_member(node, spans, index)]
        dash = self._dash_before(item)
        if self.src[self._line_start(dash):dash].strip():
            raise Unsupported("a sequence item that does not start its line")
        return [self._remove_lines(dash, self._end(item))]

    def _remove_flow_member(self, node: Node, spans: list, index: int) -> tuple[int, int, str]:
        if len(spans) == 1:
            close = node.end - 1
            opener = self.src.rfind("{" if node.kind == "map" else "[", node.start, spans[0][0] + 1)
            return (opener + 1, close, "")
        if index < len(spans) - 1:
            return (spans[index][0], spans[index + 1][0], "")
        return (spans[index - 1][1], spans[index][1], "")

    def _append_items(self, node: Node, items: list) -> list:
        dash = self._dash_before(node.items[0])
        if self.src[self._line_start(dash):dash].strip():
            raise Unsupported("a sequence that does not start its line")
        at = self._line_end(self._end(node.items[-1]))
        lines = render.block(items, self._col(dash), self.layout)
        # before keys added at the same offset and column: those of a "key:\n- item" mapping come after
        return [(at, at, "".join("\n" + line for line in lines), -self._col(dash) - 0.5)]

    def _reorder(self, node: Node, order: list) -> list:
        if any(is_merge(p) for p in node.items):
            raise Refused("the mapping takes keys from a merge key (<<): they cannot be reordered in place")
        names = [key_text(p.key) for p in node.items]
        new = [k for k in order if k in names] + [k for k in names if k not in order]
        if new == names:
            return []
        position = {name: i for i, name in enumerate(names)}
        text = self.src
        if node.flow:
            spans = [(p.key.start, self._end(p.value)) for p in node.items]
            out = []
            for n, (start, end) in enumerate(spans):
                source = spans[position[new[n]]]
                out.append(text[source[0]:source[1]])
                if n + 1 < len(spans):
                    out.append(text[end:spans[n + 1][0]])
            return [(spans[0][0], spans[-1][1], "".join(out))]
        ends = [self._line_end(self._end(p.value)) for p in node.items]
        bodies = [text[p.key.start:ends[i]] for i, p in enumerate(node.items)]
        leads = [""] + [text[ends[i - 1] + 1:self._line_start(p.key.start)]
                        for i, p in enumerate(node.items) if i > 0]
        for p in node.items[1:]:
            if text[self._line_start(p.key.start):p.key.start].strip():
                raise Unsupported("keys that do not start their lines")
        first = node.items[0].key
        pad = " " * node.items[1].key.col if len(node.items) > 1 else " " * first.col
        if text[self._line_start(first.start):first.start].strip():  # "- first: ..." keeps its dash
            if leads[position[new[0]]]:
                raise Unsupported("a key with comments above it moved next to a dash")
            parts = [bodies[position[new[0]]]]
            parts += ["\n" + leads[position[k]] + pad + bodies[position[k]] for k in new[1:]]
            return [(first.start, ends[-1], "".join(parts))]
        start = self._line_start(first.start)
        parts = [leads[position[k]] + pad + bodies[position[k]] for k in new]
        return [(start, ends[-1], "\n".join(parts))]

    # ---- accepting and applying ---------------------------------------------------------------------------

    def try_apply(self, edits) -> bool:
        """Plan every edit of one fix; keep them only if none overlaps another splice."""
        planned = []
        for op, pointer, value in edits:
            try:
                planned.extend(self.plan(op, pointer, value))
            except YamlEditorError as exc:  # merge keys nested past reason
                raise Unsupported(str(exc)) from None
        if any(_clash(a, b) for i, a in enumerate(planned) for b in planned[i + 1:]):
            return False
        if any(self._clashes(s) for s in planned):
            return False
        for start, end, replacement, *rank in planned:
            order = len(self._splices)
            index = bisect.bisect_right(self._starts, start)
            self._starts.insert(index, start)
            self._splices.insert(index, (start, end, replacement, order, rank[0] if rank else 0))
        self.accepted.extend(edits)
        return True

    apply_all = try_apply

    def try_apply_roundtrip(self, edits) -> bool:
        """Like try_apply, but re-dump the smallest block collection that holds every edit (ruamel.yaml)."""
        from .yaml_roundtrip import subtree_splice

        paths = []
        for op, pointer, _ in edits:
            if op not in ("set", "remove", "reorder"):
                raise EditError(f"unknown edit {op}")
            tokens = ptr.split(pointer)
            try:
                steps = self._walk(pointer, tokens, missing_ok=op == "set")
            except YamlEditorError as exc:
                raise Unsupported(str(exc)) from None
            for step in steps:
                if step.via is not None or isinstance(step.ref, Alias) or (step.ref is not None and step.ref.uses):
                    raise Unsupported("the edit passes through an anchor, an alias or a merge key")
            paths.append(tokens if op == "reorder" else tokens[:-1])
        common = paths[0]
        for other in paths[1:]:
            n = 0
            while n < min(len(common), len(other)) and common[n] == other[n]:
                n += 1
            common = common[:n]
        while True:
            node = real(self._walk("", common, False)[-1].ref) if common else self.root
            if node.kind != "scalar" and not node.flow and node.items:
                break
            if not common:
                break
            common = common[:-1]
        if not common or node.kind == "scalar" or node.flow or not node.items:
            raise Unsupported("only a re-layout of the whole document could make this edit")
        if node.anchor or shared_inside(node) is not None or _has_alias(node):
            raise Unsupported("the collection holds anchors or aliases")
        start = node.items[0].key.start if node.kind == "map" else node.start
        relative = [(op, ptr.join("", *ptr.split(pointer)[len(common):]), value) for op, pointer, value in edits]
        splice = subtree_splice(self.src, start, self._line_start(start), self._line_end(self._end(node)),
                                self._col(start), relative, self.layout)
        if self._clashes(splice):
            return False
        order = len(self._splices)
        index = bisect.bisect_right(self._starts, splice[0])
        self._starts.insert(index, splice[0])
        self._splices.insert(index, (*splice, order, 0))
        self.accepted.extend(edits)
        return True

    def _clashes(self, splice) -> bool:
        return clashes(splice, self._starts, self._splices, _clash)

    def text(self) -> str:
        if not self._splices:
            return self.original
        out, cursor = [], 0
        for start, end, replacement, _, _ in sorted(self._splices, key=lambda s: (s[0], s[1], s[4], s[3])):
            out.append(self.src[cursor:start])
            out.append(replacement)
            cursor = end
        out.append(self.src[cursor:])
        result = "".join(out)
        return result.replace("\n", "\r\n") if self.crlf else result

    def expected(self):
        """The document with exactly the accepted edits applied: what the new text must read as."""
        data = copy.deepcopy(self.data)
        for op, pointer, value in self.accepted:
            data = _edit_in_place(data, op, ptr.split(pointer), value)
        return data

    def reads_as_intended(self) -> bool:
        """The edited text parses, and reads as the document with exactly the accepted edits applied."""
        new = self.text()
        if new == self.original:
            return True
        try:
            data = parse_text(self.path, new, "yaml").data
        except InputError:
            return False
        return same(data, self.expected())


_MISSING = object()


def _refuse_duplicate_keys(root: Node, text: str) -> None:
    stack, seen = [root], set()
    while stack:
        node = real(stack.pop())
        if id(node) in seen or node.kind == "scalar":
            continue
        seen.add(id(node))
        if node.kind == "map":
            names = set()
            for pair in node.items:
                if is_merge(pair):
                    stack.append(pair.value)
                    continue
                name = key_text(pair.key)
                if name is not None and name in names:
                    raise YamlEditorError(f"the YAML cannot be edited in place (found duplicate key \"{name}\" on "
                                          f"line {real(pair.key).line + 1})")
                names.add(name)
                stack.append(pair.value)
        else:
            stack.extend(node.items)


def _clash(a, b) -> bool:
    """Two splices clash when their ranges overlap, or one inserts inside or at an edge of the other's range:
    text added where another splice ends may belong inside what that splice rewrites."""
    (s1, e1), (s2, e2) = a[:2], b[:2]
    if s1 == e1 and s2 == e2:
        return False  # insertions at one offset: ordered by rank, then by acceptance
    if s1 == e1:
        return s2 <= s1 <= e2
    if s2 == e2:
        return s1 <= s2 <= e1
    return s1 < e2 and s2 < e1


def _folded_like(old_lines: list[str], value: str, pad: str) -> str | None:
    """A folded scalar (`>`) for `value` broken after the same words as the old lines, when it has as many
    words and folds back to itself; else None."""
    body = value[:-1] if value.endswith("\n") else value
    if not body or "\n" in body or "  " in body or body != body.strip() or "\t" in body:
        return None
    words = body.split(" ")
    counts = [len(line.split()) for line in old_lines]
    if sum(counts) != len(words):
        return None
    out, at = [], 0
    for count in counts:
        out.append(" ".join(words[at:at + count]))
        at += count
    return (">" if value.endswith("\n") else ">-") + "".join("\n" + pad + line for line in out)


def _has_alias(node: Node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Alias):
            return True
        if item.kind == "map":
            stack.extend(x for pair in item.items for x in (pair.key, pair.value))
        elif item.kind == "seq":
            stack.extend(item.items)
    return False


def _subsequence(old: list, new: list) -> set | None:
    """Indexes of `old` that, in order, make `new`; None when `new` is not `old` with items taken out."""
    kept, j = set(), 0
    for i, item in enumerate(old):
        if j < len(new) and canon(item) == canon(new[j]):
            kept.add(i)
            j += 1
    return kept if j == len(new) else None


def apply_to_data(data, op: str, tokens: list, value):
    """A copy of `data` with one edit applied at `tokens` (relative); EditError when the path is missing."""
    return _edit_in_place(copy.deepcopy(data), op, tokens, value)


def _edit_in_place(data, op: str, tokens: list, value):
    """`data` with one edit applied (changed in place unless the edit replaces it whole)."""
    if not tokens:
        if op == "set":
            return copy.deepcopy(value)
        if op == "reorder" and isinstance(data, dict):
            keys = [k for k in value if k in data] + [k for k in data if k not in value]
            return {k: data[k] for k in keys}
        raise EditError(f"cannot {op} here")
    parent = data
    try:
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        last = tokens[-1]
        if isinstance(parent, list):
            last = int(last)
            parent[last]  # noqa: B018 - must exist
        elif not isinstance(parent, dict) or (op != "set" and last not in parent):
            raise KeyError(last)
        if op == "remove":
            del parent[last]
        else:
            parent[last] = _edit_in_place(parent[last] if op == "reorder" else None, op, [], value)
    except (KeyError, IndexError, ValueError, TypeError):
        raise EditError(f"no node at /{'/'.join(tokens)}") from None
    return data


def same(a, b) -> bool:
    """Equal as data, with key order and the difference between True, 1 and 1.0 counted."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if list(x) != list(y):
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif x != y:
            return False
    return True


def canon(value):
    """Comparable form: key order counts; True is not 1; 1 and 1.0 are one number."""
    if isinstance(value, dict):
        return ("map", [(k, canon(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [canon(v) for v in value])
    if isinstance(value, bool) or value is None:
        return ("const", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    return ("str", value)
