"""Where an edit goes in plan.yaml's text: splices located by the marks `yaml.compose()` gives, each
replacing only the bytes a field, a note, an activity or `højeste_id` owns. Comments, blank lines,
key order, quoting, CRLF and a BOM stay. What cannot be spliced safely (an anchor, an alias, an
unusual layout) is refused with the line to edit by hand."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.domain.model import Activity, Note, plain_number
from baeredygtig_cli.errors import PlanError, PlanFileError
from baeredygtig_cli.planfile import disk, schema
from baeredygtig_cli.planfile.editsource import Source
from baeredygtig_cli.planfile.yamltext import ANCHORED, is_key, reads_as_int, yaml_scalar


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    replacement: str


def field_splices(
    source: Source, node: MappingNode, old: Activity, new: Activity
) -> tuple[list[Splice], bool]:
    """The splices that turn `old` into `new` in `node`'s lines, and whether any is of a kind that
    needs the whole file re-read to prove it."""
    fields = {key.value: (key, value) for key, value in node.value if isinstance(key, ScalarNode)}
    splices: list[Splice] = []
    unusual = False
    appended: list[str] = []  # keys the activity did not have, written after its last line

    def scalar(name: str, yaml_text: str | None) -> None:
        nonlocal unusual
        if name in fields:
            key, value = fields[name]
            if yaml_text is None:
                splices.append(_clear_splice(source, node, key, value))
                return
            splice, several = _scalar_splice(source, node, key, value, yaml_text)
            splices.append(splice)
            unusual = unusual or several
        elif yaml_text is not None:
            appended.append(f"{name}: {yaml_text}")

    in_flow = bool(node.flow_style)
    if new.tidspunkt != old.tidspunkt:
        scalar("tidspunkt", _scalar_text(fields.get("tidspunkt"), new.tidspunkt, in_flow))
    if new.year != old.year:
        if new.year is None:
            splices.append(_remove_key_line(source, node, *fields["år"]))
        elif "år" in fields:
            scalar("år", str(new.year))
        else:  # right after tidspunkt, where a reader looks for it
            splices.append(_insert_after_key(source, node, fields["tidspunkt"], f"år: {new.year}"))
    if new.emne != old.emne:
        key, value = fields["emne"]
        splice, several = list_splice(source, node, key, value, new.emne)
        splices.append(splice)
        unusual = unusual or several
    for name in ("aktivitet", "ansvarlig"):
        if getattr(new, name) != getattr(old, name):
            scalar(name, _scalar_text(fields.get(name), getattr(new, name), in_flow))
    if new.status != old.status:
        scalar(
            "status", None if new.status is None else _scalar_text(fields.get("status"), new.status, in_flow)
        )
    if new.notes != old.notes:
        if "noter" in fields:
            own_notes, several = _note_splices(source, node, fields["noter"], old.notes, new.notes)
            splices += own_notes
            unusual = unusual or several
        elif in_flow:
            appended.append(f"noter: [{', '.join(note_flow(n) for n in new.notes)}]")
        else:
            appended += ["noter:", *(line for n in new.notes for line in note_entry_lines(n, "", "  "))]
    if appended and in_flow:  # `- {id: 3, ...}`: the new keys go before its closing brace
        splices.append(_into_flow(source, node, ", " + ", ".join(appended), "}"))
        unusual = True
    elif appended:
        indent = " " * node.start_mark.column
        at = end_of_last_line(source.text, node)
        lead = "" if at == 0 or source.text[at - 1] == "\n" else source.newline
        body = "".join(f"{indent}{line}{source.newline}" for line in appended)
        splices.append(Splice(at, at, lead + body))
    return splices, unusual


@dataclass(frozen=True, slots=True)
class ValueComment:
    """A comment after a value an edit changes, on the value's own line: `removal` takes it away
    where it names the old value (it explained what is no longer there); None keeps it."""

    field: str
    comment: str  # as written, from its "#"
    removal: Splice | None


_FIELDS = (("tidspunkt", "tidspunkt"), ("år", "year"), ("emne", "emne"), ("aktivitet", "aktivitet"),
           ("ansvarlig", "ansvarlig"), ("status", "status"))  # fmt: skip
_COMMENT = re.compile(r"[ \t]+#[^\r\n]*")


def value_comments(source: Source, node: MappingNode, old: Activity, new: Activity) -> list[ValueComment]:
    """The comments after the values that change from `old` to `new`. `tidspunkt: IFebruar og frem
    # sic, ...; læses som "I februar og frem"` names the old value (compared folded, letters and
    digits only): it goes with the value. Any other comment stays, as it always has (`status:  #
    ingen status i originalen` is still true of the original once a status is set)."""
    from baeredygtig_cli.domain.folding import fold_to_ascii

    def key(text: str) -> str:
        return "".join(ch for ch in fold_to_ascii(text) if ch.isalnum())

    fields = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
    found = []
    for name, attribute in _FIELDS:
        if name not in fields or getattr(old, attribute) == getattr(new, attribute):
            continue
        key_node, value = fields[name]
        if (
            value.start_mark.index < key_node.start_mark.index
            or value.end_mark.line != key_node.start_mark.line
        ):
            continue  # an alias, or a value over several lines: its comments are not on one line with it
        if isinstance(value, ScalarNode) and value.style in ("|", ">"):
            continue
        end = value.end_mark.index
        match = _COMMENT.match(source.text, end)
        if match is None:
            continue
        comment = match.group().strip()
        items = [value] if isinstance(value, ScalarNode) else value.value  # a list: each of its items
        written = [key(item.value) for item in items if isinstance(item, ScalarNode)]
        named = any(len(w) >= 3 for w in written) and all(w in key(comment) for w in written)
        found.append(ValueComment(name, comment, Splice(end, match.end(), "") if named else None))
    return found


def _scalar_text(found: tuple[Node, Node] | None, value: str, in_flow: bool) -> str:
    """`value` as YAML in the quote style the field already has, else plain where that reads back."""
    style = None
    if found is not None and isinstance(found[1], ScalarNode) and found[1].style in ("'", '"'):
        style = found[1].style
    return yaml_scalar(value, style=style, in_flow=in_flow)


def by_hand(source: Source, node: Node, message: str) -> PlanFileError:
    """A value we will not splice: say which line to edit by hand, and write nothing."""
    return PlanFileError(
        f"{message}; intet er skrevet", disk.display_path(source.path), node.start_mark.line + 1
    )


def _scalar_splice(
    source: Source, activity: MappingNode, key: Node, value: Node, yaml_text: str
) -> tuple[Splice, bool]:
    """Replace one scalar value with `yaml_text` (already YAML: quoted as it must be).

    Anchored values (`&navn`) are refused: other activities may use them through an alias, and the
    value of an alias (`*navn`) is written elsewhere. Block scalars (`|`, `>`) and values over
    several lines become one line; what followed them (a comment, blank lines) stays. The flag says
    whether the splice is of a kind only a reading of the whole file can prove."""
    start, end = _own_scalar(source, activity, key, value)
    assert isinstance(value, ScalarNode)  # _own_scalar refused anything else
    if value.tag == schema.NULL_TAG and start == end:  # "status:" with nothing after it
        return Splice(start, end, " " + yaml_text), False
    if value.style in ("|", ">"):
        return _block_scalar_splice(source, start, end, yaml_text), True
    return Splice(start, end, yaml_text), value.start_mark.line != value.end_mark.line


def _own_scalar(source: Source, activity: MappingNode, key: Node, value: Node) -> tuple[int, int]:
    """The span of a scalar this activity owns outright; anything else is refused with its line."""
    start, end = value.start_mark.index, value.end_mark.index
    region_start, region_end = region(source.text, activity)
    if not isinstance(value, ScalarNode) or not region_start <= start <= end <= region_end:
        raise by_hand(
            source, key, f"{key.value} er et YAML-alias (*navn) eller ikke en enkelt værdi; ret den i hånden"
        )
    if ANCHORED.match(source.text, start):
        raise by_hand(
            source, key, f"{key.value} har et YAML-anker (&navn), som andre kan bruge; ret den i hånden"
        )
    return start, end


def _clear_splice(source: Source, activity: MappingNode, key: Node, value: Node) -> Splice:
    """Remove a value and the blanks before it, up to its `:`: `status: I gang  # note` becomes
    `status:  # note` (an empty value reads as none). Only a value on the key's own line."""
    start, end = _own_scalar(source, activity, key, value)
    assert isinstance(value, ScalarNode)  # _own_scalar refused anything else
    if value.style in ("|", ">") or value.start_mark.line != value.end_mark.line:
        raise by_hand(source, key, f"{key.value} står over flere linjer; slet værdien i hånden")
    while start > 0 and source.text[start - 1] in " \t":
        start -= 1
    return Splice(start, end, "")


