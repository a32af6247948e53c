"""Spellings of one name that search treats as one, beyond those the analyzer folds itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.text.persian import analyze


def spelling_key(text: str) -> str:
    """Return the index terms of a spelling, as search compares them."""
    return " ".join(analyze(text))


class NameVariantQuerySet(models.QuerySet):
    def spellings_of(self, keys: set[str]) -> dict[str, set[str]]:
        """Map each of `keys` that has variants to the keys of its other spellings."""
        found: dict[str, set[str]] = {}
        rows = self.filter(models.Q(spelling_key__in=keys) | models.Q(usual_key__in=keys))
        for spelling, usual in rows.values_list("spelling_key", "usual_key"):
            found.setdefault(spelling, set()).add(usual)
            found.setdefault(usual, set()).add(spelling)
        return {key: others - {key} for key, others in found.items() if key in keys}


class NameVariant(models.Model):
    """Another spelling of a name (داود for داوود): a search for either finds both."""

    spelling = models.CharField(_("spelling"), max_length=100)
    usual = models.CharField(
        _("usual spelling"), max_length=100, help_text=_("The spelling most writers use.")
    )
    # The spellings' index terms, kept with the row so that a search looks them up directly.
    spelling_key = models.CharField(max_length=200, editable=False, db_index=True)
    usual_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = NameVariantQuerySet.as_manager()

    class Meta:
        ordering = ["usual", "spelling"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [
            models.UniqueConstraint(fields=["spelling", "usual"], name="unique_name_variant"),
        ]

    def __str__(self) -> str:
        return f"{self.spelling} → {self.usual}"

    def save(self, *args, **kwargs):
        # Derived like a slug: the keys follow the spellings whatever route saves the row.
        self.spelling_key = spelling_key(self.spelling)
        self.usual_key = spelling_key(self.usual)
        super().save(*args, **kwargs)
