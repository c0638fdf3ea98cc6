"""Inputs for the hostile-input fuzzing (tests/test_fuzz_hostile.py, and the longer run benchmarks/fuzz_hostile.py):
real tools from the corpus (or the committed fixtures when it is absent), mutated with values and shapes that
broke runs before (issue 19), written as JSON, JSONL or YAML, sometimes damaged as text; hostile documents built
whole; and a runner that calls the command line in-process with a 10 s bound on each command."""
from __future__ import annotations

import contextlib
import copy
import glob
import io
import json
import os
import random
import signal

import yaml

from tests.helpers import CORPUS, ROOT

HANG_SECONDS = 10

# values put where a schema node was: each has crashed or hung a run, or been read wrongly
HOSTILE_VALUES = [
    1e300, -1e300, 1e-300, 0, -0.0, 2 ** 64, -(2 ** 63) - 1, True, None, "", [], {}, "\u202eevil\u202c",
    "\x00\x1b[31mred\x07", "a" * 20_000, "😀" * 500, ["string", "null"], ["object", "array"], {"type": "object"},
    {"$ref": "#"}, {"$ref": "#/$defs/missing"}, {"$ref": "https://127.0.0.1:9/remote.json"},
    {"type": "string", "pattern": "^(a+)+$", "default": "a" * 40 + "!"},
    {"type": "string", "pattern": "^(a{1,1000}){1,1000}$", "examples": ["a" * 40 + "!"]},
    {"type": "number", "multipleOf": 1e-10, "default": 1e300},
    {"type": ["integer", "string"], "format": ["date", "uuid"], "enum": [1, "1", 1.0, True]},
    {"type": "object", "properties": {"": {}, " ": {"type": "string"}}, "required": ["", "nope", 3]},
    {"anyOf": [{"anyOf": [{"anyOf": [{"type": "string"}]}]}], "allOf": [{"$ref": "#"}]},
    {"type": "integer", "minimum": 10, "maximum": 1, "default": 5, "examples": "not a list"},
    {"type": "string", "minLength": -1, "maxLength": 10 ** 30, "enum": []},
    {"x-vendor": {"x-deeper": [1, 2, 3]}, "description": 42},
]
_NESTED = {"type": "object", "properties": {}}
for _ in range(200):
    _NESTED = {"type": "object", "properties": {"n": _NESTED}}
HOSTILE_VALUES.append(_NESTED)