def _remove_key_line(source: Source, activity: MappingNode, key: Node, value: Node) -> Splice:
    """Take a `key: value` line out whole (with its comment); only when it is one line of its own."""
    text = source.text
    _, end = _own_scalar(source, activity, key, value)
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    if text[line_start : key.start_mark.index].strip() or value.start_mark.line != key.start_mark.line:
        raise by_hand(source, key, f"{key.value} står ikke på sin egen linje; fjern den i hånden")
    if value.end_mark.line != key.start_mark.line or activity.flow_style:
        raise by_hand(source, key, f"{key.value} står over flere linjer; fjern den i hånden")
    return Splice(line_start, end_of_line(text, end), "")


def _insert_after_key(source: Source, activity: MappingNode, found: tuple[Node, Node], line: str) -> Splice:
    """A new `key: value` line right after the line on which `found`'s value ends."""
    key, value = found
    if activity.flow_style:
        raise by_hand(source, activity, "aktiviteten er skrevet på én linje i { }; tilføj feltet i hånden")
    end = value.end_mark.index if value.start_mark.index >= key.start_mark.index else key.end_mark.index
    at = end if end > 0 and source.text[end - 1] == "\n" else end_of_line(source.text, end)
    lead = "" if source.text[at - 1 : at] == "\n" else source.newline
    return Splice(at, at, f"{lead}{' ' * key.start_mark.column}{line}{source.newline}")


