"""The claims files: TOML an analyst writes, read with file:line checks and turned into RDF quads."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, Store

from actorgraph.errors import BadDate, DataError, Problem
from actorgraph.model.dates import PartialDate
from actorgraph.model.text import CONTROL
from actorgraph.model.vocab import (
    ACTOR,
    AG,
    CHANGE,
    DCT,
    GRAPH,
    ORG,
    PROV,
    RDF,
    RELATION,
    SCHEMA,
    SKOS,
    SOURCE,
    ontology_store,
    vocabulary,
)

__all__ = ["Claims", "Known", "check", "check_fields", "claims_quads", "read_claims", "to_quads"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

# field name -> (required, expected python type)
_FIELDS: dict[str, dict[str, tuple[bool, type]]] = {
    "source": {
        "id": (True, str),
        "publisher": (True, str),
        "title": (True, str),
        "url": (True, str),
        "date": (False, str),
        "author": (False, str),
        "accessed": (False, str),
        "text": (False, str),
        "note": (False, str),
        "kind": (False, str),
        "copy_of": (False, str),
    },
    "actor": {
        "id": (True, str),
        "label": (True, str),
        "type": (True, str),
        "aliases": (False, list),
        "loose_names": (False, list),
        "start": (False, str),
        "end": (False, str),
        "note": (False, str),
        "cite": (False, list),
        "leader": (False, list),
    },
    "leader": {
        "name": (True, str),
        "start": (True, str),
        "end": (False, str),
        "cite": (True, list),
    },
    "change": {
        "id": (True, str),
        "kind": (True, str),
        "date": (True, str),
        "from": (True, list),
        "to": (True, list),
        "name": (False, str),
        "note": (False, str),
        "cite": (False, list),
    },
    "relation": {
        "id": (True, str),
        "kind": (True, str),
        "actor": (True, str),
        "target": (True, str),
        "certainty": (True, str),
        "mode": (False, str),
        "types": (False, list),
        "start": (False, str),
        "end": (False, str),
        "agreement": (False, str),
        "note": (False, str),
        "source_note": (False, str),
        "cite": (False, list),
    },
    "cite": {"source": (True, str), "quote": (True, str)},
}


@dataclass
class Entry:
    """One ``[[kind]]`` table of a claims file, with where each of its keys stands."""

    kind: str
    data: dict[str, Any]
    path: str
    line: int
    lines: dict[str, int]
    cites: list[Entry] = field(default_factory=list)
    leaders: list[Entry] = field(default_factory=list)
    owner: str = ""  # for a table inside another (an actor's leader): how that one is named

    @property
    def id(self) -> str:
        value = self.data.get("id", "")
        return value if isinstance(value, str) else ""

    @property
    def what(self) -> str:
        """How messages name the entry: ``actor 'hts'``, ``actor 'x' leader 'A. Person'``."""
        if self.kind == "leader":
            name = self.data.get("name")
            return f"{self.owner} leader {name!r}" if isinstance(name, str) else f"{self.owner} leader"
        return f"{self.kind} {self.id!r}" if self.id else self.kind

    def at(self, key: str | None = None) -> tuple[str, int]:
        """The file and line of a key (or of the entry's header)."""
        return self.path, self.lines.get(key, self.line) if key else self.line

    def date(self, key: str) -> PartialDate | None:
        value = self.data.get(key)
        try:
            return PartialDate.parse(value) if isinstance(value, str) else None
        except BadDate:
            return None


@dataclass
class Claims:
    """Everything read from a set of claims files, in file order, with the problems found."""

    sources: list[Entry] = field(default_factory=list)
    actors: list[Entry] = field(default_factory=list)
    changes: list[Entry] = field(default_factory=list)
    relations: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def entries(self) -> Iterator[Entry]:
        yield from self.sources
        yield from self.actors
        yield from self.changes
        yield from self.relations

    def locations(self) -> dict[str, tuple[str, int]]:
        """IRI of every node the claims make -> the file and line that made it."""
        where: dict[str, tuple[str, int]] = {}
        for entry in self.entries():
            iri = _iri(entry.kind, entry.id)
            where.setdefault(iri, entry.at())
            for n, cite in enumerate(entry.cites, 1):
                where.setdefault(f"{iri}#cite-{n}", cite.at())
            for n, leader in enumerate(entry.leaders, 1):
                where.setdefault(f"{iri}/leader-{n}", leader.at())
                for m, cite in enumerate(leader.cites, 1):
                    where.setdefault(f"{iri}/leader-{n}#cite-{m}", cite.at())
        return where


def _iri(kind: str, ident: str) -> str:
    base = {"source": SOURCE, "actor": ACTOR, "change": CHANGE, "relation": RELATION}[kind]
    return base + ident


def _scan(text: str) -> list[tuple[str, int, dict[str, int]]]:
    """Each array-of-tables header in order: its name, its line, and the line of each of its keys."""
    tables: list[tuple[str, int, dict[str, int]]] = []
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            tables.append((header.group(1), number, {}))
            continue
        if _TABLE.match(line):
            tables.append((_TABLE.match(line).group(1), number, {}))  # type: ignore[union-attr]
            continue
        key = _KEY.match(line)
        if key and tables:
            tables[-1][2].setdefault(key.group(1), number)
        for delim in ('"""', "'''"):
            if line.count(delim) % 2 == 1:
                in_string = delim
    return tables


def read_claims(paths: Iterable[Path | str]) -> Claims:
    """Read claims files; syntax and field problems are collected in ``Claims.problems``.

    >>> from actorgraph.model.resources import dataset_files
    >>> claims = read_claims(dataset_files())
    >>> claims.problems
    []
    >>> any(a.id == "hezbollah" for a in claims.actors)
    True
    """
    claims = Claims()
    for path in paths:
        _read_file(Path(path), claims)
    return claims


def _read_file(path: Path, claims: Claims) -> None:
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        claims.problems.append(Problem(name, 0, f"cannot read claims file: {getattr(exc, 'strerror', None) or exc}"))
        return
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else 0
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        claims.problems.append(Problem(name, line, f"invalid TOML: {message}"))
        return
    tables = _scan(text)
    positions: dict[str, list[tuple[int, dict[str, int]]]] = {}
    for table, line, keys in tables:
        positions.setdefault(table, []).append((line, keys))
    cite_positions: dict[str, Iterator[tuple[int, dict[str, int]]]] = {
        kind: iter(positions.get(f"{kind}.cite", [])) for kind in ("actor", "change", "relation", "actor.leader")
    }
    leader_positions = iter(positions.get("actor.leader", []))
    for key in document:
        if key not in ("source", "actor", "change", "relation"):
            line = positions.get(key, [(0, {})])[0][0]
            claims.problems.append(
                Problem(
                    name,
                    line,
                    f"unknown entry kind {key!r}: expected [[source]], [[actor]], [[change]] or [[relation]]",
                )
            )
    for kind in ("source", "actor", "change", "relation"):
        items = document.get(kind, [])
        if not isinstance(items, list):
            claims.problems.append(
                Problem(name, positions.get(kind, [(0, {})])[0][0], f"{kind} must be written [[{kind}]]")
            )
            continue
        places = positions.get(kind, [])
        for index, data in enumerate(items):
            line, keys = places[index] if index < len(places) else (0, {})
            entry = Entry(kind, data, name, line, keys)
            for cite_data in data.get("cite", []) if isinstance(data.get("cite"), list) else []:
                cline, ckeys = next(cite_positions[kind], (line, {}))
                entry.cites.append(Entry("cite", cite_data, name, cline, ckeys))
            for leader_data in (
                data.get("leader", []) if kind == "actor" and isinstance(data.get("leader"), list) else []
            ):
                if not isinstance(leader_data, dict):
                    message = f"{entry.what}: leader must be written [[actor.leader]], not {leader_data!r}"
                    claims.problems.append(Problem(*entry.at("leader"), message))
                    continue
                lline, lkeys = next(leader_positions, (line, {}))
                leader = Entry("leader", leader_data, name, lline, lkeys, owner=entry.what)
                cites = leader_data.get("cite", [])
                for cite_data in cites if isinstance(cites, list) else []:
                    cline, ckeys = next(cite_positions["actor.leader"], (lline, {}))
                    leader.cites.append(Entry("cite", cite_data, name, cline, ckeys))
                entry.leaders.append(leader)
            for part in (entry, *entry.leaders):
                check_fields(part, claims.problems)
                for cite in part.cites:
                    check_fields(cite, claims.problems)
            getattr(claims, kind + "s").append(entry)


def check_fields(entry: Entry, problems: list[Problem]) -> None:
    """One entry's own fields, whatever file it came from: known, typed, not empty, required ones
    there, ids and dates well formed; each problem is appended to ``problems``.

    >>> problems = []
    >>> entry = Entry("actor", {"id": "x", "label": "X", "type": "state", "colour": "red"}, "a.csv", 2, {})
    >>> check_fields(entry, problems)
    >>> print(*[p.message for p in problems])
    actor 'x': unknown field 'colour' (allowed: id, label, type, aliases, loose_names, start, end, note, cite, leader)
    """
    spec = _FIELDS[entry.kind]
    what = entry.what
    for key, value in entry.data.items():
        if key not in spec:
            problems.append(Problem(*entry.at(key), f"{what}: unknown field {key!r} (allowed: {', '.join(spec)})"))
            continue
        expected = spec[key][1]
        if not isinstance(value, expected) or (
            isinstance(value, list) and key not in _TABLES and not all(isinstance(v, str) for v in value)
        ):
            kind_name = "a string" if expected is str else "a list of strings"
            if key not in _TABLES:
                problems.append(Problem(*entry.at(key), f"{what}: {key} must be {kind_name}, not {value!r}"))
        elif isinstance(value, str) and not value.strip():
            problems.append(Problem(*entry.at(key), f"{what}: {key} is empty"))
        for text in value if isinstance(value, list) else [value]:
            control = CONTROL.search(text) if isinstance(text, str) else None
            if control:
                code = f"U+{ord(control.group()):04X}"
                problems.append(Problem(*entry.at(key), f"{what}: {key} holds a control character ({code})"))
                break
    for key, (required, _) in spec.items():
        if required and key not in entry.data:
            problems.append(Problem(*entry.at(), f"{what}: missing field {key!r}"))
    text = entry.data.get("text")
    if entry.kind == "source" and isinstance(text, str) and not _inside(text):
        problems.append(
            Problem(
                *entry.at("text"), f"{what}: text {text!r} must be a path inside a texts folder (no '..', not absolute)"
            )
        )
    if "id" in spec and entry.id and not _ID.match(entry.id):
        problems.append(Problem(*entry.at("id"), f"{what}: id must be lowercase letters, digits and '-'"))
    for key in ("date", "start", "end", "accessed"):
        value = entry.data.get(key)
        if key in spec and isinstance(value, str):
            try:
                PartialDate.parse(value)
            except BadDate as exc:
                problems.append(Problem(*entry.at(key), f"{what}: {key}: {exc}"))


#: the keys that hold tables of their own (``[[relation.cite]]``, ``[[actor.leader]]``), checked as entries
_TABLES = ("cite", "leader")


def _enum(entry: Entry, key: str, allowed: dict[str, NamedNode], problems: list[Problem], what: str) -> None:
    values = entry.data.get(key)
    for value in values if isinstance(values, list) else [values] if isinstance(values, str) else []:
        if value not in allowed:
            problems.append(
                Problem(*entry.at(key), f"{what}: unknown {key} {value!r} (one of: {', '.join(sorted(allowed))})")
            )


@dataclass(frozen=True)
class Known:
    """Actor and source ids defined outside the claims being checked (in the graph they are added to)."""

    actors: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()


def check(claims: Claims, texts: Sequence[Path] = (), known: Known = Known()) -> list[Problem]:
    """Cross-entry checks: ids, references, kinds, dates in order, and quotes against source texts.

    References may name the ``known`` actors and sources as well as those the claims define.
    Returns every problem, the reader's first, sorted by file and line.

    >>> from actorgraph.model.resources import dataset_files
    >>> check(read_claims(dataset_files()))
    []
    """
    vocab = vocabulary()
    problems = list(claims.problems)
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for entry in claims.entries():
        if not entry.id:
            continue
        key = (entry.kind, entry.id)
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(*entry.at("id"), f"duplicate {entry.kind} id {entry.id!r} (first at {first[0]}:{first[1]})")
            )
        else:
            seen[key] = entry.at("id")
    actors = {a.id: a for a in claims.actors}
    sources = {s.id: s for s in claims.sources}
    source_texts = _source_texts(claims.sources, texts)

    for source in claims.sources:
        _enum(source, "kind", vocab.source_kinds, problems, f"source {source.id!r}")
    for actor in claims.actors:
        _enum(actor, "type", vocab.actor_types, problems, f"actor {actor.id!r}")
        for leader in actor.leaders:
            _check_tenure(leader, actor, problems)
    for change in claims.changes:
        what = f"change {change.id!r}"
        _enum(change, "kind", vocab.change_kinds, problems, what)
        for side in ("from", "to"):
            for ref in change.data.get(side, []) if isinstance(change.data.get(side), list) else []:
                if ref not in actors and ref not in known.actors:
                    problems.append(Problem(*change.at(side), f"{what}: unknown actor {ref!r}"))
    for rel in claims.relations:
        what = f"relation {rel.id!r}"
        _enum(rel, "kind", vocab.relation_kinds, problems, what)
        _enum(rel, "certainty", vocab.certainties, problems, what)
        _enum(rel, "types", vocab.support_types, problems, what)
        _enum(rel, "mode", vocab.modes, problems, what)
        for role in ("actor", "target"):
            ref = rel.data.get(role)
            if isinstance(ref, str) and ref not in actors and ref not in known.actors:
                problems.append(Problem(*rel.at(role), f"{what}: unknown actor {ref!r}"))
            elif isinstance(ref, str) and ref in actors:
                _check_lifespan(rel, actors[ref], problems, what)
    cited = [*claims.actors, *(leader for a in claims.actors for leader in a.leaders), *claims.changes]
    for entry in [*cited, *claims.relations]:
        for cite in entry.cites:
            ref = cite.data.get("source") if isinstance(cite.data, dict) else None
            quote = cite.data.get("quote") if isinstance(cite.data, dict) else None
            if not isinstance(ref, str):
                continue
            if ref not in sources and ref not in known.sources:
                problems.append(Problem(*cite.at("source"), f"{entry.what}: unknown source {ref!r}"))
            elif isinstance(quote, str) and ref in source_texts and quote not in source_texts[ref]:
                problems.append(
                    Problem(
                        *cite.at("quote"),
                        f"{entry.what}: quote not found verbatim in the text of source {ref!r}: {quote[:60]!r}",
                    )
                )
    if not problems:  # the shapes judge what reads cleanly: the quads of a broken entry are not made
        problems += shape_problems(claims, known)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


