"""Edit YAML with ruamel.yaml's round trip: comments, quotes and layout survive."""
from __future__ import annotations

import io
import itertools

from ..sources.pointer import split
from .json_text import EditError, all_crlf


def _yaml(mapping: int, sequence: int, offset: int):
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _load(yaml, text: str):
    from ruamel.yaml.error import YAMLError

    try:
        return yaml.load(text)
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        raise YamlEditorError(f"the YAML cannot be edited in place ({problem})") from None


def _dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class YamlEditorError(Exception):
    """ruamel.yaml cannot load the text for a round trip; str() says why in one line."""


class YamlEditor:
    """Load once, apply edits, dump with the indentation that reproduces the original."""

    def __init__(self, text: str):
        self.original = text
        # ruamel.yaml writes "\n": edit a CRLF file as LF and give its line endings back in text()
        self.crlf = all_crlf(text)
        if self.crlf:
            text = text.replace("\r\n", "\n")
        self.yaml = None
        for mapping, sequence, offset in itertools.product((2, 4), (2, 4), (0, 2)):
            if offset >= sequence:
                continue
            candidate = _yaml(mapping, sequence, offset)
            data = _load(candidate, text)
            if _dump(candidate, data) == text:
                self.yaml, self.data = candidate, data
                break
        if self.yaml is None:
            self.yaml = _yaml(2, 4, 2)
            self.data = _load(self.yaml, text)

    def _parent(self, pointer: str):
        tokens = split(pointer)
        if not tokens:
            raise EditError("cannot edit the document root")
        node = self.data
        for token in tokens[:-1]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        last = tokens[-1]
        return node, int(last) if isinstance(node, list) else last

    def apply(self, op: str, pointer: str, value) -> None:
        if op == "set":
            self.set(pointer, value)
        elif op == "remove":
            self.remove(pointer)
        elif op == "reorder":
            self.reorder(pointer, value)
        else:
            raise EditError(f"unknown edit {op}")

    def apply_all(self, edits) -> bool:
        """Apply one fix's edits, all or none: every target is checked before anything changes."""
        for op, pointer, _ in edits:
            if op not in ("set", "remove", "reorder"):
                raise EditError(f"unknown edit {op}")
            try:
                if op == "reorder":
                    target = self.data
                    for token in split(pointer):
                        target = target[int(token)] if isinstance(target, list) else target[token]
                    if not hasattr(target, "keys"):
                        raise EditError(f"cannot reorder a non-mapping at {pointer}")
                    continue
                parent, key = self._parent(pointer)
                if op == "remove" or isinstance(parent, list):
                    parent[key]  # noqa: B018 - the node must exist
                elif not hasattr(parent, "keys"):
                    raise EditError(f"cannot set '{key}' in a non-mapping at {pointer}")
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise EditError(f"no node at {pointer}: {exc}") from None
        for op, pointer, value in edits:
            self.apply(op, pointer, value)
        return True

    def set(self, pointer: str, value) -> None:
        try:
            parent, key = self._parent(pointer)
            parent[key] = value
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise EditError(f"no node at {pointer}: {exc}") from None

    def remove(self, pointer: str) -> None:
        try:
            parent, key = self._parent(pointer)
            del parent[key]
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise EditError(f"no node at {pointer}: {exc}") from None

    def reorder(self, pointer: str, order: list) -> None:
        node = self.data
        try:
            for token in split(pointer):
                node = node[int(token)] if isinstance(node, list) else node[token]
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise EditError(f"no node at {pointer}: {exc}") from None
        if not hasattr(node, "keys"):
            raise EditError(f"cannot reorder a non-mapping at {pointer}")
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
