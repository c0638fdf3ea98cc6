"""Command line: `schemalint check|score|fix|generate|diff|lock|rules|explain ...`."""
from __future__ import annotations

import argparse
import sys

from . import __version__

COMMANDS = ("check", "score", "fix", "generate", "rules", "explain")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _common(p: argparse.ArgumentParser) -> None:
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
    p.add_argument("--no-color", action="store_true")


def print_error(message) -> None:
    """The one line every error ends in: `schemalint: error: <cause>` (line breaks in the cause folded)."""
    text = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
    print(f"schemalint: error: {text}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error."""

    def error(self, message):
        print_error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="schemalint", description="Lint LLM tool (function-calling) schemas.")
    parser.add_argument("--version", action="version", version=f"schemalint {__version__}")
    sub = parser.add_subparsers(dest="command")
    _common(sub.add_parser("check", help="lint tool catalogs (the default command)"))
    score = sub.add_parser("score", help="per-tool and catalog prompt scores, worst first")
    _common(score)
    score.add_argument("--top", type=int, default=3, help="reasons shown per tool")
    fix = sub.add_parser("fix", help="print a unified diff of the fixes; --write applies them")
    _common(fix)
    fix.add_argument("--write", action="store_true", help="apply the fixes to the files (atomically)")
    fix.add_argument("--unsafe", action="store_true",
                     help="also apply fixes that change what the model reads (rewritten descriptions)")
    gen = sub.add_parser("generate", help="write tool schemas for operations of an OpenAPI contract")
    gen.add_argument("--from", dest="source", required=True, metavar="OPENAPI",
                     help="the OpenAPI 2.0/3.x contract: a path, an http(s) URL, or REF:PATH at a git ref")
    gen.add_argument("--operation", action="append", default=[], metavar="ID",
                     help="an operationId or 'METHOD /path' to generate (repeatable; default: all)")
    gen.add_argument("--tag", action="append", default=[], metavar="T", help="generate the operations with this tag "
                     "(repeatable)")
    gen.add_argument("--format", choices=("openai", "anthropic", "mcp"), default="mcp")
    gen.add_argument("--output", "-o", help="write the catalog to this file instead of stdout")
    gen.add_argument("--include-deprecated", action="store_true", help="also generate deprecated operations")
    gen.add_argument("--max-tools", type=int, default=None, metavar="N", help="tools per list before the output is "
                     "split into toolsets (default: the too-many-tools limit; 0: never split)")
    gen.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    gen.add_argument("--quiet", "-q", action="store_true", help="no notes on what was left out")
    # parsed by their own modules (EXTRA_COMMANDS); listed here so `schemalint --help` names them
    sub.add_parser("diff", help="what changed between two versions of a catalog, by impact on models", add_help=False)
    sub.add_parser("lock", help="pin every tool's full definition in a lockfile (a side of diff)", add_help=False)
    rules = sub.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--category")
    explain = sub.add_parser("explain", help="document one rule, or `score`")
    explain.add_argument("rule")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    return parser


RECURSION_LIMIT = 20_000


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version") \
            and not _is_extra_command(argv[0]):
        argv.insert(0, "check")
    if not argv:
        argv = ["check", "."]
    extra = _is_extra_command(argv[0])
    if extra:
        return extra(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    # parsers accept about 1,000 levels of nesting (orjson 1,024, PyYAML's composer likewise); the walks over
    # a document take a frame or three a level, more than Python's default limit of 1,000 frames allows
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    try:
        if args.command == "rules":
            from .commands.rules import run_rules

            return run_rules(args)
        if args.command == "explain":
            from .commands.rules import run_explain

            return run_explain(args)
        if args.command == "generate":
            from .commands.generate import run_generate

            return run_generate(args)
        if args.command == "fix":
            from .commands.fix import run_fix

            return run_fix(args)
        from .commands.check import run_check

        return run_check(args)
    except UsageError as exc:
        print_error(exc)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


# commands added by later features register here: name -> "module:function" taking argv
EXTRA_COMMANDS: dict[str, str] = {
    "diff": "schemalint.commands.diff:main",
    "lock": "schemalint.commands.lock:main",
}


def _is_extra_command(name: str):
    target = EXTRA_COMMANDS.get(name)
    if not target:
        return None
    import importlib

    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)
