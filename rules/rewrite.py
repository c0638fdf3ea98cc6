"""description: propose a structured rewrite of tool descriptions that leave out what the catalog knows."""
from __future__ import annotations

import re

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix

from . import _describe
from ._text import lazy_re, may_contain

# each also matches the sentences _describe.build writes, so a rewritten description is not rewritten again
_SIDE_EFFECTS = lazy_re(r"read-only|read only|changes nothing|delet|overwrit|idempotent|side effect"
                        r"|no further effect|outside this application", re.I)
_WHEN = lazy_re(r"\b(use (this|it|when|to|for)|when (you|the user)|instead of|rather than|only if"
                r"|if the task is rather)\b", re.I)
_WHEN_KEYS = ("use ", "when ", "instead of", "rather than", "only if", "task is rather")  # in every match of _WHEN


_INVOICE = {"name": "get_invoice", "description": "Gets an invoice.",
            "inputSchema": {"type": "object", "properties": {"invoice_id": {"type": "string"}},
                            "required": ["invoice_id"]}, "annotations": {"readOnlyHint": True}}
_LIST_INVOICES = {"name": "list_invoices", "description": "List a customer's invoices, newest first.",
                  "inputSchema": {"type": "object", "properties": {"customer_id": {"type": "string"}},
                                  "required": ["customer_id"]}}


class UnstructuredDescription(Rule):
    """Finds tool descriptions that leave out facts the catalog already holds, and proposes a rewrite.

    Why: a model picks a tool and fills its arguments from the description. Anthropic's guidance asks
    for what the tool does, when to use it (and when not), what each parameter means and what it
    returns; a description that says less than the schema and the sibling tools know makes the model
    guess. The proposed description is built only from facts in the catalog: the current first
    sentence, sibling tools that act on the same things, the required and optional parameters with
    their types, bounds and defaults, the output schema's fields, and MCP annotations (read-only,
    destructive, idempotent). Parts with no facts behind them are named in the message, to be written
    by hand. The rewrite changes what the model reads, so `schemalint fix` applies it only with
    `--write --unsafe`.

    Example:
        get_invoice: "Gets an invoice."   (sibling list_invoices exists; readOnlyHint true)

    Use instead:
        "Gets an invoice. To list a customer's invoices, use list_invoices instead.
         Requires invoice_id (string). It only reads data and changes nothing."
    """

    id = "unstructured-description"
    # a rewrite proposal, not a defect of its own (the specific description rules report the gaps):
    # `schemalint fix` turns it on; `check` runs it only when selected
    opt_in = True
    category = "description"
    severity = "info"
    # a carrier for the rewrite: the specific description rules already charge for each gap
    penalty = 0.0
    summary = "The tool description leaves out facts the catalog holds; a structured rewrite is proposed"
    sources = (
        "Anthropic, 'Tool use: best practices for tool definitions' (docs.anthropic.com): provide extremely "
        "detailed descriptions: what the tool does, when it should and should not be used, what each parameter "
        "means, caveats and limitations; aim for at least 3-4 sentences",
        "OpenAI, 'Function calling: best practices' (platform.openai.com/docs/guides/function-calling): write "
        "clear and detailed function names, parameter descriptions and instructions; explain when and when not "
        "to use each function",
        "Model Context Protocol specification, tools: annotations readOnlyHint, destructiveHint, idempotentHint, "
        "openWorldHint describe side effects",
    )
    hint = "Review the proposed description (schemalint fix) and apply it with --write --unsafe, then add what is missing."
    fixable = "always"  # every finding carries its rewrite (unsafe: it changes what the model reads)
    options = {"min-missing-parts": 2}
    option_help = {"min-missing-parts": "propose a rewrite only when at least this many parts are missing (parts)"}
    messages = {"leaves-out": "description leaves out {parts}; a structured rewrite is proposed{by_hand}"}
    # the parts missing and those with no facts follow the sibling tools too: the finding is the tool's description
    identity_keys = {"leaves-out": ()}
    valid = [
        [{"name": "get_invoice",
          "description": "Fetch one invoice by ID with its line items and totals. Use it when the user names an "
                         "invoice; to find invoices by customer, use list_invoices instead. Requires invoice_id. "
                         "Read-only: changes nothing.",
          "inputSchema": {"type": "object", "properties": {"invoice_id": {"type": "string"}},
                          "required": ["invoice_id"]}, "annotations": {"readOnlyHint": True}},
         {"name": "list_invoices", "description": "List a customer's invoices, newest first. Use it to find "
                                                  "invoices; to read one in full, use get_invoice instead. "
                                                  "Requires customer_id. Read-only.",
          "inputSchema": {"type": "object", "properties": {"customer_id": {"type": "string"}},
                          "required": ["customer_id"]}, "annotations": {"readOnlyHint": True}}],
    ]
    invalid = [
        bad([_INVOICE, _LIST_INVOICES], "leaves-out", "leaves-out", unsafe=True, fixed=[
            {**_INVOICE, "description": "Gets an invoice. If the task is rather \"List a customer's invoices, "
                                        "newest first\", use list_invoices instead. Requires invoice_id (string). "
                                        "It only reads data and changes nothing."},
            {**_LIST_INVOICES, "description": "List a customer's invoices, newest first. If the task is rather "
                                              "\"Gets an invoice\", use get_invoice instead. Requires customer_id "
                                              "(string)."}]),
    ]

    def check_catalog(self, tools, ctx):
        groups: dict = {}
        for tool in tools:
            if isinstance(tool.name, str):
                groups.setdefault(tool.catalog_key, []).append(tool)
        for group in groups.values():
            index = _describe.SiblingIndex(group)
            for tool in group:
                self._check(tool, index, ctx)

    def _check(self, tool, index, ctx):
        current = tool.description or ""
        gaps: dict[str, str] = {}
        if not current.strip():
            gaps["purpose"] = "what it does"
        competing = [o for o in index.siblings(tool) if _describe.competes(tool.name, o.name)]
        if competing and not (may_contain(current, _WHEN_KEYS) and _WHEN.search(current)):
            gaps["siblings"] = "when to use it instead of a sibling"
        names = [n for n in tool.required if n in tool.properties]
        if names and not any(n in current for n in names):
            gaps["parameters"] = "its required parameters"
        if isinstance(tool.output_schema, dict) and tool.output_schema.get("properties") and \
                not re.search(r"\breturns?\b", current, re.I):
            gaps["returns"] = "what it returns"
        annotations = tool.annotations
        if annotations and any(annotations.get(k) is True for k, _, _ in _describe.ANNOTATION_SENTENCES) and \
                not _SIDE_EFFECTS.search(current):
            gaps["side-effects"] = "its side effects"
        if len(gaps) < self.opts["min-missing-parts"]:
            return
        proposed, missing = _describe.build(tool, index, set(gaps))
        if not proposed or proposed == current:
            return
        by_hand = f" (no facts for: {', '.join(missing)}: write those by hand)" if missing else ""
        ctx.report(at(tool, field="description"), "leaves-out",
                   {"parts": ", ".join(gaps.values()), "by_hand": by_hand},
                   fix=Fix([Edit("set", ("description",), proposed, target="tool")],
                           "structured description built from the catalog's facts", unsafe=True))
