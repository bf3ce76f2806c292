"""``baton serve``: build, serve on localhost, rebuild on change, reload.

The site is built as ``baton build`` builds it, into a folder of its own, and
served from there at the path of the base URL (``/`` without one), so a
preview breaks where the published site would. watchfiles watches the
content, ``baton.yaml`` and the theme; each change rebuilds, which reuses
what did not change (:mod:`generator.cache`), and every open page reloads.

While the content has errors, every page is the list of them with file and
line, and it reloads itself into the site once they are fixed: the server
never stops for bad content.

The server answers only requests for this machine (the ``Host`` header must
be localhost, 127.0.0.1, [::1] or ``--host``, with the port: a web page that
points its own name at 127.0.0.1 learns nothing), and serves only the files
its last good build wrote, by the manifest: never a folder the build refused.
A malformed request gets 400.

Reloading needs a script, which the site itself never has. The server adds
one to each page as it sends it, and lets the page's Content-Security-Policy
load scripts and make requests to this server; the files on disk stay as the
build wrote them.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.build import Built
from generator.errors import ContentError
from generator.publish.output import OutputError, read_manifest

HOOK = "__baton__/"          # the server's own paths, under the site's path
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
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
        self.files: dict[str, Path] = {}   # what the last good build wrote, by site path
        self.seconds = 0.0        # how long the last build took
        self.changed = threading.Condition()
        self._building = threading.Lock()   # one build at a time

    def rebuild(self) -> Built | None:
        """Build; remember the errors instead of raising them."""
        with self._building:
            built: Built | None = None
            errors: tuple[str, ...] = ()
            started = time.perf_counter()
            try:
                built = self._build()
            except ContentError as exc:
                errors = tuple(d.text() for d in exc.diagnostics)
            except OutputError as exc:
                errors = (f"error: {exc}",)
            files = self.files
            if built is not None:
                manifest = read_manifest(built.out_dir)
                files = {path: built.out_dir / path for path in manifest.files} if manifest else {}
            with self.changed:
                self.seconds = time.perf_counter() - started
                self.generation += 1
                self.errors = errors
                self.files = files
                self.changed.notify_all()
        return built

    def wait(self, since: str, timeout: float = WAIT_SECONDS) -> int:
        """The generation, once it is not ``since`` or after ``timeout`` s."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.generation) != since, timeout)
            return self.generation


def start_watching(preview: Preview, paths: Iterable[Path], stop: threading.Event,
                   report: Callable[[Built | None, Preview], None]) -> None:
    """Rebuild whenever something under ``paths`` changes, until ``stop``.

    Returns once the watches are in place, so an edit made as soon as the
    server says it is serving is never missed.
    """
    ready = threading.Event()
    threading.Thread(target=_watch, args=(preview, paths, stop, report, ready),
                     daemon=True).start()
    ready.wait()


def _watch(preview: Preview, paths: Iterable[Path], stop: threading.Event,
           report: Callable[[Built | None, Preview], None], ready: threading.Event) -> None:
    try:
        import watchfiles  # only the dev server needs it

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


class Handler(BaseHTTPRequestHandler):
    """Serves the built site under ``prefix``, the error page while the build
    is broken, and the reload script and its long poll under ``HOOK``."""

    preview: Preview
    prefix: str
    hosts: frozenset[str]     # what the Host header may say

    def log_message(self, format, *args):  # the terminal is for build results
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.headers.get("Host", "").lower() not in self.hosts:
            return self._refuse(HTTPStatus.MISDIRECTED_REQUEST,
                                "this preview answers only to localhost")
        url = urlsplit(self.path)
        try:
            path = unquote(url.path, errors="strict")
        except UnicodeDecodeError:
            return self._refuse(HTTPStatus.BAD_REQUEST, "malformed path")
        if any(ord(c) < 32 or c == "\x7f" or c == "\\" for c in path) or "/../" in path + "/":
            return self._refuse(HTTPStatus.BAD_REQUEST, "malformed path")
        if not path.startswith(self.prefix):
            if path == "/":
                return self._redirect(self.prefix)
            return self._refuse(HTTPStatus.NOT_FOUND, f"the site is at {self.prefix}")
        rest = path[len(self.prefix):]
        if rest == HOOK + "reload.js":
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        if rest == HOOK + "changes":
            since = parse_qs(url.query).get("since", [""])[0]
            body = json.dumps({"generation": self.preview.wait(since)}).encode()
            return self._send(body, "application/json")
        if self.preview.errors and (not rest or rest.endswith(("/", ".html"))):
            return self._send(self._error_page(), "text/html; charset=utf-8",
                              HTTPStatus.INTERNAL_SERVER_ERROR)
        files = self.preview.files
        if rest and not rest.endswith("/") and rest + "/index.html" in files:
            return self._redirect(self.prefix + rest + "/")
        name = rest + "index.html" if not rest or rest.endswith("/") else rest
        file = files.get(name)
        if file is None:
            return self._refuse(HTTPStatus.NOT_FOUND, "not part of the site")
        try:
            body = file.read_bytes()
        except OSError:
            return self._refuse(HTTPStatus.NOT_FOUND, "not part of the site")
        if name.endswith(".html"):
            return self._send(self._with_reload(body.decode("utf-8", "replace")).encode("utf-8"),
                              "text/html; charset=utf-8")
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return self._send(body, kind)

    def _refuse(self, status: HTTPStatus, why: str):
        self._send(f"{status.value} {status.phrase}: {why}\n".encode(), "text/plain; charset=utf-8",
                   status)

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
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A request that breaks the handler (a client gone, a bad request
        line) costs that request only: no traceback in the build's terminal."""


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


def make_server(preview: Preview, prefix: str, host: str, port: int) -> ThreadingHTTPServer:
    """A server for ``preview`` on ``host:port`` (0: a free port), answering
    to localhost and to ``host``, with the port it got."""
    server = _Server((host, port), Handler, bind_and_activate=True)
    names = {*LOCAL_HOSTS, f"[{host.lower()}]" if ":" in host else host.lower()}
    hosts = frozenset(f"{name}:{server.server_port}" for name in names) | (
        frozenset(names) if server.server_port == 80 else frozenset())
    server.RequestHandlerClass = type("SiteHandler", (Handler,),
                                      {"preview": preview, "prefix": prefix, "hosts": hosts})
    return server
