"""The graph on a remote SPARQL 1.1 endpoint, with the same reading methods as the local one."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from actorgraph.errors import ActorgraphError, CutAnswer, EndpointError, QueryError
from actorgraph.model.formats import rdf_format_of_media_type
from actorgraph.model.vocab import BASE, GRAPH, PREFIXES, XSD
from actorgraph.store.protocol import GraphCache, ReadableGraph

__all__ = [
    "RemoteGraph",
    "Reply",
    "credentials",
    "json_binding",
    "mask",
    "open_url",
    "prepare",
    "query_form",
    "split_login",
]

#: named graphs whose IRIs start here hold actorgraph's statements on a shared store
GRAPH_BASE = BASE + "graph/"
_PAGE = 10000
#: terms bound in one VALUES block sent to an endpoint (Virtuoso compiles each into its SQL)
_MAX_VALUES = 500
_JSON = "application/sparql-results+json"
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BOOLEAN = XSD.string.value.replace("string", "boolean")


# ---------------------------------------------------------------------------- HTTP


def credentials(url: str) -> tuple[str, str] | None:
    """User and password for an endpoint: $ACTORGRAPH_USER/$ACTORGRAPH_PASSWORD, else ~/.netrc (or $NETRC).

    >>> import os
    >>> os.environ["ACTORGRAPH_USER"], os.environ["ACTORGRAPH_PASSWORD"] = "reader", "s3cret"
    >>> credentials("http://127.0.0.1:8890/sparql-auth")
    ('reader', 's3cret')
    >>> del os.environ["ACTORGRAPH_USER"], os.environ["ACTORGRAPH_PASSWORD"]
    """
    import netrc
    from urllib.parse import urlsplit

    user, password = os.environ.get("ACTORGRAPH_USER"), os.environ.get("ACTORGRAPH_PASSWORD")
    if user is not None and password is not None:
        return user, password
    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        found = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except (OSError, netrc.NetrcParseError) as exc:
        raise EndpointError(f"cannot read {path}: {exc}") from None
    return (found[0], found[2] or "") if found else None


def mask(url: str) -> str:
    """The URL as it may be printed: a password in it becomes ``***``.

    >>> mask("http://dba:s3cret@127.0.0.1:8890/sparql-auth")
    'http://dba:***@127.0.0.1:8890/sparql-auth'
    >>> mask("http://127.0.0.1:7878/update")
    'http://127.0.0.1:7878/update'
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    shown = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    return urlunsplit(parts._replace(netloc=shown))


