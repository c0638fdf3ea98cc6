"""Hostile contracts and trees: local `$ref`s stay inside the contract's tree and what lies outside is never
printed, a FIFO or a huge file is refused without hanging, huge numbers end in findings, and neither a run
nor `fix --write` goes through a symbolic link out of the tree (issue 22, items 4, 5, 6 and 8's links)."""
from __future__ import annotations

import json
import os

import pytest

from tests.test_security_helpers import (CONTRACT, SECRET, InProcess, assert_clean_exit, catalog, git_repo, run,
                                         snapshot, write)

FORMATS = ["text", "json", "sarif"]
SECRET_SCHEMA = f"""\
type: string
description: {SECRET}
enum: [{SECRET}, other]
default: {SECRET}
example: {SECRET}
"""
SECRET_CONTRACT = CONTRACT.replace("enum: [a, b]", f"enum: [{SECRET}]").replace("title: items", f"title: {SECRET}")


def _contract(refs: list[str]) -> str:
    """CONTRACT with one query parameter per `$ref`, each mapped by the tool below."""
    params = "".join(f'        - name: p{n}\n          in: query\n          schema: {{$ref: {json.dumps(ref)}}}\n'
                     for n, ref in enumerate(refs))
    return CONTRACT.replace("      responses:", params + "      responses:")


def _tool_catalog(refs: list[str], extra: dict | None = None) -> dict:
    data = catalog(extra)
    props = data["tools"][0]["input_schema"]["properties"]
    for n in range(len(refs)):
        props[f"p{n}"] = {"type": "string", "enum": ["mine"], "description": "One filter of the listing."}
    return data


@pytest.fixture
def cli(monkeypatch, capsys):
    """Most runs here cannot hang: they run in this process. The FIFO ones run in a subprocess with a timeout."""
    return InProcess(monkeypatch, capsys)


@pytest.fixture
def tree(tmp_path):
    """repo/ (a git repository) beside outside/, which holds the secret; links inside repo point out."""
    outside = tmp_path / "outside"
    write(outside / "secret.yaml", SECRET_SCHEMA)
    write(outside / "contract.yaml", SECRET_CONTRACT)
    repo = tmp_path / "repo"
    write(repo / "api" / "local.yaml", "type: string\nenum: [mine, yours]\n")
    os.symlink(outside / "secret.yaml", repo / "api" / "link.yaml")
    os.symlink(outside, repo / "api" / "linked-folder")
    os.symlink(outside / "contract.yaml", repo / "api" / "contract-link.yaml")
    git_repo(repo)
    return tmp_path


def _outside_refs(root) -> list[str]:
    secret = str(root / "outside" / "secret.yaml")
    return [secret, "../../outside/secret.yaml", "../" * 30 + secret.lstrip("/"), "link.yaml",
            "linked-folder/secret.yaml", "file://" + secret, "./../../outside/secret.yaml#/enum",
            "local.yaml/../../../outside/secret.yaml"]


def _assert_refused(done, refs):
    assert_clean_exit(done)
    assert SECRET not in done.stdout + done.stderr
    for ref in refs:
        shown = ref if len(ref) <= 120 else ref[:117]
        assert shown.split("#")[0] in done.stdout + done.stderr, f"no finding names the $ref {ref!r}"


# --- item 4: local $refs outside the contract's tree ------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_local_refs_out_of_the_tree_are_refused_and_never_printed(cli, tree, fmt):
    refs = _outside_refs(tree)
    repo = tree / "repo"
    write(repo / "api" / "openapi.yaml", _contract(refs))
    write(repo / "catalog.json", json.dumps(_tool_catalog(refs)))
    done = cli("check", "catalog.json", "--contract", "api/openapi.yaml", "--format", fmt, cwd=repo)
    _assert_refused(done, refs)
    if fmt == "json":
        findings = json.loads(done.stdout)["findings"]
        refused = [f for f in findings if f["rule"] == "contract-unresolved-ref"]
        assert len(refused) == 1, [f["message"] for f in findings]  # one per contract, naming every $ref
        assert refused[0]["message"].startswith(f"{len(refs)} $refs ")
        assert refused[0]["message"].count("not followed") == len(refs)


def test_local_refs_inside_the_tree_are_still_followed(cli, tree):
    repo = tree / "repo"
    write(repo / "api" / "openapi.yaml", _contract(["local.yaml"]))
    write(repo / "catalog.json", json.dumps(_tool_catalog(["local.yaml"])))
    done = cli("check", "catalog.json", "--contract", "api/openapi.yaml", "--format", "json", cwd=repo)
    assert_clean_exit(done)
    drift = [f["message"] for f in json.loads(done.stdout)["findings"] if f["rule"] == "enum-drift"]
    assert any("yours" in m for m in drift), drift


