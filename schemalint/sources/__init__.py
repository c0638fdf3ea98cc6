"""Files to documents: parsed data plus a way to find each node's line and column.

This stage knows nothing about tools: it turns bytes into data and positions.
"""
from .document import Document, InputError, read_document, parse_text

__all__ = ["Document", "InputError", "read_document", "parse_text"]
