"""The caches are shortcuts only (planfile/cache.py): the same answers with them, without them, after
any change, and whatever is in their files. The working copy's plan is kept as JSON rows under its
git blob id, so a read command need not import YAML; a cache file is read only where it is the
user's own and no one else can write it, and never unpacks past its bound."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.errors import PlanFileError
from baeredygtig_cli.planfile import cache, disk, schema
from baeredygtig_cli.planfile import kept as keeping

from .conftest import SHIPPED_PLAN, git, modules_after, run

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0,
    reason="giving a file to another user takes root (CI runs as root)",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shipped plan in a git repository of its own (a sub-folder, as plans often are)."""
    git(tmp_path, "init", "-q")
    folder = tmp_path / "planer"
    folder.mkdir()
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    return folder / "plan.yaml"


def kept_files(plan: Path) -> list[Path]:
    folder = cache.folder_for(plan)
    assert folder is not None
    return sorted((folder / keeping.PLANS).glob("*"))


def stored(path: Path) -> bytes:
    """What a cache file holds, unpacked, stamp and all (read as a test reads it, not as plan does)."""
    return zlib.decompress(path.read_bytes())


def store(path: Path, data: bytes, *, stamp: bytes = cache.STAMP) -> None:
    path.write_bytes(zlib.compress(stamp + b"\0" + data))


def imports_yaml(*args: str) -> bool:
    return "yaml" in modules_after(*args)


# --- the working copy's plan ---------------------------------------------------------------------


def test_a_second_read_needs_no_yaml_and_answers_the_same(repo: Path) -> None:
    assert imports_yaml("list", "--json", "-f", str(repo))  # the first read parses, and keeps the plan
    assert len(kept_files(repo)) == 1
    assert not imports_yaml("list", "--json", "-f", str(repo))
    assert not imports_yaml("due", "--month", "marts", "--today", "2020-03-01", "-f", str(repo))
    assert "plan-cache" not in git(repo.parent, "status", "--porcelain", "--ignored")  # inside .git


def test_the_kept_plan_is_the_plan_as_json_under_its_blob_id(repo: Path) -> None:
    fresh = schema.load_plan(repo)
    assert keeping.load_plan(repo) == fresh  # read, and kept
    kept = keeping.load_plan(repo)  # from the cache
    assert kept == fresh and kept.path == repo
    assert [a.line for a in kept.activities] == [a.line for a in fresh.activities]
    (file,) = kept_files(repo)
    stamp, _, data = stored(file).partition(b"\0")
    assert stamp == cache.STAMP
    row = json.loads(data)  # data, nothing to run
    blob = git(repo.parent, "hash-object", str(repo))
    assert row["blob"] == blob and len(row["plan"]["activities"]) == len(fresh.activities)
    assert (
        oct(file.stat().st_mode & 0o777) == "0o600"
        and oct(file.parent.parent.stat().st_mode & 0o777) == "0o700"
    )


def test_any_change_to_the_text_is_read_again(runner: CliRunner, repo: Path) -> None:
    before = run(runner, "list", "--json", plan=repo).out
    text = repo.read_text(encoding="utf-8")
    repo.write_text(text.replace("status: Afventer", "status: I gang", 1), encoding="utf-8")
    after = run(runner, "list", "--json", plan=repo).out
    assert after != before and json.loads(after) == json.loads(run(runner, "list", "--json", plan=repo).out)
    repo.write_text(text + "\n", encoding="utf-8")  # one byte more, the same plan: read again, same answer
    assert run(runner, "list", "--json", plan=repo).out == before
    assert len(kept_files(repo)) == 1  # one file per plan, overwritten


def _well_formed_but_wrong(repo: Path) -> list[bytes]:
    """Files that unpack and parse, with the plan's own blob id, and are still not a plan."""
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    row = json.loads(stored(file).partition(b"\0")[2])
    wrong_id = json.loads(json.dumps(row))
    wrong_id["plan"]["activities"][0][0] = "tre"  # an id that is text
    short = json.loads(json.dumps(row))
    short["plan"]["activities"][0] = short["plan"]["activities"][0][:5]
    no_head = {"blob": row["blob"], "plan": {"activities": []}}
    return [json.dumps(x).encode() for x in (wrong_id, short, no_head, [1, 2, 3], "tekst")]


@pytest.mark.parametrize("damage", [b"", b"not a cache", b"\0" * 40, zlib.compress(b"no stamp")])
def test_a_damaged_file_is_passed_over(runner: CliRunner, repo: Path, damage: bytes) -> None:
    first = run(runner, "list", "--json", plan=repo).out
    (file,) = kept_files(repo)
    file.write_bytes(damage)
    assert run(runner, "list", "--json", plan=repo).out == first
    assert keeping.load_plan(repo) == schema.load_plan(repo)


