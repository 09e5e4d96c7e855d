"""Weekly recaps: ISO weeks in the site's time zone, recap pages, intros, links and the feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from briefs.recap import Week, week_of
from briefs.report import BriefsInvalid
from conftest import FIXTURES

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()


def brief(title: str, when: str, category: str = "Research") -> str:
    return MINIMAL.replace("A minimal brief", title).replace("2026-01-20", when).replace("Research", category)


@pytest.mark.parametrize(
    ("label", "valid"),
    [
        ("2026-W04", True),
        ("2026-W53", True),
        ("2025-W53", False),
        ("2026-W00", False),
        ("2026-W4", False),
        ("26-W04", False),
        ("2026-w04", False),
    ],
)
def test_week_names(label, valid):
    assert (Week.parse(label) is not None) is valid


@pytest.mark.parametrize(
    ("moment", "timezone", "week"),
    [
        ("2027-01-01T12:00:00+00:00", "UTC", "2026-W53"),  # a Friday in the last week of 2026
        ("2026-12-28T00:00:00+00:00", "UTC", "2026-W53"),
        ("2027-01-04T00:00:00+00:00", "UTC", "2027-W01"),
        ("2026-01-04T23:30:00-05:00", "America/New_York", "2026-W01"),  # Sunday evening there...
        ("2026-01-04T23:30:00-05:00", "UTC", "2026-W02"),  # ...is Monday morning in UTC
        ("2026-01-05T01:00:00+00:00", "Asia/Tokyo", "2026-W02"),
        ("2026-01-04T20:00:00+00:00", "Asia/Tokyo", "2026-W02"),  # already Monday in Tokyo
    ],
)
def test_the_week_is_counted_in_the_site_time_zone(moment, timezone, week):
    assert week_of(datetime.fromisoformat(moment), timezone).label == week


@pytest.fixture
def weeks(site):
    site.add_brief("a.md", brief("Alpha in week two", "2026-01-06", "Policy"))
    site.add_brief("b.md", brief("Beta in week two", "2026-01-08", "Research"))
    site.add_brief("c.md", brief("Gamma in week two", "2026-01-09", "Policy"))
    site.add_brief("d.md", brief("Delta in week four", "2026-01-20"))
    site.add_brief("e.md", brief("Epsilon on new year", "2027-01-01"))
    return site


def test_recap_page_groups_the_weeks_briefs_by_category(weeks):
    weeks.build()
    page = weeks.page("recaps/2026-W02/")
    assert page.h1.get_text() == "Weekly AI Recap: Week of 5 January 2026"  # in words, not 2026-W02
    lead = " ".join(page.find(class_="page-lead").get_text().split())
    assert lead == "5 January 2026 to 11 January 2026: 3 briefs in 2 categories."
    groups = page.select("section.recap__group")
    assert [g.h2.get_text(" ", strip=True) for g in groups] == ["Policy (2)", "Research (1)"]
    assert [a.get_text() for a in groups[0].select(".card__title a")] == [
        "Alpha in week two",
        "Gamma in week two",
    ]
    card = groups[1].find("article", class_="card")
    assert card.find(class_="card__hook").get_text() == "Only the required fields are filled in."
    assert "What changed: Something changed." in " ".join(
        card.find(class_="card__changed").get_text().split()
    )


def test_recaps_link_to_the_previous_and_next_week_with_briefs(weeks):
    weeks.build()
    middle = weeks.page("recaps/2026-W04/")
    assert middle.find("a", rel="prev")["href"] == "/recaps/2026-W02/"
    assert middle.find("a", rel="next")["href"] == "/recaps/2026-W53/"
    assert weeks.page("recaps/2026-W02/").find("a", rel="prev") is None
    index = [(a["href"], a.get_text()) for a in weeks.page("recaps/").select("ul.term-list a")]
    assert index == [
        ("/recaps/2026-W53/", "Week of 28 December 2026"),
        ("/recaps/2026-W04/", "Week of 19 January 2026"),
        ("/recaps/2026-W02/", "Week of 5 January 2026"),
    ]
    assert middle.find("a", rel="prev").get_text() == "Previous: Week of 5 January 2026"


def test_every_brief_links_to_a_recap_that_lists_it(weeks):
    weeks.build()
    for slug in ("alpha-in-week-two", "delta-in-week-four", "epsilon-on-new-year"):
        link = weeks.page(f"briefs/{slug}/").find(class_="brief__recap").a
        assert link.get_text().startswith("Weekly AI Recap: ")
        recap = weeks.page(link["href"].lstrip("/"))
        assert f"/briefs/{slug}/" in [a["href"] for a in recap.select(".card__title a")]
    assert (
        weeks.page("briefs/epsilon-on-new-year/").find(class_="brief__recap").a["href"] == "/recaps/2026-W53/"
    )


def test_home_page_links_the_latest_recap(weeks):
    weeks.build()
    latest = weeks.page("").find(class_="latest-recap").a
    assert latest["href"] == "/recaps/2026-W53/"


def test_atom_feed_has_one_entry_per_week_newest_first(weeks):
    weeks.build(SITEURL="https://briefs.example.org")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(weeks.output / "feeds" / "recaps.atom.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        "Weekly AI Recap: Week of 28 December 2026",
        "Weekly AI Recap: Week of 19 January 2026",
        "Weekly AI Recap: Week of 5 January 2026",
    ]
    assert entries[2].find(f"{atom}link").get("href") == "https://briefs.example.org/recaps/2026-W02/"
    assert "Alpha in week two" in entries[2].find(f"{atom}summary").text


def test_editor_intro_is_shown_and_escaped(weeks):
    (weeks.content / "recaps").mkdir()
    (weeks.content / "recaps" / "2026-W02.md").write_text("A **busy** week. <script>x()</script>\n")
    weeks.build()
    intro = weeks.page("recaps/2026-W02/").find(class_="recap__intro")
    assert intro.strong.get_text() == "busy"
    assert intro.find("script") is None
    assert "<script>x()</script>" in intro.get_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2026-W54.md", "is not a recap intro name (expected YYYY-Www.md"),
        ("week-two.md", "is not a recap intro name"),
        ("2026-W03.md", "week 2026-W03 has no published briefs"),
    ],
)
def test_bad_intros_are_errors_naming_the_file(weeks, caplog, name, message):
    (weeks.content / "recaps").mkdir()
    (weeks.content / "recaps" / name).write_text("Intro.\n")
    with pytest.raises(BriefsInvalid):
        weeks.build()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(f"recaps/{name}:1: " in e and message in e for e in errors), errors
    weeks.build(BRIEFS_STRICT=False)
    listed = " ".join(li.get_text(" ", strip=True) for li in weeks.page("").select(".build-problems li"))
    assert message in listed
