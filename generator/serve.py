"""``baton serve``: build, serve on localhost, rebuild on change, reload.

The site is built as ``baton build`` builds it, into a folder of its own, and
served from there at the path of the base URL (``/`` without one), so a
preview breaks where the published site would. watchfiles watches the
content, ``baton.yaml`` and the theme; each change rebuilds, which reuses
what did not change (:mod:`.incremental`), and every open page reloads.

While the content has errors, every page is the list of them with file and
line, and it reloads itself into the site once they are fixed: the server
never stops for bad content.

Reloading needs a script, which the site itself never has. The server adds
one to each page as it sends it, and lets the page's Content-Security-Policy
load scripts and make requests to this server; the files on disk stay as the
build wrote them.
"""

from __future__ import annotations

import html
import json
import re
import signal
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable, Optional
from urllib.parse import parse_qs, urlsplit

from .build import Built
from .diagnostics import ContentError
from .output import OutputError

HOOK = "__baton__/"          # the server's own paths, under the site's path
WAIT_SECONDS = 20            # a page's request for changes is answered at least this often
# The page's policy (quotes as the template escaped them), opened for the reload script.
CSP_NONE = re.compile(r"default-src (&#39;|')none\1;")
CSP_RELOAD = r"default-src \1none\1; script-src \1self\1; connect-src \1self\1;"

RELOAD_JS = b"""// Added by baton serve, never part of the built site: reload on rebuild.
(function () {
  var script = new URL(document.currentScript.src);
  var seen = script.searchParams.get("generation");
  var changes = new URL("changes", script);
  function poll() {
    fetch(changes + "?since=" + seen, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (String(state.generation) !== seen) { location.reload(); } else { poll(); }
      }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


class Preview:
    """The state of the preview: the build generation and its errors."""

    def __init__(self, build: Callable[[], Built]):
        self._build = build
        self.generation = 0
        self.errors: tuple[str, ...] = ()
        self.seconds = 0.0        # how long the last build took
        self.changed = threading.Condition()
        self._building = threading.Lock()   # one build at a time

    def rebuild(self) -> Optional[Built]:
        """Build; remember the errors instead of raising them."""
        with self._building:
            built, errors = None, ()
            started = time.perf_counter()
            try:
                built = self._build()
            except ContentError as exc:
                errors = tuple(d.text() for d in exc.diagnostics)
            except OutputError as exc:
                errors = (f"error: {exc}",)
            with self.changed:
                self.seconds = time.perf_counter() - started
                self.generation += 1
                self.errors = errors
                self.changed.notify_all()
        return built

    def wait(self, since: str, timeout: float = WAIT_SECONDS) -> int:
        """The generation, once it is not ``since`` or after ``timeout`` s."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.generation) != since, timeout)
            return self.generation


def start_watching(preview: Preview, paths: Iterable[Path], stop: threading.Event,
                   report: Callable[[Optional[Built], Preview], None]) -> None:
    """Rebuild whenever something under ``paths`` changes, until ``stop``.

    Returns once the watches are in place, so an edit made as soon as the
    server says it is serving is never missed.
    """
    ready = threading.Event()
    threading.Thread(target=_watch, args=(preview, paths, stop, report, ready),
                     daemon=True).start()
    ready.wait()


def _watch(preview: Preview, paths: Iterable[Path], stop: threading.Event,
           report: Callable[[Optional[Built], Preview], None], ready: threading.Event) -> None:
    try:
        import watchfiles   # only the dev server needs it

        existing = [str(p) for p in paths if p.exists()]
        # The first answer, changes or a timeout, comes once the watches are set.
        for changes in watchfiles.watch(*existing, stop_event=stop, debounce=200, step=50,
                                        rust_timeout=100, yield_on_timeout=True,
                                        raise_interrupt=False):
            ready.set()
            if changes:
                report(preview.rebuild(), preview)
    finally:
        ready.set()


class Handler(SimpleHTTPRequestHandler):
    """Serves the built site under ``prefix``, the error page while the build
    is broken, and the reload script and its long poll under ``HOOK``."""

    preview: Preview
    prefix: str

    def log_message(self, format, *args):  # the terminal is for build results
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        if not url.path.startswith(self.prefix):
            if url.path == "/":
                return self._redirect(self.prefix)
            return self.send_error(HTTPStatus.NOT_FOUND, f"the site is at {self.prefix}")
        rest = url.path[len(self.prefix):]
        if rest == HOOK + "reload.js":
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        if rest == HOOK + "changes":
            since = parse_qs(url.query).get("since", [""])[0]
            body = json.dumps({"generation": self.preview.wait(since)}).encode()
            return self._send(body, "application/json")
        file = Path(self.translate_path("/" + rest))
        if file.is_dir() and rest and not rest.endswith("/"):
            return self._redirect(self.prefix + rest + "/")
        if not (file.is_dir() or rest.endswith(".html")):
            self.path = "/" + rest
            return super().do_GET()
        if self.preview.errors:
            return self._send(self._error_page(), "text/html; charset=utf-8",
                              HTTPStatus.INTERNAL_SERVER_ERROR)
        try:
            text = (file / "index.html" if file.is_dir() else file).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return self.send_error(HTTPStatus.NOT_FOUND)
        return self._send(self._with_reload(text).encode("utf-8"), "text/html; charset=utf-8")

    def _with_reload(self, text: str) -> str:
        script = (f'<script src="{self.prefix}{HOOK}reload.js?generation='
                  f'{self.preview.generation}"></script>\n')
        text = CSP_NONE.sub(CSP_RELOAD, text, count=1)
        return text.replace("</head>", script + "</head>", 1)

    def _error_page(self) -> bytes:
        lines = "\n".join(html.escape(line) for line in self.preview.errors)
        count = len(self.preview.errors)
        page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                f"<title>Build failed</title></head>\n<body>\n<h1>Build failed</h1>\n"
                f"<p>Fix {'this problem' if count == 1 else f'these {count} problems'} "
                f"and save: this page will show the site again.</p>\n<pre>{lines}</pre>\n"
                f"</body></html>\n")
        return self._with_reload(page).encode("utf-8")

    def _redirect(self, location: str):
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve_until_stopped(server: ThreadingHTTPServer, stop: threading.Event) -> None:
    """Serve until Ctrl+C or SIGTERM, then stop the watcher too."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def make_server(preview: Preview, out_dir: Path, prefix: str, host: str,
                port: int) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (Handler,), {"preview": preview, "prefix": prefix})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(out_dir)))
    server.daemon_threads = True
    return server
