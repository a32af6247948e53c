"""Keep the search index in step with the database: the one route from saves to the index.

Saves and deletes only note which articles changed; the index is brought in line once the
transaction commits (a rolled-back import must not appear in search, and an import of one
article with fifty turns is one index write, not fifty). See docs/search.md.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from haystack.signals import BaseSignalProcessor

from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    Person,
    Publication,
    Turn,
)

_pending = threading.local()


def _article_ids(sender, instance) -> set[int]:
    """Return the articles whose index documents show this instance."""
    if sender is Article:
        return {instance.pk}
    if sender in (Turn, ArticlePerson, ArticleOrganisation):
        return {instance.article_id}
    if sender is Person:
        articles = Article.objects.filter(
            Q(person_roles__person=instance) | Q(turns__speaker=instance)
        )
    elif sender is Organisation:
        articles = Article.objects.filter(
            Q(organisation_roles__organisation=instance) | Q(publication__organisation=instance)
        )
    elif sender is Publication:
        articles = Article.objects.filter(publication=instance)
    else:
        return set()
    return set(articles.values_list("pk", flat=True).distinct())


def flush() -> None:
    """Index the articles noted since the last flush (runs after the commit)."""
    from archive import search

    ids = getattr(_pending, "ids", set())
    if not ids:
        return
    _pending.ids = set()
    try:
        search.index_articles(ids)
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


@contextmanager
def deferred_indexing(*, discard: bool = False):
    """Hold the re-indexing that saves trigger until the block ends, then do it in one write.

    For bulk imports that commit article by article: without it, every commit is an index
    write of its own. With `discard`, the block's changes are not indexed at all (the caller
    rebuilds the index later). A failed write raises IndexUnavailable when the block ends,
    after the block's own commits: the database keeps them, `check_index --repair` indexes
    them.
    """
    depth = getattr(_pending, "deferred", 0)
    noted_before = set(getattr(_pending, "ids", set()))
    _pending.deferred = depth + 1
    try:
        yield
    finally:
        _pending.deferred = depth
        if discard:
            _pending.ids = noted_before
        if depth == 0:
            transaction.on_commit(flush)


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Re-index an article and its turns after any change to it commits."""

    senders = (Article, Turn, ArticlePerson, ArticleOrganisation, Person, Organisation, Publication)

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
