"""The HTML export as a browser would see it, enough for a WCAG 2.1 contrast check: the page's own
style sheet applied to its tree, and the contrast arithmetic. Shared by test_export_safety.py and
test_statuses.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


def luminance(colour: str) -> float:
    """Relative luminance, WCAG 2.1 definition (sRGB, 0.03928 threshold as the standard writes it)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# A small CSS engine, enough for the page's own style sheet: descendant selectors of tag/class compounds,
# specificity and order, inherited color and font, hex colours. Anything else in the CSS fails the test,
# so the check can never silently skip a rule it does not understand.

HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
COMPOUND = re.compile(r"(?P<tag>[a-z][a-z0-9]*|\*)?(?P<classes>(?:\.[a-z][\w-]*)*)")
COLOUR_PROPERTIES = ("color", "background", "background-color", "border")
UNSUPPORTED = ("font", "opacity", "filter", "mix-blend-mode", "border-color", "outline", "visibility")
BOLD_TAGS = frozenset({"h1", "h2", "h3", "th", "strong", "b"})  # the browser's defaults
VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})


@dataclass(frozen=True)
class Rule:
    compounds: tuple[tuple[str | None, frozenset[str]], ...]  # outermost first
    specificity: tuple[int, int]
    order: int
    declarations: dict[str, str]


def parse_css(css: str) -> list[Rule]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    while (at := css.find("@media")) >= 0:  # print rules do not apply on screen
        depth, i = 0, css.index("{", at)
        while True:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            if depth == 0:
                break
            i += 1
        css = css[:at] + css[i + 1 :]
    assert "@" not in css, "an at-rule the contrast check does not know"
    variables: dict[str, str] = {}
    rules: list[Rule] = []
    for order, match in enumerate(re.finditer(r"([^{}]+)\{([^{}]*)\}", css)):
        declarations = {}
        for declaration in match.group(2).split(";"):
            if declaration.strip():
                name, value = (part.strip() for part in declaration.split(":", 1))
                assert name not in UNSUPPORTED, f"the contrast check does not read {name!r}"
                declarations[name] = value
        for selector in match.group(1).split(","):
            selector = selector.strip()
            if selector == ":root":
                variables.update({k: v for k, v in declarations.items() if k.startswith("--")})
                continue
            compounds = []
            for part in selector.split():
                found = COMPOUND.fullmatch(part)
                assert found and part, f"a selector the contrast check does not know: {selector!r}"
                tag = None if found["tag"] in (None, "*") else found["tag"]
                compounds.append((tag, frozenset(found["classes"].split(".")[1:])))
            classes = sum(len(c) for _, c in compounds)
            rules.append(Rule(tuple(compounds), (classes, sum(t is not None for t, _ in compounds)), order,
                              declarations))  # fmt: skip
    for rule in rules:
        for name, value in rule.declarations.items():
            rule.declarations[name] = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
    return rules


@dataclass(eq=False)
class Node:
    tag: str
    classes: frozenset[str]
    style: dict[str, str]
    parent: Node | None
    children: list[Node | str] = field(default_factory=list)

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> list[Node]:
        return [self, *(n for c in self.children if isinstance(c, Node) for n in c.walk())]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", frozenset(), {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        style = dict(
            (part.strip() for part in item.split(":", 1))  # type: ignore[misc]
            for item in (values.get("style") or "").split(";")
            if item.strip()
        )
        node = Node(tag, frozenset((values.get("class") or "").split()), style, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def _matches(compound: tuple[str | None, frozenset[str]], node: Node) -> bool:
    tag, classes = compound
    return (tag is None or tag == node.tag) and classes <= node.classes


def _selects(rule: Rule, node: Node) -> bool:
    *outer, last = rule.compounds
    if not _matches(last, node):
        return False
    ancestors = node.ancestors()
    for compound in reversed(outer):
        while ancestors and not _matches(compound, ancestors[0]):
            ancestors.pop(0)
        if not ancestors:
            return False
        ancestors.pop(0)
    return True


class Page:
    def __init__(self, html: str) -> None:
        self.rules = parse_css(re.search(r"<style>(.*?)</style>", html, re.S).group(1))  # type: ignore[union-attr]
        tree = _Tree()
        tree.feed(html)
        self.root = tree.root
        for node in self.root.walk():
            for name in COLOUR_PROPERTIES:
                assert name not in node.style or not HEX.search(node.style[name]), "a colour in style=''"

    def declared(self, node: Node) -> dict[str, str]:
        out: dict[str, str] = {}
        for rule in sorted(
            (r for r in self.rules if _selects(r, node)), key=lambda r: (r.specificity, r.order)
        ):
            out.update(rule.declarations)
        return {**out, **node.style}

    def inherited(self, node: Node, name: str) -> str | None:
        for each in (node, *node.ancestors()):
            if each.tag != "#document" and name in (values := self.declared(each)):
                return values[name]
            if name == "font-weight" and each.tag in BOLD_TAGS:
                return "700"
        return None

    def colour(self, node: Node) -> str:
        value = self.inherited(node, "color") or "#000"
        assert HEX.fullmatch(value), f"a colour the contrast check does not read: {value!r}"
        return value

    def own_background(self, node: Node) -> str | None:
        values = self.declared(node)
        value = values.get("background-color") or values.get("background")
        if value is None or value in ("none", "transparent"):
            return None
        found = HEX.findall(value)
        assert len(found) == 1, f"a background the contrast check does not read: {value!r}"
        return found[0]

    def background(self, node: Node) -> str:
        for each in (node, *node.ancestors()):
            if each.tag != "#document" and (colour := self.own_background(each)):
                return colour
        return "#fff"  # the browser's canvas

    def border(self, node: Node) -> str | None:
        return self.declared(node).get("border")

    def large(self, node: Node) -> bool:
        """WCAG's large text: at least 18 pt, or 14 pt bold (24 px, 18.66 px at 96 dpi)."""
        size = 16.0
        for each in (node, *node.ancestors()):
            value = self.declared(each).get("font-size") if each.tag != "#document" else None
            if value is not None:
                number = re.fullmatch(r"([\d.]+)(rem|px)", value)
                assert number, f"a font-size the contrast check does not read: {value!r}"
                size = float(number[1]) * (16 if number[2] == "rem" else 1)
                break
        bold = int(self.inherited(node, "font-weight") or 400) >= 700
        return size >= 24 or (bold and size >= 18.66)

    def texts(self) -> list[tuple[Node, str]]:
        body = next(n for n in self.root.walk() if n.tag == "body")
        return [(n, c.strip()) for n in body.walk() for c in n.children if isinstance(c, str) and c.strip()]

    def marks(self) -> list[Node]:
        """The timeline's bars and dots and the progress bar's fill: graphics that carry meaning."""
        return [
            n
            for n in self.root.walk()
            if n.classes & {"bar", "dot"} or (n.parent is not None and "progress" in n.parent.classes)
        ]
