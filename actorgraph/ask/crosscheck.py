"""The curated claims beside a coded dataset, pair by pair and year by year, through the crosswalk."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode

from actorgraph.ask.coverage import curated_links, is_directed, years_held
from actorgraph.ask.questions import ActorInfo, RelationRow, all_relations, relations, resolve
from actorgraph.errors import ActorgraphError
from actorgraph.model.dates import Period
from actorgraph.model.vocab import ACTOR, BASE, GRAPH, RELATION, vocabulary
from actorgraph.sources.tables import actor_iri, crosswalk_members, crosswalk_unmatched
from actorgraph.store.protocol import Graph

__all__ = ["CATEGORIES", "Crosscheck", "Finding", "crosscheck", "dataset_graphs", "year_runs"]

#: what a pair's years can show, most telling first: both hold; the years differ (one side
#: alone for some of them); support types differ in the years both hold; only the dataset
#: holds; only the curated claims hold; the dataset's actor has no curated counterpart.
CATEGORIES = ("dates differ", "types differ", "dataset only", "claims only", "not linked", "both hold")

_GRAPH_BASE = BASE + "graph/"


@dataclass(frozen=True)
class Finding:
    """One pair (supporter and supported, or the two sides of a fight) and what each side says of it.

    ``dataset_years`` and ``claim_years`` are the years each holds within the years compared;
    ``notes`` are the notes of the pair's curated claims that name the dataset (the editor's
    word on why they differ); ``explained`` says the difference carries one. ``via`` names the
    curated actors whose claims were read as an aggregate's (the FSA's as the insurgents').
    """

    category: str
    kind: str
    mode: str | None
    actor: ActorInfo
    target: ActorInfo
    directed: bool
    dataset_years: tuple[int, ...]
    claim_years: tuple[int, ...]
    dataset_types: tuple[str, ...] = ()
    claim_types: tuple[str, ...] = ()
    type_years: tuple[int, ...] = ()
    dataset_relations: tuple[str, ...] = ()
    claim_relations: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    via: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        """The pair as read: ``Iran → Government of Syria (Assad)``, or ``A – B`` for a fight."""
        return f"{self.actor.label} {'→' if self.directed else '–'} {self.target.label}"

    @property
    def relation(self) -> str:
        """The kind compared, with its mode: ``support``, ``opposition (fighting)``."""
        return self.kind + (f" ({self.mode})" if self.mode else "")

    @property
    def start_difference(self) -> int | None:
        """Years by which the claims start later (positive) or earlier (negative) than the dataset."""
        if not self.dataset_years or not self.claim_years:
            return None
        return min(self.claim_years) - min(self.dataset_years)

    @property
    def end_difference(self) -> int | None:
        """Years by which the claims end later (positive) or earlier (negative) than the dataset."""
        if not self.dataset_years or not self.claim_years:
            return None
        return max(self.claim_years) - max(self.dataset_years)

    @property
    def difference(self) -> str:
        """What differs, in words: ``claims start 2 years later``, ``claims lack troops-secondary in 2015``.

        >>> a, b = ActorInfo("a", "A", "state"), ActorInfo("b", "B", "state")
        >>> Finding("dates differ", "support", None, a, b, True, (2011, 2012, 2013), (2013,)).difference
        'claims start 2 years later'
        """
        if self.category == "types differ":
            missing = [t for t in self.claim_types if t not in self.dataset_types]
            return f"dataset codes no {', '.join(missing)} in {year_runs(self.type_years)}"
        if self.category == "dataset only":
            return f"no claim for {year_runs(self.dataset_years)}"
        if self.category == "claims only":
            return f"dataset codes nothing in {year_runs(self.claim_years)}"
        if self.category == "not linked":
            return "the dataset's actor has no curated counterpart"
        parts = []
        for edge, diff in (("start", self.start_difference), ("end", self.end_difference)):
            if diff:
                when = "later" if (diff > 0) else "earlier"
                parts.append(f"claims {edge} {abs(diff)} year{'s' * (abs(diff) != 1)} {when}")
        low = max(min(self.dataset_years), min(self.claim_years))
        high = min(max(self.dataset_years), max(self.claim_years))
        inside = [y for y in set(self.dataset_years) ^ set(self.claim_years) if low < y < high]
        if inside:
            parts.append(f"years differ: {year_runs(inside)}")
        return "; ".join(parts)

    @property
    def explained(self) -> bool:
        """Whether a note says why the claims differ from the dataset."""
        return bool(self.notes)

    def to_json(self) -> dict[str, Any]:
        """The finding as JSON."""
        return {
            "category": self.category,
            "relation": self.kind,
            "mode": self.mode,
            "actor": self.actor.label,
            "actor_id": self.actor.id,
            "target": self.target.label,
            "target_id": self.target.id,
            "directed": self.directed,
            "dataset_years": list(self.dataset_years),
            "claim_years": list(self.claim_years),
            "start_difference": self.start_difference,
            "end_difference": self.end_difference,
            "difference": self.difference,
            "dataset_types": list(self.dataset_types),
            "claim_types": list(self.claim_types),
            "type_years": list(self.type_years),
            "dataset_relations": list(self.dataset_relations),
            "claim_relations": list(self.claim_relations),
            "conflicts": list(self.conflicts),
            "explained": self.explained,
            "notes": list(self.notes),
            "via": list(self.via),
        }


@dataclass(frozen=True)
class Crosscheck:
    """A crosscheck's findings, with what was compared: the dataset, its years and conflicts."""

    dataset: str
    first_year: int
    last_year: int
    conflicts: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_compared: tuple[str, ...] = field(default=())

    @property
    def disagreements(self) -> list[Finding]:
        """Every finding but those where both hold alike."""
        return [f for f in self.findings if f.category != "both hold"]

    @property
    def unexplained(self) -> list[Finding]:
        """Disagreements that carry no note."""
        return [f for f in self.disagreements if not f.explained]

    def summary(self) -> dict[str, dict[str, int]]:
        """Per category: how many findings, and how many of them a note explains.

        >>> Crosscheck("ucdp-esd-18.1", 2011, 2017, (), ()).summary()["both hold"]
        {'findings': 0, 'explained': 0}
        """
        counts: dict[str, dict[str, int]] = {c: {"findings": 0, "explained": 0} for c in CATEGORIES}
        for f in self.findings:
            counts[f.category]["findings"] += 1
            counts[f.category]["explained"] += f.explained
        return counts

    def to_json(self) -> dict[str, Any]:
        """The whole report as JSON: what was compared, the summary and every finding."""
        return {
            "dataset": self.dataset,
            "years": [self.first_year, self.last_year],
            "conflicts": list(self.conflicts),
            "summary": self.summary(),
            "disagreements": len(self.disagreements),
            "unexplained": len(self.unexplained),
            "not_compared": list(self.not_compared),
            "findings": [f.to_json() for f in self.findings],
        }


