"""plan as git's merge driver for plan.yaml: registering it, and git's own line merge as a fallback.

git does not let a repository ship a merge driver (it would run code on checkout), so each clone
registers it in its own `.git/config`; `.gitattributes`, which is committed, names the files it is for.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import PlanError, os_error_text

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


def merge_file(ours: Path, base: Path, theirs: Path) -> int:
    """git's own line merge into OURS (conflict markers where lines clash); git's exit code."""
    labels = ("-L", "vores", "-L", "fælles", "-L", "deres")
    return _git(ours.parent, "merge-file", *labels, str(ours), str(base), str(theirs), check=False).returncode


def driver_command() -> str:
    """How git should start this plan: the console script beside this Python, else `python -m`."""
    script = Path(sys.executable).parent / "plan"
    if script.is_file():
        return f"{shlex.quote(str(script))} merge %O %A %B %P"
    return f"{shlex.quote(sys.executable)} -m baeredygtig_cli merge %O %A %B %P"


@dataclass(frozen=True, slots=True)
class Repository:
    top: Path
    plan: str  # the plan's path inside it, with forward slashes, as .gitattributes names it


def repository_of(plan: Path) -> Repository:
    folder = plan.resolve().parent
    result = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise PlanError(f"{plan.name} ligger ikke i et git-repository")
    top = Path(result.stdout.strip())
    return Repository(top, plan.resolve().relative_to(top.resolve()).as_posix())


def _attribute_line(repository: Repository) -> str:
    return f"/{repository.plan} merge={DRIVER}"


def is_registered(plan: Path) -> bool | None:
    """Whether git would merge `plan` with the driver; None outside a git work tree (or without git).
    Read from the files, not by running git: it is asked on every edit."""
    folder = plan.resolve().parent
    for candidate in (folder, *folder.parents):
        git = candidate / ".git"
        if git.is_dir():
            config = git / "config"
            attributes = candidate / ".gitattributes"
            try:
                has_driver = f'[merge "{DRIVER}"]' in config.read_text(encoding="utf-8", errors="replace")
                listed = attributes.is_file() and f"merge={DRIVER}" in attributes.read_text(
                    encoding="utf-8", errors="replace"
                )
            except OSError:
                return None
            return has_driver and listed
        if git.exists():  # a worktree or submodule: .git is a file; not worth the guess
            return None
    return None


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
        _write_attributes(attributes, text + ("" if not text or text.endswith("\n") else "\n") + line + "\n")
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
        kept = [existing for existing in text.splitlines() if existing != line]
        _write_attributes(attributes, "".join(f"{existing}\n" for existing in kept))
        done.append(f"'{line}' fjernet fra .gitattributes")
    return done


def _read_attributes(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as error:
        detail = os_error_text(error) if isinstance(error, OSError) else "ikke UTF-8"
        raise PlanError(f"{path.name} kan ikke læses ({detail})") from None


def _write_attributes(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise PlanError(f"{path.name} kan ikke skrives ({os_error_text(error)})") from None
