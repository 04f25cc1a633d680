"""Network exports for Gephi, yEd, Kumu, spreadsheets and UCDP ESD work, and the relations CSV read back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actorgraph.ask.analysis import snapshot
from actorgraph.ask.questions import RelationRow
from actorgraph.errors import ActorgraphError, BadDate, DataError, Problem
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import AG, vocabulary
from actorgraph.present.rows import csv_text
from actorgraph.sources.claims import Claims, Entry, check, check_fields, to_quads
from actorgraph.store.graph import ActorGraph
from actorgraph.store.protocol import Graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ESD_COLUMNS",
    "NETWORK_FORMATS",
    "NODE_COLUMNS",
    "RELATION_COLUMNS",
    "esd_csv",
    "export_network",
    "kumu_json",
    "load_relations_csv",
    "nodes_csv",
    "read_relations_csv",
    "relations_csv",
    "to_gexf",
    "to_graphml",
]

#: format name -> what it is
NETWORK_FORMATS: dict[str, str] = {
    "gexf": "dynamic GEXF 1.2 for Gephi (edges carry start and end dates)",
    "graphml": "GraphML (yEd, Cytoscape, igraph)",
    "csv": "relations CSV: one row per relation with dates, types, certainty, sources and quotes",
    "nodes-csv": "actors CSV: one row per actor",
    "esd-csv": "UCDP ESD-shaped CSV: one row per supporter, recipient and year",
    "kumu": "Kumu blueprint JSON (elements and connections)",
}

RELATION_COLUMNS = [
    "relation_id",
    "kind",
    "actor_id",
    "actor",
    "actor_type",
    "target_id",
    "target",
    "target_type",
    "mode",
    "types",
    "start",
    "end",
    "certainty",
    "as_of",
    "agreement",
    "note",
    "sources",
    "quotes",
    "citations",
]
NODE_COLUMNS = ["id", "label", "type", "start", "end", "aliases"]

#: the UCDP External Support Dataset's support-type columns, in its order (letters = skos:notation)
_ESD_LETTERS = "XPYWMTFILOU"
ESD_COLUMNS = [
    "supporter",
    "supporter_id",
    "recipient",
    "recipient_id",
    "year",
    *(f"ext_{x.lower()}" for x in _ESD_LETTERS),
    "ext_alleged",
    "ext_diplomatic",
    "relations",
    "sources",
]


def _rows(snap: nx.MultiDiGraph) -> list[RelationRow]:
    rows = [d["row"] for _, _, d in snap.edges(data=True)]
    return sorted(rows, key=lambda r: (r.subject.id, r.other.id, r.start or "", r.relation))


def _first_day(text: str | None) -> str | None:
    return PartialDate.parse(text).first_day.isoformat() if text else None


def _last_day(text: str | None) -> str | None:
    return PartialDate.parse(text).last_day.isoformat() if text else None


def _readable_sources(row: RelationRow) -> str:
    return " | ".join(c.reference for c in row.sources)


def _flat(snap: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the snapshot with only string and number attributes, as GEXF and GraphML need."""
    import networkx as nx

    flat = nx.MultiDiGraph(mode="dynamic", name=f"actorgraph {snap.graph.get('period', '')}".strip())
    for node, d in sorted(snap.nodes(data=True)):
        attrs: dict[str, Any] = {"label": d["label"], "actor_type": d["type"] or ""}
        if d["start"]:
            attrs["start"] = _first_day(d["start"])
            attrs["start_text"] = d["start"]
        if d["end"]:
            attrs["end"] = _last_day(d["end"])
            attrs["end_text"] = d["end"]
        flat.add_node(node, **attrs)
    for row in _rows(snap):
        attrs = {
            "id": row.relation,
            "label": row.kind,
            "kind": row.kind,
            "sign": vocabulary().kind(row.kind).sign,
            "types": "; ".join(row.types),
            "mode": row.mode or "",
            "certainty": row.certainty,
            "sources": _readable_sources(row),
            "source_ids": "; ".join(c.source for c in row.sources),
            "quotes": " | ".join(c.quote or "" for c in row.sources),
        }
        if row.start:
            attrs["start"] = _first_day(row.start)
            attrs["start_text"] = row.start
        if row.end:
            attrs["end"] = _last_day(row.end)
            attrs["end_text"] = row.end
        for name in ("as_of", "agreement", "note"):
            value = getattr(row, name)
            if value:
                attrs[name] = value
        flat.add_edge(row.subject.id, row.other.id, key=row.relation, **attrs)
    return flat


