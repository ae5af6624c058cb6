"""A new plan.yaml: `plan init`'s commented file, and the same head for a table imported into a new plan.

The text is written here and proved by reading it back (`store`) before anyone writes it to disk.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from baeredygtig_cli.domain.model import Activity, Period, Plan
from baeredygtig_cli.domain.parties import Proposal
from baeredygtig_cli.domain.statuses import DEFAULT_STATUSES
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import schema
from baeredygtig_cli.planfile.splicing import entry_lines
from baeredygtig_cli.planfile.yamltext import yaml_scalar

HEADER = """\
# Implementeringsplan. Filen er planen: redigér den i hånden eller med `plan` (se README.md), og tjek
# den med `plan check`.
#
# Hver aktivitet har:
#   id         fast nummer; det genbruges og omnummereres aldrig
#   tidspunkt  som man skriver det: "5. marts", "Marts-april", "Februar og frem", "Løbende" …
#   år         (valgfri) året for tidspunktet, når det ikke er planens år
#   emne       en liste af emner, fx [Bæredygtighedspulje]
#   aktivitet  hvad der skal ske
#   ansvarlig  ansvarlig / tovholder
#   status     en af statusser nedenfor; tom, hvis ingen er sat
"""

DEFAULT_TITLE = "Implementeringsplan"

# `plan init`'s one activity: enough to show the format, and a plan must have one.
EXAMPLE = Activity(
    id=1,
    tidspunkt="Marts-april",
    emne=("Igangsættelse",),
    aktivitet="Første møde i styregruppen",
    ansvarlig="Koordinator for Bæredygtig Udvikling",
    status=DEFAULT_STATUSES[0],
    period=Period(date(2020, 3, 1), date(2020, 4, 30)),  # not written: the timing is
)


def plan_text(
    titel: str,
    year: int,
    activities: Sequence[Activity] = (),
    *,
    indledning: str | None = None,
    overskrift: str | None = None,
    gennemgaaende: Sequence[str] = (),
) -> str:
    """The whole file. Without activities, `plan init`'s example (with a comment saying so); the
    optional keys a plan may have are shown as comments where they have no value."""
    lines = [HEADER, f"titel: {yaml_scalar(titel)}"]
    if indledning:
        lines += _folded("indledning", indledning)
    else:
        lines += ["# indledning: >-", "#   En kort tekst om planen (valgfri)."]
    if overskrift:
        lines.append(f"overskrift: {yaml_scalar(overskrift)}")
    lines += [
        f"år: {year}  # året, som tidspunkter uden årstal hører til",
        '# Statusserne i rækkefølge; "Afsluttet" (ellers den sidste) betyder afsluttet.',
        f"statusser: [{', '.join(yaml_scalar(s, in_flow=True) for s in DEFAULT_STATUSES)}]",
        "# Til statusrapportens forside (plan rapport), valgfri:",
        "# kommune: Aabenraa Kommune",
        "# udvalg: Klima- og Miljøudvalget",
        "",
    ]
    if gennemgaaende:
        lines += ["# Gennemgående indsatser (i originalen bannere på tværs af tabellen).", "gennemgående:"]
        lines += [f"  - {yaml_scalar(g)}" for g in gennemgaaende]
    else:
        lines += ["# Gennemgående indsatser, der ikke er én aktivitet (valgfri):", "# gennemgående:"]
        lines.append("#   - OPSAMLE OG FORTÆLLE DE GODE HISTORIER")
    lines += ["", "aktiviteter:"]
    if not activities:
        lines.append(
            "  # Et eksempel: ret det til planens første aktivitet, og tilføj flere med 'plan tilføj'."
        )
        activities = [EXAMPLE]
    for number, activity in enumerate(activities):
        if number:
            lines.append("")
        lines += entry_lines(activity, "  - ", "    ", flow_emne=True)
    return "\n".join(lines) + "\n"


def _folded(key: str, text: str) -> list[str]:
    """A long text as a folded block (`>-`), wrapped at spaces, when that reads back as the same text;
    otherwise one quoted line."""
    words = text.split(" ")
    if "\n" in text or "" in words or any(w != w.strip() for w in words) or len(text) < 80:
        return [f"{key}: {yaml_scalar(text)}"]
    wrapped = textwrap.wrap(text, width=100, break_long_words=False, break_on_hyphens=False)
    return [f"{key}: >-", *(f"  {line}" for line in wrapped)]


def proved(text: str, path: Path) -> Plan:
    """The plan the new text reads as; anything else is our bug, and nothing is written."""

    parsed = schema.parse_plan(text, path)
    if parsed.plan is None or parsed.problems:
        raise PlanError("den nye plan kunne ikke læses tilbage; intet er skrevet")
    return parsed.plan


PROPOSAL_HEADER = (  # within 80 columns: it is printed on the terminal before it is pasted
    "# Forslag til planens parter, fundet i ansvarlig-teksterne. Ret navnene til,\n"
    "# flet eller del parter, tilføj alias: (andre skrivemåder og korte navne) og\n"
    "# type: (fx forvaltning, udvalg, ekstern), og sæt blokken ind i planens hoved\n"
    "# før aktiviteter:. Se README (Planfilen forklaret).\n"
)


def proposal_yaml(proposals: Sequence[Proposal]) -> str:
    """The proposal as a block to paste into plan.yaml: `parter:` with one `- navn:` per party."""
    lines = [PROPOSAL_HEADER, "parter:\n"]
    for proposal in proposals:
        lines.append(f"  - navn: {yaml_scalar(proposal.name)}\n")
        if proposal.aliases:
            aliases = ", ".join(yaml_scalar(a, in_flow=True) for a in proposal.aliases)
            lines.append(f"    alias: [{aliases}]\n")
    return "".join(lines)
