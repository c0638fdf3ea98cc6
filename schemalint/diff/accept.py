"""Accept files: the changes a team reviewed and accepted, so CI goes green without hiding the next change.

An entry is keyed by the change's fingerprint (its id, tool, parameter and the values on each side; see
`run.change_fingerprint`), never by a line, so it survives unrelated edits and stops matching as soon as the
same parameter changes again. The tool, parameter and change id are written beside it for the reviewer, with
a `reason` the team fills in. `--write-accept` keeps the reasons already written.
"""
from __future__ import annotations

import orjson

from ..sources import InputError, read_document

ACCEPT_KEY = "schemalint-diff-accept"
ACCEPT_VERSION = 1


def read_accept(path: str) -> dict:
    """fingerprint -> entry; InputError naming the file for anything malformed."""
    doc = read_document(path, "json")
    data = doc.data
    if not isinstance(data, dict) or data.get(ACCEPT_KEY) != ACCEPT_VERSION or \
            not isinstance(data.get("accepted"), list):
        raise InputError(path, f"not a schemalint accept file (expected {{\"{ACCEPT_KEY}\": {ACCEPT_VERSION}, "
                               f"\"accepted\": [...]}})")
    out = {}
    for i, entry in enumerate(data["accepted"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            line, column = doc.locate(f"/accepted/{i}")
            raise InputError(path, f"accepted entry {i} has no fingerprint", line, column)
        out[entry["fingerprint"]] = entry
    return out


def render_accept(entries, existing: dict) -> bytes:
    """The accept file recording `entries` (run.Entry), keeping the reasons of entries already accepted."""
    records = []
    for entry in entries:
        old = existing.get(entry.fingerprint) or {}
        records.append({"fingerprint": entry.fingerprint, "change": entry.change.change,
                        "tool": entry.tool_change.tool, "param": entry.change.param,
                        "reason": old.get("reason", "")})
    records.sort(key=lambda r: (r["tool"], r["param"] or "", r["change"], r["fingerprint"]))
    body = {ACCEPT_KEY: ACCEPT_VERSION, "accepted": records}
    return orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n"
