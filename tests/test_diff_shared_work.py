"""What `diff` does once instead of twice must not change what it reports.

Two OpenAPI versions: the side read second takes copies of the converted parameters of the operations whose inputs
have the same fingerprint (`generate.inputs`); reading it alone must give the same tools and notes. The same file
named twice is read once. Positions in YAML are found by jumping between the lines a block can hold, and texts
are shortened with cheap tests before each pattern: both must give what the straightforward versions gave.
"""
from __future__ import annotations

import copy
import json
import os

import orjson
import pytest

from schemalint.contract.fetch import Source
from schemalint.contract.load import build_contract
from schemalint.contract.parse import YamlLocator, parse_contract
from schemalint.diff.sides import read_side
from schemalint.generate.inputs import InputPrints
from schemalint.generate.text import for_model, shorten

from .helpers import CORPUS

PAIRS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "diff_pairs")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(name: str) -> dict:
    return {"content": {"application/json": {"schema": _ref(name)}}}


def _spec() -> dict:
    item = {"type": "object", "properties": {"id": {"type": "string"}, "tags": _ref("Tags")}}
    return {
        "openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "get": {"operationId": "listPets", "summary": "List pets",
                        "parameters": [{"$ref": "#/components/parameters/Limit"}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}},
                "post": {"operationId": "createPet", "summary": "Create a pet",
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": {"$ref": "#/components/schemas/NewPet"}}}},
                         "responses": {"201": {"description": "made"}}},
            },
            "/owners/{owner}": {
                "put": {"operationId": "replaceOwner", "summary": "Replace an owner",
                        "parameters": [{"name": "owner", "in": "path", "required": True,
                                        "schema": {"type": "string"}}],
                        "requestBody": _body("Owner"),
                        "responses": {"200": {"description": "ok"}}},
            },
            "/loops": {
                "post": {"operationId": "loop", "summary": "Loop",
                         "requestBody": _body("Loop"),
                         "responses": {"200": {"description": "ok"}}},
            },
        },
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "description": "How many.",
                                     "schema": {"type": "integer", "maximum": 100}}},
            "schemas": {
                "Pet": item,
                "NewPet": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "description": "The pet's name."},
                    "kind": {"$ref": "#/components/schemas/Kind"}}},
                "Kind": {"type": "string", "enum": ["cat", "dog"]},
                "Tags": {"type": "array", "items": {"type": "string"}},
                "Owner": {"type": "object", "properties": {"name": {"type": "string"},
                                                           "pets": {"type": "array", "items": _ref("Pet")}}},
                "Loop": {"$ref": "#/components/schemas/Loop"},
            },
        },
    }


def _write(tmp_path, name: str, spec: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(spec, indent=2))
    return str(path)


def _contract(path: str):
    raw = open(path, "rb").read()
    return build_contract(path, Source("file", path), parse_contract(path, raw), "x")


def _shown(side) -> tuple:
    return [orjson.dumps(t.raw) for t in side.tools], side.notes


def _assert_alike(one, other) -> None:
    """The same tools and notes; a failure names the first difference (not two whole catalogs)."""
    (tools, notes), (other_tools, other_notes) = _shown(one), _shown(other)
    assert notes == other_notes
    assert len(tools) == len(other_tools)
    differ = next((i for i, (a, b) in enumerate(zip(tools, other_tools)) if a != b), None)
    assert differ is None, f"tool {differ}: {tools[differ][:300]!r} != {other_tools[differ][:300]!r}"


def _converted(side) -> int:
    return len(side.drafted)


def _prints(path: str) -> dict:
    contract = _contract(path)
    prints = InputPrints(contract)
    return {(op.method, op.path): prints.of(op) for op in contract.operations}


def test_a_change_reached_through_refs_changes_the_fingerprint_of_the_operations_that_reach_it(tmp_path):
    before = _spec()
    after = copy.deepcopy(before)
    after["components"]["schemas"]["Kind"]["enum"].append("bird")  # NewPet -> Kind: createPet only
    after["components"]["schemas"]["Pet"]["description"] = "A pet."  # only the response of listPets; Owner.pets
    old, new = _prints(_write(tmp_path, "old.json", before)), _prints(_write(tmp_path, "new.json", after))
    assert old[("get", "/pets")] == new[("get", "/pets")]  # its inputs reach no schema that changed
    assert old[("post", "/pets")] != new[("post", "/pets")]
    assert old[("put", "/owners/{owner}")] != new[("put", "/owners/{owner}")]
    assert old[("post", "/loops")] == new[("post", "/loops")]