def list_splice(
    source: Source, activity: MappingNode, key: Node, value: Node, emner: tuple[str, ...]
) -> tuple[Splice, bool]:
    """The emne list rewritten in its own style. Items that stay keep their exact text (quotes and
    all); a flow list `[a, b]` stays one, a block list stays one line per item."""
    text = source.text
    region_start, region_end = region(text, activity)
    start, end = value.start_mark.index, value.end_mark.index
    if not isinstance(value, SequenceNode) or not region_start <= start <= end <= region_end:
        raise by_hand(source, key, "emne er et YAML-alias (*navn) eller ikke en liste; ret den i hånden")
    if ANCHORED.match(text, start) or any(
        not isinstance(item, ScalarNode) or ANCHORED.match(text, item.start_mark.index)
        for item in value.value
    ):
        raise by_hand(source, key, "emne bruger YAML-ankre (&navn) eller -alias; ret den i hånden")
    written = {
        item.value: text[item.start_mark.index : item.end_mark.index]
        for item in value.value
        if item.start_mark.line == item.end_mark.line and item.style not in ("|", ">")
    }
    if value.flow_style:
        in_flow = [written.get(e) or yaml_scalar(e, in_flow=True) for e in emner]
        return Splice(
            start, end, "[" + ", ".join(in_flow) + "]"
        ), value.start_mark.line != value.end_mark.line
    first = value.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    prefix = text[line_start : first.start_mark.index]  # "      - "
    last_end = end_of_line(text, value.value[-1].end_mark.index)
    if value.value[-1].end_mark.index > 0 and text[value.value[-1].end_mark.index - 1] == "\n":
        last_end = value.value[-1].end_mark.index
    if "#" in text[line_start:last_end] or prefix.strip() != "-":
        raise by_hand(
            source, key, "emne-listen har kommentarer eller en usædvanlig opstilling; ret den i hånden"
        )
    body = "".join(f"{prefix}{written.get(e) or yaml_scalar(e)}{source.newline}" for e in emner)
    return Splice(line_start, last_end, body), True


