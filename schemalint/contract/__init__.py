"""Backend contracts (OpenAPI 2.0 / 3.0 / 3.1) and how tool schemas drift from them.

Imported only when a contract is given: `rules/drift.py` imports it inside its hooks.
"""
from .analysis import Analysis, analyze
from .fetch import Auth
from .load import Contract, Operation, load_contract

__all__ = ["Analysis", "Auth", "Contract", "Operation", "analyze", "load_contract"]
