"""The Rule base class: metadata next to the check, the docstring as documentation."""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from ..model import CATEGORIES, SEVERITIES

TYPE_CHECKING = False  # typing is for type checkers: importing it is 2 ms of every start
if TYPE_CHECKING:
    from typing import Any, ClassVar


def toml_value(value) -> str:
    """A value as it is written in a configuration file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


# points a finding takes off its tool's 0-100 score unless the rule sets `penalty`
DEFAULT_PENALTY = {"error": 20.0, "warning": 8.0, "info": 2.0}


FIXABILITY = ("never", "sometimes", "always")


@dataclass(frozen=True)
class Case:
    """One example for the shared rule test (like ESLint's RuleTester), shown by `explain` too: a catalog (a tool
    dict or a list of them, in any supported format), the message ids its findings of the rule must have, one per
    finding in report order, and for a rule that can fix, the catalog after its fixes (`fixed`; with `unsafe`,
    after `fix --write --unsafe`). A good example is a Case with no messages, or the catalog alone."""

    data: Any
    messages: tuple = ()
    fixed: Any = None
    unsafe: bool = False
    settings: dict = field(default_factory=dict)  # run settings the example needs (a lock)
    # the example as raw file text instead of `data` (a file that does not parse); `data` is then None
    text: str | None = None


def bad(data: Any, *messages: str, fixed: Any = None, unsafe: bool = False) -> Case:
    return Case(data, tuple(messages), fixed, unsafe)


def bad_text(text: str, *messages: str) -> Case:
    """A bad example given as the text of a file, for what only raw text can show (a file that does not parse)."""
    return Case(None, tuple(messages), text=text)


def example_data(example) -> Any:
    """The catalog of an example, whether written as a Case or as the catalog alone (or its raw text)."""
    if isinstance(example, Case):
        return example.text if example.text is not None else example.data
    return example


class RuleError(Exception):
    """A rule that breaks its own declaration (a fix from a rule that cannot fix, an unknown message id)."""


class Rule:
    """Subclass with a kebab-case `id` and fill in the metadata; the docstring is the rule's documentation.

    Hooks (define only those the rule needs; the engine calls each in one shared walk):
      check_tool(tool, ctx)           once per tool
      check_node(node, ctx)           for every schema node whose kind is in `node_kinds` (and, when the rule
                                      declares `node_keys`, whose schema has one of them)
      check_catalog(tools, ctx)       once per run, with every tool (cross-tool rules)
    """

    id: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    # where the reasoning comes from: published guidance, specs, or corpus measurements
    sources: ClassVar[tuple[str, ...]] = ()
    hint: ClassVar[str] = ""
    # whether findings can carry a Fix: "never", "sometimes" (some findings) or "always"; whether a fix is
    # safe or unsafe is said at the edit (Fix.unsafe)
    fixable: ClassVar[str] = "never"
    # message id -> template, filled with the data a finding reports (str.format fields): the wording can change
    # without changing a finding's identity
    messages: ClassVar[dict[str, str]] = {}
    # message id -> the data keys that identify a finding (default: every value that is not a number, since
    # counts and positions change with unrelated edits)
    identity_keys: ClassVar[dict[str, tuple]] = {}
    # option -> one line of help, shown by `explain`
    option_help: ClassVar[dict[str, str]] = {}
    penalty: ClassVar[float | None] = None
    # node kinds check_node wants: root, property, items, branch, additional, definition
    node_kinds: ClassVar[frozenset] = frozenset({"property"})
    # schema keys check_node needs, or None (the default) for every node: the walk then calls check_node only on
    # nodes whose schema is a dict with at least one of them (a node whose schema is not a dict, such as `true`,
    # still gets the call). Declare them only when check_node cannot report anything on a dict node that has none
    # of them, whatever its parent, children, siblings or tool say. Skipping the call saves its cost: most nodes
    # have no `default` or `examples`, and a few dozen rules run on every node.
    node_keys: ClassVar[frozenset | None] = None
    # node kinds check_node also wants inside an MCP `outputSchema`, walked like the input schema
    # (node.tool is then a view whose `output_of` is the tool; parameters read "outputSchema.<name>")
    output_kinds: ClassVar[frozenset] = frozenset()
    # configurable thresholds with their defaults; a value must have its default's type (numbers 0 or more)
    options: ClassVar[dict[str, Any]] = {}
    # the values an option may take, where it is one of a few (scope, tokenizer, severity)
    option_choices: ClassVar[dict[str, tuple]] = {}
    # (low, high) bounds of numeric options that have them, e.g. similarities between 0 and 1
    option_ranges: ClassVar[dict[str, tuple]] = {}
    # example tool catalogs (a tool dict or a list of them, in any supported format) that
    # must not / must produce a finding of this rule; run for every rule by one shared test
    valid: ClassVar[list] = []
    invalid: ClassVar[list] = []
    # run settings the examples need (a lock, for rules that compare with one), as `Selection.settings`
    example_settings: ClassVar[dict] = {}

    def __init__(self, options: dict | None = None):
        self.opts = {**self.options, **(options or {})}

    @classmethod
    def option_problem(cls, key: str, value) -> str | None:
        """Why `value` cannot be this rule's option `key` (a phrase: "must be ..."), or None when it can."""
        default = cls.options[key]
        choices = cls.option_choices.get(key)
        if choices is not None:
            return None if value in choices else f"must be one of {', '.join(toml_value(c) for c in choices)}"
        if isinstance(default, bool):
            return None if isinstance(value, bool) else "must be true or false"
        if isinstance(default, str):
            return None if isinstance(value, str) else "must be a string"
        low, high = cls.option_ranges.get(key, (0, None))
        whole = isinstance(default, int)
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) \
                or value < low or (high is not None and value > high):
            kind = "a whole number" if whole else "a number"
            return f"must be {kind} from {low} to {high}" if high is not None else f"must be {kind} of {low} or more"
        return None

    @classmethod
    def fixability(cls) -> str:
        return cls.fixable if cls.fixable in FIXABILITY else "never"

    @classmethod
    def can_fix(cls) -> bool:
        return cls.fixability() != "never"

    @classmethod
    def identity(cls, message_id: str, data: dict) -> dict:
        keys = cls.identity_keys.get(message_id)
        if keys is not None:
            return {k: data.get(k) for k in keys}
        return {k: v for k, v in data.items() if isinstance(v, bool) or not isinstance(v, (int, float))}

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def points(cls, severity: str | None = None) -> float:
        if cls.penalty is not None:
            return cls.penalty
        return DEFAULT_PENALTY[severity or cls.severity]

    @classmethod
    def metadata(cls) -> dict:
        return {
            "id": cls.id,
            "category": cls.category,
            "severity": cls.severity,
            "summary": cls.summary,
            "fixable": cls.can_fix(),
            "hint": cls.hint,
            "sources": list(cls.sources),
            "options": dict(cls.options),
            "documentation": cls.doc(),
        }

    @classmethod
    def validate_definition(cls) -> list[str]:
        problems = []
        if not cls.id or cls.id != cls.id.lower() or " " in cls.id or "_" in cls.id:
            problems.append(f"{cls.__name__}: id must be kebab-case")
        if cls.category not in CATEGORIES:
            problems.append(f"{cls.id}: unknown category {cls.category!r}")
        if cls.severity not in SEVERITIES:
            problems.append(f"{cls.id}: unknown severity {cls.severity!r}")
        for attr in ("summary", "hint"):
            if not getattr(cls, attr):
                problems.append(f"{cls.id}: missing {attr}")
        if not cls.sources:
            problems.append(f"{cls.id}: no source cited")
        if not cls.__doc__:
            problems.append(f"{cls.id}: no docstring")
        if not cls.invalid or not cls.valid:
            problems.append(f"{cls.id}: needs valid and invalid examples")
        if not cls.messages:
            problems.append(f"{cls.id}: declares no messages")
        if cls.fixable not in FIXABILITY:
            problems.append(f"{cls.id}: fixable must be one of {', '.join(FIXABILITY)}, not {cls.fixable!r}")
        for example in cls.invalid:
            if not isinstance(example, Case) or not example.messages:
                problems.append(f"{cls.id}: a bad example must be a Case that states its message ids")
            elif set(example.messages) - set(cls.messages):
                problems.append(f"{cls.id}: a bad example expects undeclared messages "
                                f"{sorted(set(example.messages) - set(cls.messages))}")
        if cls.can_fix() and not any(isinstance(e, Case) and e.fixed is not None for e in cls.invalid):
            problems.append(f"{cls.id}: a rule that fixes needs a bad example that states the fixed catalog")
        for key in cls.options:
            if not cls.option_help.get(key):
                problems.append(f"{cls.id}: option {key!r} has no help text (option_help)")
        keys = cls.node_keys
        if keys is not None and (not isinstance(keys, (frozenset, set, tuple, list)) or not keys
                                 or not all(isinstance(k, str) for k in keys) or not hasattr(cls, "check_node")):
            problems.append(f"{cls.id}: node_keys must be a set of schema keys (at least one) of a rule with "
                            "check_node")
        for key in cls.identity_keys:
            if key not in cls.messages:
                problems.append(f"{cls.id}: identity_keys names an undeclared message {key!r}")
        return problems