#: the key of a claims entry that writes each property: where a shape's complaint points in the file
FIELD_OF: dict[str, str] = {
    **{p.value: "id" for p in (DCT.identifier,)},
    **{p.value: k for p, k in ((DCT.title, "title"), (DCT.publisher, "publisher"), (SCHEMA.url, "url"))},
    **{p.value: k for p, k in ((DCT.date, "date"), (AG.date, "date"), (AG.datePrecision, "date"))},
    **{p.value: k for p, k in ((AG.accessed, "accessed"), (AG.sourceKind, "kind"), (AG.copyOf, "copy_of"))},
    **{p.value: k for p, k in ((SKOS.prefLabel, "label"), (SKOS.altLabel, "aliases"), (AG.newName, "name"))},
    **{p.value: "start" for p in (AG.start, AG.latestStart, AG.startPrecision)},
    **{p.value: "end" for p in (AG.end, AG.earliestEnd, AG.endPrecision)},
    **{p.value: k for p, k in ((ORG.originalOrganization, "from"), (ORG.resultingOrganization, "to"))},
    **{p.value: k for p, k in ((AG.actor, "actor"), (AG.target, "target"), (AG.certainty, "certainty"))},
    **{p.value: k for p, k in ((AG.supportType, "types"), (AG.mode, "mode"), (AG.agreementName, "agreement"))},
    **{p.value: k for p, k in ((AG.citation, "cite"), (PROV.entity, "source"), (AG.quote, "quote"))},
    AG.sourceNote.value: "source_note",
    **{p.value: k for p, k in ((AG.looseName, "loose_names"), (AG.leader, "leader"), (AG.leaderName, "name"))},
}


