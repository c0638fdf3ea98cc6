"""Run a block without Python's cyclic garbage collector.

Parsing, linting and scoring allocate many objects and free them without cycles, while every loaded
document stays alive: each automatic collection would traverse all of it again (a fifth of a run on
large catalogs). Reference counting still frees everything; the collector resumes afterwards.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc():
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
