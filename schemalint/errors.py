"""Errors every layer raises, and the exit codes the command line ends with.

Below the command line: loaders, the engine, contracts, diff and the commands raise a `SchemalintError` (or a
subclass) whose str() is the one-line cause; the command line prints it with `print_error` and exits 2. Anything
else that escapes is a bug in schemalint: one line, exit 3, so CI can tell a crash from findings.
"""
from __future__ import annotations

import sys

EXIT_OK = 0  # nothing at or above --fail-on
EXIT_FINDINGS = 1  # findings (or changes) at or above --fail-on, or a score below --min-score
EXIT_ERROR = 2  # a usage, configuration or input error
EXIT_INTERNAL = 3  # schemalint itself failed


class SchemalintError(Exception):
    """An error the user can act on; str() is the one-line cause, naming the file and position."""


class UsageError(SchemalintError):
    """Options that do not go together, or a value an option cannot take."""


def one_line(message) -> str:
    return " ".join(part.strip() for part in str(message).splitlines() if part.strip())


def print_error(message) -> None:
    """The one line every error ends in: `schemalint: error: <cause>` (line breaks in the cause folded)."""
    print(f"schemalint: error: {one_line(message)}", file=sys.stderr)


def print_internal_error(exc: BaseException, command: str) -> None:
    where = f" in `schemalint {command}`" if command else ""
    print(f"schemalint: internal error{where}: {type(exc).__name__}: {one_line(exc)[:500]} "
          f"(please report it; --debug shows the traceback)", file=sys.stderr)
