"""Synthetic briefs for the benchmark: seeded, valid under the brief contract, and alike by topic.

Text comes from a word generator with a vocabulary per category, and every brief leans on a few focus
words of its own (shared along a story), so text similarity means something: briefs of one category,
and more so of one story, are closer to each other than to the rest, as in real content.

Each brief is written twice with the same text: in our format (YAML front matter + Markdown body) and
as a plain Pelican Markdown article, so that both builds read and render the same amount of text.
"""

from __future__ import annotations

import random
import re
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

YEAR = 2025  # 52 ISO weeks; week 1 starts on 30 December 2024, so a few briefs sit in 2024/
STORY_SHARE = 0.2
EDITORS = ("Ada Byron", "Grace Hopper", "Karen Spärck Jones", "Alan Turing")
RELATED_SHARE = 0.1
TITLE_LIMIT, HOOK_LIMIT = 140, 220
# Never wrap a YAML line: an edit must find each text field verbatim on one line.
YAML_WIDTH = 1 << 16


def _vocabulary(text: str) -> tuple[str, ...]:
    """Word lists are written as running text, which is easier to read and extend than quoted items."""
    return tuple(text.split())


COMMON_WORDS = _vocabulary("""
the a of to and in for on with that this is are was will by from as at new more than its their which
after before while since under over about between across into through against without within
report team release update analysis approach result change plan market users system data process
cost time week year early larger smaller public private first second latest major several many
group people work level share number point state part case rule question claim step view side
says said expects shows suggests follows adds keeps makes brings moves raises cuts opens sets
could would should might must may can does did has have had been being also still only just even
national global regional local central broad narrow direct clear open strong weak faster slower
""")

# Per category: topic words (what its text is about) and its five tags (40 tags in all).
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Policy": (
        _vocabulary(
            """regulation regulators legislation compliance ministry commission enforcement treaty
            export licence threshold lawmakers hearing directive consultation jurisdiction liability
            mandate statute tribunal sanctions accord parliament senate ruling"""
        ),
        ("export-controls", "eu-ai-act", "regulation", "us-china", "standards"),
    ),
    "Research": (
        _vocabulary(
            """benchmark paper ablation dataset scaling reasoning baseline architecture attention
            transformer gradient optimizer pretraining finetuning distillation retrieval tokenizer
            perplexity generalization interpretability sparsity embedding hypothesis replication
            curriculum"""
        ),
        ("benchmarks", "reasoning", "interpretability", "scaling-laws", "datasets"),
    ),
    "Models": (
        _vocabulary(
            """checkpoint parameters context multimodal inference latency throughput vision speech
            instruction variant flagship mixture experts quantized tokens window agentic coding
            frontier preview api pricing modality assistant"""
        ),
        ("llm", "multimodal", "open-weights", "agents", "coding"),
    ),
    "Hardware": (
        _vocabulary(
            """accelerator gpu chip wafer foundry memory bandwidth interconnect datacenter cooling
            power rack cluster fabrication node packaging hbm silicon megawatt substrate lithography
            server networking photonics grid"""
        ),
        ("gpus", "chips", "datacenters", "energy", "supply-chain"),
    ),
    "Safety": (
        _vocabulary(
            """alignment misuse jailbreak guardrails incident hazard mitigation biosecurity deception
            robustness adversarial monitoring containment refusal harms watermark provenance
            assurance catastrophic autonomy sandbagging redteam oversight evaluations"""
        ),
        ("ai-safety", "red-teaming", "evals", "misuse", "alignment"),
    ),
    "Open source": (
        _vocabulary(
            """license repository community contributors fork permissive maintainers github apache
            reproducible pull issues downloads ecosystem hub mirror foundation derivative attribution
            modelcard openness weights recipe commons volunteers"""
        ),
        ("licensing", "open-source", "community", "reproducibility", "model-hubs"),
    ),
    "Industry": (
        _vocabulary(
            """revenue funding valuation acquisition startup investors partnership enterprise customers
            subscription margin earnings layoffs hiring merger deal contract quarter shareholders
            growth procurement vendor adoption stake capex"""
        ),
        ("funding", "acquisitions", "enterprise", "pricing", "partnerships"),
    ),
    "Tools": (
        _vocabulary(
            """sdk plugin editor workflow pipeline library framework notebook cli integration debugger
            orchestration vector database deployment agent prompt template runtime extension terminal
            compiler observability caching schema"""
        ),
        ("developer-tools", "sdks", "rag", "orchestration", "observability"),
    ),
}

