"""`plan rapport` as the council's secretary gets it: printed. A plan written to break a page (a long
URL, a word of 280 letters, 40 overdue rows, a status of five words) is printed by the tool itself
(`--format pdf`: headless Chromium) and written as Word (`--format docx`, converted to PDF by
LibreOffice), and both PDFs are read back with pdftotext and pdfinfo: A4, "Side X af Y" on every
page, every overdue row's status and tovholder on that row, no word outside the page's text area, no
time stamp and no `file://`, no heading left at a page's foot. The Word file is also read back with
python-docx: real headings, a header row repeated on every page, page numbers as Word fields, and a
municipality's template kept.

The tests that need Chromium, LibreOffice or poppler skip without them locally and run in CI
(`.ci/run` installs them; `system_tool`)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from tests.conftest import system_tool
from tests.history_repo import Repo, new_repo, run

URL = "https://www.aabenraa.dk/media/12345/strategi_for_baeredygtig_udvikling_2020_2025_endelig_version.pdf"
WORD = ("Bæredygtighedsudviklingsstrategiimplementeringsplanlægning" * 5)[:280]
LONG_STATUS = "Afventer politisk behandling i udvalget"
STATUSES = ["Afventer", "Under forberedelse", "I gang", LONG_STATUS, "Afsluttet"]
THEMES = ["Klima", "Energi og bygninger", "Mobilitet", WORD]
MONTHS = ["Januar", "Februar", "Marts", "April", "Maj", "Juni", "Juli", "August", "September"]
DAY = "31. oktober 2020"
TITLE = "Implementeringsplan – Strategi for bæredygtig udvikling 2020-2025"
WHOSE = "Aabenraa Kommune · Klima- og Miljøudvalget"


@dataclass(frozen=True)
class Row:
    id: int
    status: str
    tovholder: str  # the text as written: the plan declares no parties, so the report shows it so


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile(folder: Path) -> tuple[Repo, list[Row]]:
    """A plan in git (committed before its year) with 40 overdue activities over four themes, one of
    them a word of 280 letters; a URL and that word in activities, notes and a tovholder; a status of
    five words; and a few activities coming and finished."""
    lines = [
        f"titel: {TITLE}", "år: 2020", f"statusser: [{', '.join(_quoted(s) for s in STATUSES)}]",
        "kommune: Aabenraa Kommune", "udvalg: Klima- og Miljøudvalget", "", "aktiviteter:",
    ]  # fmt: skip
    rows = []
    for number in range(1, 41):
        status = STATUSES[number % 4]
        tovholder = WORD if number == 9 else f"Enhed {number:02d}"
        aktivitet = {3: f"Læs strategien på {URL}", 5: WORD, 6: f"{WORD} {URL}"}.get(
            number, f"Aktivitet {number}"
        )
        lines += [
            f"  - id: {number}", f"    tidspunkt: {MONTHS[number % len(MONTHS)]}",
            f"    emne: [{_quoted(THEMES[number % len(THEMES)])}]", f"    aktivitet: {_quoted(aktivitet)}",
            f"    ansvarlig: {_quoted(tovholder)}", f"    status: {_quoted(status)}",
        ]  # fmt: skip
        if number in (7, 11):
            note = URL if number == 7 else WORD
            lines += ["    noter:", "      - dato: 2020-09-01", f"        tekst: {_quoted(note)}"]
        rows.append(Row(number, status, tovholder))
    for number, when, status in ((41, "November", "I gang"), (42, "December", "Afventer"),
                                 (43, "Marts", "Afsluttet"), (44, "Juni", "Afsluttet")):  # fmt: skip
        lines += [
            f"  - id: {number}", f"    tidspunkt: {when}", "    emne: [Klima]", f"    aktivitet: Aktivitet {number}",
            f"    ansvarlig: Enhed {number:02d}", f"    status: {_quoted(status)}",
        ]  # fmt: skip
    repo = new_repo(folder)
    repo.commit("\n".join(lines) + "\n", "Planen", "2019-12-20T10:00:00")
    return repo, rows


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    text: str


@dataclass(frozen=True)
class Printed:
    pages: list[str]  # pdftotext's text of each page
    words: list[Word]  # every word with its place (pdftotext -bbox)
    size: tuple[int, int]  # points, rounded


def read_pdf(pdf: Path) -> Printed:
    info = subprocess.run(
        [system_tool("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    count = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert size is not None and count is not None, info
    pdftotext = system_tool("pdftotext")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == int(count.group(1))
    boxes = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    words = []
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        for found in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
        ):
            x_min, y_min, x_max = (float(found.group(i)) for i in (1, 2, 3))
            words.append(Word(number, x_min, y_min, x_max, found.group(4).replace("&amp;", "&")))
    return Printed(pages, words, (round(float(size.group(1))), round(float(size.group(2)))))


def check_printed(printed: Printed, rows: list[Row], right_margin_mm: float) -> None:
    """What the secretary must be able to rely on, in any PDF of the report."""
    assert printed.size == (595, 842)  # A4
    count = len(printed.pages)
    assert count >= 2
    whole = "\f".join(printed.pages)
    for number, page in enumerate(printed.pages, start=1):
        assert f"Side {number} af {count}" in page, (number, page[-300:])
        assert "Statusrapport: Implementeringsplan" in page and DAY in page
    assert "file://" not in whole and "file:" not in squash(whole)
    assert not re.search(r"\b\d{1,2}:\d{2}\b", whole), "a time of day: the browser's time stamp?"
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", whole), "a date the browser wrote?"
    # No word outside the text area: no table wider than the page.
    right = 595.28 - right_margin_mm * 72 / 25.4 + 1.5
    outside = [(w.page, w.text, w.x_max) for w in printed.words if w.x_max > right or w.x_min < 0]
    assert outside == []
    flat = squash(whole)
    assert squash(WORD) in flat and squash(URL) in flat
    # Every overdue row: its tovholder, and on that very row (the same line of the page) its id and status.
    for row in rows:
        assert squash(row.tovholder) in flat, row
        if row.tovholder == WORD:
            continue
        number = f"{row.id:02d}"
        places = [
            (a.page, a.y_min)
            for a, b in zip(printed.words, printed.words[1:], strict=False)
            if (a.text, b.text) == ("Enhed", number) and a.page == b.page and abs(a.y_min - b.y_min) < 1
        ]
        assert places, row
        for page, top in places:
            line = {w.text for w in printed.words if w.page == page and abs(w.y_min - top) < 3}
            assert str(row.id) in line and row.status.split()[0] in line, (row, sorted(line))


class Outline(HTMLParser):
    """The headings of the HTML report (h1-h4), in order, and the SVG chart's axis numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.axis = 0
        self.tables = 0
        self._in: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-4]", tag):
            self._in = int(tag[1])
            self.headings.append((self._in, ""))
        self.tables += tag == "table"
        if tag == "text" and ("dominant-baseline", "middle") in attrs:
            self.axis += 1

    def handle_endtag(self, tag: str) -> None:
        if self._in is not None and tag == f"h{self._in}":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def outline(repo: Repo) -> Outline:
    code, html, err = run("rapport", "--i-dag", "2020-10-31", "-F", "html", "-f", str(repo.plan))
    assert code == 0, err
    found = Outline()
    found.feed(html)
    return found


