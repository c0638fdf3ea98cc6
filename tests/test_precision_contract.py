"""The drift rules (`--contract`) on real excerpts (issue 16, pattern 10 and what reading real pairs showed).

Each contract fixture is a cut of an OpenAPI document in `../shared/corpus/openapi` (SOURCES.md names the
commits: openai/openai-openapi f85dbe2, makenotion/notion-mcp-server 9a8a94c, stripe/openapi 63a6746): the
operations named, the components they reach, long descriptions shortened. Each tool fixture is what
`schemalint generate` made of an older public version of the same document (the version is named in each
test), cut to the parameters that matter, unless the test says otherwise. Each test shows the false finding
gone and a true one nearby kept.
"""
from __future__ import annotations

import json
import os

import pytest

from schemalint.contract.load import load_contract
from schemalint.contract.validate import validate_contract
from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from tests.helpers import CORPUS, ROOT, run_cli

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "precision")


def _path(name: str) -> str:
    return os.path.join(FIXTURES, name)


def _check(catalog: str, contract: str, select=("drift",)):
    """(findings, notes) of the drift rules over a catalog checked against a contract."""
    loaded = load_paths([catalog])
    findings = lint(loaded, Selection(select=list(select), settings={"contracts": [contract]}))
    return findings, loaded.notes


def _of(findings, rule: str, severity: str | None = None) -> list:
    return [f for f in findings if f.rule == rule and (severity is None or f.severity == severity)]


def _catalog(tmp_path, source: str, names: set) -> str:
    with open(_path(source), encoding="utf-8") as fh:
        data = json.load(fh)
    data["tools"] = [t for t in data["tools"] if t["name"] in names]
    out = tmp_path / "tools.json"
    out.write_text(json.dumps(data, indent=1))
    return str(out)


# --- pattern 10: one summary per contract, where the tools' calls go ------------------------------------

INVALID_CONTRACT = _path("contract_openai_invalid.openapi.json")


def test_contract_invalid_is_one_finding_on_the_tool_whose_call_goes_through_the_problem():
    """OpenAI's spec: `TranscriptionInclude` (reached from POST /audio/transcriptions' body) has `default: []` on a
    string schema (two validator errors), and `ContainerResource` (a response of GET /containers/{id}) repeats its
    `required` names. The tools are those `generate` makes of the corpus spec itself."""
    problems = validate_contract(load_contract(INVALID_CONTRACT, ["."]))
    assert len(problems) == 3  # what used to be three findings, each printed with no tool
    findings, notes = _check(_path("contract_openai_invalid.tools.json"), INVALID_CONTRACT)
    (summary,) = _of(findings, "contract-invalid")
    assert summary.tool == "create_transcription" and summary.severity == "warning"
    assert summary.file.endswith("contract_openai_invalid.openapi.json")
    assert summary.pointer == "/components/schemas/TranscriptionInclude/default"
    assert "(and 1 more there)" in summary.message  # the second error of the same default
    assert "1 more problem lies where no tool's call goes" in summary.message  # the response's duplicate
    assert "openapi-spec-validator --validation-errors all" in summary.message
    assert all(f.tool for f in findings)


def test_problems_no_tool_sends_are_a_note_not_a_finding(tmp_path):
    """The same excerpt with only the tool of GET /containers/{id}: its response schema is invalid, its
    request is not, so the run says so in a note and reports nothing."""
    catalog = _catalog(tmp_path, "contract_openai_invalid.tools.json", {"retrieve_container"})
    findings, notes = _check(catalog, INVALID_CONTRACT)
    assert _of(findings, "contract-invalid") == []
    assert any("3 problems with OpenAPI where no tool's call goes" in n and "contract-invalid" in n for n in notes), \
        notes


def test_the_summary_names_its_tool_in_every_report_format():
    # text names the tool once: in the message, not again before it (issue 19)
    for fmt, shown in (("text", "warning contract-invalid the contract is not valid OpenAPI 3.1 where tool "
                                "'create_transcription' calls"),
                       ("json", '"tool": "create_transcription"')):
        done = run_cli("check", _path("contract_openai_invalid.tools.json"), "--contract", INVALID_CONTRACT,
                       "--select", "contract-invalid", "--format", fmt, "--fail-on", "never")
        assert done.returncode == 0, done.stderr
        assert shown in done.stdout and done.stdout.count("contract-invalid") == 1, done.stdout
        assert "None:" not in done.stdout and '"tool": null' not in done.stdout


def _broken_ref_copy(tmp_path) -> str:
    """The excerpt with GET /containers/{id}'s path parameter pointing at a component that does not exist."""
    with open(INVALID_CONTRACT, encoding="utf-8") as fh:
        spec = json.load(fh)
    spec["paths"]["/containers/{container_id}"]["get"]["parameters"][0] = {"$ref": "#/components/parameters/Gone"}
    out = tmp_path / "openapi.json"
    out.write_text(json.dumps(spec, indent=1))
    return str(out)


def test_an_unresolved_ref_counts_only_where_a_tool_calls(tmp_path):
    contract = _broken_ref_copy(tmp_path)
    catalog = _catalog(tmp_path, "contract_openai_invalid.tools.json", {"create_transcription"})
    findings, notes = _check(catalog, contract, select=("contract-unresolved-ref",))
    assert findings == [] and any("1 $ref in operations no tool calls" in n for n in notes), notes
    catalog = _catalog(tmp_path, "contract_openai_invalid.tools.json", {"create_transcription", "retrieve_container"})
    (found,) = _check(catalog, contract, select=("contract-unresolved-ref",))[0]
    assert found.tool == "retrieve_container" and "GET /containers/{container_id}" in found.message
    assert "'#/components/parameters/Gone' points to nothing" in found.message