def note_entry_lines(note: Note, first: str, indent: str) -> list[str]:
    """A note as YAML lines: `first` ("noter:" or nothing) and the entry below it, `indent` deep."""
    entry = [f"- dato: {note.day.isoformat()}"]
    if note.author:
        entry.append(f"  af: {yaml_scalar(note.author)}")
    entry.append(f"  tekst: {yaml_scalar(note.text)}")
    return ([first] if first else []) + [indent + line for line in entry]


def note_flow(note: Note) -> str:
    """A note as a flow mapping, for a `noter:` list written in `[ ]`."""
    author = f"af: {yaml_scalar(note.author, in_flow=True)}, " if note.author else ""
    return f"{{dato: {note.day.isoformat()}, {author}tekst: {yaml_scalar(note.text, in_flow=True)}}}"


def _into_flow(source: Source, node: Node, insertion: str, closing: str) -> Splice:
    """`insertion` just before the closing bracket of the flow collection `node`; a comma the
    collection ends with already is not written twice."""
    text = source.text
    end = node.end_mark.index
    if text[end - 1 : end] != closing:
        raise by_hand(
            source, node, "en liste eller aktivitet i [ ] eller { } slutter usædvanligt; ret den i hånden"
        )
    before = text[node.start_mark.index : end - 1].rstrip()
    if before.endswith(",") or before in ("[", "{"):
        insertion = insertion.removeprefix(", ")
    return Splice(end - 1, end - 1, insertion)


def _into_flow_list(source: Source, sequence: SequenceNode, items: list[str]) -> list[Splice]:
    """New items at the end of a flow list: on its last line before `]`, or, where the `]` stands on
    a line of its own (a list written one item per line), each on a line of its own, indented as the
    last item and with a comma where the others have one."""
    text, nl = source.text, source.newline
    end = sequence.end_mark.index
    last = sequence.value[-1]
    closing_line = text.rfind("\n", 0, end - 1) + 1
    if closing_line <= last.end_mark.index or text[closing_line : end - 1].strip():
        return [_into_flow(source, sequence, "".join(", " + item for item in items), "]")]
    between = text[last.end_mark.index : closing_line]
    trailing = between.lstrip(" \t").startswith(",")
    item_line = text.rfind("\n", 0, last.start_mark.index) + 1
    indent = text[item_line : last.start_mark.index]
    if indent.strip():
        indent = " " * len(indent)
    body = "".join(
        f"{indent}{item}{',' if trailing or i < len(items) - 1 else ''}{nl}" for i, item in enumerate(items)
    )
    comma = [] if trailing else [Splice(last.end_mark.index, last.end_mark.index, ",")]
    return [*comma, Splice(closing_line, closing_line, body)]


