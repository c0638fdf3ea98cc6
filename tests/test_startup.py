"""Start-up stays light: checking a small JSON catalog loads only what that file needs.

Each check runs the real command line in a fresh interpreter and reports which modules it imported.
Timing is left to benchmarks/corpus.py; these tests pin the behaviour that keeps start-up fast.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

# runs `schemalint check` in-process, then prints the imported module names as JSON (even on exit)
WRAPPER = """
import json, sys
from schemalint.cli import main
try:
    code = main(sys.argv[1:])
finally:
    sys.stdout.flush()
    print("\\n@@MODULES@@" + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""

# heavy or unrelated machinery a plain JSON catalog must not pull in
NOT_FOR_A_JSON_CATALOG = (
    "libcst",  # Python sources
    "schemalint.loaders.python",  # the static Python-source loader (ast-heavy)
    "schemalint.loaders.python_source",
    "schemalint.contract",  # contract drift: only with --contract or an inline contract
    "schemalint.fix",
    "yaml",  # PyYAML: YAML inputs only
    "yaml_rs",
    "ruamel",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_rs",  # the meta-schema check, only for a schema the quick pass cannot clear
    "tiktoken",  # exact token counts are opt-in
    "bpe_openai",
    "typing",  # annotations only: 2 ms of every start (modules on this path import it under TYPE_CHECKING)
    "hashlib",  # it loads OpenSSL first, 2 ms: fingerprints use CPython's own SHA-256 (schemalint/hashing.py)
)

TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city. Use it when the user asks about present conditions.",
    "inputSchema": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}},
                    "required": ["city"]},
}


def imported_modules(tmp_path, file_name: str, text: str, *args: str) -> tuple[subprocess.CompletedProcess, set]:
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "check", file_name, "--fail-on", "never", *args],
                          cwd=tmp_path, capture_output=True, text=True)
    assert "@@MODULES@@" in proc.stdout, proc.stderr
    report, modules = proc.stdout.rsplit("@@MODULES@@", 1)
    proc.stdout = report
    return proc, set(json.loads(modules))


def loaded(modules: set, name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_small_json_catalog_loads_no_heavy_machinery(tmp_path):
    proc, modules = imported_modules(tmp_path, "tools.json", json.dumps({"tools": [TOOL]}), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["tools"] == 1  # the file was really linted
    assert "schemalint.rules.description" in modules  # every default rule ran
    unexpected = [name for name in NOT_FOR_A_JSON_CATALOG if loaded(modules, name)]
    assert not unexpected, f"checking a small JSON catalog imported {unexpected}"


def test_the_module_check_sees_what_an_input_needs(tmp_path):
    # the same tool as YAML does load the YAML parser: the check above would notice an eager import
    text = "tools:\n  - name: get_weather\n    description: Current weather for a city.\n" \
           "    inputSchema: {type: object, properties: {city: {type: string}}}\n"
    proc, modules = imported_modules(tmp_path, "tools.yaml", text)
    assert proc.returncode == 0, proc.stderr
    assert loaded(modules, "yaml")
    assert not loaded(modules, "schemalint.contract")


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"tags": {"type": "array", "minItems": "1"}}},  # not valid JSON Schema
    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {}},  # another draft
])
def test_the_meta_schema_validator_loads_when_a_schema_needs_it(tmp_path, schema):
    tool = dict(TOOL, inputSchema=schema)
    proc, modules = imported_modules(tmp_path, "tools.json", json.dumps({"tools": [tool]}), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert loaded(modules, "jsonschema_rs")
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert ("invalid-json-schema" in rules) == ("minItems" in json.dumps(schema))


# what a plain `check FILE` with the text report has no use for
NOT_FOR_A_TEXT_REPORT = (
    *(f"schemalint.reporters.{name}" for name in ("json", "sarif", "github", "junit", "markdown", "gitlab")),
    *(f"schemalint.commands.{name}" for name in ("fix", "generate", "diff", "lock", "calls", "rules", "score")),
    "schemalint.live.client",  # the MCP SDK client: only when a server is named
    "schemalint.live.targets",
    "schemalint.lsp",
    "schemalint.generate",
    "schemalint.provider_matrix",  # only with --provider
    "schemalint.rules.rewrite",  # its one rule is opt-in
    "tomllib",  # no configuration file to read
    "pkgutil",  # the rule index names the modules
)


def test_a_plain_check_loads_only_its_command_its_reporter_and_its_rules(tmp_path):
    proc, modules = imported_modules(tmp_path, "tools.json", json.dumps({"tools": [TOOL]}))
    assert proc.returncode == 0, proc.stderr
    assert "1 tool in 1 file" in proc.stdout
    assert "schemalint.reporters.text" in modules and "schemalint.rules.security" in modules
    unexpected = [name for name in NOT_FOR_A_TEXT_REPORT if loaded(modules, name)]
    assert not unexpected, f"a plain check imported {unexpected}"


def test_select_imports_only_the_modules_of_the_rules_it_names(tmp_path):
    tool = dict(TOOL, description="Weather.")
    proc, modules = imported_modules(tmp_path, "tools.json", json.dumps({"tools": [tool]}), "--select",
                                     "description", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    from schemalint.engine.registry import current_index

    index = current_index()
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert rules and {index[r][1] for r in rules} == {"description"}  # the selected rules ran
    # rule modules none of whose rules is selected (nor always on), and that no selected module imports
    for name in ("drift", "mcp", "security", "examples", "cost", "lock", "servers"):
        assert f"schemalint.rules.{name}" not in modules, name


def test_explain_imports_only_the_module_of_its_rule(tmp_path):
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "explain", "parse-error"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.startswith("parse-error (validity, error)"), proc.stderr
    modules = set(json.loads(proc.stdout.rsplit("@@MODULES@@", 1)[1]))
    assert "schemalint.rules.parse" in modules
    assert not [m for m in modules if m.startswith("schemalint.rules.") and m != "schemalint.rules.parse"
                and not m.split(".")[-1].startswith("_")]
