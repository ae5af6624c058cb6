"""The terminal without Rich's Console: its width, whether to colour, and lines of styled runs wrapped,
justified and drawn the way Rich draws them.

`plan list` and `plan due` are the commands people type most. Importing Rich's Console and Table and
rendering a table row by row cost them about 70 ms, a third of a run. What they draw is simple: lines
of (text, style) runs, and one kind of table (`tablegrid.py`). So they draw it here, with a word wrap
of our own, and golden files written when Rich drew the same corpus hold the result
(`tests/test_screen.py`). Rich's cell widths and its cutting of text into cells (`rich.cells`: a
small, pure module, public in name) are used as they are; its style parser only when colour is on.

Detection follows Rich's Console: COLUMNS (and LINES), the terminal's size on stdin, stdout or stderr,
else 80 columns; TTY_COMPATIBLE and FORCE_COLOR; NO_COLOR keeps bold and dim and drops colours;
TERM=dumb draws no colour; COLORTERM and TERM pick the colour system; an encoding other than UTF-8 draws
tables in ASCII. On Windows, Rich's Console itself is asked (its consoles differ in what they take).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TextIO

from rich.cells import cell_len, chop_cells, set_cell_size

from baeredygtig_cli.output.text import Line, Run, terminal_width

Justify = Literal["default", "left", "center", "right"]

_TERM_COLOURS = {"kitty": "256", "256color": "256", "16color": "standard"}


def text_of(line: Line) -> str:
    return "".join(text for text, _ in line)


def _cut(runs: Line, start: int, end: int) -> list[Run]:
    """The runs covering characters start..end of their joined text."""
    out: list[Run] = []
    position = 0
    for text, style in runs:
        after = position + len(text)
        if after > start and position < end:
            out.append((text[max(start - position, 0) : end - position], style))
        position = after
        if position >= end:
            break
    return out


def _crop(runs: list[Run], width: int) -> list[Run]:
    """Cropped to `width` cells where longer (Rich's `set_cell_size`: a wide character cut in two
    becomes spaces)."""
    text = text_of(runs)
    if cell_len(text) <= width:
        return runs
    cropped = set_cell_size(text, width)
    kept = 0
    while kept < min(len(cropped), len(text)) and cropped[kept] == text[kept]:
        kept += 1
    return [*_cut(runs, 0, kept), *([(cropped[kept:], "")] if cropped[kept:] else [])]


def _pad(runs: list[Run], left: int, right: int) -> list[Run]:
    return [*([(" " * left, "")] if left > 0 else []), *runs, *([(" " * right, "")] if right > 0 else [])]


def _rstrip(runs: list[Run], count: int | None = None) -> list[Run]:
    """Without trailing whitespace (at most `count` characters of it)."""
    text = text_of(runs)
    keep = len(text.rstrip())
    if count is not None:
        keep = max(keep, len(text) - count)
    return _cut(runs, 0, keep) if keep < len(text) else runs


_WORD = re.compile(r"\s*\S+\s*")


def line_breaks(text: str, width: int) -> list[int]:
    """Where `text` (one line) breaks into lines of at most `width` cells: greedily between words, a
    word keeping the spaces after it (they may run past the edge, and are dropped there); a word
    wider than a whole line starts a line of its own and is cut into pieces of `width` cells."""
    breaks: list[int] = []
    used = 0  # cells on the line so far
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        visible = cell_len(word.rstrip())
        if used + visible <= width:
            used += cell_len(word)
            continue
        if visible <= width:
            if used and start:
                breaks.append(start)
            used = cell_len(word)
            continue
        pieces = chop_cells(word, width)  # by grapheme; one wider than the line alone, after an empty one
        for piece in pieces:
            if start:
                breaks.append(start)
            start += len(piece)
        used = cell_len(pieces[-1])
    return breaks


def wrap(line: Line, width: int, justify: Justify = "default", *, no_wrap: bool = False) -> list[list[Run]]:
    """`line` in lines of at most `width` cells, as Rich's `Text.wrap` makes them with overflow "fold":
    broken at line breaks, then between words, a word longer than the line folded; "left", "center"
    and "right" pad every line to `width`."""
    lines: list[list[Run]] = []
    text = text_of(line)
    start = 0
    for piece in text.split("\n"):
        end = start + len(piece)
        if no_wrap:
            ranges = [(start, end)]
        else:
            breaks = [start, *(start + offset for offset in line_breaks(piece, width)), end]
            ranges = list(itertools.pairwise(breaks))
        for first, last in ranges:
            runs = _cut(line, first, last)
            if not no_wrap and last - first > width:  # Rich's rstrip_end: whitespace beyond the width goes
                runs = _rstrip(runs, last - first - width)
            lines.append(_justified(runs, width, justify))
        start = end + 1
    return lines


def wrap_hanging(line: Line, width: int, indent: int) -> list[list[Run]]:
    """`line` wrapped to `width`, its second and later lines indented by `indent` cells (under the
    text they continue: "  ~  18  " in `plan historik`); as `wrap` where there is no indent, or where
    it would leave the text less than half the width."""
    text = text_of(line)
    if indent <= 0 or indent > width // 2 or "\n" in text:
        return wrap(line, width)
    breaks = line_breaks(text, width)
    if not breaks:
        return wrap(line, width)
    first = _rstrip(_cut(line, 0, breaks[0]))
    rest = wrap(_cut(line, breaks[0], len(text)), width - indent)
    return [first, *([(" " * indent, ""), *piece] for piece in rest)]


def _justified(runs: list[Run], width: int, justify: Justify) -> list[Run]:
    if justify in ("center", "right"):
        runs = _crop(_rstrip(runs), width)
        room = width - cell_len(text_of(runs))
        left = room // 2 if justify == "center" else room
        return _pad(runs, left, room - left)
    runs = _crop(runs, width)
    if justify == "left":
        return _pad(runs, 0, width - cell_len(text_of(runs)))
    return runs


def exact_width(lines: list[list[Run]], width: int) -> list[list[Run]]:
    """Every line exactly `width` cells: cropped or padded with spaces (Rich's `render_lines`)."""
    return [
        _pad(fitted, 0, width - cell_len(text_of(fitted)))
        for fitted in (_crop(line, width) for line in lines)
    ]


@dataclass(frozen=True, slots=True)
class Screen:
    """Where `plan` writes what a person reads, and how. `colour`: Rich's colour system ("standard",
    "256", "truecolor"), or None for no escape codes at all."""

    file: TextIO
    width: int = 80
    colour: str | None = None
    no_colour: bool = False  # NO_COLOR: attributes (bold, dim) kept, colours dropped
    ascii_only: bool = False
    _codes: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def detect(cls, file: TextIO | None = None, environ: Mapping[str, str] | None = None) -> Screen:
        """The screen Rich's Console would find for `file` (stdout) under `environ` (os.environ)."""
        out = sys.stdout if file is None else file
        env = os.environ if environ is None else environ
        if os.name == "nt":  # pragma: no cover - Windows consoles are Rich's to tell apart
            return cls._from_rich(out)
        terminal = _is_terminal(out, env)
        dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
        colour = None
        if terminal and not dumb:
            colour = _colour_system(env)
        encoding = (getattr(out, "encoding", "utf-8") or "utf-8").lower()
        return cls(
            out,
            width=terminal_width(env, dumb),
            colour=colour,
            no_colour=env.get("NO_COLOR", "") != "",
            ascii_only=not encoding.startswith("utf"),
        )

    @classmethod
    def _from_rich(cls, out: TextIO) -> Screen:
        """Windows: what Rich's own Console finds. A legacy console (conhost without escape codes) gets
        no colour from us (Rich would colour it through the Win32 API) and, as in Rich, one column less."""
        from rich.console import Console

        console = Console(file=out)  # it reads os.environ itself
        encoding = (getattr(out, "encoding", "utf-8") or "utf-8").lower()
        return cls(
            out,
            width=max(console.width, 1),
            colour=None if console.legacy_windows else console.color_system,
            no_colour=console.no_color,
            ascii_only=not encoding.startswith("utf"),
        )

    def styled(self, text: str, style: str) -> str:
        """`text` in `style`'s escape codes, or as it is when not colouring."""
        if not style or not text or self.colour is None:
            return text
        codes = self._codes.get(style)
        if codes is None:
            codes = self._codes[style] = _escape_codes(style, self.colour, self.no_colour)
        return f"{codes[0]}{text}{codes[1]}" if codes[0] else text

    def drawn(self, lines: Iterable[Line]) -> str:
        """Lines as text for the file, each cut at the width (as Rich's Console crops) and ending in a
        line break."""
        out: list[str] = []
        for line in lines:
            out.extend(self.styled(text, style) for text, style in _crop(list(line), self.width))
            out.append("\n")
        return "".join(out)

    def print(self, line: Line | str = "", style: str = "", *, crop: bool = False) -> None:
        """One line of text (a string in `style`, or runs) wrapped to the width as Rich's
        `Console.print` wraps it; `crop`: cut at the width instead (Rich's no_wrap, overflow crop)."""
        runs: Line = [(line, style)] if isinstance(line, str) else line
        self.write(self.drawn(wrap(runs, self.width, no_wrap=crop)))

    def write(self, text: str) -> None:
        self.file.write(text)
        self.file.flush()


def _is_terminal(file: TextIO, env: Mapping[str, str]) -> bool:
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return file.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed file
        return False


def _colour_system(env: Mapping[str, str]) -> str:
    if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    term = env.get("TERM", "").strip().lower()
    return _TERM_COLOURS.get(term.rpartition("-")[2], "standard")


def _escape_codes(style: str, system: str, no_colour: bool) -> tuple[str, str]:
    """The escape codes before and after text in `style`, as Rich writes them. Rich's style parser is
    imported only here, when there is colour to draw."""
    from rich.color import ColorSystem
    from rich.style import Style

    parsed = Style.parse(style)
    if no_colour:
        parsed = parsed.without_color
    systems = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
    }
    before, _, after = parsed.render("\0", color_system=systems[system]).partition("\0")
    return before, after
