"""Re-linking jobs in the admin: read-only, to follow their progress."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin.dates import jalali_column, page_digits
from archive.models import RelinkJob


def job_progress(job: RelinkJob) -> str:
    """«۴۰٪ (۲ از ۵)» in the admin's digits; a job that has counted nothing yet gives its status.

    A job not started has no total: "100% (0/0)" would say it was done.
    """
    if not job.total:
        return job.get_status_display()
    return page_digits(
        _("%(percent)s%% (%(done)s of %(total)s)")
        % {"percent": job.percent, "done": job.done, "total": job.total}
    )


@admin.register(RelinkJob)
class RelinkJobAdmin(admin.ModelAdmin):
    list_display = ["created", "status", "progress", "why", "finished"]
    list_filter = ["status"]
    readonly_fields = [
        "status",
        "why",
        "progress",
        "total",
        "done",
        "error",
        "created",
        "started",
        "heartbeat",
        "finished",
    ]
    fields = readonly_fields
    created = jalali_column(RelinkJob, "created_at")
    started = jalali_column(RelinkJob, "started_at")
    heartbeat = jalali_column(RelinkJob, "heartbeat_at")
    finished = jalali_column(RelinkJob, "finished_at")

    @admin.display(description=_("progress"))
    def progress(self, job: RelinkJob) -> str:
        return job_progress(job)

    @admin.display(description=_("reason"))
    def why(self, job: RelinkJob) -> str:
        return job.get_reason_display()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
