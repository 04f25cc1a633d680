"""UCDP/PRIO Armed Conflict Dataset: who fought whom in each conflict, from when, and which states sent troops."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

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
    parse_day,
    read_table,
    relation,
    split_names,
    to_int,
    ucdp_precision,
    year_runs,
    year_start,
)
from actorgraph.sources.ucdp_actor import actor_kind

__all__ = ["read", "read_conflicts"]

_REQUIRED = (
    "conflict_id",
    "location",
    "side_a",
    "side_a_id",
    "side_a_2nd",
    "side_b",
    "side_b_id",
    "side_b_2nd",
    "year",
    "start_date",
    "start_prec",
    "start_date2",
    "start_prec2",
    "version",
)


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read the Armed Conflict Dataset (any release; the version comes from the file).

    ``names`` (name -> UCDP actor id, e.g. from an imported actor list) identifies the states named
    in ``side_a_2nd``/``side_b_2nd``, which carry no ids.

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/ucdp-acd-231-excerpt.csv"), {"Government of Iran": "114"})
    >>> got.dataset.key, got.rows
    ('ucdp-acd-23.1', 39)
    """
    return read_conflicts(path, names, dyadic=False)


def read_conflicts(path: Path | str, names: dict[str, str] | None, *, dyadic: bool) -> Imported:
    """Read the ACD (per conflict) or the Dyadic dataset (per dyad): they share their columns."""
    table = read_table(path, (*_REQUIRED, "dyad_id") if dyadic else _REQUIRED)
    version = next((r["version"] for r in table.records if r["version"].replace(".", "").isdigit()), "")
    dataset = Dataset(
        key=f"ucdp-{'dyadic' if dyadic else 'acd'}-{version}",
        title=f"UCDP{'' if dyadic else '/PRIO'} {'Dyadic Dataset' if dyadic else 'Armed Conflict Dataset'} v{version}",
        publisher="Uppsala Conflict Data Program" + ("" if dyadic else " and Peace Research Institute Oslo"),
        url="https://ucdp.uu.se/downloads/",
        year=2000 + int(version.split(".")[0]) if version else 0,
    )
    out = Imported(dataset)
    out.problems.extend(table.problems)
    if not version:
        out.problems.append(Problem(table.path, 0, "no row gives the dataset's version"))
        return out

    # The names the store knows (``names``) identify the states of side_a_2nd/side_b_2nd and help split
    # cells; an actor's names are those this file gives it, so a later import of the same file into a
    # store that has since learnt more names adds no name.
    own: dict[str, set[str]] = defaultdict(set)
    known: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, str] = dict(names or {})
    for name, ident in by_name.items():
        known[ident].add(name)
    good: list[tuple[Record, int, dict[str, list[str]]]] = []
    for r in table.records:
        try:
            year = to_int(r["year"], "year")
            to_int(r["conflict_id"], "conflict_id")
            sides = {s: ids(r[f"side_{s}_id"]) for s in "ab"}
            for s, found in sides.items():
                if not found:
                    raise ValueError(f"empty side_{s}_id")
                for i in found:
                    to_int(i, f"side_{s}_id")
            for column, prec in (("start_date", "start_prec"), ("start_date2", "start_prec2")):
                parse_day(r[column])
                ucdp_precision(r[prec])
            if dyadic:
                to_int(r["dyad_id"], "dyad_id")
        except ValueError as exc:
            out.problems.append(Problem(table.path, r.line, str(exc)))
            continue
        good.append((r, year, sides))
        for s, found in sides.items():
            if len(found) == 1:
                known[found[0]].add(r[f"side_{s}"])
                own[found[0]].add(r[f"side_{s}"])
    out.rows = len(good)
    last_year = max((y for _, y, _ in good), default=0)
    out.last_year = last_year or None

    label: dict[str, str] = {}
    for r, _, sides in good:
        for s, found in sides.items():
            for ident, piece in zip(found, split_names(r[f"side_{s}"], found, known), strict=True):
                if piece:
                    label.setdefault(ident, piece)
                    by_name.setdefault(piece, ident)
    unit = "dyad_id" if dyadic else "conflict_id"
    fights: dict[tuple[str, str, str], dict[int, Record]] = defaultdict(dict)
    troops: dict[tuple[str, str, str], dict[int, Record]] = defaultdict(dict)
    unknown: dict[str, list[int]] = defaultdict(list)
    for r, year, sides in good:
        for a in sides["a"]:
            for b in sides["b"]:
                fights[(r[unit], a, b)][year] = r
        for s in "ab":
            for name in (n.strip() for n in r[f"side_{s}_2nd"].split(", ") if n.strip()):
                if name not in by_name:
                    unknown[name].append(r.line)
                    continue
                helper = by_name[name]
                own[helper].add(name)
                label.setdefault(helper, name)
                for helped in sides[s]:
                    troops[(r[unit], helper, helped)][year] = r
    if unknown:
        first_line = min(min(lines) for lines in unknown.values())
        listed = ", ".join(sorted(unknown))
        out.problems.append(
            Problem(
                table.path,
                first_line,
                f"{len(unknown)} secondary warring part{'y' if len(unknown) == 1 else 'ies'} in side_a_2nd/side_b_2nd "
                f"match no UCDP actor id, so their troop support is left out: {listed}; "
                "import the UCDP actor list into the store first (actorgraph import ucdp-actor FILE --store DIR)",
                warning=True,
            )
        )
    what = "dyad" if dyadic else "conflict"

    def emit(w: DatasetWriter) -> None:
        for (unit_id, a, b), years in sorted(fights.items()):
            for first, last in year_runs(years):
                run = [years[y] for y in range(first, last + 1)]
                rec, end_rec = run[0], run[-1]
                relation(
                    w,
                    f"{dataset.key}-fighting-{unit_id}-{a}-{b}-{first}",
                    AG.Opposition,
                    actor_iri("ucdp", a),
                    actor_iri("ucdp", b),
                    _episode_start(rec, first),
                    _episode_end(end_rec, last, last_year),
                    [x.number for x in run],
                    mode=AG.Fighting,
                    note=f"{dataset.title}: {what} {unit_id} ({rec['location']}), active {first}-{last}. "
                    f"Conflict start {rec['start_date']} (UCDP precision code {rec['start_prec']}); episode start "
                    f"{rec['start_date2']} (UCDP precision code {rec['start_prec2']})"
                    + (f"; episode end {end_rec['ep_end_date']}." if end_rec.fields.get("ep_end") == "1" else "."),
                )
        for (unit_id, helper, helped), years in sorted(troops.items()):
            for first, last in year_runs(years):
                run = [years[y] for y in range(first, last + 1)]
                relation(
                    w,
                    f"{dataset.key}-troops-{unit_id}-{helper}-{helped}-{first}",
                    AG.Support,
                    actor_iri("ucdp", helper),
                    actor_iri("ucdp", helped),
                    year_start(first),
                    None if last == last_year else year_start(last),
                    [x.number for x in run],
                    types=[AG.TroopsAsSecondaryParty],
                    note=f"{dataset.title}: secondary warring party with troops on the side of "
                    f"{label.get(helped, helped)} in {what} {unit_id} ({run[0]['location']}), {first}-{last}.",
                )
        for ident in sorted(label, key=int):
            name = label[ident]
            kind = actor_kind(ident, name, not name.startswith("Government of"))
            actor(w, "ucdp", ident, name, kind, own[ident])
        link_crosswalk(w, "ucdp", label)

    out.emit = emit
    return out


def _episode_start(rec: Record, first: int) -> tuple[dt.date, str]:
    """The episode's start date when it falls in the run's first year, else that year."""
    day = parse_day(rec["start_date2"])
    if day.year == first:
        return day, ucdp_precision(rec["start_prec2"])
    return year_start(first)


def _episode_end(rec: Record, last: int, last_year: int) -> tuple[dt.date, str] | None:
    """The episode's end when the data says it ended; open when the run reaches the data's last year."""
    if rec.fields.get("ep_end") == "1" and rec["ep_end_date"]:
        try:
            day = parse_day(rec["ep_end_date"])
        except ValueError:
            day = None
        if day is not None and day.year == last:
            code = rec.fields.get("ep_end_prec", "").strip()
            return day, ucdp_precision(code) if code else "year"
    if last == last_year:
        return None
    return year_start(last)
