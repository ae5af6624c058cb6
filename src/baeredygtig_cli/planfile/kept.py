"""The working copy's plan, read once per content: what every read command starts from.

Importing PyYAML and composing the plan cost a read command about 25 ms, a tenth of its run, to
answer what the previous command already knew. So the plan a read command built is kept, pickled,
under a digest of the file's text and of the code that reads it: `.git/plan-cache/planer/`, one file
per plan file (named by its path, overwritten when the plan changes), inside the repository's own
folder. The next command with the same text and the same code loads it without importing YAML at all.

Only a plan that loaded without problems is kept. Outside a git repository nothing is kept. The files
are never committed, never pushed, and safe to delete at any time; anything unexpected in one (another
program version, a damaged file) and it is read again from plan.yaml.

A pickle can name any callable, so reading one is reading code. Two guards keep it data: the reader
resolves only the plan's own classes and `datetime.date` (the "restricting globals" of the pickle
documentation), and where files have owners (not on Windows) only a file owned by the user running
`plan` is read, as git itself refuses a repository another user owns (a plan on a shared drive).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
from hashlib import blake2b  # Typer's start-up imports hashlib anyway
from pathlib import Path
from typing import Any

from baeredygtig_cli import __version__
from baeredygtig_cli.domain.model import Plan
from baeredygtig_cli.errors import PlanFileError
from baeredygtig_cli.planfile.disk import read_bytes, read_text

FOLDER = "plan-cache"  # in the repository's git folder, shared with the history cache (memorycache.py)
PLANS = "planer"
_DIGEST = 32

# The modules whose code decides what a plan (or a version of it in git) says.
STAMPED = ("planfile/schema", "domain/timing", "domain/model", "domain/statuses", "planfile/disk",
           "history/gitrepo", "domain/query", "domain/summary", "history/versions", "history/versioncache",
           "output/historyviews", "output/text", "output/jsonout", "planfile/kept")  # fmt: skip


@functools.cache
def code_stamp() -> str:
    """The program's version and when the modules that read a plan or say what changed (and PyYAML's)
    were last written: a cache from another version (or, while developing, older code) is not used."""
    from importlib.util import find_spec

    here = Path(__file__).parent.parent
    files = [here / f"{name}.py" for name in STAMPED]
    yaml = find_spec("yaml")  # PyYAML reads the plan too: an upgrade is other code (found, not imported)
    if yaml is not None and yaml.origin:
        files.append(Path(yaml.origin))
    times = []
    for path in files:
        try:
            times.append(str(path.stat().st_mtime_ns))
        except OSError:
            times.append("-")
    return f"{__version__}:{':'.join(times)}"


def git_folder(start: Path) -> Path | None:
    """The git folder of the repository `start` is in (a worktree's own, named by its `.git` file),
    found without running git; None outside one."""
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                named = dot_git.read_text(encoding="utf-8").strip()
                if named.startswith("gitdir:"):
                    found = (folder / named[len("gitdir:") :].strip()).resolve()
                    return found if found.is_dir() else None
            return None
    return None


def load_plan(path: Path) -> Plan:
    """The plan in `path`, as `store.load_plan` reads it (raising the same errors for a bad file),
    from the cache when the text and the code are those it was kept for."""
    text = read_text(path)
    data = text.encode("utf-8", "surrogatepass")
    key = blake2b(code_stamp().encode("utf-8") + b"\0" + data, digest_size=_DIGEST).digest()
    kept = _kept_at(path)
    plan = _kept_plan(kept, key) if kept is not None else None
    if plan is not None:
        return dataclasses.replace(plan, path=path)
    from baeredygtig_cli.planfile.schema import load_text

    plan = load_text(text, path).plan
    assert plan is not None  # load_text raises unless the plan loaded clean
    if kept is not None:
        _keep(kept, key, plan)
    return plan


def _kept_at(path: Path) -> Path | None:
    """Where the plan in `path` is kept: named by its absolute path, so a plan has one file."""
    absolute = path.absolute()
    folder = git_folder(absolute.parent)
    if folder is None:
        return None
    name = blake2b(os.fsencode(absolute), digest_size=12).hexdigest()
    return folder / FOLDER / PLANS / f"{name}.pickle"


# What a kept plan may be made of: anything else in the pickle and it is not read.
_CLASSES = {
    ("datetime", "date"),
    *(("baeredygtig_cli.domain.model", name) for name in ("Plan", "Activity", "Period", "Note", "Party")),
}


def _kept_plan(kept: Path, key: bytes) -> Plan | None:
    try:
        if hasattr(os, "getuid") and kept.stat().st_uid != os.getuid():
            return None
        stored = read_bytes(kept)  # without blocking, a regular file only (planfile.py)
    except (OSError, PlanFileError):
        return None
    if stored[:_DIGEST] != key:
        return None
    import io
    import pickle

    class PlanUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if (module, name) not in _CLASSES:
                raise pickle.UnpicklingError(f"{module}.{name} hører ikke til en plan")
            return super().find_class(module, name)

    try:
        plan = PlanUnpickler(io.BytesIO(stored[_DIGEST:])).load()
    except Exception:  # damaged, foreign, or of another version: the plan is read from plan.yaml
        return None
    return plan if isinstance(plan, Plan) else None


def _keep(kept: Path, key: bytes, plan: Plan) -> None:
    """Keep the plan for next time; quietly nothing if it cannot be written (a read-only repository),
    and nothing in a repository another user owns (a colleague's, or under sudo): their own runs could
    then neither read nor replace the file."""
    import pickle

    if hasattr(os, "getuid"):
        try:
            if kept.parents[2].stat().st_uid != os.getuid():  # the git folder
                return
        except OSError:
            return

    temp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        try:
            temp.write_bytes(key + pickle.dumps(dataclasses.replace(plan, path=None), protocol=5))
            os.replace(temp, kept)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