def _graph_spec(edges: dict, changed: str | None = None) -> dict:
    """Schemas S0..Sn whose properties refer to each other as `edges` says (cycles included); operation Ok's
    body is Sk. `changed`: that schema gets one more enum value."""
    schemas = {}
    for name, targets in edges.items():
        props = {f"to_{t}": {"$ref": f"#/components/schemas/{t}"} for t in targets}
        props["kind"] = {"type": "string", "enum": ["a", "b"] + (["c"] if name == changed else [])}
        schemas[name] = {"type": "object", "properties": props}
    paths = {f"/o{i}": {"post": {"operationId": f"o{i}", "requestBody": {"content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{name}"}}}}, "responses": {"200": {"description": "ok"}}}}
        for i, name in enumerate(edges)}
    return {"openapi": "3.0.3", "info": {"title": "g", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


def _reached(edges: dict, start: str) -> set:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges[name])
    return seen


@pytest.mark.parametrize("seed", range(8))
def test_a_fingerprint_changes_exactly_when_the_operation_reaches_the_changed_schema(tmp_path, seed):
    import random

    rng = random.Random(seed)
    names = [f"S{i}" for i in range(12)]
    edges = {n: sorted(rng.sample(names, rng.randint(0, 3))) for n in names}  # cycles and self-references too
    changed = rng.choice(names)
    old = _prints(_write(tmp_path, "old.json", _graph_spec(edges)))
    new = _prints(_write(tmp_path, "new.json", _graph_spec(edges, changed)))
    for i, name in enumerate(names):
        key = ("post", f"/o{i}")
        assert old[key] is not None
        assert (old[key] == new[key]) == (changed not in _reached(edges, name)), (name, changed, edges)


def test_an_operation_with_a_ref_to_another_file_or_a_nan_gets_no_fingerprint(tmp_path):
    spec = _spec()
    spec["components"]["schemas"]["Kind"] = {"$ref": "kinds.json#/Kind"}
    prints = _prints(_write(tmp_path, "spec.json", spec))
    assert prints[("post", "/pets")] is None and prints[("get", "/pets")] is not None
    yaml_text = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n"
                 "      - {name: x, in: query, schema: {type: number, default: .nan}}\n"
                 "      responses: {'200': {description: ok}}\n"
                 "  /b:\n    get:\n      parameters:\n"
                 "      - {name: y, in: query, schema: {type: number, default: null}}\n"
                 "      responses: {'200': {description: ok}}\n")
    path = tmp_path / "nan.yaml"
    path.write_text(yaml_text)
    prints = _prints(str(path))
    assert prints[("get", "/a")] is None and prints[("get", "/b")] is not None


@pytest.mark.parametrize("change", ["enum", "op-summary", "param", "removed", "cycle-kept"])
def test_the_second_side_reads_as_it_reads_alone(tmp_path, change):
    before, after = _spec(), _spec()
    if change == "enum":
        after["components"]["schemas"]["Kind"]["enum"] = ["cat", "dog", "bird"]
    elif change == "op-summary":
        after["paths"]["/pets"]["post"]["summary"] = "Add a pet"  # not an input of the parameters: shared
    elif change == "param":
        after["components"]["parameters"]["Limit"]["schema"]["maximum"] = 50
    elif change == "removed":
        del after["paths"]["/pets"]["get"]
    head = read_side(_write(tmp_path, "head.json", after), [])
    base_path = _write(tmp_path, "base.json", before)
    alone, shared = read_side(base_path, []), read_side(base_path, [], other=head)
    _assert_alike(shared, alone)
    # the operation whose body is a $ref cycle is left out on both sides, with the same note, shared or not
    assert any("(Cut)" in note for note in shared.notes) and any("(Cut)" in note for note in head.notes)
    assert _converted(shared) < _converted(alone)  # some operations were not converted again


