"""The `--json` contract: what every command's `--json` prints. Data in, text out.

Each key and its order is documented in docs/JSON.md and tested exactly; extend,
never break. File exports (csv, ics, md, html) are export.py's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from baeredygtig_cli.domain.model import Activity, Note, Party, Period
from baeredygtig_cli.domain.query import is_overdue

if TYPE_CHECKING:
    from baeredygtig_cli.domain.parties import PartyCount, Proposal
    from baeredygtig_cli.domain.summary import Change, PlanChanges, Summary, Tally
    from baeredygtig_cli.history.gitrepo import Commit, Version
    from baeredygtig_cli.history.versions import ActivityChange, LastChange, LogEntry, Quiet, Series


def period_record(period: Period) -> dict[str, Any]:
    """`start` and `slut`; a deadline ("senest 15. maj") adds `"frist": true`, other periods nothing."""
    record: dict[str, Any] = {"start": period.start.isoformat(), "slut": period.end.isoformat()}
    if period.deadline:
        record["frist"] = True
    return record


def activity_record(activity: Activity) -> dict[str, Any]:
    """The contract of `--json`: these keys, in this order, nothing else. `noter` follows only for an
    activity that has notes, so the records of a plan without notes are as they always were."""
    record = {
        "id": activity.id,
        "tidspunkt": activity.tidspunkt,
        "emne": list(activity.emne),
        "aktivitet": activity.aktivitet,
        "ansvarlig": activity.ansvarlig,
        "status": activity.status,
        **period_record(activity.period),
    }
    if activity.notes:
        record["noter"] = [note_record(note) for note in activity.notes]
    return record


def note_record(note: Note) -> dict[str, Any]:
    """A note: `dato` (ÅÅÅÅ-MM-DD), `tekst`, `af` (null when nobody is named)."""
    return {"dato": note.day.isoformat(), "tekst": note.text, "af": note.author}


def _ascii_only() -> bool:
    """Write `\\u00e6` for "æ" where stdout's encoding is not Unicode (a Latin-1 terminal): every JSON
    reader reads the same text, and nothing is lost or refused on the way."""
    import sys

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return not encoding.lower().startswith("utf")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=_ascii_only(), indent=2) + "\n"


def json_lines_array(records: Iterable[dict[str, Any]]) -> str:
    """A JSON array with one compact record per line: valid JSON, readable, diff-friendly,
    and written by json's C encoder (indent= would force the slow pure-Python one)."""
    encode = json.JSONEncoder(ensure_ascii=_ascii_only()).encode
    body = ",\n".join("  " + encode(record) for record in records)
    return f"[\n{body}\n]\n" if body else "[]\n"


def activities_json(activities: Iterable[Activity]) -> str:
    return json_lines_array(activity_record(a) for a in activities)


def due_json(
    current: Iterable[Activity], overdue: Iterable[Activity], today: date, finished: str | None
) -> str:
    """`plan due --json`: the list contract plus `forsinket` (by the plan's `finished` status)."""
    return json_lines_array(
        {**activity_record(a), "forsinket": is_overdue(a, today, finished)} for a in (*current, *overdue)
    )


def _period_flags(period: Period) -> dict[str, bool]:
    return {"åben_slutning": period.open_ended, "løbende": period.ongoing}


def period_json(text: str, year: int, period: Period) -> str:
    """`plan period --json`: one object."""
    return to_json({"tidspunkt": text, "år": year, **period_record(period), **_period_flags(period)})


def show_json(
    activity: Activity,
    plan_year: int,
    history: list[dict[str, Any]] | None = None,
    parties: tuple[Party, ...] = (),
) -> str:
    """`plan show --json`: the list record plus how the timing was read and where it stands; where
    the plan declares parties, `parter`: the activity's `tovholder` (null: none named) and
    `medvirkende`; in git, `historik`, the activity's last changes (`activity_change_records`)."""
    record: dict[str, Any] = {
        **activity_record(activity),
        "år": activity.year or plan_year,
        **_period_flags(activity.period),
        "linje": activity.line,
    }
    if parties:
        from baeredygtig_cli.domain.parties import roles

        lead, others = roles(activity.ansvarlig, parties)
        record["parter"] = {
            "tovholder": lead.name if lead else None,
            "medvirkende": [p.name for p in others],
        }
    if history is not None:
        record["historik"] = history
    return to_json(record)


