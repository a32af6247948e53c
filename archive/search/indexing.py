"""Keep the search index in step with the database: the one route from saves to the index.

Saves and deletes only note which articles changed; the index is brought in line when the
transaction ends (a rolled-back import must not appear in search, and an import of one
article with fifty turns is one index write, not fifty). The Whoosh engine is written once
the transaction commits; the PostgreSQL engine just before it commits, in it (`pre_commit`,
sent by our PostgreSQL database backend), so the index and the articles commit together.
See docs/search.md and docs/scaling.md.
"""

import datetime
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from haystack.signals import BaseSignalProcessor

from archive import entities
from archive.entities import ORGANISATION, PERSON
from archive.models import Article, Publication, Turn
from archive.search.documents import ArticleIndex, TurnIndex
from archive.search.engine import IndexWrite, engine
from archive.search.engine.postgres.database import pre_commit
from archive.search.results import KIND_ARTICLE, KIND_TURN

# Articles per index write: big enough for two writer processes, small enough that an admin
# save waiting on the lock during an import waits seconds, not minutes.
INDEX_BATCH = 1000
# Articles read from the database at a time during a rebuild (one writer takes them all).
REBUILD_BATCH = 500
# A save stamped just before a rebuild starts may still be committing as it reads.
REBUILD_CLOCK_MARGIN = datetime.timedelta(seconds=5)

# Where else than in its roles each kind of entity shows on an article's documents.
_ALSO_SHOWN_AS = {PERSON: "turns__speaker", ORGANISATION: "publication__organisation"}
_ROLE_MODELS = tuple(kind.role_model for kind in entities.KINDS)

_pending = threading.local()


def _article_ids(sender, instance) -> set[int]:
    """Return the articles whose index documents show this instance."""
    if sender is Article:
        return {instance.pk}
    if sender is Turn or sender in _ROLE_MODELS:
        return {instance.article_id}
    if sender in (PERSON.model, ORGANISATION.model):
        kind = entities.kind_of(sender)
        in_roles = Q(**{f"{kind.article_roles}__{kind.field}": instance})
        articles = Article.objects.filter(in_roles | Q(**{_ALSO_SHOWN_AS[kind]: instance}))
    elif sender is Publication:
        articles = Article.objects.filter(publication=instance)
    else:
        return set()
    return set(articles.values_list("pk", flat=True).distinct())


def flush() -> None:
    """Index the articles noted since the last flush (runs after the commit)."""
    ids = getattr(_pending, "ids", set())
    if not ids:
        return
    _pending.ids = set()
    try:
        index_articles(ids)
    except BaseException:
        # Keep them for the next flush; the error still reaches the caller.
        _pending.ids = getattr(_pending, "ids", set()) | ids
        raise


def schedule(article_ids: set[int]) -> None:
    """Note articles to re-index once the current transaction commits."""
    if not article_ids:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids |= article_ids
    if not getattr(_pending, "deferred", 0):
        transaction.on_commit(flush)


def _before_commit(sender, connection, **kwargs) -> None:
    """Write the transaction's index changes in it, for an engine that writes in transactions."""
    if connection.alias != DEFAULT_DB_ALIAS or getattr(_pending, "discarding", 0):
        return
    if getattr(_pending, "ids", None) and getattr(engine(), "writes_in_transaction", False):
        flush()


pre_commit.connect(_before_commit)


