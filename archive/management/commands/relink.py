from django.core.management.base import CommandError

from archive import linking
from archive.management.base import ArchiveCommand, one_line
from archive.management.progress import ProgressBar
from archive.models import RelinkJob
from archive.search import IndexUnavailable

RELINK_FAILED = "Re-linking failed ({error}). Run `manage.py relink` again once that is fixed."


class Command(ArchiveCommand):
    help = "Re-link every article to the known people and organisations it mentions."
    # Links re-linking saved are not indexed when the index fails (INDEX_NOT_UPDATED).
    saves = relinks = True

    def handle(self, *args, **options):
        linking.request_relink(reason=RelinkJob.Reason.COMMAND, start=False)
        bar = ProgressBar(self.stderr, label="re-linking")
        # The job is marked failed and the failure logged in one line by linking.run_job:
        # what is expected to go wrong (a full disk, a locked database) ends in one line too,
        # an unwritable index through ArchiveCommand.
        try:
            jobs = linking.run_pending_jobs(progress=bar.update)
        except IndexUnavailable:
            raise  # ArchiveCommand says what is saved but not indexed
        except linking.EXPECTED_FAILURES as error:
            raise CommandError(RELINK_FAILED.format(error=one_line(error))) from error
        finally:
            bar.clear_line()
        if not jobs:
            running = linking.running_job()
            self.stdout.write(
                "Another re-linking job is running"
                + (f" ({running.done}/{running.total})" if running else "")
                + "; the waiting job will run when it ends."
            )
            return
        self.stdout.write(f"re-linked {jobs[-1].done} article(s)")
