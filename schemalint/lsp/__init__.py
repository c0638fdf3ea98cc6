"""`schemalint server`: the language server (server.py wires pygls to analysis, hover and actions)."""
