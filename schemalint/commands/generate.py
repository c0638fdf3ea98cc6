"""`schemalint generate --from OPENAPI`: write tool schemas for chosen operations of a contract."""
from __future__ import annotations

import sys
import types

from ..config import load_config
from ..errors import EXIT_FINDINGS, EXIT_OK, UsageError


def add_arguments(p) -> None:
    p.add_argument("--from", dest="source", required=True, metavar="OPENAPI",
                   help="the OpenAPI 2.0/3.x contract: a path, an http(s) URL, or REF:PATH at a git ref")
    p.add_argument("--operation", action="append", default=[], metavar="ID",
                   help="an operationId or 'METHOD /path' to generate (repeatable; default: all)")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="generate the operations with this tag "
                   "(repeatable)")
    p.add_argument("--format", choices=("openai", "anthropic", "mcp"), default="mcp")
    p.add_argument("--output", "-o", help="write the catalog to this file instead of stdout")
    p.add_argument("--include-deprecated", action="store_true", help="also generate deprecated operations")
    p.add_argument("--max-tools", type=int, default=None, metavar="N", help="tools per list before the output is "
                   "split into toolsets (default: the too-many-tools limit; 0: never split)")
    p.add_argument("--trim", action="store_true", help="cut optional parameters and nested properties to stay "
                   "within the parameter, depth and token budgets (default: keep them all; a budget the output goes "
                   "over is reported as a finding); every cut is listed, and recorded under x-schemalint on its tool")
    p.add_argument("--keep", action="append", default=[], metavar="PARAM", help="with --trim: a parameter (or "
                   "dotted path, such as children.paragraph) never cut (repeatable)")
    p.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    p.add_argument("--quiet", "-q", action="store_true", help="no notes on what was left out")
    p.add_argument("--verbose", "-v", action="store_true", help="name every parameter left out of every tool "
                   "(by default they are counted by reason)")


def run(args) -> int:
    import os

    from ..contract import Auth, load_contract
    from ..generate import GenerateError, Options, generate
    from .check import build_selection
    from ..files import write_atomic

    config = load_config(args.config)
    selection = build_selection(types.SimpleNamespace(select=[], ignore=[], provider=[], contract=[]), config)
    auth = Auth.from_settings(config.contract_auth, config.path or "configuration")
    base_dirs = ["."] + ([os.path.dirname(config.path)] if config.path else [])
    contract = load_contract(args.source, base_dirs, auth)
    options = Options(operations=_split(args.operation), tags=_split(args.tag), format=args.format,
                      include_deprecated=args.include_deprecated, max_tools=args.max_tools,
                      trim=args.trim, keep=_split(args.keep))
    if options.keep and not options.trim:
        raise UsageError("--keep applies with --trim (without it every parameter is kept)")
    try:
        result = generate(contract, options, selection)
    except GenerateError as exc:
        raise UsageError(str(exc)) from None
    if args.output:
        try:
            if not os.path.exists(args.output):
                with open(args.output, "w", encoding="utf-8"):
                    pass
            write_atomic(args.output, result.text)
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write: {exc.strerror}") from None
    else:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    _summary(result, args)
    return EXIT_FINDINGS if result.remaining else EXIT_OK


def _split(values) -> list[str]:
    out = []
    for value in values or []:
        out.extend(v.strip() for v in str(value).split(",") if v.strip())
    return out


def _notes(result, verbose: bool) -> list[str]:
    """The notes, with the per-tool lists of parameters left out counted by reason unless `verbose`: a 4 MB
    spec gives over a hundred such lines, which hide the few notes about whole operations."""
    from ..generate import _left_out

    per_tool = set(_left_out(result.drafts))
    notes = [n for n in result.notes if n not in per_tool]
    if verbose or not per_tool:
        return notes + [n for n in result.notes if n in per_tool]
    reasons: dict[str, tuple[set, int]] = {}
    for draft in result.drafts:
        for _, why in draft.notes:
            tools, count = reasons.get(why, (set(), 0))
            tools.add(draft.name)
            reasons[why] = (tools, count + 1)
    tools = {d.name for d in result.drafts if d.notes}
    parts = ", ".join(f"{count} {why}" for why, (_, count) in sorted(reasons.items(), key=lambda r: -r[1][1]))
    return notes + [f"left out parameters of {len(tools)} tool{'s' if len(tools) != 1 else ''}: {parts} "
                    "(-v names them)"]


def _summary(result, args) -> None:
    err = sys.stderr
    if not args.quiet:
        for note in _notes(result, args.verbose):
            print(f"note: {note}", file=err)
    for line in result.accepted:
        print(f"accepted: {line} (marked x-schemalint-ignore; the contract has nothing to repair it with)",
              file=err)
    for f in result.remaining:
        where = f".{f.param}" if f.param else ""
        subject = f.tool if f.tool is not None else (f"{f.file}:{f.line}" if f.file else "contract")
        print(f"{f.severity}: {subject}{where}: {f.rule}: {f.message}", file=err)
    tools = len(result.drafts)
    sets = len(result.groups) if len(result.groups) > 1 or result.groups[0][0] else 0
    grouped = f" in {sets} toolsets" if sets else ""
    score = f", catalog score {result.score}" if result.score is not None else ""
    left = f", {len(result.remaining)} findings left at warning or error" if result.remaining else \
        ", no errors or warnings"
    if result.accepted:
        left += f", {len(result.accepted)} accepted"
    target = f" to {args.output}" if args.output else ""
    print(f"generated {tools} tools{grouped}{target} ({args.format}{score}{left})", file=err)