def test_a_well_formed_but_wrong_file_is_passed_over(runner: CliRunner, repo: Path) -> None:
    """Never exit 2 or 3 for a shortcut: whatever the JSON holds, the plan is read from plan.yaml."""
    first = run(runner, "list", "--json", plan=repo).out
    (file,) = kept_files(repo)
    for data in _well_formed_but_wrong(repo):
        store(file, data)
        result = run(runner, "list", "--json", plan=repo)
        assert (result.code, result.out, result.err) == (0, first, "")


def test_another_stamp_is_read_again(repo: Path) -> None:
    """Kept by another version of the program (or another FORMAT of the cache): read again, kept anew."""
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    _, _, data = stored(file).partition(b"\0")
    title = json.loads(data)["plan"]["head"][0]
    changed = data.replace(json.dumps(title, ensure_ascii=False).encode(), b'"Ikke planens titel"')
    store(file, changed)
    assert keeping.load_plan(repo).title == "Ikke planens titel"  # our stamp: read (the test can fail)
    store(file, changed, stamp=b"3:0.0.1")
    assert keeping.load_plan(repo).title == title
    assert stored(file).startswith(cache.STAMP + b"\0")  # kept again


def test_unpacking_stops_at_its_bound(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that unpacks to more than MAX_BYTES is not one of ours: passed over, without unpacking it
    all (a zip bomb in the cache folder costs nothing)."""
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    size = len(stored(file))
    monkeypatch.setattr(cache, "MAX_BYTES", size - 1)
    assert cache.read(file) is None
    monkeypatch.setattr(cache, "MAX_BYTES", size)
    assert cache.read(file) is not None


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
    assert cache.folder_for(plan) is None
    assert run(runner, "list", "--json", plan=plan).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_cache_that_cannot_be_written_changes_nothing(runner: CliRunner, repo: Path) -> None:
    folder = cache.folder_for(repo)
    assert folder is not None
    folder.write_text("a file where the folder would be", encoding="utf-8")
    first = run(runner, "list", "--json", plan=repo)
    assert first.code == 0 and first.out == run(runner, "list", "--json", plan=repo).out


def test_a_worktree_keeps_its_own(tmp_path: Path, repo: Path) -> None:
    """A worktree's `.git` is a file naming its own git folder: its caches go there."""
    git(repo.parent, "add", "plan.yaml")
    git(repo.parent, "commit", "-qm", "plan")
    other = tmp_path / "andet"
    git(repo.parent, "worktree", "add", "-q", str(other))
    plan = other / "planer" / "plan.yaml"
    assert (other / ".git").is_file()
    assert keeping.load_plan(plan) == schema.load_plan(plan)
    (file,) = kept_files(plan)
    assert "worktrees" in file.parts
    folders = disk.git_folders(plan.parent)
    assert folders is not None and folders[1] == (tmp_path / ".git").resolve()  # the common one


# --- who may have written it ----------------------------------------------------------------------


def test_a_file_others_can_write_is_not_read(repo: Path) -> None:
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    assert cache.read(file) is not None
    file.chmod(0o620)
    assert cache.read(file) is None
    file.chmod(0o602)
    assert cache.read(file) is None


@ROOT_ONLY
def test_only_a_file_of_ones_own_is_read(repo: Path) -> None:
    """As git refuses a repository another user owns: a cache file they own is not read."""
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    os.chown(file, 65534, 65534)
    assert cache.read(file) is None
    assert keeping.load_plan(repo) == schema.load_plan(repo)


@ROOT_ONLY
def test_nothing_is_kept_in_a_repository_another_user_owns(repo: Path) -> None:
    """Reading a colleague's repository (or under sudo) writes nothing into its git folder."""
    folders = disk.git_folders(repo.parent)
    assert folders is not None
    os.chown(folders[0], 65534, 65534)
    assert keeping.load_plan(repo) == schema.load_plan(repo)
    assert not (folders[0] / cache.FOLDER).exists()


def test_something_not_a_file_where_the_plan_is_kept_never_hangs(repo: Path) -> None:
    """A FIFO at the kept plan's path is passed over without a byte read (reading it would wait)."""
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    file.unlink()
    os.mkfifo(file)
    assert keeping.load_plan(repo) == schema.load_plan(repo)


def test_a_symlink_in_the_cache_is_not_followed(repo: Path, tmp_path: Path) -> None:
    keeping.load_plan(repo)
    (file,) = kept_files(repo)
    elsewhere = tmp_path / "elsewhere"
    shutil.copyfile(file, elsewhere)
    file.unlink()
    file.symlink_to(elsewhere)
    assert cache.read(file) is None
