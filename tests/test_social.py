"""Social cards: the layout of one card as data, the PNG drawn from it, and real builds that write,
cache and reuse the cards."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import unicodedata
from dataclasses import astuple, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican import signals
from PIL import Image, ImageChops, ImageStat

from briefs.social.colours import BUILT_IN, STYLESHEET, Colours, theme_colours
from briefs.social.drawing import Look, draw, render_png
from briefs.social.fonts import FONT_FOLDER, load_fonts
from briefs.social.layout import BAND, CONTENT, HEIGHT, HOOK_LINES, TITLE_STEPS, WIDTH, CardText, layout
from briefs.social.text import ELLIPSIS
from conftest import FIXTURES, ROOT

LONG_TITLE = " ".join(["frontier", "labs", "publish", "scaling", "results", "for", "evaluation"] * 8)[:300]
# A fullwidth comma is written as its escape: in an editor it looks like an ASCII one.
CHINESE_TITLE = "中国发布生成式人工智能服务管理暂行办法\uff0c对训练数据、内容标识和安全评估提出了新的要求"
MINIMAL_URL = "social/a-minimal-brief.png"


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(ROOT / "theme" / FONT_FOLDER)


@pytest.fixture(scope="module")
def look(fonts):
    return Look(fonts, theme_colours(ROOT / "theme"))


def card(title="A minimal brief", hook="Only the required fields are filled in.", category="Research"):
    return CardText("AI Briefs", category, title, hook)


def outside(laid) -> list:
    """The lines whose ink, or the category label, leaves the margins."""
    left, top, right, bottom = CONTENT
    boxes = [(line.role, line.text, line.box) for line in laid.lines] + [("pill", "", laid.pill)]
    return [
        (role, text, box)
        for role, text, box in boxes
        if box[0] < left or box[1] < top or box[2] > right or box[3] > bottom
    ]


def texts(laid, role) -> list[str]:
    return [line.text for line in laid.role(role)]


# The layout


def test_short_title_is_set_at_the_largest_size_on_one_line(fonts):
    laid = layout(card(), fonts)
    assert texts(laid, "title") == ["A minimal brief"]
    assert laid.title_size == TITLE_STEPS[0][0]
    assert texts(laid, "site") == ["AI Briefs"]
    assert texts(laid, "category") == ["RESEARCH"]
    assert texts(laid, "hook") == ["Only the required fields are filled in."]
    assert laid.cut == () and not laid.dropped
    assert outside(laid) == []


def test_long_title_steps_down_in_size_then_ends_in_an_ellipsis(fonts):
    laid = layout(card(LONG_TITLE, hook=" ".join(["The hook goes on"] * 30)), fonts)
    size, most = TITLE_STEPS[-1]
    title = texts(laid, "title")
    assert laid.title_size == size and len(title) == most
    assert title[-1].endswith(ELLIPSIS) and not title[-1].endswith(" " + ELLIPSIS)
    shown = " ".join(title).removesuffix(ELLIPSIS)
    assert LONG_TITLE.startswith(shown) and LONG_TITLE[len(shown)] == " ", "cut at a space"
    assert len(texts(laid, "hook")) == HOOK_LINES
    assert texts(laid, "hook")[-1].endswith(ELLIPSIS)
    assert laid.cut == ("title", "hook")
    assert outside(laid) == []


def test_a_medium_title_takes_a_smaller_size_before_it_is_cut(fonts):
    title = "Chip export rules tighten for frontier training clusters across three allied countries"
    laid = layout(card(title), fonts)
    assert TITLE_STEPS[-1][0] <= laid.title_size < TITLE_STEPS[0][0]
    assert " ".join(texts(laid, "title")) == title
    assert "title" not in laid.cut


def test_a_200_character_word_breaks_between_characters(fonts):
    word = "".join(chr(ord("a") + i % 26) for i in range(200))
    laid = layout(card(word), fonts)
    title = texts(laid, "title")
    assert len(title) == TITLE_STEPS[-1][1]
    assert all(" " not in line for line in title)
    shown = "".join(title)
    assert shown.endswith(ELLIPSIS) and word.startswith(shown.removesuffix(ELLIPSIS))
    assert len(shown) > 100, "the lines are filled, not one character each"
    assert outside(laid) == []


def test_chinese_title_breaks_between_characters_in_the_cjk_font(fonts):
    laid = layout(
        card(CHINESE_TITLE, hook="新规定要求服务提供者对生成内容进行标识。", category="政策"), fonts
    )
    title = texts(laid, "title")
    assert len(title) > 1
    assert "".join(title) == CHINESE_TITLE, "all of it, with nothing added"
    assert not any(line.startswith(("\uff0c", "、", "。")) for line in title), "no line starts with a comma"
    faces = {run.face.path for line in laid.role("title") for run in line.shaped.runs}
    assert any(path.endswith("NotoSansSC-Regular.otf") for path in faces)
    assert texts(laid, "category") == ["政策"]
    assert not laid.dropped
    assert outside(laid) == []


def test_latin_words_around_cjk_stay_in_the_latin_font(fonts):
    laid = layout(card("OpenAI 发布 GPT 新模型"), fonts)
    runs = [(run.text.strip(), os.path.basename(run.face.path)) for run in laid.role("title")[0].shaped.runs]
    assert ("OpenAI", "DejaVuSans-Bold.ttf") in runs
    assert ("发布", "NotoSansSC-Regular.otf") in runs


def test_accents_are_kept_and_emoji_no_font_has_are_left_out(fonts, look):
    title = "Déjà vu: naïve café façade über Straße"
    laid = layout(card(title, hook="Launch 🚀 day 👩\u200d💻 ✨ done 😀"), fonts)
    assert " ".join(texts(laid, "title")) == title
    assert {"🚀", "👩", "💻"} <= laid.dropped
    assert texts(laid, "hook") == ["Launch day done 😀"], "no joiner or double space is left behind"
    assert outside(laid) == []
    png, _ = render_png(card(hook="Launch 🚀 day"), look)
    assert Image.open(io.BytesIO(png)).size == (WIDTH, HEIGHT)


def test_hebrew_and_arabic_lines_are_set_from_the_right(fonts):
    laid = layout(card("הרגולטור פרסם כללים חדשים לבינה מלאכותית", hook="الذكاء الاصطناعي التوليدي"), fonts)
    for line in laid.role("title") + laid.role("hook"):
        assert CONTENT[2] - 2 <= line.box[2] <= CONTENT[2]
        assert line.box[0] > CONTENT[0]
    assert outside(laid) == []


def test_long_site_name_and_category_share_the_top_row(fonts):
    laid = layout(CardText("An " + "extremely " * 20 + "long site", "Category " * 20, "Title", "Hook"), fonts)
    (site,) = laid.role("site")
    (category,) = laid.role("category")
    assert site.text.endswith(ELLIPSIS) and category.text.endswith(ELLIPSIS)
    assert site.box[2] < laid.pill[0], "the site name stops before the label"
    assert outside(laid) == []


SCRIPTS = st.sampled_from(
    [
        "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?-—",
        "éàüßøçñÆŒ ĳ ǅ ẞ",
        "中国人工智能模型训练数据。、「」\uff0c\uff08\uff09",
        "ひらがなカタカナ",
        "абвгдеёжзий ΑΒΓΔαβγδ",
        "אבגדהוזחטי الذكاءالاصطناعي",
        "🚀😀✨👩\u200d💻\ufe0f\u0301",
        "     \t\n",
    ]
)


@given(st.lists(st.tuples(SCRIPTS, st.integers(0, 60)), min_size=1, max_size=8), st.randoms())
@settings(max_examples=40, deadline=None)
def test_no_text_ever_leaves_the_margins(fonts, parts, random):
    def text():
        return "".join("".join(random.choice(alphabet) for _ in range(n)) for alphabet, n in parts)

    laid = layout(CardText(text()[:40], text()[:40], text(), text()), fonts)
    assert outside(laid) == []
    assert len(laid.role("title")) <= TITLE_STEPS[-1][1]


# The picture


@pytest.mark.parametrize(
    "text",
    [
        card(),
        card(LONG_TITLE, hook=LONG_TITLE),
        card("W" * 200, hook="M" * 300),
        card(CHINESE_TITLE, hook=CHINESE_TITLE * 3, category="政策"),
        card("הרגולטור פרסם כללים חדשים", hook="الذكاء الاصطناعي التوليدي " * 8),
    ],
    ids=["short", "long", "one-word", "chinese", "rtl"],
)
def test_the_png_is_1200x630_with_nothing_drawn_in_the_margins(look, text):
    png, _ = render_png(text, look)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    background = look.colours.background
    left, top, right, bottom = CONTENT
    margins = {
        "left": (0, 0, left, HEIGHT - BAND),
        "right": (right, 0, WIDTH, HEIGHT - BAND),
        "top": (0, 0, WIDTH, top),
        "bottom": (0, bottom, WIDTH, HEIGHT - BAND),
    }
    for name, box in margins.items():
        colours = image.convert("RGB").crop(box).getcolors()
        assert colours == [((box[2] - box[0]) * (box[3] - box[1]), background)], name


def test_a_card_is_a_4_bit_palette_png_of_at_most_18_kb_keeping_the_theme_colours(look):
    """The site-size budget: a card with a title and hook as long as allowed stays under 18 KB (16.4 KB now),
    and the theme's colours are drawn exactly."""
    longest = card("Chip export rules tighten " * 6, hook="New thresholds decide which clusters " * 7)
    png, _ = render_png(longest, look)
    image = Image.open(io.BytesIO(png))
    assert (image.mode, png[24], png[25]) == ("P", 4, 3), "4 bits a pixel, colour type 3 (palette)"
    assert len(png) <= 18 * 1024, f"{len(png)} bytes"
    counts = sorted(image.convert("RGB").getcolors(16), reverse=True)
    assert counts[0][1] == look.colours.background
    assert set(astuple(look.colours)) <= {colour for _, colour in counts}


