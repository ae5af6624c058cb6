"""Hypothesis strategies for plan files as people write them by hand, shared by the property tests
(test_properties.py, test_hostile_edits.py, test_living_plan.py).

Each strategy draws a plan's text together with the activities it must read as, so a test can
compare what the loader (or an edit) makes of the text with what was meant."""

from __future__ import annotations

from hypothesis import strategies as st

from baeredygtig_cli.planfile import yamltext
from baeredygtig_cli.planfile.schema import parse_plan

from .conftest import STATUSES

Fields = dict[str, object]  # one activity: id, tidspunkt, emne (a list), aktivitet, ansvarlig, status


def fields_of(text: str) -> list[Fields]:
    """The activities a valid plan text reads as, as plain values."""
    parsed = parse_plan(text)
    assert parsed.problems == [], parsed.problems
    assert parsed.plan is not None
    return [
        {"id": a.id, "tidspunkt": a.tidspunkt, "emne": list(a.emne), "aktivitet": a.aktivitet,
         "ansvarlig": a.ansvarlig, "status": a.status}
        for a in parsed.plan.activities
    ]  # fmt: skip


# --- plans in many hands' styles: quoting, comments, emne as a flow or a block list ------------------

TIMINGS = ["5. marts", "Marts-april", "Marts- maj", "IFebruar og frem", "Forår//sommer", "Løbende",
           "23/24. februar", "uge 12", "primo april", "Q3", "påske", "1.-15. marts", "november-januar"]  # fmt: skip
WORDS = ["Møde", "med", "Økonomiudvalget", "å", "#", ": ", "'", '"', "[x]", "{y}", "- ", "&", "*", "!", "%",
         "ja", "nej", "yes", "null", "~", "1.5", "2020", " ", "æøå", "Campusrådet", "–"]  # fmt: skip
# Text that YAML would read as something else unless quoted right: pieces joined without spaces.
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, list[Fields]]:
    """A valid plan text in many hands' styles, and the activities it must read as."""
    count = draw(st.integers(min_value=1, max_value=6))
    ids = draw(st.lists(st.integers(min_value=1, max_value=999), min_size=count, max_size=count, unique=True))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [
        "# en plan",
        "titel: Prøve",
        "år: 2020",
        f"statusser: [{', '.join(STATUSES)}]",
        "",
        "aktiviteter:",
    ]
    expected = []
    for activity_id in ids:
        emne = draw(st.lists(TEXT, min_size=1, max_size=3))
        fields = {
            "id": activity_id,
            "tidspunkt": draw(st.sampled_from(TIMINGS)),
            "emne": emne,
            "aktivitet": draw(TEXT),
            "ansvarlig": draw(TEXT),
            "status": draw(st.one_of(st.none(), st.sampled_from(STATUSES))),
        }
        expected.append(fields)
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append("  # kommentar om aktiviteten")
        quote = draw(st.sampled_from([None, "'", '"']))
        lines.append(f"  - id: {activity_id}")
        lines.append(f"    tidspunkt: {yamltext.yaml_scalar(str(fields['tidspunkt']), style=quote)}")
        if draw(st.booleans()):
            lines.append(f"    emne: [{', '.join(yamltext.yaml_scalar(e, in_flow=True) for e in emne)}]")
        else:
            lines += ["    emne:", *(f"      - {yamltext.yaml_scalar(e)}" for e in emne)]
        comment = "  # sic" if draw(st.booleans()) else ""
        lines.append(f"    aktivitet: {yamltext.yaml_scalar(str(fields['aktivitet']), style=quote)}{comment}")
        lines.append(f"    ansvarlig: {yamltext.yaml_scalar(str(fields['ansvarlig']))}")
        if fields["status"] is not None:
            lines.append(f"    status: {yamltext.yaml_scalar(str(fields['status']), style=quote)}")
        elif draw(st.booleans()):
            lines.append("    status:")
    if draw(st.booleans()):
        lines.append("# slut")
    return nl.join(lines) + nl, expected


# --- hostile plans: anchors and aliases, block scalars, flow mappings, tags, values over lines --------

HOSTILE_HEAD = f"titel: Prøve\når: 2020\nstatusser: [{', '.join(STATUSES)}]\naktiviteter:\n"
PLAIN_WORDS = ["Møde", "med", "Økonomiudvalget", "Campusrådet", "æøå", "plan", "2020"]
HOSTILE_WORDS = [
    *PLAIN_WORDS,
    "#",
    ": ",
    "'",
    '"',
    "[x]",
    "{y}",
    "&",
    "*",
    "!",
    "%",
    "ja",
    "null",
    "1.5",
    "–",
]
# Words that need quoting, joined with spaces; and words that need none.
SPACED_TEXT = (
    st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=5).map(" ".join).map(str.strip).filter(bool)
)
PLAIN = st.lists(st.sampled_from(PLAIN_WORDS), min_size=2, max_size=5).map(" ".join)
STYLES = ["plain", "single", "double", "literal", "folded", "tagged", "multiline", "anchored", "alias"]
HOSTILE_TIMINGS = ("5. marts", "Marts-april", "Løbende", "uge 12")


