"""The commands for colleagues meeting in git: flet (the driver), konflikter, løs, git-opsætning, and
mig (who the user is, kept in the repository's own git config)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import stdout_is_terminal, write_out, write_wrapped
from baeredygtig_cli.cli.options import FileOption, JsonOption, PlanCommand, field_edits
from baeredygtig_cli.errors import CheckFailed, PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from baeredygtig_cli.planfile.conflicts import Clash
    from baeredygtig_cli.planfile.editsource import Source
    from baeredygtig_cli.planfile.merge import Labels


@command("flet", cls=PlanCommand)
def merge_command(
    base: Annotated[Path, typer.Argument(metavar="FÆLLES", help="Den fælles forgænger (gits %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="VORES", help="Vores version; resultatet skrives hertil (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="DERES", help="Deres version (%B).")],
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="STI", help="Filens navn i repositoryet, til beskeder (%P).", show_default=False
        ),
    ] = None,
    names: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--navne",
            metavar="VORES DERES",
            help="Grenenes navne til konfliktmarkeringerne (git ≥ 2.44: %X %Y); ellers findes de i git.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Flet tre versioner af planen pr. aktivitet og felt; git kalder den som flettedriver (se
    'plan git-opsætning'). Resultatet skrives til VORES: exit 0 uden konflikter, 1 med konflikter
    markeret omkring de aktiviteter eller felter, der er ændret begge steder (se 'plan konflikter').
    Kan en version ikke læses, flettes linje for linje som git selv gør, og exit er 1."""
    from baeredygtig_cli.history.driver import line_merge, merge_file, side_names
    from baeredygtig_cli.planfile.merge import merge_plans

    shown = name or disk.display_path(ours)
    try:
        sides = ((base, "den fælles"), (ours, "vores"), (theirs, "deres"))
        sources = [_merge_version(path, side) for path, side in sides]
        labels = _merge_labels(names, side_names)
        merged = merge_plans(*sources, labels=labels, line_merge=lambda: line_merge(ours, base, theirs))
    except PlanError as error:
        clean = merge_file(ours, base, theirs) == 0
        what = "uden konflikter; tjek resultatet med 'plan tjek'" if clean else "ret konflikterne i hånden"
        print(
            f"plan: {shown}: kan ikke flettes pr. aktivitet ({error}); "
            f"flettet linje for linje som git, {what}",
            file=sys.stderr,
        )
        raise CheckFailed("") from None
    for remark in merged.remarks:
        print(f"plan: {shown}: {remark}", file=sys.stderr)
    mine = sources[1]
    data = (("\ufeff" if mine.bom else "") + merged.text).encode("utf-8")
    disk.write_atomically(ours, mine.raw, data)
    if merged.conflicts:
        count = len(merged.conflicts)
        print(
            f"plan: {shown}: {count} {'konflikt' if count == 1 else 'konflikter'} markeret med "
            f"<<<<<<< vores / >>>>>>> deres: {'; '.join(merged.conflicts)}. Se 'plan konflikter'",
            file=sys.stderr,
        )
        raise CheckFailed("")


def _merge_version(path: Path, side: str) -> Source:
    """One of the three versions git hands the driver, read as a plan; an error names the side and
    the line, not git's temp file (`.merge_file_F01emY`)."""
    from baeredygtig_cli.errors import PlanFileError
    from baeredygtig_cli.planfile.editsource import read_source

    try:
        return read_source(path)
    except PlanFileError as error:
        where = f" (linje {error.line})" if error.line else ""
        raise PlanError(f"{side} version kan ikke læses{where}: {error.message}") from None


def _merge_labels(
    names: tuple[str, str] | None, find: Callable[[Path], tuple[str | None, str | None]]
) -> Labels:
    """The branch names for the markers: as git ≥ 2.44 passes them (older git passes "%X" and "%Y"
    as they stand, and "HEAD" names nothing), else as git's state tells."""
    from baeredygtig_cli.planfile.merge import Labels

    given = [None if not n or n in ("%X", "%Y", "HEAD") else n for n in (names or (None, None))]
    if all(given):
        return Labels(given[0], given[1])
    found = find(Path.cwd())
    return Labels(given[0] or found[0], given[1] or found[1])


SIDES = ("vores", "deres")


