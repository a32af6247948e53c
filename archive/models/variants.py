"""Spellings of one name that search treats as one, beyond those the analyzer folds itself."""

from collections.abc import Iterable
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.text.letters import ZWNJ, fold_letters
from archive.text.persian import analyze


def spelling_key(text: str) -> str:
    """Return the index terms of a spelling, as search compares them."""
    return " ".join(analyze(text))


def joined_spellings(names: Iterable[str]) -> set[tuple[str, str]]:
    """Return (solid, written apart) spellings of the compound words in one entity's names.

    A name's word written with ZWNJ (زاگرس‌نیوز) is also written solid (زاگرسنیوز), and two
    words of one name may be written solid in another of its names (خسرو شاهی, خسروشاهی).
    The analyzer splits most solid compounds by its lexicon (نیکپور is نیک پور); only those
    it reads otherwise are returned, for search to treat the two spellings as one.
    """
    names = [" ".join(name.split()) for name in names]
    solid_words = {fold_letters(w): w for name in names for w in name.split() if ZWNJ not in w}
    found: set[tuple[str, str]] = set()
    for name in names:
        words = name.split()
        for word in words:
            if ZWNJ in word.strip(ZWNJ):
                found.add(("".join(word.split(ZWNJ)), word))
        for first, second in pairwise(words):
            if solid := solid_words.get(fold_letters(first + second)):
                found.add((solid, f"{first} {second}"))
    return {pair for pair in found if spelling_key(pair[0]) != spelling_key(pair[1])}


def learnt_variants(model, names: Iterable[str]) -> list:
    """Return unsaved `model` rows (NameVariant, or migration 0016's) for one entity's names."""
    return [
        model(
            spelling=solid,
            usual=apart,
            spelling_key=spelling_key(solid),
            usual_key=spelling_key(apart),
            automatic=True,
        )
        for solid, apart in sorted(joined_spellings(names))
    ]


class NameVariantQuerySet(models.QuerySet):
    def spellings_of(self, keys: set[str]) -> dict[str, set[str]]:
        """Map each of `keys` that has variants to the keys of its other spellings."""
        found: dict[str, set[str]] = {}
        rows = self.filter(models.Q(spelling_key__in=keys) | models.Q(usual_key__in=keys))
        for spelling, usual in rows.values_list("spelling_key", "usual_key"):
            found.setdefault(spelling, set()).add(usual)
            found.setdefault(usual, set()).add(spelling)
        return {key: others - {key} for key, others in found.items() if key in keys}

    def learn_from(self, names: Iterable[str]) -> int:
        """Add the solid spellings of one entity's compound names (see joined_spellings)."""
        rows = learnt_variants(self.model, names)
        return len(self.bulk_create(rows, ignore_conflicts=True))


class NameVariant(models.Model):
    """Another spelling of a name (داود for داوود): a search for either finds both."""

    spelling = models.CharField(_("spelling"), max_length=100)
    usual = models.CharField(
        _("usual spelling"), max_length=100, help_text=_("The spelling most writers use.")
    )
    # The spellings' index terms, kept with the row so that a search looks them up directly.
    spelling_key = models.CharField(max_length=200, editable=False, db_index=True)
    usual_key = models.CharField(max_length=200, editable=False, db_index=True)
    automatic = models.BooleanField(
        _("learnt from a name"),
        default=False,
        help_text=_(
            "Added when a person's or organisation's name was saved: its compound word "
            "written solid. Delete it if the two spellings are different names."
        ),
    )

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
