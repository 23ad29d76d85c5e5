"""Dates in everyday English, for parameters declared with `format: date`: explicit dates in digits
or words ("2026-06-01", "october 20th", "the ninth of july", "november the twentieth"), months and
years ("in march", "since january 2026", "during nineteen ninety"), ranges ("between ... and ...")
and relative dates ("last month", "the past two weeks", "yesterday")."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from local_bedrock.planner.language import MONTH_ALTERNATION as _MONTH
from local_bedrock.planner.language import MONTHS
from local_bedrock.planner.numbers import cardinals_to_digits, ordinals_to_digits
from local_bedrock.planner.per_message import per_message

_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,? (?:of )?(\d{4}))?"


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _dated(day: date, year_said: bool, today: date) -> date:
    """A day without a year is the latest one not after today ("since october 20th" in November)."""
    return day if year_said or day <= today else day.replace(year=day.year - 1)


@per_message
def _explicit_dates(text: str, today: date) -> list[date]:
    found: list[tuple[int, date]] = []
    for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text):
        d = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if d:
            found.append((match.start(), d))
    for match in re.finditer(rf"\b({_MONTH})\.? (?:the )?{_DAY}\b{_YEAR}\b(?!-)", text):
        year = int(match.group(3)) if match.group(3) else today.year
        d = _date(year, MONTHS[match.group(1)], int(match.group(2)))
        if d:
            found.append((match.start(), _dated(d, bool(match.group(3)), today)))
    # "from the 1st to the 15th of october": the first day takes the second's month.
    for match in re.finditer(
        rf"\b{_DAY} (?:to|and|through|until|till|-) (?:the )?{_DAY} (?:of )?({_MONTH})\b\.?{_YEAR}\b", text
    ):
        year = int(match.group(4)) if match.group(4) else today.year
        d = _date(year, MONTHS[match.group(3)], int(match.group(1)))
        if d:
            found.append((match.start(), _dated(d, bool(match.group(4)), today)))
    # "the end of june", "july's last day", "the start of may": a month's last or first day.
    for match in _MONTH_EDGE.finditer(text):
        edge, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        start, end = _named_month(name, match.group(5), today)
        # in_digits has made "first" "1st" by the time this runs (review14)
        opening = edge in ("start", "beginning", "first day", "1st day")
        found.append((match.start(), start if opening else end))
    for match in re.finditer(rf"\b{_DAY} (?:of )?({_MONTH})\b\.?{_YEAR}\b", text):
        year = int(match.group(3)) if match.group(3) else today.year
        d = _date(year, MONTHS[match.group(2)], int(match.group(1)))
        if d:
            found.append((match.start(), _dated(d, bool(match.group(3)), today)))
    found += _numeric_dates(text, today)
    return [d for _, d in sorted(found)]


# A date in digits with slashes or dots ("14/07/2026", "1/6/26", "on 10/12"): with its year, or
# after a word that takes a date. A number above 12 says which is the day ("14/07", "7/14"); where
# neither does, the message's other such dates say which comes first, else the day does: most
# English outside the United States writes the day first, and so did both suites that use the form
# (planner_blind26, library_blind24). A guess, not a documented rule (round 27).
_NUMERIC = re.compile(
    r"(?:\b(?:on|by|before|after|since|from|until|till|to|between|and|due|thru|through) )?"
    r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\b(?![/.]\d)"
    # a fraction or a measure, not a day ("1/2 price", "3/4 inch")
    r"(?! ?(?:price|off|inch|inches|cup|cups|size|scale|of)\b)"
)
# A year said on its own in the message: the year of a date typed without one ("in 2025, after 1/2").
_A_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _numeric_dates(text: str, today: date) -> list[tuple[int, date]]:
    said = [m for m in _NUMERIC.finditer(text) if m.group(3) or m.group(0)[:1].isalpha()]
    # month first only where one of them can only be read so ("7/14/2026")
    day_first = not any(int(m.group(2)) > 12 >= int(m.group(1)) for m in said)
    found = []
    for m in said:
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (a, b) if a > 12 or (day_first and b <= 12) else (b, a)
        year = m.group(3)
        said_year = _A_YEAR.search(text[: m.start()] + " " + text[m.end() :])
        if year:
            full = 2000 + int(year) if len(year) == 2 else int(year)
        else:
            full = int(said_year.group(1)) if said_year else today.year
        d = _date(full, month, day)
        if d:
            found.append((m.start(), _dated(d, bool(year or said_year), today)))
    return found


# A month's first or last day said of the month: "the end of june", "july's last day".
_MONTH_EDGE = re.compile(
    rf"(?:\b(?:the )?(end|start|beginning|last day|first day|1st day) of ({_MONTH})\b"
    rf"|\b({_MONTH})'s (end|last day|first day|1st day)\b)"
    r"(?:,? (?:of )?(\d{4}))?"
)


@per_message
def in_digits(text: str) -> str:
    """The text with ordinals and numbers in digits: what the date patterns read."""
    return cardinals_to_digits(ordinals_to_digits(text))


@per_message
def date_range(text: str, today: date) -> tuple[date | None, date | None]:
    """(since, until) for the time the user talks about, or (None, None)."""
    # "until now", "up to today": the span is open at its end, which is no bound (round 26): "from
    # march to today" starts with march and has no end (round 27)
    text = in_digits(text)
    opened = _OPEN_END.sub("", text)
    since, until = _span(opened, today)
    return (since, None) if since is not None and opened != text else (since, until)


def _span(text: str, today: date) -> tuple[date | None, date | None]:
    explicit = _explicit_dates(text, today)
    if len(explicit) >= 2 and re.search(r"\b(between|from|to|through|thru|until|till)\b", text):
        return min(explicit[:2]), max(explicit[:2])  # "march 1st to june 30th", "... thru ..."
    if explicit:
        if re.search(r"\b(before|until|till|up to|prior to)\b", text):
            return None, explicit[0] - timedelta(days=1) if "before" in text else explicit[0]
        one_day = re.search(r"\b(on|that day|that date|the same day)\b", text)
        if one_day and not re.search(r"\b(since|after|from)\b", text):
            return explicit[0], explicit[0]
        # "after the 15th" starts the day after; "on or after the 15th" on it.
        after = re.search(r"\bafter\b", text) and not re.search(r"\bon or after\b", text)
        return (explicit[0] + timedelta(days=1) if after else explicit[0]), None
    # Months named before relative words: "from may through july of this year", "pre-march ... this year".
    months = (
        _week_of_month(text, today) or _month_span(text, today) or _quarter(text, today) or _half(text, today)
    )
    if months:
        return months
    relative = _days_around(text, today) or _relative_range(text, today)
    bound = _BOUND.search(text)
    if relative and not bound:
        return relative
    if bound:
        # "before august" (or "pre-august"): until the day before it starts; "until august": to its
        # end; "after august": from the day after it ends.
        start, end = _named_month(bound.group(2), bound.group(3), today)
        if bound.group(1) in ("before", "pre"):
            return None, start - timedelta(days=1)
        if bound.group(1) == "after":
            return end + timedelta(days=1), None
        return None, end
    if relative:
        return relative
    month = re.search(rf"\b(?:in|during|from|since|of) ({_MONTH})\b(?:,? (?:of )?(\d{{4}}))?", text)
    month = month or _BARE_MONTH.search(text)
    if month:
        start, end = _named_month(month.group(1), month.group(2), today)
        return (start, None) if "since" in text else (start, end)
    # "in 2025", and a year said as an adjective of one's things ("my 2025 orders", "show 2025 loans").
    in_year = re.search(
        r"\b(?:in|during|since|from|of|for|my|our|the|all|show|list|see|view|across|dated|throughout)"
        r"(?: me| the year)? "
        # not a count of something ("for 2000 points"; "for" added in round 28)
        r"((?:19|20)\d\d)\b(?! \d| (?:points?|dollars?|bucks|pounds|euros|items?|units?|pieces?|words?)\b)",
        text,
    )
    # "2025 only", "C0058's 2025 orders" (round 26)
    in_year = in_year or re.search(
        r"(?:'s |\b)((?:19|20)\d\d) (?:only|orders|purchases|buys|loans|checkouts)\b", text
    )
    # "my last 2000 orders": a count, no year (round 27)
    in_year = None if _COUNTED_YEAR.search(text) else in_year
    if in_year:
        start, end = date(int(in_year.group(1)), 1, 1), date(int(in_year.group(1)), 12, 31)
        return (start, None) if "since" in text else (start, end)
    return None, None


# A number of things after "last" or "first" ("my last 2000 orders"): a count, however like a year.
_COUNTED_YEAR = re.compile(r"\b(?:last|first|latest) (?:19|20)\d\d\b")

# The end of a span said as now ("since march until now", "up to today"): no bound.
_OPEN_END = re.compile(
    r"\s*\b(?:until|till|up to|up until|to|through|thru) (?:now|today|the present|this day)\b"
)

# A week of a month ("the first week of june", "the last week in october", round 26): its days 1-7,
# 8-14, 15-21, 22-28, or its last seven; the month as _named_month reads it.
_WEEK_OF_MONTH = re.compile(rf"\b(1st|2nd|3rd|4th|last) week (?:of|in) ({_MONTH})\b(?:,? (\d{{4}}))?")
# A half of a year ("the first half of this year", "2nd half of 2025", round 26).
_HALF = re.compile(r"\b(1st|2nd) half of (?:(this|last|the) year|((?:19|20)\d\d))\b")


def _week_of_month(text: str, today: date) -> tuple[date, date] | None:
    said = _WEEK_OF_MONTH.search(text)
    if said is None:
        return None
    start, end = _named_month(said.group(2), said.group(3), today)
    if said.group(1) == "last":
        return end - timedelta(days=6), end
    first = start + timedelta(days=7 * (int(said.group(1)[0]) - 1))
    return first, first + timedelta(days=6)


def _half(text: str, today: date) -> tuple[date, date] | None:
    said = _HALF.search(text)
    if said is None:
        return None
    year = int(said.group(3)) if said.group(3) else today.year - (said.group(2) == "last")
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if said.group(1) == "1st"
        else (date(year, 7, 1), date(year, 12, 31))
    )


# A quarter of a year ("Q2", "the third quarter of 2026", "3rd qtr"; round 23): three months from
# January, April, July or October. A quarter of the current year unless a year is said; one not yet
# begun is last year's, as a month's is (_named_month).
_QUARTER = re.compile(
    r"\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) (?:quarter|qtr))\b"
    r"(?:,? (?:of )?((?:19|20)\d\d))?"
)
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter(text: str, today: date) -> tuple[date, date] | None:
    said = _QUARTER.search(text)
    if said is None:
        return None
    number = int(said.group(1)) if said.group(1) else _QUARTER_WORDS[said.group(2)]
    year = int(said.group(3)) if said.group(3) else today.year
    start = date(year, 3 * number - 2, 1)
    if not said.group(3) and start > today:
        start = start.replace(year=year - 1)
    return start, _month_range(start.year, start.month + 2)[1]


_BOUND = re.compile(rf"\b(before|until|till|up to|after|pre)[- ]?({_MONTH})\b(?:,? (\d{{4}}))?")
# A month said alone, by its full name, of things ("august purchases", "july: anything?"), not the
# verb "may" ("may I"): that month.
_FULL_MONTH = "|".join(name.lower() for name in calendar.month_name if name and name != "May")
# Not a name's ("april's orders", "what did june buy": review14), and "may" before a plural only when
# the plural ends the clause ("may purchases?"; "may customers return" is the verb).
_BARE_MONTH = re.compile(
    rf"\b(?<!\bdid )({_FULL_MONTH}|may(?= [a-z]+s ?(?:[?.,:;!]|$)| ?[:,?]|$))\b(?!-|'s)(?: (\d{{4}}))?(?! \d)"
)


def _named_month(name: str, year: str | None, today: date) -> tuple[date, date]:
    """The first and last day of a month named with or without its year (without: the latest one
    not after today)."""
    number = MONTHS[name]
    said = int(year) if year else (today.year if number <= today.month else today.year - 1)
    return _month_range(said, number)


_SPAN = re.compile(
    # "march to june" without "from" too (review14); "between" still needs "and"/"to"
    rf"\b(?:(?:between|from) )?({_MONTH})(?:,? (\d{{4}}))? (?:and|to|through|thru|until|till|-) ({_MONTH})\b"
    r"(?:,? (\d{4}))?"
)


def _month_span(text: str, today: date) -> tuple[date, date] | None:
    """ "between april and june", "from november to february": the first day of the first month to
    the last day of the second. A month without a year is the latest one not after today; the first
    month is then the one before the second ("from november to february" spans the new year)."""
    match = _SPAN.search(text)
    if not match or (" and " in match.group(0) and not match.group(0).startswith("between")):
        return None  # "march and june" are two months, not a span
    first, last = MONTHS[match.group(1)], MONTHS[match.group(3)]
    if match.group(4):
        end_year = int(match.group(4))
    elif match.group(2):
        end_year = int(match.group(2)) + (1 if last < first else 0)
    else:
        end_year = today.year if last <= today.month else today.year - 1
    start_year = int(match.group(2)) if match.group(2) else end_year - (1 if first > last else 0)
    return _month_range(start_year, first)[0], _month_range(end_year, last)[1]


def named_day(text: str, today: date) -> date | None:
    """The one day the text names ("due tomorrow", "my purchase of may 2", "last sunday"), not a
    span or a bound ("since may", "before friday"); None when it names no single day."""
    since, until = date_range(text, today)
    if since is not None and since == until:
        return since
    explicit = _explicit_dates(in_digits(text), today)
    bounded = re.search(r"\b(since|after|before|until|till|from|between|up to|prior to)\b", text)
    return explicit[0] if len(explicit) == 1 and not bounded else None


@per_message
def mentions_date(text: str) -> bool:
    """Does the text speak of a day, a month, a year or a span of time?"""
    return date_range(text, date(2000, 6, 15)) != (None, None)


def _ago(count: int, unit: str, today: date, calendar_week: bool = False) -> tuple[date, date]:
    """The day, week, month or year that many units back ("three months ago"); with
    ``calendar_week``, a week is a calendar week, Monday to Sunday, as "last week" is."""
    if unit == "week" and calendar_week:
        start = today - timedelta(days=today.weekday() + 7 * count)
        return start, start + timedelta(days=6)
    if unit == "month":
        index = today.year * 12 + today.month - 1 - count
        return _month_range(index // 12, index % 12 + 1)
    if unit == "year":
        return date(today.year - count, 1, 1), date(today.year - count, 12, 31)
    start = today - timedelta(days=count * (7 if unit == "week" else 1))
    return start, start + timedelta(days=6 if unit == "week" else 0)


def _days_around(text: str, today: date) -> tuple[date | None, date | None] | None:
    """ "tomorrow", or a weekday (``_weekday``)."""
    if re.search(r"\btomorrow\b", text):
        day = today + timedelta(days=1)
        return day, day
    return _weekday(text, today)


_WEEKDAY = "|".join(name.lower() for name in calendar.day_name)


def _weekday(text: str, today: date) -> tuple[date | None, date | None] | None:
    """A weekday: "last thursday" and "since thursday" are the latest one before today;
    "before friday", "by friday", "this friday", "next friday" the next one after today (a bound:
    "before" ends the day before it)."""
    past = re.search(rf"\b(since|last|past|previous) ({_WEEKDAY})\b", text)
    if past:
        number = list(calendar.day_name).index(past.group(2).capitalize())
        day = today - timedelta(days=(today.weekday() - number) % 7 or 7)
        return (day, None) if "since" in text else (day, day)
    coming = re.search(rf"\b(before|by|until|till|this|next|on)(?: this| next)? ({_WEEKDAY})\b", text)
    if coming:
        number = list(calendar.day_name).index(coming.group(2).capitalize())
        day = today + timedelta(days=(number - today.weekday()) % 7 or 7)
        if coming.group(1) == "before":
            return None, day - timedelta(days=1)
        return (None, day) if coming.group(1) in ("by", "until", "till") else (day, day)
    return None


def _named_days(text: str, today: date) -> tuple[date | None, date | None] | None:
    """Days named relative to today: "yesterday", the day before it, "the week (month,
    year) before last", "last weekend", "since christmas" (the last four: round 20)."""
    if re.search(r"\bday before yesterday\b", text):
        day = today - timedelta(days=2)
        return day, day
    if re.search(r"\byesterday\b", text):
        day = today - timedelta(days=1)
        return day, day
    before_last = re.search(r"\b(week|month|year) before last\b", text)
    if before_last:  # "the week before last": two back (round 20)
        return _ago(2, before_last.group(1), today, calendar_week=True)
    if re.search(r"\b(?:last|this past|past|over the) weekend\b", text):
        # The latest Saturday and Sunday that have begun by today (round 20).
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)
        return saturday, min(saturday + timedelta(days=1), today)
    holiday = re.search(r"\bsince (christmas|new year'?s?)\b", text)
    if holiday:  # the latest one on or before today (round 20)
        month, day_of_month = (12, 25) if holiday.group(1) == "christmas" else (1, 1)
        year = today.year if (today.month, today.day) >= (month, day_of_month) else today.year - 1
        return date(year, month, day_of_month), None
    return None