@pytest.mark.parametrize(
    "text", [card(LONG_TITLE, hook=LONG_TITLE), card(CHINESE_TITLE, hook="新规定要求标识。")]
)
def test_the_png_keeps_every_pixel_within_half_a_blend_of_the_full_colour_drawing(look, text):
    """Text stays as sharp as drawn: a blend step is about 45 levels, so no pixel of the PNG is more
    than about half of one off what Pillow drew in full colour (32 allows for Pillow's rounding
    in picking the nearest entry), and on average a fraction of a level."""
    png, laid = render_png(text, look)
    difference = ImageChops.difference(Image.open(io.BytesIO(png)).convert("RGB"), draw(laid, look.colours))
    worst = max(high for _, high in difference.getextrema())
    assert worst <= 32, f"a pixel is {worst} off in a channel"
    assert max(ImageStat.Stat(difference).mean) < 0.35


def test_cards_of_different_briefs_differ(look):
    first, _ = render_png(card(), look)
    again, _ = render_png(card(), look)
    other, _ = render_png(card("Another brief"), look)
    assert first == again
    assert first != other


# The colours, from the theme's tokens


def theme_with(folder, css: str):
    """A theme folder holding only a stylesheet with `css`."""
    stylesheet = folder / STYLESHEET
    stylesheet.parent.mkdir(parents=True)
    stylesheet.write_text(css, encoding="utf-8")
    return folder


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_card_colours_are_what_dark_mode_gives_the_root_tokens(tmp_path, caplog):
    css = """
    :root { --bg: #f5f6f8; --text: #1b1f24; --muted: #4f5866; --link: #0a58ca; --tint: #e3ecfb; }
    /* :root { --bg: red } */
    @media print { :root { --bg: #fff; } }
    @media screen and (prefers-color-scheme: dark) {
      .card, :root { --bg: #101010; --text: #F0F0F0; --muted: var(--grey); --link: var(--none, #88aaff); }
      .card { --tint: #ff0000; }
    }
    :root { --grey: rgb(160, 160, 160); }
    """
    colours = theme_colours(theme_with(tmp_path, css))
    # --tint: only the light :root sets it on :root, so dark mode keeps that value.
    assert colours == Colours(
        background=(16, 16, 16),
        text=(240, 240, 240),
        muted=(160, 160, 160),
        accent=(136, 170, 255),
        pill=(227, 236, 251),
    )
    assert warnings_of(caplog) == []