def test_the_same_file_named_twice_is_read_once(tmp_path):
    path = _write(tmp_path, "spec.json", _spec())
    first = read_side(path, [])
    second = read_side(path, [], other=first)
    same = len(second.tools) == len(first.tools) and all(a is b for a, b in zip(second.tools, first.tools))
    assert same and second.notes == first.notes and second.notes is not first.notes
    copy_path = _write(tmp_path, "copy.json", _spec())  # the same bytes elsewhere: $refs to files may differ
    third = read_side(copy_path, [], other=first)
    assert third.tools[0] is not first.tools[0]
    _assert_alike(third, first)


@pytest.mark.parametrize("pair", sorted(p for p in os.listdir(PAIRS) if p.startswith(("notion", "openai"))))
def test_real_openapi_pairs_read_alike_shared_or_alone(pair):
    files = sorted(os.listdir(os.path.join(PAIRS, pair)))
    before = os.path.join(PAIRS, pair, next(f for f in files if f.startswith("before.")))
    after = os.path.join(PAIRS, pair, next(f for f in files if f.startswith("after.")))
    head = read_side(after, [])
    _assert_alike(read_side(before, [], other=head), read_side(before, []))


def test_stripe_read_after_itself_with_one_schema_changed_reads_alike(tmp_path):
    spec = os.path.join(CORPUS, "openapi", "stripe-openapi", "spec3.yaml")
    if not os.path.exists(spec):
        pytest.skip(f"{spec} is not in this corpus")
    text = open(spec, encoding="utf-8").read()
    components, paths = text.split("\npaths:\n", 1)  # request bodies are written in the operations
    changed = components + "\npaths:\n" + paths.replace("maxLength: 5000", "maxLength: 4000", 40)
    assert changed != text
    path = tmp_path / "spec3.yaml"
    path.write_text(changed, encoding="utf-8")
    head = read_side(spec, [])
    shared, alone = read_side(str(path), [], other=head), read_side(str(path), [])
    _assert_alike(shared, alone)
    converted, alone_converted = _converted(shared), _converted(alone)
    assert 0 < converted < alone_converted


YAML_DOCS = {
    # a CRLF file's empty line is a line holding "\r": it ends the block, as it always did
    "crlf": ("a:\r\n  b: 1\r\n\r\n  c: 2\r\nd: 3\r\n", {"a": (1, 1), "a/b": (2, 3), "a/c": None, "d": (5, 1)}),
    "comments": ("# head\n---\nkey:\n  # inner\n  x: 1\n\n  y:\n    - 1\n    - z: 2\n      w: 3\nother: 4\n...\n",
                 {"key/x": (5, 3), "key/y/1/w": (10, 7), "other": (11, 1), "missing": None}),
    "sequence-at-key": ("top:\n  list:\n  - a: 1\n    b: 2\n  - c\n  after: 3\n",
                        {"top/list/0/b": (4, 5), "top/list/1": (5, 5), "top/after": (6, 3)}),
    "indented": ("  first: 1\n  second:\n    - deep: 1\n", {"first": (1, 3), "second/0/deep": (3, 7)}),
}


@pytest.mark.parametrize("name", YAML_DOCS)
def test_yaml_positions(name):
    text, expected = YAML_DOCS[name]
    locator = YamlLocator(text)
    for pointer, position in expected.items():
        assert locator.position(pointer.split("/")) == position, pointer


@pytest.mark.parametrize("text, expected", [
    ("The reſponse body is JSON.", ["The result is JSON."]),  # re's case folding goes past ASCII: so does the test
    ("The ENDPOINT returns data. Status code: 404 when missing.", ["The tool returns data."]),
    ("Query parameters filter it. See the docs.", ["Argument filter it."]),
    ("Plain words only, e.g. this. Next one.", ["Plain words only, e.g. this.", "Next one."]),
])
def test_sentences_for_a_model(text, expected):
    assert for_model(text) == expected


def test_shorten_reads_no_further_than_it_keeps_and_cleans_markup():
    text = "<p>**Creates** a [charge](https://x.y/charges).</p> Second &amp; more. Third. Fourth."
    assert shorten(text) == "Creates a charge. Second & more."
    assert shorten(None) == "" and shorten(12) == ""