def test_chromium_prints_the_report_honestly(tmp_path: Path) -> None:
    chromium = system_tool("chromium", "chromium-browser", "google-chrome")
    repo, rows = hostile(tmp_path / "r")
    pdf = tmp_path / "rapport.pdf"
    code, out, err = run("rapport", "--i-dag", "2020-10-31", "-F", "pdf", "-o", str(pdf), "-f", str(repo.plan),
                         PLAN_CHROMIUM=chromium)  # fmt: skip
    assert (code, out, err) == (0, "", f"plan: skrev rapporten til {pdf}\n")
    printed = read_pdf(pdf)
    check_printed(printed, rows, right_margin_mm=14)
    for page in printed.pages:
        assert WHOSE in page  # the bottom margin
    headings = outline(repo)
    assert headings.axis > 2  # the value axis has its round steps, not only 0 and the top
    whole = "\f".join(printed.pages)
    flat, at = squash(whole), 0
    for _, text in headings.headings:  # every heading, in order
        at = flat.find(squash(text), at)
        assert at >= 0, text
    lines = [line.strip() for line in whole.splitlines()]
    assert "Sat i gang: ingen." in lines and "Tilføjet: ingen." in lines  # an empty block is one line
    assert "Tallene bag figuren:" in lines and "▶" not in whole  # the chart's numbers print
    assert re.search(r"^(jan|dec) 20(19|20)$", whole, re.M)
    # No heading, and no theme's status line, left alone at the foot of a page.
    ends = [
        text
        for _, text in headings.headings
        for page in printed.pages[:-1]
        if _body(page, printed.pages).endswith(squash(text))
    ]
    assert ends == []
    assert not [
        p for p in printed.pages[:-1] if re.search(r"i alt: .* forsinket\.$", _body(p, printed.pages))
    ]


