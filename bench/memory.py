"""Peak memory of a process tree, sampled: what a build needs when it runs several processes.

A build may fork reader workers and run Pagefind, so neither one process's peak RSS nor the largest
one's tells how much memory the build needs. Summing RSS would count twice the pages that forked
workers share with Pelican; PSS (proportional set size, from /proc/PID/smaps_rollup) splits shared
pages between their users, so its sum over the tree is the tree's footprint. Sampling can miss a
peak shorter than the interval; a build's memory grows and falls over seconds, not milliseconds.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

INTERVAL_S = 0.1
PROC = Path("/proc")


class TreeMemorySampler:
    """Samples the summed PSS of `root` and its descendants on a thread until stopped."""

    def __init__(self, root: int):
        self.root = root
        self.peak_kib = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        self._thread.join()

    def _sample(self) -> None:
        # Signals must reach the main thread, which waits for the build and stops it on Ctrl-C.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        while not self._stopped.wait(INTERVAL_S):
            self.peak_kib = max(self.peak_kib, sum(pss_kib(pid) for pid in descendants(self.root)))


def descendants(root: int) -> list[int]:
    """`root` and every process below it, from the parent ids in /proc (no /proc/PID/children here)."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        parent = int(text.rsplit(")", 1)[1].split()[1])  # the name in (...) may hold spaces
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting += children.get(pid, [])
    return tree


def pss_kib(pid: int) -> int:
    """The PSS of one process in KiB; 0 once it has ended."""
    try:
        with open(PROC / str(pid) / "smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
