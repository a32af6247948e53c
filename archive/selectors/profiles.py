"""Person, organisation and publication pages, and the A–Z lists of names."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet, Subquery

from archive.entities import ORGANISATION, PERSON, EntityKind
from archive.models import Article, Organisation, Person, Publication, Turn
from archive.selectors.lists import (
    Ranked,
    YearCount,
    for_lists,
    jalali_year_totals,
    paginate,
    ranked,
)
from archive.text import alphabet

PROFILE_PAGE_SIZE = 10
COMPANIONS = 10


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


def _companions(kind: EntityKind, article_ids: QuerySet, exclude: Q) -> list[Ranked]:
    """Return the entities of a kind named most often in these articles."""
    rows = (
        kind.role_model.objects.filter(
            article_id__in=Subquery(article_ids), **{f"{kind.field}__is_public": True}
        )
        .exclude(exclude)
        .values(kind.id_field)
        .annotate(n=Count("article_id", distinct=True))
        .order_by("-n", kind.id_field)[:COMPANIONS]
    )
    return ranked(kind, rows)


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

    roles = PERSON.role_model.objects.filter(person=person)
    wrote = Article.objects.filter(
        pk__in=Subquery(roles.filter(role=PERSON.role_model.Role.AUTHOR).values("article_id"))
    ).latest_first()
    mentioned = Article.objects.filter(
        pk__in=Subquery(roles.filter(role=PERSON.role_model.Role.MENTIONED).values("article_id"))
    ).latest_first()

    article_ids = roles.values("article_id")
    timeline, undated = jalali_year_totals(Article.objects.filter(pk__in=Subquery(article_ids)))
    return Profile(
        said=said,
        said_in=said_in,
        wrote=_page_of(wrote, pages, "wrote"),
        mentioned=_page_of(mentioned, pages, "mentioned"),
        people=_companions(PERSON, article_ids, Q(person_id=person.pk)),
        organisations=_companions(ORGANISATION, article_ids, Q()),
        timeline=timeline,
        total_articles=sum(year.count for year in timeline) + undated,
    )


def organisation_profile(*, organisation: Organisation, pages: Mapping[str, Any]) -> Profile:
    """Return an organisation's statements, mentions, companions, publications and timeline."""
    roles = ORGANISATION.role_model.objects.filter(organisation=organisation)
    own_roles = [ORGANISATION.role_model.Role.AUTHOR, ORGANISATION.role_model.Role.PUBLISHER]
    # Articles in its own publications are its own, whether or not the importer said so.
    # (An IN over the indexed column, not a join: SQLite then answers the OR from two indexes.)
    in_its_publications = Q(publication_id__in=Subquery(organisation.publications.values("pk")))
    wrote = Article.objects.filter(
        Q(pk__in=Subquery(roles.filter(role__in=own_roles).values("article_id")))
        | in_its_publications
    ).latest_first()
    mentioned = Article.objects.filter(
        pk__in=Subquery(
            roles.filter(role=ORGANISATION.role_model.Role.MENTIONED).values("article_id")
        )
    ).latest_first()
    article_ids = roles.values("article_id")
    timeline, undated = jalali_year_totals(
        Article.objects.filter(Q(pk__in=Subquery(article_ids)) | in_its_publications)
    )
    return Profile(
        said=None,
        said_in=[],
        wrote=_page_of(wrote, pages, "wrote"),
        mentioned=_page_of(mentioned, pages, "mentioned"),
        people=_companions(PERSON, article_ids, Q()),
        organisations=_companions(ORGANISATION, article_ids, Q(organisation_id=organisation.pk)),
        timeline=timeline,
        total_articles=sum(year.count for year in timeline) + undated,
        publications=list(organisation.publications.all()),
    )


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


def entity_index(kind: EntityKind, *, letter: str | None = None, page: Any = None) -> IndexPage:
    """Return people or organisations in Persian alphabetical order, optionally under a letter."""
    entities = (
        kind.model.objects.public()
        .defer("description")
        .annotate(article_count=Count("article_roles__article", distinct=True))
    )
    return _alphabetical_index(entities, letter, page)


def publications_index() -> list[Publication]:
    publications = Publication.objects.select_related("organisation").annotate(
        article_count=Count("articles")
    )
    return sorted(publications, key=lambda p: (alphabet.sort_key(p.name), p.pk))


def publication_articles(*, publication: Publication, page: Any) -> Page:
    return paginate(for_lists(publication.articles.latest_first()), page)
