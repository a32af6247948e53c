"""Template helpers for dates, digits, paragraphs, pagination, the per-year chart and notes."""

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from archive import search
from archive.importer import message_display
from archive.models import ArticleOrganisation, ArticlePerson
from archive.text.jalali import format_jalali, to_persian_digits

register = template.Library()

_BLANK_LINE = re.compile(r"\n\s*\n")
_PERSIAN_THOUSANDS = "٬"

CHART_WIDTH = 640
CHART_HEIGHT = 160
CHART_LABEL_SPACE = 22
CHART_GAP = 2
CHART_MAX_SLOT = 48
CHART_TOP_SPACE = 16


def _persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines, dropping empty ones."""
    return [p.strip() for p in _BLANK_LINE.split(text.replace("\r\n", "\n")) if p.strip()]


@register.filter
def paragraphs(text: str) -> list[str]:
    return split_paragraphs(text or "")


RTL_LANGUAGES = frozenset({"fa", "ar", "ckb", "ku", "ur", "ps", "he"})


@register.filter
def highlight(text: str, terms: frozenset[str]) -> str:
    """Mark the words of a search in a paragraph (escaped); without terms, the text as it is."""
    if not terms:
        return text
    return mark_safe(search.highlight(text, terms=terms))  # noqa: S308 - highlight escapes


@register.filter
def text_dir(language: str) -> str:
    """Return the writing direction of a text in the given language ("rtl" or "ltr")."""
    return "rtl" if (language or "").split("-")[0] in RTL_LANGUAGES else "ltr"


@register.filter
def digits(value: Any) -> str:
    """Write numbers in Persian digits on Persian pages, ASCII digits on English ones."""
    text = str(value)
    return to_persian_digits(text) if _persian() else text


@register.filter
def num(value: Any) -> str:
    """Write an integer with thousands separators in the page's digits."""
    try:
        text = f"{int(value):,}"
    except (TypeError, ValueError):
        return digits(value)
    return to_persian_digits(text.replace(",", _PERSIAN_THOUSANDS)) if _persian() else text


@register.filter
def jdate(value: datetime.date | None) -> str:
    """Format a date in the Jalali calendar, in the page's language."""
    if not value:
        return ""
    return format_jalali(value, lang="fa" if _persian() else "en")


@register.filter
def gdate(value: datetime.date | None) -> str:
    """Format a date in the Gregorian calendar, in the page's language and digits."""
    if not value:
        return ""
    return digits(date_filter(value, "j F Y"))


# Pages linked on each side of the current one; the first and last are always linked.
PAGES_AROUND = 2


def page_window(number: int, num_pages: int, *, around: int = PAGES_AROUND) -> list[int | None]:
    """Return the page numbers a pagination bar links, None where it skips a run of pages.

    A gap of a single page shows that page: "…" must always stand for two or more.
    """
    wanted = {1, num_pages, *range(number - around, number + around + 1)}
    window: list[int | None] = []
    previous = 0
    for page in sorted(p for p in wanted if 1 <= p <= num_pages):
        if page - previous == 2:
            window.append(page - 1)
        elif page - previous > 2:
            window.append(None)
        window.append(page)
        previous = page
    return window


@register.inclusion_tag("archive/includes/pagination.html", takes_context=True)
def pagination(context: template.Context, page_obj: Any, param: str = "page", anchor: str = ""):
    """Render numbered page links with previous/next for a Django Page or a search results page.

    `param` names the page's parameter (a profile has several lists): the links carry the
    rest of the query string, for `{% querystring %}` to write.
    """
    if hasattr(page_obj, "paginator"):
        number, num_pages = page_obj.number, page_obj.paginator.num_pages
    else:
        number, num_pages = page_obj.page, page_obj.num_pages

    def query_for(page: int) -> QueryDict:
        query = context["request"].GET.copy()
        query[param] = str(page)
        return query

    return {
        "request": context["request"],
        "number": number,
        "num_pages": num_pages,
        "pages": [
            {"number": page, "query": query_for(page) if page else None}
            for page in page_window(number, num_pages)
        ],
        "previous": query_for(number - 1) if page_obj.has_previous else None,
        "next": query_for(number + 1) if page_obj.has_next else None,
        "anchor": anchor,
    }


@register.simple_tag(takes_context=True)
def facet_url(context: template.Context, param: str, value: Any, *also_clear: str) -> str:
    """Return the query string with a filter set, or removed when it is already set.

    The page number is always dropped: a new filter starts from the first page.
    """
    return filter_url(context, *also_clear, **{param: value})


