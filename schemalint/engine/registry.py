"""Discover every rule in the `schemalint.rules` package, then the installed plugins' (engine/plugins.py)."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .rule import Rule


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    from .. import rules as rules_pkg

    found: dict[str, type[Rule]] = {}
    for info in sorted(pkgutil.iter_modules(rules_pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{rules_pkg.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.id and value.__module__ == module.__name__:
                if value.id in found:
                    raise RuntimeError(f"duplicate rule id {value.id}")
                found[value.id] = value
    from .plugins import plugin_rules

    found.update(plugin_rules(found))
    return dict(sorted(found.items()))


def get_rule(rule_id: str) -> type[Rule] | None:
    return all_rules().get(rule_id)
