"""Tool.catalog_key: tools listed in one array of one file share it, whatever their pointers escape."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from schemalint.model import Tool
from schemalint.sources import Document
from schemalint.sources import pointer as ptr


def _tool(pointer: str, path: str = "tools.json") -> Tool:
    return Tool("t", "", {}, "openai", Document(path, "json", None, ""), pointer, None)


def _by_tokens(pointer: str) -> str:
    """The definition: the pointer up to (not including) its last token that is a number."""
    tokens = ptr.split(pointer)
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].isdigit():
            return ptr.join("", *tokens[:i])
    return ""


@given(st.lists(st.one_of(st.text(alphabet="ab/~1٣", max_size=4), st.integers(0, 30).map(str)), max_size=6))
def test_the_key_is_the_pointer_up_to_its_last_number(tokens):
    pointer = ptr.join("", *tokens) if tokens else ""
    assert _tool(pointer).catalog_key == ("tools.json", _by_tokens(pointer))


def test_examples():
    assert _tool("/tools/3/function").catalog_key == ("tools.json", "/tools")
    assert _tool("/0").catalog_key == ("tools.json", "")
    assert _tool("/a~1b/12/x").catalog_key == ("tools.json", "/a~1b")
    assert _tool("").catalog_key == ("tools.json", "")
    assert _tool("/0", "mcp:files").catalog_key == ("mcp:", "")
