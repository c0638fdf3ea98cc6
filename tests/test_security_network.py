"""A scanned file never makes schemalint connect anywhere, and a contract-auth token is never printed nor sent
where the user did not send it (issue 22, items 2, 3 and 8). A real HTTP listener on 127.0.0.1 records every
connection; each "no connection" test has a twin that opts in and sees one, so that it can fail."""
from __future__ import annotations

import json
import socket

import pytest

from tests.test_security_helpers import CONTRACT, SECRET, InProcess, Listener, assert_clean_exit, catalog, serve, write

FORMATS = ["text", "json", "sarif"]


@pytest.fixture
def cli(monkeypatch, capsys):
    return InProcess(monkeypatch, capsys)


@pytest.fixture
def listener():
    with Listener({"/c.yaml": serve(CONTRACT), "/s.yaml": serve("type: string\nenum: [x, y]\n")}) as server:
        yield server


def _config(folder, **auth) -> None:
    lines = ["[tool.schemalint.contract-auth]"] + [f"{key.replace('_', '-')} = {json.dumps(value)}"
                                                    for key, value in auth.items()]
    write(folder / "pyproject.toml", "\n".join(lines) + "\n")


def _findings(done) -> list:
    assert_clean_exit(done)
    return json.loads(done.stdout)["findings"]


# --- item 2: a URL inside a catalog is not fetched -------------------------------------------------------

def _inline_urls(server) -> list:
    port = server.port
    return [server.url("/c.yaml"), f"https://127.0.0.1:{port}/c.yaml", f"HTTP://127.0.0.1:{port}/c.yaml",
            f"http://user:{SECRET}@127.0.0.1:{port}/c.yaml", f"//127.0.0.1:{port}/c.yaml",
            f"http://127.0.0.1:{port}/c.yaml#/paths", f" http://127.0.0.1:{port}/c.yaml"]


def test_a_url_inside_a_catalog_makes_no_connection(cli, tmp_path, listener):
    for number, url in enumerate(_inline_urls(listener)):
        write(tmp_path / f"catalog{number}.json", json.dumps(catalog({"x-schemalint-contract": url})))
    done = cli("check", ".", "--format", "json", cwd=tmp_path)
    findings = _findings(done)
    assert listener.connections == []
    refused = [f for f in findings if f["rule"] == "contract-unresolved-ref"]
    assert sorted(f["file"] for f in refused) == sorted(f"catalog{n}.json" for n in range(7)), findings
    assert all("x-schemalint-contract not read" in f["message"] for f in refused)
    assert "inline-hosts" in refused[0]["message"]  # the first names the setting that would allow it
    assert SECRET not in done.stdout + done.stderr


def test_a_url_inside_a_catalog_is_fetched_only_from_a_host_the_configuration_lists(cli, tmp_path, listener):
    write(tmp_path / "catalog.json", json.dumps(catalog({"x-schemalint-contract": listener.url("/c.yaml")})))
    _config(tmp_path, inline_hosts=["api.example.invalid"])
    assert "enum-drift" not in {f["rule"] for f in _findings(cli("check", "catalog.json", "--format", "json",
                                                                  cwd=tmp_path))}
    assert listener.connections == []
    _config(tmp_path, inline_hosts=["127.0.0.1"])
    assert "enum-drift" in {f["rule"] for f in _findings(cli("check", "catalog.json", "--format", "json",
                                                              cwd=tmp_path))}
    assert [path for path, _ in listener.requests] == ["/c.yaml"]


def test_a_listed_host_cannot_redirect_a_catalog_url_to_another_host(cli, tmp_path, listener):
    with Listener({"/c.yaml": serve(CONTRACT)}) as elsewhere:
        listener.routes["/moved.yaml"] = (302, "Found", {"Location": f"http://localhost:{elsewhere.port}/c.yaml"},
                                          b"")
        write(tmp_path / "catalog.json", json.dumps(catalog({"x-schemalint-contract": listener.url("/moved.yaml")})))
        _config(tmp_path, inline_hosts=["127.0.0.1"])
        findings = _findings(cli("check", "catalog.json", "--format", "json", cwd=tmp_path))
        assert elsewhere.connections == []
    assert [path for path, _ in listener.requests] == ["/moved.yaml"]
    assert any("redirects to localhost" in f["message"] for f in findings), findings


# --- item 3: remote $refs in a contract are not fetched without remote-refs = true ------------------------

