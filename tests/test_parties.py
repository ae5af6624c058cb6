"""Declared parties (`parter:`): the schema, reading `ansvarlig` against them, the proposal for a plan
without them, `plan parter`, the `--part`/`--tovholder` filters, `summary --by part` and `plan check`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.domain.model import Party
from baeredygtig_cli.domain.parties import (
    PartyReader,
    Proposal,
    count_parties,
    propose,
    reader_for,
    resolve_party,
    split_responsible,
    undeclared_names,
)
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import edits, editsource
from baeredygtig_cli.planfile.newplan import proposal_yaml
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SHIPPED_PLAN

F = ["-f", str(SHIPPED_PLAN)]
SHIPPED = load_plan(SHIPPED_PLAN)

DIREKTIONEN = Party("Direktionen", ("Direktion",), "ledelse")
KOORDINATOR = Party("Koordinator for Bæredygtig Udvikling", ("Koordinator",))
SEKRETARIATET = Party("Byråds- og Direktionssekretariatet")
OEKONOMI = Party("Økonomiudvalget", (), "udvalg")
PARTIES = (DIREKTIONEN, KOORDINATOR, SEKRETARIATET, OEKONOMI)

SMALL = """\
titel: Prøveplan
år: 2020
statusser: [Afventer, I gang, Afsluttet]
parter:
  - navn: Direktionen
    alias: [Direktion]
    type: ledelse
  - navn: Koordinator for Bæredygtig Udvikling
    alias: [Koordinator]
  - Økonomiudvalget
aktiviteter:
  - id: 1
    tidspunkt: marts
    emne: [A]
    aktivitet: Møde
    ansvarlig: Direktion/ Koordinator for baeredygtig udvikling
    status: I gang
  - id: 2
    tidspunkt: april
    emne: [A]
    aktivitet: Oplæg
    ansvarlig: Koordinator i samarbejde med Økonomiudvalget
    status: Afsluttet
  - id: 3
    tidspunkt: maj
    emne: [B]
    aktivitet: Kampagne
    ansvarlig: Kommunikation
