"""The README's Danish "Kom i gang" block, run line by line as a new user would, on a fresh copy of the
repository: every command exits 0, and a command that promises a change makes one.

Nothing here names the commands: new lines in the block are run as they come."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SHIPPED_PLAN, all_commands, git, invoke

README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"


def kom_i_gang() -> list[list[str]]:
    """Each command line of the first ```sh block under "## Kom i gang", continuations joined,
    comments dropped."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Kom i gang\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = block.replace("\\\n", " ").splitlines()
    return [words for words in (shlex.split(line, comments=True) for line in lines) if words]


def make_target(target: str) -> list[list[str]]:
    """The `plan` commands a Makefile target runs (`$(BIN)/plan check` -> ["plan", "check"])."""
    recipe: list[list[str]] = []
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line, comments=True)
        if words and words[0].endswith("/plan"):
            recipe.append(["plan", *words[1:]])
    return recipe


def commands() -> list[list[str]]:
    """The block with `make TARGET` replaced by the plan commands of its recipe (installing is what the
    test environment already did)."""
    found: list[list[str]] = []
    for words in kom_i_gang():
        if words[0] == "make" and len(words) == 2:
            recipe = make_target(words[1])
            assert recipe, f"'make {words[1]}' runs no plan command; teach tests/test_readme.py what it does"
            found += recipe
        else:
            assert words[0] == "plan", f"not a plan command: {shlex.join(words)}; teach tests/test_readme.py"
            found.append(words)
    return found


COMMANDS = all_commands()


def subcommand(words: list[str]) -> str:
    return next(w for w in words[1:] if w in COMMANDS)


def edits(words: list[str]) -> bool:
    """A command that can change plan.yaml has --dry-run; without it, it promises to change the file."""
    command = COMMANDS[subcommand(words)]
    can_edit = any(p.name == "dry_run" for p in command.params)
    return can_edit and not {"--dry-run", "-n"} & set(words)


def output_file(words: list[str]) -> str | None:
    for option in ("-o", "--output"):
        if option in words[:-1]:
            return words[words.index(option) + 1]
    return next((w.split("=", 1)[1] for w in words if w.startswith("--output=")), None)


def test_the_block_is_found() -> None:
    found = [subcommand(words) for words in commands()]
    # Exact on purpose: a line added to (or lost from) the block is counted here.
    assert len(found) == 32
    # By their Danish names: the guide for a new coordinator speaks one language.
    assert set(found) == {
        "tilføj", "ændringer", "tjek", "aktuelt", "eksporter", "liste", "tidspunkt", "sæt-status", "vis", "overblik",
        "tidslinje", "ret", "note", "fjern", "parter", "importer", "opret", "historik", "mig",
    }  # fmt: skip


@pytest.mark.parametrize(
    "committed",
    ["2026-11-26T12:00:00", "2020-02-01T10:00:00"],
    ids=["history-starts-after-the-examples", "history-starts-before-the-examples"],
)
def test_every_command_runs_on_a_fresh_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, committed: str
) -> None:
    clone = tmp_path / "baeredygtig-cli"
    clone.mkdir()
    git(clone, "init", "-q", when=committed)
    shutil.copyfile(SHIPPED_PLAN, clone / "plan.yaml")
    git(clone, "add", "plan.yaml", when=committed)
    git(clone, "commit", "-qm", "Planen", when=committed)
    git(clone, "config", "user.name", "Ny Koordinator")  # a new coordinator whose git knows them (--gem)
    git(clone, "config", "user.email", "koordinator@aabenraa.dk")
    monkeypatch.chdir(clone)
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    plan = clone / "plan.yaml"
    for words in commands():
        line = shlex.join(words)
        assert "..." not in words, f"{line}: a placeholder, not an example"
        before = plan.read_bytes()
        result = invoke(None, *words[1:])
        assert result.exit_code == 0, f"{line}: exit {result.exit_code}\n{result.stderr}{result.stdout}"
        if edits(words):
            assert plan.read_bytes() != before, f"{line}: promises a change, but plan.yaml is unchanged"
        else:
            assert plan.read_bytes() == before, f"{line}: changed plan.yaml"
        target = output_file(words)
        if target not in (None, "-"):
            assert (clone / target).stat().st_size > 0, f"{line}: wrote nothing to {target}"
        if subcommand(words) == "ændringer":
            assert "Ingen ændringer" not in result.stdout, f"{line}: shows no changes\n{result.stdout}"
