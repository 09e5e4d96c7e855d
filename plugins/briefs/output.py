"""Safe output: build into a staging folder and put it in place of OUTPUT_PATH only on success.

A failed or interrupted build leaves the last good site where it was. An OUTPUT_PATH that would
hold or overlap the content, or is the home folder or `/`, is refused before anything is written,
because Pelican may empty its output folder. The site a build replaces waits in a hidden sibling
folder and is deleted while the next build reads its content, so that no build waits for
thousands of deletions.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading

from pelican import signals

from .problems import BuildStopped

logger = logging.getLogger(__name__)


class UnsafeOutputPath(BuildStopped):
    """OUTPUT_PATH points somewhere a build must never write."""


def _real(path: str) -> str:
    return os.path.realpath(os.path.expanduser(path))


def check_output_path(output: str, content: str) -> None:
    """Refuse an output folder that is, holds or sits inside the content, or is home or `/`."""
    out, src = _real(output), _real(content)
    home = _real("~")
    if out in (os.sep, home) or os.path.commonpath([out, src]) in (out, src):
        raise UnsafeOutputPath(
            f"OUTPUT_PATH {output!r} is refused: building there could overwrite or delete content "
            f"in {content!r} (expected a folder of its own, such as 'output')"
        )


def staging_paths(target: str) -> tuple[str, str]:
    """Hidden siblings of the output folder: where a build writes, and where the old site waits."""
    parent, name = os.path.split(target.rstrip(os.sep))
    return os.path.join(parent, f".{name}.staging"), os.path.join(parent, f".{name}.previous")


def link_or_copy(source: str, target: str) -> None:
    """Put `source` at `target` as a hard link (instant, no space), or a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def stage(pelican) -> None:
    target = os.path.abspath(pelican.output_path)
    check_output_path(target, pelican.settings["PATH"])
    if pelican.settings.get("BRIEFS_PREVIEW"):
        return  # the live preview serves its own folder, rendering pages into it as they are asked for
    pelican.briefs_output_target = target
    pelican.output_path = staging_paths(target)[0]
    previous = staging_paths(target)[1]
    pelican.briefs_clearing = threading.Thread(target=shutil.rmtree, args=(previous, True), daemon=True)
    pelican.briefs_clearing.start()


def clear_staging(generator) -> None:
    """Start every run (the dev server runs many) from an empty staging folder."""
    staging = generator.output_path
    name = os.path.basename(staging)
    if name.startswith(".") and name.endswith(".staging") and os.path.isdir(staging):
        shutil.rmtree(staging)


def publish(pelican) -> None:
    """Swap the finished staging folder in; keep OUTPUT_RETENTION entries of the old site."""
    target = getattr(pelican, "briefs_output_target", None)
    if target is None or not os.path.isdir(pelican.output_path):
        return
    staging, previous = staging_paths(target)
    pelican.briefs_clearing.join()
    if os.path.isdir(target):
        for name in pelican.settings.get("OUTPUT_RETENTION", []):
            kept = os.path.join(target, name)
            if os.path.exists(kept) and not os.path.exists(os.path.join(staging, name)):
                shutil.move(kept, os.path.join(staging, name))
        shutil.rmtree(previous, ignore_errors=True)
        os.rename(target, previous)
    os.rename(staging, target)
    logger.debug("Site written to %s; the one it replaced waits in %s", target, previous)


def register() -> None:
    # `initialized` comes before the first run builds its generators and writer from output_path;
    # `generator_init` opens every run; `finalized` follows the last write of a successful run.
    signals.initialized.connect(stage)
    signals.generator_init.connect(clear_staging)
    signals.finalized.connect(publish)