# Reserved `.example` hosts: realistic URLs that can never point at a real page.
PUBLISHERS = (
    ("www.policy-wire.example", None),
    ("news.ai-desk.example", "AI Desk"),
    ("arxiv-mirror.example", None),
    ("www.lab-notes.example", "Lab Notes"),
    ("blog.model-makers.example", None),
    ("www.chip-report.example", "The Chip Report"),
    ("safety.institute.example", "AI Safety Institute"),
    ("www.code-forge.example", None),
    ("markets.daily.example", "Markets Daily"),
    ("gov.ministry.example", "Ministry of Technology"),
    ("www.open-weights.example", None),
    ("dev.toolsmith.example", "Toolsmith"),
)
OFFSETS = tuple(timezone(timedelta(hours=hours)) for hours in (0, 1, -5, 8))


@dataclass(frozen=True)
class SyntheticBrief:
    """One brief: its front matter as the contract's fields, and its Markdown body."""

    slug: str
    front: dict
    body: str

    @property
    def relpath(self) -> str:
        """Where it lives under `briefs/`: one folder per year of its date, as editors keep them."""
        return f"{self.front['date'].year}/{self.slug}.md"

    @property
    def first_takeaway(self) -> str:
        return self.front["takeaways"][0]


class Citer:
    """Hands out citation markers, every source once before any repeats, so none goes uncited."""

    def __init__(self, rng: random.Random, count: int):
        self.rng = rng
        self.count = count
        numbers = list(range(1, count + 1))
        rng.shuffle(numbers)
        self.pending = deque(numbers)

    def number(self) -> int:
        return self.pending.popleft() if self.pending else self.rng.randint(1, self.count)

    def marker(self) -> str:
        """' [n]' mostly, sometimes ' [n, m]' or ' [n][m]', the forms the contract allows."""
        roll = self.rng.random()
        if roll < 0.1:
            return f" [{self.number()}, {self.number()}]"
        if roll < 0.15:
            return f" [{self.number()}][{self.number()}]"
        return f" [{self.number()}]"


class Prose:
    """Seeded sentences mixing common words with a category's topic words and a brief's focus words."""

    def __init__(self, rng: random.Random, topic: tuple[str, ...], focus: list[str]):
        self.rng = rng
        self.topic = topic
        self.focus = focus

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.15:
            return self.rng.choice(self.focus)
        if roll < 0.35:
            return self.rng.choice(self.topic)
        return self.rng.choice(COMMON_WORDS)

    def words(self, low: int, high: int) -> list[str]:
        return [self.word() for _ in range(self.rng.randint(low, high))]

    def sentence(self, citer: Citer | None = None, low: int = 9, high: int = 18, markup: bool = False) -> str:
        words = self.words(low, high)
        if markup and self.rng.random() < 0.3:
            i = self.rng.randrange(1, len(words))
            words[i] = self.rng.choice(("**{}**", "*{}*", "`{}`")).format(words[i])
        text = " ".join(words)
        return text[0].upper() + text[1:] + (citer.marker() if citer else "") + "."

    def sentences(self, citer: Citer, low: int, high: int, markup: bool = False) -> str:
        """A paragraph; about half of its sentences cite a source, and at least one does."""
        count = self.rng.randint(low, high)
        cited = {0} | {i for i in range(count) if self.rng.random() < 0.5}
        return " ".join(self.sentence(citer if i in cited else None, markup=markup) for i in range(count))

    def heading(self, low: int, high: int) -> str:
        return " ".join(self.words(low, high)).capitalize()


@dataclass
class _Plan:
    """What the first pass decides for a brief, so that stories and related pins can refer to slugs."""

    index: int
    category: str
    focus: list[str]
    title: str
    slug: str
    story: str | None = None


def make_corpus(count: int, seed: int) -> list[SyntheticBrief]:
    """`count` briefs, the same for the same seed; about 20% in stories and 10% pinning related briefs."""
    rng = random.Random(seed)
    plans = [_plan(rng, i) for i in range(count)]
    _group_stories(rng, plans)
    by_category: dict[str, list[str]] = {}
    for plan in plans:
        by_category.setdefault(plan.category, []).append(plan.slug)
    return [_brief(rng, plan, by_category[plan.category]) for plan in plans]


