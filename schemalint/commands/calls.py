"""`schemalint calls LOG... --tools PATHS`: recorded tool calls sorted into ok, model errors, drift, unknown tools
and failures, grouped by (class, tool, param, keyword). Exit 1 when a group of a class at or above --fail-on
exists (default: drift, so drift and unknown-tool), 2 when no record could be read or on a usage error."""
from __future__ import annotations

import sys

from ..errors import EXIT_FINDINGS, EXIT_OK, UsageError

# --fail-on CLASS fails on that class and every class above it
FAIL_ORDER = ("model-error", "failed", "drift", "unknown-tool")
DEFAULT_FAIL_ON = "drift"


def add_arguments(p) -> None:
    from ..calls.report import FORMATS

    p.add_argument("logs", nargs="+", metavar="LOG", help="recorded calls: JSON or JSONL files, gzip too; - is "
                   "stdin")
    p.add_argument("--tools", action="append", default=[], metavar="PATH",
                   help="the tool catalog the model was given: files or folders, as `check` reads them "
                        "(repeatable; or a live server with --server / --mcp-config)")
    p.add_argument("--contract", action="append", default=[], help="backend OpenAPI: path, http(s) URL or "
                   "REF:PATH (tools map to operations as in `check --contract`)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    p.add_argument("--fail-on", choices=FAIL_ORDER + ("never",), default=None,
                   help="exit 1 when a group of this class or a class above it exists (model-error < failed < "
                        "drift < unknown-tool; default: drift)")
    p.add_argument("--show-values", action="store_true", help="show argument values and error texts as recorded "
                   "(by default they are redacted to shapes)")
    p.add_argument("--input-format", help="treat every catalog file as this format instead of detecting it")
    p.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    from ..live.options import add_live_arguments

    add_live_arguments(p)


def run(args) -> int:
    from ..calls.classify import Classifier
    from ..calls.describe import describe
    from ..calls.hints import description_hints
    from ..calls.report import render
    from ..calls.run import load_catalog, progress_stream, read_calls
    from ..config import load_config
    from ..files import check_writable, write_report
    from ..loaders import INPUT_FORMATS

    config = load_config(args.config)
    input_format = args.input_format or config.input_format
    if input_format and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of {', '.join(INPUT_FORMATS)}")
    if args.logs.count("-") > 1:
        raise UsageError("standard input (-) can be read once")
    problem = args.output and check_writable(args.output)
    if problem:
        raise UsageError(f"{args.output}: cannot write report: {problem}")
    from ..live.options import wants_live

    if not args.tools and not wants_live(args):
        raise UsageError("--tools (files or folders) or --server / --mcp-config names the catalog the model saw")
    catalog, server_errors = load_catalog(args.tools, list(args.contract) or list(config.contract), config,
                                          input_format, live=args)
    classifier = Classifier(catalog.tools, catalog.mappings)
    reading = read_calls(args.logs, classifier, args.show_values, progress_stream())
    stats, tally = reading.stats, reading.tally
    notes = list(catalog.notes)
    for line in stats.bad_lines:
        sys.stderr.write(f"schemalint: warning: {line}\n")
    if stats.bad_count > len(stats.bad_lines):
        sys.stderr.write(f"schemalint: warning: {stats.bad_count - len(stats.bad_lines)} more bad lines skipped\n")
    if stats.records == 0:
        raise UsageError(f"no record could be read from {', '.join(args.logs)}")
    if stats.bad_count:
        notes.append(f"{stats.bad_count} bad line{'s' if stats.bad_count != 1 else ''} skipped "
                     f"(first: {stats.bad_lines[0]})")
    pairing = reading.pairer.stats
    if pairing.orphan_results:
        notes.append(f"{pairing.orphan_results} result{'s' if pairing.orphan_results != 1 else ''} with no "
                     f"matching call in the logs "
                     f"(first: {pairing.first_orphans[0]})")
    notes.extend(classifier.unchecked_contracts)
    if classifier.uncompiled:
        names = ", ".join(map(repr, classifier.uncompiled[:5]))
        notes.append(f"{len(classifier.uncompiled)} tool schema{'s are' if len(classifier.uncompiled) != 1 else ' is'} "
                     f"not valid JSON Schema (see `schemalint check`); "
                     f"calls to them were not checked against them: {names}")
    calls = sum(tally.summary.values())
    if calls == 0:
        notes.append(f"no tool call found in {stats.records} records")
    groups = describe(tally, description_hints(classifier, tally))
    summary = {"calls": calls, **tally.summary, "_per_tool": tally.per_tool}
    text = render(args.format, summary, groups, notes)
    if args.format in ("json", "github"):  # their shape has no place for notes: said on stderr
        for note in notes:
            if not note.startswith(f"{stats.bad_count} bad line"):  # each bad line was said already
                sys.stderr.write(f"schemalint: note: {note}\n")
    write_report(text, args.output)
    from ..live.options import finish

    return finish(server_errors, _exit_code(groups, args.fail_on or DEFAULT_FAIL_ON))


def _exit_code(groups: list, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    floor = FAIL_ORDER.index(fail_on)
    failing = {cls for cls in FAIL_ORDER[floor:]}
    return EXIT_FINDINGS if any(g.cls in failing for g in groups) else EXIT_OK
