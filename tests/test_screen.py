"""`plan list` and `plan due` draw without Rich's Console and Table (screen.py, tablegrid.py).

What they draw is held by golden files: a seeded corpus of tables and lines of awkward text (Danish
letters, wide, combining, zero-width and joined characters, long words, soft hyphens) at many widths,
plain, in three colour systems, with NO_COLOR and in ASCII. The corpus's files were written when Rich
itself drew these tables and lines, so they also record that the lists look as they did. The word
wrap's own rules are properties; the terminal's detection is a table of environments."""

from __future__ import annotations

import io
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, chop_cells

from baeredygtig_cli.output.grid import ASCII, SIMPLE_HEAD, GridColumn, grid
from baeredygtig_cli.output.terminal import Screen, line_breaks, wrap
from baeredygtig_cli.output.text import Line

from .conftest import Golden

# Danish letters, punctuation, spaces in runs, wide characters (CJK, emoji): what plan text can hold
# after `shown` (no control characters; line breaks only where we put them).
PIECES = [*"abcæøåÆØÅ-/,.()0123456789", " ", "  ", "日", "本", "😀", "é", "\u200b", "\u00a0", "\u3000",
          "e\u0301", "👩\u200d💻", "Ａ", "\u00ad", "Bæredygtighedspuljen", "Direktionssekretariatet"]  # fmt: skip
STYLES = ["", "red", "bold", "bold red", "dim", "green", "yellow", "bold blue", "dark_orange"]
HEADERS = ["Id", "Tidspunkt", "Aktivitet", "Status", "Æ"]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _words(rng: random.Random, most: int = 40) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def _runs(rng: random.Random, most: int = 40) -> Line:
    return [(_words(rng, most), rng.choice(STYLES)) for _ in range(rng.randint(1, 3))]


def _table(rng: random.Random) -> tuple[list[GridColumn], list[list[Line]], str | None]:
    columns = [
        GridColumn(
            rng.choice(HEADERS), rng.randint(1, 24), rng.choice(["left", "right"]), no_wrap=rng.random() < 0.3
        )
        for _ in range(rng.randint(1, 6))
    ]
    rows = [[_runs(rng, 12) for _ in columns] for _ in range(rng.randint(1, 3))]
    title = _words(rng) or None if rng.random() < 0.5 else None
    return columns, rows, title


def _width(columns: list[GridColumn]) -> int:
    return sum(c.width for c in columns) + 2 * (len(columns) - 1)


class _Latin1(io.StringIO):
    encoding = "latin-1"


def test_tables_as_they_were_drawn(golden: Golden) -> None:
    """Plain, in ASCII (an encoding without box characters), and in colour under each colour system
    and NO_COLOR: 60 seeded tables, every third in colour."""
    rng = random.Random(20261207)
    out: list[str] = []
    for number in range(60):
        columns, rows, title = _table(rng)
        width = _width(columns)
        heading = [(title, "")] if title else None
        out.append(f"### table {number} (width {width})\n")
        out.append(Screen(io.StringIO(), width=width).drawn(grid(columns, rows, title=heading)))
        ascii_screen = Screen.detect(_Latin1(), {"COLUMNS": str(width), "LINES": "25"})
        assert ascii_screen.ascii_only
        out.append(ascii_screen.drawn(grid(columns, rows, title=heading, box=ASCII)))
        if number % 3 == 0:
            system = ("standard", "256", "truecolor")[number // 3 % 3]
            coloured = Screen(io.StringIO(), width=width, colour=system, no_colour=number % 4 == 0)
            out.append(coloured.drawn(grid(columns, rows, title=heading)))
    golden("screen-tables.txt", "".join(out).encode("utf-8"))


def test_printed_and_justified_lines_as_they_were_drawn(golden: Golden) -> None:
    rng = random.Random(7)
    out: list[str] = []
    for number in range(200):
        line, width = _runs(rng), rng.randint(1, 30)
        crop = number % 2 == 1
        screen = Screen(printed := io.StringIO(), width=width)
        screen.print(line, crop=crop)
        out.append(f"### line {number} (width {width}, {'crop' if crop else 'fold'})\n{printed.getvalue()}")
        justify = ("left", "center", "right")[number % 3]
        out.append(f"--- {justify}\n")
        out += ["".join(t for t, _ in wrapped) + "|\n" for wrapped in wrap(line, width, justify)]  # type: ignore[arg-type]
    golden("screen-lines.txt", "".join(out).encode("utf-8"))


# --- the word wrap's own rules ----------------------------------------------------------------------

TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 30))
def test_lines_break_between_words_and_fill_greedily(text: str, width: int) -> None:
    breaks = line_breaks(text, width)
    if not text:
        assert breaks == []
        return
    assert breaks == sorted(breaks) and all(0 < b < len(text) for b in breaks)
    pieces = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    assert "".join(pieces) == text
    for piece, following in zip(pieces, [*pieces[1:], None], strict=True):
        visible = piece.rstrip()
        if not piece:  # as Rich has it: an empty line before a grapheme wider than the line
            assert (
                following is not None
                and cell_len(chop_cells(following, width)[1 if width < 2 else 0]) > width
            )
            continue
        assert cell_len(visible) <= width or len([p for p in chop_cells(visible, width) if p]) == 1
        if following is None or not visible or not following.strip():
            continue  # the spaces after a cut word may stand alone; they are dropped when drawn
        if not piece[-1].isspace() and not following[0].isspace():  # a word longer than a line was cut
            first = next(p for p in chop_cells(following, width) if p)
            assert cell_len(piece) + cell_len(first) > width or cell_len(piece) == width
        elif piece[-1].isspace() and not following[0].isspace():  # between words: the next did not fit
            assert cell_len(piece) + cell_len(following.split()[0]) > width
        # else a word wider than the line was cut inside the spaces it carries ("\u3000aa\xa0\u3000"
        # at 3 cells), as Rich's chop_cells cuts it: the spaces are part of the folded word


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(1, 30), st.sampled_from(["left", "center", "right"]))
def test_justified_lines_are_exactly_the_width(text: str, width: int, justify: str) -> None:
    for wrapped in wrap([(text, "")], width, justify):  # type: ignore[arg-type]
        assert cell_len("".join(t for t, _ in wrapped)) == width


