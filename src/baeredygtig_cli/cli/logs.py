"""The commands that read the plan's history in git: log, changes, rapport."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import is_day, make_screen, plan_for, resolve_today, rich_console, write_out
from baeredygtig_cli.cli.options import (
    REPEAT,
    FileOption,
    JsonOption,
    MineOption,
    PlanCommand,
    TodayOption,
    activity_id_of,
    day_or_revision,
    flag_name,
)
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from baeredygtig_cli.history.versions import History, LogEntry


@command("historik", cls=PlanCommand)
def log_command(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID...", help="Kun disse aktiviteter: hele deres liv.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra", "--since", metavar="DATO|REV", callback=day_or_revision,
            help="Kun det, der kom ind i planen fra og med dagen (fx 1/3-2020) eller efter en git-revision.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til", "--until", metavar="DATO|REV", callback=day_or_revision,
            help="Kun det, der kom ind i planen til og med dagen eller git-revisionen.",
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--forfatter", "--author", metavar="TEKST",
            help="Kun ændringer af en forfatter, hvis navn eller e-mail indeholder teksten (også "
            "ændringer, en anden har flettet ind).",
        ),
    ] = None,
    felt: Annotated[
        list[str] | None,
        typer.Option(
            "--felt", metavar="FELT",
            help="Kun ændringer af feltet: status, tidspunkt, år, periode, emne, aktivitet, ansvarlig "
            "eller noter." + REPEAT,
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Planens historik i git, nyeste først: dato, forfatter, commit-besked og for hver aktivitet
    hvad der blev ændret (felt før → efter), tilføjet, fjernet og nye eller rettede noter.

    Med id'er: de aktiviteters liv, fra de blev tilføjet. Historikken følger filen, også hvis den er
    omdøbt, langs første forælder; det, en fletning bragte ind, står under den, der lavede
    ændringen på grenen ("via fletning"). En version, der ikke kan læses, vises og springes over."""
    from baeredygtig_cli.history.versions import remembered

    path = disk.find_plan_file(file, Path.cwd())
    numbers = [activity_id_of(t) for t in ids or ()]
    names = (flag_name(ctx, "since"), flag_name(ctx, "until"), flag_name(ctx, "author"))

    def entries(history: History) -> list[LogEntry]:
        from baeredygtig_cli.history.versions import log, log_filter

        chosen = log_filter(history, ids=numbers, fields=felt or (), since=since, until=until,
                            author=author, names=names)  # fmt: skip
        return log(history, chosen)

    def text(history: History) -> tuple[str, str]:
        """The whole answer as plain text or JSON, the same for the same HEAD: kept for next time;
        and the line for stderr when it starts where a shallow clone's history does."""
        from baeredygtig_cli.output.historyviews import cut_said

        found = entries(history)
        cut = history.cut_at()
        note = cut_said(cut) if cut is not None and any(e.line is cut for e in found) else ""
        if json:
            from baeredygtig_cli.output.jsonout import log_json

            return log_json(found), note
        from baeredygtig_cli.output.historyviews import log_lines, plain

        return plain(log_lines(found, history.scale(), ids=bool(ids))), note

    def say(note: str) -> None:
        if note:
            print(f"plan: {note}", file=sys.stderr)

    def fit(answer: str) -> str:
        """Plain text wrapped to the width (every pipe and mail is 80 columns); JSON as it is."""
        if json:
            return answer
        from baeredygtig_cli.output.historyviews import fitted
        from baeredygtig_cli.output.text import terminal_width

        return fitted(answer, terminal_width())

    by_day = all(t is None or is_day(t) for t in (since, until))  # a branch name could move: not kept
    if (json or not sys.stdout.isatty()) and by_day:
        answer, note = remembered(path, repr((json, numbers, felt, since, until, author)), text)
        say(note)
        return write_out(fit(answer))
    from baeredygtig_cli.history.versions import History

    history = History.open(path)
    if json or not sys.stdout.isatty():
        answer, note = text(history)
        say(note)
        return write_out(fit(answer))
    from baeredygtig_cli.output.historyviews import cut_said, log_lines, show

    found = entries(history)
    cut = history.cut_at()
    if cut is not None and any(e.line is cut for e in found):
        say(cut_said(cut))
    show(log_lines(found, history.scale(), ids=bool(ids)), write_out, make_screen)


