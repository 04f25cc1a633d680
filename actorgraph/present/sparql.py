"""SPARQL results as people and other tools read them: a table, the standard result formats, or RDF."""

from __future__ import annotations

from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, serialize

from actorgraph.model.formats import RDF_FORMATS, RESULT_FORMATS
from actorgraph.model.vocab import PREFIXES
from actorgraph.present.rows import table

__all__ = ["compact", "render_sparql"]


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


def render_sparql(result: Any, fmt: str = "table") -> str:
    """SELECT and ASK results as a table or the standard SPARQL results (json, csv, tsv, xml); graphs as RDF.

    >>> from actorgraph.ask.sparql import ask_sparql
    >>> print(render_sparql(ask_sparql(open_graph(), "ASK { actor:iran ag:supports actor:assad-government }")))
    true
    >>> out = render_sparql(ask_sparql(open_graph(), "SELECT ?l WHERE { actor:hts skos:prefLabel ?l }"), "csv")
    >>> out.splitlines()
    ['l', 'Hayat Tahrir al-Sham']
    """
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
