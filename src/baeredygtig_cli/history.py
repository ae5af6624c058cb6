"""Old versions of plan.yaml from git, for `plan changes`. The only module that runs git."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import PlanError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Version:
    """A revision of the plan file: its text (None if the file did not exist) and how to name it."""

    label: str
    text: str | None


def _git(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise PlanError("git er ikke installeret; 'plan changes' læser gamle versioner med git") from None
    if result.returncode != 0:
        raise _GitFailed(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "git fejlede")
    return result.stdout


class _GitFailed(PlanError):
    pass


def _repository(path: Path) -> Path:
    try:
        return Path(_git(path.parent, "rev-parse", "--show-toplevel").strip())
    except _GitFailed:
        raise PlanError(f"{path} ligger ikke i et git-repository; 'plan changes' kræver git") from None


def _resolve(folder: Path, revision: str) -> str:
    """A commit for REV, or for a date: the last commit on or before that day."""
    if _DATE.match(revision):
        commit = _git(folder, "rev-list", "-1", f"--before={revision} 23:59:59", "HEAD").strip()
        if not commit:
            raise PlanError(f"ingen commits før {revision}")
        return commit
    try:
        return _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except _GitFailed:
        raise PlanError(f"ukendt git-revision {revision!r}") from None


def _show(folder: Path, commit: str, relative: str) -> str | None:
    try:
        return _git(folder, "show", f"{commit}:{relative}")
    except _GitFailed:
        return None  # the file did not exist at that commit


def _short(folder: Path, commit: str) -> str:
    line = _git(folder, "log", "-1", "--format=%h %cs", commit).strip()
    return line or commit[:7]


def versions(path: Path, since: str | None, until: str | None) -> tuple[Version, Version]:
    """The two versions to compare. Default since: before the last commit that changed the file;
    default until: the file as it is now (uncommitted edits included)."""
    path = path.resolve()
    top = _repository(path)
    relative = path.relative_to(top.resolve()).as_posix()
    if since is None:
        last = _git(top, "log", "-1", "--format=%H", "--", relative).strip()
        if not last:
            old = Version("før filen kom i git", None)
        else:
            parent = _git(top, "rev-list", "--parents", "-n", "1", last).split()[1:2]
            old = Version(f"før {_short(top, last)}", _show(top, parent[0], relative) if parent else None)
    else:
        commit = _resolve(top, since)
        old = Version(_short(top, commit), _show(top, commit, relative))
    if until is None:
        new = Version("arbejdskopien", path.read_text(encoding="utf-8-sig"))
    else:
        commit = _resolve(top, until)
        new = Version(_short(top, commit), _show(top, commit, relative))
    return old, new
