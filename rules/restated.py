"""description: text that says nothing beyond the schema, or contradicts it about which parameters are required.

Two rules beside those in description.py (issue 17, item 4): a parameter description that only restates its
name ("The mode.", "Bucket name."), and a tool description that calls a parameter required (or optional)
while the schema's `required` says the opposite.
"""
from __future__ import annotations

import re

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad

from ._describe import _stem, name_stems
from ._examples import params, string, tool
from ._schema import declared_types
from ._text import _WORDS, lazy_re
from ._textfacts import text_facts
from .description import _STOP, ANTHROPIC_DEFINE_TOOLS, OPENAI_FUNCTION_CALLING, _desc_field, _tool_label, restates_name

# words a parameter description adds around its name without saying anything: "Bucket name.", "The mode value."
_FILLER = frozenset("name value parameter param field string number integer input option flag setting the a an "
                    "of for this".split())
# the schema already says more than the name: values, a format, a shape
_SAYS_MORE = ("enum", "const", "format", "pattern", "$ref", "properties", "anyOf", "oneOf", "examples", "example")


class ParamDescriptionRestatesName(Rule):
    """Finds parameter descriptions that only restate the parameter's name.

    Why: "mode": "The mode." or "bucket": "Bucket name." spends tokens and tells the
    model nothing the name did not: which modes, what a bucket name looks like, where
    it comes from. Anthropic's guidance asks for what each parameter means and how it
    affects the tool's behaviour. A style call, so info.

    Silent when the schema says more than the name (an enum, a format, a pattern, a
    $ref or nested properties) and on descriptions of more than five words.

    Example: "mode": {"type": "string", "description": "The mode."}

    Use instead: "mode": {"type": "string", "enum": ["fast", "thorough"], "description":
    "fast skips the dependency scan; thorough runs it (about 10x slower)."}
    """

    id = "param-description-restates-name"
    category = "description"
    severity = "info"
    summary = "A parameter description only restates the parameter's name"
    hint = "Say what the value means, its format or allowed values, and where it comes from."
    sources = (ANTHROPIC_DEFINE_TOOLS, OPENAI_FUNCTION_CALLING)
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"description"})
    messages = {"restates-name": "the description of parameter '{param}' of tool {tool} (\"{description}\") only "
                                 "restates its name"}
    identity_keys = {"restates-name": ("param", "description")}
    valid = [tool("scan", "Scan a repository.", params(
        mode=string("fast skips the dependency scan; thorough runs it."),
        bucket=string("S3 bucket that holds the export, e.g. 'acme-exports'."),
        region=string("The region.", enum=["eu", "us"])))]
    invalid = [bad(tool("scan", "Scan a repository.", params(mode=string("The mode."),
                                                             bucket=string("Bucket name."))),
                   "restates-name", "restates-name")]

    def check_node(self, node, ctx):
        desc = node.description
        schema = node.schema
        # a description is there only on a dict schema
        if not desc or not node.name or len(desc) > 60 or not schema.keys().isdisjoint(_SAYS_MORE):
            return
        if desc.isascii():  # its words, lower-cased, are those of the shared reading
            # the words themselves, not kept: one rule reads them, and most texts are settled by their first
            if not isinstance(node.name, str) or not _only_name_words(_WORDS.findall(text_facts(desc).lower),
                                                                       node.name):
                return
        else:
            stripped = " ".join(w for w in re.findall(r"[A-Za-z0-9]+", desc) if w.lower() not in _FILLER)
            if not stripped or not restates_name(stripped, node.name, 5):
                return
        ctx.report(node, "restates-name", {"param": node.param, "tool": _tool_label(node.tool),
                                           "description": desc.strip()[:60]})


def _only_name_words(words: tuple, name: str) -> bool:
    """words_restate_name([w for w in words if w not in _FILLER], name, 5), stopping at the first word that
    settles it: a sixth word besides the filler, or one that is not the name's."""
    name_set = name_stems(name)
    kept = 0
    content = False
    for word in words:
        if word in _FILLER:
            continue
        kept += 1
        if kept > 5:
            return False
        if word in _STOP:
            continue
        if _stem(word) not in name_set:
            return False
        content = True
    return content


# "Required: owner, repo", "Required parameters: `a`, `b`"; "Optional: x, y"
_LIST = lazy_re(r"(?:^|[\n.;]\s*|\(|\*\*)(?P<which>required|optional)(?:\s+(?:parameters|params|fields|arguments|args|"
                r"inputs))?\s*(?:\*\*)?\s*:\s*(?P<names>[^\n.;]{1,300})", re.I)
# an Args entry: "- owner (str, required): ...", "`repo` (optional) - ...", "name: Required. ..."
_ENTRY = lazy_re(r"^[ \t]*(?:[-*•]\s*)?[`'\"]?(?P<name>[A-Za-z_][\w.-]*)[`'\"]?\s*"
                 r"(?:\((?P<paren>[^)\n]{0,60})\)\s*(?::|\s[-–—]\s|$)|(?::|\s[-–—]\s)\s*\(?(?P<lead>required|optional)\b)",
                 re.I | re.M)
_CONDITIONAL = lazy_re(r"^\s*(?:if|when|unless|for|only|in case)\b", re.I)
# an Args entry whose text ends with the marker: "- query: Search text. Required.", "owner - The owner (optional)"
_ENTRY_LINE = lazy_re(r"^[ \t]*(?:[-*•]\s*)?[`'\"]?(?P<name>[A-Za-z_][\w.-]*)[`'\"]?\s*(?:\([^)\n]{0,60}\)\s*)?"
                      r"(?::|\s[-–—]\s)(?P<text>[^\n]{1,300})$", re.M)