def hostile_documents() -> list[tuple[str, bytes]]:
    """Whole files (name, bytes) that broke runs or would: the issue's list and more."""
    tool = '{"name": "t", "description": "Find the users of one tenant by name.", "inputSchema": %s}'
    digits = "9" * 5001
    deep = "[" * 5000 + "]" * 5000
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    many = json.dumps({"name": "wide", "description": "A tool with many parameters.", "inputSchema": {
        "type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(3000)},
        "required": [f"p{i}" for i in range(0, 3000, 7)]}})
    return [
        ("redos.json", (tool % '{"type": "object", "properties": {"q": {"type": "string", "pattern": "^(a+)+$", '
                               '"default": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}}}').encode()),
        ("multiple_of.json", (tool % '{"type": "object", "properties": {"x": {"type": "number", '
                                     '"multipleOf": 1e-10, "default": 1e300}}}').encode()),
        ("digits.json", (tool % ('{"type": "object", "properties": {"x": {"type": "integer", "default": %s}}}'
                                 % digits)).encode()),
        ("duplicate_tools.json", b'{"tools": [' + (tool % '{"type": "object"}').encode() + b'],\n "tools": []}'),
        ("duplicate_props.json", (tool % '{"type": "object", "required": ["b"], "properties": {"a": {}, "c": {}, '
                                         '"d": {}, "a": {"type": "string"}, "b": {"type": "string"}}}').encode()),
        ("deep.json", deep.encode()),
        ("laughs.yaml", laughs.encode()),
        ("python_tag.yaml", b"name: t\ninputSchema: !!python/name:os.system\n"),
        ("long_tag.yaml", b"name: t\ninputSchema: !" + b"x" * 5000 + b" 1\n"),
        ("utf16.json", (tool % "{}").encode("utf-16")),
        ("nul.json", b'{"name": "t\x00", "inputSchema": {}}'),
        ("invalid_utf8.json", b'{"name": "caf\xe9", "inputSchema": {}}'),
        ("empty.json", b""), ("blank.yaml", b"  \n\n"), ("null.json", b"null"), ("list.json", b"[]"),
        ("bom.json", b"\xef\xbb\xbf" + (tool % "{}").encode()),
        ("bidi.json", (tool % '{"type": "object", "properties": {"q\u202eevil": {"type": "string"}}}').encode()),
        ("wide.json", many.encode()),
        ("minified_many.json", json.dumps([{"name": f"t{i}", "description": "Do a thing.", "inputSchema": {
            "type": "object"}} for i in range(2000)], separators=(",", ":")).encode()),
        ("no_schema.json", b'{"tools": [{"name": "t", "description": "Find users.", "annotations": {}}]}'),
        ("list_type.yaml", b"name: t\ndescription: Find users.\ninputSchema:\n  type: [object]\n  properties:\n"
                           b"    q: {type: [string, null], format: [date]}\n"),
        ("trailing_comma.json", (tool % '{"type": "object",}').encode()),
        ("jsonl_mixed.jsonl", (tool % "{}").encode() + b"\n{oops\n"),
        ("openapi.yaml", b"openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n"),
    ]


def real_tools(limit: int = 200) -> list[dict]:
    """Tool definitions from the corpus (MCP, OpenAI, Anthropic shapes), else from the committed fixtures."""
    patterns = [os.path.join(CORPUS, "mcp", "github-mcp-server", "**", "*.json"),
                os.path.join(CORPUS, "mcp", "livemcpbench", "*.json"),
                os.path.join(CORPUS, "openai-format", "functionary-tests", "**", "*.json")]
    if not os.path.isdir(CORPUS):
        patterns = [os.path.join(ROOT, "tests", "fixtures", "validity", "*.json"),
                    os.path.join(ROOT, "tests", "fixtures", "parameters", "*.json"),
                    os.path.join(ROOT, "examples", "*.json")]
    from schemalint.loaders import load_paths

    files = sorted(f for p in patterns for f in glob.glob(p, recursive=True))
    tools: list[dict] = []
    for path in files:
        catalog = load_paths([path])
        for tool in catalog.tools:
            if tool.document.kind != "python" and tool.raw and tool.editable:
                tools.append(json.loads(json.dumps(tool.raw, default=str)))
        if len(tools) >= limit:
            break
    return tools[:limit]


