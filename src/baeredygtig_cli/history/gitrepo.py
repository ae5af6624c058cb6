"""Versions of plan.yaml from git, for `plan changes`, `plan log` and `--per`. The only module that
runs git.

Every version is read in full or refused: the working copy with the same reader and the same
strictness as `plan list`, an old version with its commit named in the error. A version that
cannot be read is never shown as a plan without activities, which would report them all removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.domain.timing import format_date
from baeredygtig_cli.errors import PlanError, PlanFileError, os_error_text
from baeredygtig_cli.planfile import disk

WORKING_COPY = "arbejdskopien"
CUT = "afskåret"  # what a change is called that is older than the first commit a shallow clone has
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


class Unreadable(PlanError):
    """A version of the plan in git that cannot be read (not UTF-8, not YAML, not a valid plan)."""


def _environment() -> dict[str, str]:
    # Paths are literal (a plan in a folder named "[2020]" is not a pattern). git's messages are never
    # shown; in English (LC_ALL=C) they can be recognised.
    return {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}


def _cannot_start(error: OSError) -> PlanError:
    if isinstance(error, FileNotFoundError):
        return PlanError("git er ikke installeret; planens historik læses med git")
    return PlanError(f"git kan ikke startes ({os_error_text(error)}); planens historik kræver git")


def _git(folder: Path, *args: str) -> bytes:
    return _git_input(folder, None, *args)


PARTIAL_CLONE = (
    "en version af planen findes ikke lokalt, og git kunne ikke hente den: repositoryet er en delvis "
    "klon (partial clone, git clone --filter); prøv igen, når remote kan nås, eller klon uden --filter"
)


def _lines(folder: Path, *args: str) -> list[str]:
    return _git(folder, *args).decode("utf-8", "replace").split()


def owned_by_another(name: str, detail: str) -> PlanError | None:
    """git's refusal of a repository another user owns ("dubious ownership", its safe.directory
    check), in Danish; None if `detail` (git's stderr) is about something else."""
    if "dubious ownership" not in detail:
        return None
    return PlanError(
        f"git vil ikke læse repositoryet med {name}, fordi det ejes af en anden bruger "
        "(se 'git config --global --add safe.directory')"
    )


def _repository(path: Path) -> Path:
    try:
        return Path(_git(path.parent, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except _GitFailed as failed:
        refused = owned_by_another(path.name, failed.detail)
        if refused is not None:
            raise refused from None
        raise PlanError(f"{path} ligger ikke i et git-repository; planens historik kræver git") from None


@dataclass(frozen=True, slots=True)
class Repo:
    top: Path
    relative: str  # the plan's path inside the repository, as git names it
    shown: str  # the plan's path as the user gave it, for messages

    def commit(self, revision: str) -> tuple[str, str, date]:
        """Full hash, short hash and commit date of a revision known to exist."""
        full, abbreviated, day = _lines(self.top, "log", "-1", "--format=%H %h %cs", revision, "--")
        return full, abbreviated, date.fromisoformat(day)

    def version(
        self,
        revision: str,
        note: str | None = None,
        relative: str | None = None,
        purpose: str = "sammenlignes",
    ) -> Version:
        """The plan at a commit (at `relative`, if it had another name then); `plan` None when the file
        was not in it. Refused if unreadable."""
        full, abbreviated, day = self.commit(revision)
        relative = relative or self.relative
        entry = _git(self.top, "ls-tree", "-z", full, "--", relative).decode("utf-8", "replace")
        if not entry:
            absent = f"{self.shown} fandtes ikke i {abbreviated}; alle aktiviteter regnes som tilføjet."
            return Version(None, full, abbreviated, day, note or absent)
        kind = entry.split(maxsplit=2)[1]
        where = f"{self.shown} i commit {abbreviated} ({format_date(day)})"
        if kind != "blob":
            raise PlanError(f"{where} er ikke en fil")
        data = _git(self.top, "cat-file", "blob", f"{full}:{relative}")
        try:
            text = disk.decode(data, Path(relative))
        except PlanFileError as error:
            raise Unreadable(f"{where}, linje {error.line}: {error.message}") from None
        from baeredygtig_cli.planfile import schema  # only here: a cached history needs no YAML

        parsed = schema.parse_plan(text, Path(relative))
        if parsed.problems:
            first = parsed.problems[0]
            line = f", linje {first.line}" if first.line is not None else ""
            more = f" (og {len(parsed.problems) - 1} fejl mere)" if len(parsed.problems) > 1 else ""
            raise Unreadable(f"{where}{line}: {first.message}{more}; den version kan ikke {purpose}")
        return Version(parsed.plan, full, abbreviated, day, note)

    def last_before(self, moment: datetime) -> str | None:
        """The newest commit on the line HEAD's first parents make (where a merged branch counts from
        its merge) made before `moment`, local time: the one rule for "the plan as it stood then"
        (`--per`, `plan changes`, `plan rapport`, the dates of `plan log`)."""
        if moment < datetime(1970, 1, 2):  # before any commit git can record
            return None
        if moment >= datetime(2100, 1, 1):  # git reads no dates past 2099: every commit is before
            return "HEAD"
        try:
            limit = (moment - timedelta(seconds=1)).astimezone()
        except (OverflowError, OSError, ValueError):  # past what the platform's clock can express
            return "HEAD"
        # An explicit ISO time with its offset: git's "@<seconds>" form is not read below 100000000.
        before = f"--before={limit:%Y-%m-%d %H:%M:%S %z}"
        found = _lines(self.top, "rev-list", "-1", "--first-parent", before, "HEAD", "--")
        return found[0] if found else None

    def first_with_plan(self) -> str | None:
        """The first commit on the line of first parents that had the plan file (a plan that came in
        on a branch: the merge that brought it)."""
        found = _lines(self.top, "rev-list", "--first-parent", "--reverse", "HEAD", "--", self.relative)
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
            "et commit-id, eller en dato, fx 2020-03-15 eller 15/3-2020)"
        )
    example = "2020-03-15"
    for separator in "-./":
        parts = shown.split(separator)
        if len(parts) == 3 and all(p.isdigit() and p.isascii() for p in parts) and len(parts[2]) == 4:
            with contextlib.suppress(ValueError):  # no such day: the general example then
                example = date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
            break
    return PlanError(
        f"{option} {text!r} er hverken en dato (fx {example} eller 15/3-2020) "
        "eller en git-revision (fx HEAD~3, et tag eller et commit-id)"
    )


def _at(repo: Repo, text: str, option: str, *, end_of_day: bool) -> tuple[str | None, date | None]:
    """A commit for a revision or a date; with a date, also the date. A date means the start of that
    day for `since` (commits made that day count as changes) and its end for `until` and `--per`."""
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


def shallow_said(short: str, day: date) -> str:
    """The one line every history command says when the part of the history it needs is missing."""
    return (
        f"historikken er afskåret ved commit {short} ({format_date(day)}), for repositoryet er en "
        "shallow clone; hent resten med 'git fetch --unshallow'"
    )


def shallow_cut(repo: Repo) -> tuple[str, str] | None:
    """The commit the history of HEAD's line of first parents stops at in a shallow clone, and
    `shallow_said` for it; None when the history is whole. Asked only when an answer reaches the
    history's start, which in a shallow clone is not the plan's."""
    folder = _git(repo.top, "rev-parse", "--git-path", "shallow").decode("utf-8", "replace").strip()
    boundary = set(_read_small(repo.top / folder).decode("ascii", "replace").split())
    if not boundary:
        return None
    line = _lines(repo.top, "rev-list", "--first-parent", "HEAD", "--")
    if not line or line[-1] not in boundary:
        return None
    _full, short, day = repo.commit(line[-1])
    return line[-1], shallow_said(short, day)


def versions(
    path: Path, since: str | None, until: str | None, *, names: tuple[str, str] = ("fra", "til")
) -> tuple[Version, Version]:
    """The two versions to compare, both read in full.

    since: a revision; or a date, meaning the plan as it stood when that day began (its first
    version in git if it came into git later); default: before the last commit that changed the file.
    until: a revision; or a date, the plan at the end of that day; default: the working copy.
    names: what messages call `since` and `until` (the command line's option names)."""
    repo = open_repository(path)
    new = _until(repo, path, until, names[1])  # the working copy first: its problems are the user's now
    return _since(repo, since, names[0]), new


def open_repository(path: Path) -> Repo:
    """The git repository that keeps the plan at `path`; refused (one Danish line) outside git, in a
    repository without commits, or without git."""
    top = _repository(disk.real_path(path))
    try:
        relative = disk.real_path(path).relative_to(disk.real_path(top)).as_posix()
    except ValueError:
        raise PlanError(f"{path} ligger uden for git-repositoryet {top}") from None
    repo = Repo(top, relative, disk.display_path(path))
    if repo.resolve("HEAD") is None:
        raise PlanError(f"git-repositoryet {top} har ingen commits endnu; commit {relative} først")
    return repo


def _since(repo: Repo, since: str | None, name: str) -> Version:
    if since is None:
        last = _lines(repo.top, "log", "-1", "--first-parent", "--format=%H %P", "HEAD", "--", repo.relative)
        if len(last) < 2:  # never committed, or first committed in the repository's first commit
            _refuse_if_cut(repo, f"{repo.shown} før den seneste commit kendes ikke her", last[:1])
            return Version(None)
        return repo.version(last[1], relative=path_at(repo, last[1]))
    commit, day = _at(repo, since, name, end_of_day=False)
    if day is None:
        assert commit is not None
        return repo.version(commit, relative=path_at(repo, commit))
    if commit is None:  # before the first commit: in a shallow clone, maybe not
        _refuse_if_cut(repo, f"planen pr. {format_date(day)} kendes ikke her")
    version = repo.version(commit, relative=path_at(repo, commit)) if commit else None
    if version is None or version.plan is None:  # not in git yet on that day
        first = repo.first_with_plan()
        if first is None:
            return Version(None)
        version = repo.version(first)
        came = format_date(version.day or day)
        note = f"{Path(repo.relative).name} kom først i git {came}; der sammenlignes med den første version."
        version = Version(version.plan, version.commit, version.short, version.day, note)
    return version


def _refuse_if_cut(repo: Repo, what: str, at: list[str] | None = None) -> None:
    """In a shallow clone, an answer that reaches before its history (before its first commit, or
    before `at` when that is the first) is refused, never made up."""
    cut = shallow_cut(repo)
    if cut is not None and (at is None or at == [cut[0]]):
        raise PlanError(f"{what}: {cut[1]}")


def _until(repo: Repo, path: Path, until: str | None, name: str) -> Version:
    if until is None:
        from baeredygtig_cli.planfile.kept import load_plan

        return Version(load_plan(path))
    commit, day = _at(repo, until, name, end_of_day=True)
    if commit is None:
        assert day is not None
        _refuse_if_cut(repo, f"planen pr. {format_date(day)} kendes ikke her")
        raise PlanError(f"ingen commits til og med {format_date(day)}")
    version = repo.version(commit, relative=path_at(repo, commit))
    if version.plan is None:
        raise PlanError(f"{repo.shown} findes ikke i commit {version.heading}")
    return version


def git_user_name(path: Path) -> str | None:
    """Who git says the user is (`git config user.name`) in the plan's folder; None when git, a
    repository or the setting is missing. Notes record it; nothing depends on it."""
    try:
        result = subprocess.run(
            ["git", "-C", str(disk.real_path(path).parent), "config", "user.name"],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None


def local_setting(path: Path, key: str) -> str | None:
    """A setting of the plan's repository's own git config (`.git/config`, never committed); None
    where it is not set, or outside git."""
    try:
        found = _git(path.resolve().parent, "config", "--local", "--get", key)
    except (_GitFailed, PlanError):
        return None
    return found.decode("utf-8", "replace").strip() or None


def set_local_setting(path: Path, key: str, value: str | None) -> Path:
    """Set (or with None, remove) a setting in the repository's own git config; the config file."""
    repo = _repository(path.resolve())
    try:
        if value is None:
            _git(repo, "config", "--local", "--unset-all", key)
        else:
            _git(repo, "config", "--local", key, value)
    except _GitFailed as failed:
        if value is None and not failed.detail:  # nothing to remove: git says so by exit 5 alone
            pass
        else:
            raise PlanError(f"git kunne ikke gemme indstillingen {key}") from None
    found = _git(repo, "rev-parse", "--git-common-dir").decode("utf-8", "replace").strip()
    return (repo / found / "config").resolve()


# --- an edit committed by itself: `--gem` ----------------------------------------------------------------


def ready_to_commit(path: Path) -> Repo:
    """`--gem`'s checks, made before anything is written: git is there, the plan is in a repository,
    git knows who the user is, no merge or rebase is under way, and plan.yaml has no changes that are
    not committed (so the commit holds exactly the edit). Each refusal is one Danish line."""
    repo = open_repository(path)
    if git_user_name(path) is None:
        raise PlanError(
            '--gem: git ved ikke, hvem du er; sæt dit navn med git config --global user.name "Dit Navn" '
            "(og user.email)"
        )
    try:
        _git(repo.top, "var", "GIT_AUTHOR_IDENT")
    except _GitFailed:
        raise PlanError(
            "--gem: git kender ikke din e-mail; sæt den med git config --global user.email DIN@ADRESSE"
        ) from None
    for state in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"):
        if repo.resolve(state) is not None:
            raise PlanError(
                "--gem: en fletning er i gang i git; gør den færdig, før en ændring gemmes for sig"
            )
    folder = git_dir(repo)
    if (folder / "rebase-merge").is_dir() or (folder / "rebase-apply").is_dir():
        raise PlanError("--gem: en rebase er i gang i git; gør den færdig, før en ændring gemmes for sig")
    status = _git(repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", repo.relative)
    if status.startswith(b"??"):
        raise PlanError(
            f"--gem: {repo.shown} er ikke i git endnu; commit den første gang med git add og git commit"
        )
    if status:
        raise PlanError(
            f"--gem: {repo.shown} har ændringer, der ikke er committet; commit eller fortryd dem først "
            f"(se git diff {repo.relative}), så --gem kun gemmer denne ændring; intet er ændret"
        )
    return repo


def plan_changed(repo: Repo) -> bool:
    """Does the plan file differ from HEAD (changed, staged, or never committed)?"""
    status = _git(repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", repo.relative)
    return bool(status)


def commit_plan(repo: Repo, message: str) -> str:
    """Commit the plan file alone, as it is in the working copy (whatever else is staged stays
    staged), as git's configured user, with `message`; the new commit's short id. Git that does not
    know the user, or a hook that says no: one Danish line, and the index as it was (a plan git did
    not know yet is added for the commit and taken out again if the commit is refused)."""
    new_to_git = not _git(repo.top, "ls-files", "-z", "--", repo.relative)
    try:
        if new_to_git:  # `commit --only` takes only paths git knows
            _git(repo.top, "add", "--", repo.relative)
        _git(repo.top, "commit", "-q", "-m", message, "--only", "--", repo.relative)
    except _GitFailed as failed:
        if new_to_git:
            _git(repo.top, "rm", "-q", "--cached", "--ignore-unmatch", "--", repo.relative)
        why = (
            "git kender ikke dit navn: sæt user.name og user.email"
            if "identity" in failed.detail
            else "fx en commit-hook, der sagde nej"
        )
        shown = repo.shown
        raise PlanError(
            f"{shown} er ændret, men git ville ikke committe den ({why}); se git status, og commit selv"
        ) from None
    return _git(repo.top, "rev-parse", "--short", "HEAD").decode("utf-8", "replace").strip()


# --- the plan's history: `plan log`, `--per`, progress over time, staleness ---------------------------


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that changed the plan, on the line of first parents from the starting commit: a merge
    is one commit whose change is what it brought into that line (its diff against its first parent),
    and the commits of the merged branch are not listed on their own. `blob` and `before` are the
    plan's git blob ids after and before (None: no file), `path` its name here, `old_path` its name
    before a rename in this commit."""

    commit: str
    short: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: datetime  # the author date: when the change was made, as `git log` shows it
    committed: datetime  # the commit date: when it became part of this line of history
    subject: str
    path: str
    old_path: str | None
    blob: str | None
    before: str | None

    @property
    def day(self) -> date:
        return self.authored.date()

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1


NO_BLOB = "0" * 40
# Every field ends in a NUL, and with -z so does each raw diff line and path: no byte a name or a
# subject can hold (a newline, 0x1E, any control byte) can shift a field. The subject last. Names as
# the repository's .mailmap gives them.
_HEADER = ("%H", "%P", "%aN", "%aE", "%aI", "%cI", "%s")
_LOG_FORMAT = "--format=" + "".join(f"{field}%x00" for field in _HEADER)


def plan_commits(repo: Repo, start: str = "HEAD", abbrev: int = 7) -> list[Commit]:
    """Every commit that changed the plan, newest first, following renames (`git log --follow`) along
    the first parents of `start` (`-m --first-parent`: a merge's change against its first parent).
    Short ids are `abbrev` long (`--no-abbrev`, which the blob ids need, makes git's own full)."""
    out = _git(
        repo.top, "log", "--follow", "-m", "--first-parent", "--raw", "--no-abbrev", "-z", "--no-color",
        "--no-show-signature", _LOG_FORMAT, start, "--", repo.relative,
    )  # fmt: skip
    return [_commit(record, abbrev) for record in _records(out) if record.raw]


@dataclass(frozen=True, slots=True)
class _Record:
    """One commit of a `git log -z --raw` listing (with -m, a merge once per parent it differs from)."""

    header: list[bytes]
    raw: list[tuple[bytes, list[bytes]]]  # each raw diff line with its path(s)


def _records(out: bytes) -> Iterator[_Record]:
    """The commits of a listing made with `_LOG_FORMAT`, -z and --raw. Read field by field: a header
    is a hash and then a fixed number of fields; after it, a token that begins with ":" is a raw diff
    line, followed by one path (two for a rename or a copy); anything else is the next hash."""
    tokens = out.split(b"\0")
    at, end = 0, len(tokens)
    while at < end:
        token = tokens[at].lstrip(b"\n")
        if not token:  # between a header and its diff, and at the end
            at += 1
            continue
        header = [token, *tokens[at + 1 : at + len(_HEADER)]]
        at += len(_HEADER)
        if len(header) < len(_HEADER):
            return  # a listing cut short: nothing more can be read from it
        raw: list[tuple[bytes, list[bytes]]] = []
        while at < end:
            token = tokens[at].lstrip(b"\n")
            if not token and not raw:  # the empty field -z puts between a header and its diff
                at += 1
                continue
            if not token.startswith(b":"):
                break
            status = token.split()[-1:] or [b""]
            count = 2 if status[0][:1] in (b"R", b"C") else 1
            raw.append((token, tokens[at + 1 : at + 1 + count]))
            at += 1 + count
        yield _Record(header, raw)


def _commit(record: _Record, abbrev: int) -> Commit:
    """One commit of a listing: the header, then the raw diff line and the path(s), if any."""
    full, parents, author, email, authored, committed, subject = (
        field.decode("utf-8", "replace") for field in record.header
    )
    old_blob = new_blob = NO_BLOB
    paths: list[str] = []
    renamed = False
    if record.raw:
        line, names = record.raw[0]
        _modes, _new_mode, old_blob, new_blob, status = line.decode("ascii", "replace").split()[:5]
        paths = [p.decode("utf-8", "replace") for p in names]
        renamed = status[:1] in ("R", "C") and len(paths) == 2
    return Commit(
        commit=full,
        short=full[:abbrev],
        parents=tuple(parents.split()),
        author=author,
        email=email,
        authored=datetime.fromisoformat(authored),
        committed=datetime.fromisoformat(committed),
        subject=subject,
        path=paths[-1] if paths else "",
        old_path=paths[0] if renamed else None,
        blob=None if new_blob == NO_BLOB else new_blob,
        before=None if old_blob == NO_BLOB else old_blob,
    )


def read_blobs(repo: Repo, blobs: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
    """The contents of git blobs, in the order asked, from one `git cat-file --batch` (None:
    missing). Its whole output is taken at once (callers ask for a batch at a time): read blob by
    blob, each would wait on git refilling a 64 KiB pipe."""
    wanted = list(blobs)
    if not wanted:
        return
    out = _git_input(repo.top, "".join(f"{blob}\n" for blob in wanted).encode("ascii"), "cat-file", "--batch")
    at = 0
    for blob in wanted:
        newline = out.index(b"\n", at)
        header = out[at:newline].split()
        at = newline + 1
        if header[-1:] == [b"missing"]:
            yield blob, None
            continue
        size = int(header[2])
        yield blob, out[at : at + size]
        at += size + 1  # and the newline after each blob


def _git_input(folder: Path, data: bytes | None, *args: str) -> bytes:
    """git's output; its failure as _GitFailed, except that a partial clone whose remote cannot give
    the objects asked for is said as such: history is then missing, not wrong."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=data,
            capture_output=True,
            check=False,
            env=_environment(),
        )
    except OSError as error:
        raise _cannot_start(error) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        if "promisor remote" in detail:  # LC_ALL=C: git's own words for a lazy fetch that failed
            raise PlanError(PARTIAL_CLONE)
        raise _GitFailed(args, detail)
    return result.stdout


def git_dir(repo: Repo) -> Path:
    """The checkout's own git folder (`.git`; a worktree's own folder in it), where a cache may live."""
    found = _git(repo.top, "rev-parse", "--git-dir").decode("utf-8", "replace").strip()
    return disk.real_path(repo.top / found)


def first_parent_line(repo: Repo, revision: str) -> set[str]:
    """The commits on the line of first parents from `revision`, itself included."""
    return set(_lines(repo.top, "rev-list", "--first-parent", revision, "--"))


def commit_or_date(repo: Repo, text: str, option: str) -> tuple[str | None, date | None]:
    """For --since, --until and --per: a revision (its commit, no date) or a date (ÅÅÅÅ-MM-DD)."""
    day = _written_day(text, option)
    if day is not None:
        return None, day
    found = repo.resolve(text)
    if found is None:
        raise _not_understood(text, option)
    return found, None


@dataclass(frozen=True, slots=True)
class AsOf:
    """The plan as it stood on a day or at a revision (`--per`): the version, the commit it was read
    from, and the day to answer for (the date given, or the commit's date for a revision)."""

    version: Version
    day: date

    @property
    def plan(self) -> Plan:
        assert self.version.plan is not None
        return self.version.plan

    @property
    def said(self) -> str:
        """One Danish line saying which version answers: "planen pr. 30. juni 2020: commit ...", and
        why, when a newer one could not be read."""
        said = f"planen pr. {format_date(self.day)}: commit {self.version.heading}"
        return f"{said} ({self.version.note})" if self.version.note else said


def plan_as_of(path: Path, text: str) -> AsOf:
    """`--per DATO|REV`: the plan as committed at the end of that day (the last commit on the line of
    first parents made on or before it) or at that revision. A version that cannot be read is passed
    over for the newest one before it on that line that can, as `plan summary --over-tid` and `plan
    log` pass it over; `said` names both. Refused if none before it can be read."""
    repo = open_repository(path)
    commit, day = per_commit(repo, text)
    try:
        version = repo.version(commit, relative=path_at(repo, commit), purpose="læses")
    except Unreadable as broken:
        version = _readable_before(repo, commit, broken)
    if version.plan is None:
        raise PlanError(f"{repo.shown} fandtes ikke i git i commit {version.heading}")
    return AsOf(version, day or repo.commit(commit)[2])


def _readable_before(repo: Repo, commit: str, broken: Unreadable) -> Version:
    """The newest version before `commit` on its line of first parents that can be read, with a note
    that says why `commit`'s was passed over; `broken` again if there is none."""
    relative = path_at(repo, commit)
    for older in plan_commits(dataclasses.replace(repo, relative=relative), commit)[1:]:
        if older.blob is None:
            break  # the file was removed there: nothing before it is the plan as it stood
        try:
            version = repo.version(older.commit, relative=older.path, purpose="læses")
        except Unreadable:
            continue
        assert version.plan is not None
        why = str(broken).removesuffix("; den version kan ikke læses")  # said differently here
        note = f"{why}; den seneste version før den, der kan læses, bruges"
        return Version(version.plan, version.commit, version.short, version.day, note)
    raise broken


def path_at(repo: Repo, commit: str) -> str:
    """The plan's name in `commit`: its name now, or the name it had before a rename (`git log
    --follow`); its name now if it had none of them there."""
    if _has(repo, commit, [repo.relative]):
        return repo.relative
    names = _earlier_names(repo)
    there = _has(repo, commit, names) if names else set()
    return next((n for n in names if n in there), repo.relative)


def _has(repo: Repo, commit: str, names: list[str]) -> set[str]:
    out = _git(repo.top, "ls-tree", "-z", "--name-only", commit, "--", *names)
    return {n.decode("utf-8", "replace") for n in out.split(b"\0") if n}


def per_commit(repo: Repo, text: str) -> tuple[str, date | None]:
    """The commit `--per` reads: at a revision, or the last on the line of first parents made by the
    end of a day (with that day)."""
    commit, day = _at(repo, text, "--per", end_of_day=True)
    if commit is None:
        assert day is not None
        _refuse_if_cut(repo, f"planen pr. {format_date(day)} kendes ikke her")
        raise PlanError(f"ingen commits til og med {format_date(day)}; planen var ikke i git endnu")
    return commit, day


def day_of(path: Path, text: str, option: str = "--per") -> date:
    """The day `option` (`--per`, `--til`, ...) answers for, without reading the plan: the date
    given, or the commit's date. A revision that is not there is named by the option as typed."""
    day = _written_day(text, option)
    if day is not None:
        return day
    repo = open_repository(path)
    found = repo.resolve(text)
    if found is None:
        raise _not_understood(text, option)
    return repo.commit(found)[2]


def _earlier_names(repo: Repo) -> list[str]:
    """The names the plan had before, newest first, from the same NUL-separated listing as the log."""
    names = [name for c in plan_commits(repo) for name in (c.path, c.old_path) if name]
    return [n for n in dict.fromkeys(names) if n != repo.relative]


@dataclass(frozen=True, slots=True)
class Located:
    """Where the plan's history is, from one `git rev-parse`: the repository, the checkout's own git
    folder (`.git`; a worktree's own folder in it), HEAD's commit, the length git abbreviates commit
    ids to here, the commits a shallow clone's history stops at (none: the whole history), and
    `state`, a digest of what else changes git's answer for the same HEAD: the shallow boundary,
    `.mailmap`, replace refs and grafts. The caches are keyed on HEAD and `state` together."""

    repo: Repo
    own: Path
    head: str
    abbrev: int
    shallow: frozenset[str] = frozenset()
    state: str = ""


# Set in the environment, these change which commits git lists and whose names it gives.
_STATE_VARIABLES = ("GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE")


def locate(path: Path) -> Located:
    """The plan's repository and what its history depends on, in one `git rev-parse` and a few small
    files; if anything is amiss, the calls that `open_repository` makes say what."""
    folder = disk.real_path(path).parent
    with contextlib.suppress(_GitFailed, ValueError):
        out = _git(
            folder, "rev-parse", "--show-toplevel", "--git-dir", "--git-path", "shallow", "--git-path",
            "info/grafts", "HEAD^{commit}", "--glob=refs/replace/*", "--short", "HEAD^{commit}",
        ).decode("utf-8", "replace")  # fmt: skip
        top, own, shallow, grafts, commit, *replaced, short = out.rstrip("\n").split("\n")
        relative = disk.real_path(path).relative_to(disk.real_path(Path(top))).as_posix()
        repo = Repo(Path(top), relative, disk.display_path(path))
        return _located(repo, disk.real_path(folder / own), commit, len(short), folder / shallow,
                        folder / grafts, replaced)  # fmt: skip
    repo = open_repository(path)  # says what is wrong
    head = repo.resolve("HEAD")
    assert head is not None
    out = _git(repo.top, "rev-parse", "--git-path", "shallow", "--git-path", "info/grafts",
               "--glob=refs/replace/*").decode("utf-8", "replace")  # fmt: skip
    shallow_path, grafts_path, *replaced = out.rstrip("\n").split("\n")
    return _located(repo, git_dir(repo), head, len(repo.commit(head)[1]), repo.top / shallow_path,
                    repo.top / grafts_path, replaced)  # fmt: skip


def _located(
    repo: Repo, own: Path, head: str, abbrev: int, shallow: Path, grafts: Path, replaced: list[str]
) -> Located:
    import hashlib

    boundary = _read_small(shallow)
    digest = hashlib.sha256()
    for part in (
        boundary,
        _read_small(grafts),
        _read_small(repo.top / ".mailmap"),
        *map(str.encode, replaced),
    ):
        digest.update(len(part).to_bytes(8, "little") + part)
    for name in _STATE_VARIABLES:
        digest.update(f"{name}={os.environ.get(name)}\0".encode("utf-8", "replace"))
    commits = frozenset(boundary.decode("ascii", "replace").split())
    return Located(repo, own, head, abbrev, commits, digest.hexdigest()[:16])


def _read_small(path: Path) -> bytes:
    """A small file git keeps (the shallow list, .mailmap); empty when there is none."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


def side_commits(repo: Repo, merge: Commit, path: str, abbrev: int) -> list[SideCommit]:
    """The commits a merge brought into the line that changed the plan (those of its other parents
    not already in its first parent), newest first (`--topo-order`: a commit before its parents),
    each with its version of the plan and its parents' versions."""
    others = [*merge.parents[1:], f"^{merge.parents[0]}"]
    out = _git(
        repo.top, "log", "--topo-order", "-m", "--raw", "--no-abbrev", "-z", "--no-color",
        "--no-show-signature", _LOG_FORMAT, *others, "--", path,
    )  # fmt: skip
    found: list[SideCommit] = []
    for record in _records(out):
        if not record.raw:
            continue
        commit = _commit(record, abbrev)
        if found and found[-1].commit.commit == commit.commit:  # -m: the same merge, another parent
            last = found[-1]
            found[-1] = SideCommit(last.commit, last.blob, (*last.parent_blobs, commit.before))
        else:
            found.append(SideCommit(commit, commit.blob, (commit.before,)))
    return found


@dataclass(frozen=True, slots=True)
class SideCommit:
    """A commit on a merged branch that changed the plan: its version (`blob`; None: no file) and its
    versions in the parents it differs from. A merge on the branch that kept one parent's plan as it
    was is not listed (git's history simplification): it made nothing new."""

    commit: Commit
    blob: str | None
    parent_blobs: tuple[str | None, ...]

    @property
    def differs_from_every_parent(self) -> bool:
        return len(self.parent_blobs) == len(self.commit.parents)


# --- report tags (`plan rapport`) ------------------------------------------------------------------

REPORT_TAG_PREFIX = "rapport-"


def last_report_tag(repo: Repo) -> str | None:
    """The newest annotated tag `rapport-*` in HEAD's history: where the last report to the council
    stood, so the next one starts there. A lightweight tag of that name is not a report's mark."""
    found = _lines(
        repo.top, "for-each-ref", "--merged=HEAD", "--sort=-creatordate",
        "--format=%(objecttype) %(refname:short)", f"refs/tags/{REPORT_TAG_PREFIX}*",
    )  # fmt: skip
    pairs = zip(found[::2], found[1::2], strict=False)
    return next((name for kind, name in pairs if kind == "tag"), None)


@dataclass(frozen=True, slots=True)
class ReportMark:
    """The last report to the council, as its tag says: the tag's name (the reported version) and
    the period the report answered for (None for a tag whose message does not say)."""

    name: str
    period: tuple[date, date] | None


# The period in a report tag's message: "Periode: 2020-01-01..2020-06-30" on a line of its own; and
# the first line of the tags earlier versions wrote, "Statusrapport 2020-01-01 – 2020-06-30".
_PERIOD_LINE = re.compile(r"^Periode: (\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})[ \t]*$", re.MULTILINE)
_FIRST_PERIOD = re.compile(r"\AStatusrapport (\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})[ \t]*$", re.MULTILINE)


def report_message(start: date, end: date) -> str:
    """A report tag's message: a line for people, and the period for the next report to read."""
    return (
        f"Statusrapport {format_date(start)} – {format_date(end)}\n\n"
        f"Periode: {start.isoformat()}..{end.isoformat()}\n"
    )


def report_period(message: str) -> tuple[date, date] | None:
    """The period a report tag's message names, or None."""
    for pattern in (_PERIOD_LINE, _FIRST_PERIOD):
        found = pattern.search(message)
        if found is None:
            continue
        try:
            start, end = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
        except ValueError:
            continue
        if start <= end:
            return start, end
    return None


def last_report(repo: Repo) -> ReportMark | None:
    """`last_report_tag` with the period its message names."""
    name = last_report_tag(repo)
    if name is None:
        return None
    message = _git(repo.top, "for-each-ref", "--format=%(contents)", f"refs/tags/{name}")
    return ReportMark(name, report_period(message.decode("utf-8", "replace")))


def refuse_tag(repo: Repo, name: str) -> None:
    """Refuse (before anything is written) a report tag that exists, or that git could not make
    because it does not know who the user is."""
    if repo.resolve(f"refs/tags/{name}") is not None:
        raise PlanError(f"tagget {name} findes allerede; slet det med 'git tag -d {name}' for at flytte det")
    try:
        _git(repo.top, "var", "GIT_COMMITTER_IDENT")
    except _GitFailed:
        raise PlanError(
            f"git kender ikke dit navn, så tagget {name} kan ikke laves: sæt user.name og user.email"
        ) from None


def tag_report(repo: Repo, name: str, message: str, commit: str = "HEAD") -> None:
    """An annotated tag `name` at `commit`; refused (in Danish) if it exists or git says no."""
    if repo.resolve(f"refs/tags/{name}") is not None:
        raise PlanError(f"tagget {name} findes allerede; slet det med 'git tag -d {name}' for at flytte det")
    try:
        _git(repo.top, "tag", "-a", name, "-m", message, commit)
    except _GitFailed as failed:
        unknown = "identity" in failed.detail
        who = " (git kender ikke dit navn: sæt user.name og user.email)" if unknown else ""
        raise PlanError(f"git kunne ikke lave tagget {name}{who}") from None
