"""One Pelican build in a child process, measured: wall time, CPU time and peak memory.

Every build runs Pelican's command line (what `make html` runs) in a fresh process, so that start-up
and imports count and peak memory belongs to that one build. `os.wait4` reaps the child and returns
the resource usage of that child and of the processes it ran and waited for (RUSAGE_CHILDREN would
mix in every earlier build): CPU time is their sum, and ru_maxrss the peak of the largest one.

Our build is several processes (reader workers, Pagefind), so memory is taken three ways: the peak
PSS summed over the build's processes (sampled, see memory.py: what the machine must have), the
Pelican process's own peak RSS (it prints it at exit), and the largest process's (from wait4).
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from memory import TreeMemorySampler
from pelican.settings import get_settings_from_file

REPO = Path(__file__).resolve().parent.parent
FAILURE_TAIL = 30
_PROCESSED = re.compile(r"Done: Processed (\d+) articles?")
_PELICAN_RSS = re.compile(r"^bench: pelican peak RSS (\d+) KiB$", re.MULTILINE)
# `python -m pelican` that also prints the Pelican process's own peak RSS at exit, even a failed one's.
PELICAN_MAIN = """\
import atexit, resource, runpy, sys
def report():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"bench: pelican peak RSS {peak} KiB", file=sys.stderr)
atexit.register(report)
sys.argv[0] = "pelican"
runpy.run_module("pelican", run_name="__main__", alter_sys=True)
"""

# Plain Pelican is its defaults and default theme with no plugins and no content cache, plus the keys of
# our settings that decide how much Pelican itself writes: pagination, time zone and every feed.
SHARED_SETTINGS = ("DEFAULT_PAGINATION", "TIMEZONE")
PLAIN_SETTINGS = {
    "PLUGINS": [],
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    # The Atom and RSS feeds ours writes (its plugin writes them, not Pelican: feeds.py), as before.
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": "feeds/category/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "TAG_FEED_RSS": "feeds/tag/{slug}.rss.xml",
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
}


class BuildFailed(Exception):
    """A build exited non-zero or wrote something other than what was asked; carries its log."""

    def __init__(self, label: str, reason: str, log: Path):
        super().__init__(f"{label}: {reason}")
        self.log = log

    def report(self) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        tail = "\n".join(lines[-FAILURE_TAIL:])
        return f"{self}\n--- last {FAILURE_TAIL} lines of {self.log} ---\n{tail}"


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float  # user + system, of Pelican and of what it ran
    tree_pss_mib: float  # all the build's processes together, sampled
    pelican_rss_mib: float  # the Pelican process
    peak_rss_mib: float  # the largest process of the build, Pelican or another


@dataclass(frozen=True)
class Site:
    """A content folder, the settings that build it, and where a brief's page lands in its output."""

    name: str
    content: Path
    settings: Path
    page_pattern: str

    def command(self, output: Path, cache: Path, content_cache: bool) -> list[str]:
        """Pelican's command line; a logged error fails the build (Pelican would still exit 0).

        CACHE_PATH is always given: our plugin keeps its own caches there (drawn social cards)
        even when Pelican's content cache is off, so a cold build needs an empty one.
        """
        argv = [
            sys.executable,
            "-c",
            PELICAN_MAIN,
            str(self.content),
            "--settings",
            str(self.settings),
            "--output",
            str(output),
            "--cache-path",
            str(cache),
            "--fatal",
            "errors",
            "--log-handler",
            "plain",
        ]
        # Drawn social cards are kept across builds, as the targets allow: a full build may take
        # them from their cache. The first build of a size draws them (see bench_size).
        extra = [f"BRIEFS_SOCIAL_CACHE={json.dumps(str(self.content.parent / 'social-cards'))}"]
        if content_cache:
            extra += ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
        return [*argv, "-e", *extra]

    def page(self, output: Path, slug: str) -> Path:
        return output / self.page_pattern.format(slug=slug)


def sites(work: Path) -> tuple[Site, Site]:
    """Ours (pelicanconf.py: our plugins and theme) and plain Pelican, over twin content folders."""
    ours_settings = REPO / "pelicanconf.py"
    plain_settings = work / "plainconf.py"
    plain_settings.write_text(plain_settings_text(ours_settings), encoding="utf-8")
    ours = Site("ours", work / "content-ours", ours_settings, "briefs/{slug}/index.html")
    plain = Site("plain", work / "content-plain", plain_settings, "{slug}.html")
    return ours, plain


def plain_settings_text(ours: Path) -> str:
    """Plain Pelican's settings file, copying the shared keys from ours so that they cannot drift."""
    settings = get_settings_from_file(str(ours))
    shared = {key: value for key, value in settings.items() if key in SHARED_SETTINGS or "FEED" in key}
    return "".join(f"{key} = {value!r}\n" for key, value in {**PLAIN_SETTINGS, **shared}.items())


def build(
    site: Site, output: Path, cache: Path, log: Path, expected_articles: int, content_cache: bool
) -> Measurement:
    """Build `site` into `output`, measured; BuildFailed unless it is clean and has every article.

    Clean means exit status 0 and no log line naming a generated file: a warning about one (such as
    our "source [n] is never cited") means the generator wrote content the contract frowns on.
    """
    label = f"{site.name} build of {site.content}"
    command = site.command(output, cache, content_cache)
    wall, usage, tree_kib, code = _run(command, cwd=output.parent, log=log)
    if code != 0:
        raise BuildFailed(label, f"exit status {code}", log)
    text = log.read_text(encoding="utf-8", errors="replace")
    pelican_rss = _PELICAN_RSS.search(text)
    if pelican_rss is None:
        raise BuildFailed(label, "the build did not report its peak RSS", log)
    about_content = [line for line in text.splitlines() if site.content.name in line]
    if about_content:
        raise BuildFailed(label, f"{len(about_content)} log line(s) about the generated content", log)
    processed = _PROCESSED.search(text)
    if processed is None or int(processed.group(1)) != expected_articles:
        found = processed.group(1) if processed else "no"
        raise BuildFailed(label, f"expected {expected_articles} articles, Pelican processed {found}", log)
    # Linux reports ru_maxrss in KiB.
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        tree_pss_mib=tree_kib / 1024,
        pelican_rss_mib=int(pelican_rss.group(1)) / 1024,
        peak_rss_mib=usage.ru_maxrss / 1024,
    )


def _run(argv: list[str], cwd: Path, log: Path) -> tuple[float, resource.struct_rusage, int, int]:
    """Run `argv` with its output in `log`: wall time, rusage, peak PSS of its tree, exit status."""
    with log.open("wb") as out:
        start = time.perf_counter()
        # In a process group of its own, so that an interrupted bench stops the whole build with it.
        child = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            with TreeMemorySampler(child.pid) as memory:
                _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            os.killpg(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
            raise
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped above: Popen must not wait again
    return wall, usage, memory.peak_kib, child.returncode
