"""Keeps Python's cyclic garbage collector off the site a build holds in memory.

A build's articles, their rendered briefs and Pelican's context form one large web of reference
cycles that lives until the build ends. Each full collection walks all of it (about 4 s of a
5,000-brief build), every forked page-writing process copies the memory pages that a collection
touches, and at exit the interpreter collects the whole web once more (about 2 s) just before
the operating system would free it anyway. So the web is frozen (`gc.freeze`: never collected)
once it is read, again before pages are written, and at the end of the build; the next build in
the same process (`pelican --autoreload`, `make serve`) unfreezes it first, so that it can be
collected then. While briefs read in other processes come back, collections are off, and the briefs
are frozen as they arrive: each collection would walk the growing heap of briefs again (3 s of the
same build), and they form no garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pelican import signals


@contextmanager
def long_lived() -> Iterator[None]:
    """No collections inside the block, and what it made is frozen after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def freeze(_sender, **_kwargs) -> None:
    gc.freeze()


def unfreeze(_sender, **_kwargs) -> None:
    gc.unfreeze()


def register() -> None:
    signals.article_generator_init.connect(unfreeze)  # a build starts
    signals.article_generator_finalized.connect(freeze)  # the briefs are read
    signals.all_generators_finalized.connect(freeze)  # the context is complete
    signals.finalized.connect(freeze)  # the site is published
