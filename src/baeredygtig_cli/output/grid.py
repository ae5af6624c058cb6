"""The one kind of table `plan list` and `plan due` draw, without Rich: what Rich's `Table` draws with
box SIMPLE_HEAD (ASCII where the terminal's encoding is not UTF-8), no outer edge, collapsed padding,
a bold header, columns of given widths (never recomputed here: render's layout chose them to fit), and
a centred title. `tests/test_screen.py` holds it to Rich's own table for random cells and widths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from baeredygtig_cli.output.terminal import Justify, exact_width, wrap
from baeredygtig_cli.output.text import Line, Run

HEADER_STYLE = "bold"


@dataclass(frozen=True, slots=True)
class Box:
    """The characters of a headed box without edges: between columns (header row, body rows, last
    row), and the rule under the header (along a column, where columns meet)."""

    head_divider: str
    divider: str
    foot_divider: str
    rule: str
    rule_cross: str


SIMPLE_HEAD = Box(" ", " ", " ", "─", "─")
ASCII = Box("|", "|", "|", "-", "+")


@dataclass(frozen=True, slots=True)
class GridColumn:
    header: str
    width: int  # cells of text, without the gap to the next column
    justify: Justify = "left"
    no_wrap: bool = False


def grid(
    columns: Sequence[GridColumn],
    rows: Sequence[Sequence[Line]],
    *,
    title: Line | None = None,
    box: Box = SIMPLE_HEAD,
) -> list[list[Run]]:
    """The table's lines: the title centred over it, the header, a rule, one block per row. A cell
    wraps within its column (a word longer than it is folded); a row is as tall as its tallest cell."""
    last = len(columns) - 1
    widths = [c.width + (0 if i == last else 1) for i, c in enumerate(columns)]  # a cell's right padding
    lines: list[list[Run]] = []
    if title is not None:
        lines.extend(wrap(title, sum(widths) + last, "center"))
    header: Sequence[Line] = [[(c.header, HEADER_STYLE)] for c in columns]
    for index, row in enumerate([header, *rows]):
        divider = box.head_divider if index == 0 else box.foot_divider if index == len(rows) else box.divider
        cells = [
            _cell_lines(cell, column, width) for cell, column, width in zip(row, columns, widths, strict=True)
        ]
        height = max(map(len, cells))
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            blank = [[(" " * width, "")]] * (height - len(cell))
            cells[i] = blank + cell if index == 0 else cell + blank  # the header sits on the rule
        for line_no in range(height):
            line: list[Run] = []
            for i, cell in enumerate(cells):
                if i:
                    line.append((divider, ""))
                line.extend(cell[line_no])
            lines.append(line)
        if index == 0:
            lines.append([(box.rule_cross.join(box.rule * width for width in widths), "")])
    return lines


def _cell_lines(cell: Line, column: GridColumn, width: int) -> list[list[Run]]:
    """A cell's lines, each `width` cells: its text wrapped and justified in the column, then padded."""
    return exact_width(wrap(cell, column.width, column.justify, no_wrap=column.no_wrap), width)
