from django.core.management.base import BaseCommand

from archive import linking
from archive.management.progress import ProgressBar
from archive.models import RelinkJob


class Command(BaseCommand):
    help = "Re-link every article to the known people and organisations it mentions."

    def handle(self, *args, **options):
        linking.request_relink(reason=RelinkJob.Reason.COMMAND, start=False)
        bar = ProgressBar(self.stderr, label="re-linking")
        jobs = linking.run_pending_jobs(progress=bar.update)
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
