"""No string from a catalog, a contract or an option value becomes a git option (issue 22, items 1 and 9).

Before the fix, `"x-schemalint-contract": "--output=d:/../victim.txt"` ran `git show --output=d:/../victim.txt`,
which overwrote victim.txt with git's output in any work tree holding a folder named `d:`.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_security_helpers import (CONTRACT, InProcess, assert_clean_exit, catalog, git, git_repo, snapshot,
                                         write)

VICTIM = "victim: must stay as it is\n"
HOSTILE_INLINE = [
    "--output=d:/../victim.txt",
    "--output=d:/../../outside-victim.txt",
    "--output=victim.txt:openapi.yaml",
    "-ovictim.txt:openapi.yaml",
    "HEAD:--output=victim.txt",
    "--upload-pack=touch victim.txt:x",
    "-c:core.pager=touch victim.txt",
    "HEAD:../../outside.yaml",
]


@pytest.fixture
def cli(monkeypatch, capsys):
    return InProcess(monkeypatch, capsys)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    write(root / "openapi.yaml", CONTRACT)
    write(root / "victim.txt", VICTIM)
    os.makedirs(root / "d:")
    write(root / "d:" / "keep", "")
    write(tmp_path / "outside-victim.txt", VICTIM)
    git_repo(root)
    return root


def _assert_untouched(root, before):
    assert snapshot(root / "victim.txt", root.parent / "outside-victim.txt") == before
    assert sorted(os.listdir(root.parent)) == ["outside-victim.txt", "repo"]
    assert sorted(os.listdir(root)) == sorted([".git", "d:", "openapi.yaml", "victim.txt", "catalog.json"]
                                              if (root / "catalog.json").exists() else
                                              [".git", "d:", "openapi.yaml", "victim.txt"])


@pytest.mark.parametrize("value", HOSTILE_INLINE)
def test_inline_contract_never_becomes_a_git_option(cli, repo, value):
    write(repo / "catalog.json", json.dumps(catalog({"x-schemalint-contract": value})))
    before = snapshot(repo / "victim.txt", repo.parent / "outside-victim.txt")
    done = cli("check", "catalog.json", "--format", "json", cwd=repo)
    assert_clean_exit(done)
    _assert_untouched(repo, before)
    report = json.loads(done.stdout)
    messages = [f["message"] for f in report["findings"] if f["rule"] == "contract-unresolved-ref"]
    assert any("x-schemalint-contract not read" in m for m in messages), report["findings"]


@pytest.mark.parametrize("option", [
    "--contract=--output=d:/../victim.txt",
    "--contract=--output=d:/../../outside-victim.txt",
    "--contract=--output=victim.txt:openapi.yaml",
    "--contract=-ovictim.txt:openapi.yaml",
    "--contract=HEAD:--output=victim.txt",
    "--diff-base=--output=victim.txt",
    "--diff-base=-ovictim.txt",
])
def test_option_values_starting_with_a_dash_never_reach_git(cli, repo, option):
    write(repo / "catalog.json", json.dumps(catalog()))
    before = snapshot(repo / "victim.txt", repo.parent / "outside-victim.txt")
    done = cli("check", "catalog.json", option, cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert_clean_exit(done)
    assert "starts with '-'" in done.stderr or "absolute" in done.stderr, done.stderr
    _assert_untouched(repo, before)


def test_a_ref_and_path_named_on_the_command_line_still_read_the_contract(cli, repo):
    """The validation refuses options, not the documented `REF:PATH` form."""
    write(repo / "catalog.json", json.dumps(catalog()))
    done = cli("check", "catalog.json", "--contract", "HEAD:openapi.yaml", "--format", "json", cwd=repo)
    assert_clean_exit(done)
    assert "enum-drift" in {f["rule"] for f in json.loads(done.stdout)["findings"]}, done.stdout


# --- item 9: every git argument is a fixed word, comes after --end-of-options, or is a verified hash -------

FIXED_GIT_WORDS = {"rev-parse", "--show-toplevel", "--verify", "--quiet", "cat-file", "--batch"}
END_OF_OPTIONS = ("--end-of-options", "--")
HASH = re.compile(r"[0-9a-f]{40,64}")

TOKENS = ["-", "--", "=", ":", "/", "\\", ".", "..", "^", "@", "{", "}", "~", " ", "\t", "\n", "\x00", "$", "`",
          ";", "|", "&", "'", '"', "*", "?", "[", "]", "!", "#", "%", "\u202e", "\u00e9", "HEAD", "HEAD~1",
          "--output", "--output=", "-o", "--upload-pack=", "--exec=", "-c", "core.pager=", "--git-dir=",
          "--work-tree=", "--textconv", "d:", "victim.txt", "openapi.yaml", "ext::", "file://",
          "http://127.0.0.1:9/", "@{-1}", ":/", "refs/heads/", "^{commit}", "%(rest)", "\r"]
hostile = st.one_of(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map("".join),
                    st.text(alphabet=st.sampled_from("-=:/\\.^@{}~ \n$;|&'\"*?[]!#%HEADo"), min_size=1, max_size=20))


def _argv_is_safe(argv) -> str | None:
    """Why `argv` (a git command) lets an untrusted string be an option, or None."""
    argv = [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in argv]
    if os.path.basename(argv[0]) != "git":
        return f"a command other than git: {argv!r}"
    after_end = False
    for word in argv[1:]:
        if after_end or word in FIXED_GIT_WORDS or HASH.fullmatch(word):
            continue
        if word in END_OF_OPTIONS:
            after_end = True
            continue
        return f"{word!r} is neither a fixed option, nor after --end-of-options, nor a commit hash"
    return None


class Recorder:
    """Observes every process schemalint starts: subprocess.Popen (behind run, check_output, ...) and the
    os-level spawners, which schemalint must not use at all."""

    def __init__(self, monkeypatch):
        self.calls: list = []
        original = subprocess.Popen.__init__
        recorder = self

        def observed_init(popen, args, *rest, **kwargs):
            recorder.calls.append(list(args) if isinstance(args, (list, tuple)) else [args])
            original(popen, args, *rest, **kwargs)

        monkeypatch.setattr(subprocess.Popen, "__init__", observed_init)
        for name in ("system", "popen", "execv", "execve", "execvp", "execvpe", "spawnv", "spawnve", "spawnvp",
                     "spawnvpe"):
            if hasattr(os, name):
                monkeypatch.setattr(os, name, self._refuse(name))

    def _refuse(self, name):
        def refused(*args, **kwargs):
            self.calls.append([f"os.{name}", *map(str, args)])
            raise AssertionError(f"schemalint called os.{name}{args!r}")
        return refused

    def problems(self) -> list:
        return [why for call in self.calls for why in [_argv_is_safe(call)] if why]


def _main(argv, capsys) -> int:
    from schemalint.cli import main

    code = main(argv)
    out = capsys.readouterr()
    assert "Traceback" not in out.err, out.err
    return code


@pytest.fixture
def quiet_repo(tmp_path):
    from schemalint.cli import RECURSION_LIMIT

    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))  # as main() does: not mid-example
    root = tmp_path / "prop"
    write(root / "openapi.yaml", CONTRACT)
    write(root / "victim.txt", VICTIM)
    os.makedirs(root / "d:")
    git_repo(root)
    return root


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _observed_run(monkeypatch, capsys, root, argv) -> Recorder:
    """`schemalint ARGV` in this process, in `root`, with every process it starts recorded."""
    with monkeypatch.context() as patch:
        patch.chdir(root)
        patch.setenv("SCHEMALINT_NO_CACHE", "1")
        recorder = Recorder(patch)
        before = snapshot(root / "victim.txt")
        assert _main(argv, capsys) in (0, 1, 2)
        assert snapshot(root / "victim.txt") == before
    return recorder


@PROPERTY
@given(value=hostile)
def test_property_inline_contract_values_never_become_git_arguments(quiet_repo, monkeypatch, capsys, value):
    write(quiet_repo / "catalog.json", json.dumps(catalog({"x-schemalint-contract": value})))
    recorder = _observed_run(monkeypatch, capsys, quiet_repo, ["check", "catalog.json", "--format", "json"])
    assert recorder.problems() == []


@PROPERTY
@given(ref=hostile, path=hostile, where=st.sampled_from(["option", "config", "diff-base"]))
def test_property_contract_refs_and_paths_never_become_git_arguments(quiet_repo, monkeypatch, capsys, ref, path,
                                                                     where):
    write(quiet_repo / "catalog.json", json.dumps(catalog()))
    spec = f"{ref}:{path}"
    argv = ["check", "catalog.json", "--format", "json"]
    if where == "option":
        argv.append(f"--contract={spec}")
    elif where == "diff-base":
        argv.append(f"--diff-base={ref}")
    else:
        write(quiet_repo / "sl.toml", f"contract = [{json.dumps(spec)}]\n")
        argv += ["--config", "sl.toml"]
    recorder = _observed_run(monkeypatch, capsys, quiet_repo, argv)
    assert recorder.problems() == []


@PROPERTY
@given(value=hostile)
def test_property_refs_inside_a_contract_read_from_git_never_become_git_arguments(quiet_repo, monkeypatch, capsys,
                                                                                  value):
    """A contract read at `REF:PATH` resolves its relative `$ref`s at the same commit: those come from the
    contract's content."""
    contract = CONTRACT.replace("schema: {type: string, enum: [a, b]}", f"schema: {{$ref: {json.dumps(value)}}}")
    write(quiet_repo / "ref-contract.yaml", contract)
    git(quiet_repo, "add", "ref-contract.yaml")
    git(quiet_repo, "commit", "-q", "-m", "contract", "--allow-empty")
    write(quiet_repo / "catalog.json", json.dumps(catalog()))
    recorder = _observed_run(monkeypatch, capsys, quiet_repo,
                             ["check", "catalog.json", "--contract", "HEAD:ref-contract.yaml", "--format", "json"])
    assert recorder.calls, "the contract was read from git"
    assert recorder.problems() == []


