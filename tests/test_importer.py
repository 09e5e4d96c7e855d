"""The aggregator importer: each export in tests/fixtures/exports becomes a draft brief that loads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from briefs.frontmatter import parse_brief_text
from briefs.load import load_brief
from briefs.markup import BriefMarkdown
from briefs.validate import validate
from briefs_tools.importer import PLACEHOLDER_URL, UNCATEGORISED, ImportResult, import_export
from briefs_tools.new import write_new
from conftest import ROOT

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
TODAY = date(2025, 7, 14)
EXPORT_NAMES = sorted(path.name for path in EXPORTS.glob("*.txt"))
# Mojibake and decoration that must never reach a brief: Thai letters, U+FFFD, C1 controls, emoji,
# symbols and dingbats, bullets, arrows.
JUNK = re.compile(
    "[\u0e00-\u0e7f\ufffd\x80-\x9f\U0001f000-\U0001faff\u2600-\u27bf\u2022\u25aa\u25cf\u2190-\u21ff]"
)
BOILERPLATE = [
    "Web-grounded",
    "AI analysis grounded",
    "Factual claims",
    "Weekly AI Recap",
    "curated digest",
    "Related Updates",
    "AI-curated",
]
SOURCE_URL_NOTE = "sources.{}.url: the export names only the site {}; put the article's address here"
ORIGINAL_NOTE = (
    "original: the export names '{0}' without an address; "
    "add original: {{name: {0}, url: <the article's address>}}"
)
EDITORIAL_NOTES = [
    "category: set to 'Uncategorised'; choose the brief's category",
    "tags: the export has none; add the brief's tags",
]


@pytest.fixture(scope="module")
def markdown():
    return BriefMarkdown()


def imported(name: str) -> ImportResult:
    return import_export((EXPORTS / name).read_bytes(), TODAY)


def front_matter(result: ImportResult) -> dict:
    return parse_brief_text(result.text, "draft.md").data


def test_the_sample_is_the_shared_one_and_every_named_case_is_here():
    sample = (EXPORTS / "aggregator_sample.txt").read_bytes()
    assert sample.startswith(b"EU Opens Consultation") and "๐ก".encode() in sample
    assert {
        "aggregator_sample.txt",
        "other_section_order.txt",
        "missing_sections.txt",
        "windows_line_endings.txt",
        "clean_utf8.txt",
        "with_timeline.txt",
        "repairable_thai_mojibake.txt",
    } <= set(EXPORT_NAMES)


# Every export


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_every_export_becomes_a_brief_that_validates_and_loads(name, tmp_path, markdown):
    result = imported(name)
    brief = validate(parse_brief_text(result.text, name))
    assert (brief.date, brief.category, brief.tags) == (TODAY, UNCATEGORISED, [])
    assert (brief.status, brief.disclosure) == ("draft", "ai-assisted")
    path = tmp_path / "content" / f"{result.slug}.md"
    write_new(path, result.text)
    loaded = load_brief(str(path), path.name, markdown)  # citations in range, body renders
    assert loaded.slug == result.slug


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_no_decoration_mojibake_or_boilerplate_reaches_the_brief(name):
    raw = (EXPORTS / name).read_bytes().decode("utf-8-sig")
    assert JUNK.search(raw), "the fixture has no junk, so this test would prove nothing"
    result = imported(name)
    assert JUNK.findall(result.text) == []
    assert [words for words in BOILERPLATE if words in result.text] == []


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_every_note_for_the_editor_is_also_a_comment_in_the_file(name):
    result = imported(name)
    prefix = "# needs editor: "
    comments = [line.removeprefix(prefix) for line in result.text.split("\n") if line.startswith(prefix)]
    assert comments == result.needs_editor
    assert result.needs_editor[:2] == EDITORIAL_NOTES


# What each export turns into

EXPECTED = {
    "aggregator_sample.txt": {
        "title": "EU Opens Consultation on General-Purpose AI Code",
        "hook": "EU code for general-purpose models sets documentation duties that reach fine-tuners too.",
        "tldr": {
            "what_changed": "Commission publishes draft code of practice for general-purpose AI providers",
            "why_it_matters": "Providers and downstream fine-tuners may need model documentation and "
            "copyright policies before market entry.",
            "what_to_do_next": "Compare your model cards with the draft documentation template before "
            "the consultation closes.",
        },
        "takeaways": (
            4,
            1,
            "Models above a compute threshold face extra systemic-risk duties such as adversarial "
            "testing [2][3]",
        ),
        "deep_dive": ["Documentation template", "Systemic-risk tier", "Copyright policy"],
        "sources": [
            ("General Purpose AI Code of Practice", "digital-strategy.ec.europa.eu"),
            ("Article 51 Classification of GPAI Models with Systemic Risk", "artificialintelligenceact.eu"),
            ("Systemic Risk Thresholds Explained", "governance.ai"),
            ("What the GPAI Code Means for Providers", "iapp.org"),
            ("Copyright Opt Outs in the AI Code", "euractiv.com"),
        ],
        "original": "Euractiv Tech",
    },
    "other_section_order.txt": {
        "title": "Open-Weight Model Tops Coding Benchmark",
        "hook": "A 32B open-weight model now matches closed rivals on repository-level coding tasks.",
        "tldr": {
            "what_changed": "Example Labs released Example-Coder 32B with open weights [1]",
            "why_it_matters": "Teams that cannot send code to third-party APIs get a competitive "
            "self-hosted option [3].",
            "what_to_do_next": "Run the model on a sample of your own repositories before switching any "
            "workflow.",
        },
        "takeaways": (3, 2, "Inference needs two 80 GB GPUs at full precision [1]"),
        "deep_dive": ["Architecture", "Training data"],
        "sources": [
            ("Model card: Example-Coder 32B", "huggingface.co"),
            ("Repository-Level Code Generation at Scale", "arxiv.org"),
            ("The open model that codes like a closed one", "theverge.com"),
        ],
        "original": "The Verge AI",
    },
    "missing_sections.txt": {
        "title": "NIST Publishes Draft Profile for Generative AI Risks",
        "hook": "A voluntary profile maps generative-AI risks to concrete controls that auditors can check.",
        "tldr": {
            "what_changed": "TODO: what changed (the export had no TL;DR)",
            "why_it_matters": "TODO: why it matters (the export had no TL;DR)",
            "what_to_do_next": "TODO: what to do next (the export had no TL;DR)",
        },
        "takeaways": (
            2,
            1,
            "Each risk area maps to actions in the existing AI Risk Management Framework [1][2]",
        ),
        "deep_dive": None,
        "sources": [
            ("AI Risk Management Framework", "nist.gov"),
            ("How the generative AI profile changes audits", "iapp.org"),
        ],
        "original": None,
    },
    "windows_line_endings.txt": {
        "title": "Chip Export Rules Tighten for Training Clusters",
        "hook": "New thresholds decide which clusters need a licence, and they are lower than many labs "
        "expected.",
        "tldr": {
            "what_changed": "The licensing threshold for training compute moved down by an order of "
            "magnitude [1].",
            "why_it_matters": "Mid-size labs now fall under reporting duties they did not plan for [2].",
            "what_to_do_next": "Inventory cluster sizes against the new threshold before the comment "
            "period ends.",
        },
        "takeaways": (2, 1, "Cloud providers carry part of the know-your-customer burden [2]"),
        "deep_dive": None,
        "sources": [
            ("Final rule on advanced computing items", "bis.doc.gov"),
            ("What the new thresholds mean for cloud providers", "lawfaremedia.org"),
        ],
        "original": "Reuters Technology",
    },
    "clean_utf8.txt": {
        "title": "Frontier Lab Publishes Safety Case for Agentic Model",
        "hook": "A published safety case lets outsiders check the evidence behind a lab\u2019s deployment "
        "decision.",
        "tldr": {
            "what_changed": "The lab released a 40-page safety case arguing its agent cannot exfiltrate "
            "its own weights [1].",
            "why_it_matters": "It is the first public safety case for a deployed agent, in the format "
            "regulators have asked for [2].",
            "what_to_do_next": "Read the evaluation appendix and compare its thresholds with your own "
            "red-team criteria.",
        },
        "takeaways": (3, 1, "Independent evaluators reproduced two of the three results [3]"),
        "deep_dive": ["Evaluation design", "Threat model"],
        "sources": [
            ("Safety Case: Agentic Model v2", "frontierlab.ai"),
            ("Safety cases: a template for frontier AI", "aisi.gov.uk"),
            ("Reproducing three agentic evaluations", "metr.org"),
        ],
        "original": "Frontier Lab Blog",
    },
    "with_timeline.txt": {
        "title": "EU AI Act Obligations for General-Purpose Models Take Effect",
        "hook": "Providers of general-purpose models now have binding duties, a year after the Act entered "
        "into force.",
        "tldr": {
            "what_changed": "Obligations for general-purpose AI providers apply from 2 August 2025 [1].",
            "why_it_matters": "Models placed on the market before that date have until 2027 to comply [2].",
            "what_to_do_next": "Check whether your models count as placed on the market before the cut-off.",
        },
        "takeaways": (1, 0, "The AI Office supervises general-purpose model providers directly [1]"),
        "deep_dive": None,
        "sources": [
            ("Regulation (EU) 2024/1689 (AI Act)", "eur-lex.europa.eu"),
            ("Implementation timeline", "artificialintelligenceact.eu"),
        ],
        "original": "Euractiv Tech",
    },
    "repairable_thai_mojibake.txt": {
        "title": "Open Benchmark Adds Agentic Tasks",
        "hook": "The benchmark\u2019s new agentic track measures whether models finish multi-step jobs — not "
        "just answers.",
        "tldr": {
            "what_changed": "Maintainers added 120 agentic tasks with automatic grading [1].",
            "why_it_matters": "Leaderboard positions will shift as models that plan well move up [2].",
            "what_to_do_next": "Re-run your internal evaluations on the agentic track before citing new "
            "scores.",
        },
        "takeaways": (2, 0, "Tasks run in containers with a 30-minute budget each [1]"),
        "deep_dive": None,
        "sources": [
            ("Benchmark release notes", "github.com"),
            ("Agentic evaluation with automatic grading", "arxiv.org"),
        ],
        "original": "Import AI",
    },
}


def test_every_export_has_its_expectations():
    assert sorted(EXPECTED) == EXPORT_NAMES


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fields_come_out_as_expected(name):
    expected = EXPECTED[name]
    result = imported(name)
    data = front_matter(result)
    assert data["title"] == expected["title"]
    assert data["hook"] == expected["hook"]
    assert data["tldr"] == expected["tldr"]
    count, index, takeaway = expected["takeaways"]
    assert len(data["takeaways"]) == count
    assert data["takeaways"][index] == takeaway
    titles = [item["title"] for item in data["deep_dive"]] if "deep_dive" in data else None
    assert titles == expected["deep_dive"]
    assert [(source["title"], source["publisher"]) for source in data["sources"]] == expected["sources"]
    assert "original" not in data  # the export never gives its address, and `original` needs one
    original = expected["original"]
    assert (ORIGINAL_NOTE.format(original) in result.needs_editor) == (original is not None)


# One export at a time


def test_sample_needs_an_address_for_each_source_and_for_the_original():
    result = imported("aggregator_sample.txt")
    sites = [publisher for _, publisher in EXPECTED["aggregator_sample.txt"]["sources"]]
    assert result.needs_editor == [
        *EDITORIAL_NOTES,
        *(SOURCE_URL_NOTE.format(index, site) for index, site in enumerate(sites)),
        ORIGINAL_NOTE.format("Euractiv Tech"),
    ]
    assert result.slug == "eu-opens-consultation-on-general-purpose-ai-code"
    data = front_matter(result)
    assert [source["url"] for source in data["sources"]] == [f"https://{site}/" for site in sites]
    assert data["deep_dive"][0] == {
        "title": "Documentation template",
        "text": "Covers training data summaries, compute used, and evaluation results [1]",
    }
    assert (
        data["deep_dive"][2]["text"] == "Providers must respect machine-readable opt-outs when crawling [5]"
    )
    assert data["implications"].startswith("Expect documentation to become a procurement requirement")
    assert data["implications"].endswith("will be revisited as efficiency improves.")
    assert "timeline" not in data  # the export's Timeline heading has no entries
    assert parse_brief_text(result.text, "draft.md").body == ""  # Deep Insight held only boilerplate


def test_sections_are_found_by_their_words_in_any_order_and_case():
    result = imported("other_section_order.txt")
    source = parse_brief_text(result.text, "draft.md")
    assert source.data["deep_dive"][1] == {
        "title": "Training data",
        "text": "Permissively licensed code plus synthetic repair tasks [2]",
    }
    assert source.data["implications"] == (
        "Closed vendors will compete on tooling and latency rather than raw benchmark scores.\n\n"
        "Expect quantised builds within weeks, which would bring the model to single-GPU workstations."
    )
    assert source.body == (
        "The benchmark rewards edits that span several files, which is where earlier open models "
        "fell short [2].\n"
    )
    assert "another model tops another benchmark" not in result.text  # a Related Updates entry
    assert result.needs_editor == [
        *EDITORIAL_NOTES,
        "takeaways.2: the export cites [4] but lists 3 sources; the marker was left out",
        *(
            SOURCE_URL_NOTE.format(i, site)
            for i, site in enumerate(["huggingface.co", "arxiv.org", "theverge.com"])
        ),
        ORIGINAL_NOTE.format("The Verge AI"),
    ]


def test_missing_required_sections_get_placeholders_and_optional_ones_are_left_out():
    result = imported("missing_sections.txt")
    data = front_matter(result)
    assert not {"deep_dive", "timeline", "original"} & set(data)
    assert (
        data["implications"]
        == "Procurement teams are likely to cite the profile in vendor questionnaires [2]."
    )
    assert data["sources"][0] == {
        "title": "AI Risk Management Framework",
        "url": "https://www.nist.gov/itl/ai-risk-management-framework",  # a full address needs no note
        "publisher": "nist.gov",
    }
    assert result.needs_editor == [
        *EDITORIAL_NOTES,
        "tldr.what_changed: the export had no TL;DR; write what changed",
        "tldr.why_it_matters: the export had no TL;DR; write why it matters",
        "tldr.what_to_do_next: the export had no TL;DR; write what to do next",
        SOURCE_URL_NOTE.format(1, "iapp.org"),
    ]


def test_windows_line_endings_and_byte_order_mark_change_nothing():
    raw = (EXPORTS / "windows_line_endings.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == raw.count(b"\n") > 10
    result = import_export(raw, TODAY)
    assert "\r" not in result.text
    assert result == import_export(raw[3:].replace(b"\r\n", b"\n"), TODAY)


def test_text_with_old_mac_line_endings_reads_like_bytes():
    raw = (EXPORTS / "aggregator_sample.txt").read_bytes()
    assert import_export(raw.decode("utf-8").replace("\n", "\r"), TODAY) == import_export(raw, TODAY)


def test_clean_utf8_keeps_real_punctuation_and_drops_the_glyphs():
    data = front_matter(imported("clean_utf8.txt"))
    assert data["implications"] == (
        "Safety cases may become the artefact regulators ask for — much as model cards did for "
        "documentation [2]."
    )
    assert data["deep_dive"][1]["text"] == "Assumes an insider with API access but no cluster access [1]"


def test_timeline_dates_are_read_in_several_forms():
    result = imported("with_timeline.txt")
    assert front_matter(result)["timeline"] == [
        {"date": "2024-03-13", "event": "European Parliament adopts the AI Act [1]"},
        {"date": "2024-08", "event": "The AI Act enters into force [1]"},
        {"date": "2025-02-02", "event": "Prohibited practices start to apply [2]"},
        {"date": "2025-08-02", "event": "General-purpose model obligations apply [1]"},
        {"date": "2027", "event": "Deadline for models already on the market [2]"},
    ]
    assert (
        "timeline: no date could be read in 'Later this year: Commission reviews the code of practice'; "
        "it was left out"
    ) in result.needs_editor
    assert "  - date: '2024-08'\n" in result.text  # quoted, as the editor guide asks


def test_thai_mojibake_is_repaired_when_its_bytes_survived():
    raw = (EXPORTS / "repairable_thai_mojibake.txt").read_text(encoding="utf-8")
    assert "jobs \u0e42\u20ac\u201d not" in raw  # the em dash's bytes E2 80 94 read as Windows-874
    assert front_matter(imported("repairable_thai_mojibake.txt"))["hook"].endswith("jobs — not just answers.")


# Decoding and repair, one rule at a time

MINIMAL = "Title\nHook line\nKey Takeaways\n{takeaway}\nSources (1)\n- example.org — A source\n"


def minimal(takeaway: str, today: date = TODAY) -> dict:
    return front_matter(import_export(MINIMAL.format(takeaway=takeaway), today))


def test_bytes_that_are_not_utf8_are_read_as_windows_1252():
    raw = MINIMAL.format(takeaway="Caf\u00e9 owners \u2014 and \u201cothers\u201d [1]").encode("cp1252")
    takeaway = front_matter(import_export(raw, TODAY))["takeaways"][0]
    assert takeaway == "Café owners — and “others” [1]"


def test_a_stray_byte_spoils_one_character_not_the_file():
    raw = (
        MINIMAL.format(takeaway="Still “fine” \xa0and clean [1]")
        .encode("utf-8")
        .replace(b"\xc2\xa0", b"\xa0")
    )
    assert front_matter(import_export(raw, TODAY))["takeaways"] == ["Still “fine” and clean [1]"]


def test_latin_mojibake_is_repaired_by_ftfy_and_symbol_mojibake_dropped():
    import ftfy  # noqa: F401  registers its "sloppy" codecs, as the importer does when it runs

    clean = (EXPORTS / "clean_utf8.txt").read_bytes()
    misread = clean.decode("sloppy-windows-1252")
    # "⚡" and "▪" misread: ftfy leaves these alone, as the rest of their line reads well
    assert "\u00e2\u0161\u00a1" in misread and "\u00e2\u2013\u00aa" in misread
    assert import_export(misread, TODAY) == import_export(clean, TODAY)


@pytest.mark.parametrize(
    ("takeaway", "expected"),
    [
        ("Glued to the word[1]", "Glued to the word [1]"),
        ("Chained[1][1] and listed [1, 1].", "Chained [1][1] and listed [1, 1]."),
        ("Out of range [2] goes, with its space", "Out of range goes, with its space"),
        ("Partly out [1][3] or [1, 2]", "Partly out [1] or [1]"),
        ("A [link](https://example.org) is not a marker", "A [link](https://example.org) is not a marker"),
    ],
)
def test_citation_markers_carry_over(takeaway, expected):
    assert minimal(takeaway)["takeaways"] == [expected]


def test_an_export_without_usable_text_is_refused():
    with pytest.raises(ValueError, match="no text"):
        import_export(b"\xef\xbb\xbf \r\n\xf0\x9f\x92\xa1\r\n", TODAY)
    with pytest.raises(ValueError, match="boilerplate"):
        import_export(
            "AI-curated news aggregator. All content rights belong to original publishers.\n", TODAY
        )


def test_limits_of_the_contract_are_kept_and_reported():
    lines = "\n".join(f"- Point {n} [1]" for n in range(1, 15))
    text = (
        f"{'Long title ' * 20}\n{'A hook that goes on ' * 15}\nKey Takeaways\n{lines}\nSources\nexample.org\n"
    )
    result = import_export(text, TODAY)
    data = validate(parse_brief_text(result.text, "draft.md"))
    assert len(data.title) <= 140 and data.title.endswith("…")
    assert len(data.hook) <= 220 and data.hook.endswith("…")
    assert len(data.takeaways) == 12
    assert data.sources[0].title == "example.org"
    assert result.needs_editor == [
        "title: the export's text was longer than 140 characters and was cut; rewrite it",
        *EDITORIAL_NOTES,
        "hook: the export's text was longer than 220 characters and was cut; rewrite it",
        "tldr.what_changed: the export had no TL;DR; write what changed",
        "tldr.why_it_matters: the export had no TL;DR; write why it matters",
        "tldr.what_to_do_next: the export had no TL;DR; write what to do next",
        "takeaways: the export had 14, more than 12; the rest were left out",
        "sources.0.title: the export gives only the site example.org; add the title",
        SOURCE_URL_NOTE.format(0, "example.org"),
    ]


def test_sources_without_a_site_or_with_a_wrong_count_are_reported():
    text = "Title\nHook\nSources (3)\n- A press release with no site\nKey takeaways\nOne [1]\n"
    result = import_export(text, TODAY)
    data = front_matter(result)
    assert data["sources"] == [{"title": "A press release with no site", "url": PLACEHOLDER_URL}]
    assert "sources: the export says 3 sources but lists 1; check the list" in result.needs_editor
    assert "sources.0.url: the export names no site for 'A press release with no site'; add its address" in (
        result.needs_editor
    )


def test_an_export_without_sources_or_takeaways_still_validates():
    result = import_export("Just a title\n", TODAY)
    validate(parse_brief_text(result.text, "draft.md"))
    assert "takeaways: the export had no key takeaways; write at least one" in result.needs_editor
    assert "sources: the export listed no sources; add at least one" in result.needs_editor
    assert "hook: the export had no lead line; write why readers should care" in result.needs_editor


def test_text_that_fits_no_field_is_reported_not_guessed():
    text = MINIMAL.format(takeaway="One [1]").replace("Hook line\n", "Hook line\nA second lead line\n")
    text += "30-Second TL;DR\nA TL;DR without its sub-headings\n"
    notes = import_export(text, TODAY).needs_editor
    assert "hook: the export had text here that fits no field, left out: 'A second lead line'" in notes
    assert (
        "tldr: the export had text here that fits no field, left out: 'A TL;DR without its sub-headings'"
        in notes
    )


# Writing


def test_write_new_creates_folders_and_never_overwrites(tmp_path):
    path = tmp_path / "content" / "briefs" / "2025" / "draft.md"
    write_new(path, "first\n")
    with pytest.raises(FileExistsError):
        write_new(path, "second\n")
    assert path.read_text(encoding="utf-8") == "first\n"


# Which of ftfy's codec and the importer's error handler the interpreter knows, after importing every
# editor tool, then after importing one export.
CODECS_REGISTERED = """
import codecs, datetime
import briefs_tools.check, briefs_tools.cli, briefs_tools.new, briefs_tools.preview
from briefs_tools import importer

def known(lookup, name: str) -> bool:
    try:
        return bool(lookup(name))
    except LookupError:
        return False

def registered():
    handler = importer._AS_WINDOWS_1252
    return [known(codecs.lookup, "sloppy-windows-1252"), known(codecs.lookup_error, handler)]

print(registered())
importer.import_export(b"A title\\n", datetime.date(2025, 7, 14))
print(registered())
"""


def test_importing_the_tools_registers_no_codec_until_an_export_is_imported():
    """No interpreter-wide change at import: a process that imports the tools but no export keeps
    Python's codecs as they were."""
    result = subprocess.run(
        [sys.executable, "-c", CODECS_REGISTERED],
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.splitlines() == ["[False, False]", "[True, True]"]
