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
import functools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from baeredygtig_cli.domain.folding import fold_to_ascii
from baeredygtig_cli.domain.model import Activity, Note, Plan
from baeredygtig_cli.domain.query import Filters, select
from baeredygtig_cli.domain.statuses import DEFAULT_SCALE, Scale
from baeredygtig_cli.domain.summary import (
    COMPARED_FIELDS,
    NO_STATUS_KEY,
    Change,
    FieldChange,
    PlanChanges,
    compare,
)
from baeredygtig_cli.domain.timing import MONTH_NAMES, month_end
from baeredygtig_cli.errors import PlanError, PlanFileError
from baeredygtig_cli.history import gitrepo
from baeredygtig_cli.history.gitrepo import CUT, Commit, Located, Repo, SideCommit
from baeredygtig_cli.history.versioncache import CacheDamaged, Snapshot, VersionCache, answer, keep_answer
from baeredygtig_cli.planfile import disk
from baeredygtig_cli.planfile.cache import FOLDER

if TYPE_CHECKING:
    from baeredygtig_cli.planfile.schema import VersionReader

BATCH = 64  # versions read from git at a time, walking back from the newest
EMPTY = compare((), ())


class History:
    """The commits that changed the plan, newest first, and each one's version, read when asked for
    (from the cache, or from git in batches) and never twice."""

    def __init__(
        self, repo: Repo, commits: list[Commit], cache: VersionCache, located: Located | None = None
    ) -> None:
        self.repo = repo
        self.commits = commits
        self.cache = cache
        self.shallow = located.shallow if located is not None else frozenset()
        self._abbrev = located.abbrev if located is not None else 7
        self._state = located.state if located is not None else ""
        self._reader: VersionReader | None = None

    @classmethod
    def open(cls, path: Path, per: str | None = None, located: Located | None = None) -> History:
        """The history of the plan at `path` from HEAD, or from the commit `--per` names; refused
        outside git. `located`: what `gitrepo.locate` said, if it was asked already."""
        found = located or gitrepo.locate(path)
        repo, head = found.repo, found.head
        if per is not None:  # the history up to that commit, under the name the plan had then
            head = gitrepo.per_commit(repo, per)[0]
            repo = dataclasses.replace(repo, relative=gitrepo.path_at(repo, head))
        cache = VersionCache(found.own / FOLDER)
        key = f"{head}:{repo.relative}:{found.abbrev}:{found.state}"
        commits = cache.commits(key)
        if commits is None:
            commits = gitrepo.plan_commits(repo, head, found.abbrev)
            cache.keep_commits(key, commits)
        return cls(repo, commits, cache, found)

    def cut_at(self) -> Commit | None:
        """The commit a shallow clone's history of the plan stops at (what came before it is not in
        the repository), or None when the history is whole."""
        if self.shallow and self.commits and self.commits[-1].commit in self.shallow:
            return self.commits[-1]
        return None

    def side(self, merge: Commit) -> list[SideCommit]:
        """The commits on the branch(es) `merge` brought in that changed the plan (gitrepo.side_commits),
        kept in the cache: a merge's parents never change."""
        key = f"{merge.commit}:{merge.path}:{self._abbrev}:{self._state}"
        found = self.cache.sides(key)
        if found is None:
            found = gitrepo.side_commits(self.repo, merge, merge.path, self._abbrev)
            self.cache.keep_sides(key, found)
        return found

    def forget_cache(self) -> None:
        """The cache held something wrong: from now on every version is read from git again."""
        self.cache.forget()

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
            from baeredygtig_cli.planfile.schema import (
                VersionReader,  # YAML only when a version is not in the cache
            )

            self._reader = VersionReader()
        for blob, data in gitrepo.read_blobs(self.repo, missing):
            if data is None:  # not kept in the file: a later fetch may bring it
                self.cache.put(blob, None, "findes ikke i repositoryet", keep=False)
                continue
            try:
                text = disk.decode(data, Path(self.repo.relative))
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


Answer = TypeVar("Answer")


def _from_git_if_the_cache_is_damaged(ask: Callable[..., Answer]) -> Callable[..., Answer]:
    """The cache is only a shortcut: where a row of it builds no activity (a damaged or foreign
    file), it is forgotten and the answer worked out from git; never an exit 2 or 3 for it."""

    @functools.wraps(ask)
    def answered(history_: History, *args: object, **kwargs: object) -> Answer:
        try:
            return ask(history_, *args, **kwargs)
        except CacheDamaged:
            history_.forget_cache()
            return ask(history_, *args, **kwargs)

    return answered


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


