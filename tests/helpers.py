"""Shared test helpers: lint an in-memory catalog through the real loaders and engine."""
from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys

from schemalint.engine.run import Selection, lint
from schemalint.loaders import Catalog
from schemalint.loaders.formats import find_tools
from schemalint.sources import InputError, parse_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")


def catalog_from(data, path: str = "tools.json", text: str | None = None, input_format=None) -> Catalog:
    text = text if text is not None else json.dumps(data, indent=2)
    try:
        doc = parse_text(path, text)
    except InputError as exc:  # as load_paths does: the file becomes a parse-error finding
        return Catalog(unreadable=[exc])
    found = find_tools(doc, forced=input_format)
    return Catalog(tools=found.tools, documents=[doc], notes=found.notes)


def lint_data(data, select=None, path: str = "tools.json", text: str | None = None, **selection):
    catalog = catalog_from(data, path, text)
    return lint(catalog, Selection(select=list(select or []), **selection))


def run_cli(*args, cwd=None, input=None, env=None, timeout=None):
    """Run the installed command line as a user would, in a subprocess."""
    return subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=cwd or ROOT, input=input,
                          capture_output=True, text=True, env=env, timeout=timeout)


def parse_errors(*paths: str, cwd=None) -> tuple[int, list[tuple]]:
    """`check PATHS --format json`: its exit code and its parse-error findings as (file, line, message)."""
    result = run_cli("check", *paths, "--format", "json", cwd=cwd, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)["findings"]
    return result.returncode, [(f["file"], f["line"], f["message"]) for f in findings if f["rule"] == "parse-error"]


def cli_in_process(cwd, *args) -> tuple[int, str, str]:
    """The real command line in this process, run from `cwd` (a subprocess per call would make a test file slow):
    exit code, stdout, stderr."""
    from schemalint.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()
