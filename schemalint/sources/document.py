"""Parse JSON, JSONL and YAML into a Document that can locate any pointer."""
from __future__ import annotations

import os
from array import array
from dataclasses import dataclass, field

import orjson

from ..errors import SchemalintError
from . import pointer as ptr
from .collector import paused_gc
from .duplicates import DuplicateCheck, DuplicateKey, json_duplicates
from .json_locator import JsonLocator, LineIndex

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Any, Callable


class InputError(SchemalintError):
    """A file that cannot be read or parsed; str() is the one-line cause."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column = path, line, column
        # parsers' messages may run over several lines ("...\n  in <unicode string>, line 3"): keep one
        message = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
        self.reason = message = _clip_quoted(message)
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {message}")


_LONG_QUOTE = None
MAX_QUOTED = 60


def _clip_quoted(message: str) -> str:
    """A parser's message quoting a value of the file (a 5 KB tag name) keeps only its start."""
    global _LONG_QUOTE
    if len(message) <= 2 * MAX_QUOTED:
        return message
    if _LONG_QUOTE is None:
        import re

        _LONG_QUOTE = re.compile(r"""(['"])([^'"]{%d,})\1""" % (MAX_QUOTED + 1))
    message = _LONG_QUOTE.sub(lambda m: m.group(1) + m.group(2)[:MAX_QUOTED - 1] + "…" + m.group(1), message)
    return message if len(message) <= 400 else message[:399] + "…"


@dataclass(eq=False)
class Document:
    path: str
    kind: str  # json | jsonl | yaml | python
    data: Any
    text: str
    _locate: Callable[[str], tuple[int, int] | None] = field(repr=False, default=None)
    # pointer -> position: several rules often report on the same node
    _located: dict = field(repr=False, default_factory=dict)
    # the file began with a UTF-8 byte order mark, which `text` leaves out: a fix must write it back
    bom: bool = False
    # keys written twice in one object (DuplicateKey each): the parser kept the last value
    duplicate_keys: list = field(repr=False, default_factory=list)
    # the JsonLocators behind `_locate`, whose listings `forget_positions` drops
    locators: tuple = field(repr=False, default=())
    # a JSON Lines file: the line of each row (rows are one line each; blank lines are not rows)
    row_lines: Any = field(repr=False, default=None)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column (1-based) of the node at `pointer`, falling back to its nearest ancestor."""
        found = self._located.get(pointer)
        if found is None:
            found = self._located[pointer] = self._find(pointer)
        return found

    def line(self, pointer: str) -> int:
        """The line of the node at `pointer`, as `locate` gives it. In a JSON Lines file every node of a row is on
        the row's line: no look-up (score asks for the line of every tool)."""
        rows = self.row_lines
        if rows is not None:
            head = pointer[1:].split("/", 1)[0]
            if head.isdigit() and int(head) < len(rows):
                return rows[int(head)]
        found = self._located.get(pointer)  # not kept: each tool's line is asked for once
        return (found or self._find(pointer))[0]

    def forget_positions(self) -> None:
        """Drop what finding positions kept for the next ones (found again when asked): the engine calls it once
        the per-tool rules are done with the file's tools."""
        self._located.clear()
        for locator in self.locators:
            locator.forget()

    def forget_located(self) -> None:
        """Drop the positions found so far, but keep the listings that find the next ones."""
        self._located.clear()

    def _find(self, pointer: str) -> tuple[int, int]:
        while True:
            pos = self._locate(pointer) if self._locate else None
            if pos is not None:
                return pos
            if not pointer:
                return (1, 1)
            pointer = pointer[: pointer.rfind("/")]


def read_document(path: str, kind: str | None = None) -> Document:
    raw = read_bytes(path)
    bom = raw.startswith(UTF8_BOM)
    text = _decode(path, raw)
    # the bytes are dropped before the parse when the text does not need them, so a large file is not held
    # three times over (bytes, text, parsed data) at the peak
    utf8 = None if text.isascii() else raw
    del raw
    return _parsed(path, text, kind, utf8, bom)