def activity_change_records(changes: Iterable[ActivityChange]) -> list[dict[str, Any]]:
    """One activity's last changes, newest first: `dato` (author date), `af`, `commit` (short),
    `via_fletning` (the short id of the merge that brought it, or null), `hvad` (a field's name,
    "note", "note_rettet", "tilføjet", or "afskåret": in the plan since the first commit a shallow
    clone has), `før` and `efter` (a field's values as in `ændret`; a note as {dato, tekst, af};
    null where there is none)."""

    def value(v: object) -> Any:
        return note_record(v) if isinstance(v, Note) else _json_value(v)

    return [
        {
            "dato": c.commit.day.isoformat(),
            "af": c.commit.author,
            "commit": c.commit.short,
            "via_fletning": c.via.short if c.via is not None else None,
            "hvad": c.what,
            "før": value(c.before),
            "efter": value(c.after),
        }
        for c in changes
    ]


def _tally_record(tally: Tally) -> dict[str, Any]:
    """A group's counts; a party's group (`--by part`) adds `tovholder`."""
    record = {
        "navn": tally.name,
        "antal": tally.total,
        "status": tally.counts,
        "afsluttet": tally.finished,
        "afsluttet_andel": round(tally.finished_share, 4),
    }
    if tally.lead is not None:
        record["tovholder"] = tally.lead
    return record


def summary_json(summary: Summary) -> str:
    """`plan summary --json`: the same numbers as the table. `--by part` adds `uden_part`, the
    activities that name no declared party."""
    record = {
        "dato": summary.today.isoformat(),
        "i_alt": _tally_record(summary.overall),
        "efter": summary.by,
        "grupper": [_tally_record(t) for t in summary.groups],
        "forsinket": summary.overdue,
        "aktuelle_denne_måned": summary.due_this_month,
    }
    if summary.unassigned is not None:
        record["uden_part"] = _tally_record(summary.unassigned)
    return to_json(record)


def parties_json(
    counts: Iterable[PartyCount], unnamed: Iterable[Activity], proposals: Iterable[Proposal] | None
) -> str:
    """`plan parter --json`: each declared party with its activities' ids by role, the activities
    naming none, and (for a plan without declarations, or with `--forslag`) the proposal."""
    record: dict[str, Any] = {
        "parter": [
            {
                "navn": c.party.name,
                "alias": list(c.party.aliases),
                "type": c.party.kind,
                "tovholder": [a.id for a in c.lead],
                "medvirkende": [a.id for a in c.collaborating],
                "i_alt": c.total,
                "personer": list(c.party.people),
            }
            for c in counts
        ],
        "uden_part": [a.id for a in unnamed],
    }
    if proposals is not None:
        record["forslag"] = [{"navn": p.name, "alias": list(p.aliases), "antal": p.count} for p in proposals]
    return to_json(record)


def changes_json(changes: PlanChanges, since: Version, until: Version) -> str:
    """`plan changes --json`. The first seven keys are the original contract; `fra_commit`, `fra_dato`,
    `til_commit`, `til_dato`, `ændret` (each changed field, before and after) and `noter` (each note
    added; only when there is one) extend it."""

    def text(a: Activity) -> dict[str, Any]:
        return {"aktivitet": a.aktivitet, "ansvarlig": a.ansvarlig, "emne": list(a.emne)}

    def timing(a: Activity) -> dict[str, Any]:
        return {"tidspunkt": a.tidspunkt, **period_record(a.period)}

    record = {
        "fra": since.label,
        "til": until.label,
        "tilføjet": [activity_record(a) for a in changes.added],
        "fjernet": [activity_record(a) for a in changes.removed],
        "status": [
            {"id": c.new.id, "aktivitet": c.new.aktivitet, "før": c.old.status, "efter": c.new.status}
            for c in changes.status
        ],
        "tidspunkt": [
            {"id": c.new.id, "aktivitet": c.new.aktivitet, "før": timing(c.old), "efter": timing(c.new)}
            for c in changes.timing
        ],
        "tekst": [{"id": c.new.id, "før": text(c.old), "efter": text(c.new)} for c in changes.text],
        "fra_commit": since.commit,
        "fra_dato": since.day.isoformat() if since.day else None,
        "til_commit": until.commit,
        "til_dato": until.day.isoformat() if until.day else None,
        "ændret": [changed_record(c) for c in changes.changed],
    }
    notes = notes_records(changes)
    if notes:  # only when a note was added, so the answer for two plans without new notes is as before
        record["noter"] = notes
    edited = edited_notes_records(changes)
    if edited:  # likewise only when a note was corrected
        record["noter_rettet"] = edited
    return to_json(record)


