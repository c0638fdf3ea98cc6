"""A run over a folder of hostile files, all of issue 22's inputs together (item 10): it connects nowhere, opens
nothing outside the given paths, writes nothing, runs nothing but git, and prints nothing from outside.

The tree lives in a temp folder beside `outside/`, whose sentinel files must keep their content and mtime. When
strace can trace here, the run is traced too and no open() may name a file under `outside/`.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.test_security_helpers import (CONTRACT, SECRET, Listener, assert_clean_exit, catalog, git_repo, run,
                                         serve, snapshot, write)

SECRET_SCHEMA = f"type: string\ndescription: {SECRET}\nenum: [{SECRET}]\ndefault: {SECRET}\n"


def _refs(root, listener) -> list[str]:
    secret = str(root / "outside" / "secret.yaml")
    return [secret, "../../outside/secret.yaml", "link-out.yaml", "file://" + secret, listener.url("/s.yaml"),
            "pipe.bin", "huge.bin", "local.yaml"]  # .bin: the run reads them only through the $refs


def _contract(refs, huge_numbers: bool = True) -> str:
    params = "".join(f'        - name: p{n}\n          in: query\n          schema: {{$ref: {json.dumps(ref)}}}\n'
                     for n, ref in enumerate(refs))
    huge = "" if not huge_numbers else (
        '        - name: big\n          in: query\n          schema: {type: integer, maximum: %s, default: 0x%s}\n'
        % ("9" * 5000, "F" * 4000))
    return CONTRACT.replace("      responses:", params + huge + "      responses:")


def _tool(refs) -> dict:
    data = catalog()
    props = data["tools"][0]["input_schema"]["properties"]
    for n in range(len(refs)):
        props[f"p{n}"] = {"type": "string", "enum": ["mine"], "description": "One filter of the listing."}
    props["big"] = {"type": "integer", "maximum": 5, "default": 1, "description": "How many to list at most."}
    return data


def build(tmp_path, listener):
    """tree/ (a git repository) of hostile files; outside/ of sentinels it must not touch."""
    outside = tmp_path / "outside"
    pwned = outside / "pwned"
    write(outside / "secret.yaml", SECRET_SCHEMA)
    write(outside / "victim.txt", "victim: must stay as it is\n")
    write(outside / "contract.yaml", CONTRACT.replace("enum: [a, b]", f"enum: [{SECRET}]"))
    write(outside / "catalog.json", json.dumps(catalog({"description-of-nothing": SECRET}), indent=2))
    tree = tmp_path / "tree"
    api = tree / "api"
    refs = _refs(tmp_path, listener)
    write(api / "local.yaml", "type: string\nenum: [mine, yours]\n")
    write(api / "openapi.yaml", _contract(refs))
    os.symlink(outside / "secret.yaml", api / "link-out.yaml")
    os.mkfifo(api / "pipe.bin")
    with open(api / "huge.bin", "wb") as fh:
        fh.truncate(65 * 1024 * 1024)
    os.makedirs(tree / "d:")
    hostile_inline = {
        "option.json": "--output=d:/../../outside/victim.txt",
        "option2.json": "--output=../outside/victim.txt:api/openapi.yaml",
        "url.json": listener.url("/c.yaml"),
        "dotdot.json": "../outside/contract.yaml",
        "absolute.json": str(outside / "contract.yaml"),
        "pipe.json": "api/pipe.bin",
        "own.json": "api/openapi.yaml",
    }
    for name, value in hostile_inline.items():
        write(tree / name, json.dumps(_tool(refs) if name == "own.json" else catalog(), indent=2)
              .replace('{\n  "tools"', '{\n  "x-schemalint-contract": %s,\n  "tools"' % json.dumps(value), 1))
    import yaml

    inline = yaml.safe_load(_contract(refs, huge_numbers=False))  # the test's own YAML cannot load those
    write(api / "inline.json", json.dumps(_tool(refs) | {"x-schemalint-contract": inline}, indent=2))
    os.symlink(outside / "catalog.json", tree / "link.json")
    os.mkfifo(tree / "fifo.json")
    write(tree / "tools.py", f"open({str(pwned)!r}, 'w').write('ran')\n\n\ndef list_items(kind: str) -> list:\n"
                             f"    \"\"\"List items of one kind.\"\"\"\n    return []\n")
    write(tree / "unsafe.yaml", f"tools: !!python/object/apply:os.system ['touch {pwned}']\n")
    git_repo(tree)
    sentinels = [outside / name for name in ("secret.yaml", "victim.txt", "contract.yaml", "catalog.json")]
    return tree, outside, sentinels, pwned


@pytest.fixture
def listener():
    with Listener({"/c.yaml": serve(CONTRACT), "/s.yaml": serve("type: string\n")}) as server:
        yield server


def _strace() -> str | None:
    """Why the run cannot be traced here, or None."""
    if shutil.which("strace") is None:
        return "strace is not installed"
    probe = subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:
        return f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()[:200]}"
    return None


def test_a_run_over_hostile_files_stays_inside_the_tree(tmp_path, listener):
    if not hasattr(os, "mkfifo") or not hasattr(os, "symlink"):
        pytest.skip("needs named pipes and symbolic links (POSIX)")
    tree, outside, sentinels, pwned = build(tmp_path, listener)
    before = snapshot(*sentinels)
    runs = [run("check", ".", "--format", fmt, cwd=tree) for fmt in ("text", "json", "sarif")]
    for done in runs:
        assert_clean_exit(done)
        assert SECRET not in done.stdout + done.stderr
    report = json.loads(runs[1].stdout)
    refused = {}
    for f in report["findings"]:
        if f["rule"] == "contract-unresolved-ref":
            refused.setdefault(f["file"], []).append(f["message"])
    assert {"option.json", "option2.json", "url.json", "dotdot.json", "absolute.json", "pipe.json"} <= set(refused)
    # one finding per contract, naming all seven refused $refs (all but local.yaml)
    assert len(refused["api/inline.json"]) == len(refused["api/openapi.yaml"]) == 1, refused
    assert all(refused[name][0].startswith("7 $refs ") for name in ("api/inline.json", "api/openapi.yaml")), refused
    notes = " ".join(report["notes"])
    assert "link.json: a symbolic link" in notes and "fifo.json: not a regular file" in notes, notes

    assert listener.connections == []
    assert snapshot(*sentinels) == before
    assert not pwned.exists(), "a scanned file was executed"
    assert sorted(os.listdir(outside)) == sorted(p.name for p in sentinels)

    why = _strace()
    if why:
        pytest.skip(f"the open() trace part: {why}")
    log = tmp_path / "strace.log"
    done = run("check", ".", "--format", "json", cwd=tree,
               prefix=["strace", "-f", "-qq", "-s", "4096", "-e", "trace=open,openat,creat,execve", "-o", str(log)])
    assert_clean_exit(done)
    opened, ran = _traced(log, tree)
    assert any(p.endswith(os.path.join("tree", "api", "openapi.yaml")) for p in opened), "the trace saw the reads"
    real_outside = os.path.realpath(outside)
    assert [p for p in opened if p == real_outside or p.startswith(real_outside + os.sep)] == []
    programs = {os.path.basename(p) for p in ran}
    assert all(name == "git" or name.startswith("python") for name in programs), programs
    assert listener.connections == []
    assert snapshot(*sentinels) == before


def _traced(log, cwd) -> tuple[list, list]:
    """(real paths of every file an open call named, programs executed) from an strace log."""
    import re

    opened, ran = [], []
    call = re.compile(r'^\d+\s+(open|openat|creat|execve)\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)"')
    for line in log.read_text(errors="replace").splitlines():
        hit = call.match(line)
        if not hit:
            continue
        path = os.fsdecode(hit.group(2).encode("latin-1", "replace").decode("unicode_escape").encode("latin-1"))
        if hit.group(1) == "execve":
            ran.append(path)
        else:
            opened.append(os.path.realpath(os.path.join(str(cwd), path)))
    return opened, ran
