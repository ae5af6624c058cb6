"""docs/ARCHITECTURE.md kept true: every module listed once under its own layer, the layers in the
order import-linter holds them, and the commands under the module that defines them."""

from __future__ import annotations

import re
from pathlib import Path

from baeredygtig_cli.cli.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "baeredygtig_cli"
PAGE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
LAYERS = ("domain", "planfile", "history", "output", "cli")


def _sections() -> dict[str, str]:
    """The text under each `### layer` heading of the module map."""
    parts = re.split(r"^### (\w+)\s*$", PAGE, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def _listed(section: str) -> list[str]:
    return re.findall(r"^\| `([\w/]+\.py)` \|", section, flags=re.MULTILINE)


def test_every_module_is_listed_once_under_its_own_layer() -> None:
    sections = _sections()
    assert set(sections) == set(LAYERS)
    on_disk = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] in LAYERS and path.name != "__init__.py"
    }
    on_disk.add("cli/__init__.py")  # the cli package's own module is the app itself
    listed: list[str] = []
    for layer, section in sections.items():
        modules = _listed(section)
        assert modules, layer
        for module in modules:
            assert module.split("/")[0] == layer, f"{module} is listed under {layer}"
        listed += modules
    assert len(listed) == len(set(listed)), "a module is listed twice"
    assert set(listed) == on_disk
    top_level = {path.name for path in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    for module in top_level:
        assert f"`{module}`" in PAGE, module


def test_the_layers_are_drawn_in_the_order_import_linter_holds() -> None:
    # pyproject.toml's one `layers = [...]` (tomllib is 3.11+; we support 3.10)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (layers,) = re.findall(r"^layers = \[(.*?)\]", pyproject, flags=re.MULTILINE | re.DOTALL)
    held = re.findall(r'"baeredygtig_cli\.(\w+)"', layers)
    drawing = PAGE.split("```")[1]
    drawn = re.findall(r"^(\w+)\s", drawing, flags=re.MULTILINE)
    assert drawn == held
    assert held[:-1] == list(reversed(LAYERS))


def test_the_commands_are_listed_under_the_module_that_defines_them() -> None:
    section = _sections()["cli"]
    rows = re.findall(r"^\| `cli/(\w+)\.py` \| ([^|]+) \|", section, flags=re.MULTILINE)
    groups = {module for module in (entry.module for entry in COMMANDS.values())}
    documented = {
        module: [name.strip() for name in text.split(",")] for module, text in rows if module in groups
    }
    expected: dict[str, list[str]] = {}
    for name, entry in COMMANDS.items():
        expected.setdefault(entry.module, []).append(name)
    assert {module: sorted(names) for module, names in documented.items()} == {
        module: sorted(names) for module, names in expected.items()
    }
