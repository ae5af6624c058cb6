"""Who the user is in the plan, for `--mig` and `plan mig`: the party `plan mig` chose (kept in the
repository's own git config, `plan.mig`, never committed), else the declared party whose `personer:`
names git's user.name."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from baeredygtig_cli.domain.model import Party, Plan
from baeredygtig_cli.domain.query import Filters, select
from baeredygtig_cli.errors import PlanError

SETTING = "plan.mig"  # in .git/config: the user's own, per clone


@dataclass(frozen=True, slots=True)
class Me:
    """The user's party (or, in a plan without declared parties, the text that names them in
    `ansvarlig`) and how it was found, in words for `plan mig`."""

    party: Party | None
    text: str
    how: str


def find_me(plan: Plan, path: Path) -> Me | None:
    """The user in `plan` (whose file is `path`): as chosen with `plan mig`, else by git's user.name
    among the parties' `personer:`; None when neither tells."""
    from baeredygtig_cli.history.gitrepo import git_user_name, local_setting

    chosen = local_setting(path, SETTING)
    if chosen is not None:
        if not plan.parties:
            return Me(None, chosen, "valgt med plan mig")
        from baeredygtig_cli.domain.parties import resolve_party

        try:
            party = resolve_party(chosen, plan.parties)
        except PlanError:
            raise PlanError(
                f"den part, du valgte med plan mig ({chosen!r}), findes ikke i planen længere; "
                "vælg igen med plan mig PART (se plan parter)"
            ) from None
        return Me(party, party.name, "valgt med plan mig")
    name = git_user_name(path)
    if name is None or not plan.parties:
        return None
    from baeredygtig_cli.domain.parties import party_of_person

    found = party_of_person(name, plan.parties)
    if found is None:
        return None
    return Me(
        found, found.name, f"git kender dig som {name}, og planen nævner dig under personer: hos parten"
    )


NOT_KNOWN = (
    "plan ved ikke, hvilken part du er; vælg den med plan mig PART (se plan parter), eller skriv dit navn "
    "(gits user.name) under personer: hos din part i plan.yaml"
)


def me_or_refuse(plan: Plan, path: Path) -> Me:
    found = find_me(plan, path)
    if found is None:
        raise PlanError(NOT_KNOWN)
    return found


def mine_filters(plan: Plan, me: Me) -> Filters:
    """The filter `--mig` means in `plan` (a version in git may declare the parties otherwise): the
    user's party where the plan declares it, else its name as text in `ansvarlig`."""
    party = next((p for p in plan.parties if me.party is not None and p.name == me.party.name), None)
    if party is None:
        return Filters(ansvarlig=(me.text,))
    return Filters(part=(party,), parties=plan.parties)


def only_mine(plan: Plan | None, me: Me) -> Plan | None:
    """`plan` with only the user's activities, its title saying whose (`plan rapport --mig`)."""
    if plan is None:
        return None
    kept = tuple(select(plan.activities, mine_filters(plan, me)))
    return replace(plan, activities=kept, title=f"{plan.title} – {me.text}")
