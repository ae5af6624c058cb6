"""Every help page as a user at an 80-column terminal sees it: Danish, no line wider than the terminal,
and every example in it runs.

The pages come from real processes (`plan KOMMANDO --help` with COLUMNS=80): Typer's test runner forces
its own width, and a help page is drawn for the terminal it is printed on. The examples are read from the
help texts themselves (each command's and each option's), so an example added tomorrow is run too."""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.cli.commands import COMMANDS, names_of
from baeredygtig_cli.cli.danish import help_record

from .conftest import PLAN_PROCESS, SHIPPED_PLAN, git, invoke

PAGES = [None, *COMMANDS]  # the overview, then every command by its Danish name


@functools.cache
def page(command: str | None, columns: int = 80) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAN_")} | {"COLUMNS": str(columns)}
    args = [command, "--help"] if command else ["--help"]
    done = subprocess.run([*PLAN_PROCESS, *args], capture_output=True, text=True, env=env, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def built(command: str | None) -> typer.core.TyperGroup | typer.core.TyperCommand:
    group = typer.main.get_command(app)
    return group if command is None else group.get_command(typer.Context(group), command)  # type: ignore[attr-defined]


# --- width --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", PAGES)
def test_no_line_is_wider_than_the_terminal(command: str | None) -> None:
    wide = [line for line in page(command).splitlines() if cell_len(line) > 80]
    assert wide == [], "\n".join(wide)
    assert "[[" not in page(command).splitlines()[0]  # an optional argument's brackets once


# --- Danish ---------------------------------------------------------------------------------------------

# English that has no business in a Danish help page: Click's and Typer's own words, and common English
# words that are not also Danish ones ("for", "at", "to", "under", "over", "by", "tag" are Danish too).
ENGLISH_WORDS = {
    "usage", "options", "arguments", "commands", "command", "option", "argument", "default", "required",
    "show", "shows", "this", "message", "env", "var", "the", "and", "with", "without", "of", "from",
    "into", "that", "which", "when", "where", "what", "who", "how", "is", "are", "was", "be", "has",
    "will", "can", "should", "file", "files", "folder", "date", "dates", "day", "days", "today", "since",
    "until", "month", "months", "week", "weeks", "year", "years", "search", "sort", "set", "add", "check",
    "list", "summary", "export", "changes", "change", "due", "value", "values", "prints", "write",
    "writes", "read", "reads", "error", "must", "only", "also", "each", "every", "all", "any", "other",
    "new", "old", "first", "last", "next", "before", "after", "in", "or", "if", "then", "than", "more",
    "see", "use", "used", "text", "name", "names", "number", "empty", "report", "merge", "resolve",
    "conflicts", "parties", "timeline", "period", "edit", "init", "remove", "activity", "activities",
    "completion", "true", "false", "none", "path", "string", "integer", "boolean", "choose", "invalid",
    "missing", "try", "aborted", "deprecated", "author", "column", "title", "because",
}  # fmt: skip

# Options whose names Danish uses as they are (the rule in docs/TOUR.md), never English aliases to flag. Words
# Danish uses as they are ("exit 1", "til print", "have", the pager `less`) are left out of the list
# above, and names are taken out before words are read: options, files (plan.yaml, ~/.bashrc), git's
# keys (user.name) and commands (git add), and environment variables ($PLAN_FILE).
KEPT = {"--json", "--format", "--excel", "--output", "--dry-run", "--version", "--help", "--per", "--part",
        "--tag", "--note", "--status", "--emne", "--ansvarlig", "--aktivitet", "--alle", "--kort", "--ja"}  # fmt: skip


def english_aliases() -> tuple[set[str], set[str]]:
    """The English names that stand beside the Danish ones: of options (`--month`) and of commands."""
    options: set[str] = set()
    for command in [None, *COMMANDS]:
        for param in built(command).params:
            names = [opt for opt in param.opts if opt.startswith("--")]
            options.update(names[1:])
    return options, {entry.alias for entry in COMMANDS.values() if entry.alias}


def prose(command: str | None) -> str:
    """The page without what may name an English alias by design: the names column of each option
    and argument row, the overview's command names, and the line that gives the other name."""
    text = page(command)
    rows = [record[0] for param in built(command).params if (record := help_record(param)) is not None]
    rows += [", ".join(names_of(name)) for name in COMMANDS] if command is None else []
    lines = []
    for line in text.splitlines():
        if re.fullmatch(r"(?:Engelsk|Dansk) navn: plan \S+", line):
            continue
        stripped = line.lstrip()
        for names in sorted(rows, key=len, reverse=True):
            if stripped.startswith(names + " ") or stripped == names:
                stripped = stripped[len(names) :]
                break
        lines.append(stripped)
    return "\n".join(lines)


@pytest.mark.parametrize("command", PAGES)
def test_no_english_in_the_help(command: str | None) -> None:
    """ "Svarer pr. den dag, som med --today" and "(--file vælger en anden)" named English aliases."""
    text = prose(command)
    option_aliases, command_aliases = english_aliases()
    named = sorted({opt for opt in re.findall(r"--[\wæøå-]+", text) if opt in option_aliases - KEPT})
    assert named == [], f"English option names in the help text: {named}"
    commands = sorted({name for name in command_aliases if re.search(rf"\bplan {re.escape(name)}\b", text)})
    assert commands == [], f"English command names in the help text: {commands}"
    names = r"--[\wæøå-]+|\S*\w\.\w\S*|~\S*|\$\w+|\b[A-Z][A-Z_]*_[A-Z_]+\b|\bgit [a-z-]+"
    words = re.findall(r"[A-Za-zÆØÅæøå]+", re.sub(names, " ", text))
    english = sorted({w for w in words if w.casefold() in ENGLISH_WORDS})
    assert english == [], f"English words in the help: {english}"
    assert not re.search(r"<(?:str|int|float|bool|Path|list|tuple)\b|\{[A-ZÆØÅ. ]+\}", text)  # Python types


def test_the_check_finds_what_it_looks_for() -> None:
    """The checks above can fail: each snag of the issue, planted in a page, is found."""
    option_aliases, command_aliases = english_aliases()
    assert {"--today", "--file", "--since", "--month"} <= option_aliases
    assert {"list", "due", "set-status"} <= command_aliases
    planted = "Svarer pr. den dag, som med --today. Se plan list. Show the file."
    assert sorted(set(re.findall(r"--[\w-]+", planted)) & option_aliases) == ["--today"]
    assert re.search(r"\bplan list\b", planted)
    found = {w.casefold() for w in re.findall(r"[A-Za-z]+", planted)} & ENGLISH_WORDS
    assert found == {"today", "list", "show", "the", "file"}


# --- examples -------------------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """A help text's paragraphs as Click shows them: a `\\b` paragraph keeps its lines, any other is
    one line."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.strip().splitlines()]
        if lines and lines[0] == "\b":
            found += lines[1:]
        elif lines:
            found.append(" ".join(lines))
    return found


def _end(text: str, at: int, closer: str | None) -> int:
    """Where an example that begins at `at` ends: at its closing quote or bracket, a pipe or a
    redirection, two spaces (a description column follows), or the end of a sentence; never inside
    quotes of its own."""
    quote = None
    depth = 0  # brackets the example opens itself
    index = at
    while index < len(text):
        char = text[index]
        if quote:
            quote = None if char == quote else quote
        elif char == closer or char in "|>" or text.startswith("  ", index) or (char == ")" and not depth):
            return index
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char in "\"'":
            quote = char
        elif char in ".;," and (index + 1 == len(text) or text[index + 1] == " "):
            return index  # the end of a sentence or a clause ("plan liste --mig, plan aktuelt --mig")
        index += 1
    return index


COMMAND_NAMES = "|".join(re.escape(n) for n in sorted({*COMMANDS, *(e.alias for e in COMMANDS.values() if e.alias)},
                                                      key=len, reverse=True))  # fmt: skip


def examples_in(text: str) -> list[str]:
    """Each `plan KOMMANDO ...` of a help text (the word "plan" alone is the plan, not an example)."""
    found = []
    for paragraph in paragraphs(text):
        for match in re.finditer(rf"(?<![\w/-])plan (?=(?:{COMMAND_NAMES})(?![\wæøå-]))", paragraph):
            before = paragraph[match.start() - 1] if match.start() else ""
            closer = {"'": "'", "(": ")", '"': '"'}.get(before)
            found.append(paragraph[match.start() : _end(paragraph, match.end(), closer)].strip())
    return found


def all_examples() -> list[tuple[str, str]]:
    """(command, example) for every `plan ...` in a help text: the command's own and its options'."""
    found = []
    for command in [None, *COMMANDS]:
        cmd = built(command)
        texts = [cmd.help or "", *(getattr(param, "help", None) or "" for param in cmd.params)]
        found += [(command or "plan", example) for text in texts for example in examples_in(text)]
    return found


EXAMPLES = all_examples()


def runnable(example: str) -> bool:
    """An example, not a mention: more than the command's name, and no placeholder (FIL, NR)."""
    words = shlex.split(example)
    return len(words) > 2 and not any(w.isupper() and w.isalpha() and len(w) > 1 for w in words)


def test_the_examples_are_found() -> None:
    shown = {example for _, example in EXAMPLES if runnable(example)}
    # Exact on purpose: an example added to (or lost from) a help text is counted here.
    assert len(shown) == 20, sorted(shown)
    assert 'plan sæt-status 3 4 5 "I gang"' in shown and "plan fuldførelse fish" in shown
    assert 'plan ret 12 år=2021 status="I gang"' in shown and "plan liste" not in shown


@pytest.mark.parametrize(("command", "example"), sorted(set(EXAMPLES)))
def test_every_example_in_the_help_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, example: str
) -> None:
    """Each one on a fresh copy of the shipped plan in git, at a terminal that answers yes where an
    example asks (more than three activities at once)."""
    words = shlex.split(example)
    group = typer.main.get_command(app)
    assert group.get_command(typer.Context(group), words[1]) is not None, example  # type: ignore[attr-defined]
    if not runnable(example):
        return
    folder = tmp_path / "klon"
    folder.mkdir()
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    git(folder, "init", "-q")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "Planen")
    monkeypatch.chdir(folder)
    monkeypatch.setattr("baeredygtig_cli.cli.editing.stdin_is_terminal", lambda: True)
    assert invoke(CliRunner(), "mig", "Kommunikation").exit_code == 0  # a user who has said who they are
    result = invoke(CliRunner(), *words[1:], width=80, input="j\n")
    assert result.exit_code == 0, f"{example}: exit {result.exit_code}\n{result.stderr}"
