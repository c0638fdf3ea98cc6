"""`schemalint diff BASE [HEAD]`: every change between two versions of a tool catalog, by what it does to
callers and models. Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on a usage or input error."""
from __future__ import annotations

import os
import sys

from ..config import DIFF_FAIL_ON_VALUES, load_config
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, print_error
from ..live.options import add_live_arguments, wants_live


def add_arguments(p) -> None:
    from ..diff.report import FORMATS

    p.add_argument("base", nargs="?", help="the old side: a file or folder, a git ref (the same paths at that ref), "
                   "REF:PATH, an OpenAPI document, or a lockfile")
    p.add_argument("head", nargs="?", help="the new side (default: the current folder)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    p.add_argument("--fail-on", choices=DIFF_FAIL_ON_VALUES, default=None,
                   help="exit 1 when a change at or above this level is found (default: breaking; any when BASE "
                        "is a lockfile)")
    p.add_argument("--accept", metavar="FILE", help="changes recorded in this accept file are reported as accepted "
                   "and never fail the run")
    p.add_argument("--write-accept", metavar="FILE", help="record every change found in this accept file "
                   "(keeping reasons already written) and exit 0")
    p.add_argument("--input-format", help="treat every catalog file as this format instead of detecting it")
    p.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    p.add_argument("--list-changes", action="store_true", help="list every change id with its level and exit")
    p.add_argument("--quiet", "-q", action="store_true", help="changes only: no notes or summary")
    add_live_arguments(p)
    p.add_argument("--calls", action="append", default=[], metavar="LOG", help="recorded tool calls (as `schemalint "
                   "calls` reads them): mark how many of them each breaking or behavioural change touches")


def run(args) -> int:
    if args.list_changes:
        sys.stdout.write(_change_list())
        return EXIT_OK
    if not args.base:
        raise UsageError("diff needs BASE (and HEAD, or the current folder): see `schemalint diff --help`")
    from ..diff.accept import read_accept, render_accept
    from ..diff.report import render
    from ..diff.run import DiffError, DiffSettings, fails, resolve_sides, run_diff
    from ..files import check_writable, write_atomic, write_report
    from ..loaders import INPUT_FORMATS

    config = load_config(args.config)
    input_format = args.input_format or config.input_format
    if input_format and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of {', '.join(INPUT_FORMATS)}")
    for path in (args.output, args.write_accept):
        problem = path and check_writable(path)
        if problem:
            raise UsageError(f"{path}: cannot write: {problem}")
    accept_path = args.accept or _configured(config, "accept")
    accepted = read_accept(accept_path) if accept_path else {}
    settings = DiffSettings(levels=dict(config.diff.get("levels", {})), accepted=accepted,
                            input_format=input_format)
    try:
        result = _live_diff(args, settings) if wants_live(args) else run_diff(*resolve_sides(args.base, args.head),
                                                                              settings)
    except DiffError as exc:
        raise UsageError(str(exc)) from None
    if args.calls:
        _mark_calls(result, args.calls)
    if args.write_accept:
        existing = read_accept(args.write_accept) if os.path.exists(args.write_accept) else {}
        write_atomic(args.write_accept, render_accept(result.entries + result.accepted, existing).decode())
    text = render(result, args.format, args.quiet)
    write_report(text, args.output)
    for problem in result.problems:
        print_error(problem)
    if result.problems:
        return EXIT_ERROR
    if args.write_accept:
        return EXIT_OK
    fail_on = args.fail_on or config.diff.get("fail-on") or ("any" if result.base.kind == "lock" else "breaking")
    return EXIT_FINDINGS if fails(result, fail_on) else EXIT_OK


def _live_diff(args, settings):
    """BASE (a lockfile, a capture, a git ref) against what the live servers list now. A server that cannot
    be read stops the diff: its tools would look removed."""
    from ..diff.run import diff_sides, _read
    from ..diff.sides import Side
    from ..live.options import add_live_catalogs
    from ..loaders import Catalog

    if args.head:
        raise UsageError("diff compares BASE with HEAD or with --server, not both")
    catalog = Catalog()
    errors = add_live_catalogs(args, catalog)
    if errors:
        raise UsageError("; ".join(errors) + " (nothing compared)")
    labels = ", ".join(doc.path for doc in catalog.documents)
    head = Side(labels, "catalog", catalog.tools, catalog.notes)
    return diff_sides(_read(args.base, ["."], settings, head), head, settings)


def _mark_calls(result, logs: list[str]) -> None:
    from ..calls.impact import mark_calls

    stats = mark_calls(result, logs)
    for line in stats.bad_lines:
        sys.stderr.write(f"schemalint: warning: {line}\n")
    if stats.records == 0:
        raise UsageError(f"no record could be read from {', '.join(logs)}")


def _configured(config, key: str) -> str | None:
    value = config.diff.get(key)
    if value and config.path:
        return os.path.join(os.path.dirname(config.path), value)
    return value


def _change_list() -> str:
    from ..compare.changes import CHANGES, LEVELS

    lines = []
    for level in LEVELS:
        for kind in CHANGES.values():
            if kind.level == level:
                lines.append(f"{kind.id:34} {kind.level:12} {kind.summary}")
    return "\n".join(lines) + "\n"
