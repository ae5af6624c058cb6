"""`python -m baeredygtig_cli` is `plan`."""

from __future__ import annotations

from baeredygtig_cli.cli import main

main()