def _nodes(data, path=()):
    """Every (path, node) of a JSON tree."""
    stack = [(path, data)]
    while stack:
        p, node = stack.pop()
        yield p, node
        if isinstance(node, dict):
            stack.extend((p + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((p + (i,), v) for i, v in enumerate(node))


def mutate(tool: dict, rng: random.Random, rounds: int = 3) -> dict:
    """The tool with a few nodes replaced by hostile values, keys dropped, renamed or added."""
    data = copy.deepcopy(tool)
    for _ in range(rng.randint(1, rounds)):
        nodes = [(p, n) for p, n in _nodes(data) if p]
        if not nodes:
            break
        path, _ = rng.choice(nodes)
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        op = rng.random()
        if op < 0.6:
            parent[last] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
        elif op < 0.75 and isinstance(parent, dict):
            del parent[last]
        elif op < 0.9 and isinstance(parent, dict):
            parent[f"x-fuzz-{rng.randint(0, 99)}"] = parent.pop(last)
        elif isinstance(parent, dict):
            parent[rng.choice(["type", "properties", "required", "$ref", "enum", "default", "items"])] = \
                copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return data


def render(tools: list[dict], rng: random.Random) -> tuple[str, bytes]:
    """A file holding the tools, in one of the formats and shapes schemalint reads, sometimes damaged as text."""
    shape = rng.choice(["mcp", "list", "single", "jsonl", "yaml"])
    if shape == "yaml":
        try:
            raw = yaml.safe_dump({"tools": tools}, allow_unicode=True, sort_keys=False).encode()
        except RecursionError:  # PyYAML's writer recurses per level: the deep value goes out as JSON
            shape = "mcp"
    if shape == "yaml":
        name = "tools.yaml"
    elif shape == "jsonl":
        name, raw = "tools.jsonl", b"\n".join(json.dumps(t).encode() for t in tools) + b"\n"
    else:
        data = {"tools": tools} if shape == "mcp" else tools if shape == "list" else tools[0]
        raw = json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5).encode()
        name = "tools.json"
    damage = rng.random()
    if damage < 0.1 and len(raw) > 2:
        raw = raw[: rng.randint(1, len(raw) - 1)]  # cut short
    elif damage < 0.15:
        at = rng.randint(0, len(raw))
        raw = raw[:at] + rng.choice([b"\x00", b"\xff", b",", b"}", b"\t", b"\r\n", b"&a *a"]) + raw[at:]
    return name, raw


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def run(*argv: str) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout, stderr. Raises Hang past HANG_SECONDS."""
    from schemalint import cli

    import sys

    out, err = io.StringIO(), io.StringIO()
    limit = sys.getrecursionlimit()  # main() raises it for the run: later tests keep the default
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(argv))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.setrecursionlimit(limit)
    return code, out.getvalue(), err.getvalue()


def problems_of_run(code: int, err: str, path: str) -> list[str]:
    """What is wrong with how a command ended: a crash, or an error that is not one line naming the file."""
    found = []
    if code not in (0, 1, 2) or "Traceback" in err or "internal error" in err:
        found.append(f"exit {code}: {err.strip()[-500:]}")
    if code == 2:
        lines = err.strip().splitlines()
        if not lines or not lines[-1].startswith("schemalint: error: "):
            found.append(f"exit 2 without a one-line error: {err.strip()[-300:]}")
    return found


def shape_of(path: str) -> tuple | None:
    """What fix --write must keep: tool names, each tool's property paths, and every unknown (x-) key; None when
    the file does not load."""
    from schemalint.loaders import load_paths

    catalog = load_paths([path])
    if catalog.unreadable:
        return None
    names = sorted(str(t.name) for t in catalog.tools)
    props, unknown = set(), set()
    for t in catalog.tools:
        for p, node in _nodes(t.raw):
            if len(p) >= 2 and p[-2] == "properties" and isinstance(node, dict):
                props.add((str(t.name),) + tuple(str(k) for k in p if k != "properties"))
            if p and isinstance(p[-1], str) and p[-1].startswith("x-") and p[-1] != "x-schemalint-ignore":
                unknown.add((str(t.name),) + tuple(map(str, p)))
    return names, props, unknown


OPENAPI = {"openapi": "3.0.0", "info": {"title": "Users", "version": "1"}, "paths": {"/users/{user_id}": {"get": {
    "operationId": "getUser", "summary": "Get one user by id.", "parameters": [
        {"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "fields", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
    "responses": {"200": {"description": "The user."}}}}}}


def hostile_openapi(rng: random.Random) -> dict:
    """A small OpenAPI document with hostile values where its schemas and parameters are."""
    spec = copy.deepcopy(OPENAPI)
    op = spec["paths"]["/users/{user_id}"]["get"]
    for _ in range(rng.randint(1, 3)):
        targets = [node for _, node in _nodes(op) if isinstance(node, dict)]
        target = rng.choice(targets)
        key = rng.choice(list(target) + ["schema", "requestBody", "x-extra"])
        target[key] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return spec