def split_login(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without its user and password, and those (percent-decoded) if it had them.

    >>> split_login("http://dba:p%40ss@127.0.0.1:8890/sparql")
    ('http://127.0.0.1:8890/sparql', ('dba', 'p@ss'))
    """
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=hostport)), (unquote(user), unquote(password))


class _Deadline:
    """A wall-clock limit on one request: when it passes, every socket the request opened is shut."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.sockets: list[socket.socket] = []
        self.fired = False
        self.answered = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True

    def remaining(self) -> float:
        return max(0.05, self.at - time.monotonic())

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.fired:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _opener(deadline: _Deadline, login: tuple[str, str] | None, url: str) -> Any:
    """urllib with credentials (basic or digest, as the server asks) and every socket under the deadline."""
    import http.client
    import urllib.request

    class Response(http.client.HTTPResponse):
        def _read_status(self) -> Any:
            status = super()._read_status()  # type: ignore[misc]
            deadline.answered = True  # a status line came: a timeout from now on cut an answer short
            return status

    def bounded(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Connection(base):  # type: ignore[valid-type, misc]
            response_class = Response

            def connect(self) -> None:
                given: float | None = getattr(self, "timeout", None)
                self.timeout = min(given or deadline.seconds, deadline.remaining())
                super().connect()
                deadline.watch(self.sock)

        return Connection

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(bounded(http.client.HTTPConnection), req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(bounded(http.client.HTTPSConnection), req, context=self._context)  # type: ignore[attr-defined]

    handlers: list[Any] = [Plain(), Secure()]
    if login:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, *login)
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


class Reply(NamedTuple):
    """An endpoint's whole answer to one request."""

    body: bytes
    content_type: str
    headers: dict[str, str]


def open_url(url: str, data: bytes | None, headers: dict[str, str], timeout: float, *, option: str = "") -> Reply:
    """Send one HTTP request and read the whole answer; every error is one line naming the URL (password masked).

    ``timeout`` bounds the whole exchange (connect, headers and body), not each read, so a server
    that trickles its answer cannot stretch it; ``option`` names the option that sets it. Credentials
    come from the URL itself, $ACTORGRAPH_USER/$ACTORGRAPH_PASSWORD or ~/.netrc, and are sent when
    the server asks (basic or digest).

    >>> open_url("http://user:s3cret@127.0.0.1:9/sparql", None, {}, 2)
    Traceback (most recent call last):
    ...
    actorgraph.errors.EndpointError: http://user:***@127.0.0.1:9/sparql: cannot reach the endpoint (Connection refused)
    """
    import urllib.error
    import urllib.request

    plain, login = split_login(url)
    shown = mask(url)
    hint = f"({option})" if option else "(timed out)"
    deadline = _Deadline(timeout)
    try:
        login = login or credentials(plain)
        request = urllib.request.Request(
            plain, data=data, headers=headers, method="POST" if data is not None else "GET"
        )
        deadline.timer.start()
        with _opener(deadline, login, plain).open(request, timeout=timeout) as response:
            body = response.read()
            if deadline.fired:  # a shut socket reads as the end of the answer: it is cut, not complete
                raise TimeoutError
            return Reply(body, response.headers.get_content_type(), dict(response.headers.items()))
    except urllib.error.HTTPError as exc:
        try:
            text = exc.read(2000).decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - the status alone is enough to report
            text = ""
        detail = next((line.strip() for line in text.splitlines() if line.strip()), "")
        detail = _printable(re.sub(r"<[^>]+>", "", detail))[:200]
        raise EndpointError(f"{shown}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except EndpointError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a server or network does, the user reads one line
        if deadline.fired or _timed_out(exc):
            said = "no complete answer" if deadline.answered else "no answer"
            raise EndpointError(f"{shown}: {said} within {timeout:g} s {hint}") from None
        raise EndpointError(f"{shown}: {_reason(exc)}") from None
    finally:
        deadline.timer.cancel()


def _timed_out(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)


def _printable(text: str) -> str:
    """Text from a server as it may be printed: control characters escaped, never sent to the terminal."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _reason(exc: BaseException) -> str:
    """What went wrong with a request, in a few words."""
    import http.client
    import urllib.error

    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without an answer"
    if isinstance(exc, http.client.IncompleteRead):
        return f"the server stopped mid-answer ({len(exc.partial)} bytes read, more expected)"
    if isinstance(exc, http.client.BadStatusLine):
        line = str(exc.args[0] if exc.args else "")
        return f"not an HTTP server (it answered '{_printable(line.strip()[:60])}')"
    if isinstance(exc, http.client.InvalidURL):  # its text may hold the URL, password and all, so it is left out
        return "not a usable URL"
    if isinstance(exc, http.client.UnknownProtocol):
        return f"not an HTTP/1.1 server (it answered in {_printable(str(exc))[:40]})"
    if isinstance(exc, http.client.LineTooLong):
        return f"not an HTTP server ({_printable(str(exc))[:120]})"
    if isinstance(exc, http.client.HTTPException):
        return f"not an HTTP server ({type(exc).__name__})"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        text = getattr(reason, "strerror", None) or str(reason)
        return f"cannot reach the endpoint ({text})"
    if isinstance(exc, ValueError):  # a URL urllib cannot use; its text may hold the URL, so it is left out
        return "not a usable URL"
    text = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    return f"connection failed ({_printable(text)[:200]})"


# ---------------------------------------------------------------------------- query text


def _scan(query: str) -> Iterator[tuple[int, str, int]]:
    """(position, token, brace depth) of each brace, parenthesis and word outside strings, IRIs and comments."""
    i, depth, n = 0, 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif ch in "\"'":
            quote = ch * 3 if query.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
        elif ch == "<" and (m := _IRI.match(query, i)):
            i = m.end()
        elif ch in "{}()":
            depth += ch == "{"
            yield i, ch, depth
            depth -= ch == "}"
            i += 1
        elif ch in "?$:@" or ch.isalnum() or ch in "_-.":
            m = re.compile(r"[?$:@]?[\w.:-]*").match(query, i)
            assert m is not None
            token = m.group()
            if ch.isalpha() or ch == "_":
                yield i, token, depth
            i = m.end() if m.end() > i else i + 1
        else:
            i += 1


def prepare(query: str, bindings: dict[str, Any] | None = None) -> str:
    """The query as sent to an endpoint: prefixes declared, bindings as a VALUES block, booleans spelled out.

    Terms are written in N-Triples syntax (escaped by pyoxigraph), never pasted from user text;
    ``true``/``false`` in expressions become ``xsd:boolean("true")``, which Virtuoso 7 keeps boolean.

    >>> text = prepare("SELECT ?l WHERE { ?a skos:prefLabel ?l }", {"a": Literal('say "hi"')})
    >>> text.splitlines()[-1]
    'SELECT ?l WHERE { VALUES (?a) { ("say \\\\"hi\\\\"") } ?a skos:prefLabel ?l }'
    """
    edits: list[tuple[int, int, str]] = []
    form = ""
    where_at = None
    first_top = []
    previous = ""
    paren = 0
    in_values = False
    for pos, token, depth in _scan(query):
        upper = token.upper()
        if token == "(":
            paren += 1
        elif token == ")":
            paren -= 1
        elif token == "{" and depth == 1:
            first_top.append(pos)
            if previous == "WHERE" and where_at is None:
                where_at = pos
        elif token == "}" and in_values:
            in_values = False
        elif not form and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = upper
        elif upper == "VALUES":
            in_values = True
        elif token in ("true", "false") and paren > 0 and not in_values:
            edits.append((pos, pos + len(token), f'<{_BOOLEAN}>("{token}")'))
        previous = upper
    if bindings:
        if where_at is None:
            tops = first_top[1:] if form == "CONSTRUCT" else first_top
            if not tops:
                raise QueryError("cannot bind values: the query has no WHERE group")
            where_at = tops[0]
        names = " ".join(f"?{name}" for name in bindings)
        row = " ".join(_ntriples(term) for term in bindings.values())
        edits.append((where_at + 1, where_at + 1, f" VALUES ({names}) {{ ({row}) }}"))
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    return prologue + query


def query_form(query: str) -> str:
    """The query's form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` ("" when it has none).

    >>> query_form("PREFIX x: <http://x/select> ask { ?s ?p 'SELECT' }")
    'ASK'
    """
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    return next((t.upper() for _, t, _ in _scan(query) if t.upper() in forms), "")


def _ntriples(value: Any) -> str:
    if isinstance(value, (NamedNode, Literal)):
        return str(value)
    if isinstance(value, BlankNode):
        raise QueryError("a blank node cannot be sent to a SPARQL endpoint as a bound value")
    return str(Literal(str(value)))


# ---------------------------------------------------------------------------- results


def _term(value: dict[str, Any]) -> Any:
    """A pyoxigraph term from a SPARQL JSON results binding (booleans in canonical form)."""
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return NamedNode(text)
    if kind == "bnode":
        return BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", text) or "b")
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, language=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype == _BOOLEAN:
            text = {"1": "true", "0": "false"}.get(text, text)
        return Literal(text, datatype=NamedNode(datatype)) if datatype else Literal(text)
    raise ValueError(f"unsupported term type {kind!r}")


def json_binding(term: Any) -> dict[str, str]:
    """A term as a SPARQL JSON results binding.

    >>> json_binding(Literal("1", datatype=XSD.integer))
    {'type': 'literal', 'value': '1', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != XSD.string:
        out["datatype"] = term.datatype.value
    return out


def _quad_order(q: Quad) -> tuple[str, str, str, str]:
    return str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)


class RemoteGraph(ReadableGraph):
    """The graph held by a SPARQL 1.1 endpoint, read through the SPARQL 1.1 Protocol.

    It is a :class:`~actorgraph.store.protocol.Graph` like the local store: it answers ``query``,
    ``select``, ``ask``, ``quads``, ``triples`` and ``export``, so the questions run unchanged, in
    the same few queries an answer. It cannot be written (``actorgraph push`` changes an endpoint).
    The endpoint's default graph must be the union of its named graphs (Virtuoso and GraphDB do
    this; start Oxigraph with ``--union-default-graph``), or the URL must name the graphs with
    ``default-graph-uri`` parameters. Exports read the named graphs under ``GRAPH_BASE``.

    >>> RemoteGraph("http://127.0.0.1:9/sparql", timeout=2).ask("ASK {}")
    Traceback (most recent call last):
    ...
    actorgraph.errors.EndpointError: http://127.0.0.1:9/sparql: cannot reach the endpoint (Connection refused)
    """

    max_values = _MAX_VALUES

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(f"{mask(url)}: not an http(s) URL of a SPARQL endpoint")
        self.url = mask(url)  # what messages name: a password in the URL is used, never printed
        self.timeout = timeout
        self.cache = GraphCache()
        self._base = parts._replace(query="", fragment="").geturl()
        self._params = parse_qsl(parts.query)

    # ------------------------------------------------------------------ protocol

    def _request(self, query: str, accept: str) -> Reply:
        from urllib.parse import urlencode

        body = urlencode([("query", query), *self._params]).encode()
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "actorgraph"}
        return open_url(self._base, body, headers, self.timeout)

    def _results(self, query: str, *, cut_ok: bool = False) -> tuple[dict[str, Any], int | None]:
        """The JSON results and, when the endpoint cut them at its row limit, that limit (an error
        unless ``cut_ok``: a cut answer is a wrong answer)."""
        data, kind, headers = self._request(query, f"{_JSON}, application/json;q=0.9")
        try:
            result = json.loads(data)
            if not isinstance(result, dict) or ("boolean" not in result and "results" not in result):
                raise ValueError("no results")
        except (ValueError, UnicodeDecodeError):
            raise EndpointError(f"{self.url}: HTTP 200 but not SPARQL JSON results (Content-Type {kind})") from None
        limit = {k.lower(): v for k, v in headers.items()}.get("x-sparql-maxrows")
        rows = result.get("results", {}).get("bindings", [])
        if limit and limit.isdigit() and len(rows) >= int(limit):
            if not cut_ok:
                raise CutAnswer(f"{self.url}: the endpoint cut the answer at its limit of {limit} rows", int(limit))
            return result, int(limit)
        return result, None

    def _rows(self, query: str, *, cut_ok: bool = False) -> tuple[list[str], list[dict[str, Any]], int | None]:
        result, cut = self._results(query, cut_ok=cut_ok)
        names = result.get("head", {}).get("vars", [])
        try:
            rows = [{k: _term(v) for k, v in row.items()} for row in result.get("results", {}).get("bindings", [])]
        except (ValueError, TypeError, AttributeError) as exc:
            raise EndpointError(f"{self.url}: unreadable SPARQL JSON results ({exc})") from None
        return names, rows, cut

    # ------------------------------------------------------------------ asking

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        """Run SPARQL at the endpoint; the answer is the same pyoxigraph object a local query gives."""
        text = prepare(sparql, bindings)
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples, cut = self._triples(text)
            if cut is not None:
                raise CutAnswer(f"{self.url}: the endpoint cut the answer at its limit of {cut} triples", cut)
            store = Store()
            store.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
            return store.query("CONSTRUCT WHERE { ?s ?p ?o }")
        if form == "ASK":
            answer = b"true" if self.ask(sparql, bindings) else b"false"
            return parse_query_results(b'{"head": {}, "boolean": ' + answer + b"}", QueryResultsFormat.JSON)
        names, rows, _ = self._rows(text)
        bindings_json = [{k: json_binding(v) for k, v in r.items()} for r in rows]
        document = {"head": {"vars": names}, "results": {"bindings": bindings_json}}
        return parse_query_results(json.dumps(document).encode(), QueryResultsFormat.JSON)

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of terms (unbound variables left out)."""
        return self._rows(prepare(sparql, bindings))[1]

    def rows(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a SELECT and return its rows as tuples of terms in the order of its variables (None where unbound)."""
        names, rows, _ = self._rows(prepare(sparql, bindings))
        return [tuple(row.get(name) for name in names) for row in rows]

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        """Run an ASK query."""
        result, _ = self._results(prepare(sparql, bindings))
        if "boolean" not in result:
            raise EndpointError(f"{self.url}: the answer to an ASK query has no boolean")
        return bool(result["boolean"])

    def why_empty(self) -> ActorgraphError | None:
        """When the default graph shows no actor but the named graphs hold some, the endpoint's
        default graph is not their union: say so, and what to set."""
        if not self.ask("ASK { GRAPH ?g { ?actor a ag:Actor } }"):
            return None
        return EndpointError(
            f"{self.url}: the endpoint's default graph holds no actors, but its named graphs do: its default "
            "graph is not the union of its named graphs. Start Oxigraph with --union-default-graph (Virtuoso "
            "and GraphDB query the union already), or name the graphs in the URL: ?default-graph-uri=GRAPH"
        )

    # ------------------------------------------------------------------ statements

    def _graph_filter(self, with_ontology: bool) -> str:
        skip = "" if with_ontology else f" && ?g != {_ntriples(GRAPH.ontology)}"
        return f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}"){skip})'

    def graphs(self, *, with_ontology: bool = False) -> dict[NamedNode, int]:
        """actorgraph's named graphs at the endpoint, each with how many statements it holds."""
        query = (
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter(with_ontology)} }} "
            "GROUP BY ?g"
        )
        return {r["g"]: int(r["n"].value) for r in self._rows(prepare(query))[1] if isinstance(r["g"], NamedNode)}

    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """Every statement in actorgraph's named graphs at the endpoint, sorted.

        Each graph is read in pages as the endpoint stores it (no sorting at the endpoint, which
        would cost a sort of the whole graph a page); a graph read short of its count is read
        again in sorted pages.
        """
        found: set[Quad] = set()
        for graph, count in sorted(self.graphs(with_ontology=with_ontology).items(), key=lambda g: g[0].value):
            statements = self._graph_quads(graph, "")
            if len(statements) < count:  # the pages overlapped: the endpoint's order is not stable
                statements = self._graph_quads(graph, "ORDER BY ?s ?p ?o")
            found.update(statements)
        yield from sorted(found, key=_quad_order)

    def _graph_quads(self, graph: NamedNode, order: str) -> set[Quad]:
        """One named graph's statements, a page at a time, each page as N-Triples (parsed natively)."""
        statements: set[Quad] = set()
        offset, page = 0, _PAGE
        while True:
            where = f"WHERE {{ GRAPH {_ntriples(graph)} {{ ?s ?p ?o }} }}"
            query = f"CONSTRUCT {{ ?s ?p ?o }} {where} {order} LIMIT {page} OFFSET {offset}"
            triples, cut = self._triples(prepare(query))
            if cut is not None and cut < page:  # the endpoint answers fewer at a time: ask for that many
                page = cut
                triples = triples[:page]
            statements.update(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            if len(triples) < page:
                return statements
            offset += page

    def _triples(self, query: str) -> tuple[list[Any], int | None]:
        """The triples a CONSTRUCT answers and, when the endpoint cut them at its limit, that limit."""
        accept = [RdfFormat.N_TRIPLES, RdfFormat.TURTLE, RdfFormat.RDF_XML, RdfFormat.N_QUADS]
        data, kind, headers = self._request(query, ", ".join(f.media_type for f in accept))
        fmt = rdf_format_of_media_type(kind)
        if fmt is None:
            raise EndpointError(f"{self.url}: HTTP 200 but not RDF (Content-Type {kind})")
        try:
            triples = list(parse(data, fmt))
        except SyntaxError as exc:
            raise EndpointError(f"{self.url}: unreadable {fmt.name} answer ({exc})") from None
        limit = {k.lower(): v for k, v in headers.items()}.get("x-sparql-maxrows")
        cut = int(limit) if limit and limit.isdigit() and len(triples) >= int(limit) else None
        return triples, cut

    def __len__(self) -> int:
        return sum(self.graphs().values())
