"""Words the human-readable reports share: counts with the right plural, the subject of a finding named once,
characters that would reorder or hide terminal output shown as escapes, and skipped-file notes summarised."""
from __future__ import annotations

import re

from . import subject

# C0 and C1 controls but tab, and the bidirectional and invisible format characters (U+202E reorders the rest of
# a line on screen: a description must not rewrite what schemalint's own output says)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def escape_controls(text: str) -> str:
    """`text` with control and bidirectional characters spelled as escapes (U+202E -> \\u202e)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       text)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def counts(report) -> str:
    """`1 tool in 1 file: 0 errors, 1 warning, 2 infos`."""
    return (f"{plural(len(report.scores), 'tool')} in {plural(report.files, 'file')}: "
            f"{plural(report.count('error'), 'error')}, {plural(report.count('warning'), 'warning')}, "
            f"{plural(report.count('info'), 'info')}")


def about_once(finding) -> str:
    """The message, led by `tool.param` only when the message does not already name them both."""
    name = subject(finding)
    if not name:
        return finding.message
    named = [n for n in (finding.tool, finding.param and finding.param.rsplit(".", 1)[-1]) if n]
    if all(f"'{n}'" in finding.message for n in named):
        return finding.message
    return f"{name}: {finding.message}"


SKIPPED_SHOWN = 5


def summarised_notes(notes: list[str], verbose: bool) -> list[str]:
    """Every note; but more than a few "skipped FILE: why" notes become one line, unless `verbose`."""
    skipped = [n for n in notes if n.startswith("skipped ")]
    if verbose or len(skipped) <= SKIPPED_SHOWN:
        return list(notes)
    others = [n for n in notes if not n.startswith("skipped ")]
    return others + [f"{plural(len(skipped), 'file')} skipped (not tool catalogs, or not read); -v lists them"]
