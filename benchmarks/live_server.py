"""`schemalint check --server` on a stdio FastMCP server with 100 tools, next to the server's own time, and
next to `check FILE` on the saved tools/list capture (the lint alone).

    python benchmarks/live_server.py [--runs 7] [--tools 100]

The server's own time is measured by a bare JSON-RPC client over pipes, the least any client can spend on it:
spawn -> the tools/list answer (its start-up), and spawn -> its exit once its stdin closes (what any client
that stops its server waits for; schemalint does). schemalint's share is, run by run, `check --server` minus
the server alone up to its exit, and the median of those paired differences is shown: its interpreter, the MCP
SDK's import and session and the rules' load (all overlapped with the server's start-up: it is spawned first),
linting the tools, the report. Wall time is the target; CPU time (user + system, the server's included on both
sides: it is a child of each) shows what overlapping cannot hide. Runs alternate, so a busy machine slows all
alike; on a shared 2-core machine the overlap itself shrinks, so compare runs of the same moment only.
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


def bare_client(server: list[str]) -> tuple[float, float, float]:
    """(wall to the tools/list answer, wall to the server's exit, CPU) seconds for the server to start, answer
    initialize and tools/list, and exit once its stdin closes."""
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
    answered = time.perf_counter() - start
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    elapsed = time.perf_counter() - start
    assert len(tools) >= 1
    return answered, elapsed, usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of cmd, its children (the server) included; `python -m schemalint` run in
    `cwd` is that tree's."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tools", type=int, default=100)
    parser.add_argument("--baseline", metavar="TREE", help="also time `check --server` of another source tree "
                        "(a checkout of an earlier commit), run for run")
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
    rows: dict[str, list[float]] = {name: [] for name in (
        "server start-up (to answer)", "server alone (to exit)", "check --server", "check FILE (capture)",
        "cpu server alone", "cpu check --server", "cpu check FILE")}
    for _ in range(args.runs):
        answered, exited, cpu = bare_client(server)
        rows["server start-up (to answer)"].append(answered)
        rows["server alone (to exit)"].append(exited)
        rows["cpu server alone"].append(cpu)
        for name, cmd in (("check --server", check), ("check FILE (capture)", file_check)):
            wall, cpu = timed(cmd, ROOT)
            rows[name].append(wall)
            rows["cpu " + name.split(" (")[0]].append(cpu)
        if args.baseline:
            wall, cpu = timed(check, args.baseline)
            rows.setdefault("baseline check --server", []).append(wall)
            rows.setdefault("cpu baseline check --server", []).append(cpu)

    def ms(values):
        return f"{statistics.median(values) * 1000:6.0f} ms"

    def paired(a, b):
        return [x - y for x, y in zip(rows[a], rows[b])]

    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"{cores} cores, load average {load:.1f} at the end: wall times stretch once the load passes the cores")
    print(f"median of {args.runs} paired runs, {args.tools} tools   {'wall':>9} {'CPU':>9}")
    print(f"{'server start-up (to answer)':36} {ms(rows['server start-up (to answer)'])}")
    print(f"{'server alone (to exit)':36} {ms(rows['server alone (to exit)'])} {ms(rows['cpu server alone'])}")
    print(f"{'check --server':36} {ms(rows['check --server'])} {ms(rows['cpu check --server'])}")
    print(f"{'check FILE (saved capture)':36} {ms(rows['check FILE (capture)'])} {ms(rows['cpu check FILE'])}")
    if args.baseline:
        print(f"{'baseline check --server':36} {ms(rows['baseline check --server'])} "
              f"{ms(rows['cpu baseline check --server'])}  ({args.baseline})")
    share = paired("check --server", "server alone (to exit)")
    share_cpu = paired("cpu check --server", "cpu server alone")
    print(f"{'schemalint share (check - alone)':36} {ms(share)} {ms(share_cpu)}  (target: wall < 150 ms)")
    print(f"{'  each run':36} " + " ".join(f"{x * 1000:.0f}" for x in share) + " ms")
    if args.baseline:
        print(f"{'baseline share':36} {ms(paired('baseline check --server', 'server alone (to exit)'))} "
              f"{ms(paired('cpu baseline check --server', 'cpu server alone'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
