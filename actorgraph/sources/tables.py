"""What every dataset importer shares: row provenance, tables, year runs, UCDP precision codes, actors, crosswalk."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from pyoxigraph import NamedNode, Quad

from actorgraph.errors import DataError, Problem
from actorgraph.model.dates import PartialDate
from actorgraph.model.vocab import ACTOR, AG, GRAPH_BASE, RELATION, SOURCE, vocabulary
from actorgraph.sources.writer import Writer

__all__ = [
    "UCDP_PRECISION",
    "Dataset",
    "DatasetWriter",
    "Imported",
    "Record",
    "RunDates",
    "Table",
    "actor",
    "actor_iri",
    "aggregates",
    "crosswalk",
    "crosswalk_members",
    "crosswalk_unmatched",
    "link_crosswalk",
    "parse_day",
    "read_table",
    "relation",
    "run_dates",
    "split_names",
    "ucdp_precision",
    "year_runs",
]

#: UCDP's start-date precision codes (``start_prec``, ``start_prec2``) -> the precision actorgraph keeps.
#: The ACD codebook (v25.1, sections 4.3-4.4, as summarised in the project's research notes) gives
#: seven levels: 1 exact day; 2 day assigned (sources disagree); 3 month known; 4 month assigned;
#: 5 year known; 6 year assigned; 7 year missing. Code 2's day is a choice between disagreeing
#: sources, so only its month is kept (the wider bounds still hold the truth); codes 3-4 keep the
#: month, 5-7 the year (in the data, code 4 dates sit on a month's last day and 5-7 on 31 December).
#: The code itself is kept in the relation's note.
UCDP_PRECISION: dict[int, str] = {1: "day", 2: "month", 3: "month", 4: "month", 5: "year", 6: "year", 7: "year"}


def ucdp_precision(code: str) -> str:
    """The precision a UCDP precision code allows; :class:`ValueError` for an unknown code.

    >>> ucdp_precision("1"), ucdp_precision("4"), ucdp_precision("6")
    ('day', 'month', 'year')
    """
    try:
        return UCDP_PRECISION[int(code)]
    except (KeyError, ValueError):
        raise ValueError(f"unknown UCDP precision code {code!r} (1-7)") from None


@dataclass(frozen=True)
class Dataset:
    """One release of a coded dataset: where its statements go and how its rows are cited."""

    key: str
    title: str
    publisher: str
    url: str
    year: int

    @property
    def graph(self) -> NamedNode:
        """The named graph of this dataset's statements."""
        return NamedNode(GRAPH_BASE + self.key)

    def row(self, number: int) -> str:
        """The IRI of the source node of one data row (1 = the first row after the header).

        >>> Dataset("ucdp-esd-18.1", "UCDP ESD v18.1", "UCDP", "https://ucdp.uu.se/downloads/", 2018).row(7)
        'https://w3id.org/actorgraph/source/ucdp-esd-18.1/row/7'
        """
        return f"{SOURCE}{self.key}/row/{number}"


class DatasetWriter(Writer):
    """A writer into one dataset's graph that remembers the rows its statements derive from, and ends
    with a source node for each: title, publisher, URL, release year, kind, and the last year the
    dataset codes (where its open runs stop being known)."""

    def __init__(self, dataset: Dataset, sink: Callable[[str], object] | None = None, batch: int = 50_000) -> None:
        super().__init__(dataset.graph, sink, batch)
        self.dataset = dataset
        self._cited: set[int] = set()

    def rows(self, numbers: Iterable[int]) -> list[str]:
        """The IRIs of the source nodes of these rows (each once, in order), remembered as cited."""
        found = sorted(set(numbers))
        self._cited.update(found)
        return [self.dataset.row(n) for n in found]

    def row_sources(self, last_year: int | None) -> None:
        """The source node of every row cited so far, once each."""
        d = self.dataset
        kind = vocabulary().source_kinds["dataset"]
        released = PartialDate(d.year)
        coverage = None if last_year is None else dt.date(last_year, 12, 31)
        for n in sorted(self._cited):
            self.source(
                d.row(n),
                f"{d.key}/row/{n}",
                f"{d.title}, row {n}",
                d.publisher,
                d.url,
                kind=kind,
                date=released,
                coverage_end=coverage,
            )
        self._cited.clear()


