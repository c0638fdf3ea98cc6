"""Speed and memory of `schemalint check` next to its floor, in paired runs (issue 20's "Done when").

Usage: python benchmarks/speed.py [--corpus DIR] [--runs N] [--baseline TREE] [--cases a,b,...]
  --baseline TREE  also run another source tree of schemalint (`git archive <commit> | tar -x -C TREE`) in the
                   same rounds, so before and after are measured side by side
  --cases          any of: bfcl, small, small-nocache, precommit, corpus, scale (scale writes 10k and 100k-tool catalogs,
                   in one file and in 1,000 files, replicated from the corpus with unique names; slow)

Every case runs each of its commands once per round, interleaved, for --runs rounds (default 5); the table
shows the median wall time, the median CPU time (user + system: steadier than wall on a busy machine) and the
largest peak RSS (Linux counts a child's peak from before it started the new program, so no figure is below this
script's own RSS, about 40 MiB: small runs show that floor). The floor stand-in does the work no linter can avoid: start Python, read and parse the file
with orjson, walk every schema node once, and write as many findings as schemalint reported, as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.dirname(HERE)

FLOOR = r"""
import sys, orjson
count = int(sys.argv[2])
def load(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return [orjson.loads(raw)]
    except orjson.JSONDecodeError:
        return [orjson.loads(line) for line in raw.splitlines() if line.strip()]
nodes = 0
def walk(value):
    global nodes
    stack = [value]
    while stack:
        v = stack.pop()
        nodes += 1
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
import os
paths = [sys.argv[1]] if os.path.isfile(sys.argv[1]) else [
    os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith((".json", ".jsonl"))]
for p in paths:
    for doc in load(p):
        walk(doc)
findings = [{"rule": "some-rule", "severity": "warning", "message": f"finding {i} of {nodes}", "file": paths[0],
             "line": i, "column": 1, "tool": "tool", "param": None} for i in range(count)]
sys.stdout.buffer.write(orjson.dumps({"findings": findings}, option=orjson.OPT_INDENT_2))
"""


def measure(argv: list[str], env: dict | None = None) -> tuple[float, float, float, bytes]:
    """Wall seconds, CPU seconds, peak RSS in MiB and stdout of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read()
        proc.stderr.close()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode()[-2000:]}")
        out.seek(0)
        data = out.read()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, data


def schemalint(tree: str, *args: str) -> list[str]:
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {tree!r}); from schemalint.cli import main; "
                                  "sys.exit(main())", *args]


def finding_count(report: bytes) -> int:
    return len(json.loads(report)["findings"])


def paired(commands: dict[str, tuple[list[str], dict | None]], runs: int) -> dict[str, dict]:
    results = {name: {"wall": [], "cpu": [], "rss": 0.0} for name in commands}
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            wall, cpu, rss, _ = measure(argv, env)
            results[name]["wall"].append(wall)
            results[name]["cpu"].append(cpu)
            results[name]["rss"] = max(results[name]["rss"], rss)
    return results


def show(title: str, results: dict[str, dict], reference: str | None = None) -> None:
    print(f"\n{title}")
    ref = statistics.median(results[reference]["wall"]) if reference else None
    ref_cpu = statistics.median(results[reference]["cpu"]) if reference else None
    for name, r in results.items():
        wall, cpu = statistics.median(r["wall"]), statistics.median(r["cpu"])
        ratio = f"  {wall / ref:5.2f}x wall, {cpu / ref_cpu:5.2f}x CPU of {reference}" if ref and name != reference \
            else ""
        print(f"  {name:28} wall {wall * 1000:8.0f} ms  CPU {cpu * 1000:8.0f} ms  peak {r['rss']:7.0f} MiB{ratio}")


def trees(opts) -> dict[str, str]:
    out = {"schemalint": TREE}
    if opts.baseline:
        out = {"baseline": os.path.abspath(opts.baseline), "this tree": TREE}
    return out


def case_bfcl(opts) -> None:
    bfcl = os.path.join(opts.corpus, "bfcl", "bfcl_unique_functions.json")
    commands = {}
    count = 0
    for label, tree in trees(opts).items():
        argv = schemalint(tree, "check", bfcl, "--format", "json", "--fail-on", "never")
        count = finding_count(measure(argv)[3])
        commands[label] = (argv, None)
    commands = {"floor stand-in": ([sys.executable, "-c", FLOOR, bfcl, str(count)], None), **commands}
    show(f"BFCL ({bfcl}), default rules, --format json ({count:,} findings)", paired(commands, opts.runs),
         "floor stand-in")


