"""Values as YAML text, and what YAML text means: a value written plain only where it reads back as
that string, the shape of a node (what it says, not how it is written), and whether a file may hold
anchors (then only a reading of the whole file can prove an edit)."""

from __future__ import annotations

import functools
import json
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.planfile import schema


def yaml_scalar(value: str, *, style: str | None = None, in_flow: bool = False) -> str:
    """`value` as YAML text: in the given quote style, else plain when that reads back the same."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not plain_is_safe(value, in_flow):
        return json.dumps(value, ensure_ascii=False)
    return value


@functools.lru_cache(maxsize=4096)
def plain_is_safe(value: str, in_flow: bool) -> bool:
    """Does `value`, written plain, read back as that string? Asked once per distinct value: a bulk
    edit writes the same status to a thousand activities (each answer is a YAML compose)."""
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    document = f"k: [{value}]" if in_flow else f"k: {value}"
    try:
        node = yaml.compose(document, Loader=schema.Loader)
    except yaml.YAMLError:
        return False
    assert isinstance(node, MappingNode)
    item = node.value[0][1]
    if in_flow:
        if not isinstance(item, SequenceNode) or len(item.value) != 1:
            return False
        item = item.value[0]
    return isinstance(item, ScalarNode) and item.tag == "tag:yaml.org,2002:str" and item.value == value


# An anchor (&name) or alias (*name) may stand in the file: a change in one place can then show up
# in another, which only a reading of the whole file can see. False alarms only cost time.
_MAY_HAVE_ANCHORS = re.compile(r"(?:^|[\s\[\]{},:])[&*][^\s\[\]{},]")


def may_have_anchors(text: str) -> bool:
    """`_MAY_HAVE_ANCHORS`, found the quick way: `str.find` runs over megabytes in C, and most plans
    have no `&` or `*` at all (the regex alone costs 60 ms on a 10,000-activity plan)."""
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            if _MAY_HAVE_ANCHORS.match(text, max(at - 1, 0), at + 2) or (
                at == 0 and _MAY_HAVE_ANCHORS.match(" " + text[:2])
            ):
                return True
            at = text.find(mark, at + 1)
    return False


ANCHORED = re.compile(r"(?:![^\s]*\s+)?&")


Shape = tuple[object, ...]


def shape(node: Node | None) -> Shape | None:
    """A node as plain, comparable values: what it means, not how it is written."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, tuple(shape(item) for item in node.value))
    return ("map", node.tag, tuple((shape(k), shape(v)) for k, v in node.value))


def is_key(node: Node, name: str) -> bool:
    return isinstance(node, ScalarNode) and node.value == name


def reads_as_int(node: Node, value: int) -> bool:
    return isinstance(node, ScalarNode) and node.tag == schema.INT_TAG and node.value == str(value)
