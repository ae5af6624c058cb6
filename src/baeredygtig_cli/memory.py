"""The plan's memory: its history in git read as versions of the plan, for `plan log`, progress over
time (`plan summary --over-tid`, the HTML page's chart) and activities nobody touches (`plan due`).

The history is the line of first parents from HEAD (or from the `--per` commit), following renames
of the plan file: a merge counts as one commit that brought its branch's changes into that line, by
the person who merged. Each distinct version (git blob) is read once, in full, with the same rules as
`plan list` (store.VersionReader), and kept in a cache under `.git/` (memorycache.py). A version
that cannot be read is shown as such and skipped: the next version is compared with the last one
that could be read, so nothing is ever reported removed because a version was broken. What changed
between two versions is report.compare, the same diff `plan changes` shows.

No Rich, no clock: `today` is given. Dates of changes are author dates (when the change was made, as
`git log` shows them); "the plan as it stood on a day" uses commit dates (when a change became part
of the line), as `plan changes` and `--per` do.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from . import history, planfile
from .errors import PlanError, PlanFileError
from .history import Commit, Repo
from .memorycache import Snapshot, VersionCache
from .model import Activity, Plan
from .query import Filters, fold_to_ascii, select
from .report import COMPARED_FIELDS, NO_STATUS_KEY, Change, PlanChanges, compare
from .statuses import DEFAULT_SCALE, Scale
from .timing import MONTH_NAMES, month_end

if TYPE_CHECKING:
    from .store import VersionReader

BATCH = 64  # versions read from git at a time, walking back from the newest
EMPTY = compare((), ())


class History:
    """The commits that changed the plan, newest first, and each one's version, read when asked for
    (from the cache, or from git in batches) and never twice."""

    def __init__(self, repo: Repo, commits: list[Commit], cache: VersionCache) -> None:
        self.repo = repo
        self.commits = commits
        self.cache = cache
        self._reader: VersionReader | None = None

    @classmethod
    def open(
        cls, path: Path, per: str | None = None, located: tuple[Repo, Path, str, int] | None = None
    ) -> History:
        """The history of the plan at `path` from HEAD, or from the commit `--per` names; refused
        outside git. `located`: what `history.locate` said, if it was asked already."""
        repo, own, head, abbrev = located or history.locate(path)
        if per is not None:  # the history up to that commit, under the name the plan had then
            head = history.per_commit(repo, per)[0]
            repo = dataclasses.replace(repo, relative=history.path_at(repo, head))
        cache = VersionCache(own)
        key = f"{head}:{repo.relative}:{abbrev}"
        commits = cache.commits(key)
        if commits is None:
            commits = history.plan_commits(repo, head, abbrev)
            cache.keep_commits(key, commits)
        return cls(repo, commits, cache)

    def save(self) -> None:
        self.cache.save()

    def scale(self) -> Scale:
        """The newest readable version's statuses (those that colour a status in the log)."""
        for c in self.commits:
            if c.blob is not None:
                found = self.cache.get(c.blob)
                if found is not None and found.readable:
                    return found.scale
        return DEFAULT_SCALE

    def snapshot(self, blob: str) -> Snapshot:
        found = self.cache.get(blob)
        if found is None:
            self.read([blob])
            found = self.cache.get(blob)
            assert found is not None
        return found

    def read(self, blobs: Iterable[str]) -> None:
        """Read every version among `blobs` that is not known yet, in one `git cat-file`."""
        missing = [b for b in dict.fromkeys(blobs) if self.cache.get(b) is None]
        if not missing:
            return
        if self._reader is None:
            from .store import VersionReader  # YAML only when a version is not in the cache

            self._reader = VersionReader()
        for blob, data in history.read_blobs(self.repo, missing):
            if data is None:
                self.cache.put(blob, None, "findes ikke i repositoryet")
                continue
            try:
                text = planfile.decode(data, Path(self.repo.relative))
            except PlanFileError as error:
                self.cache.put(blob, None, _problem(error.line, error.message, 0))
                continue
            parsed = self._reader.read(text)
            if parsed.problems or parsed.plan is None:
                first = parsed.problems[0] if parsed.problems else None
                more = len(parsed.problems) - 1
                said = _problem(first.line, first.message, more) if first else "kan ikke læses"
                self.cache.put(blob, None, said)
            else:
                self.cache.put(blob, parsed.plan)

    def versions(self) -> Iterator[tuple[Commit, Snapshot | None]]:
        """Each commit, newest first, with its version (None: the file was removed in it), read in
        batches as the walk goes back."""
        for start in range(0, len(self.commits), BATCH):
            batch = self.commits[start : start + BATCH]
            self.read(c.blob for c in batch if c.blob is not None)
            for c in batch:
                yield c, self.snapshot(c.blob) if c.blob is not None else None


