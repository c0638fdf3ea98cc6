"""Validate a contract with openapi-spec-validator's semantics; errors become problems with pointers.

openapi-spec-validator (OSV) validates in two stages: the whole document against the OpenAPI JSON
Schema it ships (with jsonschema-rs when installed: ~15 ms on Stripe's 4 MB spec), then a walk over
tags, paths, operations, parameters, responses and component schemas (openapi_spec_validator/
validation/keywords.py). The walk goes through jsonschema-path, which re-resolves `$ref`s at every
step, and meta-validates every schema with the pure-Python jsonschema: 1.3 s on Stripe, 4 s on
OpenAI's spec. So, here:

1. The structural stage runs as OSV runs it: jsonschema-rs with OSV's own schema file.
2. A document with structural errors goes to OSV itself: its exact messages, and its walk copes
   with broken shapes in its own way.
3. Otherwise the walk is done here over the plain data, check for check as in keywords.py, with the
   same messages. Each schema's meta-check is first screened by jsonschema-rs against the same
   metaschema (the `regex` format checked as openapi-schema-validator checks it); only a schema the
   screen rejects, and each `default` value, goes through OSV's own Python check, which gives the
   exact error. Errors carry the pointer of the node they are about (OSV gives none, or one
   relative to the schema). Anything the walk does not mirror (a `$ref` to another file or to an
   anchor, an `$id`, a shape OSV would crash on) hands the document to OSV (step 2).

Results are cached by the document's content hash and the validator's version: an unchanged
contract is validated once per machine.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import string
import sys

from ..sources import InputError
from ..sources import pointer as ptr
from ..vocabulary import BRANCHES, UNIONS
from . import cache
from .load import Contract, Problem, shared

MAX_ERRORS = 200
METHOD = "2"  # part of the cache key: bump when the results' messages or pointers change
_OPERATION_IN_PATH = re.compile(r"for '(\w+)' operation in '([^']+)'")
_IN_PATH = re.compile(r"in '(/[^']*)'")
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OSV_SCHEMA_FILE = {"2.0": "v2.0", "3.0": "v3.0", "3.1": "v3.1"}


def validate_contract(contract: Contract) -> list[Problem]:
    validator_version = _validator_version()
    key = f"{contract.digest}:{contract.version}:{validator_version}:{METHOD}"
    cached = shared(("validation", key), lambda: _cached_validation(contract, key, validator_version))
    label = "Swagger 2.0" if contract.version == "2.0" else f"OpenAPI {contract.version}"
    return [Problem("invalid", f"not valid {label}: {message}; fix the contract", contract.document, pointer,
                    detail=message)
            for message, pointer in cached]


def _cached_validation(contract: Contract, key: str, validator_version: str | None) -> list:
    cached = cache.get("validation", key, valid=_valid_results) if validator_version else None
    if cached is None:
        cached = _validate(contract)
        if validator_version:
            cache.put("validation", key, cached)
    return cached


def _valid_results(value) -> bool:
    """A cached validation result is a list of [message, pointer] string pairs; anything else is recomputed."""
    return isinstance(value, list) and all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item) for item in value)


_VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.M)


def _validator_version() -> str | None:
    """openapi-spec-validator's version, read from its source: importlib.metadata costs 20 ms a run."""
    try:
        with open(os.path.join(_package_dir("openapi_spec_validator"), "__init__.py"), encoding="utf-8") as fh:
            found = _VERSION_LINE.search(fh.read())
        if found:
            return found.group(1)
    except (OSError, _Fallback):
        pass
    try:
        from importlib.metadata import version

        return version("openapi-spec-validator")
    except Exception:  # noqa: BLE001 - metadata missing: still validate, just do not cache
        return None


def _validate(contract: Contract) -> list:
    handlers = GuardedHandlers(contract)  # shared: a $ref the walk was refused is named when OSV stops on it
    try:
        fast = fast_validate(contract, handlers)
    except Exception:  # noqa: BLE001 - whatever the fast walk did not foresee, OSV itself answers
        fast = None
    return fast if fast is not None else _run_validator(contract, handlers)


