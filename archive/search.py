"""Full-text search over articles and interview turns, and keeping the index in step.

`search()` is the one entry point for the search page and the JSON API. Queries are read
by `search_syntax.parse` and turned into Whoosh queries directly (never through Whoosh's
query parser, which splits on spaces before analysis and can fail on malformed input).
A page costs one index search and a fixed handful of database queries, however many hits.
"""

import datetime
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import jdatetime
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from whoosh import query as wq

from . import persian, search_syntax, slugs
from .jalali import format_jalali, to_persian_digits
from .models import (
    Article,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    Turn,
)
from .snippets import snippets as cut_snippets
from .whoosh_backend import backend

KIND_ARTICLE = "article"
KIND_TURN = "turn"
KINDS = (KIND_ARTICLE, KIND_TURN)
SORT_RELEVANCE = "relevance"
SORT_OLDEST = "date"
SORT_NEWEST = "-date"
SORTS = (SORT_RELEVANCE, SORT_OLDEST, SORT_NEWEST)
# Years below this are Jalali (1400), from it on Gregorian (2021).
GREGORIAN_FROM = 1700
# A query finding fewer documents than this gets a spelling suggestion.
SUGGEST_BELOW = 3
FACET_LIMIT = 30
# Facet name -> index field.
FACET_FIELDS = {
    "person": "people",
    "organisation": "organisations",
    "publication": "publication",
    "year": "year",
}
# A phrase of the words typed together, within this many words, ranks a document higher.
PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 2.0
# Related articles: up to this many of a title's words, each in at most this many documents.
RELATED_TERMS = 3
RELATED_MAX_FREQUENCY = 500
# Articles per index write: big enough for two writer processes, small enough that an admin
# save waiting on the lock during an import waits seconds, not minutes.
INDEX_BATCH = 1000
# Articles read from the database at a time during a rebuild (one writer takes them all).
REBUILD_BATCH = 500
# A save stamped just before a rebuild starts may still be committing as it reads.
REBUILD_CLOCK_MARGIN = datetime.timedelta(seconds=5)

_ROLE_ORDER = {role: i for i, role in enumerate(["author", "publisher", "host", "speaker"])}


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    person: str = ""  # slugs
    organisation: str = ""
    role: str = ""  # narrows the person/organisation filter to one role
    speaker: str = ""
    publication: str = ""
    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""  # "article", "turn", or "" for turns when a speaker is given, else articles
    sort: str = SORT_RELEVANCE
    page: int = 1
    per_page: int = 20


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


# Building the Whoosh query


def _clause(clause: search_syntax.Clause) -> wq.Query:
    # The text field holds the title too, so matching needs only the text; a title match
    # lifts the score (see _title_boost).
    if len(clause.terms) == 1:
        return wq.Term("text", clause.terms[0])
    return wq.Phrase("text", list(clause.terms))


def _text_query(parsed: search_syntax.ParsedQuery) -> wq.Query:
    if parsed.is_empty:
        q: wq.Query = wq.Every()
    else:
        groups = [
            _clause(group[0]) if len(group) == 1 else wq.Or([_clause(c) for c in group])
            for group in parsed.groups
        ]
        q = groups[0] if len(groups) == 1 else wq.And(groups)
    if parsed.excluded:
        q = wq.AndNot(q, wq.Or([_clause(c) for c in parsed.excluded]))
    return q


def _title_boost(parsed: search_syntax.ParsedQuery) -> list[wq.Query]:
    terms = sorted(set(parsed.positive_terms()))
    return [wq.Or([wq.Term("title", t) for t in terms])] if terms else []


