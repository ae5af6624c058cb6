"""plan: a Danish municipality's sustainability implementation plan as one YAML file in git."""

from __future__ import annotations

__version__ = "0.1.0"
