"""The base of a workbook our export made: what each exported activity's importable fields said then,
so that `plan import` can tell what a colleague changed in the sheet from what changed in the plan
since (a three-way import; importing.py decides, field by field).

Where: a very hidden sheet `BASE_SHEET` of the workbook (Excel keeps it, but offers no way to show it
without macros), after the sheets people read. A csv file can hide nothing, so a csv export has no
base and is imported as any table: every cell is what the plan should say.

Layout: A1 the marker `MARKER`, B1 the layout's version, C1 a SHA-256 of the rows below as written
(whitespace runs as one space); from row 2 one row per exported activity: ID, then `BASE_FIELDS` as
the sheet shows them. The base is untrusted input like the rest of the file: read a row at a time
and bounded, and if anything about it is off (the marker, the version, the checksum, an id that is
no positive whole number, an id twice, more rows than the import reads) it is not used, and the
sheet is imported as one we did not make. The checksum is no signature: it tells a base edited by
hand or damaged from the one written, not a forger from a friend.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from baeredygtig_cli.domain.model import Activity, plain_number
from baeredygtig_cli.planfile.documents import BASE_SHEET, SourceRow

__all__ = ["BASE_SHEET", "Base", "BaseUnusable", "base_values", "checksum", "read_base"]
MARKER = "plan-eksport-grundlag"
VERSION = "1"
BASE_FIELDS = ("tidspunkt", "emne", "aktivitet", "ansvarlig", "status")


def base_values(activity: Activity) -> list[str]:
    """An activity's importable fields as the export's sheet shows them (EMNE joined by ", ")."""
    return [activity.tidspunkt, ", ".join(activity.emne), activity.aktivitet, activity.ansvarlig,
            activity.status or ""]  # fmt: skip


def checksum(rows: Iterable[Sequence[str]]) -> str:
    """The SHA-256 of the rows (each an id and its fields as text), whitespace runs as one space and
    the ends trimmed: a workbook program may store a cell's spaces otherwise than we wrote them."""
    canonical = [[" ".join(cell.split()) for cell in row] for row in rows]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Base:
    """The exported fields of each activity, by id: {id: {field: text}}."""

    fields: dict[int, dict[str, str]]


class BaseUnusable(Exception):
    """Why a base is not used (Danish, for the closing line)."""


def read_base(rows: Iterator[SourceRow], max_rows: int) -> Base:
    """The base written on `rows` (the hidden sheet's), or BaseUnusable saying why not. At most
    `max_rows` activities are read: a longer base is no base of an export the import would read."""
    head = next(rows, None)
    if head is None or head.cells[:2] != [MARKER, VERSION] or len(head.cells) < 3:
        raise BaseUnusable("ukendt indhold")
    written: list[list[str]] = []
    found: dict[int, dict[str, str]] = {}
    width = 1 + len(BASE_FIELDS)
    for row in rows:
        if row.faults:
            raise BaseUnusable("en celle kan ikke læses")
        if not row.cells:
            continue
        cells = (row.cells + [""] * width)[:width]
        if len(found) >= max_rows:
            raise BaseUnusable("for mange rækker")
        text = cells[0]
        activity_id = plain_number(text)  # as an ID cell is read
        if not activity_id:
            raise BaseUnusable(f"id {text!r} er ikke et positivt heltal")
        if activity_id in found:
            raise BaseUnusable(f"id {activity_id} står to gange")
        found[activity_id] = dict(zip(BASE_FIELDS, cells[1:], strict=True))
        written.append(cells)
    if checksum(written) != head.cells[2]:
        raise BaseUnusable("den er ændret efter eksporten")
    return Base(found)
