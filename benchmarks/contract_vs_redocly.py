"""Wall time of `schemalint check` with a contract, and of `schemalint generate --from`, against `redocly lint` on
the same 4 MB Stripe spec.

    python benchmarks/contract_vs_redocly.py [--redocly PATH] [--runs 5] [--only check|generate]
                                             [--baseline TREE]

`generate` (issue 20: at most 0.6x redocly's wall time) is timed writing the whole catalog to a file, cold (no
cache: the contract is validated) and warm; with --baseline, the same command of another tree (PYTHONPATH=TREE,
say /tmp/base) is timed in the same rounds.

A 50-tool catalog is derived from the spec's operations (tests/test_drift_mutations.py), then each command is run
`--runs` times as a subprocess, alternating, and the medians of wall time and of user CPU time are compared.
schemalint is measured three ways: cold (empty validation cache: the contract is validated), warm (the contract's
validation is cached, the state of every run after the first on an unchanged contract) and without validation
(`--ignore contract-invalid`). The machine may be shared: compare the ratios of one run, and the user CPU.
redocly: `npm install --prefix /tmp/redocly @redocly/cli@2.77.0` (outside the repository), or pass --redocly.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
SPEC = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "openapi", "stripe-openapi", "spec3.yaml")


def timed(cmd, env=None) -> tuple[float, float]:
    """(wall seconds, user CPU seconds) of one run of cmd, its children included."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped above
    return time.perf_counter() - start, usage.ru_utime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redocly", default=shutil.which("redocly") or "/tmp/redocly/node_modules/.bin/redocly")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spec", default=SPEC)
    parser.add_argument("--only", choices=("check", "generate"), help="time only these schemalint commands")
    parser.add_argument("--baseline", help="another tree whose `generate` is timed too (PYTHONPATH=TREE)")
    args = parser.parse_args()
    if not os.path.isfile(args.spec):
        print(f"missing {args.spec}", file=sys.stderr)
        return 2
    if not os.path.exists(args.redocly):
        print(f"redocly not found at {args.redocly}: npm install --prefix /tmp/redocly @redocly/cli@2.77.0",
              file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="sl-bench-")
    tools: list = []
    if args.only != "generate":
        from tests.test_drift_mutations import _load, derive_tools

        tools = derive_tools(_load(args.spec), limit=50, with_params=True)
        catalog = os.path.join(work, "tools.json")
        with open(catalog, "w", encoding="utf-8") as fh:
            json.dump({"tools": tools}, fh, indent=2)
        check = [sys.executable, "-m", "schemalint", "check", catalog, "--contract", args.spec, "--format", "json"]
        warm_env = dict(os.environ, SCHEMALINT_CACHE_DIR=os.path.join(work, "warm-cache"))
        subprocess.run(check, stdout=subprocess.DEVNULL, env=warm_env)  # fills the warm cache
    redocly = [args.redocly, "lint", args.spec, "--format", "summary"]
    # no usage report or update check: nothing but the spec on this machine is read
    redocly_env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true")
    generate = [sys.executable, "-P", "-m", "schemalint", "generate", "--from", args.spec,
                "-o", os.path.join(work, "generated.json")]
    runs = {"redocly lint": (redocly, lambda i: redocly_env)}
    if args.only != "generate":
        def cold_env(i):
            return dict(os.environ, SCHEMALINT_CACHE_DIR=os.path.join(work, f"cold-{i}"))

        runs.update({"schemalint warm": (check, lambda i: warm_env), "schemalint cold": (check, cold_env),
                     "schemalint no-validation": (check + ["--ignore", "contract-invalid"], cold_env)})
    if args.only != "check":
        trees = {"": ROOT} | ({" (baseline)": os.path.abspath(args.baseline)} if args.baseline else {})
        for label, tree in trees.items():
            tree_env = dict(os.environ, PYTHONPATH=tree)
            warm = dict(tree_env, SCHEMALINT_CACHE_DIR=os.path.join(work, f"generate-warm-{len(label)}"))
            subprocess.run(generate, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=warm)  # fills it
            runs[f"generate warm{label}"] = (generate, lambda i, env=warm: env)
            runs[f"generate cold{label}"] = (generate, lambda i, env=tree_env: dict(env, SCHEMALINT_NO_CACHE="1"))
    times = {name: [] for name in runs}
    for i in range(args.runs):  # interleaved: each round runs every command once
        for name, (cmd, env) in runs.items():
            times[name].append(timed(cmd, env(i)))
    shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(wall for wall, _ in times["redocly lint"])
    base_user = statistics.median(user for _, user in times["redocly lint"])
    what = f"{len(tools)} tools against " if tools else ""
    print(f"{what}{args.spec} ({os.path.getsize(args.spec) / 1e6:.1f} MB), {args.runs} interleaved runs")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        user = statistics.median(u for _, u in values)
        print(f"  {name:<26} median {wall:6.3f} s (ratio to redocly {wall / base:5.2f})   "
              f"user CPU {user:6.3f} s (ratio {user / base_user:5.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
