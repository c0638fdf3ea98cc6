"""Static reading of Python tool definitions (FastMCP, MCP SDK, LangChain, OpenAI Agents SDK, Pydantic).

Nothing here imports or executes the analyzed code: the standard library's `ast` parses the source and the
schemas are rebuilt from the syntax tree the way each framework would build them.
"""
