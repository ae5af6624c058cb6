"""The proof of an edit: the new text must read as the old plan plus exactly the intended change, or
nothing is written. Small files, files that may hold anchors and unusual values are read back whole
(node for node, aliases pointing where they pointed); a large plain file has each changed activity's
own lines read back, which the splices' kinds make enough."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import schema
from baeredygtig_cli.planfile.editsource import Source
from baeredygtig_cli.planfile.splicing import HIGHEST_ID_KEY, Splice, apply
from baeredygtig_cli.planfile.splicing import region as lines_of
from baeredygtig_cli.planfile.yamltext import Shape, is_key, may_have_anchors, reads_as_int, shape

# Below this size every edit is proved by re-reading the whole new text; above it, the quick
# proof (the splice replaces one single-line scalar, and the activity's own lines read back as
# intended) is used unless the file or the edited value is of a kind the quick proof cannot cover.
WHOLE_FILE_CHECK_BELOW = 64 * 1024


def needs_whole_file_check(source: Source) -> bool:
    text = source.text
    return len(text) < WHOLE_FILE_CHECK_BELOW or may_have_anchors(text)


def verify_region(
    source: Source, region: tuple[int, int], splices: Splice | Sequence[Splice], expected: Activity
) -> None:
    """Read the changed activity back on its own; refuse unless it is exactly what we meant.

    Used when each splice replaces one scalar on one line with one scalar on one line (or adds whole
    lines at the end), inside the activity's own lines, in a file without anchors: the scanner's
    state at the activity's first and last line is then the same before and after, so the rest of
    the file reads as before and re-reading those lines is all the re-reading a large plan needs."""
    expect_snippet(source, _changed_lines(source, region, splices), expected)


def _changed_lines(source: Source, region: tuple[int, int], splices: Splice | Sequence[Splice]) -> str:
    """The activity's own lines with its splices applied; refused if a splice reaches outside them."""
    start, end = region
    own = [splices] if isinstance(splices, Splice) else list(splices)
    if not all(start <= splice.start <= splice.end <= end for splice in own):
        raise PlanError("ændringen ville gå ud over aktivitetens egne linjer; intet er skrevet")
    return apply(source.text[start:end], [Splice(s.start - start, s.end - start, s.replacement) for s in own])


def verify_regions(source: Source, checks: Sequence[tuple[tuple[int, int], list[Splice], Activity]]) -> None:
    """`verify_region` for many activities: all in one compose when it can (`_read_back_together`),
    else each on its own."""
    if len(checks) > 1 and _read_back_together(source, checks):
        return
    for region, own, new in checks:
        verify_region(source, region, own, new)


def _read_back_together(
    source: Source, checks: Sequence[tuple[tuple[int, int], list[Splice], Activity]]
) -> bool:
    """Read many changed activities back in one compose; refuse unless each is exactly what we meant.
    Their changed lines one after the other are a block sequence of exactly their items, each read
    from the same state as on its own (a bulk edit of 1,000 activities composed 1,000 snippets, a
    fifth of its time). False when they are not (an item whose dash stands on a line of its own, so
    that its lines are not an item): then each must be read on its own."""
    snippets = [_changed_lines(source, region, own) for region, own, _ in checks]
    try:
        root = schema.compose("".join(s if s.endswith("\n") else s + "\n" for s in snippets))
    except yaml.YAMLError:
        return False
    if not isinstance(root, SequenceNode) or len(root.value) != len(checks):
        return False
    for item, (_, _, new) in zip(root.value, checks, strict=True):
        if not isinstance(item, MappingNode):
            raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
        expect_node(source, item, new)
    return True


def expect_snippet(source: Source, snippet: str, expected: Activity) -> None:
    try:
        root = schema.compose(snippet)
    except yaml.YAMLError:
        root = None
    if isinstance(root, SequenceNode) and len(root.value) == 1:
        root = root.value[0]
    if not isinstance(root, MappingNode):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    expect_node(source, root, expected)


