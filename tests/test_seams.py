"""The seams. The clock is read in one place and calendar arithmetic lives in the timing grammar;
options are validated where they are parsed, the read and edit commands share one definition of
their filters, and domain errors name no option; Danish option names with the English ones kept;
one kind of record."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.cli.commands import danish_name
from baeredygtig_cli.domain.folding import fold_to_ascii, fold_to_danish
from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.domain.timing import month_end, month_span, year_span

from .conftest import SHIPPED_PLAN, all_commands

SRC = Path(__file__).resolve().parent.parent / "src" / "baeredygtig_cli"
F = ["-f", str(SHIPPED_PLAN)]


def source(name: str) -> str:
    return (SRC / name).read_text(encoding="utf-8")


def all_sources() -> dict[str, str]:
    """Every module's text by its path in the package ("planfile/edits.py")."""
    return {
        path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SRC.rglob("*.py"))
    }


# --- 8: one clock, one calendar -------------------------------------------------------------------


def test_the_clock_is_read_in_one_place() -> None:
    reads = {
        (name, match.group())
        for name, text in all_sources().items()
        for match in re.finditer(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(", text)
    }
    assert reads == {("cli/clock.py", "datetime.now(")}
    assert source("cli/clock.py").count("datetime.now(") == 1


def test_month_end_is_computed_in_one_place() -> None:
    found = {
        name
        for name, text in all_sources().items()
        if "monthrange" in text or re.search(r"def \w*month_end|def _month_of", text)
    }
    assert found == {"domain/timing.py"}


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2020, 2, 29), (2021, 2, 28), (2020, 4, 30), (2020, 12, 31), (9999, 12, 31), (1, 1, 31)],
)
def test_month_end_and_month_span(year: int, month: int, last: int) -> None:
    assert month_end(year, month) == date(year, month, last)
    assert month_span(year, month) == Period(date(year, month, 1), date(year, month, last))


def test_year_span_is_the_whole_year() -> None:
    assert year_span(2020) == Period(date(2020, 1, 1), date(2020, 12, 31))
    assert year_span(9999).end == date.max


def test_summary_on_the_last_day_of_the_calendar(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--json", "--today", "9999-12-31", *F])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["dato"], data["aktuelle_denne_måned"], data["forsinket"]) == ("9999-12-31", 0, 41)


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_date_that_does_not_exist_is_refused(runner: CliRunner, tmp_path: Path, option: str) -> None:
    (tmp_path / "plan.yaml").write_bytes(SHIPPED_PLAN.read_bytes())
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.yaml")
    _git(tmp_path, "commit", "-qm", "plan")
    result = runner.invoke(app, ["changes", option, "2099-02-31", "-f", str(tmp_path / "plan.yaml")])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"plan: ugyldig dato for {option}: '2099-02-31' findes ikke\n",
    )


# --- 12: names --------------------------------------------------------------------------------------


def test_the_two_foldings_say_their_direction() -> None:
    assert fold_to_ascii("Bæredygtig Påske ØKONOMI café") == "baeredygtig paaske oekonomi cafe"
    assert fold_to_danish("  Paaske  –  Pinse ") == "påske-pinse"


def test_no_function_name_means_two_things() -> None:
    """A module-level function name is defined once in the package, except where both mean the same:
    the edit layer's `write_atomically` (an edited text) hands its bytes to the file layer's, and
    `_git` runs git in a folder (for reading history, and for the merge driver's set-up), and
    `load_plan` reads a plan file (plancache.py's from the kept plan when it can, else store.py's)."""
    defined: dict[str, list[str]] = {}
    for name, text in all_sources().items():
        for function in re.findall(r"^def (\w+)", text, re.MULTILINE):
            defined.setdefault(function, []).append(name)
    twice = {function: modules for function, modules in defined.items() if len(modules) > 1}
    assert twice == {
        "write_atomically": ["planfile/disk.py", "planfile/edits.py"],
        "_git": ["history/driver.py", "history/gitrepo.py"],
        "load_plan": ["planfile/kept.py", "planfile/schema.py"],
    }


def test_model_fields_are_english_but_the_five_columns() -> None:
    import dataclasses

    from baeredygtig_cli.domain.model import Activity, Note, Party, Plan

    names = {cls.__name__: [f.name for f in dataclasses.fields(cls)] for cls in (Activity, Note, Party, Plan)}
    assert names == {
        "Activity": ["id", "tidspunkt", "emne", "aktivitet", "ansvarlig", "status", "period", "line", "year",
                     "notes"],
        "Note": ["day", "text", "author"],
        "Party": ["name", "aliases", "kind", "line", "people"],
        "Plan": ["title", "year", "statuses", "activities", "introduction", "heading", "cross_cutting",
                 "highest_id", "path", "finished_status", "parties", "municipality", "committee"],
    }  # fmt: skip


