"""`plan export --format html`: one self-contained static page for the municipality's web platform.

No external assets and no JavaScript: inline CSS, the timeline as an HTML table drawn by CSS.
Every text from the plan goes through `html.escape`. The colours meet WCAG 2.1 AA contrast (Danish
public web sites are held to it): tests/test_export_safety.py computes every pair from CSS below.
A status's class and colour are its look on the plan's scale (statuses.py), so the page draws any
plan's own statuses, not only the four default words. No Rich: the timeline's grid is plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from .model import Activity, Plan
from .report import NO_STATUS_KEY, summarize
from .statuses import COLOURED, Scale
from .timeline import activity_chart, month_units
from .timing import format_date, format_period, year_span

# A colour variable per look of statuses.py (`--other` for a status after the finished one, and the
# default; `--afsluttet` also fills the progress bar), and each look's badge, bar and dot in it.
_STATUS_CSS = "\n".join(
    [
        ":root { " + " ".join(f"--{look.css}: {look.colour};" for look in COLOURED) + " }",
        *(
            f".badge.{look.css}, .bar.{look.css}, .dot.{look.css} {{ background: var(--{look.css}); }}"
            for look in COLOURED
        ),
    ]
)

CSS = (
    """
:root { --line: #d9dde3; --muted: #5b6470; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0;
       color: #1d232b; background: #fff; line-height: 1.45; }
main { max-width: 1200px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 .75rem; border-bottom: 2px solid var(--line);
     padding-bottom: .25rem; }
.intro { max-width: 60rem; color: #333; }
.overview { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-top: 1rem; }
.progress { width: 14rem; height: .75rem; background: #eceff3; border-radius: .4rem; overflow: hidden; }
.progress span { display: block; height: 100%; background: var(--afsluttet); }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-size: .85rem;
         font-weight: 600; color: #fff; white-space: nowrap; background: var(--other); }
table { border-collapse: collapse; width: 100%; }
.scroll { overflow-x: auto; }
.gantt { min-width: 40rem; }
.plan th, .plan td { text-align: left; vertical-align: top; padding: .45rem .5rem;
                     border-bottom: 1px solid var(--line); }
.plan th { background: #f4f6f8; position: sticky; top: 0; }
.plan td.id { text-align: right; color: var(--muted); }
.plan .period { color: var(--muted); font-size: .85rem; display: block; }
.gantt { table-layout: fixed; font-size: .85rem; }
.gantt th { font-weight: 600; color: var(--muted); text-align: center; padding: .2rem 0; }
.gantt th.label, .gantt td.label { width: 34%; text-align: left; white-space: nowrap; overflow: hidden;
         text-overflow: ellipsis; padding: .12rem .5rem .12rem 0; }
.gantt td { padding: .12rem 0; border-left: 1px solid #f0f2f5; }
.gantt td.now, .gantt th.now { background: #fff3f3; }
.gantt th.now { color: #c62828; }
.bar { display: block; height: .9rem; background: var(--other); }
.bar.first { border-radius: .45rem 0 0 .45rem; margin-left: 2px; }
.bar.last { border-radius: 0 .45rem .45rem 0; margin-right: 2px; }
.bar.first.last { border-radius: .45rem; }
.dot { display: block; width: .8rem; height: .8rem; border-radius: 50%; background: var(--other); }
"""
    + _STATUS_CSS
    + """
.badge.none, .bar.none, .dot.none { background: #fff; color: var(--muted); border: 1px dashed var(--muted); }
.arrow { color: var(--muted); font-weight: 700; padding-left: .2rem; }
.outside { font-size: .85rem; color: var(--muted); margin: .5rem 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .75rem 0; font-size: .85rem;
          color: var(--muted); }
footer { margin-top: 2.5rem; font-size: .8rem; color: var(--muted); }
@media print { .plan th { position: static; } }
"""
)


def _badge(status: str | None, scale: Scale) -> str:
    return f'<span class="badge {scale.look(status).css}">{escape(status or "ingen status")}</span>'


def _gantt(plan: Plan, activities: Sequence[Activity], today: date) -> list[str]:
    units = month_units(year_span(plan.year))
    chart = activity_chart(activities, units)
    look = plan.scale.look
    by_id: dict[int | None, Activity] = {a.id: a for a in activities}  # an activity row has an id
    now = [u.period.contains(today) for u in units]
    head = "".join(
        f'<th scope="col"{" class=now" if n else ""} title="{escape(u.label)}">{escape(u.label[:3])}</th>'
        for u, n in zip(units, now, strict=True)
    )
    out = [
        '<div class="scroll"><table class="gantt" aria-label="Tidslinje">',
        f'<thead><tr><th class="label" scope="col">Aktivitet</th>{head}'
        '<th style="width:1.2rem"></th></tr></thead>',
        "<tbody>",
    ]
    for row in chart.rows:
        activity = by_id[row.activity_id]
        css = look(row.status).css
        cells = []
        covered = [i for i, c in enumerate(row.cells) if c]
        for i, count in enumerate(row.cells):
            classes = ["now"] if now[i] else []
            bar = ""
            if count and row.single_day:
                unit = chart.units[i].period
                share = (activity.period.start - unit.start).days / ((unit.end - unit.start).days + 1)
                day = escape(format_date(activity.period.start))
                place = f"margin-left:min({share:.0%}, calc(100% - .85rem))"
                bar = f'<span class="dot {css}" title="{day}" style="{place}"></span>'
            elif count:
                edge = ["first"] * (i == covered[0]) + ["last"] * (i == covered[-1] and not row.continues)
                bar = f'<span class="bar {" ".join([css, *edge])}"></span>'
            cell_class = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cell_class}>{bar}</td>")
        arrow = (
            '<td class="arrow" title="åben slutning">→</td>'
            if row.open_ended and row.cells[-1]
            else "<td></td>"
        )
        title = escape(
            f"{activity.tidspunkt}: {format_period(activity.period)} – {activity.status or 'ingen status'}"
        )
        out.append(
            f'<tr><td class="label" title="{title}">{activity.id}. {escape(activity.aktivitet)}</td>'
            + "".join(cells)
            + arrow
            + "</tr>"
        )
    out += ["</tbody>", "</table></div>"]
    if chart.outside:  # as the terminal's timeline says it, so no activity goes missing without a word
        out.append(f'<p class="outside">{_count(chart.outside)} ligger uden for perioden '
                   "og står kun i tabellen nedenfor.</p>")  # fmt: skip
    return out


def _count(n: int) -> str:
    return f"{n} aktivitet" if n == 1 else f"{n} aktiviteter"


def to_html(plan: Plan, activities: Sequence[Activity], today: date) -> bytes:
    scale = plan.scale
    summary = summarize(activities, scale, today)
    statuses = (
        [*plan.statuses, NO_STATUS_KEY] if summary.overall.counts.get(NO_STATUS_KEY) else list(plan.statuses)
    )
    counts = "".join(
        f"<span>{_badge(None if s == NO_STATUS_KEY else s, scale)} {summary.overall.counts.get(s, 0)}</span>"
        for s in statuses
    )
    share = summary.overall.finished_share
    rows = []
    for a in activities:
        rows.append(
            "<tr>"
            f'<td class="id">{a.id}</td>'
            f'<td>{escape(a.tidspunkt)}<span class="period">{escape(format_period(a.period))}</span></td>'
            f"<td>{escape(', '.join(a.emne))}</td>"
            f"<td>{escape(a.aktivitet)}{_latest_note(a)}</td>"
            f"<td>{escape(a.ansvarlig)}</td>"
            f"<td>{_badge(a.status, scale)}</td>"
            "</tr>"
        )
    legend = "".join(f"<span>{_badge(s, scale)}</span>" for s in (*plan.statuses, None))
    legend += "<span>● én dag</span><span>→ åben slutning</span>"
    parts = [
        "<!doctype html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(plan.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(plan.title)}</h1>",
        f'<p class="intro">{escape(plan.introduction)}</p>' if plan.introduction else "",
        '<div class="overview">',
        f"<strong>{_count(summary.overall.total)}</strong>{counts}",
        f'<span class="progress" title="{share:.0%} afsluttet">'
        f'<span style="width:{share * 100:.1f}%"></span></span>',
        f"<span>{share:.0%} afsluttet · {summary.overdue} forsinket pr. {escape(format_date(today))}</span>",
        "</div>",
        f"<h2>Tidslinje {plan.year}</h2>",
        f'<div class="legend">{legend}</div>',
        *_gantt(plan, activities, today),
        f"<h2>{escape(plan.heading or 'Aktiviteter')}</h2>",
        '<div class="scroll"><table class="plan">',
        "<thead><tr><th>Id</th><th>Tidspunkt</th><th>Emne</th><th>Aktivitet</th>"
        "<th>Ansvarlig / tovholder</th><th>Status</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table></div>",
    ]
    if plan.cross_cutting:
        parts += [
            "<h2>Gennemgående indsatser</h2>",
            "<ul>",
            *(f"<li>{escape(g)}</li>" for g in plan.cross_cutting),
            "</ul>",
        ]
    parts += [
        f"<footer>Udskrevet {escape(format_date(today))} fra plan.yaml med plan.</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(p for p in parts if p).encode("utf-8")


def _latest_note(activity: Activity) -> str:
    """The newest note under the activity's text, in the period's quiet style (contrast tested)."""
    note = activity.latest_note
    if note is None:
        return ""
    by = f" ({escape(note.author)})" if note.author else ""
    return f'<span class="period">Note {escape(format_date(note.day))}{by}: {escape(note.text)}</span>'
