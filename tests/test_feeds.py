"""Every feed of a published build, read as XML and JSON against the rules of its specification:
Atom 1.0 (RFC 4287), RSS 2.0 (the RSS Advisory Board's specification and its best-practices
profile), JSON Feed 1.1. No validator for these is in the package registries, so the rules are
written here, each naming the section it comes from; and every link an entry holds must lead to a
page and an element that the built site has."""

from __future__ import annotations

import json
import logging
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from briefs.feed_entries import IdAuthority, absolute_links
from briefs.words import counted, few_of
from conftest import CARD_SECTIONS, FIXTURES, Site

SITE_URL = "https://example.github.io/briefs"
AUTHORITY = "example.github.io/briefs"
DESCRIPTION = "Curated AI news briefs: what changed, why it matters, and what to do next."
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# RFC 3339 §5.6 date-time: a full date, a time and an offset (Z or ±hh:mm).
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
COMPLETE, MINIMAL = "chip-export-rules-tighten", "a-minimal-brief"
EDITED = "open-model-licences-converge-on-three-templates"


def make_site(root: Path) -> Site:
    site = Site(root)
    site.add_brief("brief_complete.md")
    site.add_brief("brief_minimal.md")
    shutil.copyfile(
        FIXTURES / "feeds" / "brief_with_editors_and_page_links.md", site.content / "briefs" / "e.md"
    )
    shutil.copyfile(FIXTURES / "feeds" / "about.md", site.content / "pages" / "about.md")
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """A `make publish` build: publishconf.py with SITEURL set (search left out: no feed reads it)."""
    site = make_site(tmp_path_factory.mktemp("feeds"))
    site.build("publishconf.py", SITEURL=SITE_URL, BRIEFS_SEARCH=False)
    return site


def feeds(site: Site, pattern: str) -> list[Path]:
    found = sorted((site.output / "feeds").rglob(pattern))
    assert found, pattern
    return found


def atom_feeds(site):
    return feeds(site, "*.atom.xml")


def rss_feeds(site):
    return feeds(site, "*.rss.xml")


def json_feeds(site):
    return feeds(site, "*.json")


def url_of(site: Site, path: Path) -> str:
    return f"{SITE_URL}/{path.relative_to(site.output).as_posix()}"


def one(element: ET.Element, tag: str) -> ET.Element:
    found = element.findall(tag)
    assert len(found) == 1, f"{tag}: {len(found)} elements, expected exactly one"
    return found[0]


def test_the_build_writes_each_kind_of_feed(site):
    written = {p.relative_to(site.output).as_posix() for p in (site.output / "feeds").rglob("*.*")}
    assert {
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/all.json",
        "feeds/recaps.atom.xml",
        "feeds/category/policy.atom.xml",
        "feeds/category/policy.rss.xml",
        "feeds/category/policy.json",
        "feeds/tag/compute.atom.xml",
        "feeds/tag/compute.rss.xml",
    } <= written


# Atom 1.0, RFC 4287


def test_atom_feeds_have_the_elements_rfc_4287_requires(site):
    for path in atom_feeds(site):
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed", path
        # §4.1.1: exactly one atom:id, atom:title and atom:updated.
        for tag in ("id", "title", "updated"):
            assert one(root, f"{ATOM}{tag}").text, (path, tag)
        assert RFC3339.match(one(root, f"{ATOM}updated").text)  # §3.3 date constructs
        # §4.1.1: one or more atom:author unless every entry has one; ours has one at feed level.
        assert one(root, f"{ATOM}author").find(f"{ATOM}name").text == "AI Briefs editors"
        # §4.1.1 (SHOULD): a rel="self" link, which is the feed's own address.
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links["self"] == url_of(site, path)
        assert links["alternate"].startswith(SITE_URL + "/")
        entries = root.findall(f"{ATOM}entry")
        assert entries, path
        for entry in entries:
            # §4.1.2: exactly one atom:id, atom:title, atom:updated; a rel=alternate link.
            for tag in ("id", "title", "updated"):
                assert one(entry, f"{ATOM}{tag}").text, (path, tag)
            assert RFC3339.match(one(entry, f"{ATOM}updated").text)
            assert RFC3339.match(one(entry, f"{ATOM}published").text)
            alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
            assert len(alternate) == 1 and alternate[0].get("href").startswith(SITE_URL + "/")
            # §4.1.3 and §4.1.2: content and summary are HTML text constructs.
            assert one(entry, f"{ATOM}content").get("type") == "html"
            assert one(entry, f"{ATOM}summary").get("type") == "html"
            for author in entry.findall(f"{ATOM}author"):  # §3.2: a person has exactly one name
                assert one(author, f"{ATOM}name").text
        ids = [one(entry, f"{ATOM}id").text for entry in entries]
        assert len(set(ids)) == len(ids), f"{path}: §4.2.6 ids are unique"