def shape_problems(claims: Claims, known: Known = Known()) -> list[Problem]:
    """What the SHACL shapes (ontology/shapes.ttl) say of the claims, each at its file and line.

    Actors and sources that are ``known`` (held by the graph the claims go into) count as such.

    >>> from actorgraph.model.resources import dataset_files
    >>> shape_problems(read_claims(dataset_files()))
    []
    """
    from actorgraph.model.shapes import violations

    store = Store()
    store.extend(ontology_store().quads_for_pattern(None, None, None, GRAPH.ontology))
    store.extend(to_quads(claims))
    store.extend(Quad(NamedNode(ACTOR + a), RDF.type, AG.Actor, GRAPH.curated) for a in known.actors)
    store.extend(Quad(NamedNode(SOURCE + s), RDF.type, AG.Source, GRAPH.curated) for s in known.sources)
    entries = {_iri(e.kind, e.id): e for e in claims.entries() if e.id}
    entries |= {
        f"{_iri(a.kind, a.id)}/leader-{n}": t for a in claims.actors if a.id for n, t in enumerate(a.leaders, 1)
    }
    cites = {f"{iri}#cite-{n}": c for iri, e in entries.items() for n, c in enumerate(e.cites, 1)}
    problems = []
    for v in violations(store):
        entry = entries.get(v.focus) or cites.get(v.focus)
        if entry is None:
            continue
        key = FIELD_OF.get(v.path or "")
        owner = entries.get(v.focus.split("#cite-")[0]) if v.focus in cites else entry
        what = owner.what if owner else entry.kind
        shown = f" ({key} = {entry.data[key]!r})" if key and isinstance(entry.data.get(key), str) else ""
        problems.append(Problem(*entry.at(key if key in entry.lines else None), f"{what}: {v.message}{shown}"))
    return problems


