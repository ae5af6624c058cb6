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
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.domain.statuses import COLOURED, Scale
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, summarize

if TYPE_CHECKING:
    from baeredygtig_cli.history.versions import Series
from baeredygtig_cli.domain.timing import format_date, format_period, year_span
from baeredygtig_cli.output.text import note_line
from baeredygtig_cli.output.timeline import activity_chart, month_units

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

# Progress over time (an SVG of stacked columns): each status's fill is its colour; a white edge
# parts neighbouring pieces, so each piece meets white (3:1 and more, as the badges) rather than
# another status's colour. No status is outlined, as everywhere on the page.
_CHART_CSS = "\n".join(
    [
        "",
        ".chart { display: block; width: 100%; max-width: 60rem; height: auto; }",
        ".chart text { fill: var(--muted); color: var(--muted); font-size: .7rem; }",
        ".chart line { stroke: #d9dde3; }",
        ".chart rect { stroke: #fff; stroke-width: 1; fill: var(--other); }",
        *(f".chart rect.{look.css} {{ fill: var(--{look.css}); }}" for look in COLOURED),
        ".chart rect.none { fill: #fff; stroke: var(--muted); stroke-dasharray: 3 2; }",
        ".swatch { display: inline-block; width: .8rem; height: .8rem; background: var(--other); }",
        *(f".swatch.{look.css} {{ background: var(--{look.css}); }}" for look in COLOURED),
        ".swatch.none { background: #fff; border: 1px dashed var(--muted); }",
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
    + _CHART_CSS
    + """
.badge.none, .bar.none, .dot.none { background: #fff; color: var(--muted); border: 1px dashed var(--muted); }
.arrow { color: var(--muted); font-weight: 700; padding-left: .2rem; }
.outside { font-size: .85rem; color: var(--muted); margin: .5rem 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .75rem 0; font-size: .85rem;
          color: var(--muted); }
footer { margin-top: 2.5rem; font-size: .8rem; color: var(--muted); }
"""
)


def page_start(title: str, css: str) -> list[str]:
    """A self-contained Danish page up to its content: the export page's and the report's."""
    return [
        "<!doctype html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]


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


CHART_WIDTH, CHART_HEIGHT = 720, 180  # the SVG's own units; it scales to the page
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 34, 22, 8


def _axis_step(most: int) -> int:
    """A round step for the chart's value axis (1, 2, 5, 10, 20, 50, ...): at most five steps to the top."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if most <= 5 * step:
                return step
        scale *= 10


def progress_figure(series: Series, scale: Scale, today: date) -> list[str]:
    """Progress over time as stacked columns, one per month: the finished status at the bottom (its
    growth is the burn-up), the column's height the number of activities; a line and a number at
    every round step of the value axis, and a legend. `progress_table` gives the same numbers."""
    from baeredygtig_cli.history.versions import bar_order

    points = series.points
    if not points:
        return []
    order = bar_order(series, scale)
    most = max(p.total for p in points) or 1
    room = CHART_WIDTH - CHART_LEFT - 4
    step = room / len(points)
    column = max(2.0, min(28.0, step * 0.75))
    high = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    every = max(1, -(-60 // int(step)) if step >= 1 else len(points))  # about 60 units between labels

    def looked(key: str) -> str:
        return "none" if key == NO_STATUS_KEY else scale.look(key).css

    def y(count: float) -> float:
        return CHART_TOP + high - count * high / most

    axis = _axis_step(most)
    ticks = list(range(0, most + 1, axis))
    if most - ticks[-1] >= axis * 0.4:  # the top itself, unless it would sit on the last round step
        ticks.append(most)
    name = "fremdrift-titel"
    out = [
        f'<p class="intro">Antal aktiviteter pr. status ved hver måneds udgang fra planens første '
        f"version i git til {escape(format_date(today))}. {escape(scale.finished or 'Afsluttet')} står "
        "nederst; søjlens højde er antallet af aktiviteter.</p>",
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" aria-labelledby="{name}">',
        f'<title id="{name}">Fremdrift over tid: {escape(scale.finished or "afsluttet")} mod antal '
        "aktiviteter pr. måned</title>",
    ]
    for tick in ticks:
        out += [
            f'<line x1="{CHART_LEFT}" y1="{y(tick):.1f}" x2="{CHART_WIDTH}" y2="{y(tick):.1f}"></line>',
            f'<text x="{CHART_LEFT - 4}" y="{y(tick):.1f}" text-anchor="end" dominant-baseline="middle">'
            f"{tick}</text>",
        ]
    for i, point in enumerate(points):
        x = CHART_LEFT + 2 + i * step + (step - column) / 2
        running = 0
        tip = f"{point.label}: {point.finished} af {point.total} {scale.finished or 'afsluttet'}"
        out.append(f"<g><title>{escape(tip)}</title>")
        for key in order:
            count = point.counts.get(key, 0)
            if count:
                top, bottom = y(running + count), y(running)
                out.append(f'<rect class="{looked(key)}" x="{x:.1f}" y="{top:.1f}" width="{column:.1f}" '
                           f'height="{bottom - top:.1f}"></rect>')  # fmt: skip
                running += count
        out.append("</g>")
        if i % every == 0:
            label = escape(point.label)
            out.append(
                f'<text x="{x + column / 2:.1f}" y="{CHART_HEIGHT - 6}" text-anchor="middle">{label}</text>'
            )
    out.append("</svg>")

    def named(key: str) -> str:
        return escape("ingen status" if key == NO_STATUS_KEY else key)

    legend = "".join(
        f'<span><span class="swatch {looked(k)}"></span> {named(k)}</span>'
        for k in order
        if any(p.counts.get(k) for p in points)
    )
    out.append(f'<div class="legend">{legend}</div>')
    return out


def progress_table(series: Series) -> list[str]:
    """The numbers behind the chart: a row per month, a column per status (then none and the total)."""
    heads = "".join(f"<th>{escape('Ingen' if k == NO_STATUS_KEY else k)}</th>" for k in series.keys)
    rows = "".join(
        f"<tr><td>{escape(p.label)}</td>" + "".join(f"<td>{p.counts.get(k, 0)}</td>" for k in series.keys)
        + f"<td>{p.total}</td></tr>"
        for p in series.points
    )  # fmt: skip
    return [
        '<div class="scroll"><table class="plan">',
        f"<thead><tr><th>Måned</th>{heads}<th>I alt</th></tr></thead>",
        f"<tbody>{rows}</tbody></table></div>",
    ]


def _progress_chart(series: Series, scale: Scale, today: date) -> list[str]:
    """The export page's section: the chart, and its numbers for a screen reader and for anyone who
    wants them, folded away."""
    if not series.points:
        return []
    table = progress_table(series)
    return [
        "<h2>Fremdrift over tid</h2>",
        *progress_figure(series, scale, today),
        "<details><summary>Tallene bag figuren</summary>",
        *table[:-1],
        table[-1] + "</details>",
    ]


def to_html(plan: Plan, activities: Sequence[Activity], today: date, series: Series | None = None) -> bytes:
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
            f"<td>{escape(a.ansvarlig)}{_parties_line(a, plan)}</td>"
            f"<td>{_badge(a.status, scale)}</td>"
            "</tr>"
        )
    legend = "".join(f"<span>{_badge(s, scale)}</span>" for s in (*plan.statuses, None))
    legend += "<span>● én dag</span><span>→ åben slutning</span>"
    parts = [
        *page_start(plan.title, CSS),
        f"<h1>{escape(plan.title)}</h1>",
        f'<p class="intro">{escape(plan.introduction)}</p>' if plan.introduction else "",
        '<div class="overview">',
        f"<strong>{_count(summary.overall.total)}</strong>{counts}",
        f'<span class="progress" title="{share:.0%} afsluttet">'
        f'<span style="width:{share * 100:.1f}%"></span></span>',
        f"<span>{share:.0%} afsluttet · {summary.overdue} forsinket pr. {escape(format_date(today))}</span>",
        "</div>",
        *(_progress_chart(series, scale, today) if series is not None else ()),
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


def _parties_line(activity: Activity, plan: Plan) -> str:
    """Where the plan declares parties: the declared tovholder and collaborators under the text as
    written, in the note's quiet style."""
    if not plan.parties:
        return ""
    from baeredygtig_cli.domain.parties import roles

    lead, others = roles(activity.ansvarlig, plan.parties)
    said = f"Tovholder: {lead.name}" if lead else "Ingen af planens parter"
    if others:
        said += f" · medvirkende: {', '.join(p.name for p in others)}"
    return f'<span class="period">{escape(said)}</span>'


def _latest_note(activity: Activity) -> str:
    """The newest note under the activity's text, in the period's quiet style (contrast tested)."""
    note = activity.latest_note
    if note is None:
        return ""
    return f'<span class="period">Note {note_line(note, text=escape)}</span>'
