"""Link articles to the known people and organisations they mention.

Matching itself is `archive.text.names.EntityMatcher` (plain Python, the same normalisation as
search); this module feeds it the names from the database and writes `mentioned` rows.
Re-linking the whole archive runs as a `RelinkJob`: requested after an entity or alias
changes, processed by one worker at a time in a background thread (or by `manage.py relink`).
"""

import importlib.util
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.db.models import Count, Exists, Max
from django.utils import timezone

from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    RelinkJob,
)
from archive.search import IndexUnavailable
from archive.text.names import EntityMatcher

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

BATCH_SIZE = 500
# A running job that has not reported progress for this long died with its process.
STALE_AFTER = timedelta(minutes=10)
# Failures of the surroundings rather than of the code (the search index cannot be written,
# the database is locked or full): their message says what to fix, a traceback would bury it.
EXPECTED_FAILURES = (IndexUnavailable, DatabaseError)

PERSON_PREFIX = "p:"
ORGANISATION_PREFIX = "o:"

_cache_lock = threading.Lock()
_cached_matcher: EntityMatcher | None = None
_cached_version: tuple = ()


def entity_names() -> dict[str, list[str]]:
    """Return every person's and organisation's names and aliases, keyed "p:<id>" / "o:<id>"."""
    names: dict[str, list[str]] = {}
    for pk, name in Person.objects.values_list("pk", "name"):
        names[f"{PERSON_PREFIX}{pk}"] = [name]
    for pk, name in PersonAlias.objects.values_list("person_id", "name"):
        names.setdefault(f"{PERSON_PREFIX}{pk}", []).append(name)
    for pk, name in Organisation.objects.values_list("pk", "name"):
        names[f"{ORGANISATION_PREFIX}{pk}"] = [name]
    for pk, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
        names.setdefault(f"{ORGANISATION_PREFIX}{pk}", []).append(name)
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
        for model, field in (
            (Person, "updated_at"),
            (Organisation, "updated_at"),
            (PersonAlias, "pk"),
            (OrganisationAlias, "pk"),
        )
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
    people: set[int] = set()
    organisations: set[int] = set()
    for key in found:
        prefix, pk = key[:2], int(key[2:])
        (people if prefix == PERSON_PREFIX else organisations).add(pk)
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
    ids = list(found)
    mentioned_person = ArticlePerson.Role.MENTIONED
    mentioned_org = ArticleOrganisation.Role.MENTIONED
    have_people: dict[int, set[int]] = {pk: set() for pk in ids}
    have_orgs: dict[int, set[int]] = {pk: set() for pk in ids}
    if existing:
        for article_id, person_id in ArticlePerson.objects.filter(
            article_id__in=ids, role=mentioned_person
        ).values_list("article_id", "person_id"):
            have_people[article_id].add(person_id)
        for article_id, org_id in ArticleOrganisation.objects.filter(
            article_id__in=ids, role=mentioned_org
        ).values_list("article_id", "organisation_id"):
            have_orgs[article_id].add(org_id)

    new_people, new_orgs = [], []
    changed: set[int] = set()
    for article_id, (people, orgs) in found.items():
        if have_people[article_id] != people or have_orgs[article_id] != orgs:
            changed.add(article_id)
        if stale := have_people[article_id] - people:
            ArticlePerson.objects.filter(
                article_id=article_id, role=mentioned_person, person_id__in=stale
            ).delete()
        if stale := have_orgs[article_id] - orgs:
            ArticleOrganisation.objects.filter(
                article_id=article_id, role=mentioned_org, organisation_id__in=stale
            ).delete()
        new_people += [
            ArticlePerson(article_id=article_id, person_id=pk, role=mentioned_person)
            for pk in people - have_people[article_id]
        ]
        new_orgs += [
            ArticleOrganisation(article_id=article_id, organisation_id=pk, role=mentioned_org)
            for pk in orgs - have_orgs[article_id]
        ]
    # ignore_conflicts: a concurrent import may have written the same link a moment ago.
    ArticlePerson.objects.bulk_create(new_people, ignore_conflicts=True)
    ArticleOrganisation.objects.bulk_create(new_orgs, ignore_conflicts=True)
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
    """Re-index articles whose links changed, through the search service when there is one."""
    if article_ids and importlib.util.find_spec("archive.search") is not None:
        from archive import search

        index_articles = getattr(search, "index_articles", None)
        if index_articles is not None:
            index_articles(sorted(article_ids))


# --- re-linking jobs -------------------------------------------------------------------------