def _problem(line: int | None, message: str, more: int) -> str:
    where = f"linje {line}: " if line is not None else ""
    return where + message + (f" (og {more} fejl mere)" if more > 0 else "")


def plan_diff(old: Snapshot | None, new: Snapshot, record: Callable[[int], Activity]) -> PlanChanges:
    """report.compare of two versions. Versions from git share their unchanged activities as rows of
    the cache's table, so only the rows that differ are handed to compare: the answer is the same,
    and most versions never need their activities built."""
    assert new.readable
    if old is None or not old.readable:
        assert new.plan is not None
        return compare((), new.plan.activities)
    if old.rows is None or new.rows is None:  # the working copy: compare it whole
        assert old.plan is not None and new.plan is not None
        return compare(old.plan.activities, new.plan.activities)
    a, b = old.rows, new.rows
    if a == b:
        return EMPTY
    # What the two share at the start and at the end is unchanged (a row is an activity as it
    # stands, and is in a version at most once); only the rows between are looked at.
    start, end = _shared_ends(a, b)
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    gone, came = set(middle_a) - set(middle_b), set(middle_b) - set(middle_a)
    return compare(map(record, _in_order(gone, middle_a)), map(record, _in_order(came, middle_b)))


def _shared_ends(a: array[int], b: array[int]) -> tuple[int, int]:
    """How many rows `a` and `b` share at their start, and then at their end. Each side's rows are
    read as one big number (a row's bytes after the row before it) and the two XOR-ed, all in C: the
    lowest set bit lies in the first row that differs, the highest in the last."""
    shortest = min(len(a), len(b))
    if not shortest:
        return 0, 0
    size = a.itemsize
    bytes_a, bytes_b = memoryview(a).cast("B"), memoryview(b).cast("B")
    n = shortest * size

    def number(view: memoryview, at: int) -> int:
        return int.from_bytes(view[at : at + n], "little")

    ahead = number(bytes_a, 0) ^ number(bytes_b, 0)
    start = shortest if not ahead else ((ahead & -ahead).bit_length() - 1) // (8 * size)
    behind = number(bytes_a, len(bytes_a) - n) ^ number(bytes_b, len(bytes_b) - n)
    end = shortest if not behind else shortest - 1 - (behind.bit_length() - 1) // (8 * size)
    return start, min(end, shortest - start)


def _in_order(some: set[int], rows: Sequence[int]) -> list[int]:
    """`some` of `rows` in their order there: by position when they are few, else by a pass."""
    if len(some) <= 32:
        return sorted(some, key=rows.index)
    return [r for r in rows if r in some]


# --- plan log --------------------------------------------------------------------------------------

