"""Changing plan.yaml without taking it from its owners.

An edit is a splice of the file's text at a place found with `yaml.compose()` marks: only
the bytes we own change; comments, blank lines, key order, quoting, CRLF and a BOM stay.
The result is re-read and compared with what we meant before anything is written, and the
write is atomic, under a lock, and refused if someone else changed the file meanwhile.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import planfile, store
from .errors import PlanError, PlanFileError
from .model import Activity, Plan
from .query import resolve_status
from .timing import parse_timing


@dataclass(frozen=True, slots=True)
class Source:
    """A plan file as read: raw bytes (to detect changes), its text and what the loader made of it."""

    path: Path
    raw: bytes
    text: str
    bom: bool
    index: store.PlanIndex

    @property
    def plan(self) -> Plan:
        """The plan's own fields; its activities are built only where an edit needs them."""
        return self.index.plan

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Edit:
    """The new text, and the one line per change that tells the user what happened."""

    text: str
    summary: list[str]
    added_id: int | None = None


def read_source(path: Path) -> Source:
    raw = planfile.read_bytes(path)
    text = planfile.decode(raw, path)
    return Source(path, raw, text, raw.startswith(planfile.BOM.encode()), store.index_plan(text, path))


# --- scalars -------------------------------------------------------------------------------------


