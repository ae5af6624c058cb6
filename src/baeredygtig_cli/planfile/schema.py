"""plan.yaml on disk: find it, read it, validate it, and build a `Plan` from its YAML nodes.

We compose the document once with libyaml's C loader and build activities straight from the
nodes: their marks give the line numbers for `plan check` and the splice points for edits.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.domain.model import MAX_DIGITS, Activity, Note, Party, Period, Plan
from baeredygtig_cli.domain.statuses import DEFAULT_STATUSES
from baeredygtig_cli.domain.timing import parse_timing
from baeredygtig_cli.errors import PlanError, PlanFileError, TimingError
from baeredygtig_cli.planfile.bulk import gc_paused
from baeredygtig_cli.planfile.disk import display_path, read_text

T = TypeVar("T")

if TYPE_CHECKING:  # libyaml's CSafeLoader has the same interface (its stub names another base)
    Loader = yaml.SafeLoader
else:
    Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlanLoader(Loader):
    """libyaml's parser with the safe resolver behind a cache: a plan repeats the same keys and
    statuses thousands of times, and resolving a scalar's tag in Python is most of compose's time."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.resolve = functools.lru_cache(maxsize=1 << 16)(super().resolve)  # type: ignore[method-assign]


NULL_TAG = "tag:yaml.org,2002:null"
INT_TAG = "tag:yaml.org,2002:int"

TOP_KEYS = (
    "titel", "indledning", "overskrift", "år", "statusser", "afsluttet", "højeste_id", "gennemgående",
    "parter", "kommune", "udvalg", "aktiviteter",
)  # fmt: skip
REQUIRED_TOP_KEYS = ("titel", "år", "aktiviteter")
ACTIVITY_KEYS = ("id", "tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status", "noter")
NOTE_KEYS = ("dato", "af", "tekst")
PARTY_KEYS = ("navn", "alias", "type", "personer")
REQUIRED_ACTIVITY_KEYS = ("id", "tidspunkt", "emne", "aktivitet", "ansvarlig")

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    """What the loader found: the plan (with the activities that are valid) and every problem.
    `undeclared` (asked for with `check_parties`): each `ansvarlig` that names none of the declared
    `parter`; only `plan check` reports them, the plan itself reads fine."""

    plan: Plan | None
    problems: list[Problem]
    undeclared: tuple[Problem, ...] = ()


class _Invalid(Exception):
    def __init__(self, node: Node | None, message: str) -> None:
        super().__init__(message)
        self.line = _line(node) if node is not None else None
        self.message = message


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def compose(text: str) -> Node | None:
    """The YAML of `text`, composed with the cyclic collector paused (`bulk.gc_paused`): also where no
    plan is built of it (an edit read back to prove it), the collector would otherwise scan every
    node afterwards."""
    with gc_paused():
        return yaml.compose(text, Loader=_PlanLoader)


