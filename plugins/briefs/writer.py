"""Pages rendered on every core: Pelican renders each page with Jinja in one process, one after
another; this writer takes the same calls, keeps them, and renders them in forked processes that
share the finished context, when the site has enough pages for that to pay.

Each page is rendered by Pelican's own `Writer.write_file` with the same arguments, so the output is
the same bytes as a sequential build (a test compares them). Pages are rendered before anything
reads them: a generator registered just before the search indexer flushes them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

logger = logging.getLogger(__name__)

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._pending: list[tuple[tuple, dict]] = []
        self.workers = (settings or {}).get("BRIEFS_WORKERS") or os.cpu_count() or 1

    def write_file(self, *args, **kwargs):
        self._pending.append((args, kwargs))

    def flush(self) -> None:
        """Render and write every page asked for so far; raise if any worker failed."""
        pending, self._pending = self._pending, []
        if self.workers < 2 or len(pending) < PARALLEL_FROM:
            for args, kwargs in pending:
                super().write_file(*args, **kwargs)
            return
        context = multiprocessing.get_context("fork")
        shards = [pending[n :: self.workers] for n in range(self.workers)]
        processes = [context.Process(target=self._write_shard, args=(shard,)) for shard in shards]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        failed = [p.exitcode for p in processes if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"{len(failed)} page-writing process(es) failed (exit codes {failed})")

    def _write_shard(self, shard: list[tuple[tuple, dict]]) -> None:
        for args, kwargs in shard:
            super().write_file(*args, **kwargs)


class PendingPagesGenerator(Generator):
    """Writes the pages the generators before it asked for, before anything after it reads them."""

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        if isinstance(writer, ParallelWriter):
            writer.flush()


def get_writer(_pelican):
    return ParallelWriter


def get_generators(_pelican):
    return PendingPagesGenerator


def register() -> None:
    # `get_writer` supplies the writer every generator writes its pages with; the generator that
    # flushes it must be registered after every generator that writes pages, and before search.
    signals.get_writer.connect(get_writer)
    signals.get_generators.connect(get_generators)