def test_atom_updated_is_the_briefs_updated_and_published_its_date(site):
    root = ET.parse(site.output / "feeds/all.atom.xml").getroot()
    entry = next(
        e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith(f"/{COMPLETE}/")
    )
    assert entry.find(f"{ATOM}published").text == "2026-01-19T00:00:00+00:00"
    assert entry.find(f"{ATOM}updated").text == "2026-01-21T09:30:00+00:00"
    # §4.2.15: the feed's updated is its most recent change.
    newest = datetime.fromisoformat(root.find(f"{ATOM}updated").text)
    assert newest == datetime.fromisoformat("2026-01-27T07:30:00+00:00")


def test_the_recap_feed_names_its_author_and_counts_briefs_in_words(site):
    root = ET.parse(site.output / "feeds/recaps.atom.xml").getroot()
    assert root.find(f"{ATOM}author/{ATOM}name").text  # RFC 4287 §4.1.1
    summaries = {entry["link"]: entry["summary"] for entry in entries(site, "feeds/recaps.atom.xml").values()}
    assert summaries[f"{SITE_URL}/recaps/2026-W04/"].startswith("<p>2 briefs: ")
    assert summaries[f"{SITE_URL}/recaps/2026-W05/"].startswith("<p>1 brief: ")


# RSS 2.0


def test_rss_channels_have_the_required_elements_and_a_self_link(site):
    for path in rss_feeds(site):
        root = ET.parse(path).getroot()
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = one(root, "channel")
        # "Required channel elements": title, link, description, none of them empty.
        for tag in ("title", "link", "description"):
            assert one(channel, tag).text, (path, tag)
        # Best-practices profile: an atom:link rel="self" names the feed's own address.
        self_link = one(channel, f"{ATOM}link")
        assert (self_link.get("rel"), self_link.get("href")) == ("self", url_of(site, path))
        parsedate_to_datetime(one(channel, "lastBuildDate").text)  # RFC 822 dates
        items = channel.findall("item")
        assert items, path
        for item in items:
            # "Elements of <item>": at least one of title or description; ours have both.
            assert one(item, "title").text and one(item, "description").text
            guid = one(item, "guid")
            # guid: isPermaLink defaults to true, which says the guid is the item's URL; ours is not.
            if not urlsplit(guid.text).scheme.startswith("http"):
                assert guid.get("isPermaLink") == "false", path
            assert parsedate_to_datetime(one(item, "pubDate").text).tzinfo is not None
            assert one(item, CONTENT_ENCODED).text  # the content module: the whole entry
            assert one(item, DC_CREATOR).text


def test_rss_channel_description_is_the_site_description(site):
    channel = ET.parse(site.output / "feeds/all.rss.xml").getroot().find("channel")
    assert channel.find("description").text == DESCRIPTION
    category = ET.parse(site.output / "feeds/category/policy.rss.xml").getroot().find("channel")
    assert category.find("description").text == "Briefs in Policy from AI Briefs."


# JSON Feed 1.1


def test_json_feeds_follow_version_1_1(site):
    for path in json_feeds(site):
        feed = json.loads(path.read_text(encoding="utf-8"))
        # "Top-level": version and title are required; feed_url is the feed's own address.
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["description"]
        assert feed["feed_url"] == url_of(site, path)
        assert feed["home_page_url"].startswith(SITE_URL + "/")
        assert feed["authors"] and all(a["name"] for a in feed["authors"])  # 1.1 `authors`
        ids = [item["id"] for item in feed["items"]]
        assert len(set(ids)) == len(ids) and all(isinstance(i, str) for i in ids)  # "Items": id is unique
        for item in feed["items"]:
            assert item["content_html"] and item["summary"] and "<" not in item["summary"]
            assert item["url"].startswith(SITE_URL + "/briefs/")
            assert RFC3339.match(item["date_published"])  # "in RFC 3339 format"
            assert "date_modified" not in item or RFC3339.match(item["date_modified"])
            assert item["authors"] and all(a["name"] for a in item["authors"])
            assert item["image"].startswith(SITE_URL + "/social/")


