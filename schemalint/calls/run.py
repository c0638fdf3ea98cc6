"""The run of `calls`: the catalog (and its contract mapping), the logs streamed through the readers, the tally."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from ..errors import UsageError
from .classify import Classifier
from .formats import extract
from .groups import Tally
from .pairing import Pairer
from .stream import ReadStats, read_records

PROGRESS_EVERY = 0.5  # seconds between two progress lines on a terminal


@dataclass
class Catalog:
    tools: list
    mappings: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def load_catalog(paths: list[str], contracts: list[str], config, input_format: str | None = None,
                 live=None) -> tuple[Catalog, list[str]]:
    """The tools `--tools` names, read with the loaders `check` uses, and those of the live servers the options
    in `live` name, mapped to the contract's operations as `check --contract` maps them; with the one-line
    errors of the servers that could not be read."""
    from ..live.options import add_live_catalogs
    from ..loaders import Catalog as Loaded, load_paths

    loaded = load_paths(paths, config.include or None, config.exclude, input_format) if paths else Loaded()
    if loaded.unreadable:
        raise loaded.unreadable[0]
    server_errors = add_live_catalogs(live, loaded) if live is not None else []
    if not loaded.tools:
        named = ", ".join(paths + [f"--server {s}" for s in getattr(live, "server", None) or []])
        detail = f"; {'; '.join(server_errors)}" if server_errors else ""
        raise UsageError(f"no tool definition found in {named or 'the named servers'}{detail} (--tools names the "
                         "catalog the model saw)")
    catalog = Catalog(loaded.tools, notes=list(loaded.notes))
    settings = {"contracts": contracts, "contract_auth": config.contract_auth, "mappings": config.mappings,
                "config_dir": os.path.dirname(config.path) if config.path else os.getcwd(),
                "config_path": config.path}
    if contracts or any(_has_inline_contract(t) for t in loaded.tools):
        from ..contract import analyze

        analysis = analyze(loaded.tools, settings)
        catalog.mappings = analysis.mappings
        unmapped = [m.tool.name for m in analysis.mappings if m.status != "mapped"]
        if unmapped:
            shown = ", ".join(map(str, unmapped[:5])) + (f" and {len(unmapped) - 5} more" if len(unmapped) > 5
                                                         else "")
            catalog.notes.append(f"{len(unmapped)} tools not mapped to a contract operation (their calls are "
                                 f"checked against the tool schema only): {shown}")
    return catalog, server_errors


def _has_inline_contract(tool) -> bool:
    data = tool.document.data
    return isinstance(data, dict) and "x-schemalint-contract" in data


@dataclass
class Reading:
    tally: Tally
    stats: ReadStats
    pairer: Pairer


def read_calls(logs: list[str], classifier: Classifier, show_values: bool = False,
               progress=None) -> Reading:
    tally = Tally(classifier, show_values)
    stats = ReadStats()
    pairer = Pairer()
    meter = _Progress(progress, stats, tally)
    add, feed = tally.add, pairer.feed
    for path in logs:
        for where, record in read_records(path, stats):
            for event in extract(record, where):
                for call in feed(event):
                    add(call)
            meter.tick()
    for call in pairer.finish():
        add(call)
    meter.done()
    return Reading(tally, stats, pairer)


class _Progress:
    """`calls: 120,000 records, 118,400 calls` rewritten in place on a terminal, every half second."""

    def __init__(self, stream, stats: ReadStats, tally: Tally):
        self.stream = stream
        self.stats, self.tally = stats, tally
        self.next = time.monotonic() + PROGRESS_EVERY
        self.count = 0
        self.shown = False

    def tick(self) -> None:
        if self.stream is None:
            return
        self.count += 1
        if self.count & 1023:
            return
        now = time.monotonic()
        if now >= self.next:
            self.next = now + PROGRESS_EVERY
            calls = sum(self.tally.summary.values())
            self.stream.write(f"\rcalls: {self.stats.records:,} records, {calls:,} calls")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def progress_stream():
    return sys.stderr if sys.stderr is not None and sys.stderr.isatty() else None
