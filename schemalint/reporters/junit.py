"""`--format junit`: JUnit XML, for GitLab, Jenkins, Azure DevOps and other test-report viewers.

One <testsuite> per file and one <testcase> per tool. A tool with errors or warnings fails: its one
<failure> lists every finding on it, one per line (several <failure> elements in one test case are
shown as a raw array by GitLab's parser, so they are folded into one). A tool with only info
findings passes and lists them in <system-out>. Findings not tied to a tool of the file (catalog-wide
ones) go to a test case named "(catalog)".
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..engine.fingerprint import portable_path
from . import about
from .report import Report

# characters XML 1.0 cannot carry, even escaped
_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FAILING = ("error", "warning")


def _clean(text) -> str:
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _line(f) -> str:
    text = f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {about(f)}"
    if f.hint:
        text += f"\n    hint: {f.hint}"
    return text


def _counts(findings) -> str:
    parts = []
    for sev in ("error", "warning", "info"):
        n = sum(1 for f in findings if f.severity == sev)
        if n:
            parts.append(f"{n} {sev}{'s' if n != 1 else ''}")
    return ", ".join(parts)


def _cases(report: Report):
    """(file, case name, line, findings) per tool, in file order, then catalog-level leftovers."""
    by_key: dict[tuple, list] = {}
    for f in report.findings:
        by_key.setdefault((f.file, f.tool), []).append(f)
    cases = []
    used = set()
    for s in report.scores:
        name = s.tool.name if isinstance(s.tool.name, str) else None
        key = (s.file, name)
        findings = by_key.get(key, []) if key not in used else []
        used.add(key)
        cases.append((s.file, name or f"(unnamed tool at line {s.line})", s.line, findings))
    for key, findings in by_key.items():
        if key not in used:
            cases.append((key[0], key[1] or "(catalog)", findings[0].line, findings))
    return cases


def as_element(report: Report) -> ET.Element:
    suites = ET.Element("testsuites", name="schemalint")
    by_file: dict[str, list] = {}
    for case in _cases(report):
        by_file.setdefault(case[0], []).append(case)
    total_tests = total_failures = 0
    for file in sorted(by_file):
        cases = by_file[file]
        failures = sum(1 for c in cases if any(f.severity in FAILING for f in c[3]))
        suite = ET.SubElement(suites, "testsuite", name=_clean(file), tests=str(len(cases)),
                              failures=str(failures), errors="0", skipped="0", time="0")
        for _, name, line, findings in cases:
            case = ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(file),
                                 file=_clean(portable_path(file)), line=str(line), time="0")
            failing = [f for f in findings if f.severity in FAILING]
            if failing:
                worst = "error" if any(f.severity == "error" for f in failing) else "warning"
                failure = ET.SubElement(case, "failure", type=worst,
                                        message=_clean(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
                                                       f" ({_counts(findings)}): {failing[0].message}"))
                failure.text = _clean("\n".join(_line(f) for f in findings))
            elif findings:
                out = ET.SubElement(case, "system-out")
                out.text = _clean("\n".join(_line(f) for f in findings))
        total_tests += len(cases)
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    suites.set("time", "0")
    return suites


def render(report: Report) -> str:
    root = as_element(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
