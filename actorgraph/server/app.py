"""The WSGI application of ``actorgraph serve``: checks, limits and forwards read-only queries to Oxigraph."""

from __future__ import annotations

import http.client
import io
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import IO, Any, cast
from urllib.parse import parse_qs, urlencode

from actorgraph.errors import QueryError
from actorgraph.model.sparql import is_update, prologue, query_form, refuse_service, syntax_error_line
from actorgraph.server.upstream import Lease, Upstream

__all__ = ["App", "Limits", "negotiate", "upstream_type"]

RESULTS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
RDF = {
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}
_TEXT = "text/plain; charset=utf-8"
_STATUS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Content Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_PAGE_FILES = {"/page.css": ("page.css", "text/css; charset=utf-8"), "/page.js": ("page.js", "text/javascript")}
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
_EXAMPLE = "SELECT ?who ?label WHERE {\n  ?who ag:supports actor:assad-government ;\n       skos:prefLabel ?label .\n}"


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds, rows, request bytes, and which hosts SERVICE may ask."""

    time_limit: float = 30.0
    max_rows: int = 10000
    max_body: int = 1 << 20
    allow_service: frozenset[str] = frozenset()
    loopback_only: bool = True  # answer only Host headers naming this machine (no DNS rebinding)


class _Reply(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(eq=False)
class _Watch:
    """One query in flight: when it must end, how to tell that its client left, and what stopped it."""

    lease: Lease
    deadline: float
    gone: Callable[[], bool]
    fired: str = ""


@dataclass
class _Reaper:
    """One thread that stops queries past their deadline or whose client hung up, by cutting their upstream."""

    upstream: Upstream
    watches: set[_Watch] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        threading.Thread(target=self._run, name="actorgraph-reaper", daemon=True).start()

    def _run(self) -> None:
        while not self.stopping.wait(0.1):
            now = time.monotonic()
            with self.lock:
                watches = list(self.watches)
            for watch in watches:
                try:
                    why = "deadline" if now >= watch.deadline else "client" if watch.gone() else ""
                    if not why:
                        continue
                    with self.lock:
                        # only while the query still holds its connection: once given back, it may carry another
                        if watch in self.watches and not watch.fired:
                            watch.fired = why
                            self.upstream.abandon(watch.lease)
                except Exception:  # noqa: BLE001, S112 - one query's trouble must not stop the watch on the others
                    continue


class App:
    """The endpoint: ``/query`` and ``/sparql`` answer queries, ``/`` a query page; everything else is refused."""

    def __init__(self, upstream: Upstream, limits: Limits, prefixes: dict[str, str]) -> None:
        self.upstream = upstream
        self.limits = limits
        self.prefixes = prefixes
        self.prologue = prologue(prefixes)
        self.reaper = _Reaper(upstream)
        self.page = self._fill_page()

    def close(self) -> None:
        """Stop watching queries."""
        self.reaper.stopping.set()

    # ------------------------------------------------------------------ WSGI

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            status, kind, body, extra = self._route(environ)
        except _Reply as reply:
            status, kind, body, extra = reply.status, _TEXT, (str(reply) + "\n").encode(), {}
        except Exception as exc:  # noqa: BLE001 - a client gets one line, never a traceback
            status, kind, body, extra = 500, _TEXT, f"internal error: {type(exc).__name__}\n".encode(), {}
        if status == 0:  # the client left: nothing to send
            start_response("499 Client Closed Request", [("Content-Length", "0")])
            return []
        headers = [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
            *extra.items(),
        ]
        start_response(f"{status} {_STATUS.get(status, 'Error')}", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _route(self, environ: dict[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        self._check_host(environ)
        if method not in ("GET", "HEAD", "POST"):
            raise _Reply(405, f"method {method} not allowed: use GET or POST")
        if path == "/update":
            raise _Reply(403, "this endpoint is read-only: updates are refused")
        if method != "POST" and path in ("/", "/index.html"):
            csp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            return 200, "text/html; charset=utf-8", self.page, {"Content-Security-Policy": csp}
        if method != "POST" and path in _PAGE_FILES:
            name, kind = _PAGE_FILES[path]
            return 200, kind, _asset(name), {}
        if path not in ("/query", "/sparql"):
            raise _Reply(404, "not found: queries go to /query, the query page is /")
        params = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=100)
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        query = params.get("query", [""])[0]
        update = "update" in params
        if method == "POST":
            body = self._body(environ)
            if kind == "application/sparql-update":
                raise _Reply(403, "this endpoint is read-only: updates are refused")
            if kind == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=100)
                query = form.get("query", [query])[0]
                update = update or "update" in form
                params = {**params, **{k: v for k, v in form.items() if k != "query"}}
        return self._answer(query, update, params, environ)

    def _check_host(self, environ: dict[str, Any]) -> None:
        if not self.limits.loopback_only:
            return
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if host and name not in _LOOPBACK_NAMES and not name.startswith("127."):
            raise _Reply(403, f"Host {host!r} refused: this endpoint answers only requests for this machine")

    def _body(self, environ: dict[str, Any]) -> bytes:
        raw = (environ.get("CONTENT_LENGTH") or "").strip()
        if raw and not raw.isdigit():
            raise _Reply(400, f"invalid Content-Length {raw[:20]!r}")
        length = int(raw or 0)
        if length > self.limits.max_body:
            raise _Reply(413, f"request body over {self.limits.max_body} bytes")
        try:
            body = cast(IO[bytes], environ["wsgi.input"]).read(length) if length else b""
        except TimeoutError:
            raise _Reply(408, "the request body did not arrive in time") from None
        if len(body) < length:
            raise _Reply(400, "the request body is shorter than its Content-Length")
        return body

    # ------------------------------------------------------------------ queries

    def _answer(
        self, query: str, update: bool, params: dict[str, list[str]], environ: dict[str, Any]
    ) -> tuple[int, str, bytes, dict[str, str]]:
        if update or is_update(query):
            raise _Reply(403, "this endpoint is read-only: updates are refused")
        if not query.strip():
            raise _Reply(400, "no query given: send ?query=... (the query page is /)")
        try:
            refuse_service(query, self.limits.allow_service)
        except QueryError as exc:
            raise _Reply(403, str(exc)) from None
        form = query_form(query)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        wanted = negotiate(environ.get("HTTP_ACCEPT") or "", RDF if graph else RESULTS, graph)
        keep = [(k, v) for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])]
        body = urlencode([("query", self.prologue + query), *keep]).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": upstream_type(wanted)}
        gone = environ.get("waitress.client_disconnected") or environ.get("actorgraph.client_gone") or _never
        deadline = time.monotonic() + self.limits.time_limit
        for attempt in (1, 2):
            lease = self.upstream.lease(fresh=attempt > 1)
            watch = _Watch(lease, deadline, gone)
            with self.reaper.lock:
                self.reaper.watches.add(watch)
            reusable = False
            try:
                lease.conn.request("POST", "/query", body, headers)
                response = lease.conn.getresponse()
                if response.status != 200:
                    text = response.read(65536).decode("utf-8", "replace")
                    reusable = not response.will_close and response.isclosed()
                    raise _Reply(response.status if response.status < 500 else 502, self._upstream_error(text, query))
                out, kind, cut, whole = _limit(response, graph, wanted, self.limits.max_rows)
                reusable = whole and not response.will_close
                extra = {"X-SPARQL-MaxRows": str(self.limits.max_rows)} if cut else {}
                return 200, kind, out, extra
            except _Reply:
                raise
            except Exception as exc:  # noqa: BLE001 - pyoxigraph's parsers re-raise socket errors their own way
                if watch.fired == "client":
                    return 0, "", b"", {}
                if watch.fired == "deadline":
                    raise _Reply(504, f"query stopped at the time limit of {self.limits.time_limit:g} s") from None
                if attempt == 1 and isinstance(exc, (OSError, http.client.HTTPException)):
                    continue  # a connection Oxigraph had closed (or a replaced process's): a query can be asked again
                if isinstance(exc, (SyntaxError, ValueError)):
                    raise _Reply(502, f"the store's answer could not be read: {exc}") from None
                raise _Reply(502, f"no answer from the store: {exc}") from None
            finally:
                with self.reaper.lock:
                    self.reaper.watches.discard(watch)
                self.upstream.give_back(lease, reusable and not watch.fired)
        raise _Reply(502, "no answer from the store")

    def _upstream_error(self, text: str, query: str) -> str:
        first = text.strip().splitlines()[0] if text.strip() else "error"
        if first.startswith("error at "):
            return syntax_error_line(first, query, shift=1)
        return first[:300]

    def _fill_page(self) -> bytes:
        declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in self.prefixes.items())
        page = _asset("index.html").decode()
        page = page.replace("{{prefixes}}", escape(declared)).replace("{{example}}", escape(_EXAMPLE))
        page = page.replace("{{max_rows}}", str(self.limits.max_rows))
        return page.replace("{{time_limit}}", f"{self.limits.time_limit:g}").encode()


def _never() -> bool:
    return False


def _asset(name: str) -> bytes:
    return (resources.files("actorgraph.server") / "page" / name).read_bytes()


def negotiate(accept: str, known: dict[str, str], graph: bool = False) -> str:
    """The known media type the Accept header ranks first, or the protocol's default.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS)
    'application/sparql-results+xml'
    >>> negotiate("text/html", RDF, graph=True)
    'application/n-triples'
    """
    best, best_q = ("application/n-triples" if graph else "application/sparql-results+json"), 0.0
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        weights = [p[2:] for p in pieces[1:] if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()]
        q = float(weights[0]) if weights else 1.0
        if pieces[0].lower() in known and q > best_q:
            best, best_q = pieces[0].lower(), q
    return best


def upstream_type(wanted: str) -> str:
    """What to ask Oxigraph for: the client's own format, but TSV for CSV (CSV answers cannot be parsed).

    >>> upstream_type("text/csv"), upstream_type("application/sparql-results+xml")
    ('text/tab-separated-values', 'application/sparql-results+xml')
    """
    return "text/tab-separated-values" if RESULTS.get(wanted) == "CSV" else wanted


class _Tee(io.RawIOBase):
    """A stream that keeps a copy of what is read from it, so an answer under the limit is sent as it came."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.chunks: list[bytes] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(len(buffer))
        self.chunks.append(data)
        buffer[: len(data)] = data
        return len(data)

    def whole(self) -> bytes:
        return b"".join(self.chunks) + self.source.read()