"""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def without_parter(text: str) -> str:
    """The shipped plan as it was before its parties were declared."""
    start = text.index("# Planens parter")
    return text[:start] + text[text.index("aktiviteter:\n") :]


# --- reading ansvarlig ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Direktionen/ Koordinator for Bæredygtig Udvikling", (DIREKTIONEN, KOORDINATOR)),
        ("Koordinator for Bæredygtig Udvikling /Direktionen", (KOORDINATOR, DIREKTIONEN)),
        ("DIREKTION + koordinator for baeredygtig  udvikling", (DIREKTIONEN, KOORDINATOR)),
        ("Koordinator for Bæredygtig\nUdvikling", (KOORDINATOR,)),  # spaces and line breaks are one space
        ("Koordinator og Direktion og Koordinator", (KOORDINATOR, DIREKTIONEN)),  # each once, first place
        ("Byråds- og Direktionssekretariatet", (SEKRETARIATET,)),  # "Direktion" only as a whole word
        ("Direktionen/Byråds- og Direktionssekretariatet", (DIREKTIONEN, SEKRETARIATET)),
        ("Landdistrikts- og campuskoordinator", ()),  # nor "Koordinator" inside a word
        ("Økonomiudvalget i samarbejde med Koordinatoren", (OEKONOMI,)),  # "Koordinatoren" is another word
        ("oekonomiudvalget", (OEKONOMI,)),
        ("", ()),
    ],
)
def test_the_declared_parties_in_a_text_in_its_order(text: str, named: tuple[Party, ...]) -> None:
    reader = PartyReader(PARTIES)
    assert reader.named(text) == named
    assert reader.tovholder(text) == (named[0] if named else None)


def test_the_longest_name_wins_and_names_may_end_in_signs() -> None:
    cpp = Party("C++ gruppen", ("C++",))
    koordinator = Party("Koordinator")
    udvikling = Party("Koordinator for Bæredygtig Udvikling")
    reader = PartyReader((koordinator, udvikling, cpp))
    assert reader.named("Koordinator for Bæredygtig Udvikling og C++") == (udvikling, cpp)
    assert reader.named("C++ gruppen/Koordinator") == (cpp, koordinator)
    assert PartyReader(()).named("Koordinator") == ()


def test_resolve_party_by_name_alias_or_a_unique_part() -> None:
    assert resolve_party("direktion", PARTIES) == DIREKTIONEN  # an alias, exactly
    assert resolve_party("Koordinator", PARTIES) == KOORDINATOR
    assert resolve_party("sekretariat", PARTIES) == SEKRETARIATET  # the only one containing it
    assert resolve_party("oekonomi", PARTIES) == OEKONOMI
    with pytest.raises(PlanError) as ambiguous:
        resolve_party("dir", PARTIES)
    assert str(ambiguous.value) == "part 'dir' er tvetydig: Direktionen, Byråds- og Direktionssekretariatet"
    with pytest.raises(PlanError) as misspelt:
        resolve_party("Direktionn", PARTIES)
    assert str(misspelt.value) == "ukendt part 'Direktionn' – mente du 'Direktionen'?"
    with pytest.raises(PlanError) as unknown:
        resolve_party("xyz", PARTIES)
    assert str(unknown.value) == "ukendt part 'xyz'; se 'plan parter'"
    with pytest.raises(PlanError) as none:
        resolve_party("Direktionen", ())
    assert str(none.value) == "planen har ingen erklærede parter (parter: i planens hoved); se 'plan parter'"


# --- the schema -----------------------------------------------------------------------------------


def test_parter_is_read_onto_the_plan() -> None:
    parsed = parse_plan(SMALL)
    assert parsed.problems == [] and parsed.plan is not None
    assert parsed.plan.parties == (
        Party("Direktionen", ("Direktion",), "ledelse"),
        Party("Koordinator for Bæredygtig Udvikling", ("Koordinator",)),
        Party("Økonomiudvalget"),  # a name alone is a party too
    )
    assert [p.line for p in parsed.plan.parties] == [5, 8, 10]
    assert parse_plan(SMALL.replace("    type: ledelse\n", "    type:\n")).plan.parties[0].kind is None  # type: ignore[union-attr]


HEAD = "titel: T\når: 2020\n"
ACTIVITIES = (
    "aktiviteter:\n  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: A\n"
)


@pytest.mark.parametrize(
    ("parter", "problems"),
    [
        ("parter:\n", [(3, "parter er tom; skriv en part pr. linje, fx '  - navn: Direktionen'")]),
        ("parter: []\n", [(3, "parter er tom; skriv en part pr. linje, fx '  - navn: Direktionen'")]),
        ("parter: Direktionen\n", [(3, "parter skal være en liste; skriv en part pr. linje, fx '  - navn: Direktionen'")]),
        ("parter:\n  - A\n  - navn: Direktionen\n    alias: [Direktion]\n  - navn: Direktion\n",
         [(7, "parter: 'Direktion' står både under 'Direktionen' (linje 5) og her")]),
        ("parter:\n  - A\n  - navn: B\n    alias: [a]\n", [(5, "parter: 'a' står både under 'A' (linje 4) og her")]),
        ("parter:\n  - A\n  - navn: '  '\n", [(5, "parter: et navn eller alias er tomt")]),
        ("parter:\n  - A\n  - navn: B\n    alias: ['//']\n", [(5, "parter: '//' har hverken bogstaver eller tal")]),
        ("parter:\n  - A\n  - alias: [x]\n", [(5, "parter: en part mangler navn")]),
        ("parter:\n  - A\n  -\n", [(5, "parter: en part mangler en værdi")]),
        ("parter:\n  - A\n  - [B]\n", [(5, "parter: en part skal være et navn eller nøgler som navn: og alias:")]),
        ("parter:\n  - A\n  - navn: B\n    alias: C\n    typ: x\n",
         [(6, "parter: 'B': alias skal være en liste; skriv [C]"),
          (7, "parter: en part: ukendt nøgle 'typ' – mente du 'type'?")]),
        ("parter:\n  - A\n  - navn: B\n    type: [x]\n", [(6, "parter: 'B': type skal være tekst")]),
        ("parter:\n  - A\n  - navn: [B]\n", [(5, "parter: navn skal være tekst")]),
        ("partner:\n  - A\n", [(3, "planen: ukendt nøgle 'partner' – mente du 'parter'?")]),
    ],
)  # fmt: skip
def test_every_problem_in_parter_has_its_line(parter: str, problems: list[tuple[int, str]]) -> None:
    parsed = parse_plan(HEAD + parter + ACTIVITIES)
    assert [(p.line, p.message) for p in parsed.problems] == problems
    assert parsed.plan is None  # a broken head: no plan to show, as for any head key


def test_a_plan_without_parter_is_as_before() -> None:
    parsed = parse_plan(HEAD + ACTIVITIES, check_parties=True)
    assert parsed.plan is not None and parsed.plan.parties == () and parsed.undeclared == ()


def test_ansvarlig_is_read_against_the_parties_only_when_checking() -> None:
    """Every command loads the plan; only `plan check` pays for reading each ansvarlig."""
    assert parse_plan(SMALL).undeclared == ()
    undeclared = parse_plan(SMALL, check_parties=True).undeclared
    assert [(p.line, p.message.split(":")[0]) for p in undeclared] == [(28, "aktivitet 3")]


# --- plan check -----------------------------------------------------------------------------------


def test_check_reports_an_ansvarlig_naming_no_declared_party(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, "check", "-f", str(small))
    assert (code, err) == (1, "")
    assert out == (
        f"{small}:28: aktivitet 3: ansvarlig 'Kommunikation' nævner ingen af planens parter; "
        "tilføj parten eller et alias under parter:\n"
    )
    # Only check says so: every other command reads the plan as it is.
    code, out, _ = run(runner, "list", "--json", "-f", str(small))
    assert code == 0 and [r["id"] for r in json.loads(out)] == [1, 2, 3]


def test_check_lists_the_other_problems_in_line_order_too(runner: CliRunner, small: Path) -> None:
    small.write_text(SMALL.replace("status: Afsluttet", "status: Færdig"), encoding="utf-8")
    code, out, _ = run(runner, "check", "-f", str(small))
    assert code == 1
    assert [line.split(": ", 2)[:2] for line in out.splitlines()] == [
        [f"{small}:23", "aktivitet 2"],
        [f"{small}:28", "aktivitet 3"],
    ]


def test_check_is_silent_once_every_ansvarlig_names_a_party(runner: CliRunner, small: Path) -> None:
    small.write_text(SMALL.replace("  - Økonomiudvalget\n", "  - Økonomiudvalget\n  - Kommunikation\n"))
    assert run(runner, "check", "-f", str(small)) == (0, "", "")
    without = SMALL.split("parter:\n")[0] + "aktiviteter:\n" + SMALL.split("aktiviteter:\n")[1]
    small.write_text(without, encoding="utf-8")
    assert run(runner, "check", "-f", str(small)) == (0, "", "")  # no parties declared: nothing to name


# --- the shipped plan -----------------------------------------------------------------------------

SHIPPED_COUNTS = [  # (party, as tovholder, with others)
    ("Koordinator for Bæredygtig Udvikling", 18, 13),
    ("Byråds- og Direktionssekretariatet", 9, 2),
    ("Direktionen", 9, 0),
    ("Landdistrikts- og campuskoordinator", 0, 7),
    ("Kommunikation", 2, 3),
    ("Forvaltningerne", 0, 3),
    ("Udbudsenheden", 2, 1),
    ("Eksterne parter", 0, 2),
    ("Business Aabenraa", 0, 2),
    ("Byledelsen", 0, 2),
    ("Økonomiudvalget", 2, 0),
    ("Campusrådet", 0, 1),
    ("Digitaliseringsenheden i IT", 0, 1),
    ("Kommunale Ejendomme", 1, 0),
    ("Ledelsen", 0, 1),
    ("SEP", 1, 0),
]


def test_the_shipped_plan_declares_its_parties_and_every_activity_names_one() -> None:
    counts, unnamed = count_parties(SHIPPED.activities, SHIPPED.parties)
    assert [(c.party.name, len(c.lead), len(c.collaborating)) for c in counts] == SHIPPED_COUNTS
    assert unnamed == []
    assert sum(len(c.lead) for c in counts) == 44  # every activity has exactly one tovholder
    assert parse_plan(SHIPPED_PLAN.read_text(encoding="utf-8"), check_parties=True).undeclared == ()


def test_the_shipped_parties_are_the_proposal_reviewed() -> None:
    """Every name the proposal found is read as a declared party, and the review merged only
    spellings of one party (a name and its aliases)."""
    texts = [a.ansvarlig for a in SHIPPED.activities]
    reader = PartyReader(SHIPPED.parties)
    for proposal in propose(texts):
        for form in (proposal.name, *proposal.aliases):
            assert len(reader.named(form)) == 1, form
    covered: dict[str, list[str]] = {}
    for proposal in propose(texts):
        covered.setdefault(reader.named(proposal.name)[0].name, []).append(proposal.name)
    assert {party: names for party, names in covered.items() if len(names) > 1} == {
        "Landdistrikts- og campuskoordinator": [
            "Landdistriktskoordinator", "Campuskoordinator", "Landdistrikts- og campuskoordinator"
        ],
        "Udbudsenheden": ["Udbudsenheden", "Udbudslederen"],
    }  # fmt: skip


def test_the_proposal_for_the_shipped_plan() -> None:
    assert propose([a.ansvarlig for a in SHIPPED.activities]) == [
        Proposal("Koordinator for Bæredygtig Udvikling", (), 31),
        Proposal("Byråds- og Direktionssekretariatet", (), 11),
        Proposal("Direktionen", ("Direktion",), 9),
        Proposal("Kommunikation", (), 5),
        Proposal("Landdistriktskoordinator", (), 5),
        Proposal("Forvaltninger", (), 3),
        Proposal("Eksternt", (), 2),
        Proposal("Byledelsen", (), 2),
        Proposal("Udbudsenheden", (), 2),
        Proposal("Business Aabenraa", (), 2),
        Proposal("Økonomiudvalget", (), 2),
        Proposal("Campuskoordinator", (), 1),
        Proposal("Udbudslederen", (), 1),
        Proposal("Landdistrikts- og campuskoordinator", (), 1),
        Proposal("Digitaliseringsenheden i IT", (), 1),
        Proposal("SEP", (), 1),
        Proposal("Campusråd", (), 1),
        Proposal("Ledelsen", (), 1),
        Proposal("Kommunale Ejendomme", (), 1),
    ]


def test_the_proposal_pasted_into_the_plan_reads_and_names_every_activity(tmp_path: Path) -> None:
    bare = without_parter(SHIPPED_PLAN.read_text(encoding="utf-8"))
    block = proposal_yaml(propose([a.ansvarlig for a in SHIPPED.activities]))
    head, rest = bare.split("aktiviteter:\n", 1)
    parsed = parse_plan(head + block + "\naktiviteter:\n" + rest, check_parties=True)
    assert parsed.problems == [] and parsed.undeclared == ()
    assert parsed.plan is not None and len(parsed.plan.parties) == 19
    assert [(a.id, a.ansvarlig) for a in parsed.plan.activities] == [
        (a.id, a.ansvarlig) for a in SHIPPED.activities
    ]


# --- splitting and merging for the proposal -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Direktionen/ Koordinator", ["Direktionen", "Koordinator"]),
        ("Byråds- og Direktionssekretariatet + eksternt", ["Byråds- og Direktionssekretariatet", "eksternt"]),
        ("A i samarbejde med B", ["A", "B"]),
        ("A I samarbejde med B, C; D & E samt F sammen med G", ["A", "B", "C", "D", "E", "F", "G"]),
        ("Landdistrikts- og campuskoordinator", ["Landdistrikts- og campuskoordinator"]),
        ("Teknik og Miljø", ["Teknik og Miljø"]),  # no side known on its own: one name
        ("Koordinator og Teknik og Miljø", ["Koordinator", "Teknik og Miljø"]),
        ("Teknik og Miljø og Koordinator", ["Teknik og Miljø", "Koordinator"]),
        ("Kultur, Miljø og Erhverv", ["Kultur", "Miljø", "Erhverv"]),  # an enumeration
        ("  Kommunikation.  /", ["Kommunikation"]),
        ("Samtalegruppen", ["Samtalegruppen"]),  # "samt" only as a word
    ],
)
def test_split_responsible(text: str, names: list[str]) -> None:
    assert split_responsible(text, frozenset({"koordinator", "tekniskforvaltning"})) == names


def test_propose_merges_spellings_of_one_party() -> None:
    texts = [
        "Koordinator for Bæredygtig Udvikling",
        "Koordinator for Bæredygtig udvikling/ Direktion",  # the case of one letter
        "Koordinator for Baeredygtig Udvikling",  # æ as ae
        "Direktionen",  # the definite form
        "Direktionen og Koordinator for Bæredygtig Udviklng",  # a slip in a long name
        "Byråds-og Direktionssekretariatet",
        "Byråds- og Direktionssekretariatet i samarbejde med forvaltninger",
        "IT",
        "IT-afdelingen",  # short names are not guessed at
    ]
    assert propose(texts) == [
        Proposal("Koordinator for Bæredygtig Udvikling", ("Koordinator for Bæredygtig Udviklng",), 4),
        Proposal("Direktionen", ("Direktion",), 3),
        Proposal("Byråds-og Direktionssekretariatet", ("Byråds- og Direktionssekretariatet",), 2),
        Proposal("Forvaltninger", (), 1),
        Proposal("IT", (), 1),
        Proposal("IT-afdelingen", (), 1),
    ]
    assert propose([]) == []


def test_proposal_yaml_quotes_what_yaml_would_misread() -> None:
    block = proposal_yaml(
        [Proposal("Direktionen", ("Direktion",), 2), Proposal("Udvalg: Teknik", ("#1", "a, b"), 1)]
    )
    assert block.endswith(
        "parter:\n"
        "  - navn: Direktionen\n"
        "    alias: [Direktion]\n"
        '  - navn: "Udvalg: Teknik"\n'
        '    alias: ["#1", "a, b"]\n'
    )
    assert block.startswith("# Forslag til planens parter")
    parsed = parse_plan(HEAD + block + ACTIVITIES.replace("ansvarlig: A", "ansvarlig: Direktion"))
    assert parsed.plan is not None and parsed.plan.parties[1] == Party("Udvalg: Teknik", ("#1", "a, b"))


# --- plan parter ----------------------------------------------------------------------------------


def test_plan_parter_lists_the_parties_with_their_counts(
    runner: CliRunner, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    code, out, err = run(runner, "parter", "-f", str(small))
    assert (code, err) == (0, "")
    assert [line.rstrip() for line in out.splitlines()] == [
        "                                        Prøveplan",
        "Part                                  Type     Alias        Tovholder  Medvirkende  I alt",
        "─" * 89,
        "Direktionen                           ledelse  Direktion            1            0      1",
        "Koordinator for Bæredygtig Udvikling           Koordinator          1            1      2",
        "Økonomiudvalget                                                     0            1      1",
        "1 af 3 aktiviteter nævner ingen erklæret part: 3 (se plan tjek)",
    ]


def test_plan_parter_narrow_drops_aliases_then_kinds_then_stacks(
    runner: CliRunner, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run(runner, "parter", "-f", str(small))[1]
    assert out.splitlines()[1].split() == ["Part", "Type", "Tovholder", "Medvirkende", "I", "alt"]
    monkeypatch.setenv("COLUMNS", "70")
    assert run(runner, "parter", "-f", str(small))[1].splitlines()[1].split() == [
        "Part", "Tovholder", "Medvirkende", "I", "alt"
    ]  # fmt: skip
    monkeypatch.setenv("COLUMNS", "40")
    assert [line.rstrip() for line in run(runner, "parter", "-f", str(small))[1].splitlines()] == [
        "Prøveplan",
        "Direktionen",
        "  tovholder 1 · medvirkende 0 · i alt 1",
        "Koordinator for Bæredygtig Udvikling",
        "  tovholder 1 · medvirkende 1 · i alt 2",
        "Økonomiudvalget",
        "  tovholder 0 · medvirkende 1 · i alt 1",
        "1 af 3 aktiviteter nævner ingen erklæret",
        "part: 3 (se plan tjek)",
    ]


def test_plan_parter_json(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "parter", "--json", "-f", str(small))
    assert code == 0
    assert json.loads(out) == {
        "parter": [
            {"navn": "Direktionen", "alias": ["Direktion"], "type": "ledelse", "tovholder": [1],
             "medvirkende": [], "i_alt": 1, "personer": []},
            {"navn": "Koordinator for Bæredygtig Udvikling", "alias": ["Koordinator"], "type": None,
             "tovholder": [2], "medvirkende": [1], "i_alt": 2, "personer": []},
            {"navn": "Økonomiudvalget", "alias": [], "type": None, "tovholder": [], "medvirkende": [2],
             "i_alt": 1, "personer": []},
        ],
        "uden_part": [3],
    }  # fmt: skip
    code, out, _ = run(runner, "parter", "--json", "--forslag", "-f", str(small))
    assert json.loads(out)["forslag"] == [
        {"navn": "Direktion", "alias": [], "antal": 1},
        {"navn": "Koordinator for baeredygtig udvikling", "alias": [], "antal": 1},
        {"navn": "Koordinator", "alias": [], "antal": 1},
        {"navn": "Økonomiudvalget", "alias": [], "antal": 1},
        {"navn": "Kommunikation", "alias": [], "antal": 1},
    ]


def test_plan_parter_without_declarations_prints_the_block_to_paste(
    runner: CliRunner, tmp_path: Path
) -> None:
    bare = tmp_path / "plan.yaml"
    bare.write_text(without_parter(SHIPPED_PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = run(runner, "parter", "-f", str(bare))
    assert (code, err) == (0, "")
    assert out == proposal_yaml(propose([a.ansvarlig for a in SHIPPED.activities]))
    assert out.splitlines()[4:9] == [
        "parter:",
        "  - navn: Koordinator for Bæredygtig Udvikling",
        "  - navn: Byråds- og Direktionssekretariatet",
        "  - navn: Direktionen",
        "    alias: [Direktion]",
    ]
    report = json.loads(run(runner, "parter", "--json", "-f", str(bare))[1])
    assert (report["parter"], report["uden_part"]) == ([], list(range(1, 45)))
    assert report["forslag"][2] == {"navn": "Direktionen", "alias": ["Direktion"], "antal": 9}
    # With declarations, --forslag still proposes from the texts alone.
    assert run(runner, "parter", "--forslag", *F)[1] == out


def test_plan_parter_on_the_shipped_plan(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(runner, "parter", *F)
    assert code == 0
    rows = [line.split() for line in out.splitlines()[3:-1]]
    assert [tuple(int(n) for n in row[-3:]) for row in rows if row[-1].isdigit()] == [
        (lead, others, lead + others) for _, lead, others in SHIPPED_COUNTS
    ]
    assert out.splitlines()[-1] == "44 aktiviteter; alle nævner en erklæret part."


# --- filters --------------------------------------------------------------------------------------


def ids(runner: CliRunner, *args: str) -> list[int]:
    code, out, err = run(runner, *args, "--json", *F)
    assert code == 0, err
    return [record["id"] for record in json.loads(out)]


def test_part_in_any_role_and_tovholder_first_named(runner: CliRunner) -> None:
    assert ids(runner, "list", "--part", "Kommunikation") == [8, 10, 33, 38, 44]
    assert ids(runner, "list", "--tovholder", "Kommunikation") == [8, 33]
    assert ids(runner, "list", "--part", "udbud") == [5, 21, 34]  # "Udbudslederen" is an alias
    assert ids(runner, "list", "--tovholder", "direktion") == [1, 2, 6, 11, 13, 14, 28, 40, 42]
    # Repeated: any of them; with other filters: all of them.
    assert ids(runner, "list", "--part", "SEP", "--part", "Ledelsen") == [12, 31]
    assert ids(runner, "list", "--part", "koordinator", "--tovholder", "Direktionen", "-s", "afventer") == [
        42
    ]
    # --ansvarlig keeps its meaning: the text contains the words.
    assert ids(runner, "list", "--ansvarlig", "Direktion") == [1, 2, 6, 7, 11, 13, 14, 18, 20, 22, 23, 24, 25,
                                                               26, 27, 28, 40, 42]  # fmt: skip


def test_part_filters_every_read_command(runner: CliRunner) -> None:
    assert ids(runner, "due", "--today", "2020-06-15", "--tovholder", "Økonomiudvalget") == [36]
    summary = json.loads(
        run(runner, "summary", "--json", "--part", "Byledelsen", "--today", "2020-06-15", *F)[1]
    )
    assert summary["i_alt"]["antal"] == 2
    code, out, _ = run(runner, "timeline", "--tovholder", "SEP", *F)
    assert code == 0 and "Oplæg om bæredygtig udvikling" in out and "Dialog med SEP" not in out
    code, out, _ = run(runner, "export", "--format", "csv", "--part", "Ledelsen", *F)
    assert code == 0 and len(out.splitlines()) == 2 and "Interne inspirationsoplæg" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--part", "kommun"], "plan: part 'kommun' er tvetydig: Kommunikation, Kommunale Ejendomme\n"),
        (["--tovholder", "Direktionn"], "plan: ukendt part 'Direktionn' – mente du 'Direktionen'?\n"),
        (["--part", " "], None),
    ],
)
def test_a_part_that_says_no_one_party_is_refused(
    runner: CliRunner, args: list[str], message: str | None
) -> None:
    code, out, err = run(runner, "list", *args, *F)
    assert (code, out) == (2, "")
    assert err == message if message else "--part må ikke være tom" in err


def test_part_on_a_plan_without_parties_says_where_to_begin(runner: CliRunner, tmp_path: Path) -> None:
    bare = tmp_path / "plan.yaml"
    bare.write_text(without_parter(SHIPPED_PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    for args in (["list", "--part", "SEP"], ["summary", "--by", "part"]):
        assert run(runner, *args, "-f", str(bare)) == (
            2, "", "plan: planen har ingen erklærede parter (parter: i planens hoved); se 'plan parter'\n"
        )  # fmt: skip


# --- summary --by part ----------------------------------------------------------------------------


def test_summary_by_part_json(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "summary", "--by", "part", "--json", "--today", "2020-04-15", "-f", str(small))
    assert code == 0

    def tally(name: str, counts: tuple[int, int, int], **extra: int) -> dict[str, object]:
        status = dict(zip(("Afventer", "I gang", "Afsluttet"), counts, strict=True))
        total = sum(counts) + extra.pop("ingen", 0)
        finished = counts[2]
        return {"navn": name, "antal": total, "status": {**status, "ingen": total - sum(counts)},
                "afsluttet": finished, "afsluttet_andel": round(finished / total, 4) if total else 0.0,
                **extra}  # fmt: skip

    assert json.loads(out) == {
        "dato": "2020-04-15",
        "i_alt": tally("I alt", (0, 1, 1), ingen=1),
        "efter": "part",
        "grupper": [
            tally("Direktionen", (0, 1, 0), tovholder=1),
            tally("Koordinator for Bæredygtig Udvikling", (0, 1, 1), tovholder=1),
            tally("Økonomiudvalget", (0, 0, 1), tovholder=0),
        ],
        "forsinket": 1,
        "aktuelle_denne_måned": 0,  # the one in April is finished
        "uden_part": tally("Uden erklæret part", (0, 0, 0), ingen=1),
    }


def test_summary_by_part_table(runner: CliRunner, small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(runner, "summary", "--by", "part", "--today", "2020-04-15", "-f", str(small))
    assert code == 0
    # The parties in the plan's order, those naming none after them, then the total of activities.
    assert [line.rstrip() for line in out.splitlines()][1:] == [
        "Part                                 Afventer  I gang  Afsluttet  Ingen  I alt  Fremdrift",
        "─" * 100,
        "Direktionen                                 0       1          0      0      1                   0%",
        "Koordinator for Bæredygtig                  0       1          1      0      2  ━━━━━━━         50%",
        "Udvikling",
        "Økonomiudvalget                             0       0          1      0      1  ━━━━━━━━━━━━━━ 100%",
        "Uden erklæret part                          0       0          0      1      1                   0%",
        "",
        "I alt                                       0       1          1      1      3  ━━━━╸           33%",
        "En aktivitet med flere parter tæller under hver af dem.",
        "1 forsinket · 0 aktuelle i april 2020 (pr. 15. april 2020)",
    ]


def test_summary_by_part_on_the_shipped_plan_one_row_per_party(runner: CliRunner) -> None:
    code, out, _ = run(runner, "summary", "--by", "part", "--json", "--today", "2020-06-15", *F)
    summary = json.loads(out)
    assert code == 0 and summary["efter"] == "part"
    assert [(g["navn"], g["tovholder"], g["antal"]) for g in summary["grupper"]] == [
        (name, lead, lead + others) for name, lead, others in SHIPPED_COUNTS
    ]
    assert summary["uden_part"]["antal"] == 0 and summary["i_alt"]["antal"] == 44
    assert sum(g["tovholder"] for g in summary["grupper"]) == 44
    assert sum(g["antal"] for g in summary["grupper"]) == 82  # one count per party named


# --- completion -----------------------------------------------------------------------------------


def test_part_completes_with_the_declared_names() -> None:
    from .test_completion import bash

    assert bash("plan list --part Dir") == ["plain,Direktionen"]
    assert bash("plan list --tovholder udbudsl") == ["plain,Udbudsenheden"]  # found by its alias
    assert bash("plan summary --part eks") == ["plain,Eksterne\\ parter"]


# --- the rest of the tool with parter in the head ---------------------------------------------------


def test_parter_merges_like_any_head_field(tmp_path: Path) -> None:
    from baeredygtig_cli.planfile.merge import merge_plans

    paths = [tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs")]
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    paths[0].write_text(text, encoding="utf-8")
    paths[1].write_text(
        text.replace("  - navn: SEP\n", "  - navn: SEP\n  - navn: Borgerne\n"), encoding="utf-8"
    )
    paths[2].write_text(text, encoding="utf-8")
    edits.change_plan(
        paths[2], lambda source: edits.change_activities(source, [3], edits.FieldEdits(status="Afsluttet"))
    )
    merged = merge_plans(*(editsource.read_source(p) for p in paths))
    assert merged.conflicts == []
    plan = parse_plan(merged.text).plan
    assert plan is not None and plan.parties[-1] == Party("Borgerne")
    assert plan.activity(3).status == "Afsluttet"  # type: ignore[union-attr]


def test_parter_needs_no_rich_for_json() -> None:
    from .test_startup import imported

    assert imported("parter", "--json") == []
    assert imported("list", "--json", "--part", "SEP") == []


# --- check: the party meant, and --streng ------------------------------------------------------------


def _slip(name: str) -> str:
    """The name with one letter left out, the one nearest its middle that leaves a text naming no
    declared party (an alias can stand inside a name: "Koordinator")."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    middle = len(name) / 2
    for cut in sorted(letters, key=lambda i: (abs(i - middle), i)):
        slipped = name[:cut] + name[cut + 1 :]
        if not reader_for(SHIPPED.parties).named(slipped):
            return slipped
    raise AssertionError(name)


