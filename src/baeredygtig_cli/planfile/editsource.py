"""A plan file as read for an edit: its bytes (to see whether it changed), its text, and its
composed YAML indexed by activity id, building no activity until an edit needs one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from baeredygtig_cli.domain.model import Plan
from baeredygtig_cli.planfile import disk, schema


@dataclass(frozen=True, slots=True)
class Source:
    """A plan file as read: raw bytes (to detect changes), its text and what the loader made of it."""

    path: Path
    raw: bytes
    text: str
    bom: bool
    index: schema.PlanIndex

    @property
    def plan(self) -> Plan:
        """The plan's own fields; its activities are built only where an edit needs them."""
        return self.index.plan

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"


def read_source(path: Path) -> Source:
    raw = disk.read_bytes(path)
    text = disk.decode(raw, path)
    return Source(path, raw, text, raw.startswith(disk.BOM.encode()), schema.index_plan(text, path))
