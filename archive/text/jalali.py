"""Find and format Jalali (and Gregorian) dates in Persian text.

Dates reach the archive as written by people: Persian or ASCII digits, month names spelt with
Arabic or Persian letters, ordinal words, weekday prefixes. `parse_date` reports the date exactly
as written (with its position) so callers can cut it out of a header line.
"""

import datetime
import functools
import re
from dataclasses import dataclass

import jdatetime

# `DateMatch.error` for a date that does not exist: the code of the importer's review note
# (archive.importer.notes.Code.IMPOSSIBLE_DATE), worded by archive.importer.messages.
# It stands for a year outside the archive's years too.
IMPOSSIBLE_DATE = "impossible_date"

# The Solar Hijri years the archive holds, and the Gregorian dates they span. A date outside
# them is a typo ("1042" for "1402", "0001-01-01"), not a date: jdatetime could not convert
# year 1 or 9999 at all, and no browse page would list it.
FIRST_YEAR, LAST_YEAR = 1200, 1500
EARLIEST_DATE = jdatetime.date(FIRST_YEAR, 1, 1).togregorian()
LATEST_DATE = jdatetime.date(LAST_YEAR + 1, 1, 1).togregorian() - datetime.timedelta(days=1)

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
JALALI_MONTHS_EN = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")
WEEKDAYS_EN = ("Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN_DIGITS)
_TO_ASCII = str.maketrans({chr(base + i): str(i) for base in (0x06F0, 0x0660) for i in range(10)})

# One-to-one character folding keeps offsets valid, so matches map straight back to the input.
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "أ": "ا",
        "إ": "ا",
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)

# Spelling variants seen in the wild, after folding (ي→ی, ك→ک).
_JALALI_VARIANTS = {
    1: ("فروردین",),
    2: ("اردیبهشت", "اردی بهشت", "اردی\u200cبهشت"),
    3: ("خرداد",),
    4: ("تیر",),
    5: ("مرداد", "امرداد"),
    6: ("شهریور",),
    7: ("مهر",),
    8: ("آبان", "ابان"),
    9: ("آذر", "اذر"),
    10: ("دی",),
    11: ("بهمن",),
    12: ("اسفند",),
}
_GREGORIAN_VARIANTS = {
    1: ("ژانویه", "ژانویهٔ", "january", "jan"),
    2: ("فوریه", "فوریهٔ", "february", "feb"),
    3: ("مارس", "march", "mar"),
    4: ("آوریل", "اوریل", "april", "apr"),
    5: ("مه", "می", "may"),
    6: ("ژوئن", "june", "jun"),
    7: ("ژوئیه", "ژوییه", "جولای", "july", "jul"),
    8: ("اوت", "آگوست", "اگوست", "august", "aug"),
    9: ("سپتامبر", "september", "sept", "sep"),
    10: ("اکتبر", "october", "oct"),
    11: ("نوامبر", "november", "nov"),
    12: ("دسامبر", "december", "dec"),
}

_UNITS = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")


def _cardinal(n: int) -> list[str]:
    """Return the Persian spellings of 1..31 as words."""
    if n < 10:
        return [_UNITS[n]]
    if n < 20:
        return ["هیجده", "هجده"] if n == 18 else [_TEENS[n - 10]]
    tens = "بیست" if n < 30 else "سی"
    if n % 10 == 0:
        return [tens]
    return [f"{tens} و {u}" for u in _cardinal(n % 10)]


def _ordinal(card: str) -> list[str]:
    """Return the ordinal spellings of a cardinal ("سه" → "سوم", "سی" → "سی‌ام")."""
    head, _, last = card.rpartition(" ")
    if last == "سه":
        forms = ["سوم"]
    elif last == "سی":
        forms = ["سی\u200cام", "سی ام", "سیام"]
    else:
        forms = [last + "م"]
    return [f"{head} {f}" if head else f for f in forms]


