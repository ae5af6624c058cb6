"""The council report (`council.document`'s blocks) as one self-contained HTML page for print: what
`plan rapport --format html` writes and `--format pdf` prints.

No external resources and no script; the export page's CSS and tested colours (htmlpage.py), and
for print: A4 by `@page`, the report's title and day in the page's top margin and "Side X af Y" in
its bottom margin (CSS page margin boxes, which Chromium draws from version 131), headings kept with
what follows them, table heads repeated on every page, and tables that never grow wider than the
page (fixed column shares; a long word or URL wraps inside its cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from baeredygtig_cli.domain.timing import format_date
from baeredygtig_cli.output.council import (
    Block,
    Bullets,
    Chart,
    Facts,
    Grid,
    Heading,
    Paragraph,
    Report,
    column_layout,
    one_line,
)

TABLE_SIZE = 0.9  # rem: the tables' text, a little smaller than the page's
HEADER_LIMIT = 90  # characters of the title in the page's top margin; the rest is cut with "…"

# On screen and in print. Every table is as wide as the page and no wider: its columns have fixed
# shares, and any text (a URL, a word of 280 letters) wraps where it must. Colours are the export
# page's, so the contrast test of the export holds here too.
REPORT_CSS = """
main { max-width: 52rem; }
h1, h2, h3, h4, p, li, dt, dd, th, td { overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.1rem 0 .25rem; }
table.report { table-layout: fixed; width: 100%; font-size: .9rem; }
.report th, .report td { padding: .4em .45em; }
.report th.num, .report td.num { text-align: right; }
.badge { white-space: normal; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; }
.notice { background: #fff3f3; border-left: 4px solid #c62828; padding: .5rem .75rem; }
.note, .colophon { color: var(--muted); font-size: .85rem; }
.theme { color: var(--muted); margin: .1rem 0 .4rem; }
.empty { margin: .4rem 0; }
.colophon { margin-top: 2.5rem; }
"""


def _css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes, "<" (so no `</style>` can end the sheet) and
    anything not printable written as CSS escapes."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or not ch.isprintable():
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def print_css(report: Report) -> str:
    """The page for print: A4, margins holding the title and day (top) and municipality and committee
    and "Side X af Y" (bottom); headings never left at a page's foot; rows never split."""
    front = report.front
    title = _css_string(one_line(f"Statusrapport: {report.plan.title}", HEADER_LIMIT))
    day = _css_string(format_date(report.today))
    whose = _css_string(
        one_line(" · ".join(w for w in (front.municipality, front.committee) if w), HEADER_LIMIT)
    )
    margin = 'font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #5b6470;'
    return f"""
@media print {{
  @page {{
    size: A4;
    margin: 18mm 14mm 16mm;
    @top-left {{ content: {title}; {margin} }}
    @top-right {{ content: {day}; {margin} }}
    @bottom-left {{ content: {whose}; {margin} }}
    @bottom-right {{ content: "Side " counter(page) " af " counter(pages); {margin} }}
  }}
  body {{ font-size: 10.5pt; }}
  main {{ padding: 0; max-width: none; }}
  h1, h2, h3, h4, p.theme, p.lead {{ break-after: avoid; }}
  tr, li, dl, p {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  .plan th {{ position: static; }}
  .scroll {{ overflow: visible; }}
  svg.chart {{ break-inside: avoid; }}
}}
"""


def report_html(report: Report) -> bytes:
    """The whole report as the page."""
    from baeredygtig_cli.output.council import document

    return page(report, document(report))


def page(report: Report, blocks: Sequence[Block]) -> bytes:
    from baeredygtig_cli.output.htmlpage import CSS, page_start

    parts = page_start(f"Statusrapport: {report.plan.title}", f"{CSS}{REPORT_CSS}{print_css(report)}")
    for block in blocks:
        parts += _block(report, block)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _block(report: Report, block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h{block.level}>{escape(block.text)}</h{block.level}>"]
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in block.pairs)
        return [f'<dl class="facts">{rows}</dl>']
    if isinstance(block, Paragraph):
        runs = "".join(
            f"<strong>{escape(run.text)}</strong>" if run.bold else escape(run.text) for run in block.runs
        )
        css = f' class="{block.role}"' if block.role else ""
        return [f"<p{css}>{runs}</p>"]
    if isinstance(block, Bullets):
        return ["<ul>", *(f"<li>{escape(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, Grid):
        return _grid(report, block)
    assert isinstance(block, Chart)
    from baeredygtig_cli.output.htmlpage import progress_figure

    figure = progress_figure(block.series, report.plan.scale, report.today)
    return [*figure, '<p class="note lead">Tallene bag figuren:</p>'] if figure else []


def _grid(report: Report, grid: Grid) -> list[str]:
    from baeredygtig_cli.output.htmlpage import _badge

    layout = column_layout(grid)
    columns = "".join(f'<col style="width:{share * 100:.1f}%">' for share in layout.shares)
    size = f' style="font-size:{TABLE_SIZE * layout.size:.2f}rem"' if layout.size < 1 else ""

    def cell(tag: str, column: int, text: str) -> str:
        css = ' class="num"' if column in grid.numeric else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{css}{scope}>{text}</{tag}>"

    head = "".join(cell("th", i, escape(h)) for i, h in enumerate(grid.head))
    rows = []
    for number, row in enumerate(grid.rows):
        cells = []
        for i, text in enumerate(row):
            shown = escape(text)
            if i == grid.status_column:
                shown = _badge(grid.statuses[number], report.plan.scale)
            cells.append(cell("td", i, shown))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return [
        f'<table class="plan report"{size}>',
        f"<colgroup>{columns}</colgroup>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]
