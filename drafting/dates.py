"""Dates as the office writes them (dd/mm/yyyy) and as files store them (ISO 8601)."""
from __future__ import annotations

import datetime as dt
import re

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_date(text: str) -> str | None:
    """The ISO form of a date typed as ISO (`2021-02-05`, `2021-02-05T09:30`) or
    day first (`05/02/2021`, `5/2/2021`, `05.02.2021`, `05-02-2021`); None
    when it is neither or no such day exists."""
    text = text.strip()
    match = _DAY_FIRST.fullmatch(text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return dt.date(year, month, day).isoformat()
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(text).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def display_date(iso: str) -> str:
    """`2021-02-05` (or a datetime) as `05/02/2021`; anything else as given."""
    try:
        day = dt.datetime.fromisoformat(iso).date() if "T" in iso or " " in iso else dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return day.strftime("%d/%m/%Y")
