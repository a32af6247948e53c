"""The home page: the latest articles, the archive's size, the most mentioned names."""

from dataclasses import dataclass

from django.db.models import Count

from archive.entities import ORGANISATION, PERSON, EntityKind
from archive.models import Article, Organisation, Person, Publication, Turn
from archive.selectors.calendar import articles_per_jalali_year
from archive.selectors.lists import Ranked, YearCount, for_lists, ranked

LATEST_ON_HOME = 8
TOP_ON_HOME = 10


@dataclass(frozen=True)
class ArchiveCounts:
    articles: int
    people: int
    organisations: int
    publications: int
    turns: int


@dataclass(frozen=True)
class HomePage:
    latest: list[Article]
    counts: ArchiveCounts
    per_year: list[YearCount]
    top_people: list[Ranked]
    top_organisations: list[Ranked]


def latest_articles(*, limit: int = LATEST_ON_HOME) -> list[Article]:
    return list(for_lists(Article.objects.latest_first())[:limit])


def archive_counts() -> ArchiveCounts:
    return ArchiveCounts(
        articles=Article.objects.count(),
        people=Person.objects.public().count(),
        organisations=Organisation.objects.public().count(),
        publications=Publication.objects.count(),
        turns=Turn.objects.count(),
    )


def most_mentioned(kind: EntityKind, *, limit: int = TOP_ON_HOME) -> list[Ranked]:
    """Return the people or organisations mentioned in the most articles."""
    # One row per (article, entity, role), so counting rows counts articles; the (entity, role)
    # index answers this without reading the table.
    rows = (
        kind.role_model.objects.filter(role=kind.role_model.Role.MENTIONED)
        .values(kind.id_field)
        .annotate(n=Count("id"))
        .order_by("-n", kind.id_field)[:limit]
    )
    return ranked(kind, rows)


def home_page() -> HomePage:
    return HomePage(
        latest=latest_articles(),
        counts=archive_counts(),
        per_year=articles_per_jalali_year(),
        top_people=most_mentioned(PERSON),
        top_organisations=most_mentioned(ORGANISATION),
    )
