"""`fix --write` on YAML keeps the file as its author laid it out: one changed node, nothing else.

The catalogs are in tests/fixtures/fix_yaml: a hand-kept 24-line file (flush sequences, wrapped plain
scalars, aligned comments), four-space indentation, descriptions in every quoting style, comments around a
reordered block, anchors shared by several tools, merge keys.
"""
from __future__ import annotations

import difflib
import os
import shutil

import pytest
import yaml

from schemalint.fix.apply import apply_to_text
from schemalint.fix.json_text import EditError
from schemalint.fix.yaml_roundtrip import RoundTripEditor
from schemalint.fix.yaml_text import Refused, YamlEditor, YamlEditorError
from schemalint.loaders.formats import find_tools
from schemalint.model import Finding, Fix
from schemalint.sources import parse_text
from tests.helpers import ROOT, cli_in_process as cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "fix_yaml")


def fixed(tmp_path, name: str, *args) -> tuple[str, str, str]:
    """(before, after, stderr) of `fix --write` on a copy of a fixture."""
    shutil.copy(os.path.join(FIXTURES, name), tmp_path / name)
    before = (tmp_path / name).read_text(encoding="utf-8")
    code, _, err = cli(tmp_path, "fix", name, "--write", *args)
    assert code == 0, err
    return before, (tmp_path / name).read_text(encoding="utf-8"), err


def changes(before: str, after: str) -> list[tuple[list, list]]:
    out = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append((before.splitlines()[i1:i2], after.splitlines()[j1:j2]))
    return out


def tools(text: str) -> dict:
    doc = parse_text("t.yaml", text, "yaml")
    return {t.name: t.input_schema for t in find_tools(doc).tools}


def finding(path: str, *edits, rule="test-rule") -> Finding:
    fix = Fix([], "test", document_edits=list(edits), path=path, editable=True)
    return Finding(rule, "parameters", "warning", "m", path, 1, 1, None, None, None, True, fix=fix)


def test_one_retype_in_a_hand_kept_file_changes_one_line(tmp_path):
    before, after, _ = fixed(tmp_path, "hand_kept.yaml")
    assert changes(before, after) == [(["        type: number    # page size"],
                                       ["        type: integer    # page size"])]
    # what the whole-file round trip made of the same edit: the layout the issue reports
    old = RoundTripEditor(before)
    old.apply_all([("set", "/tools/0/inputSchema/properties/limit/type", "integer")])
    assert len(changes(before, old.text())) >= 1 and sum(len(a) for a, _ in changes(before, old.text())) > 20


def test_a_second_run_changes_nothing(tmp_path):
    _, once, _ = fixed(tmp_path, "hand_kept.yaml")
    code, _, err = cli(tmp_path, "fix", "hand_kept.yaml", "--write")
    assert code == 0 and (tmp_path / "hand_kept.yaml").read_text() == once and "fixed 0 findings" in err


def test_added_keys_follow_the_files_indentation(tmp_path):
    before, after, _ = fixed(tmp_path, "four_space.yaml")
    assert changes(before, after) == [([], ["                    enum:", "                        - open",
                                            "                        - closed", "                        - all"])]
    assert yaml.safe_load(after)["tools"][0]["inputSchema"]["properties"]["status"]["enum"] == ["open", "closed",
                                                                                                "all"]


def test_a_reorder_moves_each_key_with_its_comments(tmp_path):
    before, after, _ = fixed(tmp_path, "comments.yaml")
    assert sorted(before.splitlines()) == sorted(after.splitlines())  # every line kept, comments included
    assert after.index("# the tenant, always required\n        tenant_id:") < after.index("# paging\n        cursor")
    assert "required: [query, tenant_id]  # both" in after and "type: string  # from list_tenants" in after


@pytest.mark.parametrize("key,old,new", [
    ("single", "description: 'The record\u200b id, from list_records.'",
     "description: 'The record id, from list_records.'"),
    ("double", 'description: "The record\\u200B key, from list_records."',
     'description: "The record key, from list_records."'),
])
def test_quoted_scalars_keep_their_quotes(tmp_path, key, old, new):
    before, after, _ = fixed(tmp_path, "styles.yaml")
    assert old in before and new in after


