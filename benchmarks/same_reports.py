"""Check that a change left every report byte-identical: run two source trees of schemalint over the corpus in
every output format and compare the bytes.

Usage: python benchmarks/same_reports.py BEFORE_TREE [AFTER_TREE] [--corpus DIR] [--jobs N ...] [--out DIR] [--plain]
  BEFORE_TREE  a source tree of the commit to compare with (`git archive <commit> | tar -x -C /tmp/before`)
  AFTER_TREE   default: this checkout
The reports of BEFORE_TREE are kept in --out and reused while the tree does not change. Each run is
`python -P -m schemalint check CORPUS --select ALL --provider all --format F --fail-on never`, from the
corpus's parent folder so paths match; `--jobs` lists the `--jobs` values the after tree is run with (each
must give the same bytes as the before tree with `--jobs 1`). `--plain` also compares the JSON of a run with no
options (default rules, no --provider), a path the runs above do not take: without --provider the provider rules
analyse only each tool's own provider. Exit 1 when any report differs.
"""
from __future__ import annotations

import argparse
import filecmp
import hashlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")
FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "gitlab")


def tree_key(tree: str) -> str:
    """A name for a tree's reports that changes when any of its Python files does."""
    digest = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(os.path.join(tree, "schemalint"))) + sorted(
            os.walk(os.path.join(tree, "rules"))):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                digest.update(path[len(tree):].encode())
                with open(path, "rb") as fh:
                    digest.update(fh.read())
    return digest.hexdigest()[:16]


def run(tree: str, corpus: str, fmt: str, out: str, jobs: int, plain: bool = False) -> None:
    env = {**os.environ, "PYTHONPATH": tree}
    scope = [] if plain else ["--select", "ALL", "--provider", "all"]
    args = [sys.executable, "-P", "-m", "schemalint", "check", os.path.basename(corpus), *scope,
            "--format", fmt, "--fail-on", "never", "--jobs", str(jobs), "-o", out]
    proc = subprocess.run(args, cwd=os.path.dirname(corpus), env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args[3:])} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=os.path.dirname(HERE))
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS))
    parser.add_argument("--out", default="/tmp/schemalint-same-reports")
    # the default rules without --provider: the provider rules then analyse only each tool's own provider
    parser.add_argument("--plain", action="store_true", help="also compare the JSON of a run with no options")
    opts = parser.parse_args()
    corpus = os.path.abspath(opts.corpus)
    if not os.path.isdir(corpus):
        raise SystemExit(f"no corpus at {corpus}")
    before_dir = os.path.join(opts.out, "before-" + tree_key(os.path.abspath(opts.before)))
    after_dir = os.path.join(opts.out, "after")
    os.makedirs(before_dir, exist_ok=True)
    os.makedirs(after_dir, exist_ok=True)
    differ = 0
    for fmt in opts.formats:
        expected = os.path.join(before_dir, f"corpus.{fmt}")
        if not os.path.exists(expected):
            run(os.path.abspath(opts.before), corpus, fmt, expected, 1)
        for jobs in opts.jobs:
            got = os.path.join(after_dir, f"corpus.jobs{jobs}.{fmt}")
            run(os.path.abspath(opts.after), corpus, fmt, got, jobs)
            same = filecmp.cmp(expected, got, shallow=False)
            differ += not same
            print(f"{fmt:9} --jobs {jobs}: {'same' if same else 'DIFFERENT'} ({os.path.getsize(got):,} bytes)"
                  + ("" if same else f"  diff {expected} {got}"))
    if opts.plain:
        expected = os.path.join(before_dir, "corpus.plain.json")
        if not os.path.exists(expected):
            run(os.path.abspath(opts.before), corpus, "json", expected, 1, plain=True)
        got = os.path.join(after_dir, "corpus.plain.json")
        run(os.path.abspath(opts.after), corpus, "json", got, 1, plain=True)
        same = filecmp.cmp(expected, got, shallow=False)
        differ += not same
        print(f"json, no options: {'same' if same else 'DIFFERENT'} ({os.path.getsize(got):,} bytes)"
              + ("" if same else f"  diff {expected} {got}"))
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
