"""`[tool.schemalint]` in pyproject.toml or schemalint.toml, found from the current folder upward."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITY_VALUES = ("error", "warning", "info", "off")
FAIL_ON_VALUES = ("error", "warning", "info", "never")


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: str | None = None
    select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)
    per_file_ignores: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    include: list = field(default_factory=list)
    exclude: list = field(default_factory=list)
    fail_on: str = "error"
    min_score: float | None = None
    provider: list = field(default_factory=list)
    contract: list = field(default_factory=list)
    contract_auth: dict = field(default_factory=dict)
    mappings: dict = field(default_factory=dict)
    input_format: str | None = None
    baseline: str | None = None
    extra: dict = field(default_factory=dict)


# key in the file -> (attribute, expected python type)
_KEYS: dict[str, tuple[str, Any]] = {
    "select": ("select", list),
    "ignore": ("ignore", list),
    "severity": ("severity", dict),
    "per-file-ignores": ("per_file_ignores", dict),
    "options": ("options", dict),
    "include": ("include", list),
    "exclude": ("exclude", list),
    "fail-on": ("fail_on", str),
    "min-score": ("min_score", (int, float)),
    "provider": ("provider", list),
    "contract": ("contract", list),
    "contract-auth": ("contract_auth", dict),
    "mappings": ("mappings", dict),
    "input-format": ("input_format", str),
    "baseline": ("baseline", str),
}


def find_config(start: str | None = None) -> str | None:
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in ("schemalint.toml", "pyproject.toml"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name == "schemalint.toml" or _has_section(candidate)):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_section(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"[tool.schemalint" in fh.read()
    except OSError:
        return False


def load_config(explicit: str | None = None) -> Config:
    path = explicit or find_config()
    if path is None:
        return Config()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml" or "tool" in data and "schemalint" in data.get("tool", {}):
        section = data.get("tool", {}).get("schemalint", {})
        where = f"{path} [tool.schemalint]"
    else:
        section = data
        where = path
    return parse_section(section, where, path)


def parse_section(section: dict, where: str, path: str | None = None) -> Config:
    config = Config(path=path)
    for key, value in section.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(_KEYS))})")
        attr, expected = _KEYS[key]
        if key in ("provider", "contract", "select", "ignore", "include", "exclude") and isinstance(value, str):
            value = [value]
        if not isinstance(value, expected) or isinstance(value, bool) and expected != bool:
            raise ConfigError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
        setattr(config, attr, value)
    for rule, level in config.severity.items():
        if level not in SEVERITY_VALUES:
            raise ConfigError(f"{where}: severity of '{rule}' must be one of {', '.join(SEVERITY_VALUES)}")
    if config.fail_on not in FAIL_ON_VALUES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON_VALUES)}")
    for glob, ids in config.per_file_ignores.items():
        if not isinstance(ids, list):
            raise ConfigError(f"{where}: per-file-ignores '{glob}' must be a list of rule ids or categories")
    return config
