"""The hostile-input fuzzing of tests/test_fuzz_hostile.py, run longer: N mutated real catalogs (corpus tools
with hostile values and shapes, written as JSON, JSONL or YAML, sometimes damaged as text), every hostile document,
and N/4 hostile OpenAPI contracts through `generate`, each through check (text and JSON), score and fix --write.
Prints how many inputs and commands were tried, the exit codes, the slowest command, and every problem found
(a traceback, a command over 10 s, an exit 2 without a one-line error, a fix that lost a tool, property or unknown
key). Exit 1 when there is a problem.

    python benchmarks/fuzz_hostile.py --count 400 --seed 19
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import tests.helpers  # noqa: E402
if os.environ.get("SCHEMALINT_CORPUS"):  # the corpus beside a worktree that is not /work/main
    tests.helpers.CORPUS = os.environ["SCHEMALINT_CORPUS"]
from tests import fuzz_inputs as fuzz  # noqa: E402
from tests.test_fuzz_hostile import _fix_keeps_everything  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400, help="mutated catalogs to try")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tools = fuzz.real_tools(400)
    exits: collections.Counter = collections.Counter()
    problems: list[str] = []
    slowest = (0.0, "")
    commands = 0

    def command(*argv):
        nonlocal commands, slowest
        commands += 1
        started = time.perf_counter()
        try:
            code, _, err = fuzz.run(*argv)
        except fuzz.Hang:
            problems.append(f"{' '.join(argv)}: over {fuzz.HANG_SECONDS} s")
            return
        took = time.perf_counter() - started
        slowest = max(slowest, (took, " ".join(os.path.basename(a) for a in argv)))
        exits[code] += 1
        problems.extend(f"{' '.join(argv)}: {p}" for p in fuzz.problems_of_run(code, err, argv[1]))

    with tempfile.TemporaryDirectory(prefix="schemalint-fuzz-") as folder:
        inputs = []
        for i in range(args.count):
            chosen = [fuzz.mutate(rng.choice(tools), rng) for _ in range(rng.randint(1, 3))]
            name, raw = fuzz.render(chosen, rng)
            inputs.append((f"{i:05d}-{name}", raw))
        inputs += [(f"hostile-{name}", raw) for name, raw in fuzz.hostile_documents()]
        for name, raw in inputs:
            path = os.path.join(folder, name)
            with open(path, "wb") as fh:
                fh.write(raw)
            for argv in (("check", path, "--format", "json"), ("check", path), ("score", path)):
                command(*argv)
            commands += 1
            problems.extend(f"fix --write {name}: {p}" for p in _fix_keeps_everything(path))
        contracts = max(1, args.count // 4)
        for i in range(contracts):
            spec = os.path.join(folder, f"openapi-{i}.json")
            with open(spec, "w") as fh:
                json.dump(fuzz.hostile_openapi(rng), fh)
            command("generate", "--from", spec, "-o", os.path.join(folder, "generated.json"))
    print(f"inputs: {len(inputs)} catalogs ({args.count} mutated from {len(tools)} real tools, "
          f"{len(inputs) - args.count} hostile documents) and {contracts} hostile contracts")
    print(f"commands: {commands} (check x2, score, fix --write per catalog; generate per contract)")
    print(f"exit codes: {dict(sorted(exits.items()))}")
    print(f"slowest command: {slowest[0]:.2f} s ({slowest[1]})")
    print(f"problems: {len(problems)}")
    for problem in problems[:50]:
        print(f"  {problem[:400]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