def year_runs(years: Iterable[int]) -> str:
    """Years as runs: ``2011-2013, 2015``.

    >>> year_runs([2015, 2011, 2012, 2013])
    '2011-2013, 2015'
    """
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def dataset_graphs(graph: Graph) -> list[str]:
    """The keys of the coded datasets whose relations the graph holds, such as ``ucdp-esd-18.1``.

    >>> from pathlib import Path
    >>> from actorgraph.store.imports import import_files
    >>> _ = import_files("ucdp-esd", [Path("tests/data/ucdp-esd-ay-181-excerpt.csv")], tmp / "esd")
    >>> dataset_graphs(open_graph(store=tmp / "esd", bundled=False))
    ['ucdp-esd-18.1']
    """
    rows = graph.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?rel ag:actor ?a } }")
    keys = {r["g"].value[len(_GRAPH_BASE) :] for r in rows if r["g"].value.startswith(_GRAPH_BASE)}
    return sorted(keys - {GRAPH.curated.value[len(_GRAPH_BASE) :], GRAPH.shortcuts.value[len(_GRAPH_BASE) :]})


def _dataset_key(graph: Graph, dataset: str) -> str:
    keys = dataset_graphs(graph)
    if dataset in keys:
        return dataset
    found = [k for k in keys if re.fullmatch(re.escape(dataset) + r"-[\d.]+", k)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ActorgraphError(f"the graph holds several releases of {dataset}: {', '.join(found)}; name one")
    held = ", ".join(keys) or "none"
    raise ActorgraphError(f"no {dataset} relations in the graph (datasets held: {held}); import it first")


@dataclass
class _Side:
    """What one side (the dataset or the claims) holds of a pair: years, types per year, relations."""

    years: set[int] = field(default_factory=set)
    types: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    relations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conflicts: set[str] = field(default_factory=set)
    via: set[str] = field(default_factory=set)


def crosscheck(
    graph: Graph,
    dataset: str = "ucdp-esd",
    period: Period | str | int | None = None,
    *,
    actors: Sequence[str] = (),
    conflicts: Sequence[str] = (),
) -> Crosscheck:
    """Compare the curated claims with a coded dataset in the graph, pair by pair and year by year.

    The comparison keeps to the level the dataset codes: its kinds of relation (ESD: support to
    a warring party, and the fighting of the warring parties), the types it codes, and the
    years it covers. Its actors are read as the curated actors the crosswalk links them to
    (``skos:exactMatch``). A curated claim is compared when the dataset could have coded it:
    support to one of the dataset's warring parties, a fight between two of them.
    ``conflicts`` keeps to the dataset's conflicts whose names start so (``Syria``);
    ``actors`` to pairs with one of these actors.

    A claim's years run from its start to its end, or to its latest source's year when it is
    open; a claim without a start holds only in its last year. A dataset's open run reaches its
    last coded year. Disputed claims hold no year. The members of an aggregate the dataset
    codes as one side (the crosswalk's ``members``: the FSA of the Syrian insurgents) stand for
    it. A disagreement is explained when a curated claim between the two actors (of any kind)
    has a note naming the dataset ("UCDP ESD ..."); an unlinked dataset actor, when the
    crosswalk's ``[[unmatched]]`` says why.

    >>> from pathlib import Path
    >>> from actorgraph.model.resources import dataset_files
    >>> from actorgraph.store.imports import import_files
    >>> store = tmp / "crosscheck"
    >>> _ = import_files("ucdp-esd", [Path("tests/data/ucdp-esd-ay-181-excerpt.csv")], store)
    >>> _ = import_files("claims", dataset_files(), store)
    >>> report = crosscheck(open_graph(store=store, bundled=False), "ucdp-esd", Period.between(2011, 2017),
    ...                     conflicts=["Syria"])
    >>> found = {f.pair: f for f in report.findings if f.kind == "support"}
    >>> found["Russia → Government of Syria (Assad)"].category
    'dates differ'
    >>> found["Russia → Government of Syria (Assad)"].dataset_years
    (2011, 2012, 2013, 2014, 2015, 2016, 2017)
    """
    key = _dataset_key(graph, dataset)
    family = re.sub(r"-[\d.]+$", "", key)  # ucdp-esd-18.1 -> ucdp-esd, named "UCDP ESD" in notes
    mention = re.compile(r"\b" + r"[\s-]".join(map(re.escape, family.split("-"))) + r"\b", re.I)
    when = period if isinstance(period, Period) else Period.always() if period is None else Period.parse(period)

    info, covered = _dataset_info(graph, key)
    if conflicts:
        info = {
            rel: meta
            for rel, meta in info.items()
            if any(n.casefold().startswith(c.casefold()) for n in meta["conflicts"] for c in conflicts)
        }
    if not info:
        raise ActorgraphError(f"no {key} relations in the conflicts asked for: {', '.join(conflicts)}")
    first_year = max(min(m["first"] for m in info.values()), when.first.year)
    last_year = min(covered or max(m["last"] for m in info.values()), when.last.year)
    if last_year < first_year:
        raise ActorgraphError(f"{key} codes nothing in {when.label}")
    window = Period.between(first_year, last_year)
    links, curated_actors = curated_links(graph)
    # members of an aggregate the dataset codes as one side stand for it (crosswalk ``members``)
    for aggregate, members in crosswalk_members().items():
        for member in members:
            if ACTOR + aggregate in curated_actors:
                links.setdefault(ACTOR + member, ACTOR + aggregate)
    curated_rels = {
        r["rel"].value for r in graph.select(f"SELECT ?rel WHERE {{ GRAPH {GRAPH.curated} {{ ?rel ag:actor ?a }} }}")
    }
    wanted = {_node(graph, resolve(graph, name).iri, links) for name in actors}

    # the dataset's warring parties: the receiving end of a directed relation, both ends of a dyad
    in_window = {rel: m for rel, m in info.items() if m["first"] <= last_year and m["last"] >= first_year}
    parties: set[str] = {links.get(m["target"], m["target"]) for m in in_window.values()}
    parties |= {links.get(m["actor"], m["actor"]) for m in in_window.values() if not m["directed"]}
    if wanted:
        parties = {p for p in parties if p in wanted} or parties
    takes_in = {m for m, aggregate in links.items() if aggregate in parties and m in curated_actors}
    rows = _rows(graph, sorted(parties | takes_in), window)

    def ends(row: RelationRow) -> tuple[ActorInfo, ActorInfo, tuple[str, ...]]:
        a, b = (row.subject, row.other) if row.outgoing else (row.other, row.subject)
        via = tuple(x.label for x in (a, b) if x.iri.value in curated_actors and x.iri.value in links)
        a, b = (_info(graph, links[x.iri.value]) if x.iri.value in links else x for x in (a, b))
        if not is_directed(row.kind, row.mode) and (b.label.casefold(), b.id) < (a.label.casefold(), a.id):
            a, b = b, a
        return a, b, via

    sides: dict[tuple[str, str | None, str, str], tuple[ActorInfo, ActorInfo, _Side, _Side]] = {}
    data_rows = [r for r in rows if RELATION + r.relation in in_window]
    shapes = {(r.kind, r.mode) for r in data_rows}
    coded_types = {t for r in data_rows for t in r.types}
    not_compared = []
    pair_notes: dict[frozenset[str], list[str]] = {}
    for row in rows:
        a, b, via = ends(row)
        if a.id == b.id:
            continue  # a member against its own aggregate, as the dataset codes them
        if wanted and a.iri.value not in wanted and b.iri.value not in wanted:
            continue
        meta = in_window.get(RELATION + row.relation)
        if meta is None and RELATION + row.relation not in curated_rels:
            continue  # another dataset's relation
        if meta is None and row.note and mention.search(row.note):
            # the editor's word on the pair, whatever the claim's kind: it may say why they differ
            pair_notes.setdefault(frozenset((a.id, b.id)), []).append(row.note)
        if meta is None and (row.kind, row.mode) not in shapes:
            continue
        if meta is None:
            at_level = b.iri.value in parties and (is_directed(row.kind, row.mode) or a.iri.value in parties)
            if row.types and not set(row.types) & coded_types:
                at_level = False  # only types the dataset does not code, such as diplomatic support
            if not at_level:
                not_compared.append(row.relation)
                continue
        entry = sides.setdefault((row.kind, row.mode, a.id, b.id), (a, b, _Side(), _Side()))
        side = entry[2] if meta is not None else entry[3]
        side.relations.append(row.relation)
        side.via |= set(via)
        if meta is not None:
            side.conflicts |= set(meta["conflicts"])
            years = range(max(meta["first"], first_year), min(meta["last"], last_year) + 1)
        else:
            years = range(0)
        for year in years or years_held(row, first_year, last_year):
            side.years.add(year)
            side.types[year] |= set(row.types) if meta is not None else set(row.types) & coded_types

    # dataset actors reviewed and left unlinked: the crosswalk says why (``[[unmatched]]``)
    unmatched = {actor_iri(m.scheme, m.ident): m.note for m in crosswalk_unmatched()}
    findings = []
    for (kind, mode, _, _), (a, b, data, claims) in sides.items():
        linked = a.iri.value in curated_actors and b.iri.value in curated_actors
        claims.notes += pair_notes.get(frozenset((a.id, b.id)), [])
        if not linked:
            claims.notes += [unmatched[x.iri.value] for x in (a, b) if x.iri.value in unmatched]
        findings += _compare(kind, mode, a, b, is_directed(kind, mode), data, claims, linked)
    order = {c: n for n, c in enumerate(CATEGORIES)}
    findings.sort(key=lambda f: (order[f.category], f.kind, f.actor.label.casefold(), f.target.label.casefold()))
    names = sorted({n for r in data_rows for n in in_window[RELATION + r.relation]["conflicts"]})
    return Crosscheck(key, first_year, last_year, tuple(names), tuple(findings), tuple(sorted(set(not_compared))))


def _rows(graph: Graph, parties: list[str], window: Period) -> list[RelationRow]:
    """Every relation of the warring parties in the window, each once (all relations when they are many)."""
    if len(parties) > 40:
        return all_relations(graph, window)
    found: dict[str, RelationRow] = {}
    for party in parties:
        for row in relations(graph, party.rsplit("/", 1)[-1], window).rows:
            found.setdefault(row.relation, row)
    return list(found.values())


def _compare(
    kind: str,
    mode: str | None,
    a: ActorInfo,
    b: ActorInfo,
    directed: bool,
    data: _Side,
    claims: _Side,
    linked: bool,
) -> list[Finding]:
    common: dict[str, Any] = {
        "kind": kind,
        "mode": mode,
        "actor": a,
        "target": b,
        "directed": directed,
        "dataset_years": tuple(sorted(data.years)),
        "claim_years": tuple(sorted(claims.years)),
        "dataset_types": _ordered({t for ts in data.types.values() for t in ts}),
        "claim_types": _ordered({t for ts in claims.types.values() for t in ts}),
        "dataset_relations": tuple(sorted(set(data.relations))),
        "claim_relations": tuple(sorted(set(claims.relations))),
        "conflicts": tuple(sorted(data.conflicts)),
        "notes": tuple(dict.fromkeys(claims.notes)),
        "via": tuple(sorted(claims.via)),
    }
    if not data.years and not claims.years:
        return []
    if data.years and not linked:
        return [Finding("not linked", **common)]
    if not claims.years:
        return [Finding("dataset only", **common)]
    if not data.years:
        return [Finding("claims only", **common)]
    out = []
    if data.years != claims.years:
        out.append(Finding("dates differ", **common))
    both = sorted(data.years & claims.years)
    odd = [y for y in both if claims.types[y] - data.types[y]]
    if odd:
        missing = {t for y in odd for t in claims.types[y] - data.types[y]}
        out.append(Finding("types differ", **{**common, "claim_types": _ordered(missing), "type_years": tuple(odd)}))
    if not out:
        out.append(Finding("both hold", **common))
    return out


def _ordered(types: set[str]) -> tuple[str, ...]:
    order = list(vocabulary().support_types)
    return tuple(sorted(types, key=order.index))


def _dataset_info(graph: Graph, key: str) -> tuple[dict[str, dict[str, Any]], int | None]:
    """Each relation of a dataset (its actors, first and last coded year, conflict names), and the
    last year the dataset codes."""
    vocab = vocabulary()
    where = NamedNode(_GRAPH_BASE + key)
    query = f"""
    SELECT ?rel ?kind ?a ?t ?mode ?ls ?end ?conflict WHERE {{
      GRAPH {where} {{
        ?rel ag:actor ?a ; ag:target ?t ; ag:latestStart ?ls ; a ?kind .
        OPTIONAL {{ ?rel ag:end ?end }} OPTIONAL {{ ?rel ag:mode ?mode }} OPTIONAL {{ ?rel ag:conflictName ?conflict }}
      }}
    }}
    """
    covered = graph.select(f"SELECT (MAX(?c) AS ?last) WHERE {{ GRAPH {where} {{ ?s ag:coverageEnd ?c }} }}")
    last = dt.date.fromisoformat(covered[0]["last"].value).year if covered and "last" in covered[0] else None
    kinds = {t.value: k for k, t in vocab.relation_kinds.items()}
    found: dict[str, dict[str, Any]] = {}
    for r in graph.select(query):
        if r["kind"].value not in kinds:
            continue
        first = dt.date.fromisoformat(r["ls"].value).year
        end = dt.date.fromisoformat(r["end"].value).year if "end" in r else last or first
        kind = kinds[r["kind"].value]
        mode = r.get("mode")
        entry = found.setdefault(
            r["rel"].value,
            {
                "actor": r["a"].value,
                "target": r["t"].value,
                "first": first,
                "last": end,
                "directed": is_directed(kind, vocab.keys.get(mode.value) if mode else None),
                "conflicts": set(),
            },
        )
        if "conflict" in r:
            entry["conflicts"].add(r["conflict"].value)
    return found, last


def _info(graph: Graph, node: str) -> ActorInfo:
    return resolve(graph, node.rsplit("/", 1)[-1])


def _node(graph: Graph, node: NamedNode, links: dict[str, str]) -> str:
    return links.get(node.value, node.value)