@dataclass
class Imported:
    """What an importer read from a file: its rows and the lines it could not read, ready to be written.

    The statements are written when asked (:meth:`write`), batch by batch, never held all at once.
    """

    dataset: Dataset
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    last_year: int | None = None  # the last year the file codes
    emit: Callable[[DatasetWriter], None] | None = None  # writes the relations and actors

    def write(self, sink: Callable[[str], object] | None = None, batch: int = 50_000) -> DatasetWriter:
        """Write the statements (to ``sink`` in batches, or kept in the returned writer): the relations and
        actors, then once each the source node of every row they derive from."""
        writer = DatasetWriter(self.dataset, sink, batch)
        if self.emit is not None:
            self.emit(writer)
        writer.row_sources(self.last_year)
        writer.flush()
        return writer

    def quads(self) -> list[Quad]:
        """Every statement, as pyoxigraph quads (for tests and small files).

        >>> got = Imported(Dataset("x-1", "X v1", "X", "https://example.org/", 2020))
        >>> got.quads()
        []
        """
        return self.write().quads()


@dataclass(frozen=True)
class Record:
    """One data row of a table: its number (1 = first after the header), its first line in the file, its fields."""

    number: int
    line: int
    fields: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "").strip()


@dataclass
class Table:
    """The rows of a CSV file that could be read, and a problem for each line that could not."""

    path: str
    header: list[str]
    records: list[Record]
    problems: list[Problem]


def read_table(path: Path | str, required: Iterable[str] = ()) -> Table:
    """Read a CSV file: byte-order mark dropped, separator sniffed (``,`` ``;`` or tab), line numbers kept.

    A record whose field count differs from the header's is reported as ``FILE:LINE`` and left out;
    a file without the ``required`` columns is an error.

    >>> f = tmp / "t.csv"
    >>> _ = f.write_text("\\ufeffa;b\\r\\n1;2\\r\\n3\\r\\n", encoding="utf-8")
    >>> table = read_table(f)
    >>> [r.fields for r in table.records], [str(p).split(": ", 1)[1] for p in table.problems]
    ([{'a': '1', 'b': '2'}], ['expected 2 fields, found 1'])
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(name, 0, f"cannot read: {getattr(exc, 'strerror', None) or exc}")]) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError([Problem(name, 1, "empty file: expected a header row")]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError([Problem(name, 1, f"not the expected table: no column {', '.join(missing)}")])
    records: list[Record] = []
    problems: list[Problem] = []
    line = 2
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, line, f"unreadable CSV: {exc}"))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not values or all(not v.strip() for v in values):
            continue
        number += 1
        if len(values) != len(header):
            problems.append(Problem(name, start, f"expected {len(header)} fields, found {len(values)}"))
            continue
        records.append(Record(number, start, dict(zip(header, values, strict=True))))
    return Table(name, header, records, problems)


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_day(text: str) -> dt.date:
    """A date written ``YYYY-MM-DD`` (UCDP's own files) or ``D-M-YYYY`` (a spreadsheet's re-save).

    >>> parse_day("2011-03-15"), parse_day("29-5-1997")
    (datetime.date(2011, 3, 15), datetime.date(1997, 5, 29))
    """
    value = text.strip()
    match = _DMY.match(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"bad date {text!r} (expected YYYY-MM-DD or D-M-YYYY)") from None


def year_runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive years merged into (first, last) runs.

    >>> year_runs([2012, 2013, 2011, 2015, 2016, 2019])
    [(2011, 2013), (2015, 2016), (2019, 2019)]
    """
    runs: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def split_names(cell: str, ids: list[str], known: dict[str, set[str]]) -> list[str | None]:
    """Split a comma-joined cell of names into one name per id, though names may hold commas.

    ``known`` gives the names each id is known by; pieces are joined back until each id gets
    one of its names (an id with no known names takes whatever fits between the others).
    When no split fits, a plain split is used if it gives one name per id; when none fits or
    several do, the ids get None (their names must come from elsewhere, e.g. the actor list).

    >>> split_names("Interahamwe, ex-FAR,UNITA", ["623", "567"], {"567": {"UNITA"}})
    ['Interahamwe, ex-FAR', 'UNITA']
    >>> split_names("Interahamwe, ex-FAR,UNITA", ["623", "567"], {})  # two splits fit
    [None, None]
    """
    pieces = cell.split(",") if cell.strip() else []

    @functools.cache
    def fits(i: int, j: int) -> tuple[tuple[str, ...], ...]:
        """Up to two ways of naming ids[i:] with pieces[j:] (two: the split is ambiguous)."""
        if i == len(ids):
            return ((),) if j == len(pieces) else ()
        names = known.get(ids[i], set())
        found: list[tuple[str, ...]] = []
        for k in range(j + 1, len(pieces) + 1):
            name = ",".join(pieces[j:k]).strip()
            if name in names or (not names and name):
                found.extend((name, *rest) for rest in fits(i + 1, k))
            if len(found) > 1:
                break
        return tuple(found[:2])

    found = fits(0, 0)
    if len(found) == 1:
        return list(found[0])
    if not found and len(pieces) == len(ids):
        return [p.strip() for p in pieces]
    return [None] * len(ids)