# --- who made a change a merge brought ---------------------------------------------------------------


def credit(
    history_: History, merge: Commit, before: str | None, new: Snapshot, changes: PlanChanges
) -> list[tuple[Commit, PlanChanges]]:
    """What `merge` changed (`changes`: its version `new` against `before`, the version of its first
    parent), split by the commit on the merged branch that made each change: for each added or
    removed activity, each field and each note, the newest commit of the branch (a commit before its
    parents) whose version has the merged value while none of its parents' versions has it, provided
    the branch's newest version has that value too. What no commit of the branch made (a conflict
    resolved by hand, say) stays the merge's own, first in the list; the branch's commits follow,
    newest first. Anything but a merge compared with its own first parent is the commit's own."""
    if not merge.merge or changes.empty or before is None or before != merge.before:
        return [(merge, changes)]
    side = history_.side(merge)
    if not side:
        return [(merge, changes)]
    history_.read(b for s in side for b in (s.blob, *s.parent_blobs) if b is not None)
    plans: dict[str | None, dict[int, Activity] | None] = {None: {}}

    def version(blob: str | None) -> dict[int, Activity] | None:
        """The activities of a version by id; None when it cannot be read."""
        if blob not in plans:
            assert blob is not None
            found = history_.snapshot(blob)
            plans[blob] = {a.id: a for a in found.plan.activities} if found.plan is not None else None
        return plans[blob]

    tip = version(side[0].blob)

    def maker(value: Versioned, target: object) -> Commit | None:
        if tip is None or value(tip) != target:
            return None  # the branch's last word was another: the merge decided
        for s in side:
            here = version(s.blob)
            if here is None or not s.differs_from_every_parent or value(here) != target:
                continue
            if all((there := version(b)) is None or value(there) != target for b in s.parent_blobs):
                return s.commit
        return None

    makers: dict[tuple[object, ...], Commit] = {}

    def settle(key: tuple[object, ...], value: Versioned, target: object) -> None:
        found = maker(value, target)
        if found is not None:
            makers[key] = found

    for a in changes.added:
        settle(("+", a.id), _present(a.id), True)
    for a in changes.removed:
        settle(("-", a.id), _present(a.id), False)
    for c in changes.touched:
        i = c.new.id
        for f in c.fields:
            settle(("f", i, f.field), _field_of(i, f.field), f.after)
        for n in (*c.notes, *(after for _, after in c.edited)):
            settle(("n", i, n), _noted(i, n), True)
    if not makers:
        return [(merge, changes)]
    order = {s.commit.commit: at for at, s in enumerate(side)}
    owners = sorted({c.commit: c for c in makers.values()}.values(), key=lambda c: order[c.commit])
    parts = []
    for owner in (merge, *owners):

        def mine(key: tuple[object, ...], owner: Commit = owner) -> bool:
            return makers.get(key, merge) is owner

        part = subset(
            changes,
            added=lambda a: mine(("+", a.id)),
            removed=lambda a: mine(("-", a.id)),
            field=lambda c, f: mine(("f", c.new.id, f.field)),
            note=lambda c, n: mine(("n", c.new.id, n)),
        )
        if not part.empty:
            parts.append((owner, part))
    return parts


Versioned = Callable[[dict[int, Activity]], object]  # what a version says about one thing


def _present(activity_id: int) -> Versioned:
    return lambda v: activity_id in v


def _field_of(activity_id: int, field: str) -> Versioned:
    return lambda v: _value(v.get(activity_id), field)


def _noted(activity_id: int, note: Note) -> Versioned:
    return lambda v: activity_id in v and note in v[activity_id].notes


def _value(activity: Activity | None, field: str) -> object:
    """A field of an activity as `report.field_changes` compares it; a marker when it is absent."""
    if activity is None:
        return _ABSENT
    if field == "periode":
        return activity.period
    return activity.year if field == "år" else getattr(activity, field)


_ABSENT = object()