# What libyaml's (English) messages usually mean in a hand-edited plan, searched in this order in
# "context | problem": the first fragment found explains the error. The English itself is never shown.
YAML_EXPLANATIONS: tuple[tuple[str, str], ...] = (
    ("quoted scalar", "et anførselstegn lukkes aldrig"),
    (
        "unknown escape character",
        "ukendt \\-tegn i tekst i dobbelte anførselstegn; skriv \\\\ eller brug '…'",
    ),
    ("flow sequence", "en liste i [ ] lukkes ikke, eller der mangler et komma"),
    ("flow mapping", "en { } lukkes ikke, eller der mangler et komma"),
    ("block scalar", "en tekstblok (| eller >) er skrevet forkert"),
    (
        "found undefined alias",
        "et alias (*navn) uden anker (&navn); sæt teksten i anførselstegn, hvis * er tekst",
    ),
    ("scanning an anchor", "et anker (&) eller alias (*) er skrevet forkert; sæt teksten i anførselstegn"),
    ("scanning an alias", "et anker (&) eller alias (*) er skrevet forkert; sæt teksten i anførselstegn"),
    ("a tag", "et tag (!) er skrevet forkert; sæt teksten i anførselstegn"),
    ("tag handle", "et ukendt tag (!navn); sæt teksten i anførselstegn"),
    ("tag URI", "et tag (!) er skrevet forkert; sæt teksten i anførselstegn"),
    ("directive", "en linje, der begynder med %, læses som et YAML-direktiv; sæt teksten i anførselstegn"),
    (
        "mapping values are not allowed",
        "kolon og mellemrum (': ') midt i en tekst uden anførselstegn; "
        'sæt hele teksten i anførselstegn, fx aktivitet: "Møde: status"',
    ),
    (
        "could not find expected ':'",
        "der mangler ':' efter en nøgle, eller en tekst fortsætter på næste linje",
    ),
    ("expected a single document", "filen må kun have ét YAML-dokument (fjern '---')"),
    ("document indicator", "'---' eller '...' står midt i filen; fjern linjen"),
    ("<document start>", "en linje står uden for planens opbygning; tjek indrykningen"),
    (
        "block sequence entries are not allowed",
        "'- ' står, hvor der ikke kan begynde en liste; tjek indrykningen",
    ),
    ("mapping keys are not allowed", "en nøgle står, hvor der ikke kan være nøgler; tjek indrykningen"),
    ("tab character", "tabulator i indrykning; brug mellemrum"),
    (
        "cannot start any token",
        "et tegn, der ikke kan begynde en værdi (fx @ eller `); sæt teksten i anførselstegn",
    ),
    ("found unexpected ':'", "et kolon står et uventet sted; sæt teksten i anførselstegn"),
    (
        "expected comment or line break",
        "der står tekst efter en værdi på samme linje; sæt hele teksten i anførselstegn",
    ),
    ("expected node content", "en værdi mangler eller begynder med et tegn, YAML ikke tillader"),
    ("expected '-' indicator", "indrykningen passer ikke med linjerne over (listepunkter begynder med '- ')"),
    ("block mapping", "indrykningen passer ikke med linjerne over"),
    ("block collection", "indrykningen passer ikke med linjerne over"),
    ("maximum nesting depth", "for dybt indlejret (over 1000 niveauer)"),
    ("control characters", "et kontroltegn, der ikke må stå i en YAML-fil"),
)
YAML_FALLBACK = "filen kan ikke læses som YAML her; tjek indrykning, kolon og anførselstegn på linjen"


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        return Problem(line, f"YAML-syntaksfejl: tegnet #x{error.character:04x} må ikke stå i en YAML-fil")
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    said = f"{context or ''} | {problem}"
    explanation = next((danish for fragment, danish in YAML_EXPLANATIONS if fragment in said), YAML_FALLBACK)
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    # An unclosed quote or bracket is reported at the end of the file, and a key without its colon
    # ("while scanning a simple key") where the scanner gave up, lines later: their start is where
    # the user has to look.
    starts = "end of stream" in problem or "simple key" in (context or "")
    mark = context_mark if context_mark and starts else problem_mark or context_mark
    if "mapping values are not allowed" in problem and (key_line := _key_without_colon(text)) is not None:
        return Problem(key_line, f"YAML-syntaksfejl: {_MISSING_COLON}")
    return Problem(mark.line + 1 if mark else None, f"YAML-syntaksfejl: {explanation}")


_MISSING_COLON = next(
    danish for fragment, danish in YAML_EXPLANATIONS if fragment == "could not find expected ':'"
)


def _key_without_colon(text: str) -> int | None:
    """`    navn Direktionen` over `    alias: [...]`: YAML reads the two lines as one text and stops at
    the second line's colon ("mapping values are not allowed here"). Where that text begins a line of
    its own (not a value after `key: `), the first line is a key that lost its colon: its line."""
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text):
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or not last.plain:
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line:
        return None
    before = text.splitlines()[start.line][: start.column]
    return start.line + 1 if before.strip() in ("", "-") else None


def _pre_scan(text: str) -> list[Problem]:
    """Problems YAML would report confusingly or not at all: merge conflicts and tab indents."""
    problems = [
        Problem(
            text.count("\n", 0, m.start()) + 1,
            "git-flettekonflikt ikke løst (linjen begynder med "
            f"{m.group(1)[:1] * 7}); ret konflikten og fjern markeringerne",
        )
        for m in _CONFLICT_MARKER.finditer(text)
    ]
    problems += [
        Problem(text.count("\n", 0, m.start()) + 1, "tabulator i indrykning; brug mellemrum")
        for m in _TAB_INDENT.finditer(text)
    ]
    return problems


def _suggest(word: str, options: tuple[str, ...]) -> str:
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" – mente du {close[0]!r}?" if close else ""


def _close(word: str, options: list[str]) -> bool:
    import difflib

    return bool(difflib.get_close_matches(word, options, n=1, cutoff=0.6))


def _mapping(
    node: MappingNode, known: tuple[str, ...], what: str, problems: list[Problem]
) -> dict[str, Node]:
    """Key -> value node. Unknown and repeated keys are problems, reported with their lines; the
    rest is still read, so one misspelt key does not hide the problems further down."""
    result: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(_line(key_node), f"{what}: en nøgle skal være tekst"))
        elif key_node.value in result:
            problems.append(Problem(_line(key_node), f"{what}: nøglen {key_node.value!r} står to gange"))
        elif key_node.value not in known:
            suggestion = _suggest(key_node.value, known)
            problems.append(Problem(_line(key_node), f"{what}: ukendt nøgle {key_node.value!r}{suggestion}"))
        else:
            result[key_node.value] = value_node
    return result


