"""The shared test helpers in conftest.py do what the tests rely on: a bug of ours raises with its
traceback, golden files are compared byte for byte and rewritten only on request, and a table-driven
test with a row written twice stops the run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import F, check_golden, invoke, run


def test_a_bug_raises_with_its_traceback(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import baeredygtig_cli.cli.common as common

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(common, "select", broken)
    with pytest.raises(ZeroDivisionError, match="a bug of ours"):
        run(runner, "list", *F)
    code, out, err = run(runner, "list", *F, debug=False)  # as a user sees it: one line, exit 3
    assert (code, out) == (3, "") and err.startswith("plan: uventet fejl (ZeroDivisionError: a bug of ours)")


def test_an_error_of_the_user_is_an_exit_code_not_an_exception(runner: CliRunner) -> None:
    result = invoke(runner, "show", "99", *F)
    assert (result.exit_code, result.stderr) == (2, "plan: ukendt id: 99; se 'plan liste'\n")


def test_plan_and_width(runner: CliRunner, plan_copy: Path) -> None:
    assert run(runner, "list", "--json", plan=plan_copy) == run(runner, "list", "--json", *F)
    narrow, wide = run(runner, "list", *F, width=60).out, run(runner, "list", *F, width=200).out
    assert max(map(len, narrow.splitlines())) == 60 and max(map(len, wide.splitlines())) > 60


def test_golden_compares_bytes_and_rewrites_only_on_request(tmp_path: Path) -> None:
    golden = tmp_path / "plan.csv"
    golden.write_bytes(b"a,b\r\n")
    check_golden(golden, b"a,b\r\n", update=False)
    with pytest.raises(
        AssertionError, match=re.escape("plan.csv differs; if the change is intended: pytest --update-golden")
    ):
        check_golden(golden, b"a,b\n", update=False)
    assert golden.read_bytes() == b"a,b\r\n"
    check_golden(golden, b"a,b\n", update=True)
    assert golden.read_bytes() == b"a,b\n"
    with pytest.raises(AssertionError, match=re.escape("no golden file ny.md: run pytest --update-golden")):
        check_golden(tmp_path / "ny.md", b"# ny\n", update=False)
    check_golden(tmp_path / "ny.md", b"# ny\n", update=True)
    assert (tmp_path / "ny.md").read_bytes() == b"# ny\n"


def test_update_golden_is_an_option(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getoption("--update-golden") is False


def test_a_table_with_a_row_twice_stops_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.conftest import pytest_collection_modifyitems  # noqa: F401\n")
    pytester.makepyfile(
        test_table="""
import pytest

@pytest.mark.parametrize(("text", "year"), [("marts", 2020), ("april", 2020), ("marts", 2020)])
def test_row(text, year):
    pass

@pytest.mark.parametrize("word", ["a", "b"])
@pytest.mark.parametrize("n", [1, 2])
def test_two_tables(word, n):
    pass
"""
    )
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*a table-driven test has a row twice:*",
            "*test_table.py::test_row?marts-2020_1? repeats *::test_row?marts-2020_0?",
        ]
    )
    assert "test_two_tables" not in result.stderr.str()
