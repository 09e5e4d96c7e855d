"""The garbage collector is kept off a build's briefs, but not off what an earlier build left."""

from __future__ import annotations

import gc
import weakref


class Leftover:
    """Garbage in a reference cycle, which only the cyclic collector can free."""

    def __init__(self):
        self.itself = self


def test_a_build_collects_what_an_earlier_build_in_the_process_left_frozen(site):
    site.add_brief("brief_complete.md")
    site.add_brief("brief_minimal.md")
    leftover = Leftover()
    left = weakref.ref(leftover)
    del leftover
    gc.freeze()  # as an earlier build in this process (`pelican --autoreload`) leaves its garbage
    try:
        site.build(BRIEFS_WORKERS=2, BRIEFS_PARALLEL_FROM=1)  # read in worker processes, as large sites are
        assert left() is None
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # this build's briefs, as it ended
    finally:
        gc.unfreeze()
