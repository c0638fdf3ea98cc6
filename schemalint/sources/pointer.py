"""RFC 6901 JSON pointers."""
from __future__ import annotations


def escape(token) -> str:
    text = token if type(token) is str else str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def join(pointer: str, *tokens) -> str:
    if not tokens:
        return pointer
    return pointer + "/" + "/".join(map(escape, tokens))


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if "~" not in pointer:
        return pointer[1:].split("/")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve(data, pointer: str):
    node = data
    for token in split(pointer):
        if isinstance(node, list):
            node = node[int(token)]
        else:
            node = node[token]
    return node
