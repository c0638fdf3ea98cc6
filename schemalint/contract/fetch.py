"""Read a contract's bytes from a file, an http(s) URL, or `REF:PATH` in git.

A `Source` knows how to read the document it came from and how to read
documents its relative `$ref`s point to (a sibling file, a sibling URL, the
same commit). Every failure is an `InputError` with a one-line cause; an auth
token never appears in one.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import stat
import urllib.parse
from dataclasses import dataclass, field

from ..config import contract_auth_problem
from ..files import inside, tree_root
from ..sources import InputError

TIMEOUT_SECONDS = 15.0
MAX_BYTES = 64 * 1024 * 1024
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass
class Auth:
    """`contract-auth` in the configuration: a header whose value comes from an environment variable.

    header = "Authorization", env = "API_TOKEN", scheme = "Bearer" (optional prefix),
    hosts = ["api.example.com"] (optional: send it only there), remote-refs = false
    (fetch $refs to other URLs), inline-hosts = ["api.example.com"] (hosts an `x-schemalint-contract` URL
    inside a scanned catalog may name; none by default). The token is read at request time and never printed.
    Without `hosts`, it goes to the host of the URL the user named, not to a host a redirect or a `$ref` picks.
    """

    header: str | None = None
    env: str | None = None
    scheme: str | None = None
    hosts: list = field(default_factory=list)
    remote_refs: bool = False
    inline_hosts: list = field(default_factory=list)

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
        inline = table.get("inline-hosts", [])
        inline = [inline] if isinstance(inline, str) else inline
        return cls(table.get("header"), table.get("env"), table.get("scheme"), [h.lower() for h in hosts],
                   remote_refs, [h.lower() for h in inline])

    def headers_for(self, url: str, origin: str | None = None) -> dict:
        """The header to send to `url`: to a listed host, or, with none listed, to any host when `origin` (the
        URL first asked for, before redirects) is None and to `origin`'s host otherwise; never from https to
        http."""
        if not self.header:
            return {}
        host = _host(url)
        if self.hosts and host not in self.hosts:
            return {}
        if origin is not None:
            if not self.hosts and host != _host(origin):
                return {}
            if not url.lower().startswith("https:") and origin.lower().startswith("https:"):
                return {}
        value = (os.environ.get(self.env or "") or "").strip()
        if not value:
            raise InputError(redact(url), f"contract-auth: environment variable {self.env} is not set or empty")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise InputError(redact(url), f"contract-auth: environment variable {self.env} holds a line break or "
                                         f"another control character, which a header cannot carry")
        return {self.header: f"{self.scheme} {value}" if self.scheme else value}

    def for_ref(self, referrer: "Source") -> "Auth":
        """The auth for a URL a contract's content names (a `$ref`): with no `hosts` listed, the token goes only
        to the host of the contract that names it, and nowhere when that contract is not a URL."""
        if self.hosts or not self.header:
            return self
        host = _host(referrer.location) if referrer.kind == "url" else ""
        return dataclasses.replace(self, hosts=[host] if host else [], header=self.header if host else None)

    def scrub(self, text: str) -> str:
        """`text` with the token replaced, for messages built from what a server or a library said."""
        value = (os.environ.get(self.env or "") or "") if self.header else ""
        for secret in {value, value.strip()}:
            if len(secret) >= 4:
                text = text.replace(secret, "[token]")
        return text


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


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
    root: str | None = None  # real path of the folder tree local $refs of a file source must stay inside
    reach: list | None = None  # a URL a scanned file named: the hosts it, and its redirects, may reach

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
        return Source("file", os.path.normpath(os.path.join(os.path.dirname(self.location), relative)), cwd=self.cwd,
                      root=self.root)

    def confines(self, other: "Source") -> bool:
        """Whether a `$ref` from this source may read `other`: a local file only inside this file's tree."""
        if other.kind != "file":
            return True
        return self.root is None or inside(self.root, other.location)

    def read(self, auth: Auth | None = None) -> bytes:
        if self.kind == "url":
            return _read_url(self.location, auth or Auth(), self.reach)
        if self.kind == "git":
            return _read_git(self.ref, self.location, self.cwd)
        return read_regular_file(self.location, "contract")


