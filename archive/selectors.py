"""Read queries for the public pages, each with a fixed number of database queries.

Every function here issues the same number of queries whatever the size of the archive: lists are
fetched with `select_related`/`prefetch_related`, counts are aggregated in the database, and
Jalali years are computed from a handful of grouped rows rather than from every article.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from archive import search
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    Person,
    Publication,
    Turn,
)
from archive.text import alphabet

PAGE_SIZE = 20
PROFILE_PAGE_SIZE = 10
LATEST_ON_HOME = 8
TOP_ON_HOME = 10
COMPANIONS = 10
RELATED = 5
TERM_WEIGHT = 0.5


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: int
    count: int


@dataclass(frozen=True)
class ArchiveCounts:
    articles: int
    people: int
    organisations: int
    publications: int
    turns: int


@dataclass(frozen=True)
class Ranked:
    """A person or organisation with how many articles it shares with the page's subject."""

    entity: Person | Organisation
    count: int


@dataclass(frozen=True)
class HomePage:
    latest: list[Article]
    counts: ArchiveCounts
    per_year: list[YearCount]
    top_people: list[Ranked]
    top_organisations: list[Ranked]


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    authors: list[Person]
    author_organisations: list[Organisation]
    hosts: list[Person]
    speakers: list[Person]
    people: list[Person]
    organisations: list[Organisation]
    turns: list[Turn]
    related: list[Article]


@dataclass(frozen=True)
class SaidIn:
    """One article and the turns the person spoke in it."""

    article: Article
    turns: list[Turn]


@dataclass(frozen=True)
class Profile:
    """What a person or organisation page shows beyond the entity itself."""

    said: Page | None
    said_in: list[SaidIn]
    wrote: Page
    mentioned: Page
    people: list[Ranked]
    organisations: list[Ranked]
    timeline: list[YearCount]
    total_articles: int
    publications: list[Publication] = field(default_factory=list)


def paginate(items: Any, page: Any, *, per_page: int = PAGE_SIZE) -> Page:
    """Return the requested page, falling back to the first or last on a bad number."""
    return Paginator(items, per_page, orphans=3).get_page(page)