def fast_validate(contract: Contract, handlers: "GuardedHandlers | None" = None) -> list | None:
    """OSV's findings as [message, pointer] pairs, or None when only OSV itself can tell."""
    backend = os.environ.get("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "auto").strip().lower()
    if backend not in ("auto", "jsonschema-rs", "jsonschema_rs"):
        return None  # OSV would not use jsonschema-rs for its structural stage
    if "$id" in (contract.document.text or ""):
        return None  # $id changes how OSV resolves $refs below it
    data = contract.document.data
    try:
        structurally_valid = _structural_validator(_schema_version(contract.version)).is_valid(data)
    except Exception:  # noqa: BLE001 - data jsonschema-rs cannot take (a non-string key): OSV decides
        return None
    if not structurally_valid:
        return None
    walk = _Walk(contract, handlers)
    try:
        walk.run()
    except _Stop:
        pass
    except (_Fallback, RecursionError):
        return None
    return walk.errors


# openapi-spec-validator follows an allOf cycle until Python's recursion limit stops it, and its memory grows with
# the square of the depth: 92 MB at 1,000 frames, 825 MB at 5,000, about 21 GB at the 20,000 the command line
# allows for deep documents. Real specs validate within 2,500 (Stripe's and OpenAI's do).
OSV_RECURSION_LIMIT = 2_500


def _run_validator(contract: Contract, handlers: "GuardedHandlers | None" = None) -> list:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, OSV_RECURSION_LIMIT))
    try:
        return _validator_errors(contract, handlers)
    finally:
        sys.setrecursionlimit(limit)


def _validator_errors(contract: Contract, handlers: "GuardedHandlers | None") -> list:
    import openapi_spec_validator as osv

    out = []
    if handlers is None:
        handlers = GuardedHandlers(contract)
    try:
        validator = guarded_validator(osv, contract, handlers)
        for error in validator.iter_errors():
            out.append([_message(error), _pointer(error)])
            if len(out) >= MAX_ERRORS:
                break
    except Exception as exc:  # noqa: BLE001 - the validator raises on what it cannot resolve; report, go on
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if handlers.refused:
            cause = handlers.refused[-1]
        if len(cause) > 200:
            cause = cause[:197] + "..."
        out.append([f"validation stopped: {cause}", ""])
    return out


def guarded_validator(osv, contract: Contract, handlers: "GuardedHandlers | None" = None):
    """OSV's validator for `contract` whose every `$ref` retrieval (its own walk, and jsonschema's when it checks
    a `default` against a schema) goes through `GuardedHandlers`."""
    base = _osv_class(osv, contract.version)
    if handlers is None:  # not `or`: the handlers are an empty dict that answers for every scheme
        handlers = GuardedHandlers(contract)
    guarded = type(base.__name__, (base,), {"resolver_handlers": handlers})
    validator = guarded(contract.document.data, base_uri=_base_uri(contract))
    defaults = validator.keyword_validators_registry["default"]
    defaults.value_validator_cls = _linear_patterns(defaults.value_validator_cls)
    return validator


_LINEAR: dict = {}


def _linear_patterns(cls):
    """`cls` (the jsonschema validator OSV checks a `default` with) whose `pattern` keyword is matched by
    schemalint.patterns (RE2, or a bounded fallback) instead of Python's backtracking `re`: the contract's
    patterns are untrusted, and `^(a+)+$` against a default of forty `a`s and a `!` hung the run."""
    if cls not in _LINEAR:
        from jsonschema import ValidationError, validators

        from ..patterns import search

        def pattern(validator, expected, instance, schema):
            if isinstance(expected, str) and validator.is_type(instance, "string") \
                    and search(expected, instance) is False:
                yield ValidationError(f"{instance!r} does not match {expected!r}")

        _LINEAR[cls] = validators.extend(cls, {"pattern": pattern})
    return _LINEAR[cls]


