"""Time `schemalint diff` beside `check` (and `generate`) on the same input, and print speed and memory.

Usage: python benchmarks/diff.py [--corpus DIR] [--runs N] [--seed S] [--stripe-base PATH] [--profile N]

Two cases, each command run in a fresh process (as a user or CI would), N times, the commands of a case taking
turns (run 1 of each, then run 2 of each, ...) so that other work on the machine weighs on all of them alike;
the table gives the median wall time, the median CPU time (user + system: steadier than wall time on a busy
machine), the peak RSS of that command's process (the largest over its runs), and the ratio of wall time to
the case's `check` (issue 13's target: a diff costs no more than a `check` of the larger side).

- bfcl: BASE is the corpus's bfcl/bfcl_unique_functions.json (3,526 tools). HEAD is a copy with 200 changes
  drawn with a fixed seed (parameters removed, added, made required or added as required; enum values removed;
  types changed; bounds added; defaults added or changed; tool and parameter descriptions reworded; tools
  removed, renamed and added), written to a temp folder. Timed: `diff BASE HEAD`, `diff BASE BASE` and
  `check HEAD` (HEAD is the larger side), all with `--format json -o FILE`. The changes diff reports are
  counted against the ones planted, by change id.
- stripe: NEW is the corpus's openapi/stripe-openapi/spec3.yaml (stripe/openapi at
  63a674638635c68de26b9f3add13e58198f4df44, 2023-09-12, API version 2023-08-16). OLD is not committed (4 MB);
  the figures in the note were taken with openapi/spec3.yaml at stripe/openapi commit
  4326f1ff5d4d430d25f6c3c9129f670f9b275e01 (2023-08-10, API version 2022-11-15, 454 operations; sha256
  4fa8562940ea9fc5788b91fd9cafeaaf385b95bec637c04a074ccd75699b3149). Get it with
      git clone https://github.com/stripe/openapi && \\
      git -C openapi show 4326f1ff5d4d430d25f6c3c9129f670f9b275e01:openapi/spec3.yaml > /tmp/spec3-old.yaml
  and pass `--stripe-base /tmp/spec3-old.yaml`; without it the case is skipped. Timed: `diff OLD NEW`,
  `diff NEW NEW`, `check GENERATED --contract NEW` (GENERATED is `generate --from NEW --include-deprecated`,
  made once, untimed) and `generate --from NEW`.

`--profile N` runs each `diff BASE HEAD` / `diff OLD NEW` once more under cProfile and prints its N top
entries by cumulative time.
"""
from __future__ import annotations

import argparse
import collections
import copy
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")
BFCL = os.path.join("bfcl", "bfcl_unique_functions.json")
STRIPE = os.path.join("openapi", "stripe-openapi", "spec3.yaml")
CHANGES = 200


