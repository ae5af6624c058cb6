"""Issue 11.14: the working copy's plan is kept in .git/plan-cache/planer/ under a digest of its text
and of the code that reads it, so a read command need not import YAML. The cache is a shortcut only:
the same answers with it, without it, after any change, and whatever is in its files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.errors import PlanFileError
from baeredygtig_cli.planfile import kept as keeping
from baeredygtig_cli.planfile import schema

from .conftest import SHIPPED_PLAN, git, modules_after, run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shipped plan in a git repository of its own (a sub-folder, as plans often are)."""
    git(tmp_path, "init", "-q")
    folder = tmp_path / "planer"
    folder.mkdir()
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    return folder / "plan.yaml"


def kept_files(plan: Path) -> list[Path]:
    folder = keeping.git_folder(plan.parent)
    assert folder is not None
    return sorted((folder / "plan-cache" / "planer").glob("*.pickle"))


def imports_yaml(*args: str) -> bool:
    return "yaml" in modules_after(*args)


def test_a_second_read_needs_no_yaml_and_answers_the_same(repo: Path) -> None:
    assert imports_yaml("list", "--json", "-f", str(repo))  # the first read parses, and keeps the plan
    assert len(kept_files(repo)) == 1
    assert not imports_yaml("list", "--json", "-f", str(repo))
    assert not imports_yaml("due", "--month", "marts", "--today", "2020-03-01", "-f", str(repo))
    assert "plan-cache" not in git(repo.parent, "status", "--porcelain", "--ignored")  # inside .git


def test_the_kept_plan_is_the_plan(repo: Path) -> None:
    fresh = schema.load_plan(repo)
    assert keeping.load_plan(repo) == fresh  # read, and kept
    kept = keeping.load_plan(repo)  # from the cache
    assert kept == fresh and kept.path == repo
    assert [a.line for a in kept.activities] == [a.line for a in fresh.activities]


def test_any_change_to_the_text_is_read_again(runner: CliRunner, repo: Path) -> None:
    before = run(runner, "list", "--json", plan=repo).out
    text = repo.read_text(encoding="utf-8")
    repo.write_text(text.replace("status: Afventer", "status: I gang", 1), encoding="utf-8")
    after = run(runner, "list", "--json", plan=repo).out
    assert after != before and json.loads(after) == json.loads(run(runner, "list", "--json", plan=repo).out)
    repo.write_text(text + "\n", encoding="utf-8")  # one byte more, the same plan: read again, same answer
    assert run(runner, "list", "--json", plan=repo).out == before
    assert len(kept_files(repo)) == 1  # one file per plan, overwritten


@pytest.mark.parametrize("damage", [b"", b"not a cache", b"\0" * 40, None])
def test_a_damaged_or_foreign_file_is_ignored(runner: CliRunner, repo: Path, damage: bytes | None) -> None:
    first = run(runner, "list", "--json", plan=repo).out
    (kept,) = kept_files(repo)
    if damage is None:  # the right digest in front of a pickle that is not a plan
        import pickle

        damage = kept.read_bytes()[:32] + pickle.dumps({"not": "a plan"})
    kept.write_bytes(damage)
    assert run(runner, "list", "--json", plan=repo).out == first
    assert keeping.load_plan(repo) == schema.load_plan(repo)


def test_a_bad_plan_is_never_kept_and_fails_alike(runner: CliRunner, repo: Path) -> None:
    repo.write_text(repo.read_text(encoding="utf-8").replace("id: 7\n", "id: 6\n", 1), encoding="utf-8")
    first = run(runner, "list", plan=repo)
    assert first.code == 2 and "id 6 er brugt før" in first.err
    assert kept_files(repo) == []
    assert run(runner, "list", plan=repo).err == first.err
    with pytest.raises(PlanFileError):
        keeping.load_plan(repo)