def subset(
    changes: PlanChanges,
    *,
    added: Callable[[Activity], bool],
    removed: Callable[[Activity], bool],
    field: Callable[[Change, FieldChange], bool],
    note: Callable[[Change, Note], bool],
) -> PlanChanges:
    """The part of `changes` the predicates keep (a corrected note is kept by its new text), with the
    lists by kind made again from it, as report.compare makes them."""
    touched = []
    for c in changes.touched:
        fields = tuple(f for f in c.fields if field(c, f))
        notes = tuple(n for n in c.notes if note(c, n))
        edited = tuple((old, new) for old, new in c.edited if note(c, new))
        if fields or notes or edited:
            touched.append(Change(c.old, c.new, fields, notes, edited))
    return PlanChanges(
        added=[a for a in changes.added if added(a)],
        removed=[a for a in changes.removed if removed(a)],
        changed=[c for c in touched if c.fields],
        status=[c for c in touched if any(f.field == "status" for f in c.fields)],
        timing=[c for c in touched if any(f.field in ("tidspunkt", "år", "periode") for f in c.fields)],
        text=[c for c in touched if any(f.field in ("emne", "aktivitet", "ansvarlig") for f in c.fields)],
        noted=[c for c in touched if c.notes],
        touched=touched,
        renoted=[c for c in touched if c.edited],
    )


# --- plan log --------------------------------------------------------------------------------------

LOG_FIELDS = (*COMPARED_FIELDS, "periode", "noter")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit of the plan's log: what it changed, or why its version could not be read. A change
    a merge brought is credited to the commit on the merged branch that made it (`commit`), with the
    merge that brought it into the line as `via`."""

    commit: Commit
    changes: PlanChanges
    problem: str | None = None  # this version cannot be read: shown, and skipped in the comparisons
    first: bool = False  # the first version that could be read: every activity in it is new
    file_removed: bool = False  # the plan file was removed in this commit
    size: int = 0  # activities in this version
    via: Commit | None = None  # the merge that brought this commit's change into the line
    cut: bool = False  # a shallow clone's history stops here: what came before is not in the repository

    @property
    def line(self) -> Commit:
        """The commit on the line of first parents: where the change became part of the plan."""
        return self.via or self.commit


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What `plan log` shows: commits by where they came into the line (a day, a revision), by
    author; activities by id; fields."""

    ids: frozenset[int] = frozenset()
    fields: frozenset[str] = frozenset()
    after: frozenset[str] | None = None  # --fra: commits of the plan as it stood then are not shown
    upto: frozenset[str] | None = None  # --til: only commits of the plan as it stood then are shown
    author: str | None = None

    def shows(self, entry: LogEntry) -> bool:
        line, commit = entry.line.commit, entry.commit
        return (
            (self.after is None or line not in self.after)
            and (self.upto is None or line in self.upto)
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
    names: tuple[str, str, str] = ("--fra", "--til", "--forfatter"),
) -> LogFilter:
    """The filter for the options as given. A day is read as `--per`, `plan changes` and `plan
    rapport` read it: `since` hides the commits of the plan as it stood when the day began, `until`
    keeps those of the plan as it stood when it ended (the line of first parents, commit dates). A
    revision: the commits on its line of first parents. `names`: the options as typed, for messages."""
    chosen = frozenset(_log_field(f) for f in fields)
    lines: list[frozenset[str] | None] = [None, None]
    for at, (text, end_of_day) in enumerate(((since, False), (until, True))):
        if text is None:
            continue
        commit, day = gitrepo.commit_or_date(history_.repo, text, names[at])
        if commit is not None:
            lines[at] = frozenset(gitrepo.first_parent_line(history_.repo, commit))
        else:
            assert day is not None
            lines[at] = frozenset(c.commit for c in _as_it_stood(history_.commits, day, end_of_day))
    if author is not None and not author.strip():
        raise PlanError(f"{names[2]} må ikke være tom")
    return LogFilter(
        ids=frozenset(ids),
        fields=chosen,
        after=lines[0],
        upto=lines[1],
        author=fold_to_ascii(author.strip()) if author is not None else None,
    )


def _as_it_stood(commits: Sequence[Commit], day: date, end_of_day: bool) -> Sequence[Commit]:
    """Of `commits` (the line of first parents, newest first), those in the plan as it stood when
    `day` began (or ended): from the newest made before that moment on, as `git rev-list
    --first-parent --before` finds it (gitrepo.Repo.last_before)."""
    try:
        moment = datetime.combine(day + timedelta(days=1) if end_of_day else day, time.min).astimezone()
    except (OverflowError, OSError, ValueError):  # past what the platform's clock can express
        return commits if day.year > 1970 else ()
    at = next((i for i, c in enumerate(commits) if c.committed < moment), len(commits))
    return commits[at:]


