"""What the public pages' lists share: pages of articles, counts per year, ranked names."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from archive.entities import EntityKind
from archive.models import Article, ArticlePerson, Organisation, Person
from archive.text.jalali import jalali_year

PAGE_SIZE = 20


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: int
    count: int


@dataclass(frozen=True)
class Ranked:
    """A person or organisation with how many articles it shares with the page's subject."""

    entity: Person | Organisation
    count: int


def paginate(items: Any, page: Any, *, per_page: int = PAGE_SIZE) -> Page:
    """Return the requested page, falling back to the first or last on a bad number."""
    return Paginator(items, per_page, orphans=3).get_page(page)


def for_lists(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Load what an article list shows (publication, authors) in two queries, without bodies."""
    authors = ArticlePerson.objects.filter(
        role=ArticlePerson.Role.AUTHOR, person__is_public=True
    ).select_related("person")
    return (
        queryset.select_related("publication")
        .defer("body", "content_hash", "review_note")
        .prefetch_related(Prefetch("person_roles", queryset=authors, to_attr="author_roles"))
    )


def jalali_year_totals(queryset: QuerySet[Article]) -> tuple[list[YearCount], int]:
    """Count articles per Jalali year, and the undated ones, in one query."""
    # Group by date in the database (the column is indexed; date functions would run per row
    # on SQLite), then fold the distinct dates into Jalali years here.
    rows = queryset.order_by().values_list("published_on").annotate(n=Count("id"))
    totals: dict[int, int] = defaultdict(int)
    undated = 0
    for published_on, n in rows:
        if published_on is None:
            undated += n
        else:
            totals[jalali_year(published_on)] += n
    return [YearCount(year, totals[year]) for year in sorted(totals)], undated


def ranked(kind: EntityKind, rows: Iterable[dict]) -> list[Ranked]:
    """Turn rows of (entity id, n) into the entities of that kind with their counts."""
    rows = list(rows)
    entities = kind.model.objects.public().in_bulk([row[kind.id_field] for row in rows])
    return [
        Ranked(entities[row[kind.id_field]], row["n"])
        for row in rows
        if row[kind.id_field] in entities
    ]
