"""What an edit will not splice, it refuses, and says where to edit by hand: YAML anchors and aliases,
activities written as flow mappings `{ }`, values over several lines, an emne list with comments, notes
in flow style, an unusual `højeste_id`, `aktiviteter` in `[ ]`. Each refusal is one Danish line naming
the file and line, exit 2, and the file is left byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import run

HEAD = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"
ONE = "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: Afventer\n"
TWO = ONE.replace("id: 1", "id: 2").replace("marts", "april")  # lines 11-16
GOOD = HEAD + ONE + TWO
FLOW_TWO = "  - {id: 2, tidspunkt: april, år: 2021, emne: [A], aktivitet: x, ansvarlig: y}\n"  # line 11
SHARED_STATUS = GOOD.replace("status: Afventer", "status: &s Afventer", 1).replace(
    "status: Afventer", "status: *s"
)
SHARED_EMNE = GOOD.replace("emne: [A]", "emne: &e [A]", 1).replace("emne: [A]", "emne: *e")
FLOW_LIST = "aktiviteter: [{id: 1, tidspunkt: marts, emne: [A], aktivitet: x, ansvarlig: y}"
ADD = ["add", "--tidspunkt", "maj", "--emne", "A", "--aktivitet", "z", "--ansvarlig", "y"]
NOTE = ["note", "1", "hej", "--today", "2020-03-05"]

# (plan text, command, line named, the message before "; intet er skrevet")
CASES = {
    "a year added to a flow mapping": (
        HEAD + ONE + FLOW_TWO.replace("år: 2021, ", ""), ["ret", "2", "år=2021"], 11,
        "aktiviteten er skrevet på én linje i { }; tilføj feltet i hånden",
    ),
    "a year taken out of a flow mapping": (
        HEAD + ONE + FLOW_TWO, ["ret", "2", "år="], 11, "år står ikke på sin egen linje; fjern den i hånden",
    ),
    "an aliased status": (
        SHARED_STATUS, ["set-status", "2", "I gang"], 16,
        "status er et YAML-alias (*navn) eller ikke en enkelt værdi; ret den i hånden",
    ),
    "an anchored status": (
        SHARED_STATUS, ["set-status", "1", "I gang"], 10,
        "status har et YAML-anker (&navn), som andre kan bruge; ret den i hånden",
    ),
    "an anchored aktivitet": (
        GOOD.replace("aktivitet: x", "aktivitet: &a x", 1), ["ret", "1", "aktivitet=z"], 8,
        "aktivitet har et YAML-anker (&navn), som andre kan bruge; ret den i hånden",
    ),
    "a status over two lines cleared": (
        GOOD.replace("    status: Afventer\n", "    status: >-\n      Afventer\n", 1), ["set-status", "1", "ingen"], 10,
        "status står over flere linjer; slet værdien i hånden",
    ),
    "a year over two lines taken out": (
        GOOD.replace("    tidspunkt: marts\n", "    tidspunkt: marts\n    år: !!int\n      2021\n", 1), ["ret", "1", "år="], 7,
        "år står over flere linjer; fjern den i hånden",
    ),
    "a year on the next line taken out": (
        GOOD.replace("    tidspunkt: marts\n", "    tidspunkt: marts\n    år:\n      2021\n", 1), ["ret", "1", "år="], 7,
        "år står ikke på sin egen linje; fjern den i hånden",
    ),
    "an aliased emne": (
        SHARED_EMNE, ["ret", "2", "emne+=B", "--nyt-emne"], 13,
        "emne er et YAML-alias (*navn) eller ikke en liste; ret den i hånden",
    ),
    "an anchored emne": (
        SHARED_EMNE, ["ret", "1", "emne+=B", "--nyt-emne"], 7,
        "emne bruger YAML-ankre (&navn) eller -alias; ret den i hånden",
    ),
    "an emne list with a comment": (
        GOOD.replace("    emne: [A]\n", "    emne:\n      - A  # hovedemnet\n", 1), ["ret", "1", "emne+=B", "--nyt-emne"], 7,
        "emne-listen har kommentarer eller en usædvanlig opstilling; ret den i hånden",
    ),
    "notes in an unusual layout": (
        GOOD.replace("    status: Afventer\n", "    status: Afventer\n    noter:\n      - # den første\n"
                     "        dato: 2020-03-01\n        tekst: x\n", 1), NOTE, 11,
        "noter har en usædvanlig opstilling; tilføj noten i hånden",
    ),
    "højeste_id in hex": (
        GOOD.replace("aktiviteter:\n", "højeste_id: 0x2\naktiviteter:\n"), ["fjern", "1"], 4,
        "højeste_id er ikke et almindeligt heltal; ret den i hånden",
    ),
    "a removal from aktiviteter in [ ]": (
        HEAD.replace("aktiviteter:\n", f"{FLOW_LIST}, {{id: 2, tidspunkt: april, emne: [A], aktivitet: x, ansvarlig: y}}]\n"),
        ["fjern", "1"], 4, "aktiviteter er skrevet på én linje i [ ]; fjern aktiviteten i hånden",
    ),
}  # fmt: skip

# Adding is refused before any line is chosen: these name no line (and do not say "intet er skrevet").
ADD_CASES = {
    "aktiviteter in [ ]": (
        HEAD.replace("aktiviteter:\n", FLOW_LIST + "]\n"),
        "aktiviteter er skrevet på én linje i [ ]; tilføj aktiviteten i hånden",
    ),
    "a last activity in { }": (
        HEAD + ONE + FLOW_TWO,
        "den sidste aktivitet er ikke en almindelig blok; tilføj aktiviteten i hånden",
    ),
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The plan's folder as the current one, so the message names `plan.yaml` as the user typed it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "plan.yaml"


@pytest.mark.parametrize(("text", "args", "line", "message"), CASES.values(), ids=list(CASES))
def test_what_cannot_be_spliced_is_refused_with_its_line(
    runner: CliRunner, here: Path, text: str, args: list[str], line: int, message: str
) -> None:
    here.write_text(text, encoding="utf-8")
    assert run(runner, "check", plan=here) == (0, "", "")  # a valid plan, only written unusually
    assert run(runner, *args, plan=here) == (2, "", f"plan: plan.yaml:{line}: {message}; intet er skrevet\n")
    assert here.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize(("text", "message"), ADD_CASES.values(), ids=list(ADD_CASES))
def test_adding_after_what_cannot_be_spliced_is_refused(
    runner: CliRunner, here: Path, text: str, message: str
) -> None:
    here.write_text(text, encoding="utf-8")
    assert run(runner, *ADD, plan=here) == (2, "", f"plan: {message}\n")
    assert here.read_bytes() == text.encode("utf-8")


def test_the_same_edits_work_on_the_plan_written_plainly(runner: CliRunner, here: Path) -> None:
    """The refusals are about the writing, not the edit: on the plain plan every one of them is made."""
    commands = {tuple(args) for _, args, _, _ in CASES.values()} | {tuple(ADD)}
    for args in sorted(commands):
        here.write_text(GOOD.replace("    tidspunkt: marts\n", "    tidspunkt: marts\n    år: 2021\n", 1))
        code, _, err = run(runner, *args, plan=here)
        assert (code, err) == (0, ""), args


# --- what was refused and is now written in the layout the file has (issue 23, E4) ------------------

WRITTEN_IN_ITS_LAYOUT = {
    "noter: [] becomes a block list": (
        GOOD.replace("    status: Afventer\n", "    status: Afventer\n    noter: []  # ingen endnu\n", 1),
        NOTE,
        "    status: Afventer\n    noter:  # ingen endnu\n      - dato: 2020-03-05\n        tekst: hej\n",
    ),
    "a note added to notes in [ ]": (
        GOOD.replace("    status: Afventer\n", "    status: Afventer\n    noter: [{dato: 2020-03-01, tekst: x}]\n", 1),
        NOTE,
        "    status: Afventer\n    noter: [{dato: 2020-03-01, tekst: x}, {dato: 2020-03-05, tekst: hej}]\n",
    ),
    "a note added to notes in [ ] over lines": (
        GOOD.replace("    status: Afventer\n", "    status: Afventer\n    noter: [\n      {dato: 2020-03-01, tekst: x}\n    ]\n", 1),
        NOTE,
        "    status: Afventer\n    noter: [\n      {dato: 2020-03-01, tekst: x},\n      {dato: 2020-03-05, tekst: hej}\n    ]\n",
    ),
    "a status added to a flow mapping": (
        HEAD + ONE + FLOW_TWO, ["set-status", "2", "I gang"],
        "  - {id: 2, tidspunkt: april, år: 2021, emne: [A], aktivitet: x, ansvarlig: y, status: I gang}\n",
    ),
    "a note added to a flow mapping": (
        HEAD + ONE + FLOW_TWO, ["note", "2", "hej: med kolon", "--today", "2020-03-05"],
        '  - {id: 2, tidspunkt: april, år: 2021, emne: [A], aktivitet: x, ansvarlig: y, noter: [{dato: 2020-03-05, tekst: "hej: med kolon"}]}\n',
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "args", "becomes"), WRITTEN_IN_ITS_LAYOUT.values(), ids=list(WRITTEN_IN_ITS_LAYOUT)
)
def test_notes_and_fields_are_added_in_the_layout_the_file_has(
    runner: CliRunner, here: Path, text: str, args: list[str], becomes: str
) -> None:
    here.write_text(text, encoding="utf-8")
    code, _, err = (
        run(runner, *args, "--af", "", plan=here) if args[0] == "note" else run(runner, *args, plan=here)
    )
    assert code == 0, err
    after = here.read_text(encoding="utf-8")
    assert becomes in after
    assert run(runner, "check", plan=here) == (0, "", "")
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert changed and all(line in becomes for line in changed)  # only the lines the edit owns
