"""`build.py serve [--port 8000]`: build, serve on 127.0.0.1, rebuild and reload on change."""

from __future__ import annotations

import logging

from livereload import Server

from ..pipeline import build_site
from .build import report


def run(args) -> int:
    def rebuild() -> None:
        report(build_site(args.content, args.out, args.templates, args.base_url), args)

    rebuild()
    args.out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    server = Server()
    server.watch(str(args.content), rebuild, delay=0.1)
    server.watch(str(args.templates), rebuild, delay=0.1)
    print(f"serving {args.out} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    server.serve(host="127.0.0.1", port=args.port, root=str(args.out), open_url_delay=None)
    return 0