@pytest.mark.parametrize("party", [p.name for p in SHIPPED.parties])
def test_check_suggests_the_party_a_misspelt_ansvarlig_meant(
    runner: CliRunner, tmp_path: Path, party: str
) -> None:
    """Every declared party of the shipped plan, misspelt in an activity that names no other: check
    names it, as `--part` does for a misspelt filter."""
    slipped = _slip(party)
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        text.replace("    ansvarlig: Kommunale Ejendomme\n", f"    ansvarlig: {slipped}\n"), encoding="utf-8"
    )
    code, out, _ = run(runner, "check", "-f", str(plan))
    assert (code, out) == (
        1,
        f"{plan}:336: aktivitet 37: ansvarlig {slipped!r} nævner ingen af planens parter – mente du "
        f"{party!r}? Ellers tilføj parten eller et alias under parter:\n",
    )


def test_strict_check_also_flags_undeclared_collaborators(runner: CliRunner, small: Path) -> None:
    mixed = SMALL.replace(
        "ansvarlig: Kommunikation", "ansvarlig: Direktionen og Teknik og Miljø, Økonomiudvalgt"
    )
    small.write_text(mixed, encoding="utf-8")
    assert run(runner, "check", "-f", str(small)) == (0, "", "")  # one declared party named: enough
    code, out, _ = run(runner, "check", "--streng", "-f", str(small))
    assert (code, out) == (
        1,
        f"{small}:28: aktivitet 3: ansvarlig nævner 'Teknik og Miljø', som ikke er en af planens parter; "
        "tilføj parten eller et alias under parter:\n"
        f"{small}:28: aktivitet 3: ansvarlig nævner 'Økonomiudvalgt', som ikke er en af planens parter – mente "
        "du 'Økonomiudvalget'? Ellers tilføj parten eller et alias under parter:\n",
    )
    assert run(runner, "check", "--streng", "-f", str(SHIPPED_PLAN)) == (0, "", "")  # every name declared


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Direktionen og Teknik og Miljø", ["Teknik og Miljø"]),
        ("Koordinator i samarbejde med Udbudsenheden, Teknik og Miljø", ["Udbudsenheden", "Teknik og Miljø"]),
        ("Byråds- og Direktionssekretariatet", []),  # one name with "og" in it
        ("Direktion/ Koordinator for baeredygtig udvikling", []),
        ("Økonomiudvalget samt eksterne rådgivere", ["eksterne rådgivere"]),
    ],
)
def test_undeclared_names(text: str, names: list[str]) -> None:
    assert undeclared_names(text, PARTIES) == names


