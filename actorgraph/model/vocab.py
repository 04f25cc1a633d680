"""The vocabulary as closed namespaces of pyoxigraph terms, and the keys the ontology gives them."""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, Store

from actorgraph.model import resources
from actorgraph.model.resources import blake2b

__all__ = [
    "ACTOR",
    "AG",
    "CHANGE",
    "DCT",
    "GRAPH",
    "GRAPH_BASE",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RELATION",
    "SCHEMA",
    "SKOS",
    "SOURCE",
    "XSD",
    "ActorType",
    "RelationKind",
    "Vocabulary",
    "read_vocabulary",
    "vocabulary",
]


class ClosedNamespace(type):
    """A namespace whose terms are its annotations: an unknown term raises AttributeError."""

    def __getattr__(cls, name: str) -> NamedNode:
        annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})
        if name.startswith("_") or name not in annotations:
            raise AttributeError(f"{name!r} is not a term of {cls.__name__} <{cls.__dict__['_base']}>")
        term = NamedNode(cls.__dict__["_base"] + name)
        setattr(cls, name, term)
        return term

    def __contains__(cls, name: object) -> bool:
        return isinstance(name, str) and name in cls.__dict__.get("__annotations__", {})

    def terms(cls) -> list[str]:
        """The local names of every term, in declaration order."""
        return [n for n in cls.__dict__.get("__annotations__", {}) if not n.startswith("_")]