def to_gexf(snap: nx.MultiDiGraph) -> bytes:
    """Dynamic GEXF: each edge's ``start``/``end`` are its first and last possible days.

    An edge with no known start has no ``start``; an open edge has no ``end`` and an ``as_of``
    attribute (its latest source's date). The partial dates as coded are kept in ``start_text``
    and ``end_text``. Actors carry their lifespans the same way, so Gephi's timeline plays the war.

    >>> text = to_gexf(snapshot(open_graph())).decode()
    >>> 'mode="dynamic"' in text and 'timeformat="date"' in text
    True
    >>> 'id="post-russia-supports-assad-government"' in text and 'end="2024-12-08"' in text
    True
    """
    import networkx as nx

    out = io.BytesIO()
    nx.write_gexf(_flat(snap), out)
    return out.getvalue()


def to_graphml(snap: nx.MultiDiGraph) -> bytes:
    """GraphML with the same attributes as the GEXF (dates as ISO text).

    >>> b"<graphml" in to_graphml(snapshot(open_graph(), 2016))
    True
    """
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(_flat(snap), out)
    return out.getvalue()


def relations_csv(snap: nx.MultiDiGraph) -> str:
    """One row per relation: who, kind, whom, dates, types, certainty, sources, quotes.

    ``sources`` and ``quotes`` are for reading; ``citations`` (JSON: source id, publisher,
    title, date, url, quote) is what :func:`read_relations_csv` reads back.

    >>> text = relations_csv(snapshot(open_graph(), 2016))
    >>> text.splitlines()[0].split(",")[:6]
    ['relation_id', 'kind', 'actor_id', 'actor', 'actor_type', 'target_id']
    >>> "report-russia-supports-assad-government-2016,support,russia" in text
    True
    """
    rows = []
    for r in _rows(snap):
        rows.append(
            [
                r.relation,
                r.kind,
                r.subject.id,
                r.subject.label,
                r.subject.type,
                r.other.id,
                r.other.label,
                r.other.type,
                r.mode,
                " ".join(r.types),
                r.start,
                r.end,
                r.certainty,
                r.as_of,
                r.agreement,
                r.note,
                _readable_sources(r),
                " | ".join(c.quote or "" for c in r.sources),
                json.dumps([c.to_json() for c in r.sources], ensure_ascii=False),
            ]
        )
    return csv_text(RELATION_COLUMNS, rows)


def nodes_csv(snap: nx.MultiDiGraph) -> str:
    """One row per actor: id, label, type, lifespan and aliases (separated by ``; ``).

    >>> text = nodes_csv(snapshot(open_graph(), 2016))
    >>> "assad-government,Government of Syria (Assad),government,1971,2024-12-08" in text
    True
    """
    rows = [
        [a.id, a.label, a.type, a.start, a.end, "; ".join(a.aliases)]
        for a in (d["info"] for _, d in sorted(snap.nodes(data=True)))
    ]
    return csv_text(NODE_COLUMNS, rows)


def _years(row: RelationRow) -> range:
    """The years a support relation is coded for in the ESD-shaped CSV (see docs/analysis.md)."""
    start = PartialDate.parse(row.start).year if row.start else None
    end = PartialDate.parse(row.end).year if row.end else None
    as_of = PartialDate.parse(row.as_of).year if row.as_of else None
    last = end or as_of or start
    first = start or last
    if first is None or last is None:
        return range(0)
    return range(first, max(first, last) + 1)


def esd_csv(snap: nx.MultiDiGraph, *, period: Period | None = None, include_disputed: bool = False) -> str:
    """Support as UCDP ESD-shaped rows: supporter, recipient, year, ``ext_x`` … ``ext_u`` (0/1).

    Years run from the relation's start year to its end year; an open end runs to the year of
    its latest source (``as_of``); an unknown start gives only the end (or ``as_of``) year; a
    relation with no date at all is left out. When no claim for that year names a type, the
    row is coded ESD U (unknown); diplomatic support, which the ESD does not code, has its own ``ext_diplomatic``
    column. ``ext_alleged`` is 1 when no confirmed claim backs that year. Disputed claims are
    left out unless asked for.

    >>> text = esd_csv(snapshot(open_graph()))
    >>> header, *lines = text.splitlines()
    >>> header.split(",")[:8]
    ['supporter', 'supporter_id', 'recipient', 'recipient_id', 'year', 'ext_x', 'ext_p', 'ext_y']
    >>> any(line.startswith("Russia,russia,Government of Syria (Assad),assad-government,2016,1,") for line in lines)
    True
    """
    vocab = vocabulary()
    letter = {key: vocab.notations.get(term.value) for key, term in vocab.support_types.items()}
    cells: dict[tuple[str, str, int], dict[str, Any]] = {}
    for row in _rows(snap):
        if row.kind != vocab.key(AG.Support) or (row.disputed and not include_disputed):
            continue
        for year in _years(row):
            if period is not None and not (period.first.year <= year <= period.last.year):
                continue
            cell = cells.setdefault(
                (row.subject.id, row.other.id, year),
                {
                    "row": row,
                    "letters": set(),
                    "untyped": False,
                    "diplomatic": False,
                    "confirmed": False,
                    "relations": [],
                    "sources": [],
                },
            )
            cell["letters"] |= {letter[t] for t in row.types if letter.get(t)}
            cell["untyped"] |= not row.types
            cell["diplomatic"] |= vocab.key(AG.DiplomaticSupport) in row.types
            cell["confirmed"] |= row.confirmed
            cell["relations"].append(row.relation)
            for c in row.sources:
                text = c.credit
                if text not in cell["sources"]:
                    cell["sources"].append(text)
    lines = []
    for (_, _, year), cell in sorted(cells.items()):
        r: RelationRow = cell["row"]
        if cell["untyped"] and not cell["letters"] and not cell["diplomatic"]:
            cell["letters"].add("U")
        lines.append(
            [
                r.subject.label,
                r.subject.id,
                r.other.label,
                r.other.id,
                year,
                *(int(x in cell["letters"]) for x in _ESD_LETTERS),
                int(not cell["confirmed"]),
                int(cell["diplomatic"]),
                "; ".join(cell["relations"]),
                " | ".join(cell["sources"]),
            ]
        )
    return csv_text(ESD_COLUMNS, lines)


