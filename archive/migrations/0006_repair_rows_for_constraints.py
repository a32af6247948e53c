"""Repair the rows the constraints of the next migration would refuse.

Rows saved from the shell, scripts or data migrations could hold an empty slug (a 500 on
every page that links to them), an empty name or title, or a date jdatetime cannot convert.
Names and titles get a stand-in, slugs a fresh one made from the name, and an impossible
date moves to the date as written, the article flagged for review. Articles whose pages or
search documents show a repaired row are marked changed, so `check_index --repair` (run by
`make run`) re-indexes them.

Everything the repair needs is frozen here: a migration must not change when the app does.
"""

import datetime
import hashlib

from django.db import migrations
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

EARLIEST_DATE = datetime.date(1821, 3, 21)  # 1 Farvardin 1200
LATEST_DATE = datetime.date(2122, 3, 20)  # 29 Esfand 1500
# The importer's review notes this repair adds (archive.importer.notes.Code), stored as the
# importer stores them since migration 0004: a JSON list of {"code": ..., arguments}.
IMPOSSIBLE_DATE = "impossible_date"
UNTITLED = "untitled"
NAMELESS = "بی‌نام"
UNTITLED_TITLE = "بی‌عنوان"
TITLE_WORDS = 8


def _unusable_slug() -> Q:
    return Q(slug="") | Q(slug__contains="/")


def _free_slug(model, text: str, prefix: str) -> str:
    base = slugify(text, allow_unicode=True)[:180].strip("-")
    if not base:
        base = f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_note(article, code: str, **arguments: str) -> None:
    note = {"code": code, **arguments}
    if note not in article.review_note:
        article.review_note = [*article.review_note, note]
    article.needs_review = True


def _title_from(body: str, pk: int) -> str:
    first = next((line for line in body.splitlines() if line.strip()), "")
    return " ".join(first.split()[:TITLE_WORDS])[:500] or f"{UNTITLED_TITLE} {pk}"


def _repair_entities(model, prefix: str) -> set[int]:
    repaired = set()
    for row in model.objects.filter(Q(name="") | _unusable_slug()):
        if not row.name:
            # The slug, if any, was made from the name the row once had.
            name = row.slug.replace("-", " ").strip() if row.slug else ""
            name = name or f"{NAMELESS} {row.pk}"
            if model.objects.filter(name=name).exclude(pk=row.pk).exists():
                name = f"{name} {row.pk}"  # publication names are unique
            row.name = name
        if not row.slug or "/" in row.slug:
            row.slug = _free_slug(model, row.name, prefix)
        row.save()
        repaired.add(row.pk)
    return repaired


def repair(apps, schema_editor):
    Person = apps.get_model("archive", "Person")
    Organisation = apps.get_model("archive", "Organisation")
    Publication = apps.get_model("archive", "Publication")
    Article = apps.get_model("archive", "Article")

    people = _repair_entities(Person, "person")
    organisations = _repair_entities(Organisation, "organisation")
    publications = _repair_entities(Publication, "publication")

    for article in Article.objects.filter(Q(title="") | _unusable_slug()):
        if not article.title:
            article.title = _title_from(article.body, article.pk)
            _add_note(article, UNTITLED)
        if not article.slug or "/" in article.slug:
            article.slug = _free_slug(Article, article.title, "article")
        article.save()

    out_of_range = Q(published_on__lt=EARLIEST_DATE) | Q(published_on__gt=LATEST_DATE)
    for article in Article.objects.filter(out_of_range):
        article.date_text = article.date_text or article.published_on.isoformat()
        article.published_on = None
        _add_note(article, IMPOSSIBLE_DATE, date=article.date_text)
        article.save()

    showing = (
        Q(person_roles__person__in=people)
        | Q(turns__speaker__in=people)
        | Q(organisation_roles__organisation__in=organisations)
        | Q(publication__organisation__in=organisations)
        | Q(publication__in=publications)
    )
    if people or organisations or publications:
        ids = set(Article.objects.filter(showing).values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_slugs_made_by_the_model"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop, elidable=True),
    ]
