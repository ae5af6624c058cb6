"""The working copy's plan, read once per content: what every read command starts from.

Importing PyYAML and composing the plan cost a read command about 25 ms, a tenth of its run, to
answer what the previous command already knew; at 10,000 activities it is most of the run. So the
plan a read command built is kept as JSON rows (`jsonrows.py`) in the cache folder
(`cache.py`), under the plan's git blob id (the id git would give its text), one file per plan file
(named by its path, overwritten when the plan changes). The next command with the same text loads it
without importing YAML at all.

Only a plan that loaded without problems is kept. Outside a git repository nothing is kept.
Anything unexpected in the file (another stamp, damage, a row that is not a plan) and the plan is
read from plan.yaml again: the file is a shortcut, never an answer of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from baeredygtig_cli.domain.model import Plan
from baeredygtig_cli.planfile import cache, jsonrows
from baeredygtig_cli.planfile.bulk import gc_paused
from baeredygtig_cli.planfile.disk import read_text

PLANS = "planer"


def blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def load_plan(path: Path) -> Plan:
    """The plan in `path`, as `schema.load_plan` reads it (raising the same errors for a bad file),
    from the cache when its text is the one it was kept for."""
    text = read_text(path)
    blob = blob_id(text.encode("utf-8", "surrogatepass"))
    kept_at = _kept_at(path)
    plan = _kept_plan(kept_at, blob) if kept_at is not None else None
    if plan is not None:
        return dataclasses.replace(plan, path=path)
    from baeredygtig_cli.planfile.schema import load_text

    plan = load_text(text, path).plan
    assert plan is not None  # load_text raises unless the plan loaded clean
    if kept_at is not None:
        row = {"blob": blob, "plan": jsonrows.plan_row(plan)}
        cache.write(kept_at, json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return plan


def _kept_at(path: Path) -> Path | None:
    """Where the plan in `path` is kept: named by its absolute path, so a plan has one file."""
    absolute = path.absolute()
    folder = cache.folder_for(absolute)
    if folder is None:
        return None
    return folder / PLANS / hashlib.blake2b(os.fsencode(absolute), digest_size=12).hexdigest()


def _kept_plan(kept_at: Path, blob: str) -> Plan | None:
    data = cache.read(kept_at)
    if data is None:
        return None
    try:
        with gc_paused():
            row = json.loads(data)
            if row["blob"] != blob:
                return None
            return jsonrows.plan_of(row["plan"])
    except (ValueError, TypeError, KeyError, IndexError):  # damaged or foreign: read plan.yaml
        return None
