"""The web view: a small Starlette application over the library, read-only.

Every request must carry the server's token: once as ``?token=`` (the URL
``orgraph serve`` prints), after which an HttpOnly, SameSite=Strict cookie
carries it. Anything else gets 403, and so does a request whose Host is not
the loopback address (DNS rebinding). Nothing here writes: pages and JSON
read through :mod:`graph.queries` and :func:`graph.store.reader.read_org`, and
the console goes through :func:`graph.queries.adhoc.run`, the guard of
``orgraph cypher``.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph.errors import Ambiguous, InputError, NotFound, OrgraphError

HERE = Path(__file__).resolve().parent
COOKIE = "orgraph_token"
SEVERITIES = ("error", "warning", "info")

templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
templates.filters["q"] = lambda s: quote(str(s), safe="")


class TokenGuard:
    """ASGI middleware: 403 unless the request carries the token and names a loopback host."""

    def __init__(self, app, token: str, cookie: str = COOKIE):
        self.app, self.token, self.cookie = app, token, cookie

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in ("127.0.0.1", "localhost"):
            return await PlainTextResponse("forbidden: this server answers on 127.0.0.1 only", 403)(scope, receive, send)
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given.encode(), self.token.encode()):
            async def send_with_cookie(message):
                if message["type"] == "http.response.start":
                    cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
                await send(message)
            return await self.app(scope, receive, send_with_cookie)
        cookie = request.cookies.get(self.cookie)
        if cookie is not None and secrets.compare_digest(cookie.encode(), self.token.encode()):
            return await self.app(scope, receive, send)
        return await PlainTextResponse("forbidden: open the URL with the token that orgraph serve printed",
                                       403)(scope, receive, send)


def _headers(response: Response) -> Response:
    # The pages run our own scripts only; nothing from elsewhere, no framing.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def create_app(conn, token: str, documents: list[Path] | None = None, port: int | None = None,
               people: str | None = None) -> Starlette:
    """The application over an open :class:`graph.store.connection.Connection`.

    ``documents``: folders where the source documents may be, for the lines around a
    post's provenance on its card. ``port`` names the cookie: browsers send a host's
    cookies to every port, so two servers on 127.0.0.1 must not share one name. ``people``:
    None (cards say nothing of holders), ``"names"`` (who holds the post and what is vacant) or
    ``"no-names"`` (the FTE held and vacant, no names: they are personal data).
    """
    from viz.web.cache import Views

    views = Views()
    folders = [Path(d) for d in documents or []]

    def page(name: str, **ctx) -> Response:
        return _headers(HTMLResponse(templates.get_template(name).render(**ctx)))

    def api(data: Any, status: int = 200) -> Response:
        return _headers(JSONResponse(data, status_code=status))

    def guarded(fn):
        def endpoint(request: Request):
            try:
                return fn(request)
            except Ambiguous as exc:
                return api({"error": str(exc), "candidates": exc.candidates}, 409)
            except NotFound as exc:
                return api({"error": str(exc)}, 404)
            except OrgraphError as exc:
                return api({"error": str(exc)}, 400)
        return endpoint

    def org_list() -> list[dict]:
        from graph.store.reader import list_orgs

        out = []
        for o in list_orgs(conn):
            view = views.get(conn, o["key"])
            out.append({**o, "snapshot": str(o["snapshot"]) if o.get("snapshot") else None,
                        "findings": {s: view.severities.get(s, 0) for s in SEVERITIES},
                        "sources": view.model.sources})
        return out

    def orgs_page(request):
        return page("orgs.html", orgs=org_list())

    def chart_page(request):
        org = request.path_params["org"]
        views.fingerprint(conn, org)  # 404 for an unknown organisation
        return page("chart.html", org=org, standalone=False)

    def check_page(request):
        org = request.path_params["org"]
        view = views.get(conn, org)
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for f in view.findings:
            groups[(f.severity, f.rule)].append(f)
        ordered = sorted(groups.items(), key=lambda kv: (SEVERITIES.index(kv[0][0]), kv[0][1]))
        return page("check.html", org=view.data["org"], groups=ordered, posts=view.index,
                    units=set(view.data["units"]["key"]))

    def console_page(request):
        return page("console.html")

    def orgs_api(request):
        return api(org_list())

    def chart_api(request):
        view = views.get(conn, request.path_params["org"])
        return _headers(Response(view.chart_json, media_type="application/json"))

    def search_api(request):
        from graph.queries.lookup import find_posts

        org = request.path_params["org"]
        found = find_posts(conn, request.query_params.get("q", ""), org=org,
                           limit=_count(request.query_params.get("limit"), 50, 200))
        return api(found)

    def card_api(request):
        from viz.web.card import post_card

        org = request.path_params["org"]
        key = request.query_params.get("post", "")
        view = views.get(conn, org, check=False)
        if key not in view.index:
            view = views.get(conn, org)
            if key not in view.index:
                raise NotFound(f"no post {key!r} in organisation {org!r}")
        absent = [a for a in request.query_params.getlist("absent") if a in view.index]
        card = post_card(conn, view, key, absent=absent, folders=folders)
        if people:
            card["people"] = view.people(names=people == "names").get(key, "no holder recorded")
        return api(card)

    def findings_api(request):
        view = views.get(conn, request.path_params["org"])
        return api([f.to_dict() for f in view.findings])

    async def cypher_api(request):
        from starlette.concurrency import run_in_threadpool

        try:
            body = await request.json()
        except ValueError:
            return api({"error": "the body is not JSON"}, 400)
        if not isinstance(body, dict):
            return api({"error": "the body is a JSON object: {query, params}"}, 400)
        return await run_in_threadpool(guarded(lambda _: _cypher(conn, body)), request)

    routes = [
        Route("/", guarded(orgs_page)),
        Route("/console", guarded(console_page)),
        Route("/orgs/{org}", guarded(chart_page)),
        Route("/orgs/{org}/check", guarded(check_page)),
        Route("/api/orgs", guarded(orgs_api)),
        Route("/api/orgs/{org}/chart", guarded(chart_api)),
        Route("/api/orgs/{org}/search", guarded(search_api)),
        Route("/api/orgs/{org}/card", guarded(card_api)),
        Route("/api/orgs/{org}/findings", guarded(findings_api)),
        Route("/api/cypher", cypher_api, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    return TokenGuard(app, token, cookie_name(port))


def _cypher(conn, body: dict) -> Response:
    from graph.queries.adhoc import parse_param, run

    params = body.get("params") or []
    if isinstance(params, str):
        params = [p for p in params.splitlines() if p.strip()]
    if not isinstance(params, list):
        return JSONResponse({"error": "params: lines of name=value or name:type=value"}, 400)
    values = dict(parse_param(str(p)) for p in params)
    result = run(conn, str(body.get("query") or ""), values, limit=_count(body.get("limit"), 1000, 10_000))
    return _headers(JSONResponse(result))


def _count(value: Any, default: int, most: int) -> int:
    """A row limit from a request: a whole number from 1 to ``most``.

    >>> _count(None, 50, 200), _count("7", 50, 200), _count(10**6, 50, 200)
    (50, 7, 200)
    """
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(f"limit: not a whole number: {value!r}") from None
    if n < 1:
        raise InputError("limit: at least 1")
    return min(n, most)


def cookie_name(port: int | None) -> str:
    return f"{COOKIE}_{port}" if port else COOKIE


def new_token() -> str:
    return secrets.token_urlsafe(24)
