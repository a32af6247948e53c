import datetime

import pytest

from archive import search, selectors
from archive.entities import ORGANISATION, PERSON
from archive.models import Article
from archive.text import jalali
from tests.factories import make_article, make_organisation, make_person, make_publication

pytestmark = pytest.mark.django_db


def test_articles_per_jalali_year_splits_march_at_nowruz():
    make_article(published_on=datetime.date(2023, 3, 20))  # 29 Esfand 1401
    make_article(published_on=datetime.date(2023, 3, 21))  # 1 Farvardin 1402
    make_article(published_on=datetime.date(2024, 3, 19))  # 29 Esfand 1402 (leap year)
    make_article(published_on=datetime.date(2024, 3, 20))  # 1 Farvardin 1403
    make_article(published_on=None)
    years = selectors.articles_per_jalali_year()
    assert years == [
        selectors.YearCount(1401, 1),
        selectors.YearCount(1402, 2),
        selectors.YearCount(1403, 1),
    ]


def test_articles_per_jalali_month_counts_each_month_of_the_year():
    make_article(published_on=datetime.date(2023, 3, 21))  # 1 Farvardin 1402
    make_article(published_on=datetime.date(2023, 4, 20))  # 31 Farvardin 1402
    make_article(published_on=datetime.date(2024, 3, 19))  # 29 Esfand 1402
    make_article(published_on=datetime.date(2024, 3, 20))  # next year
    months = selectors.articles_per_jalali_month(1402)
    assert [m.count for m in months] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_jalali_month_bounds_cover_esfand_up_to_nowruz():
    assert jalali.month_bounds(1402, 12) == (
        datetime.date(2024, 2, 20),
        datetime.date(2024, 3, 20),
    )


def test_latest_articles_put_undated_ones_last_and_carry_authors():
    author = make_person("نویسنده")
    make_article("بی‌تاریخ", published_on=None)
    make_article("قدیمی", published_on=datetime.date(2001, 1, 1))
    make_article("تازه", published_on=datetime.date(2024, 1, 1), authors=(author,))
    latest = selectors.latest_articles()
    assert [a.title for a in latest] == ["تازه", "قدیمی", "بی‌تاریخ"]
    assert [r.person.name for r in latest[0].author_roles] == ["نویسنده"]


def test_most_mentioned_people_ranks_by_articles_mentioning_them():
    often, once, author = make_person("پرتکرار"), make_person("یک‌بار"), make_person("نویسنده")
    make_article(mentioned=(often, once), authors=(author,))
    make_article(mentioned=(often,), authors=(author,))
    ranked = selectors.most_mentioned(PERSON)
    assert [(r.entity.name, r.count) for r in ranked] == [("پرتکرار", 2), ("یک‌بار", 1)]


def test_most_mentioned_organisations():
    union, party = make_organisation("سندیکا"), make_organisation("حزب")
    make_article(organisations=(union, party))
    make_article(organisations=(union,))
    ranked = selectors.most_mentioned(ORGANISATION)
    assert [(r.entity.name, r.count) for r in ranked] == [("سندیکا", 2), ("حزب", 1)]


def test_archive_counts():
    make_article(publication=make_publication(), mentioned=(make_person(),))
    counts = selectors.archive_counts()
    assert (counts.articles, counts.people, counts.publications) == (1, 1, 1)


def test_related_articles_rank_by_shared_people_and_organisations():
    a, b, c = make_person(), make_person(), make_person()
    union = make_organisation()
    article = make_article(mentioned=(a, b), organisations=(union,))
    best = make_article("سه مشترک", mentioned=(a, b), organisations=(union,))
    good = make_article("یک مشترک", mentioned=(a, c))
    make_article("بی‌ربط", mentioned=(c,))
    related = selectors.related_articles(article=article)
    assert related == [best, good]


def test_article_page_groups_people_by_role_and_lists_speakers_in_order():
    host, guest, other = make_person("میزبان"), make_person("مهمان"), make_person("دیگری")
    article = make_article(
        hosts=(host,), mentioned=(other,), turns=((host, "پرسش"), (guest, "پاسخ"))
    )
    page = selectors.article_page(article=article)
    assert page.hosts == [host]
    assert page.speakers == [host, guest]
    assert page.people == [other]
    assert [t.text for t in page.turns] == ["پرسش", "پاسخ"]


