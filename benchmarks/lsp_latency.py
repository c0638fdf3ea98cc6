"""Latency of `schemalint server`: from a change notification to the diagnostics published for that version.

Usage: python benchmarks/lsp_latency.py [--changes N] [--corpus DIR]

A real server process is started over stdio (pygls's client), a workspace folder is made in a temporary folder
with one catalog file, the file is opened, then changed N times (one character typed at the end of a line, sent as
the range that changed, each change waiting for the diagnostics of the one before). Printed per file: the first
diagnostics after opening, and the median, fastest and slowest change-to-diagnostics time; the server waits
DEBOUNCE seconds after a change before it lints, and that wait is included. On a shared machine wall times move
with the load, so the server process's own CPU time per change (Linux /proc) is printed too. Beside them, the
baseline: `schemalint check FILE` in a fresh process (start-up, load and lint), what an editor integration without
a server would run on each save.

Files: a 10-tool catalog made here, and BFCL's unique functions (3,526 tools) when the corpus is present.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")


def ten_tools() -> str:
    tools = []
    for i, entity in enumerate(["invoice", "customer", "order", "refund", "ticket", "product", "shipment", "coupon",
                                "review", "payout"]):
        tools.append({"name": f"get_{entity}", "description": f"Get one {entity} by its id and return its fields.",
                      "inputSchema": {"type": "object", "properties": {
                          f"{entity}_id": {"type": "string", "description": f"The {entity}'s id, e.g. {entity[:3]}_1."},
                          "fields": {"type": "array", "items": {"type": "string"},
                                     "description": "Which fields to return; all when left out."},
                          "limit": {"type": "number", "description": "At most this many results."}},
                          "required": [f"{entity}_id"]}})
    return json.dumps(tools, indent=2) + "\n"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux), or NaN elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(path: str, changes: int) -> tuple[float, list[float], list[float], int]:
    client = LanguageClient("lsp-latency", "1")
    arrived: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams):
        future = arrived.get(params.version)
        if future is not None and not future.done():
            future.set_result(len(params.diagnostics))

    await client.start_io(sys.executable, "-m", "schemalint", "server", "--log-level", "warning")
    folder = os.path.dirname(path)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=f"file://{folder}",
        workspace_folders=[types.WorkspaceFolder(uri=f"file://{folder}", name="bench")]))
    client.initialized(types.InitializedParams())
    uri = f"file://{path}"
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    loop = asyncio.get_running_loop()

    async def until(version: int, send) -> tuple[float, int]:
        arrived[version] = loop.create_future()
        start = time.perf_counter()
        send()
        count = await asyncio.wait_for(arrived[version], 300)
        return time.perf_counter() - start, count

    opened, count = await until(1, lambda: client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=text))))
    end_of_line = len(text.split("\n")[1])
    times, cpu = [], []
    pid = client._server.pid
    for version in range(2, changes + 2):
        # a keystroke at the end of the second line, sent as editors send it (the range that changed), which
        # leaves the catalog's findings as they are
        at = types.Position(1, end_of_line + version - 2)
        change = types.TextDocumentContentChangePartial(range=types.Range(at, at), text=" ")
        before = cpu_seconds(pid)
        took, _ = await until(version, lambda: client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change])))
        times.append(took)
        cpu.append(cpu_seconds(pid) - before)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return opened, times, cpu, count


def check_baseline(path: str, runs: int = 3) -> float:
    best = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "schemalint", "check", path, "--fail-on", "never", "-q"], cwd=ROOT,
                       capture_output=True, check=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lsp-latency-")
    try:
        files = []
        small = os.path.join(work, "small", "tools.json")
        os.makedirs(os.path.dirname(small))
        with open(small, "w", encoding="utf-8") as fh:
            fh.write(ten_tools())
        files.append(("10 tools", small))
        bfcl = os.path.join(args.corpus, "bfcl", "bfcl_unique_functions.json")
        if os.path.exists(bfcl):
            copy = os.path.join(work, "bfcl", "bfcl_unique_functions.json")
            os.makedirs(os.path.dirname(copy))
            shutil.copyfile(bfcl, copy)
            files.append(("BFCL 3,526 tools", copy))
        else:
            print(f"BFCL file absent under {args.corpus}: measuring the 10-tool file only")
        print(f"{'file':<18} {'diagnostics':>11} {'open':>8} {'change median':>14} {'fastest':>8} {'slowest':>8} "
              f"{'server CPU':>10} {'check (baseline)':>17}")
        for label, path in files:
            opened, times, cpu, count = asyncio.run(measure(path, args.changes))
            baseline = check_baseline(path)
            print(f"{label:<18} {count:>11,} {opened:>7.3f}s {statistics.median(times):>13.3f}s {min(times):>7.3f}s "
                  f"{max(times):>7.3f}s {statistics.median(cpu):>9.3f}s {baseline:>16.3f}s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
