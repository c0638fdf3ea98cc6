"""The common-case shortcuts of the schema and provider rules answer what the long way answers."""
from __future__ import annotations

from schemalint.providers import NAME_RULES, analyze
from schemalint.rules import validity
from schemalint.sources import pointer as ptr
from tests.helpers import catalog_from, lint_data


def _slow_slot(tool):
    """_catalog_slot as it was written before its shortcut: split the pointer, drop the index, join the rest."""
    tokens = ptr.split(tool.pointer)
    if tokens and tokens[-1] == "function" and tool.format in ("openai", "openai-responses"):
        tokens = tokens[:-1]
    if not tokens or not tokens[-1].isdigit():
        return None
    return ptr.join("", *tokens[:-1]), int(tokens[-1])


def test_catalog_slot_shortcut_matches_the_split_and_join():
    tool = {"name": "get_weather", "description": "Weather.", "inputSchema": {"type": "object"}}
    chat = {"type": "function", "function": {"name": "get_time", "description": "Time.",
                                             "parameters": {"type": "object"}}}
    catalogs = [{"tools": [tool, tool]}, [chat, chat], {"a/b": {"tools": [tool]}}, {"x~y": [chat]}, tool]
    seen = 0
    for data in catalogs:
        for item in catalog_from(data).tools:
            assert validity._catalog_slot(item) == _slow_slot(item), item.pointer
            seen += 1
    assert seen == 7


def test_required_names_all_defined_report_nothing_and_a_missing_one_still_does():
    schema = {"type": "object", "properties": {"city": {"type": "string"}},
              "required": ["city", ["not", "a", "name"], 3]}
    tool = {"name": "get_weather", "description": "Weather.", "inputSchema": schema}
    assert lint_data(tool, select=["required-not-in-properties"]) == []
    schema["required"].append("country")
    [finding] = lint_data(tool, select=["required-not-in-properties"])
    assert "'country'" in finding.message


def test_names_every_provider_takes_pass_each_pattern():
    for name in ("get_weather", "_x", "A" * 64, "a-b_c9"):
        assert all(pattern.match(name) for pattern, _, _ in NAME_RULES.values())
        assert not [i for i in analyze(catalog_from({"name": name, "description": "d.",
                                                     "inputSchema": {"type": "object"}}).tools[0])
                    if i.rule == "provider-tool-name"]
    for name in ("9lives", "a" * 65, "a.b"):
        issues = analyze(catalog_from({"name": name, "description": "d.", "inputSchema": {"type": "object"}}).tools[0])
        assert [i for i in issues if i.rule == "provider-tool-name"], name


def test_tools_with_one_root_type_get_equal_issues_in_lists_of_their_own():
    tools = catalog_from({"tools": [
        {"name": f"t{i}", "description": "d.", "inputSchema": {"type": "dict", "properties": {}}}
        for i in range(2)]}).tools
    first, second = analyze(tools[0]), analyze(tools[1])
    assert first == second and len(first) == 6 and first is not second
    first.clear()
    assert len(analyze(tools[1])) == 6


def test_analysis_is_kept_for_the_run_only_for_the_matrix():
    tool = {"name": "get weather", "description": "d.", "inputSchema": {"type": "object"}}
    without, with_matrix = {}, {}
    assert lint_data(tool, select=["provider"], settings={"providers": [], "provider_issues": without})
    assert without == {}
    assert lint_data(tool, select=["provider"], settings={"providers": ["openai"], "provider_issues": with_matrix})
    assert len(with_matrix) == 1
