"""Safe output: build into a staging folder and put it in place of OUTPUT_PATH only on success.

A failed or interrupted build leaves the last good site where it was. An OUTPUT_PATH that would
hold or overlap the content, or is the home folder or `/`, is refused before anything is written,
because Pelican may empty its output folder; so is an existing folder the build did not make (each
site it makes carries the MARKER file), which it would otherwise replace and later delete. One
build at a time writes to an output folder: a lock file beside it says which process holds it.

The finished site is swapped in with one atomic exchange of the two folders (Linux's
`renameat2(RENAME_EXCHANGE)`), so a reader, a web server or a kill -9 never finds the output folder
missing or half-written; where the system has no exchange, two renames, and the next build puts
the last good site back if a build was stopped between them. The site a build replaces waits in a
hidden sibling folder and is deleted while the next build reads its content, so that no build
waits for thousands of deletions.
"""

from __future__ import annotations

import ctypes
import fcntl
import functools
import logging
import os
import shutil
import threading

from pelican import signals

from .problems import BuildStopped, display_path

# Every site a build makes holds this file: only such a folder is ever replaced or deleted.
MARKER = ".ai-briefs-site"

logger = logging.getLogger(__name__)


class UnsafeOutputPath(BuildStopped):
    """OUTPUT_PATH points somewhere a build must never write."""


class BuildFailed(BuildStopped):
    """A step of a strict build failed: the last good site stays."""


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


def live_folder(staging: str) -> str | None:
    """The output folder that a staging folder is built for; None for any other folder."""
    parent, name = os.path.split(staging.rstrip(os.sep))
    if name.startswith(".") and name.endswith(".staging"):
        return os.path.join(parent, name[1 : -len(".staging")])
    return None


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
    staging, previous = staging_paths(target)
    new_lock = not os.path.exists(lock_path(target))
    hold_lock(target)  # first: another build's folders change under the checks
    try:
        for folder in (target, staging, previous):
            check_ours(folder)
    except UnsafeOutputPath:
        release_lock(target)
        if new_lock:
            os.remove(lock_path(target))  # leave nothing beside a folder that is not ours
        raise
    if not os.path.lexists(target) and is_ours(previous):
        os.rename(previous, target)  # a build was stopped between its two renames: undo it
        logger.warning("Put back the last good site in %s, left aside by a build that was stopped", target)
    pelican.briefs_output_target = target
    pelican.output_path = staging
    # DELETE_OUTPUT_DIRECTORY empties the staging folder: all but the marker
    pelican.output_retention = [*pelican.output_retention, MARKER]
    pelican.briefs_clearing = threading.Thread(target=shutil.rmtree, args=(previous, True), daemon=True)
    pelican.briefs_clearing.start()
    _failures.errors.clear()
    if _failures not in logging.getLogger().handlers:
        logging.getLogger().addHandler(_failures)


def is_ours(folder: str) -> bool:
    real_folder = os.path.isdir(folder) and not os.path.islink(folder)
    return real_folder and os.path.isfile(os.path.join(folder, MARKER))


def check_ours(folder: str) -> None:
    """Refuse to replace or delete anything at `folder` but a site this build made, or nothing."""
    if not os.path.lexists(folder) or is_ours(folder):
        return
    if os.path.isdir(folder) and not os.path.islink(folder) and not os.listdir(folder):
        os.rmdir(folder)  # an empty folder (a fresh clone's output/) holds nothing to lose
        return
    raise UnsafeOutputPath(
        f"{folder} is refused: it exists and was not made by an AI Briefs build (it has no {MARKER} "
        "file), and building would replace it (expected a folder of its own, such as 'output'; "
        "move this one away, or delete it if it is an old build)"
    )


def hold_lock(target: str) -> None:
    """Take the output folder's lock, or stop: two builds swapping sites in at once could publish
    half of each. The lock is the operating system's, so a killed build never leaves it taken; a
    finished build lets it go, a failed one keeps it until its process ends or builds again."""
    path = lock_path(target)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if path in _held:
        return  # this process holds it from an earlier run that failed
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open until the process ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise BuildStopped(
            f"another build is writing {display_path(target)}/ (pid {holder}); "
            "wait for it to finish, or build into another OUTPUT_PATH"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _held[path] = handle


def lock_path(target: str) -> str:
    parent, name = os.path.split(target.rstrip(os.sep))
    return os.path.join(parent, f".{name}.lock")


_held: dict[str, object] = {}


class _FailureCount(logging.Handler):
    """Counts the errors logged while a build runs: a step that failed (a page that could not be
    written, an index that could not be made) fails a strict build, even where Pelican carries on."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage().splitlines()[0] if record.getMessage() else "")
        # With no handler of its own (`--log-handler plain`), Python prints warnings and errors
        # through its last-resort handler, but only while no handler at all is set: stand in for it.
        last_resort = logging.lastResort
        if logging.root.handlers == [self] and last_resort and record.levelno >= last_resort.level:
            last_resort.handle(record)


_failures = _FailureCount()


def clear_staging(generator) -> None:
    """Start every run (the dev server runs many) from an empty staging folder, marked as ours."""
    staging = generator.output_path
    if live_folder(staging) is None:
        return
    if is_ours(staging):
        shutil.rmtree(staging)
    check_ours(staging)
    os.makedirs(staging, exist_ok=True)
    with open(os.path.join(staging, MARKER), "w", encoding="utf-8") as handle:
        handle.write("Made by an AI Briefs build; the next build replaces this folder.\n")


def publish(pelican) -> None:
    """Swap the finished staging folder in; keep OUTPUT_RETENTION entries of the old site."""
    target = getattr(pelican, "briefs_output_target", None)
    if target is None or not os.path.isdir(pelican.output_path):
        return
    if _failures.errors and pelican.settings["BRIEFS_STRICT"]:
        raise BuildFailed(
            f"{len(_failures.errors)} step(s) of the build failed (first: {_failures.errors[0]}); "
            "nothing was published (BRIEFS_STRICT is on)"
        )
    staging, previous = staging_paths(target)
    pelican.briefs_clearing.join()
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.isdir(target):
        for name in pelican.settings.get("OUTPUT_RETENTION", []):
            kept = os.path.join(target, name)
            if os.path.exists(kept) and not os.path.exists(os.path.join(staging, name)):
                shutil.move(kept, os.path.join(staging, name))
        if exchange(staging, target):
            os.rename(staging, previous)  # the old site, now in the staging folder
        else:
            os.rename(target, previous)
            os.rename(staging, target)
    else:
        os.rename(staging, target)
    logger.debug("Site written to %s; the one it replaced waits in %s", target, previous)
    release_lock(target)


def release_lock(target: str) -> None:
    handle = _held.pop(lock_path(target), None)
    if handle is not None:
        handle.close()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: str, second: str) -> bool:
    """Swap two folders in one atomic step; False where the system cannot (then nothing moved)."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def register() -> None:
    # `initialized` comes before the first run builds its generators and writer from output_path;
    # `generator_init` opens every run; `finalized` follows the last write of a successful run.
    signals.initialized.connect(stage)
    signals.generator_init.connect(clear_staging)
    signals.finalized.connect(publish)