# --- the terminal --------------------------------------------------------------------------------------

DETECTED = [
    # environment, (width, colour, no_colour) for a StringIO (no terminal, as a pipe)
    ({}, (80, None, False)),
    ({"COLUMNS": "40", "LINES": "25"}, (40, None, False)),
    ({"COLUMNS": "0x", "LINES": "25"}, (80, None, False)),
    ({"FORCE_COLOR": "1"}, (80, "standard", False)),
    ({"FORCE_COLOR": ""}, (80, None, False)),
    ({"FORCE_COLOR": "1", "TERM": "xterm-256color"}, (80, "256", False)),
    ({"FORCE_COLOR": "1", "TERM": "xterm-kitty"}, (80, "256", False)),
    ({"FORCE_COLOR": "1", "TERM": "vt-16color"}, (80, "standard", False)),
    ({"FORCE_COLOR": "1", "COLORTERM": "truecolor"}, (80, "truecolor", False)),
    ({"FORCE_COLOR": "1", "COLORTERM": "24bit", "TERM": "xterm"}, (80, "truecolor", False)),
    ({"FORCE_COLOR": "1", "COLORTERM": "yes"}, (80, "standard", False)),
    ({"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}, (80, None, False)),
    ({"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "LINES": "25"}, (120, None, False)),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (80, "standard", True)),
    ({"NO_COLOR": "1"}, (80, None, True)),
    ({"TTY_COMPATIBLE": "1"}, (80, "standard", False)),
    ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, (80, None, False)),
    ({"TTY_COMPATIBLE": "2", "FORCE_COLOR": "1"}, (80, "standard", False)),
]


@pytest.mark.parametrize(("environ", "expected"), DETECTED, ids=[repr(e) for e, _ in DETECTED])
def test_the_screen_found_for_each_environment(
    environ: dict[str, str], expected: tuple[int, str | None, bool]
) -> None:
    screen = Screen.detect(io.StringIO(), {"LINES": "25", **environ} if "COLUMNS" not in environ else environ)
    assert (screen.width, screen.colour, screen.no_colour) == expected
    assert not screen.ascii_only


def test_the_environment_table_has_no_duplicates() -> None:
    keys = [tuple(sorted(environ.items())) for environ, _ in DETECTED]
    assert len(keys) == len(set(keys))


def test_the_shipped_list_in_colour() -> None:
    """The shipped plan's list at three widths, in colour: statuses and headers styled, every line of
    one width (the golden files hold the plain text, unchanged from when Rich drew it)."""
    from baeredygtig_cli.output.lists import activity_table
    from baeredygtig_cli.planfile.schema import load_plan

    from .conftest import SHIPPED_PLAN

    plan = load_plan(SHIPPED_PLAN)
    for width in (40, 80, 160):
        screen = Screen(io.StringIO(), width=width, colour="standard")
        drawn = screen.drawn(activity_table(plan.activities, width, plan.title, scale=plan.scale))
        assert "\x1b[32mAfsluttet\x1b[0m" in drawn and "\x1b[1mId\x1b[0m" in drawn
        assert len({len(re.sub(SGR, "", line)) for line in drawn.splitlines()}) == 1  # one width
    assert SIMPLE_HEAD.rule == "─"


def test_a_table_wider_than_the_screen_is_cut_at_its_edge() -> None:
    """As Rich's Console crops: at COLUMNS=3 the stacked list cannot fit, and no line passes the edge."""
    from baeredygtig_cli.output.lists import activity_table
    from baeredygtig_cli.planfile.schema import load_plan

    from .conftest import SHIPPED_PLAN

    plan = load_plan(SHIPPED_PLAN)
    for width in (1, 3, 5):
        screen = Screen(io.StringIO(), width=width)
        drawn = screen.drawn(activity_table(plan.activities, width, plan.title, scale=plan.scale))
        assert max(map(len, drawn.splitlines())) <= width