def test_a_missing_or_unusable_token_gets_one_warning_naming_the_file_and_token(tmp_path, caplog):
    css = """
    :root { --bg: #11131880; --text: #eee; --muted: #aaa; --link: var(--blue); --blue: var(--link); }
    @media (prefers-color-scheme: dark) { :root { --text: not-a-colour; } }
    """
    theme = theme_with(tmp_path, css)
    colours = theme_colours(theme)
    (warning,) = warnings_of(caplog)
    assert str(theme / STYLESHEET) in warning
    assert "--bg is '#11131880', not an opaque colour" in warning
    assert "--text is 'not-a-colour', not an opaque colour" in warning
    assert "--link is missing" in warning and "--tint is missing" in warning
    assert "--muted is" not in warning, "a usable token is not reported"
    assert colours == replace(BUILT_IN, muted=(170, 170, 170))


def test_a_theme_without_a_stylesheet_gets_a_warning_and_the_built_in_colours(tmp_path, caplog):
    assert theme_colours(tmp_path) == BUILT_IN
    (warning,) = warnings_of(caplog)
    assert str(tmp_path / STYLESHEET) in warning and "cannot read" in warning


# Real builds


def brief(title: str, slug: str, hook: str = "Only the required fields are filled in.") -> str:
    text = (FIXTURES / "briefs" / "brief_minimal.md").read_text(encoding="utf-8")
    quoted = json.dumps(title, ensure_ascii=False)
    text = text.replace("title: A minimal brief", f"title: {quoted}\nslug: {slug}")
    return text.replace(
        "hook: Only the required fields are filled in.", f"hook: {json.dumps(hook, ensure_ascii=False)}"
    )


