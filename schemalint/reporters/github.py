"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=tools/users.json,line=41,col=9,title=buried-required-param::search_users.tenant_id: ...

Severities map to error / warning / notice. Values are escaped as the runner expects (actions/toolkit
`command.ts`): `%`, CR and LF in the message; also `:` and `,` in properties. Paths are relative to
$GITHUB_WORKSPACE (else to the repository root), which is what the runner resolves them against.
GitHub shows at most 10 error and 10 warning annotations per step; use SARIF for large catalogs.
"""
from __future__ import annotations

import os

from ..engine.fingerprint import project_root
from . import about
from .report import Report
from .wording import counts

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(file: str) -> str:
    if file == "-":
        return file
    absolute = os.path.abspath(file)
    workspace = os.environ.get("GITHUB_WORKSPACE")
    cwd = os.path.abspath(os.getcwd())
    for base in (workspace, project_root(cwd)):
        if base:
            rel = os.path.relpath(absolute, os.path.abspath(base))
            if not rel.startswith(".."):
                return rel.replace(os.sep, "/")
    return file.replace(os.sep, "/")


def annotation(f) -> str:
    props = [f"file={escape_property(annotation_path(f.file))}"]
    if f.line:
        props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
    props.append(f"title={escape_property(f'schemalint {f.rule}')}")
    message = about(f)
    if f.hint:
        message += f"\n{f.hint}"
    return f"::{COMMANDS.get(f.severity, 'warning')} {','.join(props)}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = [annotation(f) for f in report.findings]
    for note in report.notes:
        lines.append(f"schemalint: {escape_data(note)}")
    summary = f"schemalint: {counts(report)}"
    if report.catalog_score is not None:
        summary += f"; prompt score {report.catalog_score}"
    lines.append(summary)
    return "\n".join(lines) + "\n"
