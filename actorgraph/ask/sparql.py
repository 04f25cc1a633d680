"""Running a user's SPARQL query, read-only, over the graph."""

from __future__ import annotations

import re
from typing import Any

from actorgraph.errors import QueryError
from actorgraph.store.graph import ActorGraph

__all__ = ["is_update", "run_query"]

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n?|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether SPARQL text is an update (INSERT, DELETE, LOAD, ...) rather than a query.

    >>> is_update("PREFIX ex: <http://e/> # note\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    position = 0
    while match := _PROLOGUE.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    word = re.match(r"\s*([A-Za-z]+)", text[position:])
    return word is not None and word.group(1).upper() in _UPDATE_WORDS


def run_query(graph: ActorGraph, query: str) -> Any:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; an update is refused.

    The result is pyoxigraph's (solutions, a boolean or triples); ``actorgraph.present.sparql``
    writes it out.

    >>> bool(run_query(open_graph(), "ASK { actor:iran ag:supports actor:assad-government }"))
    True
    """
    if is_update(query):
        raise QueryError(
            "read-only: actorgraph sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; "
            "to change the graph, edit claims and import them (actorgraph import)"
        )
    return graph.query(query)
