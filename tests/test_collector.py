"""The garbage collector is kept off a build's briefs, but not off what an earlier build left."""

from __future__ import annotations

import gc

from pelican import signals

from briefs import reader


def test_a_build_freezes_its_briefs_and_the_next_build_in_the_process_unfreezes_them(site, monkeypatch):
    monkeypatch.setattr(reader, "PARALLEL_FROM", 1)  # read in worker processes, as large sites are
    site.add_brief("brief_complete.md")
    site.add_brief("brief_minimal.md")
    frozen_when_reading: dict[int, int] = {}  # per build, before its first brief is read

    def note_frozen(generator):
        frozen_when_reading.setdefault(id(generator), gc.get_freeze_count())

    signals.article_generator_preread.connect(note_frozen)
    gc.freeze()  # as an earlier build in this process would have left it
    try:
        site.build(BRIEFS_WORKERS=2)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # this build's briefs, as it ended
        site.build(BRIEFS_WORKERS=2)  # as `pelican --autoreload` does, in the same process
    finally:
        signals.article_generator_preread.disconnect(note_frozen)
        gc.unfreeze()
    # Each build starts with nothing frozen: what the one before held can be collected.
    assert list(frozen_when_reading.values()) == [0, 0]
