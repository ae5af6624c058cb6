"""plan as git's merge driver for plan.yaml: registering it, and git's own line merge as a fallback.

git does not let a repository ship a merge driver (it would run code on checkout), so each clone
registers it in its own `.git/config`; `.gitattributes`, which is committed, names the files it is for.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from baeredygtig_cli.errors import PlanError, os_error_text
from baeredygtig_cli.planfile import disk

DRIVER = "plan"
DRIVER_NAME = "plan: fletter plan.yaml pr. aktivitet og felt"


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1"}
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8",
            errors="replace", check=False, env=env,
        )  # fmt: skip
    except FileNotFoundError:
        raise PlanError("git er ikke installeret") from None
    except OSError as error:
        raise PlanError(f"git kan ikke startes ({os_error_text(error)})") from None
    if check and result.returncode != 0:
        raise PlanError(f"git fejlede ved 'git {args[0]}'")
    return result


LABELS = ("-L", "vores", "-L", "fælles", "-L", "deres")


def merge_file(ours: Path, base: Path, theirs: Path) -> int:
    """git's own line merge into OURS (conflict markers where lines clash); git's exit code."""
    return _git(ours.parent, "merge-file", *LABELS, str(ours), str(base), str(theirs), check=False).returncode


def line_merge(ours: Path, base: Path, theirs: Path) -> str | None:
    """git's own line merge of the three files as text, written nowhere; None where its lines clash
    (or git cannot run): what `git merge-file` alone would have made of them."""
    try:
        result = _git(
            ours.parent, "merge-file", "-p", "-q", *LABELS, str(ours), str(base), str(theirs), check=False
        )
    except PlanError:
        return None
    return result.stdout if result.returncode == 0 else None


# Where the driver itself cannot run (the venv it names was moved or rebuilt; exit 126 or 127 from
# the shell, or any error of ours), git must still see a failure and a file with both sides: git's
# own line merge is written in its place. Exit 0 (merged) and 1 (conflicts marked) pass through.
_FALLBACK = (
    "s=$?; [ $s -eq 1 ] || {{ git merge-file {labels} %A %O %B; "
    'echo "plan: flettedriveren kunne ikke køre (exit $s):" %P '
    "\"er flettet linje for linje som git. Kør 'plan tjek' og 'plan git-opsætning' igen\" >&2; }}; "
    "exit 1"
)


def driver_command() -> str:
    """How git should start this plan: the console script beside this Python, else `python -m`;
    with the branch names git ≥ 2.44 passes (%X, %Y; older git passes them through unexpanded),
    and git's line merge as the fallback when the program is gone or fails (exit 126/127 from the
    shell, 2 or 3 from us)."""
    script = Path(sys.executable).parent / "plan"
    program = script if script.is_file() else Path(sys.executable)
    start = shlex.quote(str(program)) + ("" if program == script else " -m baeredygtig_cli")
    labels = " ".join(shlex.quote(part) for part in LABELS)
    run = f"{start} merge %O %A %B %P --navne %X %Y"
    return (
        f"if [ -x {shlex.quote(str(program))} ]; then {run}; else (exit 127); fi || "
        f"{{ {_FALLBACK.format(labels=labels)}; }}"
    )


def driver_program(command: str) -> Path | None:
    """The program a configured driver command starts, for `plan check` to see whether it is still
    there: the one `driver_command` tests with `[ -x … ]`, or an older command's first word."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if "-x" in words[:3] and len(words) > words.index("-x") + 1:
        return Path(words[words.index("-x") + 1])
    return Path(words[0]) if words and ("/" in words[0] or "\\" in words[0]) else None


def configured_driver(plan: Path) -> str | None:
    """The driver command this repository's git config names for plan; None where none is set."""
    found = _git(disk.real_path(plan).parent, "config", "--get", f"merge.{DRIVER}.driver", check=False)
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else None


def is_unmerged(plan: Path) -> bool:
    """Does git's index hold `plan` as unmerged (a merge, rebase or cherry-pick stopped on it)?"""
    folder = disk.real_path(plan).parent
    found = _git(folder, "ls-files", "-u", "--", disk.real_path(plan).name, check=False)
    return found.returncode == 0 and bool(found.stdout.strip())