def test_person_profile_groups_their_turns_by_article():
    host, guest = make_person("میزبان"), make_person("مهمان")
    first = make_article(
        published_on=datetime.date(2020, 1, 1),
        hosts=(host,),
        turns=((host, "۱"), (guest, "۲"), (host, "۳"), (guest, "۴")),
    )
    second = make_article(published_on=datetime.date(2022, 1, 1), turns=((guest, "تنها"),))
    profile = selectors.person_profile(person=guest, pages={})
    assert [item.article for item in profile.said_in] == [second, first]
    assert [t.text for t in profile.said_in[1].turns] == ["۲", "۴"]
    assert profile.said.paginator.count == 2
    assert profile.total_articles == 2
    assert [y.year for y in profile.timeline] == [1398, 1400]


def test_person_profile_companions_exclude_the_person():
    me, friend = make_person("من"), make_person("همراه")
    union = make_organisation("سندیکا")
    make_article(mentioned=(me, friend), organisations=(union,))
    profile = selectors.person_profile(person=me, pages={})
    assert [r.entity for r in profile.people] == [friend]
    assert [r.entity for r in profile.organisations] == [union]


def test_organisation_profile_counts_its_publications_articles_as_its_own():
    union = make_organisation("سندیکا")
    own = make_article(publication=make_publication(organisation=union))
    statement = make_article(author_organisations=(union,))
    about = make_article(organisations=(union,))
    profile = selectors.organisation_profile(organisation=union, pages={})
    assert set(profile.wrote) == {own, statement}
    assert list(profile.mentioned) == [about]
    assert profile.total_articles == 3


def test_people_index_sorts_in_persian_order_and_filters_by_letter():
    for name in ["یوسف", "آرش", "چنگیز", "جعفر"]:
        make_person(name)
    index = selectors.entity_index(PERSON)
    assert [p.name for p in index.page] == ["آرش", "جعفر", "چنگیز", "یوسف"]
    assert index.letters == ["ا", "ج", "چ", "ی"]
    assert [p.name for p in selectors.entity_index(PERSON, letter="ج").page] == ["جعفر"]


def test_articles_in_jalali_period_is_newest_first():
    older = make_article(published_on=datetime.date(2023, 4, 1))
    newer = make_article(published_on=datetime.date(2023, 4, 10))
    make_article(published_on=datetime.date(2023, 5, 1))  # Ordibehesht
    assert list(selectors.articles_in_jalali_period(1402, 1)) == [newer, older]
    assert Article.objects.count() == 3


def test_related_articles_include_ones_sharing_title_words(fresh_index):
    article = make_article("اعتصاب کارگران نیشکر هفت‌تپه")
    similar = make_article("گزارش", body="کارگران نیشکر هفت‌تپه دوباره دست از کار کشیدند.")
    unrelated = make_article("بازار", body="قیمت میوه بالا رفت.")
    search.index_articles(a.pk for a in [article, similar, unrelated])
    assert selectors.related_articles(article=article) == [similar]


def test_shared_people_outrank_shared_words(fresh_index):
    person = make_person()
    article = make_article("اعتصاب کارگران نیشکر", mentioned=(person,))
    by_person = make_article("یادداشت", mentioned=(person,))
    by_words = make_article("گزارش", body="اعتصاب کارگران نیشکر")  # newer: wins ties
    search.index_articles(a.pk for a in [article, by_words, by_person])
    assert selectors.related_articles(article=article) == [by_person, by_words]


def test_filter_names_give_the_names_behind_the_slugs_of_a_search():
    make_person("رضا شهابی", slug="reza")
    make_organisation("سندیکای واحد", slug="vahed")
    make_publication("نشریه کار", slug="kar")
    params = {"person": "reza", "speaker": "reza", "organisation": "vahed", "publication": "kar"}
    assert selectors.filter_names(params) == {
        "person": "رضا شهابی",
        "speaker": "رضا شهابی",
        "organisation": "سندیکای واحد",
        "publication": "نشریه کار",
    }
    # An old link's slug names nothing: the page shows it as given.
    assert selectors.filter_names({"person": "gone", "q": "x"}) == {}
