"""What to connect to: a server named on the command line or in a client configuration."""
from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field

from ..errors import UsageError

SSE_PREFIX = "sse+"
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class ServerSpec:
    name: str  # shown as `mcp:<name>`: the configuration's key, or the command line or URL
    transport: str  # stdio | http | sse
    command: list[str] = field(default_factory=list)
    url: str = ""
    env: dict = field(default_factory=dict)
    cwd: str | None = None
    # header values are secrets: never printed, never part of a message
    headers: dict = field(default_factory=dict, repr=False)
    origin: str = ""  # the configuration file it came from, "" for --server
    # why it cannot be started as written (a `${input:...}` it would have to ask for): reported, not guessed
    unresolved: str = ""

    @property
    def label(self) -> str:
        return f"mcp:{self.name}"

    def describe(self) -> str:
        """What would be started or connected to, for --dry-run: no header or environment value."""
        if self.transport == "stdio":
            what = shlex.join(self.command)
            if self.env:
                what += f" (environment: {', '.join(sorted(self.env))})"
        else:
            what = f"{self.transport} {self.url}"
            if self.headers:
                what += f" (headers: {', '.join(sorted(self.headers))})"
        return what

    def secrets(self) -> list[str]:
        """Values that must never appear in output: header and environment values."""
        return [v for v in list(self.headers.values()) + list(self.env.values()) if isinstance(v, str) and len(v) >= 4]


def server_from_target(target: str) -> ServerSpec:
    """`--server TARGET`: a URL (`http(s)://` Streamable HTTP, `sse+http(s)://` SSE) or a command line."""
    if target.startswith(("http://", "https://")):
        return ServerSpec(target, "http", url=target)
    if target.startswith((SSE_PREFIX + "http://", SSE_PREFIX + "https://")):
        return ServerSpec(target, "sse", url=target[len(SSE_PREFIX):])
    try:
        command = shlex.split(target)
    except ValueError as exc:
        raise UsageError(f"--server {target!r}: not a command line: {exc}") from None
    if not command:
        raise UsageError("--server needs a command line or an http(s):// URL")
    return ServerSpec(target, "stdio", command=command)


def expand_environment(value: str, where: str) -> str:
    """`${VAR}` from the environment; a variable that is not set is an error that names it (never its value)."""
    def one(match):
        name = match.group(1)
        if name not in os.environ:
            raise UsageError(f"{where}: environment variable {name} is not set")
        return os.environ[name]

    return _VAR.sub(one, value)


def parse_headers(values: list[str]) -> dict:
    """`--header 'Name: value'`, each value with `${VAR}` expanded from the environment."""
    out = {}
    for raw in values or []:
        name, sep, value = raw.partition(":")
        name = name.strip()
        if not sep or not name or any(c.isspace() for c in name):
            # the rest may be a secret: the message shows at most the first word
            shown = raw.split(None, 1)[0].split(":")[0][:40] if raw.strip() else ""
            raise UsageError(f"--header must be 'Name: value' (the one starting {shown!r} is not)")
        out[name] = expand_environment(value.strip(), f"--header {name}")
    return out
