"""``orgraph serve``: the org chart in the browser, on 127.0.0.1 with a token in the URL."""

from __future__ import annotations

import socket
import sys
import webbrowser
from pathlib import Path

import click

from graph.cli.common import console
from graph.errors import UsageError


@click.command("serve")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8718, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--docs", "documents", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder holding source documents: cards show the lines around a post's provenance (repeatable).")
@click.option("--holders", is_flag=True, help="Cards say who holds each post today and what is vacant.")
@click.option("--no-names", is_flag=True, help="With --holders: the FTE held, not the holders' names (personal data).")
def serve_cmd(port: int, open_browser: bool, documents: tuple[Path, ...], holders: bool, no_names: bool) -> None:
    """Serve the organisations, charts, cards, check reports and a read-only Cypher console.

    Listens on 127.0.0.1 only. The printed URL carries a random token; a
    request without it is refused (403). Nothing is written to the database.
    Stop with Ctrl-C.
    """
    import uvicorn

    if no_names and not holders:
        raise UsageError("--no-names goes with --holders")

    from graph.store.connection import connect
    from viz.web.app import create_app, new_token

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: a response written in two parts (head, body) must not
    # wait for the client's delayed ACK (Nagle), which costs 40 ms a request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another --port, or 0") from None
    sock.listen(128)  # connections that come before uvicorn runs wait in the backlog
    port = sock.getsockname()[1]
    token = new_token()
    with connect() as conn:
        app = create_app(conn, token, documents=list(documents), port=port,
                         people=("no-names" if no_names else "names") if holders else None)
        url = f"http://127.0.0.1:{port}/?token={token}"
        console.print(f"orgraph serves on {url}", markup=False, highlight=False, soft_wrap=True)
        console.print("(read-only; the token keeps other local users out; Ctrl-C stops)", markup=False)
        sys.stdout.flush()
        if open_browser:
            webbrowser.open(url)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        server.run(sockets=[sock])


COMMANDS = [serve_cmd]