@command("konflikter", cls=PlanCommand)
def conflicts_command(json: JsonOption = False, file: FileOption = None) -> None:
    """Vis hver konflikt, en fletning har efterladt i planen, uden at læse markeringerne: hvilken
    aktivitet og hvilket felt, vores og deres værdi, og hvem der gav den hvornår (fra git). Løs dem
    med 'plan løs'. Exit 1, når der er konflikter; 0, når der ingen er (i en terminal siges det, i
    en pipe og en hook intet)."""
    from baeredygtig_cli.planfile.conflicts import clashes

    path = disk.find_plan_file(file, Path.cwd())
    found = clashes(disk.read_text(path), path)
    authors = _conflict_authors(path, found) if found else {}
    if json:
        import json as json_module

        rows = [
            {
                "nummer": c.number, "linje": c.block.line, "aktivitet": c.activity_id, "titel": c.title,
                "felter": list(c.fields),
                **{
                    side: {"etiket": label, "værdier": dict(zip(c.fields, values, strict=True)),
                           **authors.get((c.number, side), {})}
                    for side, label, values in (("vores", c.block.ours_label, c.ours),
                                                ("deres", c.block.theirs_label, c.theirs))
                },
            }
            for c in found
        ]  # fmt: skip
        write_out(json_module.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        write_wrapped(_conflicts_text(path, found, authors))
        if not found and stdout_is_terminal():  # a person who ran it sees that it ran, as in tjek
            write_out(f"ingen konflikter i {disk.display_path(path)}\n")
    if found:
        raise CheckFailed("")


def _conflict_authors(path: Path, found: list[Clash]) -> dict[tuple[int, str], dict[str, str]]:
    """Who gave each side of each conflict its value, and when: the commit on that side of the merge
    (rebase, cherry-pick) that made it, read from git; nothing where git cannot tell."""
    from baeredygtig_cli.history.driver import conflict_history
    from baeredygtig_cli.planfile import schema
    from baeredygtig_cli.planfile.conflicts import made_by

    history = conflict_history(path)
    if history is None:
        return {}
    found_authors: dict[tuple[int, str], dict[str, str]] = {}
    for side, commits in zip(SIDES, history, strict=True):
        versions = [
            (c, schema.parse_plan(c.text, path).plan if c.text is not None else None) for c in commits
        ]
        for clash in found:
            commit = made_by(clash, side, versions)
            if commit is not None:
                found_authors[(clash.number, side)] = {
                    "forfatter": commit.author, "dato": commit.day, "commit": commit.commit[:7],
                }  # fmt: skip
    return found_authors


def _conflicts_text(path: Path, found: list[Clash], authors: dict[tuple[int, str], dict[str, str]]) -> str:
    from baeredygtig_cli.domain.timing import format_date

    if not found:
        return ""
    shown = disk.display_path(path)
    count = len(found)
    lines = [f"{count} {'konflikt' if count == 1 else 'konflikter'} i {shown}:"]
    for c in found:
        if not c.fields:
            lines.append(f"{c.number}. linje {c.block.line}: kan ikke læses pr. felt; vælg vores eller deres")
            continue
        subject = f"aktivitet {c.activity_id} ({c.title})" if c.activity_id is not None else "planen"
        lines.append(f"{c.number}. {subject}: {', '.join(c.fields)} (linje {c.block.line})")
        for side, label, values in (
            ("vores", c.block.ours_label, c.ours),
            ("deres", c.block.theirs_label, c.theirs),
        ):
            who = authors.get((c.number, side))
            by = ""
            if who:
                by = f" – {who['forfatter']}, {format_date(date.fromisoformat(who['dato']))}, {who['commit']}"
            lines.append(f"   {label or side}: {' | '.join(values)}{by}")
    lines.append(
        "Vælg med 'plan løs NR vores' eller 'plan løs NR deres', eller en ny værdi for ét felt med "
        "'plan løs NR --værdi TEKST'; 'plan løs alle deres' tager deres overalt."
    )
    return "".join(f"{line}\n" for line in lines)


@command("løs", cls=PlanCommand)
def resolve_command(
    number: Annotated[
        str, typer.Argument(metavar="NR", help="Konfliktens nummer fra 'plan konflikter', eller 'alle'.")
    ],
    side: Annotated[
        str | None,
        typer.Argument(metavar="[VORES|DERES]", help="Hvilken side der gælder.", show_default=False),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--værdi",
            metavar="TEKST",
            help="En ny værdi for konfliktens ene felt i stedet.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """Løs konflikt NR fra 'plan konflikter' ved at tage vores eller deres linjer, eller sæt en ny
    værdi for feltet med --værdi (skrevet som 'plan ret' skriver den). Resten af filen, også de
    andre konflikter, står urørt. Når den sidste er løst: 'git add' filen og fortsæt fletningen."""
    from baeredygtig_cli.planfile.conflicts import clashes, resolve, resolve_with

    chosen = side.casefold() if side else None
    if (chosen is None) == (value is None):
        raise PlanError("angiv enten vores eller deres, eller --værdi TEKST")
    if chosen is not None and chosen not in SIDES:
        raise PlanError(f"vælg vores eller deres, ikke {side!r}")
    path = disk.find_plan_file(file, Path.cwd())
    with disk.locked(path):
        raw = disk.read_bytes(path)
        text = disk.decode(raw, path)
        found = clashes(text, path)
        if number.casefold() == "alle":
            if value is not None:
                raise PlanError("--værdi gælder én konflikt ad gangen; angiv dens nummer")
            numbers = [c.number for c in found]
        else:
            numbers = [_conflict_number(number)]
        if chosen is not None:
            new = resolve(text, numbers, chosen, path)
        else:
            clash = next((c for c in found if c.number == numbers[0]), None)
            field = clash.single_field if clash is not None else None
            if clash is not None and (field is None or field == "noter"):
                raise PlanError(f"konflikt {clash.number} er ikke ét felt; vælg vores eller deres")
            edits = field_edits([f"{field}={value}"], new_emne=True)
            from baeredygtig_cli.planfile.edits import change_activities

            activity_id = clash.activity_id if clash is not None else 0
            new = resolve_with(
                text, numbers[0], lambda source: change_activities(source, [activity_id or 0], edits), path
            )
        bom = disk.BOM if raw.startswith(disk.BOM.encode()) else ""
        disk.write_atomically(path, raw, (bom + new).encode("utf-8"))
    left = len(found) - len(numbers)
    shown = disk.display_path(path)
    what = "en ny værdi" if value is not None else chosen
    write_out(
        f"{len(numbers)} {'konflikt' if len(numbers) == 1 else 'konflikter'} løst med {what}; "
        + (
            f"{left} tilbage (se 'plan konflikter').\n"
            if left
            else f"ingen tilbage: kør 'git add {shown}' og fortsæt.\n"
        )
    )


def _conflict_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PlanError(f"konfliktens nummer skal være et tal eller 'alle', ikke {text!r}") from None


@command("git-opsætning", cls=PlanCommand)
def git_setup_command(
    fjern: Annotated[bool, typer.Option("--fjern", help="Fjern opsætningen igen.")] = False,
    file: FileOption = None,
) -> None:
    """Sæt git op til at flette planen med 'plan flet': driveren i .git/config (git lader ikke et
    repository have den med) og en linje i .gitattributes (commit den). Kan køres igen uden skade;
    --fjern fjerner begge dele."""
    from baeredygtig_cli.history.driver import set_up, tear_down

    path = disk.find_plan_file(file, Path.cwd())
    done = tear_down(path) if fjern else set_up(path)
    write_wrapped("".join(f"{line}\n" for line in done) or "Alt var allerede på plads.\n")


@command("mig", cls=PlanCommand)
def me_command(
    part: Annotated[
        str | None,
        typer.Argument(
            metavar="[PART]", show_default=False,
            help="Din part: navn, alias eller en entydig del af dem (se plan parter). Uden: hvem du er nu.",
        ),
    ] = None,
    glem: Annotated[bool, typer.Option("--glem", help="Glem den part, du har valgt.")] = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Hvilken part du er, så --mig viser dine aktiviteter: plan liste --mig, plan aktuelt --mig, plan
    overblik --mig, plan rapport --mig.

    Valget gemmes kun hos dig, i repositoryets egen git-opsætning (.git/config, plan.mig), og aldrig i
    planen. Har du ikke valgt, findes du ved dit navn i git (user.name) under personer: hos en part i
    plan.yaml."""
    from baeredygtig_cli.cli.mine import SETTING, find_me
    from baeredygtig_cli.history.gitrepo import set_local_setting
    from baeredygtig_cli.planfile.kept import load_plan

    if part is not None and glem:
        raise PlanError("angiv enten en part eller --glem, ikke begge")
    path = disk.find_plan_file(file, Path.cwd())
    plan = load_plan(path)
    if part is None and not glem:
        me = find_me(plan, path)
        if me is None:
            return write_wrapped(
                "Du har ikke valgt en part, og dit navn i git står ikke under personer: hos nogen part; "
                "vælg med plan mig PART (se plan parter).\n"
            )
        return write_wrapped(f"Du er {me.text} ({me.how}).\n")
    chosen: str | None = None
    if part is not None:
        if not part.strip():
            raise PlanError("parten må ikke være tom")
        if plan.parties:
            from baeredygtig_cli.domain.parties import resolve_party

            chosen = resolve_party(part, plan.parties).name
        else:
            chosen = part.strip()
    try:
        config = set_local_setting(path, SETTING, chosen)
    except PlanError:
        raise PlanError(
            "plan mig gemmer din part i gits egen opsætning (.git/config), men planen ligger ikke i et "
            "git-repository; brug --part i stedet"
        ) from None
    where = f"gemt i {disk.display_path(config)}, kun hos dig"
    if chosen is None:
        return write_wrapped(f"plan har glemt, hvilken part du er ({where}).\n")
    if plan.parties:
        return write_wrapped(
            f"Du er {chosen}: --mig viser de aktiviteter, hvor ansvarlig nævner parten ({where}).\n"
        )
    return write_wrapped(
        f"Du er {chosen}: planen har ingen parter, så --mig viser de aktiviteter, hvor ansvarlig "
        f"indeholder teksten ({where}).\n"
    )
