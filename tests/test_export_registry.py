"""Exports are a registry (format -> writer and the flags it takes), a flag the format
does not take is refused, and the `--json` contract lives apart from the file exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.output import export

from .conftest import SHIPPED_PLAN, F, invoke, run


def test_the_registry_names_each_format_and_its_flags() -> None:
    assert {name: f.takes for name, f in export.FORMATS.items()} == {
        "csv": ("excel",),
        "ics": (),
        "md": ("by_emne",),
        "html": (),
        "xlsx": (),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-F", "ics", "--excel"], "--excel virker kun med formatet csv, ikke med ics"),
        (["-F", "md", "--excel"], "--excel virker kun med formatet csv, ikke med md"),
        (["-F", "HTML", "--excel"], "--excel virker kun med formatet csv, ikke med html"),
        (["-F", "csv", "--by", "emne"], "--by virker kun med formatet md, ikke med csv"),
        (["-F", "html", "-b", "emne"], "--efter virker kun med formatet md, ikke med html"),
        (
            ["-F", "ics", "--excel", "--by", "emne"],
            "--excel og --by virker ikke med formatet ics (--excel kun med csv, --by kun med md)",
        ),
    ],
)
def test_a_flag_the_format_does_not_take_is_refused(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "ud.txt"
    assert run(runner, "export", *args, "-o", str(target), *F) == (2, "", f"plan: {message}\n")
    assert not target.exists()


def test_the_flag_is_refused_before_the_plan_is_read(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "export", "-F", "ics", "--excel", plan=tmp_path / "mangler.yaml")
    assert (code, err) == (2, "plan: --excel virker kun med formatet csv, ikke med ics\n")


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["-F", "csv"], b"ID,TIDSPUNKT,"),
        (["-F", "csv", "--excel"], b"\xef\xbb\xbfID;TIDSPUNKT;"),
        (["-F", "ics"], b"BEGIN:VCALENDAR\r\n"),
        (["-F", "md"], b"# Implementeringsplan"),
        (["-F", "md", "--by", "emne"], b"# Implementeringsplan"),
        (["-F", "html", "--today", "2020-06-15"], b"<!doctype html>\n"),
    ],
)
def test_every_format_takes_its_own_flags(runner: CliRunner, args: list[str], starts: bytes) -> None:
    result = invoke(runner, "export", *args, *F)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(starts)


def test_unknown_format_and_bad_by_are_still_refused(runner: CliRunner) -> None:
    code, _, err = run(runner, "export", "-F", "pdf", "--excel", *F)
    assert (code, err) == (2, "plan: ukendt format 'pdf' (kendte: csv, ics, md, html, xlsx)\n")
    code, _, err = run(runner, "export", "-F", "md", "--by", "ansvarlig", *F)
    assert (code, err) == (2, "plan: --by kan kun være 'emne', ikke 'ansvarlig'\n")


def test_json_output_does_not_load_the_file_exports() -> None:
    """The `--json` contract (jsonout.py) and file exports (export.py) are separate modules."""
    probe = (
        "import sys\n"
        "from baeredygtig_cli.cli import main\n"
        f"sys.argv = ['plan', 'list', '--json', '-f', {str(SHIPPED_PLAN)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('baeredygtig_cli.') "
        "and m.rsplit('.', 1)[1] in ('export', 'jsonout'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr == "['baeredygtig_cli.output.jsonout']"
