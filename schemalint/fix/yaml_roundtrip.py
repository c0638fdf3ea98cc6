"""ruamel.yaml round trips: the fallback for edits text spans cannot make, applied to one block collection.

`RoundTripEditor` loads a YAML text, applies edits and dumps it with the indentation (mapping, sequence,
offset) and line width that reproduce the text it was given. `subtree_splice` cuts the lines of one block
collection out of a file, dedents them, round-trips only them, and gives back the splice: nothing outside
that collection is re-laid out.
"""
from __future__ import annotations

import io
import itertools

from ..sources.pointer import split
from .json_text import EditError, all_crlf


def _yaml(mapping: int, sequence: int, offset: int, width: int):
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = width
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


class RoundTripError(Exception):
    """ruamel.yaml cannot load the text; str() says why in one line."""


def _load(yaml, text: str):
    from ruamel.yaml.error import YAMLError

    try:
        return yaml.load(text)
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        raise RoundTripError(f"the YAML cannot be edited in place ({problem})") from None


def _dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class RoundTripEditor:
    """Load once, apply edits, dump with the indentation and width that reproduce the original."""

    LAYOUTS = [(m, s, o) for m, s, o in itertools.product((2, 4), (2, 4), (0, 2)) if o < s]

    def __init__(self, text: str, widths=(4096,), layouts=None):
        self.original = text
        # ruamel.yaml writes "\n": edit a CRLF file as LF and give its line endings back in text()
        self.crlf = all_crlf(text)
        if self.crlf:
            text = text.replace("\r\n", "\n")
        self.yaml = None
        for width, (mapping, sequence, offset) in itertools.product(widths, layouts or self.LAYOUTS):
            candidate = _yaml(mapping, sequence, offset, width)
            data = _load(candidate, text)
            if _dump(candidate, data) == text:
                self.yaml, self.data = candidate, data
                break
        if self.yaml is None:  # nothing reproduces the text: the first layout, e.g. the file's own
            self.yaml = _yaml(*(layouts or [(2, 4, 2)])[0], widths[0])
            self.data = _load(self.yaml, text)

    def _node(self, tokens):
        node = self.data
        for token in tokens:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def apply_all(self, edits) -> bool:
        """Apply one fix's edits, all or none: every target is checked before anything changes."""
        for op, pointer, _ in edits:
            if op not in ("set", "remove", "reorder"):
                raise EditError(f"unknown edit {op}")
            tokens = split(pointer)
            try:
                if op == "reorder":
                    if not hasattr(self._node(tokens), "keys"):
                        raise EditError(f"cannot reorder a non-mapping at {pointer}")
                    continue
                if not tokens:
                    raise EditError("cannot edit the document root")
                parent = self._node(tokens[:-1])
                if op == "remove" or isinstance(parent, list):
                    parent[int(tokens[-1]) if isinstance(parent, list) else tokens[-1]]  # noqa: B018 - must exist
                elif not hasattr(parent, "keys"):
                    raise EditError(f"cannot set '{tokens[-1]}' in a non-mapping at {pointer}")
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise EditError(f"no node at {pointer}: {exc}") from None
        for op, pointer, value in edits:
            self.apply(op, split(pointer), value)
        return True

    def apply(self, op: str, tokens: list, value) -> None:
        try:
            if op == "reorder":
                self._reorder(self._node(tokens), value)
                return
            parent = self._node(tokens[:-1])
            key = int(tokens[-1]) if isinstance(parent, list) else tokens[-1]
            if op == "set":
                parent[key] = value
            else:
                del parent[key]
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise EditError(f"no node at /{'/'.join(tokens)}: {exc}") from None

    @staticmethod
    def _reorder(node, order: list) -> None:
        keys = list(node.keys())
        new_keys = [k for k in order if k in node] + [k for k in keys if k not in order]
        if new_keys == keys:
            return
        # CommentedMap keeps per-key comments in .ca.items; moving entries keeps them
        items = [(k, node[k]) for k in new_keys]
        comments = {k: node.ca.items.get(k) for k in keys}
        for k in keys:
            del node[k]
        for k, v in items:
            node[k] = v
            if comments.get(k) is not None:
                node.ca.items[k] = comments[k]

    def text(self) -> str:
        out = _dump(self.yaml, self.data)
        return out.replace("\n", "\r\n") if self.crlf else out


def subtree_splice(src: str, start: int, first_line_start: int, end: int, column: int, edits: list,
                   layout) -> tuple[int, int, str]:
    """Round-trip only the lines [first_line_start, end) of one block collection whose first key or item
    starts at `start` (column `column`), with `edits` relative to that collection. The layouts tried first
    are the file's own (yaml_tree.Layout: its indentation and line width)."""
    from .yaml_text import Unsupported

    lines = src[first_line_start:end].split("\n")
    prefix = src[first_line_start:start]  # indentation, or "  - " when the collection is a sequence item
    lines[0] = " " * column + lines[0][len(prefix):]
    inner = []
    for line in lines:
        if line[:column].strip():
            raise Unsupported("a line of the collection is less indented than the collection")
        inner.append(line[column:])
    try:
        own = (layout.map_indent, layout.seq_indent + layout.dash_gap, layout.seq_indent)
        layouts = [own] + [x for x in RoundTripEditor.LAYOUTS if x != own]
        editor = RoundTripEditor("\n".join(inner) + "\n", widths=(max(40, layout.width - column), 4096),
                                 layouts=layouts)
        editor.apply_all(edits)
        out = editor.text()
    except RoundTripError as exc:
        raise Unsupported(str(exc)) from None
    new_lines = out.rstrip("\n").split("\n")
    pad = " " * column
    result = [prefix + new_lines[0]] + [pad + line if line else line for line in new_lines[1:]]
    return (first_line_start, end, "\n".join(result))