def merge_problems(plan: Path) -> list[str]:
    """What `plan check` says about the plan's place in git, one Danish line each: a merge, rebase
    or cherry-pick left it unmerged (even where no markers are in it), or the configured driver's
    program is gone (a moved or rebuilt venv). Nothing outside git."""
    if is_registered(plan) is None:
        return []
    problems = []
    try:
        if is_unmerged(plan):
            problems.append(
                "git har filen som ikke flettet færdig (en fletning, rebase eller cherry-pick venter); "
                "løs konflikterne (se 'plan konflikter') og kør 'git add' på filen"
            )
        command = configured_driver(plan)
    except PlanError:
        return problems
    program = driver_program(command) if command else None
    if program is not None and not os.access(program, os.X_OK):
        problems.append(
            f"flettedriveren i .git/config kan ikke køre ({program} findes ikke); "
            "kør 'plan git-opsætning' igen"
        )
    return problems


def side_names(folder: Path) -> tuple[str | None, str | None]:
    """What to call OURS and THEIRS in conflict markers when git does not say (before 2.44): our
    branch (in a rebase, the branch rebased onto), and theirs: the name `git merge` was given (it
    leaves it in GITHEAD_<commit> for the driver), the branch being rebased, or the commit being
    merged or picked once git has written it down. None where nothing tells."""
    try:
        ours = _git(folder, "symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip() or None
        head = _git(folder, "rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()
        git_dir = Path(_git(folder, "rev-parse", "--absolute-git-dir").stdout.strip())
    except PlanError:
        return None, None
    merged = [name for key, name in os.environ.items() if key.startswith("GITHEAD_") and key[8:] != head]
    if len(merged) == 1:  # `git pull` names the fetched commit by its hash: the branch says more
        named = merged[0]
        return ours, _name_of(folder, named) if re.fullmatch(r"[0-9a-f]{40,64}", named) else named
    rebase = next((git_dir / f for f in ("rebase-merge", "rebase-apply") if (git_dir / f).is_dir()), None)
    if rebase is not None:
        onto = _read_git_file(rebase / "onto")
        name = _read_git_file(rebase / "head-name")
        ours = ours or (_name_of(folder, onto) if onto else None)
        return ours, name.removeprefix("refs/heads/") if name and name.startswith("refs/") else None
    for marker in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"):
        commit = _read_git_file(git_dir / marker)
        if commit:
            return ours, _name_of(folder, commit.split()[0])
    return ours, None


def _read_git_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _name_of(folder: Path, commit: str) -> str | None:
    """A branch name for the commit (`origin/main`, `main~2`), else its short hash."""
    named = _git(
        folder, "name-rev", "--name-only", "--no-undefined", "--refs=refs/heads/*", "--refs=refs/remotes/*",
        "--exclude=refs/remotes/*/HEAD",
        commit, check=False,
    ).stdout.strip()  # fmt: skip
    if named:
        return named.removeprefix("remotes/")
    short = _git(folder, "rev-parse", "--short", commit, check=False).stdout.strip()
    return short or None


@dataclass(frozen=True, slots=True)
class Repository:
    top: Path
    plan: str  # the plan's path inside it, with forward slashes, as .gitattributes names it


def repository_of(plan: Path) -> Repository:
    folder = disk.real_path(plan).parent
    result = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        from baeredygtig_cli.history.gitrepo import owned_by_another

        raise owned_by_another(plan.name, result.stderr) or PlanError(
            f"{plan.name} ligger ikke i et git-repository"
        )
    top = Path(result.stdout.strip())
    return Repository(top, disk.real_path(plan).relative_to(disk.real_path(top)).as_posix())


def _attribute_line(repository: Repository) -> str:
    return f"/{repository.plan} merge={DRIVER}"


def is_registered(plan: Path) -> bool | None:
    """Whether git would merge `plan` with the driver; None outside a git work tree (or without git).
    Read from the files, not by running git: it is asked on every edit. In a worktree the config is
    the one its repository shares."""
    folders = disk.git_folders(disk.real_path(plan).parent)
    if folders is None:
        return None
    _, common = folders
    top = disk.real_path(plan).parent
    while not (top / ".git").exists() and top != top.parent:
        top = top.parent
    try:
        config = (common / "config").read_text(encoding="utf-8", errors="replace")
        attributes = top / ".gitattributes"
        listed = attributes.is_file() and f"merge={DRIVER}" in attributes.read_text(
            encoding="utf-8", errors="replace"
        )
    except OSError:
        return None
    return f'[merge "{DRIVER}"]' in config and listed


def set_up(plan: Path) -> list[str]:
    """Register the driver in .git/config and name the plan in .gitattributes; idempotent. Returns
    one Danish line per thing done (none when all was in place)."""
    repository = repository_of(plan)
    done = []
    command = driver_command()
    current = _git(
        repository.top, "config", "--local", "--get", f"merge.{DRIVER}.driver", check=False
    ).stdout.strip()
    if current != command:
        _git(repository.top, "config", "--local", f"merge.{DRIVER}.name", DRIVER_NAME)
        _git(repository.top, "config", "--local", f"merge.{DRIVER}.driver", command)
        done.append(f"git bruger nu plan til at flette {repository.plan} (merge.{DRIVER} i .git/config)")
    attributes = repository.top / ".gitattributes"
    line = _attribute_line(repository)
    text = _read_attributes(attributes)
    if line not in text.splitlines():
        nl = "\r\n" if "\r\n" in text else "\n"
        _write_attributes(attributes, text + ("" if not text or text.endswith("\n") else nl) + line + nl)
        done.append(f"'{line}' tilføjet til .gitattributes (commit den, så kolleger får den)")
    return done


def tear_down(plan: Path) -> list[str]:
    """Undo `set_up`: the driver out of .git/config, the line out of .gitattributes."""
    repository = repository_of(plan)
    done = []
    if (
        _git(repository.top, "config", "--local", "--get", f"merge.{DRIVER}.driver", check=False).returncode
        == 0
    ):
        _git(repository.top, "config", "--local", "--remove-section", f"merge.{DRIVER}")
        done.append(f"merge.{DRIVER} fjernet fra .git/config")
    attributes = repository.top / ".gitattributes"
    line = _attribute_line(repository)
    text = _read_attributes(attributes)
    if line in text.splitlines():
        kept = [existing for existing in text.splitlines(keepends=True) if existing.rstrip("\r\n") != line]
        tracked = _git(repository.top, "ls-files", "--error-unmatch", ".gitattributes", check=False)
        if not "".join(kept).strip() and tracked.returncode != 0:
            _remove_attributes(attributes)  # ours alone, never committed: gone as it came
        else:
            _write_attributes(attributes, "".join(kept))
        done.append(f"'{line}' fjernet fra .gitattributes")
    return done


def _read_attributes(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as error:
        detail = os_error_text(error) if isinstance(error, OSError) else "ikke UTF-8"
        raise PlanError(f"{path.name} kan ikke læses ({detail})") from None


def _remove_attributes(path: Path) -> None:
    try:
        path.unlink()
    except OSError as error:
        raise PlanError(f"{path.name} kan ikke fjernes ({os_error_text(error)})") from None


def _write_attributes(path: Path, text: str) -> None:
    """Through the one writer: a failed write leaves the old .gitattributes whole."""
    disk.replace_file(path, text.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class SideCommit:
    """A commit on one side of a merge that stopped, with the plan's text in it."""

    commit: str
    author: str
    day: str  # ÅÅÅÅ-MM-DD, the author's date
    text: str | None  # None: the plan was not in this commit


# The commits `plan konflikter` reads for who changed what, at most, on each side.
SIDE_COMMITS = 30


def conflict_history(plan: Path) -> tuple[list[SideCommit], list[SideCommit]] | None:
    """The commits on each side of the merge, rebase or cherry-pick that stopped on `plan` (newest
    first, the common ancestor last), each with the plan's text; None where git is in no such state."""
    try:
        repository = repository_of(plan)
        top = repository.top
        other = other_kind = None
        for head in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD", "REVERT_HEAD"):
            found = _git(top, "rev-parse", "-q", "--verify", f"{head}^{{commit}}", check=False).stdout.strip()
            if found:
                other, other_kind = found, head
                break
        if other is None:
            return None
        if other_kind == "MERGE_HEAD":
            base = _git(top, "merge-base", "HEAD", other, check=False).stdout.strip()
            theirs = _side(top, repository.plan, f"{base}..{other}" if base else other, base)
        else:  # a picked commit: its own change, against its parent
            base = _git(top, "rev-parse", "-q", "--verify", f"{other}^", check=False).stdout.strip()
            theirs = _side(top, repository.plan, f"-1 {other}", base)
        ours = _side(top, repository.plan, f"{base}..HEAD" if base else "HEAD", base)
    except PlanError:
        return None
    return ours, theirs


def _side(top: Path, plan: str, commits: str, base: str) -> list[SideCommit]:
    listed = _git(
        top,
        "log",
        "-z",
        f"-n{SIDE_COMMITS}",
        "--format=%H%x1f%an%x1f%as",
        *commits.split(),
        "--",
        plan,
        check=False,
    ).stdout
    found = []
    for record in [*listed.split("\0"), *([] if not base else [None])]:
        if record is None:
            record = _git(top, "log", "-1", "--format=%H%x1f%an%x1f%as", base, check=False).stdout.strip()
        parts = record.strip("\n").split("\x1f")
        if len(parts) != 3:
            continue
        commit, author, day = parts
        shown = _git(top, "show", f"{commit}:{plan}", check=False)
        found.append(SideCommit(commit, author, day, shown.stdout if shown.returncode == 0 else None))
    return found
