"""Changing plan.yaml without taking it from its owners.

An edit is a splice of the file's text at a place found with `yaml.compose()` marks: only
the bytes we own change; comments, blank lines, key order, quoting, CRLF and a BOM stay.
The result is re-read and compared with what we meant before anything is written, and the
write is atomic, under a lock, and refused if someone else changed the file meanwhile.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import store
from .errors import ConflictError, PlanError, PlanFileError
from .model import Activity, Plan
from .query import resolve_status
from .timing import parse_timing

BOM = "\ufeff"


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
    raw = store.read_bytes(path)
    text = store.decode(raw, path)
    return Source(path, raw, text, raw.startswith(BOM.encode()), store.index_plan(text, path))


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
    for activity_id in dict.fromkeys(activity_ids):
        node = source.index.node(activity_id, source.path)
        activity = store.build_activity(node, source.plan, source.path)
        splice = _status_splice(source, node, status)
        expected = dataclasses.replace(activity, status=status)
        _verify_region(source, _region(source.text, node), splice, expected)
        splices.append(splice)
        summary.append(f"{activity_id}: {activity.status or '(ingen)'} → {status}")
    return Edit(apply(source.text, splices), summary)


def _status_splice(source: Source, node: MappingNode, status: str) -> Splice:
    for key, value in node.value:
        if key.value == "status":
            assert isinstance(value, ScalarNode)
            if value.tag == store.NULL_TAG and value.start_mark.index == value.end_mark.index:
                return Splice(value.start_mark.index, value.end_mark.index, " " + yaml_scalar(status))
            style = value.style if value.style in ("'", '"') else None
            return Splice(value.start_mark.index, value.end_mark.index, yaml_scalar(status, style=style))
    if node.flow_style:
        raise PlanError("aktiviteten er skrevet på én linje i { }; tilføj status i hånden")
    indent = " " * node.start_mark.column
    at = _end_of_last_line(source.text, node)
    text = source.text
    lead = "" if at == 0 or text[at - 1] == "\n" else source.newline
    return Splice(at, at, f"{lead}{indent}status: {yaml_scalar(status)}{source.newline}")


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

    The splice stays inside the activity's own lines, so the rest of the file is untouched by
    construction, and re-reading those lines is all the re-reading a large plan needs."""
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
    try:
        got = store.build_activity(root, source.plan, None)
    except PlanError:
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet") from None
    if dataclasses.replace(got, line=0) != dataclasses.replace(expected, line=0):
        raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def _end_of_last_line(text: str, node: Node) -> int:
    """Index just past the line on which `node` ends (its trailing comment included)."""
    end = node.end_mark.index
    if isinstance(node, MappingNode) and node.value:
        end = node.value[-1][1].end_mark.index
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
    new_id = source.index.max_id + 1
    splices = _append_splices(source, new, new_id, status)
    added = Activity(new_id, new.tidspunkt, new.emne, new.aktivitet, new.ansvarlig, status, period)
    text = apply(source.text, splices)
    if len(splices) == 1:
        _expect(source, splices[0].replacement, added)
    else:  # an empty flow list became a block: small by definition, so read it all back
        verify(source, text, {new_id: added})
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


def verify(source: Source, new_text: str, expected: dict[int, Activity]) -> None:
    """Re-read the whole new text; refuse unless the plan is exactly what we meant (lines aside)."""
    parsed = store.parse_plan(new_text, source.path)
    plan = parsed.plan
    if parsed.problems or plan is None:
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    got = {a.id: dataclasses.replace(a, line=0) for a in plan.activities}
    want = {i: dataclasses.replace(a, line=0) for i, a in expected.items()}
    same_rest = dataclasses.replace(plan, activities=()) == source.plan
    if got != want or not same_rest or list(got) != list(want):
        raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def diff(source: Source, new_text: str) -> str:
    name = store.display_path(source.path)
    lines = difflib.unified_diff(
        source.text.splitlines(keepends=True), new_text.splitlines(keepends=True), name, name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An advisory lock in `.plan.yaml.lock` next to the plan, held from read to write."""
    try:
        import fcntl
    except ImportError:  # not on Windows; the changed-on-disk check still guards
        yield
        return
    target = path.resolve()
    lock_path = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield  # a read-only folder: the write below will say so in Danish
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_atomically(
    source: Source, new_text: str, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Temp file in the same folder, fsync, `os.replace`; keeps permissions; follows a symlink.

    Refuses if the file on disk is no longer the one we read (another editor, a `git pull`).
    """
    target = source.path.resolve()
    data = ((BOM if source.bom else "") + new_text).encode("utf-8")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except PermissionError:
        raise PlanFileError("ingen adgang til at skrive i mappen", source.path) from None
    except OSError as error:
        raise PlanFileError(f"kan ikke skrives ({error.strerror})", source.path) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if target.read_bytes() != source.raw:
            raise ConflictError(
                f"{store.display_path(source.path)} er ændret af en anden, mens plan arbejdede; "
                "intet er skrevet – prøv igen"
            )
        if before_replace is not None:
            before_replace()
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def change_plan(
    path: Path, change: Callable[[Source], Edit], *, dry_run: bool = False
) -> tuple[Edit, Source]:
    """Lock, read, change, verify, write: the one way every edit reaches the disk."""
    with locked(path):
        source = read_source(path)
        edit = change(source)
        if not dry_run and edit.text != source.text:
            write_atomically(source, edit.text)
    return edit, source
