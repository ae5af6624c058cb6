"""`plan rapport`: the status report to the council for a period, as Markdown and as a print-ready
HTML page (A4 by `@page`, one self-contained file, the export page's tested colours).

Pure: the two versions, the progress series and today are passed in (cli.py reads git and the
clock); `build` gathers the figures, `report_markdown` and `report_html` only render them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity, Note, Period, Plan
from baeredygtig_cli.domain.parties import count_parties, reader_for
from baeredygtig_cli.domain.query import due_within, is_overdue
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, Change, compare
from baeredygtig_cli.domain.timing import format_date, format_period, months_later
from baeredygtig_cli.output.text import note_line

if TYPE_CHECKING:
    from baeredygtig_cli.history.versions import Series

NEXT_MONTHS = 3  # section 5: what is planned for the next three months


@dataclass(frozen=True, slots=True)
class Figures:
    """The headline figures of one version of the plan on one day."""

    total: int
    finished: int
    running: int  # its period holds the day and it is not finished
    overdue: int


@dataclass(frozen=True, slots=True)
class PartyRow:
    name: str
    lead: int
    collaborating: int
    counts: dict[str, int]  # per status (NO_STATUS_KEY: none) of all its activities
    overdue: int


@dataclass(frozen=True, slots=True)
class Report:
    plan: Plan
    start: date  # the period's first day
    today: date  # its last day: the day the report answers for
    since: str  # how the start version is named ("6ed5420 (1. februar 2020)")
    until: str
    now: Figures
    before: Figures | None  # None: the plan was not in git at the start
    finished: list[Change]
    started: list[Change]
    rescheduled: list[Change]
    added: list[Activity]
    removed: list[Activity]
    notes: list[tuple[Activity, Note]]  # the notes written in the period, by activity
    overdue: list[Activity]
    coming: list[Activity]
    coming_period: Period
    parties: list[PartyRow]
    series: Series | None


def figures(plan: Plan | None, day: date) -> Figures | None:
    if plan is None:
        return None
    done = plan.finished_status
    acts = plan.activities
    finished = sum(1 for a in acts if plan.is_finished(a))
    running = sum(1 for a in acts if a.period.contains(day) and not plan.is_finished(a))
    overdue = sum(1 for a in acts if is_overdue(a, day, done))
    return Figures(len(acts), finished, running, overdue)


def _started(change: Change, plan: Plan) -> bool:
    """Moved from no status or the scale's first status to a later one that is not finished."""
    first = plan.statuses[0] if plan.statuses else None
    old, new = change.old.status, change.new.status
    return old in (None, first) and new not in (None, first) and not plan.is_finished(change.new)


def build(
    old_plan: Plan | None,
    plan: Plan,
    start: date,
    today: date,
    since: str,
    until: str,
    series: Series | None = None,
) -> Report:
    """The report on `plan` (as it stood at the end of the period, answering for `today`) against
    `old_plan` (as it stood when the period began, on `start`)."""
    changes = compare(old_plan.activities if old_plan else (), plan.activities)
    finished = [c for c in changes.status if plan.is_finished(c.new)]
    started = [c for c in changes.status if _started(c, plan)]
    notes = [(c.new, n) for c in changes.noted for n in c.notes]
    notes += [(a, n) for a in changes.added for n in a.notes if n.day >= start]
    notes.sort(key=lambda pair: (pair[1].day, pair[0].id))
    done = plan.finished_status
    overdue = sorted(
        (a for a in plan.activities if is_overdue(a, today, done)), key=lambda a: (a.period.end, a.id)
    )
    coming_period = Period(today + timedelta(days=1), months_later(today, NEXT_MONTHS))
    coming = due_within(plan.activities, coming_period, finished=done)
    if series is not None:
        first_key = f"{start.year}-{start.month:02d}"
        series = dataclasses.replace(series, points=[p for p in series.points if p.key >= first_key])
    return Report(
        plan=plan,
        start=start,
        today=today,
        since=since,
        until=until,
        now=figures(plan, today) or Figures(0, 0, 0, 0),
        before=figures(old_plan, start),
        finished=finished,
        started=started,
        rescheduled=list(changes.timing),
        added=list(changes.added),
        removed=list(changes.removed),
        notes=notes,
        overdue=overdue,
        coming=coming,
        coming_period=coming_period,
        parties=_party_rows(plan, today),
        series=series,
    )