def _plan(rng: random.Random, index: int) -> _Plan:
    category = rng.choice(list(CATEGORIES))
    topic = CATEGORIES[category][0]
    focus = rng.sample(topic, 6)
    title = _fit(Prose(rng, topic, focus).words(6, 12), TITLE_LIMIT).capitalize()
    slug = f"{slugify(title)[:60].rstrip('-')}-{index:05d}"
    return _Plan(index, category, focus, title, slug)


def _group_stories(rng: random.Random, plans: list[_Plan]) -> None:
    """Put about a fifth of each category into stories of 3-6 briefs that share focus words."""
    by_category: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_category.setdefault(plan.category, []).append(plan)
    for category, members in by_category.items():
        rng.shuffle(members)
        quota, start = round(len(members) * STORY_SHARE), 0
        while start < quota:
            group = members[start : start + rng.randint(3, 6)]
            if len(group) < 3:
                break
            shared = rng.sample(CATEGORIES[category][0], 4)
            story = f"{slugify(category)}-{shared[0]}-story-{group[0].index:05d}"
            for plan in group:
                plan.story = story
                plan.focus = shared + plan.focus[:2]
            start += len(group)


def _brief(rng: random.Random, plan: _Plan, same_category: list[str]) -> SyntheticBrief:
    topic, tag_pool = CATEGORIES[plan.category]
    prose = Prose(rng, topic, plan.focus)
    published = _published(rng)
    sources = _sources(rng, prose, published)
    citer = Citer(rng, len(sources))
    front: dict = {"title": plan.title, "date": published}
    if rng.random() < 0.25:
        front["updated"] = _day(published) + timedelta(days=rng.randint(1, 14))
    front |= {
        "slug": plan.slug,
        "category": plan.category,
        "tags": _tags(rng, tag_pool),
        "hook": _hook(prose),
        "tldr": {
            "what_changed": prose.sentence(citer),
            "why_it_matters": prose.sentence(citer),
            "what_to_do_next": prose.sentence(),
        },
        "takeaways": [prose.sentence(citer, markup=True) for _ in range(rng.randint(4, 8))],
        "deep_dive": [_deep_dive_item(rng, prose, citer) for _ in range(rng.randint(2, 4))],
        "implications": prose.sentences(citer, 2, 4),
        "timeline": _timeline(rng, prose, citer, _day(published)),
        "sources": sources,
        "original": {
            "name": sources[0].get("publisher") or _host(sources[0]["url"]),
            "url": sources[0]["url"],
        },
    }
    if plan.story:
        front["story"] = plan.story
    if rng.random() < RELATED_SHARE:
        others = [slug for slug in same_category if slug != plan.slug]
        front["related"] = rng.sample(others, min(len(others), rng.randint(1, 3)))
    if plan.index % 3 == 0:  # by position, not the generator, so the rest of the corpus stays the same
        front["editors"] = [EDITORS[plan.index % len(EDITORS)]]
    front["disclosure"] = "ai-assisted" if rng.random() < 0.3 else "editor"
    front["status"] = "published"
    return SyntheticBrief(plan.slug, front, _body(rng, prose, citer))


def _published(rng: random.Random) -> date | datetime:
    """A day in one of the 52 ISO weeks of YEAR; three in ten carry a time with an offset."""
    day = date.fromisocalendar(YEAR, rng.randint(1, 52), rng.randint(1, 7))
    if rng.random() >= 0.3:
        return day
    hour, minute = rng.randint(6, 20), rng.choice((0, 15, 30, 45))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=rng.choice(OFFSETS))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _tags(rng: random.Random, own: tuple[str, ...]) -> list[str]:
    """3-6 tags, mostly from the brief's own category, with a few from elsewhere."""
    count = rng.randint(3, 6)
    tags = rng.sample(own, min(count, rng.randint(2, 4)))
    everything = [tag for _, pool in CATEGORIES.values() for tag in pool if tag not in tags]
    return tags + rng.sample(everything, count - len(tags))


def _hook(prose: Prose) -> str:
    """One sentence of at most 220 characters (the contract's limit)."""
    return _fit(prose.words(14, 30), HOOK_LIMIT - 1).capitalize() + "."


def _fit(words: list[str], limit: int) -> str:
    """The words that fit in `limit` characters: the contract bounds titles and hooks."""
    while len(" ".join(words)) > limit:
        words.pop()
    return " ".join(words)


