"""The commands that change the plan: set-status, ret, note, fjern, add. Each is one proved edit."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import resolve_today, stdin_is_terminal, write_out, write_wrapped
from baeredygtig_cli.cli.options import (
    NO_FILTERS,
    AuthorOption,
    DryRunOption,
    FileOption,
    FilterTexts,
    GemOption,
    NoteOption,
    PlanCommand,
    TodayOption,
    YesOption,
    activity_id_of,
    field_edits,
    filters_of,
    not_blank,
    not_empty,
    with_filters,
)
from baeredygtig_cli.cli.saving import saved_in_git
from baeredygtig_cli.domain.query import (
    is_no_status,
    select,
)
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from baeredygtig_cli.domain.model import Note
    from baeredygtig_cli.planfile.edits import Edit, FieldEdits
    from baeredygtig_cli.planfile.editsource import Source


CONFIRM_ABOVE = 3  # more activities than this at once: ask first (or --ja)


@command("sæt-status", cls=PlanCommand)
@saved_in_git(lambda options: options["note"])
@with_filters
def set_status_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] STATUS",
            help="Id'er (eller filtre) og til sidst den nye status; 'ingen' fjerner den.",
        ),
    ],
    filters: FilterTexts = NO_FILTERS,
    note: NoteOption = None,
    af: AuthorOption = None,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:
    """Sæt status på en eller flere aktiviteter, fx: plan sæt-status 3 4 5 "I gang".

    Status er en af planens statusser; store/små bogstaver er ligegyldige, og et entydigt
    præfiks er nok ("afs" → Afsluttet). "ingen" fjerner status. I stedet for id'er kan filtrene
    fra 'plan liste' vælge aktiviteterne (plan sæt-status -s afventer -m marts "I gang"); flere end
    3 på én gang kræver et ja. --note gemmer hvorfor, med dagens dato. Kun status-værdien (og
    noten) ændres; alt andet, også kommentarer og tomme linjer, står som før. Alle eller ingen.
    """
    from baeredygtig_cli.planfile.edits import FieldEdits

    _what_follows_the_ids(args, filters, "sæt-status", "den nye status", '"I gang"')
    *id_texts, status_text = args
    picked = _Picked(id_texts, filters)
    path = disk.find_plan_file(file, Path.cwd())
    written = _note(note, af, today, path)

    def edits(source: Source) -> FieldEdits:
        if is_no_status(status_text, source.plan.statuses):
            return FieldEdits(clear_status=True, note=written)
        return FieldEdits(status=status_text, note=written)

    _edit_picked(path, picked, edits, ja=ja, dry_run=dry_run)


@command("ret", cls=PlanCommand)
@saved_in_git(lambda options: options["note"])
@with_filters
def ret_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] FELT=VÆRDI...", help="Id'er (eller filtre) og de felter, der skal rettes."
        ),
    ],
    filters: FilterTexts = NO_FILTERS,
    note: NoteOption = None,
    af: AuthorOption = None,
    nyt_emne: Annotated[bool, typer.Option("--nyt-emne", help="Et emne, planen ikke har, er ment.")] = False,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:
    """Ret et eller flere felter i en eller flere aktiviteter, fx:

    \b
      plan ret 18 tidspunkt="April-maj"          flyt aktivitet 18
      plan ret 18 19 ansvarlig=Kommunikation     ny ansvarlig for to
      plan ret 7 emne+=Igangsættelse             tilføj et emne (emne-= fjerner)
      plan ret 7 emne=Igangsættelse              erstat alle emner
      plan ret 12 år=2021 status="I gang"        flere felter på én gang
      plan ret 12 år=                            planens år gælder igen
      plan ret 7 emne+=Vand --nyt-emne           et emne, planen ikke har
      plan ret -a Kommunikation ansvarlig="Kommunikation og presse" --ja

    Felter: tidspunkt, år, emne, aktivitet, ansvarlig, status. Et nyt tidspunkt læses, før noget
    skrives. Filtrene fra 'plan liste' kan vælge aktiviteterne i stedet for id'er; flere end 3 på
    én gang kræver et ja. Kun de rettede felters linjer ændres. Alle eller ingen.
    """
    from baeredygtig_cli.planfile.edits import FieldEdits

    id_texts = [a for a in args if "=" not in a]
    edits = field_edits([a for a in args if "=" in a], nyt_emne)
    picked = _Picked(id_texts, filters)
    path = disk.find_plan_file(file, Path.cwd())
    written = _note(note, af, today, path)

    def with_status(source: Source) -> FieldEdits:
        import dataclasses

        if edits.status is not None and is_no_status(edits.status, source.plan.statuses):
            return dataclasses.replace(edits, status=None, clear_status=True, note=written)
        return dataclasses.replace(edits, note=written)

    if edits == FieldEdits(new_emne=nyt_emne):
        raise PlanError('angiv mindst ét felt at rette, fx: plan ret 18 tidspunkt="April-maj"')
    _edit_picked(path, picked, with_status, ja=ja, dry_run=dry_run)


@command("note", cls=PlanCommand)
@saved_in_git(lambda options: options["args"][-1])
@with_filters
def note_command(
    args: Annotated[
        list[str],
        typer.Argument(metavar="[ID...] TEKST", help="Id'er (eller filtre) og til sidst notens tekst."),
    ],
    filters: FilterTexts = NO_FILTERS,
    af: AuthorOption = None,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:
    """Skriv en note på en aktivitet: hvorfor den er forsinket, hvad der sker nu. Noten får dagens
    dato og, hvis git kender dit navn, dit navn; den står under noter: i plan.yaml og i plan vis.

    Fx: plan note 18 "Udskudt til efteråret; venter på budget"."""
    from baeredygtig_cli.planfile.edits import FieldEdits

    _what_follows_the_ids(args, filters, "note", "notens tekst", '"Venter på svar fra forvaltningerne"')
    *id_texts, text = args
    if not text.strip():
        raise PlanError("noten må ikke være tom")
    path = disk.find_plan_file(file, Path.cwd())
    written = _note(text, af, today, path)
    picked = _Picked(id_texts, filters)
    _edit_picked(path, picked, lambda source: FieldEdits(note=written), ja=ja, dry_run=dry_run)


@command("fjern", cls=PlanCommand)
@saved_in_git()
def remove_command(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Aktiviteterne, der skal fjernes.")],
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:
    """Fjern aktiviteter: deres linjer og kommentarlinjerne lige over dem; intet andet. Et id bruges
    aldrig igen (planen husker det højeste under højeste_id:). Flere end 3 på én gang kræver et ja.
    Historikken i git har dem stadig."""
    from baeredygtig_cli.planfile.edits import change_plan, remove_activities

    numbers = [activity_id_of(t) for t in ids]
    path = disk.find_plan_file(file, Path.cwd())
    if len(set(numbers)) > CONFIRM_ABOVE and not dry_run and not ja:
        count = _confirmed(path, lambda source: remove_activities(source, numbers), "fjerne")
        return write_out(f"{count} aktiviteter fjernet.\n")
    _report(*change_plan(path, lambda source: remove_activities(source, numbers), dry_run=dry_run), dry_run)


def _what_follows_the_ids(
    args: list[str], filters: FilterTexts, command: str, missing: str, example: str
) -> None:
    """`plan sæt-status 3`, `plan note 19`: only ids, so what should follow them is missing (the last
    id would otherwise be read as the status or the note, and the ids as none given)."""
    if not filters and all(arg.strip().isascii() and arg.strip().isdigit() for arg in args):
        shown = " ".join(arg.strip() for arg in args)
        raise PlanError(f"mangler {missing} efter {shown}, fx: plan {command} {shown} {example}")


class _Picked:
    """Which activities an edit is for: ids, or the filters of 'plan list' (not both)."""

    def __init__(self, id_texts: list[str], filters: FilterTexts) -> None:
        self.ids = [activity_id_of(t) for t in id_texts]
        self.filters = filters
        if self.ids and filters:
            raise PlanError("vælg aktiviteterne med id'er eller med filtre, ikke begge")
        if not self.ids and not filters:
            raise PlanError("angiv mindst ét id eller et filter (fx -a, -e, -s, -m, -q)")

    def ids_in(self, source: Source) -> list[int]:
        """The ids given, or those of the activities the filters pick: all or nothing, so an activity
        the plan cannot read (an id of `abc` or `1.5`, a missing field) is refused with its line,
        never passed over (it might be one the filters mean)."""
        if self.ids:
            return self.ids
        from baeredygtig_cli.planfile.schema import build_activity

        plan = source.plan
        activities = [build_activity(n, plan, source.path) for n in source.index.head.sequence.value]
        chosen = [a.id for a in select(activities, filters_of(plan, self.filters))]
        if not chosen:
            raise PlanError("ingen aktiviteter passer til filtrene; intet er ændret")
        return chosen


def _edit_picked(
    path: Path, picked: _Picked, edits: Callable[[Source], FieldEdits], *, ja: bool, dry_run: bool
) -> None:
    """Show, ask above 3 (or take --ja), then change all the picked activities in one write."""
    from baeredygtig_cli.planfile.edits import UnknownEmne, change_activities, change_plan

    def change(source: Source) -> Edit:
        return change_activities(source, picked.ids_in(source), edits(source))

    try:
        if not dry_run and not ja and (not picked.ids or len(set(picked.ids)) > CONFIRM_ABOVE):
            preview, _ = change_plan(path, change, dry_run=True)
            if len(_changed_ids(preview.summary)) > CONFIRM_ABOVE:
                count = _confirmed(path, change, "ændre")
                return write_out(f"{count} aktiviteter ændret.\n")
        _report(*change_plan(path, change, dry_run=dry_run), dry_run)
    except UnknownEmne as error:
        raise PlanError(f"{error}; brug --nyt-emne for at oprette et nyt emne") from None


def _changed_ids(summary: list[str]) -> set[str]:
    return {line.split(":", 1)[0] for line in summary if not line.endswith(": uændret")}


def _confirmed(path: Path, change: Callable[[Source], Edit], verb: str) -> int:
    """Many activities at once: show what would happen, ask, and make exactly that change: the edit
    is made from the very bytes the list was made from, so the ids and values said yes to are the
    ones written. If the file changed while the question waited (a `git pull`, a colleague's edit),
    nothing is written: the list is made again from the file as it is now, shown, and asked again.
    How many were changed is returned."""
    from baeredygtig_cli.planfile.edits import ChangedSinceShown, change_plan

    while True:
        preview, seen = change_plan(path, change, dry_run=True)
        _confirm(preview.summary, verb)
        try:
            change_plan(path, change, shown=seen.raw)
        except ChangedSinceShown as changed:
            write_out(f"{changed}; her er den igen, som filen er nu:\n")
            continue
        return len(_changed_ids(preview.summary)) if verb == "ændre" else len(preview.summary)


def _confirm(summary: list[str], verb: str) -> None:
    """Many activities at once: show what happens and ask on a terminal; elsewhere demand --ja."""
    from baeredygtig_cli.output.text import line_shown

    count = len(_changed_ids(summary)) if verb == "ændre" else len(summary)
    if not stdin_is_terminal():
        raise PlanError(f"det ville {verb} {count} aktiviteter; bekræft med --ja (intet er ændret)")
    write_wrapped("".join(f"{line_shown(line)}\n" for line in summary))
    sys.stdout.write(f"{verb.capitalize()} {count} aktiviteter? [j/N] ")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().casefold()
    if answer not in ("j", "ja", "y", "yes"):
        raise PlanError("intet er ændret")


def _note(text: str | None, author: str | None, today: date | None, path: Path) -> Note | None:
    """A note dated today (`resolve_today`), by --af or git's user.name."""
    if text is None:
        return None
    from baeredygtig_cli.domain.model import Note
    from baeredygtig_cli.history.gitrepo import git_user_name

    name = author.strip() if author is not None else git_user_name(path)  # --af "" names nobody
    return Note(resolve_today(today), text, name or None)


@command("tilføj", cls=PlanCommand)
@saved_in_git()
def add_command(
    tidspunkt: Annotated[
        str,
        typer.Option(
            "--tidspunkt",
            metavar="TIDSPUNKT",
            help="Fx 'primo april' eller 'Marts-maj'.",
            callback=not_blank,
        ),
    ],
    emne: Annotated[
        list[str],
        typer.Option("--emne", "-e", metavar="EMNE", help="Emne; kan gives flere gange.", callback=not_empty),
    ],
    aktivitet: Annotated[
        str, typer.Option("--aktivitet", metavar="TEKST", help="Hvad der skal ske.", callback=not_blank)
    ],
    ansvarlig: Annotated[
        str,
        typer.Option("--ansvarlig", "-a", metavar="TEKST", help="Ansvarlig / tovholder.", callback=not_blank),
    ],
    status: Annotated[
        str | None,
        typer.Option("--status", "-s", metavar="STATUS", help="Status (ellers planens første, fx Afventer)."),
    ] = None,
    nyt_emne: Annotated[
        bool, typer.Option("--nyt-emne", help="Emnet er nyt i planen (ellers skal det findes i forvejen).")
    ] = False,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:
    """Tilføj en aktivitet sidst i planen med næste ledige id, i samme opstilling som de andre.

    Emnet skal være et, planen har i forvejen, så en stavefejl ikke skaber et nyt emne ved siden af;
    et nyt emne kræver --nyt-emne."""
    from baeredygtig_cli.planfile.edits import NewActivity, UnknownEmne, add_activity, change_plan

    new = NewActivity(tidspunkt, tuple(emne), aktivitet, ansvarlig, status, new_emne=nyt_emne)
    path = disk.find_plan_file(file, Path.cwd())
    try:
        result = change_plan(path, lambda source: add_activity(source, new), dry_run=dry_run)
    except UnknownEmne as error:
        raise PlanError(f"{error}; brug --nyt-emne for at oprette et nyt emne") from None
    _report(*result, dry_run)


def _report(edit_result: Edit, source: Source, dry_run: bool) -> None:
    """A dry run shows the diff it would make; a real one says what changed, one line each (and,
    once the file is written in a git work tree without plan's merge driver, how to set it up)."""
    from baeredygtig_cli.output.text import line_shown
    from baeredygtig_cli.planfile.edits import diff

    if dry_run:
        write_out(line_shown(diff(source, edit_result.text), lines=True))
    else:  # each line escaped as show escapes it, then wrapped to the width, under its text
        write_wrapped("".join(f"{line_shown(line)}\n" for line in edit_result.summary))
    if not dry_run and edit_result.text != source.text:
        from baeredygtig_cli.history.driver import is_registered

        if is_registered(source.path) is False:
            print(
                "plan: tip: kør 'plan git-opsætning', så git fletter kollegers ændringer pr. aktivitet",
                file=sys.stderr,
            )
