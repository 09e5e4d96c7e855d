"""Content files the build would silently miss or let clash: files in a content folder that no
reader reads, and pages whose address is a brief's or a listing's. Each is a problem that names the
file, like a brief's.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.readers import MarkdownReader

from .articles import briefs_in
from .problems import Problem, display_path
from .report import settle

logger = logging.getLogger(__name__)

# Pelican reads no .html or .rst content (see settings.py): raw HTML would bypass SafeMarkdown.
READ_EXTENSIONS = tuple(f".{extension}" for extension in MarkdownReader.file_extensions)


def unread_files(folder: str, what: str, settings: dict) -> list[Problem]:
    """A file in a content folder that the build will not read would silently be missing: name it.
    Files in STATIC_PATHS are copied as they are, so they are not named."""
    static = [os.path.abspath(os.path.join(settings["PATH"], s)) for s in settings["STATIC_PATHS"]]
    problems = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            path = os.path.join(parent, name)
            copied = any(os.path.commonpath([os.path.abspath(path), s]) == s for s in static)
            if name.startswith(".") or name.endswith(READ_EXTENSIONS) or copied:
                continue
            message = f"is not read: {what} is a Markdown file ending in .md (expected {name}.md, or no file)"
            problems.append(Problem(display_path(path), 1, "", message))
    for problem in problems:
        logger.error("%s", problem)
    return problems


def check_pages(generator) -> None:
    """Pages are held to the briefs' rules: read, inside the content folder, and never written over
    a brief's page (a page's `Save_as:` could otherwise replace one, raw HTML included)."""
    reader = generator.readers.readers.get("md")
    problems = list(getattr(reader, "problems", []))
    for folder in generator.settings["PAGE_PATHS"]:
        problems += unread_files(os.path.join(generator.path, folder), "a page", generator.settings)
    taken = {
        article.save_as: article.brief_path
        for group in ("articles", "drafts")
        for article in briefs_in(generator.context.get(group, []))
    }
    for template in generator.settings["DIRECT_TEMPLATES"]:
        save_as = generator.settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        taken.setdefault(save_as, f"the {template} page")
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    seen: dict[str, str] = {}
    for page in pages:
        shown = display_path(page.source_path)
        other = taken.get(page.save_as) or seen.get(page.save_as)
        seen.setdefault(page.save_as, shown)
        if other and page.save_as:
            message = (
                f"is written to {page.save_as}, which is also {other}'s (expected a page address of its own)"
            )
            problems.append(Problem(shown, _metadata_line(page.source_path, "save_as"), "save_as", message))
            logger.error("%s", problems[-1])
    if settle(generator.context, generator.settings, problems):
        invalid = {p.path for p in problems}
        for group in ("pages", "hidden_pages", "draft_pages"):
            kept = [p for p in getattr(generator, group) if display_path(p.source_path) not in invalid]
            setattr(generator, group, kept)


def _metadata_line(path: str, key: str) -> int:
    """The line of a page's `Key:` metadata, 1 if it has none (then its address came from its name)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.split(":", 1)[0].strip().lower() == key:
                return number
            if not line.strip():
                break
    return 1


def files_in(folder: str):
    """(path, path as shown in messages, name without extension, extension) of each file in an
    editor's folder such as recaps/ or stories/, by name; hidden files are skipped, and a folder
    that does not exist has none."""
    if not os.path.isdir(folder):
        return
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.startswith(".") and os.path.isfile(path):
            yield (path, display_path(path), *os.path.splitext(name))


def register() -> None:
    # Once every page is read, and before any is written: the briefs are known by then.
    signals.page_generator_finalized.connect(check_pages)