@pytest.fixture
def card_urls():
    """The address of each published brief's card in the next build's site model, by slug."""
    found = {}

    def keep(generators):
        model = generators[0].context["site"]
        found.update({a.slug: model.card_url(a.url) for a in model.briefs})

    signals.all_generators_finalized.connect(keep)
    yield found
    signals.all_generators_finalized.disconnect(keep)


def summaries(caplog) -> list[str]:
    found = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Social cards:")]
    caplog.clear()
    return [re.sub(r" from .*", "", message) for message in found]


def test_build_writes_a_1200x630_png_per_brief_and_gives_its_url(site, card_urls):
    site.add_brief("brief_minimal.md")
    site.add_brief("other.md", brief("Another brief about models", "another-brief"))
    site.build()
    assert card_urls == {"a-minimal-brief": MINIMAL_URL, "another-brief": "social/another-brief.png"}
    cards = {}
    for slug, url in card_urls.items():
        image = Image.open(site.output / url)
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
        cards[slug] = (site.output / url).read_bytes()
    assert cards["a-minimal-brief"] != cards["another-brief"]


def test_unchanged_cards_are_reused_and_a_changed_title_redraws_only_its_card(site, caplog):
    caplog.set_level(logging.INFO, logger="briefs.social")
    site.add_brief("brief_minimal.md")
    other = site.add_brief("other.md", brief("Another brief", "another-brief"))
    site.build()
    # The two briefs' cards, and those of the home page, of their week and of their category.
    assert summaries(caplog) == ["Social cards: drew 5, reused 0"]
    cache = site.root / "cache" / "social"
    old = 1_000_000_000
    for path in cache.iterdir():
        os.utime(path, (old, old))
    minimal_card = (site.output / MINIMAL_URL).read_bytes()
    other_card = (site.output / "social/another-brief.png").read_bytes()

    site.build()
    assert summaries(caplog) == ["Social cards: drew 0, reused 5"]
    assert {path.stat().st_mtime for path in cache.iterdir()} == {old}, "no cached card was written"
    assert (site.output / MINIMAL_URL).read_bytes() == minimal_card

    other.write_text(brief("Another brief, retitled", "another-brief"), encoding="utf-8")
    site.build()
    assert summaries(caplog) == ["Social cards: drew 1, reused 4"]
    assert (site.output / MINIMAL_URL).read_bytes() == minimal_card
    assert (site.output / "social/another-brief.png").read_bytes() != other_card
    cached = sorted(cache.iterdir(), key=lambda path: path.stat().st_mtime)
    assert len(cached) == 5, "the old title's card is removed from the cache"
    assert cached[-2].stat().st_mtime == old and cached[-1].stat().st_mtime > old