# --- 13: one kind of record ------------------------------------------------------------------------


def test_records_are_frozen_dataclasses_with_slots() -> None:
    """No NamedTuple; every dataclass frozen and slotted, except the working objects that are filled
    in while they are used (a problem collector, a table column being measured, a merge under way)."""
    decorated = {
        (name, match.group(2)): match.group(1)
        for name, text in all_sources().items()
        for match in re.finditer(r"^@dataclass(\([^)]*\))?\nclass (\w+)", text, re.MULTILINE)
    }
    assert not [name for name, text in all_sources().items() if "NamedTuple" in text]
    assert {key: how for key, how in decorated.items() if how != "(frozen=True, slots=True)"} == {
        ("planfile/importing.py", "Outcome"): "(slots=True)",
        ("planfile/importing.py", "Reading"): "(slots=True)",
        ("planfile/importing.py", "_Rows"): "(slots=True)",
        ("planfile/importing.py", "_Seen"): "(slots=True)",
        ("planfile/merge.py", "_Work"): "(slots=True)",
        ("planfile/merge.py", "_Matching"): "(slots=True)",
        ("planfile/merge.py", "_Ids"): "(slots=True)",
        ("output/lists.py", "_Column"): "(slots=True)",
        ("planfile/schema.py", "_ActivityProblems"): "(slots=True)",
    }
    for key in (("domain/model.py", "Plan"), ("planfile/schema.py", "Problem"), ("domain/timing.py", "_Span"),
                ("domain/timing.py", "Form")):  # fmt: skip
        assert decorated[key] == "(frozen=True, slots=True)"


# --- 7: validated where the options are read; one definition of the filters -------------------------

FILTERS = ("ansvarlig", "emne", "status", "month", "search", "part", "tovholder", "mine")
SELECTING = ("liste", "aktuelt", "overblik", "tidslinje", "eksporter", "sæt-status", "ret", "note")


def _commands() -> dict[str, Any]:
    return all_commands()


def test_the_commands_that_select_activities_share_one_definition_of_the_filters() -> None:
    def filters(command: str) -> list[tuple[object, ...]]:
        params = _commands()[command].params
        return [(p.name, tuple(p.opts), p.help, p.metavar, p.multiple) for p in params if p.name in FILTERS]

    expected = filters("list")
    assert [name for name, *_ in expected] == list(FILTERS)
    assert {command: filters(command) for command in SELECTING} == dict.fromkeys(SELECTING, expected)
    only_filters = {"month", "search"}  # `add` has its own -a, -e, -s: the new activity's fields
    others = [
        c
        for c, command in _commands().items()
        if danish_name(c) not in SELECTING and only_filters & {p.name for p in command.params}
    ]
    assert others == []
    cli = "".join(text for name, text in all_sources().items() if name.startswith("cli/"))
    assert cli.count("@with_filters") == len(SELECTING)
    for alias in ("AnsvarligOption", "EmneOption", "StatusOption", "MonthOption", "SearchOption"):
        assert cli.count(alias) == 2, alias  # its definition, and its place in FILTER_OPTIONS


def test_filters_reach_every_command_that_selects(runner: CliRunner) -> None:
    from baeredygtig_cli.domain.query import Filters, due_within_any, select
    from baeredygtig_cli.planfile.schema import load_plan

    plan = load_plan(SHIPPED_PLAN)

    def ids(*args: str) -> list[int]:
        result = runner.invoke(app, [*args, "--json", *F])
        assert result.exit_code == 0, result.stderr
        return [record["id"] for record in json.loads(result.stdout)]

    def chosen(**filters: Any) -> list[Any]:
        return select(plan.activities, Filters(**filters))

    pulje_afventer = [a.id for a in chosen(emne=("pulje",), status=("Afventer",))]
    assert ids("list", "-e", "pulje", "-s", "afventer") == pulje_afventer == [35, 36, 38, 43, 44]
    arwos_april = [a.id for a in chosen(search=("Arwos",), period=(month_span(2020, 4),))]
    assert ids("list", "-q", "Arwos", "--måned", "april") == arwos_april and arwos_april
    march = due_within_any(chosen(emne=("pulje",)), [month_span(2020, 3)], finished=plan.finished_status)
    assert ids("due", "-e", "pulje", "-m", "marts", "--i-dag", "2020-03-01") == [a.id for a in march] != []
    summary = runner.invoke(app, ["summary", "--json", "-a", "udbud", "--i-dag", "2020-06-15", *F])
    assert json.loads(summary.stdout)["i_alt"]["antal"] == len(chosen(ansvarlig=("udbud",))) == 3
    csv = runner.invoke(app, ["export", "-F", "csv", "-s", "afventer", "-e", "pulje", *F])
    assert [int(line.split(",", 1)[0]) for line in csv.stdout.splitlines()[1:]] == pulje_afventer