def test_generate_never_copies_what_lies_outside_the_tree(cli, tree):
    refs = _outside_refs(tree)
    repo = tree / "repo"
    write(repo / "api" / "openapi.yaml", _contract(refs))
    done = cli("generate", "--from", "api/openapi.yaml", cwd=repo)
    _assert_refused(done, refs)


def test_an_inline_contract_never_reads_outside_the_tree(cli, tree):
    import yaml

    refs = _outside_refs(tree)
    repo = tree / "repo"
    inline = yaml.safe_load(_contract(refs))
    write(repo / "api" / "catalog.json", json.dumps(_tool_catalog(refs, {"x-schemalint-contract": inline})))
    for fmt in FORMATS:
        _assert_refused(cli("check", "api/catalog.json", "--format", fmt, cwd=repo), refs)


@pytest.mark.parametrize("where", ["absolute", "dot-dot", "link", "linked folder"])
def test_a_contract_named_inside_a_catalog_is_never_read_outside_the_tree(cli, tree, where):
    repo = tree / "repo"
    value = {"absolute": str(tree / "outside" / "contract.yaml"), "dot-dot": "../../outside/contract.yaml",
             "link": "contract-link.yaml", "linked folder": "linked-folder/contract.yaml"}[where]
    write(repo / "api" / "catalog.json", json.dumps(catalog({"x-schemalint-contract": value})))
    for fmt in FORMATS:
        done = cli("check", "api/catalog.json", "--format", fmt, cwd=repo)
        assert_clean_exit(done)
        assert SECRET not in done.stdout + done.stderr
        assert "x-schemalint-contract not read" in done.stdout, done.stdout


# --- item 5: FIFOs and huge files ------------------------------------------------------------------------