def _check_tenure(leader: Entry, actor: Entry, problems: list[Problem]) -> None:
    """A leader leads the actor while it exists: a tenure outside its lifespan is a slip of the pen."""
    born, died = actor.date("start"), actor.date("end")
    start, end = leader.date("start"), leader.date("end")
    if born and start and start.last_day < born.first_day:
        problems.append(
            Problem(*leader.at("start"), f"{leader.what}: starts {start}, before {actor.id!r} existed ({born})")
        )
    if died and end and end.first_day > died.last_day:
        problems.append(Problem(*leader.at("end"), f"{leader.what}: ends {end}, after {actor.id!r} ended ({died})"))
    if died and start and start.first_day > died.last_day:
        problems.append(
            Problem(*leader.at("start"), f"{leader.what}: starts {start}, after {actor.id!r} ended ({died})")
        )


def _check_lifespan(rel: Entry, actor: Entry, problems: list[Problem], what: str) -> None:
    born, died = actor.date("start"), actor.date("end")
    start, end = rel.date("start"), rel.date("end")
    if died and start and start.first_day > died.last_day:
        problems.append(Problem(*rel.at("start"), f"{what}: starts {start}, after {actor.id!r} ended ({died})"))
    if born and end and end.last_day < born.first_day:
        problems.append(Problem(*rel.at("end"), f"{what}: ends {end}, before {actor.id!r} existed ({born})"))