def _party_rows(plan: Plan, today: date) -> list[PartyRow]:
    """Each declared party with its activities' statuses; a last row for those naming none."""
    if not plan.parties:
        return []
    counted, unnamed = count_parties(plan.activities, plan.parties)
    rows = [_row(c.party.name, c.lead, c.collaborating, plan, today) for c in counted]
    if unnamed:
        rows.append(_row("Ingen erklæret part", unnamed, [], plan, today))
    return rows


def _row(name: str, lead: list[Activity], others: list[Activity], plan: Plan, today: date) -> PartyRow:
    counts: dict[str, int] = {}
    for a in (*lead, *others):
        counts[a.status or NO_STATUS_KEY] = counts.get(a.status or NO_STATUS_KEY, 0) + 1
    overdue = sum(1 for a in (*lead, *others) if is_overdue(a, today, plan.finished_status))
    return PartyRow(name, len(lead), len(others), counts, overdue)


def _status_keys(report: Report) -> list[str]:
    keys = list(report.plan.statuses)
    if any(r.counts.get(NO_STATUS_KEY) for r in report.parties):
        keys.append(NO_STATUS_KEY)
    return keys


def _status_name(key: str) -> str:
    return "Ingen status" if key == NO_STATUS_KEY else key


def _change_word(now: int, before: int | None) -> str:
    if before is None:
        return "–"
    diff = now - before
    return f"+{diff}" if diff > 0 else ("±0" if diff == 0 else f"−{-diff}")


def _headline_rows(report: Report) -> list[tuple[str, int, int | None]]:
    now, before = report.now, report.before
    return [
        ("Aktiviteter", now.total, before.total if before else None),
        ("Afsluttet", now.finished, before.finished if before else None),
        ("I gang nu (perioden løber)", now.running, before.running if before else None),
        ("Forsinket", now.overdue, before.overdue if before else None),
    ]


def _tovholder(plan: Plan, activity: Activity) -> str:
    """The declared party named first, else the text as written."""
    if plan.parties:
        party = reader_for(plan.parties).tovholder(activity.ansvarlig)
        if party is not None:
            return party.name
    return activity.ansvarlig


def _status_move(change: Change) -> str:
    return f"{change.old.status or 'ingen status'} → {change.new.status or 'ingen status'}"


def _timing_move(change: Change) -> str:
    return f"{format_period(change.old.period)} → {format_period(change.new.period)}"


# --- Markdown --------------------------------------------------------------------------------------


def _md_text(text: str) -> str:
    from baeredygtig_cli.output.export import _md_inline

    return _md_inline(text)