def _text(node: Node, what: str, *, required: bool = True) -> str | None:
    if not isinstance(node, ScalarNode):
        raise _Invalid(node, f"{what} skal være tekst")
    if node.tag == NULL_TAG:
        if required:
            raise _Invalid(node, f"{what} mangler en værdi")
        return None
    return str(node.value)


def _integer(node: Node, what: str) -> int:
    if not isinstance(node, ScalarNode) or node.tag != INT_TAG:
        raise _Invalid(node, f"{what} skal være et heltal, ikke {_describe(node)}")
    return _int_value(node)


# Years a plan can mean. Outside them a year is a typo ("20202"), and calendar arithmetic on it
# could run past what Python's dates hold.
PLAUSIBLE_YEARS = range(1900, 2201)
# The year used to read timings when the plan's own `år` is unusable: a leap year with 53 ISO
# weeks, so that no timing is refused because of the stand-in year alone.
STAND_IN_YEAR = 2020


def _year(node: Node, what: str) -> int:
    year = _integer(node, what)
    if year not in PLAUSIBLE_YEARS:
        raise _Invalid(node, f"{what} {year} er ikke et muligt år (skriv et år mellem 1900 og 2200, fx 2020)")
    return year


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _int_value(node: ScalarNode) -> int:
    """YAML 1.1 integers ("0x1f", "1_000" too); plain digits, the usual case, the quick way. A number
    longer than `MAX_DIGITS` is a problem of the plan's, at its line, not a reason to stop."""
    value = node.value
    if len(value) > MAX_DIGITS and len(value.lstrip("+-").replace("_", "")) > MAX_DIGITS:
        raise _Invalid(node, f"tallet er for langt ({len(value)} tegn; højst {MAX_DIGITS} cifre)")
    if value.isascii() and value.isdigit():
        return int(value)
    return int(_CONSTRUCTOR.construct_yaml_int(node))


def _describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value)
    return "en liste" if isinstance(node, SequenceNode) else "nøgler og værdier"


def _front_name(node: Node, what: str, example: str) -> str:
    """A name the report prints in its front matter (`kommune`, `udvalg`): one line of text with a
    letter or digit in it; left out rather than left empty."""
    text = _text(node, what)
    assert text is not None  # required: no value is a problem
    if not any(ch.isalnum() for ch in text):
        raise _Invalid(node, f"{what} er tom; skriv fx {what}: {example}, eller fjern linjen")
    if "\n" in text.strip() or "\r" in text.strip():
        raise _Invalid(node, f"{what} skal være én linje, fx {what}: {example}")
    return text.strip()


def _text_list(node: Node, what: str) -> tuple[str, ...]:
    if isinstance(node, ScalarNode):
        hint = f"; skriv [{node.value}]" if node.value else ""
        raise _Invalid(node, f"{what} skal være en liste{hint}")
    if not isinstance(node, SequenceNode):
        raise _Invalid(node, f"{what} skal være en liste")
    items = tuple(_text(item, f"{what}-punkt") or "" for item in node.value)
    if not items:
        raise _Invalid(node, f"{what} er en tom liste")
    return items


def parse_plan(
    text: str, path: Path | None = None, *, check_parties: bool = False, strict_parties: bool = False
) -> ParsedPlan:
    """Validate and build. Never raises for a bad file: every problem comes back with its line.
    `check_parties`: also read every `ansvarlig` against the declared parties (`plan check`);
    `strict_parties`: and every name in it (`plan check --streng`)."""
    with gc_paused():
        return _parse_plan(text, path, check_parties, strict_parties)


@dataclass(frozen=True, slots=True)
class PlanHead:
    """The document up to its activities: the plan's own fields, and the node to go on from."""

    plan: Plan  # with no activities yet
    root: MappingNode  # what an edit compares the whole new text against
    sequence: SequenceNode
    problems: list[Problem]  # in the head itself; the activities can still be read and checked