def request_relink(
    *, reason: str = "", reason_args: dict[str, str] | None = None, start: bool = True
) -> RelinkJob:
    """Queue a re-link of the archive and, once the caller's transaction commits, start it.

    `reason` is a `RelinkJob.Reason` code, shown in the editor's language with the names in
    `reason_args`. `start=False` leaves the job for the caller (e.g. `manage.py relink`) to run.
    """
    # One waiting job covers every change made before it starts: don't queue another.
    job = RelinkJob.objects.filter(status=RelinkJob.Status.PENDING).first()
    if job is None:
        job = RelinkJob.objects.create(reason=reason[:200], reason_args=reason_args or {})
    if start:
        transaction.on_commit(start_worker)
    return job


def start_worker() -> None:
    """Process waiting jobs in a background thread, or right here when configured so."""
    if settings.ARCHIVE_RELINK_IN_BACKGROUND:
        threading.Thread(target=_worker_thread, name="archive-relink", daemon=True).start()
    else:
        run_pending_jobs()


def _worker_thread() -> None:
    try:
        run_pending_jobs()
    except Exception:
        logger.exception("re-linking worker failed")
    finally:
        close_old_connections()


def _fail_stale_jobs() -> None:
    RelinkJob.objects.filter(
        status=RelinkJob.Status.RUNNING, heartbeat_at__lt=timezone.now() - STALE_AFTER
    ).update(status=RelinkJob.Status.FAILED, error="stopped reporting progress")


def claim_job() -> RelinkJob | None:
    """Mark the oldest waiting job as running, unless another job is already running."""
    _fail_stale_jobs()
    with transaction.atomic():
        # The row lock serialises workers on PostgreSQL; on SQLite the single conditional
        # UPDATE below is atomic by itself.
        waiting = list(
            RelinkJob.objects.select_for_update()
            .filter(status__in=[RelinkJob.Status.PENDING, RelinkJob.Status.RUNNING])
            .order_by("created_at", "pk")
            .values_list("pk", "status")
        )
        pending = [pk for pk, status in waiting if status == RelinkJob.Status.PENDING]
        if not pending or any(status == RelinkJob.Status.RUNNING for _, status in waiting):
            return None
        now = timezone.now()
        claimed = (
            RelinkJob.objects.filter(pk=pending[0], status=RelinkJob.Status.PENDING)
            .exclude(Exists(RelinkJob.objects.filter(status=RelinkJob.Status.RUNNING)))
            .update(status=RelinkJob.Status.RUNNING, started_at=now, heartbeat_at=now)
        )
        if not claimed:
            return None
        # Every change that queued a waiting job is covered by this pass.
        RelinkJob.objects.filter(status=RelinkJob.Status.PENDING).exclude(pk=pending[0]).update(
            status=RelinkJob.Status.DONE,
            finished_at=now,
            reason=RelinkJob.Reason.COVERED,
            reason_args={},
        )
    return RelinkJob.objects.get(pk=pending[0])


def run_job(job: RelinkJob, *, progress: Progress | None = None) -> RelinkJob:
    """Run a claimed job to the end, recording its progress as it goes."""

    def report(done: int, total: int) -> None:
        RelinkJob.objects.filter(pk=job.pk).update(
            done=done, total=total, heartbeat_at=timezone.now()
        )
        if progress:
            progress(done, total)

    try:
        relink_all(progress=report)
    except Exception as error:
        if isinstance(error, EXPECTED_FAILURES):
            logger.error("re-linking job %s failed: %s", job.pk, error)
        else:
            logger.exception("re-linking job %s failed", job.pk)
        RelinkJob.objects.filter(pk=job.pk).update(
            status=RelinkJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    RelinkJob.objects.filter(pk=job.pk).update(
        status=RelinkJob.Status.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def run_pending_jobs(*, progress: Progress | None = None) -> list[RelinkJob]:
    """Run waiting jobs one after another until none is left; return the jobs run."""
    ran = []
    while (job := claim_job()) is not None:
        ran.append(run_job(job, progress=progress))
    return ran


def running_job() -> RelinkJob | None:
    """Return the job in progress or waiting, for showing its progress."""
    return (
        RelinkJob.objects.filter(status__in=[RelinkJob.Status.RUNNING, RelinkJob.Status.PENDING])
        .order_by("-status", "created_at")  # "running" sorts after "pending": show it first
        .first()
    )


def connect_signals() -> None:
    """Drop the cached matcher whenever a name could have changed."""
    from django.db.models.signals import post_delete, post_save

    for model in (Person, Organisation, PersonAlias, OrganisationAlias):
        post_save.connect(invalidate_matcher, sender=model, dispatch_uid=f"matcher-save-{model}")
        post_delete.connect(invalidate_matcher, sender=model, dispatch_uid=f"matcher-del-{model}")