class GuardedHandlers(dict):
    """The validator's `$ref` handlers, for every URI scheme: what schemalint's own resolver may read and
    nothing else. Left to itself, openapi-spec-validator fetches http(s) and file URIs anywhere (and hands
    unknown schemes to urllib); here a remote document is read only with `remote-refs = true`, a local one
    only inside the contract's folder tree or repository, a regular file within the size bound."""

    def __init__(self, contract: Contract):
        super().__init__()
        self.contract = contract
        self.refused: list[str] = []  # why each refused URI was not read, for the message

    def __contains__(self, scheme) -> bool:
        return True

    def __getitem__(self, scheme):
        return self.retrieve

    def get(self, scheme, default=None):
        return self.retrieve

    def retrieve(self, uri: str):
        try:
            return self._retrieve(uri)
        except (ValueError, InputError) as exc:
            self.refused.append(str(exc))
            raise ValueError(str(exc)) from None

    def _retrieve(self, uri: str):
        import urllib.parse
        import urllib.request

        from ..files import inside
        from .fetch import Source, read_regular_file, redact
        from .parse import parse_contract

        scheme = urllib.parse.urlsplit(uri).scheme.lower()
        source = self.contract.source
        auth = self.contract.resolver.auth
        if scheme in ("http", "https"):
            if not auth.remote_refs:
                raise ValueError(f"$ref to {redact(uri)} not fetched (remote-refs = false)")
            target = Source("url", uri)
            raw = target.read(auth.for_ref(source))
        elif scheme == "file" and source.kind == "file":
            path = urllib.request.url2pathname(urllib.parse.urlsplit(uri).path)
            if source.root and not inside(source.root, path):
                raise ValueError(f"$ref to {path} not followed: it leaves {source.root}")
            target = Source("file", path, root=source.root)
            raw = read_regular_file(path, "referenced document")
        else:
            raise ValueError(f"$ref scheme '{scheme or 'relative'}' not followed for a {source.kind} contract")
        return parse_contract(target.display, raw).data


def _osv_class(osv, version: str):
    return {"2.0": osv.OpenAPIV2SpecValidator, "3.0": osv.OpenAPIV30SpecValidator}.get(
        version, osv.OpenAPIV31SpecValidator)


def _schema_version(version: str) -> str:
    return version if version in ("2.0", "3.0") else "3.1"


def _base_uri(contract: Contract) -> str:
    if contract.source.kind != "file":
        return ""
    import pathlib

    return pathlib.Path(contract.source.location).resolve().as_uri()


def _message(error) -> str:
    text = str(getattr(error, "message", error)).strip().splitlines()[0]
    return _clip(text)


def _clip(text: str) -> str:
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


# --- jsonschema-rs validators over the schemas OSV and openapi-schema-validator ship -------------------

def _package_dir(name: str) -> str:
    spec = importlib.util.find_spec(name)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise _Fallback(f"{name} is not installed")
    return list(spec.submodule_search_locations)[0]


def _read_json(*parts: str):
    with open(os.path.join(*parts), "rb") as fh:
        return json.loads(fh.read())


@functools.lru_cache(maxsize=None)
def _structural_validator(schema_version: str):
    """The validator OSV's jsonschema-rs backend builds for its structural stage."""
    import jsonschema_rs

    schema = _read_json(_package_dir("openapi_spec_validator"), "resources", "schemas",
                        _OSV_SCHEMA_FILE[schema_version], "schema.json")
    return jsonschema_rs.validator_cls_for(schema)(schema)


OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"


