"""What the browser tests share: the pages of each type, and small helpers."""

from __future__ import annotations

import http.server
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

# Debian's Chromium; BRIEFS_CHROMIUM names another build of Chromium or Chrome (e.g. on a CI runner).
CHROMIUM = Path(os.environ.get("BRIEFS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The brief that fills every section (AI label, original source, story, Markdown body) and is
# added to the sample content; its week's recap and related updates come from the sample briefs.
BRIEF = "/briefs/chip-export-rules-tighten/"
NOT_FOUND = "/no-such-brief/"
# One page of each type, by site path. "404" is a path that does not exist: the test server answers
# it with 404.html and status 404, as GitHub Pages does, so its links must work from any folder.
PAGES = {
    "home": "/",
    "brief": BRIEF,
    "brief-sample": "/briefs/paris-ai-action-summit/",
    "category": "/category/policy/",
    "tag": "/tag/us-china/",
    "tags": "/tags/",
    "categories": "/categories/",
    "archives": "/archives/",
    "month": "/archives/2025/02/",
    "recap": "/recaps/2026-W04/",
    "recap-index": "/recaps/",
    "story": "/stories/eu-ai-act/",
    "stories": "/stories/",
    "about": "/about/",
    "search": "/search/",
    "search-results": "/search/?q=export",  # results are drawn by search.js
    "404": NOT_FOUND,
}
DESKTOP, PHONE = 1280, 390


def output_file(output: Path, path: str) -> Path:
    """The file a site path is served from (the 404 page for paths that do not exist)."""
    if path == NOT_FOUND:
        return output / "404.html"
    folder = path.split("?")[0].strip("/")
    return output / folder / "index.html" if folder else output / "index.html"


# Screenshots go outside the repository unless BRIEFS_SCREENSHOTS names another folder; the run
# prints where they are.
SCREENSHOTS = Path(
    os.environ.get("BRIEFS_SCREENSHOTS") or Path(tempfile.gettempdir()) / "ai-briefs-screenshots"
)
screenshots_taken: list[Path] = []

# Contrast of an element's text against what is painted behind it: the first ancestor-or-self
# background, with translucent layers composited down to an opaque one (white if none is).
CONTRAST_JS = """
(element) => {
  const parse = (css) => {
    const m = css.match(/rgba?\\(([\\d.]+)[, ]+([\\d.]+)[, ]+([\\d.]+)(?:[,\\/ ]+([\\d.]+%?))?\\)/);
    if (!m) throw new Error("unexpected colour " + css);
    let a = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith("%")) a /= 100;
    return [+m[1], +m[2], +m[3], a];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(element).color), background);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [hi, lo] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return {ratio: (hi + 0.05) / (lo + 0.05), text, background};
}
"""

# A short readable name for an element, for failure messages.
DESCRIBE_JS = """
(e) => {
  if (!e) return "(nothing)";
  const id = e.id ? "#" + e.id : "";
  const classes = typeof e.className === "string" ? e.className.trim().split(/\\s+/).filter(Boolean) : [];
  const cls = classes.map((c) => "." + c).join("");
  const text = (e.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return `<${e.tagName.toLowerCase()}${id}${cls}>` + (text ? ` "${text}"` : "");
}
"""


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site like GitHub Pages does: a missing path gets 404.html with status 404."""

    def log_message(self, format, *args):  # the test output stays readable
        pass

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served on 127.0.0.1 on a free port: its base URL, until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
