"""Pages rendered on every core, written by Pelican's own Writer in the order Pelican asked for them.

Pelican renders each page with Jinja in one process, one after another. This writer queues the
`write_file` calls the generators make and, when the site has enough pages for it to pay, renders
them in forked processes that share the finished context. Every call is then replayed, in its
original order, through Pelican's own `Writer.write_file` in this process, with a template that
hands back what a worker rendered for that page. So Pelican itself paginates, names, writes and
logs every page, detects overwrites and sends `content_written` for each one, here, where other
plugins' receivers live; and the site is the same bytes as a sequential build (a test compares).

A worker renders a call's pages with `Writer.write_file` too, into a scratch folder with every
signal muted: Pelican cannot render a call's pages without writing them (it has no public render
step), and the scratch files are read back by the replay and deleted.

Pages are rendered before anything reads them: a generator registered just before the search
indexer flushes the queue.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from contextlib import ExitStack

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join
from pelican.writers import Writer

logger = logging.getLogger(__name__)

# Below this many `write_file` calls, starting workers costs more than it saves.
PARALLEL_FROM = 200
_SIGNALS_MUTED_IN_WORKERS = (signals.content_written,)


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = self.settings.get("BRIEFS_WORKERS") or os.cpu_count() or 1
        self._pending: list[tuple[tuple, dict]] = []

    def write_file(self, name, template, context, *args, **kwargs):
        self._pending.append(((name, template, context, *args), kwargs))

    def flush(self) -> None:
        """Write every page asked for so far; raise if a worker failed."""
        pending, self._pending = self._pending, []
        if self.workers < 2 or len(pending) < PARALLEL_FROM:
            for args, kwargs in pending:
                super().write_file(*args, **kwargs)
            return
        os.makedirs(self.settings["CACHE_PATH"], exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="briefs-pages-", dir=self.settings["CACHE_PATH"]) as scratch:
            self._write_in_workers(pending, scratch)

    def _write_in_workers(self, pending: list, scratch: str) -> None:
        context = multiprocessing.get_context("fork")
        workers = []
        for n in range(self.workers):
            receiver, sender = context.Pipe(duplex=False)
            shard = pending[n :: self.workers]
            process = context.Process(target=_render_shard, args=(shard, scratch, self.settings, sender))
            process.start()
            sender.close()
            workers.append((process, receiver))
        try:
            for index, (args, kwargs) in enumerate(pending):
                process, receiver = workers[index % self.workers]
                failure = _next_report(process, receiver)
                if failure:
                    raise RuntimeError(f"a page-writing process failed: {failure}")
                name, template, *rest = args
                super().write_file(name, Rendered(template, scratch), *rest, **kwargs)
        finally:
            for process, receiver in workers:
                receiver.close()
                process.join()


class Rendered:
    """Stands in for a template: the page a worker rendered for this output file, read once."""

    def __init__(self, template, scratch: str):
        self.template = template
        self.scratch = scratch

    def render(self, localcontext: dict) -> str:
        path = sanitised_join(self.scratch, localcontext["output_file"])
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        os.remove(path)
        return text


def _render_shard(shard: list, scratch: str, settings: dict, sender) -> None:
    """In a worker: render each call's pages into `scratch`, and report each call as it is done."""
    writer = Writer(scratch, settings=settings)
    with ExitStack() as muted:
        for signal in _SIGNALS_MUTED_IN_WORKERS:
            muted.enter_context(signal.muted())
        logging.disable(logging.INFO)  # the replay logs each page, as a sequential build does
        for args, kwargs in shard:
            try:
                writer.write_file(*args, **kwargs)
            except Exception as error:  # reported to the parent, which stops the build
                sender.send(f"{args[0]}: {type(error).__name__}: {error}")
                return
            sender.send(None)


def _next_report(process, receiver) -> str | None:
    """A worker's word that its next call is rendered (None), or why it is not."""
    try:
        return receiver.recv()
    except EOFError:
        process.join()
        return f"it stopped with exit code {process.exitcode}"


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
