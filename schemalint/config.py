"""`[tool.schemalint]` in pyproject.toml or schemalint.toml, found from the current folder upward."""
from __future__ import annotations

import os
import sys

from .errors import SchemalintError

SEVERITY_VALUES = ("error", "warning", "info", "off")
FAIL_ON_VALUES = ("error", "warning", "info", "never")


class ConfigError(SchemalintError):
    pass


class Config:
    """The settings of a run, as the configuration file gives them (the defaults without one). A plain class: a
    dataclass of this many fields is compiled at import, about 1 ms of every start-up."""

    def __init__(self, path: str | None = None):
        self.path = path
        self.select: list = []
        self.ignore: list = []
        self.severity: dict = {}
        self.per_file_ignores: dict = {}
        self.options: dict = {}
        self.include: list = []
        self.exclude: list = []
        self.fail_on: str = "error"
        self.min_score: float | None = None
        self.provider: list = []
        self.contract: list = []
        self.contract_auth: dict = {}
        self.mappings: dict = {}
        self.input_format: str | None = None
        self.baseline: str | None = None
        self.diff: dict = {}  # [tool.schemalint.diff]: levels, fail-on, accept
        self.lock: str | None = None
        self.extra: dict = {}


# key in the file -> (attribute, expected python type)
_KEYS: dict[str, tuple[str, type | tuple]] = {
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
    "diff": ("diff", dict),
    "lock": ("lock", str),
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


CONFIG_MAX_BYTES = 16 * 1024 * 1024  # no configuration comes near it; /dev/zero named as one must not be read


def _has_section(path: str) -> bool:
    from .files import read_regular

    try:
        return b"[tool.schemalint" in read_regular(path, limit=CONFIG_MAX_BYTES)
    except OSError:
        return False


def load_config(explicit: str | None = None) -> Config:
    path = explicit or find_config()
    if path is None:
        return Config()
    if sys.version_info >= (3, 11):  # imported only when there is a file to read
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        from .files import read_regular

        data = tomllib.loads(read_regular(path, limit=CONFIG_MAX_BYTES).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8") from None
    except ValueError as exc:  # a value tomllib parses but Python refuses: an integer past 4,300 digits
        raise ConfigError(f"{path}{_long_number_at(path)}: invalid TOML: {exc}") from None
    tool = data.get("tool")
    if os.path.basename(path) == "pyproject.toml" or isinstance(tool, dict) and "schemalint" in tool:
        section = tool.get("schemalint", {}) if isinstance(tool, dict) else {}
        where = f"{path} [tool.schemalint]"
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: must be a table of settings")
    else:
        section = data
        where = path
    return parse_section(section, where, path)


def _long_number_at(path: str) -> str:
    """':line:column' of the first number too long for Python to read, or '' when it cannot be found."""
    import re

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                found = re.search(r"\d{4000,}", line)
                if found:
                    return f":{number}:{found.start() + 1}"
    except OSError:
        pass
    return ""


DIFF_FAIL_ON_VALUES = ("breaking", "behavioural", "any", "never")


def diff_section_problem(table: dict) -> str | None:
    """What is wrong with a [tool.schemalint.diff] table, or None."""
    from .compare.changes import CHANGES, LEVELS

    for key, value in table.items():
        if key == "fail-on":
            if value not in DIFF_FAIL_ON_VALUES:
                return f"fail-on must be one of {', '.join(DIFF_FAIL_ON_VALUES)}"
        elif key == "accept":
            if not isinstance(value, str) or not value:
                return "accept must be the path of an accept file"
        elif key == "levels":
            if not isinstance(value, dict):
                return "levels must be a table of change-id = level"
            for change, level in value.items():
                if change not in CHANGES:
                    return f"levels: unknown change id '{change}' (see `schemalint diff --list-changes`)"
                if level not in LEVELS:
                    return f"levels: the level of '{change}' must be one of {', '.join(LEVELS)}"
        else:
            return f"unknown key '{key}' (known: accept, fail-on, levels)"
    return None


_LISTS_OF_STRINGS = ("provider", "contract", "select", "ignore", "include", "exclude")
_CONTRACT_AUTH_KEYS = ("env", "header", "hosts", "inline-hosts", "remote-refs", "scheme")


def contract_auth_problem(table: dict) -> str | None:
    """What is wrong with a [tool.schemalint.contract-auth] table, or None."""
    for key in table:
        if key not in _CONTRACT_AUTH_KEYS:
            return f"unknown key '{key}' (known: {', '.join(_CONTRACT_AUTH_KEYS)})"
    for key in ("header", "env", "scheme"):
        if key in table and not isinstance(table[key], str):
            return f"'{key}' must be a string"
    if ("header" in table) != ("env" in table):
        return "'header' and 'env' go together: the header to send and the environment variable holding its value"
    for key in ("hosts", "inline-hosts"):
        hosts = table.get(key, [])
        if not isinstance(hosts, (str, list)) or isinstance(hosts, list) and not all(isinstance(h, str) for h in hosts):
            return f"'{key}' must be a list of host names"
    if not isinstance(table.get("remote-refs", False), bool):
        return "'remote-refs' must be true or false"
    return None


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
        if key in _LISTS_OF_STRINGS and not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings")
        setattr(config, attr, value)
    problem = contract_auth_problem(config.contract_auth)
    if problem:
        raise ConfigError(f"{where}: contract-auth: {problem}")
    if config.min_score is not None and not 0 <= config.min_score <= 100:
        raise ConfigError(f"{where}: min-score must be a number from 0 to 100")
    for rule, opts in config.options.items():
        if not isinstance(opts, dict):
            raise ConfigError(f"{where}: options.{rule} must be a table of option = value")
    for tool_name, target in config.mappings.items():
        if isinstance(target, dict):
            target = target.get("operation")
        if not isinstance(target, str):
            raise ConfigError(f"{where}: mappings.{tool_name} must be an operationId or \"METHOD /path\" "
                              "(or a table with operation = ...)")
    for rule, level in config.severity.items():
        if level not in SEVERITY_VALUES:
            raise ConfigError(f"{where}: severity of '{rule}' must be one of {', '.join(SEVERITY_VALUES)}")
    problem = diff_section_problem(config.diff)
    if problem:
        raise ConfigError(f"{where}: diff: {problem}")
    if config.fail_on not in FAIL_ON_VALUES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON_VALUES)}")
    for glob, ids in config.per_file_ignores.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"{where}: per-file-ignores '{glob}' must be a list of rule ids or categories")
    return config