def _notice(out: bytes, wanted: str, limit: int) -> bytes:
    """A truncated answer says so in its own body, where the format has room for it."""
    kind = RESULTS.get(wanted) or RDF.get(wanted)
    note = {"truncated": True, "max_rows": limit}
    if kind == "JSON" or kind == "JSON_LD":
        document = json.loads(out or b"{}")
        if isinstance(document, list):
            document = {"@graph": document}
        document["actorgraph"] = note
        return json.dumps(document, ensure_ascii=False).encode()
    comment = f"actorgraph: truncated at max_rows={limit}"
    if kind in ("XML", "RDF_XML"):
        head, sep, rest = out.partition(b"?>")
        return head + sep + f"<!-- {comment} -->".encode() + rest if sep else out
    if kind in ("N_TRIPLES", "TURTLE", "N_QUADS", "TRIG"):
        return out + (b"" if out.endswith(b"\n") or not out else b"\n") + f"# {comment}\n".encode()
    return out  # CSV and TSV have no room that is not a row: the header says it


def _limit(response: Any, graph: bool, wanted: str, limit: int) -> tuple[bytes, str, bool, bool]:
    """At most ``limit`` rows or triples of an answer, as ``wanted``: (body, type, cut, read whole)."""
    from pyoxigraph import QueryBoolean, QueryResultsFormat, RdfFormat, parse, parse_query_results, serialize

    from actorgraph.store.remote import json_binding

    tee = _Tee(response)
    stream = cast(IO[bytes], tee)
    kind = response.headers.get_content_type()
    if graph:
        fmt = getattr(RdfFormat, RDF.get(kind, "N_TRIPLES"))
        triples = list(itertools.islice(parse(stream, fmt), limit + 1))
        if len(triples) <= limit and kind == wanted:
            return tee.whole(), wanted, False, True
        out = serialize(triples[:limit], None, getattr(RdfFormat, RDF[wanted])) or b""
        cut = len(triples) > limit
        if not cut:
            tee.whole()  # read to the end, so the connection can carry the next query
        return (_notice(out, wanted, limit) if cut else out), wanted, cut, not cut
    result = parse_query_results(stream, getattr(QueryResultsFormat, RESULTS.get(kind, "JSON")))
    target = getattr(QueryResultsFormat, RESULTS[wanted])
    if isinstance(result, QueryBoolean):
        tee.whole()
        return result.serialize(format=target) or b"", wanted, False, True
    names = [v.value for v in result.variables]
    rows = list(itertools.islice(result, limit + 1))
    if len(rows) <= limit and kind == wanted:
        return tee.whole(), wanted, False, True
    bindings = [{n: json_binding(row[n]) for n in names if row[n] is not None} for row in rows[:limit]]
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
    out = parse_query_results(document, QueryResultsFormat.JSON).serialize(format=target) or b""
    cut = len(rows) > limit
    if not cut:
        tee.whole()
    return (_notice(out, wanted, limit) if cut else out), wanted, cut, not cut
