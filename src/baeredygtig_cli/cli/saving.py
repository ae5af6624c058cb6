"""`--gem`: an edit that commits itself, for colleagues who never type `git commit`.

Before anything is written, git is asked whether it can (`history/gitrepo.ready_to_commit`): a
repository, a user git knows by name and e-mail, no merge or rebase under way, and no change to the
plan file that is not committed. After the edit, only the plan file is committed, as git's user, with
a Danish message made from what changed between HEAD and the file (the edit, and nothing else, since
there was nothing else) and the note given with it: "18: status Afventer → I gang — Budgettet er
godkendt"."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baeredygtig_cli.cli.options import CommandWrapper
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk


def saved_in_git(
    note_of: Callable[[dict[str, Any]], str | None] = lambda options: None,
) -> Callable[..., Any]:
    """Give an edit command `--gem` (its parameter `gem`, declared with the command's other options):
    the checks before the command runs, the commit after it. `note_of` finds the note the command was
    given (for the message), from its options."""

    def wrap(command: Callable[..., None]) -> Callable[..., None]:
        return SavedInGit(command, note_of)

    return wrap


class SavedInGit(CommandWrapper):
    """The command with `--gem` around it; Typer reads the wrapped command's signature."""

    def __init__(self, command: Callable[..., None], note_of: Callable[[dict[str, Any]], str | None]) -> None:
        super().__init__(command)
        self._note_of = note_of

    def __call__(self, **options: Any) -> None:
        if not options.get("gem"):
            return self._command(**options)
        path = disk.find_plan_file(options.get("file"), Path.cwd())
        if not path.exists():
            raise PlanError(
                f"--gem gemmer en ændring af en plan i git; {disk.display_path(path)} findes ikke endnu"
            )
        from baeredygtig_cli.history.gitrepo import ready_to_commit

        repo = ready_to_commit(path)  # refused here, before anything is written
        self._command(**options)
        if options.get("dry_run"):
            return None
        from baeredygtig_cli.history.gitrepo import commit_plan, plan_changed, versions

        if not plan_changed(repo):
            print("plan: intet at gemme i git; plan.yaml er uændret", file=sys.stderr)
            return None
        from baeredygtig_cli.cli.common import write_wrapped
        from baeredygtig_cli.domain.summary import compare
        from baeredygtig_cli.output.historyviews import commit_message

        old, new = versions(path, "HEAD", None)  # HEAD had no other change of the file: this edit
        assert new.plan is not None
        message = commit_message(
            compare(old.activities, new.activities), new.plan.scale, self._note_of(options)
        )
        short = commit_plan(repo, message)
        write_wrapped(f"Gemt i git: {short} {message.splitlines()[0]}\n")
        return None