def _inside(name: str) -> bool:
    """Whether a text path stays inside the folder it is read from."""
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts and not name.startswith("~")


def _source_texts(sources: list[Entry], texts: Sequence[Path]) -> dict[str, str]:
    found = {}
    for source in sources:
        name = source.data.get("text")
        if not isinstance(name, str) or not _inside(name):
            continue
        for folder in texts:
            # the name is a plain relative path (``_inside``); a link the user made in their folder is theirs
            candidate = Path(folder) / name
            if candidate.is_file():
                found[source.id] = candidate.read_text(encoding="utf-8")
                break
    return found


def unchecked_texts(claims: Claims, texts: Sequence[Path]) -> list[str]:
    """The source text files named in the claims that none of the ``texts`` folders holds."""
    found = _source_texts(claims.sources, texts)
    return sorted({s.data["text"] for s in claims.sources if isinstance(s.data.get("text"), str) and s.id not in found})


def claims_quads(paths: Sequence[Path | str], known: Known = Known(), texts: Sequence[Path] = ()) -> list[Quad]:
    """The quads of claims files added to a graph that already defines the ``known`` actors and sources.

    Actors and sources a file names but neither defines nor finds known are taken from the
    bundled dataset, so a file of one's own may name its actors; anything else unknown is an error.

    >>> mine = tmp / "mine.toml"
    >>> _ = mine.write_text('''
    ... [[source]]
    ... id = "my-notes"
    ... publisher = "Me"
    ... title = "Notes"
    ... url = "https://example.org/notes"
    ... [[relation]]
    ... id = "my-russia-supports-iran"
    ... kind = "support"
    ... actor = "russia"
    ... target = "iran"
    ... certainty = "alleged"
    ... [[relation.cite]]
    ... source = "my-notes"
    ... quote = "Russia helps Iran."
    ... ''')
    >>> quads = claims_quads([mine])
    >>> sorted({q.subject.value.rsplit("/", 1)[-1] for q in quads if "actor/" in q.subject.value})
    ['iran', 'russia']
    """
    from actorgraph.model import resources

    claims = read_claims(paths)
    wanted_actors, wanted_sources = _unresolved(claims, known)
    if wanted_actors or wanted_sources:
        bundled = read_claims(resources.dataset_files())
        borrowed = [a for a in bundled.actors if a.id in wanted_actors]
        wanted_sources |= {str(c.data.get("source")) for a in borrowed for c in a.cites} - known.sources
        wanted_sources -= {s.id for s in claims.sources}
        claims.actors = borrowed + claims.actors
        claims.sources = [s for s in bundled.sources if s.id in wanted_sources] + claims.sources
    problems = check(claims, texts, known)
    if problems:
        raise DataError(problems)
    return to_quads(claims)


