import datetime
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    Person,
    Publication,
    Turn,
)
from archive.text.letters import fingerprint

pytestmark = pytest.mark.django_db


def make_article(**fields) -> Article:
    body = fields.pop("body", "کارگران نیشکر هفت تپه اعتصاب کردند.")
    defaults = {"title": "گزارش", "slug": "گزارش", "body": body, "content_hash": fingerprint(body)}
    return Article.objects.create(**{**defaults, **fields})


def test_slug_is_unique_and_may_be_persian():
    article = make_article(slug="کارگران-هفت-تپه")
    assert unquote(article.get_absolute_url()) == "/articles/کارگران-هفت-تپه/"
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="کارگران-هفت-تپه", body="متن دیگری")


def test_same_text_with_other_letter_forms_is_one_article():
    make_article(body="كارگران مي‌كنند")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="دوم", body="کارگران  میکنند")
    assert Article.objects.count() == 1


def test_a_person_holds_each_role_once_per_article():
    article = make_article()
    person = Person.objects.create(name="شهلا دانشفر", slug="شهلا-دانشفر")
    ArticlePerson.objects.create(article=article, person=person, role=ArticlePerson.Role.SPEAKER)
    ArticlePerson.objects.create(article=article, person=person, role=ArticlePerson.Role.MENTIONED)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticlePerson.objects.create(article=article, person=person, role="speaker")
    assert list(article.people.distinct()) == [person]


def test_an_organisation_holds_each_role_once_per_article():
    article = make_article()
    org = Organisation.objects.create(name="سندیکای واحد", slug="واحد", kind="union")
    ArticleOrganisation.objects.create(article=article, organisation=org, role="publisher")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleOrganisation.objects.create(article=article, organisation=org, role="publisher")