# One entry, the same in every format


def entries(site: Site, path: str) -> dict[str, dict]:
    """Each entry of a feed by its id: its link, summary, content and authors."""
    file = site.output / path
    found = {}
    if path.endswith(".json"):
        for item in json.loads(file.read_text(encoding="utf-8"))["items"]:
            found[item["id"]] = {
                "link": item["url"],
                "content": item["content_html"],
                "authors": [a["name"] for a in item["authors"]],
            }
    elif path.endswith(".atom.xml"):
        for entry in ET.parse(file).getroot().findall(f"{ATOM}entry"):
            found[entry.find(f"{ATOM}id").text] = {
                "link": entry.find(f"{ATOM}link").get("href"),
                "summary": entry.find(f"{ATOM}summary").text,
                "content": entry.find(f"{ATOM}content").text,
                "authors": [a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")],
            }
    else:
        for item in ET.parse(file).getroot().iter("item"):
            found[item.find("guid").text] = {
                "link": item.find("link").text,
                "summary": item.find("description").text,
                "content": item.find(CONTENT_ENCODED).text,
                "authors": [item.find(DC_CREATOR).text],
            }
    return found


def test_every_format_carries_the_same_entries_with_the_same_content(site):
    atom = entries(site, "feeds/all.atom.xml")
    rss = entries(site, "feeds/all.rss.xml")
    json_feed = entries(site, "feeds/all.json")
    assert set(atom) == set(rss) == set(json_feed) and len(atom) == 3
    for entry_id, entry in atom.items():
        assert entry["content"] == rss[entry_id]["content"] == json_feed[entry_id]["content"]
        assert entry["summary"] == rss[entry_id]["summary"]
        assert len(entry["summary"]) < len(entry["content"]) / 3, "the summary is short"


def test_each_entry_carries_the_whole_card_with_numbered_sources(site):
    entry = next(
        e for e in entries(site, "feeds/all.atom.xml").values() if e["link"].endswith(f"/{COMPLETE}/")
    )
    content = BeautifulSoup(entry["content"], "html.parser")
    headings = [h.get_text() for h in content.find_all("h2")]
    assert headings == [*CARD_SECTIONS, "Sources (3)"]
    text = content.get_text()
    assert "New thresholds decide which clusters need a licence" in text  # the hook
    assert "Why it matters:" in text and "What to do next:" in text
    assert "Procurement teams will ask for compute inventories." in text  # implications
    assert "January 2026: Final rule published" in text  # the timeline, with its dates in words
    assert "The analysis body goes here" in text  # the body
    assert "AI-assisted analysis" in text
    sources = [li.get_text() for li in content.find_all("h2")[-1].find_next("ul").find_all("li")]
    assert [s.split("]")[0] for s in sources] == ["[1", "[2", "[3"]
    assert "Example Analysis: What the new thresholds mean for cloud providers" in sources[1]
    assert content.find("a", string="Example Wire")["href"] == "https://wire.example.com/story"
    cited = [a["href"] for a in content.select("sup a")]
    assert f"{SITE_URL}/briefs/{COMPLETE}/#source-2" in cited
    assert not content.find(id=True), "no ids: a reader may show many entries on one page"


def test_editors_named_by_a_brief_are_its_authors_in_every_format(site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"):
        found = entries(site, path)
        edited = next(e for e in found.values() if e["link"].endswith(f"/{EDITED}/"))
        minimal = next(e for e in found.values() if e["link"].endswith(f"/{MINIMAL}/"))
        names = edited["authors"] if not path.endswith(".rss.xml") else edited["authors"][0].split(", ")
        assert names == ["Ada Lovelace", "Grace Hopper"], path
        assert minimal["authors"] == ["AI Briefs editors"], path


# Links


def links_of(site: Site) -> list[tuple[str, str]]:
    """(feed, href) for every link and image in every entry of every feed, and every entry link."""
    found = []
    for path in [*atom_feeds(site), *rss_feeds(site), *json_feeds(site)]:
        relative = path.relative_to(site.output).as_posix()
        for entry in entries(site, relative).values():
            found.append((relative, entry["link"]))
            html = BeautifulSoup(entry["content"] + (entry.get("summary") or ""), "html.parser")
            found += [(relative, a["href"]) for a in html.find_all("a")]
            found += [(relative, img["src"]) for img in html.find_all("img")]
    return found


def target_page(site: Site, url: str) -> Path:
    path = url.removeprefix(SITE_URL + "/").split("#")[0]
    return site.output / path / "index.html" if path.endswith("/") or not path else site.output / path


def test_every_link_in_every_feed_is_absolute_and_every_link_into_the_site_resolves(site):
    links = links_of(site)
    assert len(links) > 100
    fragments = 0
    for feed, href in links:
        parts = urlsplit(href)
        assert parts.scheme in ("http", "https") and parts.netloc, (feed, href)
        if not href.startswith(SITE_URL + "/"):
            continue
        page = target_page(site, href)
        assert page.exists(), (feed, href)
        if parts.fragment:
            fragments += 1
            ids = {
                e["id"]
                for e in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(id=True)
            }
            assert parts.fragment in ids, (feed, href)
    assert fragments > 20, "citations point at the sources of the brief's page"


def test_links_in_a_brief_body_resolve_as_they_do_on_its_page(site):
    entry = next(e for e in entries(site, "feeds/all.json").values() if e["link"].endswith(f"/{EDITED}/"))
    hrefs = [a["href"] for a in BeautifulSoup(entry["content"], "html.parser").find_all("a")]
    assert f"{SITE_URL}/about/" in hrefs  # written /briefs/about/: from the host's root
    assert f"{SITE_URL}/briefs/{COMPLETE}/#timeline" in hrefs  # ../ from the brief's folder
    assert f"{SITE_URL}/briefs/{EDITED}/#sources" in hrefs  # a fragment: the brief's page


# Ids


def all_ids(site: Site) -> dict[str, str]:
    """Entry link -> id, over every feed; a link with two ids fails."""
    found: dict[str, str] = {}
    for path in [*atom_feeds(site), *rss_feeds(site), *json_feeds(site)]:
        for entry_id, entry in entries(site, path.relative_to(site.output).as_posix()).items():
            assert found.setdefault(entry["link"], entry_id) == entry_id, (path, entry["link"])
    return found


def test_every_entry_of_every_feed_has_an_id_of_one_scheme(site):
    ids = all_ids(site)
    pattern = re.compile(r"^tag:example\.github\.io,\d{4}-\d{2}-\d{2}:briefs/(brief|recap)/[\w-]+$")
    assert all(pattern.match(entry_id) for entry_id in ids.values()), ids
    assert (
        ids[f"{SITE_URL}/briefs/{COMPLETE}/"] == "tag:example.github.io,2026-01-19:briefs/brief/" + COMPLETE
    )
    assert any("/recap/" in entry_id for entry_id in ids.values())


def test_ids_stay_when_the_site_moves_to_a_custom_domain(site, tmp_path):
    moved = make_site(tmp_path)
    moved.build(
        "publishconf.py",
        SITEURL="https://briefs.example.com",
        BRIEFS_CNAME="briefs.example.com",
        BRIEFS_FEED_ID_AUTHORITY=AUTHORITY,
        BRIEFS_SEARCH=False,
    )
    before = {link.removeprefix(SITE_URL): i for link, i in all_ids(site).items()}
    after = {link.removeprefix("https://briefs.example.com"): i for link, i in all_ids(moved).items()}
    assert before == after


def test_a_move_without_an_id_authority_is_warned_about(tmp_path, caplog):
    moved = make_site(tmp_path)
    with caplog.at_level(logging.WARNING):
        moved.build(
            "publishconf.py",
            SITEURL="https://briefs.example.com",
            BRIEFS_CNAME="briefs.example.com",
            BRIEFS_SEARCH=False,
        )
    assert any("BRIEFS_FEED_ID_AUTHORITY" in r.getMessage() for r in caplog.records)
    assert all(i.startswith("tag:briefs.example.com,") for i in all_ids(moved).values())


# Bounds and settings


def test_each_feed_holds_the_newest_feed_max_items(tmp_path):
    bounded = make_site(tmp_path)
    bounded.build("publishconf.py", SITEURL=SITE_URL, FEED_MAX_ITEMS=1, BRIEFS_SEARCH=False)
    for path in [*atom_feeds(bounded), *rss_feeds(bounded), *json_feeds(bounded)]:
        found = entries(bounded, path.relative_to(bounded.output).as_posix())
        assert len(found) == 1, path
    newest = entries(bounded, "feeds/all.json")
    assert [e["link"] for e in newest.values()] == [f"{SITE_URL}/briefs/{EDITED}/"]


def test_category_and_tag_feeds_hold_fewer_briefs_than_the_sites_feeds(tmp_path):
    bounded = make_site(tmp_path)
    bounded.build("publishconf.py", SITEURL=SITE_URL, BRIEFS_TERM_FEED_MAX_ITEMS=1, BRIEFS_SEARCH=False)
    everything = len(entries(bounded, "feeds/all.atom.xml"))
    assert everything > 1
    terms = [p for p in atom_feeds(bounded) if p.parent.name in ("category", "tag")]
    assert terms
    for path in terms:
        assert len(entries(bounded, path.relative_to(bounded.output).as_posix())) == 1, path


def test_pelicans_own_feed_settings_are_switched_off_with_a_warning(tmp_path, caplog):
    plain = make_site(tmp_path)
    with caplog.at_level(logging.WARNING):
        plain.build("publishconf.py", SITEURL=SITE_URL, FEED_RSS="feeds/pelican.rss.xml", BRIEFS_SEARCH=False)
    assert not (plain.output / "feeds/pelican.rss.xml").exists()
    assert not (plain.output / "feeds/all-en.atom.xml").exists()  # Pelican's default translation feed
    assert any("FEED_RSS is ignored" in r.getMessage() for r in caplog.records)
    assert (plain.output / "feeds/all.atom.xml").exists()


def test_a_development_build_links_its_feeds_to_the_local_preview(tmp_path):
    local = make_site(tmp_path)
    local.build("pelicanconf.py", BRIEFS_SEARCH=False)
    for entry in entries(local, "feeds/all.atom.xml").values():
        assert entry["link"].startswith("http://localhost:8000/briefs/")
        hrefs = [a["href"] for a in BeautifulSoup(entry["content"], "html.parser").find_all("a")]
        assert all(urlsplit(href).netloc for href in hrefs)


# The pieces, one by one


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://Example.GitHub.io/briefs/", "tag:example.github.io,2026-01-19:briefs/brief/x"),
        ("owner.github.io", "tag:owner.github.io,2026-01-19:brief/x"),
        ("briefs.example.com:8443/news", "tag:briefs.example.com,2026-01-19:news/brief/x"),
    ],
)
def test_the_id_authority_is_a_host_and_a_folder_whatever_the_scheme_and_port(value, expected):
    authority = IdAuthority.of({"BRIEFS_FEED_ID_AUTHORITY": value, "SITEURL": "https://elsewhere.example"})
    assert authority.id(date(2026, 1, 19), "brief", "x") == expected