def for_lists(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Load what an article list shows (publication, authors) in two queries, without bodies."""
    authors = ArticlePerson.objects.filter(role=ArticlePerson.Role.AUTHOR).select_related("person")
    return (
        queryset.select_related("publication")
        .defer("body", "content_hash", "review_note")
        .prefetch_related(Prefetch("person_roles", queryset=authors, to_attr="author_roles"))
    )


# --- Jalali calendar ------------------------------------------------------------------------


def jalali_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the Gregorian [start, end) of a Jalali year."""
    return (
        jdatetime.date(year, 1, 1).togregorian(),
        jdatetime.date(year + 1, 1, 1).togregorian(),
    )


def jalali_month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """Return the Gregorian [start, end) of a Jalali month."""
    start = jdatetime.date(year, month, 1).togregorian()
    end = (
        jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    ).togregorian()
    return start, end


@functools.cache
def _nowruz(gregorian_year: int) -> datetime.date:
    """Return the Gregorian date of the first day of the Jalali year starting in that year."""
    return jdatetime.date(gregorian_year - 621, 1, 1).togregorian()


def _jalali_year_of(d: datetime.date) -> int:
    # Same result as jalali_year(d), without a calendar conversion per date.
    return d.year - 621 if d >= _nowruz(d.year) else d.year - 622


def _jalali_year_totals(queryset: QuerySet[Article]) -> tuple[list[YearCount], int]:
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
            totals[_jalali_year_of(published_on)] += n
    return [YearCount(year, totals[year]) for year in sorted(totals)], undated


def articles_per_jalali_year(queryset: QuerySet[Article] | None = None) -> list[YearCount]:
    """Count dated articles per Jalali year, oldest first."""
    queryset = Article.objects.all() if queryset is None else queryset
    return _jalali_year_totals(queryset.filter(published_on__isnull=False))[0]


def articles_per_jalali_month(year: int) -> list[MonthCount]:
    """Count the articles in each month of a Jalali year, in one query."""
    bounds = {month: jalali_month_bounds(year, month) for month in range(1, 13)}
    counts = Article.objects.aggregate(
        **{
            f"m{month}": Count("id", filter=Q(published_on__gte=start, published_on__lt=end))
            for month, (start, end) in bounds.items()
        }
    )
    return [MonthCount(month, counts[f"m{month}"]) for month in range(1, 13)]


def articles_in_jalali_period(year: int, month: int | None = None) -> QuerySet[Article]:
    start, end = jalali_year_bounds(year) if month is None else jalali_month_bounds(year, month)
    return for_lists(
        Article.objects.filter(published_on__gte=start, published_on__lt=end).latest_first()
    )


# --- Home -----------------------------------------------------------------------------------


def latest_articles(*, limit: int = LATEST_ON_HOME) -> list[Article]:
    return list(for_lists(Article.objects.latest_first())[:limit])


def archive_counts() -> ArchiveCounts:
    return ArchiveCounts(
        articles=Article.objects.count(),
        people=Person.objects.count(),
        organisations=Organisation.objects.count(),
        publications=Publication.objects.count(),
        turns=Turn.objects.count(),
    )


def _ranked(model: type[Person] | type[Organisation], rows: Iterable[dict]) -> list[Ranked]:
    rows = list(rows)
    key = "person_id" if model is Person else "organisation_id"
    entities = model.objects.in_bulk([row[key] for row in rows])
    return [Ranked(entities[row[key]], row["n"]) for row in rows if row[key] in entities]


def most_mentioned_people(*, limit: int = TOP_ON_HOME) -> list[Ranked]:
    """Return the people mentioned in the most articles."""
    # One row per (article, person, role), so counting rows counts articles; the (person, role)
    # index answers this without reading the table.
    rows = (
        ArticlePerson.objects.filter(role=ArticlePerson.Role.MENTIONED)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "person_id")[:limit]
    )
    return _ranked(Person, rows)


def most_mentioned_organisations(*, limit: int = TOP_ON_HOME) -> list[Ranked]:
    """Return the organisations mentioned in the most articles."""
    rows = (
        ArticleOrganisation.objects.filter(role=ArticleOrganisation.Role.MENTIONED)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_id")[:limit]
    )
    return _ranked(Organisation, rows)


def home_page() -> HomePage:
    return HomePage(
        latest=latest_articles(),
        counts=archive_counts(),
        per_year=articles_per_jalali_year(),
        top_people=most_mentioned_people(),
        top_organisations=most_mentioned_organisations(),
    )


# --- Article --------------------------------------------------------------------------------


def related_articles(*, article: Article, limit: int = RELATED) -> list[Article]:
    """Return the articles sharing the most people, organisations and title words with this one."""
    people = ArticlePerson.objects.filter(article=article).values("person_id")
    organisations = ArticleOrganisation.objects.filter(article=article).values("organisation_id")
    # Ask each side for a generous shortlist, then add the scores up.
    shortlist = limit * 10
    by_people = (
        ArticlePerson.objects.filter(person_id__in=Subquery(people))
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("-n", "-article_id")[:shortlist]
    )
    by_organisations = (
        ArticleOrganisation.objects.filter(organisation_id__in=Subquery(organisations))
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by("-n", "-article_id")[:shortlist]
    )
    scores: dict[int, float] = defaultdict(float)
    for row in [*by_people, *by_organisations]:
        scores[row["article_id"]] += row["n"]
    # Shared words count half a shared name for the best match, less further down: names are
    # the stronger link, words find neighbours for articles that share no one.
    for rank, pk in enumerate(search.more_like(article.pk, article.title, limit=limit * 2)):
        scores[pk] += TERM_WEIGHT / (rank + 1)
    if not scores:
        return []
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    articles = for_lists(Article.objects.filter(pk__in=best)).in_bulk()
    return [articles[pk] for pk in best if pk in articles]


