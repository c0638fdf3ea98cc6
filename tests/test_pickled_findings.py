"""A forked child sends its findings pickled (model.pickled_by_fields): every field must come back as it was."""
import copy
import dataclasses
import pickle

from schemalint.model import Edit, Finding, Fix


def _finding() -> Finding:
    fix = Fix([Edit("set", ("type",), "object"), Edit("remove", ("default",), target="tool")], "map the type",
              True, (("set", "/0/parameters/type", "object"),), "tools.json", True)
    # every field set to a value other than its default, so a field left out of the pickle shows
    values = dict(rule="r", category="validity", severity="error", message="m", file="tools.json", line=3, column=7,
                  tool="t", param="p", pointer="/0", fixable=True, hint="h", fingerprint="f1", penalty=2.5,
                  related=(("other.json", 1, 2),), fix=fix, base_fingerprint="f0", message_id="type-name",
                  data={"where": "the input schema"}, legacy_fingerprint="old")
    assert set(values) == {f.name for f in dataclasses.fields(Finding)}
    return Finding(**values)


def test_a_pickled_finding_comes_back_whole():
    finding = _finding()
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps([finding], protocol=protocol))[0]
        assert back == finding
        assert type(back.fix) is Fix and type(back.fix.edits[0]) is Edit
        assert back.fix.edits[1].target == "tool"


def test_copies_keep_every_field():
    finding = _finding()
    assert copy.copy(finding) == finding
    deep = copy.deepcopy(finding)
    assert deep == finding and deep.data is not finding.data


@dataclasses.dataclass
class Annotated(Finding):  # a plugin's subclass, at module level so that pickle finds it
    more: int = 7


def test_a_subclass_pickles_and_copies_as_itself():
    # it keeps its class, its own fields and its attributes: only the base classes pickle by their fields
    base = _finding()
    sub = Annotated(**{f.name: getattr(base, f.name) for f in dataclasses.fields(Finding)}, more=9)
    sub.note = "kept"
    for back in (copy.copy(sub), copy.deepcopy(sub), pickle.loads(pickle.dumps(sub))):
        assert type(back) is Annotated and back.more == 9 and back.note == "kept" and back.fix == base.fix