def _ordinal_words() -> dict[str, int]:
    words = {"اول": 1, "نخست": 1}
    for n in range(1, 32):
        for card in _cardinal(n):
            words.update(dict.fromkeys(_ordinal(card), n))
    return words


_ORDINALS = _ordinal_words()
_CARDINALS = {card: n for n in range(1, 32) for card in _cardinal(n)}
_DAY_WORDS = {**_CARDINALS, **_ORDINALS}


def _alternation(words: list[str]) -> str:
    # Longest first so "بیست و یکم" wins over "بیست".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _month_lookup(variants: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {v: m for m, vs in variants.items() for v in vs}


_JALALI_LOOKUP = _month_lookup(_JALALI_VARIANTS)
_GREGORIAN_LOOKUP = _month_lookup(_GREGORIAN_VARIANTS)
_MONTHS = {**{k: ("j", m) for k, m in _JALALI_LOOKUP.items()}}
_MONTHS.update({k: ("g", m) for k, m in _GREGORIAN_LOOKUP.items()})

_B = r"(?<![\w\u200c])"  # no letter/digit/ZWNJ before
_E = r"(?![\w\u200c])"  # nor after
_SEP = r"[\s,،]*"
_WEEKDAY = r"(?:(?:یک|دو|سه|چهار|پنج)[\s\u200c]?)?شنبه|جمعه|" + "|".join(WEEKDAYS_EN)
_DAY = rf"(?P<day>\d{{1,2}}|{_alternation(list(_DAY_WORDS))})(?:\s?\u200c?(?:ام|ُم|م|th|st|nd|rd))?"
_MONTH = rf"(?P<month>{_alternation(list(_MONTHS))})(?:\s+ماه)?"
_YEAR = r"(?P<year>\d{4})(?:\s*(?:هجری\s+)?(?:شمسی|خورشیدی|ه\.?\s?ش\.?|میلادی|م\.))?"

_TEXT_DATE = re.compile(
    rf"{_B}(?:(?P<weekday>{_WEEKDAY}){_SEP})?{_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}{_E}",
    re.IGNORECASE,
)
# "February 23, 2024"
_TEXT_DATE_MDY = re.compile(
    rf"{_B}(?:(?P<weekday>{_WEEKDAY}){_SEP})?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"{_SEP}(?P<year>\d{{4}}){_E}",
    re.IGNORECASE,
)
_YMD = re.compile(r"(?<![\d/.\-])(?P<year>\d{4})([-/.])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<![\d/.\-])(?P<day>\d{1,2})([-/.])(?P<month>\d{1,2})\2(?P<year>\d{4})(?!\d)")


@dataclass(frozen=True)
class DateMatch:
    date: datetime.date | None
    text: str
    start: int
    end: int
    error: str | None = None


def to_persian_digits(s: str) -> str:
    return str(s).translate(_TO_PERSIAN)


def to_ascii_digits(s: str) -> str:
    """Write Persian and Arabic-Indic digits as ASCII ones (the year of «۱۴۰۲/۱۲/۱۴»)."""
    return str(s).translate(_TO_ASCII)


def to_jalali(d: datetime.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=d)
    return j.year, j.month, j.day


def jalali_year(d: datetime.date) -> int:
    # No calendar conversion per date: browse pages count thousands of dates at once.
    return d.year - GREGORIAN_OFFSET if d >= nowruz(d.year) else d.year - GREGORIAN_OFFSET - 1


@functools.lru_cache(maxsize=1 << 14)
def format_jalali(d: datetime.date, *, lang: str = "fa", weekday: bool = False) -> str:
    """Format a date the way Persian readers expect, e.g. "۲۰ شهریور ۱۴۰۰".

    Remembered: a page of search hits or a list shows dozens of dates, most of them again.
    """
    year, month, day = to_jalali(d)
    # date.weekday(): Monday=0; our tables start on Saturday.
    day_index = (d.weekday() + 2) % 7
    if lang == "fa":
        text = to_persian_digits(f"{day} {JALALI_MONTHS[month - 1]} {year}")
        return f"{WEEKDAYS[day_index]}، {text}" if weekday else text
    text = f"{day} {JALALI_MONTHS_EN[month - 1]} {year}"
    return f"{WEEKDAYS_EN[day_index]}, {text}" if weekday else text


