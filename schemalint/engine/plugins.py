"""Third-party rules: the `schemalint.rules` entry-point group.

An entry point names a module (every `Rule` subclass with an `id` defined in it is registered) or one `Rule`
subclass. A plugin that cannot be imported, or whose rule breaks the catalog's bar (`Rule.validate_definition`) or
reuses an id, stops the run with one line naming it (exit 2), never a traceback.
"""
from __future__ import annotations

import inspect
import os
import sys

from ..errors import SchemalintError, one_line
from .rule import Rule

GROUP = "schemalint.rules"
BUILT_IN = "schemalint"


class PluginError(SchemalintError):
    pass


def plugin_rules(known: dict[str, type[Rule]]) -> dict[str, type[Rule]]:
    """The rules of every installed plugin, by id; each class gets `distribution`, the plugin's package name."""
    found: dict[str, type[Rule]] = {}
    if not _some_distribution_declares_the_group():
        return found
    from importlib import metadata

    for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: (e.value, e.name)):
        dist = entry.dist.name if entry.dist is not None else entry.value.split(":")[0]
        try:
            target = entry.load()
        except Exception as exc:  # noqa: BLE001 - any failure of a third party's import is one line
            raise PluginError(f"plugin {entry.name!r} ({dist}) failed to load: "
                              f"{type(exc).__name__}: {one_line(exc)}") from None
        for cls in _rules_in(target):
            problems = cls.validate_definition()
            if problems:
                raise PluginError(f"plugin {entry.name!r} ({dist}): {problems[0]}")
            if cls.id in known or (cls.id in found and found[cls.id] is not cls):
                raise PluginError(f"plugin {entry.name!r} ({dist}): rule id {cls.id!r} is already taken")
            cls.distribution = dist
            found[cls.id] = cls
    return found


def _rules_in(target) -> list[type[Rule]]:
    if isinstance(target, type):
        return [target] if issubclass(target, Rule) and target.id else []
    if inspect.ismodule(target):
        return [value for value in vars(target).values() if isinstance(value, type) and issubclass(value, Rule)
                and value.id and value.__module__ == target.__name__]
    return []


def distribution(cls: type[Rule]) -> str:
    """The package a rule comes from: `schemalint` for the built-in catalog."""
    return getattr(cls, "distribution", BUILT_IN)


def _some_distribution_declares_the_group() -> bool:
    """Whether an installed distribution's entry_points.txt mentions the group: a read of those small files takes
    about 1 ms where importlib.metadata's parse of every distribution takes 20 ms or more, on every run, for the
    common case of no plugin at all."""
    marker = GROUP.encode()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder or ".", name, "entry_points.txt"), "rb") as fh:
                    if marker in fh.read():
                        return True
            except OSError:
                continue
    return False
