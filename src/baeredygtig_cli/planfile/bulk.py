"""Many objects made at once: a plan's nodes and activities, read from YAML or from the cache, and
a merge's three versions."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, kept: bool = True) -> Iterator[None]:
    """The cyclic GC would scan every new node and activity of a big plan and find nothing to free:
    it is paused while they are made. With `kept` (a plan that lives on), what was made is then
    frozen (`gc.freeze`, moved to the permanent generation), so that the first collections after
    the pause do not scan it all again (at 10,000 activities that was about 0.3 s of a one-second
    edit); nodes and activities hold no cycles, and what is dropped is still freed by reference
    counting. Without `kept` (a merge's working objects, dropped at the end) nothing is frozen.
    Nested pauses leave the GC to the outermost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if kept:
                gc.freeze()
            gc.enable()