@command("ændringer", cls=PlanCommand)
def changes_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra",
            "--since",
            metavar="REV|DATO",
            callback=day_or_revision,
            help="Fra git-revision eller dato (fx 1/3-2020, fra dagens begyndelse); "
            "ellers før sidste commit af filen.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til",
            "--until",
            metavar="REV|DATO",
            callback=day_or_revision,
            help="Til git-revision eller dato (fx 31/3-2020, til og med dagen); ellers filen, som den er nu.",
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Hvad er ændret i planen mellem to versioner i git: tilføjet, fjernet, og hvert ændret felt
    med før og efter.

    Fx 'plan ændringer --fra 2020-03-01' før et udvalgsmøde: også det, der blev ændret den 1. marts."""
    from baeredygtig_cli.domain.summary import compare
    from baeredygtig_cli.history.gitrepo import versions

    path = disk.find_plan_file(file, Path.cwd())
    old, new = versions(path, since, until, names=(flag_name(ctx, "since"), flag_name(ctx, "until")))
    changes = compare(old.activities, new.activities)
    if json:
        from baeredygtig_cli.output.jsonout import changes_json

        return write_out(changes_json(changes, old, new))
    from baeredygtig_cli.output.views import print_changes

    notes = [version.note for version in (old, new) if version.note]
    print_changes(rich_console(), changes, old.heading, new.heading, notes, plans=(old.plan, new.plan))


REPORT_FORMATS = ("md", "html")


@command("rapport", cls=PlanCommand)
def rapport_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra",
            "--since",
            metavar="DATO|REV",
            callback=day_or_revision,
            help="Periodens start: dato (fx 1/1-2020) eller git-revision; ellers det seneste tag rapport-*, "
            "eller 1. januar i planens år.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til",
            "--until",
            metavar="DATO|REV",
            callback=day_or_revision,
            help="Periodens slutning: dato (til og med dagen) eller git-revision; "
            "ellers filen, som den er nu.",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-F", metavar="FORMAT", help="md (Markdown) eller html (til print, A4)."),
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FIL", help="Filen at skrive (ellers standardoutput)."),
    ] = None,
    tag: Annotated[
        bool,
        typer.Option("--tag", help="Sæt et annoteret git-tag rapport-ÅÅÅÅ-MM ved den rapporterede version."),
    ] = False,
    today: TodayOption = None,
    mine: MineOption = False,
    file: FileOption = None,
) -> None:
    """Statusrapport til byrådet/udvalget for en periode: nøgletal, udvikling over tid, hvad der er
    sket, hvad der er forsinket, hvad der kommer, og status pr. part.

    Med --tag mærkes den rapporterede version i git, så næste rapport starter dér."""
    from baeredygtig_cli.history.gitrepo import day_of, last_report_tag, open_repository, tag_report, versions
    from baeredygtig_cli.history.versions import History, series
    from baeredygtig_cli.output import council, export

    if format not in REPORT_FORMATS:
        raise PlanError(f"ukendt format {format!r} til rapport (kendte: md, html)")
    path = disk.find_plan_file(file, Path.cwd())
    repo = open_repository(path)
    if since is None:
        since = last_report_tag(repo) or f"{plan_for(path).year}-01-01"
    old, new = versions(path, since, until, names=(flag_name(ctx, "since"), flag_name(ctx, "until")))
    assert new.plan is not None
    day = resolve_today(today) if today is not None or until is None else day_of(path, until)
    start = day_of(path, since)
    old_plan, new_plan, chosen = old.plan, new.plan, None
    if mine:  # the report on the user's own activities (plan mig), its title saying whose
        from baeredygtig_cli.cli.mine import me_or_refuse, mine_filters, only_mine

        me = me_or_refuse(new.plan, path)
        old_plan, chosen = only_mine(old.plan, me), mine_filters(new.plan, me)
        new_plan = only_mine(new.plan, me) or new.plan
    found = series(History.open(path, until), new.plan, day, filters=chosen)
    since_label = old.heading if is_day(since) else f"{since}, {old.heading}"
    until_label = new.heading if until is None or is_day(until) else f"{until}, {new.heading}"
    report = council.build(old_plan, new_plan, start, day, since_label, until_label, found)
    if format == "html":
        data = council.report_html(report)
    else:
        data = council.report_markdown(report).encode("utf-8")
    export.write_output(data, output)
    if output not in (None, "-"):
        print(f"plan: skrev rapporten til {output}", file=sys.stderr)
    if tag:
        name = f"rapport-{day:%Y-%m}"
        at = new.commit or "HEAD"  # the reported version: the --til commit, else HEAD
        tag_report(repo, name, f"Statusrapport {start.isoformat()} – {day.isoformat()}", at)
        where = new.heading if new.commit else "HEAD"
        print(f"plan: satte tagget {name} ved {where}; næste rapport starter dér", file=sys.stderr)
