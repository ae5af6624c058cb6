"""Who is responsible: the parties a plan declares, and which of them an `ansvarlig` text names.

`ansvarlig` stays free text, as written ("Direktionen/ Koordinator for Bæredygtig Udvikling"). A plan
may declare its parties under `parter:`; each text is then read against them: folded (case-blind,
æ/ø/å as ae/oe/aa), whole words only, by name or alias, the longest name first. The first party named
is the tovholder, the others are collaborators, in the order the text names them. For a plan without
declarations, `propose` derives a declaration block from the texts themselves.

Pure: texts and parties in, values out. The only module besides store.py that knows `parter:`.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from baeredygtig_cli.domain.folding import fold_to_ascii, party_key
from baeredygtig_cli.domain.model import Activity, Party
from baeredygtig_cli.errors import PlanError

# --- reading a text against the declared parties ---------------------------------------------------


def _bounded(form: str) -> str:
    """A form as a regex that matches whole words only: "Direktion" not inside
    "Direktionssekretariatet", "Koordinator" not inside "campuskoordinator"."""
    start = r"(?<!\w)" if re.match(r"\w", form) else ""
    end = r"(?!\w)" if re.search(r"\w$", form) else ""
    return start + re.escape(form) + end


class PartyReader:
    """Finds the declared parties in texts. Built once per set of parties (`reader_for`)."""

    def __init__(self, parties: Sequence[Party]) -> None:
        self.parties = tuple(parties)
        self._by_form: dict[str, Party] = {}
        for party in self.parties:
            for form in party.forms:
                self._by_form.setdefault(party_key(form), party)
        # Longest first: at each place the longest form that fits wins ("Koordinator for Bæredygtig
        # Udvikling" over its alias "Koordinator").
        forms = sorted((f for f in self._by_form if f), key=len, reverse=True)
        self._pattern = re.compile("|".join(f"(?:{_bounded(f)})" for f in forms)) if forms else None

    def named(self, text: str) -> tuple[Party, ...]:
        """The parties `text` names, each once, in the order it first names them."""
        if self._pattern is None:
            return ()
        found = dict.fromkeys(self._by_form[m.group()] for m in self._pattern.finditer(party_key(text)))
        return tuple(found)

    def spans(self, key: str) -> list[tuple[int, int]]:
        """Where in `key` (a text already folded by `party_key`) a declared name or alias stands."""
        if self._pattern is None:
            return []
        return [m.span() for m in self._pattern.finditer(key)]

    def tovholder(self, text: str) -> Party | None:
        """The first party named: the one who holds the activity."""
        named = self.named(text)
        return named[0] if named else None


@functools.lru_cache(maxsize=8)
def reader_for(parties: tuple[Party, ...]) -> PartyReader:
    """One reader per plan, however many commands or filters ask."""
    return PartyReader(parties)


def roles(text: str, parties: Sequence[Party]) -> tuple[Party | None, tuple[Party, ...]]:
    """The tovholder an `ansvarlig` text names (None: no declared party) and its collaborators, in
    the order the text names them: what `plan show`, the exports and the report print."""
    named = reader_for(tuple(parties)).named(text)
    return (named[0] if named else None), named[1:]


def resolve_party(text: str, parties: Sequence[Party]) -> Party:
    """The declared party `text` means (for `--part`, `--tovholder`): the one with that name or
    alias (folded), else the only one whose name or an alias contains the text."""
    if not parties:
        raise PlanError("planen har ingen erklærede parter (parter: i planens hoved); se 'plan parter'")
    wanted = party_key(text)
    exact = [p for p in parties if any(party_key(f) == wanted for f in p.forms)]
    if exact:
        return exact[0]
    partial = [p for p in parties if any(wanted in party_key(f) for f in p.forms)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise PlanError(f"part {text!r} er tvetydig: {', '.join(p.name for p in partial)}")
    names = {party_key(f): p.name for p in parties for f in p.forms}
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    hint = f" – mente du {names[close[0]]!r}?" if close else "; se 'plan parter'"
    raise PlanError(f"ukendt part {text!r}{hint}")


def nearest_party(text: str, parties: Sequence[Party]) -> Party | None:
    """The declared party `text` was probably meant to name (a slip of the pen), as `resolve_party`
    suggests one for `--part`: the closest name or alias of each name the text holds, folded."""
    names = {party_key(f): p for p in parties for f in p.forms}
    best: tuple[float, Party] | None = None
    for piece in dict.fromkeys([text, *split_responsible(text, _declared_forms(parties))]):
        wanted = party_key(piece)
        for close in difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6):
            ratio = difflib.SequenceMatcher(None, wanted, close).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, names[close])
    return best[1] if best else None


def undeclared_names(text: str, parties: Sequence[Party]) -> list[str]:
    """The names in an `ansvarlig` text that are none of the declared parties: "Teknik og Miljø" in
    "Udbudsenheden og Teknik og Miljø", where the text as a whole names a declared party and so
    passes the usual check. The text is split at the separators of `split_responsible` and at " og ";
    the parts a declared name or alias covers are the declared ones, and what stands between them,
    its parts joined by " og " again, is one undeclared name ("Teknik og Miljø" is one name)."""
    reader = reader_for(tuple(parties))
    found: list[str] = []

    def flush(group: list[str]) -> None:
        name = _clean(" og ".join(group))
        if any(ch.isalnum() for ch in name):
            found.append(name)
        group.clear()

    for piece in _SEPARATORS.split(text):
        parts = _OG.split(piece)
        keys = [party_key(part) for part in parts]
        starts = [sum(len(k) + len(" og ") for k in keys[:i]) for i in range(len(keys))]
        spans = reader.spans(" og ".join(keys))
        group: list[str] = []
        for part, key, start in zip(parts, keys, starts, strict=True):
            if any(a < start + len(key) and start < b for a, b in spans):
                flush(group)
            else:
                group.append(part)
        flush(group)
    return found


def _declared_forms(parties: Sequence[Party]) -> frozenset[str]:
    return frozenset(_compact(f) for p in parties for f in p.forms)


@dataclass(frozen=True, slots=True)
class PartyCount:
    """One declared party's activities: those it holds (named first) and those it takes part in."""

    party: Party
    lead: list[Activity]
    collaborating: list[Activity]

    @property
    def total(self) -> int:
        return len(self.lead) + len(self.collaborating)