def yaml_scalar(value: str, *, style: str | None = None, in_flow: bool = False) -> str:
    """`value` as YAML text: in the given quote style, else plain when that reads back the same."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_is_safe(value, in_flow):
        return json.dumps(value, ensure_ascii=False)
    return value


def _plain_is_safe(value: str, in_flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    document = f"k: [{value}]" if in_flow else f"k: {value}"
    try:
        node = yaml.compose(document, Loader=store.Loader)
    except yaml.YAMLError:
        return False
    assert isinstance(node, MappingNode)
    item = node.value[0][1]
    if in_flow:
        if not isinstance(item, SequenceNode) or len(item.value) != 1:
            return False
        item = item.value[0]
    return isinstance(item, ScalarNode) and item.tag == "tag:yaml.org,2002:str" and item.value == value


# --- set-status ----------------------------------------------------------------------------------


def set_status(source: Source, activity_ids: Sequence[int], status_text: str) -> Edit:
    """Give each activity the status; all or nothing. Only each status scalar changes."""
    status = resolve_status(status_text, source.plan.statuses)
    unknown = [i for i in activity_ids if i not in source.index.nodes]
    if unknown:
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan list'")
    splices: list[Splice] = []
    summary: list[str] = []
    expected: dict[int, Activity] = {}
    whole_file = _needs_whole_file_check(source)
    for activity_id in dict.fromkeys(activity_ids):
        node = source.index.node(activity_id, source.path)
        activity = store.build_activity(node, source.plan, source.path)
        splice, unusual = _status_splice(source, node, status)
        expected[activity_id] = dataclasses.replace(activity, status=status)
        whole_file = whole_file or unusual
        if not whole_file:
            _verify_region(source, _region(source.text, node), splice, expected[activity_id])
        splices.append(splice)
        summary.append(f"{activity_id}: {activity.status or '(ingen)'} → {status}")
    text = apply(source.text, splices)
    if whole_file:
        verify(source, text, changed=expected)
    return Edit(text, summary)


# Below this size every edit is proved by re-reading the whole new text; above it, the quick
# proof (the splice replaces one single-line scalar, and the activity's own lines read back as
# intended) is used unless the file or the edited value is of a kind the quick proof cannot cover.
WHOLE_FILE_CHECK_BELOW = 64 * 1024

# An anchor (&name) or alias (*name) may stand in the file: a change in one place can then show up
# in another, which only a reading of the whole file can see. False alarms only cost time.
_MAY_HAVE_ANCHORS = re.compile(r"(?:^|[\s\[\]{},:])[&*][^\s\[\]{},]")


def _needs_whole_file_check(source: Source) -> bool:
    text = source.text
    return len(text) < WHOLE_FILE_CHECK_BELOW or _MAY_HAVE_ANCHORS.search(text) is not None


def _status_splice(source: Source, node: MappingNode, status: str) -> tuple[Splice, bool]:
    """The splice that gives `node` the status, and whether it is of a kind that needs the whole file
    re-read to prove it (a block scalar, a value over several lines)."""
    for key, value in node.value:
        if key.value == "status":
            return _scalar_splice(source, node, key, value, status)
    if node.flow_style:
        raise _by_hand(source, node, "aktiviteten er skrevet på én linje i { }; tilføj status i hånden")
    indent = " " * node.start_mark.column
    at = _end_of_last_line(source.text, node)
    text = source.text
    lead = "" if at == 0 or text[at - 1] == "\n" else source.newline
    return Splice(at, at, f"{lead}{indent}status: {yaml_scalar(status)}{source.newline}"), False


def _by_hand(source: Source, node: Node, message: str) -> PlanFileError:
    """A value we will not splice: say which line to edit by hand, and write nothing."""
    return PlanFileError(
        f"{message}; intet er skrevet", planfile.display_path(source.path), node.start_mark.line + 1
    )


_ANCHORED = re.compile(r"(?:![^\s]*\s+)?&")


def _scalar_splice(
    source: Source, activity: MappingNode, key: Node, value: Node, new_value: str
) -> tuple[Splice, bool]:
    """Replace one scalar value with `new_value`, in the value's quote style where it has one.

    Anchored values (`&navn`) are refused: other activities may use them through an alias, and the
    value of an alias (`*navn`) is written elsewhere. Block scalars (`|`, `>`) and values over
    several lines become one line; what followed them (a comment, blank lines) stays."""
    text = source.text
    name = key.value
    start, end = value.start_mark.index, value.end_mark.index
    region_start, region_end = _region(text, activity)
    if not isinstance(value, ScalarNode) or not region_start <= start <= end <= region_end:
        raise _by_hand(
            source, key, f"{name} er et YAML-alias (*navn) eller ikke en enkelt værdi; ret den i hånden"
        )
    if _ANCHORED.match(text, start):
        raise _by_hand(
            source, key, f"{name} har et YAML-anker (&navn), som andre kan bruge; ret den i hånden"
        )
    in_flow = bool(activity.flow_style)
    if value.tag == store.NULL_TAG and start == end:  # "status:" with nothing after it
        return Splice(start, end, " " + yaml_scalar(new_value, in_flow=in_flow)), False
    if value.style in ("|", ">"):
        return _block_scalar_splice(source, start, end, yaml_scalar(new_value, in_flow=in_flow)), True
    style = value.style if value.style in ("'", '"') else None
    replacement = yaml_scalar(new_value, style=style, in_flow=in_flow)
    several_lines = value.start_mark.line != value.end_mark.line
    return Splice(start, end, replacement), several_lines


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


def clear_status(source: Source, activity_ids: Sequence[int]) -> Edit:
    """Take the status off each activity; all or nothing. `status: I gang  # note` becomes
    `status:  # note`: the key and its comment stay, the value goes (an empty value reads as none).
    An activity without a status value is left as it is."""
    unknown = [i for i in activity_ids if i not in source.index.nodes]
    if unknown:
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan list'")
    splices: list[Splice] = []
    summary: list[str] = []
    for activity_id in dict.fromkeys(activity_ids):
        node = source.index.node(activity_id, source.path)
        activity = store.build_activity(node, source.plan, source.path)
        summary.append(f"{activity_id}: {activity.status or '(ingen)'} → (ingen)")
        value = next((v for k, v in node.value if k.value == "status"), None)
        if activity.status is None or value is None:
            continue
        splice = _clear_splice(source.text, value)
        _verify_region(source, _region(source.text, node), splice, dataclasses.replace(activity, status=None))
        splices.append(splice)
    return Edit(apply(source.text, splices), summary)


def _clear_splice(text: str, value: Node) -> Splice:
    """Remove a status value and the blanks before it, up to its `:`. Only a plain or quoted scalar on
    the key's line is removed: an anchor (which another activity may use) or a block scalar is refused."""
    start, end = value.start_mark.index, value.end_mark.index
    if (
        not isinstance(value, ScalarNode)
        or value.style not in (None, "", "'", '"')
        or text[start] in "&*!"
        or "\n" in text[start:end]
    ):
        raise PlanError(
            f"status på linje {value.start_mark.line + 1} er skrevet på en måde, som plan ikke retter "
            "sikkert; slet værdien i hånden"
        )
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return Splice(start, end, "")


