"""The SHACL shapes of ``ontology/shapes.ttl``, checked natively: each constraint becomes one SPARQL query.

The shapes file is the one statement of what well-formed data is. This module evaluates the
SHACL Core subset the shapes use (targets by class, subjects or objects of a property; paths that
are a property or alternatives of properties; min/max count, datatype, class, in, hasValue,
pattern, disjoint, lessThanOrEquals, and qualified counts over an ``sh:in`` list) in the store itself, in
time linear in the data. The tests run pySHACL, a complete SHACL engine, on every example and on
the bundled data, and require the same results.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store

from actorgraph.model import resources

__all__ = ["Violation", "violations"]

_SH = "http://www.w3.org/ns/shacl#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result.

    ``focus`` is the IRI of the offending node (``_:id`` for a blank node); ``path`` the IRI of the
    property (a SPARQL property path such as ``<a>|<b>`` for a complex path, None for a node-level
    constraint); ``component`` is a SHACL local name such as ``MinCountConstraintComponent``;
    ``message`` is the shape's sh:message.
    """

    focus: str
    path: str | None
    component: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message} ({self.component})"


@dataclass(frozen=True)
class _Constraint:
    targets: str  # a SPARQL group binding ?f to each focus node
    path: str  # the SPARQL property path from ?f to its values
    shown: str | None  # the path as results name it
    component: str
    parameter: Any  # the constraint's value: a number, a term, or a list of terms
    message: str


def violations(store: Store) -> list[Violation]:
    """Every SHACL result of the statements in ``store`` (the union of its graphs, in which the
    ontology's subclass statements stand), without repeats, sorted; ``[]`` when it conforms.

    >>> from actorgraph.store.graph import open_graph
    >>> violations(open_graph().store)
    []
    >>> from actorgraph.store.graph import ActorGraph
    >>> bad = ActorGraph()
    >>> bad.store.load(b'<https://w3id.org/actorgraph/actor/x> a <https://w3id.org/actorgraph/ns#State> .',
    ...                format=RdfFormat.TURTLE)
    >>> [(v.path, v.component) for v in violations(bad.store)]
    [('http://www.w3.org/2004/02/skos/core#prefLabel', 'MinCountConstraintComponent')]
    """
    found: set[Violation] = set()
    for constraint in _constraints():
        query = _QUERIES[constraint.component](constraint)
        for row in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            focus = row["f"]
            name = f"_:{focus.value}" if isinstance(focus, BlankNode) else focus.value
            found.add(Violation(name, constraint.shown, constraint.component, constraint.message))
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.component, v.message))


# ---------------------------------------------------------------------------- one query per constraint


def _n3(term: Any) -> str:
    return str(term)


def _count(c: _Constraint, compare: str, values: str = "") -> str:
    return (
        f"SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {c.targets} }} }} "
        f"OPTIONAL {{ ?f {c.path} ?v {values} }} }} GROUP BY ?f HAVING (COUNT(DISTINCT ?v) {compare})"
    )


def _values(c: _Constraint, test: str) -> str:
    return f"SELECT DISTINCT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {c.targets} }} }} ?f {c.path} ?v . {test} }}"


def _datatype(c: _Constraint) -> str:
    datatype = c.parameter.value
    # a value of the datatype whose text is not a valid one of it (such as "2016-13-01"^^xsd:date) is ill-typed
    cast = "" if datatype == _STRING else f"BIND(<{datatype}>(STR(?v)) AS ?ok)"
    bad = f"!isLiteral(?v) || DATATYPE(?v) != <{datatype}>" + ("" if not cast else " || !BOUND(?ok)")
    return _values(c, f"{cast} FILTER({bad})")


def _in(terms: list[Any]) -> str:
    return ", ".join(_n3(t) for t in terms)