def _note_splices(
    source: Source,
    activity: MappingNode,
    found: tuple[Node, Node],
    old: tuple[Note, ...],
    new: tuple[Note, ...],
) -> tuple[list[Splice], bool]:
    """Notes added to an activity's `noter:`: each new one after the note it follows in `new` (the
    old notes keep their text and order), in their layout: a block list's entries as lines, a flow
    list's (`[{dato: ...}]`) as flow mappings, and `noter:` with nothing or `noter: []` in a block
    activity as a block list below it. Only additions are spliced. The flag says whether the splice
    needs the whole file read back to prove it."""
    key, value = found
    text, nl = source.text, source.newline
    places = note_insertions(old, new)
    empty_flow = isinstance(value, SequenceNode) and value.flow_style and not value.value
    if not old and (empty_flow or (isinstance(value, ScalarNode) and value.tag == schema.NULL_TAG)):
        start, end = _own_value(source, activity, key, value)
        if activity.flow_style:  # `{..., noter: []}`: the notes go inside the brackets
            return [_into_flow(source, value, ", ".join(note_flow(n) for n in new), "]")], True
        cleared = []
        if empty_flow:  # "noter: []  # kommentar" becomes "noter:  # kommentar" and a list below it
            if value.start_mark.line != value.end_mark.line:
                raise by_hand(source, key, "noter er en tom liste over flere linjer; tilføj noten i hånden")
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            cleared = [Splice(start, end, "")]
        at = end_of_line(text, end)
        lead = "" if text[at - 1 : at] == "\n" else nl
        lines = [
            line for note in new for line in note_entry_lines(note, "", " " * key.start_mark.column + "  ")
        ]
        return [*cleared, Splice(at, at, lead + "".join(line + nl for line in lines))], empty_flow
    if not isinstance(value, SequenceNode) or not value.value:
        raise by_hand(source, key, "noter er ikke en almindelig liste; tilføj noten i hånden")
    _own_value(source, activity, key, value)
    if value.flow_style:
        if any(after != len(old) for after in places):
            raise by_hand(source, key, "noter i [ ] kan kun få en ny note sidst; tilføj noten i hånden")
        notes = [note for group in places.values() for note in group]
        return _into_flow_list(source, value, [note_flow(n) for n in notes]), True
    first = value.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    dash = text[line_start : first.start_mark.index]  # "      - "
    if dash.strip() != "-":
        raise by_hand(source, key, "noter har en usædvanlig opstilling; tilføj noten i hånden")
    indent = dash[: dash.index("-")]
    splices = []
    for after, notes in places.items():  # after: how many old notes come before them
        at = line_start if after == 0 else end_of_last_line(text, value.value[after - 1])
        lead = "" if at == 0 or text[at - 1] == "\n" else nl
        lines = [line for note in notes for line in note_entry_lines(note, "", indent)]
        splices.append(Splice(at, at, lead + "".join(line + nl for line in lines)))
    return splices, False


def _own_value(source: Source, activity: MappingNode, key: Node, value: Node) -> tuple[int, int]:
    """The span of a value this activity owns outright: inside its lines, not an anchor or alias."""
    start, end = value.start_mark.index, end_of_last_line(source.text, value)
    region_start, region_end = region(source.text, activity)
    if not region_start <= start <= end <= region_end or start < key.start_mark.index:
        raise by_hand(source, key, f"{key.value} er et YAML-alias (*navn); ret den i hånden")
    end = (
        value.end_mark.index if isinstance(value, ScalarNode) or getattr(value, "flow_style", False) else end
    )
    if ANCHORED.match(source.text, start):
        raise by_hand(
            source, key, f"{key.value} har et YAML-anker (&navn), som andre kan bruge; ret den i hånden"
        )
    return start, end


def note_insertions(old: tuple[Note, ...], new: tuple[Note, ...]) -> dict[int, list[Note]]:
    """Where the notes of `new` that `old` lacks go: {number of old notes before them: notes}.
    `new` must keep every old note, in order; a note is never changed or removed by an edit."""
    places: dict[int, list[Note]] = {}
    i = 0
    for note in new:
        if i < len(old) and note == old[i]:
            i += 1
        else:
            places.setdefault(i, []).append(note)
    if i != len(old):
        raise PlanError("en note kan kun tilføjes, ikke ændres eller fjernes, af plan; ret den i hånden")
    return places


