"""What the search index holds for articles and for interview turns.

Both kinds of document share one set of fields, so filters and facets work on either: a
turn carries its article's people, organisations, publication and date, plus its speaker.
The text template puts the searchable text first, so offsets the index stores for matches
are offsets into `Article.body` / `Turn.text` (used to cut snippets).
"""

import json

from haystack import indexes

from archive import entities
from archive.entities import ORGANISATION, PERSON
from archive.models import Article, Turn
from archive.search.engine.whoosh.analysis import PersianAnalyzer
from archive.text.jalali import jalali_year

TITLE_BOOST = 3.0


def _roles(article: Article, kind: entities.EntityKind) -> list:
    """Return the article's roles of public people or organisations (prefetched), with the entity.

    Names the importer proposed stay out of the index until accepted: no facet, no filter,
    no name on a hit. Accepting one saves the entity, which re-indexes its articles.
    """
    roles = ((getattr(r, kind.field), r.role) for r in getattr(article, kind.article_roles).all())
    return [(entity, role) for entity, role in roles if entity.is_public]


def _slugs(article: Article, kind: entities.EntityKind) -> list[str]:
    return sorted({entity.slug for entity, _ in _roles(article, kind)})


def _role_keys(article: Article, kind: entities.EntityKind) -> list[str]:
    return sorted({f"{role}:{entity.slug}" for entity, role in _roles(article, kind)})


def _shown(article: Article, kind: entities.EntityKind) -> list[list[str]]:
    return sorted([entity.name, entity.slug, role] for entity, role in _roles(article, kind))


class _DocumentIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True, use_template=True, analyzer=PersianAnalyzer())
    title = indexes.CharField(boost=TITLE_BOOST, analyzer=PersianAnalyzer(), stored=False)
    kind = indexes.CharField()
    article_id = indexes.IntegerField()
    people = indexes.MultiValueField(stored=False)
    person_roles = indexes.MultiValueField(stored=False)
    organisations = indexes.MultiValueField(stored=False)
    organisation_roles = indexes.MultiValueField(stored=False)
    speakers = indexes.MultiValueField(stored=False)
    publication = indexes.CharField(null=True, stored=False)
    date = indexes.DateField(null=True, stored=False)
    year = indexes.IntegerField(null=True, stored=False)
    updated_at = indexes.DateTimeField()
    # What a search hit shows, so a page of results needs no query per hit.
    display = indexes.CharField(indexed=False)

    def _article(self, obj) -> Article:
        raise NotImplementedError

    def prepare_title(self, obj) -> str:
        return self._article(obj).title

    def prepare_article_id(self, obj) -> int:
        return self._article(obj).pk

    def prepare_people(self, obj) -> list[str]:
        return _slugs(self._article(obj), PERSON)

    def prepare_person_roles(self, obj) -> list[str]:
        return _role_keys(self._article(obj), PERSON)

    def prepare_organisations(self, obj) -> list[str]:
        return _slugs(self._article(obj), ORGANISATION)

    def prepare_organisation_roles(self, obj) -> list[str]:
        return _role_keys(self._article(obj), ORGANISATION)

    def prepare_publication(self, obj) -> str | None:
        publication = self._article(obj).publication
        return publication.slug if publication else None

    def prepare_date(self, obj):
        return self._article(obj).published_on

    def prepare_year(self, obj) -> int | None:
        published_on = self._article(obj).published_on
        return jalali_year(published_on) if published_on else None

    def prepare_updated_at(self, obj):
        return self._article(obj).updated_at

    def prepare_display(self, obj) -> str:
        article = self._article(obj)
        publication = article.publication
        return json.dumps(
            {
                "title": article.title,
                "slug": article.slug,
                "date": article.published_on.isoformat() if article.published_on else None,
                "date_text": article.date_text,
                "publication": [publication.name, publication.slug] if publication else None,
                "people": _shown(article, PERSON),
                "organisations": _shown(article, ORGANISATION),
                **self._display_extra(obj),
            },
            ensure_ascii=False,
        )

    def _display_extra(self, obj) -> dict:
        return {}


class ArticleIndex(_DocumentIndex, indexes.Indexable):
    def get_model(self):
        return Article

    def get_updated_field(self) -> str:
        return "updated_at"

    def index_queryset(self, using=None):
        return Article.objects.select_related("publication").prefetch_related(
            "person_roles__person", "organisation_roles__organisation", "turns__speaker"
        )

    def _article(self, obj: Article) -> Article:
        return obj

    def prepare_kind(self, obj: Article) -> str:
        return "article"

    def prepare_speakers(self, obj: Article) -> list[str]:
        return sorted({turn.speaker.slug for turn in obj.turns.all() if turn.speaker.is_public})


class TurnIndex(_DocumentIndex, indexes.Indexable):
    def get_model(self):
        return Turn

    def index_queryset(self, using=None):
        return Turn.objects.select_related("speaker", "article__publication").prefetch_related(
            "article__person_roles__person", "article__organisation_roles__organisation"
        )

    def _article(self, obj: Turn) -> Article:
        return obj.article

    def prepare_kind(self, obj: Turn) -> str:
        return "turn"

    def prepare_speakers(self, obj: Turn) -> list[str]:
        return [obj.speaker.slug] if obj.speaker.is_public else []

    def _display_extra(self, obj: Turn) -> dict:
        speaker = [obj.speaker.name, obj.speaker.slug] if obj.speaker.is_public else None
        return {"speaker": speaker, "position": obj.position}