def _body(page: str, pages: list[str]) -> str:
    """A page's text without what its margins say (header, footer, page number)."""
    kept = [
        line
        for line in page.splitlines()
        if line.strip() and not re.fullmatch(r"Side \d+ af \d+", line.strip())
        and line.strip() not in (WHOSE, DAY) and not line.startswith("Statusrapport: Implementeringsplan")
    ]  # fmt: skip
    return squash("\n".join(kept))


def test_word_report_reads_back_with_headings_repeated_header_rows_and_page_fields(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    repo, rows = hostile(tmp_path / "r")
    target = tmp_path / "rapport.docx"
    code, _, err = run(
        "rapport", "--i-dag", "2020-10-31", "-F", "docx", "-o", str(target), "-f", str(repo.plan)
    )
    assert (code, err) == (0, f"plan: skrev rapporten til {target}\n")
    document = docx.Document(str(target))
    headings = [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert headings == outline(repo).headings  # the same headings, at the same levels, as the HTML page
    tables = document.element.body.findall(qn("w:tbl"))
    assert len(tables) == len(document.tables) == outline(repo).tables == 7
    for table in tables:
        first, *others = table.findall(qn("w:tr"))
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on every page
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for tr in others)
        assert table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}").get(qn("w:type")) == "fixed"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    fields = [t.text.strip() for t in footer.paragraph_format.element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"] and footer.text.startswith(WHOSE)
    assert section.header.paragraphs[0].text == f"Statusrapport: {TITLE}\t{DAY}"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Statusrapport" in body and not re.search(r"\b[0-9a-f]{7}\b", body.split("Udskrevet")[0])
    soffice = system_tool("soffice", "libreoffice")
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(target)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    check_printed(read_pdf(tmp_path / "pdf" / "rapport.pdf"), rows, right_margin_mm=20)


def _template(path: Path, *, dotx: bool = False) -> None:
    """A municipality's template: its own body font, header and footer, body text, and no Heading 4."""
    docx = pytest.importorskip("docx")
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Heading 4"].delete()
    document.sections[0].header.paragraphs[0].text = "Aabenraa Kommune – Sekretariatet"
    document.sections[0].footer.paragraphs[0].text = "Skabelonens sidefod"
    document.add_paragraph("Skabelonens brødtekst, som rapporten erstatter")
    document.save(str(path))
    if dotx:
        with zipfile.ZipFile(path) as package:
            entries = {i.filename: package.read(i) for i in package.infolist()}
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
            b"document.main+xml", b"template.main+xml"
        )
        with zipfile.ZipFile(path, "w") as package:
            for name, data in entries.items():
                package.writestr(name, data)


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_a_template_keeps_its_styles_header_and_footer(tmp_path: Path, dotx: bool) -> None:
    docx = pytest.importorskip("docx")
    repo, _ = hostile(tmp_path / "r")
    template = tmp_path / ("skabelon.dotx" if dotx else "skabelon.docx")
    _template(template, dotx=dotx)
    target = tmp_path / "rapport.docx"
    code, _, err = run("rapport", "--i-dag", "2020-10-31", "-F", "docx", "--skabelon", str(template), "-o",
                       str(target), "-f", str(repo.plan))  # fmt: skip
    assert (code, err) == (0, f"plan: skrev rapporten til {target}\n")
    document = docx.Document(str(target))
    assert document.styles["Normal"].font.name == "Georgia"
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["Aabenraa Kommune – Sekretariatet"]
    assert [p.text for p in section.footer.paragraphs] == ["Skabelonens sidefod"]
    texts = [p.text for p in document.paragraphs]
    assert "Skabelonens brødtekst, som rapporten erstatter" not in texts
    assert texts[0] == f"Statusrapport: {TITLE}"
    fourth = [p for p in document.paragraphs if p.style.name == "Heading 4"]
    assert fourth and fourth[0].text == THEMES[1]  # the template had none: added, as a real heading
    outline_level = document.styles["Heading 4"].element.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl"
    )
    assert outline_level is not None


