"""RFC 6901 JSON pointers."""
from __future__ import annotations


def escape(token) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens) -> str:
    return pointer + "".join("/" + escape(t) for t in tokens)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve(data, pointer: str):
    node = data
    for token in split(pointer):
        if isinstance(node, list):
            node = node[int(token)]
        else:
            node = node[token]
    return node
