"""SHACL shapes as code: every tests/shapes/*_PASS.ttl conforms, every *_XFAIL.ttl fails exactly as it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from actorgraph.model.resources import dataset_files, ontology_files, shapes_file
from actorgraph.model.shapes import Violation, violations
from actorgraph.model.vocab import AG, PREFIXES
from actorgraph.sources.claims import read_claims, to_quads
from actorgraph.store.graph import ActorGraph, open_graph

EXAMPLES = Path(__file__).parent / "shapes"
PASS = sorted(EXAMPLES.glob("*_PASS.ttl"))
XFAIL = sorted(EXAMPLES.glob("*_XFAIL.ttl"))

_EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s+(\S+)\s+(\S+)\s*$")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_PARAMETERS = {  # constraint parameter -> the component whose violations it causes
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.disjoint: "DisjointConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH.qualifiedMinCount: "QualifiedMinCountConstraintComponent",
    SH.qualifiedMaxCount: "QualifiedMaxCountConstraintComponent",
}

Expected = tuple[str, str, str]


def compact(iri: str) -> str:
    """A CURIE for an IRI in one of actorgraph's namespaces, else ``<iri>``."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and iri != namespace:
            return prefix + ":" + iri.removeprefix(namespace)
    return f"<{iri}>"


def compact_path(path: str | None) -> str:
    if path is None:
        return "-"
    if path.startswith(("<", "^", "(")) or "|" in path:
        return re.sub(r"<([^>]*)>", lambda m: compact(m.group(1)), path)
    return compact(path)


def as_expected(violation: Violation) -> Expected:
    return compact(violation.focus), compact_path(violation.path), violation.component


def expectations(path: Path) -> set[Expected]:
    """The ``# expect: focus path component`` lines at the head of an XFAIL file."""
    found: set[Expected] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECT.match(line)
        if match:
            focus, result_path, component = (t.replace("\\", "") for t in match.groups())
            focus, result_path = (re.sub(r"<([^>]*)>", lambda m: compact(m.group(1)), t) for t in (focus, result_path))
            found.add((focus, result_path, component))
    return found


