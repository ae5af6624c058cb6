"""The README's Danish "Kom i gang" block, run line by line as a new user would, on a fresh copy of the
repository: every command exits 0, and a command that promises a change makes one.

Nothing here names the commands: new lines in the block are run as they come."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

import baeredygtig_cli

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
    assert len(found) == 33
    # By their Danish names: the guide for a new coordinator speaks one language.
    assert set(found) == {
        "tilføj", "ændringer", "tjek", "aktuelt", "eksporter", "liste", "tidspunkt", "sæt-status", "vis", "overblik",
        "tidslinje", "ret", "note", "fjern", "parter", "importer", "opret", "historik", "mig", "git-opsætning",
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


# --- "Ugen som koordinator": the task index, run as shown -------------------------------------------

DOCS = ROOT / "docs"
# About 20 KB: the guide a new coordinator reads in one sitting; the details live in docs/.
MOST_BYTES = 20 * 1024
WEEK_DAY = "2020-12-05T10:00:00"  # the day the examples were run, for the commits they make
ANNA = ("Anna Jensen", "anna@aabenraa.dk")
BO = ("Bo Hansen", "bo@aabenraa.dk")
COMMIT_ID = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b")


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def examples(title: str) -> list[tuple[list[str], list[str]]]:
    """Each `$ command` of the ```console blocks of a README section, with the lines shown under it."""
    found: list[tuple[list[str], list[str]]] = []
    for block in section(title).split("```console\n")[1:]:
        for line in block.split("```", 1)[0].splitlines():
            if line.startswith("$ "):
                found.append((shlex.split(line[2:], comments=True), []))
            else:
                assert found, f"output before any command: {line}"
                found[-1][1].append(line)
    return found


def shown(text: str) -> str:
    """Output as the README shows it: no trailing blanks, commit ids (which depend on git's clock) aside."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return COMMIT_ID.sub("<commit>", "\n".join(lines))


def as_person(folder: Path, who: tuple[str, str], when: str, *args: str) -> subprocess.CompletedProcess[str]:
    name, email = who
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
           "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=False
    )


def replace_in_activity(text: str, id_: int, old: str, new: str) -> str:
    """Bo's hand edit: one line of one activity, found by its text alone (not with the code under test)."""
    start = text.index(f"\n  - id: {id_}\n")
    end = text.find("\n  - id: ", start + 1)
    entry = text[start:end]
    assert entry.count(old) == 1, (id_, old)
    return text[:start] + entry.replace(old, new) + text[end:]


def the_week_clone(tmp_path: Path) -> Path:
    """A clone as the section says: the plan in git since 1 February 2020 (Anna), and Bo's branch `bo`
    with two commits of 3 December 2020: activity 10 back to Afventer, and 33 moved to Marts-juni."""
    clone = tmp_path / "baeredygtig-cli"
    clone.mkdir()
    for args in (("init", "-q"), ("symbolic-ref", "HEAD", "refs/heads/main"),
                 ("config", "user.name", ANNA[0]), ("config", "user.email", ANNA[1])):  # fmt: skip
        as_person(clone, ANNA, WEEK_DAY, *args).check_returncode()
    shutil.copyfile(SHIPPED_PLAN, clone / "plan.yaml")
    as_person(clone, ANNA, "2020-02-01T10:00:00", "add", "plan.yaml").check_returncode()
    as_person(
        clone, ANNA, "2020-02-01T10:00:00", "commit", "-qm", "Implementeringsplanen lagt i git"
    ).check_returncode()
    as_person(clone, BO, "2020-12-03T14:00:00", "checkout", "-qb", "bo").check_returncode()
    plan = clone / "plan.yaml"
    for id_, old, new, when, message in (
        (10, "status: I gang", "status: Afventer", "2020-12-03T14:00:00", "Afventer trykkeriet"),
        (
            33,
            "tidspunkt: Marts-april",
            "tidspunkt: Marts-juni",
            "2020-12-03T14:30:00",
            "Tidspunkt for temanummeret",
        ),
    ):
        plan.write_text(
            replace_in_activity(plan.read_text(encoding="utf-8"), id_, old, new), encoding="utf-8"
        )
        as_person(clone, BO, when, "commit", "-qam", message).check_returncode()
    as_person(clone, ANNA, WEEK_DAY, "checkout", "-q", "main").check_returncode()
    return clone


def test_the_readme_is_a_short_guide() -> None:
    assert README.stat().st_size <= MOST_BYTES, (
        f"README.md is {README.stat().st_size} bytes; move details to docs/"
    )


