"""Inputs that carry the caller's credentials: the server supplies them, the model never fills them.

Two kinds: parameters an API-key security scheme names (`securitySchemes` in OpenAPI 3, `securityDefinitions`
in Swagger 2, `in: query|header|cookie`), and parameters whose name and description say they hold a secret
(a required `token` "Authentication token", an `api_key`), judged as the `credential-parameter` rule judges them.
"""
from __future__ import annotations

from ..rules.values import _NOT_A_SECRET, _REFERS_TO_SECRET, credential_kind

_KEY_LOCATIONS = ("query", "header", "cookie")
# kinds of secret (as credential_kind words them) that authenticate the call itself
_AUTHENTICATES = ("token", "API key", "authorization", "cookie", "session")


def api_key_inputs(document_data) -> set:
    """(location, lower-cased name) of every API-key scheme the document declares."""
    if not isinstance(document_data, dict):
        return set()
    components = document_data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        schemes = document_data.get("securityDefinitions")
    out = set()
    for scheme in (schemes or {}).values() if isinstance(schemes, dict) else ():
        if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and isinstance(scheme.get("name"), str) \
                and scheme.get("in") in _KEY_LOCATIONS:
            out.add((scheme["in"], scheme["name"].lower()))
    return out


def security_scheme_names(document_data) -> list[str]:
    """The document's security schemes, as `name (kind)`: what the server must be configured with."""
    if not isinstance(document_data, dict):
        return []
    components = document_data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        schemes = document_data.get("securityDefinitions")
    out = []
    for name, scheme in (schemes or {}).items() if isinstance(schemes, dict) else ():
        if isinstance(scheme, dict):
            kind = scheme.get("scheme") or scheme.get("type") or "scheme"
            out.append(f"{name} ({kind})")
    return out


def is_credential(name: str, location: str, schema, description, api_keys: set) -> bool:
    """Whether this input carries a credential the server should supply rather than the model."""
    if not isinstance(name, str) or location == "path":
        return False  # a path segment names a thing (Stripe's /issuing/authorizations/{authorization})
    if (location if location != "formData" else "query", name.lower()) in api_keys:
        return True
    if isinstance(schema, dict) and ("enum" in schema or "const" in schema):
        return False  # a choice (`auth: basic | oauth`), not a secret
    described = dict(schema) if isinstance(schema, dict) else {}
    if isinstance(description, str):
        described["description"] = description
    kind = credential_kind(name, described)
    if kind is None or not any(word in kind for word in _AUTHENTICATES):
        return False  # a password or secret is mostly what the call sets (a new account's password)
    if "authorization" in kind and location != "header":
        return False  # a body field named `authorization` is mostly a record (a card authorization)
    text = described.get("description")
    if isinstance(text, str) and (_REFERS_TO_SECRET.search(text) or _NOT_A_SECRET.search(text)):
        return False  # "the identifier of the API key to delete", a page token
    types = described.get("type")
    return types in (None, "string") or (isinstance(types, list) and "string" in types)
