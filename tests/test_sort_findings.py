"""sort_findings orders findings as one stable sort by (file, line, column, rule) does, ties kept in their order."""
import random

from schemalint.engine.run import sort_findings
from schemalint.model import Finding


def test_the_same_order_as_one_sort_by_the_tuple():
    rng = random.Random(7)
    for _ in range(50):
        # few distinct values per field, so many findings tie on some fields and some on all four
        findings = [Finding(rule=rng.choice("ab"), category="c", severity="info", message=str(i),
                            file=rng.choice(["a.json", "b.json"]), line=rng.randint(1, 4), column=rng.randint(1, 3),
                            tool=None, param=None, pointer=None, fixable=False) for i in range(rng.randint(0, 60))]
        expected = sorted(findings, key=lambda f: (f.file, f.line, f.column, f.rule))
        sort_findings(findings)
        assert [f.message for f in findings] == [f.message for f in expected]