# --- parties shown: show, the exports ---------------------------------------------------------------


def test_show_names_the_tovholder_and_collaborators(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "show", "2", "-f", str(small))
    lines = [line.rstrip() for line in out.splitlines()]
    assert code == 0
    at = lines.index("Ansvarlig    Koordinator i samarbejde med Økonomiudvalget")
    assert lines[at + 1 : at + 3] == [
        "Tovholder    Koordinator for Bæredygtig Udvikling",
        "Medvirkende  Økonomiudvalget",
    ]
    code, out, _ = run(runner, "show", "3", "-f", str(small))
    assert "Tovholder  ingen af planens parter" in [line.rstrip() for line in out.splitlines()]
    assert "Medvirkende" not in out
    shown = json.loads(run(runner, "show", "2", "--json", "-f", str(small))[1])
    assert shown["parter"] == {
        "tovholder": "Koordinator for Bæredygtig Udvikling",
        "medvirkende": ["Økonomiudvalget"],
    }
    assert json.loads(run(runner, "show", "3", "--json", "-f", str(small))[1])["parter"] == {
        "tovholder": None, "medvirkende": []
    }  # fmt: skip
    without = SMALL.split("parter:\n")[0] + "aktiviteter:\n" + SMALL.split("aktiviteter:\n")[1]
    small.write_text(without, encoding="utf-8")
    assert "parter" not in json.loads(run(runner, "show", "2", "--json", "-f", str(small))[1])
    assert "Tovholder" not in run(runner, "show", "2", "-f", str(small))[1]