# the largest file schemalint reads: a catalog of 100,000 tools is well under it, while a parsed document and
# the rules' views of it take several times its size in memory (documented in the README)
MAX_FILE_BYTES = 128 * 1024 * 1024


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of `path` ("-": standard input), refused with an InputError past `limit` (MAX_FILE_BYTES):
    never more than that is read, so an endless device or a huge file cannot fill the memory; a device, pipe or
    folder is refused before anything is read (files.read_regular)."""
    import errno

    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        if path == "-":
            import sys

            raw = sys.stdin.buffer.read(limit + 1)
            if len(raw) > limit:
                raise InputError(path, f"standard input holds over {limit // 2 ** 20} MiB, the most schemalint "
                                       "reads from one file: not read (a stream that does not end?)")
        else:
            from ..files import read_regular

            raw = read_regular(path, limit)
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise InputError(path, f"larger than {limit // (1024 * 1024)} MiB, the most schemalint reads from one "
                                   "file (split the catalog)") from None
        raise InputError(path, exc.strerror or str(exc)) from None
    return raw


def kind_for(path: str) -> str | None:
    ext = os.path.splitext(path)[1].lower()
    return {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml"}.get(ext)


def parse_text(path: str, raw: bytes | str, kind: str | None = None) -> Document:
    if not isinstance(raw, bytes):
        return _parsed(path, raw, kind, None, False)
    text = _decode(path, raw)
    return _parsed(path, text, kind, None if text.isascii() else raw, raw.startswith(UTF8_BOM))


UTF8_BOM = b"\xef\xbb\xbf"


def _decode(path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None


def _parsed(path: str, text: str, kind: str | None, utf8: bytes | None, bom: bool) -> Document:
    """`utf8`: the file's bytes when the text is not ASCII. orjson then reads them: given such a text it would
    attach a UTF-8 copy to it, which lives as long as the document."""
    with paused_gc():  # a parse allocates many objects and no cycles
        doc = _parse_text(path, text, kind, utf8)
    doc.bom = bom
    return doc


def _parse_text(path: str, text: str, kind: str | None, utf8: bytes | None) -> Document:
    kind = kind or kind_for(path) or _sniff(text)
    if kind == "yaml":
        return _parse_yaml(path, text)
    if kind == "jsonl":
        return _parse_jsonl(path, text)
    source = text
    if utf8 is not None:
        source = memoryview(utf8)[len(UTF8_BOM):] if utf8.startswith(UTF8_BOM) else utf8
    try:
        data = orjson.loads(source)
    except orjson.JSONDecodeError as exc:
        if utf8 is not None:  # the error as the text gives it (its position counted in characters)
            return _parse_text(path, text, kind, None)
        # BFCL ships JSON Lines under a .json name; accept that shape.
        if "trailing" in str(exc).lower() or _looks_like_jsonl(text):
            return _parse_jsonl(path, text)
        raise _json_error(path, text, exc) from None
    locator = JsonLocator(text)
    return Document(path, "json", data, text, lambda p: locator.position(ptr.split(p)),
                    duplicate_keys=json_duplicates(text, locator), locators=(locator,))


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    return "json" if head in ("{", "[") else "yaml"


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.splitlines()[:3] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        for line in lines:
            orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _json_error(path: str, text: str, exc: orjson.JSONDecodeError, base_line: int = 0) -> InputError:
    line, col = exc.lineno, exc.colno
    msg = exc.msg if hasattr(exc, "msg") else str(exc)
    if "number is infinity" in msg:  # valid JSON, but no parser a provider uses reads it as a number
        return InputError(path, "a number too large to read (beyond 1.8e308, the largest 64-bit float: parsers "
                                "read it as infinity or refuse it)", base_line + line, col)
    return InputError(path, f"invalid JSON: {msg}", base_line + line, col)


def _parse_jsonl(path: str, text: str) -> Document:
    rows, locators, duplicates, row_lines = [], [], [], array("q")
    lines = LineIndex(text)
    check = DuplicateCheck()
    start = 0
    for lineno, line in enumerate(text.split("\n")):
        line_start, start = start, start + len(line) + 1
        if not line.strip():
            continue
        try:
            rows.append(orjson.loads(line))
        except orjson.JSONDecodeError as exc:
            raise _json_error(path, line, exc, base_line=lineno) from None
        locators.append(JsonLocator(text, line_start, lines))  # the file's text: no copy of each line kept
        row_lines.append(lineno + 1)
        duplicates.extend(json_duplicates(line, locators[-1], check))

    def locate(p: str):
        tokens = ptr.split(p)
        if not tokens:
            return (1, 1)
        if not tokens[0].isdigit() or int(tokens[0]) >= len(locators):
            return None
        return locators[int(tokens[0])].position(tokens[1:])

    return Document(path, "jsonl", rows, text, locate, duplicate_keys=duplicates, locators=tuple(locators),
                    row_lines=row_lines)


def _parse_yaml(path: str, text: str) -> Document:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        if exc.problem == "but found another document":
            raise InputError(path, f"expected one YAML document, found {_count_documents(text)} (separated by "
                                   f"---): put each catalog in its own file", line, col) from None
        raise InputError(path, f"invalid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at a character offset
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise InputError(path, f"invalid YAML: {exc.reason}: character {exc.character!r} is not allowed",
                         line, column) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {exc}") from None
    if node is not None:
        _check_aliases(path, node, yaml.MappingNode, yaml.SequenceNode)
    positions = _Positions()
    constructor = yaml.SafeLoader("")  # only for scalar conversion
    data = _yaml_to_data(path, node, "", positions, constructor) if node is not None else None
    return Document(path, "yaml", data, text, positions.get, duplicate_keys=positions.duplicates)


class _Positions(dict):
    """pointer -> (line, column) of each YAML node, and the keys written twice in one mapping."""

    def __init__(self):
        super().__init__()
        self.duplicates: list[DuplicateKey] = []


def _count_documents(text: str) -> int:
    import yaml

    try:
        return sum(1 for _ in yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        return 2  # at least: the parser met a second one


_YAML_STR = "tag:yaml.org,2002:str"
# aliases may repeat a node, but a document that grows past this many nodes (and 20 times its written size)
# when they are expanded is a "billion laughs" attack, not a catalog
MAX_EXPANDED_NODES = 1_000_000
_ON_PATH = -1


def _check_aliases(path: str, root, mapping_node, sequence_node) -> None:
    """Refuse a YAML document whose aliases refer to a node that contains them, or expand it beyond reason:
    both would make the conversion below run forever or fill the memory. One pass over the composed nodes."""

    def children(node):
        if isinstance(node, mapping_node):
            return [n for pair in node.value for n in pair]
        if isinstance(node, sequence_node):
            return node.value
        return ()

    def where(node):
        return node.start_mark.line + 1, node.start_mark.column + 1

    sizes: dict[int, int] = {}  # id(node) -> nodes it expands to; _ON_PATH while its children are counted
    written = 0
    stack = [(root, False)]
    while stack:
        node, counted = stack.pop()
        if counted:
            size = 1 + sum(sizes[id(child)] for child in children(node))
            sizes[id(node)] = size
            if size > MAX_EXPANDED_NODES and size > 20 * written:
                raise InputError(path, f"YAML aliases expand this node to over {MAX_EXPANDED_NODES:,} nodes "
                                       "(a 'billion laughs' document)", *where(node))
            continue
        if id(node) in sizes:
            continue
        sizes[id(node)] = _ON_PATH
        written += 1
        stack.append((node, True))
        for child in children(node):
            state = sizes.get(id(child))
            if state == _ON_PATH:
                raise InputError(path, "a YAML alias refers to a node that contains it", *where(child))
            if state is None:
                stack.append((child, False))


def _yaml_to_data(path, node, pointer, positions, constructor):
    import yaml

    try:
        return _yaml_node_to_data(node, pointer, positions, constructor, yaml.MappingNode, yaml.SequenceNode,
                                  yaml.ScalarNode)
    except _ValueProblem as exc:
        raise InputError(path, f"invalid YAML: {exc.message}", *exc.where) from None


class _ValueProblem(Exception):
    """A node the safe loader cannot turn into a value: an unknown tag (!!python/object), `!!int notanint`,
    an integer of more digits than Python converts, a merge key (<<) of something that is not a mapping."""

    def __init__(self, node, message: str):
        super().__init__(message)
        self.message = message
        self.where = (node.start_mark.line + 1, node.start_mark.column + 1)


def _construct(constructor, node):
    import yaml

    try:
        return constructor.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        raise _ValueProblem(node, exc.problem or str(exc)) from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise _ValueProblem(node, f"cannot read {_clip(node.value)!r} as {node.tag.rsplit(':', 1)[-1]}") from None


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


_YAML_MERGE = "tag:yaml.org,2002:merge"


def _note_duplicates(node, positions, scalar_node) -> None:
    """Record keys written twice in one mapping (before merge keys are expanded: a key that overrides a merged
    one is how `<<` is meant to be used)."""
    written = [key for key, _ in node.value if isinstance(key, scalar_node) and key.tag != _YAML_MERGE]
    if len({key.value for key in written}) == len(written):
        return
    first: dict = {}
    for key in written:
        if key.value in first:
            positions.duplicates.append(DuplicateKey(key.value, key.start_mark.line + 1, key.start_mark.column + 1,
                                                     first[key.value].start_mark.line + 1))
        first[key.value] = key


def _yaml_node_to_data(node, pointer, positions, constructor, mapping_node, sequence_node, scalar_node):
    positions.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, mapping_node):
        _note_duplicates(node, positions, scalar_node)
        try:
            constructor.flatten_mapping(node)
        except Exception as exc:  # noqa: BLE001 - PyYAML raises ConstructorError for a bad merge key
            raise _ValueProblem(node, getattr(exc, "problem", None) or "a merge key (<<) of something that is "
                                                                       "not a mapping") from None
        out = {}
        for key_node, value_node in node.value:
            if key_node.tag == _YAML_STR and isinstance(key_node, scalar_node):
                key = key_node.value  # what the constructor returns for a string, without its bookkeeping
            else:
                key = _construct(constructor, key_node)
                key = key if isinstance(key, str) else str(key)
            child = ptr.join(pointer, key)
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _yaml_node_to_data(value_node, child, positions, constructor, mapping_node, sequence_node,
                                          scalar_node)
        return out
    if isinstance(node, sequence_node):
        return [
            _yaml_node_to_data(item, ptr.join(pointer, i), positions, constructor, mapping_node, sequence_node,
                               scalar_node)
            for i, item in enumerate(node.value)
        ]
    if node.tag == _YAML_STR and isinstance(node, scalar_node):
        return node.value
    value = _construct(constructor, node)
    # JSON has no dates; keep YAML timestamps as the text the author wrote
    if not isinstance(value, (str, int, float, bool, type(None))):
        value = node.value
    return value