def _head(text: str, path: Path | None) -> tuple[PlanHead | None, list[Problem]]:
    """The head, or None with the problems that stop us before the activities."""
    problems = _pre_scan(text)
    if problems:
        return None, problems
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, text)]
    except RecursionError:  # only without libyaml: the pure-Python composer recurses
        return None, [Problem(None, "YAML-syntaksfejl: for dybt indlejret")]
    if root is None:
        return None, [Problem(None, "filen er tom; se README (Planfilen forklaret) for formatet")]
    if not isinstance(root, MappingNode):
        message = "planen skal bestå af nøgler som titel:, år:, statusser: og aktiviteter:"
        return None, [Problem(_line(root), message)]
    top = _mapping(root, TOP_KEYS, "planen", problems)
    missing = [key for key in REQUIRED_TOP_KEYS if key not in top]
    if missing:
        problems.append(Problem(_line(root), f"planen mangler {', '.join(missing)}"))

    def read(key: str, reader: Callable[[Node], T], default: T) -> T:
        if key not in top:
            return default
        try:
            return reader(top[key])
        except _Invalid as invalid:
            problems.append(Problem(invalid.line, invalid.message))
            return default

    plan = Plan(
        title=read("titel", lambda n: _text(n, "titel") or "", ""),
        year=read("år", lambda n: _year(n, "år"), STAND_IN_YEAR),
        statuses=(statuses := read("statusser", lambda n: _text_list(n, "statusser"), DEFAULT_STATUSES)),
        finished_status=read("afsluttet", lambda n: _finished_status(n, statuses), None),
        activities=(),
        introduction=read("indledning", lambda n: _text(n, "indledning", required=False), None),
        heading=read("overskrift", lambda n: _text(n, "overskrift", required=False), None),
        cross_cutting=read("gennemgående", lambda n: _text_list(n, "gennemgående"), ()),
        highest_id=read("højeste_id", lambda n: _integer(n, "højeste_id"), None),
        path=path,
        parties=read("parter", lambda n: _parties(n, problems), ()),
        municipality=read("kommune", lambda n: _front_name(n, "kommune", "Aabenraa Kommune"), None),
        committee=read("udvalg", lambda n: _front_name(n, "udvalg", "Klima- og Miljøudvalget"), None),
    )
    sequence = top.get("aktiviteter")
    if sequence is None:
        return None, problems
    if not isinstance(sequence, SequenceNode):
        problems.append(Problem(_line(sequence), "aktiviteter skal være en liste af aktiviteter"))
        return None, problems
    return PlanHead(plan, root, sequence, problems), problems


def _parse_plan(
    text: str, path: Path | None, check_parties: bool = False, strict_parties: bool = False
) -> ParsedPlan:
    head, problems = _head(text, path)
    if head is None:
        return ParsedPlan(None, problems)
    problems = list(problems)
    year, statuses = head.plan.year, head.plan.statuses
    activities: list[Activity] = []
    first_line_of_id: dict[int, int] = {}
    head_problems = len(problems)
    above: tuple[int, int] | None = None  # the highest id above `højeste_id`, and its line
    for node in head.sequence.value:
        own = _ActivityProblems()
        activity = _activity(node, year, statuses, own)
        activity_id = own.activity_id
        if activity_id is not None:
            if activity_id in first_line_of_id:
                own.add(node, f"id {activity_id} er brugt før (linje {first_line_of_id[activity_id]})")
            else:
                first_line_of_id[activity_id] = _line(node)
            if head.plan.highest_id is not None and activity_id > max(
                head.plan.highest_id, above[0] if above else 0
            ):
                above = (activity_id, _line(node))
        problems.extend(sorted(own.found, key=lambda p: p.line or 0))
        if activity is not None and not own.found:
            activities.append(activity)
    if above is not None:  # one problem, one value to set: however many ids stand above it
        problems.insert(
            head_problems,
            Problem(
                _key_line(head.root, "højeste_id"),
                f"id {above[0]} (linje {above[1]}) er højere end højeste_id ({head.plan.highest_id}); "
                f"sæt højeste_id: {above[0]} i planens hoved",
            ),
        )
    if head.problems:  # the head's fields are stand-ins: no plan to show, only what is wrong
        return ParsedPlan(None, problems)
    plan = dataclasses.replace(head.plan, activities=tuple(activities))
    if check_parties and plan.parties:
        return ParsedPlan(plan, problems, _undeclared(plan, head.sequence, strict_parties))
    return ParsedPlan(plan, problems)


def _undeclared(plan: Plan, sequence: SequenceNode, strict: bool) -> tuple[Problem, ...]:
    """Each valid activity whose `ansvarlig` names none of the plan's declared parties, at the line
    of its `ansvarlig`, with the party it was probably meant to name. `strict`: also each name in a
    text that names a declared party besides (an undeclared collaborator)."""
    from baeredygtig_cli.domain.parties import nearest_party, reader_for, undeclared_names

    reader = reader_for(plan.parties)
    lines = {id_of(node): _key_line(node, "ansvarlig") for node in sequence.value}
    found: list[Problem] = []
    add = "tilføj parten eller et alias under parter:"
    for a in plan.activities:
        line = lines.get(a.id) or a.line
        if not reader.named(a.ansvarlig):
            said = f"aktivitet {a.id}: ansvarlig {a.ansvarlig!r} nævner ingen af planens parter"
            found.append(Problem(line, _with_nearest(said, nearest_party(a.ansvarlig, plan.parties), add)))
        elif strict:
            for name in undeclared_names(a.ansvarlig, plan.parties):
                said = f"aktivitet {a.id}: ansvarlig nævner {name!r}, som ikke er en af planens parter"
                found.append(Problem(line, _with_nearest(said, nearest_party(name, plan.parties), add)))
    return tuple(found)