def _log_field(text: str) -> str:
    name = text.strip().casefold().replace("aa", "å")
    name = {"note": "noter", "aar": "år"}.get(name, name)
    if name not in LOG_FIELDS:
        import difflib

        close = difflib.get_close_matches(name, LOG_FIELDS, n=1)
        hint = f" – mente du {close[0]}?" if close else f" (felter: {', '.join(LOG_FIELDS)})"
        raise PlanError(f"ukendt felt {text!r} for --felt{hint}")
    return name


@_from_git_if_the_cache_is_damaged
def log(history_: History, chosen: LogFilter | None = None) -> list[LogEntry]:
    """The plan's log, newest first: each commit's changes against the last version before it that
    could be read (a merge's split by who made them, `credit`); narrowed to the chosen activities
    and fields, without commits that leave nothing. Asked for ids no version ever had: refused."""
    chosen = chosen or LogFilter()
    entries: list[LogEntry] = []
    previous: Snapshot | None = None
    before: str | None = None
    seen: set[int] = set()
    record = history_.cache.record
    cut = history_.cut_at()
    for commit, snapshot in reversed(list(history_.versions())):
        if snapshot is None:
            here = [LogEntry(commit, EMPTY, file_removed=True)]
        elif not snapshot.readable:
            here = [LogEntry(commit, EMPTY, problem=snapshot.problem)]
        else:
            changes = plan_diff(previous, snapshot, record)
            seen.update(a.id for a in changes.added)
            first, size, at_cut = previous is None, snapshot.size, commit is cut
            here = [
                LogEntry(who, part, first=first, size=size, via=None if who is commit else commit, cut=at_cut)
                for who, part in reversed(credit(history_, commit, before, snapshot, changes))
            ]
            previous, before = snapshot, commit.blob
        for entry in here:
            if chosen.shows(entry):
                narrowed = _narrow(entry, chosen)
                if narrowed is not None:
                    entries.append(narrowed)
    history_.save()
    unknown = sorted(chosen.ids - seen)
    if unknown:
        said = ", ".join(map(str, unknown))
        noun, it = ("id", "det") if len(unknown) == 1 else ("id'er", "dem")
        where = f"ingen version af {history_.repo.relative} i git har {it}"
        if cut is not None:  # the versions before it may have: say so, as everywhere else
            where += f" ({gitrepo.shallow_said(cut.short, cut.day)})"
        raise PlanError(f"ukendt {noun}: {said}; {where}")
    entries.reverse()
    return entries


def _narrow(entry: LogEntry, chosen: LogFilter) -> LogEntry | None:
    """The entry with only the chosen activities and fields; None if nothing of them is left. Without
    ids or fields every commit is kept, even one that changed no activity (a comment, the title). A
    version that cannot be read, or a removed file, is always kept: a change may hide behind it."""
    if entry.problem is not None or entry.file_removed or not (chosen.ids or chosen.fields):
        return entry
    ids, fields = chosen.ids, chosen.fields

    def mine(a: Activity) -> bool:
        return not ids or a.id in ids

    narrowed = subset(
        entry.changes,
        added=lambda a: not fields and mine(a),
        removed=lambda a: not fields and mine(a),
        field=lambda c, f: mine(c.new) and (not fields or f.field in fields),
        note=lambda c, n: mine(c.new) and (not fields or "noter" in fields),
    )
    if narrowed.empty:
        return None
    return dataclasses.replace(entry, changes=narrowed)


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
    passed_over: tuple[Commit, ...] = ()  # versions that could not be read where they were the newest

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


@_from_git_if_the_cache_is_damaged
def series(
    history_: History, current: Plan, today: date, *, unit: str = MONTHS, filters: Filters | None = None
) -> Series:
    """For each month (or week) from the plan's first commit to today: how many activities had each
    status at its end, and how many were finished (by that version's own finished status). The last
    point is `current`, the plan the command reads (the working copy, or the `--per` version), so it
    agrees with `plan summary`. A version that cannot be read counts as the last one before it that
    could. `filters` are those of `plan list`, applied to every version."""
    every = list(history_.versions())
    readable = [(c, s) for c, s in every if s is not None and s.readable]
    history_.save()
    passed_over: dict[str, Commit] = {}
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
            newest = _newest_by(every, day)
            if newest is not None and newest.commit != commit:  # a newer one could not be read
                passed_over[newest.commit] = newest
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
    return Series(unit, tuple(statuses), current.finished_status, ordered, tuple(passed_over.values()))


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def _newest_by(every: list[tuple[Commit, Snapshot | None]], day: date) -> Commit | None:
    """The newest commit made by the end of `day` (local time), whether its version reads or not."""
    limit = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    return next((c for c, s in every if c.committed < limit and s is not None), None)


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
    via: str | None = None  # the short id of the merge that brought the commit into the line