def _domain_messages(name: str) -> list[str]:
    """The string literals of a module that are not docstrings."""
    import ast

    tree = ast.parse(source(name))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "module",
    ["domain/query.py", "planfile/edits.py", "planfile/editsource.py", "planfile/splicing.py", "planfile/proving.py",
     "planfile/yamltext.py", "planfile/schema.py", "domain/timing.py", "domain/summary.py", "output/export.py",
     "output/timeline.py", "domain/ordering.py", "output/jsonout.py", "domain/statuses.py", "domain/model.py",
     "domain/parties.py", "planfile/merge.py", "planfile/conflicts.py"],
)  # fmt: skip
def test_domain_messages_name_no_option(module: str) -> None:
    """Only the command line knows its options; a pointer to a help page (`plan period --help`) is fine."""
    named = [m for m in _domain_messages(module) if re.search(r"--(?!help\b)[a-zæøå]", m)]
    assert named == []


def test_summarize_refuses_a_grouping_as_a_bug_not_in_flag_words() -> None:
    from baeredygtig_cli.domain.summary import summarize
    from baeredygtig_cli.errors import PlanError
    from baeredygtig_cli.planfile.schema import load_plan

    plan = load_plan(SHIPPED_PLAN)
    with pytest.raises(ValueError, match=r"^unknown grouping 'x'$") as raised:
        summarize(plan.activities, plan.scale, date(2020, 6, 15), by="x")
    assert not isinstance(raised.value, PlanError)


MISSING = "mangler/plan.yaml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--måned", "smarts"], "ukendt måned 'smarts' – skriv fx 'marts', 'mar', '3' eller 'marts 2021'"),
        (["due", "-m", "13"], "ukendt måned '13' – skriv fx 'marts', 'mar', '3' eller 'marts 2021'"),
        (["list", "--sorter", "x"], "ukendt sortering 'x' (vælg tidspunkt, status, ansvarlig eller id)"),
        (["list", "--sort", "x"], "ukendt sortering 'x' (vælg tidspunkt, status, ansvarlig eller id)"),
        (["summary", "--efter", "x"], "--efter skal være emne, ansvarlig eller part, ikke 'x'"),
        (["summary", "--by", "x"], "--by skal være emne, ansvarlig eller part, ikke 'x'"),
        (["summary", "-b", "x"], "--efter skal være emne, ansvarlig eller part, ikke 'x'"),
        (["timeline", "--by", "ansvarlig"], "--by kan kun være 'emne', ikke 'ansvarlig'"),
        (["timeline", "-b", "ansvarlig"], "--efter kan kun være 'emne', ikke 'ansvarlig'"),
        (["export", "-F", "md", "--efter", "x"], "--efter kan kun være 'emne', ikke 'x'"),
        (["export", "-F", "pdf"], "ukendt format 'pdf' (kendte: csv, ics, md, html, xlsx)"),
        (["export", "-F", "csv", "--efter", "emne"], "--efter virker kun med formatet md, ikke med csv"),
        (["export", "-F", "csv", "--by", "emne"], "--by virker kun med formatet md, ikke med csv"),
        (["due", "--i-dag", "2099-02-31"], "ugyldig dato for --i-dag: '2099-02-31' (31. februar 2099 findes ikke; skriv fx 2020-06-15, 15-06-2020, 15/6-2020 eller 15. juni 2020)"),
        (["due", "--today", "i morgen"], "ugyldig dato for --today: 'i morgen' (skriv fx 2020-06-15, 15-06-2020, 15/6-2020 eller 15. juni 2020)"),
        (["summary", "-t", "x"], "ugyldig dato for --i-dag: 'x' (skriv fx 2020-06-15, 15-06-2020, 15/6-2020 eller 15. juni 2020)"),
        (["due", "--i-dag", "juni 2020"], "ugyldig dato for --i-dag: 'juni 2020' (1. juni 2020 – 30. juni 2020 er mere end én dag; skriv fx 2020-06-15, 15-06-2020, 15/6-2020 eller 15. juni 2020)"),
        (["due", "--måned", "marts", "--uge", "12"], "brug enten --måned eller --uge, ikke begge"),
        (["due", "--month", "marts", "-w", "12"], "brug enten --month eller --uge, ikke begge"),
    ],
)  # fmt: skip
def test_a_value_an_option_cannot_take_is_refused_before_the_plan_is_read(
    runner: CliRunner, args: list[str], message: str
) -> None:
    """The plan file does not exist: the option's own error comes first, named as the user wrote it."""
    result = runner.invoke(app, [*args, "-f", MISSING])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"plan: {message}\n")


