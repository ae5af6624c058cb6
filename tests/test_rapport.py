"""`plan rapport`: the report to the council for a period, from a real git repository with a year of
dated commits; the Markdown exact (golden file), the HTML checked as a page, `--tag` and its use as
the next report's start and as `--per`."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from baeredygtig_cli.domain.timing import months_later
from tests.conftest import Golden, system_tool
from tests.history_repo import Repo, activity, new_repo, run
from tests.htmlcheck import Page, contrast

HEAD = """\
titel: Testplan
år: 2020
statusser: [Afventer, Under forberedelse, I gang, Afsluttet]
parter:
  - navn: Koordinator for Bæredygtig Udvikling
    alias: [Koordinator]
  - navn: Direktionen
    alias: [Direktion]
  - Teknik og Miljø

aktiviteter:
"""


def text(*activities: str) -> str:
    return HEAD + "".join(activities)


def year(folder: Path) -> Repo:
    """A plan's year 2020 in git, one commit a month or so:

    15 Jan  the plan: 1 Idémøde (Marts), 2 Workshop (April-maj), 3 Kampagne (Juni), 4 Grønt regnskab (Q4)
    1 Mar   1 I gang
    2 Apr   1 Afsluttet with a note; 3 moved to September; 5 Cykelstier added
    4 Jun   2 gets a note (delayed); 4 removed
    3 Aug   5 Under forberedelse
    5 Oct   6 Evaluering added (December)"""
    repo = new_repo(folder)
    repo.git("config", "user.name", "Anna Jensen")
    repo.git("config", "user.email", "anna@kommune.example")
    one = activity(1, "Marts", "Idémøde")
    two = activity(2, "April-maj", "Workshop for detailhandlen", "Direktionen/ Koordinator")
    three = activity(3, "Juni", "Kampagne", "Teknik og Miljø")
    four = activity(4, "4. kvartal", "Grønt regnskab", "Direktion")
    repo.commit(text(one, two, three, four), "Planen lagt i git", "2020-01-15T10:00:00")
    one = activity(1, "Marts", "Idémøde", status="I gang")
    repo.commit(text(one, two, three, four), "Idémødet i gang", "2020-03-01T10:00:00")
    one = activity(
        1, "Marts", "Idémøde", status="Afsluttet", noter=[("2020-04-01", "Holdt med 40 deltagere", "Bo")]
    )
    three = activity(3, "September", "Kampagne", "Teknik og Miljø")
    five = activity(5, "Oktober-november", "Cykelstier", "Teknik og Miljø")
    repo.commit(text(one, two, three, four, five), "Status april", "2020-04-02T10:00:00")
    two = activity(2, "April-maj", "Workshop for detailhandlen", "Direktionen/ Koordinator",
                   noter=[("2020-06-03", "Venter på lokaler", "Bo")])  # fmt: skip
    repo.commit(text(one, two, three, five), "Status juni", "2020-06-04T10:00:00")
    five = activity(5, "Oktober-november", "Cykelstier", "Teknik og Miljø", status="Under forberedelse")
    repo.commit(text(one, two, three, five), "Status august", "2020-08-03T10:00:00")
    six = activity(6, "December", "Evaluering", "Ukendt udvalg", status=None)
    repo.commit(text(one, two, three, five, six), "Evaluering tilføjet", "2020-10-05T10:00:00")
    return repo


def test_markdown_report_of_a_year_is_exact(tmp_path: Path, golden: Golden) -> None:
    repo = year(tmp_path / "r")
    code, out, err = run("rapport", "--til", "2020-10-31", "-f", str(repo.plan))
    assert (code, err) == (0, "")
    golden("rapport.md", out.encode("utf-8"))


def test_default_period_is_the_plan_year_until_today(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    code, out, err = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert (code, err) == (0, "")
    assert "Perioden 1. januar 2020 – 31. oktober 2020: fra " in out
    assert "til arbejdskopien." in out


def test_a_period_from_a_date_counts_only_its_changes(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    code, out, _ = run("rapport", "--fra", "2020-06-01", "--til", "2020-08-31", "-f", str(repo.plan))
    assert code == 0
    section = out.split("## 3. Sket i perioden")[1].split("## 4.")[0]
    assert section == (
        "\n\n**Afsluttet:** ingen.\n\n"
        "**Sat i gang:**\n\n- 5 Cykelstier (Afventer → Under forberedelse)\n\n"
        "**Flyttet:** ingen.\n\n**Tilføjet:** ingen.\n\n"
        "**Fjernet:**\n\n- 4 Grønt regnskab\n\n"
        "**Noter:**\n\n- 2 Workshop for detailhandlen, 3. juni 2020 (Bo): Venter på lokaler\n\n"
    )


def test_tag_marks_the_reported_version_and_the_next_report_starts_there(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    june = repo.short("HEAD~2")
    code, _, err = run("rapport", "--til", "2020-06-30", "--tag", "-f", str(repo.plan))
    assert (code, err) == (
        0, f"plan: satte tagget rapport-2020-06 ved {june} (4. juni 2020); næste rapport starter dér\n"
    )  # fmt: skip
    assert repo.git("cat-file", "-t", "rapport-2020-06") == "tag"  # annotated
    assert repo.git("rev-parse", "rapport-2020-06^{commit}") == repo.git("rev-parse", "HEAD~2")
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    assert "Perioden 4. juni 2020 – 31. oktober 2020: fra rapport-2020-06, " in out
    assert "**Fjernet:** ingen." in out  # 4 was removed in the reported version already
    code, _, err = run("list", "--per", "rapport-2020-06", "-f", str(repo.plan))
    assert (code, err) == (0, f"plan: planen pr. 4. juni 2020: commit {june} (4. juni 2020)\n")
    code, _, err = run("rapport", "--tag", "--i-dag", "2020-06-30", "-f", str(repo.plan))
    assert code == 2
    assert err.startswith("plan: tagget rapport-2020-06 findes allerede")


def test_a_lightweight_tag_is_no_report_mark(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    repo.git("tag", "rapport-2020-03", "HEAD~3")
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    assert "Perioden 1. januar 2020" in out


def test_unknown_format_is_refused_in_danish(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    assert run("rapport", "--format", "pdf", "-f", str(repo.plan)) == (
        2, "", "plan: ukendt format 'pdf' til rapport (kendte: md, html)\n"
    )  # fmt: skip


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.sources: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in = tag
            self.headings.append(f"{tag}:")
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.sources.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.headings[-1] += data


def test_html_report_is_one_print_ready_page(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    page = tmp_path / "rapport.html"
    code, _, err = run(
        "rapport", "--til", "2020-10-31", "--format", "html", "-o", str(page), "-f", str(repo.plan)
    )
    assert (code, err) == (0, f"plan: skrev rapporten til {page}\n")
    html = page.read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    assert [h for h in outline.headings if h.startswith(("h1", "h2"))] == [
        "h1:Statusrapport: Testplan",
        "h2:1. Nøgletal",
        "h2:2. Udvikling over tid",
        "h2:3. Sket i perioden",
        "h2:4. Forsinket pr. 31. oktober 2020",
        "h2:5. Planlagt de næste 3 måneder",
        "h2:6. Pr. part",
    ]
    assert outline.sources == []  # no external resources
    assert "@media print {\n  @page { size: A4;" in html
    assert re.search(r"<svg[^>]*class=\"chart\"", html)
    assert "<script" not in html


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    days = [date(2020, 10, 31), date(2020, 11, 30), date(2020, 1, 15)]
    assert [months_later(d, 3) for d in days] == [date(2021, 1, 31), date(2021, 2, 28), date(2020, 4, 15)]


def test_html_report_text_contrast_is_wcag_aa(tmp_path: Path) -> None:
    """SC 1.4.3 on the report page, by the same check as the export page (tests/htmlcheck.py)."""
    repo = year(tmp_path / "r")
    code, out, _ = run("rapport", "--til", "2020-10-31", "--format", "html", "-f", str(repo.plan))
    assert code == 0
    page = Page(out)
    failures = []
    texts = 0
    for node, shown in page.texts():
        texts += 1
        fg, bg = page.colour(node), page.background(node)
        if contrast(fg, bg) < (3.0 if page.large(node) else 4.5):
            failures.append(f"{shown[:30]!r}: {fg} on {bg}")
    assert failures == []
    assert texts > 100


def test_chromium_prints_the_report_on_a4_pages_with_its_headings(tmp_path: Path) -> None:
    """A real browser: headless Chromium prints the page to PDF; pdftotext reads back its pages and
    headings. A4 (595 x 842 points) comes from the page's own `@page`, not from Chromium's default."""
    chromium = system_tool("chromium", "chromium-browser", "google-chrome")
    pdftotext = system_tool("pdftotext")
    pdfinfo = system_tool("pdfinfo")
    repo = year(tmp_path / "r")
    page = tmp_path / "rapport.html"
    assert run("rapport", "--til", "2020-10-31", "-F", "html", "-o", str(page), "-f", str(repo.plan))[0] == 0
    pdf = tmp_path / "rapport.pdf"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert pdf.exists(), result.stderr.decode(errors="replace")[-2000:]
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842)  # A4
    assert 2 <= pages <= 4
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    headings = [
        "Statusrapport: Testplan", "1. Nøgletal", "2. Udvikling over tid", "3. Sket i perioden",
        "4. Forsinket pr. 31. oktober 2020", "5. Planlagt de næste 3 måneder", "6. Pr. part",
    ]  # fmt: skip
    at = [text.find(h) for h in headings]
    assert -1 not in at and at == sorted(at), at
    assert text.count("\f") == pages  # pdftotext ends each page with a form feed
