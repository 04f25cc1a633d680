"""Dates known to a day, month or year, and the periods questions are asked over."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from actorgraph.errors import BadDate

__all__ = ["PartialDate", "Period"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; its length is its precision.

    >>> d = PartialDate.parse("2015-09")
    >>> d.precision, d.first_day.isoformat(), d.last_day.isoformat()
    ('month', '2015-09-01', '2015-09-30')
    >>> str(PartialDate.parse("2016"))
    '2016'
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`BadDate` otherwise."""
        match = _DATE.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise BadDate(f"bad date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise BadDate(f"bad date {text!r}: {exc}") from None
        return cls(year, month, day)

    @classmethod
    def from_bounds(cls, first: dt.date, precision: str) -> PartialDate:
        """The partial date whose period starts on ``first`` at the given precision."""
        if precision == "year":
            return cls(first.year)
        if precision == "month":
            return cls(first.year, first.month)
        return cls(first.year, first.month, first.day)

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        """The first day of the period this date names."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period this date names."""
        if self.day:
            return self.first_day
        if self.month:
            import calendar  # only a month's last day needs it

            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True)
class Period:
    """The span of days a question asks about, from ``first`` to ``last`` inclusive.

    >>> Period.parse("2016")
    Period(first=datetime.date(2016, 1, 1), last=datetime.date(2016, 12, 31), label='2016')
    >>> Period.between("2015-09", "2016").label
    '2015-09 to 2016'
    """

    first: dt.date
    last: dt.date
    label: str

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """The period a year, month or day names."""
        date = PartialDate.parse(str(text))
        return cls(date.first_day, date.last_day, str(date))

    @classmethod
    def between(cls, start: str | int | None, end: str | int | None) -> Period:
        """From the start of ``start`` to the end of ``end``; either may be open."""
        first = PartialDate.parse(str(start)).first_day if start is not None else dt.date.min
        last = PartialDate.parse(str(end)).last_day if end is not None else dt.date.max
        if last < first:
            raise BadDate(f"bad period: {end} is before {start}")
        label = f"{start if start is not None else 'the beginning'} to {end if end is not None else 'now'}"
        return cls(first, last, label)

    @classmethod
    def always(cls) -> Period:
        """All of time."""
        return cls(dt.date.min, dt.date.max, "any time")

    @property
    def is_always(self) -> bool:
        """Whether the period is unbounded on both sides."""
        return self.first == dt.date.min and self.last == dt.date.max
