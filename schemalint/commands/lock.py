"""`schemalint lock [PATHS] -o schemalint.lock`: pin every tool's full definition, with a hash per tool.

`schemalint diff schemalint.lock .` then fails on any change since the lock was written (rug pulls, generator
drift), and `schemalint check --lock schemalint.lock` reports each tool whose definition no longer matches."""
from __future__ import annotations

import sys

from ..config import load_config
from ..errors import EXIT_ERROR, EXIT_OK, UsageError
from ..live.options import add_live_arguments, add_live_catalogs, finish as finish_live, wants_live

DEFAULT_LOCKFILE = "schemalint.lock"


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", help="files or folders (default: the current folder)")
    p.add_argument("--output", "-o", default=DEFAULT_LOCKFILE, help=f"the lockfile (default: {DEFAULT_LOCKFILE}); "
                   "- writes to stdout")
    p.add_argument("--input-format", help="treat every input as this format instead of detecting it")
    p.add_argument("--config", help="configuration file (default: schemalint.toml or pyproject.toml upward)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when the lockfile is out of date")
    add_live_arguments(p)


def run(args) -> int:
    from ..diff.lock import render_lock
    from ..engine.fingerprint import portable_path
    from ..engine.run import display_path
    from ..files import check_writable, write_atomic
    from ..loaders import INPUT_FORMATS, load_paths

    config = load_config(args.config)
    input_format = args.input_format or config.input_format
    if input_format and input_format not in INPUT_FORMATS:
        raise UsageError(f"--input-format must be one of {', '.join(INPUT_FORMATS)}")
    if args.output != "-" and not args.check:
        problem = check_writable(args.output)
        if problem:
            raise UsageError(f"{args.output}: cannot write: {problem}")
    paths = args.paths or ([] if wants_live(args) else ["."])
    catalog = load_paths(paths, config.include or None, config.exclude, input_format)
    catalog.raise_unreadable()  # a lock that silently left a file out would pin the wrong catalog
    live_errors = add_live_catalogs(args, catalog)
    if live_errors:  # likewise a server that could not be read: nothing is written
        return finish_live(live_errors, EXIT_ERROR)
    text = render_lock(catalog.tools, lambda tool: portable_path(display_path(tool.file))).decode()
    if args.check:
        try:
            from ..files import read_regular

            current = read_regular(args.output).decode("utf-8", "replace")
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot read the lockfile: {exc.strerror}") from None
        if current == text:
            return EXIT_OK
        sys.stdout.write(_changes_since(args.output, current, catalog.tools,
                                        paths + [t for t in args.server] + list(args.mcp_config)))
        print(f"schemalint: {args.output} is out of date: review the changes above, then run `schemalint lock`",
              file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text)
        print(f"locked {len(catalog.tools)} tools in {args.output}", file=sys.stderr)
    return EXIT_OK


def _changes_since(lock_path: str, lock_text: str, tools: list, paths: list[str]) -> str:
    """The changes from the lockfile to the tools as they are now, as `diff` reports them."""
    from ..diff.lock import LockError, read_lock
    from ..diff.report import render
    from ..diff.run import DiffSettings, diff_sides
    from ..diff.sides import Side

    try:
        locked = read_lock(lock_path, lock_text.encode("utf-8"))
    except LockError as exc:
        raise UsageError(str(exc)) from None
    base, head = Side(lock_path, "lock", locked), Side(" ".join(paths), "catalog", list(tools))
    return render(diff_sides(base, head, DiffSettings(score_descriptions=False)), "text")
