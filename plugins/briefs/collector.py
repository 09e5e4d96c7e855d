"""Keeps Python's cyclic garbage collector off the site a build holds in memory.

A build's articles, their rendered briefs and Pelican's context form one large web of reference
cycles that lives until the build ends. While it is loaded (from Pelican's content cache, or from
the processes that read briefs), each collection walks all of it again: about 3 s of a 5,000-brief
build. Once read, every forked page-writing process would copy the memory that a collection
touches, and at exit the interpreter collects the whole web once more (about 2 s) just before the
operating system frees it anyway. So collections are off while the content cache is loaded and
while briefs come back from the reader processes, which make no garbage, and what they loaded is
then frozen (`gc.freeze`: never collected); so is everything once the briefs are read, before pages
are written and at the end. Briefs read one by one here (a small site, or those missing from the
content cache) are read with collections on, as Markdown leaves garbage. The next build in the same
process (`pelican --autoreload`) unfreezes it all first and collects what the last build left;
the live preview does that once a build is served, while it waits for the next change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pelican import signals


@contextmanager
def long_lived() -> Iterator[None]:
    """No collections inside the block, and what is alive after it is frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def start_build(pelican) -> None:
    """Called as Pelican asks for generators, just before it loads the content cache."""
    if not pelican.settings.get("BRIEFS_PREVIEW"):  # the preview collects while it waits instead
        collect_last_build()
    gc.disable()


def collect_last_build() -> None:
    """Collect what earlier builds in this process left; what is alive stays frozen."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def cache_loaded(_sender) -> None:
    gc.freeze()
    gc.enable()


def freeze(_sender) -> None:
    gc.freeze()


def register() -> None:
    signals.get_generators.connect(start_build)  # returns no generator
    signals.article_generator_init.connect(cache_loaded)
    signals.article_generator_finalized.connect(freeze)  # the briefs are read
    signals.all_generators_finalized.connect(freeze)  # the context is complete
    signals.finalized.connect(freeze)  # the site is published
