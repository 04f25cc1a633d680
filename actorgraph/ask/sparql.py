"""Running user SPARQL and printing its results in the standard result formats."""

from __future__ import annotations

import re
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    serialize,
)

from actorgraph.errors import QueryError
from actorgraph.model.formats import RDF_FORMATS, RESULT_FORMATS
from actorgraph.model.vocab import PREFIXES
from actorgraph.present.rows import table
from actorgraph.store.protocol import Graph

__all__ = ["compact", "is_update", "run_sparql"]


def compact(term: Any) -> str:
    """A term as a person reads it: a prefixed name, or a literal's text.

    >>> compact(NamedNode("https://w3id.org/actorgraph/actor/russia"))
    'actor:russia'
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(base) and "/" not in term.value[len(base) :]:
                return f"{prefix}:{term.value[len(base) :]}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


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


def run_sparql(graph: Graph, query: str, fmt: str = "table") -> str:
    """Run a query; SELECT/ASK as a table or SPARQL results (json, csv, tsv, xml), graphs as RDF.

    >>> print(run_sparql(open_graph(), "ASK { actor:iran ag:supports actor:assad-government }"))
    true
    >>> out = run_sparql(open_graph(), 'SELECT ?l WHERE { actor:hts skos:prefLabel ?l }', "csv")
    >>> out.splitlines()
    ['l', 'Hayat Tahrir al-Sham']
    """
    if is_update(query):
        raise QueryError(
            "read-only: actorgraph sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; "
            "to change the graph, edit claims and import them (actorgraph import)"
        )
    result = graph.query(query)
    if isinstance(result, QueryBoolean):
        if fmt in RESULT_FORMATS:
            return (result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode() + "\n"
        return ("true" if bool(result) else "false") + "\n"
    if isinstance(result, QuerySolutions):
        if fmt in RESULT_FORMATS:
            return (result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode()
        names = [v.value for v in result.variables]
        rows = [[compact(row[n]) for n in names] for row in result]
        return table(names, rows, width=120) + f"\n({len(rows)} row{'s' * (len(rows) != 1)})\n"
    assert isinstance(result, QueryTriples)
    triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    rdf = RDF_FORMATS.get(fmt, RDF_FORMATS["turtle"])
    out = serialize(triples, format=rdf, prefixes=PREFIXES if fmt not in ("nt",) else None)
    return out.decode() if out else ""