@dataclass(frozen=True, slots=True)
class Quiet:
    """An activity that runs or is overdue and whose status and notes have not changed for a while."""

    activity: Activity
    last: LastChange | None  # None: not within the part of the history that was read
    overdue: bool

    def days(self, today: date) -> int | None:
        return (today - self.last.day).days if self.last is not None else None


@dataclass(frozen=True, slots=True)
class QuietAnswer:
    """`quiet`'s answer: the quiet ones, and those a shallow clone's history cannot tell about (their
    last change is at or before the commit the history stops at, `cut`, which is too recent to say)."""

    found: list[Quiet]
    undecided: list[Activity]
    cut: Commit | None  # the commit the history stops at, when some answer depends on it


@_from_git_if_the_cache_is_damaged
def quiet(
    history_: History,
    current: Plan,
    candidates: Sequence[Activity],
    today: date,
    *,
    days: int = QUIET_DAYS,
    working_copy: bool = True,
    whole: bool = True,
) -> QuietAnswer:
    """The `candidates` (running or overdue activities of `current`) whose status and notes have not
    changed for `days` days, the longest quiet first. `working_copy`: `current` is the working copy,
    whose uncommitted changes count as made today. `whole`: find every one's last change (for the
    list); otherwise stop at the cutoff, which is all that flagging them needs. In a shallow clone
    an activity unchanged since the history's first commit is quiet when that commit is old enough,
    and undecided otherwise: never called quiet, nor busy, on a history that is not there."""
    if days < 0:
        raise PlanError(f"--dage skal være 0 eller mere, ikke {days}")
    cutoff = today - timedelta(days=days)
    found = last_changes(history_, current, [a.id for a in candidates], today,
                         working_copy=working_copy, stop_before=None if whole else cutoff)  # fmt: skip
    result = []
    undecided = []
    for a in candidates:
        last = found.get(a.id)
        if last is not None and last.what == CUT and last.day > cutoff:
            undecided.append(a)
        elif last is None or last.day <= cutoff:
            result.append(Quiet(a, last, a.period.end < today))
    at_cut = any(q.last is not None and q.last.what == CUT for q in result) or bool(undecided)
    ordered = sorted(result, key=lambda q: (q.last.day if q.last else date.min, q.activity.id))
    return QuietAnswer(ordered, undecided, history_.cut_at() if at_cut else None)


@_from_git_if_the_cache_is_damaged
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
    `current` through the history; with `stop_before`, not past a commit made before that day. A
    change a merge brought is the branch commit's that made it (`credit`)."""
    pending = set(ids)
    found: dict[int, LastChange] = {}
    newer = Snapshot(current)
    newer_commit: Commit | None = None
    said: LastChange | None = LastChange(today, None, None, "") if working_copy else None
    walk = ((c, s) for c, s in history_.versions() if s is not None and s.readable)
    for commit, snapshot in walk:
        if said is None:  # `current` is this commit's version (`--per`): start from it
            newer, newer_commit, said = snapshot, commit, _said(commit)
            continue
        if stop_before is not None and said.day < stop_before:
            break
        changes = plan_diff(snapshot, newer, history_.cache.record)
        if newer_commit is not None and newer_commit.merge and _changes_touch(changes, pending):
            for who, part in credit(history_, newer_commit, commit.blob, newer, changes):
                _resolve(part, pending, found, _said(who, None if who is newer_commit else newer_commit))
        else:
            _resolve(changes, pending, found, said)
        if not pending:
            break
        newer, newer_commit, said = snapshot, commit, _said(commit)
    else:
        at_cut = newer_commit is not None and newer_commit is history_.cut_at()
        if said is not None and newer.plan is not None and pending:  # in the plan since its oldest version
            for a in newer.plan.activities:
                if a.id in pending:
                    found[a.id] = dataclasses.replace(said, what=CUT if at_cut else "tilføjet")
    history_.save()
    return found


def _changes_touch(changes: PlanChanges, ids: set[int]) -> bool:
    """Whether `changes` add, remove or change any of `ids` (a merge's are credited only then)."""
    return any(a.id in ids for a in (*changes.added, *changes.removed)) or any(
        c.new.id in ids for c in changes.touched
    )