def _with_nearest(said: str, party: Party | None, otherwise: str) -> str:
    if party is None:
        return f"{said}; {otherwise}"
    return f"{said} – mente du {party.name!r}? Ellers {otherwise}"


def _key_line(node: Node, key: str) -> int | None:
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return _line(key_node)
    return None


def _parties(node: Node, problems: list[Problem]) -> tuple[Party, ...]:
    """`parter:`, a list of parties, each `- navn: ...` with optional `alias: [...]` and `type: ...`,
    or just its name (`- Økonomiudvalget`). Every problem is collected; a name or alias used by two
    parties is one, since a text naming it could not say which party it means."""
    from baeredygtig_cli.domain.folding import party_key

    if not isinstance(node, SequenceNode) or not node.value:
        what = "er tom" if isinstance(node, SequenceNode) or node.tag == NULL_TAG else "skal være en liste"
        raise _Invalid(node, f"parter {what}; skriv en part pr. linje, fx '  - navn: Direktionen'")
    found: list[Problem] = []  # reported in line order, after the loop
    parties: list[Party] = []
    owner: dict[str, tuple[str, int]] = {}  # a form, folded -> the party that has it, and its line
    speaks_for: dict[str, tuple[str, int]] = {}  # a person, folded -> the party they are, and its line
    for item in node.value:
        try:
            party = _party(item, found)
        except _Invalid as invalid:
            found.append(Problem(invalid.line, invalid.message))
            continue
        for form in dict.fromkeys(party_key(f) for f in party.forms):
            shown = next(f for f in party.forms if party_key(f) == form)
            if not any(ch.isalnum() for ch in form):
                what = (
                    "et navn eller alias er tomt"
                    if not form
                    else f"{shown!r} har hverken bogstaver eller tal"
                )
                found.append(Problem(party.line, f"parter: {what}"))
            elif form in owner:
                other, line = owner[form]
                found.append(
                    Problem(party.line, f"parter: {shown!r} står både under {other!r} (linje {line}) og her")
                )
            else:
                owner[form] = (party.name, party.line)
        for person in dict.fromkeys(party_key(p) for p in party.people):
            shown = next(p for p in party.people if party_key(p) == person)
            if not person:
                found.append(Problem(party.line, f"parter: {party.name!r}: personer har et tomt navn"))
            elif person in speaks_for:
                other, line = speaks_for[person]
                found.append(
                    Problem(
                        party.line,
                        f"parter: {shown!r} står under personer: både hos {other!r} (linje {line}) og her; "
                        "en person hører til én part",
                    )
                )
            else:
                speaks_for[person] = (party.name, party.line)
        parties.append(party)
    problems.extend(sorted(found, key=lambda p: p.line or 0))
    return tuple(parties)


def _party(node: Node, problems: list[Problem]) -> Party:
    if isinstance(node, ScalarNode):
        name = _text(node, "parter: en part") or ""
        key, _, rest = name.partition(" ")
        if key in PARTY_KEYS and rest.strip():  # `- navn Direktionen`: a key that lost its colon
            raise _Invalid(node, f"parter: der mangler ':' efter {key}; skriv '- {key}: {rest.strip()}'")
        return Party(name, line=_line(node))
    if not isinstance(node, MappingNode):
        raise _Invalid(node, "parter: en part skal være et navn eller nøgler som navn: og alias:")
    fields = _mapping(node, PARTY_KEYS, "parter: en part", problems)
    if "navn" not in fields:
        raise _Invalid(node, "parter: en part mangler navn")
    name = _text(fields["navn"], "parter: navn") or ""
    label = f"parter: {name!r}"
    return Party(
        name=name,
        aliases=_text_list(fields["alias"], f"{label}: alias") if "alias" in fields else (),
        kind=_text(fields["type"], f"{label}: type", required=False) if "type" in fields else None,
        line=_line(node),
        people=_text_list(fields["personer"], f"{label}: personer") if "personer" in fields else (),
    )


