"""A server on the low-level `mcp` SDK, for the live-server tests: its tools are read from a JSON file at every
tools/list (so a test can change them while it runs), served in pages of --page-size with nextCursor.

    python lowlevel_server.py TOOLS.json [--page-size N] [--http PORT [--token-env VAR]]
"""
from __future__ import annotations

import argparse
import json
import os

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server


def build(tools_file: str, page_size: int) -> Server:
    async def list_tools(ctx, params):
        with open(tools_file, encoding="utf-8") as fh:
            tools = json.load(fh)["tools"]
        start = int(params.cursor) if params is not None and params.cursor else 0
        end = start + page_size if page_size else len(tools)
        page = [types.Tool.model_validate(t) for t in tools[start:end]]
        return types.ListToolsResult(tools=page, next_cursor=str(end) if end < len(tools) else None)

    return Server("lowlevel-test", version="1.0.0", on_list_tools=list_tools)


def needs_token(app, token: str):
    """Answer 401 to any request without `Authorization: Bearer <token>`."""
    expected = f"Bearer {token}".encode()

    async def guarded(scope, receive, send):
        if scope["type"] == "http" and dict(scope["headers"]).get(b"authorization") != expected:
            await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"unauthorized"})
            return
        await app(scope, receive, send)

    return guarded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tools_file")
    parser.add_argument("--page-size", type=int, default=0)
    parser.add_argument("--http", type=int, metavar="PORT")
    parser.add_argument("--token-env", metavar="VAR")
    args = parser.parse_args()
    server = build(args.tools_file, args.page_size)
    if args.http is None:
        from mcp.server.stdio import stdio_server

        async def serve():
            async with stdio_server() as (read, write):
                await server.run(read, write, server.create_initialization_options())

        anyio.run(serve)
        return
    import uvicorn

    app = server.streamable_http_app()
    if args.token_env:
        app = needs_token(app, os.environ[args.token_env])
    uvicorn.run(app, host="127.0.0.1", port=args.http, log_level="error")


if __name__ == "__main__":
    main()