@contextmanager
def deferred_indexing(*, discard: bool = False):
    """Hold the re-indexing that saves trigger until the block ends, then do it in one write.

    For bulk imports that commit article by article: without it, every commit is an index
    write of its own (an engine that writes in transactions still writes at each commit).
    With `discard`, the block's changes are not indexed at all (the caller
    rebuilds the index later). A failed write raises IndexUnavailable when the block ends,
    after the block's own commits: the database keeps them, `check_index --repair` indexes
    them.
    """
    depth = getattr(_pending, "deferred", 0)
    discarding = getattr(_pending, "discarding", 0)
    noted_before = set(getattr(_pending, "ids", set()))
    _pending.deferred = depth + 1
    _pending.discarding = discarding + discard
    try:
        yield
    finally:
        _pending.deferred = depth
        _pending.discarding = discarding
        if discard:
            _pending.ids = noted_before
        if depth == 0:
            transaction.on_commit(flush)


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Re-index an article and its turns after any change to it commits."""

    senders = (
        Article,
        Turn,
        *_ROLE_MODELS,
        *(kind.model for kind in entities.KINDS),
        Publication,
    )

    def setup(self):
        for sender in self.senders:
            post_save.connect(self.handle_save, sender=sender)
            post_delete.connect(self.handle_delete, sender=sender)

    def teardown(self):
        for sender in self.senders:
            post_save.disconnect(self.handle_save, sender=sender)
            post_delete.disconnect(self.handle_delete, sender=sender)

    def handle_save(self, sender, instance, **kwargs):
        if kwargs.get("raw"):  # loaddata: the index is rebuilt afterwards
            return
        schedule(_article_ids(sender, instance))

    def handle_delete(self, sender, instance, **kwargs):
        schedule(_article_ids(sender, instance))


# Writing to the index


def _documents(articles: Iterable[Article]) -> Iterator[dict]:
    """Yield the index documents of these articles and of their turns."""
    found = engine()
    article_index, turn_index = ArticleIndex(), TurnIndex()
    for article in articles:
        yield from found.prepare(article_index, [article])
        # Prefetched with the article (ArticleIndex.index_queryset), each turn's article
        # is this one, its people and organisations already read.
        yield from found.prepare(turn_index, article.turns.all())


def _articles():
    return ArticleIndex().index_queryset().order_by("pk")


def index_articles(article_ids: Iterable[int]) -> None:
    """Bring the index in line with the database for these articles and their turns.

    Articles that no longer exist are removed with their turns. Call it after imports that
    bypass model signals (bulk_create); saves and deletes call it after their commit.
    """
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), INDEX_BATCH):
        chunk = ids[i : i + INDEX_BATCH]

        # Read under the index lock: a save committed meanwhile is then written after this
        # write, never overwritten by what this one read before it.
        def prepare(chunk: list[int] = chunk) -> list[dict]:
            return list(_documents(_articles().filter(pk__in=chunk)))

        size = len(chunk) + Turn.objects.filter(article_id__in=chunk).count()
        # Deleting by article_id removes every older document of the chunk (turns too).
        change = IndexWrite(
            prepare=prepare,
            delete_terms=[("article_id", pk) for pk in chunk],
            size=size,
            replace=False,
        )
        engine().write(change)


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

    count = engine().rebuild(documents())
    # Saves and deletions made during the build were written to the index it replaced.
    changed = Article.objects.filter(updated_at__gte=started).values_list("pk", flat=True)
    index_articles(changed)
    remove_articles(built - set(Article.objects.values_list("pk", flat=True)))
    return count


def remove_articles(article_ids: Iterable[int]) -> None:
    """Remove these articles and their turns from the index."""
    engine().write(IndexWrite(delete_terms=[("article_id", pk) for pk in set(article_ids)]))


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
    for doc in engine().stored_documents():
        key = (doc["kind"], int(doc["django_id"]))
        seen.add(key)
        if key not in in_db:
            drift.orphaned.append((*key, doc["article_id"]))
        elif in_db[key][1] != doc.get("updated_at"):
            drift.stale.append((*key, in_db[key][0]))
    drift.missing = [(*key, value[0]) for key, value in in_db.items() if key not in seen]
    return drift


def repair_index(drift: IndexDrift) -> IndexDrift:
    """Re-index (or remove) the articles where the index and the database disagree.

    Return the drift that remains (none, unless the database changed meanwhile).
    """
    index_articles(drift.article_ids())
    return index_drift()
