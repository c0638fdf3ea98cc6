"""For a model-error group that concentrates on one parameter: the description finding that would help (a bound
stated only in prose, a missing description), from the description rules run on the tools concerned."""
from __future__ import annotations


CONCENTRATED_SHARE = 0.1  # a parameter that takes at least this share of a tool's calls in one model-error group
MAX_TOOLS = 300  # the tools linted for hints, most called first


def description_hints(classifier, tally):
    """A function (tool, param) -> hint, linting only the tools that have model-error groups, once."""
    wanted = {g.tool for g in tally.groups.values() if g.cls == "model-error" and g.param
              and g.count >= CONCENTRATED_SHARE * tally.per_tool[g.tool]}
    wanted = set(sorted(wanted, key=lambda name: -tally.per_tool[name])[:MAX_TOOLS])
    found: dict = {}
    if wanted:
        found = _findings([classifier.tools[name].tool for name in wanted if name in classifier.tools])

    def hint(tool, param):
        if tool not in wanted:
            return None
        top = param.split(".")[0].replace("[]", "")
        for key in ((tool, param), (tool, top)):
            if key in found:
                finding = found[key]
                return f"{finding.rule}: {finding.message}"
        return None

    return hint


def _findings(tools: list) -> dict:
    from ..engine.run import Selection, lint
    from ..loaders import Catalog

    selection = Selection(select=["description", "parameters"], settings={"providers": [], "contracts": [],
                                                                          "provider_issues": {}})
    try:
        findings = lint(Catalog(tools=tools), selection)
    except Exception:  # noqa: BLE001 - a hint is a courtesy: the report stands without it
        return {}
    rank = {"error": 0, "warning": 1, "info": 2}
    out: dict = {}
    for f in sorted(findings, key=lambda f: (f.category != "description", rank.get(f.severity, 3))):
        if f.param:
            out.setdefault((f.tool, f.param), f)
    return out
