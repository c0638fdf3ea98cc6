"""`schemalint calls` over a generated log of 1,000,000 calls to the BFCL catalog: wall time and peak RSS.

    python benchmarks/calls_scale.py [--calls N] [--keep LOG]

Writes a JSONL log (OpenAI Chat Completions responses, each followed by its `role: tool` result, plus plain
records) whose calls are valid, out of range, missing a required parameter, to unknown tools, or failed, then runs
`schemalint calls` in a child process and reports its wall time and peak resident memory (ru_maxrss of the
child). Targets: under 60 s and under 200 MiB. As a baseline in the same run, the same log is read with orjson
line by line and nothing else (the floor any reader pays).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

import orjson

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CANDIDATES = [os.path.join(os.path.dirname(_ROOT), "shared"), "/work/shared"]  # next to a clone, or the shared one
CORPUS = os.environ.get("BFCL_FUNCTIONS") or next(
    (p for p in (os.path.join(c, "corpus", "bfcl", "bfcl_unique_functions.json") for c in _CANDIDATES)
     if os.path.exists(p)), os.path.join(_CANDIDATES[0], "corpus", "bfcl", "bfcl_unique_functions.json"))


def _value(node, rng):
    kind = node.get("type") if isinstance(node, dict) else None
    if isinstance(node, dict) and isinstance(node.get("enum"), list) and node["enum"]:
        return rng.choice(node["enum"])
    return {"integer": 7, "float": 2.5, "number": 2.5, "boolean": True, "array": ["x"], "list": ["x"],
            "dict": {}, "object": {}, "tuple": ["x"]}.get(kind, "value-" + str(rng.randint(0, 999)))


def _arguments(tool, rng, broken: bool):
    params = tool.get("parameters") or {}
    props = params.get("properties") or {}
    required = [r for r in params.get("required") or [] if r in props]
    args = {name: _value(props[name], rng) for name in required}
    for name in list(props)[:2]:
        args.setdefault(name, _value(props[name], rng))
    if broken and required:
        del args[required[0]]
    return args


def generate(path: str, calls: int, seed: int = 7) -> None:
    tools = json.load(open(CORPUS))
    rng = random.Random(seed)
    with open(path, "wb") as fh:
        for i in range(calls):
            tool = tools[rng.randrange(len(tools))]
            roll = rng.random()
            name = tool["name"] if roll > 0.02 else tool["name"] + "_v2"
            args = _arguments(tool, rng, broken=0.02 <= roll < 0.07)
            failed = 0.07 <= roll < 0.09
            if i % 2:
                record = {"tool": name, "arguments": args}
                if failed:
                    record["error"] = "upstream timeout"
                fh.write(orjson.dumps(record) + b"\n")
                continue
            call_id = f"call_{i:08d}"
            fh.write(orjson.dumps({"object": "chat.completion", "choices": [{"index": 0, "message": {
                "role": "assistant", "tool_calls": [{"id": call_id, "type": "function", "function": {
                    "name": name, "arguments": orjson.dumps(args).decode()}}]}}]}) + b"\n")
            content = "Error: upstream timeout" if failed else "ok"
            fh.write(orjson.dumps({"role": "tool", "tool_call_id": call_id, "content": content}) + b"\n")


def measure(argv: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MiB, exit code) of a child process. The machine is shared: CPU time
    is the figure that does not move with the load."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--keep", help="write the log here and keep it")
    args = parser.parse_args()
    if not os.path.exists(CORPUS):
        print(f"skipped: {CORPUS} not found")
        return 0
    folder = tempfile.mkdtemp()
    log = args.keep or os.path.join(folder, "calls.jsonl")
    started = time.perf_counter()
    generate(log, args.calls)
    print(f"generated {args.calls:,} calls in {time.perf_counter() - started:.1f} s "
          f"({os.path.getsize(log) / 2**20:.0f} MiB)")
    baseline = [sys.executable, "-c", "import orjson,sys\nfor line in open(sys.argv[1],'rb'): orjson.loads(line)",
                log]
    seconds, cpu, rss, _ = measure(baseline)
    print(f"baseline (orjson, every line):  {seconds:6.1f} s wall  {cpu:6.1f} s CPU  {rss:6.0f} MiB peak RSS")
    seconds, cpu, rss, code = measure([sys.executable, "-m", "schemalint", "calls", log, "--tools", CORPUS,
                                       "--format", "json", "--fail-on", "never"])
    print(f"schemalint calls:               {seconds:6.1f} s wall  {cpu:6.1f} s CPU  {rss:6.0f} MiB peak RSS  "
          f"(exit {code}; targets < 60 s, < 200 MiB; load average {os.getloadavg()[0]:.1f})")
    if not args.keep:
        os.remove(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
