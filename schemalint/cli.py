"""Command line: `schemalint check|score|fix|generate|diff|lock|server|rules|explain ...`.

One table names every command, the module that defines its arguments (`add_arguments(parser)`) and runs it
(`run(args)`). Only the module of the command being run is imported, so start-up stays light. Errors and exit
codes live below this layer (`errors`); here they are only turned into a line on stderr and an exit code.
"""
from __future__ import annotations

import argparse
import errno
import importlib
import signal
import sys

from . import __version__
from .errors import (EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, SchemalintError, one_line, print_error,
                     print_internal_error)

RECURSION_LIMIT = 20_000


class Command:
    """A command: the module that defines its arguments and runs it, and the names of those two functions."""

    __slots__ = ("module", "help", "add", "run")

    def __init__(self, module: str, help: str, add: str = "add_arguments", run: str = "run"):
        self.module, self.help, self.add, self.run = module, help, add, run


COMMANDS: dict[str, Command] = {
    "check": Command("schemalint.commands.check", "lint tool catalogs (the default command)"),
    "score": Command("schemalint.commands.score", "per-tool and catalog prompt scores, worst first"),
    "fix": Command("schemalint.commands.fix", "print a unified diff of the fixes; --write applies them"),
    "generate": Command("schemalint.commands.generate", "write tool schemas for operations of an OpenAPI contract"),
    "diff": Command("schemalint.commands.diff", "what changed between two versions of a catalog, by impact on "
                    "models"),
    "lock": Command("schemalint.commands.lock", "pin every tool's full definition in a lockfile (a side of diff)"),
    "server": Command("schemalint.lsp.server", "a language server (LSP over stdio) for editors"),
    "calls": Command("schemalint.commands.calls", "recorded tool calls sorted into model errors, drift and "
                     "unstated constraints"),
    "rules": Command("schemalint.commands.rules", "list the rule catalog", "add_rules_arguments", "run_rules"),
    "explain": Command("schemalint.commands.rules", "document one rule, or `score`", "add_explain_arguments",
                       "run_explain"),
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, measuring the terminal only when help is really written: argparse makes one for every
    option it adds (to check its metavar), and the measure imports `shutil`, a few ms of every start-up."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        self._deferred = (prog, indent_increment, max_help_position, width)

    def __getattr__(self, name):  # the first use of an attribute the constructor sets: construct now
        if name.startswith("__") or "_deferred" not in self.__dict__:
            raise AttributeError(name)
        super().__init__(*self.__dict__.pop("_deferred"))
        return getattr(self, name)


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error."""

    def error(self, message):
        dashed = _dashed_paths(message)
        if dashed:  # `check -dash.json`: a file whose name starts with a dash reads as an option
            print_error(f"{message}: to name a file that starts with '-', put `--` before it "
                        f"(`{self.prog} -- {dashed[0]}`)")
        else:
            print_error(f"{message}{self._near_option(message)} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_ERROR)

    def _near_option(self, message: str) -> str:
        """`--formt`: the option it is a typo of."""
        prefix = "unrecognized arguments: "
        if not message.startswith(prefix):
            return ""
        from .suggest import did_you_mean

        options = [o for o in self._option_string_actions if o.startswith("--")]
        for word in message[len(prefix):].split():
            if word.startswith("--"):
                near = did_you_mean(word.split("=", 1)[0], options)
                if near:
                    return near
        return ""


def _dashed_paths(message: str) -> list[str]:
    """The unrecognized arguments of an argparse message that are files or folders starting with '-'."""
    import os

    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return []
    return [word for word in message[len(prefix):].split() if word.startswith("-") and os.path.exists(word)]


def _top_parser() -> Parser:
    parser = Parser(prog="schemalint", description="Lint LLM tool (function-calling) schemas.")
    parser.add_argument("--version", action="version", version=f"schemalint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        sub.add_parser(name, help=command.help, add_help=False)
    return parser


def build_parser(name: str):
    """The parser of one command, and its module."""
    command = COMMANDS[name]
    module = importlib.import_module(command.module)
    from .commands.help_text import EXAMPLES

    parser = Parser(prog=f"schemalint {name}", description=command.help, epilog=EXAMPLES.get(name),
                    formatter_class=_Formatter)
    getattr(module, command.add)(parser)
    parser.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    return parser, module


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # a process of its own: see collect_no_cycles
        collect_no_cycles()
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if not argv:
        argv = ["check", "."]
    if argv[0] in ("-h", "--help", "--version"):
        _top_parser().parse_args(argv[:1])
        return EXIT_OK
    if argv[0] not in COMMANDS:
        _refuse_mistyped_command(argv[0])
        argv.insert(0, "check")
    name = argv[0]
    parser, module = build_parser(name)
    args = parser.parse_args(argv[1:])
    args.command = name
    # parsers accept about 1,000 levels of nesting (orjson 1,024, PyYAML's composer likewise); the walks over
    # a document take a frame or three a level, more than Python's default limit of 1,000 frames allows
    recursion_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(recursion_limit, RECURSION_LIMIT))
    previous = _terminate_like_an_interrupt()
    try:
        return _run_command(module, name, args)
    finally:
        if previous is not None:  # main() called in-process (tests, a wrapper) leaves the handler as it found it
            signal.signal(signal.SIGTERM, previous)
        sys.setrecursionlimit(recursion_limit)  # and the recursion limit: a caller's own deep recursion stays bounded


def collect_no_cycles() -> None:
    """Turn off Python's cyclic garbage collector for the rest of the process. A command allocates many objects
    and frees them by reference counting, while what it loaded stays alive to the end: every automatic collection
    traverses all of that again (7% of the CPU of a BFCL check) to find cycles the code does not make. Called
    only when schemalint is the process, so a caller of main() keeps its collector.

    The interpreter's exit still makes one full collection, whatever the setting: what is alive then is frozen
    first (an exit handler that runs after every other one), which leaves that pass nothing to traverse (about 10 ms
    of a one-file check, 0.1 s once the MCP SDK is loaded)."""
    import atexit
    import gc

    gc.disable()
    atexit.register(gc.freeze)


def _refuse_mistyped_command(word: str) -> None:
    """`schemalint chek`: a word that is no file and reads like a command is a typo, not a path to lint."""
    import os

    if word.startswith("-") or os.path.lexists(word):
        return
    from .suggest import closest

    near = closest(word, COMMANDS)
    if near:
        print_error(f"unknown command '{word}' (did you mean `schemalint {near[0]}`?); commands: "
                    f"{', '.join(COMMANDS)}")
        raise SystemExit(EXIT_ERROR)


def _run_command(module, name: str, args) -> int:
    try:
        code = getattr(module, COMMANDS[name].run)(args)
        sys.stdout.flush()
        return code
    except SchemalintError as exc:
        print_error(exc)
        return EXIT_ERROR
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:
        if _stdout_failed(exc):
            _quiet_stdout()
            print_error(f"cannot write to standard output: {exc.strerror or one_line(exc)}")
            return EXIT_ERROR
        return _internal(exc, name, args)
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 128 + signal.SIGTERM
    except Exception as exc:  # noqa: BLE001 - the last resort: one line and exit 3, never a bare traceback
        return _internal(exc, name, args)


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that `finally` and cleanup code (a temp file) run."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _terminate_like_an_interrupt():
    """Install the SIGTERM handler; the handler it replaces, or None when none could be installed."""
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (main() called from a test's thread): keep the default
        return None


def _internal(exc: BaseException, name: str, args) -> int:
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exception(exc)
    print_internal_error(exc, name)
    return EXIT_INTERNAL


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EPIPE, errno.EFBIG, errno.EDQUOT}


def _stdout_failed(exc: OSError) -> bool:
    """An OSError from writing standard output (a full disk, a closed descriptor): files schemalint opens itself
    report their own errors with the file's name, below this layer."""
    return exc.filename is None and exc.errno in _OUTPUT_ERRNOS


class _ClosedOutput:
    """Standard output when the process was started without one (`>&-`): writing to it is an output error."""

    def write(self, text):
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self):
        pass

    def fileno(self):
        raise OSError(errno.EBADF, "standard output is closed")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's exit flush does not print a second error."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