def test_block_scalars_stay_block_scalars(tmp_path):
    before, after, _ = fixed(tmp_path, "styles.yaml")
    assert "description: |\n            The record path.\n            Relative to the archive root.\n" in after
    assert "description: >-\n            The record label, as the archive shows it in" in after
    props = yaml.safe_load(after)["tools"][0]["inputSchema"]["properties"]
    assert props["literal"]["description"] == "The record path.\nRelative to the archive root.\n"
    assert props["folded"]["description"] == "The record label, as the archive shows it in its index pages."
    assert len(after.splitlines()) == len(before.splitlines())


def test_an_anchored_node_is_never_edited_for_one_of_its_uses(tmp_path):
    before, after, err = fixed(tmp_path, "anchors.yaml")
    # the anchor's own use (list_users.limit) is refused, with the anchor named; the alias use in list_groups
    # becomes a copy with the fix; scale_image.ratio keeps its meaning
    assert "count-typed-as-number not applied: the node is shared through the anchor &num" in err
    copy = "        limit: {type: integer, description: Maximum number of users to return.}"
    assert changes(before, after) == [(["        limit: *num"], [copy])]
    old, new = tools(before), tools(after)
    assert new["scale_image"] == old["scale_image"] and new["list_users"] == old["list_users"]
    assert new["list_groups"]["properties"]["limit"]["type"] == "integer"


def test_a_merged_key_is_overridden_where_the_fix_is(tmp_path):
    before, after, _ = fixed(tmp_path, "merge.yaml")
    assert changes(before, after) == [([], ["          type: integer"])]
    old, new = tools(before), tools(after)
    assert new["list_refunds"] == old["list_refunds"]  # merges the same base: unchanged
    assert new["list_orders"]["properties"]["limit"] == {**old["list_orders"]["properties"]["limit"], "type": "integer"}
    assert yaml.safe_load(after)["x-params"] == yaml.safe_load(before)["x-params"]


def test_a_merged_key_is_not_removed_through_the_merge():
    text = open(os.path.join(FIXTURES, "merge.yaml"), encoding="utf-8").read()
    editor = YamlEditor(text)
    with pytest.raises(Refused, match=r"comes from the merge key \(<<: \*paging\)"):
        editor.try_apply([("remove", "/tools/0/inputSchema/properties/limit/minimum", None)])
    assert editor.text() == text


def test_edits_of_several_fixes_at_one_place_nest_correctly():
    text = "params:\n  type: object\n  properties:\n    q:\n      type: string\n"
    editor = YamlEditor(text)
    assert editor.try_apply([("set", "/params/required", ["q"])])
    assert editor.try_apply([("set", "/params/properties/q/description", "Words.")])
    assert editor.text() == ("params:\n  type: object\n  properties:\n    q:\n      type: string\n"
                             "      description: Words.\n  required:\n    - q\n")
    assert editor.reads_as_intended()


@pytest.mark.parametrize("text,edit,expected", [
    ("a: {b: 1, c: 2}\n", ("remove", "/a/b", None), "a: {c: 2}\n"),
    ("a: {b: 1}\n", ("set", "/a/d", [1, 2]), "a: {b: 1, d: [1, 2]}\n"),
    ("a:\n- x\n- y\n", ("set", "/a", ["x", "y", "z"]), "a:\n- x\n- y\n- z\n"),
    ("a:\n  - x\n  - y\n", ("set", "/a", ["y"]), "a:\n  - y\n"),
    ("a:\n  b: 1\n", ("remove", "/a/b", None), "a: {}\n"),
    ("a: 'x'\n", ("set", "/a", "it's"), "a: 'it''s'\n"),
    ("a: x  # note\n", ("set", "/a", "12"), "a: '12'  # note\n"),
    ("a:\n", ("set", "/a", 5), "a: 5\n"),
    ("- name: x\n  type: number\n", ("reorder", "/0", ["type", "name"]), "- type: number\n  name: x\n"),
    ("- name: x\n  type: number\n", ("remove", "/0/name", None), "- type: number\n"),
    ("k: !!str 5\n", ("set", "/k", "6"), "k: '6'\n"),
    ("a: &x 1\nb: *x\n", ("set", "/b", 2), "a: &x 1\nb: 2\n"),
])
def test_span_edits(text, edit, expected):
    editor = YamlEditor(text)
    assert editor.try_apply([edit])
    assert editor.text() == expected
    assert editor.reads_as_intended()


def test_crlf_files_get_crlf_lines(tmp_path):
    source = open(os.path.join(FIXTURES, "four_space.yaml"), encoding="utf-8").read()
    (tmp_path / "t.yaml").write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode())
    code, _, err = cli(tmp_path, "fix", "t.yaml", "--write")
    raw = (tmp_path / "t.yaml").read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n"), err
    assert b"enum:\r\n" in raw