def read_regular_file(path: str, what: str = "file", limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO, a device or a folder is refused
    without blocking (opened non-blocking, checked with fstat before any read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, f"cannot read {what}: not a regular file")
        if info.st_size > limit:
            raise InputError(path, f"{what} is larger than {limit // (1024 * 1024)} MB")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(path, f"{what} is larger than {limit // (1024 * 1024)} MB")
    return b"".join(chunks)


def source_for(spec: str, base_dirs: list[str]) -> Source:
    """Interpret a --contract value: URL, existing file, or REF:PATH."""
    if is_url(spec):
        return Source("url", spec)
    for base in base_dirs:
        candidate = spec if os.path.isabs(spec) else os.path.join(base, spec)
        if os.path.isfile(candidate):
            location = os.path.normpath(candidate) if base != "." else spec
            return Source("file", location, root=tree_root(location))
    if ":" in spec and not _WINDOWS_DRIVE.match(spec):
        ref, _, path = spec.partition(":")
        if ref and path:
            cwd = base_dirs[0] if base_dirs else "."
            return Source("git", _repository_path(spec, path, cwd), ref, cwd=cwd)
    raise InputError(spec, "contract not found (expected a file, an http(s) URL or REF:PATH in git)")


def _read_url(url: str, auth: Auth, reach: list | None = None) -> bytes:
    """The body at `url`, redirects followed (only to hosts in `reach`, when given); the token never goes
    with a redirect to another host and never appears in a message."""
    import http.client
    import urllib.error
    import urllib.request

    shown = redact(url)
    if "@" in urllib.parse.urlsplit(url).netloc:  # urllib would look user:password@host up as a host name
        raise InputError(shown, "cannot fetch contract: a user:password in the URL is not sent; give credentials "
                                "with [tool.schemalint.contract-auth]")
    headers = {"Accept": "application/json, application/yaml;q=0.9, */*;q=0.5",
               "User-Agent": "schemalint"}
    try:
        request = urllib.request.Request(url, headers=headers)
        with _opener(url, auth, reach).open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
    except _Refused as exc:
        raise InputError(shown, auth.scrub(str(exc))) from None
    except urllib.error.HTTPError as exc:
        raise InputError(shown, auth.scrub(f"cannot fetch contract: HTTP {exc.code} {exc.reason}")) from None
    except urllib.error.URLError as exc:
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        raise InputError(shown, auth.scrub(f"cannot fetch contract: {reason}")) from None
    except (TimeoutError, OSError) as exc:
        raise InputError(shown, auth.scrub(f"cannot fetch contract: {exc.strerror or exc or 'timed out'}")) from None
    except (ValueError, http.client.HTTPException) as exc:  # a malformed URL, a broken response
        raise InputError(shown, auth.scrub(f"cannot fetch contract: {exc or type(exc).__name__}")) from None
    if len(body) > MAX_BYTES:
        raise InputError(shown, f"contract is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return body


class _Refused(Exception):
    """A redirect schemalint will not follow."""


def _opener(url: str, auth: Auth, reach: list | None):
    import urllib.request

    class Credentials(urllib.request.BaseHandler):
        """Adds the token to each request, redirected ones included, as an unredirected header: urllib
        copies ordinary headers to wherever a redirect points."""

        def http_request(self, request):
            for name, value in auth.headers_for(request.full_url, origin=url).items():
                request.add_unredirected_header(name, value)
            return request

        https_request = http_request

    class Redirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, request, fp, code, msg, headers, newurl):
            host = _host(newurl)
            if not is_url(newurl.lower()) or "@" in urllib.parse.urlsplit(newurl).netloc:  # or ftp://, user@
                raise _Refused(f"not fetched: it redirects to {redact(newurl)[:120]}, which is not an http(s) URL "
                               f"without a user:password")
            if reach is not None and host not in reach:
                raise _Refused(f"not fetched: it redirects to {host or 'a URL without a host'}, which the "
                                f"configuration does not list")
            return super().redirect_request(request, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Credentials, Redirects)


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
