"""Turning what the engine found into what a page shows: hits with snippets, and facets."""

import datetime
import heapq
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from archive import entities, slugs
from archive.models import Article, Publication, Turn
from archive.search.snippets import snippets as cut_snippets
from archive.text.jalali import format_jalali, to_persian_digits

KIND_ARTICLE = "article"
KIND_TURN = "turn"
KINDS = (KIND_ARTICLE, KIND_TURN)
FACET_LIMIT = 30
# Facet name -> index field.
FACET_FIELDS = {
    **{kind.name: kind.index_field for kind in entities.KINDS},
    "publication": "publication",
    "year": "year",
}
# Facet name -> the model whose slugs it counts.
_FACET_MODELS = {**{kind.name: kind.model for kind in entities.KINDS}, "publication": Publication}


def _facet_objects(name: str) -> QuerySet:
    """The rows a facet may name: publications, and people and organisations readers may see."""
    model = _FACET_MODELS[name]
    return model.objects.all() if model is Publication else model.objects.public()


_ROLE_ORDER = {role: i for i, role in enumerate(["author", "publisher", "host", "speaker"])}


@dataclass
class Hit:
    title: str
    url: str
    date: datetime.date | None
    date_jalali: str
    publication: str
    publication_url: str
    snippets: list[SafeString]
    people: list[dict]
    organisations: list[dict]
    kind: str
    speaker: dict | None
    score: float | None


@dataclass
class SearchPage:
    count: int
    hits: list[Hit]
    facets: dict[str, list[dict]]
    suggestion: str | None
    page: int
    per_page: int
    num_pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.num_pages = max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _format_date(published_on: datetime.date | None, date_text: str) -> str:
    if published_on is None:
        return date_text
    return format_jalali(published_on, lang="fa" if get_language() == "fa" else "en")


@lru_cache(maxsize=1 << 14)
def _url(view: str, slug: str, language: str, prefix: str) -> str:
    # Hits repeat the same people, organisations and publications page after page.
    return reverse(f"archive:{view}", kwargs={"slug": slug})


def url_of(view: str, slug: str, here: tuple[str, str] | None = None) -> str:
    """Return reverse("archive:<view>", slug=slug), remembered for the language and prefix.

    `here` is (language, script prefix) when the caller has read them already: a page of
    hits links a hundred names or more, and reading both costs more than the lookup.
    """
    language, prefix = here or (get_language(), get_script_prefix())
    return _url(view, slug, language, prefix)


def _entity(kind: str, name: str, slug: str, role: str, here: tuple[str, str]) -> dict:
    return {"name": name, "slug": slug, "url": url_of(kind, slug, here), "role": role}


def _roles(kind: str, rows: list[list[str]], here: tuple[str, str]) -> list[dict]:
    rows = sorted(rows, key=lambda r: (_ROLE_ORDER.get(r[2], 9), r[0]))
    # The index keeps copies of slugs: one indexed before the row was repaired has no page.
    return [
        _entity(kind, name, slug, role, here)
        for name, slug, role in rows
        if slugs.linkable(kind, name, slug)
    ]


def hits(raw_hits, terms: frozenset[str]) -> list[Hit]:
    """Return the hits a page shows, snippets cut around `terms`, for the engine's raw hits."""
    # What a hit shows is stored in the index; only the text to cut snippets from is read
    # here, in one query per kind of document.
    ids = {KIND_ARTICLE: set(), KIND_TURN: set()}
    for raw in raw_hits:
        ids[raw.fields["kind"]].add(int(raw.fields["django_id"]))
    texts = {
        KIND_ARTICLE: dict(
            Article.objects.filter(pk__in=ids[KIND_ARTICLE]).values_list("pk", "body")
        )
        if ids[KIND_ARTICLE]
        else {},
        KIND_TURN: dict(Turn.objects.filter(pk__in=ids[KIND_TURN]).values_list("pk", "text"))
        if ids[KIND_TURN]
        else {},
    }
    here = (get_language(), get_script_prefix())
    found = []
    for raw in raw_hits:
        kind = raw.fields["kind"]
        text = texts[kind].get(int(raw.fields["django_id"]))
        if text is None:  # deleted since it was indexed; check_index repairs the index
            continue
        shown = json.loads(raw.fields["display"])
        if not slugs.linkable("article", shown["title"], shown["slug"]):
            continue
        url = url_of("article", shown["slug"], here)
        speaker = None
        if kind == KIND_TURN:
            url += f"#turn-{shown['position']}"
            # None for a speaker the importer proposed and no editor accepted yet.
            if shown.get("speaker") and slugs.linkable(entities.PERSON.name, *shown["speaker"]):
                speaker = _entity(entities.PERSON.name, *shown["speaker"], "speaker", here)
        published_on = datetime.date.fromisoformat(shown["date"]) if shown["date"] else None
        publication = shown["publication"]
        found.append(
            Hit(
                title=shown["title"],
                url=url,
                date=published_on,
                date_jalali=_format_date(published_on, shown["date_text"]),
                publication=publication[0] if publication else "",
                publication_url=url_of("publication", publication[1], here)
                if publication and slugs.linkable("publication", *publication)
                else "",
                snippets=[
                    mark_safe(s)  # noqa: S308 - cut_snippets escapes the text it marks
                    for s in cut_snippets(text, terms=terms, spans=raw.spans)
                ],
                people=_roles(entities.PERSON.name, shown["people"], here),
                organisations=_roles(entities.ORGANISATION.name, shown["organisations"], here),
                kind=kind,
                speaker=speaker,
                score=raw.score,
            )
        )
    return found


def _labels(name: str, slugs_shown: list[str], known: dict) -> dict[str, str]:
    """Return the names of the slugs a facet shows (those readers may see).

    `known` is kept as long as the index stays as it is (`RawPage.derived`): renaming,
    hiding or deleting a person, organisation or publication writes their articles to the
    index again, so a name remembered there is never stale.
    """
    missing = [slug for slug in slugs_shown if (name, slug) not in known]
    if missing:
        found = dict(_facet_objects(name).filter(slug__in=missing).values_list("slug", "name"))
        for slug in missing:
            known[name, slug] = found.get(slug)
    return {slug: known[name, slug] for slug in slugs_shown if known[name, slug] is not None}


def facets(groups: dict[str, dict], known: dict | None = None) -> dict[str, list[dict]]:
    """Return each facet's values with labels and counts, most frequent (or newest) first.

    `known` remembers labels from page to page (see `_labels`).
    """
    known = {} if known is None else known
    out: dict[str, list[dict]] = {}
    for name, counts in groups.items():
        counts = {k: v for k, v in counts.items() if k not in (None, "")}
        if name == "year":
            fa = get_language() == "fa"
            out[name] = [
                {"value": year, "label": to_persian_digits(year) if fa else str(year), "count": n}
                for year, n in sorted(counts.items(), reverse=True)
            ]
            continue
        top = heapq.nsmallest(FACET_LIMIT, counts.items(), key=lambda kv: (-kv[1], kv[0]))
        labels = _labels(name, [k for k, _ in top], known)
        out[name] = [
            {"value": slug, "label": labels[slug], "count": n} for slug, n in top if slug in labels
        ]
    return out
