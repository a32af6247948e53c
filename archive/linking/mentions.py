"""Link articles to the known people and organisations they mention.

Matching itself is `archive.text.names.EntityMatcher` (plain Python, the same normalisation as
search); this module feeds it the names from the database and writes `mentioned` rows.
Re-linking the whole archive (`relink_all`) runs as a job: see `archive.linking.jobs`.
"""

import threading
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count, Max

from archive import search
from archive.entities import KINDS, EntityKind
from archive.models import Article
from archive.text.names import EntityMatcher

Progress = Callable[[int, int], None]

BATCH_SIZE = 500
_BY_PREFIX = {kind.matcher_prefix: kind for kind in KINDS}

_cache_lock = threading.Lock()
_cached_matcher: EntityMatcher | None = None
_cached_version: tuple = ()


def entity_names() -> dict[str, list[str]]:
    """Return the public people's and organisations' names and aliases, keyed "p:<id>" / "o:<id>".

    Names proposed by the importer and not yet accepted link nothing: a label like «انجمن»
    would otherwise attach itself to every text that says «انجمن صنفی».
    """
    names: dict[str, list[str]] = {}
    for kind in KINDS:
        prefix = kind.matcher_prefix
        for pk, name in kind.model.objects.public().values_list("pk", "name"):
            names[f"{prefix}{pk}"] = [name]
        public_aliases = kind.alias_model.objects.filter(**{f"{kind.field}__is_public": True})
        for pk, name in public_aliases.values_list(kind.id_field, "name"):
            names.setdefault(f"{prefix}{pk}", []).append(name)
    return names


def build_matcher() -> EntityMatcher:
    return EntityMatcher(entity_names())


def names_version() -> tuple:
    """Return a cheap summary of the known names that changes whenever any of them does.

    Signals only reach this process and never see a rolled-back transaction; this check makes
    a cached matcher safe when another process (or a rollback) changed the names.
    """
    return tuple(
        tuple(model.objects.aggregate(n=Count("pk"), last=Max(field)).values())
        for kind in KINDS
        for model, field in ((kind.model, "updated_at"), (kind.alias_model, "pk"))
    )


def get_matcher() -> EntityMatcher:
    """Return this process's matcher, rebuilt whenever the known names have changed."""
    global _cached_matcher, _cached_version
    version = names_version()
    with _cache_lock:
        if _cached_matcher is None or version != _cached_version:
            _cached_matcher, _cached_version = build_matcher(), version
        return _cached_matcher


def invalidate_matcher(**_signal_kwargs) -> None:
    """Forget the cached matcher (connected to saves and deletes of entities and aliases)."""
    global _cached_matcher
    with _cache_lock:
        _cached_matcher = None


def split_mentions(found: Iterable[str]) -> tuple[set[int], set[int]]:
    """Turn matcher keys ("p:<id>", "o:<id>") into person ids and organisation ids."""
    ids: dict[EntityKind, set[int]] = {kind: set() for kind in KINDS}
    for key in found:
        prefix, pk = key[:2], int(key[2:])
        ids[_BY_PREFIX[prefix]].add(pk)
    people, organisations = (ids[kind] for kind in KINDS)
    return people, organisations


def find_mentions(text: str, matcher: EntityMatcher) -> tuple[set[int], set[int]]:
    """Return the ids of the people and of the organisations named in `text`."""
    return split_mentions(matcher.find(text))


def _article_text(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


def link_article(
    article: Article, *, matcher: EntityMatcher | None = None, new: bool = False
) -> tuple[set[int], set[int]]:
    """Make the article's `mentioned` links exactly the known names its text contains.

    `new=True` says the article has no links yet, which saves two queries per import.
    """
    found = find_mentions(_article_text(article.title, article.body), matcher or get_matcher())
    _write_mentions({article.pk: found}, existing=not new)
    return found


def write_mentions(article: Article, found: Iterable[str], *, new: bool = False) -> None:
    """Link the article to the entities whose matcher keys were found in it (elsewhere)."""
    _write_mentions({article.pk: split_mentions(found)}, existing=not new)


def _write_mentions(
    found: dict[int, tuple[set[int], set[int]]], *, existing: bool = True
) -> set[int]:
    """Replace the `mentioned` rows of these articles; return the ids of those that changed."""
    changed: set[int] = set()
    for i, kind in enumerate(KINDS):
        ids = {article_id: entities[i] for article_id, entities in found.items()}
        changed |= _write_kind_mentions(kind, ids, existing=existing)
    return changed


def _write_kind_mentions(
    kind: EntityKind, found: dict[int, set[int]], *, existing: bool
) -> set[int]:
    role = kind.role_model.Role.MENTIONED
    rows = kind.role_model.objects
    have: dict[int, set[int]] = {pk: set() for pk in found}
    if existing:
        linked = rows.filter(article_id__in=list(found), role=role)
        for article_id, entity_id in linked.values_list("article_id", kind.id_field):
            have[article_id].add(entity_id)
    new_rows = []
    changed: set[int] = set()
    for article_id, entities in found.items():
        if have[article_id] != entities:
            changed.add(article_id)
        if stale := have[article_id] - entities:
            rows.filter(
                article_id=article_id, role=role, **{f"{kind.id_field}__in": stale}
            ).delete()
        new_rows += [
            kind.role_model(article_id=article_id, role=role, **{kind.id_field: pk})
            for pk in entities - have[article_id]
        ]
    # ignore_conflicts: a concurrent import may have written the same link a moment ago.
    rows.bulk_create(new_rows, ignore_conflicts=True)
    return changed


def relink_all(*, progress: Progress | None = None, batch_size: int | None = None) -> int:
    """Re-link every article against a freshly built matcher; return the number of articles."""
    batch_size = batch_size or BATCH_SIZE
    matcher = build_matcher()
    total = Article.objects.count()
    done = 0
    last_pk = 0
    if progress:
        progress(done, total)
    while True:
        batch = list(
            Article.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "title", "body")[:batch_size]
        )
        if not batch:
            break
        with transaction.atomic():
            changed = _write_mentions(
                {
                    pk: find_mentions(_article_text(title, body), matcher)
                    for pk, title, body in batch
                }
            )
        # bulk_create and queryset deletes send no signals: the changed articles go to the
        # search index here, as the importer's do.
        index_changed(changed)
        last_pk = batch[-1][0]
        done += len(batch)
        if progress:
            progress(done, max(total, done))
    return done


def index_changed(article_ids: set[int]) -> None:
    """Re-index the articles whose links changed."""
    if article_ids:
        search.index_articles(sorted(article_ids))


def connect_signals() -> None:
    """Drop the cached matcher whenever a name could have changed."""
    from django.db.models.signals import post_delete, post_save

    for model in (model for kind in KINDS for model in (kind.model, kind.alias_model)):
        post_save.connect(invalidate_matcher, sender=model, dispatch_uid=f"matcher-save-{model}")
        post_delete.connect(invalidate_matcher, sender=model, dispatch_uid=f"matcher-del-{model}")
