"""Re-linking jobs: one pass re-linking every article, queued and run one at a time.

A job is requested after an entity or alias changes and processed by one worker at a time in
a background thread (or by `manage.py relink`).
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.db.models import Exists
from django.utils import timezone

from archive.linking import mentions
from archive.linking.mentions import Progress
from archive.models import RelinkJob
from archive.search import IndexUnavailable

logger = logging.getLogger(__name__)

# A running job that has not reported progress for this long died with its process.
STALE_AFTER = timedelta(minutes=10)
# Failures of the surroundings rather than of the code (the search index cannot be written,
# the database is locked or full): their message says what to fix, a traceback would bury it.
EXPECTED_FAILURES = (IndexUnavailable, DatabaseError)


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
        mentions.relink_all(progress=report)
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