class AG(metaclass=ClosedNamespace):
    """actorgraph vocabulary, ``ontology/actorgraph.ttl``."""

    _base = "https://w3id.org/actorgraph/ns#"

    # annotation properties
    key: NamedNode  # the word naming a term in claims files and on the command line
    shortcut: NamedNode  # the plain actor-to-actor property derived from a relation class
    inverseLabel: NamedNode  # how a relation reads from its target's side
    verb: NamedNode  # how an answer reads a relation kind or mode with its actor first
    passiveVerb: NamedNode  # ... with its target first
    sign: NamedNode  # a relation kind's sign: 1 cooperation, -1 opposition
    colour: NamedNode  # how diagrams draw a relation kind or actor type
    shape: NamedNode  # how the page draws an actor type
    marker: NamedNode  # how figures draw an actor type
    weight: NamedNode  # how much a claim of a certainty counts
    # actors
    Actor: NamedNode  # a party to a conflict
    State: NamedNode  # a sovereign state
    Government: NamedNode  # a particular government or regime
    ArmedGroup: NamedNode  # a non-state armed group
    Coalition: NamedNode  # a named coalition or umbrella
    AggregateActor: NamedNode  # a loose set of actors named together
    IntergovernmentalOrganisation: NamedNode  # an organisation of states
    # the names people use
    looseName: NamedNode  # a name for several actors at once, offered as a list, never resolved
    Tenure: NamedNode  # a person's time at the head of an actor
    leader: NamedNode  # actor -> a tenure at its head
    leaderName: NamedNode  # the name of the person of a tenure
    # identity over time
    ChangeEvent: NamedNode  # a dated change in an actor's identity
    Rename: NamedNode  # same actor, new name
    Merger: NamedNode  # actors join into a new one
    Splinter: NamedNode  # a new actor breaks away
    Succession: NamedNode  # a government or group is replaced
    newName: NamedNode  # the name taken at a rename
    date: NamedNode  # first day of the period a change happened in
    datePrecision: NamedNode  # precision of ag:date or dct:date
    # relations
    Relation: NamedNode  # one sourced claim of a relation over a period
    Support: NamedNode  # actor supports target
    Opposition: NamedNode  # actor opposes target
    Agreement: NamedNode  # both take part in an agreement or ceasefire
    Membership: NamedNode  # actor is a member of target
    Leadership: NamedNode  # actor leads target
    actor: NamedNode  # who supports, opposes, agrees, joins or leads
    target: NamedNode  # who is supported, opposed, agreed with, joined or led
    supportType: NamedNode  # a kind of support given
    mode: NamedNode  # how opposition is carried out
    agreementName: NamedNode  # the agreement both actors take part in
    conflictName: NamedNode  # a coded dataset's name of the conflict a relation belongs to
    certainty: NamedNode  # how firmly the sources state the claim
    # time
    start: NamedNode  # earliest possible start (first day of the start's period)
    latestStart: NamedNode  # latest possible start (last day of the start's period)
    startPrecision: NamedNode  # day, month or year
    earliestEnd: NamedNode  # earliest possible end (first day of the end's period)
    end: NamedNode  # latest possible end (last day of the end's period)
    endPrecision: NamedNode  # day, month or year
    Precision: NamedNode  # how precisely a date is known
    Day: NamedNode  # known to the day
    Month: NamedNode  # known to the month
    Year: NamedNode  # known to the year
    # certainty
    Certainty: NamedNode  # how firmly a claim is stated
    Confirmed: NamedNode  # stated as fact
    Alleged: NamedNode  # reported or alleged
    Disputed: NamedNode  # denied or contested
    # opposition modes
    OppositionMode: NamedNode  # how one actor opposes another
    Fighting: NamedNode  # armed conflict
    Designation: NamedNode  # terrorist designation
    Sanctions: NamedNode  # sanctions
    # support types
    SupportType: NamedNode  # a kind of external support
    TroopsAsSecondaryParty: NamedNode  # UCDP ESD X
    TroopPresence: NamedNode  # UCDP ESD P
    InfrastructureAccess: NamedNode  # UCDP ESD Y
    Weapons: NamedNode  # UCDP ESD W
    MaterielLogistics: NamedNode  # UCDP ESD M
    TrainingExpertise: NamedNode  # UCDP ESD T
    Funding: NamedNode  # UCDP ESD F
    Intelligence: NamedNode  # UCDP ESD I
    TerritoryAccess: NamedNode  # UCDP ESD L
    OtherSupport: NamedNode  # UCDP ESD O
    UnknownSupport: NamedNode  # UCDP ESD U
    DiplomaticSupport: NamedNode  # statements, votes, vetoes
    # sources
    Source: NamedNode  # a document or dataset
    Citation: NamedNode  # a claim's tie to one source, with the quote
    citation: NamedNode  # relation/actor/change -> citation
    quote: NamedNode  # the source's words, verbatim
    accessed: NamedNode  # when the source was read
    textFile: NamedNode  # a copy of the source's text, for checking quotes
    coverageEnd: NamedNode  # the last day a coded dataset codes
    sourceKind: NamedNode  # what a source is
    copyOf: NamedNode  # what a mirror copies
    sourceNote: NamedNode  # why a claim rests only on weak sources
    # source kinds
    SourceKind: NamedNode  # what kind of publication a source is
    rank: NamedNode  # display order, lower first
    reliable: NamedNode  # in the default --reliable set
    WireAgency: NamedNode  # Reuters, AP, AFP
    NewsOutlet: NamedNode  # newspaper or broadcaster
    Research: NamedNode  # think tank or academic
    Official: NamedNode  # government or intergovernmental body
    ResearchDataset: NamedNode  # UCDP, ATOP
    Encyclopedia: NamedNode  # Wikipedia, Britannica
    PartyMedia: NamedNode  # state media of a party to the conflict
    Mirror: NamedNode  # a copy of another source
    Blog: NamedNode  # aggregator or blog
    # derived shortcuts
    supports: NamedNode  # derived from ag:Support
    opposes: NamedNode  # derived from ag:Opposition
    agreementWith: NamedNode  # derived from ag:Agreement
    memberOf: NamedNode  # derived from ag:Membership
    leads: NamedNode  # derived from ag:Leadership


class RDF(metaclass=ClosedNamespace):
    """RDF, the terms actorgraph uses."""

    _base = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    type: NamedNode


class RDFS(metaclass=ClosedNamespace):
    """RDF Schema, the terms actorgraph uses."""

    _base = "http://www.w3.org/2000/01/rdf-schema#"
    label: NamedNode
    comment: NamedNode
    subClassOf: NamedNode
    subPropertyOf: NamedNode
    domain: NamedNode
    range: NamedNode


class OWL(metaclass=ClosedNamespace):
    """OWL, the terms actorgraph uses."""

    _base = "http://www.w3.org/2002/07/owl#"
    Class: NamedNode
    ObjectProperty: NamedNode
    DatatypeProperty: NamedNode
    AnnotationProperty: NamedNode
    FunctionalProperty: NamedNode
    SymmetricProperty: NamedNode
    Ontology: NamedNode


class SKOS(metaclass=ClosedNamespace):
    """SKOS, the terms actorgraph uses."""

    _base = "http://www.w3.org/2004/02/skos/core#"
    prefLabel: NamedNode
    altLabel: NamedNode
    notation: NamedNode
    note: NamedNode
    exactMatch: NamedNode  # the same actor in another dataset
    Concept: NamedNode


