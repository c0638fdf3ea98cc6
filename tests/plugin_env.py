"""Make the example plugin (examples/plugin) visible to a schemalint process exactly as `pip install` does: its
source folder on the path and a dist-info folder that declares its entry points, in a temporary folder."""
from __future__ import annotations

import os
import sys

from tests.helpers import ROOT

PLUGIN_SRC = os.path.join(ROOT, "examples", "plugin", "src")
DISTRIBUTION = "schemalint-house-rules"


def install_dist_info(folder, name: str, entry_points: str) -> str:
    """A dist-info folder for distribution `name` declaring `entry_points` (entry_points.txt text)."""
    info = os.path.join(str(folder), name.replace("-", "_") + "-0.1.0.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w", encoding="utf-8") as fh:
        fh.write(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    with open(os.path.join(info, "entry_points.txt"), "w", encoding="utf-8") as fh:
        fh.write(entry_points)
    return str(folder)


def plugin_env(folder, *extra_paths: str) -> dict:
    """The environment of a process that sees the example plugin (and anything in `extra_paths`)."""
    site = install_dist_info(folder, DISTRIBUTION, "[schemalint.rules]\nhouse = schemalint_house_rules.rules\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([site, PLUGIN_SRC, ROOT, *extra_paths])
    return env


if __name__ == "__main__":  # print a PYTHONPATH for running the plugin's own tests by hand
    print(plugin_env(sys.argv[1])["PYTHONPATH"])