def test_the_corpus_openai_spec_gives_one_summary_instead_of_25_warnings():
    """tests/fixtures/drift/real_pairs/openai-5162af9-tools.json against the corpus OpenAI spec: its 25
    validator errors were 25 warnings printed with no tool; 16 of them are in responses and unused schemas."""
    spec = os.path.join(CORPUS, "openapi", "openai-openapi", "openapi.yaml")
    if not os.path.isfile(spec):
        pytest.skip(f"the corpus is not available ({spec} is missing)")
    catalog = os.path.join(ROOT, "tests", "fixtures", "drift", "real_pairs", "openai-5162af9-tools.json")
    findings, _ = _check(catalog, spec, select=("contract-invalid",))
    (summary,) = findings
    assert summary.tool and "16 more problems lie where no tool's call goes" in summary.message, summary.message


# --- what the real pairs showed --------------------------------------------------------------------------

def test_a_body_in_two_media_types_is_compared_in_the_one_the_tool_fits():
    """POST /images/edits takes a multipart form (`image`, `mask` files) and, since 2025, a JSON body (`images`
    references). The tool was made from the spec of 2025-01-31 (0f23d5f), when only the form existed: it is
    still a valid form call. The documented default model that changed is still reported."""
    findings, _ = _check(_path("contract_openai_media.tools.json"), _path("contract_openai_media.openapi.json"))
    wrong = [f for f in findings if f.severity == "error" or f.rule in ("param-type-drift", "required-param-missing")]
    assert wrong == [], [f.message for f in wrong]
    (default,) = _of(findings, "default-drift", "warning")
    assert default.param == "model" and '"gpt-image-1.5"' in default.message


def test_a_renamed_parameter_is_one_finding_and_a_bracket_spelling_is_info():
    """OpenAI renamed the path parameter `key_id` to `api_key_id` (tool from 0f23d5f) and spells the array
    query parameter `include` as `include[]` (tool `list_run_steps` from cdc1b65, 2024-08); that spec also
    forgot to declare `user_id` for POST /organization/users/{user_id}, so `modify_user` lacks it: true."""
    findings, _ = _check(_path("contract_openai_names.tools.json"), _path("contract_openai_names.openapi.json"))
    by_tool = {}
    for f in findings:
        by_tool.setdefault(f.tool, []).append((f.rule, f.severity, f.param))
    assert by_tool["retrieve_project_api_key"] == [("param-not-in-contract", "error", "key_id")]
    assert "'api_key_id'" in _of(findings, "param-not-in-contract", "error")[0].message
    assert by_tool["list_run_steps"] == [("param-not-in-contract", "info", "include")]
    assert by_tool["modify_user"] == [("required-param-missing", "error", None)]


def test_values_a_union_still_takes_as_any_string_are_not_rejected():
    """`CreateCompletionRequest.model` is `anyOf: [{type: string}, {type: string, enum: [...]}]`: the tool made
    from the 2023-12 spec (a475c7a) lists retired models in its enum branch, which the contract's plain string
    branch still takes. The image default that changed (`standard` to `auto`) is still reported."""
    findings, _ = _check(_path("contract_openai_open_enum.tools.json"), _path("contract_openai_open_enum.openapi.json"))
    assert [f for f in findings if f.tool == "create_completion" and f.severity != "info"] == []
    (default,) = _of(findings, "default-drift", "warning")
    assert (default.tool, default.param) == ("create_image", "quality")


def test_an_enum_without_a_type_is_not_asked_for_a_type():
    """Notion's PATCH /v1/pages/{page_id}: the tool made from the 2025-04-10 spec (66d0e66) writes
    `cover.type: {enum: [external]}` with no `type`; the contract says `type: string`. Its search filter, a free
    string that is an enum in the contract now, is still reported."""
    findings, _ = _check(_path("contract_notion_enum_type.tools.json"), _path("contract_notion_enum_type.openapi.json"))
    looser = _of(findings, "constraint-looser-than-contract")
    assert [(f.tool, f.param, f.message_id) for f in looser] == [("search_by_title", "filter.value", "no-enum")]


def test_a_binary_upload_format_is_not_asked_of_the_model():
    """Stripe's POST /v1/files (multipart) added `format: binary` to `file` after 2021-04 (40e735ed, the tool's
    spec): how the upload travels, nothing a model writes. `lookup_key`'s maxLength of 200 (5000 then) is kept."""
    findings, _ = _check(_path("contract_stripe_binary.tools.json"), _path("contract_stripe_binary.openapi.json"))
    looser = _of(findings, "constraint-looser-than-contract")
    assert [(f.tool, f.param, f.message_id) for f in looser] == [("create_price", "lookup_key", "looser-bound")]


def test_a_parameter_described_as_deprecated_agrees_with_the_contract():
    """Notion's PATCH /v1/pages/{page_id}/markdown deprecates `insert_content`. notion-mcp-server's converter
    (src/openapi-mcp-server/openapi/parser.ts) copies each property's description ("Deprecated. Provide when
    ...") and drops the `deprecated` keyword: contract_notion_deprecated.tools.json is that output for this
    operation. The converter's tool surface as its snapshot test records it (names only:
    __snapshots__/notion-spec.snapshot.test.ts.snap at 9a8a94c) says nothing, and is reported."""
    contract = _path("contract_notion_deprecated.openapi.json")
    findings, _ = _check(_path("contract_notion_deprecated.tools.json"), contract)
    assert _of(findings, "deprecated-in-contract") == []
    findings, _ = _check(_path("contract_notion_deprecated.snapshot.tools.json"), contract,
                         select=("deprecated-in-contract",))
    assert [(f.param, f.message_id) for f in findings] == [("insert_content", "param-deprecated")]