def test_the_week_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command of "Ugen som koordinator", in order, in a clone set up as the section says, at the
    width it says: `plan` commands give exactly the output shown (stdout, then stderr), git commands the
    lines shown among theirs. Then the plan and its history are checked against what the section
    promises, read with PyYAML and git, not with `plan`."""
    clone = the_week_clone(tmp_path)
    monkeypatch.chdir(clone)
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):  # --gem and the git lines commit that day
        monkeypatch.setenv(variable, WEEK_DAY)
    steps = examples("Ugen som koordinator")
    assert len(steps) >= 15 and {"plan", "git"} == {words[0] for words, _ in steps}
    for words, expected in steps:
        line = shlex.join(words)
        if words[0] == "git":
            done = as_person(clone, ANNA, WEEK_DAY, *words[1:])
            conflict = any(text.startswith("CONFLICT") for text in expected)
            assert done.returncode == (1 if conflict else 0), f"{line}: exit {done.returncode}\n{done.stderr}"
            missing = [text for text in expected if text not in (done.stdout + done.stderr).splitlines()]
            assert not missing, f"{line}: shows lines git did not write: {missing}"
            continue
        result = invoke(None, *words[1:])
        # `plan konflikter` exits 1 while conflicts remain (the README's table of exit codes says so).
        code = 1 if subcommand(words) == "konflikter" else 0
        assert result.exit_code == code, f"{line}: exit {result.exit_code}\n{result.stderr}{result.stdout}"
        assert shown(result.stdout + result.stderr) == shown("\n".join(expected)), line

    activities = {
        a["id"]: a for a in yaml.safe_load((clone / "plan.yaml").read_text(encoding="utf-8"))["aktiviteter"]
    }
    assert 39 not in activities and activities[45]["aktivitet"] == "Evaluering af 2. uddeling"
    assert activities[38]["tidspunkt"] == "Januar 2021"
    assert activities[33]["tidspunkt"] == "Marts-juni"  # Bo's, merged without a question
    assert activities[10]["status"] == "Afsluttet"  # the conflict, resolved as ours
    assert activities[10]["noter"] == [
        {"dato": date(2020, 12, 5), "af": ANNA[0], "tekst": "Materialet er sendt ud"}
    ]
    assert len(activities) == 44
    log = as_person(clone, ANNA, WEEK_DAY, "log", "--format=%an|%ad|%p|%s", "--date=short").stdout
    commits = [entry.split("|", 3) for entry in log.splitlines()]  # author, day, parents, subject
    assert commits[0][:2] == [ANNA[0], "2020-12-05"] and len(commits[0][2].split()) == 2  # the merge
    gem = "10: status I gang → Afsluttet — Materialet er sendt ud"  # --gem's commit, in Anna's name
    assert [ANNA[0], "2020-12-05", gem] in [[author, day, subject] for author, day, _, subject in commits]
    status = as_person(clone, ANNA, WEEK_DAY, "status", "--porcelain", "plan.yaml").stdout
    assert status == ""  # everything the week did is committed
    for name in ("plan.xlsx", "plan.html", "rapport.docx"):
        assert (clone / name).stat().st_size > 0, name


def test_the_check_example_is_what_check_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line under "Tjek efter en håndrettelse", for the misspelling the text names."""
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    assert text.count("tidspunkt: 28. januar\n") == 1
    (tmp_path / "plan.yaml").write_text(
        text.replace("tidspunkt: 28. januar\n", "tidspunkt: 28. janaur\n"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLAN_FILE", raising=False)
    result = invoke(None, "tjek")
    assert result.exit_code == 1
    block = section("Ugen som koordinator").split("### Tjek efter en håndrettelse", 1)[1]
    assert f"```text\n{result.stdout}```" in block


def test_the_plan_file_excerpt_is_the_shipped_plan() -> None:
    """The YAML under "Planfilen forklaret" is an excerpt: each of its lines is a line of the shipped plan,
    in the same order."""
    excerpt = section("Planfilen forklaret").split("```yaml\n", 1)[1].split("```", 1)[0].splitlines()
    lines = iter(SHIPPED_PLAN.read_text(encoding="utf-8").splitlines())
    assert all(line in lines for line in excerpt)  # `in` on an iterator consumes it: order holds
    assert len(excerpt) > 10


# --- the documentation's links ----------------------------------------------------------------------

PAGES = [README, *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings (outside code blocks)."""
    found: set[str] = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


def prose(page: Path) -> str:
    """The page without its code blocks."""
    return re.sub(r"^\s*```.*?^\s*```", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in LINK.findall(prose(page)):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or (anchor and anchor not in anchors(file)):
            broken.append(target)
    assert not broken


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_merge_leftovers(page: Path) -> None:
    """A `=======` left by a merge under a paragraph makes it a heading; markers never belong in prose."""
    leftovers = re.findall(r"^(?:={3,}|<{7}.*|>{7}.*)$", prose(page), flags=re.MULTILINE)
    assert not leftovers


def test_every_hint_to_the_readme_names_a_section_it_has() -> None:
    """A message or help text that says "se README (Afsnit)" sends the user to a heading the guide has."""
    hints = {
        (source.name, name)
        for source in Path(baeredygtig_cli.__file__).parent.rglob("*.py")  # the package the tests run
        for name in re.findall(r"README \(([^)]+)\)", source.read_text(encoding="utf-8"))
    }
    assert hints
    headings = {
        line.lstrip("#").strip()
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    assert not [hint for hint in hints if hint[1] not in headings]


def test_the_user_guide_names_the_developer_pages() -> None:
    more = section("Læs mere")
    for page in DOCS.glob("*.md"):
        assert f"(docs/{page.name})" in more, page.name