@dataclass(frozen=True, slots=True)
class PlanIndex:
    """A plan composed but not built: the head, and each activity's node by id. What an edit
    needs, at a fraction of the cost of building every activity of a large plan."""

    head: PlanHead
    nodes: dict[int, list[MappingNode]]

    @property
    def plan(self) -> Plan:
        return self.head.plan

    @property
    def max_id(self) -> int:
        return max(self.nodes, default=0)

    @property
    def next_id(self) -> int:
        """An id no activity has had: past the highest in the file and past `højeste_id`."""
        return max(self.max_id, self.plan.highest_id or 0) + 1

    def node(self, activity_id: int, path: Path) -> MappingNode:
        found = self.nodes.get(activity_id, [])
        if len(found) > 1:
            lines = ", ".join(str(_line(n)) for n in found)
            raise PlanFileError(f"id {activity_id} står flere gange (linje {lines}); ret det først", path)
        if not found:
            raise PlanError(f"ukendt id: {activity_id}; se 'plan liste'")
        return found[0]

    def activity(self, activity_id: int, path: Path) -> Activity:
        """The activity, validated; a problem in it is an error with its line."""
        return build_activity(self.node(activity_id, path), self.plan, path)


# The period of a timing the grammar cannot read, where an import keeps such a timing as text for
# the user to fix (`plan import --også-ulæselige`): no real timing reads as year 1.
UNREADABLE = Period(date.min, date.min)


def build_activity(
    node: Node, plan: Plan, path: Path | None, *, unreadable: Period | None = None
) -> Activity:
    """The activity of `node`, or its first problem as an error. With `unreadable`, a timing the
    grammar cannot read is that period instead of a problem."""
    problems = _ActivityProblems()
    activity = _activity(node, plan.year, plan.statuses, problems, unreadable)
    if activity is None:
        first = problems.found[0]
        raise PlanFileError(first.message, display_path(path) if path else None, first.line)
    return activity


def index_plan(text: str, path: Path) -> PlanIndex:
    """Compose once and index activities by id, building none of them."""
    with gc_paused():
        head, problems = _head(text, path)
        if head is None or problems:
            first = problems[0]
            raise PlanFileError(first.message, display_path(path), first.line)
        nodes: dict[int, list[MappingNode]] = {}
        for node in head.sequence.value:
            activity_id = id_of(node)
            if activity_id is not None:
                nodes.setdefault(activity_id, []).append(node)
    return PlanIndex(head, nodes)


def id_of(node: Node) -> int | None:
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if key.value == "id" and isinstance(value, ScalarNode) and value.tag == INT_TAG and value.value:
            try:
                return _int_value(value)
            except _Invalid:  # a number too long to be an id: the checks name it at its line
                return None
    return None


@dataclass(slots=True)
class _ActivityProblems:
    """Collects every problem of one activity, so `plan check` reports them all at once."""

    found: list[Problem] = field(default_factory=list)
    activity_id: int | None = None

    def add(self, node: Node | None, message: str) -> None:
        self.found.append(Problem(_line(node) if node is not None else None, message))

    def field(self, fields: dict[str, Node], key: str, read: Callable[[Node], T]) -> T | None:
        if key not in fields:
            return None
        try:
            return read(fields[key])
        except _Invalid as invalid:
            self.found.append(Problem(invalid.line, invalid.message))
            return None


def _activity(
    node: Node, plan_year: int, statuses: tuple[str, ...], problems: _ActivityProblems,
    unreadable: Period | None = None,
) -> Activity | None:  # fmt: skip
    if not isinstance(node, MappingNode):
        problems.add(node, f"en aktivitet skal bestå af nøgler som id: og tidspunkt:, ikke {_describe(node)}")
        return None
    known_id = id_of(node)
    label = f"aktivitet {known_id}" if known_id is not None else "aktivitet"
    fields = _mapping(node, ACTIVITY_KEYS, label, problems.found)
    problems.activity_id = problems.field(fields, "id", lambda n: _integer(n, "id"))
    missing = [key for key in REQUIRED_ACTIVITY_KEYS if key not in fields]
    if missing and len(fields) < len(node.value):  # a misspelt key already says what is missing
        unknown = [k.value for k, _ in node.value if isinstance(k, ScalarNode) and k.value not in fields]
        missing = [key for key in missing if not _close(key, unknown)]
    if missing:
        problems.add(node, f"{label} mangler {', '.join(missing)}")
    year = problems.field(fields, "år", lambda n: _year(n, f"{label}: år"))
    tidspunkt = problems.field(fields, "tidspunkt", lambda n: _text(n, f"{label}: tidspunkt"))
    emne = problems.field(fields, "emne", lambda n: _text_list(n, f"{label}: emne"))
    aktivitet = problems.field(fields, "aktivitet", lambda n: _text(n, f"{label}: aktivitet"))
    ansvarlig = problems.field(fields, "ansvarlig", lambda n: _text(n, f"{label}: ansvarlig"))
    status = problems.field(fields, "status", lambda n: _status(n, label, statuses))
    notes = problems.field(fields, "noter", lambda n: _notes(n, label, problems))
    period = None
    if tidspunkt is not None:
        try:
            period = parse_timing(tidspunkt, year or plan_year)
        except TimingError as error:
            if unreadable is None:
                problems.add(fields["tidspunkt"], f"{label}: {error}")
            period = unreadable
    if problems.found:
        return None
    assert problems.activity_id is not None and period is not None and emne is not None
    return Activity(
        id=problems.activity_id,
        tidspunkt=tidspunkt or "",
        emne=emne,
        aktivitet=aktivitet or "",
        ansvarlig=ansvarlig or "",
        status=status,
        period=period,
        line=_line(node),
        year=year,
        notes=notes or (),
    )


