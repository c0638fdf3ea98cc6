"""Read a contract's bytes from a file, an http(s) URL, or `REF:PATH` in git.

A `Source` knows how to read the document it came from and how to read
documents its relative `$ref`s point to (a sibling file, a sibling URL, the
same commit). Every failure is an `InputError` with a one-line cause; an auth
token never appears in one.
"""
from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field

from ..config import contract_auth_problem
from ..sources import InputError

TIMEOUT_SECONDS = 15.0
MAX_BYTES = 64 * 1024 * 1024
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass
class Auth:
    """`contract-auth` in the configuration: a header whose value comes from an environment variable.

    header = "Authorization", env = "API_TOKEN", scheme = "Bearer" (optional prefix),
    hosts = ["api.example.com"] (optional: send it only there), remote-refs = false
    (fetch $refs to other URLs). The token is read at request time and never printed.
    """

    header: str | None = None
    env: str | None = None
    scheme: str | None = None
    hosts: list = field(default_factory=list)
    remote_refs: bool = False

    @classmethod
    def from_settings(cls, table: dict | None, where: str = "contract-auth") -> "Auth":
        table = table or {}
        problem = contract_auth_problem(table)
        if problem:
            raise InputError(where, problem)
        hosts = table.get("hosts", [])
        if isinstance(hosts, str):
            hosts = [hosts]
        remote_refs = table.get("remote-refs", False)
        return cls(table.get("header"), table.get("env"), table.get("scheme"), [h.lower() for h in hosts],
                   remote_refs)

    def headers_for(self, url: str) -> dict:
        if not self.header:
            return {}
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        if self.hosts and host not in self.hosts:
            return {}
        value = os.environ.get(self.env or "")
        if not value:
            raise InputError(url, f"contract-auth: environment variable {self.env} is not set or empty")
        return {self.header: f"{self.scheme} {value}" if self.scheme else value}


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def redact(url: str) -> str:
    """The URL without user:password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts)


@dataclass
class Source:
    kind: str  # file | url | git
    location: str  # file path, URL, or path inside the git tree
    ref: str | None = None  # git ref
    cwd: str = "."

    @property
    def display(self) -> str:
        if self.kind == "git":
            return f"{self.ref}:{self.location}"
        if self.kind == "url":
            return redact(self.location)
        return self.location

    def sibling(self, relative: str) -> "Source":
        """The source a relative `$ref` (without its fragment) points to."""
        if is_url(relative):
            return Source("url", relative, cwd=self.cwd)
        if self.kind == "url":
            return Source("url", urllib.parse.urljoin(self.location, relative), cwd=self.cwd)
        if self.kind == "git":
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.location), relative))
            return Source("git", joined, self.ref, self.cwd)
        return Source("file", os.path.normpath(os.path.join(os.path.dirname(self.location), relative)), cwd=self.cwd)

    def read(self, auth: Auth | None = None) -> bytes:
        if self.kind == "url":
            return _read_url(self.location, auth or Auth())
        if self.kind == "git":
            return _read_git(self.ref, self.location, self.cwd)
        try:
            with open(self.location, "rb") as fh:
                return fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(self.location, f"cannot read contract: {exc.strerror or exc}") from None


def source_for(spec: str, base_dirs: list[str]) -> Source:
    """Interpret a --contract value: URL, existing file, or REF:PATH."""
    if is_url(spec):
        return Source("url", spec)
    for base in base_dirs:
        candidate = spec if os.path.isabs(spec) else os.path.join(base, spec)
        if os.path.isfile(candidate):
            return Source("file", os.path.normpath(candidate) if base != "." else spec)
    if ":" in spec and not _WINDOWS_DRIVE.match(spec):
        ref, _, path = spec.partition(":")
        if ref and path:
            cwd = base_dirs[0] if base_dirs else "."
            return Source("git", _repository_path(spec, path, cwd), ref, cwd=cwd)
    raise InputError(spec, "contract not found (expected a file, an http(s) URL or REF:PATH in git)")


def _read_url(url: str, auth: Auth) -> bytes:
    import http.client
    import urllib.error
    import urllib.request

    shown = redact(url)
    headers = {"Accept": "application/json, application/yaml;q=0.9, */*;q=0.5",
               "User-Agent": "schemalint"}
    headers.update(auth.headers_for(url))
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(shown, f"cannot fetch contract: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        raise InputError(shown, f"cannot fetch contract: {reason}") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(shown, f"cannot fetch contract: {exc.strerror or exc or 'timed out'}") from None
    except (ValueError, http.client.HTTPException) as exc:  # a malformed URL, a broken response
        raise InputError(shown, f"cannot fetch contract: {exc or type(exc).__name__}") from None
    if len(body) > MAX_BYTES:
        raise InputError(shown, f"contract is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return body


def _repository_path(spec: str, path: str, cwd: str) -> str:
    """PATH of `REF:PATH` from the repository root; `./` and `../` start from `cwd`, as git reads them."""
    from .. import gitref

    if path.startswith(("./", "../")):
        root = gitref.toplevel(cwd)
        if root is None:
            raise InputError(spec, f"cannot read contract from git: {cwd} is not inside a git repository")
        prefix = os.path.relpath(os.path.realpath(cwd), root).replace(os.sep, "/")
        path = posixpath.join(prefix, path)
    try:
        return gitref.validate_relpath(path)
    except gitref.GitRefError as exc:
        raise InputError(spec, f"cannot read contract from git: {exc}") from None


def _read_git(ref: str, path: str, cwd: str) -> bytes:
    from .. import gitref

    shown = f"{ref}:{path}"
    try:
        root = gitref.toplevel(cwd or ".")
        if root is None:
            raise gitref.GitRefError(f"{os.path.abspath(cwd or '.')} is not inside a git repository")
        content = gitref.read_file_at_ref(root, ref, path)
    except gitref.GitRefError as exc:
        raise InputError(shown, f"cannot read contract from git: {exc}") from None
    if len(content) > MAX_BYTES:
        raise InputError(shown, f"contract is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return content
