"""The article page: its people and organisations by role, its turns, related articles."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Subquery

from archive import search
from archive.entities import KINDS, ORGANISATION, PERSON
from archive.models import Article, Organisation, Person, Turn
from archive.selectors.lists import for_lists

RELATED = 5
TERM_WEIGHT = 0.5


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
    reposts: list[Article]  # later copies of this text, elsewhere
    # What the reader looks for in the article (carried from a search), and how often it occurs.
    q: str = ""
    terms: frozenset[str] = frozenset()
    match_count: int = 0


def related_articles(*, article: Article, limit: int = RELATED) -> list[Article]:
    """Return the articles sharing the most people, organisations and title words with this one."""
    scores: dict[int, float] = defaultdict(float)
    # Ask each kind for a generous shortlist, then add the scores up.
    shortlist = limit * 10
    for kind in KINDS:
        named = kind.role_model.objects.filter(article=article).values(kind.id_field)
        rows = (
            kind.role_model.objects.filter(**{f"{kind.id_field}__in": Subquery(named)})
            .exclude(article_id=article.pk)
            .values("article_id")
            .annotate(n=Count(kind.id_field, distinct=True))
            .order_by("-n", "-article_id")[:shortlist]
        )
        for row in rows:
            scores[row["article_id"]] += row["n"]
    # Shared words count half a shared name for the best match, less further down: names are
    # the stronger link, words find neighbours for articles that share no one.
    for rank, pk in enumerate(search.more_like(article.pk, article.title, limit=limit * 2)):
        scores[pk] += TERM_WEIGHT / (rank + 1)
    if not scores:
        return []
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = for_lists(Article.objects.filter(pk__in=best)).in_bulk()
    return [found[pk] for pk in best if pk in found]


def _match_count(article: Article, turns: list[Turn], terms: frozenset[str]) -> int:
    # An interview shows its turns; the text as published is folded away below them.
    texts = [turn.text for turn in turns] if turns else [article.body]
    return sum(len(search.match_spans(text, terms=terms)) for text in texts)


def article_page(*, article: Article, q: str = "", with_related: bool = True) -> ArticlePage:
    """Gather everything the article page shows, in a fixed number of queries.

    Given words `q`, the page also knows their terms, to mark them, and how often they occur.
    A citation needs only the people: `with_related=False` spares the search for neighbours.
    """
    by_role: dict[tuple[str, str], list[Person | Organisation]] = defaultdict(list)
    for kind in KINDS:
        roles = kind.role_model.objects.filter(
            article=article, **{f"{kind.field}__is_public": True}
        ).select_related(kind.field)
        for row in roles.order_by(f"{kind.field}__name"):
            by_role[kind.name, row.role].append(getattr(row, kind.field))
    turns = list(article.turns.select_related("speaker").order_by("position"))
    speakers = list({t.speaker.pk: t.speaker for t in turns if t.speaker.is_public}.values())
    person, organisation = PERSON.role_model.Role, ORGANISATION.role_model.Role
    terms = search.query_terms(q) if q else frozenset()
    return ArticlePage(
        article=article,
        authors=by_role["person", person.AUTHOR],
        author_organisations=by_role["organisation", organisation.AUTHOR]
        + by_role["organisation", organisation.PUBLISHER],
        hosts=by_role["person", person.HOST],
        speakers=speakers or by_role["person", person.SPEAKER],
        people=by_role["person", person.MENTIONED],
        organisations=by_role["organisation", organisation.MENTIONED],
        turns=turns,
        related=related_articles(article=article) if with_related else [],
        reposts=list(for_lists(article.reposts.order_by("pk"))),
        q=q,
        terms=terms,
        match_count=_match_count(article, turns, terms) if terms else 0,
    )
