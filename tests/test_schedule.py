"""Scheduled briefs: a published build leaves out a brief until its date has come, judged against a
fixed clock (BRIEFS_NOW) and against the machine's own; a preview shows it at once."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, Site

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
SITE_URL = "https://briefs.example.org"


def scheduled_for(moment: str, title: str = "Scheduled brief") -> str:
    return MINIMAL.replace("title: A minimal brief", f"title: {title}").replace("2026-01-20", moment)


def published_slugs(site: Site) -> dict[str, set[str]]:
    """Which briefs each place a reader could find them lists: pages, home, archives, feed, sitemap."""
    feed = json.loads((site.output / "feeds" / "all.json").read_text())
    sitemap = ET.parse(site.output / "sitemap.xml").getroot()
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return {
        "pages": {p.parent.name for p in (site.output / "briefs").glob("*/index.html")},
        "home": {a["href"].split("/")[-2] for a in site.page("").select(".card__title a")},
        "archives": {
            a["href"].split("/")[-2]
            for month in site.output.glob("archives/*/*/index.html")
            for a in site.page(str(month.parent.relative_to(site.output)) + "/").select("a[href*='/briefs/']")
        },
        "feed": {item["url"].split("/")[-2] for item in feed["items"]},
        "sitemap": {loc.split("/")[-2] for loc in locs if "/briefs/" in loc},
    }


@pytest.fixture
def scheduled(site: Site) -> Site:
    site.add_brief("minimal.md", MINIMAL)
    site.add_brief("scheduled.md", scheduled_for("2026-03-02T09:00:00+01:00"))
    return site


def build_as_of(site: Site, moment: str) -> dict[str, set[str]]:
    site.build("publishconf.py", SITEURL=SITE_URL, BRIEFS_NOW=moment)
    return published_slugs(site)


def test_a_brief_is_absent_before_its_date_and_present_from_it(scheduled):
    before = build_as_of(scheduled, "2026-03-02T07:59:59+00:00")  # 08:59:59 in the brief's zone
    assert before == {place: {"a-minimal-brief"} for place in before}
    assert not (scheduled.output / "drafts").exists()
    at = build_as_of(scheduled, "2026-03-02T08:00:00+00:00")
    assert at == {place: {"a-minimal-brief", "scheduled-brief"} for place in at}
    recap = scheduled.page("recaps/2026-W10/")
    assert "Scheduled brief" in recap.find("main").get_text()


def test_a_date_without_a_time_is_midnight_in_the_site_time_zone(site):
    site.add_brief("minimal.md", MINIMAL)
    site.add_brief("tomorrow.md", scheduled_for("2026-03-03"))
    site.build(
        "publishconf.py", SITEURL=SITE_URL, TIMEZONE="Asia/Tokyo", BRIEFS_NOW="2026-03-02T14:59:00+00:00"
    )
    assert published_slugs(site)["pages"] == {"a-minimal-brief"}
    site.build(
        "publishconf.py", SITEURL=SITE_URL, TIMEZONE="Asia/Tokyo", BRIEFS_NOW="2026-03-02T15:00:00+00:00"
    )
    assert published_slugs(site)["pages"] == {"a-minimal-brief", "scheduled-brief"}


def test_the_machines_clock_holds_back_what_is_still_to_come(site):
    """Without BRIEFS_NOW the build's own moment decides, as Pelican's WITH_FUTURE_DATES does."""
    site.add_brief("minimal.md", MINIMAL)
    site.add_brief("far.md", scheduled_for("2999-01-04", "Far future"))
    site.build("publishconf.py", SITEURL=SITE_URL)
    assert published_slugs(site)["pages"] == {"a-minimal-brief"}


def test_a_preview_shows_a_scheduled_brief_at_once(scheduled):
    scheduled.build(BRIEFS_NOW="2026-03-01T00:00:00+00:00")  # pelicanconf.py: WITH_FUTURE_DATES is on
    assert (scheduled.output / "briefs" / "scheduled-brief" / "index.html").is_file()


def test_a_pin_to_a_scheduled_brief_waits_for_it(site, caplog):
    site.add_brief("scheduled.md", scheduled_for("2026-03-02T09:00:00+00:00"))
    pins = MINIMAL.replace("category: Research", "category: Research\nrelated: [scheduled-brief]")
    site.add_brief("pins.md", pins)
    site.build("publishconf.py", SITEURL=SITE_URL, BRIEFS_NOW="2026-03-01T00:00:00+00:00")
    assert published_slugs(site)["pages"] == {"a-minimal-brief"}
    pin = [r for r in caplog.records if "pins.md:5: related.0" in r.getMessage()]
    assert [r.levelname for r in pin] == ["WARNING"]


def test_a_malformed_moment_is_named_and_the_build_uses_its_own(scheduled, caplog):
    pages = build_as_of(scheduled, "next Monday")["pages"]
    assert pages == {"a-minimal-brief", "scheduled-brief"}  # 2026-03-02 has passed by the machine's clock
    assert any("Setting BRIEFS_NOW should be an ISO datetime" in r.getMessage() for r in caplog.records)