class Writer:
    """Writes one value in a drawn style, keeping track of anchors for later aliases."""

    def __init__(self, draw: st.DrawFn, nl: str) -> None:
        self.draw, self.nl = draw, nl
        self.anchors: dict[str, str] = {}  # name -> value

    def value(self, value: str, indent: str, *, words_only: bool) -> tuple[str, str, str]:
        """(text after 'key:', the value it reads as, the style used)."""
        styles = [s for s in STYLES if s != "alias" or self.anchors]
        if not words_only:
            styles = [s for s in styles if s not in ("multiline",)]
        style = self.draw(st.sampled_from(styles))
        nl = self.nl
        if style == "alias":
            name = self.draw(st.sampled_from(sorted(self.anchors)))
            return f" *{name}", self.anchors[name], style
        if style == "anchored":
            name = f"a{len(self.anchors)}"
            self.anchors[name] = value
            return f" &{name} {yamltext.yaml_scalar(value)}", value, style
        if style == "single":
            return " " + yamltext.yaml_scalar(value, style="'"), value, style
        if style == "double":
            return " " + yamltext.yaml_scalar(value, style='"'), value, style
        if style in ("literal", "folded"):
            indicator = "|-" if style == "literal" else ">-"
            comment = "  # blok" if self.draw(st.booleans()) else ""
            blank = nl if self.draw(st.booleans()) else ""
            return f" {indicator}{comment}{nl}{indent}  {value}{nl}{blank}".rstrip("\r\n"), value, style
        if style == "tagged":
            return f" !!str {yamltext.yaml_scalar(value)}", value, style
        if style == "multiline" and " " in value:
            first, rest = value.split(" ", 1)
            return f" {first}{nl}{indent}  {rest}", value, style
        return " " + yamltext.yaml_scalar(value), value, "plain"


@st.composite
def hostile_plans(draw: st.DrawFn) -> tuple[str, list[Fields], dict[int, str]]:
    """A valid plan, the activities it reads as, and the style each activity's status is written in."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    writer = Writer(draw, nl)
    count = draw(st.integers(min_value=1, max_value=5))
    lines: list[str] = []
    expected: list[Fields] = []
    status_styles: dict[int, str] = {}
    for activity_id in range(1, count + 1):
        tidspunkt = draw(st.sampled_from(HOSTILE_TIMINGS))
        emne = draw(st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=2))
        status = draw(st.one_of(st.none(), st.sampled_from(STATUSES)))
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append("  # om aktiviteten")
        if draw(st.integers(0, 4)) == 0:  # a whole activity as a flow mapping
            parts = [f"id: {activity_id}", f"tidspunkt: {yamltext.yaml_scalar(tidspunkt, in_flow=True)}",
                     f"emne: [{', '.join(emne)}]", "aktivitet: Møde", "ansvarlig: Koordinator"]  # fmt: skip
            if status is not None:
                parts.append(f"status: {yamltext.yaml_scalar(status, in_flow=True)}")
            lines.append("  - {" + ", ".join(parts) + "}")
            expected.append({"id": activity_id, "tidspunkt": tidspunkt, "emne": emne, "aktivitet": "Møde",
                             "ansvarlig": "Koordinator", "status": status})  # fmt: skip
            status_styles[activity_id] = "flow"
            continue
        lines.append(f"  - id: {activity_id}")
        fields: Fields = {"id": activity_id}
        text, fields["tidspunkt"], _ = writer.value(tidspunkt, "    ", words_only=False)
        if writer.anchors and fields["tidspunkt"] not in HOSTILE_TIMINGS:
            text, fields["tidspunkt"] = " " + tidspunkt, tidspunkt  # an alias to a non-timing
        lines.append(f"    tidspunkt:{text}")
        fields["emne"] = emne
        lines.append(f"    emne: [{', '.join(emne)}]")
        for key, words_only in (("aktivitet", True), ("ansvarlig", False)):
            value = draw(PLAIN) if words_only else draw(SPACED_TEXT)
            text, fields[key], _ = writer.value(value, "    ", words_only=words_only)
            lines.append(f"    {key}:{text}")
        if status is not None:
            text, read_as, style = writer.value(status, "    ", words_only=False)
            if read_as not in STATUSES:  # an alias to a non-status: write the status plainly
                text, read_as, style = " " + status, status, "plain"
            fields["status"] = read_as
            status_styles[activity_id] = style
            lines.append(f"    status:{text}")
        else:
            fields["status"] = None
            status_styles[activity_id] = "missing"
        expected.append(fields)
    return HOSTILE_HEAD.replace("\n", nl) + nl.join(lines) + nl, expected, status_styles
