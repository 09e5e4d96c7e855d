"""Keyboard use of a brief page: Tab from the top reaches every link and control in DOM order, the
focused element always shows a visible focus indicator, and the skip link moves focus to the content."""

from __future__ import annotations

from .support import BRIEF, DESCRIBE_JS

# Everything a keyboard user can Tab to, in DOM order, as the browser would put it in the tab order
# when no element has a positive tabindex.
TAB_STOPS_JS = """
() => {
  const selector = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
    + ' select:not([disabled]), textarea:not([disabled]), iframe, summary, [contenteditable=""],'
    + ' [contenteditable="true"], [tabindex]';
  window.tabStops = [...document.querySelectorAll(selector)]
    .filter((e) => e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}));
  return window.tabStops.length;
}
"""

FOCUS_JS = f"""
() => {{
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {{
    index: window.tabStops.indexOf(e),
    element: ({DESCRIBE_JS})(e),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  }};
}}
"""


def tab_through(page) -> list[dict]:
    """Press Tab once per tab stop, from the top of a freshly loaded page; what had focus each time."""
    count = page.evaluate(TAB_STOPS_JS)
    assert count > 20, "a brief page has many links"
    focused = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused.append(page.evaluate(FOCUS_JS))
    return focused


def test_tab_reaches_every_link_in_dom_order(open_page):
    page = open_page(BRIEF)
    focused = tab_through(page)
    order = [stop["index"] for stop in focused]
    wrong = next((n for n, index in enumerate(order) if index != n), None)
    assert wrong is None, (
        f"Tab number {wrong + 1} focused {focused[wrong]['element']} (tab stop {order[wrong]}), "
        f"expected {page.evaluate(f'({DESCRIBE_JS})(window.tabStops[{wrong}])')}"
    )
    assert focused[0]["element"].startswith("<a.skip-link>")


def test_focus_is_visible_at_every_tab_stop(open_page):
    page = open_page(BRIEF, height=700)
    hidden = [
        stop["element"]
        for stop in tab_through(page)
        if not (stop["outline"] or stop["shadow"]) or not stop["onScreen"]
    ]
    assert not hidden, "focus is not visible on:\n" + "\n".join(hidden)


def test_skip_link_moves_focus_to_the_content(open_page):
    page = open_page(BRIEF)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