def _region(text: str, node: Node) -> tuple[int, int]:
    """The lines an activity stands on, from its first line to the end of its last."""
    return text.rfind("\n", 0, node.start_mark.index) + 1, _end_of_last_line(text, node)


def _verify_region(source: Source, region: tuple[int, int], splice: Splice, expected: Activity) -> None:
    """Read the changed activity back on its own; refuse unless it is exactly what we meant.

    Used when the splice replaces one scalar on one line with one scalar on one line, inside the
    activity's own lines, in a file without anchors: the scanner's state at the activity's first
    and last line is then the same before and after, so the rest of the file reads as before and
    re-reading those lines is all the re-reading a large plan needs."""
    start, end = region
    if not start <= splice.start <= splice.end <= end:
        raise PlanError("ændringen ville gå ud over aktivitetens egne linjer; intet er skrevet")
    local = Splice(splice.start - start, splice.end - start, splice.replacement)
    snippet = apply(source.text[start:end], [local])
    _expect(source, snippet, expected)


def _expect(source: Source, snippet: str, expected: Activity) -> None:
    try:
        root = store.compose(snippet)
    except yaml.YAMLError:
        root = None
    if isinstance(root, SequenceNode) and len(root.value) == 1:
        root = root.value[0]
    if not isinstance(root, MappingNode):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    _expect_node(source, root, expected)


def _expect_node(source: Source, node: Node, expected: Activity) -> None:
    try:
        got = store.build_activity(node, source.plan, None)
    except PlanError:
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet") from None
    if dataclasses.replace(got, line=0) != dataclasses.replace(expected, line=0):
        raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def _end_of_last_line(text: str, node: Node) -> int:
    """Index just past the line on which `node` ends (its trailing comment included).

    An alias value's marks are those of its anchor, which may stand anywhere in the file; for it
    the key's own position is the best the composed tree tells us."""
    end = node.end_mark.index
    if isinstance(node, MappingNode) and node.value:
        key, value = node.value[-1]
        end = value.end_mark.index if value.start_mark.index >= key.start_mark.index else key.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    return _end_of_line(text, end)