class PROV(metaclass=ClosedNamespace):
    """PROV-O, the terms actorgraph uses."""

    _base = "http://www.w3.org/ns/prov#"
    wasDerivedFrom: NamedNode
    entity: NamedNode
    Agent: NamedNode
    Entity: NamedNode


class ORG(metaclass=ClosedNamespace):
    """W3C Organization ontology, the terms actorgraph uses."""

    _base = "http://www.w3.org/ns/org#"
    originalOrganization: NamedNode
    resultingOrganization: NamedNode


class DCT(metaclass=ClosedNamespace):
    """DCMI terms, the terms actorgraph uses."""

    _base = "http://purl.org/dc/terms/"
    title: NamedNode
    publisher: NamedNode
    creator: NamedNode
    date: NamedNode
    identifier: NamedNode


class SCHEMA(metaclass=ClosedNamespace):
    """schema.org, the terms actorgraph uses."""

    _base = "https://schema.org/"
    url: NamedNode


class XSD(metaclass=ClosedNamespace):
    """XML Schema datatypes, the terms actorgraph uses."""

    _base = "http://www.w3.org/2001/XMLSchema#"
    date: NamedNode
    string: NamedNode
    integer: NamedNode
    anyURI: NamedNode


BASE = "https://w3id.org/actorgraph/"
ACTOR = BASE + "actor/"
RELATION = BASE + "relation/"
SOURCE = BASE + "source/"
CHANGE = BASE + "change/"
#: the named graphs: ``GRAPH_BASE`` + a dataset's key, or one of :class:`GRAPH`'s own
GRAPH_BASE = BASE + "graph/"


class GRAPH(metaclass=ClosedNamespace):
    """The named graphs actorgraph keeps its statements in."""

    _base = GRAPH_BASE
    ontology: NamedNode  # the vocabulary itself
    curated: NamedNode  # claims from the bundled and user claims files
    shortcuts: NamedNode  # derived actor-to-actor edges and prov:wasDerivedFrom


PREFIXES: dict[str, str] = {
    "ag": AG._base,
    "actor": ACTOR,
    "rel": RELATION,
    "src": SOURCE,
    "change": CHANGE,
    "dct": DCT._base,
    "org": ORG._base,
    "owl": OWL._base,
    "prov": PROV._base,
    "rdf": RDF._base,
    "rdfs": RDFS._base,
    "schema": SCHEMA._base,
    "skos": SKOS._base,
    "xsd": XSD._base,
}


@dataclass(frozen=True)
class RelationKind:
    """What a relation kind is, as the ontology states it: every module that needs to know reads this."""

    key: str  # the word in claims files and on the command line
    term: NamedNode  # the class
    label: str  # how it reads from the actor's side
    inverse_label: str  # how it reads from the target's side
    shortcut: NamedNode | None  # the derived actor-to-actor property
    symmetric: bool  # the same read from either side (its shortcut is an owl:SymmetricProperty)
    sign: int  # 1 cooperation, -1 opposition, 0 unknown (signed network analysis)
    colour: str  # in diagrams


@dataclass(frozen=True)
class ActorType:
    """An actor type and how diagrams draw it."""

    key: str
    term: NamedNode
    label: str
    shape: str  # vis-network node shape
    marker: str  # matplotlib marker
    colour: str


@dataclass(frozen=True)
class Vocabulary:
    """What the ontology says of each enumerated term: its key in claims files and its label."""

    actor_types: dict[str, NamedNode]
    relation_kinds: dict[str, NamedNode]
    change_kinds: dict[str, NamedNode]
    support_types: dict[str, NamedNode]
    modes: dict[str, NamedNode]
    certainties: dict[str, NamedNode]
    precisions: dict[str, NamedNode]
    source_kinds: dict[str, NamedNode]  # strongest first
    reliable_source_kinds: frozenset[str]
    kinds: dict[str, RelationKind]  # relation kinds, in the ontology's order
    types: dict[str, ActorType]  # actor types, in the ontology's order
    certainty_weights: dict[str, float]
    labels: dict[str, str]
    keys: dict[str, str]
    shortcuts: dict[str, NamedNode]
    inverse_labels: dict[str, str]
    notations: dict[str, str]
    verbs: dict[str, tuple[str, str]]  # kind or mode key -> how it reads with its actor first, with its target first

    def kind(self, key: str) -> RelationKind:
        """What a relation kind is; a kind the ontology does not name (from a foreign RDF file) reads
        as itself, undirected by nothing, with no sign, in grey.

        >>> vocabulary().kind("opposition").sign, vocabulary().kind("rivalry").sign
        (-1, 0)
        """
        found = self.kinds.get(key)
        if found is None:
            found = RelationKind(key, NamedNode(AG._base + key), key, key, None, False, 0, "#7f7f7f")
        return found

    def key(self, term: NamedNode) -> str:
        """The claims-file word for a term, e.g. ``support`` for ``ag:Support``."""
        return self.keys[term.value]

    def label(self, term: NamedNode) -> str:
        """The English label of a term."""
        return self.labels.get(term.value, term.value.rsplit("#", 1)[-1])


