"""The committed rule index (schemalint/engine/rule_index.py) that lets a run import only the rule modules it
needs: it must be the index of the catalog as it is, and a run must not trust one that is not."""
from __future__ import annotations

import pytest

from schemalint.engine import registry
from schemalint.engine.run import Selection


def test_the_committed_index_is_the_catalogs():
    with open(registry.INDEX_FILE, encoding="utf-8") as fh:
        committed = fh.read()
    assert committed == registry.index_text(), \
        "the rule catalog changed: run `python -m schemalint.engine.registry` and commit rule_index.py"


def test_the_index_says_what_importing_every_module_says():
    index = registry.current_index()
    assert index is not None
    shipped = registry.all_rules()
    assert set(index) == set(shipped)
    for rule_id, (module, category, opt_in, always_on) in index.items():
        cls = shipped[rule_id]
        assert cls.__module__ == f"schemalint.rules.{module}"
        assert (cls.category, getattr(cls, "opt_in", False), getattr(cls, "always_on", False)) == \
            (category, opt_in, always_on)


@pytest.mark.parametrize("selection", [
    Selection(),
    Selection(select=["description"]),
    Selection(select=["ALL"], ignore=["drift", "parse-error"]),
    Selection(select=["unstructured-description", "provider"]),
    Selection(enable=["unstructured-description"], severity={"security": "off", "cost": "info"}),
])
def test_a_stale_index_gives_the_same_rules_by_importing_every_module(monkeypatch, selection):
    from_index = registry.rules_for(selection)
    monkeypatch.setattr(registry, "current_index", lambda: None)
    assert list(registry.rules_for(selection)) == list(from_index)
    assert registry.rule_categories() == {rule_id: cls.category for rule_id, cls in registry.all_rules().items()}


def test_an_edited_catalog_file_makes_the_index_stale(monkeypatch):
    sizes = registry._source_sizes()
    name = sorted(sizes)[0]
    monkeypatch.setattr(registry, "_source_sizes", lambda: {**sizes, name: sizes[name] + 1})
    registry.current_index.cache_clear()
    try:
        assert registry.current_index() is None
    finally:
        monkeypatch.undo()
        registry.current_index.cache_clear()
    assert registry.current_index() is not None


def test_the_rule_catalog_mapping_finds_what_all_rules_finds():
    catalog = registry.RuleCatalog()
    shipped = registry.all_rules()
    assert list(catalog) == list(shipped) and len(catalog) == len(shipped)
    assert catalog["parse-error"] is shipped["parse-error"]
    assert catalog.get("no-such-rule") is None
    with pytest.raises(KeyError):
        catalog["no-such-rule"]
