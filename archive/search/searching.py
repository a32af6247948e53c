"""Full-text search over articles and interview turns.

`search()` is the one entry point for the search page and the JSON API. Queries are read
by `syntax.parse` and turned into the archive's query tree (`archive.search.query`), which
the engine evaluates (never through Whoosh's query parser, which splits on spaces before
analysis and can fail on malformed input). A page costs one index search and a fixed
handful of database queries, however many hits.
"""

import datetime
from dataclasses import dataclass
from itertools import pairwise

from archive import entities
from archive.models import NameVariant
from archive.search import query as q
from archive.search import results, syntax
from archive.search.engine import SearchRequest, engine
from archive.search.results import KIND_ARTICLE, KIND_TURN, SearchPage
from archive.text import jalali, persian

SORT_RELEVANCE = "relevance"
SORT_OLDEST = "date"
SORT_NEWEST = "-date"
SORTS = (SORT_RELEVANCE, SORT_OLDEST, SORT_NEWEST)
# Years below this are Jalali (1400), from it on Gregorian (2021).
GREGORIAN_FROM = jalali.GREGORIAN_FROM
# A query finding fewer documents than this gets a spelling suggestion, chosen among this many
# near spellings of each unknown word.
SUGGEST_BELOW = 3
SUGGESTION_CANDIDATES = 5
# The words typed together, side by side in the order typed, rank a document higher (هفت تپه
# above a lone هفت). Only side by side: adjacent words with a common one are looked up as pairs,
# without reading positions (see the Whoosh engine's PersianPairs); words apart would need them.
ADJACENT_BOOST = 6.0
# Related articles: up to this many of a title's words, each in at most this many documents.
RELATED_TERMS = 3
RELATED_MAX_FREQUENCY = 500


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
    date_from: datetime.date | None = None  # days, both included (Gregorian dates)
    date_to: datetime.date | None = None
    kind: str = ""  # "article", "turn", or "" for turns when a speaker is given, else articles
    sort: str = SORT_RELEVANCE
    page: int = 1
    per_page: int = 20


# Building the query tree


def _clause(clause: syntax.Clause) -> q.Query:
    # The text field holds the title too, so matching needs only the text; a title match
    # lifts the score (see _title_boost).
    if len(clause.terms) == 1:
        return q.Term("text", clause.terms[0])
    if clause.slop is None:
        return q.all_of([q.Term("text", t) for t in clause.terms])
    return q.Phrase("text", clause.terms, slop=clause.slop)


def _text_query(parsed: syntax.ParsedQuery) -> q.Query:
    if parsed.is_empty:
        found: q.Query = q.Every()
    else:
        found = q.all_of([q.any_of([_clause(c) for c in group]) for group in parsed.groups])
    if parsed.excluded:
        found = q.AndNot(found, q.Or(tuple(_clause(c) for c in parsed.excluded)))
    return found


def _title_boost(parsed: syntax.ParsedQuery) -> list[q.Query]:
    terms = sorted(set(parsed.positive_terms()))
    return [q.Or(tuple(q.Term("title", t) for t in terms))] if terms else []


def _proximity(parsed: syntax.ParsedQuery) -> list[q.Query]:
    return [q.Phrase("text", tuple(run), slop=1, boost=ADJACENT_BOOST) for run in parsed.runs]


def _year_start(year: int) -> datetime.date:
    if year < GREGORIAN_FROM:
        return jalali.year_bounds(year)[0]
    return datetime.date(year, 1, 1)


def _year_end(year: int) -> datetime.date:
    return _year_start(year + 1) - datetime.timedelta(days=1)


def effective_kind(query: SearchQuery) -> str:
    """Say which documents a query lists: turns when it asks who said something."""
    if query.kind:
        return query.kind
    return KIND_TURN if query.speaker else KIND_ARTICLE


def _filter_query(query: SearchQuery) -> q.Query:
    filters: list[q.Query] = [q.Term("kind", effective_kind(query))]
    for kind in entities.KINDS:
        slug = getattr(query, kind.name)
        if slug:
            filters.append(
                q.Term(kind.index_roles_field, f"{query.role}:{slug}")
                if query.role
                else q.Term(kind.index_field, slug)
            )
    if query.speaker:
        filters.append(q.Term("speakers", query.speaker))
    if query.publication:
        filters.append(q.Term("publication", query.publication))
    if query.year_from is not None or query.year_to is not None:
        start = _year_start(query.year_from) if query.year_from is not None else None
        end = _year_end(query.year_to) if query.year_to is not None else None
        filters.append(_days(start, end))
    if query.date_from is not None or query.date_to is not None:
        filters.append(_days(query.date_from, query.date_to))
    return q.all_of(filters)


def _days(start: datetime.date | None, end: datetime.date | None) -> q.DateRange:
    return q.DateRange(
        "date",
        datetime.datetime.combine(start, datetime.time.min) if start else None,
        datetime.datetime.combine(end, datetime.time.max) if end else None,
    )


def _found_anywhere(found, match: q.Query, filters: q.Query) -> bool:
    # In date order: nothing is scored (scoring reads every word's postings).
    request = SearchRequest(match, filter=filters, per_page=1, sort_by="date")
    return found.run(request).total > 0


