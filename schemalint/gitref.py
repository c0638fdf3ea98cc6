"""Read files at a git ref without letting a ref or a path become an option or escape the repository.

Every `REF:PATH` schemalint reads from git goes through here (`--contract REF:PATH`, a contract's `$ref`
inside such a contract, `--diff-base REF`, `diff`). A catalog or a contract is untrusted input, so:

- a ref is refused when it is empty, starts with `-` or holds a control character, and must name a commit
  (`git rev-parse --verify --end-of-options REF^{commit}`); later reads use the commit's hash, never the text;
- a path is refused when it is empty, absolute, starts with `-`, holds a control character or leaves the
  repository through `..`; it is normalized to the POSIX form git stores;
- contents are read through `git cat-file --batch`, whose requests travel on stdin, so no ref or path is
  ever a command-line argument other than the one after `--end-of-options`.
"""
from __future__ import annotations

import os
import posixpath
import re
import subprocess

from .errors import SchemalintError

TIMEOUT_SECONDS = 60.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class GitRefError(SchemalintError):
    """A ref, path or repository problem; str() is the one-line cause."""


def _git(args: list[str], cwd: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd or ".", input=data, capture_output=True,
                              timeout=TIMEOUT_SECONDS)
    except FileNotFoundError:
        raise GitRefError("git is not installed (not found on PATH)") from None
    except NotADirectoryError:
        raise GitRefError(f"{cwd} is not a folder") from None
    except subprocess.TimeoutExpired:
        raise GitRefError(f"git timed out after {TIMEOUT_SECONDS:.0f} s in {cwd}") from None


def toplevel(folder: str) -> str | None:
    """The real path of the work tree that holds `folder`, or None outside git."""
    proc = _git(["rev-parse", "--show-toplevel"], folder)
    if proc.returncode != 0:
        return None
    return os.path.realpath(proc.stdout.decode("utf-8", "replace").strip())


def validate_ref(root: str, ref: str) -> str:
    """The full hash of the commit `ref` names in the repository at `root`; GitRefError when it names none."""
    if not isinstance(ref, str) or not ref:
        raise GitRefError("empty git ref")
    if ref.startswith("-"):
        raise GitRefError(f"git ref {ref!r} starts with '-'")
    if _CONTROL.search(ref):
        raise GitRefError(f"git ref {ref!r} holds a control character")
    proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    commit = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise GitRefError(f"'{ref}' is not a commit in the git repository {root}")
    return commit


def validate_relpath(path: str) -> str:
    """`path` as a normalized POSIX path inside the repository; GitRefError when it is not one."""
    if not isinstance(path, str) or not path:
        raise GitRefError("empty path")
    if _CONTROL.search(path):
        raise GitRefError(f"path {path!r} holds a control character")
    if path.startswith("-"):
        raise GitRefError(f"path {path!r} starts with '-'")
    if path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(path):
        raise GitRefError(f"path {path!r} is absolute: give it relative to the repository root")
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        raise GitRefError(f"path {path!r} leaves the repository")
    if normal == ".":
        raise GitRefError(f"path {path!r} names the repository root, not a file")
    return normal


def list_at(root: str, commit: str, relpath: str) -> list[str]:
    """The files at `commit` under `relpath` ("." for all), repository-relative. `commit` must be a hash from
    `validate_ref` and `relpath` one `validate_relpath` accepted: both come after `--`, never as options."""
    args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--"]
    proc = _git(args + ([] if relpath == "." else [relpath]), root)
    if proc.returncode != 0:
        raise GitRefError(f"git ls-tree failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]


def read_at_ref(root: str, ref: str, relpaths: list[str]) -> dict[str, bytes | None]:
    """The contents of each path at `ref` (None where it is missing or not a file), in one git process.

    `ref` is validated (and resolved to its commit) and every path checked with `validate_relpath`; the
    result is keyed by the paths as given.
    """
    commit = validate_ref(root, ref)
    normal = {p: validate_relpath(p) for p in relpaths}
    request = b"".join(f"{commit}:{normal[p]}\n".encode("utf-8", "surrogateescape") for p in relpaths)
    proc = _git(["cat-file", "--batch"], root, request)
    if proc.returncode != 0:
        cause = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitRefError(f"git cat-file failed in {root}: {cause[-1] if cause else proc.returncode}")
    out, pos, result = proc.stdout, 0, {}
    for relpath in relpaths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            result[relpath] = out[pos:pos + size] if header[1] == b"blob" else None
            pos += size + 1  # content and its trailing newline
        else:  # "<name> missing" or "<name> ambiguous"
            result[relpath] = None
    return result


def read_file_at_ref(root: str, ref: str, relpath: str) -> bytes:
    """One file's contents at `ref`; GitRefError when the ref, the path or the file is not there."""
    content = read_at_ref(root, ref, [relpath])[relpath]
    if content is None:
        raise GitRefError(f"path '{validate_relpath(relpath)}' is not a file at '{ref}'")
    return content
