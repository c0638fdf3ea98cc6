"""Which files a folder walk leaves out because git ignores them: the `.gitignore` files of the repository (from
its root down to each folder, deeper files overriding shallower ones, as git reads them) and `.git/info/exclude`.
Matched with `pathspec`'s implementation of git's rules. Outside a git repository nothing is ignored this way."""
from __future__ import annotations

import os

from ..files import folder_root


class GitIgnored:
    """Answers `ignored(path, is_dir)` for paths met while walking the real folder `top`."""

    def __init__(self, top: str):
        self.root = folder_root(top)
        self._specs: dict[str, object] = {}  # folder -> its compiled .gitignore (None: none there)
        self.active = os.path.exists(os.path.join(self.root, ".git"))
        if self.active:
            self._specs[os.path.join(self.root, ".git", "info")] = None
            self._exclude = _read_spec(os.path.join(self.root, ".git", "info", "exclude"))

    def ignored(self, path: str, is_dir: bool) -> bool:
        if not self.active:
            return False
        path = os.path.realpath(path)
        rel = os.path.relpath(path, self.root)
        if rel.startswith(".."):
            return False
        decided = self._match(self._exclude, rel, is_dir)
        folder = self.root
        parts = rel.split(os.sep)
        for depth in range(len(parts)):  # the .gitignore of each folder from the root down to the path's own
            spec = self._spec_of(folder)
            if spec is not None:
                outcome = self._match(spec, "/".join(parts[depth:]), is_dir)
                if outcome is not None:
                    decided = outcome
            folder = os.path.join(folder, parts[depth])
        return bool(decided)

    def _spec_of(self, folder: str):
        if folder not in self._specs:
            self._specs[folder] = _read_spec(os.path.join(folder, ".gitignore"))
        return self._specs[folder]

    @staticmethod
    def _match(spec, rel: str, is_dir: bool):
        if spec is None:
            return None
        return spec.check_file(rel + "/" if is_dir else rel).include


def _read_spec(path: str):
    from ..files import read_regular

    try:
        lines = read_regular(path, limit=16 * 1024 * 1024).decode("utf-8", "replace").splitlines()
    except OSError:  # none there, or not a file to read (a pipe named .gitignore)
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)
