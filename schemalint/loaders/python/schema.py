"""Python type annotations, Pydantic models and fields to JSON Schema, as Pydantic v2 generates it.

The result is Pydantic's `model_json_schema()` shape (titles, `$defs`/`$ref`); each framework's own
post-processing (dereferencing, pruning titles, OpenAI strict mode) is applied afterwards in
`frameworks.py`. Nodes carry private keys (ANCHOR, ...) naming the source node they come from;
`finish()` turns them into pointer -> node anchors and removes them.
"""
from __future__ import annotations

import ast

from .docstrings import cleandoc
from .module import ModuleInfo, Unknown, docstring_node, dotted, is_ellipsis, jsonable, literal, string_value

ANCHOR = "\x00anchor"  # the source node a schema node comes from
DESC_ANCHOR = "\x00desc"  # the source of the node's description (Field(description=) or a docstring line)
EXPLICIT_TITLE = "\x00title"  # the title was written by the author (Field(title=...))
UNRESOLVED = "\x00unresolved"  # static reading could not know this type
SOURCE = "\x00source"  # (module, declaration, annotation, FieldSpec) of a field or parameter, for `fix`
PRIVATE_KEYS = (ANCHOR, DESC_ANCHOR, EXPLICIT_TITLE, UNRESOLVED, SOURCE)

MISSING = object()

_ALIASES = {"typing_extensions": "typing", "collections.abc": "typing", "collections": "typing",
            "pydantic.networks": "pydantic", "pydantic.types": "pydantic", "pydantic.fields": "pydantic",
            "pydantic.main": "pydantic", "pydantic.v1": "pydantic", "langchain_core.pydantic_v1": "pydantic",
            "langchain.pydantic_v1": "pydantic", "typing.re": "typing", "enum": "enum"}
SCALARS = {
    "builtins.str": {"type": "string"}, "typing.Text": {"type": "string"}, "typing.LiteralString": {"type": "string"},
    "builtins.int": {"type": "integer"}, "builtins.float": {"type": "number"}, "builtins.bool": {"type": "boolean"},
    "builtins.bytes": {"format": "binary", "type": "string"}, "builtins.None": {"type": "null"},
    "builtins.object": {}, "typing.Any": {},
    "datetime.datetime": {"format": "date-time", "type": "string"},
    "datetime.date": {"format": "date", "type": "string"},
    "datetime.time": {"format": "time", "type": "string"},
    "datetime.timedelta": {"format": "duration", "type": "string"},
    "uuid.UUID": {"format": "uuid", "type": "string"},
    "pydantic.UUID4": {"format": "uuid4", "type": "string"},
    "pathlib.Path": {"format": "path", "type": "string"},
    "pydantic.EmailStr": {"format": "email", "type": "string"},
    "pydantic.NameEmail": {"format": "name-email", "type": "string"},
    "pydantic.AnyUrl": {"format": "uri", "minLength": 1, "type": "string"},
    "pydantic.AnyHttpUrl": {"format": "uri", "minLength": 1, "type": "string"},
    "pydantic.HttpUrl": {"format": "uri", "maxLength": 2083, "minLength": 1, "type": "string"},
    "pydantic.SecretStr": {"format": "password", "type": "string", "writeOnly": True},
    "pydantic.Json": {},
    "ipaddress.IPv4Address": {"format": "ipv4", "type": "string"},
    "ipaddress.IPv6Address": {"format": "ipv6", "type": "string"},
    "decimal.Decimal": {"anyOf": [{"type": "number"}, {"pattern": "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$",
                                                       "type": "string"}]},
}
ARRAYS = {"builtins.list", "typing.List", "typing.Sequence", "typing.MutableSequence", "typing.Iterable",
          "typing.Collection", "typing.deque", "typing.Deque"}
SETS = {"builtins.set", "builtins.frozenset", "typing.Set", "typing.FrozenSet", "typing.AbstractSet",
        "typing.MutableSet"}
