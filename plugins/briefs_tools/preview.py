"""The live preview (`make serve`): one process that holds the site in memory and serves it.

It builds the site's context with Pelican once, then again after every saved change; briefs are
read again only when their file changed (`reader.KeptReads`), while everything that spans briefs
(related updates, recaps, stories, tags, indexes) is computed afresh by the same plugins as a
build. No page is rendered until it is asked for: the writer of each build records Pelican's
`write_file` and `write_feed` calls by the files they will write, and a request renders its call
with Pelican's own Writer, from the current build, once. So what the preview shows is what a
build of the current content writes, with no rule for templates to keep.

A small script (served by the preview, never written into the site) keeps an EventSource open and
reloads the tab when a new build is ready. A brief with errors keeps its last good version on
screen, and every page lists the problems. A change to the settings or the plugins' code restarts
the process. The preview writes only into its own folder (in CACHE_PATH), never into content.
"""

from __future__ import annotations

import http.server
import inspect
import logging
import mimetypes
import os
import posixpath
import shutil
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.paginator import Paginator
from pelican.writers import Writer

from briefs.collector import collect_last_build
from briefs.problems import display_path

logger = logging.getLogger(__name__)
_WRITE_FILE = inspect.signature(Writer.write_file)

PREFIX = "/__preview/"
MARKER = ".ai-briefs-preview"
IDLE_COLLECT_S = 2.0
RELOAD_SCRIPT = Path(__file__).with_name("preview.js")
# The preview leaves out what only a published site needs and costs time on every change.
PREVIEW_SETTINGS = {
    "BRIEFS_STRICT": False,
    "BRIEFS_SEARCH": False,  # Pagefind indexes written pages; the preview writes few
    "BRIEFS_SOCIAL_CARD_SAVE_AS": "",
    "BRIEFS_SOCIAL_CARD_URL": "",
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "DELETE_OUTPUT_DIRECTORY": False,
}


@dataclass
class Call:
    """One `write_file` or `write_feed` call of a build, and the files of it rendered so far."""

    method: str
    args: tuple
    kwargs: dict
    done: set[str] = field(default_factory=set)


class RecordingWriter(Writer):
    """Records the calls of a build; `render` makes one file of a call with Pelican's Writer."""

    preview: Preview  # set on the class the preview hands to Pelican

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.calls: dict[str, Call] = {}
        self.preview.writer_made(self)

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return
        call = Call("write_file", (name, template, context, *args), kwargs)
        for page in self._pages_of(call):
            self.calls.setdefault(page, call)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path:
            self.calls.setdefault(path, Call("write_feed", (elements, context, path, *args), kwargs))

    def write_later(self, path: str, write) -> None:
        """For a generator that writes a file itself (the feeds): `write()` when it is asked for."""
        self.calls.setdefault(path, Call("later", (write,), {}))

    def _pages_of(self, call: Call) -> list[str]:
        """The files one `write_file` call writes. Pelican names the numbered pages of a call only
        while it writes them, so they are named here with its Paginator, on the rule its
        `write_file` documents: the lists in `paginated` (or `articles`/`dates`) of a template in
        PAGINATED_TEMPLATES, DEFAULT_PAGINATION to a page."""
        bound = _WRITE_FILE.bind(self, *call.args, **call.kwargs)
        bound.apply_defaults()
        name, paginated, template_name, url = (
            bound.arguments[key] for key in ("name", "paginated", "template_name", "url")
        )
        if paginated is None:
            extra = bound.arguments["kwargs"]
            paginated = {key: value for key, value in extra.items() if key in ("articles", "dates")}
        templates = self.settings["PAGINATED_TEMPLATES"]
        if not paginated or template_name not in templates:
            return [name]
        per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
        paginator = Paginator(name, url, next(iter(paginated.values())), self.settings, per_page)
        return [paginator.page(number).save_as for number in range(1, paginator.num_pages + 1)]

    def render(self, name: str) -> bool:
        """Write `name` as its call does, once per build; False if no call makes it.

        A call of numbered pages (the home page of 5,000 briefs has 500) is run by Pelican as a
        whole, so its template stands in for the real one and renders only the page asked for.
        """
        call = self.calls.get(name)
        if call is None:
            return False
        if name in call.done:
            return True
        # A Writer of Pelican's for each render: one writer never writes a file twice.
        writer = Writer(self.output_path, settings=self.settings)
        if call.method == "later":
            call.args[0]()
        elif call.method == "write_feed":
            writer.write_feed(*call.args, **call.kwargs)
        else:
            first, template, *rest = call.args
            one_page = OnePage(template, name, call.done, self.output_path)
            writer.write_file(first, one_page, *rest, **call.kwargs)
        call.done.add(name)
        return True


