"""What the shell offers with Tab for a parameter's value: the plan's activity ids (with their
text), statuses, emner, parties, months, and the names of formats, groupings, orders and shells."""

from __future__ import annotations

from baeredygtig_cli.cli.common import plan_for
from baeredygtig_cli.cli.danish import CompletionContext, CompletionItem
from baeredygtig_cli.cli.options import EDIT_FIELDS, SHELL_NAMES
from baeredygtig_cli.domain.folding import fold_to_ascii
from baeredygtig_cli.domain.model import Plan
from baeredygtig_cli.domain.query import NO_STATUS
from baeredygtig_cli.domain.timing import (
    MONTH_NAMES,
)


def plan_for_completion(ctx: CompletionContext) -> Plan:
    return plan_for(ctx.params.get("file") or ctx.find_root().params.get("file"))


def starts_with(value: str, incomplete: str) -> bool:
    return fold_to_ascii(value).startswith(fold_to_ascii(incomplete))


def complete_ids(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [
        CompletionItem(str(a.id), help=a.aktivitet)
        for a in plan_for_completion(ctx).activities
        if str(a.id).startswith(incomplete)
    ]


def complete_statuses(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """The plan's statuses; where a status may be absent (filters, set-status), also the word for none."""
    items = [CompletionItem(s) for s in plan_for_completion(ctx).statuses if starts_with(s, incomplete)]
    if ctx.command.name != "tilføj" and starts_with(NO_STATUS, incomplete):
        items.append(CompletionItem(NO_STATUS, help="ingen status"))
    return items


def complete_args(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """`sæt-status ID... STATUS`: ids first, then statuses too; `ret ID... FELT=`: ids and the field
    names; `note ID... TEKST`: ids. (By the command's Danish name, whichever name was typed.)"""
    ids = complete_ids(ctx, incomplete)
    if ctx.command.name == "ret":
        fields = [CompletionItem(f"{f}=") for f in EDIT_FIELDS if f.startswith(incomplete)]
        return [*ids, *fields]
    if ctx.command.name == "sæt-status" and ctx.params.get("args"):
        return [*complete_statuses(ctx, incomplete), *ids]
    return ids


def complete_emner(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    emner = dict.fromkeys(e for a in plan_for_completion(ctx).activities for e in a.emne)
    return [CompletionItem(e) for e in emner if starts_with(e, incomplete)]


def complete_parties(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """The declared parties' names; a party found by an alias is offered by its name."""
    parties = plan_for_completion(ctx).parties
    return [
        CompletionItem(p.name, help=p.kind)
        for p in parties
        if any(starts_with(form, incomplete) for form in p.forms)
    ]


def complete_months(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(m) for m in MONTH_NAMES if starts_with(m, incomplete)]


def complete_files(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(incomplete, type="file")]


def complete_shells(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(shell) for shell in SHELL_NAMES if shell.startswith(incomplete)]


def complete_formats(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    from baeredygtig_cli.output.export import FORMATS

    return [CompletionItem(name) for name in FORMATS if name.startswith(incomplete.lower())]


def complete_groupings(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """`--efter`: emne, ansvarlig or part in overblik; only emne in tidslinje and eksporter."""
    names = ("emne", "ansvarlig", "part") if ctx.command.name == "overblik" else ("emne",)
    return [CompletionItem(name) for name in names if starts_with(name, incomplete)]


def complete_orders(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    from baeredygtig_cli.domain.ordering import SORT_NAMES

    return [CompletionItem(name) for name in SORT_NAMES if starts_with(name, incomplete)]