def test_the_argument_check_itself_catches_an_option():
    assert _argv_is_safe(["git", "show", "--output=x"]) is not None
    assert _argv_is_safe(["git", "rev-parse", "--verify", "--end-of-options", "--output=x^{commit}"]) is None
    assert _argv_is_safe(["git", "cat-file", "--batch"]) is None
    assert _argv_is_safe(["sh", "-c", "x"]) is not None


# --- issue 25, item 5: the same validation guards generate --from, diff's sides and the configuration --------

@pytest.mark.parametrize("argv", [
    ("generate", "--from=--output=d:/../victim.txt"),
    ("generate", "--from=--output=victim.txt:openapi.yaml"),
    ("generate", "--from=HEAD:--output=victim.txt"),
    ("diff", "--", "--output=victim.txt:catalog.json", "catalog.json"),
    ("diff", "catalog.json", "HEAD:--output=victim.txt"),
])
def test_generate_and_diff_sources_never_become_git_options(cli, repo, argv):
    write(repo / "catalog.json", json.dumps(catalog()))
    before = snapshot(repo / "victim.txt", repo.parent / "outside-victim.txt")
    done = cli(*argv, cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert_clean_exit(done)
    _assert_untouched(repo, before)


def test_contract_in_the_configuration_never_becomes_a_git_option(cli, repo):
    write(repo / "catalog.json", json.dumps(catalog()))
    write(repo / "schemalint.toml", 'contract = ["--output=victim.txt:openapi.yaml"]\n')
    before = snapshot(repo / "victim.txt", repo.parent / "outside-victim.txt")
    done = cli("check", "catalog.json", cwd=repo)
    os.unlink(repo / "schemalint.toml")
    assert done.returncode == 2, done.stdout + done.stderr
    assert_clean_exit(done)
    _assert_untouched(repo, before)