class OnePage:
    """Stands in for a template while a call writes its pages: the page asked for is rendered,
    pages rendered before are written again as they were, and the others are left empty (the
    preview never serves a page it has not rendered)."""

    def __init__(self, template, wanted: str, done: set[str], folder: str):
        self.template = template
        self.wanted = wanted
        self.done = done
        self.folder = folder

    def render(self, localcontext: dict) -> str:
        name = localcontext["output_file"]
        if name == self.wanted:
            return self.template.render(localcontext)
        if name in self.done:
            with open(os.path.join(self.folder, name), encoding="utf-8") as handle:
                return handle.read()
        return ""


class Preview:
    """The site as of the last build, rebuilt after each change, served page by page."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.current: RecordingWriter | None = None  # the writer of the last build that succeeded
        self.number = 0
        self.written: set[str] = set()  # every file the writer has written, in any build
        self.started = time.time_ns()
        self.lock = threading.Lock()  # one build or one render at a time
        self.changed = threading.Condition()
        self._writer: RecordingWriter | None = None
        writer_class = type("PreviewWriter", (RecordingWriter,), {"preview": self})
        signals.get_writer.connect(lambda _pelican: writer_class, weak=False)
        signals.content_written.connect(self._note_written, weak=False)
        signals.feed_written.connect(self._note_written, weak=False)
        self.pelican = Pelican(settings)

    def name_of(self, number: int) -> str:
        """A build's name, new across restarts too, so that an open tab knows it is out of date."""
        return f"{self.started}-{number}"

    def writer_made(self, writer: RecordingWriter) -> None:
        self._writer = writer

    def rebuild(self) -> None:
        """Build the context again from the current content; keep serving the last build if it fails."""
        started = time.monotonic()
        with self.lock:
            self.pelican.settings["BRIEFS_PREVIEW"] = self.name_of(self.number + 1)
            self._writer = None
            try:
                self.pelican.run()
            except Exception as error:  # a template or plugin error: say so, keep the last build
                logger.error("The preview could not be built: %s: %s", type(error).__name__, error)
                return
            self.number += 1
            self.current = self._writer
        with self.changed:
            self.changed.notify_all()
        print(f"-> preview {self.number} ready in {time.monotonic() - started:.2f} s", flush=True)
        # The last build's site is garbage now; collecting it takes about 1 s at 5,000 briefs, so
        # it is done once the open tab has had time to reload, not while the editor waits.
        timer = threading.Timer(IDLE_COLLECT_S, self._collect, args=(self.number,))
        timer.daemon = True
        timer.start()

    def _collect(self, number: int) -> None:
        with self.lock:
            if number == self.number:
                collect_last_build()

    def file_for(self, name: str) -> str | None:
        """The output file to serve for `name` in the current build, rendered first if it is a page."""
        with self.lock:
            if self.current is None:
                return None
            path = os.path.join(self.pelican.output_path, name)
            if self.current.render(name):
                return path
            # What the writer wrote for an earlier build and this one does not make (a deleted
            # brief's page, or its tag's feed) is gone; other files (theme, sitemap) are rewritten
            # by every build.
            if name in self.written or name == MARKER or not os.path.isfile(path):
                return None
            return path

    def _note_written(self, path: str, **_signal) -> None:
        self.written.add(os.path.relpath(path, self.pelican.output_path))


