"""Tools to findings: the rule registry, one walk per tool, suppressions."""
