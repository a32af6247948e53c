from django.core.management.base import BaseCommand, CommandError

from archive import linking
from archive.management.progress import ProgressBar
from archive.models import RelinkJob
from archive.search import IndexUnavailable

INDEX_FAILED = (
    "Re-linking stopped: the search index could not be updated: {error} "
    "Once it can be written, run `manage.py check_index --repair` and `manage.py relink` again."
)
RELINK_FAILED = "Re-linking failed ({error}). Run `manage.py relink` again once that is fixed."


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


class Command(BaseCommand):
    help = "Re-link every article to the known people and organisations it mentions."

    def handle(self, *args, **options):
        linking.request_relink(reason=RelinkJob.Reason.COMMAND, start=False)
        bar = ProgressBar(self.stderr, label="re-linking")
        # The job is marked failed and the failure logged in one line by linking.run_job:
        # what is expected to go wrong (a full disk, a locked database) ends in one line too.
        try:
            jobs = linking.run_pending_jobs(progress=bar.update)
        except IndexUnavailable as error:
            raise CommandError(INDEX_FAILED.format(error=_one_line(error))) from error
        except linking.EXPECTED_FAILURES as error:
            raise CommandError(RELINK_FAILED.format(error=_one_line(error))) from error
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
