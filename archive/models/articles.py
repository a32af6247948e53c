"""Articles, the roles people and organisations have in them, and interview turns."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models.base import (
    ARTICLE_SLUG_HELP,
    DATE_OUTSIDE_YEARS,
    DUPLICATE_TEXT,
    TITLE_REQUIRED,
    SluggedModel,
    TimestampedModel,
    not_empty_constraint,
    optional_link,
    saves_field,
    slug_constraint,
    validate_archive_date,
)
from archive.models.entities import Organisation, Person, Publication
from archive.text import jalali
from archive.text.letters import fingerprint


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
    publication = optional_link(Publication, related_name="articles", verbose_name=_("publication"))
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
    repost_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name=_("re-post of"),
        help_text=_(
            "The earlier copy of this text in the archive, when this one is the same text "
            "under another header or footer. Empty: an article of its own."
        ),
    )
    # What the importer left out of the text (menus, share buttons, header lines), as read, so
    # that nothing of the imported page is lost.
    import_removed = models.JSONField(
        _("lines left out on import"), default=list, blank=True, editable=False
    )
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
            slug_constraint("archive_article_slug_usable"),
            not_empty_constraint("title", "archive_article_has_title", TITLE_REQUIRED),
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
        if not self.content_hash and saves_field(kwargs, "content_hash"):
            self.content_hash = fingerprint(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:article", kwargs={"slug": self.slug})

    def get_permanent_url(self) -> str:
        """The short address by id that citations use: it outlives edits of the title."""
        return reverse("archive:article-by-id", kwargs={"pk": self.pk})

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


class SketchBand(models.Model):
    """One band of the MinHash sketch of an article's text as imported (archive.text.minhash).

    Articles sharing a band are the few a new text is compared with to find re-posts.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sketch_bands")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("sketch band")
        verbose_name_plural = _("sketch bands")

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"


class ArticleSketch(models.Model):
    """The MinHash signature of an article's text as imported, to compare a new text with.

    Kept beside the bands so that finding a re-post compares stored signatures, rather than
    sketching each candidate's text again (which grew with the archive).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="sketch"
    )
    signature = models.BinaryField()  # archive.text.minhash.NUM_PERM little-endian uint32

    class Meta:
        verbose_name = _("sketch")
        verbose_name_plural = _("sketches")

    def __str__(self) -> str:
        return str(self.article_id)


class ArticlePerson(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        HOST = "host", _("host")
        SPEAKER = "speaker", _("speaker")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_roles", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="article_roles", verbose_name=_("person")
    )
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
        Article,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        verbose_name=_("article"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="article_roles",
        verbose_name=_("organisation"),
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

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="turns", verbose_name=_("article")
    )
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