def _end_of_line(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def apply(text: str, splices: Sequence[Splice]) -> str:
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.replacement + text[splice.end :]
    return text


# --- add -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewActivity:
    tidspunkt: str
    emne: tuple[str, ...]
    aktivitet: str
    ansvarlig: str
    status: str | None = None
    new_emne: bool = False  # an emne the plan does not have yet is meant, not a typo


class UnknownEmne(PlanError):
    """An emne the plan does not have; `suggestion` is the existing one it is closest to, if any."""

    def __init__(self, emne: str, suggestion: str | None) -> None:
        self.emne, self.suggestion = emne, suggestion
        hint = f" – mente du {suggestion!r}?" if suggestion else ""
        super().__init__(f"emnet {emne!r} findes ikke i planen{hint}")


def existing_emner(source: Source) -> list[str]:
    """Every emne the plan's activities use, in first-use order, read from the nodes."""
    found: dict[str, None] = {}
    for nodes in source.index.nodes.values():
        for node in nodes:
            for key, value in node.value:
                if key.value == "emne" and isinstance(value, SequenceNode):
                    found.update((item.value, None) for item in value.value if isinstance(item, ScalarNode))
    return list(found)


def _check_emner(source: Source, new: NewActivity) -> None:
    """A topic one letter off an existing one ("Bæredygtighedspuljen") would quietly split the plan's
    topics in two; a new topic must be asked for. A plan without topics yet takes any."""
    known = existing_emner(source)
    if new.new_emne or not known:
        return
    import difflib

    folded = {emne.casefold(): emne for emne in known}
    for emne in new.emne:
        if emne in known:
            continue
        close = difflib.get_close_matches(emne.casefold(), list(folded), n=1, cutoff=0.75)
        raise UnknownEmne(emne, folded[close[0]] if close else None)


def add_activity(source: Source, new: NewActivity) -> Edit:
    """Append at the end of `aktiviteter` in the layout of the entries already there."""
    plan = source.plan
    for name in ("tidspunkt", "aktivitet", "ansvarlig"):
        if not getattr(new, name).strip():
            raise PlanError(f"--{name} må ikke være tom")
    if not new.emne or not all(e.strip() for e in new.emne):
        raise PlanError("angiv mindst ét --emne, og intet tomt")
    period = parse_timing(new.tidspunkt, plan.year)
    status = resolve_status(new.status, plan.statuses) if new.status else plan.statuses[0]
    _check_emner(source, new)
    new_id = source.index.max_id + 1
    splices = _append_splices(source, new, new_id, status)
    added = Activity(new_id, new.tidspunkt, new.emne, new.aktivitet, new.ansvarlig, status, period)
    text = apply(source.text, splices)
    if len(splices) == 1 and not _needs_whole_file_check(source):
        _expect(source, splices[0].replacement, added)
    else:  # an empty flow list became a block, or the file is small or has anchors: read it all
        verify(source, text, added=[added])
    return Edit(text, [f"Aktivitet {new_id} tilføjet: {new.aktivitet}"], added_id=new_id)


def _append_splices(source: Source, new: NewActivity, new_id: int, status: str) -> list[Splice]:
    text, nl = source.text, source.newline
    sequence = source.index.head.sequence
    if not sequence.value:
        if not sequence.flow_style:
            raise PlanError("aktiviteter er tom; skriv 'aktiviteter: []' og prøv igen")
        # "aktiviteter: []  # comment" becomes "aktiviteter:  # comment" and a block below it.
        start = sequence.start_mark.index
        start -= text[start - 1 : start] == " "
        body = _entry_lines(new, new_id, status, "  - ", "    ", flow_emne=True)
        at = _end_of_line(text, sequence.end_mark.index)
        lead = "" if text[at - 1 : at] == "\n" else nl
        return [Splice(start, sequence.end_mark.index, ""), Splice(at, at, lead + nl.join(body) + nl)]
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
    body = _entry_lines(new, new_id, status, dash_prefix, key_indent, flow_emne=flow_emne)
    at = _end_of_last_line(text, last)
    lead = "" if text[at - 1 : at] == "\n" else nl
    separated = len(sequence.value) > 1 and _blank_line_between(
        text, _end_of_last_line(text, sequence.value[-2]), line_start
    )
    return [Splice(at, at, lead + (nl if separated else "") + nl.join(body) + nl)]


def _blank_line_between(text: str, start: int, end: int) -> bool:
    """Do the entries stand apart? Then the new one does too."""
    return any(not line.strip() for line in text[start:end].splitlines())


def _entry_lines(
    new: NewActivity, new_id: int, status: str, dash_prefix: str, key_indent: str, *, flow_emne: bool
) -> list[str]:
    if flow_emne:
        emne = [f"emne: [{', '.join(yaml_scalar(e, in_flow=True) for e in new.emne)}]"]
    else:
        emne = ["emne:", *(f"  - {yaml_scalar(e)}" for e in new.emne)]
    fields = [
        f"tidspunkt: {yaml_scalar(new.tidspunkt)}",
        *emne,
        f"aktivitet: {yaml_scalar(new.aktivitet)}",
        f"ansvarlig: {yaml_scalar(new.ansvarlig)}",
        f"status: {yaml_scalar(status)}",
    ]
    return [f"{dash_prefix}id: {new_id}", *(key_indent + f for f in fields)]


# --- verify and write ----------------------------------------------------------------------------


def verify(
    source: Source, new_text: str, *, changed: dict[int, Activity] | None = None,
    added: Sequence[Activity] = (),
) -> None:  # fmt: skip
    """Re-read the whole new text; refuse unless it is the old document plus exactly the change.

    The new node tree must equal the old one node for node (aliases pointing where they pointed),
    except that each activity in `changed` reads as its expected value and the `added` ones follow
    the old activities. Problems elsewhere in the old file are left as they were, not judged."""
    changed = changed or {}
    try:
        new_root = store.compose(new_text)
    except (yaml.YAMLError, RecursionError):
        new_root = None
    old_root = source.index.head.root
    if not isinstance(new_root, MappingNode) or len(new_root.value) != len(old_root.value):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    same = _SameTree()
    for (old_key, old_value), (new_key, new_value) in zip(old_root.value, new_root.value, strict=True):
        if not same(old_key, new_key):
            raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
        if old_value is source.index.head.sequence:
            _verify_activities(source, old_value, new_value, same, changed, added)
        elif not same(old_value, new_value):
            raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def _verify_activities(
    source: Source, old: SequenceNode, new: Node, same: _SameTree,
    changed: dict[int, Activity], added: Sequence[Activity],
) -> None:  # fmt: skip
    if not isinstance(new, SequenceNode) or len(new.value) != len(old.value) + len(added):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    for old_node, new_node in zip(old.value, new.value[: len(old.value)], strict=True):
        activity_id = store.id_of(old_node)
        if activity_id in changed:
            _expect_node(source, new_node, changed[activity_id])
        elif not same(old_node, new_node):
            raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    for expected, new_node in zip(added, new.value[len(old.value) :], strict=True):
        _expect_node(source, new_node, expected)


class _SameTree:
    """Node-for-node equality of two composed YAML trees, iteratively (a deeply nested value must
    not exhaust Python's stack). An alias is the very same node object as its anchor; the mapping
    of old to new objects must be one-to-one, so an alias that now points elsewhere is a change."""

    def __init__(self) -> None:
        self.forward: dict[int, int] = {}
        self.backward: dict[int, int] = {}

    def __call__(self, old: Node, new: Node) -> bool:
        stack = [(old, new)]
        while stack:
            a, b = stack.pop()
            seen_a, seen_b = self.forward.get(id(a)), self.backward.get(id(b))
            if seen_a is not None or seen_b is not None:
                if seen_a != id(b) or seen_b != id(a):
                    return False
                continue
            self.forward[id(a)], self.backward[id(b)] = id(b), id(a)
            if type(a) is not type(b) or a.tag != b.tag:
                return False
            if isinstance(a, ScalarNode):
                if a.value != b.value:
                    return False
            elif len(a.value) != len(b.value):
                return False
            elif isinstance(a, MappingNode):
                for (key_a, value_a), (key_b, value_b) in zip(a.value, b.value, strict=True):
                    stack += ((key_a, key_b), (value_a, value_b))
            else:
                stack += zip(a.value, b.value, strict=True)
        return True


def diff(source: Source, new_text: str) -> str:
    name = planfile.display_path(source.path)
    lines = difflib.unified_diff(
        source.text.splitlines(keepends=True), new_text.splitlines(keepends=True), name, name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(
    source: Source, new_text: str, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Write the edited text in the file's own encoding (a BOM stays), refused if the file changed."""
    data = ((planfile.BOM if source.bom else "") + new_text).encode("utf-8")
    planfile.write_atomically(source.path, source.raw, data, before_replace=before_replace)


def change_plan(
    path: Path, change: Callable[[Source], Edit], *, dry_run: bool = False
) -> tuple[Edit, Source]:
    """Lock, read, change, verify, write: the one way every edit reaches the disk."""
    with planfile.locked(path) as held:
        if held and not dry_run:
            planfile.reap_stale_temp_files(path)
        source = read_source(path)
        edit = change(source)
        if not dry_run and edit.text != source.text:
            write_atomically(source, edit.text)
    return edit, source