def article_page(*, article: Article) -> ArticlePage:
    """Gather everything the article page shows, in a fixed number of queries."""
    by_role: dict[str, list[Person]] = defaultdict(list)
    for role in article.person_roles.select_related("person").order_by("person__name"):
        by_role[role.role].append(role.person)
    organisations_by_role: dict[str, list[Organisation]] = defaultdict(list)
    for role in article.organisation_roles.select_related("organisation").order_by(
        "organisation__name"
    ):
        organisations_by_role[role.role].append(role.organisation)
    turns = list(article.turns.select_related("speaker").order_by("position"))
    speakers = list({turn.speaker.pk: turn.speaker for turn in turns}.values())
    mentioned_people = by_role[ArticlePerson.Role.MENTIONED]
    return ArticlePage(
        article=article,
        authors=by_role[ArticlePerson.Role.AUTHOR],
        author_organisations=organisations_by_role[ArticleOrganisation.Role.AUTHOR]
        + organisations_by_role[ArticleOrganisation.Role.PUBLISHER],
        hosts=by_role[ArticlePerson.Role.HOST],
        speakers=speakers or by_role[ArticlePerson.Role.SPEAKER],
        people=mentioned_people,
        organisations=organisations_by_role[ArticleOrganisation.Role.MENTIONED],
        turns=turns,
        related=related_articles(article=article),
    )


# --- Person and organisation ----------------------------------------------------------------


def _companions(
    model: type[ArticlePerson] | type[ArticleOrganisation],
    article_ids: QuerySet,
    exclude: Q,
) -> list[Ranked]:
    key = "person_id" if model is ArticlePerson else "organisation_id"
    rows = (
        model.objects.filter(article_id__in=Subquery(article_ids))
        .exclude(exclude)
        .values(key)
        .annotate(n=Count("article_id", distinct=True))
        .order_by("-n", key)[:COMPANIONS]
    )
    return _ranked(Person if model is ArticlePerson else Organisation, rows)


def _page_of(queryset: QuerySet[Article], pages: Mapping[str, Any], name: str) -> Page:
    return paginate(for_lists(queryset), pages.get(name), per_page=PROFILE_PAGE_SIZE)


def person_profile(*, person: Person, pages: Mapping[str, Any]) -> Profile:
    """Return a person's turns, writings, mentions, companions and timeline.

    `pages` maps each list ("said", "wrote", "mentioned") to the page number asked for.
    """
    spoke_in = Turn.objects.filter(speaker=person).values("article_id")
    said = paginate(
        for_lists(Article.objects.filter(pk__in=Subquery(spoke_in)).latest_first()),
        pages.get("said"),
        per_page=PROFILE_PAGE_SIZE,
    )
    articles = {article.pk: article for article in said}
    turns_by_article: dict[int, list[Turn]] = defaultdict(list)
    for turn in Turn.objects.filter(speaker=person, article__in=list(articles)).order_by(
        "position"
    ):
        turn.article = articles[turn.article_id]  # links to the turn need no query of their own
        turns_by_article[turn.article_id].append(turn)
    said_in = [SaidIn(article, turns_by_article[pk]) for pk, article in articles.items()]

    roles = ArticlePerson.objects.filter(person=person)
    wrote = Article.objects.filter(
        pk__in=Subquery(roles.filter(role=ArticlePerson.Role.AUTHOR).values("article_id"))
    ).latest_first()
    mentioned = Article.objects.filter(
        pk__in=Subquery(roles.filter(role=ArticlePerson.Role.MENTIONED).values("article_id"))
    ).latest_first()

    article_ids = roles.values("article_id")
    timeline, undated = _jalali_year_totals(Article.objects.filter(pk__in=Subquery(article_ids)))
    return Profile(
        said=said,
        said_in=said_in,
        wrote=_page_of(wrote, pages, "wrote"),
        mentioned=_page_of(mentioned, pages, "mentioned"),
        people=_companions(ArticlePerson, article_ids, Q(person_id=person.pk)),
        organisations=_companions(ArticleOrganisation, article_ids, Q()),
        timeline=timeline,
        total_articles=sum(year.count for year in timeline) + undated,
    )


