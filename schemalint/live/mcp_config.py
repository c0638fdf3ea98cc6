"""MCP client configurations: the servers a client would start, as ServerSpecs.

Two shapes cover the clients: `mcpServers` (Claude Desktop, Claude Code's `.mcp.json`, Cursor, Windsurf; a
remote server as `url`, Windsurf's `serverUrl`) and `servers` (VS Code's `.vscode/mcp.json`, with `type`). A
client expands `${env:VAR}` from its own environment and asks the user for `${input:id}` when it starts the
server: schemalint expands `${env:VAR}` from its environment when set and otherwise reports the server as not
started, naming what it needs; it never guesses a value.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

import orjson

from ..errors import UsageError
from .targets import SSE_PREFIX, ServerSpec

# ${env:VAR}, ${input:id}, ${workspaceFolder}, ${userHome}, and the plain ${VAR} Claude Code and Cursor expand
_PLACEHOLDER = re.compile(r"\$\{(?:(env|input):)?([^}]*)\}")


@dataclass
class ConfigFile:
    path: str
    servers: list[ServerSpec] = field(default_factory=list)
    shape: str = ""  # mcpServers | servers


def read_config(path: str) -> ConfigFile:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the MCP configuration: {exc.strerror}") from None
    try:
        data = orjson.loads(_strip_comments(raw)) if raw.strip() else {}
    except orjson.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not a JSON MCP configuration: {exc.msg}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not an MCP configuration (no mcpServers or servers object)")
    shape = "mcpServers" if isinstance(data.get("mcpServers"), dict) else \
        "servers" if isinstance(data.get("servers"), dict) else ""
    if not shape and isinstance(data.get("mcp"), dict) and isinstance(data["mcp"].get("servers"), dict):
        data, shape = data["mcp"], "servers"  # VS Code's settings.json
    if not shape:
        raise UsageError(f"{path}: not an MCP configuration (no mcpServers or servers object)")
    config = ConfigFile(path, shape=shape)
    folder = _workspace_folder(path)
    for name, entry in data[shape].items():
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: server '{name}' is not an object")
        config.servers.append(_server(str(name), entry, path, folder))
    return config


def _strip_comments(raw: bytes) -> bytes:
    """VS Code's JSON allows // and /* */ comments and trailing commas; remove them outside strings."""
    text = raw.decode("utf-8-sig", "replace")
    if "//" not in text and "/*" not in text and not re.search(r",\s*[}\]]", text):
        return text.encode()
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out)).encode()


def _workspace_folder(path: str) -> str:
    """The project a per-project file belongs to (`.vscode/mcp.json` -> the folder holding `.vscode`)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.dirname(folder) if os.path.basename(folder) in (".vscode", ".cursor") else folder


def _server(name: str, entry: dict, path: str, folder: str) -> ServerSpec:
    missing: list[str] = []

    def expand(value):
        return _expand(value, folder, missing) if isinstance(value, str) else str(value)

    kind = str(entry.get("type") or entry.get("transport") or "").lower()
    url = entry.get("url") or entry.get("serverUrl")
    headers = {str(k): expand(v) for k, v in (entry.get("headers") or {}).items()} \
        if isinstance(entry.get("headers"), dict) else {}
    if isinstance(url, str) and url:
        url = expand(url)
        if url.startswith(SSE_PREFIX):
            kind, url = "sse", url[len(SSE_PREFIX):]
        transport = "sse" if kind == "sse" else "http"
        spec = ServerSpec(name, transport, url=url, headers=headers, origin=path)
    elif isinstance(entry.get("command"), str) and entry["command"]:
        args = entry.get("args") if isinstance(entry.get("args"), list) else []
        env = {str(k): expand(v) for k, v in (entry.get("env") or {}).items()} \
            if isinstance(entry.get("env"), dict) else {}
        cwd = expand(entry["cwd"]) if isinstance(entry.get("cwd"), str) else None
        spec = ServerSpec(name, "stdio", command=[expand(entry["command"])] + [expand(a) for a in args], env=env,
                          cwd=cwd, origin=path)
    else:
        raise UsageError(f"{path}: server '{name}' has neither a command nor a url")
    if missing:
        spec.unresolved = "needs " + ", ".join(dict.fromkeys(missing)) + " (a client asks for or sets it; " \
                          "schemalint does not guess it)"
    return spec


def _expand(value: str, folder: str, missing: list[str]) -> str:
    def one(match):
        kind, name = match.group(1), match.group(2)
        if kind == "input":
            missing.append(f"${{input:{name}}}")
            return match.group(0)
        if kind is None and name == "workspaceFolder":
            return folder
        if kind is None and name == "userHome":
            return os.path.expanduser("~")
        if kind is None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            missing.append(match.group(0))  # another client variable (${workspaceFolderBasename}, ...)
            return match.group(0)
        if name in os.environ:
            return os.environ[name]
        missing.append(f"${{env:{name}}}" if kind else f"${{{name}}}")
        return match.group(0)

    return _PLACEHOLDER.sub(one, value)


def usual_locations(cwd: str | None = None, home: str | None = None) -> list[tuple[str, str]]:
    """(client, path) of the configuration files clients write, per project then per user."""
    cwd = cwd or os.getcwd()
    home = home or os.path.expanduser("~")
    project = [("VS Code", os.path.join(cwd, ".vscode", "mcp.json")),
               ("Cursor", os.path.join(cwd, ".cursor", "mcp.json")),
               ("Claude Code", os.path.join(cwd, ".mcp.json"))]
    if sys.platform == "darwin":
        support = os.path.join(home, "Library", "Application Support")
    elif sys.platform == "win32":
        support = os.environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming")
    else:
        support = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    user = [("Claude Desktop", os.path.join(support, "Claude", "claude_desktop_config.json")),
            ("Cursor", os.path.join(home, ".cursor", "mcp.json")),
            ("Windsurf", os.path.join(home, ".codeium", "windsurf", "mcp_config.json")),
            ("VS Code", os.path.join(support, "Code", "User", "mcp.json"))]
    return project + user


def find_configs(cwd: str | None = None, home: str | None = None) -> list[tuple[str, str]]:
    """The usual configuration files that exist, each once."""
    seen, out = set(), []
    for client, path in usual_locations(cwd, home):
        real = os.path.realpath(path)
        if os.path.isfile(path) and real not in seen:
            seen.add(real)
            out.append((client, path))
    return out