def test_what_spans_cannot_do_re_dumps_only_the_enclosing_collection():
    # moving a key that has a comment above it to the first place of a "- " item: the round trip of that
    # one item does it; the other tool's lines stay as written
    text = ("tools:\n- inputSchema: {type: object}\n  # the name models see\n  name: first\n"
            "- name:   second   # spaced as its author likes\n  inputSchema: {type: object}\n")
    applied = apply_to_text("t.yaml", "yaml", text, [finding("t.yaml", ("reorder", "/tools/0", ["name"]))])
    assert applied.rules == ["test-rule"]
    assert applied.text.endswith("- name:   second   # spaced as its author likes\n  inputSchema: {type: object}\n")
    assert list(yaml.safe_load(applied.text)["tools"][0]) == ["name", "inputSchema"]
    assert "# the name models see" in applied.text


def test_the_yaml_is_read_back_before_it_is_kept(monkeypatch):
    """An editor bug never reaches the file: a span edit that does not read back as intended falls back to a
    round trip of its block collection, and when that fails too, the fix is skipped with the reason."""
    from schemalint.fix import yaml_roundtrip, yaml_text

    text = ("tools:\n- name: a  # first\n  inputSchema:\n    type: object\n    properties:\n"
            "      n: {type: number}\n- name: b  # second\n")
    edit = ("set", "/tools/0/inputSchema/properties/n/type", "integer")
    monkeypatch.setattr(yaml_text.YamlEditor, "_inline", lambda self, value, ref, flow: "[broken")
    applied = apply_to_text("t.yaml", "yaml", text, [finding("t.yaml", edit)])
    assert applied.rules == ["test-rule"] and applied.edits == [edit]
    assert yaml.safe_load(applied.text)["tools"][0]["inputSchema"]["properties"]["n"] == {"type": "integer"}
    assert applied.text.startswith("tools:\n- name: a  # first\n") and applied.text.endswith("- name: b  # second\n")

    monkeypatch.setattr(yaml_roundtrip, "subtree_splice", lambda *args: (0, 5, "[broken"))
    applied = apply_to_text("t.yaml", "yaml", text, [finding("t.yaml", edit)])
    assert applied.text == text and applied.rules == []
    assert list(applied.skipped.values()) == [(1, "the edited YAML would not read back as the fix intends")]


def test_duplicate_keys_and_several_documents_are_left_alone(tmp_path):
    with pytest.raises(YamlEditorError, match="duplicate key"):
        YamlEditor("a: 1\nb: 2\na: 3\n")
    with pytest.raises(YamlEditorError, match="2 documents"):
        YamlEditor("a: 1\n---\nb: 2\n")
    text = ("tools:\n- name: a\n  inputSchema: {type: object, properties: {limit: {type: number}}}\n---\n"
            "tools: []\n")
    (tmp_path / "multi.yaml").write_text(text)
    code, _, err = cli(tmp_path, "fix", "multi.yaml", "--write")
    assert code == 2 and "expected one YAML document" in err and (tmp_path / "multi.yaml").read_text() == text


def test_an_edit_of_a_missing_node_is_an_edit_error():
    with pytest.raises(EditError):
        YamlEditor("a: 1\n").try_apply([("remove", "/b", None)])


def test_plain_fix_labels_each_hunk_with_its_rule_and_safety(tmp_path):
    text = open(os.path.join(FIXTURES, "hand_kept.yaml"), encoding="utf-8").read()
    text = text.replace("description: Invoice id from list_invoices.}",
                        "description: Invoice id from list_invoices., examples: [string]}")
    (tmp_path / "t.yaml").write_text(text)
    code, out, err = cli(tmp_path, "fix", "t.yaml")
    assert code == 0, err
    headers = [line for line in out.splitlines() if line.startswith("@@")]
    assert headers == ["@@ -10,7 +10,7 @@ count-typed-as-number (safe)",
                       "@@ -19,6 +19,6 @@ placeholder-example (unsafe: applied only with --unsafe)"], headers
    assert "1 of them unsafe (hunks marked unsafe): `fix --write` applies those only with --unsafe" in err
    assert (tmp_path / "t.yaml").read_text() == text
    code, _, err = cli(tmp_path, "fix", "t.yaml", "--write")  # without --unsafe: the safe hunk only
    assert code == 0 and "1 unsafe fixes not applied" in err
    assert "examples: [string]" in (tmp_path / "t.yaml").read_text()