def _block_scalar_splice(source: Source, start: int, end: int, replacement: str) -> Splice:
    """`|-` and its indented lines become one line; a comment after the indicator and the blank
    lines the block ends with (they belong to the token, not to the value) are kept."""
    text = source.text
    header_end = text.find("\n", start, end)
    if header_end == -1:
        header_end = end
    header = text[start:header_end].rstrip("\r")
    comment = re.search(r"\s+#.*$", header)
    lines = text[header_end + 1 : end].splitlines(keepends=True) if header_end < end else []
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    trailing = "".join(lines[last + 1 :])
    ending = source.newline if header_end < end and text[end - 1] == "\n" else ""
    return Splice(start, end, replacement + (comment.group(0) if comment else "") + ending + trailing)


def region(text: str, node: Node) -> tuple[int, int]:
    """The lines an activity stands on, from its first line to the end of its last."""
    return text.rfind("\n", 0, node.start_mark.index) + 1, end_of_last_line(text, node)


def end_of_last_line(text: str, node: Node) -> int:
    """Index just past the line on which `node` ends (its trailing comment included).

    A block collection's end mark lies where the next token begins (for an activity whose last
    field is `noter:`, on the next activity's `- id:` line), so the end is that of its last item,
    followed down to a scalar or a flow collection. An alias value's marks are those of its anchor,
    which may stand anywhere in the file; for it the key's own position is the best the composed
    tree tells us."""
    end = node.end_mark.index
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        if isinstance(node, SequenceNode):
            node = node.value[-1]
            end = node.end_mark.index
            continue
        key, value = node.value[-1]
        if value.start_mark.index < key.start_mark.index:  # an alias: its marks are its anchor's
            node, end = key, key.end_mark.index
            break
        node, end = value, value.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    return end_of_line(text, end)


def end_of_line(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def apply(text: str, splices: Sequence[Splice]) -> str:
    """All splices in one pass (a bulk edit of thousands must not copy the text thousands of times).
    Splices at the same place keep their order; overlapping ones are a bug of ours."""
    pieces: list[str] = []
    position = 0
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        if splice.start < position:
            raise AssertionError("overlapping splices")
        pieces += (text[position : splice.start], splice.replacement)
        position = splice.end
    pieces.append(text[position:])
    return "".join(pieces)


HIGHEST_ID_KEY = "højeste_id"


def highest_id_splice(source: Source, highest: int, *, insert: bool = False) -> Splice | None:
    """`højeste_id: N` set to `highest`: its value replaced where the plan has the key (a plain
    integer on one line, else refused), the key added before `aktiviteter:` when `insert`."""
    text, root = source.text, source.index.head.root
    for key, value in root.value:
        if is_key(key, HIGHEST_ID_KEY):
            number = plain_number(str(value.value))
            if not reads_as_int(value, -1 if number is None else number):
                raise by_hand(source, key, "højeste_id er ikke et almindeligt heltal; ret den i hånden")
            if value.value == str(highest):
                return None
            return Splice(value.start_mark.index, value.end_mark.index, str(highest))
    if not insert:
        return None
    key = next(k for k, v in root.value if v is source.index.head.sequence)
    at = text.rfind("\n", 0, key.start_mark.index) + 1
    while at > 0:  # above the comment lines that introduce `aktiviteter:`
        previous = text.rfind("\n", 0, at - 1) + 1
        if not text[previous:at].startswith("#"):
            break
        at = previous
    nl = source.newline
    return Splice(
        at, at, f"{HIGHEST_ID_KEY}: {highest}  # det højeste id, der er brugt; et id bruges aldrig igen{nl}"
    )


def coalesced(removals: list[Splice]) -> list[Splice]:
    merged: list[Splice] = []
    for splice in sorted(removals, key=lambda s: s.start):
        if merged and splice.start <= merged[-1].end:
            merged[-1] = Splice(merged[-1].start, max(merged[-1].end, splice.end), "")
        else:
            merged.append(splice)
    return merged


def entry_removal(source: Source, node: MappingNode) -> Splice:
    text = source.text
    start, end = region(text, node)
    column = (
        text.index("-", start, node.start_mark.index + 1) - start
        if "-" in text[start : node.start_mark.index]
        else node.start_mark.column
    )
    while start > 0:  # the entry's own comments, indented at least as the entry
        previous = text.rfind("\n", 0, start - 1) + 1
        line = text[previous:start]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) < column:
            break
        start = previous
    previous = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
    if start > 0 and not text[previous:start].strip():
        start = previous  # the blank line that set it apart from the one above
    elif end < len(text) and not text[end : end_of_line(text, end)].strip():
        end = end_of_line(text, end)  # the first entry: the blank line below it instead
    return Splice(start, end, "")


