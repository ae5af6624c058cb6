from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLAN = ROOT / "plan.yaml"
SEED = Path(__file__).resolve().parent / "data" / "seed.tsv"


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped plan.yaml, so tests may edit it."""
    target = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, target)
    return target


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    return CliRunner()
