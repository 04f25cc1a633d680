"""Uploading the graph to a SPARQL 1.1 Update endpoint in batches that a rerun resumes."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad

from actorgraph.errors import EndpointError
from actorgraph.model.vocab import BASE
from actorgraph.present.output import write_atomically
from actorgraph.store.protocol import Graph

__all__ = ["Batch", "PushResult", "batches", "checkpoint_path", "mask", "push", "send"]

#: blank nodes become IRIs here (RDF 1.1 skolem IRIs), so batches and reruns cannot split or double them
SKOLEM = BASE + ".well-known/genid/"


@dataclass(frozen=True)
class Batch:
    """One request's worth of statements, all for one graph (None: the endpoint's default graph)."""

    graph: NamedNode | None
    quads: tuple[Quad, ...]

    def update(self) -> str:
        """The SPARQL Update that inserts the batch; every term in N-Triples syntax."""
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in self.quads)
        return f"INSERT DATA {{ GRAPH {self.graph} {{\n{lines}\n}} }}" if self.graph else f"INSERT DATA {{\n{lines}\n}}"


@dataclass(frozen=True)
class PushResult:
    """What a push did: statements and batches sent now, and how many a previous run had sent."""

    endpoint: str
    statements: int
    batches: int
    resumed_at: int

    def __str__(self) -> str:
        again = f" (resumed at batch {self.resumed_at + 1})" if self.resumed_at else ""
        return f"pushed {self.statements} statements in {self.batches} batches to {self.endpoint}{again}"


def _skolem(term: Any) -> Any:
    return NamedNode(SKOLEM + term.value) if isinstance(term, BlankNode) else term


def batches(graph: Graph, size: int = 500, into: NamedNode | None = None) -> list[Batch]:
    """The graph's statements (ontology included) cut into batches, in a fixed order, one graph per batch.

    Statements in no named graph go to ``into`` (or the endpoint's default graph when None).

    >>> found = batches(open_graph(), 500)
    >>> len({b.graph for b in found}), max(len(b.quads) for b in found)
    (3, 500)
    """
    out: list[Batch] = []
    current: list[Quad] = []
    target: NamedNode | None = None
    for quad in graph.quads(with_ontology=True):
        name = into if isinstance(quad.graph_name, DefaultGraph) else _skolem(quad.graph_name)
        if current and (name != target or len(current) >= size):
            out.append(Batch(target, tuple(current)))
            current = []
        target = name
        current.append(Quad(_skolem(quad.subject), quad.predicate, _skolem(quad.object), quad.graph_name))
    if current:
        out.append(Batch(target, tuple(current)))
    return out


def checkpoint_path(endpoint: str, into: NamedNode | None = None) -> Path:
    """Where a push to this endpoint records its progress: a file under $XDG_CACHE_HOME/actorgraph/push/.

    >>> checkpoint_path("http://127.0.0.1:7878/update").name.startswith("push-")
    True
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(f"{endpoint}\n{into or ''}".encode()).hexdigest()[:16]
    return cache / "actorgraph" / "push" / f"push-{key}.json"


def _digest(found: Sequence[Batch]) -> str:
    digest = hashlib.sha256()
    for batch in found:
        digest.update(batch.update().encode())
    return digest.hexdigest()


def mask(url: str) -> str:
    """The URL as it may be printed: a password in it becomes ``***``.

    >>> mask("http://dba:s3cret@127.0.0.1:8890/sparql-auth")
    'http://dba:***@127.0.0.1:8890/sparql-auth'
    >>> mask("http://127.0.0.1:7878/update")
    'http://127.0.0.1:7878/update'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    shown = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    return urlunsplit(parts._replace(netloc=shown))


def _split_login(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without its user and password, and those (percent-decoded) if it had them."""
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


def _opener(deadline: _Deadline, login: tuple[str, str] | None, url: str) -> urllib.request.OpenerDirector:
    """urllib with credentials (basic or digest, as the server asks) and every socket under the deadline."""

    def bounded(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Connection(base):  # type: ignore[valid-type, misc]
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


def send(endpoint: str, update: str, timeout: float = 120.0) -> None:
    """POST one SPARQL Update; the whole exchange (connect, send, answer) must end within ``timeout`` seconds.

    Credentials come from $ACTORGRAPH_USER/$ACTORGRAPH_PASSWORD, ~/.netrc, or the URL itself; every
    error is one line, with the URL's password masked.
    """
    from actorgraph.store.remote import credentials

    url, login = _split_login(endpoint)
    shown = mask(endpoint)
    login = login or credentials(url)
    body = urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "actorgraph"}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    deadline = _Deadline(timeout)
    deadline.timer.start()
    try:
        with _opener(deadline, login, url).open(request, timeout=timeout) as response:
            response.read()
        if deadline.fired:  # a shut socket reads as the end of the headers: the answer is cut, not complete
            raise TimeoutError
    except urllib.error.HTTPError as exc:
        try:
            text = exc.read(2000).decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - the status alone is enough to report
            text = ""
        detail = next((line.strip() for line in text.splitlines() if line.strip()), "")
        detail = re.sub(r"<[^>]+>", "", detail)[:200]
        raise EndpointError(f"{shown}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except Exception as exc:  # noqa: BLE001 - whatever a server or network does, the user reads one line
        if deadline.fired:
            raise EndpointError(f"{shown}: no complete answer within {timeout:g} s (--timeout)") from None
        raise EndpointError(f"{shown}: {_reason(exc)}") from None
    finally:
        deadline.timer.cancel()


def _reason(exc: BaseException) -> str:
    """What went wrong with a request, in a few words."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
        return "no answer in time (timed out)"
    if isinstance(exc, (http.client.BadStatusLine, http.client.LineTooLong, http.client.IncompleteRead)):
        return "the server did not answer HTTP (is this a SPARQL endpoint's address?)"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without an answer"
    if isinstance(exc, urllib.error.URLError):
        text = getattr(reason, "strerror", None) or str(reason)
        return f"cannot reach the endpoint ({text})"
    if isinstance(exc, ValueError):  # http.client.InvalidURL too; its text may hold the URL, so it is left out
        return "not a usable URL"
    text = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    return f"connection failed ({text[:200]})"


def push(
    graph: Graph,
    endpoint: str,
    *,
    into: NamedNode | None = None,
    size: int = 500,
    timeout: float = 120.0,
    progress: Callable[[int], None] | None = None,
    checkpoint: Path | None = None,
) -> PushResult:
    """Send the graph to a SPARQL Update endpoint with ``INSERT DATA``, one batch per request.

    Named graphs are kept. Progress is recorded after every batch; when a push fails, the error says
    how far it got, and running it again with the same data sends only the batches not yet sent.
    Inserting a statement a store already holds adds nothing, so no statement is ever doubled.
    Each request must end within ``timeout`` seconds, however slowly the server answers.
    """
    found = batches(graph, size, into)
    total = sum(len(b.quads) for b in found)
    shown = mask(endpoint)  # what is printed and recorded: a password in the URL never is
    record = checkpoint or checkpoint_path(shown, into)
    digest = _digest(found)
    done = 0
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("digest") == digest and saved.get("endpoint") == shown:
            done = min(int(saved.get("done", 0)), len(found))
    except (OSError, ValueError, AttributeError):
        pass
    if progress and done:
        progress(sum(len(b.quads) for b in found[:done]))
    sent = 0
    for number, batch in enumerate(found[done:], start=done):
        try:
            send(endpoint, batch.update(), timeout)
        except EndpointError as exc:
            raise EndpointError(
                f"push stopped at batch {number + 1} of {len(found)} ({sum(len(b.quads) for b in found[:number])} "
                f"of {total} statements sent): {exc}; run the same command again to finish"
            ) from None
        sent += len(batch.quads)
        record.parent.mkdir(parents=True, exist_ok=True)
        state = {"endpoint": shown, "digest": digest, "done": number + 1, "batches": len(found)}
        write_atomically(record, json.dumps(state).encode())
        if progress:
            progress(len(batch.quads))
    record.unlink(missing_ok=True)
    return PushResult(shown, sent, len(found) - done, done)