def _said(commit: Commit, via: Commit | None = None) -> LastChange:
    return LastChange(commit.day, commit.author, commit.short, "", via.short if via is not None else None)


def _resolve(changes: PlanChanges, pending: set[int], found: dict[int, LastChange], said: LastChange) -> None:
    def settle(activity_id: int, what: str) -> None:
        if activity_id in pending:
            found[activity_id] = dataclasses.replace(said, what=what)
            pending.discard(activity_id)

    for a in changes.added:
        settle(a.id, "tilføjet")
    for c in changes.touched:
        if any(f.field == "status" for f in c.fields):
            settle(c.new.id, "status")
        elif c.notes:
            settle(c.new.id, "note")


# --- one activity's last changes: `plan show` -----------------------------------------------------------

SHOWN_CHANGES = 5  # `plan show` ends with this many of the activity's last changes


@dataclass(frozen=True, slots=True)
class ActivityChange:
    """One change of one activity: who made it (the branch commit, for what a merge brought), and
    what: a field ("status", "tidspunkt", ...) from `before` to `after`, "note" (`after` the note),
    "note_rettet" (a note corrected, `before` and `after`), "tilføjet", or CUT (in the plan since the
    first commit a shallow clone has)."""

    commit: Commit
    via: Commit | None
    what: str
    before: object = None
    after: object = None


@_from_git_if_the_cache_is_damaged
def activity_changes(history_: History, activity_id: int, limit: int = SHOWN_CHANGES) -> list[ActivityChange]:
    """The last `limit` changes of one activity, newest first, back to its addition: walking back
    from the newest version as `last_changes` does, and crediting what a merge brought likewise."""
    found: list[ActivityChange] = []
    newer: Snapshot | None = None
    newer_commit: Commit | None = None
    walk = ((c, s) for c, s in history_.versions() if s is not None and s.readable)
    for commit, snapshot in walk:
        if newer is None or newer_commit is None:
            newer, newer_commit = snapshot, commit
            continue
        changes = plan_diff(snapshot, newer, history_.cache.record)
        parts = [(newer_commit, changes)]
        if _changes_touch(changes, {activity_id}):
            parts = credit(history_, newer_commit, commit.blob, newer, changes)
        for who, part in parts:
            found += _of_activity(part, activity_id, who, None if who is newer_commit else newer_commit)
        if len(found) >= limit or any(a.id == activity_id for a in changes.added):
            break
        newer, newer_commit = snapshot, commit
    else:
        oldest = newer.plan.activities if newer is not None and newer.plan is not None else ()
        if newer_commit is not None and any(a.id == activity_id for a in oldest):
            what = CUT if newer_commit is history_.cut_at() else "tilføjet"
            found.append(ActivityChange(newer_commit, None, what))
    history_.save()
    return found[:limit]


def _of_activity(
    changes: PlanChanges, activity_id: int, who: Commit, via: Commit | None
) -> list[ActivityChange]:
    found = [ActivityChange(who, via, "tilføjet") for a in changes.added if a.id == activity_id]
    for c in changes.touched:
        if c.new.id != activity_id:
            continue
        found += [ActivityChange(who, via, f.field, f.before, f.after) for f in c.fields]
        found += [ActivityChange(who, via, "note", None, n) for n in c.notes]
        found += [ActivityChange(who, via, "note_rettet", old, new) for old, new in c.edited]
    return found


def remembered(
    path: Path, question: str, work: Callable[[History], tuple[str, str]], per: str | None = None
) -> tuple[str, str]:
    """The whole answer to `question` about the plan's history from HEAD, and the line to say on
    stderr with it ("" for none): the one given before for the same HEAD, the same shallow boundary,
    .mailmap and replace refs, and the same question (kept under .git/plan-cache/svar/), or worked
    out by `work` and kept. Only for questions whose answer follows from HEAD alone (no branch names,
    no today; `per`, the history up to a day's version, is part of the question). Asking again costs
    one `git rev-parse` and one small file: not even the history is loaded."""
    from baeredygtig_cli.history.gitrepo import locate

    located = locate(path)
    asked = f"{located.head}:{located.repo.relative}:{located.abbrev}:{located.state}:{per}:{question}"
    found = answer(located.own / FOLDER, asked)
    if found is not None:
        note, _, text = found.partition("\0")
        return text, note
    text, note = work(History.open(path, per, located=located))
    keep_answer(located.own / FOLDER, asked, f"{note}\0{text}")
    return text, note