def test_turns_come_in_spoken_order_with_their_own_anchor():
    article = make_article(kind=Article.Kind.INTERVIEW)
    host = Person.objects.create(name="خلیل کیوان", slug="خلیل-کیوان")
    guest = Person.objects.create(name="کاظم نیکخواه", slug="کاظم-نیکخواه")
    Turn.objects.create(article=article, position=2, speaker=guest, text="پاسخ")
    Turn.objects.create(article=article, position=1, speaker=host, text="پرسش")
    turns = list(article.turns.all())
    assert [t.speaker for t in turns] == [host, guest]
    assert turns[1].get_absolute_url().endswith("#turn-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Turn.objects.create(article=article, position=1, speaker=guest, text="تکرار")


def test_a_person_who_speaks_cannot_be_deleted_and_the_error_says_why():
    article = make_article(kind=Article.Kind.INTERVIEW)
    speaker = Person.objects.create(name="کاظم نیکخواه")
    Turn.objects.create(article=article, position=1, speaker=speaker, text="پاسخ")
    with pytest.raises(ProtectedError) as refused:
        speaker.delete()
    assert "Turn.speaker" in str(refused.value)
    assert article.turns.get().speaker == speaker


def test_latest_first_puts_undated_articles_last():
    old = make_article(slug="a", body="یک", published_on=datetime.date(2020, 1, 1))
    undated = make_article(slug="b", body="دو")
    new = make_article(slug="c", body="سه", published_on=datetime.date(2024, 3, 4))
    assert list(Article.objects.latest_first()) == [new, old, undated]


# --- Rows created the bare ORM way (the shell, scripts) ---------------------------------------


def test_a_person_added_from_the_shell_gets_a_slug_and_a_page(client):
    person, _ = Person.objects.get_or_create(name="فواد كيخسروي")
    assert person.slug == "فواد-كيخسروي"
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "فواد كيخسروي" in response.content.decode()


def test_people_with_the_same_name_get_their_own_slugs():
    first = Person.objects.create(name="علی نجاتی")
    second = Person.objects.create(name="علی نجاتی")
    assert (first.slug, second.slug) == ("علی-نجاتی", "علی-نجاتی-2")


@pytest.mark.parametrize("model", [Person, Organisation, Publication])
def test_a_name_that_slugifies_to_nothing_still_gets_a_slug(model):
    row = model.objects.create(name="«»!؟")
    assert row.slug.startswith(f"{model._meta.model_name}-")
    assert unquote(row.get_absolute_url()).endswith(f"/{row.slug}/")


def test_an_organisation_and_a_publication_get_slugs_from_their_names():
    union = Organisation.objects.create(name="سندیکای کارگران شرکت واحد")
    weekly = Publication.objects.create(name="نشریهٔ کار", organisation=union)
    assert union.slug == "سندیکای-کارگران-شرکت-واحد"
    assert weekly.slug == "نشریه-کار"


def test_an_article_gets_its_slug_from_the_title_and_its_hash_from_the_text():
    body = "کارگران نیشکر هفت تپه اعتصاب کردند."
    article = Article.objects.create(title="اعتصاب در هفت تپه", body=body)
    other = Article.objects.create(title="اعتصاب در هفت تپه", body="متن دیگری")
    assert (article.slug, other.slug) == ("اعتصاب-در-هفت-تپه", "اعتصاب-در-هفت-تپه-2")
    assert article.content_hash == fingerprint(body)


def test_a_given_slug_is_kept():
    assert Person.objects.create(name="شاهرخ زمانی", slug="zamani").slug == "zamani"


def test_a_slug_blanked_and_saved_is_made_again():
    person = Person.objects.create(name="رضا شهابی", slug="shahabi")
    person.slug = ""
    person.save(update_fields=["slug"])
    person.refresh_from_db()
    assert person.slug == "رضا-شهابی"


def test_full_clean_fills_a_blank_slug_before_checking_it():
    person = Person(name="جعفر عظیم‌زاده")
    person.full_clean()
    assert person.slug == "جعفر-عظیمزاده"


def test_full_clean_names_the_article_that_already_holds_the_text():
    make_article(title="گزارش اول")
    duplicate = Article(title="گزارش دوم", body="كارگران نيشكر هفت تپه اعتصاب كردند.")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "گزارش اول" in refused.value.message_dict["body"][0]


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_full_clean_refuses_a_date_outside_the_archive_years(day):
    article = Article(title="گزارش", body="متن", published_on=day)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert [e.code for e in refused.value.error_dict["published_on"]] == ["date_out_of_range"]


# --- What the database refuses, whatever the route -------------------------------------------


def _refused(make) -> str:
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        make()
    return str(refused.value)


@pytest.mark.parametrize("model", [Person, Organisation, Publication])
def test_the_database_refuses_an_entity_without_a_usable_slug_or_a_name(model):
    row = model.objects.create(name="نام")
    assert "slug_usable" in _refused(lambda: model.objects.filter(pk=row.pk).update(slug=""))
    assert "slug_usable" in _refused(lambda: model.objects.create(name="دیگر", slug="a/b"))
    assert "has_name" in _refused(lambda: model.objects.filter(pk=row.pk).update(name=""))


def test_the_database_refuses_an_article_without_a_title():
    article = make_article()
    assert "has_title" in _refused(lambda: Article.objects.filter(pk=article.pk).update(title=""))


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1821, 3, 20)])
def test_the_database_refuses_a_date_outside_the_archive_years(day):
    # bulk_create skips save() and full_clean(): the constraint is the last word.
    row = Article(title="گزارش", slug="g", body="متن", content_hash="h", published_on=day)
    assert "date_in_archive_years" in _refused(lambda: Article.objects.bulk_create([row]))


def test_the_first_and_last_day_of_the_archive_years_are_dates():
    for n, day in enumerate([datetime.date(1821, 3, 21), datetime.date(2122, 3, 20)]):
        make_article(slug=f"d{n}", body=f"متن {n}", published_on=day).full_clean()


def test_full_clean_refuses_a_slug_with_a_slash():
    with pytest.raises(ValidationError) as refused:
        Person(name="نام", slug="a/b").full_clean()
    assert "slug" in refused.value.message_dict
