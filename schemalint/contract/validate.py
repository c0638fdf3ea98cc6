"""Validate a contract with openapi-spec-validator; errors become problems with pointers.

Validating the 4 MB Stripe spec takes over a second, so results are cached by
the document's content hash (and the validator's version): an unchanged
contract is validated once per machine.
"""
from __future__ import annotations

import re

from ..sources import pointer as ptr
from . import cache
from .load import Contract, Problem

MAX_ERRORS = 200
_OPERATION_IN_PATH = re.compile(r"for '(\w+)' operation in '([^']+)'")
_IN_PATH = re.compile(r"in '(/[^']*)'")


def validate_contract(contract: Contract) -> list[Problem]:
    try:
        from importlib.metadata import version

        validator_version = version("openapi-spec-validator")
    except Exception:  # noqa: BLE001 - metadata missing: still validate, just do not cache
        validator_version = None
    key = f"{contract.digest}:{contract.version}:{validator_version}"
    cached = cache.get("validation", key) if validator_version else None
    if cached is None:
        cached = _run_validator(contract)
        if validator_version:
            cache.put("validation", key, cached)
    label = "Swagger 2.0" if contract.version == "2.0" else f"OpenAPI {contract.version}"
    return [Problem("invalid", f"not valid {label}: {message}; fix the contract", contract.document, pointer)
            for message, pointer in cached]


def _run_validator(contract: Contract) -> list:
    import openapi_spec_validator as osv

    cls = {"2.0": osv.OpenAPIV2SpecValidator, "3.0": osv.OpenAPIV30SpecValidator}.get(
        contract.version, osv.OpenAPIV31SpecValidator)
    base_uri = ""
    if contract.source.kind == "file":
        import pathlib

        base_uri = pathlib.Path(contract.source.location).resolve().as_uri()
    out = []
    try:
        validator = cls(contract.document.data, base_uri=base_uri)
        for error in validator.iter_errors():
            out.append([_message(error), _pointer(error)])
            if len(out) >= MAX_ERRORS:
                break
    except Exception as exc:  # noqa: BLE001 - the validator raises on what it cannot resolve; report, go on
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if len(cause) > 200:
            cause = cause[:197] + "..."
        out.append([f"validation stopped: {cause}", ""])
    return out


def _message(error) -> str:
    text = str(getattr(error, "message", error)).strip().splitlines()[0]
    return text if len(text) <= 240 else text[:237] + "..."


def _pointer(error) -> str:
    path = list(getattr(error, "absolute_path", None) or getattr(error, "path", None) or [])
    if path:
        return ptr.join("", *path)
    message = str(getattr(error, "message", ""))
    hit = _OPERATION_IN_PATH.search(message)
    if hit:
        return ptr.join("/paths", hit.group(2), hit.group(1))
    hit = _IN_PATH.search(message)
    if hit:
        return ptr.join("/paths", hit.group(1))
    return ""