def expect_node(source: Source, node: Node, expected: Activity, plan: Plan | None = None) -> None:
    """The activity `node` reads as must be `expected`, read against `plan` (the source's own, or
    the new head's where a merge changed its statuses)."""
    unreadable = schema.UNREADABLE if expected.period == schema.UNREADABLE else None
    try:
        got = schema.build_activity(node, plan or source.plan, None, unreadable=unreadable)
    except PlanError:
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet") from None
    if dataclasses.replace(got, line=0) != dataclasses.replace(expected, line=0):
        raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def verify(
    source: Source, new_text: str, *, changed: dict[int, Activity] | None = None,
    added: Sequence[Activity] = (), removed: frozenset[int] = frozenset(), highest_id: int | None = None,
    head: dict[str, Shape] | None = None, plan: Plan | None = None,
) -> None:  # fmt: skip
    """Re-read the whole new text; refuse unless it is the old document plus exactly the change.

    The new node tree must equal the old one node for node (aliases pointing where they pointed),
    except that each activity in `changed` reads as its expected value, the `removed` ones are gone,
    the `added` ones follow the old activities, and `højeste_id` (added if it was missing) reads as
    `highest_id` when that is given. `head`, when given, is what every head key other than
    `aktiviteter` must read as instead (a merge changes the head). Problems elsewhere in the old
    file are left, not judged."""
    invalid = PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    more = PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    try:
        new_root = schema.compose(new_text)
    except (yaml.YAMLError, RecursionError):
        new_root = None
    old_root = source.index.head.root
    if not isinstance(new_root, MappingNode):
        raise invalid
    if head is not None:
        _verify_head(source, new_root, head, changed or {}, added, removed, plan)
        return
    new_pairs = list(new_root.value)
    had_highest = any(is_key(key, HIGHEST_ID_KEY) for key, _ in old_root.value)
    if highest_id is not None and not had_highest:
        inserted = [i for i, (key, _) in enumerate(new_pairs) if is_key(key, HIGHEST_ID_KEY)]
        if len(inserted) != 1 or not reads_as_int(new_pairs.pop(inserted[0])[1], highest_id):
            raise invalid
    if len(new_pairs) != len(old_root.value):
        raise invalid
    same = _SameTree()
    for (old_key, old_value), (new_key, new_value) in zip(old_root.value, new_pairs, strict=True):
        if not same(old_key, new_key):
            raise more
        if old_value is source.index.head.sequence:
            _verify_activities(source, old_value, new_value, same, changed or {}, added, removed)
        elif highest_id is not None and is_key(old_key, HIGHEST_ID_KEY):
            if not reads_as_int(new_value, highest_id):
                raise more
        elif not same(old_value, new_value):
            raise more


def _verify_head(
    source: Source, new_root: MappingNode, head: dict[str, Shape], changed: dict[int, Activity],
    added: Sequence[Activity], removed: frozenset[int], plan: Plan | None = None,
) -> None:  # fmt: skip
    """The whole new document: each head key reads as `head` says (and no other is there), the
    activities as `verify` checks them (read against `plan`, the new head's, where given)."""
    more = PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    found: dict[str, Shape | None] = {}
    sequence: Node | None = None
    for key, value in new_root.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name == "aktiviteter":
            sequence = value
        elif name is None or name in found:
            raise more
        else:
            found[name] = shape(value)
    if found != head or sequence is None:
        raise more
    _verify_activities(
        source, source.index.head.sequence, sequence, _SameTree(), changed, added, removed, plan
    )


def _verify_activities(
    source: Source, old: SequenceNode, new: Node, same: _SameTree, changed: dict[int, Activity],
    added: Sequence[Activity], removed: frozenset[int], plan: Plan | None = None,
) -> None:  # fmt: skip
    kept = [node for node in old.value if schema.id_of(node) not in removed]
    if not isinstance(new, SequenceNode) or len(new.value) != len(kept) + len(added):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    for old_node, new_node in zip(kept, new.value[: len(kept)], strict=True):
        activity_id = schema.id_of(old_node)
        if activity_id in changed:
            expect_node(source, new_node, changed[activity_id], plan)
        elif not same(old_node, new_node):
            raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    for expected, new_node in zip(added, new.value[len(kept) :], strict=True):
        expect_node(source, new_node, expected, plan)


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


