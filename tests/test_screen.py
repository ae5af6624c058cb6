"""Issue 11.14: `plan list` and `plan due` draw without Rich's Console and Table (screen.py,
tablegrid.py). These properties hold that drawing to Rich's own: the table byte for byte without
colour and character for character with it, printed lines, and the terminal Rich would detect."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from baeredygtig_cli.screen import Screen, wrap
from baeredygtig_cli.tablegrid import ASCII, SIMPLE_HEAD, GridColumn, grid
from baeredygtig_cli.terminaltext import Line

# Danish letters, punctuation, spaces in runs, wide characters (CJK, emoji): what plan text can hold
# after `shown` (no control characters; line breaks only where we put them).
LETTERS = st.sampled_from(
    [*"abcæøåÆØÅ-/,.()0123456789", " ", "  ", "日", "本", "😀", "é", "\u200b", "\u00a0", "\u3000", "e\u0301",
     "👩\u200d💻", "Ａ", "\u00ad"]
)  # fmt: skip
WORDS = st.lists(LETTERS, max_size=40).map("".join)
STYLES = st.sampled_from(
    ["", "red", "bold", "bold red", "dim", "green", "yellow", "bold blue", "dark_orange"]
)
RUNS = st.lists(st.tuples(WORDS, STYLES), min_size=1, max_size=3)
COLUMN = st.builds(
    GridColumn,
    header=st.sampled_from(["Id", "Tidspunkt", "Aktivitet", "Status", "Æ"]),
    width=st.integers(1, 24),
    justify=st.sampled_from(["left", "right"]),
    no_wrap=st.booleans(),
)
COLOUR_SYSTEMS = st.sampled_from(["standard", "256", "truecolor"])
SGR = re.compile(r"\x1b\[([0-9;]*)m")


class _Latin1(io.StringIO):
    encoding = "latin-1"


def rich_table(columns: list[GridColumn], rows: list[list[Line]], title: str | None, console: Console) -> str:
    """What Rich draws for the same table, configured as render.py configured it before."""
    table = Table(
        title=Text(title) if title else None,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
        header_style="bold",
    )
    for column in columns:
        table.add_column(
            column.header, justify=column.justify, width=column.width, no_wrap=column.no_wrap, overflow="fold"
        )
    for row in rows:
        table.add_row(*(Text.assemble(*cell) for cell in row))
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def table_width(columns: list[GridColumn]) -> int:
    return sum(c.width for c in columns) + 2 * (len(columns) - 1)


def styled_cells(text: str) -> list[tuple[str, str]]:
    """Each character with the escape codes in force on it; a space's style cannot be seen, so it has
    none (Rich pads some cells with styled spaces, we pad with plain ones)."""
    out: list[tuple[str, str]] = []
    state, position = "", 0
    for match in SGR.finditer(text):
        out.extend((c, "" if c in " \n" else state) for c in text[position : match.start()])
        state = "" if match.group(1) in ("0", "") else match.group(1)
        position = match.end()
    out.extend((c, "" if c in " \n" else state) for c in text[position:])
    return out


def rows_for(columns: int) -> st.SearchStrategy[list[list[Line]]]:
    return st.lists(st.lists(RUNS, min_size=columns, max_size=columns), min_size=1, max_size=4)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[GridColumn], list[list[Line]], str | None]:
    columns = draw(st.lists(COLUMN, min_size=1, max_size=6))
    return columns, draw(rows_for(len(columns))), draw(st.none() | WORDS.filter(bool))


@settings(max_examples=400, deadline=None)
@given(tables(), st.integers(0, 6))
def test_the_table_is_richs_byte_for_byte(
    table: tuple[list[GridColumn], list[list[Line]], str | None], more: int
) -> None:
    columns, rows, title = table
    width = table_width(columns)
    want = rich_table(columns, rows, title, Console(file=io.StringIO(), width=width + more, highlight=False))
    screen = Screen(io.StringIO(), width=width)
    assert screen.drawn(grid(columns, rows, title=[(title, "")] if title else None)) == want


@settings(max_examples=200, deadline=None)
@given(tables(), COLOUR_SYSTEMS, st.booleans())
def test_the_table_in_colour_styles_every_character_as_rich_does(
    table: tuple[list[GridColumn], list[list[Line]], str | None], system: str, no_colour: bool
) -> None:
    columns, rows, title = table
    width = table_width(columns)
    console = Console(
        file=io.StringIO(),
        width=width,
        highlight=False,
        force_terminal=True,
        color_system=system,
        no_color=no_colour,
    )
    want = rich_table(columns, rows, title, console)
    screen = Screen(io.StringIO(), width=width, colour=system, no_colour=no_colour)
    got = screen.drawn(grid(columns, rows, title=[(title, "")] if title else None))
    assert styled_cells(got) == styled_cells(want)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_an_encoding_without_box_characters_draws_rich_ascii_table(
    table: tuple[list[GridColumn], list[list[Line]], str | None],
) -> None:
    columns, rows, title = table
    width = table_width(columns)
    want = rich_table(columns, rows, title, Console(file=_Latin1(), width=width, highlight=False))
    screen = Screen.detect(_Latin1(), {"COLUMNS": str(width), "LINES": "25"})
    assert screen.ascii_only and screen.width == width
    assert screen.drawn(grid(columns, rows, title=[(title, "")] if title else None, box=ASCII)) == want


@settings(max_examples=300, deadline=None)
@given(RUNS, st.integers(1, 30), st.booleans())
def test_a_printed_line_wraps_or_crops_as_richs(line: Line, width: int, crop: bool) -> None:
    console = Console(file=io.StringIO(), width=width, highlight=False)
    console.print(Text.assemble(*line), no_wrap=crop, overflow="crop" if crop else "fold")
    screen = Screen(out := io.StringIO(), width=width)
    screen.print(line, crop=crop)
    assert out.getvalue() == console.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None)
@given(RUNS, st.integers(1, 30), st.sampled_from(["left", "center", "right"]))
def test_justified_lines_are_richs(line: Line, width: int, justify: str) -> None:
    text = Text.assemble(*line)
    console = Console(file=io.StringIO(), width=width, highlight=False)
    want = ["".join(part.plain) for part in text.wrap(console, width, justify=justify, overflow="fold")]  # type: ignore[arg-type]
    got = ["".join(t for t, _ in wrapped) for wrapped in wrap(line, width, justify)]  # type: ignore[arg-type]
    assert got == want


ENVIRONMENTS = st.fixed_dictionaries(
    {},
    optional={
        "COLUMNS": st.sampled_from(["40", "120", "0x", ""]),
        "LINES": st.sampled_from(["25", "x"]),
        "FORCE_COLOR": st.sampled_from(["", "1", "0"]),
        "NO_COLOR": st.sampled_from(["", "1"]),
        "TTY_COMPATIBLE": st.sampled_from(["0", "1", "2"]),
        "TERM": st.sampled_from(["xterm", "xterm-256color", "dumb", "unknown", "xterm-kitty", "vt-16color"]),
        "COLORTERM": st.sampled_from(["truecolor", "24bit", "yes"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(ENVIRONMENTS)
def test_the_screen_is_the_one_rich_detects(environ: Mapping[str, str]) -> None:
    """Width, whether it is a terminal, colour system and NO_COLOR, under every mix of the variables
    Rich reads (a StringIO is no terminal, as a pipe is not)."""
    out = io.StringIO()
    console = Console(file=out, highlight=False, _environ=environ)
    screen = Screen.detect(out, environ)
    assert screen.width == console.width
    assert screen.colour == console.color_system
    assert screen.no_colour == console.no_color
    assert not screen.ascii_only
    assert Screen._from_rich(out, environ) == screen  # what Windows asks Rich for, agreeing here


def test_the_shipped_list_in_colour() -> None:
    """The shipped plan's list at three widths, in colour: statuses and headers styled, every line of
    one width (the golden files hold the plain text, unchanged from when Rich drew it)."""
    from baeredygtig_cli.listing import activity_table
    from baeredygtig_cli.store import load_plan

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
    from baeredygtig_cli.listing import activity_table
    from baeredygtig_cli.store import load_plan

    from .conftest import SHIPPED_PLAN

    plan = load_plan(SHIPPED_PLAN)
    for width in (1, 3, 5):
        screen = Screen(io.StringIO(), width=width)
        drawn = screen.drawn(activity_table(plan.activities, width, plan.title, scale=plan.scale))
        assert max(map(len, drawn.splitlines())) <= width
