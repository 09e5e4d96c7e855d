"""Keeps Python's cyclic garbage collector off the site a build holds in memory.

A build's articles, their rendered briefs and Pelican's context form one large web of reference
cycles that lives until the build ends. While it is loaded (from Pelican's content cache, or from
the processes that read briefs), each collection walks all of it again: about 3 s of a 5,000-brief
build. Once read, every forked page-writing process would copy the memory that a collection
touches, and at exit the interpreter collects the whole web once more (about 2 s) just before the
operating system frees it anyway. So collections are off from the start of a build until its
briefs are read, and the web is then frozen (`gc.freeze`: never collected), again before pages are
written and at the end. The next build in the same process (`pelican --autoreload`) unfreezes it
first, so that what the last build left can be collected then.
"""

from __future__ import annotations

import gc

from pelican import signals


def start_build(_sender) -> None:
    """Called as Pelican asks for generators; returns no generator."""
    gc.unfreeze()
    gc.disable()


def briefs_read(_sender) -> None:
    gc.freeze()
    gc.enable()


def freeze(_sender) -> None:
    gc.freeze()


def register() -> None:
    signals.get_generators.connect(start_build)  # before any content or cache is loaded
    signals.article_generator_finalized.connect(briefs_read)
    signals.all_generators_finalized.connect(freeze)  # the context is complete
    signals.finalized.connect(freeze)  # the site is published
