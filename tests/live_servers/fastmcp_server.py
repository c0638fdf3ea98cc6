"""A FastMCP server for the live-server tests and the benchmark: a few tools with findings, or --tools N
generated ones.

    python fastmcp_server.py [--tools N] [--http PORT | --sse PORT] [--exit-after-start]
"""
from __future__ import annotations

import argparse

from fastmcp import FastMCP


def build(count: int = 0) -> FastMCP:
    server = FastMCP("fastmcp-test")
    if count:
        for i in range(count):
            def tool(record_id: str, limit: int = 10) -> str:
                return record_id

            server.tool(tool, name=f"get_record_{i}", description=f"Get record set {i} by its id.")
        return server

    @server.tool
    def search(q: str, limit: int = 10) -> str:
        """Search."""
        return q

    @server.tool
    def send_email(to: str, subject: str, body: str) -> str:
        """Send an email to one recipient and return the message id."""
        return to

    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", type=int, default=0)
    parser.add_argument("--http", type=int, metavar="PORT")
    parser.add_argument("--sse", type=int, metavar="PORT")
    parser.add_argument("--exit-after-start", action="store_true", help="build the server and exit (benchmark)")
    args = parser.parse_args()
    server = build(args.tools)
    if args.exit_after_start:
        return
    if args.http is not None:
        server.run(transport="http", host="127.0.0.1", port=args.http, show_banner=False, log_level="error")
    elif args.sse is not None:
        server.run(transport="sse", host="127.0.0.1", port=args.sse, show_banner=False, log_level="error")
    else:
        server.run(show_banner=False, log_level="error")


if __name__ == "__main__":
    main()
