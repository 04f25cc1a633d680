"""pySHACL, a complete SHACL engine, as the reference the native checker (actorgraph.model.shapes) must agree with."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import rdflib
from pyoxigraph import Quad, RdfFormat, Triple, serialize

from actorgraph.model import resources
from actorgraph.model.shapes import Violation

_SH = "http://www.w3.org/ns/shacl#"


def quads_to_rdflib(quads: Iterable[Quad | Triple]) -> rdflib.Graph:
    """The union of pyoxigraph quads (or triples) as an rdflib Graph, graph names dropped."""
    triples = [q.triple if isinstance(q, Quad) else q for q in quads]
    graph = rdflib.Graph()
    if triples:
        data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


@functools.cache
def _shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.shapes_file(), format="turtle")


@functools.cache
def _ontology_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def shacl_violations(data: rdflib.Graph) -> list[Violation]:
    """Every SHACL result of ``data`` against the shapes, without repeats, sorted; ``[]`` when it conforms.

    The ontology is mixed into the data graph (so ``sh:class`` and ``sh:targetClass`` follow
    ``rdfs:subClassOf``) and no inference is run. ``data`` itself is not changed.

    """
    from pyshacl import validate

    conforms, report, _ = validate(
        data,
        shacl_graph=_shapes_graph(),
        ont_graph=_ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
        js=False,
    )
    if conforms:
        return []
    # a result per bad value: without the value they are the same violation, so keep one
    return sorted(set(_results(report)), key=lambda v: (v.focus, v.path or "", v.component, v.message))


def _results(report: rdflib.Graph) -> Iterable[Violation]:
    from rdflib.namespace import RDF, SH

    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        yield Violation(
            focus=_node(report.value(result, SH.focusNode)),
            path=None if path is None else _path(report, path, top=True),
            component=_local(report.value(result, SH.sourceConstraintComponent)),
            message="; ".join(sorted(str(m) for m in report.objects(result, SH.resultMessage))),
            severity=_local(report.value(result, SH.resultSeverity)),
        )


def _local(term: Any) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if text.startswith(_SH) else text


def _node(term: Any) -> str:
    from rdflib import BNode

    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _path(graph: rdflib.Graph, path: Any, top: bool = False) -> str:
    """A SHACL path in SPARQL property path syntax; a top-level predicate as its bare IRI."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return str(path) if top else f"<{path}>"
    if not isinstance(path, BNode):
        return str(path)
    for name, template in (
        ("inversePath", "^{}"),
        ("zeroOrMorePath", "({})*"),
        ("oneOrMorePath", "({})+"),
        ("zeroOrOnePath", "({})?"),
    ):
        inner = graph.value(path, URIRef(_SH + name))
        if inner is not None:
            return template.format(_path(graph, inner))
    alternatives = graph.value(path, URIRef(_SH + "alternativePath"))
    if alternatives is not None:
        text = "|".join(_path(graph, p) for p in Collection(graph, alternatives))
    elif graph.value(path, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")) is not None:
        text = "/".join(_path(graph, p) for p in Collection(graph, path))
    else:
        return f"_:{path}"
    return text if top else f"({text})"
