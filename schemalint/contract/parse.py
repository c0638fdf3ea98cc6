"""Contract bytes to a `Document`: fast parsing now, line numbers later and only when asked.

A 4 MB OpenAPI YAML takes PyYAML about 1.5 s even with its C loader, and far more
when positions are composed for every node. The contract is parsed with yaml-rs
(Rust; the same data as PyYAML's safe loader on the Stripe, OpenAI and plugin
specs once timestamps are kept as text) and positions are found afterwards by
`YamlLocator`, which walks block-style YAML by indentation for the few pointers
that findings name. JSON uses orjson and the shared lazy `JsonLocator`.
"""
from __future__ import annotations

import re

import orjson

from ..sources import Document, InputError
from ..sources import pointer as ptr
from ..sources.json_locator import JsonLocator

_YAML_RS_POSITION = re.compile(r"line (\d+), column (\d+)")


def parse_contract(display: str, raw: bytes) -> Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(display, f"contract is not UTF-8 text (byte {exc.start})") from None
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise InputError(display, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        locator = JsonLocator(text)
        return Document(display, "json", data, text, lambda p: locator.position(ptr.split(p)))
    data = _load_yaml(display, text)
    locator = YamlLocator(text)
    return Document(display, "yaml", data, text, lambda p: locator.position(ptr.split(p)))


_NUMERIC_KEY = re.compile(r"^[ \t-]*[0-9][0-9.]*[ \t]*:", re.M)
# the same key after a line break: a literal first character lets re skip to each line, and the indentation is
# taken in a lookahead that never gives it back (four times faster than trying `^` at every character)
_NUMERIC_KEY_AFTER_BREAK = re.compile(r"\n(?=([ \t-]*))\1[0-9][0-9.]*[ \t]*:")


def _has_numeric_key(text: str) -> bool:
    return _NUMERIC_KEY.match(text) is not None or _NUMERIC_KEY_AFTER_BREAK.search(text) is not None


def _string_keys(node):
    if isinstance(node, dict):
        return {k if isinstance(k, str) else str(k).lower() if isinstance(k, bool) else str(k): _string_keys(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_string_keys(v) for v in node]
    return node


def _load_yaml(display: str, text: str):
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - yaml-rs is a dependency; PyYAML is the slow fallback
        return _load_pyyaml(display, text)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins)
        # unquoted response codes (`200:`) load as integers; OpenAPI keys are strings
        return _string_keys(data) if _has_numeric_key(text) else data
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        found = _YAML_RS_POSITION.search(message)
        cause = message.strip().splitlines()[-1].strip() if message.strip() else "parse error"
        if found:
            raise InputError(display, f"invalid YAML: {cause}", int(found.group(1)), int(found.group(2))) from None
        raise InputError(display, f"invalid YAML: {cause}") from None
    except (RecursionError, ValueError) as exc:
        raise InputError(display, f"invalid YAML: {exc}") from None


def _load_pyyaml(display: str, text: str):
    import datetime

    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(display, f"invalid YAML: {exc.problem or exc.context}",
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(display, f"invalid YAML: {exc}") from None

    def plain(node):
        if isinstance(node, dict):
            return {str(k): plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        if isinstance(node, (datetime.date, datetime.datetime)):
            return node.isoformat()
        return node

    return plain(data)


class YamlLocator:
    """Line and column of a pointer in block-style YAML, found by indentation.

    It follows each token down: a mapping key at the block's indentation, or the
    n-th `- ` item. Flow collections, anchors and multi-document files are not
    followed; the caller then falls back to the nearest ancestor that was found.

    A content line is one that is not blank, a comment or a document marker. Lines
    are never listed: a block is read by jumping, with a regular expression, to
    the content lines indented no deeper than its entries, so a pointer into a 4 MB
    document reads a few blocks and not every line.
    """

    def __init__(self, text: str):
        self.text = text
        self._blocks: dict = {}
        self._upto: dict = {}  # column -> pattern of a line break followed by a content line indented that far

    def _content_lines(self, max_indent: int | None):
        pattern = self._upto.get(max_indent)
        if pattern is None:
            spaces = " *" if max_indent is None else " {0,%d}" % max_indent
            # the spaces are taken in a lookahead, which never gives them back: a deeper line fails at once
            pattern = self._upto[max_indent] = re.compile(r"\n(?=(%s))\1(?=[^ \n#])" % spaces)
        return pattern

    def _is_marker(self, start: int) -> bool:
        """Whether the line at offset `start` (past its indentation) is `---` or `...`."""
        return self.text[start:start + 1] in ("-", ".") and self._line_text(start).rstrip() in ("---", "...")

    def _line_text(self, start: int) -> str:
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]

    def _following(self, line_no: int, line_start: int, max_indent: int | None = None):
        """The content lines after line `line_no` (which starts at offset `line_start`) indented at most
        `max_indent`, in order: (line number, offset of its start, indentation)."""
        text = self.text
        end = text.find("\n", line_start)
        if end < 0:
            return
        for m in self._content_lines(max_indent).finditer(text, end):
            indent = len(m.group(1))
            start = m.start() + 1
            line_no += text.count("\n", line_start, start)
            line_start = start
            if not self._is_marker(start + indent):
                yield line_no, start, indent

    def _first_content(self):
        """(0, 0, indentation) when the first line is content, else the first content line after it."""
        first = self._line_text(0)
        stripped = first.lstrip(" ")
        if stripped and not stripped.startswith("#") and stripped.rstrip() not in ("---", "..."):
            return 0, 0, len(first) - len(stripped)
        return next(self._following(0, 0), None)

    def position(self, tokens: list[str]):
        first = self._first_content()
        if first is None:
            return None
        # a block: (first line, its offset, column where its entries start, text of the first entry from that column)
        line_no, line_start, col = first
        first_text = self._line_text(line_start)[col:]
        parent_col = -1
        found = (line_no + 1, col + 1)
        for token in tokens:
            hit = self._find_entry(token, line_no, line_start, col, first_text, parent_col)
            if hit is None:
                return None
            entry_line, entry_col, value_text, is_item, entry_start = hit
            value = value_text.strip()
            if is_item and value:
                # an item's position is its content's, after the dash
                inner_col = entry_col + 1 + len(value_text) - len(value_text.lstrip(" "))
                found = (entry_line + 1, inner_col + 1)
            else:
                found = (entry_line + 1, entry_col + 1)
            # descend into the value of this entry
            if value and not value.startswith(("#", "&", "!", "|", ">")):
                if is_item:
                    # an item whose content starts on its line: `- key: value` or `- scalar`
                    line_no, line_start, col, first_text, parent_col = entry_line, entry_start, inner_col, value, \
                        entry_col
                    continue
                # a scalar or a flow collection: nothing below it can be followed
                line_no, col, first_text, parent_col = -1, -1, "", entry_col
                continue
            nxt = next(self._following(entry_line, entry_start), None)
            if nxt is None:
                line_no = -1
                continue
            nxt_line, nxt_start, child_col = nxt
            child_text = self._line_text(nxt_start)[child_col:]
            if child_col > entry_col or (child_col == entry_col and not is_item and child_text.startswith("- ")):
                line_no, line_start, col, first_text, parent_col = nxt_line, nxt_start, child_col, child_text, \
                    entry_col
            else:
                line_no = -1
        return found

    def _find_entry(self, token: str, line_no: int, line_start: int, col: int, first_text: str, parent_col: int):
        if line_no < 0:
            return None
        key = (line_no, col)
        index = self._blocks.get(key)
        if index is None:
            index = self._blocks[key] = self._index_block(line_no, line_start, col, first_text, parent_col)
        keys, items = index
        if token.isdigit() and items:
            n = int(token)
            return items[n] if n < len(items) else None
        return keys.get(token)

    def _index_block(self, line_no: int, line_start: int, col: int, first_text: str, parent_col: int):
        """Entries of the block starting at line_no: mapping keys and sequence items, in one pass over the
        content lines indented no deeper than the block (deeper ones belong to its entries)."""
        keys: dict = {}
        items: list = []
        lines = self._following(line_no, line_start, col)
        i, start, indent, text = line_no, line_start, col, first_text
        while True:
            if i != line_no:
                text = self._line_text(start)[col:]
                if indent < col or (indent <= parent_col and not text.startswith("- ") and text != "-"):
                    break
            if text.startswith("- ") or text == "-":
                items.append((i, indent, text[1:], True, start))
            elif items and col == parent_col:
                break  # end of a sequence written at its key's indentation
            else:
                name, rest = _split_key(text)
                if name is not None:
                    keys.setdefault(name, (i, indent, rest, False, start))
            nxt = next(lines, None)
            if nxt is None:
                break
            i, start, indent = nxt
        return keys, items


def _split_key(text: str):
    """`key: rest` -> (key, rest); quoted keys unquoted; (None, None) when the line is not a key."""
    if text[:1] in ("'", '"'):
        quote = text[0]
        i = 1
        out = []
        while i < len(text):
            ch = text[i]
            if quote == "'" and ch == "'" and text[i + 1 : i + 2] == "'":
                out.append("'")
                i += 2
                continue
            if quote == '"' and ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            if ch == quote:
                rest = text[i + 1 :].lstrip(" ")
                if rest.startswith(":"):
                    return "".join(out), rest[1:]
                return None, None
            out.append(ch)
            i += 1
        return None, None
    idx = text.find(": ")
    if idx < 0:
        stripped = text.rstrip()
        if stripped.endswith(":"):
            return stripped[:-1].rstrip(), ""
        return None, None
    return text[:idx].rstrip(), text[idx + 1 :]
