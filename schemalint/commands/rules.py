"""`schemalint rules` and `schemalint explain RULE`."""
from __future__ import annotations

import sys

import orjson

from ..errors import EXIT_OK, UsageError
from ..engine.plugins import BUILT_IN, distribution
from ..engine.registry import all_rules, get_rule, rule_categories
from ..engine.rule import example_data, toml_value

# documents that `explain` knows besides rules: name -> "module:function" returning text
TOPICS: dict[str, str] = {"score": "schemalint.commands.score_doc:explain_score"}


def add_rules_arguments(p) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--category")


def add_explain_arguments(p) -> None:
    p.add_argument("rule")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run_rules(args) -> int:
    from ..model import CATEGORIES

    if args.category and args.category not in CATEGORIES:
        from ..suggest import did_you_mean

        raise UsageError(f"--category: unknown category {args.category!r}{did_you_mean(args.category, CATEGORIES)} "
                         f"(categories: {', '.join(CATEGORIES)})")
    rules = [cls for cls in all_rules().values() if not args.category or cls.category == args.category]
    if args.format == "json":
        listed = [{**cls.metadata(), "distribution": distribution(cls)} for cls in rules]
        sys.stdout.write(orjson.dumps(listed, option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    width = max((len(cls.id) for cls in rules), default=10)
    for cls in rules:
        fix = "fix" if cls.can_fix() else "   "
        dist = distribution(cls)
        origin = f"  [plugin: {dist}]" if dist != BUILT_IN else ""
        print(f"{cls.id:<{width}}  {cls.category:<11} {cls.severity:<7} {fix}  {cls.summary}{origin}")
    return EXIT_OK


def run_explain(args) -> int:
    if args.rule in TOPICS:
        import importlib

        module, func = TOPICS[args.rule].split(":")
        sys.stdout.write(getattr(importlib.import_module(module), func)())
        return EXIT_OK
    known = rule_categories()  # every rule id, a plugin's too (a plugin that fails to load stops here)
    cls = get_rule(args.rule)  # only its module is imported
    if cls is None:
        from ..suggest import did_you_mean

        near = did_you_mean(args.rule, list(known) + list(TOPICS))
        raise UsageError(f"unknown rule {args.rule!r}{near} (see `schemalint rules`)")
    if args.format == "json":
        meta = cls.metadata()
        meta["distribution"] = distribution(cls)
        meta.update(valid=[example_data(e) for e in cls.valid], invalid=[example_data(e) for e in cls.invalid])
        sys.stdout.write(orjson.dumps(meta, option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    sys.stdout.write(explain_text(cls))
    return EXIT_OK


# docs/SEVERITY.md, one line per level: what a finding at that level claims
SEVERITY_MEANING = {
    "error": "a provider rejects the schema, it is invalid, a call is certain to fail, or the text must never ship",
    "warning": "it will mislead a model or break calls; the evidence is under Why:",
    "info": "worth a look: a style, cost or clarity heuristic whose harm depends on the catalog",
}


def explain_text(cls) -> str:
    dist = distribution(cls)
    origin = f" from the plugin {dist}" if dist != BUILT_IN else ""
    out = [f"{cls.id} ({cls.category}, {cls.severity}{', fixable' if cls.can_fix() else ''}){origin}", "",
           cls.summary, "",
           f"Severity {cls.severity}: {SEVERITY_MEANING[cls.severity]}.", "",
           cls.doc(), "", f"How to fix: {cls.hint}", "", "Sources:"]
    out += [f"  - {s}" for s in cls.sources]
    if cls.options:
        out += ["", "Options (set under [tool.schemalint.options." + cls.id + "]):"]
        for key, value in cls.options.items():
            choices = cls.option_choices.get(key)
            also = f"  (one of: {', '.join(toml_value(c) for c in choices)})" if choices else ""
            out.append(f"  {key} = {toml_value(value)}{also}")
            if cls.option_help.get(key):
                out.append(f"      # {cls.option_help[key]}")  # a TOML comment: the block stays pasteable
    out += ["", "Bad:", _example(example_data(cls.invalid[0])) if cls.invalid else "  (none)", "",
            "Good:", _example(example_data(cls.valid[0])) if cls.valid else "  (none)"]
    return "\n".join(out) + "\n"


def _example(example) -> str:
    if isinstance(example, str):  # an example given as raw file text
        return "\n".join("  " + line for line in example.splitlines())
    text = orjson.dumps(example, option=orjson.OPT_INDENT_2).decode()
    return "\n".join("  " + line for line in text.splitlines())
