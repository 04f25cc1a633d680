"""Running a user's SPARQL query, read-only, over the graph."""

from __future__ import annotations

from typing import Any

from actorgraph.errors import QueryError
from actorgraph.model.sparql import is_update, refuse_service
from actorgraph.store.protocol import Graph

__all__ = ["run_query"]


def run_query(graph: Graph, query: str) -> Any:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; an update is refused, and so is a SERVICE
    clause (it would fetch other addresses from here).

    >>> bool(run_query(open_graph(), "ASK { actor:iran ag:supports actor:assad-government }"))
    True
    >>> run_query(open_graph(), "DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    actorgraph.errors.QueryError: read-only: actorgraph sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), ...
    """
    if is_update(query):
        raise QueryError(
            "read-only: actorgraph sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; "
            "to change the graph, edit claims and import them (actorgraph import)"
        )
    refuse_service(query)
    return graph.query(query)
