"""The shortcuts the example rules take must not hide a finding: a default skipped without validation is one that
value_problems would pass anyway, and the string scans answer as before for values that hold no string."""
import pytest

from schemalint.rules import examples as E
from schemalint.rules._schema import value_problems

# keywords value_problems does not read for a scalar (beside `type` and `enum`, which the default check skips),
# each with a value that a scalar default would break if it were read
OTHER_KEYWORDS = {
    "items": {"type": "integer"}, "prefixItems": [{"type": "integer"}], "contains": {"const": 1},
    "minItems": 3, "maxItems": 0, "uniqueItems": True, "properties": {"a": {"type": "integer"}},
    "required": ["a"], "additionalProperties": False, "patternProperties": {"^a": {"type": "integer"}},
    "minProperties": 2, "maxProperties": 0, "propertyNames": {"maxLength": 0}, "not": {"type": "string"},
    "if": {"type": "string"}, "then": {"maxLength": 0}, "else": {"maxLength": 0},
    "dependentRequired": {"a": ["b"]}, "nullable": False, "readOnly": True, "deprecated": True,
    "description": "Any text.", "title": "T", "examples": ["x"], "contentEncoding": "base64",
    "contentMediaType": "application/json", "$defs": {"x": {"type": "integer"}}, "definitions": {},
    "discriminator": {"propertyName": "kind"}, "unevaluatedProperties": False, "x-extra": 1,
}
SCALARS = ["", "abc", "2024-13-45", 0, -5, 3.5, 1e300, True, False]


@pytest.mark.parametrize("keyword", sorted(OTHER_KEYWORDS))
def test_a_default_skipped_without_validation_has_no_problem(keyword):
    assert keyword not in E._SCALAR_CHECKS
    for value in SCALARS:
        for declared in ("string", "integer", "number", "boolean", "array", "object"):
            schema = {"type": declared, "enum": ["other"], keyword: OTHER_KEYWORDS[keyword]}
            assert schema.keys().isdisjoint(E._SCALAR_CHECKS)
            assert value_problems(value, schema, root=schema, skip=frozenset({"type", "enum"}), null_ok=True) == []


@pytest.mark.parametrize("keyword, bound, value", [
    ("const", "x", "y"), ("pattern", "^a$", "b"), ("minLength", 5, "ab"), ("maxLength", 1, "ab"),
    ("format", "date", "03/15/2024"), ("minimum", 5, 1), ("maximum", 5, 9), ("exclusiveMinimum", 5, 5),
    ("exclusiveMaximum", 5, 5), ("multipleOf", 2, 3), ("anyOf", [{"const": 1}], 2), ("oneOf", [{"const": 1}], 2),
    ("allOf", [{"const": 1}], 2), ("$ref", "#/$defs/one", 2),
])
def test_every_keyword_the_shortcut_watches_can_fail_a_default(keyword, bound, value):
    assert keyword in E._SCALAR_CHECKS
    schema = {keyword: bound, "$defs": {"one": {"const": 1}}}
    assert value_problems(value, schema, root=schema, skip=frozenset({"type", "enum"}), null_ok=True)


def test_secret_kind_still_leaves_placeholders_out():
    assert E.secret_kind("sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXX") is None  # fake, and a placeholder
    assert E.secret_kind("<your-api-key-goes-here-1234567>", "api_key") is None
    assert E.secret_kind("ghp_Q3EGRT7KX2MZ4WPNa8c3d9f0b1e2f3a4b5c6") == "a GitHub token"
    assert E.secret_kind("Zq8x2Lp9Vt4Rk7Ws3Ny6Hb1", "api_key") == "a credential (parameter 'api_key')"


def test_pii_kind_without_digits_or_at_sign_is_none_and_phones_still_found():
    assert E.pii_kind("no number here", "phone") is None
    assert E.pii_kind("+44 20 7946 0958", "contact") == ("a phone number", "+44 20 7946 0958")
    assert E.pii_kind("2079460958", "mobile") == ("a phone number", "2079460958")
    assert E.pii_kind("2079460958", "amount") is None  # neither named a phone nor formatted as one