def make_handler(preview: Preview):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # requests are not logged; failures are
            pass

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == PREFIX + "reload.js":
                self._send(200, RELOAD_SCRIPT.read_bytes(), "text/javascript")
            elif path == PREFIX + "events":
                self._events()
            else:
                self._page(path)

        def _page(self, path: str) -> None:
            name = urllib.parse.unquote(path).lstrip("/")
            name = posixpath.normpath(name) if name else ""
            if name.startswith(".."):
                return self._send(404, b"Not found", "text/plain")
            if name in ("", ".") or path.endswith("/"):
                name = posixpath.join(name if name != "." else "", "index.html")
            try:
                file = preview.file_for(name)
                folder = posixpath.join(name, "index.html")
                if file is None and "." not in posixpath.basename(name) and preview.file_for(folder):
                    return self._redirect("/" + name + "/")
                if file is None:
                    file = preview.file_for("404.html")
                    status = 404
                else:
                    status = 200
            except Exception as error:  # a template error on this page: show it, keep serving
                logger.error("Rendering /%s failed: %s: %s", name, type(error).__name__, error)
                text = f"The preview could not render /{name}:\n\n{type(error).__name__}: {error}\n"
                return self._send(500, text.encode(), "text/plain; charset=utf-8")
            if file is None:
                return self._send(404, b"Not found", "text/plain")
            kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
                kind += "; charset=utf-8"
            with open(file, "rb") as handle:
                self._send(status, handle.read(), kind)

        def _redirect(self, location: str) -> None:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

        def _events(self) -> None:
            """Server-sent events: the name of the current build, again after every build."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = None
            try:
                while True:
                    with preview.changed:
                        if seen == preview.number:
                            preview.changed.wait(timeout=15)
                    if seen == preview.number:
                        self.wfile.write(b": still here\n\n")  # finds a closed tab
                    else:
                        seen = preview.number
                        self.wfile.write(f"data: {preview.name_of(seen)}\n\n".encode())
                    self.wfile.flush()
            except OSError:  # the tab was closed or reloaded
                self.close_connection = True

    return Handler


class PreviewServer(http.server.ThreadingHTTPServer):
    # An open tab's event stream never ends: closing the server (on Ctrl-C, or to restart) must not
    # wait for the threads that serve them.
    daemon_threads = True
    block_on_close = False


def preview_settings(settings_file: str, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings

    settings = read_settings(settings_file, override={**PREVIEW_SETTINGS, **(overrides or {})})
    if not (overrides or {}).get("OUTPUT_PATH"):
        settings["OUTPUT_PATH"] = os.path.join(settings["CACHE_PATH"], "preview")
    settings["BRIEFS_PREVIEW"] = "starting"
    return settings


def fresh_folder(folder: str) -> None:
    """Empty the preview's own folder (marked as its own), so nothing of an earlier run is served."""
    marker = os.path.join(folder, MARKER)
    if os.path.lexists(folder) and not os.path.isfile(marker):
        raise SystemExit(
            f"{folder} exists and is not a preview's folder (it has no {MARKER}); the preview "
            "empties its folder, so move that one away or set another CACHE_PATH"
        )
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write("The live preview's pages; emptied each time `make serve` starts.\n")


def inside(path: str, roots: list[str]) -> bool:
    path = os.path.abspath(path)
    return any(path == root or path.startswith(root + os.sep) for root in map(os.path.abspath, roots))


def serve(settings_file: str, port: int, host: str = "127.0.0.1", overrides: dict | None = None) -> int:
    """Build, serve on http://host:port/ and rebuild after every change until Ctrl-C."""
    server = None
    try:
        settings = preview_settings(settings_file, overrides)
        fresh_folder(settings["OUTPUT_PATH"])
        started = time.monotonic()
        preview = Preview(settings)
        preview.rebuild()
        if preview.current is None:
            print("The preview could not be built; fix the error above and run `make serve` again.")
            return 1
        server = PreviewServer((host, port), make_handler(preview))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"Preview of {display_path(settings['PATH'])} at http://localhost:{port}/ "
            f"(ready in {time.monotonic() - started:.1f} s; Ctrl-C stops)",
            flush=True,
        )
        for paths in changes(settings, settings_file):
            print("-> changed: " + ", ".join(sorted(display_path(p) for p in paths)), flush=True)
            if not all(inside(path, [settings["PATH"], settings["THEME"]]) for path in paths):
                # Settings and plugins are imported once per process.
                print("-> settings or plugin code changed: restarting the preview", flush=True)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            preview.rebuild()
    except KeyboardInterrupt:
        print("Preview stopped.")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return 0


def changes(settings: dict, settings_file: str):
    """Sets of changed paths: content, the theme, the plugins and the settings files. The settings
    file's folder is watched, not the file, as editors save by replacing the file."""
    import watchfiles

    roots = [os.path.abspath(p) for p in (settings["PATH"], settings["THEME"], *settings["PLUGIN_PATHS"])]
    folder = os.path.dirname(os.path.abspath(settings_file))
    ignored = watchfiles.DefaultFilter()

    def wanted(change, path: str) -> bool:
        settings_like = os.path.dirname(path) == folder and path.endswith(".py")
        return ignored(change, path) and (inside(path, roots) or settings_like)

    watched = [path for path in {*roots, folder} if os.path.exists(path)]
    for found in watchfiles.watch(*watched, watch_filter=wanted, debounce=400, step=30):
        yield {path for _, path in found}