def test_exports_carry_the_parties(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, "export", "-F", "csv", "-f", str(small))
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-2:] == ["TOVHOLDER (PART)", "MEDVIRKENDE (PARTER)"]
    assert [r[-2:] for r in rows[1:]] == [
        ["Direktionen", "Koordinator for Bæredygtig Udvikling"],
        ["Koordinator for Bæredygtig Udvikling", "Økonomiudvalget"],
        ["", ""],
    ]
    code, out, _ = run(runner, "export", "-F", "md", "-f", str(small))
    assert code == 0
    assert "| Status | Tovholder (part) | Medvirkende (parter) |" in out
    assert "| I gang | Direktionen | Koordinator for Bæredygtig Udvikling |" in out
    assert "| Kampagne | Kommunikation | – | – | – |" in out
    out = run(runner, "export", "-F", "html", "--i-dag", "2020-06-01", "-f", str(small))[1]
    assert (
        '<td>Koordinator i samarbejde med Økonomiudvalget<span class="period">Tovholder: Koordinator for '
        "Bæredygtig Udvikling · medvirkende: Økonomiudvalget</span></td>"
    ) in out
    assert '<td>Kommunikation<span class="period">Ingen af planens parter</span></td>' in out
    without = SMALL.split("parter:\n")[0] + "aktiviteter:\n" + SMALL.split("aktiviteter:\n")[1]
    small.write_text(without, encoding="utf-8")  # no parties declared: the exports as they always were
    assert run(runner, "export", "-F", "csv", "-f", str(small))[1].split("\n")[0].endswith(",START,SLUT")
    assert (
        "Tovholder" not in run(runner, "export", "-F", "html", "--i-dag", "2020-06-01", "-f", str(small))[1]
    )


def test_an_export_with_party_columns_imports_back_unchanged(
    runner: CliRunner, small: Path, tmp_path: Path
) -> None:
    """`plan import` reads past the party columns, as past START and SLUT: nothing to change."""
    table = tmp_path / "plan.csv"
    assert run(runner, "export", "-F", "csv", "-o", str(table), "-f", str(small))[0] == 0
    code, out, err = run(runner, "import", str(table), "--dry-run", "-f", str(small))
    assert (code, out + err) == (0, f"plan.csv → {small}: intet nyt; planen har allerede alt fra tabellen\n")
