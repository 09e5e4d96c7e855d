"""The stylesheet's shape, as Chromium parses it: tokens first (light colours, the dark overrides
beside them, then space, radii, fonts and the type scale), components that use the tokens, and every
media query last."""

from __future__ import annotations

import re

import pytest

# Each top-level rule of site.css: its kind, selector or media condition, the text of its
# declarations, and for a media rule the same of the rules inside it.
RULES_JS = """
() => {
  const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith("/css/site.css"));
  const describe = (rule) => ({
    kind: rule.constructor.name,
    selector: rule.selectorText || "",
    media: rule.media ? rule.media.mediaText : "",
    body: rule.style ? rule.style.cssText : "",
    inner: rule.cssRules && rule.constructor.name === "CSSMediaRule" ? [...rule.cssRules].map(describe) : [],
  });
  return [...sheet.cssRules].map(describe);
}
"""
DARK = "(prefers-color-scheme: dark)"
DECLARATION = re.compile(r"([-\w]+):\s*([^;]+);")
LITERAL_COLOUR = re.compile(r"#[0-9a-f]{3,8}\b|\b(?:rgb|hsl)a?\(", re.IGNORECASE)


@pytest.fixture(scope="module")
def rules(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "/")
    described = page.evaluate(RULES_JS)
    page.close()
    assert len(described) > 100, "site.css was not found or not parsed"
    return described


def declarations(rule) -> dict[str, str]:
    return dict(DECLARATION.findall(rule["body"]))


def test_tokens_come_first_light_then_dark_then_the_rest(rules):
    light, dark, scales = rules[:3]
    assert light["selector"] == ":root" and "--bg" in declarations(light)
    assert dark["kind"] == "CSSMediaRule" and dark["media"] == DARK
    assert [inner["selector"] for inner in dark["inner"]] == [":root"]
    # The dark block only overrides light colours (the social cards read both blocks).
    assert set(declarations(dark["inner"][0])) <= set(declarations(light))
    assert scales["selector"] == ":root" and {"--s1", "--radius", "--font-sans", "--step-0"} <= set(
        declarations(scales)
    )
    assert not any(rule["selector"] == ":root" for rule in rules[3:])


def test_every_media_query_stands_last(rules):
    kinds = [rule["kind"] == "CSSMediaRule" for rule in rules[3:]]
    first_media = kinds.index(True)
    after_media = [rule["selector"] for rule in rules[3 + first_media :] if rule["kind"] != "CSSMediaRule"]
    assert after_media == []
    media = [rule["media"] for rule in rules[3 + first_media :]]
    assert media[-2:] == ["(prefers-reduced-motion: reduce)", "print"]


def test_components_take_font_sizes_from_the_type_scale_and_colours_from_the_tokens(rules):
    tokens = {name for rule in rules[:3] for name in declarations(rule) if name.startswith("--")}
    tokens |= set(declarations(rules[1]["inner"][0]))
    outside_tokens = [rule for rule in rules[3:] if rule["kind"] == "CSSStyleRule"]
    outside_tokens += [inner for rule in rules[3:] if rule["media"] != "print" for inner in rule["inner"]]
    problems = []
    for rule in outside_tokens:
        for name, value in declarations(rule).items():
            if name.startswith("--") and rule["selector"] != ":root":
                problems.append(f"{rule['selector']}: token {name} outside the tokens")
            if name in ("font", "font-size") and not re.match(r"var\(--step-|inherit$|[\d.]+em$", value):
                problems.append(f"{rule['selector']}: {name}: {value} is not a step of the type scale")
            if LITERAL_COLOUR.search(value):
                problems.append(f"{rule['selector']}: {name}: {value} is a colour outside the tokens")
            problems += [
                f"{rule['selector']}: var({used}) is not a token"
                for used in re.findall(r"var\((--[-\w]+)", value)
                if used not in tokens
            ]
    assert problems == []
