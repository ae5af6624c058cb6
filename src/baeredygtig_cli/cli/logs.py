"""The commands that read the plan's history in git: log, changes, rapport."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import (
    is_day,
    make_screen,
    plan_for,
    resolve_today,
    rich_console,
    stdout_is_terminal,
    write_out,
)
from baeredygtig_cli.cli.options import (
    REPEAT,
    FileOption,
    JsonOption,
    MineOption,
    PlanCommand,
    TodayOption,
    activity_id_of,
    day_option,
    day_or_revision,
    flag_name,
    not_blank,
)
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from baeredygtig_cli.history.versions import History, LogEntry
    from baeredygtig_cli.output import council


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


REPORT_FORMATS = ("md", "html", "pdf", "docx")
BINARY_REPORTS = ("pdf", "docx")


def _report_format(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    kind = value.strip().lower()
    if kind not in REPORT_FORMATS:
        raise PlanError(f"ukendt format {value!r} til rapport (kendte: {', '.join(REPORT_FORMATS)})")
    return kind


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
            help="Periodens start: dato (fx 1/1-2020) eller git-revision; ellers dagen efter perioden i "
            "det seneste tag rapport-*, eller 1. januar i planens år.",
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
        typer.Option(
            "--format", "-F", metavar="FORMAT", callback=_report_format,
            help="md (Markdown), html (til print, A4), pdf (udskrevet af Chromium) eller docx (Word).",
        ),
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FIL", help="Filen at skrive (ellers standardoutput)."),
    ] = None,
    skabelon: Annotated[
        Path | None,
        typer.Option(
            "--skabelon", metavar="FIL",
            help="docx: byg dokumentet på kommunens Word-skabelon (.docx/.dotx): dens typografier, "
            "sidehoved og sidefod.",
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option("--resume", metavar="TEKST", callback=not_blank,
                     help="Resuméet, som koordinatoren skriver det (ellers et ud fra tallene)."),
    ] = None,
    resume_fil: Annotated[
        Path | None,
        typer.Option("--resume-fil", metavar="FIL",
                     help="Resuméet fra en tekstfil (UTF-8; en tom linje skiller afsnit; '-': "
                     "standardinput)."),
    ] = None,
    moede: Annotated[
        date | None,
        typer.Option("--møde", metavar="DATO", parser=str, callback=day_option,
                     help="Mødets dato (fx 24/6-2020), til forsiden."),
    ] = None,
    kommune: Annotated[
        str | None,
        typer.Option("--kommune", metavar="TEKST", callback=not_blank,
                     help="Kommunen på forsiden (ellers kommune: i planens hoved)."),
    ] = None,
    udvalg: Annotated[
        str | None,
        typer.Option("--udvalg", metavar="TEKST", callback=not_blank,
                     help="Udvalget på forsiden (ellers udvalg: i planens hoved)."),
    ] = None,
    tag: Annotated[
        bool,
        typer.Option(
            "--tag",
            help="Sæt et annoteret git-tag rapport-ÅÅÅÅ-MM ved den rapporterede version, med perioden; "
            "afvises, hvis plan.yaml har ændringer, der ikke er committet.",
        ),
    ] = False,
    commit: Annotated[
        bool,
        typer.Option("--gem", "--commit",
                     help="Med --tag: gem plan.yaml i git (commit) først, hvis den har ændringer."),
    ] = False,
    today: TodayOption = None,
    mine: MineOption = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Statusrapport til byrådet/udvalget for en periode: forside (kommune, udvalg, møde), resumé,
    nøgletal, udvikling over tid, hvad der er sket, hvad der er forsinket og hvad der kommer (efter
    emne), og status pr. part.

    Med --tag mærkes den rapporterede version i git, og næste rapport begynder dagen efter perioden."""
    from baeredygtig_cli.domain.timing import format_date
    from baeredygtig_cli.history import gitrepo
    from baeredygtig_cli.history.versions import History, series
    from baeredygtig_cli.output import council

    if skabelon is not None and format != "docx":
        raise PlanError(f"--skabelon virker kun med --format docx, ikke med {format}")
    if resume is not None and resume_fil is not None:
        raise PlanError("brug enten --resume eller --resume-fil, ikke begge")
    if commit and not tag:
        raise PlanError(f"{flag_name(ctx, 'commit')} virker kun sammen med --tag")
    if format in BINARY_REPORTS and output in (None, "-") and stdout_is_terminal():
        raise PlanError(f"{format} er ikke tekst; skriv rapporten til en fil med -o, fx -o rapport.{format}")
    path = disk.find_plan_file(file, Path.cwd())
    repo = gitrepo.open_repository(path)
    names = (flag_name(ctx, "since"), flag_name(ctx, "until"))
    if today is not None or until is None:
        day = resolve_today(today)
    else:
        day = gitrepo.day_of(path, until, names[1])
    name = f"{gitrepo.REPORT_TAG_PREFIX}{day:%Y-%m}"
    to_commit = False
    if tag:  # refused now, before a file is written
        gitrepo.refuse_tag(repo, name)
        if until is None and gitrepo.plan_changed(repo):
            if not commit:
                raise PlanError(
                    f"{disk.display_path(path)} har ændringer, der ikke er committet, og tagget skal "
                    "pege på den version, rapporten viser: commit dem først, eller brug --gem"
                )
            to_commit = True
    mark = gitrepo.last_report(repo) if since is None else None
    if since is not None:
        start_at, start = since, gitrepo.day_of(path, since, names[0])
    elif mark is not None:
        start_at = mark.name
        start = mark.period[1] + timedelta(days=1) if mark.period else gitrepo.day_of(path, mark.name)
    else:
        start = date(plan_for(path).year, 1, 1)
        start_at = start.isoformat()
    if start > day:
        after = f" (dagen efter perioden i {mark.name})" if mark is not None else ""
        raise PlanError(
            f"perioden ville begynde {format_date(start)}{after}, efter sin sidste dag "
            f"{format_date(day)}; vælg starten med --fra"
        )
    resume_text = resume if resume_fil is None else _read_resume(resume_fil)
    template = _template_file(skabelon) if skabelon is not None else None
    if format == "pdf":
        from baeredygtig_cli.output.printing import find_browser

        find_browser()  # none: said before anything is committed or written
    if to_commit:
        made = gitrepo.commit_plan(repo, f"Statusrapport {format_date(start)} – {format_date(day)}")
        print(f"plan: committede {disk.display_path(path)} ({made})", file=sys.stderr)
    old, new = gitrepo.versions(path, start_at, until, names=names)
    assert new.plan is not None
    # The plan came into git after the period began (a fresh clone, a plan committed late): say so.
    known_from = old.day if old.commit is not None and old.day is not None and old.day > start else None
    old_plan, new_plan, chosen = old.plan, new.plan, None
    if mine:  # the report on the user's own activities (plan mig), its title saying whose
        from baeredygtig_cli.cli.mine import me_or_refuse, mine_filters, only_mine

        me = me_or_refuse(new.plan, path)
        old_plan, chosen = only_mine(old.plan, me), mine_filters(new.plan, me)
        new_plan = only_mine(new.plan, me) or new.plan
    found = None
    if known_from is None or known_from <= day:
        found = series(History.open(path, until), new.plan, day, filters=chosen)
    since_label = old.heading if is_day(start_at) else f"{start_at}, {old.heading}"
    until_label = new.heading if until is None or is_day(until) else f"{until}, {new.heading}"
    if tag and until is None:  # the working copy is HEAD's: name the commit the tag will mark
        _full, short, committed = repo.commit("HEAD")
        until_label = f"{short} ({format_date(committed)})"
    front = council.FrontMatter(
        municipality=kommune.strip() if kommune else new.plan.municipality,
        committee=udvalg.strip() if udvalg else new.plan.committee,
        meeting=moede,
        resume=resume_text,
    )
    report = council.build(old_plan, new_plan, start, day, since_label, until_label, found,
                           front=front, known_from=known_from)  # fmt: skip
    from baeredygtig_cli.output.export import write_output

    write_output(_render(report, format, template), output, plan=path)
    if output not in (None, "-"):
        print(f"plan: skrev rapporten til {output}", file=sys.stderr)
    if tag:
        at = new.commit or "HEAD"  # the reported version: the --til commit, else HEAD
        gitrepo.tag_report(repo, name, gitrepo.report_message(start, day), at)
        where = new.heading if new.commit else until_label
        following = format_date(day + timedelta(days=1))
        print(f"plan: satte tagget {name} ved {where}; næste rapport begynder {following}", file=sys.stderr)


def _read_resume(path: Path) -> str:
    """`--resume-fil`: a UTF-8 text file (or standard input for '-'), read as the plan is read."""
    if str(path) == "-":
        return sys.stdin.read()
    return disk.read_text(path)


def _template_file(path: Path) -> Path:
    """`--skabelon`: a file that is there (what is in it, word.py says when it reads it)."""
    if not path.is_file():
        raise PlanError(f"skabelonen {path} findes ikke (eller er ikke en fil)")
    return path


def _render(report: council.Report, format: str, template: Path | None) -> bytes:
    from baeredygtig_cli.output import council

    if format == "md":
        return council.report_markdown(report).encode("utf-8")
    if format == "docx":
        from baeredygtig_cli.output.word import report_docx

        return report_docx(report, council.document(report), template)
    from baeredygtig_cli.output.councilpage import report_html

    page = report_html(report)
    if format == "html":
        return page
    from baeredygtig_cli.output.printing import print_pdf

    return print_pdf(page)