def _is_jalali_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def in_archive_years(d: datetime.date) -> bool:
    """Whether a Gregorian date falls within the archive's Solar Hijri years."""
    return EARLIEST_DATE <= d <= LATEST_DATE


def _build(calendar: str, year: int, month: int, day: int) -> datetime.date | None:
    if calendar == "j" and not _is_jalali_year(year):
        # A Jalali month with a Gregorian-looking year is a typo, not a date in the 27th century.
        return None
    try:
        if calendar == "j":
            return jdatetime.date(year, month, day).togregorian()
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None
    return date if in_archive_years(date) else None


def _day_value(raw: str) -> int:
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    return _DAY_WORDS.get(raw.replace("\u200c", " "), _DAY_WORDS.get(raw, 0))


def _candidates(folded: str):
    for m in _TEXT_DATE.finditer(folded):
        yield m, "text"
    for m in _TEXT_DATE_MDY.finditer(folded):
        yield m, "text"
    for m in _YMD.finditer(folded):
        yield m, "numeric"
    for m in _DMY.finditer(folded):
        yield m, "numeric"


def parse_date(text: str) -> DateMatch | None:
    """Find the first full date (day, month and year) in the text."""
    folded = text.translate(_FOLD)
    best: tuple[re.Match[str], str] | None = None
    for m, shape in _candidates(folded):
        if best is None or (m.start(), -m.end()) < (best[0].start(), -best[0].end()):
            best = (m, shape)
    if best is None:
        return None
    m, shape = best
    year = int(m["year"])
    day = _day_value(m["day"])
    if shape == "text":
        calendar, month = _MONTHS[m["month"].lower()]
    else:
        month = int(m["month"])
        calendar = "j" if _is_jalali_year(year) else "g"
    date = _build(calendar, year, month, day)
    written = text[m.start() : m.end()]
    return DateMatch(
        date=date,
        text=written,
        start=m.start(),
        end=m.end(),
        error=None if date else IMPOSSIBLE_DATE,
    )


# --- the calendar: where Jalali years and months fall in Gregorian dates ----------------------

# A Jalali year begins at Nowruz, in March of this many years later in the Gregorian calendar.
GREGORIAN_OFFSET = 621


def gregorian_year_of_nowruz(year: int) -> int:
    """Return the Gregorian year in which Jalali `year` begins."""
    return year + GREGORIAN_OFFSET


@functools.cache
def nowruz(gregorian_year: int) -> datetime.date:
    """Return the first day of the Jalali year that begins in `gregorian_year`."""
    return jdatetime.date(gregorian_year - GREGORIAN_OFFSET, 1, 1).togregorian()


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the Gregorian [start, end) of a Jalali year."""
    return jdatetime.date(year, 1, 1).togregorian(), jdatetime.date(year + 1, 1, 1).togregorian()


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """Return the Gregorian [start, end) of a Jalali month."""
    start = jdatetime.date(year, month, 1).togregorian()
    after = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return start, after.togregorian()


_DAY = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
# Years below this are Jalali (1400), from it on Gregorian (2021).
GREGORIAN_FROM = 1700


def parse_day(text: str) -> datetime.date | None:
    """Read a day typed as year-month-day, Jalali (1400-06-01) or Gregorian (2021-08-23).

    Digits of any script and / or . between the parts are accepted; None if it is no day.
    """
    m = _DAY.match(text.translate(_FOLD))
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        if year < GREGORIAN_FROM:
            return jdatetime.date(year, month, day).togregorian()
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None
