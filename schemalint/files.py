"""Writing files the way every command does: atomically, never leaving a partial file."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable

# temp files are named so that a walk over the folder can leave out one a killed run left behind
TEMP_PREFIX = ".schemalint-"
TEMP_SUFFIX = ".tmp"
TEMP_PATTERN = TEMP_PREFIX + "*" + TEMP_SUFFIX


# a file that never ends (/dev/zero behind a name, a file swapped for a device) must not fill the memory: no
# catalog, lockfile, baseline or configuration comes near this
MAX_READ_BYTES = 512 * 1024 * 1024

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_regular(path: str, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of the regular file at `path`, read up to `limit`. A device, pipe or folder is refused before
    anything is read (opened without blocking, so a pipe with no writer does not hang the run), and so is a file
    over the limit: an OSError whose strerror says why."""
    import errno

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise OSError(errno.EINVAL, f"{kind}, not a regular file", path)
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise OSError(errno.EFBIG, f"over {limit // 2 ** 20} MiB: not read", path)
    return raw


def write_atomic(path: str, text: str | Iterable[bytes | str]) -> None:
    """Write to a temporary file beside the target, then rename it over: never a partial file.

    `text` is a str, or pieces (bytes, or str written as UTF-8) written as they come, so a large report is never
    whole in memory; whatever the pieces raise, the target is left as it was.
    A symbolic link is followed (the file it points to is replaced, the link stays); a target that is not
    a regular file (/dev/null, a named pipe) is written in place, since renaming over it would replace it.
    A new file gets the permissions the umask gives; an existing one keeps its own.
    """
    import tempfile  # only commands that write files pay for it

    path = os.path.realpath(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:  # not there yet (or unreadable: the write will say why)
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", path)
        with open(path, "wb") as fh:
            _write_pieces(fh, text)
        return
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_pieces(fh, text)
            fh.flush()
            os.fsync(fh.fileno())  # the new bytes are on disk before the name points at them
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt, and SIGTERM, which the command line raises as an exception
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_pieces(fh, text: str | Iterable[bytes | str]) -> None:
    for piece in (text,) if isinstance(text, str) else text:
        fh.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


def check_writable(path: str) -> str | None:
    """Why `path` cannot be written (before anything else is), or None."""
    target = os.path.realpath(path)
    if os.path.isdir(target):
        return "Is a directory"
    if not os.path.isdir(os.path.dirname(target) or "."):
        return "No such file or directory (its folder does not exist)"
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def tree_root(path: str) -> str:
    """The real path of the repository holding the file at `path` (the nearest folder above it with a
    `.git`), or of the file's own folder outside any repository."""
    return folder_root(os.path.dirname(os.path.realpath(path)))


def folder_root(folder: str) -> str:
    """The repository holding the real folder `folder` (the nearest folder up with a `.git`), else `folder`."""
    probe = folder
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return folder
        probe = parent


def inside(root: str, path: str) -> bool:
    """Whether `path`, symlinks followed, is `root` or below it."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def link_out_of_tree(path: str) -> str | None:
    """Why `path` must not be written in place of a scanned file: it is a symbolic link to a file outside the
    tree that holds the link (its repository, or its folder outside git). None when it is not."""
    if path == "-" or not os.path.islink(path):
        return None
    root = folder_root(os.path.realpath(os.path.dirname(os.path.abspath(path))))
    if inside(root, path):
        return None
    return f"a symbolic link to {os.path.realpath(path)}, outside {root}: fixes are never written through it"


def write_report(text: str | Iterable[bytes | str], output: str | None) -> None:
    """A command's report (a str, or pieces of bytes or str as `write_atomic` takes them): to `output`
    (atomically) when given, else to stdout; a path that cannot be written is the one-line error."""
    import sys

    from .errors import UsageError

    if not output:
        for piece in (text,) if isinstance(text, str) else text:  # through the text layer, as a str always went
            sys.stdout.write(piece if isinstance(piece, str) else piece.decode("utf-8"))
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write report: {exc.strerror}") from None
