"""Writing a report whole (one str, as before issue 20) and in pieces (`reporters.stream`), side by side.

Usage: python benchmarks/report_writing.py CATALOG [--formats json,sarif,text] [--runs 5]

Lints CATALOG once, then writes its report with `-o` semantics (a temp file renamed over the target), alternating
the two ways, and prints per way the median CPU and wall time and the rise of peak RSS over the RSS before the write
(Linux: the peak is reset through /proc/self/clear_refs before each write). Only the first write of each way counts
memory the process had to get from the system; later ones reuse what the earlier freed, so the rise is shown per run.
Both ways write the same bytes (checked).
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time

import orjson


def peak_and_rss() -> tuple[int, int]:
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) // 1024
    return values["VmHWM"], values["VmRSS"]


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def build_report(path: str):
    from schemalint import __version__
    from schemalint.engine.fingerprint import assign_occurrences
    from schemalint.engine.registry import RuleCatalog
    from schemalint.engine.run import Selection, display_path, lint
    from schemalint.loaders import load_paths
    from schemalint.reporters.report import Report
    from schemalint.score import catalog_score, score_tools

    catalog = load_paths([path])
    findings = lint(catalog, Selection(), 1)
    assign_occurrences(findings)
    scores = score_tools(catalog.tools, findings, display_path)
    return Report(findings=findings, scores=scores, files=len({t.file for t in catalog.tools}), notes=catalog.notes,
                  catalog_score=catalog_score(scores), version=__version__, rules=RuleCatalog())


def ways(report) -> dict:
    """Per format: (whole str as the reporters made it before, pieces as `check` writes them now)."""
    from schemalint.reporters import json, sarif, text
    from schemalint.reporters.stream import whole

    def whole_json(module):
        return lambda: orjson.dumps(whole(module._lazy(report)), option=orjson.OPT_INDENT_2).decode() + "\n"

    return {
        "json": (whole_json(json), lambda: json.stream(report)),
        "sarif": (whole_json(sarif), lambda: sarif.stream(report)),
        "text": (lambda: "".join(list(text.stream(report, color=False))), lambda: text.stream(report, color=False)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog")
    parser.add_argument("--formats", default="json,sarif,text")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from schemalint.files import write_report

    gc.disable()  # as the command line runs (cli.py): no collection walks the loaded catalog again
    report = build_report(args.catalog)
    print(f"{len(report.scores):,} tools, {len(report.findings):,} findings")
    made = ways(report)
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "report")
        for fmt in args.formats.split(","):
            runs: dict[str, list] = {"whole": [], "pieces": []}
            written = {}
            for _ in range(args.runs):
                for way, make in zip(runs, made[fmt]):
                    reset_peak()
                    _, rss = peak_and_rss()
                    cpu, wall = time.process_time(), time.perf_counter()
                    write_report(make(), target)
                    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                    runs[way].append((cpu, wall, peak_and_rss()[0] - rss))
                    with open(target, "rb") as fh:
                        written[way] = hash(fh.read())
            same = "same bytes" if written["whole"] == written["pieces"] else "DIFFERENT BYTES"
            for way, results in runs.items():
                print(f"{fmt:6} {way:7} cpu {statistics.median(r[0] for r in results):.3f} s  "
                      f"wall {statistics.median(r[1] for r in results):.3f} s  "
                      f"peak rise MiB {[r[2] for r in results]}  {same}, {os.path.getsize(target):,} bytes")


if __name__ == "__main__":
    main()