def _contract_with_remote_refs(url: str, version: str = "3.1.0") -> str:
    return f"""\
openapi: {version}
info: {{title: items, version: "1"}}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: kind
          in: query
          schema: {{$ref: "{url}"}}
        - name: filter
          in: query
          schema:
            type: object
            default: {{a: x}}
            patternProperties: {{"^a$": {{$ref: "{url}?pattern"}}}}
      responses:
        "200": {{description: ok}}
components:
  schemas:
    Remote: {{$ref: "{url}?component"}}
"""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_remote_refs_in_a_contract_given_with_contract_are_not_fetched(cli, tmp_path, listener, version):
    url = listener.url("/s.yaml")
    write(tmp_path / "openapi.yaml", _contract_with_remote_refs(url, version))
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    done = cli("check", "catalog.json", "--contract", "openapi.yaml", "--format", "json", cwd=tmp_path)
    findings = _findings(done)
    assert listener.connections == []
    refused = [f for f in findings if f["rule"] == "contract-unresolved-ref" and url in f["message"]]
    assert refused and "remote-refs" in refused[0]["message"], findings


def test_refs_under_a_default_are_not_fetched_when_the_default_is_checked(cli, tmp_path, listener):
    """The validator checks a schema's `default` with jsonschema, which resolves `$ref`s the structural walk never
    visits (`patternProperties`, `dependentSchemas`, `propertyNames`): those too go through the guard."""
    url = listener.url("/s.yaml")
    contract = _contract_with_remote_refs(url).replace(f'schema: {{$ref: "{url}"}}', "schema: {type: string}")
    contract = contract.replace(f'    Remote: {{$ref: "{url}?component"}}\n', "    Plain: {type: string}\n")
    contract = contract.replace("patternProperties:", f'propertyNames: {{$ref: "{url}?names"}}\n'
                                                      f'            dependentSchemas: {{a: {{$ref: "{url}?dep"}}}}\n'
                                                      f"            patternProperties:")
    assert contract.count(url) == 3
    write(tmp_path / "openapi.yaml", contract)
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    done = cli("check", "catalog.json", "--contract", "openapi.yaml", "--format", "json", cwd=tmp_path)
    findings = _findings(done)
    assert listener.connections == []
    assert any(f["rule"] == "contract-invalid" and url in f["message"] and "not fetched" in f["message"]
               for f in findings), findings


def test_remote_refs_in_a_contract_given_to_generate_are_not_fetched(cli, tmp_path, listener):
    url = listener.url("/s.yaml")
    write(tmp_path / "openapi.yaml", _contract_with_remote_refs(url))
    done = cli("generate", "--from", "openapi.yaml", cwd=tmp_path)
    assert_clean_exit(done)
    assert listener.connections == []
    assert f"$ref '{url}' not fetched" in done.stderr, done.stderr


def test_remote_refs_in_an_inline_contract_are_not_fetched(cli, tmp_path, listener):
    url = listener.url("/s.yaml")
    import yaml

    inline = yaml.safe_load(_contract_with_remote_refs(url))
    write(tmp_path / "catalog.json", json.dumps(catalog({"x-schemalint-contract": inline})))
    findings = _findings(cli("check", "catalog.json", "--format", "json", cwd=tmp_path))
    assert listener.connections == []
    assert any(url in f["message"] and "not fetched" in f["message"] for f in findings), findings


@pytest.mark.parametrize("remote_refs", [False, True])
def test_a_password_in_a_remote_ref_is_never_printed_nor_looked_up(cli, tmp_path, listener, remote_refs):
    url = listener.url("/s.yaml")
    write(tmp_path / "openapi.yaml", _contract_with_remote_refs(url.replace("http://", f"http://user:{SECRET}@")))
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    _config(tmp_path, remote_refs=remote_refs)
    done = cli("check", "catalog.json", "--contract", "openapi.yaml", "--format", "json", cwd=tmp_path)
    findings = _findings(done)
    assert listener.connections == []
    assert SECRET not in done.stdout + done.stderr
    assert any(f["rule"] == "contract-unresolved-ref" and url in f["message"] for f in findings), findings


def test_remote_refs_are_fetched_when_the_configuration_allows_them(cli, tmp_path, listener):
    url = listener.url("/s.yaml")
    write(tmp_path / "openapi.yaml", _contract_with_remote_refs(url))
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    _config(tmp_path, remote_refs=True)
    findings = _findings(cli("check", "catalog.json", "--contract", "openapi.yaml", "--format", "json",
                             cwd=tmp_path))
    assert "/s.yaml" in [path for path, _ in listener.requests]
    assert "enum-drift" in {f["rule"] for f in findings}, findings  # the enum came from the remote document


# --- item 8: the token is never printed, and never sent where the user did not send it --------------------

def _auth(folder, **more) -> dict:
    _config(folder, header="Authorization", env="SCHEMALINT_TEST_TOKEN", scheme="Bearer", **more)
    return {"SCHEMALINT_TEST_TOKEN": SECRET}


