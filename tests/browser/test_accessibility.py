"""axe-core (bundled by axe-playwright-python, so it runs offline) finds no WCAG 2.x A or AA problem on
any page type, in the light and the dark colour scheme."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .support import PAGES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
axe = Axe()


def report(violations: list[dict]) -> str:
    """One block per rule: what it asks, its WCAG tags, and each offending element with axe's advice."""
    lines = []
    for violation in violations:
        tags = ", ".join(t for t in violation["tags"] if t.startswith("wcag"))
        lines.append(f"{violation['id']} ({violation['impact']}; {tags}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.extend(f"    {line}" for line in node["failureSummary"].splitlines()[1:])
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_violations(open_page, name, scheme):
    violations = axe_violations(open_page(PAGES[name], scheme=scheme))
    assert not violations, f"{name} page, {scheme} scheme:\n{report(violations)}"


def test_axe_reports_a_known_violation(open_page):
    """The check itself works: a low-contrast paragraph and an image without alt text are found."""
    page = open_page(PAGES["about"])
    page.evaluate(
        """() => {
          const p = document.createElement("p");
          p.textContent = "Pale text";
          p.style.color = "#ccc";
          p.style.background = "#fff";
          const img = document.createElement("img");
          img.src = "/theme/favicon.svg";
          document.querySelector("main").append(p, img);
        }"""
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= found