def _better_word(found, words: list[str], i: int, filters: q.Query) -> str | None:
    """Return the indexed word likeliest meant for words[i], which the index lacks.

    Of the near spellings, the first written next to a neighbour the reader typed wins (حفت
    تپه is هفت تپه, not حق تپه); failing that, the nearest and commonest.
    """
    candidates = found.suggestions(words[i], limit=SUGGESTION_CANDIDATES)
    before = words[i - 1] if i > 0 and found.doc_frequency(words[i - 1]) else None
    after = words[i + 1] if i + 1 < len(words) and found.doc_frequency(words[i + 1]) else None
    if before is None and after is None:
        return candidates[0] if candidates else None
    for candidate in candidates:
        pairs = [(before, candidate)] if before else []
        pairs += [(candidate, after)] if after else []
        if any(_found_anywhere(found, q.Phrase("text", pair), filters) for pair in pairs):
            return candidate
    return candidates[0] if candidates else None


def _suggestion(parsed: syntax.ParsedQuery, typed: str, filters: q.Query) -> str | None:
    """Return the query with its unknown words respelt, if the respelt query finds anything."""
    found = engine()
    words = [term for _, term in parsed.words]
    suggestion = typed
    changed = False
    for i, (written, term) in enumerate(parsed.words):
        if found.doc_frequency(term) > 0:
            continue
        better = _better_word(found, words, i, filters)
        if better and better != term and written in suggestion:
            suggestion = suggestion.replace(written, better, 1)
            words[i] = better
            changed = True
    if not changed:
        return None
    suggestion = " ".join(suggestion.split())
    # Never propose what finds nothing, even where each word on its own is indexed.
    if not _found_anywhere(found, _text_query(syntax.parse(suggestion)), filters):
        return None
    return suggestion


def _with_name_variants(parsed: syntax.ParsedQuery) -> None:
    """Let each word or phrase also match the other spellings listed for it (داود, داوود).

    Two words typed side by side match too, as the spelling of a name written solid
    (زاگرس نیوز, زاگرسنیوز): that spelling is then an alternative to each of the two.
    """
    keys = {" ".join(c.terms) for group in parsed.groups for c in group}
    single = [g[0].terms[0] if len(g) == len(g[0].terms) == 1 else None for g in parsed.groups]
    pairs = [
        (i, f"{first} {second}")
        for i, (first, second) in enumerate(pairwise(single))
        if first and second
    ]
    keys.update(key for _, key in pairs)
    variants = NameVariant.objects.spellings_of(keys) if keys else {}
    for group in parsed.groups:
        for clause in list(group):
            for other in sorted(variants.get(" ".join(clause.terms), ())):
                group.append(syntax.Clause(tuple(other.split()), clause.slop))
    for i, key in pairs:
        for other in sorted(variants.get(key, ())):
            clause = syntax.Clause(tuple(other.split()))
            parsed.groups[i].append(clause)
            parsed.groups[i + 1].append(clause)


def query_terms(q: str) -> frozenset[str]:
    """Return the terms a query looks for (not those it excludes), to mark them in a text."""
    return frozenset(syntax.parse(q).positive_terms())


def search(query: SearchQuery) -> SearchPage:
    """Run a search: one page of hits with snippets, facet counts and a spelling suggestion."""
    parsed = syntax.parse(query.q)
    _with_name_variants(parsed)
    sort = query.sort
    if sort == SORT_RELEVANCE and parsed.is_empty:
        sort = SORT_NEWEST  # nothing to rank by: newest first
    terms = frozenset(parsed.positive_terms())
    filters = _filter_query(query)
    request = SearchRequest(
        _text_query(parsed),
        boosts=_title_boost(parsed),
        proximity=_proximity(parsed),
        filter=filters,
        sort_by=None if sort == SORT_RELEVANCE else "date",
        reverse=sort == SORT_NEWEST,
        page=query.page,
        per_page=query.per_page,
        facets=results.FACET_FIELDS,
        highlight_terms=sorted(terms),
    )
    raw = engine().run(request)
    suggestion = None
    if raw.total < SUGGEST_BELOW and parsed.words:
        suggestion = _suggestion(parsed, query.q, filters)
    return SearchPage(
        count=raw.total,
        hits=results.hits(raw.hits, terms),
        facets=results.facets(raw.facets, raw.derived),
        suggestion=suggestion,
        page=raw.page,
        per_page=query.per_page,
    )


def more_like(article_id: int, title: str, *, limit: int) -> list[int]:
    """Return the ids of the articles best matching the rarer words of a title, best first.

    Common words would make every article a neighbour; the few rarest words a title shares
    with other documents are what make two texts related. No snippets, facets or database
    queries: only the index is read.
    """
    found = engine()
    rated = []
    for term in set(persian.analyze(title)):
        frequency = found.doc_frequency(term)
        if 1 < frequency <= RELATED_MAX_FREQUENCY:
            rated.append((frequency, term))
    terms = [term for _, term in sorted(rated)[:RELATED_TERMS]]
    if not terms:
        return []
    request = SearchRequest(
        q.Or(tuple(q.Term("text", term) for term in terms)),
        filter=q.Term("kind", KIND_ARTICLE),
        per_page=limit + 1,
    )
    raw = found.run(request)
    ids = [int(hit.fields["django_id"]) for hit in raw.hits]
    return [pk for pk in ids if pk != article_id][:limit]
