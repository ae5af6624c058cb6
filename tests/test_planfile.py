"""plan.yaml: the shipped plan is the seed document, and the loader names every problem's line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baeredygtig_cli.errors import PlanFileError
from baeredygtig_cli.planfile.disk import find_plan_file, read_text
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SEED, SHIPPED_PLAN


def seed_document() -> tuple[list[str], list[list[str]]]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    rows = [line.split("\t") for line in lines if line.count("\t") == 4]
    assert rows[0] == ["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG / TOVHOLDER", "STATUS"]
    return lines, rows[1:]


def test_every_seed_activity_is_in_plan_yaml_word_for_word() -> None:
    _, rows = seed_document()
    plan = load_plan(SHIPPED_PLAN)
    assert len(rows) == 44
    assert [a.id for a in plan.activities] == list(range(1, 45))
    for row, activity in zip(rows, plan.activities, strict=True):
        tidspunkt, emne, aktivitet, ansvarlig, status = row
        assert activity.tidspunkt == tidspunkt
        assert " ".join(activity.emne) == emne
        assert activity.aktivitet == aktivitet
        assert activity.ansvarlig == ansvarlig
        assert activity.status == (status or None)


def test_what_is_not_a_row_is_kept_too() -> None:
    lines, _ = seed_document()
    plan = load_plan(SHIPPED_PLAN)
    assert plan.title == lines[2]
    assert plan.introduction == lines[4]
    assert plan.heading == lines[6] == "FORELØBIGE AKTIVITETER 2020"
    assert plan.cross_cutting == (
        "OPSAMLE OG FORTÆLLE DE GODE HISTORIER",
        "OPSAMLING AF IGANGSATTE HANDLINGER TIL KATALOG",
    )
    assert all(banner in lines for banner in plan.cross_cutting)
    assert plan.year == 2020
    assert plan.statuses == ("Afventer", "Under forberedelse", "I gang", "Afsluttet")


def test_special_rows() -> None:
    plan = load_plan(SHIPPED_PLAN)
    first = plan.activity(1)
    assert first is not None and first.year == 2019 and first.period.start.isoformat() == "2019-12-05"
    split = [a for a in plan.activities if len(a.emne) == 2]
    assert {a.emne for a in split} == {("Inspiration og forankring", "Bæredygtighedspulje")}
    assert len(split) == 6
    without_status = [a for a in plan.activities if a.status is None]
    assert [(a.id, a.ansvarlig) for a in without_status] == [(37, "Kommunale Ejendomme")]


def test_the_plan_file_is_commented_for_people() -> None:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    assert text.count("\n#") == 15
    assert "IFebruar og frem  # sic" in text


HEADER = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"
GOOD = "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"

PROBLEMS = [
    ("", None, "filen er tom"),
    ("- a\n- b\n", 1, "skal bestå af nøgler"),
    ("titel: T\når: 2020\n", 1, "mangler aktiviteter"),
    ("titel: T\når: 2020\naktiviteter: 3\n", 3, "aktiviteter skal være en liste"),
    ("titel: T\når: tyve\naktiviteter: []\n", 2, "år skal være et heltal"),
    ("titel: T\når: 2020\naktivitter: []\n", 3, "mente du 'aktiviteter'?"),
    (HEADER + "  - bare tekst\n", 5, "en aktivitet skal bestå af nøgler"),
    (
        HEADER + "  - id: 1\n    tidspunkt: marts\n",
        5,
        "aktivitet 1 mangler emne, aktivitet, ansvarlig",
    ),
    (HEADER + GOOD.replace("id: 1", "id: en"), 5, "id skal være et heltal"),
    (HEADER + GOOD.replace("id: 1", "id: '1'"), 5, "id skal være et heltal"),
    (HEADER + GOOD.replace("marts", "martz"), 6, "mente du 'marts'?"),
    (HEADER + GOOD.replace("[A]", "A"), 7, "emne skal være en liste; skriv [A]"),
    (HEADER + GOOD.replace("[A]", "[]"), 7, "emne er en tom liste"),
    (HEADER + GOOD + "    status: Færdig\n", 10, "ukendt status 'Færdig'"),
    (HEADER + GOOD + "    statsu: I gang\n", 10, "mente du 'status'?"),
    (HEADER + GOOD + "    aktivitet: igen\n", 10, "nøglen 'aktivitet' står to gange"),
    (HEADER + GOOD + GOOD, 10, "id 1 er brugt før (linje 5)"),
    (HEADER + GOOD.replace("aktivitet: x", "aktivitet: [x]"), 8, "aktivitet skal være tekst"),
    (HEADER + GOOD.replace("aktivitet: x", "aktivitet:"), 8, "aktivitet mangler en værdi"),
    (HEADER + GOOD.replace("    emne", "\temne"), 7, "tabulator i indrykning"),
    (
        HEADER + "<<<<<<< HEAD\n" + GOOD + "=======\n" + GOOD + ">>>>>>> main\n",
        5,
        "git-flettekonflikt",
    ),
    (HEADER + GOOD.replace("aktivitet: x", 'aktivitet: "x'), 8, "YAML-syntaksfejl"),
    ("titel: T\når: 2020\naktiviteter: [\n", 4, "YAML-syntaksfejl"),
]


@pytest.mark.parametrize(("text", "line", "message"), PROBLEMS)
def test_problems_name_their_line(text: str, line: int | None, message: str) -> None:
    parsed = parse_plan(text)
    assert parsed.problems, "expected a problem"
    problem = parsed.problems[0]
    assert message in problem.message
    assert problem.line == line


def test_a_good_minimal_plan_has_no_problems() -> None:
    parsed = parse_plan(HEADER + GOOD)
    assert parsed.problems == []
    assert parsed.plan is not None and len(parsed.plan.activities) == 1


def test_all_problems_are_reported_not_just_the_first() -> None:
    text = HEADER + GOOD + GOOD.replace("marts", "martz").replace("id: 1", "id: 2") + GOOD
    parsed = parse_plan(text)
    assert [p.line for p in parsed.problems] == [11, 15]


def test_load_raises_the_first_problem_with_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HEADER + GOOD.replace("marts", "30. februar"), encoding="utf-8")
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert caught.value.line == 6
    assert str(caught.value).endswith(
        "6: aktivitet 1: tidspunkt '30. februar' kan ikke læses: 30. februar 2020 findes ikke"
    )


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD).replace("\n", "\r\n").encode())
    assert load_plan(path).activities[0].aktivitet == "x"


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes((HEADER + GOOD).encode().replace(b"aktivitet: x", b"aktivitet: \xe6"))
    with pytest.raises(PlanFileError, match="ikke gyldig UTF-8") as caught:
        read_text(path)
    assert caught.value.line == 8


def test_a_directory_is_not_a_plan(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="er en mappe"):
        read_text(tmp_path)


def test_find_plan_walks_up_to_the_nearest_parent(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(HEADER, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_plan_file(None, deep) == tmp_path / "plan.yaml"
    assert find_plan_file(Path("x.yaml"), deep) == Path("x.yaml")


def test_find_plan_without_a_plan(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match=r"fandt ingen plan\.yaml"):
        find_plan_file(None, tmp_path)


def _key_lines() -> list[int]:
    """Every line of the shipped plan that is `key: value` (in the head, a party, an activity)."""
    lines = SHIPPED_PLAN.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if re.match(r"^ *(?:- )?[a-zæøå_]+: \S", line)]


@pytest.mark.parametrize("line", _key_lines())
def test_a_key_without_its_colon_is_reported_at_its_own_line(line: int) -> None:
    """`    status Under forberedelse` on line 131 was reported at 133 (where YAML's scanner gave up);
    the key's own line is where to look, for every key of the plan."""
    lines = SHIPPED_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(": ", " ", 1)
    problems = parse_plan("".join(lines)).problems
    assert problems, lines[line - 1]
    assert problems[0].line == line, (lines[line - 1], problems[0])


def test_a_value_that_runs_on_into_a_colon_is_still_named_at_the_colon() -> None:
    """Not a lost colon: the value goes on over two lines and the second holds ': '."""
    text = SHIPPED_PLAN.read_text(encoding="utf-8").replace(
        "    aktivitet: Kommunikationsplan klar\n", "    aktivitet: Kommunikationsplan\n      klar: nu\n", 1
    )
    line = text.splitlines().index("      klar: nu") + 1
    problem = parse_plan(text).problems[0]
    assert problem.line == line and "kolon og mellemrum (': ') midt i en tekst" in problem.message


def test_a_party_whose_key_lost_its_colon_says_so() -> None:
    text = SHIPPED_PLAN.read_text(encoding="utf-8").replace(
        "  - navn: Byledelsen\n", "  - navn Byledelsen\n", 1
    )
    line = text.splitlines().index("  - navn Byledelsen") + 1
    problems = parse_plan(text).problems
    assert (problems[0].line, problems[0].message) == (
        line,
        "parter: der mangler ':' efter navn; skriv '- navn: Byledelsen'",
    )
