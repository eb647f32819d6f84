"""`build.py serve [--port 8000]`: build, serve on 127.0.0.1, rebuild and reload on change.

livereload serves the pages and tells browsers to reload over its websocket.
Changes are found by our own watcher (the kernel's notifications, or a poll
of file stamps where there are none), because livereload's polls every
800 ms and throttles reloads to one every few seconds. Each change runs the long-lived :class:`Engine`,
which renders only what the change affects.

When content has an error, the last good pages keep being served with the
error (file, line, message) laid over them, and printed in the terminal;
saving a fix brings the page back by itself. Nothing an editor writes can
stop the server.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import ioloop

from ..diagnostics import Severity, error, format_all
from ..engine import BuildResult, Engine
from ..search import index_site
from ..watch import Watcher
from ..write import work_folder
from .build import cache_folder, report, usage_problem

OVERLAY_CSS = b"""
.build-errors { position: fixed; inset: 0; z-index: 1000; overflow: auto; padding: 30px;
  background: rgba(11, 12, 12, .92); color: #fff; font: 16px/1.5 system-ui, sans-serif; }
.build-errors h2 { margin: 0 0 10px; font-size: 24px; color: #fff; }
.build-errors pre { white-space: pre-wrap; background: #0b0c0c; border-left: 5px solid #d4351c;
  padding: 15px; font: 15px/1.5 ui-monospace, Menlo, Consolas, monospace; }
"""


#: The longest request path served: far longer than any the site has.
MAX_PATH_BYTES = 1024


class DevApp:
    """Serves site/ like a static host would, with the current build's errors laid over pages."""

    def __init__(self, root: Path, engine: Engine):
        self.root, self.engine = root.resolve(), engine

    def __call__(self, environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/"))
        if path == "/__serve__/overlay.css":
            return self._respond(start_response, "200 OK", "text/css", OVERLAY_CSS)
        # No file of the site has such a name: refused before the file system is asked
        # (which would fail, on a NUL byte or a name too long, with an exception).
        if "\0" in path or len(path.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES:
            return self._respond(start_response, "400 Bad Request", "text/plain", b"Bad request")
        try:
            target = self._file(path)
        except (OSError, ValueError):
            return self._respond(start_response, "400 Bad Request", "text/plain", b"Bad request")
        if target is None:
            return self._respond(start_response, "403 Forbidden", "text/plain", b"Forbidden")
        status = "200 OK"
        if not target.is_file():
            status, target = "404 Not Found", self.root / "404.html"
            if not target.is_file():
                return self._respond(start_response, status, "text/plain", b"Not found")
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self._with_errors(data)
        return self._respond(start_response, status, kind, data)

    def _file(self, path: str) -> Path | None:
        """The file a path names (a folder's index.html), or None if it is outside the site."""
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return None
        return target / "index.html" if target.is_dir() else target

    @staticmethod
    def _respond(start_response, status: str, kind: str, data: bytes):
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""
        start_response(status, [("Content-Type", kind + charset), ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store")])
        return [data]

    def _with_errors(self, page: bytes) -> bytes:
        result = self.engine.last
        if result is None or result.ok:
            return page
        problems = [p for p in result.problems if p.severity is Severity.ERROR]
        overlay = (
            '<link rel="stylesheet" href="/__serve__/overlay.css">'
            '<div class="build-errors" role="alert"><h2>The site could not be rebuilt</h2>'
            f"<p>{len(problems)} {'error' if len(problems) == 1 else 'errors'}. "
            "You are looking at the last good version of this page. Fix the problem and save: "
            "this page reloads by itself.</p>"
            f"<pre>{html.escape(format_all(problems))}</pre></div>").encode()
        start = page.find(b"<body>")
        return page if start < 0 else page[:start + 6] + overlay + page[start + 6:]


class LiveServer(Server):
    """livereload's server, injecting its script as an external file.

    Pages forbid inline script (Content-Security-Policy); the script livereload
    normally inlines would be blocked.
    """

    port = 8000

    def get_web_handlers(self, script):
        external = f'<script src="/livereload.js?port={self.port}"></script>'.encode()
        return super().get_web_handlers(external)


class Indexer:
    """Rebuilds the search index in the background after good builds, one run at a time."""

    def __init__(self, out: Path):
        self.out, self.lock, self.again, self.running = out, threading.Lock(), False, False
        self.digest = ""

    def request(self, digest: str) -> None:
        with self.lock:
            self.digest = digest
            if self.running:
                self.again = True
                return
            self.running = True
        threading.Thread(target=self._work, daemon=True).start()

    def _work(self) -> None:
        while True:
            result = index_site(self.out, self.digest, background=True,
                                work=work_folder(self.out) / "serve-search")
            if not result.ok:
                print(f"warning: {result.message}", file=sys.stderr, flush=True)
            with self.lock:
                if not self.again:
                    self.running = False
                    return
                self.again = False


def run(args) -> int:
    problem = usage_problem(args)
    if problem:
        print(f"build.py serve: error: {problem}", file=sys.stderr)
        return 2
    engine = Engine(args.content, args.out, args.templates, args.base_url, drafts=True,
                    early_write=True, resident=True, cache=cache_folder(args), force=args.force)
    args.out.mkdir(parents=True, exist_ok=True)

    indexer = Indexer(args.out)

    def rebuild() -> BuildResult:
        started = time.perf_counter()
        try:
            result = engine.build()
        except Exception as exc:  # a bug must not stop the server an editor is using
            result = BuildResult([error(f"internal error while building: {exc!r}",
                                        hint="please report this; details follow in the terminal")])
            engine.last = result
            traceback.print_exc()
        report(result, args)
        if result.ok:
            print(f"  page{'s' if result.written != 1 else ''} on disk "
                  f"{time.perf_counter() - started:.3f} s after the change was seen", flush=True)
            indexer.request(result.pages_digest)
        if LiveReloadHandler.watcher is not None:  # the server is up: tell browsers to reload
            LiveReloadHandler.reload_waiters(path="*")
        return result

    loop = ioloop.IOLoop.current()
    # Watch before the first build, so a save during it is not missed: the rebuild it
    # asks for waits in the loop until the server is up.
    Watcher([args.content, args.templates], lambda: loop.add_callback(rebuild)).start()
    rebuild()
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    logging.getLogger("livereload").setLevel(logging.WARNING)
    server = LiveServer(app=DevApp(args.out, engine))
    server.port = args.port
    # livereload insists on watching something itself; give it a file that never changes
    quiet = tempfile.NamedTemporaryFile(prefix="reportsite-serve-", delete=False)
    server.watch(quiet.name)
    print(f"serving {args.out} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve(host="127.0.0.1", port=args.port, debug=False, restart_delay=0)
    except OSError as exc:
        print(f"build.py serve: error: cannot listen on port {args.port}: {exc.strerror}",
              file=sys.stderr)
        return 1
    return 0
