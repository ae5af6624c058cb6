"""The caches of what plan has read: one folder, one writer, one trust rule, one format.

What is kept is derived from plan.yaml and git alone: the history's versions and commit listings
(`history/versioncache.py`), whole answers of `plan log` and of `plan show`'s history, and the
working copy's plan as last read (`planfile/kept.py`). Nothing of it is committed or pushed; all of
it is safe to delete at any time, and the next command reads from the source again.

- **Where**: `plan-cache/` in the git folder of the work tree the plan is in (a worktree has its own
  HEAD and its own plan, so its caches are its own, not shared with the main work tree's). Outside a
  git repository nothing is kept.
- **Written**: to a temp file in the same folder, then moved into place (`disk.replace_file`), readable
  by its owner alone (0600; the folder 0700). A cache that cannot be written is quietly not written.
  A temp file a killed write left in the folder is removed by a later write there, once it is
  `disk.STALE_AFTER` old (no live write takes that long).
- **Trusted**: a cache file is read only where it is a regular file, owned by the user running
  `plan`, and writable by no one else; where files have no owners (Windows), in the user's own
  repository. Anything else is passed over, never followed.
- **Format**: zlib-compressed data behind a stamp of `FORMAT` and the program's version. Another
  stamp, damage, or more than `MAX_BYTES` when decompressed, and the file is as good as absent: the
  caller reads from the source. `FORMAT` changes whenever what a cached value means changes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import zlib
from pathlib import Path

from baeredygtig_cli import __version__
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

FOLDER = "plan-cache"
FORMAT = 6
STAMP = f"{FORMAT}:{__version__}".encode("ascii")
# What a cache file may unpack to. The largest cache is the history of a 100,000-activity plan,
# about 60 MB; a file that claims more is not one of ours.
MAX_BYTES = 512 * 1024 * 1024


def folder_for(plan: Path) -> Path | None:
    """The cache folder for the plan at `plan` (not created), or None outside git."""
    own = disk.git_folders(plan.absolute().parent)
    return own[0] / FOLDER if own is not None else None


def read(path: Path) -> bytes | None:
    """The data kept at `path`, or None: missing, not trusted, of another stamp, damaged, too big."""
    try:
        flags = (
            os.O_RDONLY
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_NONBLOCK", 0)
            | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(path, flags)  # O_BINARY: Windows would read a descriptor's bytes as text
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not _trusted(info):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            packed = handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(packed, MAX_BYTES)
        if unpacker.unconsumed_tail or not unpacker.eof:
            return None  # more than MAX_BYTES, or cut short
    except zlib.error:
        return None
    stamp, _, kept = data.partition(b"\0")
    return kept if stamp == STAMP else None


def _trusted(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def write(path: Path, data: bytes) -> None:
    """Keep `data` at `path` for next time; quietly nothing where it cannot be written (a read-only
    repository) or where the folder is not the user's own (a colleague's repository, or under sudo:
    their own runs could then neither trust nor replace the file)."""
    with contextlib.suppress(OSError, PlanError):
        root = next(folder for folder in path.parents if folder.name == FOLDER)
        if hasattr(os, "getuid") and root.parent.stat().st_uid != os.getuid():
            return
        inner = [folder for folder in path.parents if folder != root and root in folder.parents]
        for folder in (root, *reversed(inner)):  # each the user's alone (mkdir's mode: the last only)
            folder.mkdir(mode=0o700, exist_ok=True)
        disk.replace_file(path, zlib.compress(STAMP + b"\0" + data, 1), mode=0o600, durable=False, cache=True)


def forget(path: Path) -> None:
    """Remove a cache file found to hold something wrong, so that it is worked out afresh."""
    with contextlib.suppress(OSError):
        path.unlink()
