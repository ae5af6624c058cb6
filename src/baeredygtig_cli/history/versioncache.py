"""The cache of the plan's history: each version read once, ever, per repository.

A git blob never changes, so what a version of plan.yaml says can be kept under its blob id: the
plan's head, its activities as rows of a shared table (an activity that did not change between two
versions is one row, used by both), or why the version could not be read. The commits of the plan's
history are kept too, under the commit they were listed from. One file, `historik`, in the cache
folder (`planfile/cache.py`: where it is, who may have written it, how it is written and stamped).

The file is only a shortcut. Anything unexpected in it (another stamp, a damaged file, a row that
does not make an activity) and it is forgotten, and the history is read from git again; if it cannot
be written (a read-only repository), nothing is said and nothing else changes.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.planfile import cache, jsonrows

if TYPE_CHECKING:
    from baeredygtig_cli.domain.statuses import Scale
    from baeredygtig_cli.history.gitrepo import Commit, SideCommit

FILENAME = "historik"
ANSWERS = "svar"  # whole answers of `plan log` (plain text or JSON), one small file each
KEPT_ANSWERS = 16
KEPT_LOGS = 8  # listings of commits kept (the newest): one per branch or `--per` in use, say
KEPT_SIDES = 4096  # listings of what a merge brought (history.side_commits), one per merge

_INDEX = "I"  # unsigned 32-bit rows, little-endian in the file


class Snapshot:
    """One version of the plan as read from git: the plan (activities without lines) and its rows
    in the cache's shared table, or why it could not be read (`plan` None). A version from the cache
    builds its activities only when asked: `plan log` compares most versions by their rows alone.
    A plan that is not from git (the working copy) has no rows (`rows` None)."""

    __slots__ = ("_cache", "_head", "_plan", "problem", "rows")

    def __init__(
        self,
        plan: Plan | None = None,
        rows: array[int] | None = None,
        problem: str | None = None,
        *,
        head: Plan | None = None,
        cache: VersionCache | None = None,
    ) -> None:
        self._plan = plan
        self.rows = rows
        self.problem = problem
        self._head = head
        self._cache = cache

    @property
    def plan(self) -> Plan | None:
        if (
            self._plan is None
            and self._head is not None
            and self._cache is not None
            and self.rows is not None
        ):
            self._plan = _with(self._head, self._cache.activities(self.rows))
        return self._plan

    @property
    def scale(self) -> Scale:
        head = self._plan if self._plan is not None else self._head
        assert head is not None
        return head.scale

    @property
    def readable(self) -> bool:
        return self._plan is not None or self._head is not None

    @property
    def size(self) -> int:
        """How many activities the version has (0 if it could not be read)."""
        if self.rows is not None:
            return len(self.rows)
        return len(self._plan.activities) if self._plan is not None else 0


class VersionCache:
    """Versions by blob id and commit listings by starting commit, loaded from and saved to one file.

    The file is zlib-compressed: JSON (heads, rows of activities as lists of fields, versions, commit
    listings), a NUL, then every version's rows as one array of 32-bit numbers (little-endian)."""

    def __init__(self, folder: Path | None) -> None:
        """`folder`: the cache folder (None: nothing is kept, as outside git)."""
        self.path = folder / FILENAME if folder is not None else None
        self._snapshots: dict[str, Snapshot] = {}
        self.dirty = False
        self._clear()
        self.loaded = False
        kept = cache.read(self.path) if self.path is not None else None
        if kept is not None:
            try:
                self._load(kept)
                self.loaded = True
            except Exception:
                self._clear()

    def forget(self) -> None:
        """Everything known forgotten, the file too: it held something wrong (`CacheDamaged`)."""
        self._snapshots.clear()
        self._clear()
        self.dirty = self.loaded = False
        if self.path is not None:
            cache.forget(self.path)

    def _clear(self) -> None:
        self._records: list[Activity | list[Any]] = []  # built from their fields when first used
        self._row_of_object: dict[int, int] = {}
        self._row_of_value: dict[Activity, int] | None = None  # made when a version is added
        self._heads: list[Plan] = []
        self._head_rows: dict[tuple[str, int, tuple[str, ...], str | None], int] = {}
        self._blobs: dict[str, Any] = {}  # blob -> [head, offset, count] or {"fejl": problem}
        self._rows = array(_INDEX)
        self._logs: dict[str, list[Any]] = {}
        self._sides: dict[str, list[Any]] = {}

    # --- activities --------------------------------------------------------------------------------

    def record(self, row: int) -> Activity:
        """The activity of a row, built from its fields the first time it is asked for."""
        try:
            found = self._records[row]
        except IndexError:
            raise CacheDamaged(row) from None
        if isinstance(found, list):
            try:
                found = jsonrows.activity_of(found)
            except (TypeError, ValueError, IndexError, KeyError) as error:
                raise CacheDamaged(row) from error
            self._records[row] = found
        return found

    def activities(self, rows: Iterable[int]) -> tuple[Activity, ...]:
        return tuple(map(self.record, rows))

    # --- versions ----------------------------------------------------------------------------------

    def get(self, blob: str) -> Snapshot | None:
        found = self._snapshots.get(blob)
        if found is not None:
            return found
        stored = self._blobs.get(blob)
        if stored is None:
            return None
        if isinstance(stored, dict):
            snapshot = Snapshot(None, problem=str(stored["fejl"]))
        else:
            try:
                head, offset, count = stored
                rows = self._rows[offset : offset + count]
                plan = self._heads[head]
            except (TypeError, ValueError, IndexError):
                return None  # a damaged entry: read that version again
            if len(rows) != count:
                return None
            snapshot = Snapshot(None, rows, head=plan, cache=self)
        self._snapshots[blob] = snapshot
        return snapshot

    def put(self, blob: str, plan: Plan | None, problem: str | None = None, *, keep: bool = True) -> Snapshot:
        """Keep a version just read; its activities become rows of the shared table. `keep` False:
        for this run only (a version missing from the repository, which a fetch may bring)."""
        if plan is None:
            snapshot = Snapshot(None, problem=problem or "kan ikke læses")
            if not keep:
                self._snapshots[blob] = snapshot
                return snapshot
            self._blobs[blob] = {"fejl": snapshot.problem}
        else:
            known = self._row_of_object
            rows = array(
                _INDEX, [r if (r := known.get(id(a))) is not None else self._row(a) for a in plan.activities]
            )
            self._blobs[blob] = [self._head(plan), len(self._rows), len(rows)]
            self._rows.extend(rows)
            snapshot = Snapshot(plan, rows)
        self._snapshots[blob] = snapshot
        self.dirty = True
        return snapshot

    def _row(self, activity: Activity) -> int:
        """The row of an activity: found by identity first (a version reader hands out one object per
        distinct activity text), then by value."""
        row = self._row_of_object.get(id(activity))
        if row is not None:
            return row
        if self._row_of_value is None:
            self._row_of_value = {self.record(i): i for i in range(len(self._records))}
        row = self._row_of_value.get(activity)
        if row is None:
            row = len(self._records)
            self._records.append(activity)
            self._row_of_value[activity] = row
        self._row_of_object[id(activity)] = row
        return row

    def _head(self, plan: Plan) -> int:
        key = (plan.title, plan.year, plan.statuses, plan.finished_status)
        row = self._head_rows.get(key)
        if row is None:
            row = len(self._heads)
            self._heads.append(_with(plan, ()))
            self._head_rows[key] = row
        return row

    # --- commit listings ---------------------------------------------------------------------------

    def commits(self, key: str) -> list[Commit] | None:
        stored = self._logs.get(key)
        if stored is None:
            return None
        try:
            return [_cached_commit(fields) for fields in stored]
        except (TypeError, ValueError, IndexError):
            return None

    def keep_commits(self, key: str, commits: list[Commit]) -> None:
        self._logs.pop(key, None)
        self._logs[key] = [_commit_fields(c) for c in commits]
        while len(self._logs) > KEPT_LOGS:
            del self._logs[next(iter(self._logs))]
        self.dirty = True

    def sides(self, key: str) -> list[SideCommit] | None:
        stored = self._sides.get(key)
        if stored is None:
            return None
        from baeredygtig_cli.history.gitrepo import SideCommit

        try:
            return [SideCommit(_cached_commit(c), b, tuple(p)) for c, b, p in stored]
        except (TypeError, ValueError, IndexError):
            return None

    def keep_sides(self, key: str, found: list[SideCommit]) -> None:
        self._sides[key] = [[_commit_fields(s.commit), s.blob, list(s.parent_blobs)] for s in found]
        while len(self._sides) > KEPT_SIDES:
            del self._sides[next(iter(self._sides))]
        self.dirty = True

    # --- the file ----------------------------------------------------------------------------------

    def _load(self, kept: bytes) -> None:
        text, _, packed = kept.partition(b"\0")
        data = json.loads(text)
        self._heads = [jsonrows.head_of(h) for h in data["heads"]]
        self._head_rows = {
            (p.title, p.year, p.statuses, p.finished_status): i for i, p in enumerate(self._heads)
        }
        self._records = list(data["records"])
        if not all(isinstance(r, list) and len(r) == jsonrows.ACTIVITY_FIELDS for r in self._records):
            raise ValueError("a row that is not an activity")
        self._rows = array(_INDEX)
        self._rows.frombytes(packed)
        if sys.byteorder == "big":
            self._rows.byteswap()
        self._blobs = dict(data["blobs"])
        self._logs = dict(data["logs"])
        self._sides = dict(data["sides"])
        for stored in self._blobs.values():
            if not isinstance(stored, dict) and not 0 <= stored[0] < len(self._heads):
                raise ValueError("a version names no head")

    def save(self) -> None:
        """Write the file if anything was added; quietly not at all if it cannot be."""
        if not self.dirty or self.path is None:
            return
        data = {
            "heads": [jsonrows.head_row(p) for p in self._heads],
            "records": [r if isinstance(r, list) else jsonrows.activity_row(r) for r in self._records],
            "blobs": self._blobs,
            "logs": self._logs,
            "sides": self._sides,
        }
        rows = array(_INDEX, self._rows)
        if sys.byteorder == "big":
            rows.byteswap()
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        cache.write(self.path, text + b"\0" + rows.tobytes())
        self.dirty = False