def count_parties(
    activities: Iterable[Activity], parties: Sequence[Party]
) -> tuple[list[PartyCount], list[Activity]]:
    """Each declared party (in the plan's order, also those named nowhere) with its activities, and
    the activities that name no declared party."""
    reader = reader_for(tuple(parties))
    counts = {p: PartyCount(p, [], []) for p in parties}
    unnamed: list[Activity] = []
    for activity in activities:
        named = reader.named(activity.ansvarlig)
        if not named:
            unnamed.append(activity)
        for position, party in enumerate(named):
            (counts[party].collaborating if position else counts[party].lead).append(activity)
    return list(counts.values()), unnamed


# --- proposing declarations from the texts ---------------------------------------------------------

# Between two parties in a text. " og " is handled apart: it also joins the words of one name.
_SEPARATORS = re.compile(r"\s*(?:[/+,;&]|\bsamt\b|\bi samarbejde med\b|\bsammen med\b)\s*", re.IGNORECASE)
# " og ", but not after a hyphen: "Byråds- og Direktionssekretariatet" is one name.
_OG = re.compile(r"(?<![-\s])\s+og\s+", re.IGNORECASE)
# The endings of the definite form: "Direktion" / "Direktionen", "Campusråd" / "Campusrådet".
_DEFINITE = ("en", "et", "n", "t", "ne", "erne", "ene")
_NEAR = 0.9  # how alike two long names must be to be one party written two ways (a typo)
_NEAR_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed party: the name most texts use, the other ways they write it, and how many
    activities name it."""

    name: str
    aliases: tuple[str, ...]
    count: int


def split_responsible(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The names in one `ansvarlig` text, in order, split at "/", "+", ",", ";", "&", "samt",
    "i samarbejde med", "sammen med" and " og ".

    An " og " splits in an enumeration ("A, B og C"), and where the name before it, or all that
    follows it, is a name found on its own elsewhere (`known`, compacted): "Udbudsenheden og
    Koordinator for Bæredygtig Udvikling" is two parties, "Teknik og Miljø" stays one name, and so
    does "Byråds- og Direktionssekretariatet" (a hyphen before "og")."""
    enumeration = "," in text
    names: list[str] = []
    for piece in _SEPARATORS.split(text):
        parts = _OG.split(piece)
        current = parts[0]
        for index, part in enumerate(parts[1:], start=1):
            rest = " og ".join(parts[index:])
            if enumeration or _compact(current) in known or _compact(rest) in known:
                names.append(current)
                current = part
            else:
                current = f"{current} og {part}"
        names.append(current)
    return [name for name in (_clean(n) for n in names) if name]


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(" .:")


