"""Live MCP servers as input: run or connect to a server, read its `tools/list`, lint that like a file.

targets: what the user named (`--server`, `--header`, a client configuration) as ServerSpecs.
mcp_config: client configurations (Claude Desktop, Cursor, Windsurf, VS Code) and where they usually are.
client: one server's tools over stdio, Streamable HTTP or SSE, through the official `mcp` SDK.
catalog: a `tools/list` answer as a pretty-printed document, loaded by the same loader as a file.
options: the command-line options every command that reads tools shares, and the one call that loads them.
"""
