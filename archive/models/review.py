"""What waits for an editor or a worker: candidate names, and re-linking jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from archive.models.articles import Article
from archive.models.base import (
    TimestampedModel,
    optional_link,
)
from archive.models.entities import Organisation, Person


class Candidate(TimestampedModel):
    """A name the importer saw that looks like a person or organisation but matches none yet."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("dismissed")

    class SeenAs(models.TextChoices):
        """Where the parser saw the name: the codes the importer lists in `reason`."""

        BYLINE = "byline", _("byline")
        HOST = "interview host", _("interview host")
        GUEST = "interview guest", _("interview guest")
        SPEAKER = "speaker label", _("speaker label")
        SIGNATURE = "signature", _("signature")

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("normalised name"), max_length=200, unique=True, editable=False)
    kind = models.CharField(_("looks like"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.JSONField(_("seen as"), default=list, blank=True)  # SeenAs codes
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    articles = models.ManyToManyField(
        Article, related_name="candidates", blank=True, verbose_name=_("articles")
    )
    # A speaker or author must be a real row for its article; the importer creates it and
    # records it here so that merging the candidate can fold it into the chosen entity.
    created_person = optional_link(
        Person, related_name="+", verbose_name=_("person created by the importer")
    )
    created_organisation = optional_link(
        Organisation, related_name="+", verbose_name=_("organisation created by the importer")
    )

    class Meta:
        ordering = ["status", "-occurrences", "name"]
        verbose_name = _("candidate name")
        verbose_name_plural = _("candidate names")

    def __str__(self) -> str:
        return self.name

    def get_reason_display(self) -> str:
        """Where the name was seen, in the current language; other text as stored."""
        codes = self.reason if isinstance(self.reason, list) else [str(self.reason)]
        if not all(code in self.SeenAs.values for code in codes):
            return ", ".join(map(str, codes))
        return pgettext("list separator", ", ").join(str(self.SeenAs(c).label) for c in codes)


class RelinkJob(models.Model):
    """One pass re-linking every article to the people and organisations it mentions."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Reason(models.TextChoices):
        """Why a job was queued: the code stored in `reason` and the sentence shown for it.

        The sentences take their names from `reason_args`. They are not the field's choices:
        jobs queued before the codes hold free English text, shown as stored (the codes
        without names are that old wording, so those rows are translated too).
        """

        IMPORT = "new names from an import", _("new names from an import")
        ADMIN_IMPORT = "new names from the admin import", _("new names from the admin import")
        COMMAND_IMPORT = "new names from import_articles", _("new names from import_articles")
        DEMO = "load_demo", _("demo data loaded (load_demo)")
        COMMAND = "manage.py relink", _("manage.py relink")
        COVERED = "covered by a later pass", _("covered by a later pass")
        ACCEPTED = "accepted", _("accepted «%(name)s»")
        MERGED = "merged", _("merged «%(name)s» into «%(target)s»")
        PERSON_SAVED = "person saved", _("person «%(name)s» saved")
        PERSON_DELETED = "person deleted", _("person «%(name)s» deleted")
        PEOPLE_DELETED = "people deleted", _("people deleted")
        ORGANISATION_SAVED = "organisation saved", _("organisation «%(name)s» saved")
        ORGANISATION_DELETED = "organisation deleted", _("organisation «%(name)s» deleted")
        ORGANISATIONS_DELETED = "organisations deleted", _("organisations deleted")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reason_args = models.JSONField(_("names in the reason"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("articles"), default=0)
    done = models.PositiveIntegerField(_("articles done"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched on every batch: a running job whose heartbeat stops has died with its process.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("re-linking job")
        verbose_name_plural = _("re-linking jobs")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.done}/{self.total}"

    def get_reason_display(self) -> str:
        """The reason in the current language; text that is not a known code as stored."""
        if self.reason not in self.Reason.values:
            return self.reason
        try:
            return str(self.Reason(self.reason).label) % self.reason_args
        except (KeyError, TypeError):  # a code stored without its names
            return self.reason

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