def _compact(name: str) -> str:
    """Two spellings of one name meet here: case, æ/ae, spaces, hyphens and dots left out."""
    return re.sub(r"[\W_]+", "", fold_to_ascii(name))


def propose(texts: Sequence[str]) -> list[Proposal]:
    """Parties for a plan that declares none, from its `ansvarlig` texts (one per activity), most
    named first. Spellings of one name are merged: the same letters (case, æ/ae, spacing and
    hyphens aside), the definite form ("Direktion"/"Direktionen") and a near miss of a long name (a
    typo). The name is the spelling most activities use (first letter made upper case); the other
    spellings become aliases where the matching would not already find them."""
    known = frozenset(
        _compact(piece)
        for text in texts
        for piece in _SEPARATORS.split(text)
        if piece.strip() and not _OG.search(piece)
    )
    spellings: dict[str, set[int]] = {}  # spelling -> the activities (by position) that use it
    for position, text in enumerate(texts):
        for name in split_responsible(text, known):
            spellings.setdefault(name, set()).add(position)
    ranked: list[tuple[int, int, Proposal]] = []
    for first_seen, members in _merge(list(spellings)):
        chosen = max(members, key=lambda s: (len(spellings[s]), -members.index(s)))
        name = chosen[:1].upper() + chosen[1:]
        # A spelling the folded whole-word match finds anyway is no alias; one alias per spelling.
        aliases: dict[str, str] = {}
        for spelling in members:
            if party_key(spelling) != party_key(name):
                aliases.setdefault(party_key(spelling), spelling)
        count = len(set().union(*(spellings[s] for s in members)))
        ranked.append((-count, first_seen, Proposal(name, tuple(aliases.values()), count)))
    return [proposal for *_, proposal in sorted(ranked, key=lambda r: (r[0], r[1]))]


def _merge(names: list[str]) -> list[tuple[int, list[str]]]:
    """The spellings in groups of one name each, with each group's first place."""
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [_compact(n) for n in names]
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            if a == b or _definite_of(a, b) or _definite_of(b, a) or _near(a, b):
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(names):
        groups.setdefault(root(i), []).append(name)
    return [(names.index(members[0]), members) for members in groups.values()]


def _definite_of(short: str, long: str) -> bool:
    return len(short) >= 4 and long.startswith(short) and long[len(short) :] in _DEFINITE


def _near(a: str, b: str) -> bool:
    """A long name written with a small slip: "Koordinator for Bæredygtig Udviklng"."""
    if min(len(a), len(b)) < _NEAR_LENGTH:
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return all(ratio() >= _NEAR for ratio in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio))


def party_of_person(name: str, parties: Sequence[Party]) -> Party | None:
    """The declared party whose `personer:` names `name` (git's user.name), compared as parties are
    (folded, spaces as one); None when none does."""
    key = party_key(name)
    return next((party for party in parties if key and key in (party_key(p) for p in party.people)), None)
