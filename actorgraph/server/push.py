"""Uploading the graph to a SPARQL 1.1 Update endpoint in batches that a rerun resumes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad

from actorgraph.errors import EndpointError
from actorgraph.model.vocab import BASE
from actorgraph.present.output import write_atomically
from actorgraph.store.protocol import Graph
from actorgraph.store.remote import mask, open_url

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


def send(endpoint: str, update: str, timeout: float = 120.0) -> None:
    """POST one SPARQL Update; the whole exchange (connect, send, answer) must end within ``timeout`` seconds.

    Credentials come from $ACTORGRAPH_USER/$ACTORGRAPH_PASSWORD, ~/.netrc, or the URL itself; every
    error is one line, with the URL's password masked.
    """
    body = urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "actorgraph"}
    open_url(endpoint, body, headers, timeout, option="--timeout")


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
