"""What the archive's models share: timestamps, slugs made on save, and the checks on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive import slugs
from archive.text import jalali

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


def slug_constraint(name: str) -> models.CheckConstraint:
    # Empty or with a "/", a slug is no path segment: reverse() raises and the page is a 500.
    return models.CheckConstraint(
        condition=~Q(slug="") & ~Q(slug__contains="/"),
        name=name,
        violation_error_message=SLUG_UNUSABLE,
    )


def not_empty_constraint(field: str, name: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


def saves_field(save_kwargs: dict, field: str) -> bool:
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
        if saves_field(kwargs, "slug"):
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


def optional_link(to, *, related_name: str, verbose_name) -> models.ForeignKey:
    """A link to another row that may be missing, and is cleared when that row is deleted."""
    return models.ForeignKey(
        to,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )
