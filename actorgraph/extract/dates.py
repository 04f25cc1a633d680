"""Date expressions in news prose, resolved against the report's date with their precision kept."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from actorgraph.extract.pipeline import Sentence

__all__ = ["DateExpr", "find_dates", "parse_report_date"]

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "month-range",
        re.compile(_MONTH + r"\s+(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})(?:,?\s+" + _YEAR + r")?\b", re.I),
    ),
    ("month-day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?\b", re.I)),
    (
        "day-month",
        re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b", re.I),
    ),
    ("month-year", re.compile(_MONTH + r",?\s+" + _YEAR + r"\b", re.I)),
    (
        "year-range",
        re.compile(
            r"\b(?:from|between)\s+(?P<y1>(?:19|20)\d\d)\s+(?:to|and|until|till)\s+(?P<y2>(?:19|20)\d\d)\b", re.I
        ),
    ),
    ("year", re.compile(r"(?<![\d,.$£€-])\b" + _YEAR + r"\b(?![\d%-]|,\d)")),
    (
        "month",
        re.compile(r"\b(?:in|since|from|until|by|last|this|early|late|mid-?)\s+" + _MONTH + r"\b(?!\s+\d)", re.I),
    ),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>today|yesterday|this year|last year|this month|last month"
            r"|(?:that|the same) (?:year|month|day))\b",
            re.I,
        ),
    ),
]

_SINCE = re.compile(
    r"\b(?:since|from|starting(?: in)?|beginning(?: in)?|as of)\s+(?:the\s+|early\s+|late\s+|mid-?)?$", re.I
)
_UNTIL = re.compile(r"\b(?:until|till|through|up to|by the end of)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class DateExpr:
    """A date expression: where it stands (character offsets), what it says, and how it bounds a period.

    ``role`` is ``at`` (the period itself), ``since`` (a start), ``until`` (an end) or ``range``.
    """

    start: int
    end: int
    text: str
    first: str
    last: str | None
    role: str
    anaphoric: bool = False


def parse_report_date(text: str) -> dt.date:
    """The report's date (YYYY-MM-DD).

    >>> parse_report_date("2024-11-29")
    datetime.date(2024, 11, 29)
    """
    return dt.date.fromisoformat(text)


def find_dates(sentence: Sentence, today: dt.date, previous_years: Sequence[str] = ()) -> list[DateExpr]:
    """The date expressions of a sentence, resolved against the report's date ``today``.

    ``previous_years`` are the years named in the sentences before, latest first ("that year").

    >>> from actorgraph.extract.pipeline import sentences
    >>> s = sentences("Hezbollah has backed it since 2015 and struck on Wednesday, in March and last year.")[0]
    >>> [(d.text, d.first, d.role) for d in find_dates(s, dt.date(2024, 11, 29))]
    [('2015', '2015', 'since'), ('Wednesday', '2024-11-27', 'at'), ('March', '2024-03', 'at'),
     ('last year', '2023', 'at')]
    """
    text = sentence.text
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            s, e = match.span()
            if name == "month":
                s = match.start("month")
            if any(s < b and a < e for a, b in taken):
                continue
            resolved = _resolve(name, match, today, previous_years)
            if resolved is None:
                continue
            first, last, anaphoric = resolved
            role = "range" if last and name in ("month-range", "year-range") else _role(text[:s])
            taken.append((s, e))
            found.append(DateExpr(sentence.start + s, sentence.start + e, text[s:e], first, last, role, anaphoric))
    return sorted(found, key=lambda d: d.start)


def _role(before: str) -> str:
    if _SINCE.search(before):
        return "since"
    if _UNTIL.search(before):
        return "until"
    return "at"


def _resolve(
    name: str, match: re.Match[str], today: dt.date, previous_years: Sequence[str]
) -> tuple[str, str | None, bool] | None:
    groups = match.groupdict()
    if name == "iso":
        try:
            day = dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        except ValueError:
            return None
        return day.isoformat(), None, False
    if name == "year":
        return groups["year"], None, False
    if name == "year-range":
        return groups["y1"], groups["y2"], False
    month = _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if name in ("month-day", "day-month", "month-range"):
        day_text = groups.get("day") or groups.get("d1")
        assert month is not None and day_text is not None
        year = int(groups["year"]) if groups.get("year") else _year_of(month, int(day_text), today)
        try:
            first = dt.date(year, month, int(day_text))
            last = dt.date(year, month, int(groups["d2"])) if groups.get("d2") else None
        except ValueError:
            return None
        return first.isoformat(), last.isoformat() if last else None, False
    if name == "month-year":
        return f"{groups['year']}-{month:02d}", None, False
    if name == "month":
        assert month is not None
        word = match.group(0).split()[0].lower()
        year = today.year - 1 if word == "last" and month >= today.month else _year_of(month, 1, today)
        return f"{year}-{month:02d}", None, False
    if name == "weekday":
        back = (today.weekday() - _WEEKDAYS[groups["weekday"].lower()]) % 7
        return (today - dt.timedelta(days=back)).isoformat(), None, False
    rel = groups["rel"].lower()
    if rel == "today":
        return today.isoformat(), None, False
    if rel == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat(), None, False
    if rel == "this year":
        return str(today.year), None, False
    if rel == "last year":
        return str(today.year - 1), None, False
    if rel == "this month":
        return f"{today.year}-{today.month:02d}", None, False
    if rel == "last month":
        last_month = today.replace(day=1) - dt.timedelta(days=1)
        return f"{last_month.year}-{last_month.month:02d}", None, False
    if rel.endswith("year") and previous_years:
        return previous_years[0], None, True
    return None


def _year_of(month: int, day: int, today: dt.date) -> int:
    """The year of a month (and day) named without one: the latest not after the report's date."""
    try:
        candidate = dt.date(today.year, month, min(day, 28))
    except ValueError:
        return today.year
    return today.year if candidate <= today else today.year - 1
