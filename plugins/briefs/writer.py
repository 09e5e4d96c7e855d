"""Pages written on every core, and unchanged pages kept from the last build instead of rendered.

Pelican renders each page with Jinja in one process, one after another. This writer takes the same
calls and shares them out to forked processes that share the finished context, when the site has
enough pages for that to pay. Each process fingerprints the pages of its calls (see
fingerprint.py): a page whose fingerprint matches the last build's, and whose file in the live
site is still the one that build wrote, is hard-linked from there into the staging folder; the
others are rendered. Feeds are kept the same way, and the search index by parts (search.py).
Each page is rendered by Pelican's own `Writer.write_file` with the same arguments, so the output
is the same bytes as a sequential build from scratch (tests compare them).

Pages are rendered before anything reads them: a generator registered just before the search
indexer flushes them and records the fingerprints for the next build.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .fingerprint import Fingerprints
from .output import link_or_copy, live_folder

logger = logging.getLogger(__name__)

# Below this many pages (or runs of numbered pages) to write, starting workers costs more than it saves.
PARALLEL_FROM = 200
MANIFEST = "briefs-pages.json"


@dataclass
class Planned:
    """The pages one `write_file` call writes, and those of them that can be kept."""

    pages: list[str]
    kept: dict[str, str]  # file name in the output -> the same page in the live site


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = self.settings.get("BRIEFS_WORKERS") or os.cpu_count() or 1
        self._pending: list[tuple[tuple, dict]] = []
        self._fingerprints = Fingerprints(self.settings)
        self._linked: set[str] = set()
        self._kept_pages: dict[str, str] = {}  # of the call being written: output file -> live file
        self.live = live_folder(output_path)
        self.manifest = os.path.join(self.settings.get("CACHE_PATH", ""), MANIFEST)
        self._last = self._read_manifest() if self.live else {}
        self._now: dict[str, str] = {}

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        args = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        self._pending.append((args, kwargs))

    def _plan(self, args: tuple, kwargs: dict) -> Planned:
        """Fingerprint each page of one call, and find those the live site already holds."""
        name, template, context, relative_urls, paginated, template_name, _, url = args
        planned = Planned([], {})
        if not name:
            return planned
        for page, variables in pages_of(self.settings, name, url, paginated, template_name, kwargs):
            fingerprint = self._fingerprints.page(template, page, context, variables, relative_urls)
            planned.pages.append(page)
            if fingerprint is not None:
                self._now[page] = fingerprint
                live = self.unchanged(page, fingerprint)
                if live:
                    planned.kept[page] = live
        return planned

    def write_feed(
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        if path:
            fingerprint = self._fingerprints.feed(elements, path, url, feed_type, feed_title)
            self._now[path] = fingerprint
            live = self.unchanged(path, fingerprint)
            if live and not override_output:
                self._keep(sanitised_join(self.output_path, path), live)
                return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def flush(self) -> None:
        """Keep or render every page asked so far and record their fingerprints; raise if a worker failed.

        Fingerprints are taken in the workers too: a page's is needed just before it is rendered.
        """
        pending, self._pending = self._pending, []
        if self.workers < 2 or len(pending) < PARALLEL_FROM:
            counts = self._write_shard(pending)
        else:
            counts = self._write_in_workers(pending)
        self.save_manifest()
        if counts[1]:
            logger.info("Pages: rendered %d, kept %d unchanged from the last build", *counts)

    def _write_in_workers(self, pending: list) -> tuple[int, int]:
        context = multiprocessing.get_context("fork")
        workers = []
        for n in range(self.workers):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=self._report_shard, args=(pending[n :: self.workers], sender))
            process.start()
            sender.close()
            workers.append((process, receiver))
        counts = [0, 0]
        for _, receiver in workers:
            try:
                now, linked, shard_counts = receiver.recv()
            except EOFError:  # the worker died before reporting; its exit code says more
                continue
            self._now.update(now)
            self._linked.update(linked)
            self._written_files.update(linked)
            counts = [a + b for a, b in zip(counts, shard_counts, strict=True)]
        for process, _ in workers:
            process.join()
        failed = [p.exitcode for p, _ in workers if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"{len(failed)} page-writing process(es) failed (exit codes {failed})")
        return counts[0], counts[1]

    def _report_shard(self, shard: list, sender) -> None:
        counts = self._write_shard(shard)
        sender.send((self._now, self._linked, counts))

    def _write_shard(self, shard: list) -> tuple[int, int]:
        """Keep or render the pages of each call; how many were rendered and how many kept."""
        rendered = kept = 0
        for args, kwargs in shard:
            planned = self._plan(args, kwargs)
            kept += len(planned.kept)
            rendered += len(planned.pages) - len(planned.kept)
            if planned.pages and len(planned.kept) == len(planned.pages):
                for page, live in planned.kept.items():
                    self._keep(sanitised_join(self.output_path, page), live)
                continue
            name, template, *rest = args
            if planned.kept:
                # Pelican still goes through every numbered page: the kept ones are linked when it
                # opens their file (see _open_w), and not rendered.
                self._kept_pages = {
                    sanitised_join(self.output_path, page): live for page, live in planned.kept.items()
                }
                template = KeptPages(template, planned.kept)
            super().write_file(name, template, *rest, **kwargs)
            self._kept_pages = {}
        return rendered, kept

    def unchanged(self, name: str, fingerprint: str) -> str | None:
        """The live site's copy of `name` when the last build wrote it with this fingerprint."""
        last = self._last.get(name)
        if not last or last[0] != fingerprint:
            return None
        live = os.path.join(self.live, name)
        try:
            stat = os.stat(live)
        except OSError:
            return None
        return live if [stat.st_ino, stat.st_size, stat.st_mtime_ns] == last[1:] else None

    def _keep(self, path: str, live: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        link_or_copy(live, path)
        self._linked.add(path)
        self._written_files.add(path)

    def _open_w(self, filename, encoding, override=False):
        live = self._kept_pages.pop(filename, None)
        if live is not None:
            self._keep(filename, live)
            return open(os.devnull, "w", encoding=encoding)
        # A kept page shares its file with the live site: a later write must not change that file.
        if filename in self._linked:
            self._linked.discard(filename)
            os.remove(filename)
        return super()._open_w(filename, encoding, override)

    def _read_manifest(self) -> dict:
        try:
            with open(self.manifest, encoding="utf-8") as handle:
                recorded = json.load(handle)
        except (OSError, ValueError):
            return {}
        return recorded["files"] if recorded.get("live") == self.live else {}

    def fingerprint(self, name: str) -> str | None:
        """This build's fingerprint of an output file, if it has one."""
        return self._now.get(name)

    def record(self, name: str, fingerprint: str) -> None:
        """Note a file written (or kept) by another generator, for the next build's manifest."""
        self._now[name] = fingerprint

    def save_manifest(self) -> None:
        """Fingerprint, inode, size and time of each page and feed, as the next build will find them."""
        if not self.live or not self.settings.get("CACHE_PATH"):
            return
        files = {}
        for name, fingerprint in self._now.items():
            try:
                stat = os.stat(os.path.join(self.output_path, name))
            except OSError:
                continue
            files[name] = [fingerprint, stat.st_ino, stat.st_size, stat.st_mtime_ns]
        os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
        partial = f"{self.manifest}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump({"live": self.live, "files": files}, handle)
        os.replace(partial, self.manifest)


class KeptPages:
    """A template that renders only the pages of a call that changed; the writer links the others."""

    def __init__(self, template, kept: dict[str, str]):
        self.template = template
        self.kept = kept

    def render(self, context: dict) -> str:
        return "" if context["output_file"] in self.kept else self.template.render(context)


def pages_of(settings: dict, name: str, url, paginated, template_name, kwargs: dict):
    """The file name and the template variables that make the fingerprint of each page one
    `write_file` call writes, paginated as Pelican paginates: a page for each slice of the lists in
    `paginated`, which themselves count by their length (see fingerprint.py)."""
    if paginated is None:
        paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
    if not paginated or template_name not in settings["PAGINATED_TEMPLATES"]:
        yield name, kwargs
        return
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {key: Paginator(name, url, items, settings, per_page) for key, items in paginated.items()}
    count = next(iter(paginators.values())).num_pages
    for number in range(1, count + 1):
        variables = dict(kwargs)
        for key, paginator in paginators.items():
            variables[key] = len(paginator.object_list)  # a numbered page shows its slice, not the list
            page = paginator.page(number)
            variables[f"{key}_paginator"] = paginator
            variables[f"{key}_page"] = page
            # The pages before and after are linked to, by number and address.
            variables[f"{key}_previous_page"] = number > 1 and paginator.page(number - 1).url
            variables[f"{key}_next_page"] = number < count and paginator.page(number + 1).url
        yield page.save_as, variables


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
