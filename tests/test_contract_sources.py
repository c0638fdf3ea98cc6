"""Where contracts come from (file, git REF:PATH, http with auth), how they parse, resolve and validate."""
from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

from schemalint.contract import Auth, load_contract
from schemalint.contract.parse import parse_contract
from schemalint.sources import InputError
from tests.helpers import ROOT, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "drift")


def _tool(name, props, required=(), **extra):
    tool = {"name": name, "description": f"{name} tool.",
            "input_schema": {"type": "object", "properties": props, "required": list(required)}}
    tool.update(extra)
    return tool


def _cli_json(*args, cwd=None, env=None):
    done = run_cli(*args, "--format", "json", cwd=cwd, env=env)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_yaml_contract_with_file_refs_and_a_cycle_is_compared(tmp_path):
    contract = os.path.join(FIXTURES, "pets.yaml")
    loaded = load_contract(contract, ["."])
    assert loaded.version == "3.0"
    assert {op.operation_id for op in loaded.operations} == {"listPets", "createPet"}
    good = _tool("createPet", {"name": {"type": "string", "maxLength": 64},
                               "tag": {"type": "string", "enum": ["dog", "cat"]},
                               "parent": {"type": "object", "properties": {"name": {"type": "string"}}}},
                 required=["name"])
    bad = _tool("listPets", {"limit": {"type": "integer", "maximum": 500}, "kind": {"type": "string"}})
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"tools": [good, bad]}, indent=2))
    report = _cli_json(str(catalog), "--contract", contract, "--select", "drift")
    by_tool = {}
    for f in report["findings"]:
        by_tool.setdefault(f["tool"], []).append(f)
    assert not [f for f in by_tool.get("createPet", []) if f["severity"] != "info"]
    rules = {(f["rule"], f["param"]) for f in by_tool["listPets"]}
    assert ("constraint-looser-than-contract", "limit") in rules
    # the limit schema lives in a second file, reached through a relative $ref
    limit = next(f for f in by_tool["listPets"] if f["param"] == "limit")
    assert "common.yaml:" in limit["message"]
    assert ("param-not-in-contract", "kind") in rules


def test_git_ref_contract_reads_each_commit(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                       env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com"))

    def contract(enum):
        return json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/orders": {"get": {
            "operationId": "list_orders", "parameters": [
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": enum}}],
            "responses": {"200": {"description": "ok"}}}}}}, indent=2)

    git("init", "-q", "-b", "main")
    (repo / "api").mkdir()
    (repo / "api" / "openapi.json").write_text(contract(["open", "closed", "archived"]))
    git("add", ".")
    git("commit", "-q", "-m", "first")
    (repo / "api" / "openapi.json").write_text(contract(["open", "closed"]))
    git("commit", "-q", "-am", "second")
    tools = repo / "tools.json"
    tools.write_text(json.dumps(_tool("list_orders", {"status": {"type": "string",
                                                                  "enum": ["open", "closed", "archived"]}})))
    old = _cli_json("tools.json", "--contract", "HEAD~1:api/openapi.json", "--select", "drift", cwd=repo)
    assert old["findings"] == []
    new = _cli_json("tools.json", "--contract", "HEAD:api/openapi.json", "--select", "drift", cwd=repo)
    hits = [f for f in new["findings"] if f["rule"] == "enum-drift"]
    assert hits and '"archived"' in hits[0]["message"] and "HEAD:api/openapi.json:" in hits[0]["message"]
    done = run_cli("tools.json", "--contract", "nosuchref:api/openapi.json", cwd=repo)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "nosuchref:api/openapi.json" in done.stderr