def test_a_changed_theme_colour_redraws_every_card_in_it(site, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefs.social")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.add_brief("brief_minimal.md")
    site.build(THEME=str(theme))
    cache = site.root / "cache" / "social"
    drawn = set(cache.iterdir())
    assert len(drawn) == 4  # the brief's, the home page's, its week's and its category's
    corner = Image.open(site.output / MINIMAL_URL).convert("RGB").getpixel((5, 5))
    assert corner == theme_colours(theme).background

    with open(theme / STYLESHEET, "a", encoding="utf-8") as stylesheet:
        stylesheet.write("@media (prefers-color-scheme: dark) { :root { --bg: #203040; } }\n")
    site.build(THEME=str(theme))
    # Told by the cache, not the log: Pelican drops a message the process logged before, and two
    # builds that draw as many cards in the same time per card log the same words.
    redrawn = set(cache.iterdir())
    assert len(redrawn) == 4 and not redrawn & drawn, "every card drawn again, the old colour's pruned"
    assert (
        Image.open(site.output / MINIMAL_URL).convert("RGB").getpixel((5, 5)) == (0x20, 0x30, 0x40) != corner
    )
    assert warnings_of(caplog) == []


def test_without_its_fonts_no_card_is_drawn_and_no_page_names_one(site, tmp_path, caplog):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    shutil.rmtree(theme / "fonts")
    site.add_brief("brief_minimal.md")
    site.build(THEME=str(theme), BRIEFS_STRICT=False)
    assert any(
        "cannot read the card fonts" in r.getMessage() for r in caplog.records if r.levelname == "ERROR"
    )
    assert not (site.output / "social").exists()
    for path in ("briefs/a-minimal-brief/", ""):
        assert site.page(path).head.find("meta", property="og:image") is None, path


def test_card_of_a_chinese_brief_with_emoji_is_written(site, caplog):
    caplog.set_level(logging.INFO, logger="briefs.social")
    site.add_brief("zh.md", brief(CHINESE_TITLE, "china-rules", hook="新规定 🚀 要求标识。"))
    site.build()
    image = Image.open(site.output / "social/china-rules.png")
    assert image.size == (WIDTH, HEIGHT)
    assert any("zh.md" in m and "🚀" in m for m in (r.getMessage() for r in caplog.records))


def test_empty_save_as_writes_no_cards(site, card_urls):
    site.add_brief("brief_minimal.md")
    site.build(BRIEFS_SOCIAL_CARD_SAVE_AS="")
    assert not (site.output / "social").exists()
    assert card_urls == {"a-minimal-brief": None}


def test_a_card_path_without_slug_is_replaced_by_the_default(site, caplog, card_urls):
    site.add_brief("brief_minimal.md")
    site.build(BRIEFS_SOCIAL_CARD_SAVE_AS="social/card.png", BRIEFS_SOCIAL_CARD_URL="social/{slug}/{n}.png")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("BRIEFS_SOCIAL_CARD_SAVE_AS" in m and "{slug}" in m for m in warnings)
    assert any("BRIEFS_SOCIAL_CARD_URL" in m for m in warnings)
    assert (site.output / MINIMAL_URL).exists()
    assert card_urls == {"a-minimal-brief": MINIMAL_URL}


@pytest.mark.parametrize("role", ["site", "category", "title", "hook"])
def test_a_pile_of_combining_marks_stays_inside_the_margins(fonts, role):
    """Stacked accents ("Zalgo" text) once drew the site name above the top margin."""
    text = {"site": "AI Briefs", "category": "Policy", "title": "A title", "hook": "A hook"}
    text[role] = "E" + "\u0301" * 20 + "e" + "\u0308" * 20 + " words"
    laid = layout(CardText(text["site"], text["category"], text["title"], text["hook"]), fonts)
    assert outside(laid) == []
    (first, *_) = laid.role(role)
    # After NFC, "É" holds the first accent; two more stay on it (and on "ë").
    kept = unicodedata.normalize("NFC", "E" + "\u0301" * 3 + "e" + "\u0308" * 3 + " ")
    assert first.text.casefold().startswith(kept.casefold())  # the label is in capitals