def append_splices(source: Source, entries: Sequence[Activity]) -> list[Splice]:
    """The splices that append `entries` (with their ids) after the last activity, in its layout."""
    text, nl = source.text, source.newline
    sequence = source.index.head.sequence
    if not sequence.value:
        if not sequence.flow_style:
            raise PlanError("aktiviteter er tom; skriv 'aktiviteter: []' og prøv igen")
        # "aktiviteter: []  # comment" becomes "aktiviteter:  # comment" and a block below it.
        start = sequence.start_mark.index
        start -= text[start - 1 : start] == " "
        blocks = [nl.join(entry_lines(a, "  - ", "    ", flow_emne=True)) + nl for a in entries]
        at = end_of_line(text, sequence.end_mark.index)
        lead = "" if text[at - 1 : at] == "\n" else nl
        return [Splice(start, sequence.end_mark.index, ""), Splice(at, at, lead + nl.join(blocks))]
    if sequence.flow_style:
        raise PlanError("aktiviteter er skrevet på én linje i [ ]; tilføj aktiviteten i hånden")
    last = sequence.value[-1]
    if not isinstance(last, MappingNode) or last.flow_style:
        raise PlanError("den sidste aktivitet er ikke en almindelig blok; tilføj aktiviteten i hånden")
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash_prefix = text[line_start : last.start_mark.index]
    key_indent = " " * last.start_mark.column
    if dash_prefix.strip() != "-":
        dash_prefix = key_indent[:-2] + "- "
    emne_node = next((v for k, v in last.value if k.value == "emne"), None)
    flow_emne = emne_node is None or bool(emne_node.flow_style)
    at = end_of_last_line(text, last)
    lead = "" if text[at - 1 : at] == "\n" else nl
    separated = len(sequence.value) > 1 and blank_line_between(
        text, end_of_last_line(text, sequence.value[-2]), line_start
    )
    body = "".join(
        (nl if separated else "") + nl.join(entry_lines(a, dash_prefix, key_indent, flow_emne=flow_emne)) + nl
        for a in entries
    )
    return [Splice(at, at, lead + body)]


def blank_line_between(text: str, start: int, end: int) -> bool:
    """Do the entries stand apart? Then the new one does too."""
    return any(not line.strip() for line in text[start:end].splitlines())


def entry_lines(activity: Activity, dash_prefix: str, key_indent: str, *, flow_emne: bool) -> list[str]:
    """A new activity as the lines of its entry (`år:` only when it has its own year; `status:` with
    nothing after it when it has none). Notes are added by the edits that add them."""
    a = activity
    if flow_emne:
        emne = [f"emne: [{', '.join(yaml_scalar(e, in_flow=True) for e in a.emne)}]"]
    else:
        emne = ["emne:", *(f"  - {yaml_scalar(e)}" for e in a.emne)]
    fields = [
        f"tidspunkt: {yaml_scalar(a.tidspunkt)}",
        *([f"år: {a.year}"] if a.year is not None else []),
        *emne,
        f"aktivitet: {yaml_scalar(a.aktivitet)}",
        f"ansvarlig: {yaml_scalar(a.ansvarlig)}",
        f"status: {yaml_scalar(a.status)}" if a.status is not None else "status:",
    ]
    return [f"{dash_prefix}id: {a.id}", *(key_indent + f for f in fields)]
