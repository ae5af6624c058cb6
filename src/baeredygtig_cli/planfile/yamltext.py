"""Values as YAML text, and what YAML text means: a value written plain only where it reads back as
that string, the shape of a node (what it says, not how it is written), and whether a file may hold
anchors (then only a reading of the whole file can prove an edit)."""

from __future__ import annotations

import functools
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.planfile import schema


def yaml_scalar(value: str, *, style: str | None = None, in_flow: bool = False) -> str:
    """`value` as YAML text that every YAML 1.1 and 1.2 reader (libyaml, PyYAML's pure-Python reader,
    ruamel, Go's and JavaScript's) reads back as exactly that string: in the given quote style where
    that can hold it, else plain where plain is safe (`plain_is_safe`), else double-quoted with
    escapes. A single-quoted value cannot escape anything: a line break, tab or control character
    there would be folded or refused, so such a value is written double-quoted instead."""
    if style == "'" and _single_quote_holds(value):
        return "'" + value.replace("'", "''") + "'"
    if style in ("'", '"') or not plain_is_safe(value, in_flow):
        return double_quoted(value)
    return value


# What a double-quoted YAML scalar must escape: the quote and the backslash; every C0 control, DEL and
# every C1 control (a raw one is refused by PyYAML's reader, and by libyaml outside printable ranges);
# the line breaks YAML 1.1 knows (NEL, LS, PS), which a reader folds; the byte-order mark (libyaml
# refuses it inside a document); and the two non-characters U+FFFE and U+FFFF. Tab is escaped too:
# raw, it is allowed, but a tab at a folded line's edge is trimmed by some readers.
_NAMED_ESCAPES = {
    0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f",
    0x0D: "\\r", 0x1B: "\\e", 0x22: '\\"', 0x5C: "\\\\", 0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P",
}  # fmt: skip
_ESCAPES = {
    **{c: f"\\x{c:02X}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    0xFEFF: "\\uFEFF",
    0xFFFE: "\\uFFFE",
    0xFFFF: "\\uFFFF",
    **_NAMED_ESCAPES,
}


def double_quoted(value: str) -> str:
    """`value` double-quoted, with YAML's escapes for everything a reader could refuse or fold; the
    rest (Danish letters, any printable character) as it is. A surrogate (not text) is refused."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValueError("a lone surrogate is not text")
    return '"' + value.translate(_ESCAPES) + '"'


def _single_quote_holds(value: str) -> bool:
    """A single-quoted scalar holds `value` exactly when it has nothing to escape: no line break,
    tab or control character, no byte-order mark or non-character, no leading or trailing space
    that a line fold could touch (a single line keeps them)."""
    return not any(ord(ch) in _ESCAPES for ch in value.replace("'", "").replace('"', "").replace("\\", ""))


# Plain text a YAML 1.2 reader (the core schema) or a YAML 1.1 reader would take as something else
# than a string: null, booleans (1.1's y/n, yes/no, on/off too), numbers in every base both know
# (1.2's 0o17, 1.1's 0b101, 017, 1_000, 190:20:30), floats, infinities and NaN, and YAML 1.1's
# merge key and value key. PyYAML's resolver (which `plain_is_safe` asks) knows only its own share.
_NOT_A_STRING = re.compile(
    r"""(?x)
    ~ | null | Null | NULL
    | y | Y | yes | Yes | YES | n | N | no | No | NO
    | true | True | TRUE | false | False | FALSE | on | On | ON | off | Off | OFF
    | [-+]? (?: 0b[0-1_]+ | 0o?[0-7_]+ | [0-9][0-9_]* | 0x[0-9a-fA-F_]+ | [1-9][0-9_]*(?::[0-5]?[0-9])+ )
    | [-+]? (?: \.[0-9_]+ | [0-9][0-9_]* (?: \.[0-9_]* )? ) (?: [eE][-+]?[0-9]+ )?
    | [-+]? [0-9][0-9_]* (?::[0-5]?[0-9])+ \.[0-9_]*
    | [-+]? \.(?: inf | Inf | INF ) | \.(?: nan | NaN | NAN )
    | << | =
    """
)


@functools.lru_cache(maxsize=4096)
def plain_is_safe(value: str, in_flow: bool) -> bool:
    """Does `value`, written plain, read back as that string in every YAML 1.1 and 1.2 reader?
    Only printable characters other than tab (libyaml reads a tab inside plain text, PyYAML's
    pure-Python reader refuses it), nothing any schema resolves to another type, and a compose
    that gives it back. Asked once per distinct value: a bulk edit writes the same status to a
    thousand activities (each answer is a YAML compose)."""
    if not value or value != value.strip() or not value.isprintable() or "\ufeff" in value:
        return False
    if _NOT_A_STRING.fullmatch(value):
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