def _echo_token(handler):
    """A server that puts the token it was sent into its status line and body."""
    sent = handler.headers.get("Authorization", "")
    return 401, f"Unauthorized {sent}", {"WWW-Authenticate": f"Bearer realm={sent!r}"}, f"denied: {sent}".encode()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_token_reaches_the_server_it_is_meant_for(cli, tmp_path, listener):
    env = _auth(tmp_path, hosts=["127.0.0.1"])
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    done = cli("check", "catalog.json", "--contract", listener.url("/c.yaml"), cwd=tmp_path, env=env)
    assert_clean_exit(done)
    assert listener.requests[0][1].get("Authorization") == f"Bearer {SECRET}"
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.parametrize("case", ["401 echoing the token", "connection refused", "token ending in a newline",
                                  "token holding a newline"])
def test_the_token_is_never_printed(cli, tmp_path, listener, case):
    env = _auth(tmp_path, hosts=["127.0.0.1"], inline_hosts=["127.0.0.1"])
    listener.routes["/c.yaml"] = _echo_token
    url = listener.url("/c.yaml")
    if case == "connection refused":
        url = f"http://127.0.0.1:{_closed_port()}/c.yaml"
    elif case == "token ending in a newline":
        env["SCHEMALINT_TEST_TOKEN"] = SECRET + "\n"
    elif case == "token holding a newline":
        env["SCHEMALINT_TEST_TOKEN"] = SECRET + "\nX-Injected: 1"
    write(tmp_path / "catalog.json", json.dumps(catalog()))
    write(tmp_path / "inline.json", json.dumps(catalog({"x-schemalint-contract": url})))
    named = cli("check", "catalog.json", "--contract", url, cwd=tmp_path, env=env)
    assert named.returncode == 2 and "schemalint: error: " in named.stderr, named.stderr  # the --contract failed
    assert_clean_exit(named)
    assert SECRET not in named.stdout + named.stderr
    for fmt in FORMATS:
        inline = cli("check", "inline.json", "--format", fmt, cwd=tmp_path, env=env)
        assert_clean_exit(inline)
        assert "contract-unresolved-ref" in inline.stdout, inline.stdout  # the inline one is a finding
        assert SECRET not in inline.stdout + inline.stderr
    if case == "token holding a newline":  # refused before connecting: a header cannot carry it
        assert listener.connections == [] and "line break" in named.stderr, named.stderr
    elif case != "connection refused":
        assert listener.requests, "the server was asked"


def test_a_redirect_is_followed_only_to_an_http_url(cli, tmp_path, listener):
    with Listener() as elsewhere:
        listener.routes["/ftp.yaml"] = (302, "Found", {"Location": f"ftp://127.0.0.1:{elsewhere.port}/c.yaml"}, b"")
        write(tmp_path / "catalog.json", json.dumps(catalog()))
        done = cli("check", "catalog.json", "--contract", listener.url("/ftp.yaml"), cwd=tmp_path)
        assert elsewhere.connections == []
    assert done.returncode == 2 and "not an http(s) URL" in done.stderr, done.stderr


def test_a_redirect_to_another_host_does_not_carry_the_token(cli, tmp_path, listener):
    with Listener({"/c.yaml": serve(CONTRACT)}) as elsewhere:
        listener.routes["/moved.yaml"] = (302, "Found", {"Location": f"http://localhost:{elsewhere.port}/c.yaml"},
                                          b"")
        write(tmp_path / "catalog.json", json.dumps(catalog()))
        for hosts in ([], ["127.0.0.1"]):
            env = _auth(tmp_path, hosts=hosts)
            done = cli("check", "catalog.json", "--contract", listener.url("/moved.yaml"), cwd=tmp_path, env=env)
            assert_clean_exit(done)
        assert [path for path, _ in elsewhere.requests] == ["/c.yaml", "/c.yaml"]  # the redirect is followed
        assert all("Authorization" not in headers for _, headers in elsewhere.requests)
    assert all(headers.get("Authorization") == f"Bearer {SECRET}" for _, headers in listener.requests)


def test_a_remote_ref_to_another_host_does_not_carry_the_token(cli, tmp_path, listener):
    with Listener({"/s.yaml": serve("type: string\nenum: [x, y]\n")}) as elsewhere:
        listener.routes["/c.yaml"] = serve(_contract_with_remote_refs(f"http://localhost:{elsewhere.port}/s.yaml"))
        env = _auth(tmp_path, remote_refs=True)
        write(tmp_path / "catalog.json", json.dumps(catalog()))
        done = cli("check", "catalog.json", "--contract", listener.url("/c.yaml"), cwd=tmp_path, env=env)
        assert_clean_exit(done)
        assert elsewhere.requests, "the remote $ref was followed"
        assert all("Authorization" not in headers for _, headers in elsewhere.requests)
    assert listener.requests[0][1].get("Authorization") == f"Bearer {SECRET}"