def kumu_json(snap: nx.MultiDiGraph) -> str:
    """A Kumu blueprint: ``elements`` (actors) and ``connections`` (one per relation, by id).

    >>> data = json.loads(kumu_json(snapshot(open_graph(), 2016)))
    >>> russia = next(e for e in data["elements"] if e["id"] == "russia")
    >>> sorted(data), russia["label"], russia["type"]
    (['connections', 'elements'], 'Russia', 'state')
    >>> c = next(c for c in data["connections"] if c["id"] == "report-russia-supports-assad-government-2016")
    >>> c["from"], c["to"], c["type"], c["direction"]
    ('russia', 'assad-government', 'support', 'directed')
    """
    elements = []
    for _, d in sorted(snap.nodes(data=True)):
        a = d["info"]
        element: dict[str, Any] = {"id": a.id, "label": a.label, "type": a.type}
        if a.lifespan:
            element["description"] = f"lifespan: {a.lifespan}"
        element.update({"start": a.start, "end": a.end, "aliases": list(a.aliases)})
        elements.append(element)
    ids = {e["id"] for e in elements}
    connections = []
    for r in _rows(snap):
        if r.relation in ids:
            raise ActorgraphError(f"Kumu needs ids unique across elements and connections: {r.relation!r} is both")
        connections.append(
            {
                "id": r.relation,
                "from": r.subject.id,
                "to": r.other.id,
                "type": r.kind,
                "direction": "mutual" if vocabulary().kind(r.kind).symmetric else "directed",
                "tags": [*r.types, *([r.mode] if r.mode else [])],
                "description": " | ".join(f"{c.credit}: {c.quote or c.title}" for c in r.sources),
                "start": r.start,
                "end": r.end,
                "as of": r.as_of,
                "certainty": r.certainty,
                "agreement": r.agreement,
                "sources": [c.to_json() for c in r.sources],
            }
        )
    return json.dumps({"elements": elements, "connections": connections}, ensure_ascii=False, indent=2)


def export_network(
    graph: Graph, fmt: str, period: Period | str | int | None = None, *, throughout: bool = False
) -> bytes:
    """The snapshot of a period (all time if None) in one of :data:`NETWORK_FORMATS`.

    >>> export_network(open_graph(), "csv", 2016).startswith(b"relation_id,")
    True
    """
    if fmt not in NETWORK_FORMATS:
        raise ActorgraphError(f"unknown network format {fmt!r} (one of: {', '.join(NETWORK_FORMATS)})")
    when = Period.parse(period) if isinstance(period, str | int) else period
    snap = snapshot(graph, when, throughout=throughout)
    if fmt == "gexf":
        return to_gexf(snap)
    if fmt == "graphml":
        return to_graphml(snap)
    text = {
        "csv": relations_csv,
        "nodes-csv": nodes_csv,
        "kumu": kumu_json,
        "esd-csv": lambda s: esd_csv(s, period=when),
    }[fmt](snap)
    return text.encode("utf-8")


# ---------------------------------------------------------------------------- reading the CSVs back


def _read_csv(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError([Problem(str(path), 1, f"missing column(s): {', '.join(missing)}")])
            rows = []
            for record in reader:
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in record.items() if k is not None}))
            return rows
    except OSError as exc:
        raise DataError([Problem(str(path), 0, f"cannot read: {exc.strerror or exc}")]) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError([Problem(str(path), 0, f"not a readable CSV file: {exc}")]) from None