def _keyed(store: Store, query: str) -> dict[str, NamedNode]:
    found = {}
    for row in store.query(query, prefixes=PREFIXES):  # type: ignore[union-attr]
        found[row["key"].value] = row["term"]
    return found


@functools.cache
def ontology_store() -> Store:
    """The ontology files parsed into an in-memory store (cached)."""
    store = Store()
    for path in resources.ontology_files():
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=GRAPH.ontology)
    return store


@functools.cache
def vocabulary() -> Vocabulary:
    """The keyed terms of the ontology: read from the ontology once, then kept in the user's cache
    folder as JSON, named by a hash of the ontology and of this module (parsing and querying the
    ontology would cost every question several milliseconds more).

    >>> vocabulary().support_types["weapons"]
    <NamedNode value=https://w3id.org/actorgraph/ns#Weapons>
    >>> vocabulary().key(AG.Support)
    'support'
    """
    import json

    made_from = b"".join(path.read_bytes() for path in [Path(__file__), *resources.ontology_files()])
    kept = resources.cache_dir() / "vocabulary" / f"{blake2b(made_from, digest_size=16).hexdigest()}.json"
    try:
        return _from_json(json.loads(kept.read_bytes()))
    except (OSError, ValueError, LookupError, TypeError):
        pass  # not kept yet, or unreadable: read the ontology, and keep what it says
    found = read_vocabulary()
    partial = kept.with_name(f".{kept.stem}.{os.getpid()}.partial")
    try:
        kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.write_text(json.dumps(_as_json(found)), encoding="utf-8")
        os.replace(partial, kept)  # another process reads all of it or nothing
        for old in kept.parent.glob("*.json"):  # the vocabulary of an earlier ontology or code
            if old != kept:
                old.unlink()
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
    return found


#: the fields of a :class:`Vocabulary` that map keys to terms, and those that map them to plain values
_TERM_FIELDS = (
    "actor_types",
    "relation_kinds",
    "change_kinds",
    "support_types",
    "modes",
    "certainties",
    "precisions",
    "source_kinds",
    "shortcuts",
)
_PLAIN_FIELDS = ("certainty_weights", "labels", "keys", "inverse_labels", "notations")


def _as_json(vocab: Vocabulary) -> dict[str, Any]:
    """The vocabulary as JSON values (dictionaries keep their order)."""
    out: dict[str, Any] = {name: {k: t.value for k, t in getattr(vocab, name).items()} for name in _TERM_FIELDS}
    out |= {name: getattr(vocab, name) for name in _PLAIN_FIELDS}
    out["reliable_source_kinds"] = sorted(vocab.reliable_source_kinds)
    out["kinds"] = [
        [k.key, k.term.value, k.label, k.inverse_label, k.shortcut.value if k.shortcut else None]
        + [k.symmetric, k.sign, k.colour]
        for k in vocab.kinds.values()
    ]
    out["types"] = [[t.key, t.term.value, t.label, t.shape, t.marker, t.colour] for t in vocab.types.values()]
    out["verbs"] = vocab.verbs
    return out


def _from_json(data: dict[str, Any]) -> Vocabulary:
    """The vocabulary :func:`_as_json` wrote."""
    fields: dict[str, Any] = {name: {k: NamedNode(iri) for k, iri in data[name].items()} for name in _TERM_FIELDS}
    fields |= {name: data[name] for name in _PLAIN_FIELDS}
    return Vocabulary(
        **fields,
        reliable_source_kinds=frozenset(data["reliable_source_kinds"]),
        kinds={
            key: RelationKind(key, NamedNode(term), label, inverse, NamedNode(cut) if cut else None, sym, sign, colour)
            for key, term, label, inverse, cut, sym, sign, colour in data["kinds"]
        },
        types={key: ActorType(key, NamedNode(term), *rest) for key, term, *rest in data["types"]},
        verbs={key: (active, passive) for key, (active, passive) in data["verbs"].items()},
    )


