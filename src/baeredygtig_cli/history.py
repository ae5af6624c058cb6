"""Versions of plan.yaml from git, for `plan changes`. The only module that runs git.

Every version is read in full or refused: the working copy with the same reader and the same
strictness as `plan list`, an old version with its commit named in the error. A version that
cannot be read is never shown as a plan without activities, which would report them all removed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from . import planfile, store
from .errors import PlanError, PlanFileError, os_error_text
from .model import Activity, Plan
from .timing import format_date

WORKING_COPY = "arbejdskopien"
BEFORE_GIT = "før filen kom i git"  # the JSON's `fra` for an empty baseline with no commit to name


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a comparison: a commit's plan, the working copy, or no plan at all (`plan` None:
    the file did not exist in that version, so every activity of the other side is new)."""

    plan: Plan | None
    commit: str | None = None  # full hash; None for the working copy and for "before git"
    short: str = ""
    day: date | None = None  # the commit date
    note: str | None = None  # why this baseline, when it is not the obvious one

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self.plan.activities if self.plan else ()

    @property
    def label(self) -> str:
        """The JSON's `fra` / `til`: "6ed5420 2020-02-01", "arbejdskopien" or "før filen kom i git"."""
        if self.commit is None:
            return WORKING_COPY if self.plan is not None else BEFORE_GIT
        return f"{self.short} {self.day.isoformat() if self.day else ''}".strip()

    @property
    def heading(self) -> str:
        """How the heading names it: "6ed5420 (1. februar 2020)"."""
        if self.commit is None:
            return WORKING_COPY if self.plan is not None else "en tom plan (før filen kom i git)"
        return f"{self.short} ({format_date(self.day)})" if self.day else self.short


class _GitFailed(PlanError):
    """git said no. Its own (English) words stay in `detail`; callers say what it means in Danish."""

    def __init__(self, args: tuple[str, ...], detail: str) -> None:
        super().__init__(f"git fejlede ved 'git {args[0]}'")
        self.detail = detail