def _proximity(parsed: search_syntax.ParsedQuery) -> list[wq.Query]:
    return [
        wq.Phrase("text", list(run), slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
        for run in parsed.runs
    ]


def _year_start(year: int) -> datetime.date:
    if year < GREGORIAN_FROM:
        return jdatetime.date(year, 1, 1).togregorian()
    return datetime.date(year, 1, 1)


def _year_end(year: int) -> datetime.date:
    return _year_start(year + 1) - datetime.timedelta(days=1)


def effective_kind(query: SearchQuery) -> str:
    """Say which documents a query lists: turns when it asks who said something."""
    if query.kind:
        return query.kind
    return KIND_TURN if query.speaker else KIND_ARTICLE


def _filter_query(query: SearchQuery) -> wq.Query:
    filters: list[wq.Query] = [wq.Term("kind", effective_kind(query))]
    if query.person:
        filters.append(
            wq.Term("person_roles", f"{query.role}:{query.person}")
            if query.role
            else wq.Term("people", query.person)
        )
    if query.organisation:
        filters.append(
            wq.Term("organisation_roles", f"{query.role}:{query.organisation}")
            if query.role
            else wq.Term("organisations", query.organisation)
        )
    if query.speaker:
        filters.append(wq.Term("speakers", query.speaker))
    if query.publication:
        filters.append(wq.Term("publication", query.publication))
    if query.year_from is not None or query.year_to is not None:
        start = _year_start(query.year_from) if query.year_from is not None else None
        end = _year_end(query.year_to) if query.year_to is not None else None
        filters.append(
            wq.DateRange(
                "date",
                datetime.datetime.combine(start, datetime.time.min) if start else None,
                datetime.datetime.combine(end, datetime.time.max) if end else None,
            )
        )
    return filters[0] if len(filters) == 1 else wq.And(filters)


# Turning index hits into results


def _format_date(published_on: datetime.date | None, date_text: str) -> str:
    if published_on is None:
        return date_text
    return format_jalali(published_on, lang="fa" if get_language() == "fa" else "en")


@lru_cache(maxsize=1 << 14)
def _url(view: str, slug: str, language: str, prefix: str) -> str:
    # Hits repeat the same people, organisations and publications page after page.
    return reverse(f"archive:{view}", kwargs={"slug": slug})


def url_of(view: str, slug: str) -> str:
    """Return reverse("archive:<view>", slug=slug), remembered for the language and prefix."""
    return _url(view, slug, get_language(), get_script_prefix())


def _entity(kind: str, name: str, slug: str, role: str) -> dict:
    return {"name": name, "slug": slug, "url": url_of(kind, slug), "role": role}


def _roles(kind: str, rows: list[list[str]]) -> list[dict]:
    rows = sorted(rows, key=lambda r: (_ROLE_ORDER.get(r[2], 9), r[0]))
    # The index keeps copies of slugs: one indexed before the row was repaired has no page.
    return [
        _entity(kind, name, slug, role)
        for name, slug, role in rows
        if slugs.linkable(kind, name, slug)
    ]


def _hits(raw_hits, terms: frozenset[str]) -> list[Hit]:
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
    hits = []
    for raw in raw_hits:
        kind = raw.fields["kind"]
        text = texts[kind].get(int(raw.fields["django_id"]))
        if text is None:  # deleted since it was indexed; check_index repairs the index
            continue
        shown = json.loads(raw.fields["display"])
        if not slugs.linkable("article", shown["title"], shown["slug"]):
            continue
        url = url_of("article", shown["slug"])
        speaker = None
        if kind == KIND_TURN:
            url += f"#turn-{shown['position']}"
            if slugs.linkable("person", *shown["speaker"]):
                speaker = _entity("person", *shown["speaker"], "speaker")
        published_on = datetime.date.fromisoformat(shown["date"]) if shown["date"] else None
        publication = shown["publication"]
        hits.append(
            Hit(
                title=shown["title"],
                url=url,
                date=published_on,
                date_jalali=_format_date(published_on, shown["date_text"]),
                publication=publication[0] if publication else "",
                publication_url=url_of("publication", publication[1])
                if publication and slugs.linkable("publication", *publication)
                else "",
                snippets=[
                    mark_safe(s)  # noqa: S308 - cut_snippets escapes the text it marks
                    for s in cut_snippets(text, terms=terms, spans=raw.spans)
                ],
                people=_roles("person", shown["people"]),
                organisations=_roles("organisation", shown["organisations"]),
                kind=kind,
                speaker=speaker,
                score=raw.score,
            )
        )
    return hits


def _facets(groups: dict[str, dict]) -> dict[str, list[dict]]:
    models = {"person": Person, "organisation": Organisation, "publication": Publication}
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
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
        labels = dict(
            models[name].objects.filter(slug__in=[k for k, _ in top]).values_list("slug", "name")
        )
        out[name] = [
            {"value": slug, "label": labels[slug], "count": n} for slug, n in top if slug in labels
        ]
    return out


def _suggestion(parsed: search_syntax.ParsedQuery, q: str) -> str | None:
    engine = backend()
    suggestion = q
    changed = False
    for word, term in parsed.words:
        if engine.doc_frequency(term) > 0:
            continue
        better = engine.suggest(term)
        if better and better != term:
            suggestion = suggestion.replace(word, better, 1)
            changed = True
    return " ".join(suggestion.split()) if changed else None


def search(query: SearchQuery) -> SearchPage:
    """Run a search: one page of hits with snippets, facet counts and a spelling suggestion."""
    parsed = search_syntax.parse(query.q)
    sort = query.sort
    if sort == SORT_RELEVANCE and parsed.is_empty:
        sort = SORT_NEWEST  # nothing to rank by: newest first
    terms = frozenset(parsed.positive_terms())
    raw = backend().run(
        _text_query(parsed),
        boosts=_title_boost(parsed),
        proximity=_proximity(parsed),
        filter_query=_filter_query(query),
        sortedby=None if sort == SORT_RELEVANCE else "date",
        reverse=sort == SORT_NEWEST,
        page=query.page,
        per_page=query.per_page,
        facets=FACET_FIELDS,
        highlight_terms=sorted(terms),
    )
    suggestion = None
    if raw.total < SUGGEST_BELOW and parsed.words:
        suggestion = _suggestion(parsed, query.q)
    return SearchPage(
        count=raw.total,
        hits=_hits(raw.hits, terms),
        facets=_facets(raw.facets),
        suggestion=suggestion,
        page=raw.page,
        per_page=query.per_page,
    )


# Articles sharing words


def more_like(article_id: int, title: str, *, limit: int) -> list[int]:
    """Return the ids of the articles best matching the rarer words of a title, best first.

    Common words would make every article a neighbour; the few rarest words a title shares
    with other documents are what make two texts related. No snippets, facets or database
    queries: only the index is read.
    """
    engine = backend()
    rated = []
    for term in set(persian.analyze(title)):
        frequency = engine.doc_frequency(term)
        if 1 < frequency <= RELATED_MAX_FREQUENCY:
            rated.append((frequency, term))
    terms = [term for _, term in sorted(rated)[:RELATED_TERMS]]
    if not terms:
        return []
    raw = engine.run(
        wq.Or([wq.Term("text", term) for term in terms]),
        filter_query=wq.Term("kind", KIND_ARTICLE),
        per_page=limit + 1,
    )
    found = [int(hit.fields["django_id"]) for hit in raw.hits]
    return [pk for pk in found if pk != article_id][:limit]


# Autocomplete


@lru_cache(maxsize=1 << 14)
def _key(name: str) -> str:
    return persian.normalize(name)


def autocomplete(prefix: str, *, limit: int = 10) -> list[dict]:
    """Return people and organisations whose name or alias starts with the prefix."""
    key = _key(prefix[:100])
    if not key:
        return []
    compact = key.replace(" ", "")
    candidates: list[tuple[str, str, str, str]] = []  # (kind, slug, name, matched name)
    for slug, name in Person.objects.values_list("slug", "name"):
        candidates.append(("person", slug, name, name))
    for slug, name, alias in PersonAlias.objects.values_list(
        "person__slug", "person__name", "name"
    ):
        candidates.append(("person", slug, name, alias))
    for slug, name in Organisation.objects.values_list("slug", "name"):
        candidates.append(("organisation", slug, name, name))
    for slug, name, alias in OrganisationAlias.objects.values_list(
        "organisation__slug", "organisation__name", "name"
    ):
        candidates.append(("organisation", slug, name, alias))

    best: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, slug, name, matched in candidates:
        normal = _key(matched)
        if normal.startswith(key) or normal.replace(" ", "").startswith(compact):
            rank = 0
        elif any(word.startswith(key) for word in normal.split()[1:]):
            rank = 1
        else:
            continue
        if (kind, slug) not in best or rank < best[(kind, slug)][0]:
            best[(kind, slug)] = (rank, name)
    ordered = sorted(best.items(), key=lambda kv: (kv[1][0], len(kv[1][1]), kv[1][1]))
    return [
        {
            "name": name,
            "slug": slug,
            "url": reverse(f"archive:{kind}", kwargs={"slug": slug}),
            "kind": kind,
        }
        for (kind, slug), (_, name) in ordered[:limit]
    ]


# Keeping the index in step with the database


def _documents(articles: Iterable[Article]) -> Iterator[dict]:
    """Yield the index documents of these articles and of their turns."""
    from .search_indexes import ArticleIndex, TurnIndex

    engine = backend()
    article_index, turn_index = ArticleIndex(), TurnIndex()
    for article in articles:
        yield from engine.prepare(article_index, [article])
        # Prefetched with the article (ArticleIndex.index_queryset), each turn's article
        # is this one, its people and organisations already read.
        yield from engine.prepare(turn_index, article.turns.all())


def _articles():
    from .search_indexes import ArticleIndex

    return ArticleIndex().index_queryset().order_by("pk")


def index_articles(article_ids: Iterable[int]) -> None:
    """Bring the index in line with the database for these articles and their turns.

    Articles that no longer exist are removed with their turns. Call it after imports that
    bypass model signals (bulk_create); saves and deletes call it after their commit.
    """
    ids = sorted(set(article_ids))
    engine = backend()
    for i in range(0, len(ids), INDEX_BATCH):
        chunk = ids[i : i + INDEX_BATCH]

        # Read under the index lock: a save committed meanwhile is then written after this
        # write, never overwritten by what this one read before it.
        def prepare(chunk: list[int] = chunk) -> list[dict]:
            return list(_documents(_articles().filter(pk__in=chunk)))

        size = len(chunk) + Turn.objects.filter(article_id__in=chunk).count()
        # Deleting by article_id removes every older document of the chunk (turns too).
        engine.write(
            prepare=prepare,
            delete_terms=[("article_id", pk) for pk in chunk],
            size=size,
            replace=False,
        )


def rebuild_index(*, batch_size: int = REBUILD_BATCH, progress=None) -> int:
    """Index every article and turn afresh; return the number of documents.

    The new index is built beside the live one and swapped in (searches meanwhile see the
    old one whole, and saves do not wait): what was saved or deleted during the build is
    then indexed again. `progress(articles)`, if given, is called as each batch of articles
    is handed to the writer. Use it after changing the analyzer or the indexed fields.
    """
    started = timezone.now() - REBUILD_CLOCK_MARGIN
    built: set[int] = set()

    def documents() -> Iterator[dict]:
        done = last = 0
        while batch := list(_articles().filter(pk__gt=last)[:batch_size]):
            yield from _documents(batch)
            built.update(article.pk for article in batch)
            done, last = done + len(batch), batch[-1].pk
            if progress is not None:
                progress(done)

    count = backend().rebuild(documents())
    # Saves and deletions made during the build were written to the index it replaced.
    changed = Article.objects.filter(updated_at__gte=started).values_list("pk", flat=True)
    index_articles(changed)
    remove_articles(built - set(Article.objects.values_list("pk", flat=True)))
    return count


def remove_articles(article_ids: Iterable[int]) -> None:
    """Remove these articles and their turns from the index."""
    backend().write([], delete_terms=[("article_id", pk) for pk in set(article_ids)])


@dataclass
class IndexDrift:
    """Documents where the index and the database disagree, as (kind, pk, article_id)."""

    missing: list[tuple[str, int, int]] = field(default_factory=list)  # in the database only
    orphaned: list[tuple[str, int, int]] = field(default_factory=list)  # in the index only
    stale: list[tuple[str, int, int]] = field(default_factory=list)  # changed since indexed

    def __bool__(self) -> bool:
        return bool(self.missing or self.orphaned or self.stale)

    def article_ids(self) -> set[int]:
        return {article_id for _, _, article_id in self.missing + self.orphaned + self.stale}


def index_drift() -> IndexDrift:
    """Compare every article and turn in the database with the index."""
    in_db: dict[tuple[str, int], tuple[int, datetime.datetime]] = {}
    for pk, updated_at in Article.objects.values_list("pk", "updated_at").iterator():
        in_db[(KIND_ARTICLE, pk)] = (pk, updated_at)
    turns = Turn.objects.values_list("pk", "article_id", "article__updated_at")
    for pk, article_id, updated_at in turns.iterator():
        in_db[(KIND_TURN, pk)] = (article_id, updated_at)

    drift = IndexDrift()
    seen: set[tuple[str, int]] = set()
    for doc in backend().stored_documents():
        key = (doc["kind"], int(doc["django_id"]))
        seen.add(key)
        if key not in in_db:
            drift.orphaned.append((*key, doc["article_id"]))
        elif in_db[key][1] != doc.get("updated_at"):
            drift.stale.append((*key, in_db[key][0]))
    drift.missing = [(*key, value[0]) for key, value in in_db.items() if key not in seen]
    return drift
