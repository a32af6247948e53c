"""Forms reading user input: the search parameters shared by the search page and the API."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import ArticleOrganisation, ArticlePerson
from archive.search import GREGORIAN_FROM, KINDS, SORT_RELEVANCE, SORTS, SearchQuery
from archive.search.syntax import MAX_QUERY_CHARS
from archive.text import jalali

INVALID_SLUG = _("This address (slug) is not valid.")
INVALID_YEAR = _(
    "The year must be a number between 1200 and 1500 (Solar Hijri) "
    "or between 1800 and 2100 (Gregorian)."
)
REVERSED_YEARS = _("The first year of the range must not come after its last year.")
INVALID_DAY = _(
    "The date must be written year-month-day, Solar Hijri (1400-06-01) or Gregorian (2021-08-23)."
)
REVERSED_DAYS = _("The first day of the range must not come after its last day.")
INVALID_PAGE = _("The page number must be a positive number.")
# Django's ChoiceField fills in %(value)s itself.
INVALID_CHOICE = _("This value is not allowed: %(value)s.")
INVALID_PARAMETERS = _("The search parameters are not valid.")
SEARCH_UNAVAILABLE = _(
    "Search is unavailable for a moment: its index is being repaired. Please try again shortly."
)
ROLE_WITHOUT_ENTITY = _("A role only means something together with a person or an organisation.")

JALALI_YEARS = (jalali.FIRST_YEAR, jalali.LAST_YEAR)
GREGORIAN_YEARS = (1800, 2100)
MAX_PAGE = 10_000

_SLUG = re.compile(r"^[-\w]+\Z")
ROLES = sorted(set(ArticlePerson.Role.values) | set(ArticleOrganisation.Role.values))


class _SlugField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=200, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not _SLUG.match(value):
            raise forms.ValidationError(INVALID_SLUG, code="invalid")


class _YearField(forms.IntegerField):
    default_error_messages = {"invalid": INVALID_YEAR}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        low, high = JALALI_YEARS if value < GREGORIAN_FROM else GREGORIAN_YEARS
        if not low <= value <= high:
            raise forms.ValidationError(INVALID_YEAR, code="invalid")


def _choice(choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(c, c) for c in choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


class _DayField(forms.Field):
    """A day typed as year-month-day in either calendar, cleaned to a Gregorian date."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        day = jalali.parse_day(value[:20])
        if day is None:
            raise forms.ValidationError(INVALID_DAY, code="invalid")
        return day


class SearchForm(forms.Form):
    """Validate search parameters (GET) into a SearchQuery."""

    q = forms.CharField(required=False, strip=True)
    person = _SlugField()
    organisation = _SlugField()
    role = _choice(ROLES)
    speaker = _SlugField()
    publication = _SlugField()
    year_from = _YearField()
    year_to = _YearField()
    date_from = _DayField()
    date_to = _DayField()
    kind = _choice(KINDS)
    sort = _choice(SORTS)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": INVALID_PAGE,
            "min_value": INVALID_PAGE,
            "max_value": INVALID_PAGE,
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("role") and not (data.get("person") or data.get("organisation")):
            self.add_error("role", ROLE_WITHOUT_ENTITY)
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None and year_to is not None:
            # Compare like with like: Jalali years with the Gregorian years they begin in.
            def gregorian(year: int) -> int:
                return jalali.gregorian_year_of_nowruz(year) if year < GREGORIAN_FROM else year

            if gregorian(year_from) > gregorian(year_to):
                self.add_error("year_to", REVERSED_YEARS)
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from is not None and date_to is not None and date_from > date_to:
            self.add_error("date_to", REVERSED_DAYS)
        return data

    def search_query(self, *, per_page: int = 20) -> SearchQuery:
        """Return the validated parameters as a SearchQuery (call after is_valid())."""
        data = self.cleaned_data
        return SearchQuery(
            q=data.get("q") or "",
            person=data.get("person") or "",
            organisation=data.get("organisation") or "",
            role=data.get("role") or "",
            speaker=data.get("speaker") or "",
            publication=data.get("publication") or "",
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
            sort=data.get("sort") or SORT_RELEVANCE,
            page=data.get("page") or 1,
            per_page=per_page,
        )

    def error_fields(self) -> dict[str, list[str]]:
        return {name: [str(e) for e in errors] for name, errors in self.errors.items()}


class FindInArticleForm(forms.Form):
    """Read the words a reader looks for in one article (from a search hit or its own box)."""

    q = forms.CharField(required=False, strip=True, max_length=MAX_QUERY_CHARS)

    def words(self) -> str:
        """Return the words to mark; nothing when the input is not usable."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