def removal_proved_quickly(
    source: Source, removals: Sequence[Splice], removed: frozenset[int], head: Splice | None, highest: int
) -> bool:
    """`plan fjern` in a large plan without anchors, proved without reading the whole new text: each
    removal lies between two untouched activities (or an end of the list), so the lines from the
    activity before it to the one after it are read back before and after, and must give the same
    activities less the removed ones; the text outside those windows is the same in both, and the
    scanner enters and leaves each window in the same state (at a line that starts an entry of the
    same block sequence), so it reads the same. A changed `højeste_id` is one integer for another on
    its line, or a key line added at the top level, proved by reading the plan's head back. False
    when the quick proof does not apply or does not hold: then the whole text is read (`verify`)."""
    if needs_whole_file_check(source):
        return False
    text = source.text
    sequence = source.index.head.sequence
    items = sequence.value
    if sequence.flow_style or not all(isinstance(n, MappingNode) and not n.flow_style for n in items):
        return False
    gone = [i for i, node in enumerate(items) if schema.id_of(node) in removed]
    windows: list[list[int]] = []  # [first item, last item] of each window, in the list's order
    for position in gone:
        first, last = max(position - 1, 0), min(position + 1, len(items) - 1)
        if windows and first <= windows[-1][1]:
            windows[-1][1] = last
        else:
            windows.append([first, last])
    gone_set = set(gone)
    used = 0
    for first, last in windows:
        start, end = lines_of(text, items[first])[0], lines_of(text, items[last])[1]
        own = sorted((s for s in removals if s.start < end and s.end > start), key=lambda s: s.start)
        if not own:
            return False
        used += len(own)
        start, end = min(start, own[0].start), max(end, own[-1].end)  # a first entry's comments, say
        before = text[start:end]
        after = apply(before, [Splice(s.start - start, s.end - start, "") for s in own])
        kept = [items[i] for i in range(first, last + 1) if i not in gone_set]
        if not _reads_as(before, items[first : last + 1]) or not _reads_as(after, kept):
            return False
    if used != len(removals):  # a removal outside every window, or in two: not this proof's to judge
        return False
    return head is None or _head_proved(source, head, highest)


def _reads_as(snippet: str, nodes: Sequence[Node]) -> bool:
    """`snippet`, read on its own, is a block sequence of exactly these nodes' shapes."""
    try:
        root = schema.compose(snippet if snippet.endswith("\n") else snippet + "\n")
    except yaml.YAMLError:
        return False
    return (
        isinstance(root, SequenceNode)
        and len(root.value) == len(nodes)
        and all(shape(a) == shape(b) for a, b in zip(root.value, nodes, strict=True))
    )


def _head_proved(source: Source, splice: Splice, highest: int) -> bool:
    """The plan's head up to `aktiviteter:`, with the `højeste_id` splice applied, reads as the old
    head with `højeste_id` set to `highest` and nothing else changed."""
    text = source.text
    key = next(k for k, v in source.index.head.root.value if v is source.index.head.sequence)
    cut = text.rfind("\n", 0, key.start_mark.index) + 1
    if not splice.end <= cut:
        return False
    old_head, new_head = text[:cut], apply(text[:cut], [splice])
    try:
        old_root = schema.compose(old_head + "aktiviteter: []\n")
        new_root = schema.compose(new_head + "aktiviteter: []\n")
    except yaml.YAMLError:
        return False
    if not isinstance(old_root, MappingNode) or not isinstance(new_root, MappingNode):
        return False
    old_keys = {k.value: shape(v) for k, v in old_root.value if isinstance(k, ScalarNode)}
    new_keys = {k.value: shape(v) for k, v in new_root.value if isinstance(k, ScalarNode)}
    if len(old_keys) != len(old_root.value) or len(new_keys) != len(new_root.value):
        return False
    expected = {**old_keys, HIGHEST_ID_KEY: ("scalar", schema.INT_TAG, str(highest))}
    return new_keys == expected
