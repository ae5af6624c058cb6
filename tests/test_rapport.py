"""`plan rapport`: the report to the council for a period, from a real git repository with a year of
dated commits; the Markdown exact (golden file), the HTML checked as a page, `--tag` and its use as
the next report's start and as `--per`."""

from __future__ import annotations

import calendar
import json
import random
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baeredygtig_cli.domain.timing import months_later
from baeredygtig_cli.output.council import SMALLEST, Grid, column_layout
from tests.conftest import Golden
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
    assert "**Periode:** 1. januar 2020 – 31. oktober 2020\n" in out
    assert out.endswith(" til arbejdskopien.*\n")


def test_a_period_from_a_date_counts_only_its_changes(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    code, out, _ = run("rapport", "--fra", "2020-06-01", "--til", "2020-08-31", "-f", str(repo.plan))
    assert code == 0
    section = out.split("### 3. Sket i perioden")[1].split("### 4.")[0]
    assert section == (
        "\n\n**Afsluttet:** ingen.\n\n"
        "#### Sat i gang\n\n- 5 Cykelstier (Afventer → Under forberedelse)\n\n"
        "**Flyttet:** ingen.\n\n**Tilføjet:** ingen.\n\n"
        "#### Fjernet\n\n- 4 Grønt regnskab\n\n"
        "#### Noter\n\n- 2 Workshop for detailhandlen, 3. juni 2020 (Bo): Venter på lokaler\n\n"
    )


def test_no_commit_ids_in_the_prose_only_in_the_colophon(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    shorts = {repo.short(f"HEAD~{n}") for n in range(6)}
    code, out, _ = run("rapport", "--til", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    *prose, colophon = out.rstrip("\n").split("\n")
    assert colophon.startswith("*Udskrevet 31. oktober 2020 fra plan.yaml med plan. Grundlag i git: fra ")
    assert [s for s in shorts if s in colophon] and not [s for s in shorts if s in "\n".join(prose)]


def test_tag_marks_the_reported_version_and_the_next_report_starts_the_day_after(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    june = repo.short("HEAD~2")
    code, _, err = run("rapport", "--til", "2020-06-30", "--tag", "-f", str(repo.plan))
    assert (code, err) == (
        0, f"plan: satte tagget rapport-2020-06 ved {june} (4. juni 2020); næste rapport begynder 1. juli 2020\n"
    )  # fmt: skip
    assert repo.git("cat-file", "-t", "rapport-2020-06") == "tag"  # annotated
    assert repo.git("rev-parse", "rapport-2020-06^{commit}") == repo.git("rev-parse", "HEAD~2")
    message = repo.git("tag", "-l", "--format=%(contents)", "rapport-2020-06")
    assert message == "Statusrapport 1. januar 2020 – 30. juni 2020\n\nPeriode: 2020-01-01..2020-06-30"
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    assert "**Periode:** 1. juli 2020 – 31. oktober 2020\n" in out  # not 4 June, the tagged commit's day
    assert f"Grundlag i git: fra rapport-2020-06, {june} (4. juni 2020) til arbejdskopien." in out
    assert "**Fjernet:** ingen." in out  # 4 was removed in the reported version already
    code, _, err = run("list", "--per", "rapport-2020-06", "-f", str(repo.plan))
    assert (code, err) == (0, f"plan: planen pr. 4. juni 2020: commit {june} (4. juni 2020)\n")
    target = tmp_path / "igen.md"
    code, _, err = run("rapport", "--tag", "--i-dag", "2020-06-30", "-o", str(target), "-f", str(repo.plan))
    assert code == 2 and not target.exists()  # refused before the report is written
    assert err.startswith("plan: tagget rapport-2020-06 findes allerede")


def test_the_period_of_a_tag_written_before_is_read_too(tmp_path: Path) -> None:
    """Tags made by earlier versions said the period on their first line only."""
    repo = year(tmp_path / "r")
    repo.git(
        "tag",
        "-a",
        "rapport-2020-03",
        "-m",
        "Statusrapport 2020-01-01 – 2020-03-31",
        "HEAD~4",
        when="2020-04-01T09:00:00",
    )
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert (code, "**Periode:** 1. april 2020 – 31. oktober 2020\n" in out) == (0, True)
    # A tag whose message names no period: the next report starts on its commit's day.
    repo.git(
        "tag", "-a", "rapport-2020-07", "-m", "Rapport til udvalget", "HEAD~1", when="2020-08-05T09:00:00"
    )
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert (code, "**Periode:** 3. august 2020 – 31. oktober 2020\n" in out) == (0, True)


def test_a_period_that_would_begin_after_its_last_day_is_refused(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    assert run("rapport", "--til", "2020-06-30", "--tag", "-f", str(repo.plan))[0] == 0
    code, out, err = run("rapport", "--i-dag", "2020-06-30", "-f", str(repo.plan))
    assert (code, out) == (2, "")
    assert err == (
        "plan: perioden ville begynde 1. juli 2020 (dagen efter perioden i rapport-2020-06), efter sin sidste "
        "dag 30. juni 2020; vælg starten med --fra\n"
    )


def test_tag_refuses_a_plan_with_changes_not_committed(tmp_path: Path) -> None:
    """The tag marks a commit; a report of a working copy that differs from it would be a version the
    council never saw under that tag. Refused before anything is written."""
    repo = year(tmp_path / "r")
    head = repo.git("rev-parse", "HEAD")
    assert run("set-status", "2", "Afsluttet", "-f", str(repo.plan))[0] == 0
    target = tmp_path / "rapport.md"
    code, out, err = run("rapport", "--tag", "--i-dag", "2020-10-31", "-o", str(target), "-f", str(repo.plan))
    assert (code, out) == (2, "")
    assert err == (
        f"plan: {repo.plan} har ændringer, der ikke er committet, og tagget skal pege på den version, "
        "rapporten viser: commit dem først, eller brug --gem\n"
    )
    assert not target.exists() and repo.git("tag", "-l") == "" and repo.git("rev-parse", "HEAD") == head
    (repo.folder / "ny.plan.yaml").write_text("titel: x\n", encoding="utf-8")  # never committed: also dirty
    assert run("rapport", "--til", "2020-10-31", "--tag", "-f", str(repo.folder / "ny.plan.yaml"))[0] == 2


def test_commit_then_tag_when_asked(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    head = repo.git("rev-parse", "HEAD")
    (repo.folder / "andet.txt").write_text("staged\n", encoding="utf-8")
    repo.git("add", "andet.txt")
    assert run("set-status", "2", "Afsluttet", "-f", str(repo.plan))[0] == 0
    code, out, err = run("rapport", "--tag", "--commit", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0, err
    made = repo.git("rev-parse", "HEAD")
    assert repo.git("rev-parse", "HEAD~1") == head
    assert repo.git("show", "--name-only", "--format=%s", "HEAD").split("\n") == [
        "Statusrapport 1. januar 2020 – 31. oktober 2020", "", "plan.yaml",
    ]  # fmt: skip
    assert repo.git("diff", "--cached", "--name-only") == "andet.txt"  # still staged, not committed
    assert repo.git("rev-parse", "rapport-2020-10^{commit}") == made
    said = err.splitlines()
    assert said[0] == f"plan: committede {repo.plan} ({made[:7]})"
    assert re.fullmatch(
        rf"plan: satte tagget rapport-2020-10 ved {repo.short()} \(\d+\. \w+ \d{{4}}\); "
        r"næste rapport begynder 1\. november 2020",
        said[1],
    ), said
    assert f"til {repo.short()} (" in out.rstrip().split("\n")[-1]  # the commit the tag marks
    code, out, _ = run("list", "--json", "--per", "rapport-2020-10", "-f", str(repo.plan))
    assert code == 0 and {r["id"]: r["status"] for r in json.loads(out)}[2] == "Afsluttet"
    assert (
        run("rapport", "--commit", "-f", str(repo.plan))[2] == "plan: --commit virker kun sammen med --tag\n"
    )
    assert run("rapport", "--gem", "-f", str(repo.plan))[2] == "plan: --gem virker kun sammen med --tag\n"


def test_a_lightweight_tag_is_no_report_mark(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    repo.git("tag", "rapport-2020-03", "HEAD~3")
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    assert "**Periode:** 1. januar 2020" in out


def test_unknown_format_is_refused_in_danish(tmp_path: Path) -> None:
    repo = year(tmp_path / "r")
    assert run("rapport", "--format", "odt", "-f", str(repo.plan)) == (
        2, "", "plan: ukendt format 'odt' til rapport (kendte: md, html, pdf, docx)\n"
    )  # fmt: skip
    assert run("rapport", "-F", "html", "--skabelon", "x.docx", "-f", str(repo.plan)) == (
        2, "", "plan: --skabelon virker kun med --format docx, ikke med html\n"
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
    assert [h for h in outline.headings if h.startswith(("h1", "h2", "h3"))] == [
        "h1:Statusrapport: Testplan",
        "h2:Resumé",
        "h2:Sagsfremstilling",
        "h3:1. Nøgletal",
        "h3:2. Udvikling over tid",
        "h3:3. Sket i perioden",
        "h3:4. Forsinket pr. 31. oktober 2020",
        "h3:5. Planlagt de næste 3 måneder",
        "h3:6. Pr. part",
    ]
    assert outline.sources == []  # no external resources
    assert "@media print {\n  @page {\n    size: A4;" in html
    assert '@bottom-right { content: "Side " counter(page) " af " counter(pages);' in html
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


# --- what a council reads: front matter, themes, names ---------------------------------------------

FRONT = """\
titel: Temaplan
år: 2020
statusser: [Afventer, I gang, Afsluttet]
kommune: Aabenraa Kommune
udvalg: Klima- og Miljøudvalget

aktiviteter:
"""


def test_front_matter_from_the_plan_head_and_the_command_line(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "r")
    repo.commit(FRONT + activity(1, "Marts", "Idémøde"), "Planen", "2020-01-02T10:00:00")
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert code == 0
    assert out.startswith(
        "# Statusrapport: Temaplan\n\n**Kommune:** Aabenraa Kommune\\\n**Udvalg:** Klima- og Miljøudvalget\\\n"
        "**Periode:** 1. januar 2020 – 31. oktober 2020\n\n"
    )
    resume = tmp_path / "resume.txt"
    resume.write_bytes("\ufeffFørste afsnit,\r\nstadig første.\r\n\r\nAndet afsnit.\r\n".encode())
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "--udvalg", "Økonomiudvalget", "--møde", "2020-11-12",
                       "--resume-fil", str(resume), "-f", str(repo.plan))  # fmt: skip
    assert code == 0
    assert "**Udvalg:** Økonomiudvalget\\\n**Møde:** 12. november 2020\\\n**Periode:** " in out
    assert "## Resumé\n\nFørste afsnit, stadig første.\n\nAndet afsnit.\n\n## Sagsfremstilling\n" in out
    code, out, _ = run("rapport", "--i-dag", "2020-10-31", "--resume", "1. Kort: alt går efter planen.",
                       "-f", str(repo.plan))  # fmt: skip
    assert "## Resumé\n\n1\\. Kort: alt går efter planen.\n\n" in out  # no numbered list in Markdown
    assert run("rapport", "--resume", "x", "--resume-fil", str(resume), "-f", str(repo.plan))[2] == (
        "plan: brug enten --resume eller --resume-fil, ikke begge\n"
    )
    assert run("rapport", "--møde", "2020-13-01", "-f", str(repo.plan))[2] == (
        "plan: ugyldig dato for --møde: '2020-13-01' (der er ingen måned 13; skriv fx 2020-06-15, "
        "15-06-2020, 15/6-2020 eller 15. juni 2020)\n"
    )


@pytest.mark.parametrize(
    ("head", "line", "message"),
    [
        ("kommune:\n", 4, "kommune mangler en værdi"),
        ("kommune: [Aabenraa]\n", 4, "kommune skal være tekst"),
        ("udvalg: ' – '\n", 4, "udvalg er tom; skriv fx udvalg: Klima- og Miljøudvalget, eller fjern linjen"),
        ('udvalg: "Klima\\nMiljø"\n', 4, "udvalg skal være én linje, fx udvalg: Klima- og Miljøudvalget"),
        ("kommne: Aabenraa\n", 4, "planen: ukendt nøgle 'kommne' – mente du 'kommune'?"),
    ],
)
def test_plan_check_reads_the_municipality_and_committee(
    tmp_path: Path, head: str, line: int, message: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(FRONT.replace("kommune: Aabenraa Kommune\nudvalg: Klima- og Miljøudvalget\n", head)
                    + activity(1, "Marts", "Idémøde"), encoding="utf-8")  # fmt: skip
    assert run("check", "-f", str(plan)) == (1, f"{plan}:{line}: {message}\n", "")


def test_the_kept_plan_keeps_the_municipality_and_committee(tmp_path: Path) -> None:
    """The working copy's plan is kept as JSON rows in git's folder (planfile/kept.py): read from
    there the second time, it still has its head's new keys."""
    repo = new_repo(tmp_path / "r")
    repo.commit(FRONT + activity(1, "Marts", "Idémøde"), "Planen", "2020-01-02T10:00:00")
    first = run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan))
    assert list((repo.folder / ".git" / "plan-cache" / "planer").iterdir())
    assert run("rapport", "--i-dag", "2020-10-31", "-f", str(repo.plan)) == first
    assert "**Kommune:** Aabenraa Kommune" in first[1]


THEMES = ["Klima", "Energi og bygninger", "Mobilitet", "Affald | genbrug"]
MONTHS = ["Januar", "Februar", "Marts", "April", "Maj", "Juni", "Juli", "August", "September", "Oktober",
          "November", "December"]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_overdue_and_coming_stand_under_their_theme_with_its_status_line(tmp_path: Path, seed: int) -> None:
    """Sections 4 and 5 grouped by each activity's first emne, the themes in the plan's order; each
    theme's line counts all its activities. The expectation is computed here, from the plan as
    written, not with the code under test."""
    rng = random.Random(seed)
    rows = []
    text = FRONT
    for number in range(1, 31):
        month = rng.randrange(12)
        emner = rng.sample(THEMES, rng.choice([1, 1, 2]))
        status = rng.choice(["Afventer", "I gang", "Afsluttet", None])
        rows.append((number, month, emner, status))
        text += (
            f"  - id: {number}\n    tidspunkt: {MONTHS[month]}\n    emne: [{', '.join(repr(e) for e in emner)}]\n"
            f"    aktivitet: Aktivitet {number}\n    ansvarlig: Enhed {number}\n    status: {status or ''}\n"
        )
    repo = new_repo(tmp_path / "r")
    repo.commit(text, "Planen", "2020-01-02T10:00:00")
    day = date(2020, 6, 15)
    code, out, _ = run("rapport", "--i-dag", day.isoformat(), "-f", str(repo.plan))
    assert code == 0

    def end(month: int) -> date:
        return date(2020, month + 1, calendar.monthrange(2020, month + 1)[1])

    def line(theme: str) -> str:
        members = [r for r in rows if r[2][0] == theme]
        done = sum(r[3] == "Afsluttet" for r in members)
        running = sum(date(2020, r[1] + 1, 1) <= day <= end(r[1]) and r[3] != "Afsluttet" for r in members)
        late = sum(end(r[1]) < day and r[3] != "Afsluttet" for r in members)
        return (f"{len(members)} {'aktivitet' if len(members) == 1 else 'aktiviteter'} i alt: {done} afsluttet, "
                f"{running} {'aktuel' if running == 1 else 'aktuelle'} efter tidsplanen, {late} forsinket.")  # fmt: skip

    order = list(dict.fromkeys(r[2][0] for r in rows))
    late = sorted(
        (r for r in rows if end(r[1]) < day and r[3] != "Afsluttet"), key=lambda r: (end(r[1]), r[0])
    )
    coming_until = date(2020, 9, 15)
    coming = [r for r in rows if r[3] != "Afsluttet" and date(2020, r[1] + 1, 1) <= coming_until
              and end(r[1]) > day]  # fmt: skip

    def expected(chosen: list[tuple[int, int, list[str], str | None]]) -> list[tuple[str, str, list[int]]]:
        return [
            (theme, line(theme), [r[0] for r in chosen if r[2][0] == theme])
            for theme in order
            if any(r[2][0] == theme for r in chosen)
        ]

    def found(section: str) -> list[tuple[str, str, list[int]]]:
        groups = []
        for part in section.split("\n#### ")[1:]:
            title, _, rest = part.partition("\n\n")
            said, _, table = rest.partition("\n\n")
            ids = [
                int(row.split(" | ")[0].strip("| ")) for row in table.splitlines()[2:] if row.startswith("|")
            ]
            groups.append((title.replace("\\|", "|"), said, ids))
        return groups

    overdue = out.split("### 4. Forsinket")[1].split("\n### 5.")[0]
    assert found(overdue) == expected(late)
    assert overdue.startswith(f" pr. 15. juni 2020\n\n{len(late)} aktivitet")
    assert found(out.split("### 5. Planlagt")[1].split("\n### 6.")[0]) == expected(coming)
    for number, _, emner, _ in late:  # an activity with more emner stands once, the others said
        others = ", ".join(e.replace("|", "\\|") for e in emner[1:])
        assert (f"| Aktivitet {number} (også {others}) |" if others else f"| Aktivitet {number} |") in overdue
    assert "I gang nu" not in out and "| Aktuelle efter tidsplanen |" in out


def test_a_period_before_the_plan_came_into_git_is_said_to_be_unknown(tmp_path: Path) -> None:
    """A fresh repository whose only commit is years after the plan's dates: never "from <commit>
    (26. november 2026)" for a 2020 period as if it were its start."""
    repo = new_repo(tmp_path / "r")
    repo.commit(text(activity(1, "Marts", "Idémøde"), activity(2, "Juni", "Workshop")), "Planen",
                "2026-11-26T12:00:00")  # fmt: skip
    first = repo.short()
    code, out, _ = run("rapport", "--i-dag", "2020-06-30", "-f", str(repo.plan))
    assert code == 0
    assert (
        "**Bemærk:** Planen kom først i git 26. november 2026, efter perioden. Hvad der skete i perioden, kan "
        "ikke læses af planens historik; rapporten viser planen, som den er nu, pr. 30. juni 2020.\n"
    ) in out
    assert "| Aktiviteter | 2 | – | – |" in out
    assert "### 3. Sket i perioden\n\nUkendt: planens historik i git begynder efter perioden.\n" in out
    assert "Planens historik i git giver ingen tal for perioden." in out
    assert first not in out.split("*Udskrevet")[0]
    code, out, _ = run("rapport", "--i-dag", "2026-12-15", "-f", str(repo.plan))
    assert code == 0
    assert (
        "**Bemærk:** Planen kom først i git 26. november 2026, efter periodens start (1. januar 2020)." in out
    )
    assert "|  | 15. december 2026 | 26. november 2026 (første version i git) | Ændring |" in out
    assert out.endswith(f"Grundlag i git: fra {first} (26. november 2026) til arbejdskopien.*\n")


def test_markdown_tables_hold_statuses_with_pipes_and_angle_brackets(tmp_path: Path) -> None:
    """A status named "Ny | klar" or "<b>I gang</b>" is a table header in sections 2 and 6: escaped,
    every row of a table has as many cells as its header."""
    repo = new_repo(tmp_path / "r")
    head = HEAD.replace(
        "[Afventer, Under forberedelse, I gang, Afsluttet]", "['Ny | klar', '<b>I gang</b>', Afsluttet]"
    )
    repo.commit(head + activity(1, "Marts", "Idémøde", status="Ny | klar")
                + activity(2, "Juli", "Workshop", "Direktionen", status="<b>I gang</b>"), "Planen",
                "2020-01-02T10:00:00")  # fmt: skip
    code, out, _ = run("rapport", "--i-dag", "2020-06-30", "-f", str(repo.plan))
    assert code == 0
    assert "<b>" not in out.replace("\\<b>", "")
    tables = [block.splitlines() for block in out.split("\n\n") if block.startswith("|")]
    assert len(tables) == 5  # figures, progress, overdue, coming, parties
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table
    assert "| Måned | Ny \\| klar | \\<b>I gang\\</b> | I alt |" in out


@given(
    st.lists(st.text(max_size=300), min_size=1, max_size=12).flatmap(
        lambda head: st.tuples(
            st.just(head),
            st.lists(st.lists(st.text(max_size=300), min_size=len(head), max_size=len(head)), max_size=6),
            st.lists(st.integers(1, 60), min_size=len(head), max_size=len(head)),
        )
    )
)
def test_a_table_never_takes_more_than_the_page(table: tuple[list[str], list[list[str]], list[int]]) -> None:
    """Whatever its texts (a URL, a word of 280 letters, a dozen columns), a table's columns share the
    page's width and no more, each gets some of it, and its text is never set below the smallest size."""
    head, rows, widths = table
    layout = column_layout(Grid(tuple(head), tuple(tuple(r) for r in rows), tuple(widths), status_column=0))
    assert len(layout.shares) == len(head)
    assert all(share > 0 for share in layout.shares)
    assert abs(sum(layout.shares) - 1) < 1e-9
    assert SMALLEST <= layout.size <= 1