def _json_value(value: Any) -> Any:
    if isinstance(value, Period):
        return period_record(value)
    return list(value) if isinstance(value, tuple) else value


def changed_record(change: Change) -> dict[str, Any]:
    """One changed activity: `id`, `aktivitet` (as it is after), `felter` ({felt, før, efter} each)."""
    return {
        "id": change.new.id,
        "aktivitet": change.new.aktivitet,
        "felter": [
            {"felt": f.field, "før": _json_value(f.before), "efter": _json_value(f.after)}
            for f in change.fields
        ],
    }


def notes_records(changes: PlanChanges) -> list[dict[str, Any]]:
    """Each note added: `id`, `aktivitet`, then the note's `dato`, `tekst`, `af`."""
    return [
        {"id": c.new.id, "aktivitet": c.new.aktivitet, **note_record(note)}
        for c in changes.noted
        for note in c.notes
    ]


def edited_notes_records(changes: PlanChanges) -> list[dict[str, Any]]:
    """Each note corrected by hand: `id`, `aktivitet`, `før` and `efter` (each {dato, tekst, af})."""
    return [
        {"id": c.new.id, "aktivitet": c.new.aktivitet, "før": note_record(old), "efter": note_record(new)}
        for c in changes.renoted
        for old, new in c.edited
    ]


def log_json(entries: Iterable[LogEntry]) -> str:
    """`plan log --json`: one object per commit, newest first, one per line. See docs/JSON.md."""
    return json_lines_array(_log_record(e) for e in entries)


def _log_record(entry: LogEntry) -> dict[str, Any]:
    c = entry.commit
    changes = entry.changes
    return {
        "commit": c.commit,
        "kort": c.short,
        "dato": c.day.isoformat(),
        "tid": c.authored.isoformat(),
        "forfatter": c.author,
        "email": c.email,
        "besked": c.subject,
        "fletning": c.merge,
        "fil": c.path,
        "omdøbt_fra": c.old_path,
        "fil_fjernet": entry.file_removed,
        "fejl": entry.problem,
        "første": entry.first,
        "tilføjet": [activity_record(a) for a in changes.added],
        "fjernet": [activity_record(a) for a in changes.removed],
        "ændret": [changed_record(ch) for ch in changes.changed],
        "noter": notes_records(changes),
        "via_fletning": _merge_record(entry.via) if entry.via is not None else None,
        "noter_rettet": edited_notes_records(changes),
        "afskåret": entry.cut,
    }


def _merge_record(merge: Commit) -> dict[str, Any]:
    """The merge that brought a branch commit's change into the line: who merged, and when."""
    return {
        "commit": merge.commit,
        "kort": merge.short,
        "dato": merge.day.isoformat(),
        "tid": merge.authored.isoformat(),
        "forfatter": merge.author,
        "email": merge.email,
    }


def series_json(series: Series) -> str:
    """`plan summary --over-tid --json`: the series, one point per month (or week). See docs/JSON.md."""
    return to_json(
        {
            "enhed": series.unit,
            "statusser": list(series.statuses),
            "afsluttet_status": series.finished_status,
            "punkter": [
                {
                    "periode": p.key,
                    "start": p.start.isoformat(),
                    "slut": p.end.isoformat(),
                    "dato": p.day.isoformat(),
                    "commit": p.commit,
                    "antal": p.total,
                    "status": p.counts,
                    "afsluttet": p.finished,
                }
                for p in series.points
            ],
        }
    )


def last_change_record(last: LastChange | None) -> dict[str, Any] | None:
    """When, by whom, what: `dato`, `af` (null: not committed yet), `commit` (short; null likewise),
    `hvad` ("status", "note", "tilføjet", or "afskåret": unchanged since the first commit a shallow
    clone has); null if not within the history read. A change a merge brought adds `via_fletning`,
    the merge's short id."""
    if last is None:
        return None
    record = {"dato": last.day.isoformat(), "af": last.author, "commit": last.commit, "hvad": last.what}
    if last.via is not None:
        record["via_fletning"] = last.via
    return record


def quiet_json(found: Iterable[Quiet], today: date) -> str:
    """`plan due --stille --json`: the list record, `forsinket`, `stille_dage` and `sidst_ændret`."""
    return json_lines_array(
        {
            **activity_record(q.activity),
            "forsinket": q.overdue,
            "stille_dage": q.days(today),
            "sidst_ændret": last_change_record(q.last),
        }
        for q in found
    )
