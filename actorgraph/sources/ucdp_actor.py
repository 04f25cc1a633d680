"""UCDP Actor list v22.1: each UCDP actor's names and type, its undated renames and splinters, and alliances."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

from actorgraph.errors import Problem
from actorgraph.model.vocab import AG
from actorgraph.sources.tables import (
    Dataset,
    DatasetWriter,
    Imported,
    Record,
    actor,
    actor_iri,
    aggregates,
    ids,
    link_crosswalk,
    read_table,
    relation,
    to_int,
)

__all__ = ["DATASET", "actor_kind", "read"]

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


def actor_kind(ident: str, name: str, nonstate: bool) -> NamedNode:
    """The actor class of a UCDP actor: aggregate, government or armed group.

    >>> actor_kind("4456", "Syrian insurgents", True) == AG.AggregateActor
    True
    >>> actor_kind("118", "Government of Syria", False) == AG.Government
    True
    """
    if ident in aggregates("ucdp"):
        return AG.AggregateActor
    return AG.ArmedGroup if nonstate else AG.Government


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read the UCDP actor list: one actor per row, with its names, type and alliances.

    The list does not date a rename (``NameChange``) or a splinter (``Splinter``, ``ActorIdPrev``),
    and a change of identity is a dated event in actorgraph, so neither becomes one: the new names
    are the actor's other names, and the actor's note says what the list codes. A membership whose
    alliance or group is not in the list is left out, with a warning.

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/ucdp-actor-221-excerpt.csv"))
    >>> got.rows > 0, got.problems
    (True, [])
    """
    out = Imported(DATASET)
    table = read_table(path, _REQUIRED)
    out.problems.extend(table.problems)
    good: list[tuple[str, Record]] = []
    for r in table.records:
        try:
            ident = str(to_int(r["ActorId"], "ActorId"))
            if not r["NameData"]:
                raise ValueError("empty NameData")
            for column in ("ActorIdPrev", "ActorIdAlliance", "ActorIdGroup"):
                for other in ids(r[column]):
                    to_int(other, column)
        except ValueError as exc:
            out.problems.append(Problem(table.path, r.line, str(exc)))
            continue
        good.append((ident, r))
    out.rows = len(good)
    present = {ident for ident, _ in good}
    members: list[tuple[str, str, str, str, Record]] = []  # (actor, alliance or group, what, flag, row)
    for ident, r in good:
        for flag, column, what in (("Alliance", "ActorIdAlliance", "alliance"), ("JoinGroup", "ActorIdGroup", "group")):
            if r[flag] != "1":
                continue
            for other in ids(r[column]):
                if other in present:
                    members.append((ident, other, what, flag, r))
                else:
                    out.problems.append(
                        Problem(
                            table.path,
                            r.line,
                            f"{column} {other} is not an actor of the list, so the {what} membership of "
                            f"actor {ident} in it is left out",
                            warning=True,
                        )
                    )

    def emit(w: DatasetWriter) -> None:
        for ident, r in good:
            new_names = [n.strip() for n in r["NewName"].split(", ") if n.strip()] if r["NameChange"] == "1" else []
            names = [r["NameOrig"], r["NameOrigFull"], r["NameOrigFullEng"], *new_names]
            kind = actor_kind(ident, r["NameData"], r["Org"] != _GOVERNMENT)
            actor(
                w,
                "ucdp",
                ident,
                r["NameData"],
                kind,
                [n for n in names if n and n != "n/a"],
                rows=[r.number],
                note=_changes_note(new_names, ids(r["ActorIdPrev"]) if r["Splinter"] == "1" else []),
            )
        for ident, other, what, flag, r in members:
            relation(
                w,
                f"{DATASET.key}-{what}-{ident}-{other}",
                AG.Membership,
                actor_iri("ucdp", ident),
                actor_iri("ucdp", other),
                None,
                None,
                [r.number],
                note=f"UCDP Actor list: {r['NameData']} joined the {what} of UCDP actor {other} ({flag} = 1); "
                "the list gives no dates.",
            )
        link_crosswalk(w, "ucdp", present)

    out.emit = emit
    return out


def _changes_note(new_names: list[str], splintered_from: list[str]) -> str | None:
    """What the list codes of an actor's identity that has no date, said in words.

    >>> print(_changes_note(["HTS"], ["11"]))
    UCDP Actor list: renamed HTS (NameChange = 1); a splinter of UCDP actor 11 (Splinter = 1). The list gives no dates.
    """
    said = []
    if new_names:
        said.append(f"renamed {', '.join(new_names)} (NameChange = 1)")
    if splintered_from:
        said.append(f"a splinter of UCDP actor {', '.join(splintered_from)} (Splinter = 1)")
    return f"UCDP Actor list: {'; '.join(said)}. The list gives no dates." if said else None
