"""ATOP 5.1 directed dyad-years: alliance obligations between states, rebuilt into intervals from runs of years."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from actorgraph.errors import DataError, Problem
from actorgraph.model.vocab import AG
from actorgraph.sources.tables import (
    Dataset,
    DatasetWriter,
    Imported,
    actor,
    actor_iri,
    crosswalk,
    link_crosswalk,
    relation,
    run_dates,
    year_runs,
)

__all__ = ["DATASET", "OBLIGATIONS", "read"]

DATASET = Dataset(
    key="atop-5.1",
    title="Alliance Treaty Obligations and Provisions (ATOP) v5.1, directed dyad-year",
    publisher="ATOP project (Brett Ashley Leeds et al.)",
    url="http://www.atopdata.org/",
    year=2021,
)

#: column -> the obligation's name in ag:agreementName
OBLIGATIONS: dict[str, str] = {
    "atop_defense": "defence",
    "atop_offense": "offence",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}

_COLUMNS = ("ccode1", "ccode2", "year", *OBLIGATIONS)


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read ATOP's directed dyad-year file: one agreement per state, partner, obligation and run of years.

    A relation says ccode1 has that obligation towards ccode2 over the run (year precision).

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/atop-5.1-ddyr-excerpt.csv"))
    >>> got.rows > 0, got.problems
    (True, [])
    """
    out = Imported(DATASET)
    name = str(path)
    runs: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    rows: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    states: set[int] = set()
    number = line = 0
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            missing = [c for c in _COLUMNS if c not in header]
            if missing:
                raise DataError([Problem(name, 1, f"not the expected table: no column {', '.join(missing)}")])
            at = [header.index(c) for c in _COLUMNS]
            for values in reader:
                number += 1
                line = reader.line_num
                try:
                    c1, c2, year, *flags = (int(values[i]) for i in at)
                except (ValueError, IndexError):
                    out.problems.append(Problem(name, line, f"expected whole numbers in {', '.join(_COLUMNS)}"))
                    continue
                states.update((c1, c2))
                for column, flag in zip(OBLIGATIONS, flags, strict=True):
                    if flag == 1:
                        runs[(c1, c2, column)].append(year)
                        rows[(c1, c2, column)].append(number)
    except OSError as exc:
        raise DataError([Problem(name, 0, f"cannot read: {exc.strerror or exc}")]) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError([Problem(name, line + 1, f"cannot read: {exc}")]) from None
    out.rows = number - sum(1 for p in out.problems if p.line)
    first_year = min((min(y) for y in runs.values()), default=0)
    last_year = max((max(y) for y in runs.values()), default=0)
    out.last_year = last_year or None

    def emit(w: DatasetWriter) -> None:
        for (c1, c2, column), years in sorted(runs.items()):
            by_year = dict(zip(years, rows[(c1, c2, column)], strict=True))
            obligation = OBLIGATIONS[column]
            for first, last in year_runs(years):
                relation(
                    w,
                    f"{DATASET.key}-{column.removeprefix('atop_')}-{c1}-{c2}-{first}",
                    AG.Agreement,
                    actor_iri("cow", c1),
                    actor_iri("cow", c2),
                    rows=[by_year[y] for y in range(first, last + 1)],
                    agreement=f"ATOP {obligation} obligation",
                    note=f"ATOP v5.1: state {c1} has a {obligation} obligation towards state {c2} "
                    f"in every year {first}-{last} (COW state codes; the file names no treaty).",
                    **run_dates(first, last, first_year, last_year),
                )
        labels = {m.ident: m.name for m in crosswalk() if m.scheme == "cow"}
        for state in sorted(states):
            actor(w, "cow", str(state), labels.get(str(state), f"COW state {state}"), AG.State, [f"COW {state}"])
        link_crosswalk(w, "cow", [str(s) for s in states])

    out.emit = emit
    return out
