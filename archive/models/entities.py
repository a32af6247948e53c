"""People and organisations, their aliases, and the publications organisations put out."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models.base import (
    NAME_REQUIRED,
    SLUG_HELP,
    SluggedModel,
    TimestampedModel,
    not_empty_constraint,
    optional_link,
    slug_constraint,
)


class EntityQuerySet(models.QuerySet):
    def public(self) -> "EntityQuerySet":
        """What readers may see: not names the importer proposed that no editor accepted yet."""
        return self.filter(is_public=True)


class Entity(TimestampedModel, SluggedModel):
    """What people and organisations share: a name, a permalink and a description.

    `is_public` is the one place that says whether readers see the entity: the importer creates
    the people and organisations it needs for an article's roles and turns hidden, and only
    accepting the candidate name (archive.linking.candidates) makes them public.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Shown to readers, linked from texts and offered in search. Names the importer "
            "proposes stay hidden until an editor accepts them."
        ),
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            slug_constraint("%(app_label)s_%(class)s_slug_usable"),
            not_empty_constraint("name", "%(app_label)s_%(class)s_has_name", NAME_REQUIRED),
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


class Alias(models.Model):
    """Another name an entity is written under; linking and search find it by each."""

    name = models.CharField(_("alias"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_person_alias"),
        ]


class OrganisationAlias(Alias):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_organisation_alias"
            ),
        ]


class Publication(SluggedModel):
    """A periodical, channel or site that articles appear in, e.g. a weekly with numbered issues."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP
    )
    organisation = optional_link(
        Organisation, related_name="publications", verbose_name=_("published by")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            slug_constraint("archive_publication_slug_usable"),
            not_empty_constraint("name", "archive_publication_has_name", NAME_REQUIRED),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:publication", kwargs={"slug": self.slug})
