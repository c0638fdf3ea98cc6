"""What `--help` shows beyond the options: an example per command, and options a command inherits from `check`
but does not take, kept out of its help (the command still names them in its error if they are given)."""
from __future__ import annotations

import argparse

EXAMPLES = {
    "check": "examples:\n  schemalint check tools/\n  schemalint check tools.json --format sarif -o schemalint.sarif\n"
             "  schemalint check . --select buried-required-param --statistics",
    "score": "examples:\n  schemalint score tools/\n  schemalint score tools.json --format json --top 5",
    "fix": "examples:\n  schemalint fix tools/            (print the diff)\n  schemalint fix tools/ --write\n"
           "  schemalint fix tools.json --write --unsafe",
    "generate": "examples:\n  schemalint generate --from openapi.yaml --format mcp -o tools.json\n"
                "  schemalint generate --from openapi.yaml --operation getUser --tag users",
    "diff": "examples:\n  schemalint diff main tools/\n  schemalint diff old.json new.json --format markdown",
    "lock": "examples:\n  schemalint lock tools/ -o schemalint.lock\n  schemalint diff schemalint.lock tools/",
    "rules": "examples:\n  schemalint rules\n  schemalint rules --category security --format json",
    "explain": "examples:\n  schemalint explain buried-required-param\n  schemalint explain score",
}


def hide_options(parser, options: tuple, help_for: dict | None = None) -> None:
    """Leave `options` out of the parser's --help; give others a help text of their own (`help_for`)."""
    for action in parser._actions:
        if any(o in options for o in action.option_strings):
            action.help = argparse.SUPPRESS
        for option, text in (help_for or {}).items():
            if option in action.option_strings:
                action.help = text
