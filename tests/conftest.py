from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
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


def system_tool(*names: str) -> str:
    """The path of an outside program a real-consumer test needs (Chromium, LibreOffice, ...).

    Locally a missing tool skips the test with a visible reason; in CI (CI=true, where `.ci/run`
    installs them) a missing tool fails it, so those tests can never silently stop running."""
    return _system_tool(names)


def _system_tool(names: Sequence[str]) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    reason = f"{' / '.join(names)} er ikke installeret"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}, men CI skal køre denne test (se .ci/run)")
    pytest.skip(reason)
