"""Scheduled briefs: with WITH_FUTURE_DATES off (publishconf.py), a brief dated after the moment of the
build is held back as a draft, and the hourly scheduled deploy publishes it once its date has come.

Pelican makes the same decision in `Article.__init__` with the machine's clock, which no setting can
move. BRIEFS_NOW names the moment the plugin compares with instead (an ISO datetime with offset;
empty: the machine's clock, as Pelican's), so a build can be run as of a given moment: a test with a
fixed clock, or a rebuild of the site as it stood. It can hold a brief back, never publish one
earlier than Pelican's own clock allows. The moment is never written into the settings, so nothing
keyed on them changes from one build to the next.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import lru_cache

from pelican import signals
from pelican.contents import Article

logger = logging.getLogger(__name__)


def check_the_moment(pelican) -> None:
    """A BRIEFS_NOW that is not a moment is named once, and the machine's clock is used instead."""
    settings = pelican.settings
    written = settings.get("BRIEFS_NOW") or ""
    if written and as_of(written) is None:
        logger.warning(
            "Setting BRIEFS_NOW should be an ISO datetime with an offset, such as "
            "2026-03-02T09:00:00+00:00, not %r; using the machine's clock",
            written,
        )
        settings["BRIEFS_NOW"] = ""


@lru_cache(maxsize=8)
def as_of(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def hold_back_future(content) -> None:
    """A brief dated after BRIEFS_NOW (or now) is not published yet; Pelican's dates carry the site's
    zone, so the comparison is between moments."""
    settings = content.settings
    if not isinstance(content, Article) or settings.get("WITH_FUTURE_DATES", True):
        return
    moment = as_of(settings.get("BRIEFS_NOW") or "") or datetime.now(UTC)  # Pelican's clock, too
    if content.status == "published" and content.date > moment:
        content.status = "draft"


def register() -> None:
    # `initialized`: settings are read, no content yet. `content_object_init`: an article has its
    # date and status, and no generator has sorted it into published or drafts yet.
    signals.initialized.connect(check_the_moment)
    signals.content_object_init.connect(hold_back_future)
