"""Pages rendered on every core, written by Pelican's own Writer in the order Pelican asked for them.

Pelican renders each page with Jinja in one process, one after another. This writer queues the
`write_file` calls the generators make and, when the site has enough pages for it to pay, renders
them in forked processes that share the finished context. Every call is then replayed, in its
original order, through Pelican's own `Writer.write_file` in this process, with a template that
hands back the text a worker rendered for each of the call's pages. So Pelican itself paginates,
names, writes and logs every page, detects overwrites and sends `content_written` for each one,
here, where other plugins' receivers live; and the site is the same bytes as a sequential build
(a test compares).

A worker renders a call's pages with `Writer.write_file` too, with `content_written` muted, and
sends the texts back. Pelican cannot render a page without writing it (it has no public render
step), so the worker writes an empty file where the page belongs, which the replay then fills.

Pages are rendered before anything reads them: a generator registered just before the search
indexer flushes the queue.
"""

from __future__ import annotations

import functools
import logging

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

from .cores import on_cores, workers_for

logger = logging.getLogger(__name__)


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._pending: list[tuple[tuple, dict]] = []

    def write_file(self, name, template, context, *args, **kwargs):
        self._pending.append(((name, template, context, *args), kwargs))

    def flush(self) -> None:
        """Write every page asked for so far, each call's pages rendered on every core."""
        pending, self._pending = self._pending, []
        if workers_for(self.settings, len(pending)) < 2:
            for args, kwargs in pending:
                super().write_file(*args, **kwargs)
            return
        render = functools.partial(_render_call, self.output_path, self.settings)
        rendered = on_cores(render, pending, self.settings)
        for ((name, _, *rest), kwargs), texts in zip(pending, rendered, strict=True):
            replay = Replay(texts)
            super().write_file(name, replay, *rest, **kwargs)
            if replay.texts:
                raise RuntimeError(f"{name}: a worker rendered more pages than Pelican wrote")


class Capture:
    """In a worker, stands in for a template: renders each page, keeps its text, writes nothing."""

    def __init__(self, template, texts: list[str]):
        self.template = template
        self.texts = texts

    def render(self, localcontext: dict) -> str:
        self.texts.append(self.template.render(localcontext))
        return ""


class Replay:
    """Stands in for a template: the texts a worker rendered for one call's pages, in page order."""

    def __init__(self, texts: list[str]):
        self.texts = texts

    def render(self, localcontext: dict) -> str:
        return self.texts.pop(0)


def _render_call(output_path: str, settings: dict, call: tuple[tuple, dict]) -> list[str]:
    """In a worker: the texts of one `write_file` call's pages (the replay logs and signals them)."""
    (name, template, *rest), kwargs = call
    texts: list[str] = []
    logged = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        with signals.content_written.muted():
            Writer(output_path, settings=settings).write_file(name, Capture(template, texts), *rest, **kwargs)
    except Exception as error:
        raise RuntimeError(f"{name}: {type(error).__name__}: {error}") from error
    finally:
        logging.disable(logged)
    return texts


class PendingPagesGenerator(Generator):
    """Writes the pages the generators before it asked for, before anything after it reads them."""

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        if isinstance(writer, ParallelWriter):
            writer.flush()


def get_writer(pelican):
    # The live preview renders pages when they are asked for, with a writer of its own.
    return None if pelican.settings.get("BRIEFS_PREVIEW") else ParallelWriter


def get_generators(_pelican):
    return PendingPagesGenerator


def register() -> None:
    # `get_writer` supplies the writer every generator writes its pages with; the generator that
    # flushes it must be registered after every generator that writes pages, and before search.
    signals.get_writer.connect(get_writer)
    signals.get_generators.connect(get_generators)
