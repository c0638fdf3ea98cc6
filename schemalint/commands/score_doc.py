"""The text `schemalint explain score` prints: the score's formula and why each weight is what it is."""
from __future__ import annotations


def explain_score() -> str:
    from ..engine.registry import all_rules
    from ..engine.rule import DEFAULT_PENALTY
    from ..score import GRADES, REPEAT_DECAY

    rules = all_rules()
    custom = sorted((cls.id, cls.points("error"), cls.points("warning"), cls.points("info"))
                    for cls in rules.values()
                    if (cls.points("error"), cls.points("warning"), cls.points("info"))
                    != (DEFAULT_PENALTY["error"], DEFAULT_PENALTY["warning"], DEFAULT_PENALTY["info"]))
    error, warning, info = DEFAULT_PENALTY["error"], DEFAULT_PENALTY["warning"], DEFAULT_PENALTY["info"]
    cap = 1 / (1 - REPEAT_DECAY)
    grades = ", ".join(f"{letter} >= {floor}" for floor, letter in GRADES) + ", F below"
    lines = [
        "score: the prompt score of each tool (0-100) and of the catalog",
        "",
        "A tool schema is read by the model as prompt text on every request. The score sums up how well it",
        "reads as a prompt, from the findings of the enabled rules and nothing else: it is deterministic, and",
        "every point lost is a finding you can read (`schemalint score` lists them, largest first).",
        "",
        "Formula",
        "  tool score  = max(0, round(100 - sum of the points charged for the tool's findings))",
        "  subscore    = the same, counting only one category's findings",
        "                (validity, description, parameters, ordering, examples, versioning, drift, provider,",
        "                security, cost)",
        f"  points      = the rule's points for the finding's severity; when one rule reports several",
        f"                findings on one tool, the largest costs its full points and each further one",
        f"                {REPEAT_DECAY:g} times the one before",
        "  catalog     = the mean of the tool scores, to one decimal",
        f"  grades      = {grades}",
        "",
        "Points per finding",
        f"  error    {error:g}   the model will likely call the tool wrongly, or a provider rejects or silently",
        "              changes the schema. Five errors take a tool to zero; one leaves it at 80, a B: an",
        "              error alone is enough to lose the A.",
        f"  warning  {warning:g}    the model is measurably more likely to pick the wrong tool or fill an argument",
        f"              wrongly. One warning leaves an A ({100 - warning:g}); two different ones make it a B",
        f"              ({100 - 2 * warning:g}); the F takes six or more.",
        f"  info     {info:g}    a suggestion that helps at the margin. Five of them still leave an A",
        f"              ({100 - 5 * info:g}): infos rank tools, they do not fail them.",
        "  security 45 / 15 / 3 (error / warning / info): text that steers the model, hides from the user or",
        "              asks for secrets makes a tool unsafe to offer however well the rest is written, so one",
        "              security error alone is an F (55).",
        "  catalog-level cost findings (too-many-tools, catalog-token-budget) 0: they are findings, and fail",
        "              `check` at their severity, but a tool is not a worse prompt because it has many",
        "              siblings; the catalog score stays the mean of the tools.",
        "",
        f"Why repeats decay ({REPEAT_DECAY:g})",
        "  Several findings of one rule on one tool usually share one cause (one habit, such as leaving",
        "  every parameter undescribed). Charging each in full would let one habit zero a tool that is",
        "  otherwise well written, and rank it below a tool with several distinct problems. With the decay",
        f"  a rule costs a tool at most {cap:g} times its largest finding (an error rule at most",
        f"  {error * cap:g} points, a warning rule {warning * cap:g}), and every further finding still costs",
        "  something, so fixing any one of them raises the score.",
        "",
        "Guarantees (tested)",
        "  - Deterministic: the same files and configuration give the same scores.",
        "  - Explainable: the points listed for a tool add up to 100 minus its score (before the floor at 0).",
        "  - Fixing a finding never lowers a score: removing any findings can only raise every tool score,",
        "    subscore and the catalog score. Within a rule the findings are charged largest first with",
        "    decaying weights, so a removed finding frees at least as many points as the findings after it",
        "    gain by moving up; sums, rounding and the floor at 0 keep that order.",
        "  - Tools written to Anthropic's and OpenAI's published guidance score 90 or more with every rule",
        "    enabled (tests/fixtures/score/).",
        "",
        "Configuration",
        "  A rule's severity set in the configuration changes its points accordingly; a rule turned off or",
        "  not selected costs nothing. `--min-score N` (or `min-score` in the configuration) makes `check`",
        "  exit 1 when the catalog score is below N.",
        "",
        "Tokens",
        "  `score` and the JSON report give each tool's definition size in tokens: an offline estimate of",
        "  OpenAI's o200k_base count, with a mean absolute error of 2.8% per tool (90% of tools within 5.8%,",
        "  99% within 10.2%) and 0.5% on the corpus total, measured against the real tokenizer on the",
        "  19,024 tools of the schemalint corpus. Set `tokenizer` on the tool-token-budget rule for an exact",
        "  count (see `schemalint explain tool-token-budget`). Tokens do not enter the score except through",
        "  the cost rules' findings.",
    ]
    if custom:
        lines += ["", "Rules with their own points (error / warning / info)"]
        lines += [f"  {rid:<28} {e:g} / {w:g} / {i:g}" for rid, e, w, i in custom]
    return "\n".join(lines) + "\n"