def organisation_profile(*, organisation: Organisation, pages: Mapping[str, Any]) -> Profile:
    """Return an organisation's statements, mentions, companions, publications and timeline."""
    roles = ArticleOrganisation.objects.filter(organisation=organisation)
    own_roles = [ArticleOrganisation.Role.AUTHOR, ArticleOrganisation.Role.PUBLISHER]
    # Articles in its own publications are its own, whether or not the importer said so.
    # (An IN over the indexed column, not a join: SQLite then answers the OR from two indexes.)
    in_its_publications = Q(publication_id__in=Subquery(organisation.publications.values("pk")))
    wrote = Article.objects.filter(
        Q(pk__in=Subquery(roles.filter(role__in=own_roles).values("article_id")))
        | in_its_publications
    ).latest_first()
    mentioned = Article.objects.filter(
        pk__in=Subquery(roles.filter(role=ArticleOrganisation.Role.MENTIONED).values("article_id"))
    ).latest_first()
    article_ids = roles.values("article_id")
    timeline, undated = _jalali_year_totals(
        Article.objects.filter(Q(pk__in=Subquery(article_ids)) | in_its_publications)
    )
    return Profile(
        said=None,
        said_in=[],
        wrote=_page_of(wrote, pages, "wrote"),
        mentioned=_page_of(mentioned, pages, "mentioned"),
        people=_companions(ArticlePerson, article_ids, Q()),
        organisations=_companions(
            ArticleOrganisation, article_ids, Q(organisation_id=organisation.pk)
        ),
        timeline=timeline,
        total_articles=sum(year.count for year in timeline) + undated,
        publications=list(organisation.publications.all()),
    )


# --- Browse ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexPage:
    letters: list[str]
    letter: str | None
    page: Page


def _alphabetical_index(
    queryset: QuerySet, letter: str | None, page: Any, *, per_page: int = 50
) -> IndexPage:
    # Persian order can't be expressed in SQL portably, so sort the (short) name list in Python.
    entities = list(queryset)
    letters = alphabet.index_letters([e.name for e in entities])
    if letter:
        entities = [e for e in entities if alphabet.initial(e.name) == letter]
    entities.sort(key=lambda e: (alphabet.sort_key(e.name), e.pk))
    return IndexPage(letters, letter or None, paginate(entities, page, per_page=per_page))


def people_index(*, letter: str | None = None, page: Any = None) -> IndexPage:
    """Return people in Persian alphabetical order, optionally those filed under one letter."""
    people = Person.objects.only("name", "slug").annotate(
        article_count=Count("article_roles__article", distinct=True)
    )
    return _alphabetical_index(people, letter, page)


def organisations_index(*, letter: str | None = None, page: Any = None) -> IndexPage:
    """Return organisations in Persian alphabetical order, optionally under one letter."""
    organisations = Organisation.objects.only("name", "slug", "kind").annotate(
        article_count=Count("article_roles__article", distinct=True)
    )
    return _alphabetical_index(organisations, letter, page)


def publications_index() -> list[Publication]:
    publications = Publication.objects.select_related("organisation").annotate(
        article_count=Count("articles")
    )
    return sorted(publications, key=lambda p: (alphabet.sort_key(p.name), p.pk))


def publication_articles(*, publication: Publication, page: Any) -> Page:
    return paginate(for_lists(publication.articles.latest_first()), page)
