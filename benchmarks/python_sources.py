"""Benchmark: `schemalint check DIR` over a folder of generated Python tool functions.

    python benchmarks/python_sources.py [--tools 1000] [--per-file 1] [--budget 2.0]

Generates FastMCP, LangChain and OpenAI Agents SDK tools (docstrings, Annotated Field(...) parameters,
Pydantic argument models) in a temporary folder, runs the real command line once to warm the file cache,
then times reading them (`--select buried-required-param`: every file parsed, every schema built, findings
located) and, for information, the check with every default rule. Exits 1 when reading is over the budget.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HEADERS = {
    "fastmcp": "from fastmcp import FastMCP\n\nmcp = FastMCP('bench')\n",
    "langchain": "from langchain_core.tools import tool\n",
    "agents": "from agents import function_tool\n",
}
DECORATORS = {"fastmcp": "@mcp.tool", "langchain": "@tool(parse_docstring=True)", "agents": "@function_tool"}

TOOL = '''

class Filter{n}(BaseModel):
    """Filters for search_records_{n}."""

    status: Literal["open", "closed"] | None = Field(default=None, description="Record status")
    created_after: datetime | None = None


{decorator}
def search_records_{n}(
    query: str,
    tenant_id: Annotated[str, Field(description="Tenant that owns the records", pattern=r"^t-[0-9]+$")],
    limit: int = 20,
    filters: Filter{n} | None = None,
    tags: list[str] | None = None,
    sort: Literal["asc", "desc"] = "desc",
) -> list[dict]:
    """Search the records of tenant {n}.

    Args:
        query: Full-text query.
        limit: Maximum number of records to return.
        filters: Optional filters.
        tags: Only records with all of these tags.
        sort: Sort direction by creation date.
    """
    return []
'''


def generate(folder: str, tools: int, per_file: int) -> None:
    kinds = list(HEADERS)
    for start in range(0, tools, per_file):
        kind = kinds[(start // per_file) % len(kinds)]
        parts = ["from datetime import datetime\nfrom typing import Annotated, Literal\n\n"
                 "from pydantic import BaseModel, Field\n", HEADERS[kind]]
        for n in range(start, min(start + per_file, tools)):
            parts.append(TOOL.format(n=n, decorator=DECORATORS[kind]))
        with open(os.path.join(folder, f"tools_{start:05d}.py"), "w") as fh:
            fh.write("".join(parts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=1)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of wall time allowed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, args.tools, args.per_file)
        base = [sys.executable, "-m", "schemalint", "check", folder, "--format", "json", "--fail-on", "never",
                "--output", os.devnull]
        # reading: parse every file and build every schema, with one cheap rule so findings are located too
        read = base + ["--select", "buried-required-param"]
        subprocess.run(read, check=True)  # warm the file cache and imports
        read_wall = _timed(read)
        full_wall = _timed(base)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.tools} Python tool functions in {-(-args.tools // args.per_file)} files "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs):")
    print(f"  read (schemalint check --select buried-required-param): {read_wall:.2f} s wall "
          f"(budget {args.budget:.1f} s)")
    print(f"  schemalint check with every default rule:               {full_wall:.2f} s wall")
    return 0 if read_wall <= args.budget else 1


def _timed(cmd) -> float:
    """Wall time of one run; its CPU time is printed too, since shared machines inflate wall time."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    print(f"  ({' '.join(cmd[3:4] + cmd[-2:]) if '--select' in cmd else 'check, default rules'}: "
          f"{_children_cpu() - cpu_before:.2f} s CPU)")
    return wall


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
