"""A catalogue of bad input. Each case: what the user gives, the exit code, and the one Danish line
(naming file and line where there is one). Nothing here may print a traceback or change a file."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import SHIPPED_PLAN, hang_guard, run

HEAD = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"
ONE = "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: Afventer\n"
TWO = ONE.replace("id: 1", "id: 2")
GOOD = HEAD + ONE + TWO


def bomb(levels: int = 9) -> str:
    """Billion laughs: 9 aliases of 9 aliases ... of 9 strings; 9**10 strings if expanded."""
    items = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    items += [f"&a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "titel: T\når: 2020\naktiviteter:\n" + "".join(f"  - {item}\n" for item in items)


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes | None  # None: no file at all
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...]  # fragments of the one line
    line: int | None = None  # the line the message must name
    setup: Callable[[Path, pytest.MonkeyPatch], None] | None = field(default=None, compare=False)


def no_read(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def refuse(name: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(name)) == path:
            raise PermissionError(13, "Permission denied")
        return real(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def no_write(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder where no file may be created (as a read-only share is for a user; root ignores modes)."""
    real = os.open

    def refuse(name: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and Path(str(name)).parent == path.parent:
            raise PermissionError(13, "Permission denied")
        return real(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def symlink_loop(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """plan.yaml a link to itself: every command says so, none crashes."""
    path.unlink()
    path.symlink_to(path.name)


def make_directory(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.unlink()
    path.mkdir()


CASES = [
    # --- the file's content, as check sees it (exit 1) and as any other command sees it (exit 2)
    Case("empty file", "", ("check",), 1, ("filen er tom",), 1),
    Case("only comments", "# intet her\n", ("check",), 1, ("filen er tom",), 1),
    Case("empty file, list", "", ("list",), 2, ("filen er tom",)),
    Case("not a mapping", "- a\n- b\n", ("check",), 1, ("skal bestå af nøgler",), 1),
    Case("a bare scalar", "bare tekst\n", ("list",), 2, ("skal bestå af nøgler",), 1),
    Case("aktiviteter missing", "titel: T\når: 2020\n", ("check",), 1, ("planen mangler aktiviteter",), 1),
    Case("aktiviteter not a list", "titel: T\når: 2020\naktiviteter: mange\n", ("list",), 2,
         ("aktiviteter skal være en liste",), 3),
    Case("titel missing", "år: 2020\naktiviteter: []\n", ("check",), 1, ("planen mangler titel",), 1),
    Case("år not an integer", "titel: T\når: i år\naktiviteter: []\n", ("check",), 1, ("år skal være et heltal",), 2),
    Case("activity is a string", HEAD + "  - Møde med SEP\n", ("check",), 1, ("en aktivitet skal bestå af nøgler",), 5),
    Case("missing keys", HEAD + "  - id: 1\n    tidspunkt: marts\n", ("check",), 1,
         ("aktivitet 1 mangler emne, aktivitet, ansvarlig",), 5),
    Case("id not an integer", GOOD.replace("id: 2", "id: to"), ("check",), 1, ("id skal være et heltal, ikke 'to'",), 11),
    Case("id quoted", GOOD.replace("id: 2", "id: '2'"), ("list",), 2, ("id skal være et heltal",), 11),
    Case("id a decimal", GOOD.replace("id: 2", "id: 2.5"), ("check",), 1, ("id skal være et heltal",), 11),
    Case("duplicate ids", HEAD + ONE + ONE, ("check",), 1, ("id 1 er brugt før (linje 5)",), 11),
    Case("unknown status", GOOD.replace("status: Afventer", "status: Færdig", 1), ("check",), 1,
         ("ukendt status 'Færdig'", "gyldige: Afventer, I gang, Afsluttet"), 10),
    Case("timing unparseable", GOOD.replace("tidspunkt: marts", "tidspunkt: Martz", 1), ("check",), 1,
         ("tidspunkt 'Martz' kan ikke læses", "mente du 'marts'?"), 6),
    Case("timing impossible", GOOD.replace("tidspunkt: marts", "tidspunkt: 30. februar", 1), ("list",), 2,
         ("30. februar 2020 findes ikke",), 6),
    Case("emne a string", GOOD.replace("emne: [A]", "emne: A", 1), ("check",), 1,
         ("emne skal være en liste; skriv [A]",), 7),
    Case("emne empty", GOOD.replace("emne: [A]", "emne: []", 1), ("check",), 1, ("emne er en tom liste",), 7),
    Case("unknown top key", GOOD.replace("statusser:", "status:"), ("check",), 1, ("mente du 'statusser'?",), 3),
    Case("unknown activity key", GOOD.replace("    ansvarlig: y", "    ansvarllig: y", 1), ("check",), 1,
         ("ukendt nøgle 'ansvarllig'", "mente du 'ansvarlig'?"), 9),
    Case("repeated key", GOOD.replace("    aktivitet: x\n", "    aktivitet: x\n    aktivitet: z\n", 1), ("check",), 1,
         ("nøglen 'aktivitet' står to gange",), 9),
    Case("tabs in indentation", GOOD.replace("    emne", "\temne", 1), ("check",), 1, ("tabulator i indrykning",), 7),
    Case("unclosed quote", GOOD.replace("aktivitet: x", 'aktivitet: "x', 1), ("check",), 1,
         ("YAML-syntaksfejl", "anførselstegn lukkes aldrig"), 8),
    Case("unclosed bracket", GOOD.replace("emne: [A]", "emne: [A", 1), ("list",), 2, ("YAML-syntaksfejl",)),
    Case("merge conflict", HEAD + "<<<<<<< HEAD\n" + ONE + "=======\n" + TWO + ">>>>>>> main\n", ("check",), 1,
         ("git-flettekonflikt ikke løst",), 5),
    Case("merge conflict, edit", HEAD + "<<<<<<< HEAD\n" + ONE + "=======\n" + TWO + ">>>>>>> main\n",
         ("set-status", "1", "I gang"), 2, ("git-flettekonflikt",), 5),
    Case("invalid UTF-8", GOOD.encode().replace(b"aktivitet: x", b"aktivitet: \xe6ble", 1), ("list",), 2,
         ("ikke gyldig UTF-8", "gem filen som UTF-8"), 8),
    Case("a NUL byte", GOOD.replace("aktivitet: x", "aktivitet: x\x00", 1), ("check",), 1, ("YAML-syntaksfejl",), 8),
    Case("two documents", GOOD + "---\n" + GOOD, ("check",), 1, ("YAML-syntaksfejl",)),
    Case("undefined alias", GOOD.replace("emne: [A]", "emne: *emner", 1), ("check",), 1,
         ("alias (*navn) uden anker",), 7),
    Case("billion laughs", bomb(), ("check",), 1, ("en aktivitet skal bestå af nøgler",)),
    Case("billion laughs, list", bomb(), ("list",), 2, ("en aktivitet skal bestå af nøgler",)),
    Case("deep nesting", "titel: T\når: 2020\naktiviteter: " + "[" * 20000 + "]" * 20000 + "\n", ("check",), 1,
         ("dybt",)),
    # --- valid files in editors' clothes
    Case("a BOM is fine", "\ufeff" + GOOD, ("check",), 0, ()),
    Case("CRLF is fine", GOOD.replace("\n", "\r\n"), ("check",), 0, ()),
    # --- the path
    Case("no file", None, ("list",), 2, ("filen findes ikke",)),
    Case("a directory", GOOD, ("list",), 2, ("er en mappe",), None, make_directory),
    Case("no permission to read", GOOD, ("check",), 2, ("ingen adgang til at læse filen",), None, no_read),
    Case("no permission to write", GOOD, ("set-status", "1", "I gang"), 2, ("ingen adgang til at skrive",), None,
         no_write),
    # --- options
    Case("bad --month", GOOD, ("list", "--month", "smarts"), 2, ("ukendt måned 'smarts'",)),
    Case("month 13", GOOD, ("due", "--month", "13"), 2, ("ukendt måned '13'",)),
    Case("bad --today", GOOD, ("due", "--today", "i morgen"), 2, ("ugyldig dato for --today: 'i morgen'",)),
    Case("bad --week", GOOD, ("due", "--week", "0"), 2, ("ugyldig uge '0'",)),
    Case("id that does not exist", GOOD, ("set-status", "9", "I gang"), 2, ("ukendt id: 9",)),
    Case("show an unknown id", GOOD, ("show", "9"), 2, ("ukendt id: 9",)),
    Case("empty --ansvarlig", GOOD, ("list", "--ansvarlig", ""), 2, ("--ansvarlig må ikke være tom",)),
    Case("blank --emne", GOOD, ("due", "--emne", "  "), 2, ("--emne må ikke være tom",)),
    Case("bad status", GOOD, ("set-status", "1", "done"), 2, ("ukendt status 'done'",)),
    Case("ambiguous status", GOOD, ("set-status", "1", "a"), 2, ("tvetydig",)),
    Case("add with a bad timing", GOOD, ("add", "--tidspunkt", "snart", "--emne", "A", "--aktivitet", "x",
                                         "--ansvarlig", "y"), 2, ("tidspunkt 'snart' kan ikke læses",)),
    Case("add with an empty emne", GOOD, ("add", "--tidspunkt", "maj", "--emne", "", "--aktivitet", "x",
                                          "--ansvarlig", "y"), 2, ("--emne må ikke være tom",)),
    Case("unknown export format", GOOD, ("export", "--format", "pdf"), 2, ("ukendt format 'pdf'",)),
    Case("changes outside git", GOOD, ("changes",), 2, ("ligger ikke i et git-repository",)),
    Case("unknown option", GOOD, ("list", "--farve"), 2, ("ukendt tilvalg --farve",)),
    # --- the living plan's commands
    Case("ret without a field", GOOD, ("ret", "1"), 2, ("angiv mindst ét felt",)),
    Case("ret an unknown field", GOOD, ("ret", "1", "farve=rød"), 2, ("ukendt felt 'farve'",)),
    Case("ret a bad timing", GOOD, ("ret", "1", "tidspunkt=snart"), 2, ("tidspunkt 'snart' kan ikke læses",)),
    Case("ret a bad year", GOOD, ("ret", "1", "år=i år"), 2, ("år skal være et heltal",)),
    Case("ret the last emne away", GOOD, ("ret", "1", "emne-=A"), 2, ("mindst ét emne",)),
    Case("ret a missing emne away", GOOD, ("ret", "1", "emne-=B"), 2, ("har ikke emnet 'B'",)),
    Case("ret a new emne", GOOD, ("ret", "1", "emne+=Ny"), 2, ("emnet 'Ny' findes ikke", "--nyt-emne")),
    Case("ret ids and filters", GOOD, ("ret", "1", "-e", "A", "aktivitet=x"), 2, ("ikke begge",)),
    Case("ret a filter matching none", GOOD, ("ret", "-e", "Z", "aktivitet=x"), 2, ("ingen aktiviteter passer",)),
    Case("bulk without --ja", GOOD + ONE.replace("id: 1", "id: 3") + ONE.replace("id: 1", "id: 4")
         + ONE.replace("id: 1", "id: 5"), ("set-status", "-e", "A", "I gang"), 2, ("bekræft med --ja",)),
    Case("note without text", GOOD, ("note", "1", "  "), 2, ("noten må ikke være tom",)),
    Case("note an unknown id", GOOD, ("note", "9", "x"), 2, ("ukendt id: 9",)),
    Case("fjern an unknown id", GOOD, ("fjern", "9"), 2, ("ukendt id: 9",)),
    Case("fjern every activity", GOOD, ("fjern", "1", "2"), 2, ("mindst én aktivitet",)),
    Case("fjern a word", GOOD, ("fjern", "alle"), 2, ("id skal være et tal, ikke 'alle'",)),
    Case("an anchored status", GOOD.replace("status: Afventer", "status: &s Afventer", 1).replace(
        "status: Afventer", "status: *s"), ("set-status", "1", "I gang"), 2, ("YAML-anker", "i hånden"), 10),
    Case("id above højeste_id", GOOD.replace("aktiviteter:", "højeste_id: 1\naktiviteter:"), ("check",), 1,
         ("id 2 (linje 12) er højere end højeste_id (1)", "sæt højeste_id: 2"), 4),
    # --- a bulk edit is all or nothing: an activity it cannot read is named, never passed over (issue 23, E3)
    *(Case(f"bulk over an id that is {word}", GOOD + ONE.replace("id: 1", f"id: {word}"),
           ("set-status", "-q", "x", "Afsluttet", "--ja"), 2, ("id skal være et heltal",), 17)
      for word in ("abc", "1.5", "true")),
    Case("bulk ret over an invalid activity", GOOD + ONE.replace("id: 1", "id: 3").replace("    ansvarlig: y\n", ""),
         ("ret", "-e", "A", "ansvarlig=z", "--ja"), 2, ("aktivitet 3 mangler ansvarlig",), 17),
    # --- a symlink loop: the same Danish line for edits as for reads (issue 23, E4)
    *(Case(f"a symlink loop, {' '.join(args[:2])}", GOOD, args, 2, ("for mange symbolske links",), None, symlink_loop)
      for args in (("list",), ("set-status", "1", "I gang"), ("note", "1", "x"), ("ret", "1", "aktivitet=x"),
                   ("fjern", "1"), ("add", "--tidspunkt", "maj", "--emne", "A", "--aktivitet", "x",
                                    "--ansvarlig", "y"), ("set-status", "-e", "A", "I gang", "--ja"))),
    # --- imports (their own catalogue is tests/test_import_catalogue.py)
    Case("init over a plan", GOOD, ("init",), 2, ("findes allerede", "overskriver aldrig")),
    Case("import a missing file", GOOD, ("import", "mangler.xlsx"), 2, ("mangler.xlsx: filen findes ikke",)),
    Case("import a folder", GOOD, ("import", "."), 2, (".: er en mappe, ikke en fil",)),
    Case("a note without a date", GOOD.replace("    status: Afventer\n", "    status: Afventer\n    noter:\n"
         "      - tekst: x\n", 1), ("check",), 1, ("en note mangler dato",), 12),
    # --- numbers Python will not read: over 4,300 digits, or a digit that is no ASCII digit (review)
    Case("an id of 5,000 digits, check", GOOD.replace("id: 1\n", f"id: {'1' * 5000}\n", 1), ("check",), 1,
         ("tallet er for langt",), 5),
    Case("an id of 5,000 digits, list", GOOD.replace("id: 1\n", f"id: {'1' * 5000}\n", 1), ("list",), 2,
         ("tallet er for langt",), 5),
    Case("a superscript two as a timing", GOOD, ("period", "²"), 2, ("kan ikke læses",)),
    Case("a superscript two as an id", GOOD, ("set-status", "²", "I gang"), 2, ("id skal være et tal",)),
    # --- an export or report over the plan it was made from (review)
    Case("export over the plan", GOOD, ("export", "-F", "ics", "-o", "PLAN"), 2, ("er selve planen",)),
    # --- a file name with a line break and an escape code is shown escaped, on one line (review)
    Case("a file name with control characters", GOOD, ("import", "\x1b[31mrød\nlinje.csv"), 2,
         ("\\x1b[31mrød\\nlinje.csv: filen findes ikke",)),
]  # fmt: skip


# Words that would mean a library's or the OS's English reached the user.
ENGLISH = ("Usage", "Options", "default", "required", "No such", "Permission", "denied", "mapping", "scalar",
           "while parsing", "while scanning", "found", "expected", "Error", "Invalid", "Missing", "not allowed",
           "directory", "could not", "character", "stream", "Traceback", "Exception")  # fmt: skip


def raw(path: Path) -> bytes:
    with open(path, "rb") as handle:  # not Path.read_bytes, which a case may refuse
        return handle.read()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue(
    case: Case, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("plan")  # outside any git repository
    path = folder / "plan.yaml"
    if case.content is not None:
        path.write_bytes(case.content.encode("utf-8") if isinstance(case.content, str) else case.content)
    before = raw(path) if path.is_file() else None
    if case.setup:
        case.setup(path, monkeypatch)
    args = [str(path) if arg == "PLAN" else arg for arg in case.args]  # the plan itself, by its path
    with hang_guard(60):
        code, out, err = run(None, *args, plan=path)  # a bug raises here, with its traceback
    assert code == case.code, out + err
    said = out if case.code == 1 else err
    assert "Traceback" not in out + err
    if case.code == 0:
        assert (out, err) == ("", "")
    else:
        assert said.count("\n") >= 1
        first = said.splitlines()[0]
        if case.code == 2:
            assert said.count("\n") == 1 and first.startswith("plan: ")
        for fragment in case.says:
            assert fragment in said, said
        english = [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", said.replace(str(path), ""), re.I)]
        assert not english, f"English in {said!r}: {english}"
        if case.line is not None:
            assert f"{path}:{case.line}: " in first or f"plan.yaml:{case.line}: " in first, first
    if before is not None and path.is_file():
        assert raw(path) == before, "a refused command must not change the file"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_catalogue_has_every_case_once() -> None:
    assert len(CASES) == 94  # exact: a case lost in an edit is noticed
    assert len({case.name for case in CASES}) == len(CASES)  # the names are the test ids


def test_a_50_mb_plan_is_read_not_refused(tmp_path: Path) -> None:
    """50 MB of plan: comments and an indledning pad a valid plan; it is read, and answered."""
    line = "# " + "fyld " * 20 + "\n"
    padding = line * (50_000_000 // len(line) + 1)
    path = tmp_path / "plan.yaml"
    path.write_text(padding + GOOD, encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    with hang_guard(120):
        code, out, _ = run(None, "list", "--json", plan=path)
    assert code == 0 and out.count('"id"') == 2


def test_a_symlinked_plan_keeps_its_link(tmp_path: Path) -> None:
    target = tmp_path / "rigtig.yaml"
    shutil.copyfile(SHIPPED_PLAN, target)
    link = tmp_path / "plan.yaml"
    link.symlink_to(target.name)
    assert run(None, "set-status", "3", "afs", plan=link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == "rigtig.yaml"
    assert b"status: Afsluttet" in target.read_bytes()


def test_a_columns_that_is_no_number_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """COLUMNS="²" (a digit to str.isdigit, not to int) or of absurd length: the width is found as if
    COLUMNS were not set, as Rich does with a COLUMNS it cannot read."""
    for columns in ("²", "9" * 5000):
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setenv("LINES", "40")
        code, out, err = run(None, "list", plan=SHIPPED_PLAN)
        assert (code, err) == (0, "") and out.endswith("alle 44 aktiviteter\n")