def _unresolved(claims: Claims, known: Known) -> tuple[set[str], set[str]]:
    """The actor and source ids the claims name but neither define nor find known."""
    actors: set[str] = set()
    for rel in claims.relations:
        actors |= {v for v in (rel.data.get("actor"), rel.data.get("target")) if isinstance(v, str)}
    for change in claims.changes:
        for side in ("from", "to"):
            value = change.data.get(side)
            actors |= {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
    sources = {c.data.get("source") for e in claims.entries() for c in e.cites}
    actors -= {a.id for a in claims.actors} | known.actors
    defined = {s.id for s in claims.sources} | known.sources
    return actors, {s for s in sources if isinstance(s, str) and s not in defined}


def to_quads(claims: Claims, graph: NamedNode | None = None) -> list[Quad]:
    """The RDF quads of a set of (checked) claims, in the curated graph unless told otherwise,
    written by the one writer importers use too (:mod:`actorgraph.sources.writer`).

    >>> from actorgraph.model.resources import dataset_files
    >>> quads = to_quads(read_claims(dataset_files()))
    >>> len(quads) > 100
    True
    """
    from actorgraph.sources.writer import Cite, Leader, Writer

    vocab = vocabulary()
    out = Writer(graph or GRAPH.curated)

    def text(value: object) -> str:
        return str(value)

    def optional(entry: Entry, key: str) -> str | None:
        return text(entry.data[key]) if key in entry.data else None

    def cites(entry: Entry) -> list[Cite]:
        return [
            Cite(SOURCE + cite.data["source"], text(cite.data["quote"]) if "quote" in cite.data else None)
            for cite in entry.cites
        ]

    for source in claims.sources:
        d = source.data
        out.source(
            SOURCE + source.id,
            source.id,
            text(d["title"]),
            text(d["publisher"]),
            d["url"],
            kind=vocab.source_kinds[d["kind"]] if "kind" in d else None,
            date=source.date("date"),
            author=optional(source, "author"),
            accessed=source.date("accessed"),
            text_file=optional(source, "text"),
            note=optional(source, "note"),
            copy_of=optional(source, "copy_of"),
        )
    for actor in claims.actors:
        d = actor.data
        out.actor(
            ACTOR + actor.id,
            [vocab.actor_types[d["type"]]],
            actor.id,
            text(d["label"]),
            [text(a) for a in d.get("aliases", [])],
            start=actor.date("start"),
            end=actor.date("end"),
            note=optional(actor, "note"),
            citations=cites(actor),
            loose_names=[text(n) for n in d.get("loose_names", [])],
            leaders=[
                Leader(text(t.data["name"]), t.date("start"), t.date("end"), tuple(cites(t))) for t in actor.leaders
            ],
        )
    for change in claims.changes:
        d = change.data
        out.change(
            CHANGE + change.id,
            vocab.change_kinds[d["kind"]],
            change.date("date"),
            [ACTOR + ref for ref in d["from"]],
            [ACTOR + ref for ref in d["to"]],
            new_name=optional(change, "name"),
            note=optional(change, "note"),
            citations=cites(change),
        )
    for rel in claims.relations:
        d = rel.data
        out.relation(
            RELATION + rel.id,
            vocab.relation_kinds[d["kind"]],
            ACTOR + d["actor"],
            ACTOR + d["target"],
            vocab.certainties[d["certainty"]],
            types=[vocab.support_types[key] for key in d.get("types", [])],
            mode=vocab.modes[d["mode"]] if "mode" in d else None,
            agreement=optional(rel, "agreement"),
            start=rel.date("start"),
            end=rel.date("end"),
            note=optional(rel, "note"),
            source_note=optional(rel, "source_note"),
            citations=cites(rel),
        )
    return out.quads()
