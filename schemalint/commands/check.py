"""`schemalint check` and `schemalint score`: load, lint, score, report, exit code."""
from __future__ import annotations

import os
import sys

from .. import __version__
from ..errors import EXIT_FINDINGS, EXIT_OK, UsageError
from ..config import Config, load_config
from ..engine.fingerprint import assign_occurrences
from ..engine.registry import RuleCatalog, get_rule, rule_categories
from ..engine.rule import toml_value
from ..files import check_writable, write_report
from ..engine.run import PARALLEL_MIN_TOOLS, SEVERITY_RANK, Selection, default_jobs, display_path, lint
from ..live.options import add_live_arguments, add_live_catalogs, finish as finish_live, start_live, wants_live
from ..loaders import INPUT_FORMATS, Catalog, load_paths
from ..reporters import FORMATS, get_streamer
from ..reporters.report import Report
from ..score import catalog_score, score_tools


def _split(values) -> list[str]:
    out = []
    for v in values or []:
        out.extend(x.strip() for x in str(v).split(",") if x.strip())
    return out


def build_selection(args, config: Config) -> Selection:
    known = rule_categories()  # no rule module is imported to check the names
    categories = set(known.values())

    def check_ids(ids, where):
        for i in ids:
            if i not in known and i not in categories and i != "ALL":
                from ..suggest import did_you_mean

                raise UsageError(f"{where}: unknown rule or category '{i}'{did_you_mean(i, [*known, *categories])} "
                                 "(see `schemalint rules`)")
        return ids

    where = config.path or "configuration"
    select = check_ids(_split(args.select), "--select") or check_ids(config.select, where)
    ignore = check_ids(config.ignore, where) + check_ids(_split(args.ignore), "--ignore")
    check_ids(list(config.severity), where)
    for ids in config.per_file_ignores.values():
        check_ids(ids, where)
    for rule_id, opts in config.options.items():
        cls = get_rule(rule_id)
        if cls is None:
            raise UsageError(f"{where}: options for unknown rule '{rule_id}'")
        for key, value in opts.items():
            if key not in cls.options:
                raise UsageError(f"{where}: rule '{rule_id}' has no option '{key}' "
                                 f"(options: {', '.join(cls.options) or 'none'})")
            problem = cls.option_problem(key, value)
            if problem:
                raise UsageError(f"{where}: option '{key}' of rule '{rule_id}' {problem}, not {toml_value(value)}")
    configured_providers = _providers(config.provider, where)
    providers = _providers(_split(args.provider), "--provider") or configured_providers
    settings = {
        "providers": providers,
        "contracts": list(args.contract) or list(config.contract),
        "contract_auth": config.contract_auth,
        "mappings": config.mappings,
        "config_dir": os.path.dirname(config.path) if config.path else os.getcwd(),
        "config_path": config.path,
        "lock": _lock(getattr(args, "lock", None), config),
        # the provider analysis per tool, shared by the provider rules and the compatibility matrix of this run
        "provider_issues": {},
    }
    return Selection(select=select, ignore=ignore, severity=dict(config.severity),
                     per_file_ignores=dict(config.per_file_ignores), options=dict(config.options),
                     settings=settings)


def _lock(path: str | None, config: Config):
    """The tools the lockfile pins, read once; None without one. A malformed lockfile is an input error here,
    before anything is linted."""
    if not path and config.lock:
        path = os.path.join(os.path.dirname(config.path or ""), config.lock)
    if not path:
        return None
    from ..diff.lock import LockError, read_lock

    try:
        from ..files import read_regular

        return read_lock(path, read_regular(path))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the lockfile: {exc.strerror}") from None
    except LockError as exc:
        raise UsageError(str(exc)) from None


def _providers(values, where) -> list[str]:
    if not values:  # the providers' tables are imported only when some are named
        return []
    from ..provider_matrix import UnknownProvider, expand_providers

    try:
        return expand_providers(values)
    except UnknownProvider as exc:
        raise UsageError(f"{where}: {exc}") from None


