"""The repair before the constraints: rows saved the bare ORM way before 0006 still migrate."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from archive.importer.messages import review_note_display
from archive.importer.notes import Code
from archive.models import Article, NameVariant, Organisation, Person, Publication
from archive.text.letters import fingerprint
from tests.persian_notes import PERSIAN

repair = importlib.import_module("archive.migrations.0006_repair_rows_for_constraints")

BEFORE = [("archive", "0005_slugs_made_by_the_model")]
BEFORE_HIDDEN_NAMES = [("archive", "0007_slugs_names_titles_and_dates_constraints")]
BEFORE_LEARNT_NAMES = [("archive", "0015_article_sketches")]
# The latest migrations: the models the test reads back are those of the newest schema.
AFTER = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


def _migrate(targets=None):
    """Migrate to `targets`, or to the latest migrations (what the models in the code need)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migration, for the tests that run after these."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_people_and_organisations_from_before_hidden_names_stay_public(client):
    old = _migrate(BEFORE_HIDDEN_NAMES)
    try:
        person = old.get_model("archive", "Person").objects.create(name="شهلا دانشفر", slug="sh")
        old.get_model("archive", "Organisation").objects.create(name="سندیکای واحد", slug="v")
    finally:
        _migrate()
    assert Person.objects.public().get(pk=person.pk)
    assert Organisation.objects.public().get(slug="v")
    assert client.get("/people/sh/").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_compound_names_saved_before_search_learnt_them_are_learnt_on_migrating():
    old = _migrate(BEFORE_LEARNT_NAMES)
    try:
        old.get_model("archive", "Organisation").objects.create(name="زاگرس‌نیوز", slug="z")
    finally:
        _migrate()
    learnt = NameVariant.objects.get(automatic=True)
    assert (learnt.spelling, learnt.usual) == ("زاگرسنیوز", "زاگرس‌نیوز")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_rows_the_constraints_would_refuse_are_repaired_first():
    old = _migrate(BEFORE)
    try:
        person_model = old.get_model("archive", "Person")
        publication_model = old.get_model("archive", "Publication")
        article_model = old.get_model("archive", "Article")
        # What the shell could save before: no slug, no name, a date jdatetime cannot convert.
        nameless = person_model.objects.create(name="فواد كيخسروي", slug="")
        publication = publication_model.objects.create(name="", slug="kar/weekly")
        article = article_model.objects.create(
            title="",
            slug="",
            body="کارگران هفت تپه دست از کار کشیدند\n\nمتن",
            content_hash=fingerprint("یک"),
            published_on=datetime.date(1, 1, 1),
            publication=publication,
        )
        article.people.through.objects.create(article=article, person=nameless, role="author")
        stamp = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        article_model.objects.filter(pk=article.pk).update(updated_at=stamp)
    finally:
        _migrate()

    assert Person.objects.get(pk=nameless.pk).slug == "فواد-كيخسروي"
    publication = Publication.objects.get(pk=publication.pk)
    assert (publication.name, publication.slug) == ("kar/weekly", "karweekly")
    article = Article.objects.get(pk=article.pk)
    assert article.title == "کارگران هفت تپه دست از کار کشیدند"
    assert article.slug == "کارگران-هفت-تپه-دست-از-کار-کشیدند"
    assert (article.published_on, article.date_text) == (None, "0001-01-01")
    assert article.needs_review
    assert article.review_note == [
        {"code": Code.UNTITLED},
        {"code": Code.IMPOSSIBLE_DATE, "date": "0001-01-01"},
    ]
    shown = review_note_display(article.review_note)
    assert PERSIAN[Code.UNTITLED] in shown and PERSIAN[Code.IMPOSSIBLE_DATE] in shown
    # Its page shows repaired rows: marked changed, so check_index --repair re-indexes it.
    assert article.updated_at > stamp


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_a_repaired_name_is_taken_from_the_slug_or_made_up():
    old = _migrate(BEFORE)
    try:
        organisation_model = old.get_model("archive", "Organisation")
        named_by_slug = organisation_model.objects.create(name="", slug="sandika-vahed")
        unnamed = organisation_model.objects.create(name="", slug="")
    finally:
        _migrate()
    assert Organisation.objects.get(pk=named_by_slug.pk).name == "sandika vahed"
    repaired = Organisation.objects.get(pk=unnamed.pk)
    assert repaired.name == f"بی‌نام {unnamed.pk}"
    assert repaired.slug == f"بینام-{unnamed.pk}"


def test_the_repair_keeps_other_notes_and_adds_its_own_once():
    article = SimpleNamespace(review_note=[{"code": "no_title"}], needs_review=False)
    repair._add_note(article, "untitled")
    repair._add_note(article, "untitled")
    assert article.review_note == [{"code": "no_title"}, {"code": "untitled"}]
    assert article.needs_review
