"""Text folded for comparing, one home for both directions.

`fold_to_ascii` goes towards ASCII (a US keyboard finds "Bæredygtig"): filters, parties, statuses
and names are matched so. `fold_to_danish` goes towards Danish letters ("paaske" reads as "påske"):
the timing grammar reads words so."""

from __future__ import annotations

import re
import unicodedata

DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "‒": "-"})

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold_to_ascii(text: str) -> str:
    """Towards ASCII: case- and accent-blind text, æ/ø/å as ae/oe/aa, so a US keyboard finds
    "Bæredygtig". The opposite way of fold_to_danish, which reads "aa" as "å"."""
    folded = text.casefold().translate(_DANISH_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def party_key(text: str) -> str:
    """What a party's name is matched by: folded, with every run of spaces as one space."""
    return " ".join(fold_to_ascii(text).split())


def fold_to_danish(text: str) -> str:
    """Towards Danish letters: lower-case, one kind of dash, one space, no spaces around "-" and "/",
    and "aa" as "å" (so "paaske" reads as "påske"). The opposite way of fold_to_ascii."""
    s = text.translate(DASHES).casefold().strip()
    s = re.sub(r"\s+", " ", s).replace("aa", "å")
    s = re.sub(r" ?- ?", "-", s)
    return re.sub(r" ?/+ ?", "/", s)
