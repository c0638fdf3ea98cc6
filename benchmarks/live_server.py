"""Wall time of `schemalint check --server` on a stdio FastMCP server with 100 tools, next to the server's own
start-up: the same server driven by a bare JSON-RPC client over pipes (spawn, initialize, tools/list, close stdin,
wait for it to exit), which is the least any client can spend on it.

    python benchmarks/live_server.py [--runs 7] [--tools 100]

schemalint's share is the difference of the medians (its interpreter start, the MCP SDK's import and session,
linting the tools, the report), in wall time and in CPU time (user + system, the server's included on both
sides: it is a child of each). `check FILE` on the saved tools/list capture is shown as well: the lint alone.
Runs alternate, so a busy machine slows all alike; on a shared machine the CPU times are the steadier figure.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "tests", "live_servers", "fastmcp_server.py")


def bare_client(server: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds for the server to start, answer initialize and tools/list, and exit once its stdin
    closes."""
    start = time.perf_counter()
    proc = subprocess.Popen(server, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(message):
        proc.stdin.write((json.dumps(message) + "\n").encode())
        proc.stdin.flush()

    def answer(request_id):
        for line in proc.stdout:
            message = json.loads(line)
            if message.get("id") == request_id:
                return message
        raise RuntimeError("the server closed its output")

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}})
    answer(1)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    tools = answer(2)["result"]["tools"]
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    elapsed = time.perf_counter() - start
    assert len(tools) >= 1
    return elapsed, usage.ru_utime + usage.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of cmd, its children (the server) included."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tools", type=int, default=100)
    args = parser.parse_args()
    server = [sys.executable, SERVER, "--tools", str(args.tools)]
    target = " ".join(server)
    work = tempfile.mkdtemp(prefix="sl-live-bench-")
    check = [sys.executable, "-m", "schemalint", "check", "--server", target, "--format", "json", "--fail-on", "never"]
    first = subprocess.run(check + ["--save-tools", work], capture_output=True, text=True)
    report = json.loads(first.stdout)
    assert report["summary"]["tools"] == args.tools, first.stderr
    saved = os.path.join(work, os.listdir(work)[0])
    file_check = [sys.executable, "-m", "schemalint", "check", saved, "--format", "json", "--fail-on", "never"]
    times: dict[str, list[tuple]] = {"server alone (bare client)": [], "check --server": [],
                                     "check FILE (capture)": []}
    for _ in range(args.runs):
        times["server alone (bare client)"].append(bare_client(server))
        times["check --server"].append(timed(check))
        times["check FILE (capture)"].append(timed(file_check))
    wall = {name: statistics.median(v[0] for v in values) for name, values in times.items()}
    cpu = {name: statistics.median(v[1] for v in values) for name, values in times.items()}
    print(f"{'median of ' + str(args.runs) + ' runs':28} {'wall':>9} {'CPU':>9}")
    for name in times:
        print(f"{name:28} {wall[name] * 1000:6.0f} ms {cpu[name] * 1000:6.0f} ms")
    base = "server alone (bare client)"
    print(f"{'schemalint share':28} {(wall['check --server'] - wall[base]) * 1000:6.0f} ms "
          f"{(cpu['check --server'] - cpu[base]) * 1000:6.0f} ms  (target < 150 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