def _sources(rng: random.Random, prose: Prose, published: date | datetime) -> list[dict]:
    sources = []
    for number in range(1, rng.randint(5, 10) + 1):
        host, publisher = rng.choice(PUBLISHERS)
        title = prose.heading(4, 9)
        url = f"https://{host}/{published.year}/{published.month:02d}/{slugify(title)}-{number}"
        source = {"title": title, "url": url}
        if publisher:
            source["publisher"] = publisher
        sources.append(source)
    return sources


def _host(url: str) -> str:
    return url.split("/")[2].removeprefix("www.")


def _deep_dive_item(rng: random.Random, prose: Prose, citer: Citer) -> dict:
    item = {"title": prose.heading(3, 6)} if rng.random() < 0.8 else {}
    item["text"] = prose.sentences(citer, 2, 3, markup=True)
    return item


def _timeline(rng: random.Random, prose: Prose, citer: Citer, published: date) -> list[dict]:
    """3-5 events in the 18 months before the brief, oldest first, written YYYY, YYYY-MM or YYYY-MM-DD."""
    days = sorted(rng.sample(range(1, 540), rng.randint(3, 5)), reverse=True)
    entries = []
    for back in days:
        when = published - timedelta(days=back)
        shown = rng.choice((f"{when.year}", f"{when:%Y-%m}", when.isoformat(), when.isoformat()))
        entries.append({"date": shown, "event": prose.sentence(citer, 6, 12)})
    return entries


def _body(rng: random.Random, prose: Prose, citer: Citer) -> str:
    """3-6 paragraphs of analysis with citations, light inline Markdown and one ordinary link."""
    paragraphs = [prose.sentences(citer, 3, 6, markup=True) for _ in range(rng.randint(3, 6))]
    host, _ = rng.choice(PUBLISHERS)
    link = f"[{' '.join(prose.words(2, 3))}](https://{host}/background/{rng.randint(100, 999)})"
    paragraphs[-1] = f"See also {link} for background. {paragraphs[-1]}"
    return "\n\n".join(paragraphs) + "\n"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def brief_file(brief: SyntheticBrief) -> str:
    """The brief in our format: YAML front matter between '---' lines, then the Markdown body."""
    front = yaml.safe_dump(brief.front, sort_keys=False, allow_unicode=True, width=YAML_WIDTH)
    return f"---\n{front}---\n{brief.body}"


def plain_file(brief: SyntheticBrief) -> str:
    """The same text as a plain Pelican article: standard metadata, every card section in the body."""
    f = brief.front
    meta = [f"Title: {f['title']}", f"Date: {f['date'].isoformat()}"]
    if "updated" in f:
        meta.append(f"Modified: {f['updated'].isoformat()}")
    meta += [f"Category: {f['category']}", f"Tags: {', '.join(f['tags'])}", f"Slug: {brief.slug}"]
    tldr = f["tldr"]
    sections = [
        f"**{f['hook']}**",
        "## 30-second TL;DR",
        f"- **What changed:** {tldr['what_changed']}\n- **Why it matters:** {tldr['why_it_matters']}\n"
        f"- **What to do next:** {tldr['what_to_do_next']}",
        "## Key takeaways",
        "\n".join(f"- {text}" for text in f["takeaways"]),
        "## Technical deep dive",
        *(
            f"### {item['title']}\n\n{item['text']}" if "title" in item else item["text"]
            for item in f["deep_dive"]
        ),
        "## Future implications",
        f["implications"],
        "## Timeline",
        "\n".join(f"- {entry['date']}: {entry['event']}" for entry in f["timeline"]),
        "## Deep insight",
        brief.body.strip(),
        f"## Sources ({len(f['sources'])})",
        "\n".join(
            f"{n}. [{s['title']}]({s['url']}), {s.get('publisher') or _host(s['url'])}"
            for n, s in enumerate(f["sources"], start=1)
        ),
        f"Original source: [{f['original']['name']}]({f['original']['url']})",
        f"Disclosure: {f['disclosure']}",
    ]
    return "\n".join(meta) + "\n\n" + "\n\n".join(sections) + "\n"


def write_corpus(briefs: list[SyntheticBrief], ours: Path, plain: Path) -> int:
    """Write each brief in both forms under `briefs/YYYY/`; return the bytes written in our format."""
    total = 0
    for brief in briefs:
        for root, render in ((ours, brief_file), (plain, plain_file)):
            target = root / "briefs" / brief.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            text = render(brief)
            target.write_text(text, encoding="utf-8")
            if root is ours:
                total += len(text.encode("utf-8"))
    return total