TUPLES = {"builtins.tuple", "typing.Tuple"}
MAPPINGS = {"builtins.dict", "typing.Dict", "typing.Mapping", "typing.MutableMapping", "typing.OrderedDict",
            "typing.DefaultDict", "typing.defaultdict"}
UNIONS = {"typing.Union"}
OPTIONALS = {"typing.Optional"}
WRAPPERS = {"typing.Required", "typing.NotRequired", "typing.ReadOnly", "typing.Final"}
FIELD_CALLS = {"pydantic.Field", "pydantic.fields.Field", "langchain_core.pydantic_v1.Field", "dataclasses.field"}
MODEL_BASES = {"pydantic.BaseModel", "pydantic.RootModel"}
ENUM_BASES = {"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"}
TYPEDDICT_BASES = {"typing.TypedDict"}
_CONSTRAINTS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum",
                "multiple_of": "multipleOf", "pattern": "pattern"}
_LENGTHS = {"string": ("minLength", "maxLength"), "array": ("minItems", "maxItems"),
            "object": ("minProperties", "maxProperties")}


_NORMALIZED: dict = {}


def normalize(qualified: str | None) -> str | None:
    if qualified is None:
        return None
    cached = _NORMALIZED.get(qualified)
    if cached is None:
        cached = _NORMALIZED[qualified] = _normalize(qualified)
    return cached


def _normalize(qualified: str) -> str:
    for prefix, target in _ALIASES.items():
        if qualified.startswith(prefix + "."):
            tail = qualified[len(prefix) + 1:]
            qualified = f"{target}.{tail.split('.')[-1]}"
            break
    return qualified


def title_from_name(name: str) -> str:
    return name.title().replace("_", " ").strip()


class FieldSpec:
    """What a field declaration says: its type, default, Field(...) keywords and where each came from."""

    def __init__(self):
        self.default = MISSING
        self.default_node = None
        self.has_factory = False
        self.kwargs: dict = {}  # Field keyword -> value (literals)
        self.kwarg_nodes: dict = {}  # Field keyword -> source node
        self.string_meta: str | None = None  # Annotated[T, "a description"]
        self.string_meta_node = None
        self.field_call = None
        self.injected = False  # InjectedToolArg / framework-injected parameter

    @property
    def required(self) -> bool:
        return self.default is MISSING and not self.has_factory