def test_outside_git_nothing_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    assert keeping.git_folder(tmp_path) is None
    assert run(runner, "list", "--json", plan=plan).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_cache_that_cannot_be_written_changes_nothing(runner: CliRunner, repo: Path) -> None:
    folder = keeping.git_folder(repo.parent)
    assert folder is not None
    (folder / "plan-cache").write_text("a file where the folder would be", encoding="utf-8")
    first = run(runner, "list", "--json", plan=repo)
    assert first.code == 0 and first.out == run(runner, "list", "--json", plan=repo).out


def test_a_worktree_keeps_its_own(tmp_path: Path, repo: Path) -> None:
    """A worktree's `.git` is a file naming its own git folder: the cache goes there."""
    git(repo.parent, "add", "plan.yaml")
    git(repo.parent, "commit", "-qm", "plan")
    other = tmp_path / "andet"
    git(repo.parent, "worktree", "add", "-q", str(other))
    plan = other / "planer" / "plan.yaml"
    assert (other / ".git").is_file()
    assert keeping.load_plan(plan) == schema.load_plan(plan)
    (kept,) = kept_files(plan)
    assert "worktrees" in kept.parts


def test_other_code_is_another_key(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan kept by another version of the program (or older code while developing) is read again."""
    keeping.load_plan(repo)
    (kept,) = kept_files(repo)
    stored = kept.read_bytes()
    monkeypatch.setattr(keeping, "code_stamp", lambda: "9.9.9:other")
    assert keeping.load_plan(repo) == schema.load_plan(repo)
    assert kept.read_bytes() != stored  # kept again, under the new key


def _tampered(repo: Path, payload: object) -> Path:
    """The kept file for `repo` with the right key in front of another pickle."""
    import pickle

    keeping.load_plan(repo)
    (kept,) = kept_files(repo)
    kept.write_bytes(kept.read_bytes()[:32] + pickle.dumps(payload))
    return kept


class _Runs:
    """A pickle that would run a command when loaded, were its global resolved."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return os.system, (f"touch {self.marker}",)


def test_a_kept_plan_is_only_data(repo: Path, tmp_path: Path) -> None:
    """The reader resolves only the plan's classes and dates: a pickle naming anything else is not run."""
    marker = tmp_path / "ran"
    _tampered(repo, _Runs(marker))
    assert keeping.load_plan(repo) == schema.load_plan(repo)
    assert not marker.exists()


def test_only_a_file_of_ones_own_is_read(repo: Path) -> None:
    """As git refuses a repository another user owns: a kept plan they own is not read. (The file
    holds a plan with another title, so reading it would show.)"""
    import dataclasses
    import os

    other = dataclasses.replace(schema.load_plan(repo), title="Ikke planens titel", path=None)
    kept = _tampered(repo, other)
    assert keeping.load_plan(repo).title == "Ikke planens titel"  # ours: read (the test can fail)
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("giving a file to another user takes root (CI runs as root)")
    os.chown(kept, 65534, 65534)
    assert keeping.load_plan(repo).title != "Ikke planens titel"


def test_nothing_is_kept_in_a_repository_another_user_owns(repo: Path) -> None:
    """Reading a colleague's repository (or under sudo) writes nothing into its git folder."""
    import os

    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("giving a folder to another user takes root (CI runs as root)")
    folder = keeping.git_folder(repo.parent)
    assert folder is not None
    os.chown(folder, 65534, 65534)
    assert keeping.load_plan(repo) == schema.load_plan(repo)
    assert not (folder / "plan-cache").exists()


def test_something_not_a_file_where_the_plan_is_kept_never_hangs(repo: Path) -> None:
    """A FIFO at the kept plan's path is passed over without a byte read (reading it would wait)."""
    import os

    keeping.load_plan(repo)
    (kept,) = kept_files(repo)
    kept.unlink()
    os.mkfifo(kept)
    assert keeping.load_plan(repo) == schema.load_plan(repo)