_TRAILING_MARK = lazy_re(r"(?:\(|\[|(?:^|[.;,]\s*))(?P<mark>required|optional)(?:\)|\])?\.?\s*$", re.I)
# "The `title` field is required.", "repo is optional"
_ALTERNATIVE = lazy_re(r"\b(?:or|nor|either|one of|any of|and/or|neither)\s*[`'\"]?$", re.I)
_IS_MARKED = lazy_re(r"[`'\"]?(?P<name>[A-Za-z_][\w.-]*)[`'\"]?\s+(?:(?:parameter|field|argument|param)\s+)?"
                     r"is\s+(?:always\s+)?(?P<mark>required|mandatory|optional)\b(?!\s+(?:if|when|unless|for|only|in))",
                     re.I)


def stated_requirements(description: str) -> dict:
    """name -> "required" | "optional" for the parameters a tool description marks one way or the other."""
    out: dict = {}
    if not text_facts(description).may(("required", "optional")):
        return out
    for m in _LIST.finditer(description):
        which = m.group("which").lower()
        for part in re.split(r",|\band\b", m.group("names")):
            name = part.strip().strip("`'\"* ")
            if re.fullmatch(r"[A-Za-z_][\w.-]{0,60}", name):
                out.setdefault(name, which)
    for m in _ENTRY.finditer(description):
        marker = (m.group("paren") or m.group("lead") or "").lower()
        says = {w for w in ("required", "optional") if re.search(rf"\b{w}\b", marker)}
        if len(says) != 1:
            continue
        rest = description[m.end():m.end() + 20]
        if m.group("lead") and _CONDITIONAL.match(rest):
            continue  # "required if ...": a condition, not a contradiction
        if m.group("paren") and re.search(r"\b(?:if|when|unless|for)\b", marker):
            continue
        out.setdefault(m.group("name"), says.pop())
    for m in _ENTRY_LINE.finditer(description):
        mark = _TRAILING_MARK.search(m.group("text"))
        if mark:
            out.setdefault(m.group("name"), mark.group("mark").lower())
    for m in _IS_MARKED.finditer(description):
        if _ALTERNATIVE.search(description[max(0, m.start() - 40):m.start()]):
            continue  # "at least one of body or reaction is required": a choice, not one parameter
        mark = m.group("mark").lower()
        out.setdefault(m.group("name"), "optional" if mark == "optional" else "required")
    return out


class RequiredContradictsDescription(Rule):
    """Finds tool descriptions that call a parameter required while the schema leaves it optional, or the
    reverse.

    Why: the model reads both. A parameter the description lists under "Required:" but
    that `required` omits is dropped by clients and validators that trust the schema, and
    the backend then fails the call; one the description calls optional but `required`
    lists gets omitted by a model that trusts the prose, and the call is rejected before
    it runs. Read from "Required: a, b" / "Optional: c" lists and from Args entries marked
    "(required)" / "(optional)" ("- owner (str, required): ..."); conditional wording
    ("required if ...", "(required when ...)") is skipped, and names that are not
    top-level parameters are ignored.

    Example: description "Create an issue.\\n\\nRequired: owner, repo, title", with
    "required": ["owner", "repo"].

    Use instead: "required": ["owner", "repo", "title"] (or drop the list from the prose:
    the schema already says it).
    """

    id = "required-contradicts-description"
    category = "description"
    severity = "warning"
    summary = "The tool description and `required` disagree about which parameters are required"
    hint = "Make `required` and the description agree; the schema is what clients and validators enforce."
    sources = (OPENAI_FUNCTION_CALLING, ANTHROPIC_DEFINE_TOOLS)
    fixable = "never"
    messages = {
        "says-required": "tool {tool} describes parameter '{param}' as required, but `required` does not list it",
        "says-optional": "tool {tool} describes parameter '{param}' as optional, but `required` lists it",
    }
    valid = [tool("create_issue", "Create an issue.\n\nRequired: owner, repo, title",
                  params(owner=string("Owner."), repo=string("Repo."), title=string("Title."), body=string("Body.")),
                  required=["owner", "repo", "title"]),
             tool("create_issue", "Create an issue.\n\nArgs:\n  body (str, required if no template): Body text.",
                  params(body=string("Body."), template=string("Template.")))]
    invalid = [bad(tool("create_issue", "Create an issue.\n\nRequired: owner, repo, title\nOptional: body",
                        params(owner=string("Owner."), repo=string("Repo."), title=string("Title."),
                               body=string("Body.")), required=["owner", "repo", "body"]),
                   "says-required", "says-optional")]

    def check_tool(self, tool, ctx):
        desc = tool.description
        if not isinstance(desc, str) or tool.format == "docker-mcp" or not isinstance(tool.input_schema, dict):
            return
        stated = stated_requirements(desc)
        if not stated:
            return
        props = tool.properties
        required = tool.input_schema.get("required")
        required = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        for name, says in stated.items():
            if name not in props or declared_types(props[name], tool.format) is None and not props[name]:
                continue
            if says == "required" and name not in required:
                message = "says-required"
            elif says == "optional" and name in required:
                message = "says-optional"
            else:
                continue
            ctx.report(at(tool, field=_desc_field(tool), param=name), message,
                       {"tool": _tool_label(tool), "param": name})