def test_a_wrong_id_authority_is_warned_about_and_replaced(caplog):
    with caplog.at_level(logging.WARNING):
        authority = IdAuthority.of({"BRIEFS_FEED_ID_AUTHORITY": "my site", "SITEURL": ""})
    assert authority.host == "localhost"
    assert any("BRIEFS_FEED_ID_AUTHORITY should be a host" in r.getMessage() for r in caplog.records)


def test_absolute_links_resolve_hrefs_and_srcs_and_leave_text_alone():
    html = (
        '<p title="a &quot;b&quot;">href="x" &amp; &#8212; <a href="#source-1" id="cite-1-1">1</a>'
        '<img src="../img.png" alt="i"><br><a href="https://other.example/">o</a></p>'
    )
    assert absolute_links(html, "https://site.example/briefs/x/") == (
        '<p title="a &quot;b&quot;">href="x" &amp; &#8212; <a href="https://site.example/briefs/x/#source-1">1</a>'
        '<img src="https://site.example/briefs/img.png" alt="i"><br><a href="https://other.example/">o</a></p>'
    )


def test_counts_and_lists_of_titles_read_as_words():
    assert [counted(n, "brief") for n in (0, 1, 2)] == ["0 briefs", "1 brief", "2 briefs"]
    assert counted(1, "category", "categories") == "1 category"
    assert counted(3, "category", "categories") == "3 categories"
    assert few_of(["A", "B"]) == "A; B"
    assert few_of(["A", "B", "C", "D", "E"]) == "A; B; C and 2 more"
