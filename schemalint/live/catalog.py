"""A server's `tools/list` answer as a document: pretty-printed JSON named `mcp:<name>`, loaded by the same
loader as a file, so every position a finding names is a line and column of that text (which `--save-tools`
writes for the user to open)."""
from __future__ import annotations

import json
import os
import re

from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..sources import parse_text
from .client import Listing


def listing_text(listing: Listing) -> str:
    """The tools/list result as the user reads it: one object, two-space indent, keys as the server sent them;
    then the server's name (`x-mcp-server`), so that the cross-server rules read a saved capture as that
    server's tools (after the tools, it moves no position)."""
    from ..rules.servers import SERVER_KEY

    return json.dumps({"tools": listing.tools, SERVER_KEY: listing.spec.name}, indent=2, ensure_ascii=False) + "\n"


def add_listing(listing: Listing, catalog: Catalog) -> None:
    doc = parse_text(listing.spec.label, listing_text(listing), "json")
    found = find_tools(doc, forced="mcp")
    catalog.documents.append(doc)
    catalog.notes.extend(found.notes)
    catalog.tools.extend(found.tools)
    if not found.tools:
        catalog.notes.append(f"{listing.spec.label}: the server lists no tools")


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def saved_name(listing: Listing) -> str:
    """A file name for a server's capture: its name with anything but letters, digits, `.`, `_` and `-` made `_`."""
    return (_UNSAFE.sub("_", listing.spec.name).strip("._") or "server")[:100] + ".json"


def save_listings(listings: list[Listing], folder: str) -> dict:
    """Write each server's pretty-printed tools/list result into `folder`; the path written for each server's
    document (`mcp:<name>`)."""
    from ..files import write_atomic

    os.makedirs(folder, exist_ok=True)
    written, used = {}, set()
    for listing in listings:
        if listing.error:
            continue
        name = saved_name(listing)
        stem, n = name[:-5], 2
        while name in used:
            name, n = f"{stem}-{n}.json", n + 1
        used.add(name)
        path = os.path.join(folder, name)
        write_atomic(path, listing_text(listing))
        written[listing.spec.label] = path
    return written