def run(args: list[str], python_args: tuple = (), cache: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MiB and CPU seconds of one `schemalint` run. The RSS and CPU are this child's
    own (os.wait4), not the running totals over every child that getrusage(RUSAGE_CHILDREN) gives. Runs are
    cold (no on-disk cache, as a first CI run) unless `cache` names a cache folder."""
    env = dict(os.environ, SCHEMALINT_CACHE_DIR=cache) if cache else dict(os.environ, SCHEMALINT_NO_CACHE="1")
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *python_args, "-m", "schemalint", *args],
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"schemalint {' '.join(args)} failed ({proc.returncode}): "
                             f"{err.read().decode('utf-8', 'replace').strip()[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(rows: list[tuple], runs: int) -> list[tuple]:
    """[(label, median wall, peak RSS, median CPU)] of `rows` [(label, args, cache)], run in turns."""
    samples: dict = {label: [] for label, _, _ in rows}
    for _ in range(runs):
        for label, args, cache in rows:
            samples[label].append(run(args, cache=cache))
    return [(label, statistics.median(w for w, _, _ in samples[label]), max(p for _, p, _ in samples[label]),
             statistics.median(c for _, _, c in samples[label])) for label, _, _ in rows]


# --- BFCL: 200 planted changes ---------------------------------------------------------------------------------

def _props(tool: dict) -> dict:
    params = tool.get("parameters")
    props = params.get("properties") if isinstance(params, dict) else None
    return props if isinstance(props, dict) else {}


def _required(tool: dict) -> list:
    req = tool["parameters"].get("required")
    return req if isinstance(req, list) else []


def _optional(tool: dict) -> list[str]:
    return [p for p in _props(tool) if p not in _required(tool)]


def _with_type(*types: str):
    """Which tools qualify: those with a parameter of one of these types (the list of their names)."""
    return lambda tool: [p for p, s in _props(tool).items() if isinstance(s, dict) and s.get("type") in types]


def _remove_param(tool, rng):
    name = rng.choice(list(_props(tool)))
    del tool["parameters"]["properties"][name]
    if name in _required(tool):
        tool["parameters"]["required"] = [r for r in _required(tool) if r != name]


def _add_param(tool, rng, required=False):
    tool["parameters"]["properties"]["bench_extra"] = {"type": "string",
                                                       "description": "An extra filter added for the benchmark."}
    if required:
        tool["parameters"]["required"] = _required(tool) + ["bench_extra"]


def _make_required(tool, rng):
    tool["parameters"]["required"] = _required(tool) + [rng.choice(_optional(tool))]


def _remove_enum_value(tool, rng):
    name = rng.choice(_with_enum(tool))
    schema = tool["parameters"]["properties"][name]
    schema["enum"] = schema["enum"][:-1]


def _with_enum(tool) -> list[str]:
    return [p for p, s in _props(tool).items() if isinstance(s, dict) and isinstance(s.get("enum"), list)
            and len(s["enum"]) >= 2 and s.get("type") in ("string", "integer")]


def _change_type(tool, rng):
    name = rng.choice(_with_type("string")(tool))
    schema = tool["parameters"]["properties"][name]
    schema["type"] = "integer"


def _tighten_bound(tool, rng):
    name = rng.choice(_unbounded(tool))
    schema = tool["parameters"]["properties"][name]
    if schema["type"] == "integer":
        schema["maximum"] = 1000
    else:
        schema["maxLength"] = 64


def _unbounded(tool) -> list[str]:
    return [p for p in _with_type("integer", "string")(tool) if not {"maximum", "maxLength"} & set(_props(tool)[p])]


def _set_default(tool, rng) -> str:
    """A new default, or a different one; returns which of the two it made."""
    name = rng.choice(_with_type("integer", "boolean")(tool))
    schema = tool["parameters"]["properties"][name]
    changed = "default" in schema
    old = schema.get("default")
    if schema["type"] == "boolean":
        schema["default"] = not old if isinstance(old, bool) else True
    else:
        schema["default"] = old + 7 if isinstance(old, int) and not isinstance(old, bool) else 7
    return "default-changed" if changed else "default-added"


def _reword_description(tool, rng):
    tool["description"] = f"{tool['description'].rstrip('. ')}. Returns the result as a JSON object."


def _reword_param_description(tool, rng):
    name = rng.choice(_with_description(tool))
    schema = tool["parameters"]["properties"][name]
    schema["description"] = f"{schema['description'].rstrip('. ')} (as shown to the user)."


def _with_description(tool) -> list[str]:
    return [p for p, s in _props(tool).items() if isinstance(s, dict) and isinstance(s.get("description"), str)
            and s["description"]]


def _rename_tool(tool, rng):
    tool["name"] = f"{tool['name']}_v2"


# kind -> (the change id diff should report, which tools qualify, the mutation: it may return the id instead)
MUTATIONS = {
    "param removed": ("param-removed", lambda t: len(_props(t)) >= 1, _remove_param),
    "param added": ("param-added", lambda t: "bench_extra" not in _props(t), _add_param),
    "required param added": ("required-param-added", lambda t: "bench_extra" not in _props(t),
                             lambda t, rng: _add_param(t, rng, required=True)),
    "param made required": ("param-now-required", _optional, _make_required),
    "enum value removed": ("enum-value-removed", _with_enum, _remove_enum_value),
    "type changed": ("type-changed", _with_type("string"), _change_type),
    "bound added": ("bound-tightened", lambda t: _unbounded(t), _tighten_bound),
    "default added or changed": (None, _with_type("integer", "boolean"), _set_default),
    "description reworded": ("description-changed", lambda t: isinstance(t.get("description"), str),
                             _reword_description),
    "param description reworded": ("param-description-changed", _with_description, _reword_param_description),
    "tool removed": ("tool-removed", lambda t: True, None),
    "tool renamed": ("tool-renamed", lambda t: True, _rename_tool),
    "tool added": ("tool-added", None, None),
}


def plant_changes(tools: list[dict], count: int, seed: int) -> tuple[list[dict], collections.Counter]:
    """A copy of `tools` with `count` changes, one per tool (tools whose name is listed once), and the change
    ids diff should report for them."""
    rng = random.Random(seed)
    kinds = [k for _, k in zip(range(count), _cycle(list(MUTATIONS)))]
    rng.shuffle(kinds)
    names = collections.Counter(t.get("name") for t in tools)
    pool = [i for i, t in enumerate(tools) if names[t.get("name")] == 1 and isinstance(t.get("parameters"), dict)
            and f"{t['name']}_v2" not in names]
    rng.shuffle(pool)
    head = copy.deepcopy(tools)
    expected: collections.Counter = collections.Counter()
    removed, used = set(), set()
    added = 0
    for kind in kinds:
        change_id, qualifies, mutate = MUTATIONS[kind]
        if kind == "tool added":
            added += 1
            head.append(_new_tool(added))
            expected[change_id] += 1
            continue
        index = next(i for i in pool if i not in used and qualifies(head[i]))
        used.add(index)
        if kind == "tool removed":
            removed.add(index)
        else:
            change_id = mutate(head[index], rng) or change_id
        expected[change_id] += 1
    return [t for i, t in enumerate(head) if i not in removed], expected


def _cycle(items):
    while True:
        yield from items


def _new_tool(n: int) -> dict:
    return {"name": f"bench_added_tool_{n}",
            "description": f"Look up benchmark record number {n} and return its fields.",
            "parameters": {"type": "dict", "properties": {
                "record_id": {"type": "string", "description": "The record to read."},
                f"include_history_{n}": {"type": "boolean", "description": "Also return past versions."}},
                "required": ["record_id"]}}


def bfcl_case(corpus: str, tmp: str, runs: int, seed: int) -> tuple[list, dict]:
    base = os.path.join(corpus, BFCL)
    with open(base, "rb") as fh:
        tools = json.load(fh)
    head_tools, expected = plant_changes(tools, CHANGES, seed)
    os.makedirs(os.path.join(tmp, "head"))
    head = os.path.join(tmp, "head", os.path.basename(base))
    with open(head, "w") as fh:
        json.dump(head_tools, fh, indent=1)
    out = os.path.join(tmp, "bfcl-diff.json")
    rows = [
        ("diff BASE HEAD", ["diff", base, head, "--format", "json", "-o", out, "--fail-on", "never"]),
        ("diff BASE BASE", ["diff", base, base, "--format", "json", "-o", os.path.join(tmp, "same.json")]),
        ("check HEAD", ["check", head, "--format", "json", "-o", os.path.join(tmp, "check.json"),
                        "--fail-on", "never"]),
    ]
    table = measure([(label, args, None) for label, args in rows], runs)
    _report_found(out, expected)
    return table, {"diff BASE HEAD": rows[0][1]}


def _report_found(out: str, expected: collections.Counter) -> None:
    with open(out, "rb") as fh:
        report = json.load(fh)
    found = collections.Counter(c["change"] for c in report["changes"])
    print(f"bfcl: {sum(expected.values())} changes planted, {sum(found.values())} reported; "
          f"summary {report['summary']}")
    differ = [c for c in sorted(set(expected) | set(found)) if expected[c] != found[c]]
    if differ:
        print("  differences (a rename that fits two removed tools is reported as removal + addition, by design):")
    for change_id in differ:
        print(f"  {change_id}: planted {expected[change_id]}, reported {found[change_id]}")


# --- Stripe: two versions of spec3.yaml ------------------------------------------------------------------------

def stripe_case(corpus: str, old: str, tmp: str, runs: int) -> tuple[list, dict]:
    new = os.path.join(corpus, STRIPE)
    old, new = _as_diff_reads_them(old, new, tmp)
    generated = os.path.join(tmp, "stripe-generated.json")
    run(["generate", "--from", new, "--include-deprecated", "-o", generated, "-q"])
    out = os.path.join(tmp, "stripe-diff.json")
    check = ["check", generated, "--contract", new, "--format", "json", "-o", os.path.join(tmp, "check.json"),
             "--fail-on", "never"]
    cache = os.path.join(tmp, "cache")
    run(check, cache=cache)  # fills the cache for the warm row
    rows = [
        ("diff OLD NEW", ["diff", old, new, "--format", "json", "-o", out, "--fail-on", "never"]),
        ("diff NEW NEW", ["diff", new, new, "--format", "json", "-o", os.path.join(tmp, "same.json")]),
        ("check GENERATED --contract NEW", check),
        ("  same, warm cache", check),
        ("generate --from NEW", ["generate", "--from", new, "-o", os.path.join(tmp, "generated-again.json"),
                                 "-q"]),
    ]
    table = measure([(label, args, cache if label.endswith("warm cache") else None) for label, args in rows], runs)
    with open(out, "rb") as fh:
        report = json.load(fh)
    print(f"stripe: summary {report['summary']}; "
          f"{dict(collections.Counter(c['change'] for c in report['changes']).most_common())}")
    return table, {"diff OLD NEW": rows[0][1]}


def _as_diff_reads_them(old: str, new: str, tmp: str) -> tuple[str, str]:
    """Stripe's spec3.yaml lists `openapi:` after 40,000 lines of `components:`. When diff does not see an
    OpenAPI document in it (it reads no tool from either side), compare copies with that line moved first (the
    same document) and say so."""
    probe = os.path.join(tmp, "probe.json")
    run(["diff", old, new, "--format", "json", "-o", probe, "--fail-on", "never"])
    with open(probe, "rb") as fh:
        summary = json.load(fh)["summary"]
    if summary["tools_before"] or summary["tools_after"]:
        return old, new
    print("stripe: diff reads no tool from either spec3.yaml (`openapi:` is not near the top); timing copies with "
          "the `openapi:` line moved first")
    return _openapi_first(old, os.path.join(tmp, "old.yaml")), _openapi_first(new, os.path.join(tmp, "new.yaml"))


def _openapi_first(path: str, dest: str) -> str:
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    first = [line for line in lines if line.startswith(("openapi:", "swagger:"))]
    with open(dest, "w", encoding="utf-8") as fh:
        fh.writelines(first + [line for line in lines if line not in first])
    return dest


# --- table and profile -----------------------------------------------------------------------------------------

def print_table(cases: list[tuple[str, list]]) -> None:
    print(f"\n{'case':8} {'command':32} {'median wall s':>13} {'median CPU s':>12} {'peak RSS MB':>12} "
          f"{'/ check':>8}")
    for case, rows in cases:
        check = next(wall for label, wall, _, _ in rows if label.startswith("check"))
        for label, wall, peak, cpu in rows:
            print(f"{case:8} {label:32} {wall:13.2f} {cpu:12.2f} {peak:12.0f} {wall / check:7.2f}x")


def profile(commands: dict, top: int, tmp: str) -> None:
    for label, args in commands.items():
        stats_file = os.path.join(tmp, "profile.out")
        run(args, ("-m", "cProfile", "-o", stats_file))
        print(f"\nprofile of {label} (top {top} by cumulative time):")
        pstats.Stats(stats_file, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)


def _stripe_skipped(opts) -> str | None:
    if not os.path.exists(os.path.join(opts.corpus, STRIPE)):
        return f"no {STRIPE} under {opts.corpus}"
    if not opts.stripe_base or not os.path.isfile(opts.stripe_base):
        missing = f"{opts.stripe_base} is missing" if opts.stripe_base else "no --stripe-base given"
        return f"{missing} (an older stripe/openapi spec3.yaml: `python {sys.argv[0]} --help` says which and how)"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--stripe-base", help="an older stripe/openapi openapi/spec3.yaml (see the docstring)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile each diff once and print its N top cumulative entries")
    opts = parser.parse_args()
    cases, to_profile = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        if os.path.exists(os.path.join(opts.corpus, BFCL)):
            rows, commands = bfcl_case(opts.corpus, os.path.join(tmp, "bfcl"), opts.runs, opts.seed)
            cases.append(("bfcl", rows))
            to_profile.update({f"bfcl {k}": v for k, v in commands.items()})
        else:
            print(f"bfcl: skipped, no {BFCL} under {opts.corpus}")
        skip = _stripe_skipped(opts)
        if skip:
            print(f"stripe: skipped, {skip}")
        else:
            os.makedirs(os.path.join(tmp, "stripe"))
            rows, commands = stripe_case(opts.corpus, opts.stripe_base, os.path.join(tmp, "stripe"), opts.runs)
            cases.append(("stripe", rows))
            to_profile.update({f"stripe {k}": v for k, v in commands.items()})
        if cases:
            print_table(cases)
        if opts.profile:
            profile(to_profile, opts.profile, tmp)


if __name__ == "__main__":
    main()