@register.simple_tag(takes_context=True)
def filter_url(context: template.Context, *clear: str, **changes: Any) -> str:
    """Return the query string with filters set together (or all removed if already set)."""
    query: QueryDict = context["request"].GET.copy()
    already = all(query.get(name) == str(value) for name, value in changes.items())
    for name in ("page", *clear):
        query.pop(name, None)
    for name, value in changes.items():
        if already:
            query.pop(name, None)
        else:
            query[name] = str(value)
    return f"?{query.urlencode()}"


SEARCH_FILTERS = ("person", "organisation", "publication", "speaker", "kind", "role")


@register.simple_tag(takes_context=True)
def hidden_filters(context: template.Context) -> str:
    """Carry the active search filters through a resubmitted search form."""
    query: QueryDict = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, query[name]) for name in SEARCH_FILTERS if query.get(name)),
    )


# The roles a search hit names beside a person or organisation; a mention goes without saying.
ROLE_LABELS = {
    **dict(ArticlePerson.Role.choices),
    **dict(ArticleOrganisation.Role.choices),
}
del ROLE_LABELS[ArticlePerson.Role.MENTIONED]


@register.filter
def one_per_entity(entities: list[dict]) -> list[dict]:
    """Merge the entries of a hit's people (or organisations), one per role, into one each.

    Each keeps its first place and gets `roles`, the labels of the roles worth naming.
    """
    merged: dict[str, dict] = {}
    for entity in entities:
        entry = merged.setdefault(entity["slug"], {**entity, "roles": []})
        label = ROLE_LABELS.get(entity["role"])
        if label is not None and label not in entry["roles"]:
            entry["roles"].append(label)
    return list(merged.values())


@register.filter
def with_query(url: str, query: QueryDict) -> str:
    """Add the search words to a hit's address, before its #fragment, for the page to mark."""
    q = query.get("q", "").strip()
    if not q:
        return url
    path, hash_sign, fragment = url.partition("#")
    return f"{path}?{urlencode({'q': q})}{hash_sign}{fragment}"


@register.filter
def get_param(query: QueryDict, name: str) -> str:
    return query.get(name, "")


@register.filter
def parser_message(message: Any) -> str:
    """A refusal reason or note of the parser in the current language; other text as given."""
    return message_display(message)


@register.filter
def reason_for(reasons: dict | None, name: str) -> str:
    """Why the importer gave a field its value, in the current language; "" when unsaid."""
    found = (reasons or {}).get(name)
    return message_display(found) if found else ""


@register.simple_tag(takes_context=True)
def language_url(context: template.Context, language: str) -> str:
    """Return this page's address in another language, keeping the query string."""
    request = context.get("request")
    if request is None:
        return "/" if language == "fa" else f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.inclusion_tag("archive/includes/year_chart.html")
def year_chart(years: list, filter_key: str = "", filter_value: str = "", label: str = "") -> dict:
    """Lay out a bar chart of article counts per Jalali year as SVG geometry.

    Bars link to the year's browse page, or, given a search filter (e.g. "person", slug), to a
    search for that filter within the year.
    """
    search_filter = urlencode({filter_key: filter_value}) if filter_key else ""
    if not years:
        return {"bars": [], "label": label}
    # Show every year in the span, so gaps in the record are visible as gaps.
    counts = {y.year: y.count for y in years}
    span = list(range(years[0].year, years[-1].year + 1))
    peak = max(counts.values()) or 1
    # A short span gets slim bars rather than a few slabs across the whole width.
    slot = min(CHART_WIDTH / len(span), CHART_MAX_SLOT)
    offset = (CHART_WIDTH - slot * len(span)) / 2
    plot = CHART_HEIGHT - CHART_LABEL_SPACE - CHART_TOP_SPACE
    # Label every year when they fit, otherwise every nth.
    every = max(1, round(len(span) * 34 / CHART_WIDTH))
    show_counts = slot >= 24
    bars = []
    for i, year in enumerate(span):
        count = counts.get(year, 0)
        height = round(plot * count / peak, 1) if count else 0
        left = offset + i * slot
        bars.append(
            {
                "year": year,
                "count": count,
                "x": round(left + CHART_GAP / 2, 1),
                "width": round(max(slot - CHART_GAP, 1), 1),
                "y": round(CHART_TOP_SPACE + plot - height, 1),
                "height": height,
                "label_x": round(left + slot / 2, 1),
                "count_y": round(CHART_TOP_SPACE + plot - height - 4, 1),
                "labelled": i % every == 0 or i == len(span) - 1,
                "show_count": show_counts and count > 0,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "label_y": CHART_HEIGHT - 6,
        "search_filter": search_filter,
        "label": label,
    }
