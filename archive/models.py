"""Articles, the people and organisations in them, and how they relate.

Rows reach the database by many routes (the importer, the admin, the shell, scripts, data
migrations, `import_archive`), so what every page relies on is kept here: a row saved without
a slug gets one, an article saved without a content hash gets the hash of its text, and the
database refuses what would break a page (an empty or unusable slug, an empty name or title,
a date outside the archive's years). Forms run the same checks through `full_clean()`, so an
editor reads plainly why a save was refused.
"""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from archive import slugs
from archive.text import jalali
from archive.text.letters import fingerprint

SLUG_HELP = _("The last part of the page's address. Left empty, it is made from the name.")
ARTICLE_SLUG_HELP = _("The last part of the page's address. Left empty, it is made from the title.")
SLUG_UNUSABLE = _("The address (slug) must not be empty or contain “/”.")
NAME_REQUIRED = _("The name must not be empty.")
TITLE_REQUIRED = _("The title must not be empty.")
DATE_OUTSIDE_YEARS = _("The date must fall within the Solar Hijri years 1200–1500.")
DATE_OUT_OF_RANGE = _(
    "The date must fall within the Solar Hijri years 1200–1500 "
    "(%(earliest)s to %(latest)s in the Gregorian calendar)."
)
DUPLICATE_TEXT = _("This text is already in the archive: “%(title)s”.")


def validate_archive_date(value: datetime.date) -> None:
    """Refuse a date the archive cannot show (convert to the Jalali calendar, browse by year)."""
    if not jalali.in_archive_years(value):
        raise ValidationError(
            DATE_OUT_OF_RANGE,
            code="date_out_of_range",
            params={
                "earliest": jalali.EARLIEST_DATE.isoformat(),
                "latest": jalali.LATEST_DATE.isoformat(),
            },
        )


def _slug_constraint(name: str) -> models.CheckConstraint:
    # Empty or with a "/", a slug is no path segment: reverse() raises and the page is a 500.
    return models.CheckConstraint(
        condition=~Q(slug="") & ~Q(slug__contains="/"),
        name=name,
        violation_error_message=SLUG_UNUSABLE,
    )


def _not_empty_constraint(field: str, name: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


def _saves(save_kwargs: dict, field: str) -> bool:
    """Whether a save() with these arguments writes the field (all fields, or those named)."""
    update_fields = save_kwargs.get("update_fields")
    return update_fields is None or field in update_fields


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SluggedModel(models.Model):
    """A row with a page of its own: saved without a slug, it gets one from `slug_source`."""

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if _saves(kwargs, "slug"):
            self.fill_slug()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before the constraints are checked: a form left blank gets the slug save() would make.
        super().clean()
        self.fill_slug()

    def fill_slug(self) -> None:
        if not self.slug:
            self.slug = slugs.unique_slug(
                type(self), getattr(self, self.slug_source), exclude_pk=self.pk
            )


class Entity(TimestampedModel, SluggedModel):
    """What people and organisations share: a name, a permalink and a description."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            _slug_constraint("%(app_label)s_%(class)s_slug_usable"),
            _not_empty_constraint("name", "%(app_label)s_%(class)s_has_name", NAME_REQUIRED),
        ]

    def __str__(self) -> str:
        return self.name


class Person(Entity):
    class Meta(Entity.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self) -> str:
        return reverse("archive:person", kwargs={"slug": self.slug})


class Organisation(Entity):
    class Kind(models.TextChoices):
        PARTY = "party", _("party")
        UNION = "union", _("workers' organisation or union")
        MEDIA = "media", _("media")
        COMPANY = "company", _("company")
        FOUNDATION = "foundation", _("foundation")
        STATE = "state", _("state body")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta(Entity.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def get_absolute_url(self) -> str:
        return reverse("archive:organisation", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_person_alias"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationAlias(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_organisation_alias"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Publication(SluggedModel):
    """A periodical, channel or site that articles appear in, e.g. a weekly with numbered issues."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            _slug_constraint("archive_publication_slug_usable"),
            _not_empty_constraint("name", "archive_publication_has_name", NAME_REQUIRED),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:publication", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def latest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-created_at")


class Article(TimestampedModel, SluggedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        INTERVIEW = "interview", _("interview")

    slug_source = "title"

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=ARTICLE_SLUG_HELP,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    published_on = models.DateField(
        _("date"), null=True, blank=True, db_index=True, validators=[validate_archive_date]
    )
    date_text = models.CharField(_("date as written"), max_length=200, blank=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("publication"),
    )
    publication_issue = models.CharField(_("issue"), max_length=100, blank=True)
    body = models.TextField(_("text"))
    source_url = models.URLField(_("source"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fa")
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Set by the importer when the date or structure could not be recognised."),
    )
    # The importer's notes as codes (archive.importer.notes), worded when shown.
    review_note = models.JSONField(_("review note"), default=list, blank=True)
    people = models.ManyToManyField(
        Person, through="ArticlePerson", related_name="articles", verbose_name=_("people")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="ArticleOrganisation",
        related_name="articles",
        verbose_name=_("organisations"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            _slug_constraint("archive_article_slug_usable"),
            _not_empty_constraint("title", "archive_article_has_title", TITLE_REQUIRED),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(published_on__gte=jalali.EARLIEST_DATE, published_on__lte=jalali.LATEST_DATE),
                name="archive_article_date_in_archive_years",
                violation_error_message=DATE_OUTSIDE_YEARS,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The hash the importer finds duplicates by: of the text as first saved, so an
        # editor's later corrections do not make a re-import of the original look new.
        if not self.content_hash and _saves(kwargs, "content_hash"):
            self.content_hash = fingerprint(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:article", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        # The admin has no field for the hash: without this, the same text saved twice would
        # fail on the unique column instead of saying which article already holds it.
        if not self.content_hash:
            duplicate = (
                Article.objects.filter(content_hash=fingerprint(self.body))
                .exclude(pk=self.pk)
                .only("title")
                .first()
            )
            if duplicate is not None:
                raise ValidationError(
                    {"body": ValidationError(DUPLICATE_TEXT, params={"title": duplicate.title})}
                )

    @property
    def source_link(self) -> str:
        """Return source_url if it is safe to link to, else an empty string."""
        # Forms validate URLs, but importers and the shell write rows directly: only http(s)
        # may become an href, so a stored "javascript:" URL can never run in a reader's browser.
        scheme = urlsplit(self.source_url).scheme.lower()
        return self.source_url if scheme in {"http", "https"} else ""


class ArticlePerson(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        HOST = "host", _("host")
        SPEAKER = "speaker", _("speaker")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="article_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("person in article")
        verbose_name_plural = _("people in article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="unique_article_person_role"
            ),
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ArticleOrganisation(models.Model):
    class Role(models.TextChoices):
        PUBLISHER = "publisher", _("publisher")
        AUTHOR = "author", _("author")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="article_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("organisation in article")
        verbose_name_plural = _("organisations in article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation", "role"],
                name="unique_article_organisation_role",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Turn(models.Model):
    """One speaker's turn in an interview, in the order spoken."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveIntegerField(_("position"))
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="turns", verbose_name=_("speaker")
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_turn_position"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"turn-{self.position}"


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
    created_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person created by the importer"),
    )
    created_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation created by the importer"),
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
