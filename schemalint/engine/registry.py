"""Discover every rule in the `schemalint.rules` package, then the installed plugins' (engine/plugins.py).

A run imports only the modules of the rules it can enable: `rule_index.py`, generated from the catalog and
committed beside this file, names the module, category and default of every built-in rule without importing
any. When the catalog's files are not those the index was written from (a rule edited since), every module is
imported instead: slower, never wrong. `python -m schemalint.engine.registry` writes the index again;
tests/test_rule_index.py fails while it is out of date.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from functools import lru_cache

from .rule import Rule

INDEX_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rule_index.py")


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    found = _built_in_rules()
    found.update(_plugin_rules())
    return dict(sorted(found.items()))


def _built_in_rules() -> dict[str, type[Rule]]:
    """Every rule of the catalog, every module imported."""
    found: dict[str, type[Rule]] = {}
    for name in _module_names():
        for rule_id, cls in _rules_of(name).items():
            if rule_id in found:
                raise RuntimeError(f"duplicate rule id {rule_id}")
            found[rule_id] = cls
    return found


def get_rule(rule_id: str) -> type[Rule] | None:
    """One rule's class, importing only the module that defines it when the index is current."""
    index = current_index()
    if index is None:
        return all_rules().get(rule_id)
    if rule_id in index:
        found = _rules_of(index[rule_id][0]).get(rule_id)
        return found if found is not None else all_rules().get(rule_id)  # an index older than its file
    return _plugin_rules().get(rule_id)


class RuleCatalog(Mapping):
    """Every rule by id, as all_rules() is, but a rule's module is imported only when it is looked up: what a
    report carries for the reporters that describe the rules of its findings."""

    def __getitem__(self, rule_id: str) -> type[Rule]:
        cls = get_rule(rule_id)
        if cls is None:
            raise KeyError(rule_id)
        return cls

    def __iter__(self):
        return iter(rule_categories())

    def __len__(self) -> int:
        return len(rule_categories())


def rule_categories() -> dict[str, str]:
    """Every rule id, built-in and plugin, with its category, in id order: what `--select` and the configuration
    may name, known without importing the catalog."""
    index = current_index()
    if index is None:
        return {rule_id: cls.category for rule_id, cls in all_rules().items()}
    found = {rule_id: entry[1] for rule_id, entry in index.items()}
    found.update((rule_id, cls.category) for rule_id, cls in _plugin_rules().items())
    return dict(sorted(found.items()))


def rules_for(selection) -> dict[str, type[Rule]]:
    """The rules `selection` (engine/run.py's Selection) turns on, by id in id order: with a current index only
    their modules are imported."""
    index = current_index()
    if index is None:
        every = all_rules()
        return {rule_id: cls for rule_id, cls in every.items() if _turned_on(rule_id, *_flags(cls), selection)}
    plugins = _plugin_rules()
    candidates = {rule_id: entry[1:] for rule_id, entry in index.items()}
    candidates.update((rule_id, _flags(cls)) for rule_id, cls in plugins.items())
    try:
        return {rule_id: _rules_of(index[rule_id][0])[rule_id] if rule_id in index else plugins[rule_id]
                for rule_id, flags in sorted(candidates.items()) if _turned_on(rule_id, *flags, selection)}
    except KeyError:  # a module edited without changing its size no longer defines an indexed rule
        every = all_rules()
        return {rule_id: cls for rule_id, cls in every.items() if _turned_on(rule_id, *_flags(cls), selection)}


def _flags(cls: type[Rule]) -> tuple[str, bool, bool]:
    return cls.category, bool(getattr(cls, "opt_in", False)), bool(getattr(cls, "always_on", False))


def _turned_on(rule_id: str, category: str, opt_in: bool, always_on: bool, selection) -> bool:
    """--select keeps the rules it names (by id or category, or ALL) and those always on; without it, the opt-in
    rules stay off unless a command enables them; --ignore and a severity of "off" turn a rule off."""
    keys = (rule_id, category)
    if selection.select and not any(k in selection.select for k in keys) and "ALL" not in selection.select \
            and not always_on:
        return False
    if not selection.select and opt_in and rule_id not in selection.enable:
        return False
    if any(k in selection.ignore for k in keys):
        return False
    return selection.severity.get(rule_id, selection.severity.get(category)) != "off"


@lru_cache(maxsize=None)
def _rules_of(name: str) -> dict[str, type[Rule]]:
    """The rules one catalog module defines, by id."""
    module = importlib.import_module(f"{_package().__name__}.{name}")
    return {value.id: value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Rule) and value.id and value.__module__ == module.__name__}


@lru_cache(maxsize=1)
def _plugin_rules() -> dict[str, type[Rule]]:
    from .plugins import plugin_rules

    index = current_index()
    return plugin_rules(_built_in_rules() if index is None else index)


def _package():
    from .. import rules

    return rules


def _module_names() -> list[str]:
    """The catalog's rule modules, by name (helpers start with `_`)."""
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(_package().__path__) if not info.name.startswith("_"))


def _source_sizes() -> dict[str, int]:
    """The size of every source file of the catalog, by file name: what the index is checked against."""
    folder = _package().__path__[0]
    sizes = {}
    for entry in os.scandir(folder):
        if entry.name.endswith(".py") and entry.name != "__init__.py":
            sizes[entry.name] = entry.stat().st_size
    return dict(sorted(sizes.items()))


@lru_cache(maxsize=1)
def current_index() -> dict[str, tuple] | None:
    """rule id -> (module, category, opt_in, always_on) from rule_index.py, or None when the catalog's files
    differ from those it was written from."""
    try:
        from . import rule_index
    except ImportError:
        return None
    if rule_index.SOURCES != _source_sizes():
        return None
    return rule_index.RULES


def index_text() -> str:
    """rule_index.py as it should read for the catalog as it is now (every module imported)."""
    rows = []
    for rule_id, cls in sorted(_built_in_rules().items()):
        module = cls.__module__.rsplit(".", 1)[1]
        rows.append(f"    {rule_id!r}: ({module!r}, " + ", ".join(map(repr, _flags(cls))) + "),\n")
    sizes = "".join(f"    {name!r}: {size},\n" for name, size in _source_sizes().items())
    return ('"""Generated by `python -m schemalint.engine.registry` (see registry.py): do not edit."""\n\n'
            "# the size of every source file of the catalog when this index was written\n"
            f"SOURCES = {{\n{sizes}}}\n\n"
            "# rule id -> (module, category, opt_in, always_on)\n"
            f"RULES = {{\n{''.join(rows)}}}\n")


if __name__ == "__main__":
    with open(INDEX_FILE, "w", encoding="utf-8") as fh:
        fh.write(index_text())
    print(f"wrote {INDEX_FILE}")
