"""Plan text as a terminal may show it, without Rich: render.py draws with it, and the plain text of
`plan log` (to a pipe or a file) is written with it too, without importing Rich at all: also the
width it is wrapped to.

Control characters are written visibly (`\\x1b`), never sent raw, and a field is cut at a bound, so one
enormous line costs what a normal one does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity, Party
from baeredygtig_cli.domain.timing import format_date

if TYPE_CHECKING:
    from baeredygtig_cli.domain.model import Note
    from baeredygtig_cli.domain.summary import FieldValue

Run = tuple[str, str]  # a piece of a line: its text and its style in Rich's style words ("bold red"; "")
Line = Sequence[Run]

TEXT_LIMIT = 1000  # characters of one field in a table, a compact line, a timeline label or a change
SHOW_LIMIT = 10_000  # characters of one field in `plan show`

# C0 controls, DEL, C1 controls: written as \xNN. Bidirectional overrides and isolates reorder what the
# terminal shows ("Trojan source"), so they are written as \uNNNN too. Tab and line breaks are spaces
# on one line; `plan show` keeps line breaks.
_CONTROLS: dict[int, str] = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROLS.update({c: f"\\u{c:04x}" for c in _BIDI})
_ONE_LINE = {**_CONTROLS, 0x09: " ", 0x0A: " ", 0x2028: " ", 0x2029: " "}
_LINES = {**_CONTROLS, 0x09: " ", 0x0A: "\n", 0x2028: "\n", 0x2029: "\n"}


def shown(text: str, limit: int = TEXT_LIMIT, *, lines: bool = False) -> str:
    """`text` as a terminal may show it: cut to `limit` characters with "…", control characters
    escaped. The file keeps every byte; only what is drawn changes. Cut first, so the work is bounded."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():  # the common case, checked in C
        return text
    return text.translate(_LINES if lines else _ONE_LINE)


# A line that says what happened to a value (`ret`'s before and after, "Aktivitet 7 fjernet: ..."): every
# control character visible, a tab or a line break too, so the line is one line and shows what the
# file holds. With `lines`, a diff: its own line breaks stay.
_EXACT = {**_CONTROLS, 0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_EXACT_LINES = {**_EXACT, 0x09: "\t", 0x0A: "\n", 0x0D: "\r"}


def line_shown(text: str, *, lines: bool = False) -> str:
    """`text` (a line we wrote about plan text) as a terminal may show it, nothing cut: control
    characters escaped, and (unless `lines`) a tab or line break written as `\\t`, `\\n`. With
    `lines` (a diff), tabs and line ends stay; a carriage return not before a line feed does not."""
    if text.isprintable():
        return text
    if lines:
        import re

        return re.sub(r"\r(?!\n)", r"\\r", text).translate(_EXACT_LINES)
    return text.translate(_EXACT)


def value_said(value: FieldValue, field: str) -> str:
    """A field's value in a change ("ansvarlig 'X' → 'Y'"): texts quoted so that a changed space shows."""
    if value is None:
        return "planens år" if field == "år" else "ingen"
    if isinstance(value, tuple):
        return ", ".join(f"'{item}'" for item in value)
    return str(value) if isinstance(value, int) else f"'{value}'"


def note_heading(
    note: Note, *, day: Callable[[date], str] = format_date, text: Callable[[str], str] = str
) -> str:
    """ "5. marts 2020 (Anna Jensen)": when and by whom. The one home of how a note is written, for
    people and for sheets alike: `day` writes the date (ISO in csv and Excel), `text` escapes the
    author (and, in `note_line`, the text) for HTML or Markdown."""
    return f"{day(note.day)}{f' ({text(note.author)})' if note.author else ''}"


def note_line(
    note: Note, *, day: Callable[[date], str] = format_date, text: Callable[[str], str] = str
) -> str:
    """ "5. marts 2020 (Anna Jensen): Udskudt til efteråret"."""
    return f"{note_heading(note, day=day, text=text)}: {text(note.text)}"


def latest_note_line(activity: Activity, *, day: Callable[[date], str] = format_date) -> str:
    """The activity's newest note as `note_line` writes it; empty for an activity without notes."""
    note = activity.latest_note
    return "" if note is None else note_line(note, day=day)


# The exports' party columns (csv, xlsx; Markdown has its own headers), last and only where the plan
# declares parties: the declared party `ansvarlig` names first, and the others it names (", " between
# them). `plan import` reads past them, as past START and SLUT.
PARTY_COLUMNS = ("TOVHOLDER (PART)", "MEDVIRKENDE (PARTER)")


def party_cells(activity: Activity, parties: Sequence[Party]) -> tuple[str, str]:
    """The two party columns of an activity: its tovholder and collaborators by their declared names
    (empty where the text names none)."""
    from baeredygtig_cli.domain.parties import roles

    lead, others = roles(activity.ansvarlig, parties)
    return (lead.name if lead else "", ", ".join(p.name for p in others))


def note_said(note: Note) -> str:
    """ "note 5. marts 2020 (Anna Jensen): Udskudt til efteråret"."""
    return f"note {note_line(note)}"


def note_edit_said(old: Note, new: Note) -> str:
    """ "note 5. marts 2020 (Anna Jensen) rettet: tekst 'Udskudt' → 'Udskudt til efteråret'": the note
    by its new date and author, then each part that changed."""
    by = f" ({new.author})" if new.author else ""  # the note as it now is, its date said in the parts
    parts = []
    if old.day != new.day:
        parts.append(f"dato {format_date(old.day)} → {format_date(new.day)}")
    if old.author != new.author:
        parts.append(f"af {value_said(old.author, 'af')} → {value_said(new.author, 'af')}")
    if old.text != new.text:
        parts.append(f"tekst '{old.text}' → '{new.text}'")
    return f"note {format_date(new.day)}{by} rettet: {', '.join(parts)}"


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 6


def terminal_width(env: Mapping[str, str] | None = None, dumb: bool = False) -> int:
    """The width to write for, as Rich's Console finds it: COLUMNS when set (alone it loses to a
    dumb terminal, as in Rich), else the terminal's, else 80. Every pipe and mail is 80 columns."""
    env = os.environ if env is None else env
    columns, lines = env.get("COLUMNS"), env.get("LINES")
    # Only ASCII digits, and not absurdly many ("²" is a digit to str.isdigit, not to int).
    fixed = int(columns) if columns is not None and _is_number(columns) else None
    if fixed is not None and lines is not None and _is_number(lines):
        return max(fixed, 1)
    if dumb:
        return 80
    measured = 0
    for descriptor in (0, 1, 2):
        try:
            measured = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
        break
    return max(fixed if fixed is not None else measured or 80, 1)