def test_swagger_2_contract_works_like_3(tmp_path):
    contract = os.path.join(FIXTURES, "petstore-swagger2.json")
    loaded = load_contract(contract, ["."])
    assert loaded.version == "2.0"
    good = [
        _tool("findPetsByStatus", {"status": {"type": "array", "items": {"type": "string",
                                                                          "enum": ["available", "pending", "sold"]}}},
              required=["status"]),
        _tool("addPet", {"name": {"type": "string"}, "photoUrls": {"type": "array", "items": {"type": "string"}},
                         "status": {"type": "string", "enum": ["available", "pending", "sold"]}},
              required=["name", "photoUrls"]),
        _tool("getPetById", {"petId": {"type": "integer", "format": "int64"}}, required=["petId"]),
    ]
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps({"tools": good}, indent=2))
    report = _cli_json(str(catalog), "--contract", contract, "--select", "drift")
    assert [f for f in report["findings"] if f["severity"] != "info"] == []
    bad = [
        _tool("findPetsByStatus", {"status": {"type": "array", "items": {"type": "string",
                                                                          "enum": ["available", "lost"]}}}),
        _tool("addPet", {"name": {"type": "integer"}}, required=["name"]),
        _tool("getPetById", {"pet_id": {"type": "integer"}}, required=["pet_id"]),
    ]
    catalog.write_text(json.dumps({"tools": bad}, indent=2))
    report = _cli_json(str(catalog), "--contract", contract, "--select", "drift")
    got = {(f["rule"], f["tool"], f["param"]) for f in report["findings"]}
    assert ("enum-drift", "findPetsByStatus", "status[]") in got
    assert ("required-param-missing", "findPetsByStatus", "status") in got
    assert ("param-type-drift", "addPet", "name") in got
    assert ("required-param-missing", "addPet", None) in got  # photoUrls
    renamed = [f for f in report["findings"] if f["rule"] == "param-not-in-contract" and f["tool"] == "getPetById"]
    assert renamed and "'petId'" in renamed[0]["message"]


def test_invalid_contract_is_reported_on_the_contract_file_with_a_position(tmp_path):
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/u/{id}": {"get": {
        "operationId": "get_u", "parameters": [{"name": "q", "in": "querry"}],
        "responses": {"200": {"description": "ok"}}}}}}
    contract = tmp_path / "api.json"
    contract.write_text(json.dumps(spec, indent=2))
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps(_tool("get_u", {"id": {"type": "string"}}, required=["id"])))
    env = dict(os.environ, SCHEMALINT_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # the second run reads the validation from the cache
        report = _cli_json(str(catalog), "--contract", str(contract), "--select", "contract-invalid", env=env)
        invalid = report["findings"]
        assert invalid and all(f["file"].endswith("api.json") for f in invalid)
        # one finding per contract, at its first problem (the undeclared path parameter), counting the other
        assert [(f["line"], f["pointer"], f["tool"]) for f in invalid] == [(9, "/paths/~1u~1{id}/get", "get_u")]
        assert "(and 1 more there)" in invalid[0]["message"]
    assert os.listdir(tmp_path / "cache" / "validation")


def test_bad_contracts_are_one_line_input_errors(tmp_path):
    catalog = tmp_path / "tools.json"
    catalog.write_text(json.dumps(_tool("t", {})))
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.0\npaths:\n  /a: [1, 2\n")
    not_openapi = tmp_path / "other.json"
    not_openapi.write_text('{"hello": 1}')
    for spec, expected in ((str(broken), "broken.yaml:"), (str(not_openapi), "not an OpenAPI document"),
                           (str(tmp_path / "missing.yaml"), "contract not found")):
        done = run_cli(str(catalog), "--contract", spec)
        assert done.returncode == 2, done.stdout
        assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr
        assert "Traceback" not in done.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    seen: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _Handler.seen.append(self.headers.get("X-Api-Key"))
        if self.headers.get("X-Api-Key") != "Token s3cret-value":
            self.send_response(401)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(_Handler.body)

    def log_message(self, *args):
        pass


def test_auth_header_comes_from_the_environment_and_is_never_printed(tmp_path):
    _Handler.body = json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/x": {"get": {"operationId": "get_x", "responses": {"200": {"description": "ok"}}}}}}).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/openapi.json"
        (tmp_path / "schemalint.toml").write_text(
            '[contract-auth]\nheader = "X-Api-Key"\nenv = "SL_TEST_TOKEN"\nscheme = "Token"\n')
        (tmp_path / "tools.json").write_text(json.dumps(_tool("get_x", {"extra": {"type": "string"}})))
        env = dict(os.environ, SL_TEST_TOKEN="s3cret-value")
        report = _cli_json("tools.json", "--contract", url, "--select", "drift", cwd=tmp_path, env=env)
        assert [f["rule"] for f in report["findings"]] == ["param-not-in-contract"]
        assert "s3cret" not in json.dumps(report)
        env["SL_TEST_TOKEN"] = "wrong"
        done = run_cli("tools.json", "--contract", url, cwd=tmp_path, env=env)
        assert done.returncode == 2 and "HTTP 401" in done.stderr and "wrong" not in done.stderr
        del env["SL_TEST_TOKEN"]
        done = run_cli("tools.json", "--contract", url, cwd=tmp_path, env=env)
        assert done.returncode == 2 and "SL_TEST_TOKEN is not set" in done.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_remote_refs_are_not_fetched_unless_asked(tmp_path):
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {
        "operationId": "get_x", "parameters": [{"name": "q", "in": "query",
                                                "schema": {"$ref": "http://127.0.0.1:9/schemas.json#/Q"}}],
        "responses": {"200": {"description": "ok"}}}}}}
    contract = tmp_path / "api.json"
    contract.write_text(json.dumps(spec, indent=2))
    (tmp_path / "tools.json").write_text(json.dumps(_tool("get_x", {"q": {"type": "string"}})))
    report = _cli_json(str(tmp_path / "tools.json"), "--contract", str(contract), "--select",
                       "contract-unresolved-ref")
    hits = report["findings"]
    ref_line = contract.read_text().split("\n").index('              "$ref": "http://127.0.0.1:9/schemas.json#/Q"') + 1
    assert len(hits) == 1 and "not fetched" in hits[0]["message"] and hits[0]["line"] == ref_line