LOG_FIELDS = (*COMPARED_FIELDS, "periode", "noter")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit of the plan's log: what it changed, or why its version could not be read."""

    commit: Commit
    changes: PlanChanges
    problem: str | None = None  # this version cannot be read: shown, and skipped in the comparisons
    first: bool = False  # the first version that could be read: every activity in it is new
    file_removed: bool = False  # the plan file was removed in this commit
    size: int = 0  # activities in this version


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What `plan log` shows: commits by date, revision and author; activities by id; fields."""

    ids: frozenset[int] = frozenset()
    fields: frozenset[str] = frozenset()
    since: date | None = None  # from the start of this day (author date)
    until: date | None = None  # to the end of this day
    after: frozenset[str] | None = None  # --since REV: commits on this line are not shown
    upto: frozenset[str] | None = None  # --until REV: only commits on this line are shown
    author: str | None = None

    def shows(self, commit: Commit) -> bool:
        day = commit.day
        return (
            (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
            and (self.after is None or commit.commit not in self.after)
            and (self.upto is None or commit.commit in self.upto)
            and (self.author is None or self.author in fold_to_ascii(f"{commit.author} <{commit.email}>"))
        )


def log_filter(
    history_: History,
    *,
    ids: Iterable[int] = (),
    fields: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    author: str | None = None,
) -> LogFilter:
    """The filter for the options as given: dates are days, anything else a git revision."""
    chosen = frozenset(_log_field(f) for f in fields)
    lines: dict[str, frozenset[str] | None] = {"--since": None, "--until": None}
    days: dict[str, date | None] = {"--since": None, "--until": None}
    for option, text in (("--since", since), ("--until", until)):
        if text is None:
            continue
        commit, day = history.commit_or_date(history_.repo, text, option)
        days[option] = day
        if commit is not None:
            lines[option] = frozenset(history.first_parent_line(history_.repo, commit))
    if author is not None and not author.strip():
        raise PlanError("--author må ikke være tom")
    return LogFilter(
        ids=frozenset(ids),
        fields=chosen,
        since=days["--since"],
        until=days["--until"],
        after=lines["--since"],
        upto=lines["--until"],
        author=fold_to_ascii(author.strip()) if author is not None else None,
    )


def _log_field(text: str) -> str:
    name = text.strip().casefold().replace("aa", "å")
    name = {"note": "noter", "aar": "år"}.get(name, name)
    if name not in LOG_FIELDS:
        import difflib

        close = difflib.get_close_matches(name, LOG_FIELDS, n=1)
        hint = f" – mente du {close[0]}?" if close else f" (felter: {', '.join(LOG_FIELDS)})"
        raise PlanError(f"ukendt felt {text!r} for --felt{hint}")
    return name


def log(history_: History, chosen: LogFilter | None = None) -> list[LogEntry]:
    """The plan's log, newest first: each commit's changes against the last version before it that
    could be read; narrowed to the chosen activities and fields, without commits that leave nothing."""
    chosen = chosen or LogFilter()
    entries: list[LogEntry] = []
    previous: Snapshot | None = None
    record = history_.cache.record
    for commit, snapshot in reversed(list(history_.versions())):
        if snapshot is None:
            entry = LogEntry(commit, EMPTY, file_removed=True)
        elif not snapshot.readable:
            entry = LogEntry(commit, EMPTY, problem=snapshot.problem)
        else:
            changes = plan_diff(previous, snapshot, record)
            entry = LogEntry(commit, changes, first=previous is None, size=snapshot.size)
            previous = snapshot
        if chosen.shows(commit):
            narrowed = _narrow(entry, chosen)
            if narrowed is not None:
                entries.append(narrowed)
    history_.save()
    entries.reverse()
    return entries


def _narrow(entry: LogEntry, chosen: LogFilter) -> LogEntry | None:
    """The entry with only the chosen activities and fields; None if nothing of them is left. Without
    ids or fields every commit is kept, even one that changed no activity (a comment, the title). A
    version that cannot be read, or a removed file, is always kept: a change may hide behind it."""
    if entry.problem is not None or entry.file_removed or not (chosen.ids or chosen.fields):
        return entry
    ids, fields = chosen.ids, chosen.fields
    changes = entry.changes

    def mine(a: Activity) -> bool:
        return not ids or a.id in ids

    touched = []
    for c in changes.touched:
        if not mine(c.new):
            continue
        kept = tuple(f for f in c.fields if not fields or f.field in fields)
        notes = c.notes if not fields or "noter" in fields else ()
        if kept or notes:
            touched.append(Change(c.old, c.new, kept, notes))
    narrowed = PlanChanges(
        added=[] if fields else [a for a in changes.added if mine(a)],
        removed=[] if fields else [a for a in changes.removed if mine(a)],
        changed=[c for c in touched if c.fields],
        status=[c for c in touched if any(f.field == "status" for f in c.fields)],
        timing=[c for c in touched if any(f.field in ("tidspunkt", "år", "periode") for f in c.fields)],
        text=[c for c in touched if any(f.field in ("emne", "aktivitet", "ansvarlig") for f in c.fields)],
        noted=[c for c in touched if c.notes],
        touched=touched,
    )
    if narrowed.empty:
        return None
    return LogEntry(entry.commit, narrowed, entry.problem, entry.first, entry.file_removed, entry.size)


# --- the plan as it stood: progress over time ------------------------------------------------------

MONTHS, WEEKS = "måned", "uge"


@dataclass(frozen=True, slots=True)
class Point:
    """The plan as it stood at the end of one month or week (or today, in the current one)."""

    key: str  # "2020-02" or "2020-W07"
    label: str  # "feb 2020" or "uge 7 2020"
    start: date
    end: date
    day: date  # the day counted: the period's last, or today
    commit: str | None  # the version counted (None: the working copy, or the --per version)
    counts: dict[str, int]  # per status (NO_STATUS_KEY: none), in the series' order
    total: int
    finished: int


@dataclass(frozen=True, slots=True)
class Series:
    unit: str  # MONTHS or WEEKS
    statuses: tuple[str, ...]  # the current plan's statuses, then any only older versions had
    finished_status: str | None  # the current plan's
    points: list[Point]

    @property
    def keys(self) -> tuple[str, ...]:
        """The count keys in order: the statuses, then "ingen" for no status."""
        return (*self.statuses, NO_STATUS_KEY)


def bar_order(series: Series, scale: Scale) -> list[str]:
    """The bar's pieces from the left: the finished status first (so its growth reads as a burn-up
    against the bar's whole length, the number of activities), then the statuses before it from the
    nearest to the first, then any after it (cancelled, say), then no status."""
    words = list(series.statuses)
    finished = scale.finished if scale.finished in words else None
    at = words.index(finished) if finished is not None else len(words)
    before = list(reversed(words[:at]))
    after = words[at + 1 :]
    return [*([finished] if finished is not None else []), *before, *after, NO_STATUS_KEY]


def periods(first: date, today: date, unit: str) -> list[tuple[str, str, date, date]]:
    """(key, label, start, end) of each month or ISO week from the one holding `first` to the one
    holding `today`."""
    found: list[tuple[str, str, date, date]] = []
    if unit == WEEKS:
        start = first - timedelta(days=first.weekday())
        while start <= today:
            year, week, _ = start.isocalendar()
            found.append((f"{year}-W{week:02d}", f"uge {week} {year}", start, start + timedelta(days=6)))
            start += timedelta(days=7)
        return found
    year, month = first.year, first.month
    while (year, month) <= (today.year, today.month):
        label = f"{MONTH_NAMES[month - 1][:3]} {year}"
        found.append((f"{year}-{month:02d}", label, date(year, month, 1), month_end(year, month)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def series(
    history_: History, current: Plan, today: date, *, unit: str = MONTHS, filters: Filters | None = None
) -> Series:
    """For each month (or week) from the plan's first commit to today: how many activities had each
    status at its end, and how many were finished (by that version's own finished status). The last
    point is `current`, the plan the command reads (the working copy, or the `--per` version), so it
    agrees with `plan summary`. A version that cannot be read counts as the last one before it that
    could. `filters` are those of `plan list`, applied to every version."""
    readable = [(c, s) for c, s in history_.versions() if s is not None and s.readable]
    history_.save()
    first = min((_local(c.committed).date() for c, _ in readable), default=today)
    statuses = list(current.statuses)
    points: list[Point] = []
    for key, label, start, end in periods(min(first, today), today, unit):
        day = min(end, today)
        if day == today:
            plan, commit = current, None
        else:
            found = _as_of(readable, day)
            if found is None:
                continue
            plan, commit = found[1], found[0].commit
        activities = select(plan.activities, filters) if filters is not None else plan.activities
        counts: dict[str, int] = {}
        for a in activities:
            word = a.status or NO_STATUS_KEY
            counts[word] = counts.get(word, 0) + 1
            if a.status is not None and a.status not in statuses:
                statuses.append(a.status)
        finished = counts.get(plan.finished_status, 0) if plan.finished_status else 0
        points.append(Point(key, label, start, end, day, commit, counts, len(activities), finished))
    keys = (*statuses, NO_STATUS_KEY)
    ordered = [
        Point(
            p.key,
            p.label,
            p.start,
            p.end,
            p.day,
            p.commit,
            {k: p.counts.get(k, 0) for k in keys},
            p.total,
            p.finished,
        )
        for p in points
    ]
    return Series(unit, tuple(statuses), current.finished_status, ordered)


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def _as_of(readable: list[tuple[Commit, Snapshot]], day: date) -> tuple[Commit, Plan] | None:
    """The newest version committed by the end of `day` (local time), as `--per` reads it."""
    limit = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    for commit, snapshot in readable:
        if commit.committed < limit:
            assert snapshot.plan is not None
            return commit, snapshot.plan
    return None


# --- nobody touched it -----------------------------------------------------------------------------

QUIET_DAYS = 60


@dataclass(frozen=True, slots=True)
class LastChange:
    """The last time an activity's status or notes changed, or it was added: when and by whom."""

    day: date  # the commit's author date; today for a change not committed yet
    author: str | None  # the commit's author; None: not committed yet (the working copy)
    commit: str | None  # the short commit id; None for the working copy
    what: str  # "status", "note" or "tilføjet"


@dataclass(frozen=True, slots=True)
class Quiet:
    """An activity that runs or is overdue and whose status and notes have not changed for a while."""

    activity: Activity
    last: LastChange | None  # None: not within the part of the history that was read
    overdue: bool

    def days(self, today: date) -> int | None:
        return (today - self.last.day).days if self.last is not None else None


def quiet(
    history_: History,
    current: Plan,
    candidates: Sequence[Activity],
    today: date,
    *,
    days: int = QUIET_DAYS,
    working_copy: bool = True,
    whole: bool = True,
) -> list[Quiet]:
    """The `candidates` (running or overdue activities of `current`) whose status and notes have not
    changed for `days` days, the longest quiet first. `working_copy`: `current` is the working copy,
    whose uncommitted changes count as made today. `whole`: find every one's last change (for the
    list); otherwise stop at the cutoff, which is all that flagging them needs."""
    if days < 0:
        raise PlanError(f"--dage skal være 0 eller mere, ikke {days}")
    cutoff = today - timedelta(days=days)
    found = last_changes(history_, current, [a.id for a in candidates], today,
                         working_copy=working_copy, stop_before=None if whole else cutoff)  # fmt: skip
    result = []
    for a in candidates:
        last = found.get(a.id)
        if last is None or last.day <= cutoff:
            result.append(Quiet(a, last, a.period.end < today))
    return sorted(result, key=lambda q: (q.last.day if q.last else date.min, q.activity.id))


def last_changes(
    history_: History,
    current: Plan,
    ids: Iterable[int],
    today: date,
    *,
    working_copy: bool,
    stop_before: date | None = None,
) -> dict[int, LastChange]:
    """For each id, its last change of status or notes (or its addition), walking back from
    `current` through the history; with `stop_before`, not past a commit made before that day."""
    pending = set(ids)
    found: dict[int, LastChange] = {}
    newer = Snapshot(current)
    said: LastChange | None = LastChange(today, None, None, "") if working_copy else None
    walk = ((c, s) for c, s in history_.versions() if s is not None and s.readable)
    for commit, snapshot in walk:
        if said is None:  # `current` is this commit's version (`--per`): start from it
            newer, said = snapshot, _said(commit)
            continue
        if stop_before is not None and said.day < stop_before:
            break
        _resolve(plan_diff(snapshot, newer, history_.cache.record), pending, found, said)
        if not pending:
            break
        newer, said = snapshot, _said(commit)
    else:
        if said is not None and newer.plan is not None and pending:  # in the plan since its oldest version
            for a in newer.plan.activities:
                if a.id in pending:
                    found[a.id] = LastChange(said.day, said.author, said.commit, "tilføjet")
    history_.save()
    return found


def _said(commit: Commit) -> LastChange:
    return LastChange(commit.day, commit.author, commit.short, "")


def _resolve(changes: PlanChanges, pending: set[int], found: dict[int, LastChange], said: LastChange) -> None:
    def settle(activity_id: int, what: str) -> None:
        if activity_id in pending:
            found[activity_id] = LastChange(said.day, said.author, said.commit, what)
            pending.discard(activity_id)

    for a in changes.added:
        settle(a.id, "tilføjet")
    for c in changes.touched:
        if any(f.field == "status" for f in c.fields):
            settle(c.new.id, "status")
        elif c.notes:
            settle(c.new.id, "note")