def actor_iri(prefix: str, ident: str | int) -> str:
    """The IRI of an imported actor, e.g. ``actor:ucdp-118`` or ``actor:cow-365``.

    >>> actor_iri("ucdp", 118)
    'https://w3id.org/actorgraph/actor/ucdp-118'
    """
    return f"{ACTOR}{prefix}-{ident}"


def actor(
    out: DatasetWriter,
    prefix: str,
    ident: str,
    label: str,
    kind: NamedNode,
    names: Iterable[str] = (),
    *,
    rows: Iterable[int] = (),
    note: str | None = None,
) -> None:
    """An imported actor: its type, identifier, preferred label, the other names the file gives it, and
    (when a row describes it) the row it derives from."""
    out.actor(
        actor_iri(prefix, ident),
        [kind],
        f"{prefix}-{ident}",
        label,
        sorted(set(names)),
        note=note,
        derived_from=out.rows(rows),
    )


def relation(
    out: DatasetWriter,
    ident: str,
    kind: NamedNode,
    source: str,
    target: str,
    start: tuple[dt.date, str] | None,
    end: tuple[dt.date, str] | None,
    rows: Iterable[int],
    *,
    certainty: NamedNode | None = None,
    types: Iterable[NamedNode] = (),
    mode: NamedNode | None = None,
    agreement: str | None = None,
    note: str | None = None,
    latest_start: tuple[dt.date, str] | None = None,
    conflict: str | None = None,
) -> None:
    """One relation node, dated like a claim (outer and inner bounds) and derived from its dataset rows.

    ``start`` and ``end`` are a day inside the period and that period's precision (day, month, year).
    ``latest_start`` alone (no ``start``) says the relation had begun by then, as when it is
    already there in a dataset's first year. ``conflict`` is the dataset's name of the conflict.
    """
    out.relation(
        RELATION + ident,
        kind,
        source,
        target,
        certainty or AG.Confirmed,
        types=types,
        mode=mode,
        agreement=agreement,
        start=None if start is None else PartialDate.from_bounds(*start),
        end=None if end is None else PartialDate.from_bounds(*end),
        begun_by=None if latest_start is None else PartialDate.from_bounds(*latest_start),
        note=note,
        conflict=conflict,
        derived_from=out.rows(rows),
    )


def year_start(year: int) -> tuple[dt.date, str]:
    """A year as a (day, precision) bound."""
    return dt.date(year, 1, 1), "year"


class RunDates(TypedDict):
    """The bounds of a run of years, as :func:`relation` takes them."""

    start: tuple[dt.date, str] | None
    end: tuple[dt.date, str] | None
    latest_start: tuple[dt.date, str] | None


