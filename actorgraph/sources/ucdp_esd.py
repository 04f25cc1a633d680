"""UCDP External Support Dataset v18.1 (actor-year): who supported which warring party, in which years, how."""

from __future__ import annotations

from collections import defaultdict
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
    ids,
    link_crosswalk,
    read_table,
    relation,
    run_dates,
    split_names,
    to_int,
    year_runs,
)
from actorgraph.sources.ucdp_actor import actor_kind

__all__ = ["DATASET", "TYPE_COLUMNS", "read"]

DATASET = Dataset(
    key="ucdp-esd-18.1",
    title="UCDP External Support Dataset v18.1, actor-year",
    publisher="Uppsala Conflict Data Program",
    url="https://ucdp.uu.se/downloads/",
    year=2018,
)

#: ESD type-of-support column -> support type (the codebook's letters: X, P, Y, W, M, T, F, I, L, O, U)
TYPE_COLUMNS: dict[str, NamedNode] = {
    "ext_x": AG.TroopsAsSecondaryParty,
    "ext_p": AG.TroopPresence,
    "ext_y": AG.InfrastructureAccess,
    "ext_w": AG.Weapons,
    "ext_m": AG.MaterielLogistics,
    "ext_t": AG.TrainingExpertise,
    "ext_f": AG.Funding,
    "ext_i": AG.Intelligence,
    "ext_l": AG.TerritoryAccess,
    "ext_o": AG.OtherSupport,
    "ext_u": AG.UnknownSupport,
}

_REQUIRED = (
    "id",
    "year",
    "actor_id",
    "actor_name",
    "actor_nonstate",
    "oppo_id",
    "oppo_name",
    "dyad_id",
    "conflict_id",
    "location",
    "ext_id",
    "ext_name",
    *TYPE_COLUMNS,
)

