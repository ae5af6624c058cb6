from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# `make fuzz`: the same property tests with many more examples.
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