def read_vocabulary() -> Vocabulary:
    """The keyed terms of the ontology, read from its files (:func:`vocabulary` keeps them).

    >>> read_vocabulary() == vocabulary()
    True
    """
    store = ontology_store()

    def sub(parent: str) -> dict[str, NamedNode]:
        return _keyed(
            store,
            f"SELECT ?term ?key WHERE {{ GRAPH ?g {{ ?term rdfs:subClassOf+ {parent} ; ag:key ?key }} }}",
        )

    def inst(cls: str) -> dict[str, NamedNode]:
        return _keyed(store, f"SELECT ?term ?key WHERE {{ GRAPH ?g {{ ?term a {cls} ; ag:key ?key }} }}")

    labels: dict[str, str] = {}
    keys: dict[str, str] = {}
    shortcuts: dict[str, NamedNode] = {}
    inverse: dict[str, str] = {}
    said: dict[NamedNode, dict[str, str]] = {}  # verb, passive verb
    notations: dict[str, str] = {}
    ranks: dict[str, int] = {}
    reliable: set[str] = set()
    numbers: dict[NamedNode, dict[str, float]] = {}  # sign, weight
    texts: dict[NamedNode, dict[str, str]] = {}  # colour, shape, marker
    symmetric: set[str] = set()
    for quad in store.quads_for_pattern(None, None, None, GRAPH.ontology):
        s, p, o = str(getattr(quad.subject, "value", "")), quad.predicate, quad.object
        if not isinstance(o, NamedNode | Literal):
            continue
        if p in (SKOS.prefLabel, RDFS.label):
            labels.setdefault(s, o.value)
        elif p == AG.key:
            keys[s] = o.value
        elif p == AG.shortcut and isinstance(o, NamedNode):
            shortcuts[s] = o
        elif p == AG.inverseLabel:
            inverse[s] = o.value
        elif p in (AG.verb, AG.passiveVerb):
            said.setdefault(p, {})[s] = o.value
        elif p == SKOS.notation:
            notations[s] = o.value
        elif p == AG.rank:
            ranks[s] = int(o.value)
        elif p in (AG.sign, AG.weight):
            numbers.setdefault(p, {})[s] = float(o.value)
        elif p in (AG.colour, AG.shape, AG.marker):
            texts.setdefault(p, {})[s] = o.value
        elif p == RDF.type and o == OWL.SymmetricProperty:
            symmetric.add(s)
        elif p == AG.reliable and o.value == "true":
            reliable.add(s)

    def ranked(terms: dict[str, NamedNode]) -> dict[str, NamedNode]:
        return dict(sorted(terms.items(), key=lambda item: ranks.get(item[1].value, 99)))

    source_kinds = ranked(inst("ag:SourceKind"))
    relation_kinds = ranked(sub("ag:Relation"))
    actor_types = ranked(sub("ag:Actor"))
    kinds = {
        key: RelationKind(
            key,
            term,
            labels.get(term.value, key),
            inverse.get(term.value, key),
            shortcuts.get(term.value),
            term.value in shortcuts and shortcuts[term.value].value in symmetric,
            int(numbers.get(AG.sign, {}).get(term.value, 0)),
            texts.get(AG.colour, {}).get(term.value, "#7f7f7f"),
        )
        for key, term in relation_kinds.items()
    }
    types = {
        key: ActorType(
            key,
            term,
            labels.get(term.value, key),
            texts.get(AG.shape, {}).get(term.value, "ellipse"),
            texts.get(AG.marker, {}).get(term.value, "o"),
            texts.get(AG.colour, {}).get(term.value, "#dddddd"),
        )
        for key, term in actor_types.items()
    }
    certainties = inst("ag:Certainty")
    return Vocabulary(
        actor_types=actor_types,
        relation_kinds=relation_kinds,
        change_kinds=sub("ag:ChangeEvent"),
        support_types=inst("ag:SupportType"),
        modes=inst("ag:OppositionMode"),
        certainties=certainties,
        precisions=inst("ag:Precision"),
        source_kinds=source_kinds,
        reliable_source_kinds=frozenset(k for k, term in source_kinds.items() if term.value in reliable),
        kinds=kinds,
        types=types,
        certainty_weights={k: numbers.get(AG.weight, {}).get(t.value, 0.0) for k, t in certainties.items()},
        labels=labels,
        keys=keys,
        shortcuts=shortcuts,
        inverse_labels=inverse,
        notations=notations,
        verbs={
            keys[s]: (active, said.get(AG.passiveVerb, {}).get(s, active))
            for s, active in said.get(AG.verb, {}).items()
            if s in keys
        },
    )