_AS_A_WHOLE = (
    "UCDP ESD codes the types of support for the warring party's actor-year as a whole (all its external "
    "supporters together), not for each supporter; the types here are those of the years merged."
)


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read the ESD actor-year CSV: support relations per supporter, recipient and dyad, over runs of years.

    Each relation derives from the rows it merges, cited by the ESD's own row ``id``.

    ``names`` (name -> UCDP actor id, e.g. from an imported actor list) helps split supporter cells.

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/ucdp-esd-ay-181-excerpt.csv"))
    >>> got.rows, [p.line for p in got.problems]  # names split two ways; two ids, one name
    (37, [3, 4, 13])
    """
    out = Imported(DATASET)
    table = read_table(path, _REQUIRED)
    out.problems.extend(table.problems)
    records: list[Record] = []
    for record in table.records:
        try:
            for column in ("id", "year", "actor_id", "oppo_id", "dyad_id"):
                to_int(record[column], column)
            supporters = ids(record["ext_id"])
            for ident in supporters:
                to_int(ident, "ext_id")
            if len(supporters) != len(set(supporters)):
                raise ValueError(f"ext_id {record['ext_id']!r} repeats an id")
        except ValueError as exc:
            out.problems.append(Problem(table.path, record.line, str(exc)))
            continue
        records.append(record)
    out.rows = len(records)

    # What the file itself says of each actor: names and state/non-state flags. The names the store
    # knows (``names``) only help split cells: an actor's names are those this file gives it, so
    # importing the file again into a store that has since learnt more names adds nothing.
    own: dict[str, set[str]] = defaultdict(set)
    nonstate: dict[str, bool] = {}
    for r in records:
        own[r["actor_id"]].add(r["actor_name"])
        own[r["oppo_id"]].add(r["oppo_name"])
        nonstate[r["actor_id"]] = r["actor_nonstate"] == "1"
        supporters = ids(r["ext_id"])
        if len(supporters) == 1:
            own[supporters[0]].add(r["ext_name"].strip())
    known: dict[str, set[str]] = defaultdict(set)
    for name, ident in (names or {}).items():
        known[ident].add(name)
    for ident, found in own.items():
        known[ident] |= found
    label: dict[str, str] = {}
    for r in records:
        label.setdefault(r["actor_id"], r["actor_name"])
        label.setdefault(r["oppo_id"], r["oppo_name"])
        supporters = ids(r["ext_id"])
        split = split_names(r["ext_name"], supporters, known)
        if None in split and supporters:
            out.problems.append(
                Problem(
                    table.path,
                    r.line,
                    f"row id {r['id']}: cannot tell which of ext_name {r['ext_name']!r} "
                    f"names which of ext_id {r['ext_id']!r}; the supporters are kept by id",
                    warning=True,
                )
            )
        for ident, piece in zip(supporters, split, strict=True):
            if piece:
                own[ident].add(piece)
                known[ident].add(piece)
                label.setdefault(ident, piece)
        all_states = r["ext_count_ns"] == "0" if "ext_count_ns" in r.fields else False
        all_nonstate = r["ext_count_s"] == "0" if "ext_count_s" in r.fields else False
        for ident in supporters:
            if all_states or all_nonstate:
                nonstate.setdefault(ident, all_nonstate)

    first_year = min((int(r["year"]) for r in records), default=0)
    last_year = max((int(r["year"]) for r in records), default=0)
    out.last_year = last_year or None

    # support: (supporter, recipient, dyad) -> year -> record
    support: dict[tuple[str, str, str], dict[int, Record]] = defaultdict(dict)
    fighting: dict[tuple[str, str, str], dict[int, Record]] = defaultdict(dict)
    for r in records:
        year = int(r["year"])
        for ident in ids(r["ext_id"]):
            support[(ident, r["actor_id"], r["dyad_id"])][year] = r
        if r["active"] != "0":
            a, b = sorted((r["actor_id"], r["oppo_id"]), key=int)
            fighting[(a, b, r["dyad_id"])][year] = r
    for ident in {i for key in support for i in key[:2]} | {i for key in fighting for i in key[:2]}:
        label.setdefault(ident, f"UCDP actor {ident}")

    def emit(w: DatasetWriter) -> None:
        for (supporter, recipient, dyad), years in sorted(support.items()):
            for first, last, run in _runs(years):
                types = sorted({t for r in run for col, t in TYPE_COLUMNS.items() if r[col] == "1"}, key=str)
                rec = run[0]
                note = (
                    f"UCDP ESD: support to {label.get(recipient, recipient)} in its conflict with "
                    f"{rec['oppo_name']} ({rec['location']}; UCDP conflict {rec['conflict_id']}, dyad {dyad}), "
                    f"{first}-{last}. {_AS_A_WHOLE}{_flags(run)}"
                )
                relation(
                    w,
                    f"{DATASET.key}-support-{supporter}-{recipient}-{dyad}-{first}",
                    AG.Support,
                    actor_iri("ucdp", supporter),
                    actor_iri("ucdp", recipient),
                    rows=[int(r["id"]) for r in run],
                    types=types,
                    note=note,
                    **run_dates(first, last, first_year, last_year),
                    conflict=rec["location"],
                )
        for (a, b, dyad), years in sorted(fighting.items()):
            for first, last, run in _runs(years):
                rec = run[0]
                relation(
                    w,
                    f"{DATASET.key}-fighting-{dyad}-{first}",
                    AG.Opposition,
                    actor_iri("ucdp", a),
                    actor_iri("ucdp", b),
                    rows=[int(r["id"]) for r in run],
                    mode=AG.Fighting,
                    note=f"UCDP ESD: warring parties of dyad {dyad} ({rec['location']}; "
                    f"UCDP conflict {rec['conflict_id']}), active {first}-{last}.",
                    **run_dates(first, last, first_year, last_year),
                    conflict=rec["location"],
                )
        for ident in sorted(label, key=int):
            kind = actor_kind(ident, label[ident], nonstate.get(ident, not label[ident].startswith("Government of")))
            actor(w, "ucdp", ident, label[ident], kind, own[ident])
        link_crosswalk(w, "ucdp", label)

    out.emit = emit
    return out


def _runs(years: dict[int, Record]) -> list[tuple[int, int, list[Record]]]:
    return [(a, b, [years[y] for y in range(a, b + 1)]) for a, b in year_runs(years)]


def _flags(run: list[Record]) -> str:
    notes = []
    through = [r for r in run if r["ext_coalition"] == "1"]
    coalitions = sorted({r["ext_coalition_name"] for r in through} - {"", "0"})
    if through:
        named = f" ({', '.join(coalitions)})" if coalitions else ""
        notes.append(f"Some support was given through a coalition{named} (ext_coalition = 1).")
    if any(r["ext_bothsides"] == "1" for r in run):
        notes.append("Coded ext_bothsides = 1 (a supporter also backed the other side).")
    if any(r["ext_elements"] == "1" for r in run):
        notes.append("Coded ext_elements = 1 (support from elements of a supporter; see the ESD codebook).")
    return (" " + " ".join(notes)) if notes else ""