def test_yaml_positions_are_found_lazily_and_match_the_text():
    text = ("openapi: 3.0.0\npaths:\n  '/a/{id}':\n    get:\n      parameters:\n      - name: id\n        in: path\n"
            "        schema: {type: string}\n      - in: query\n        name: q\n")
    doc = parse_contract("x.yaml", text.encode())
    assert doc.locate("/paths/~1a~1{id}/get/parameters/1/name") == (10, 9)
    assert doc.locate("/paths/~1a~1{id}/get/parameters/0") == (6, 9)
    # inside a flow mapping: falls back to the nearest ancestor found
    assert doc.locate("/paths/~1a~1{id}/get/parameters/0/schema/type") == (8, 9)
    with pytest.raises(InputError):
        parse_contract("bad.yaml", b"a: [1, 2\nb: 3\n")


def test_auth_settings_are_checked():
    with pytest.raises(InputError):
        Auth.from_settings({"header": "X"})
    with pytest.raises(InputError):
        Auth.from_settings({"header": "X", "env": "Y", "colour": 1})
    assert Auth.from_settings({"header": "X", "env": "Y", "hosts": "api.example.com"}).hosts == ["api.example.com"]


def test_contract_machinery_is_not_imported_without_a_contract(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps(_tool("t", {"a": {"type": "string"}})))
    code = ("import sys; from schemalint.cli import main; main([sys.argv[1]]); "
            "print('LOADED' if 'schemalint.contract' in sys.modules else 'LAZY')")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "tools.json")], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.stdout.strip().endswith("LAZY"), done.stdout + done.stderr


def test_unquoted_response_codes_in_yaml_are_read_as_strings(tmp_path):
    """`200:` loads as an integer key in YAML; OpenAPI keys are strings, and validation must not stop on it."""
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users:\n    get:\n      operationId: listUsers\n"
        "      responses:\n        200:\n          description: ok\n")
    (tmp_path / "tools.json").write_text(json.dumps({"tools": [{"name": "listUsers", "description": "List users.",
                                                                "inputSchema": {"type": "object", "properties": {}}}]}))
    result = run_cli("check", "tools.json", "--contract", "api.yaml", "--select", "drift", "--format", "json",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"] == []