def _notes(node: Node, label: str, problems: _ActivityProblems) -> tuple[Note, ...]:
    """`noter:` is a list of dated entries: `- dato: 2020-03-05`, `tekst: ...`, optional `af: ...`."""
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return ()
    if not isinstance(node, SequenceNode):
        raise _Invalid(node, f"{label}: noter skal være en liste af noter med dato og tekst")
    notes = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            raise _Invalid(item, f"{label}: en note skal have dato og tekst, fx '- dato: 2020-03-05'")
        fields = _mapping(item, NOTE_KEYS, f"{label}: note", problems.found)
        missing = [key for key in ("dato", "tekst") if key not in fields]
        if missing:
            raise _Invalid(item, f"{label}: en note mangler {' og '.join(missing)}")
        notes.append(
            Note(
                day=_date(fields["dato"], f"{label}: notens dato"),
                text=_text(fields["tekst"], f"{label}: notens tekst") or "",
                author=_text(fields["af"], f"{label}: notens af", required=False) if "af" in fields else None,
            )
        )
    return tuple(notes)


def _date(node: Node, what: str) -> date:
    value = node.value if isinstance(node, ScalarNode) else None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise _Invalid(node, f"{what} skal være en dato som 2020-03-05, ikke {_describe(node)}") from None
    if day.year not in PLAUSIBLE_YEARS:
        raise _Invalid(node, f"{what} {day.isoformat()} ligger ikke mellem år 1900 og 2200")
    return day


def _status(node: Node, label: str, statuses: tuple[str, ...]) -> str | None:
    status = _text(node, f"{label}: status", required=False)
    if status is not None and status not in statuses:
        valid = ", ".join(s if s.isprintable() else repr(s) for s in statuses)  # one line, always
        raise _Invalid(
            node, f"{label}: ukendt status {status!r}{_suggest(status, statuses)} (gyldige: {valid})"
        )
    return status


def _finished_status(node: Node, statuses: tuple[str, ...]) -> str:
    """`afsluttet:`, the status that means finished: one of the plan's `statusser`."""
    status = _text(node, "afsluttet") or ""  # required: no value is a problem
    if status not in statuses:
        valid = ", ".join(s if s.isprintable() else repr(s) for s in statuses)
        suggestion = _suggest(status, statuses)
        raise _Invalid(node, f"afsluttet: {status!r} er ikke en af statusser{suggestion} (gyldige: {valid})")
    return status


def load_text(text: str, path: Path) -> ParsedPlan:
    """Parse; raises `PlanFileError` (first problem, with line) unless the plan is clean."""
    parsed = parse_plan(text, path)
    if parsed.problems:
        first = parsed.problems[0]
        more = len(parsed.problems) - 1
        suffix = f" (og {more} fejl mere; kør 'plan tjek')" if more else ""
        raise PlanFileError(first.message + suffix, display_path(path), first.line)
    return parsed


def load_plan(path: Path) -> Plan:
    plan = load_text(read_text(path), path).plan
    assert plan is not None
    return plan


# --- many versions of one plan (git history) ------------------------------------------------------

_ACTIVITIES_KEY = re.compile(r"aktiviteter:[ ]*(?:#[^\n]*)?(?=\n)")