class CacheDamaged(Exception):
    """A row of the cache that builds no activity: the file is forgotten and the answer worked out
    from git (never an exit 2 or 3 for a shortcut)."""


def _with(plan: Plan, activities: tuple[Activity, ...]) -> Plan:
    return Plan(
        title=plan.title,
        year=plan.year,
        statuses=plan.statuses,
        activities=activities,
        finished_status=plan.finished_status,
    )


def _commit_fields(c: Commit) -> list[Any]:
    return [c.commit, c.short, list(c.parents), c.author, c.email, c.authored.isoformat(),
            c.committed.isoformat(), c.subject, c.path, c.old_path, c.blob, c.before]  # fmt: skip


def _cached_commit(fields: list[Any]) -> Commit:
    from baeredygtig_cli.history.gitrepo import Commit

    full, short, parents, author, email, authored, committed, subject, path, old_path, blob, before = fields
    return Commit(
        commit=str(full),
        short=str(short),
        parents=tuple(parents),
        author=str(author),
        email=str(email),
        authored=datetime.fromisoformat(authored),
        committed=datetime.fromisoformat(committed),
        subject=str(subject),
        path=str(path),
        old_path=None if old_path is None else str(old_path),
        blob=None if blob is None else str(blob),
        before=None if before is None else str(before),
    )


def answer(folder: Path, question: str) -> str | None:
    """A whole answer given before to the same question (which names the commit it is about), or
    None. Damaged or missing: None, and it is worked out again."""
    kept = cache.read(_answer_path(folder, question))
    if kept is None:
        return None
    try:
        stored = kept.decode("utf-8")
    except UnicodeDecodeError:
        return None
    asked, _, text = stored.partition("\0")
    return text if asked == question else None


def keep_answer(folder: Path, question: str, text: str) -> None:
    """Keep an answer for next time (the newest few); quietly nothing if it cannot be written."""
    path = _answer_path(folder, question)
    cache.write(path, (question + "\0" + text).encode("utf-8"))
    try:
        kept = sorted(path.parent.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEPT_ANSWERS:]:
            cache.forget(old)
    except OSError:
        pass


def _answer_path(folder: Path, question: str) -> Path:
    import hashlib

    return folder / ANSWERS / hashlib.sha256(question.encode("utf-8")).hexdigest()[:24]