def run_dates(first: int, last: int, first_year: int, last_year: int) -> RunDates:
    """The dates of a run of years within a dataset's years, as :func:`relation` takes them: a run in the
    dataset's first year had begun by then (no start), one in its last year is open (no end).

    >>> run_dates(2011, 2017, 1975, 2017)
    {'start': (datetime.date(2011, 1, 1), 'year'), 'end': None, 'latest_start': None}
    >>> run_dates(1975, 1980, 1975, 2017)["start"], run_dates(1975, 1980, 1975, 2017)["latest_start"]
    (None, (datetime.date(1975, 1, 1), 'year'))
    """
    return RunDates(
        start=None if first == first_year else year_start(first),
        end=None if last == last_year else year_start(last),
        latest_start=year_start(first) if first == first_year else None,
    )


@dataclass(frozen=True)
class Match:
    """One reviewed crosswalk entry: a dataset's actor is the same as a curated one."""

    scheme: str
    ident: str
    name: str
    curated: str
    note: str


@functools.cache
def _crosswalk_file() -> dict[str, list[dict[str, Any]]]:
    """``crosswalk.toml``, read once."""
    return tomllib.loads((Path(__file__).parent / "crosswalk.toml").read_text(encoding="utf-8"))


@functools.cache
def crosswalk() -> tuple[Match, ...]:
    """The reviewed table linking dataset actors to curated ones (``crosswalk.toml``).

    >>> [m.curated for m in crosswalk() if (m.scheme, m.ident) == ("ucdp", "118")]
    ['assad-government']
    """
    return tuple(
        Match(str(m["scheme"]), str(m["id"]), str(m["name"]), str(m["curated"]), str(m.get("note", "")))
        for m in _crosswalk_file().get("match", [])
    )


@functools.cache
def crosswalk_members() -> dict[str, tuple[str, ...]]:
    """Curated actor standing for a dataset's actor -> the other curated actors it takes in (``members``
    of a ``[[match]]`` or an ``[[aggregate]]``): what the dataset codes as one actor, the curated
    claims name apart (UCDP's Syrian insurgents: the FSA, al-Nusra ...; its IS: also the ISI).

    >>> "fsa" in crosswalk_members()["syrian-opposition"]
    True
    """
    data = _crosswalk_file()
    matches = {(m.scheme, m.ident): m.curated for m in crosswalk()}
    found: dict[str, tuple[str, ...]] = {}
    for entry in [*data.get("match", []), *data.get("aggregate", [])]:
        curated = matches.get((entry["scheme"], str(entry["id"])))
        if curated and entry.get("members"):
            found[curated] = (*found.get(curated, ()), *entry["members"])
    return found


@functools.cache
def crosswalk_unmatched() -> tuple[Match, ...]:
    """Dataset actors reviewed and left without a curated counterpart (``[[unmatched]]``), each with why.

    >>> all(m.note and not m.curated for m in crosswalk_unmatched())
    True
    """
    return tuple(
        Match(m["scheme"], str(m["id"]), m["name"], "", m["note"]) for m in _crosswalk_file().get("unmatched", [])
    )


@functools.cache
def aggregates(scheme: str) -> frozenset[str]:
    """The ids of a scheme that the reviewed crosswalk marks as aggregates of many groups.

    >>> "4456" in aggregates("ucdp")
    True
    """
    return frozenset(str(a["id"]) for a in _crosswalk_file().get("aggregate", []) if a.get("scheme") == scheme)


def link_crosswalk(out: Writer, scheme: str, idents: Iterable[str]) -> None:
    """``skos:exactMatch`` links from the imported actors of one scheme to the curated actors they are."""
    present = set(idents)
    for match in crosswalk():
        if match.scheme == scheme and match.ident in present:
            out.same_as(actor_iri(scheme, match.ident), ACTOR + match.curated)


def to_int(text: str, what: str) -> int:
    """An integer field, or :class:`ValueError` naming the field and the bad value."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"bad {what} {text!r}: expected a whole number") from None


def ids(cell: str) -> list[str]:
    """The ids of a comma-joined cell such as ``"114, 57"``.

    >>> ids("114, 57"), ids("")
    (['114', '57'], [])
    """
    return [p.strip() for p in cell.split(",") if p.strip()]
