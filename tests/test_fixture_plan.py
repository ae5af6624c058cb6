"""The tests read their own copy of the plan (tests/data/plan.yaml), never the plan.yaml a user edits in
the same clone: `make test` passes whatever the user wrote there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SHIPPED_PLAN


def test_the_tests_pass_after_the_user_edits_plan_yaml(tmp_path: Path) -> None:
    """A clone whose plan.yaml the user has changed (a status set, an activity removed, a title
    retyped), with the tests as they are: test files that read the shipped plan everywhere still pass."""
    clone = tmp_path / "klon"
    shutil.copytree(ROOT / "tests", clone / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", clone / "docs")  # the README's links lead there
    for name in ("pyproject.toml", "README.md", "Makefile"):
        shutil.copyfile(ROOT / name, clone / name)
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    edited = text.replace("status: I gang", "status: Afsluttet").replace(
        "titel:", "titel: Vores egen plan #", 1
    )
    edited = edited[: edited.rindex("  - id:")]  # the last activity removed
    (clone / "plan.yaml").write_text(edited, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAN_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "tests/test_cli_read.py", "tests/test_cli_due.py", "tests/test_readme.py"],
        cwd=clone, capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_every_test_starts_outside_the_repository() -> None:
    """The autouse fixture of conftest.py: a command not told which plan to read finds none."""
    here = Path.cwd().resolve()
    assert ROOT.resolve() not in (here, *here.parents)
    assert not any((folder / "plan.yaml").exists() for folder in (here, *here.parents))
