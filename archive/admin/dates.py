"""Jalali dates in the admin: the date column, the year-and-month filter and the date input.

Editors think in Solar Hijri dates and type them in Persian or ASCII digits; the database
keeps Gregorian dates. Everything here converts through archive.text.jalali.
"""

import datetime
import re

from django import forms
from django.contrib import admin
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.models.base import DATE_OUTSIDE_YEARS
from archive.text import jalali

DATE_UNREADABLE = _("Enter a date such as ۱۴۰۲/۱۲/۱۴, ۱۴ اسفند ۱۴۰۲ or 2024-03-04.")
DATE_IMPOSSIBLE = _("“%(date)s” is not a date that exists: check the day and the month.")
_YEAR = re.compile(r"\d{4}")


def persian_page() -> bool:
    return (get_language() or "fa").startswith("fa")


def page_digits(text: str) -> str:
    """Write the digits of text in the admin's language: Persian under fa, ASCII under en."""
    return jalali.to_persian_digits(text) if persian_page() else text


def jalali_display(value: datetime.date | None) -> str:
    """A date as «۱۴ اسفند ۱۴۰۲» in the Persian admin, «14 Esfand 1402» in the English one."""
    if value is None:
        return ""
    return jalali.format_jalali(value, lang="fa" if persian_page() else "en")


def jalali_moment(value: datetime.datetime | None) -> str:
    """A moment as «۱۴ اسفند ۱۴۰۲، ۱۳:۰۵», in the archive's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    separator = "، " if persian_page() else ", "
    return f"{jalali_display(local.date())}{separator}{page_digits(local.strftime('%H:%M'))}"


def jalali_column(model, field: str):
    """A list column or read-only field showing a model's date-time field in Jalali."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(model_admin, obj) -> str:
        return jalali_moment(getattr(obj, field))

    return column


def jalali_numeric(value: datetime.date) -> str:
    """A date as an editor types it back: 1402/12/14, in the admin's digits."""
    year, month, day = jalali.to_jalali(value)
    return page_digits(f"{year}/{month:02d}/{day:02d}")


def read_date(text: str) -> datetime.date | None:
    """Read a typed date (Jalali or Gregorian, any digits); raise ValidationError if it is none."""
    text = text.strip()
    if not text:
        return None
    match = jalali.parse_date(text)
    if match is None:
        raise forms.ValidationError(DATE_UNREADABLE, code="invalid")
    if match.error is not None:
        if not _year_in_archive(match.text):
            raise forms.ValidationError(DATE_OUTSIDE_YEARS, code="outside_years")
        raise forms.ValidationError(DATE_IMPOSSIBLE, code="impossible", params={"date": text})
    return match.date


def _year_in_archive(written: str) -> bool:
    """Whether the year typed is one of the archive's, in either calendar."""
    year = _YEAR.search(jalali.to_ascii_digits(written))
    if year is None:
        return True
    y = int(year.group())
    in_jalali = jalali.FIRST_YEAR <= y <= jalali.LAST_YEAR
    return in_jalali or jalali.EARLIEST_DATE.year <= y <= jalali.LATEST_DATE.year


class JalaliDateInput(forms.TextInput):
    """A text box for a Jalali date, with the Gregorian date it stands for beside it.

    The Gregorian date follows the typing (static/js/jalali-date.js); the server reads the
    date again, and says what is wrong with it, on saving.
    """

    class Media:
        js = ["js/jalali-date.js"]

    def __init__(self, attrs=None):
        defaults = {"dir": "ltr", "size": 12, "placeholder": "۱۴۰۲/۱۲/۱۴", "data-jalali-date": ""}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return jalali_numeric(value)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        date = value if isinstance(value, datetime.date) else _readable(value)
        return format_html(
            '{} <span class="jalali-gregorian" dir="ltr">{}</span>',
            box,
            date.isoformat() if date else "",
        )


def _readable(value) -> datetime.date | None:
    """The date a typed value stands for, or None (its error is the field's to show)."""
    try:
        return read_date(str(value or ""))
    except forms.ValidationError:
        return None


class JalaliDateField(forms.Field):
    """A date typed the Persian way («۱۴۰۲/۱۲/۱۴», «۱۴ اسفند ۱۴۰۲») or as 2024-03-04."""

    widget = JalaliDateInput

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        return read_date(str(value or ""))

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


class JalaliMonthFilter(admin.SimpleListFilter):
    """Filter by Jalali year, then by month within it (replaces the Gregorian date hierarchy)."""

    title = _("date (Solar Hijri)")
    parameter_name = "jalali"
    field = "published_on"

    def lookups(self, request, model_admin):
        span = model_admin.get_queryset(request).aggregate(
            first=Min(self.field), last=Max(self.field)
        )
        if span["first"] is None:
            return []
        year = self._year()
        if year is not None:
            months = [(f"{year}-{m}", self._month_label(year, m)) for m in range(1, 13)]
            return [(str(year), page_digits(str(year))), *months]
        first, last = jalali.jalali_year(span["first"]), jalali.jalali_year(span["last"])
        return [(str(y), page_digits(str(y))) for y in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        bounds = self._bounds()
        if bounds is None:
            return queryset
        start, end = bounds
        return queryset.filter(**{f"{self.field}__gte": start, f"{self.field}__lt": end})

    def _parts(self) -> list[int] | None:
        try:
            parts = [int(p) for p in (self.value() or "").split("-")]
        except ValueError:
            return None
        if len(parts) not in (1, 2) or not jalali.FIRST_YEAR <= parts[0] <= jalali.LAST_YEAR:
            return None
        if len(parts) == 2 and not 1 <= parts[1] <= 12:
            return None
        return parts

    def _year(self) -> int | None:
        parts = self._parts()
        return parts[0] if parts else None

    def _bounds(self) -> tuple[datetime.date, datetime.date] | None:
        parts = self._parts()
        if parts is None:
            return None
        if len(parts) == 1:
            return jalali.year_bounds(parts[0])
        return jalali.month_bounds(*parts)

    @staticmethod
    def _month_label(year: int, month: int) -> str:
        names = jalali.JALALI_MONTHS if persian_page() else jalali.JALALI_MONTHS_EN
        return "— " + page_digits(f"{names[month - 1]} {year}")
