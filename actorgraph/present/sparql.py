"""SPARQL results for people (a table) and programs (the standard results formats, RDF), control characters escaped."""

from __future__ import annotations

from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, serialize

from actorgraph.model.formats import RDF_FORMATS, RESULT_FORMATS
from actorgraph.model.vocab import PREFIXES
from actorgraph.present.rows import Column, Table, View, clean, render

__all__ = ["SPARQL_FORMATS", "compact", "render_result"]

#: What ``actorgraph sparql`` writes: a table or markdown for people, NDJSON (one object per row or triple, terms
#: as a person reads them), the SPARQL results formats, RDF for graphs.
SPARQL_FORMATS = ("table", "markdown", "ndjson", *RESULT_FORMATS, *(f for f in RDF_FORMATS if f not in RESULT_FORMATS))


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


def render_result(result: Any, fmt: str = "table", width: int | None = None) -> str:
    """A query's result: SELECT/ASK as a table or SPARQL results (json, csv, tsv, xml), graphs as RDF.

    Whatever the data holds, no control character reaches the terminal raw.

    >>> from actorgraph.ask.sparql import run_query
    >>> print(render_result(run_query(open_graph(), "ASK { actor:iran ag:supports actor:assad-government }")))
    true
    >>> out = render_result(run_query(open_graph(), 'SELECT ?l WHERE { actor:hts skos:prefLabel ?l }'), "csv")
    >>> out.splitlines()
    ['l', 'Hayat Tahrir al-Sham']
    >>> print(render_result(run_query(open_graph(), 'SELECT ?l WHERE { actor:hts skos:prefLabel ?l }'), "ndjson"))
    {"l": "Hayat Tahrir al-Sham"}
    <BLANKLINE>
    """
    json_style = fmt in ("json", "jsonld", "turtle", "nt", "trig", "nquads")
    if isinstance(result, QueryBoolean):
        if fmt in RESULT_FORMATS:
            return clean((result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode(), json_style=json_style) + "\n"
        if fmt == "ndjson":
            return render(View([], [{"boolean": bool(result)}]), fmt) + "\n"
        return ("true" if bool(result) else "false") + "\n"
    if isinstance(result, QuerySolutions):
        if fmt in RESULT_FORMATS:
            return clean((result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode(), json_style=json_style)
        names = [v.value for v in result.variables]
        records = [{n: compact(row[n]) for n in names} for row in result]
        count = f"({len(records)} row{'s' * (len(records) != 1)})"
        view = View([Table([Column(n, n, 1, 12) for n in names], records), count], records, names)
        text = render(view, fmt if fmt in ("markdown", "ndjson") else "table", width)
        return text + "\n" if text else ""
    assert isinstance(result, QueryTriples)
    triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "ndjson":
        parts = ("subject", "predicate", "object")
        text = render(View([], [{n: compact(term) for n, term in zip(parts, t, strict=True)} for t in triples]), fmt)
        return text + "\n" if text else ""
    rdf = RDF_FORMATS.get(fmt, RDF_FORMATS["turtle"])
    out = serialize(triples, format=rdf, prefixes=PREFIXES if fmt not in ("nt",) else None)
    return clean(out.decode(), json_style=json_style) if out else ""