def add_arguments(p) -> None:
    """The options of check, which score and fix share."""
    p.add_argument("paths", nargs="*", help="files or folders to lint; - reads stdin")
    p.add_argument("--format", default=None, help="text, json, sarif, github, junit, markdown or gitlab")
    p.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    p.add_argument("--select", action="append", default=[], help="rule ids or categories to run (comma-separated)")
    p.add_argument("--ignore", action="append", default=[], help="rule ids or categories to skip (comma-separated)")
    p.add_argument("--input-format", help="treat every input as this format instead of detecting it")
    p.add_argument("--contract", action="append", default=[], help="backend OpenAPI: path, http(s) URL or REF:PATH")
    p.add_argument("--provider", action="append", default=[], help="check provider limits: openai, openai-strict, "
                   "anthropic, anthropic-strict, gemini, mcp, or all")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None)
    p.add_argument("--min-score", type=float, default=None, help="also fail when the catalog score is below this")
    p.add_argument("--baseline", help="report only findings not recorded in this baseline file")
    p.add_argument("--write-baseline", help="record the current findings in this baseline file")
    p.add_argument("--diff-base", metavar="REF", help="report only tools new or changed since this git ref")
    p.add_argument("--lock", metavar="FILE", help="report tools whose definition differs from this lockfile "
                   "(written by `schemalint lock`)")
    p.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    p.add_argument("--quiet", "-q", action="store_true", help="findings only: no hints, notes or summary")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never")
    p.add_argument("--no-color", action="store_true", help="the same as --color never")
    p.add_argument("--statistics", action="store_true", help="text report: count findings per rule instead of "
                   "listing them")
    p.add_argument("--verbose", "-v", action="store_true", help="list every skipped file, not only their count")
    p.add_argument("--no-ignore", action="store_true", help="also read files that .gitignore leaves out when "
                   "walking folders")
    p.add_argument("--allow-empty", action="store_true", help="succeed when the paths named hold no tool "
                   "definition (by default that is an error: nothing was linted)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help=f"processes that share a catalog of {PARALLEL_MIN_TOOLS:,} tools or more (default: "
                        f"2 when two CPUs are free, else 1; more than 2 are not used)")
    add_live_arguments(p)


def jobs_for(args) -> int:
    jobs = getattr(args, "jobs", None)
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    return jobs


def run_check(args) -> int:
    return _run(args)


run = run_check


class Prepared:
    """What every command that lints needs: the configuration, the rule selection, the inputs."""

    def __init__(self, args):
        self.live = start_live(args)  # live servers start while the rules load
        self.config = load_config(args.config)
        self.input_format = args.input_format or self.config.input_format
        if self.input_format and self.input_format not in INPUT_FORMATS:
            where = "--input-format" if args.input_format else f"{self.config.path}: input-format"
            raise UsageError(f"{where} must be one of {', '.join(INPUT_FORMATS)}")
        min_score = getattr(args, "min_score", None)
        if min_score is not None and not 0 <= min_score <= 100:
            raise UsageError(f"--min-score must be a number from 0 to 100, not {min_score}")
        self.selection = build_selection(args, self.config)
        # with live servers, files are linted only when named
        self.paths = args.paths or ([] if wants_live(args) else ["."])
        self.gitignore = not getattr(args, "no_ignore", False)
        self.args = args
        self.live_errors: list[str] = []

    def load(self):
        catalog = load_paths(self.paths, self.config.include or None, self.config.exclude, self.input_format,
                             gitignore=self.gitignore) if self.paths else Catalog()
        self.live_errors = add_live_catalogs(self.args, catalog, self.live)
        return catalog


def _refuse_nothing_linted(catalog, args) -> None:
    """Paths named on the command line that hold no tool at all are a mistake (an OpenAPI file, a layout schemalint
    does not read), not a pass: say what was skipped and why."""
    if not args.paths or catalog.tools or catalog.unreadable or getattr(args, "allow_empty", False):
        return
    named = ", ".join(args.paths[:3]) + (f" and {len(args.paths) - 3} more" if len(args.paths) > 3 else "")
    first = catalog.notes[0].split(": ", 1)[-1] if catalog.notes else ""  # "skipped PATH: why" -> "why"
    why = f": {first}" if len(catalog.notes) == 1 else \
        (f" ({len(catalog.notes)} files skipped, the first as {first})" if catalog.notes else "")
    raise UsageError(f"no tool definition found in {named}{why} (add --allow-empty to accept an empty run)")


def _run_notes(catalog) -> None:
    """What the run could not do, said once: a contract cache it skipped (slower, not wrong), patterns it could
    not match in bounded time (their values were not checked against them)."""
    cache = sys.modules.get("schemalint.contract.cache")
    if cache is not None:
        catalog.notes.extend(p for p in cache.problems if p not in catalog.notes)
    patterns = sys.modules.get("schemalint.patterns")
    if patterns is not None:
        for pattern, why in sorted(patterns.unchecked.items()):
            shown = pattern if len(pattern) <= 60 else pattern[:59] + "…"
            catalog.notes.append(f"pattern {shown!r} not checked against examples and defaults: {why}")


def _run(args) -> int:
    fmt = args.format or "text"
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if args.command == "score" and fmt not in ("text", "json"):
        raise UsageError(f"score --format must be text or json, not {fmt} (check writes {fmt} reports)")
    prepared = Prepared(args)
    config, selection = prepared.config, prepared.selection
    from ..progress import Progress

    with Progress() as progress:
        catalog = prepared.load()
        progress.update(f"linting {len(catalog.tools):,} tools in {len(catalog.documents):,} files")
        findings = lint(catalog, selection, jobs_for(args))
    if not findings:  # a file whose only tool is malformed is reported, not "nothing linted"
        _refuse_nothing_linted(catalog, args)
    assign_occurrences(findings)
    _run_notes(catalog)
    scores = score_tools(catalog.tools, findings, display_path)
    report = Report(findings=findings, scores=scores, files=len({t.file for t in catalog.tools}),
                    notes=catalog.notes, catalog_score=catalog_score(scores), version=__version__,
                    rules=RuleCatalog())
    if catalog.captures:
        report.extra["captures"] = catalog.captures
    if selection.settings["providers"]:
        from ..provider_matrix import build_matrix

        report.extra["provider_matrix"] = build_matrix(catalog.tools, selection.settings["providers"],
                                                    selection.settings["provider_issues"])
    if args.output:  # refuse a report path that cannot be written before a baseline is written
        problem = check_writable(args.output)
        if problem:
            raise UsageError(f"{args.output}: cannot write report: {problem}")
    _narrow(report, catalog, prepared, args)
    if args.command == "score":
        from .score import render_score

        text = render_score(report, fmt, args.top)
    else:
        text = _render(report, fmt, args)
    fail_on = args.fail_on or config.fail_on
    min_score = args.min_score if args.min_score is not None else config.min_score
    below = below_min_score(report, min_score)
    if below and fmt == "github":  # the run fails for it: the log's annotations say so too (github's report is a str)
        from ..reporters.github import escape_data

        text += f"::error title=schemalint min-score::{escape_data(below)}\n"
    write_report(text, args.output)
    if below:
        print(f"schemalint: {below}", file=sys.stderr)
    return finish_live(prepared.live_errors, exit_code(report, fail_on, min_score))


def below_min_score(report: Report, min_score: float | None) -> str | None:
    """Why the catalog score fails --min-score, or None."""
    if min_score is None or report.catalog_score is None or report.catalog_score >= min_score:
        return None
    return f"catalog score {report.catalog_score} is below --min-score {min_score:g}"


def _narrow(report: Report, catalog, prepared: Prepared, args) -> None:
    """--diff-base and --baseline: report only what a change introduced."""
    diff = None
    if getattr(args, "diff_base", None):
        from ..diffbase import DiffBaseError, narrow_report

        try:
            diff = narrow_report(report, catalog.tools, args.diff_base, prepared.input_format)
        except DiffBaseError as exc:
            raise UsageError(str(exc)) from None
    baseline = getattr(args, "baseline", None)
    if not baseline and prepared.config.baseline:  # relative to the configuration file
        baseline = os.path.join(os.path.dirname(prepared.config.path or ""), prepared.config.baseline)
    write = getattr(args, "write_baseline", None)
    if baseline or write:
        from ..baseline import BaselineError, narrow_report as apply_baseline_file

        try:
            apply_baseline_file(report, catalog, prepared.paths, baseline, write, diff)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None


def _render(report: Report, fmt: str, args):
    """The report as `write_report` takes it: pieces made as they are written for the large formats, else a str."""
    if fmt == "text":
        from ..reporters.text import color_choice, stream

        color = color_choice("never" if args.no_color else args.color, to_file=bool(args.output))
        return stream(report, color=color, quiet=args.quiet, statistics=args.statistics, verbose=args.verbose)
    return get_streamer(fmt)(report)


def exit_code(report: Report, fail_on: str, min_score: float | None) -> int:
    if min_score is not None and report.catalog_score is not None and report.catalog_score < min_score:
        return EXIT_FINDINGS
    if fail_on == "never":
        return EXIT_OK
    floor = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= floor for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK
