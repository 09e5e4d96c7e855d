"""The site-size budget of a built site: bytes per 1,000 briefs, the brief count at which the site
reaches GitHub Pages' 1 GB limit, the average social card, and the largest page of each type.

    .venv/bin/python bench/site_size.py output/ --briefs 5000

Every listing is paged (home, tags, categories, month archives, recaps, stories), so its largest page
does not grow with the number of briefs; the indexes (archives, recaps, tags, categories) grow by one
line per month, week or term. The largest pages measured here are therefore the largest at any size.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

BUDGET_PER_THOUSAND = 25_000_000  # bytes of output per 1,000 briefs
CARD_BUDGET = 20 * 1024  # bytes per social card, on average
PAGE_BUDGET = 200 * 1024  # bytes per HTML page
GITHUB_PAGES_LIMIT = 1_000_000_000

# Page types by their path in the output (the default URL settings), first match wins.
PAGE_TYPES = [
    ("brief", r"^briefs/[^/]+/index\.html$"),
    ("home", r"^(page/\d+/)?index\.html$"),
    ("tag", r"^tag/"),
    ("category", r"^category/"),
    ("month", r"^archives/\d{4}/\d{2}/"),
    ("archives", r"^archives/index\.html$"),
    ("recap", r"^recaps/\d{4}-W\d{2}/"),
    ("recaps", r"^recaps/"),
    ("story", r"^stories/(?!page/)[^/]+/index\.html$"),
    ("stories", r"^stories/"),
    ("other", r""),
]


def page_type(path: str) -> str:
    return next(name for name, pattern in PAGE_TYPES if re.search(pattern, path))


def measure(output: Path, briefs: int) -> dict:
    total, files = 0, 0
    by_folder: dict[str, int] = defaultdict(int)
    largest: dict[str, tuple[int, str]] = {}
    cards: list[int] = []
    for file in output.rglob("*"):
        if not file.is_file():
            continue
        size = file.stat().st_size
        relative = file.relative_to(output).as_posix()
        total += size
        files += 1
        by_folder[relative.split("/")[0] if "/" in relative else "(top)"] += size
        if relative.startswith("social/") and relative.endswith(".png"):
            cards.append(size)
        if relative.endswith(".html"):
            kind = page_type(relative)
            if size > largest.get(kind, (0, ""))[0]:
                largest[kind] = (size, relative)
    per_brief = total / briefs
    return {
        "briefs": briefs,
        "bytes": total,
        "files": files,
        "mb_per_1000_briefs": round(per_brief * 1000 / 1e6, 1),
        "within_budget": per_brief * 1000 <= BUDGET_PER_THOUSAND,
        "briefs_at_1_gb": int(GITHUB_PAGES_LIMIT / per_brief),
        "social_cards": len(cards),
        "card_average_kb": round(sum(cards) / len(cards) / 1024, 1) if cards else 0,
        "card_largest_kb": round(max(cards) / 1024, 1) if cards else 0,
        "cards_within_budget": bool(cards) and sum(cards) / len(cards) <= CARD_BUDGET,
        "by_folder_mb": {k: round(v / 1e6, 1) for k, v in sorted(by_folder.items(), key=lambda kv: -kv[1])},
        "largest_page_kb": {k: [round(v[0] / 1024, 1), v[1]] for k, v in sorted(largest.items())},
        "pages_within_budget": all(size <= PAGE_BUDGET for size, _ in largest.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site (its output folder)")
    parser.add_argument("--briefs", type=int, required=True, help="how many briefs the site was built from")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = measure(args.output, args.briefs)
    print(
        f"{figures['bytes'] / 1e6:.1f} MB in {figures['files']} files for {args.briefs} briefs: "
        f"{figures['mb_per_1000_briefs']} MB per 1,000 briefs (budget {BUDGET_PER_THOUSAND / 1e6:.0f}); "
        f"1 GB at about {figures['briefs_at_1_gb']:,} briefs"
    )
    print(
        f"social cards: {figures['social_cards']}, {figures['card_average_kb']} KB on average "
        f"(budget {CARD_BUDGET // 1024}), largest {figures['card_largest_kb']} KB"
    )
    print("by folder (MB):", ", ".join(f"{k} {v}" for k, v in figures["by_folder_mb"].items()))
    print("largest page of each type (KB, budget 200):")
    for kind, (kb, path) in figures["largest_page_kb"].items():
        print(f"  {kind:10} {kb:7.1f}  {path}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
