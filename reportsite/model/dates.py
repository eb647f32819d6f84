"""Dates as reports give them: a year, a month, or a day; sometimes unknown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..schema import Invalid

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day (``2019``, ``2019-05``, ``2019-05-14``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def from_yaml(cls, value: object, raw: str | None = None) -> PartialDate:
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        text = raw if raw is not None else value
        if isinstance(text, str):
            parsed = cls.parse(text)
            if parsed:
                return parsed
        raise Invalid(f"{text!r} is not a date",
                      "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018-10; use null if unknown")

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    @classmethod
    def json_schema(cls) -> dict:
        return {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}],
                "description": "YYYY, YYYY-MM or YYYY-MM-DD"}

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        if self.day:
            return self.earliest()
        if self.month:
            following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """'October 2018', '14 May 2019' or '2019'."""
        if not self.month:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso()
