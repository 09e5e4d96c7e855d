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

import logging
import multiprocessing
import os

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

logger = logging.getLogger(__name__)

# Below this many `write_file` calls, starting workers costs more than it saves.
PARALLEL_FROM = 200


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
        self._write_in_workers(pending)

    def _write_in_workers(self, pending: list) -> None:
        context = multiprocessing.get_context("fork")
        workers = []
        for n in range(self.workers):
            receiver, sender = context.Pipe(duplex=False)
            arguments = (pending[n :: self.workers], self.output_path, self.settings, sender)
            process = context.Process(target=_render_shard, args=arguments)
            process.start()
            sender.close()
            workers.append((process, receiver))
        try:
            # Worker k renders calls k, k + n, ...: reading them in order reads each call's pages.
            for index, (args, kwargs) in enumerate(pending):
                texts = _next_report(*workers[index % self.workers])
                name, _, *rest = args
                replay = Replay(texts)
                super().write_file(name, replay, *rest, **kwargs)
                if replay.texts:
                    raise RuntimeError(f"{name}: a worker rendered more pages than Pelican wrote")
        except BaseException:
            for process, _ in workers:  # a worker may wait to send pages nobody will read
                process.terminate()
            raise
        finally:
            for process, receiver in workers:
                process.join()
                receiver.close()


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


def _render_shard(shard: list, output_path: str, settings: dict, sender) -> None:
    """In a worker: render each call's pages, and send their texts as each call is done."""
    writer = Writer(output_path, settings=settings)
    logging.disable(logging.INFO)  # the replay logs each page, as a sequential build does
    with signals.content_written.muted():
        for (name, template, *rest), kwargs in shard:
            texts: list[str] = []
            try:
                writer.write_file(name, Capture(template, texts), *rest, **kwargs)
            except Exception as error:  # reported to the parent, which stops the build
                sender.send(f"{name}: {type(error).__name__}: {error}")
                return
            sender.send(texts)


def _next_report(process, receiver) -> list[str]:
    """The texts of a worker's next call; RuntimeError with the reason if it has none."""
    try:
        report = receiver.recv()
    except EOFError:
        process.join()
        report = f"it stopped with exit code {process.exitcode}"
    if isinstance(report, str):
        raise RuntimeError(f"a page-writing process failed: {report}")
    return report


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
