"""The cyclic garbage collector paused while a national run makes tens of thousands of small objects that
all stay alive (profiles, ratings and their traces): its repeated passes over them would otherwise take a
large part of the time, and would find nothing to free."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (reference counting still frees what is let go); it
    resumes after, if it was running before.

    What the block made is long-lived, so it goes straight to the oldest generation
    (``gc.freeze()`` then ``gc.unfreeze()``, which leaves every object tracked as before, in the
    oldest generation): the first young collection after the block would otherwise scan every object
    it made, a few milliseconds for a national run, and free nothing. Garbage cycles, if any, are
    freed by the next full collection."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
