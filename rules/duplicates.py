"""A key written twice in one object: which value counts depends on the parser that reads the file."""
from __future__ import annotations

from schemalint.engine.location import in_file
from schemalint.engine.rule import Rule, bad_text


class DuplicateKey(Rule):
    """Finds a key written twice in one JSON object or YAML mapping.

    The finding is placed on the second key. schemalint, like Python's and JavaScript's JSON parsers, keeps the
    value of the last one and lints that; the first value is not linted at all.

    Why: JSON leaves the outcome to the parser (RFC 8259 section 4: "the behavior of software that receives
    such an object is unpredictable"; I-JSON, RFC 7493, forbids it) and YAML forbids it outright. Parsers
    differ: most keep the last value, some the first, some refuse the file. A second `tools` key makes a whole
    array of tools vanish without a word, and a second `required` or `properties` changes the schema a model
    is sent, depending on which library the application uses.

    Example:
        {"tools": [{"name": "a", ...}], "tools": [{"name": "b", ...}]}

    Use instead: one key, holding everything it should (merge the two values).
    """

    id = "duplicate-key"
    always_on = True  # like parse-error: a narrowed selection must not hide that part of a file was never read
    category = "validity"
    severity = "error"
    summary = "A key is written twice in one object; parsers disagree on which value counts"
    hint = "Keep one of the two keys (merge their values): the first one's value is not read by schemalint."
    sources = (
        "RFC 8259 section 4: names within an object SHOULD be unique; otherwise behavior is unpredictable",
        "RFC 7493 (I-JSON) section 2.3: objects MUST NOT have members with duplicate names",
        "YAML 1.2.2 specification section 3.2.1.1: the keys of a mapping are unique",
    )
    messages = {"duplicate": "key '{key}' is written twice in this object (first on line {first_line}): only "
                             "this value is read"}
    identity_keys = {"duplicate": ("key",)}
    valid = [{"name": "search", "description": "Search the documents of one workspace by title.",
              "inputSchema": {"type": "object", "properties": {}}}]
    invalid = [bad_text('{"name": "search", "description": "Search the documents of one workspace by title.",\n'
                        ' "inputSchema": {"type": "object", "properties": {}},\n'
                        ' "inputSchema": {"type": "object"}}\n', "duplicate")]

    def check_catalog(self, tools, ctx):
        for doc in ctx.catalog.documents:
            for dup in getattr(doc, "duplicate_keys", ()):
                ctx.report(in_file(doc.path, dup.line, dup.column), "duplicate",
                           {"key": dup.key, "first_line": dup.first_line})