def _relative_range(text: str, today: date) -> tuple[date | None, date | None] | None:
    if re.search(r"\btoday\b", text):
        return today, today
    named = _named_days(text, today)
    if named is not None:
        return named
    if re.search(r"\bthis (week)\b", text):
        return today - timedelta(days=today.weekday()), None
    if re.search(r"\blast week\b", text):
        start = today - timedelta(days=today.weekday() + 7)
        return start, start + timedelta(days=6)
    if re.search(r"\bthis month\b", text):
        return today.replace(day=1), None
    if re.search(r"\b(?:last|previous|prior) (?:calendar )?month\b", text):
        first = today.replace(day=1) - timedelta(days=1)
        return _month_range(first.year, first.month)
    if re.search(r"\bthis (?:calendar )?year\b|\bytd\b|\byear to date\b", text):
        return date(today.year, 1, 1), None
    if re.search(r"\blast year\b", text):
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    ago = re.search(r"\b(\d+|a) (day|week|month|year|fortnight)s? (?:ago|back)\b", text)
    if ago:
        count = 1 if ago.group(1) == "a" else int(ago.group(1))
        if ago.group(2) == "fortnight":
            return _ago(2 * count, "week", today)
        return _ago(count, ago.group(2), today)
    if re.search(r"\b(?:past|last|previous) fortnight\b", text):
        return today - timedelta(days=14), None
    match = re.search(r"\b(?:past|last|previous|recent) (\d+) (day|week|month|year)s?\b", text)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return today - timedelta(days=days), None
    return None