def read_relations_csv(relations: Path | str, nodes: Path | str | None = None) -> Claims:
    """Read a relations CSV (and optionally the actors CSV) back into claims.

    Problems are collected in ``Claims.problems`` as ``file:line: message``, as for claims
    files; :func:`actorgraph.sources.claims.check` adds the cross-entry checks.

    >>> path = tmp / "relations.csv"
    >>> _ = path.write_text(relations_csv(snapshot(open_graph(), 2016)), encoding="utf-8")
    >>> claims = read_relations_csv(path)
    >>> claims.problems, len(claims.relations) > 50
    ([], True)
    """
    rel_path = Path(relations)
    claims = Claims()
    actors: dict[str, Entry] = {}
    sources: dict[str, tuple[Entry, dict[str, Any]]] = {}
    if nodes is not None:
        node_path = Path(nodes)
        for line, rec in _read_csv(node_path, ["id", "label", "type"]):
            data: dict[str, Any] = {"id": rec["id"], "label": rec["label"], "type": rec["type"]}
            for key in ("start", "end"):
                if rec.get(key):
                    data[key] = rec[key]
            if rec.get("aliases"):
                data["aliases"] = [a.strip() for a in rec["aliases"].split(";") if a.strip()]
            actors[rec["id"]] = Entry("actor", data, str(node_path), line, {})
    for line, rec in _read_csv(rel_path, ["relation_id", "kind", "actor_id", "target_id", "certainty", "citations"]):
        where = str(rel_path)
        for side in ("actor", "target"):
            ident = rec[f"{side}_id"]
            if ident and ident not in actors:
                data = {"id": ident, "label": rec.get(side) or ident}
                if rec.get(f"{side}_type"):
                    data["type"] = rec[f"{side}_type"]
                actors[ident] = Entry("actor", data, where, line, {})
        data = {
            "id": rec["relation_id"],
            "kind": rec["kind"],
            "actor": rec["actor_id"],
            "target": rec["target_id"],
            "certainty": rec["certainty"],
        }
        for key in ("mode", "start", "end", "agreement", "note"):
            if rec.get(key):
                data[key] = rec[key]
        if rec.get("types"):
            data["types"] = rec["types"].split()
        entry = Entry("relation", data, where, line, {})
        try:
            citations = json.loads(rec["citations"] or "[]")
            if not isinstance(citations, list) or not all(isinstance(c, dict) and c.get("id") for c in citations):
                raise ValueError("expected a list of objects with an id")
        except ValueError as exc:
            claims.problems.append(Problem(where, line, f"relation {rec['relation_id']!r}: bad citations JSON: {exc}"))
            citations = []
        for c in citations:
            cite: dict[str, Any] = {"source": c["id"]}
            if c.get("quote") is not None:
                cite["quote"] = c["quote"]
            entry.cites.append(Entry("cite", cite, where, line, {}))
            data.setdefault("cite", []).append(cite)
            described = {k: c.get(k) for k in ("publisher", "title", "date", "url", "kind")}
            if c["id"] in sources:
                if sources[c["id"]][1] != described:
                    first = sources[c["id"]][0]
                    claims.problems.append(
                        Problem(where, line, f"source {c['id']!r} described differently than at line {first.line}")
                    )
                continue
            sdata = {"id": c["id"], **{k: v for k, v in described.items() if v is not None}}
            sources[c["id"]] = (Entry("source", sdata, where, line, {}), described)
        claims.relations.append(entry)
    claims.actors = list(actors.values())
    claims.sources = [e for e, _ in sources.values()]
    for entry in claims.entries():
        check_fields(entry, claims.problems)
        for citing in entry.cites:
            # coded datasets cite a source without a quote; the citation stays, quote-less, as it came
            if "quote" in citing.data:
                check_fields(citing, claims.problems)
    return claims


def load_relations_csv(relations: Path | str, nodes: Path | str | None = None) -> Graph:
    """A graph of just the relations (and actors) in exported CSVs; raises :class:`DataError` on any problem.

    >>> folder = tmp
    >>> snap = snapshot(open_graph(), 2016)
    >>> _ = (folder / "r.csv").write_text(relations_csv(snap), encoding="utf-8")
    >>> _ = (folder / "n.csv").write_text(nodes_csv(snap), encoding="utf-8")
    >>> again = snapshot(load_relations_csv(folder / "r.csv", folder / "n.csv"), 2016)
    >>> sorted(again.edges(keys=True)) == sorted(snap.edges(keys=True))
    True
    """
    claims = read_relations_csv(relations, nodes)
    problems = check(claims)
    if problems:
        raise DataError(problems)
    graph = ActorGraph()
    try:
        graph.store.extend(to_quads(claims))
    except (KeyError, BadDate) as exc:  # pragma: no cover - check() reports these first
        raise DataError([Problem(str(relations), 0, f"cannot load: {exc}")]) from None
    graph.derive()
    return graph
