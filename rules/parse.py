"""A file that cannot be read as a tool catalog: one finding for it, and the other files are still linted."""
from __future__ import annotations

from schemalint.engine.location import in_file
from schemalint.engine.rule import Rule, bad_text


class ParseError(Rule):
    """Finds files that cannot be read or parsed: invalid JSON or YAML, a Python source with a syntax error,
    bytes that are not UTF-8, a file that cannot be opened.

    The finding is placed where the parser stopped (line and column) and says why. The rest of the run goes on:
    every other file is linted and every report is written, as ruff's E999 and ESLint's fatal parse errors do;
    the exit code says the run found an error. `lock` and `diff`, which must see every file, stop at it instead.
    It is reported whatever `select` names; only `ignore` or a severity of "off" hides it.

    Why: a catalog that does not parse is not sent at all, or is sent by a loader that guesses; whatever the
    other files say, this one has to be fixed first. A run that stops at the first such file hides the
    findings of all the others (a commented `tsconfig.json` in a folder would switch the whole check off).

    Example:
        {"name": "search", "description": "Search.", }   (a trailing comma)

    Use instead: valid JSON or YAML; keep files that are not tool catalogs out of the scan (`exclude`).
    """

    id = "parse-error"
    # reported whatever `select` says (only `ignore` or severity "off" hides it): a narrowed selection must not
    # silently turn an unreadable file into a passing run
    always_on = True
    category = "validity"
    severity = "error"
    summary = "A file cannot be read or parsed, so none of its tools are linted"
    hint = ("Fix what the message names (the syntax at the position given, or a file over the size limit: split it), "
            "or leave the file out of the scan (exclude in the configuration).")
    sources = (
        "RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format: the grammar a JSON catalog follows",
        "YAML 1.2.2 specification (yaml.org/spec/1.2.2): the grammar a YAML catalog follows",
        "ruff, E999 / syntax errors are reported as diagnostics and the other files are still checked "
        "(docs.astral.sh/ruff)",
    )
    messages = {"unreadable": "{reason}"}
    valid = [{"name": "search", "description": "Search the documents of one workspace by title.",
              "inputSchema": {"type": "object", "properties": {}}}]
    invalid = [bad_text('{"name": "search", "description": "Search.", }\n', "unreadable")]

    def check_catalog(self, tools, ctx):
        for problem in ctx.catalog.unreadable:
            ctx.report(in_file(problem.path, problem.line, problem.column), "unreadable",
                       {"reason": problem.reason})