_QUERIES = {
    "MinCountConstraintComponent": lambda c: _count(c, f"< {c.parameter}"),
    "MaxCountConstraintComponent": lambda c: _count(c, f"> {c.parameter}"),
    "DatatypeConstraintComponent": _datatype,
    "ClassConstraintComponent": lambda c: _values(
        c, f"FILTER NOT EXISTS {{ ?v {_TYPE}/{_SUBCLASS}* {_n3(c.parameter)} }}"
    ),
    "InConstraintComponent": lambda c: _values(c, f"FILTER(?v NOT IN ({_in(c.parameter)}))"),
    "PatternConstraintComponent": lambda c: _values(
        c, f"FILTER(isBlank(?v) || !REGEX(STR(?v), {_n3(Literal(c.parameter.value))}))"
    ),
    "DisjointConstraintComponent": lambda c: _values(c, f"?f {_n3(c.parameter)} ?v"),
    "HasValueConstraintComponent": lambda c: (
        f"SELECT DISTINCT ?f WHERE {{ {c.targets} FILTER NOT EXISTS {{ ?f {c.path} {_n3(c.parameter)} }} }}"
    ),
    "LessThanOrEqualsConstraintComponent": lambda c: _values(
        c, f"?f {_n3(c.parameter)} ?w . FILTER(!(?v <= ?w) || !BOUND(?w))"
    ),
    "QualifiedMinCountConstraintComponent": lambda c: _count(
        c, f"< {c.parameter[1]}", f"FILTER(?v IN ({_in(c.parameter[0])}))"
    ),
    "QualifiedMaxCountConstraintComponent": lambda c: _count(
        c, f"> {c.parameter[1]}", f"FILTER(?v IN ({_in(c.parameter[0])}))"
    ),
}

# ---------------------------------------------------------------------------- reading the shapes


@functools.cache
def _constraints() -> tuple[_Constraint, ...]:
    """Every constraint of every property shape, with the targets of the node shapes that use it."""
    shapes = Store()
    shapes.load(path=str(resources.shapes_file()), format=RdfFormat.TURTLE)

    def objects(s: Any, p: str) -> list[Any]:
        return [q.object for q in shapes.quads_for_pattern(s, NamedNode(_SH + p), None)]

    def one(s: Any, p: str) -> Any:
        found = objects(s, p)
        return found[0] if found else None

    def listed(head: Any) -> list[Any]:
        items = []
        rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        while head is not None and head != NamedNode(rdf + "nil"):
            items.append(next(shapes.quads_for_pattern(head, NamedNode(rdf + "first"), None)).object)
            head = next(shapes.quads_for_pattern(head, NamedNode(rdf + "rest"), None)).object
        return items

    out: list[_Constraint] = []
    node_shapes = [
        q.subject for q in shapes.quads_for_pattern(None, NamedNode(_TYPE[1:-1]), NamedNode(_SH + "NodeShape"))
    ]
    for node in sorted(node_shapes, key=str):
        groups = [f"{{ ?f {_TYPE}/{_SUBCLASS}* {_n3(c)} }}" for c in objects(node, "targetClass")]
        groups += [f"{{ ?f {_n3(p)} ?any }}" for p in objects(node, "targetSubjectsOf")]
        groups += [f"{{ ?any {_n3(p)} ?f }}" for p in objects(node, "targetObjectsOf")]
        targets = " UNION ".join(groups)
        for prop in objects(node, "property"):
            path, shown = _read_path(one(prop, "path"), objects, listed)
            message = str(one(prop, "message").value)

            def add(component: str, parameter: Any) -> None:
                out.append(_Constraint(targets, path, shown, component, parameter, message))  # noqa: B023

            for name, component in _SIMPLE.items():
                value = one(prop, name)
                if value is not None:
                    add(component, int(value.value) if name in ("minCount", "maxCount") else value)
            if one(prop, "in") is not None:
                add("InConstraintComponent", listed(one(prop, "in")))
            qualified = one(prop, "qualifiedValueShape")
            if qualified is not None:
                terms = listed(one(qualified, "in"))
                for name in ("qualifiedMinCount", "qualifiedMaxCount"):
                    count = one(prop, name)
                    if count is not None:
                        add(name[0].upper() + name[1:] + "ConstraintComponent", (terms, int(count.value)))
    return tuple(out)


_SIMPLE = {
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "class": "ClassConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "disjoint": "DisjointConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
}


def _read_path(path: Any, objects: Any, listed: Any) -> tuple[str, str]:
    """A SHACL path as a SPARQL property path, and as results name it (a property's bare IRI)."""
    if isinstance(path, NamedNode):
        return _n3(path), path.value
    alternatives = objects(path, "alternativePath")
    if alternatives:
        text = "|".join(_n3(p) for p in listed(alternatives[0]))
        return f"({text})", text
    raise ValueError(f"unsupported SHACL path in the shapes file: {path}")
