"""UCDP Actor list v22.1: each UCDP actor's names, type, renames, splinters and alliances, by the shared ids."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from actorgraph.errors import Problem
from actorgraph.model.vocab import AG, CHANGE, ORG, PROV, RDF
from actorgraph.sources.tables import (
    Dataset,
    Imported,
    actor_iri,
    actor_quads,
    crosswalk_quads,
    ids,
    read_table,
    relation_quads,
    to_int,
)

__all__ = ["DATASET", "actor_kind", "aggregates", "read"]

DATASET = Dataset(
    key="ucdp-actor-22.1",
    title="UCDP Actor Dataset v22.1",
    publisher="Uppsala Conflict Data Program",
    url="https://ucdp.uu.se/downloads/",
    year=2022,
)

_REQUIRED = (
    "ActorId",
    "NameData",
    "NameOrig",
    "Org",
    "NameChange",
    "NewName",
    "Splinter",
    "ActorIdPrev",
    "Alliance",
    "ActorIdAlliance",
    "JoinGroup",
    "ActorIdGroup",
)

#: UCDP's Org code for a government; the other codes are non-state groups of kinds.
_GOVERNMENT = "4"


@functools.cache
def aggregates() -> frozenset[str]:
    """UCDP actor ids that the reviewed crosswalk marks as aggregates of many groups (e.g. Syrian insurgents).

    >>> "4456" in aggregates()
    True
    """
    data = tomllib.loads((Path(__file__).parent / "crosswalk.toml").read_text(encoding="utf-8"))
    return frozenset(str(a["id"]) for a in data.get("aggregate", []) if a.get("scheme") == "ucdp")


def actor_kind(ident: str, name: str, nonstate: bool) -> NamedNode:
    """The actor class of a UCDP actor: aggregate, government or armed group.

    >>> actor_kind("4456", "Syrian insurgents", True) == AG.AggregateActor
    True
    >>> actor_kind("118", "Government of Syria", False) == AG.Government
    True
    """
    if ident in aggregates():
        return AG.AggregateActor
    return AG.ArmedGroup if nonstate else AG.Government


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read the UCDP actor list: one actor per row, with its names and its changes of identity.

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/ucdp-actor-221-excerpt.csv"))
    >>> got.rows > 0, got.problems
    (True, [])
    """
    out = Imported(DATASET)
    table = read_table(path, _REQUIRED)
    out.problems.extend(table.problems)
    present: list[str] = []
    for r in table.records:
        try:
            ident = str(to_int(r["ActorId"], "ActorId"))
            if not r["NameData"]:
                raise ValueError("empty NameData")
        except ValueError as exc:
            out.problems.append(Problem(table.path, r.line, str(exc)))
            continue
        present.append(ident)
        node = actor_iri("ucdp", ident)
        row = DATASET.row(r.number)
        new_names = [n.strip() for n in r["NewName"].split(", ") if n.strip()] if r["NameChange"] == "1" else []
        names_ = [r["NameOrig"], r["NameOrigFull"], r["NameOrigFullEng"], *new_names]
        names_ = [n for n in names_ if n and n != "n/a"]
        kind = actor_kind(ident, r["NameData"], r["Org"] != _GOVERNMENT)
        actor_quads(out, "ucdp", ident, r["NameData"], kind, names_)
        out.add(node, PROV.wasDerivedFrom, row)
        for n, name in enumerate(new_names, 1):
            change = NamedNode(f"{CHANGE}{DATASET.key}-rename-{ident}-{n}")
            out.add(change, RDF.type, AG.Rename)
            out.add(change, ORG.originalOrganization, node)
            out.add(change, ORG.resultingOrganization, node)
            out.add(change, AG.newName, Literal(name))
            out.add(change, PROV.wasDerivedFrom, row)
        if r["Splinter"] == "1":
            for prev in ids(r["ActorIdPrev"]):
                change = NamedNode(f"{CHANGE}{DATASET.key}-splinter-{ident}-from-{prev}")
                out.add(change, RDF.type, AG.Splinter)
                out.add(change, ORG.originalOrganization, actor_iri("ucdp", prev))
                out.add(change, ORG.resultingOrganization, node)
                out.add(change, PROV.wasDerivedFrom, row)
        for flag, column, what in (("Alliance", "ActorIdAlliance", "alliance"), ("JoinGroup", "ActorIdGroup", "group")):
            if r[flag] != "1":
                continue
            for other in ids(r[column]):
                relation_quads(
                    out,
                    f"{DATASET.key}-{what}-{ident}-{other}",
                    AG.Membership,
                    node,
                    actor_iri("ucdp", other),
                    None,
                    None,
                    [r.number],
                    note=f"UCDP Actor list: {r['NameData']} joined the {what} of UCDP actor {other} ({flag} = 1); "
                    "the list gives no dates.",
                )
        out.rows += 1
    crosswalk_quads(out, "ucdp", present)
    return out
