"""Which of Pelican's articles are briefs: those the brief reader made, which carry `article.brief`."""

from __future__ import annotations

from collections.abc import Iterable


def briefs_in(articles: Iterable) -> list:
    """The briefs among `articles`, in their order (other readers' articles have no `brief`)."""
    return [article for article in articles if hasattr(article, "brief")]