# --- 12: Danish option names, the English ones kept ---------------------------------------------------

# Each Danish option name and its English alias: the one it replaced, which still works, or (--mig, --gem)
# the English word beside a new one.
RENAMED = {
    "--fil": "--file", "--måned": "--month", "--uge": "--week", "--uger": "--weeks", "--søg": "--search",
    "--sorter": "--sort", "--efter": "--by", "--i-dag": "--today", "--år": "--year", "--fra": "--since",
    "--til": "--until", "--forfatter": "--author", "--mig": "--mine", "--gem": "--commit",
}  # fmt: skip


# Options of `plan opret` and `plan importer`, Danish first, with an English spelling after.
NEW_WITH_ALIASES = {"--titel": ("--title",), "--kolonne": ("--column",), "--maks-rækker": ("--max-rows",)}


def test_help_shows_the_danish_name_first_and_keeps_the_english_one() -> None:
    group = typer.main.get_command(app)
    found: dict[str, str] = {}
    for command in [group, *_commands().values()]:
        for param in command.params:
            names = [opt for opt in param.opts if opt.startswith("--")]
            if names and tuple(names[1:]) == NEW_WITH_ALIASES.get(names[0]):
                continue
            if len(names) > 1:
                assert len(names) == 2 and names[0] in RENAMED, (command.name, names)
                found[names[0]] = names[1]
    assert found == RENAMED
    out = CliRunner().invoke(app, ["due", "--help"]).stdout
    assert "  -m, --måned, --month MÅNED  " in out and "  -w, --uge, --week UGE  " in out


