"""`schemalint generate --from` output of two trees, compared byte for byte on the corpus's OpenAPI specs.

    python benchmarks/generate_same.py BASE_TREE NEW_TREE [--out DIR] [--specs stripe,openai,notion] [--jobs 2]

For each spec (Stripe spec3.yaml, OpenAI, Notion) and each option set the generate tests use (the three formats,
with and without --trim, --trim -v, --trim --keep), both trees run `python -P -m schemalint generate --from SPEC
-o FILE ...` with PYTHONPATH set to the tree. The written catalog, the standard error (notes, accepted and remaining
findings, the summary line) and the exit status must be identical; one line per case says SAME or DIFFERENT.
A base tree's outputs are kept in DIR/base-* and reused by the next run (delete them when the base changes).
Exit status 1 when any case differs.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "openapi")
SPECS = {
    "stripe": os.path.join(CORPUS, "stripe-openapi", "spec3.yaml"),
    "openai": os.path.join(CORPUS, "openai-openapi", "openapi.yaml"),
    "notion": os.path.join(CORPUS, "notion-mcp-server", "notion-openapi.json"),
}
OPTION_SETS = {
    "mcp": ["--format", "mcp"],
    "openai": ["--format", "openai"],
    "anthropic": ["--format", "anthropic"],
    "mcp-trim": ["--format", "mcp", "--trim"],
    "openai-trim": ["--format", "openai", "--trim"],
    "anthropic-trim-v": ["--format", "anthropic", "--trim", "-v"],
    "mcp-trim-keep": ["--trim", "--keep", "amount,metadata,filter"],
}


def run(tree: str, spec: str, options: list, prefix: str) -> tuple[bytes, bytes, int]:
    """(catalog written, standard error, exit status) of one generate run of `tree`, also saved under `prefix`."""
    out = prefix + ".json"
    env = dict(os.environ, PYTHONPATH=os.path.abspath(tree), SCHEMALINT_NO_CACHE="1")
    proc = subprocess.run([sys.executable, "-P", "-m", "schemalint", "generate", "--from", spec, "-o", out,
                           *options], capture_output=True, env=env, timeout=1800)
    with open(prefix + ".err", "wb") as fh:
        fh.write(proc.stderr)
    with open(prefix + ".rc", "w") as fh:
        fh.write(str(proc.returncode))
    return _read(out), proc.stderr, proc.returncode


def saved(prefix: str) -> tuple[bytes, bytes, int] | None:
    try:
        with open(prefix + ".rc") as fh:
            code = int(fh.read())
        with open(prefix + ".err", "rb") as fh:
            err = fh.read()
    except (OSError, ValueError):
        return None
    return _read(prefix + ".json"), err, code


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def compare(base: str, new: str, out: str, spec_name: str, set_name: str) -> str:
    spec, options = SPECS[spec_name], OPTION_SETS[set_name]
    case = f"{spec_name}-{set_name}"
    before = saved(os.path.join(out, f"base-{case}"))
    if before is None:
        before = run(base, spec, options, os.path.join(out, f"base-{case}"))
    after = run(new, spec, options, os.path.join(out, f"new-{case}"))
    # the summary line names the file written
    before = (before[0], before[1].replace(os.path.join(out, f"base-{case}.json").encode(), b"OUT"), before[2])
    after = (after[0], after[1].replace(os.path.join(out, f"new-{case}.json").encode(), b"OUT"), after[2])
    parts = [name for name, a, b in zip(("catalog", "stderr", "exit status"), before, after) if a != b]
    verdict = "SAME" if not parts else "DIFFERENT (" + ", ".join(parts) + ")"
    return f"{case:<28} {verdict}   {len(after[0])} bytes, exit {after[2]}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("new")
    parser.add_argument("--out", default=None, help="folder for the outputs (default: a new temporary folder)")
    parser.add_argument("--specs", default=",".join(SPECS))
    parser.add_argument("--sets", default=",".join(OPTION_SETS))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="generate-same-")
    os.makedirs(out, exist_ok=True)
    cases = [(s, o) for s in args.specs.split(",") for o in args.sets.split(",")]
    missing = [SPECS[s] for s, _ in cases if not os.path.isfile(SPECS[s])]
    if missing:
        print(f"missing {', '.join(sorted(set(missing)))}", file=sys.stderr)
        return 2
    different = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for line in pool.map(lambda c: compare(args.base, args.new, out, *c), cases):
            print(line, flush=True)
            different += "DIFFERENT" in line
    print(f"{len(cases) - different} same, {different} different; outputs in {out}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
