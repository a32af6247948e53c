"""Permalinks: a Unicode slug for every row, never empty, unique within its model.

Rows reach the database by many routes (the importer, the admin, the shell, scripts, data
migrations), so the slug is made in one place: the models call `unique_slug` when a row is
saved without one, and the importer calls it directly. `linkable` is the one check the pages
make on slugs that come from outside the database (the search index keeps copies of them).
"""

import functools
import hashlib
import logging

from django.db import models
from django.utils.text import slugify

logger = logging.getLogger(__name__)

# Room left in the column for a "-2", "-3" … suffix.
MAX_BASE_LENGTH = 180


def slug_base(text: str, *, fallback: str) -> str:
    """Slugify `text` keeping Persian letters; `fallback` when nothing of it is left."""
    return slugify(text, allow_unicode=True)[:MAX_BASE_LENGTH].strip("-") or fallback


def fallback_slug(prefix: str, text: str) -> str:
    """A slug for a name that slugifies to nothing ("«»!؟"): the kind and a hash of the name."""
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str | None = None,
    exclude_pk: int | None = None,
) -> str:
    """Return a slug for `text` not yet used by `model`, suffixed -2, -3 … when taken."""
    if fallback is None:
        fallback = fallback_slug(model._meta.model_name, text)
    base = slug_base(text, fallback=fallback)
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk is not None else model.objects
    if not others.filter(slug=base).exists():
        return base
    # A range rather than startswith: SQLite's LIKE cannot use the index on a large archive.
    taken = set(
        others.filter(slug__gte=f"{base}-", slug__lt=f"{base}-\uffff").values_list(
            "slug", flat=True
        )
    )
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def is_usable(slug: str | None) -> bool:
    """Whether a slug can be one segment of a page's address (what `reverse()` accepts)."""
    return bool(slug) and "/" not in slug and "\x00" not in slug


def linkable(kind: str, name: str, slug: str | None) -> bool:
    """Whether a page may link to this row; a row that cannot be linked is logged once."""
    if is_usable(slug):
        return True
    _report_unlinkable(kind, name, slug or "")
    return False


@functools.lru_cache(maxsize=1024)
def _report_unlinkable(kind: str, name: str, slug: str) -> None:
    logger.warning(
        "Left out of a page: %s %r has no usable slug (%r). The search index may be older "
        "than the database: run `manage.py check_index --repair`.",
        kind,
        name,
        slug,
    )