@pytest.fixture
def fifo_tree(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    os.mkfifo(tmp_path / "pipe.yaml")
    with open(tmp_path / "huge.yaml", "wb") as fh:  # sparse: 65 MB long, no disk used
        fh.truncate(65 * 1024 * 1024)
    return tmp_path


@pytest.mark.parametrize("command", ["check", "generate"])
def test_a_ref_to_a_fifo_or_a_huge_file_is_refused_without_hanging(fifo_tree, command):
    refs = ["pipe.yaml", "huge.yaml", "file://" + str(fifo_tree / "pipe.yaml")]
    write(fifo_tree / "openapi.yaml", _contract(refs))
    write(fifo_tree / "catalog.json", json.dumps(_tool_catalog(refs)))
    if command == "check":
        done = run("check", "catalog.json", "--contract", "openapi.yaml", "--format", "json", cwd=fifo_tree)
    else:
        done = run("generate", "--from", "openapi.yaml", cwd=fifo_tree)
    assert_clean_exit(done)
    output = done.stdout + done.stderr
    assert "pipe.yaml" in output and "not a regular file" in output, output
    assert "huge.yaml" in output and "larger than 64 MB" in output, output


@pytest.mark.parametrize("value", ["pipe.yaml", "huge.yaml"])
def test_a_catalog_naming_a_fifo_or_a_huge_file_as_its_contract_does_not_hang(fifo_tree, value):
    write(fifo_tree / "catalog.json", json.dumps(catalog({"x-schemalint-contract": value})))
    done = run("check", "catalog.json", "--format", "json", cwd=fifo_tree)
    assert_clean_exit(done)
    assert "x-schemalint-contract not read" in done.stdout, done.stdout


def test_a_fifo_in_a_scanned_folder_is_skipped_without_hanging(fifo_tree):
    os.makedirs(fifo_tree / "tools")
    os.mkfifo(fifo_tree / "tools" / "tools.json")
    write(fifo_tree / "tools" / "real.json", json.dumps(catalog()))
    done = run("check", "tools", "--format", "json", cwd=fifo_tree)
    assert_clean_exit(done)
    report = json.loads(done.stdout)
    assert report["summary"]["tools"] == 1
    assert any("tools.json" in note and "not a regular file" in note for note in report["notes"]), report["notes"]


# --- item 6: numbers no JSON tool can carry ------------------------------------------------------------

HUGE = "9" * 5000
HEX = "0x" + "F" * 4000  # 4,816 decimal digits: past the int-to-str limit


def _huge_contract_json() -> str:
    schema = ('{"type": "integer", "minimum": -%s, "maximum": %s, "default": %s, "enum": [%s, 1], '
              '"multipleOf": %s}' % (HUGE, HUGE, HUGE, HUGE, HUGE))
    return CONTRACT.replace("schema: {type: string, enum: [a, b]}", f"schema: {schema}")


def _huge_contract_yaml() -> str:
    schema = f"{{type: integer, minimum: -{HEX}, maximum: {HEX}, default: {HEX}, enum: [{HEX}, 1], multipleOf: {HEX}}}"
    return CONTRACT.replace("schema: {type: string, enum: [a, b]}", f"schema: {schema}")


def _numbers_catalog() -> dict:
    data = catalog()
    data["tools"][0]["input_schema"]["properties"]["kind"] = {
        "type": "integer", "minimum": 0, "maximum": 10, "default": 2, "enum": [2, 3], "multipleOf": 2,
        "description": "How many kinds to list."}
    return data


@pytest.mark.parametrize("which", ["5000 digits", "hex"])
def test_huge_numbers_in_a_contract_give_findings_not_tracebacks(cli, tmp_path, which):
    write(tmp_path / "openapi.yaml", _huge_contract_json() if which == "5000 digits" else _huge_contract_yaml())
    write(tmp_path / "catalog.json", json.dumps(_numbers_catalog()))
    for fmt in FORMATS + ["markdown", "github"]:
        assert_clean_exit(cli("check", "catalog.json", "--contract", "openapi.yaml", "--format", fmt, cwd=tmp_path))
    assert_clean_exit(cli("fix", "catalog.json", "--contract", "openapi.yaml", cwd=tmp_path), allowed=(0,))
    assert_clean_exit(cli("fix", "--write", "catalog.json", "--contract", "openapi.yaml", cwd=tmp_path),
                      allowed=(0,))
    json.loads((tmp_path / "catalog.json").read_text())  # still a catalog JSON tools can read
    generated = cli("generate", "--from", "openapi.yaml", cwd=tmp_path)
    assert_clean_exit(generated)
    if generated.returncode == 0:
        json.loads(generated.stdout)  # what it writes, JSON tools can read back


# --- symbolic links out of the tree: never read by a run, never written by fix --write ----------------

@pytest.fixture
def linked(tmp_path):
    """tools/ holds a link to a catalog outside it, with a fixable finding (an enum of one type mixed)."""
    outside = tmp_path / "outside.json"
    fixable = catalog()
    fixable["tools"][0]["input_schema"]["properties"]["kind"]["type"] = "dict"  # fixable: dict -> object
    fixable["tools"][0]["description"] = SECRET + " lists items. Use it to browse the store."
    write(outside, json.dumps(fixable, indent=2))
    write(tmp_path / "tools" / "own.json", json.dumps(catalog(), indent=2))
    os.symlink(outside, tmp_path / "tools" / "elsewhere.json")
    return tmp_path


def test_a_link_out_of_a_scanned_folder_is_not_read(cli, linked):
    for fmt in FORMATS:
        done = cli("check", "tools", "--format", fmt, cwd=linked)
        assert_clean_exit(done)
        assert SECRET not in done.stdout + done.stderr
    report = json.loads(cli("check", "tools", "--format", "json", cwd=linked).stdout)
    assert any("elsewhere.json" in note and "outside" in note for note in report["notes"]), report["notes"]


def test_fix_write_never_writes_through_a_link_out_of_the_tree(cli, linked):
    before = snapshot(linked / "outside.json")
    done = cli("fix", "--write", "tools", cwd=linked)
    assert_clean_exit(done, allowed=(0,))
    named = cli("fix", "--write", "tools/elsewhere.json", cwd=linked)  # the link named on the command line
    assert_clean_exit(named, allowed=(0,))
    assert snapshot(linked / "outside.json") == before
    assert os.path.islink(linked / "tools" / "elsewhere.json")
    assert "elsewhere.json" in named.stderr and "symbolic link" in named.stderr, named.stderr


def test_fix_write_still_fixes_a_file_through_a_link_inside_its_repository(cli, linked):
    fixable = json.loads((linked / "outside.json").read_text())
    write(linked / "tools" / "real" / "inside.json", json.dumps(fixable, indent=2))
    os.makedirs(linked / "tools" / "links")
    os.symlink(os.path.join("..", "real", "inside.json"), linked / "tools" / "links" / "inside.json")
    git_repo(linked / "tools")  # the tree of the link is its repository, not only its folder
    assert_clean_exit(cli("fix", "--write", "tools/links/inside.json", cwd=linked), allowed=(0,))
    assert '"object"' in (linked / "tools" / "real" / "inside.json").read_text()
    assert os.path.islink(linked / "tools" / "links" / "inside.json")
