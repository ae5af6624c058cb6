"""Exports that are safe to publish.

csv for Excel runs no formula, Markdown shows text as written, the html page meets WCAG 2.1 AA contrast
(computed here from the page's own CSS), and `export` takes formats in any case and says what it wrote.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli.output.export import neutralise_formula

from .conftest import F, run, run_bytes
from .htmlcheck import HEX, Page, contrast


def export(runner: CliRunner, *args: str) -> bytes:
    return run_bytes(runner, "export", *args)


def write_plan(tmp_path: Path, text: str) -> list[str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return ["-f", str(plan)]


# --- 9: csv formula injection ----------------------------------------------------------------------

FORMULAS = """\
titel: T
år: 2020
aktiviteter:
  - id: 1
    tidspunkt: marts
    emne: ['=1+1', 'B']
    aktivitet: '=HYPERLINK("http://x";"klik")'
    ansvarlig: '@SUM(A1:A2)'
  - id: 2
    tidspunkt: april
    emne: [A]
    aktivitet: '+45 12 34 56 78'
    ansvarlig: '-2+3'
  - id: 3
    tidspunkt: maj
    emne: [A]
    aktivitet: "\\t=1+1"
    ansvarlig: "\\r=1+1"
  - id: 4
    tidspunkt: juni
    emne: [A]
    aktivitet: 'a=b, 1-2 og x@y.dk'
    ansvarlig: ' =ikke først'
"""


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12 34", "'+45 12 34"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\0=1", "'\0=1"),
        ("a=b", "a=b"),
        ("", ""),
        ("'=1", "'=1"),  # already text in a spreadsheet
        ("Løbende - hele året", "Løbende - hele året"),
    ],
)
def test_neutralise_formula(cell: str, safe: str) -> None:
    assert neutralise_formula(cell) == safe


def test_excel_csv_runs_no_formula(runner: CliRunner, tmp_path: Path) -> None:
    data = export(runner, "-F", "csv", "--excel", *write_plan(tmp_path, FORMULAS))
    assert data.decode("utf-8-sig").split("\r\n")[1:] == [
        """1;marts;'=1+1, B;"'=HYPERLINK(""http://x"";""klik"")";'@SUM(A1:A2);;2020-03-01;2020-03-31""",
        "2;april;A;'+45 12 34 56 78;'-2+3;;2020-04-01;2020-04-30",
        "3;maj;A;'\t=1+1;\"'\r=1+1\";;2020-05-01;2020-05-31",
        "4;juni;A;a=b, 1-2 og x@y.dk; =ikke først;;2020-06-01;2020-06-30",
        "",
    ]