def _same(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


@pytest.mark.parametrize(
    ("base", "danish", "english"),
    [
        (["list", "--json"], ["--måned", "marts"], ["--month", "marts"]),
        (["list", "--json"], ["--søg", "pulje"], ["--search", "pulje"]),
        (["list", "--json"], ["--sorter", "status"], ["--sort", "status"]),
        (["due", "--json"], ["--uge", "12", "-t", "2020-03-01"], ["--week", "12", "-t", "2020-03-01"]),
        (["due", "--json"], ["--i-dag", "2020-03-01"], ["--today", "2020-03-01"]),
        (["summary", "--json", "-t", "2020-06-15"], ["--efter", "ansvarlig"], ["--by", "ansvarlig"]),
        (["timeline", "-t", "2020-04-15"], ["--efter", "emne"], ["--by", "emne"]),
        (["timeline", "-t", "2020-04-15", "--periode", "marts-maj"], ["--uger"], ["--weeks"]),
        (["export", "-F", "md"], ["--efter", "emne"], ["--by", "emne"]),
        (["period", "påske", "--json"], ["--år", "2021"], ["--year", "2021"]),
    ],
)  # fmt: skip
def test_both_spellings_work(
    runner: CliRunner, base: list[str], danish: list[str], english: list[str]
) -> None:
    with_danish = _same(runner, [*base, *danish, *F])
    assert with_danish == _same(runner, [*base, *english, *F])
    assert with_danish != _same(runner, [*base, *F])  # the option did something


def _danish_lettered_options() -> list[tuple[str, str, str]]:
    """(command, option, its ASCII spelling) for every long option name with æ, ø or å."""
    from baeredygtig_cli.domain.folding import fold_to_ascii

    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    found = []
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        for param in group.get_command(ctx, name).params:  # type: ignore[attr-defined]
            for opt in param.opts:
                if opt.startswith("--") and not opt.isascii():
                    found.append((name, opt, fold_to_ascii(opt)))
    return found


@pytest.mark.parametrize(("command", "option", "ascii_spelling"), _danish_lettered_options())
def test_every_option_with_danish_letters_takes_its_ascii_spelling(
    command: str, option: str, ascii_spelling: str
) -> None:
    """`--maaned`, `--soeg`, `--aar`, `--ogsaa-ulaeselige`: æ, ø, å as ae, oe, aa, on every command,
    read as the option itself (and not listed in help: one name each)."""
    group = typer.main.get_command(app)
    param = next(p for p in _commands()[command].params if option in p.opts)
    value = (
        []
        if param.is_flag
        else [{"ÅR": "2020", "MÅNED": "marts", "DATO": "24/6-2020", "N": "20000"}.get(param.metavar, "x")]
    )  # type: ignore[attr-defined]
    args = [command, ascii_spelling, *value]
    ctx = group.make_context("plan", list(args), resilient_parsing=True)
    sub = _commands()[command].make_context(
        command, [ascii_spelling, *value], parent=ctx, resilient_parsing=True
    )
    assert sub.params[param.name] not in (None, False, (), []), (command, ascii_spelling, sub.params)
    assert ascii_spelling not in CliRunner().invoke(app, [command, "--help"]).stdout


def test_an_ascii_spelling_reads_as_the_option_and_is_named_as_typed(runner: CliRunner) -> None:
    assert _same(runner, ["list", "--json", "--maaned", "marts", *F]) == _same(
        runner, ["list", "--json", "--måned", "marts", *F]
    )
    assert _same(runner, ["list", "--json", "--soeg=pulje", *F]) == _same(
        runner, ["list", "--json", "--søg", "pulje", *F]
    )
    result = runner.invoke(app, ["liste", "--soeg", " ", *F])
    assert (result.exit_code, result.stderr) == (
        2,
        "plan: --soeg må ikke være tom (se 'plan liste --help')\n",
    )


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-the-command"])
def test_both_spellings_of_the_plan_file(runner: CliRunner, tmp_path: Path, before: bool) -> None:
    other = tmp_path / "anden.yaml"
    other.write_text(SHIPPED_PLAN.read_text(encoding="utf-8").replace("titel: ", "titel: Anden ", 1), "utf-8")
    outputs = []
    for name in ("--fil", "--file"):
        args = [name, str(other), "list", "--json"] if before else ["list", "--json", name, str(other)]
        outputs.append(_same(runner, args))
    assert outputs[0] == outputs[1] == _same(runner, ["list", "--json", "-f", str(other)])


@pytest.mark.parametrize(("since", "until"), [("--fra", "--til"), ("--since", "--until")])
def test_both_spellings_of_changes(runner: CliRunner, tmp_path: Path, since: str, until: str) -> None:
    (tmp_path / "plan.yaml").write_bytes(SHIPPED_PLAN.read_bytes())
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.yaml")
    _git(tmp_path, "commit", "-qm", "plan")
    plan = ["-f", str(tmp_path / "plan.yaml")]
    result = runner.invoke(app, ["changes", "--json", since, "HEAD", until, "HEAD", *plan])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["tilføjet"] == []
    bad = runner.invoke(app, ["changes", since, "nope", *plan])
    assert bad.stderr.startswith(f"plan: ukendt git-revision 'nope' for {since} (")


def test_completion_offers_the_danish_names(monkeypatch: pytest.MonkeyPatch) -> None:
    def complete(words: str) -> list[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAN_", "_PLAN_", "COMP_"))}
        env |= {"_PLAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(words.count(" "))}
        result = subprocess.run([sys.executable, "-m", "baeredygtig_cli"], capture_output=True, text=True,
                                env=env, cwd=SHIPPED_PLAN.parent, check=True)  # fmt: skip
        return result.stdout.splitlines()

    assert complete("plan due --") == [f"plain,--{name}" for name in (
        "uge", "i-dag", "alle", "ansvarlig", "emne", "status", "måned", "søg", "part", "tovholder", "mig", "kort", "stille", "dage",
        "json", "per", "fil", "help")]  # fmt: skip
    assert complete("plan due --mo") == ["plain,--month"]
    assert complete("plan summary --efter ") == ["plain,emne", "plain,ansvarlig", "plain,part"]
    assert complete("plan timeline --by ") == ["plain,emne"]
    assert complete("plan export -F ") == ["plain,csv", "plain,ics", "plain,md", "plain,html", "plain,xlsx"]
    assert complete("plan list --sorter s") == ["plain,status"]
