from urllib.parse import unquote

import pytest
from django.db import IntegrityError, transaction

from archive.models import Article, ArticleOrganisation, ArticlePerson, Organisation, Person, Turn
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


def test_latest_first_puts_undated_articles_last():
    import datetime

    old = make_article(slug="a", body="یک", published_on=datetime.date(2020, 1, 1))
    undated = make_article(slug="b", body="دو")
    new = make_article(slug="c", body="سه", published_on=datetime.date(2024, 3, 4))
    assert list(Article.objects.latest_first()) == [new, old, undated]