def load(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def native(path: Path) -> list[Violation]:
    """The native checker's results for an example file, the ontology beside it as in the graph."""
    graph = ActorGraph()
    graph.store.load(path=str(path), format=RdfFormat.TURTLE)
    return violations(graph.store)


def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(shapes_file(), format="turtle")


def ontology_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def test_examples_come_in_pairs() -> None:
    assert PASS, "no examples found"
    assert {p.name.removesuffix("_PASS.ttl") for p in PASS} == {p.name.removesuffix("_XFAIL.ttl") for p in XFAIL}


@pytest.mark.parametrize("path", PASS, ids=lambda p: p.stem)
def test_pass_conforms(path: Path) -> None:
    found = native(path)
    assert found == [], "\n".join(str(v) for v in found)


@pytest.mark.parametrize("path", XFAIL, ids=lambda p: p.stem)
def test_xfail_fails_exactly_as_expected(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} lists no '# expect:' lines"
    found = native(path)
    actual = {as_expected(v) for v in found}
    missing, unexpected = expected - actual, actual - expected
    assert not missing and not unexpected, (
        f"missing: {sorted(missing)}\nunexpected: {sorted(unexpected)}\n" + "\n".join(str(v) for v in found)
    )
    for violation in found:
        assert violation.message and violation.severity == "Violation"


@pytest.mark.parametrize("path", PASS + XFAIL, ids=lambda p: p.stem)
def test_the_native_checker_agrees_with_pyshacl(path: Path) -> None:
    """pySHACL is a complete SHACL engine: on every example the native checker finds what it finds."""
    from pyshacl_reference import shacl_violations

    reference = {(v.focus, v.path, v.component, v.message) for v in shacl_violations(load(path))}
    assert {(v.focus, v.path, v.component, v.message) for v in native(path)} == reference


def _property_shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    return set(shapes.objects(None, SH.property)) | set(shapes.subjects(RDF.type, SH.PropertyShape))


def test_every_constraint_has_a_failing_example() -> None:
    """Each constraint of each property shape is broken by some XFAIL file (told apart by its message)."""
    shapes = shapes_graph()
    needed = set()
    for shape in _property_shapes(shapes):
        message = str(shapes.value(shape, SH.message))
        for parameter, component in _PARAMETERS.items():
            if shapes.value(shape, parameter) is not None:
                needed.add((component, message))
    assert len(needed) > 50
    seen = {(v.component, v.message) for path in XFAIL for v in native(path)}
    assert needed - seen == set()


def test_every_shape_has_a_name_and_a_message() -> None:
    shapes = shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = _property_shapes(shapes)
    assert node_shapes and property_shapes
    for shape in node_shapes | property_shapes:
        assert len(list(shapes.objects(shape, SH.name))) == 1, f"{shape} has no single sh:name"
        assert len(list(shapes.objects(shape, SH.message))) == 1, f"{shape} has no single sh:message"
    messages = [str(shapes.value(s, SH.message)) for s in property_shapes]
    assert len(messages) == len(set(messages)), "two property shapes share a message"


def _path_of(shapes: rdflib.Graph, holder: rdflib.term.Node) -> rdflib.term.Node | None:
    """The sh:path a constraint's values are taken from: its own, or that of the shape it qualifies."""
    path = shapes.value(holder, SH.path)
    if path is None:
        owner = shapes.value(None, SH.qualifiedValueShape, holder)
        path = shapes.value(owner, SH.path) if owner is not None else None
    return path


def test_sh_in_lists_match_the_ontology() -> None:
    """Each sh:in list is exactly the subclasses (for rdf:type) or the instances of the property's range."""
    shapes, ontology = shapes_graph(), ontology_graph()
    lists = list(shapes.subject_objects(SH["in"]))
    assert len(lists) >= 8
    for holder, head in lists:
        members = list(Collection(shapes, head))
        assert len(members) == len(set(members)), f"repeated term in sh:in {members}"
        path = _path_of(shapes, holder)
        assert isinstance(path, rdflib.URIRef), f"sh:in {members} has no simple path"
        if path == RDF.type:
            for member in members:
                assert (member, RDF.type, OWL.Class) in ontology, f"{member} is not a class of the ontology"
            parents = set.intersection(*(set(ontology.objects(m, RDFS.subClassOf)) for m in members))
            assert len(parents) == 1, f"{members} have no single common superclass: {parents}"
            parent = parents.pop()
            assert set(members) == set(ontology.subjects(RDFS.subClassOf, parent)), f"not every subclass of {parent}"
        else:
            kind = ontology.value(path, RDFS.range)
            assert kind is not None, f"{path} has no rdfs:range in the ontology"
            assert (kind, RDF.type, OWL.Class) in ontology
            assert set(members) == set(ontology.subjects(RDF.type, kind)), f"sh:in on {path} is not every {kind}"


def test_shapes_name_only_terms_of_the_ontology() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    defined = set(ontology.subjects())
    used = {t for triple in shapes for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(AG._base)}
    assert used
    assert used - defined == set()


def test_bundled_claims_conform_for_both_checkers() -> None:
    from pyshacl_reference import quads_to_rdflib, shacl_violations

    quads = to_quads(read_claims(dataset_files()))
    assert shacl_violations(quads_to_rdflib(quads)) == []
    graph = ActorGraph()
    graph.store.extend(quads)
    assert violations(graph.store) == []


def test_bundled_graph_with_derived_edges_conforms() -> None:
    found = violations(open_graph().store)
    assert found == [], "\n".join(str(v) for v in found)


DATA = Path(__file__).parent / "data"
EXCERPTS = {
    "ucdp-actor": ["ucdp-actor-221-excerpt.csv"],
    "ucdp-esd": ["ucdp-esd-ay-181-excerpt.csv"],
    "ucdp-acd": ["ucdp-acd-231-excerpt.csv", "ucdp-acd-251-excerpt.csv"],
    "ucdp-dyadic": ["ucdp-dyadic-241-excerpt.csv"],
    "atop": ["atop-5.1-ddyr-excerpt.csv"],
}


def test_every_importer_has_an_excerpt() -> None:
    from actorgraph.sources import datasets

    assert sorted(EXCERPTS) == sorted(datasets())


@pytest.mark.parametrize(("kind", "excerpt"), [(k, f) for k, files in EXCERPTS.items() for f in files])
def test_imported_data_conforms(kind: str, excerpt: str) -> None:
    """Imported statements pass the shapes curated claims pass: the one writer writes both."""
    from actorgraph.sources import reader

    got = reader(kind)(DATA / excerpt, None)
    assert got.rows > 0
    graph = ActorGraph()
    graph.store.extend(got.quads())
    found = violations(graph.store)
    assert found == [], "\n".join(str(v) for v in found)


RELATION_ON_BUNDLED_ACTORS = """\
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix relation: <https://w3id.org/actorgraph/relation/> .
@prefix source: <https://w3id.org/actorgraph/source/> .
relation:mine a ag:Support ; ag:actor actor:russia ; ag:target actor:assad-government ;
    ag:certainty ag:Confirmed ; ag:citation relation:mine-cite .
relation:mine-cite a ag:Citation ; <http://www.w3.org/ns/prov#entity> source:{source} .
"""


def test_an_rdf_file_may_name_the_bundled_actors(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """As a claims file may: validate reads an RDF file beside the bundled data unless --no-bundled."""
    path = tmp_path / "mine.ttl"
    bundled_source = read_claims(dataset_files()).sources[0].id
    path.write_text(RELATION_ON_BUNDLED_ACTORS.format(source=bundled_source), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    alone = run("validate", str(path), "--no-bundled")
    assert alone.exit_code == 1
    assert "must be a known actor (rel:mine ag:actor)" in alone.output