def test_plain_csv_keeps_the_data_exact(runner: CliRunner, tmp_path: Path) -> None:
    """Plain csv is for programs: every value as in the plan, nothing prefixed (see docs/TOUR.md)."""
    data = export(runner, "-F", "csv", *write_plan(tmp_path, FORMULAS)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert [(r[2], r[3], r[4]) for r in rows[1:]] == [
        ("=1+1, B", '=HYPERLINK("http://x";"klik")', "@SUM(A1:A2)"),
        ("A", "+45 12 34 56 78", "-2+3"),
        ("A", "\t=1+1", "\r=1+1"),
        ("A", "a=b, 1-2 og x@y.dk", " =ikke først"),
    ]


# --- 10: Markdown shows text as written ---------------------------------------------------------------

MARKUP = """\
titel: '<b>Plan</b> *vigtig* #'
indledning: '2020. <script>alert(1)</script> &amp; A & B'
overskrift: '_Aktiviteter_'
år: 2020
gennemgående: ['- punkt', '> citat', '# overskrift', '---', '+ plus', '1) første']
aktiviteter:
  - id: 1
    tidspunkt: marts
    emne: ['[x](http://y)']
    aktivitet: '*fed* _kursiv_ `kode` a|b ~~slet~~ $x$ ![b](c.png) \\ <http://z>'
    ansvarlig: '<i>A</i> & B'
    status: Afventer
"""


def test_markdown_escapes_markup_exactly(runner: CliRunner, tmp_path: Path) -> None:
    out = export(runner, "-F", "md", *write_plan(tmp_path, MARKUP)).decode("utf-8")
    assert out.splitlines() == [
        r"# \<b>Plan\</b> \*vigtig\* \#",
        "",
        r"2020\. \<script>alert(1)\</script> \&amp; A & B",
        "",
        r"## \_Aktiviteter\_",
        "",
        "| Id | Tidspunkt | Emne | Aktivitet | Ansvarlig | Status |",
        "|---:|---|---|---|---|---|",
        r"| 1 | marts | \[x\](http://y) | \*fed\* \_kursiv\_ \`kode\` a\|b \~\~slet\~\~ \$x\$ !\[b\](c.png) \\ \<http://z> | \<i>A\</i> & B | Afventer |",
        "",
        "## Gennemgående indsatser",
        "",
        r"- \- punkt",
        r"- \> citat",
        r"- \# overskrift",
        r"- \---",
        r"- \+ plus",
        r"- 1\) første",
    ]


class _Text(HTMLParser):
    """The text of each block a Markdown renderer made, and every tag it made."""

    BLOCKS = frozenset({"h1", "h2", "p", "li", "th", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in self.BLOCKS:
            self._open.append(tag)
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self.blocks:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def test_markdown_renders_as_written(runner: CliRunner, tmp_path: Path) -> None:
    """Through a CommonMark renderer with GitHub's tables and strikethrough (markdown-it-py, which Rich
    already brings): every text comes back as the plan has it, and no tag but the table's own."""
    markdown_it = pytest.importorskip("markdown_it")
    out = export(runner, "-F", "md", *write_plan(tmp_path, MARKUP)).decode("utf-8")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
    page = _Text()
    page.feed(html)
    assert page.tags == {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"}
    assert page.blocks == [
        ("h1", "<b>Plan</b> *vigtig* #"),
        ("p", "2020. <script>alert(1)</script> &amp; A & B"),
        ("h2", "_Aktiviteter_"),
        *[("th", h) for h in ("Id", "Tidspunkt", "Emne", "Aktivitet", "Ansvarlig", "Status")],
        ("td", "1"),
        ("td", "marts"),
        ("td", "[x](http://y)"),
        ("td", r"*fed* _kursiv_ `kode` a|b ~~slet~~ $x$ ![b](c.png) \ <http://z>"),
        ("td", "<i>A</i> & B"),
        ("td", "Afventer"),
        ("h2", "Gennemgående indsatser"),
        *[("li", g) for g in ("- punkt", "> citat", "# overskrift", "---", "+ plus", "1) første")],
    ]


def test_markdown_of_the_shipped_plan_is_unchanged_text(runner: CliRunner) -> None:
    """Ordinary Danish text ("5. december", "Store Ledermøde - Input", "A & B") is not escaped."""
    out = export(runner, "-F", "md", *F).decode("utf-8")
    assert "| 1 | 5. december | Igangsættelse | Store Ledermøde - Input til strategi" in out
    assert "\\" not in out


# --- 11: the html page meets WCAG 2.1 AA --------------------------------------------------------------


def test_contrast_formula() -> None:
    assert contrast("#fff", "#000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast("#ffffff", "#c98a00") == pytest.approx(2.95, abs=0.01)  # the old "Afventer" badge


CUSTOM = """\
titel: Plan
indledning: Tekst
år: 2020
statusser: [Afventer, Under forberedelse, I gang, Afsluttet, Udskudt]
gennemgående: [Noget på tværs]
aktiviteter:
  - {id: 1, tidspunkt: Marts-april, emne: [A], aktivitet: a, ansvarlig: x, status: Afventer}
  - {id: 2, tidspunkt: maj, emne: [A], aktivitet: b, ansvarlig: x, status: Under forberedelse}
  - {id: 3, tidspunkt: juni, emne: [B], aktivitet: c, ansvarlig: x, status: I gang}
  - {id: 4, tidspunkt: 5. juni, emne: [B], aktivitet: d, ansvarlig: x, status: Afsluttet}
  - {id: 5, tidspunkt: august, emne: [B], aktivitet: e, ansvarlig: x, status: Udskudt}
  - {id: 6, tidspunkt: September-oktober, emne: [B], aktivitet: f, ansvarlig: x}
  - {id: 7, tidspunkt: 5. november, emne: [B], aktivitet: g, ansvarlig: x}
  - {id: 8, tidspunkt: Februar og frem, emne: [B], aktivitet: h, ansvarlig: x, status: I gang}
  - {id: 9, tidspunkt: 5. december, år: 2019, emne: [B], aktivitet: i, ansvarlig: x, status: Afsluttet}
  - {id: 10, tidspunkt: januar, år: 2021, emne: [B], aktivitet: j, ansvarlig: x}
"""


def _page(runner: CliRunner, tmp_path: Path, which: str) -> Page:
    args = list(F) if which == "shipped" else write_plan(tmp_path, CUSTOM)
    return Page(export(runner, "-F", "html", "--today", "2020-06-15", *args).decode("utf-8"))


@pytest.mark.parametrize("which", ["shipped", "every status"])
def test_html_text_contrast_is_wcag_aa(runner: CliRunner, tmp_path: Path, which: str) -> None:
    """SC 1.4.3: 4.5:1 for text, 3:1 for large text; every text node of the page, its colour and its
    background as the page's CSS gives them."""
    page = _page(runner, tmp_path, which)
    badges: set[str] = set()
    failures = []
    for node, text in page.texts():
        fg, bg = page.colour(node), page.background(node)
        need = 3.0 if page.large(node) else 4.5
        if "badge" in node.classes:
            badges.update(node.classes - {"badge"})
        if contrast(fg, bg) < need:
            failures.append(f"{text[:30]!r} ({node.tag}.{'.'.join(node.classes)}): {fg} on {bg} "
                            f"{contrast(fg, bg):.2f} < {need}")  # fmt: skip
    assert failures == []
    assert badges == {"afventer", "forberedelse", "igang", "afsluttet", "none"} | (
        {"other"} if which == "every status" else set()
    )


@pytest.mark.parametrize("which", ["shipped", "every status"])
def test_html_marks_contrast_is_wcag_aa(runner: CliRunner, tmp_path: Path, which: str) -> None:
    """SC 1.4.11: the timeline's bars and dots (by fill or outline) against their cell, 3:1."""
    page = _page(runner, tmp_path, which)
    marks = page.marks()
    # Every status drawn is checked: the shipped plan's bars and dots, and the progress bar's fill.
    looks = {c for m in marks for c in m.classes - {"bar", "dot", "first", "last"}}
    assert (len(marks), looks) == (
        (113, {"afventer", "forberedelse", "igang", "afsluttet", "none"})
        if which == "shipped"
        else (21, {"afventer", "forberedelse", "igang", "afsluttet", "other", "none"})
    )
    for mark in marks:
        around = page.background(mark.parent)  # type: ignore[arg-type]
        own = [page.own_background(mark), *HEX.findall(page.border(mark) or "")]
        best = max(contrast(c, around) for c in own if c)
        assert best >= 3.0, (mark.classes, own, around)


def test_no_status_looks_the_same_in_timeline_legend_and_table(runner: CliRunner, tmp_path: Path) -> None:
    page = _page(runner, tmp_path, "every status")
    nodes = page.root.walk()
    legend = next(n for n in nodes if "legend" in n.classes)
    legend_badge = next(n for n in legend.walk() if "badge" in n.classes and n.text() == "ingen status")
    timeline = {n.text().split(".")[0]: n for n in nodes if "label" in n.classes and n.tag == "td"}
    bar = next(n for n in timeline["6"].parent.walk() if "bar" in n.classes)  # type: ignore[union-attr]
    dot = next(n for n in timeline["7"].parent.walk() if "dot" in n.classes)  # type: ignore[union-attr]
    look = (page.own_background(legend_badge), page.border(legend_badge))
    assert look == ("#fff", "1px dashed #5b6470")
    assert (page.own_background(bar), page.border(bar)) == look
    assert (page.own_background(dot), page.border(dot)) == look
    other = next(n for n in timeline["5"].parent.walk() if "bar" in n.classes)  # type: ignore[union-attr]
    assert page.own_background(other) != "#fff"  # a status the page has no colour for is not "ingen"


def test_html_says_what_lies_outside_the_timeline(runner: CliRunner, tmp_path: Path) -> None:
    shipped = export(runner, "-F", "html", "--today", "2020-06-15", *F).decode("utf-8")
    assert (
        '</table></div>\n<p class="outside">1 aktivitet ligger uden for perioden og står kun i tabellen '
        "nedenfor.</p>\n<h2>FORELØBIGE AKTIVITETER 2020</h2>" in shipped
    )
    custom = export(runner, "-F", "html", "--today", "2020-06-15", *write_plan(tmp_path, CUSTOM)).decode()
    assert ">2 aktiviteter ligger uden for perioden og står kun i tabellen nedenfor.</p>" in custom
    assert "<strong>10 aktiviteter</strong>" in custom
    inside = export(runner, "-F", "html", "--today", "2020-06-15", "-q", "HMU", *F).decode("utf-8")
    assert 'class="outside"' not in inside and "<strong>1 aktivitet</strong>" in inside


# --- 4 (html): dates at the calendar's edge --------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "shown"), [("9999-12-31", "31. december 9999"), ("0001-01-01", "1. januar 1")]
)
def test_html_at_the_calendars_edge(runner: CliRunner, today: str, shown: str) -> None:
    code, out, err = run(runner, "export", "-F", "html", "--today", today, *F)
    assert (code, err) == (0, "")
    assert f"pr. {shown}</span>" in out and f"<footer>Udskrevet {shown} " in out


# --- 19: -F in any case; -o says what it wrote --------------------------------------------------------


@pytest.mark.parametrize(("given", "same_as"), [("CSV", "csv"), ("Md", "md"), (" HTML", "html")])
def test_format_in_any_case(runner: CliRunner, given: str, same_as: str) -> None:
    args = ["--today", "2020-06-15", *F]
    assert export(runner, "-F", given, *args) == export(runner, "-F", same_as, *args)


def test_by_in_any_case(runner: CliRunner) -> None:
    assert export(runner, "-F", "md", "--by", "Emne", *F) == export(runner, "-F", "md", "--by", "emne", *F)
    assert run(runner, "export", "-F", "md", "--by", "status", *F)[0] == 2


def test_unknown_format_names_it_as_written(runner: CliRunner) -> None:
    assert run(runner, "export", "-F", "PDF", *F) == (
        2, "", "plan: ukendt format 'PDF' (kendte: csv, ics, md, html, xlsx)\n"
    )  # fmt: skip


def test_output_file_is_reported_on_stderr(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(runner, "export", "-F", "csv", "-o", "plan.csv", *F) == (
        0, "", "plan: skrev 44 aktiviteter til plan.csv\n"
    )  # fmt: skip
    assert len((tmp_path / "plan.csv").read_bytes().splitlines()) == 45
    assert run(runner, "export", "-F", "ics", "-o", "en.ics", "-q", "HMU", *F) == (
        0, "", "plan: skrev 1 aktivitet til en.ics\n"
    )  # fmt: skip
    assert run(runner, "export", "-F", "md", "-o", "-", "-q", "HMU", *F)[2] == ""


# --- ics that every consumer accepts (issue 23, item 5) -----------------------------------------------

ICS_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30) | st.lists(
    st.sampled_from(
        [
            "\r\n",
            "\r",
            "\n",
            "\x85",
            "\u2028",
            "\x00",
            "\x07",
            "\x1b[2J",
            "\x7f",
            "\x9b",
            "\t",
            ",",
            ";",
            "\\",
            ":",
            '"',
            "æøå",
            "Møde",
            " ",
        ]
    ),
    max_size=8,
).map("".join)


def one_line(value: str) -> str:
    """What the calendar must say for `value`, worked out here: every line break a space, every
    control character but tab gone, the ends trimmed."""
    for brk in ("\r\n", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
        value = value.replace(brk, " ")
    return "".join(ch for ch in value if ch == "\t" or unicodedata.category(ch) != "Cc").strip()


@settings(max_examples=200, deadline=None)
@given(title=ICS_TEXT, texts=st.lists(st.tuples(ICS_TEXT, ICS_TEXT, st.lists(ICS_TEXT, min_size=1, max_size=3)),
                                      min_size=1, max_size=4))  # fmt: skip
def test_random_plans_export_ics_that_icalendar_reads_back(
    title: str, texts: list[tuple[str, str, list[str]]]
) -> None:
    from icalendar import Calendar

    from baeredygtig_cli.domain.model import Activity, Period, Plan
    from baeredygtig_cli.output.export import to_ics

    period = Period(date(2020, 3, 1), date(2020, 3, 31))
    activities = tuple(
        Activity(i + 1, "Marts", tuple(emne), aktivitet, ansvarlig, None, period)
        for i, (aktivitet, ansvarlig, emne) in enumerate(texts)
    )
    plan = Plan(title=title, year=2020, statuses=("Afventer",), activities=activities)
    data = to_ics(plan, activities, datetime(2020, 3, 1, tzinfo=timezone.utc))
    # The bytes: CRLF line ends only, folded at 75 octets, no control character but HTAB.
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\r" not in line and b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", data.replace(b"\r\n", b""))
    assert not re.search("[\x80-\x9f]", data.decode("utf-8"))
    calendar = Calendar.from_ical(data)
    raw_name = str(calendar["x-wr-calname"])  # an X- property: icalendar keeps it as written
    unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw_name)
    assert unescaped == one_line(title)
    events = calendar.walk("VEVENT")
    assert len(events) == len(activities)
    for event, activity in zip(events, activities, strict=True):
        assert str(event["summary"]) == one_line(activity.aktivitet)
        assert [str(c) for c in event["categories"].cats] == [one_line(e) for e in activity.emne]
        assert str(event["description"]).split("\n")[1] == one_line(f"Ansvarlig: {activity.ansvarlig}")


def test_a_folded_title_and_a_carriage_return_export_as_one_line(runner: CliRunner, tmp_path: Path) -> None:
    """`titel: >` over two lines made ics exit 3; a CR in a title wrote a raw line break into
    X-WR-CALNAME (a header injection)."""
    for title in ("titel: >\n  Plan over\n  to linjer\n", 'titel: "Plan\\rMETHOD:CANCEL"\n'):
        text = (
            title
            + "år: 2020\naktiviteter:\n  - {id: 1, tidspunkt: marts, emne: [A], aktivitet: x, ansvarlig: y}\n"
        )
        data = export(runner, "-F", "ics", *write_plan(tmp_path, text))
        names = [line for line in data.split(b"\r\n") if line.startswith(b"X-WR-CALNAME")]
        assert names in ([b"X-WR-CALNAME:Plan over to linjer"], [b"X-WR-CALNAME:Plan METHOD:CANCEL"])
        assert [line for line in data.split(b"\r\n") if line.startswith(b"METHOD:")] == [b"METHOD:PUBLISH"]
