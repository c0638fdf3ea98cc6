"""The live-server options every command that reads tools shares, and the one call that adds live catalogs."""
from __future__ import annotations

import sys

from ..errors import EXIT_ERROR, EXIT_OK, UsageError, print_error

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:  # the live machinery is imported only when a run reads a server
    from .targets import ServerSpec

# every command that reads tools adds these options: the SDK client and the target parser are imported only when
# a server is named
DEFAULT_TIMEOUT = 30.0


def add_live_arguments(p) -> None:
    group = p.add_argument_group("live MCP servers")
    group.add_argument("--server", action="append", default=[], metavar="TARGET",
                       help="lint what a running MCP server lists: a command line (run as a stdio server), an "
                            "http(s):// URL (Streamable HTTP) or sse+http(s):// (SSE); repeatable")
    group.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                       help="an HTTP header for --server URLs; ${VAR} is read from the environment (never printed)")
    group.add_argument("--server-timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"bound on a server's start-up and on each request (default: {DEFAULT_TIMEOUT:g})")
    group.add_argument("--mcp-config", action="append", default=[], metavar="FILE|auto",
                       help="lint every server of an MCP client configuration (mcpServers or servers); auto finds "
                            "the usual per-project and per-user files and lists them")
    group.add_argument("--save-tools", metavar="DIR", help="write each server's tools/list result (the text "
                       "findings point into) to DIR/<server>.json")
    group.add_argument("--dry-run", action="store_true", help="list the servers that would be started, start none")


def wants_live(args) -> bool:
    return bool(getattr(args, "server", None) or getattr(args, "mcp_config", None))


def server_specs(args) -> list[ServerSpec]:
    """Every server the options name, with unique names; the configurations `auto` found are listed on stderr."""
    from .targets import parse_headers, server_from_target

    if getattr(args, "server_timeout", DEFAULT_TIMEOUT) <= 0:
        raise UsageError(f"--server-timeout must be more than 0 seconds, not {args.server_timeout:g}")
    headers = parse_headers(getattr(args, "header", []))
    specs = []
    for target in getattr(args, "server", []) or []:
        spec = server_from_target(target)
        if spec.transport != "stdio":
            spec.headers = dict(headers)
        specs.append(spec)
    if headers and not any(s.transport != "stdio" for s in specs):
        raise UsageError("--header is sent to --server http(s):// URLs, and none is given")
    for config in _configs(getattr(args, "mcp_config", []) or []):
        specs.extend(config.servers)
    seen: dict[str, int] = {}
    for spec in specs:
        count = seen.get(spec.name, 0) + 1
        seen[spec.name] = count
        if count > 1:
            spec.name = f"{spec.name}#{count}"
    return specs


def _configs(values: list[str]):
    from .mcp_config import find_configs, read_config, usual_locations

    out = []
    for value in values:
        if value != "auto":
            out.append(read_config(value))
            continue
        found = find_configs()
        if not found:
            looked = ", ".join(path for _, path in usual_locations())
            raise UsageError(f"--mcp-config auto found no MCP client configuration (looked at {looked})")
        for client, path in found:
            config = read_config(path)
            print(f"schemalint: --mcp-config auto: {client} configuration {path} ({len(config.servers)} servers)",
                  file=sys.stderr)
            out.append(config)
    return out


def start_live(args):
    """Start reading the servers the options name (None when they name none), so that they start while the
    command loads its rules; `add_live_catalogs` collects them. With --dry-run, list them and stop the command
    (exit 0)."""
    if not wants_live(args):
        return None
    if getattr(args, "diff_base", None):
        raise UsageError("--diff-base reads files at a git ref, and a live server has none: pin the server with "
                         "`schemalint lock --server ...`, then use --lock or `schemalint diff LOCKFILE --server ...`")
    specs = server_specs(args)
    if getattr(args, "dry_run", False):
        _print_plan(specs)
        raise SystemExit(EXIT_OK)
    startable = [spec for spec in specs if not spec.unresolved]
    if startable and not _sdk_installed():
        raise UsageError("reading a live MCP server needs the MCP SDK: pip install 'schemalint[live]'")
    from .client import start_fetching

    return specs, start_fetching(startable, args.server_timeout) if startable else []


def _sdk_installed() -> bool:
    """Whether the SDK can be imported, without importing it: the servers start first (see stdio.py)."""
    from importlib.util import find_spec

    return find_spec("mcp") is not None


def add_live_catalogs(args, catalog, started=None) -> list[str]:
    """Add the tools of every server the options name to `catalog`, each server as its own document
    `mcp:<name>` (`started`: what `start_live` returned, when the command started them earlier). The one-line
    errors of the servers that failed, naming each; the others are still added."""
    started = started or start_live(args)
    if started is None:
        return []
    from .catalog import add_listing, save_listings
    from .client import wait_listed

    specs, listings = started
    errors = [f"{spec.label}: not started: {spec.unresolved}" for spec in specs if spec.unresolved]
    for listing in wait_listed(listings):
        if listing.error:
            errors.append(f"{listing.spec.label}: {listing.error}")
        else:
            add_listing(listing, catalog)
    if getattr(args, "save_tools", None):
        try:
            catalog.captures.update(save_listings(listings, args.save_tools))
            for path in catalog.captures.values():
                print(f"schemalint: saved {path}", file=sys.stderr)
        except OSError as exc:
            raise UsageError(f"{args.save_tools}: cannot save the tools: {exc.strerror}") from None
    return errors


def _print_plan(specs: list[ServerSpec]) -> None:
    for spec in specs:
        where = f" (from {spec.origin})" if spec.origin else ""
        verb = "would start" if spec.transport == "stdio" else "would connect to"
        line = f"{spec.label}: {verb} {spec.describe()}{where}"
        if spec.unresolved:
            line = f"{spec.label}: would not start: {spec.unresolved}{where}"
        sys.stdout.write(line + "\n")
    sys.stdout.flush()


def finish(errors: list[str], code: int) -> int:
    """Print the servers' errors after the report: the run exits 2 when any server failed."""
    for error in errors:
        print_error(error)
    return EXIT_ERROR if errors else code