class VersionReader:
    """Reads many versions of one plan, as `plan log` does with its history: each version in full,
    with the same result as `parse_plan`, but each distinct activity text built only once.

    Consecutive versions differ in an activity or two. When a version is laid out the usual way (one
    `aktiviteter:` key at the margin, its items at one indentation, every other line of the list
    deeper or a comment), the text is cut at the items: the plan's head is read with an empty list in
    their place, and each item on its own, from a memo keyed by its text. Anything unusual (a line
    at an odd indentation, CRLF, a conflict marker, a problem in any piece) reads the whole version
    with `parse_plan` instead, so a problem is reported as `plan check` reports it. A piece is YAML
    on its own exactly when it is in the whole, or its parse fails: a quote or bracket left open
    across an item's start leaves the piece before it unclosed.

    Activities come without lines (`line` 0): a line belongs to one version of the file, and an
    activity whose text did not change is then the very same object in every version."""

    def __init__(self) -> None:
        self._memos: dict[tuple[int, tuple[str, ...]], dict[str, Activity]] = {}  # by year and statuses
        self._heads: dict[str, Plan | None] = {}

    def read(self, text: str) -> ParsedPlan:
        with gc_paused():
            fast = self._split(text)
            if fast is not None:
                return ParsedPlan(fast, [])
            parsed = _parse_plan(text, None)
        if parsed.plan is None:
            return parsed
        activities = tuple(self._lineless(a) for a in parsed.plan.activities)
        return ParsedPlan(dataclasses.replace(parsed.plan, activities=activities), parsed.problems)

    def _lineless(self, activity: Activity) -> Activity:
        return dataclasses.replace(activity, line=0)

    def _split(self, text: str) -> Plan | None:
        """The plan read piece by piece, or None if the layout is unusual or any piece has a problem.
        Positions into `text` throughout: a version is searched, never copied, before its pieces."""
        if "\r" in text or "\t" in text or any(m in text for m in ("<" * 7, "=" * 7, ">" * 7)):
            return None  # CRLF; and what `_pre_scan` looks for: `parse_plan` says what is wrong
        if text.count("\naktiviteter:") + text.startswith("aktiviteter:") != 1:
            return None  # no such key at the margin, or more than one
        key = _ACTIVITIES_KEY.match(text, text.find("\naktiviteter:") + 1)
        if key is None or key.end() >= len(text):
            return None
        newline = key.end()  # the key line's end: each search below starts at a line's "\n"
        first = re.compile(r"\n( *)[^ \n#]").search(text, newline)
        if first is None:
            return None
        indent = len(first.group(1))
        margin = r"\n[^ \n#]" if indent else r"\n(?!-(?: |\n))[^ \n#]"
        end_match = re.compile(margin).search(text, newline)
        end = end_match.start() + 1 if end_match else len(text)
        if indent:
            odd = (
                rf"\n(?: {{1,{indent - 1}}}[^ \n#]| {{{indent}}}(?:[^ \n#-]|-[^ \n]))"
                if indent > 1
                else (r"\n (?:[^ \n#-]|-[^ \n])")
            )
            if re.compile(odd).search(text, newline, end):
                return None
        starts = [
            m.start() + 1 for m in re.compile(rf"\n {{{indent}}}-(?=[ \n])").finditer(text, newline, end)
        ]
        if not starts or _has_content(text[newline : starts[0]]):
            return None
        skeleton = text[: key.start()] + "aktiviteter: []\n" + text[end:]
        plan = self._head(skeleton, text.count("\n", 0, key.start()))
        if plan is None:
            return None
        activities: list[Activity] = []
        seen: set[int] = set()
        memo = self._memos.setdefault((plan.year, plan.statuses), {})
        for begin, stop in zip(starts, [*starts[1:], end], strict=True):
            piece = text[begin:stop]
            activity = memo.get(piece) or self._activity(piece, plan, memo)
            if activity is None or activity.id in seen:
                return None
            if plan.highest_id is not None and activity.id > plan.highest_id:
                return None
            seen.add(activity.id)
            activities.append(activity)
        return dataclasses.replace(plan, activities=tuple(activities))

    def _head(self, skeleton: str, key_line: int) -> Plan | None:
        """The plan's head from its text with `aktiviteter: []` for the list; None if it has problems
        or the empty list is not the one put there (the key was inside a quoted text, say)."""
        if skeleton in self._heads:
            return self._heads[skeleton]
        head, problems = _head(skeleton, None)
        ok = (
            head is not None
            and not problems
            and not head.sequence.value
            and head.sequence.start_mark.line == key_line
        )
        plan = head.plan if ok and head is not None else None
        self._heads[skeleton] = plan
        return plan

    def _activity(self, piece: str, plan: Plan, memo: dict[str, Activity]) -> Activity | None:
        try:
            root = compose(piece)
        except (yaml.YAMLError, RecursionError):
            return None
        if not isinstance(root, SequenceNode) or len(root.value) != 1:
            return None
        problems = _ActivityProblems()
        activity = _activity(root.value[0], plan.year, plan.statuses, problems)
        if activity is None or problems.found:
            return None
        activity = self._lineless(activity)
        memo[piece] = activity
        return activity


def _has_content(text: str) -> bool:
    """Is there a line that is neither blank nor a comment?"""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.split("\n"))
