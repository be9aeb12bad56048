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
    resumes after, if it was running before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