def case_small(opts, cache: bool) -> None:
    small = os.path.join(opts.corpus, "mcp", "github-mcp-server", "toolsnaps", "get_me.json")
    with tempfile.TemporaryDirectory() as prefix:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if cache:  # bytecode written once (the first run) and read by every timed run
            env["PYTHONPYCACHEPREFIX"] = prefix
        else:  # nothing written: every run compiles the package's sources, as an editable install may
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], env)}
        for label, tree in trees(opts).items():
            if not cache:  # a copy of the sources without their __pycache__, which would be read all the same
                tree = _sources_only(tree, os.path.join(prefix, label.replace(" ", "-")))
            argv = schemalint(tree, "check", small, "-q", "--fail-on", "never")
            measure(argv, env)
            commands[label] = (argv, env)
        show(f"one small file ({small}), {'with' if cache else 'without'} a bytecode cache",
             paired(commands, opts.runs * 2), "python -c pass")


def _sources_only(tree: str, to: str) -> str:
    """A copy of `tree`'s package and rules without bytecode (the standard library keeps its own)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("schemalint", "rules"):
        shutil.copytree(os.path.join(tree, part), os.path.join(to, part), symlinks=True, ignore=ignore)
    return to


def case_precommit(opts) -> None:
    """The pre-commit hook's run: `schemalint check --allow-empty` on a few staged small files, JSON and YAML
    (a corpus tool written as YAML: the corpus has no YAML catalog), with the bytecode an installed hook has."""
    import yaml

    snaps = os.path.join(opts.corpus, "mcp", "github-mcp-server", "toolsnaps")
    with tempfile.TemporaryDirectory() as tmp:
        files = [os.path.join(snaps, name) for name in ("create_issue.json", "add_issue_comment.json")]
        with open(os.path.join(snaps, "get_label.json"), "rb") as fh:
            as_yaml = os.path.join(tmp, "get_label.yaml")
            with open(as_yaml, "w", encoding="utf-8") as out:
                yaml.safe_dump(json.load(fh), out, sort_keys=False)
        files.append(as_yaml)
        env = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], env)}
        for label, tree in trees(opts).items():
            argv = schemalint(tree, "check", "--allow-empty", *files)
            measure(argv, env)
            commands[label] = (argv, env)
        show(f"pre-commit: check --allow-empty on {len(files)} small files (JSON and YAML), with a bytecode cache",
             paired(commands, opts.runs * 2), "python -c pass")


def case_corpus(opts) -> None:
    commands = {label: (schemalint(tree, "check", opts.corpus, "--format", "json", "--fail-on", "never"), None)
                for label, tree in trees(opts).items()}
    show(f"whole corpus ({opts.corpus}), default rules, --format json", paired(commands, opts.runs))


def synthetic_tools(corpus: str, count: int) -> list[dict]:
    with open(os.path.join(corpus, "bfcl", "bfcl_unique_functions.json"), "rb") as fh:
        base = json.load(fh)
    tools = []
    for i in range(count):
        tool = dict(base[i % len(base)])
        tool["name"] = f"{tool.get('name', 'tool')}_{i}"
        tools.append(tool)
    return tools


def case_scale(opts) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        commands = {}
        for count in (10_000, 100_000):
            tools = synthetic_tools(opts.corpus, count)
            one = os.path.join(tmp, f"one-{count}.json")
            with open(one, "w") as fh:
                json.dump(tools, fh, indent=1)
            many = os.path.join(tmp, f"many-{count}")
            os.mkdir(many)
            per = count // 1000
            for f in range(1000):
                with open(os.path.join(many, f"tools-{f:04}.json"), "w") as fh:
                    json.dump(tools[f * per:(f + 1) * per], fh, indent=1)
            for label, tree in trees(opts).items():
                for where, path in (("one file", one), ("1,000 files", many)):
                    commands[f"{label}: {count:,} tools, {where}"] = (
                        schemalint(tree, "check", path, "--format", "json", "--fail-on", "never", "-o", os.devnull),
                        None)
        show("synthetic catalogs (BFCL tools with unique names), default rules", paired(commands, opts.runs))
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(TREE), "shared", "corpus"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline")
    parser.add_argument("--cases", default="bfcl,small,small-nocache,corpus")
    opts = parser.parse_args()
    if not os.path.isdir(opts.corpus):
        raise SystemExit(f"no corpus at {opts.corpus} (--corpus DIR)")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; median of {opts.runs} paired runs")
    for case in opts.cases.split(","):
        {"bfcl": case_bfcl, "small": lambda o: case_small(o, True), "small-nocache": lambda o: case_small(o, False),
         "precommit": case_precommit, "corpus": case_corpus, "scale": case_scale}[case](opts)


if __name__ == "__main__":
    main()