def _metaschema_documents(schema_version: str) -> tuple:
    """(metaschema, [(uri, document)] it refers to): what OSV meta-validates each schema against.

    2.0 and 3.0 schemas are checked with OAS30Validator.check_schema: Draft 4's metaschema. 3.1
    schemas without `$schema`, in a document without another jsonSchemaDialect, are checked against
    the OAS 3.1 base dialect (Draft 2020-12 plus the OAS vocabulary).
    """
    specs = _package_dir("jsonschema_specifications")
    if schema_version in ("2.0", "3.0"):
        return _read_json(specs, "schemas", "draft4", "metaschema.json"), []
    oas = _package_dir("openapi_schema_validator")
    dialect = _read_json(oas, "schemas", "oas3.1", "metaschema.json")
    resources = [_read_json(oas, "schemas", "oas3.1", "vocabularies", "base")]
    folder = os.path.join(specs, "schemas", "draft202012")
    resources.append(_read_json(folder, "metaschema.json"))
    for name in sorted(os.listdir(os.path.join(folder, "vocabularies"))):
        resources.append(_read_json(folder, "vocabularies", name))
    if dialect.get("$id") != OAS31_DIALECT:
        raise _Fallback("unexpected OAS 3.1 dialect metaschema")
    return dialect, [(doc["$id"], doc) for doc in resources if isinstance(doc.get("$id"), str)]


def metaschema_formats(schema_version: str) -> set:
    """Every `format` the metaschema documents use (the checked ones must be mirrored by the screen)."""
    meta, resources = _metaschema_documents(schema_version)
    found = set()
    stack = [meta] + [doc for _, doc in resources]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@functools.lru_cache(maxsize=None)
def _ecma_regex():
    try:
        from regress import Regex, RegressError
    except ImportError:
        return None
    return Regex, RegressError


def _regex_ok(pattern) -> bool:
    """openapi_schema_validator._regex.is_valid_regex: ECMA-262 through `regress` when installed, else `re`."""
    if not isinstance(pattern, str):
        return True
    ecma = _ecma_regex()
    if ecma is None:
        try:
            re.compile(pattern)
        except re.error:
            return False
        return True
    regex, error = ecma
    try:
        regex(pattern)
    except error:
        return False
    return True


@functools.lru_cache(maxsize=None)
def meta_screen(schema_version: str):
    """jsonschema-rs over the metaschema OSV checks schemas against; it decides which need OSV's own check.

    openapi-schema-validator's format checkers check only `regex` among the formats these
    metaschemas use (`uri`, `uri-reference` are not checked), so the screen checks that one the same
    way and accepts the others.
    """
    import jsonschema_rs

    meta, resources = _metaschema_documents(schema_version)
    formats = {name: (_regex_ok if name == "regex" else _accept) for name in metaschema_formats(schema_version)}
    if schema_version in ("2.0", "3.0"):
        return jsonschema_rs.Draft4Validator(meta, formats=formats, validate_formats=True)
    return jsonschema_rs.Draft202012Validator(meta, formats=formats, validate_formats=True,
                                              registry=jsonschema_rs.Registry(resources))


def _accept(_value) -> bool:
    return True


# --- OSV's keyword walk, over the plain data ------------------------------------------------------------

class _Fallback(Exception):
    """The walk cannot mirror OSV here (OSV would resolve differently, or crash): run OSV itself."""


class _Stop(Exception):
    """MAX_ERRORS reached: OSV's run stops consuming errors there too."""


def _is_ref(node) -> bool:  # jsonschema_path.utils.is_ref
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def _has(node, key) -> bool:  # SchemaPath.__contains__ on a resolved node
    if isinstance(node, dict):
        return key in node
    if isinstance(node, list):
        return isinstance(key, int) and 0 <= key < len(node)
    return False


def _keys(node):  # SchemaPath.keys(): a leaf has none and OSV raises
    if isinstance(node, dict):
        return list(node.keys())
    if isinstance(node, list):
        return range(len(node))
    raise _Fallback("iterating a leaf")


