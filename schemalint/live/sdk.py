"""Load the MCP SDK's client without its server side.

`import mcp` runs the package's `__init__`, which imports the client and the server side of the SDK (about
0.2 s of CPU for the server alone), while reading a server needs only the client session, the protocol's types
and the transports. `load_client` imports those modules with the `mcp` and `mcp.client` packages standing in
unexecuted: each runs its own `__init__` the first time one of its names is asked for (`from mcp import X`, by
this process's other code or by a library), so the packages stay complete for anyone who uses them.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import threading

_PACKAGES = ("mcp", "mcp.client")
_RUNNING = threading.RLock()


def load_client() -> None:
    """Import the modules a session needs. Falls back to the plain import when the SDK is already loaded or its
    layout does not allow this."""
    if "mcp" in sys.modules:
        return
    standing = [_stand_in(name) for name in _PACKAGES]
    try:
        importlib.import_module("mcp.client.session")
    except Exception:  # noqa: BLE001 - another layout of the SDK: import it as usual
        for name, module in zip(_PACKAGES, standing):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        importlib.import_module("mcp.client.session")


def _stand_in(name: str):
    """The package `name` as a module that has its path but has not run its `__init__` yet: the first name
    asked of it runs it."""
    spec = importlib.util.find_spec(name)
    module = importlib.util.module_from_spec(spec)

    ran = []

    def __getattr__(attr):
        with _RUNNING:  # one thread runs the package's __init__; another asking meanwhile waits for it
            if not ran:
                ran.append(True)
                try:
                    spec.loader.exec_module(module)
                except BaseException:
                    ran.clear()  # asked again, it runs again, as a failed import would
                    raise
                if module.__dict__.get("__getattr__") is __getattr__:
                    del module.__getattr__
        try:
            return module.__dict__[attr]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

    module.__getattr__ = __getattr__
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module
