"""`python -m baeredygtig_cli` is `plan`."""

from __future__ import annotations

from .cli import main

main()