class SchemaBuilder:
    def __init__(self, loader, tool_label: str, notes: list, *, string_meta_is_description: bool = True):
        self.loader = loader
        self.tool_label = tool_label
        self.notes = notes
        self.defs: dict = {}
        self.string_meta_is_description = string_meta_is_description
        self._building: set = set()
        self._alias_depth = 0

    # ---- notes -------------------------------------------------------------------------------------------
    def note(self, mod: ModuleInfo, node, message: str) -> None:
        line = self.loader.line_of(mod, node)
        self.notes.append(f"{mod.path}:{line}: {self.tool_label}: {message}")

    # ---- classes -----------------------------------------------------------------------------------------
    def resolve_class(self, expr, mod: ModuleInfo):
        """(module, ClassDef) of a class named by `expr`, following imports within the source tree."""
        return self.loader.resolve_symbol(expr, mod, want="class")

    def class_kind(self, mod: ModuleInfo, cls: ast.ClassDef, depth: int = 0) -> str | None:
        if depth > 10:
            return None
        kinds = []
        for base in cls.bases:
            q = normalize(mod.qualify(base))
            if q in MODEL_BASES or (q and q.endswith(".BaseModel")):
                return "model"
            if q in ENUM_BASES:
                kinds.append("enum")
            elif q in TYPEDDICT_BASES:
                return "typeddict"
            else:
                found = self.resolve_class(base, mod)
                if found is not None:
                    sub = self.class_kind(found[0], found[1], depth + 1)
                    if sub:
                        kinds.append(sub)
        if kinds:
            return "model" if "model" in kinds else kinds[0]
        for dec in cls.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            q = normalize(mod.qualify(target)) or ""
            if q.endswith("dataclass"):
                return "dataclass"
        return None

    def class_ref(self, mod: ModuleInfo, cls: ast.ClassDef, anchor) -> dict:
        kind = self.class_kind(mod, cls)
        name = cls.name
        if kind is None:
            self.note(mod, anchor, f"class '{name}' is not a Pydantic model, dataclass, TypedDict or Enum; "
                                   "its schema is unknown to static reading")
            return {UNRESOLVED: name}
        key = self._def_key(name, cls)
        if key not in self.defs and key not in self._building:
            self._building.add(key)
            if kind == "enum":
                schema = self.enum_schema(mod, cls)
            else:
                schema = self.model_schema(mod, cls, kind)
            self._building.discard(key)
            self.defs[key] = schema
        return {"$ref": f"#/$defs/{key}"}

    def _def_key(self, name: str, cls) -> str:
        # Pydantic disambiguates same-named classes from different modules; keep names unique here
        owner = getattr(self, "_def_owners", None)
        if owner is None:
            owner = self._def_owners = {}
        key, n = name, 1
        while key in owner and owner[key] is not cls:
            n += 1
            key = f"{name}{n}"
        owner[key] = cls
        return key

    def class_doc(self, cls: ast.ClassDef) -> tuple[str | None, object]:
        node = docstring_node(cls)
        return (cleandoc(node.value), node) if node is not None else (None, None)

    def enum_members(self, mod: ModuleInfo, cls: ast.ClassDef) -> list:
        """[(name, value, node)] of an Enum class body."""
        q_bases = {normalize(mod.qualify(b)) for b in cls.bases}
        is_str = "enum.StrEnum" in q_bases or "builtins.str" in q_bases
        members, counter = [], 0
        for small in cls.body:
            if isinstance(small, ast.Assign) and len(small.targets) == 1 and isinstance(small.targets[0], ast.Name):
                name, value_node = small.targets[0].id, small.value
            elif isinstance(small, ast.AnnAssign) and isinstance(small.target, ast.Name) and small.value:
                name, value_node = small.target.id, small.value
            else:
                continue
            if name.startswith("_"):
                continue
            if isinstance(value_node, ast.Call) and (dotted(value_node.func) or "").endswith("auto"):
                value = name.lower() if is_str else counter + 1
            else:
                value = literal(value_node, mod)
            if isinstance(value, int) and not isinstance(value, bool):
                counter = value
            members.append((name, value, small))
        return members

    def enum_member_value(self, expr, mod: ModuleInfo):
        if not isinstance(expr, ast.Attribute):
            return None
        found = self.resolve_class(expr.value, mod)
        if found is None or self.class_kind(*found) != "enum":
            return None
        for name, value, _ in self.enum_members(*found):
            if name == expr.attr:
                return value
        return None

    def enum_schema(self, mod: ModuleInfo, cls: ast.ClassDef) -> dict:
        members = self.enum_members(mod, cls)
        values = []
        for name, value, node in members:
            if isinstance(value, Unknown):
                self.note(mod, node, f"value of {cls.name}.{name} is not a literal; left out of the enum")
                continue
            values.append(jsonable(value))
        schema = {ANCHOR: cls}
        doc, _ = self.class_doc(cls)
        if doc:
            schema["description"] = doc
        schema["enum"] = values
        schema["title"] = cls.name
        json_type = _literal_type(values)
        if json_type:
            schema["type"] = json_type
        return schema

    def model_fields(self, mod: ModuleInfo, cls: ast.ClassDef, depth: int = 0) -> list:
        """[(name, annotation, value, node, module)] including fields inherited from models in the source tree."""
        fields: dict = {}
        if depth < 10:
            for base in cls.bases:
                found = self.resolve_class(base, mod)
                if found is not None and self.class_kind(*found) in ("model", "typeddict", "dataclass"):
                    for f in self.model_fields(found[0], found[1], depth + 1):
                        fields[f[0]] = f
        for small in cls.body:
            if not isinstance(small, ast.AnnAssign) or not isinstance(small.target, ast.Name):
                continue
            name = small.target.id
            ann = small.annotation
            q = normalize(mod.qualify(ann.value if isinstance(ann, ast.Subscript) else ann))
            if name.startswith("_") or name == "model_config" or q in ("typing.ClassVar",):
                continue
            fields[name] = (name, ann, small.value, small, mod)
        return list(fields.values())

    def model_config(self, mod: ModuleInfo, cls: ast.ClassDef) -> dict:
        config: dict = {}
        for stmt in cls.body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Call) and \
                    dotted(stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target) == "model_config":
                for kw in stmt.value.keywords:
                    if kw.arg:
                        config[kw.arg] = literal(kw.value, mod)
            elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name):
                        config[inner.targets[0].id] = literal(inner.value, mod)
        for kw in cls.keywords:
            if kw.arg:
                config[kw.arg] = literal(kw.value, mod)
        return config

    def model_schema(self, mod: ModuleInfo, cls: ast.ClassDef, kind: str = "model") -> dict:
        props, required = {}, []
        total = True
        config = self.model_config(mod, cls)
        if kind == "typeddict" and config.get("total") is False:
            total = False
        for name, ann, value, node, owner in self.model_fields(mod, cls):
            spec = self.field_spec(ann, value, owner)
            if kind == "typeddict":
                q = normalize(owner.qualify(ann.value)) if isinstance(ann, ast.Subscript) else None
                spec.default = MISSING if (total and q != "typing.NotRequired") or q == "typing.Required" else None
            prop_name, prop = self.property_schema(name, ann, spec, owner, node)
            props[prop_name] = prop
            if spec.required:
                required.append(prop_name)
        schema = {ANCHOR: cls}
        doc, doc_node = self.class_doc(cls)
        if doc and kind in ("model", "typeddict", "dataclass"):
            schema["description"] = doc
            schema[DESC_ANCHOR] = doc_node
        if config.get("extra") == "forbid":
            schema["additionalProperties"] = False
        schema["properties"] = props
        if required:
            schema["required"] = required
        schema["title"] = cls.name
        schema["type"] = "object"
        return schema

    # ---- fields ------------------------------------------------------------------------------------------
    def unwrap_annotated(self, ann, mod: ModuleInfo):
        """(inner annotation, [metadata nodes]) of Annotated[...] (nested Annotated flattened)."""
        metas = []
        while isinstance(ann, ast.Subscript) and normalize(mod.qualify(ann.value)) == "typing.Annotated":
            args = _subscript_args(ann)
            if not args:
                break
            ann, metas = args[0], args[1:] + metas
        return ann, metas

    def field_spec(self, ann, value, mod: ModuleInfo) -> FieldSpec:
        spec = FieldSpec()
        if ann is not None:
            _, metas = self.unwrap_annotated(ann, mod)
            for meta in metas:
                if isinstance(meta, ast.Call) and normalize(mod.qualify(meta.func)) in FIELD_CALLS:
                    self._read_field_call(meta, mod, spec)
                elif string_value(meta) is not None:
                    spec.string_meta, spec.string_meta_node = string_value(meta), meta
                else:
                    q = mod.qualify(meta.func if isinstance(meta, ast.Call) else meta) or ""
                    if q.rsplit(".", 1)[-1] in ("InjectedToolArg", "InjectedState", "InjectedStore",
                                                "InjectedToolCallId"):
                        spec.injected = True
        if value is not None:
            if isinstance(value, ast.Call) and normalize(mod.qualify(value.func)) in FIELD_CALLS:
                self._read_field_call(value, mod, spec)
            elif is_ellipsis(value):
                pass
            else:
                spec.default_node = value
                spec.default = self.value_of(value, mod)
        return spec

    def value_of(self, node, mod: ModuleInfo):
        return literal(node, mod, enums=lambda attr: self.enum_member_value(attr, mod))

    def _read_field_call(self, call: ast.Call, mod: ModuleInfo, spec: FieldSpec) -> None:
        spec.field_call = call
        if call.args and not isinstance(call.args[0], ast.Starred) and not is_ellipsis(call.args[0]):
            spec.default_node = call.args[0]
            spec.default = self.value_of(call.args[0], mod)
        for arg in call.keywords:
            if arg.arg is None:
                continue
            key = arg.arg
            if key == "default":
                if not is_ellipsis(arg.value):
                    spec.default_node = arg.value
                    spec.default = self.value_of(arg.value, mod)
            elif key == "default_factory":
                spec.has_factory = True
            else:
                spec.kwargs[key] = self.value_of(arg.value, mod)
                spec.kwarg_nodes[key] = arg

    def property_schema(self, name: str, ann, spec: FieldSpec, mod: ModuleInfo, node,
                        doc_description: tuple | None = None) -> tuple[str, dict]:
        """(property name, schema) of one field or parameter, as Pydantic's field schema."""
        inner = self.unwrap_annotated(ann, mod)[0] if ann is not None else None
        base = self.type_schema(inner, mod) if inner is not None else {}
        prop = dict(base)
        kwargs = spec.kwargs
        alias = kwargs.get("alias") or kwargs.get("validation_alias")
        prop_name = alias if isinstance(alias, str) else name
        for key, value in kwargs.items():
            if isinstance(value, Unknown) and key in ("description", "title", "examples", "ge", "gt", "le", "lt",
                                                      "min_length", "max_length", "pattern", "json_schema_extra"):
                self.note(mod, spec.kwarg_nodes[key], f"Field({key}=...) of '{name}' is not a literal; left out")
        target = prop
        if isinstance(prop.get("anyOf"), list):
            non_null = [b for b in prop["anyOf"] if b.get("type") != "null"]
            target = non_null[0] if len(non_null) == 1 else prop
        for key, keyword in _CONSTRAINTS.items():
            value = kwargs.get(key)
            if value is not None and not isinstance(value, Unknown):
                target[keyword] = value
        json_type = target.get("type")
        for key, index in (("min_length", 0), ("max_length", 1)):
            value = kwargs.get(key)
            if isinstance(value, int) and json_type in _LENGTHS:
                target[_LENGTHS[json_type][index]] = value
        description = kwargs.get("description")
        desc_anchor = spec.kwarg_nodes.get("description")
        if not isinstance(description, str) and spec.string_meta and self.string_meta_is_description:
            description, desc_anchor = spec.string_meta, spec.string_meta_node
        if not isinstance(description, str) and doc_description is not None:
            description, desc_anchor = doc_description
        if isinstance(description, str):
            prop["description"] = description
            prop[DESC_ANCHOR] = desc_anchor
        title = kwargs.get("title")
        if isinstance(title, str):
            prop["title"] = title
            prop[EXPLICIT_TITLE] = True
        elif not _is_reference(base):  # Pydantic gives models and enums (and X | None of them) no field title
            prop["title"] = title_from_name(prop_name)
        if spec.default is not MISSING:
            if isinstance(spec.default, Unknown):
                self.note(mod, spec.default_node, f"default of '{name}' is not a literal ({spec.default.why}); "
                                                  "left out of the schema")
            else:
                prop["default"] = jsonable(spec.default)
        examples = kwargs.get("examples")
        if isinstance(examples, (list, tuple)):
            prop["examples"] = jsonable(examples)
        if kwargs.get("deprecated") is True:
            prop["deprecated"] = True
        extra = kwargs.get("json_schema_extra")
        if isinstance(extra, dict):
            prop.update(jsonable(extra))
        prop[ANCHOR] = node
        prop[SOURCE] = (mod, node, ann, spec)
        return prop_name, prop

    # ---- types -------------------------------------------------------------------------------------------
    def type_schema(self, expr, mod: ModuleInfo, depth: int = 0) -> dict:
        if depth > 30:
            return {}
        if isinstance(expr, ast.Constant) and expr.value is None:
            return {"type": "null"}
        text = string_value(expr)
        if text is not None:  # a forward reference: "Model"
            try:
                return self.type_schema(_with_position(ast.parse(text.strip(), mode="eval").body, expr), mod,
                                        depth + 1)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self.note(mod, expr, f"cannot read the type annotation {text!r}")
                return {UNRESOLVED: text}
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            return self.union([expr.left, expr.right], mod, depth)
        if isinstance(expr, ast.Subscript):
            return self.generic(expr, mod, depth)
        q = normalize(mod.qualify(expr))
        if q is None:
            self.note(mod, expr, f"cannot read the type annotation '{ast.unparse(expr)}'")
            return {UNRESOLVED: "expression"}
        if q in SCALARS:
            return dict(SCALARS[q])
        if q in ARRAYS or q in TUPLES:
            return {"items": {}, "type": "array"}
        if q in SETS:
            return {"items": {}, "type": "array", "uniqueItems": True}
        if q in MAPPINGS:
            return {"additionalProperties": True, "type": "object"}
        return self.named_type(expr, q, mod, depth)

    def named_type(self, expr, q: str, mod: ModuleInfo, depth: int) -> dict:
        found = self.loader.resolve_symbol(expr, mod, want="any")
        if found is not None:
            owner, node = found
            if isinstance(node, ast.ClassDef):
                return self.class_ref(owner, node, expr)
            if self._alias_depth < 10:  # a type alias: Name = Annotated[...] / Literal[...]
                self._alias_depth += 1
                try:
                    inner, metas = self.unwrap_annotated(node, owner)
                    schema = self.type_schema(inner, owner, depth + 1)
                    if metas:
                        spec = self.field_spec(node, None, owner)
                        _, with_meta = self.property_schema("_", node, spec, owner, expr)
                        with_meta.pop("title", None)
                        with_meta.pop(ANCHOR, None)
                        with_meta.pop(SOURCE, None)
                        schema = with_meta
                    return schema
                finally:
                    self._alias_depth -= 1
        if q.startswith("<unknown>."):
            shown, where = q[len("<unknown>."):], "neither defined nor imported in this file"
        elif q.startswith("<local>."):
            shown, where = q[len("<local>."):], "not a class or type alias"
        else:
            module, _, shown = q.rpartition(".")
            where = f"imported from '{module}', which is not among the analyzed files"
        self.note(mod, expr, f"type '{shown}' is {where}; its schema is unknown to static reading")
        return {UNRESOLVED: shown}

    def generic(self, expr: ast.Subscript, mod: ModuleInfo, depth: int) -> dict:
        origin = normalize(mod.qualify(expr.value))
        args = _subscript_args(expr)
        if origin in OPTIONALS and args:
            return self.union([args[0], _NONE], mod, depth)
        if origin in UNIONS:
            return self.union(args, mod, depth)
        if origin == "typing.Literal":
            return self.literal_schema(args, mod)
        if origin == "typing.Annotated" and args:
            spec = self.field_spec(expr, None, mod)
            _, prop = self.property_schema("_", expr, spec, mod, expr)
            prop.pop("title", None)
            prop.pop(ANCHOR, None)
            prop.pop(SOURCE, None)
            return prop
        if origin in WRAPPERS and args:
            return self.type_schema(args[0], mod, depth + 1)
        if origin in ARRAYS:
            return {"items": self.type_schema(args[0], mod, depth + 1) if args else {}, "type": "array"}
        if origin in SETS:
            return {"items": self.type_schema(args[0], mod, depth + 1) if args else {}, "type": "array",
                    "uniqueItems": True}
        if origin in TUPLES:
            if len(args) == 2 and is_ellipsis(args[1]):
                return {"items": self.type_schema(args[0], mod, depth + 1), "type": "array"}
            if len(args) == 1 and isinstance(args[0], ast.Tuple) and not args[0].elts:
                return {"maxItems": 0, "type": "array"}
            items = [self.type_schema(a, mod, depth + 1) for a in args]
            return {"maxItems": len(items), "minItems": len(items), "prefixItems": items, "type": "array"}
        if origin in MAPPINGS:
            value = self.type_schema(args[1], mod, depth + 1) if len(args) == 2 else {}
            schema = {"additionalProperties": value if value else True, "type": "object"}
            return schema
        if origin == "builtins.type" or origin == "typing.Type":
            self.note(mod, expr, "a class-valued parameter (type[...]) has no JSON Schema")
            return {UNRESOLVED: "type[...]"}
        shown = ast.unparse(expr)
        self.note(mod, expr, f"generic type '{shown}' is unknown to static reading")
        return {UNRESOLVED: shown}

    def union(self, members, mod: ModuleInfo, depth: int) -> dict:
        flat = []

        def add(member):
            if isinstance(member, ast.BinOp) and isinstance(member.op, ast.BitOr):
                add(member.left)
                add(member.right)
                return
            if isinstance(member, ast.Subscript) and normalize(mod.qualify(member.value)) in UNIONS:
                for a in _subscript_args(member):
                    add(a)
                return
            if isinstance(member, ast.Subscript) and normalize(mod.qualify(member.value)) in OPTIONALS:
                for a in _subscript_args(member):
                    add(a)
                add(_NONE)
                return
            flat.append(member)

        for m in members:
            add(m)
        schemas = []
        for m in flat:
            s = self.type_schema(m, mod, depth + 1)
            branches = s["anyOf"] if list(s) == ["anyOf"] else [s]
            for b in branches:
                if b not in schemas:
                    schemas.append(b)
        if len(schemas) == 1:
            return schemas[0]
        return {"anyOf": schemas}

    def literal_schema(self, args, mod: ModuleInfo) -> dict:
        values, has_none = [], False
        for a in args:
            if isinstance(a, ast.Constant) and a.value is None:
                has_none = True
                continue
            value = self.enum_member_value(a, mod) if isinstance(a, ast.Attribute) else literal(a, mod)
            if isinstance(value, Unknown) or value is None:
                self.note(mod, a, "a Literal value is not a literal; left out")
                continue
            values.append(jsonable(value))
        schema: dict = {"const": values[0]} if len(values) == 1 else {"enum": values}
        json_type = _literal_type(values)
        if json_type:
            schema["type"] = json_type
        if has_none:
            return {"anyOf": [schema, {"type": "null"}]} if values else {"type": "null"}
        return schema


def _is_reference(schema: dict) -> bool:
    if "$ref" in schema:
        return True
    branches = schema.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = branches[0] if branches[1] == {"type": "null"} else branches[1]
        return "$ref" in other
    return False


def _literal_type(values) -> str | None:
    if not values:
        return None
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, str) for v in values):
        return "string"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    if all(isinstance(v, list) for v in values):
        return "array"
    return None


_NONE = ast.Constant(value=None)


def _subscript_args(expr: ast.Subscript) -> list:
    inner = expr.slice
    if isinstance(inner, ast.Tuple):
        return list(inner.elts)
    return [inner]


def _with_position(node, at):
    """Give the nodes of a parsed forward reference the position of the string they came from."""
    for sub in ast.walk(node):
        sub.lineno, sub.col_offset = at.lineno, at.col_offset
    return node