def test_a_template_that_is_no_word_file_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    repo, _ = hostile(tmp_path / "r")
    bad = tmp_path / "skabelon.docx"
    bad.write_text("ikke et Word-dokument", encoding="utf-8")
    target = tmp_path / "rapport.docx"
    for template, said in (
        (bad, f"plan: skabelonen {bad} er ikke et Word-dokument (.docx/.dotx)\n"),
        (
            tmp_path / "findes-ikke.docx",
            f"plan: skabelonen {tmp_path / 'findes-ikke.docx'} findes ikke (eller er ikke en fil)\n",
        ),
    ):
        code, out, err = run("rapport", "-F", "docx", "--skabelon", str(template), "-o", str(target),
                             "--i-dag", "2020-10-31", "-f", str(repo.plan))  # fmt: skip
        assert (code, out, err) == (2, "", said)
        assert not target.exists()


# --- the browser: found, told, and what happens without one ------------------------------------------

FAKE_BROWSER = """\
#!{python}
import pathlib, sys
if "--version" in sys.argv:
    print("Chromium {version}.0.6099.224 built on Debian")
    raise SystemExit(0)
pathlib.Path("{log}").write_text("\\n".join(sys.argv[1:]), encoding="utf-8")
target = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
pathlib.Path(target).write_bytes(b"%PDF-1.4 fake")
"""


def fake_browser(folder: Path, version: int) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    browser, log = folder / "chromium", folder / "argv.txt"
    browser.write_text(FAKE_BROWSER.format(python=sys.executable, version=version, log=log), encoding="utf-8")
    browser.chmod(0o755)
    return browser, log


@pytest.mark.parametrize("version", [120, 131])
def test_the_browser_is_told_to_print_without_its_own_header_and_footer(tmp_path: Path, version: int) -> None:
    repo, _ = hostile(tmp_path / "r")
    browser, log = fake_browser(tmp_path / "bin", version)
    target = tmp_path / "rapport.pdf"
    code, _, err = run("rapport", "--i-dag", "2020-10-31", "-F", "pdf", "-o", str(target), "-f", str(repo.plan),
                       PLAN_CHROMIUM=str(browser))  # fmt: skip
    assert code == 0 and target.read_bytes() == b"%PDF-1.4 fake"
    old = "plan: chromium 120 sætter ikke sidetal (det kræver version 131 eller nyere); PDF'en er skrevet uden\n"
    assert err == (old if version < 131 else "") + f"plan: skrev rapporten til {target}\n"
    argv = log.read_text(encoding="utf-8").split("\n")
    assert "--headless" in argv and "--no-pdf-header-footer" in argv and "--print-to-pdf-no-header" in argv
    assert any(a.startswith("--user-data-dir=") for a in argv)  # a throwaway profile, not the user's
    assert argv[-1].startswith("file://") and argv[-1].endswith("/rapport.html")
    assert not Path(argv[-1].removeprefix("file://")).exists()  # the page and profile are cleaned up


def test_without_a_browser_pdf_says_how_to_get_one(tmp_path: Path) -> None:
    repo, _ = hostile(tmp_path / "r")
    target = tmp_path / "rapport.pdf"
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "git")  # git, and no browser, on PATH
    code, out, err = run("rapport", "-F", "pdf", "-o", str(target), "-f", str(repo.plan), PATH=str(only_git),
                         PLAN_CHROMIUM="")  # fmt: skip
    assert (code, out) == (2, "") and not target.exists()
    assert err == (
        "plan: pdf kræver en Chromium-browser, og der er ingen her: installér Chromium (fx 'apt install "
        "chromium'), Google Chrome eller Microsoft Edge, eller sæt PLAN_CHROMIUM til browserens sti; ellers "
        "skriv --format html og udskriv siden fra en browser\n"
    )
    code, _, err = run("rapport", "-F", "pdf", "-o", str(target), "-f", str(repo.plan),
                       PLAN_CHROMIUM=str(tmp_path / "ingen"))  # fmt: skip
    assert (code, err) == (
        2,
        f"plan: PLAN_CHROMIUM peger på {str(tmp_path / 'ingen')!r}, som ikke findes eller ikke kan køres\n",
    )


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_docx_are_not_written_to_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    repo, _ = hostile(tmp_path / "r")
    monkeypatch.setattr("baeredygtig_cli.cli.logs.stdout_is_terminal", lambda: True)
    assert run("rapport", "-F", kind, "-f", str(repo.plan)) == (
        2, "", f"plan: {kind} er ikke tekst; skriv rapporten til en fil med -o, fx -o rapport.{kind}\n"
    )  # fmt: skip


def test_docx_to_a_pipe_is_the_document(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    repo, _ = hostile(tmp_path / "r")
    result = CliRunner().invoke(app, ["rapport", "-F", "docx", "--i-dag", "2020-10-31", "-f", str(repo.plan)])
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout_bytes.startswith(b"PK")
        and zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).testzip() is None
    )
