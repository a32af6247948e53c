"""Jalali dates in the admin, as an editor reads, filters and types them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.admin.dates import jalali_display
from archive.models import Article, RelinkJob
from tests.admin.test_admin import _NO_INLINES
from tests.factories import make_article, make_organisation, make_person

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:archive_article_changelist"


def _change(client, article, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "body": article.body,
        "language": "fa",
        "published_on": "",
        "date_text": article.date_text,
        **_NO_INLINES,
        **fields,
    }
    url = reverse("admin:archive_article_change", args=[article.pk])
    return client.post(url, data, follow=True)


def test_the_list_shows_jalali_dates_in_persian_digits(staff_client):
    make_article("گزارش اعتصاب", published_on=datetime.date(2024, 3, 4))
    page = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert "۱۴ اسفند ۱۴۰۲" in page
    assert "2024" not in page.split("result_list")[1]


def test_the_english_list_shows_jalali_dates_in_latin_letters(staff_client):
    make_article("گزارش اعتصاب", published_on=datetime.date(2024, 3, 4))
    page = staff_client.get("/en" + reverse(CHANGELIST)).content.decode()
    assert "14 Esfand 1402" in page


def test_the_list_filters_by_jalali_year_then_month(staff_client):
    make_article("اسفندی", published_on=datetime.date(2024, 3, 4))  # 14 Esfand 1402
    make_article("فروردینی", published_on=datetime.date(2024, 3, 25))  # 6 Farvardin 1403
    make_article("قدیمی", published_on=datetime.date(2021, 9, 11))  # 1400
    page = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert "?jalali=1403" in page and "?jalali=1400" in page and "date_hierarchy" not in page

    year = staff_client.get(reverse(CHANGELIST), {"jalali": "1402"}).content.decode()
    assert "اسفندی" in year and "فروردینی" not in year and "قدیمی" not in year
    assert "اسفند ۱۴۰۲" in year  # the months of the chosen year are offered

    month = staff_client.get(reverse(CHANGELIST), {"jalali": "1403-1"}).content.decode()
    assert "فروردینی" in month and "اسفندی" not in month


def test_a_nonsense_filter_value_lists_everything_instead_of_failing(staff_client):
    make_article("اسفندی", published_on=datetime.date(2024, 3, 4))
    response = staff_client.get(reverse(CHANGELIST), {"jalali": "۱۴۰۲-۹۹"})
    assert response.status_code == 200


@pytest.mark.parametrize("typed", ["۱۴۰۲/۱۲/۱۴", "1402/12/14", "۱۴ اسفند ۱۴۰۲", "2024-03-04"])
def test_an_editor_types_the_date_in_any_digits(staff_client, typed):
    article = make_article("بیانیه", published_on=None)
    response = _change(staff_client, article, published_on=typed)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.published_on == datetime.date(2024, 3, 4)


def test_the_date_box_shows_the_jalali_date_with_the_gregorian_beside(staff_client):
    article = make_article("بیانیه", published_on=datetime.date(2024, 3, 4))
    url = reverse("admin:archive_article_change", args=[article.pk])
    page = staff_client.get(url).content.decode()
    assert 'value="۱۴۰۲/۱۲/۱۴"' in page
    assert "2024-03-04" in page


def test_an_impossible_date_is_refused_with_the_reason(staff_client):
    article = make_article("بیانیه", published_on=None)
    page = _change(staff_client, article, published_on="۱۴۰۲/۱۲/۳۰").content.decode()
    assert "تاریخی که وجود دارد نیست" in page
    article.refresh_from_db()
    assert article.published_on is None


def test_changing_the_date_as_written_changes_the_date(staff_client):
    article = make_article("بیانیه", published_on=datetime.date(2024, 3, 4))
    article.date_text = "۱۴ اسفند ۱۴۰۲"
    article.save()
    _change(staff_client, article, published_on="۱۴۰۲/۱۲/۱۴", date_text="۱۵ اسفند ۱۴۰۲")
    article.refresh_from_db()
    assert article.published_on == datetime.date(2024, 3, 5)
    assert article.date_text == "۱۵ اسفند ۱۴۰۲"


def test_an_impossible_date_as_written_is_a_form_error(staff_client):
    article = make_article("بیانیه", published_on=datetime.date(2024, 3, 4))
    response = _change(staff_client, article, published_on="۱۴۰۲/۱۲/۱۴", date_text="۳۰ اسفند ۱۴۰۲")
    assert "تاریخی که وجود دارد نیست" in response.content.decode()
    assert Article.objects.get(pk=article.pk).date_text == ""


def test_times_of_saving_are_jalali_too(staff_client):
    article = make_article("بیانیه", published_on=None)
    moment = datetime.datetime(2024, 3, 4, 9, 30, tzinfo=datetime.UTC)  # 13:00 in Tehran
    Article.objects.filter(pk=article.pk).update(created_at=moment, updated_at=moment)
    listed = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert "۱۴ اسفند ۱۴۰۲، ۱۳:۰۰" in listed
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert "۱۴ اسفند ۱۴۰۲، ۱۳:۰۰" in staff_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("person", make_person),
        ("organisation", make_organisation),
        ("relinkjob", RelinkJob.objects.create),
    ],
)
def test_every_list_with_times_shows_them_in_jalali(staff_client, model, make):
    make()
    page = staff_client.get(reverse(f"admin:archive_{model}_changelist")).content.decode()
    this_year = jalali_display(timezone.localdate()).split()[-1]
    assert this_year in page.split("result_list")[1]


def test_a_date_typed_beside_another_error_shows_its_gregorian(staff_client):
    article = make_article("بیانیه", published_on=None)
    html = _change(staff_client, article, title="", published_on="۱۴۰۲/۱۲/۱۴").content.decode()
    assert "2024-03-04" in html and 'value="۱۴۰۲/۱۲/۱۴"' in html