def _md_grid(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _md_list(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return [f"**{title}:** ingen.", ""]
    return [f"**{title}:**", "", *(f"- {item}" for item in items), ""]


def _md_name(a: Activity) -> str:
    return f"{a.id} {_md_text(a.aktivitet)}"


def report_markdown(report: Report) -> str:
    plan = report.plan
    out = [
        f"# Statusrapport: {_md_text(plan.title)}",
        "",
        f"Perioden {format_date(report.start)} – {format_date(report.today)}: "
        f"fra {_md_text(report.since)} til {_md_text(report.until)}.",
        "",
        "## 1. Nøgletal",
        "",
        *_md_grid(
            ["", f"{format_date(report.today)}", f"{format_date(report.start)}", "Ændring"],
            [
                [name, str(now), "–" if before is None else str(before), _change_word(now, before)]
                for name, now, before in _headline_rows(report)
            ],
        ),
        "",
        "## 2. Udvikling over tid",
        "",
    ]
    series = report.series
    if series is None or not series.points:
        out += ["Planens historik i git giver ingen tal for perioden.", ""]
    else:
        keys = [k for k in series.keys if any(p.counts.get(k) for p in series.points)]
        out += _md_grid(
            ["Måned", *(_status_name(k) for k in keys), "I alt"],
            [[p.label, *(str(p.counts.get(k, 0)) for k in keys), str(p.total)] for p in series.points],
        )
        out.append("")
    out += ["## 3. Sket i perioden", ""]
    out += _md_list(
        "Afsluttet", [f"{_md_name(c.new)} ({_md_text(_status_move(c))})" for c in report.finished]
    )
    out += _md_list(
        "Sat i gang", [f"{_md_name(c.new)} ({_md_text(_status_move(c))})" for c in report.started]
    )
    out += _md_list(
        "Flyttet", [f"{_md_name(c.new)} ({_md_text(_timing_move(c))})" for c in report.rescheduled]
    )
    out += _md_list("Tilføjet", [f"{_md_name(a)} ({_md_text(a.tidspunkt)})" for a in report.added])
    out += _md_list("Fjernet", [_md_name(a) for a in report.removed])
    out += _md_list(
        "Noter",
        [f"{_md_name(a)}, {note_line(n, text=_md_text)}" for a, n in report.notes],
    )
    out += [f"## 4. Forsinket pr. {format_date(report.today)}", ""]
    if report.overdue:
        out += _md_grid(
            ["Id", "Aktivitet", "Skulle slutte", "Status", "Tovholder", "Seneste note"],
            [
                [
                    str(a.id), _md_text(a.aktivitet), format_date(a.period.end),
                    _md_text(a.status or "ingen"), _md_text(_tovholder(plan, a)), _md_note(a.latest_note),
                ]
                for a in report.overdue
            ],
        )  # fmt: skip
    else:
        out.append("Ingen aktiviteter er forsinket.")
    out += ["", f"## 5. Planlagt de næste {NEXT_MONTHS} måneder", ""]
    out.append(f"{format_period(report.coming_period)}.")
    out.append("")
    if report.coming:
        out += _md_grid(
            ["Id", "Tidspunkt", "Aktivitet", "Status", "Tovholder"],
            [
                [
                    str(a.id),
                    _md_text(a.tidspunkt),
                    _md_text(a.aktivitet),
                    _md_text(a.status or "ingen"),
                    _md_text(_tovholder(plan, a)),
                ]
                for a in report.coming
            ],
        )
    else:
        out.append("Intet planlagt.")
    out += ["", "## 6. Pr. part", ""]
    if report.parties:
        keys = _status_keys(report)
        out += _md_grid(
            ["Part", "Tovholder", "Medvirkende", *(_status_name(k) for k in keys), "Forsinket"],
            [
                [_md_text(r.name), str(r.lead), str(r.collaborating),
                 *(str(r.counts.get(k, 0)) for k in keys), str(r.overdue)]
                for r in report.parties
            ],
        )  # fmt: skip
    else:
        out.append("Planen erklærer ingen parter (se 'plan parter').")
    out += ["", f"Udskrevet {format_date(report.today)} fra plan.yaml med plan.", ""]
    return "\n".join(out)


def _md_note(note: Note | None) -> str:
    if note is None:
        return "–"
    return f"{format_date(note.day)}: {_md_text(note.text)}"


# --- HTML ------------------------------------------------------------------------------------------

PRINT_CSS = """
main { max-width: 52rem; }
.figures { width: auto; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  main { padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  details > table, details > .scroll { display: block; }
  .plan th { position: static; }
}
"""


def _html_table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str = "plan") -> list[str]:
    return [
        f'<table class="{css}">',
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
        *("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows),
        "</tbody></table>",
    ]


def _html_list(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return [f"<h3>{title}</h3>", "<p>Ingen.</p>"]
    return [f"<h3>{title}</h3>", "<ul>", *(f"<li>{i}</li>" for i in items), "</ul>"]


def _html_name(a: Activity) -> str:
    return f"{a.id} {escape(a.aktivitet)}"


def report_html(report: Report) -> bytes:
    from baeredygtig_cli.output.htmlpage import CSS, _badge, _progress_chart

    plan, scale = report.plan, report.plan.scale
    parts = [
        "<!doctype html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>Statusrapport: {escape(plan.title)}</title>",
        f"<style>{CSS}{PRINT_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Statusrapport: {escape(plan.title)}</h1>",
        f"<p>Perioden {format_date(report.start)} – {format_date(report.today)}: "
        f"fra {escape(report.since)} til {escape(report.until)}.</p>",
        "<h2>1. Nøgletal</h2>",
        *_html_table(
            ["", format_date(report.today), format_date(report.start), "Ændring"],
            [
                [name, str(now), "–" if before is None else str(before), _change_word(now, before)]
                for name, now, before in _headline_rows(report)
            ],
            "plan figures",
        ),
        "<h2>2. Udvikling over tid</h2>",
    ]
    if report.series is not None and report.series.points:
        chart = _progress_chart(report.series, scale, report.today)
        parts += [line for line in chart if not line.startswith("<h2")]
    else:
        parts.append("<p>Planens historik i git giver ingen tal for perioden.</p>")
    parts.append("<h2>3. Sket i perioden</h2>")
    parts += _html_list(
        "Afsluttet", [f"{_html_name(c.new)} ({escape(_status_move(c))})" for c in report.finished]
    )
    parts += _html_list(
        "Sat i gang", [f"{_html_name(c.new)} ({escape(_status_move(c))})" for c in report.started]
    )
    parts += _html_list(
        "Flyttet", [f"{_html_name(c.new)} ({escape(_timing_move(c))})" for c in report.rescheduled]
    )
    parts += _html_list("Tilføjet", [f"{_html_name(a)} ({escape(a.tidspunkt)})" for a in report.added])
    parts += _html_list("Fjernet", [_html_name(a) for a in report.removed])
    parts += _html_list(
        "Noter",
        [
            f"{_html_name(a)}, {format_date(n.day)}{f' ({escape(n.author)})' if n.author else ''}: "
            f"{escape(n.text)}"
            for a, n in report.notes
        ],
    )
    parts.append(f"<h2>4. Forsinket pr. {format_date(report.today)}</h2>")
    if report.overdue:
        parts += _html_table(
            ["Id", "Aktivitet", "Skulle slutte", "Status", "Tovholder", "Seneste note"],
            [
                [
                    str(a.id), escape(a.aktivitet), format_date(a.period.end), _badge(a.status, scale),
                    escape(_tovholder(plan, a)), escape(_plain_note(a.latest_note)),
                ]
                for a in report.overdue
            ],
        )  # fmt: skip
    else:
        parts.append("<p>Ingen aktiviteter er forsinket.</p>")
    parts += [
        f"<h2>5. Planlagt de næste {NEXT_MONTHS} måneder</h2>",
        f"<p>{format_period(report.coming_period)}.</p>",
    ]
    if report.coming:
        parts += _html_table(
            ["Id", "Tidspunkt", "Aktivitet", "Status", "Tovholder"],
            [
                [str(a.id), escape(a.tidspunkt), escape(a.aktivitet), _badge(a.status, scale),
                 escape(_tovholder(plan, a))]
                for a in report.coming
            ],
        )  # fmt: skip
    else:
        parts.append("<p>Intet planlagt.</p>")
    parts.append("<h2>6. Pr. part</h2>")
    if report.parties:
        keys = _status_keys(report)
        parts += _html_table(
            ["Part", "Tovholder", "Medvirkende", *(escape(_status_name(k)) for k in keys), "Forsinket"],
            [
                [escape(r.name), str(r.lead), str(r.collaborating), *(str(r.counts.get(k, 0)) for k in keys),
                 str(r.overdue)]
                for r in report.parties
            ],
        )  # fmt: skip
    else:
        parts.append("<p>Planen erklærer ingen parter (se 'plan parter').</p>")
    parts += [
        f"<footer>Udskrevet {escape(format_date(report.today))} fra plan.yaml med plan.</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")


def _plain_note(note: Note | None) -> str:
    return "–" if note is None else f"{format_date(note.day)}: {note.text}"