def _git(folder: Path, *args: str) -> bytes:
    # Paths are literal (a plan in a folder named "[2020]" is not a pattern). git's messages are never
    # shown; in English (LC_ALL=C) they can be recognised.
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False, env=env)
    except FileNotFoundError:
        raise PlanError("git er ikke installeret; 'plan changes' læser gamle versioner med git") from None
    except OSError as error:
        raise PlanError(f"git kan ikke startes ({os_error_text(error)}); 'plan changes' kræver git") from None
    if result.returncode != 0:
        raise _GitFailed(args, result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def _lines(folder: Path, *args: str) -> list[str]:
    return _git(folder, *args).decode("utf-8", "replace").split()


def _repository(path: Path) -> Path:
    try:
        return Path(_git(path.parent, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except _GitFailed as failed:
        if "dubious ownership" in failed.detail:
            raise PlanError(
                f"git vil ikke læse repositoryet med {path.name}, fordi det ejes af en anden bruger "
                "(se 'git config --global --add safe.directory')"
            ) from None
        raise PlanError(f"{path} ligger ikke i et git-repository; 'plan changes' kræver git") from None


@dataclass(frozen=True, slots=True)
class _Repo:
    top: Path
    relative: str  # the plan's path inside the repository, as git names it
    shown: str  # the plan's path as the user gave it, for messages

    def commit(self, revision: str) -> tuple[str, str, date]:
        """Full hash, short hash and commit date of a revision known to exist."""
        full, abbreviated, day = _lines(self.top, "log", "-1", "--format=%H %h %cs", revision, "--")
        return full, abbreviated, date.fromisoformat(day)

    def version(self, revision: str, note: str | None = None) -> Version:
        """The plan at a commit; `plan` None when the file was not in it. Refused if unreadable."""
        full, abbreviated, day = self.commit(revision)
        entry = _git(self.top, "ls-tree", "-z", full, "--", self.relative).decode("utf-8", "replace")
        if not entry:
            absent = f"{self.shown} fandtes ikke i {abbreviated}; alle aktiviteter regnes som tilføjet."
            return Version(None, full, abbreviated, day, note or absent)
        kind = entry.split(maxsplit=2)[1]
        where = f"{self.shown} i commit {abbreviated} ({format_date(day)})"
        if kind != "blob":
            raise PlanError(f"{where} er ikke en fil")
        data = _git(self.top, "cat-file", "blob", f"{full}:{self.relative}")
        try:
            text = planfile.decode(data, Path(self.relative))
        except PlanFileError as error:
            raise PlanError(f"{where}, linje {error.line}: {error.message}") from None
        parsed = store.parse_plan(text, Path(self.relative))
        if parsed.problems:
            first = parsed.problems[0]
            line = f", linje {first.line}" if first.line is not None else ""
            more = f" (og {len(parsed.problems) - 1} fejl mere)" if len(parsed.problems) > 1 else ""
            raise PlanError(f"{where}{line}: {first.message}{more}; den version kan ikke sammenlignes")
        return Version(parsed.plan, full, abbreviated, day, note)

    def last_before(self, moment: datetime) -> str | None:
        """The newest commit (of HEAD's history) made before `moment`, local time."""
        if moment < datetime(1970, 1, 2):  # before any commit git can record
            return None
        if moment >= datetime(2100, 1, 1):  # git reads no dates past 2099: every commit is before
            return "HEAD"
        try:
            limit = (moment - timedelta(seconds=1)).astimezone()
        except (OverflowError, OSError, ValueError):  # past what the platform's clock can express
            return "HEAD"
        # An explicit ISO time with its offset: git's "@<seconds>" form is not read below 100000000.
        found = _lines(self.top, "rev-list", "-1", f"--before={limit:%Y-%m-%d %H:%M:%S %z}", "HEAD", "--")
        return found[0] if found else None

    def first_with_plan(self) -> str | None:
        """The commit that first had the plan file."""
        found = _lines(self.top, "rev-list", "--reverse", "HEAD", "--", self.relative)
        return found[0] if found else None

    def resolve(self, revision: str) -> str | None:
        if not revision.strip() or revision.startswith("-"):  # an option to git, not a revision
            return None
        try:
            found = _lines(self.top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except _GitFailed:
            return None
        return found[0] if found else None


def _written_day(text: str, option: str) -> date | None:
    """A day written ÅÅÅÅ-MM-DD; None if the text is not meant as a date at all."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        pass
    parts = text.strip().split("-")
    if len(parts) == 3 and len(parts[0]) == 4 and all(p.isdigit() and p.isascii() for p in parts):
        raise PlanError(f"ugyldig dato for {option}: {text.strip()!r} findes ikke")
    return None


def _not_understood(text: str, option: str) -> PlanError:
    """Name the forms we take; a date written the Danish way round is shown the ISO way."""
    shown = text.strip()
    if not shown or any(c not in "0123456789-./ " for c in shown):
        return PlanError(
            f"ukendt git-revision {text!r} for {option} (skriv en git-revision, fx HEAD~3, et tag eller "
            "et commit-id, eller en dato som ÅÅÅÅ-MM-DD)"
        )
    example = "2020-03-15"
    for separator in "-./":
        parts = shown.split(separator)
        if len(parts) == 3 and all(p.isdigit() and p.isascii() for p in parts) and len(parts[2]) == 4:
            with contextlib.suppress(ValueError):  # no such day: the general example then
                example = date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
            break
    return PlanError(
        f"{option} {text!r} er hverken en dato (skriv ÅÅÅÅ-MM-DD, fx {example}) "
        "eller en git-revision (fx HEAD~3, et tag eller et commit-id)"
    )


def _at(repo: _Repo, text: str, option: str, *, end_of_day: bool) -> tuple[str | None, date | None]:
    """A commit for a revision or a date; with a date, also the date. A date means the start of that
    day for `since` (commits made that day count as changes) and its end for `until`."""
    day = _written_day(text, option)
    if day is None:
        found = repo.resolve(text)
        if found is None:
            raise _not_understood(text, option)
        return found, None
    if end_of_day and day == date.max:
        return "HEAD", day
    moment = datetime.combine(day + timedelta(days=1) if end_of_day else day, datetime.min.time())
    return repo.last_before(moment), day


def versions(
    path: Path, since: str | None, until: str | None, *, names: tuple[str, str] = ("fra", "til")
) -> tuple[Version, Version]:
    """The two versions to compare, both read in full.

    since: a revision; or a date, meaning the plan as it stood when that day began (its first
    version in git if it came into git later); default: before the last commit that changed the file.
    until: a revision; or a date, the plan at the end of that day; default: the working copy.
    names: what messages call `since` and `until` (the command line's option names)."""
    top = _repository(path.resolve())
    try:
        relative = path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise PlanError(f"{path} ligger uden for git-repositoryet {top}") from None
    repo = _Repo(top, relative, planfile.display_path(path))
    if repo.resolve("HEAD") is None:
        raise PlanError(f"git-repositoryet {top} har ingen commits endnu; commit {relative} først")
    new = _until(repo, path, until, names[1])  # the working copy first: its problems are the user's now
    return _since(repo, since, names[0]), new


def _since(repo: _Repo, since: str | None, name: str) -> Version:
    if since is None:
        last = _lines(repo.top, "log", "-1", "--format=%H %P", "HEAD", "--", repo.relative)
        if len(last) < 2:  # never committed, or first committed in the repository's first commit
            return Version(None)
        return repo.version(last[1])
    commit, day = _at(repo, since, name, end_of_day=False)
    if day is None:
        assert commit is not None
        return repo.version(commit)
    version = repo.version(commit) if commit else None
    if version is None or version.plan is None:  # not in git yet on that day
        first = repo.first_with_plan()
        if first is None:
            return Version(None)
        version = repo.version(first)
        came = format_date(version.day or day)
        note = f"{Path(repo.relative).name} kom først i git {came}; der sammenlignes med den første version."
        version = Version(version.plan, version.commit, version.short, version.day, note)
    return version


def _until(repo: _Repo, path: Path, until: str | None, name: str) -> Version:
    if until is None:
        return Version(store.load_text(planfile.read_text(path), path).plan)
    commit, day = _at(repo, until, name, end_of_day=True)
    if commit is None:
        assert day is not None
        raise PlanError(f"ingen commits til og med {format_date(day)}")
    version = repo.version(commit)
    if version.plan is None:
        raise PlanError(f"{repo.shown} findes ikke i commit {version.heading}")
    return version


def git_user_name(path: Path) -> str | None:
    """Who git says the user is (`git config user.name`) in the plan's folder; None when git, a
    repository or the setting is missing. Notes record it; nothing depends on it."""
    try:
        result = subprocess.run(
            ["git", "-C", str(path.resolve().parent), "config", "user.name"],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None