class _Walk:
    """openapi_spec_validator.validation.keywords, for a structurally valid document with local $refs.

    A node is (value, pointer, parts): the value as written, the JSON pointer where it is written
    and the keys OSV's walk took to reach it (a SchemaPath's parts, followed through $refs). A
    value is resolved where OSV first reads it; pointers then name the $ref's target.
    """

    def __init__(self, contract: Contract, handlers: "GuardedHandlers | None" = None):
        self.contract = contract
        self.handlers = handlers
        self.data = contract.document.data
        self.schema_version = _schema_version(contract.version)
        self.v2 = contract.version == "2.0"
        self.errors: list = []
        self.operation_ids: list = []
        self.operation_id_set: set = set()  # the hashable ones of operation_ids: a look-up per operation, not a scan
        self.meta_checked: set = set()
        self.visited: set = set()
        self._osv = None

    # -- plumbing

    def error(self, message: str, pointer: str) -> None:
        self.errors.append([_clip(message.strip().splitlines()[0] if message.strip() else message), pointer])
        if len(self.errors) >= MAX_ERRORS:
            raise _Stop

    def resolve(self, value, pointer: str):
        hops = 0
        while _is_ref(value):
            ref = value["$ref"]
            if not ref.startswith("#") or "%" in ref:
                raise _Fallback(f"$ref {ref!r}")
            fragment = ref[1:]
            if fragment and not fragment.startswith("/"):
                raise _Fallback(f"$ref {ref!r}")
            try:
                value = ptr.resolve(self.data, fragment)
            except (KeyError, IndexError, ValueError, TypeError):
                raise _Fallback(f"$ref {ref!r} points to nothing") from None
            pointer = fragment
            hops += 1
            if hops > 64:
                raise _Fallback("$ref loop")
        return value, pointer

    def child(self, node, key):
        value, pointer, parts = node
        return value[key], ptr.join(pointer, key), (parts, key)

    def resolved(self, node):
        value, pointer = self.resolve(node[0], node[1])
        return value, pointer, node[2]

    def children(self, node):
        """(key, child) of a resolved node, children unresolved: SchemaPath.items() / iteration."""
        value = node[0]
        return [(key, self.child(node, key)) for key in _keys(value)]

    def read_str(self, node) -> str:
        value = self.resolve(node[0], node[1])[0]
        if not isinstance(value, str):
            raise _Fallback("expected a string")
        return value

    def osv(self):
        """OSV's own validator for this document: its meta-check and default-value check give exact errors."""
        if self._osv is None:
            import openapi_spec_validator as osv

            self._osv = guarded_validator(osv, self.contract, self.handlers)
        return self._osv

    # -- RootValidator

    def run(self) -> None:
        root = (self.data, "", ())
        if _has(self.data, "tags"):
            self.tags(self.resolved(self.child(root, "tags")))
        if _has(self.data, "paths"):
            paths = self.resolved(self.child(root, "paths"))
            for url, item in self.children(paths):
                if not isinstance(url, str):
                    raise _Fallback("path key")
                self.path(url, self.resolved(item))
        if _has(self.data, "components"):
            components = self.resolved(self.child(root, "components"))
            if _has(components[0], "schemas"):
                schemas = self.resolved(self.child(components, "schemas"))
                for _, schema in self.children(schemas):
                    self.schema(schema)

    def tags(self, tags) -> None:
        seen = set()
        for _, tag in self.children(tags):
            tag = self.resolved(tag)
            if not isinstance(tag[0], dict) or "name" not in tag[0]:
                raise _Fallback("tag without name")
            name_node = self.child(tag, "name")
            name = self.read_str(name_node)
            if name in seen:
                self.error(f"Duplicate tag name '{name}'", name_node[1])
            seen.add(name)

    # -- PathValidator, OperationValidator

    def path(self, url: str, item) -> None:
        if not isinstance(item[0], dict):
            raise _Fallback("path item is not a mapping")
        parameters = None
        if _has(item[0], "parameters"):
            parameters = self.resolved(self.child(item, "parameters"))
            self.parameters(parameters)
        for name, operation in self.children(item):
            if not isinstance(name, str):
                raise _Fallback("path item key is not a string")
            if name in _OPERATIONS:
                self.operation(url, name, self.resolved(operation), parameters)

    def operation(self, url: str, name: str, operation, path_parameters) -> None:
        value, pointer, _ = operation
        if _has(value, "operationId"):
            op_id, id_pointer = self.resolve(value["operationId"], ptr.join(pointer, "operationId"))
            try:
                seen = op_id in self.operation_id_set
                self.operation_id_set.add(op_id)
            except TypeError:  # a mapping or list where a string belongs
                seen = op_id in self.operation_ids
            if op_id is not None and seen:
                self.error(f"Operation ID '{op_id}' for '{name}' in '{url}' is not unique", id_pointer)
            self.operation_ids.append(op_id)
        if _has(value, "responses"):
            for code, response in self.children(self.resolved(self.child(operation, "responses"))):
                if not isinstance(code, str):
                    raise _Fallback("response code is not a string")
                self.response(self.resolved(response))
        names = []
        if _has(value, "parameters"):
            parameters = self.resolved(self.child(operation, "parameters"))
            self.parameters(parameters)
            names += self.path_param_names(parameters)
        if path_parameters is not None:
            names += self.path_param_names(path_parameters)
        all_params = set(names)
        try:
            url_params = {field[1] for field in string.Formatter().parse(url) if field[1]}
        except ValueError:
            raise _Fallback("path template OSV cannot parse") from None
        # OSV gives no location; the operation is where both sides meet (as _pointer derives it)
        for param in sorted(url_params):
            if param not in all_params:
                self.error(f"Path parameter '{param}' for '{name}' operation in '{url}' was not resolved", pointer)
        for param in sorted(all_params):
            if param not in url_params:
                self.error(f"Path parameter '{param}' for '{name}' operation in '{url}' was not resolved", pointer)

    def path_param_names(self, parameters) -> list:
        names = []
        for _, param in self.children(parameters):
            param = self.resolved(param)
            if not isinstance(param[0], dict) or "in" not in param[0]:
                raise _Fallback("parameter without 'in'")
            if self.read_str(self.child(param, "in")) == "path":
                if "name" not in param[0]:
                    raise _Fallback("parameter without 'name'")
                names.append(self.read_str(self.child(param, "name")))
        return names

    def parameters(self, parameters) -> None:
        seen = set()
        for _, parameter in self.children(parameters):
            parameter = self.resolved(parameter)
            value, pointer, _ = parameter
            if _has(value, "schema"):
                self.schema(self.child(parameter, "schema"))
            if self.v2 and _has(value, "default"):
                default = self.resolve(value["default"], ptr.join(pointer, "default"))[0]
                self.default(parameter, default)
            if not isinstance(value, dict) or not isinstance(value.get("name"), str) \
                    or not isinstance(value.get("in"), str):
                raise _Fallback("parameter name or location is not a string")
            key = (value["name"], value["in"])
            if key in seen:
                self.error(f"Duplicate parameter '{value['name']}'", pointer)
            seen.add(key)

    def response(self, response) -> None:
        value = response[0]
        if self.v2:
            if _has(value, "schema"):
                self.schema(self.child(response, "schema"))
            return
        if _has(value, "content"):
            for mimetype, media in self.children(self.resolved(self.child(response, "content"))):
                if not isinstance(mimetype, str):
                    raise _Fallback("media type is not a string")
                media = self.resolved(media)
                if _has(media[0], "schema"):
                    self.schema(self.child(media, "schema"))

    # -- SchemaValidator

    def schema(self, node, require_properties: bool = True, meta_checked: bool = False) -> None:
        node = self.resolved(node)
        value, pointer, _ = node
        if not isinstance(value, (dict, bool)):
            self.error(f"{value!r} is not of type 'object', 'boolean'", pointer)
            return
        schema_id = id(value)
        if not meta_checked and schema_id not in self.meta_checked:
            self.meta_checked.add(schema_id)
            if self.meta_check(value, pointer):
                return
        if schema_id in self.visited:
            return
        self.visited.add(schema_id)

        nested_properties: list = []
        if _has(value, "allOf"):
            for _, inner in self.children(self.resolved(self.child(node, "allOf"))):
                self.schema(inner, require_properties=False, meta_checked=True)
                nested_properties += list(self.collect_properties(inner))
        for keyword in UNIONS:
            if _has(value, keyword):
                for _, inner in self.children(self.resolved(self.child(node, keyword))):
                    self.schema(inner, require_properties=False, meta_checked=True)
        for keyword in ("not", "items"):
            if _has(value, keyword):
                self.schema(self.child(node, keyword), require_properties=False, meta_checked=True)
        if _has(value, "properties"):
            for _, inner in self.children(self.resolved(self.child(node, "properties"))):
                self.schema(inner, require_properties=False, meta_checked=True)

        required = _has(value, "required") and self.resolve(value["required"], pointer)[0] or []
        properties = _has(value, "properties") and _keys(self.resolved(self.child(node, "properties"))[0]) or []
        if _has(value, "allOf"):
            try:
                extra_properties = list(set(required) - set(properties) - set(nested_properties))
            except TypeError:
                raise _Fallback("unhashable required entries") from None
        else:
            extra_properties = []
        if extra_properties and require_properties:
            self.error(f"Required list has not defined properties: {extra_properties}",
                       ptr.join(pointer, "required"))

        if _has(value, "default"):
            default = self.resolve(value["default"], ptr.join(pointer, "default"))[0]
            nullable = False
            if _has(value, "nullable"):
                nullable = self.resolve(value["nullable"], ptr.join(pointer, "nullable"))[0]
            if default is not None or nullable is not True:
                self.default(node, default)

    def collect_properties(self, node) -> set:
        """SchemaValidator._collect_properties: every property name reachable through the applicators."""
        node = self.resolved(node)
        value = node[0]
        props: set = set()
        if _has(value, "properties"):
            props.update(_keys(self.resolved(self.child(node, "properties"))[0]))
        for keyword in BRANCHES:
            if _has(value, keyword):
                for _, sub in self.children(self.resolved(self.child(node, keyword))):
                    props.update(self.collect_properties(sub))
        if _has(value, "items"):
            props.update(self.collect_properties(self.child(node, "items")))
        if _has(value, "not"):
            props.update(self.collect_properties(self.child(node, "not")))
        return props

    def meta_check(self, value, pointer: str) -> bool:
        """SchemaValidator._validate_schema_meta, screened: True when the schema failed it."""
        screen = self.screen_for(value)
        if screen is not None:
            try:
                if screen.is_valid(value):
                    return False
            except Exception:  # noqa: BLE001 - a value jsonschema-rs cannot take: OSV's check decides
                pass
        validator = self.osv()
        error = validator.keyword_validators_registry["schema"]._validate_schema_meta(validator.schema_path, value)
        if error is None:
            return False
        self.error(_message(error), ptr.join(pointer, *(getattr(error, "path", None) or ())))
        return True

    def screen_for(self, value):
        if self.schema_version != "3.1":
            return meta_screen(self.schema_version)
        if isinstance(value, dict) and "$schema" in value:
            return None  # another dialect: OSV picks the validator
        dialect = self.data.get("jsonSchemaDialect", OAS31_DIALECT)
        if not isinstance(dialect, str):
            raise _Fallback("jsonSchemaDialect is not a string")
        return meta_screen("3.1") if dialect == OAS31_DIALECT else None

    def default(self, node, default) -> None:
        """ValueValidator: the default value against its schema, by OSV's own code."""
        validator = self.osv()
        path = validator.schema_path
        for part in _flatten_parts(node[2]):
            path = path / part
        for error in validator.keyword_validators_registry["default"](path, default):
            self.error(_message(error), ptr.join(node[1], "default", *(getattr(error, "path", None) or ())))


def _flatten_parts(parts) -> list:
    out = []
    while parts:
        parts, key = parts
        out.append(key)
    out.reverse()
    return out
