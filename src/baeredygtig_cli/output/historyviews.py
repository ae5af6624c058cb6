"""The plan's memory for people: `plan log`, progress over time as stacked bars, quiet activities.

Each is a list of lines, each line a list of (text, style) runs (screen.py). On a terminal the lines
are drawn in colour, wrapped at the window's width; to a pipe or a file they are plain text, unwrapped,
so `plan log | less` over a thousand commits is quick. Neither imports Rich's Console. Plan
text goes through `terminaltext.shown` either way. Without colour (NO_COLOR, or plain text), the
bars tell statuses apart by the timeline's glyphs (`#` finished, `=` under way, `-` waiting, ...).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from baeredygtig_cli.domain.model import Activity, Note, Period
from baeredygtig_cli.domain.statuses import NONE, Scale
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, Change, FieldChange, FieldValue, PlanChanges
from baeredygtig_cli.domain.timing import format_date, format_period
from baeredygtig_cli.history.gitrepo import CUT
from baeredygtig_cli.output.text import Run, note_edit_said, note_said, shown, value_said

if TYPE_CHECKING:
    from baeredygtig_cli.history.gitrepo import Commit
    from baeredygtig_cli.history.versions import LastChange, LogEntry, Quiet, Series
    from baeredygtig_cli.output.terminal import Screen

Line = list[Run]


def plain(lines: Sequence[Line]) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


# Under the text: after an activity's mark and id in the log ("  ~  18  "), after an id in an edit's
# summary ("19: "), or at a line's own indent.
_HANGING = re.compile(r" *(?:[~+!-] +\d+ +|\d+: )?")


def is_command(text: str) -> bool:
    """A line that is a command to copy (`  plan aktuelt --stille ...`): never broken, for a
    command broken over lines runs as two (a terminal shows it whole, wider than the window)."""
    return text.lstrip().startswith("plan ")


def hanging_indent(text: str) -> int:
    """Where a wrapped line continues: under the text after an activity's mark and id (`  ~  18  `)
    or after an id (`19: `), else under its own first character."""
    match = _HANGING.match(text)
    return match.end() if match else 0


def fitted(text: str, width: int) -> str:
    """Plain text (a pipe, a file, a kept answer) in lines of at most `width` characters, each wrapped
    line continuing under its text: every pipe and mail is 80 columns, and `plan historik | less` too.
    The standard library's word wrap, so a pipe imports no Rich (a plan's Danish text is one cell a
    character; on a terminal the cells are measured)."""
    import textwrap

    if not text:
        return text
    out = []
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        indent = hanging_indent(line)
        if len(line) <= width or indent > width // 2 or is_command(line):
            out.append(line)
            continue
        # A word longer than the line (a path, a URL) stays whole.
        out += textwrap.wrap(line, width, subsequent_indent=" " * indent, break_on_hyphens=False,
                             break_long_words=False, drop_whitespace=True)  # fmt: skip
    return "".join(f"{line}\n" for line in out)


def show(lines: Sequence[Line], write: Callable[[str], None], screen: Callable[[], Screen]) -> None:
    """Plain text to a pipe or a file; on a terminal with colour unless NO_COLOR; both wrapped to the
    width (the terminal's, else COLUMNS, else 80)."""
    if not sys.stdout.isatty():
        from baeredygtig_cli.output.text import terminal_width

        write(fitted(plain(lines), terminal_width()))
        return
    from baeredygtig_cli.output.terminal import text_of, wrap, wrap_hanging

    out = screen()

    def wrapped(line: Line) -> list[list[Run]]:
        text = text_of(line)
        if is_command(text):
            return wrap(line, out.width, no_wrap=True)
        return wrap_hanging(line, out.width, hanging_indent(text))

    write(out.drawn(piece for line in lines for piece in wrapped(line)))


def plain_bars() -> bool:
    """Draw bars with glyphs, not colour: to a pipe or a file, or under NO_COLOR."""
    import os

    return not sys.stdout.isatty() or bool(os.environ.get("NO_COLOR"))


# --- plan log --------------------------------------------------------------------------------------


def log_lines(entries: Sequence[LogEntry], scale: Scale, *, ids: bool) -> list[Line]:
    """Newest first: commit, date, author, subject, then what changed. `ids`: only some activities
    were asked for (their whole life, added included, rather than "ny plan med N aktiviteter")."""
    if not entries:
        return [[("Ingen commits at vise.", "dim")]]
    lines: list[Line] = []
    for entry in entries:
        if lines:
            lines.append([])
        commit = entry.commit
        head: Line = [(commit.short, "yellow"), ("  ", ""), (format_date(commit.day), ""), ("  ", "")]
        head.append((shown(commit.author), "bold"))
        if entry.via is not None:
            head.append((f"  via fletning {entry.via.short}", "dim"))
        elif commit.merge:
            head.append(("  (fletning)", "dim"))
        lines.append(head)
        lines.append([("    ", ""), (shown(commit.subject), "")])
        if commit.old_path is not None:
            lines.append([("  ", ""), (shown(f"omdøbt: {commit.old_path} → {commit.path}"), "dim")])
        lines += _entry_lines(entry, scale, ids=ids)
    return lines


def _entry_lines(entry: LogEntry, scale: Scale, *, ids: bool) -> list[Line]:
    if entry.file_removed:
        return [[("  ! ", "red"), (shown(f"{entry.commit.path} er fjernet i denne commit"), "red")]]
    if entry.problem is not None:
        said = f"kan ikke læses ({entry.problem}); versionen springes over"
        return [[("  ! ", "red"), (shown(said), "red")]]
    changes = entry.changes
    if entry.cut and entry.first:
        noun = "aktivitet" if entry.size == 1 else "aktiviteter"
        said = (
            f"historikken før denne commit findes ikke i repositoryet (shallow clone); planen havde "
            f"{entry.size} {noun} her"
        )
        return [[("  ! ", "yellow"), (said, "yellow")]]
    if entry.first and not ids:
        noun = "aktivitet" if entry.size == 1 else "aktiviteter"
        return [[("  ", ""), (f"ny plan med {entry.size} {noun}", "green")]]
    if changes.empty:
        return [[("  ", ""), ("ingen ændringer i aktiviteterne", "dim")]]
    lines: list[Line] = []
    for a in changes.added:
        lines.append([("  + ", "green"), *_name(a), (shown(f"  ({a.tidspunkt})"), "dim")])
    for a in changes.removed:
        lines.append([("  - ", "red"), *_name(a), (shown(f"  ({a.tidspunkt})"), "dim")])
    for change in changes.touched:
        for field in change.fields:
            lines.append(
                [("  ~ ", "cyan"), *_name(change.new), (": ", ""), *field_said(field, change, scale)]
            )
        for note in change.notes:
            lines.append([("  ~ ", "cyan"), *_name(change.new), (": ", ""), (shown(note_said(note)), "")])
        for old, new in change.edited:
            said = shown(note_edit_said(old, new))
            lines.append([("  ~ ", "cyan"), *_name(change.new), (": ", ""), (said, "")])
    return lines


def commit_message(changes: PlanChanges, scale: Scale, note: str | None = None) -> str:
    """The message of an edit's own commit (`--gem`), in the log's words: one line per change
    ("18: status Afventer → I gang"), the note given with the edit after the first ("— Budgettet er
    godkendt") instead of as a line of its own. Several lines: the first as the subject, all below."""
    lines = [f"{a.id}: tilføjet: {a.aktivitet}" for a in changes.added]
    lines += [f"{a.id}: fjernet: {a.aktivitet}" for a in changes.removed]
    noted: list[int] = []
    for change in changes.touched:
        lines += [f"{change.new.id}: {_line_text(field_said(f, change, scale))}" for f in change.fields]
        for added in change.notes:
            if note is not None and added.text == note:
                noted.append(change.new.id)
            else:
                lines.append(f"{change.new.id}: {note_said(added)}")
        lines += [f"{change.new.id}: {note_edit_said(old, new)}" for old, new in change.edited]
    if not lines:
        lines = [
            f"{', '.join(map(str, noted))}: note" if noted else "plan.yaml: ingen ændringer i aktiviteterne"
        ]
    subject = lines[0] + (f" (og {len(lines) - 1} mere)" if len(lines) > 1 else "")
    if note is not None:
        subject += f" — {' '.join(note.split())}"
    return subject + ("\n\n" + "\n".join(lines) if len(lines) > 1 else "") + "\n"


def _line_text(line: Line) -> str:
    return "".join(text for text, _ in line)


def _name(a: Activity) -> Line:
    return [(f"{a.id:>3}  ", ""), (shown(a.aktivitet), "")]


def field_said(field: FieldChange, change: Change, scale: Scale) -> Line:
    """ "status Afventer → I gang"; texts quoted, so a changed space shows; a timing with its period."""
    if field.field == "status":
        return [
            ("status ", ""),
            *_log_status(field.before, scale),
            (" → ", ""),
            *_log_status(field.after, scale),
        ]
    if field.field == "periode":
        assert isinstance(field.before, Period) and isinstance(field.after, Period)
        return [(f"periode {format_period(field.before)} → {format_period(field.after)}", "")]
    said = f"{field.field} {value_said(field.before, field.field)} → {value_said(field.after, field.field)}"
    pieces: Line = [(shown(said), "")]
    old, new = change.old.period, change.new.period
    if field.field in ("tidspunkt", "år") and old != new:
        pieces.append((f"  ({format_period(old)} → {format_period(new)})", "dim"))
    return pieces


def _log_status(status: FieldValue, scale: Scale) -> Line:
    if status is None:
        return [("–", NONE.style)]
    assert isinstance(status, str)
    return [(shown(status), scale.look(status).style)]


# --- progress over time ----------------------------------------------------------------------------


def series_lines(series: Series, scale: Scale, title: str, width: int, *, plain: bool) -> list[Line]:
    """One row per month (or week): its label, a bar whose length is the number of activities, split
    by status, and "finished of all" with the share. Readable at 80 columns; with `plain`, glyphs."""
    from baeredygtig_cli.history.versions import bar_order

    order = bar_order(series, scale)
    unit = "måned" if series.unit == "måned" else "uge"
    lines: list[Line] = [[(shown(f"Status pr. {unit}: {title}"), "bold")]]
    legend: Line = []
    for key in order:
        look = NONE if key == NO_STATUS_KEY else scale.look(key)
        name = "ingen status" if key == NO_STATUS_KEY else shown(key)
        legend += [("  " if legend else "", ""), (look.glyph if plain else "█", "" if plain else look.style)]
        legend.append((f" {name}", ""))
    lines += _wrap(legend, width)
    if not series.points:
        return [*lines, [("Ingen versioner at vise.", "dim")]]
    label_width = max(len(p.label) for p in series.points)
    counts = [f"{p.finished} af {p.total}" for p in series.points]
    count_width = max(len(c) for c in counts)
    room = max(10, width - label_width - count_width - 4 - 2 - 4 - 1)
    most = max(p.total for p in series.points) or 1
    for point, count in zip(series.points, counts, strict=True):
        row: Line = [(point.label.ljust(label_width) + "  ", "")]
        length = round(point.total * room / most)
        drawn = 0
        running = 0
        for key in order:
            running += point.counts.get(key, 0)
            end = round(running * length / point.total) if point.total else 0
            if end > drawn:
                look = NONE if key == NO_STATUS_KEY else scale.look(key)
                row.append(((look.glyph if plain else "█") * (end - drawn), "" if plain else look.style))
                drawn = end
        share = f"{point.finished / point.total:.0%}" if point.total else "–"
        row.append((" " * (room - drawn) + "  " + count.rjust(count_width) + "  " + share.rjust(4), ""))
        lines.append(row)
    return lines


def _wrap(pieces: Line, width: int) -> list[Line]:
    """Legend entries (separator, mark, name) broken between entries, never inside one."""
    lines: list[Line] = [[]]
    used = 0
    for i in range(0, len(pieces), 3):
        separator, mark, name = pieces[i : i + 3]
        size = len(mark[0]) + len(name[0])
        if used and used + len(separator[0]) + size > width:
            lines.append([])
            used = 0
            separator = ("", "")
        lines[-1] += [separator, mark, name]
        used += len(separator[0]) + size
    return lines


# --- quiet activities -----------------------------------------------------------------------------


def quiet_lines(
    found: Sequence[Quiet], today: date, days: int, scale: Scale, *, compact: int | None = None
) -> list[Line]:
    """`plan due --stille`: who to call. Each activity with its status, whether it is overdue, and
    the last change of its status or notes: when, by whom, what. `compact` (a width): one line each,
    as `plan due --kort`: id, status, days quiet, who changed it last, and the activity cut to fit."""
    noun = "aktivitet" if len(found) == 1 else "aktiviteter"
    lines: list[Line] = [
        [(f"Stille pr. {format_date(today)}: {len(found)} {noun} uden ændring af status eller noter "
          f"i {days} dage", "bold")],
    ]  # fmt: skip
    if not found:
        return [*lines, [("Ingen; alt, der kører eller er forsinket, er rørt for nylig.", "dim")]]
    if compact is not None:
        return lines + _quiet_rows(found, today, scale, compact)
    for q in found:
        a = q.activity
        lines.append([(f"{a.id:>4}  ", "bold"), (shown(a.aktivitet), "")])
        details: Line = [("      ", ""), *_log_status(a.status, scale)]
        if q.overdue:
            details.append((" · forsinket", "red"))
        details.append((" · " + last_said(q.last, today), ""))
        lines.append(details)
    return lines


def _quiet_rows(found: Sequence[Quiet], today: date, scale: Scale, width: int) -> list[Line]:
    """One line per quiet activity, in columns: id, status, days quiet ("102 dage", with "+" when
    unchanged since at least then), who last changed it, and the activity cut to what is left."""
    rows: list[list[str]] = []
    for q in found:
        quiet_days = q.days(today)
        unknown = q.last is None or q.last.what == CUT
        days = "?" if quiet_days is None else f"{quiet_days}{'+' if unknown else ''} dage"
        who = q.last.author if q.last is not None and q.last.author and not unknown else "–"
        rows.append([str(q.activity.id), shown(q.activity.status or "–"), days, shown(who)])
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    room = max(width - sum(widths) - 2 * 4, 10)
    lines: list[Line] = []
    for (ident, status, days, who), q in zip(rows, found, strict=True):
        name = shown(q.activity.aktivitet)
        if len(name) > room:
            name = name[: room - 1].rstrip() + "…"
        line: Line = [
            (ident.rjust(widths[0]) + "  ", "bold"),
            (status, scale.look(q.activity.status).style if q.activity.status else NONE.style),
            (" " * (widths[1] - len(status)) + "  ", ""),
            (days.rjust(widths[2]) + "  ", "red" if q.overdue else ""),
            (who.ljust(widths[3]) + "  ", ""),
            (name, ""),
        ]
        lines.append(line)
    return lines


def last_said(last: LastChange | None, today: date) -> str:
    """ "status ændret 5. marts 2020 af Anna Jensen (commit 1a2b3c4, 102 dage siden)"; a change a
    merge brought names the merge too ("commit 1a2b3c4 via fletning 9f8e7d6")."""
    if last is None:
        return "ikke ændret i den del af historikken, der er læst"
    if last.commit is None:
        return "ændret i arbejdskopien (ikke committet)"
    days = (today - last.day).days
    ago = f"{days} dag siden" if days == 1 else f"{days} dage siden"
    if last.what == CUT:
        return shown(
            f"ikke ændret siden mindst {format_date(last.day)} (commit {last.commit}, hvor historikken i "
            f"denne shallow clone begynder; {ago})"
        )
    what = {"status": "status ændret", "note": "note skrevet", "tilføjet": "tilføjet"}[last.what]
    by = f" af {last.author}" if last.author else ""
    via = f" via fletning {last.via}" if last.via else ""
    return shown(f"{what} {format_date(last.day)}{by} (commit {last.commit}{via}, {ago})")


def quiet_flag(found: Sequence[Quiet], days: int, hint: str = "plan aktuelt --stille") -> list[Line]:
    """The line `plan due` ends with when some of what it shows has been quiet for `days` days, and
    the command that lists them (`hint`: with the options that give the same answer)."""
    if not found:
        return []
    ids = ", ".join(str(q.activity.id) for q in sorted(found, key=lambda q: q.activity.id))
    noun = "aktivitet" if len(found) == 1 else "aktiviteter"
    return [
        [
            (
                f"Stille i {days} dage (ingen ændring af status eller noter): {len(found)} {noun}: {ids}",
                "yellow",
            )
        ],
        [("Se hvem der sidst ændrede dem:", "dim")],
        [(f"  {shown(hint)}", "dim")],  # a command to copy: on a line of its own, never broken
    ]


def cut_said(cut: Commit, undecided: int = 0) -> str:
    """The one line (stderr) when an answer reaches the start of a shallow clone's history, and how
    many activities it therefore cannot tell about."""
    from baeredygtig_cli.history.gitrepo import shallow_said

    said = shallow_said(cut.short, cut.day)
    if undecided:
        noun = "aktivitet" if undecided == 1 else "aktiviteter"
        said += f"; {undecided} {noun} kan ikke afgøres"
    return said


def passed_over_said(passed: Sequence[Commit]) -> str:
    """The line (stderr) when some month or week counts an older version because the newest one
    then could not be read: the rule of `--per` and `plan log` too."""
    shorts = ", ".join(c.short for c in passed)
    if len(passed) == 1:
        return (
            f"versionen i commit {shorts} ({format_date(passed[0].committed.astimezone().date())}) kan ikke "
            "læses; hvor den var den nyeste, tæller den seneste version før den, der kan læses"
        )
    return (
        f"{len(passed)} versioner (commit {shorts}) kan ikke læses; hvor en af dem var den nyeste, tæller "
        "den seneste version før den, der kan læses"
    )


def activity_change_said(record: dict[str, Any]) -> tuple[str, str, str, str]:
    """One line of `plan show`'s history, from its JSON record (jsonout.activity_change_records), as
    its date, author, what changed and commit: ("12. marts 2020", "Bo Hansen", "status I gang →
    Afsluttet", "8564e88"); a change a merge brought names the merge ("8564e88 via fletning 1a2b3c4")."""
    from datetime import date

    what, before, after = record["hvad"], record["før"], record["efter"]

    def note(n: dict[str, Any]) -> Note:
        return Note(date.fromisoformat(n["dato"]), n["tekst"], n["af"])

    def period(p: dict[str, Any]) -> str:
        return format_period(Period(date.fromisoformat(p["start"]), date.fromisoformat(p["slut"])))

    if what == "tilføjet":
        said = "tilføjet"
    elif what == CUT:
        said = "i planen, da historikken i denne shallow clone begynder"
    elif what == "note":
        said = note_said(note(after))
    elif what == "note_rettet":
        said = note_edit_said(note(before), note(after))
    elif what == "status":
        said = f"status {before or '–'} → {after or '–'}"
    elif what == "periode":
        said = f"periode {period(before)} → {period(after)}"
    else:
        values = [tuple(v) if isinstance(v, list) else v for v in (before, after)]
        said = f"{what} {value_said(values[0], what)} → {value_said(values[1], what)}"
    via = f" via fletning {record['via_fletning']}" if record["via_fletning"] else ""
    day = format_date(date.fromisoformat(record["dato"]))
    return day, shown(record["af"]), shown(said), f"{record['commit']}{via}"
