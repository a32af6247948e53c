"""The JSON API: search results, facets and suggestions; 400s with messages, never 500s."""

import datetime

import pytest
from django.urls import reverse

from archive import forms
from tests.factories import (
    article,
    indexed,
    person,
    publication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_with_an_interview(fresh_index):
    guest = person("شهلا دانشفر", "shahla")
    interview = article(
        "کارگران نیشکر هفت تپه",
        "شهلا دانشفر: كارگران نیشکر هفت تپه شورا را اجرایی میکنند.",
        published_on=datetime.date(2021, 9, 11),
        publication=publication("انترناسیونال", "international"),
        people=((guest, "speaker"),),
        turns=((guest, "كارگران نیشکر هفت تپه شورا را اجرایی میکنند."),),
    )
    indexed(interview, article("دیگر", "متنی دیگر", published_on=datetime.date(2020, 1, 1)))
    return interview


def get(client, **params):
    return client.get(reverse("archive:api-search"), params)


def test_search_returns_results_facets_and_highlights(client, archive_with_an_interview):
    response = get(client, q="کارگر", person="shahla", year_from="1400", year_to="1400")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (result,) = data["results"]
    assert result["title"] == "کارگران نیشکر هفت تپه"
    assert result["url"] == archive_with_an_interview.get_absolute_url()
    assert result["date"] == "2021-09-11"
    assert result["date_jalali"] == "۲۰ شهریور ۱۴۰۰"
    assert result["publication"] == "انترناسیونال"
    assert result["kind"] == "article"
    assert "<mark>كارگران</mark>" in result["snippets"][0]
    assert result["people"] == [
        {"name": "شهلا دانشفر", "slug": "shahla", "url": "/people/shahla/", "role": "speaker"}
    ]
    assert result["organisations"] == []
    assert data["facets"]["person"] == [{"value": "shahla", "label": "شهلا دانشفر", "count": 1}]
    assert data["facets"]["year"] == [{"value": 1400, "label": "۱۴۰۰", "count": 1}]
    assert data["suggestion"] is None


def test_speaker_search_returns_turns(client, archive_with_an_interview):
    data = get(client, q="شورا", speaker="shahla").json()
    assert [r["kind"] for r in data["results"]] == ["turn"]
    assert data["results"][0]["url"].endswith("#turn-1")


def test_empty_query_lists_everything_newest_first(client, archive_with_an_interview):
    data = get(client).json()
    assert [r["date"] for r in data["results"]] == ["2021-09-11", "2020-01-01"]


def test_suggestion_when_nothing_is_found(client, archive_with_an_interview):
    data = get(client, q="نیشکرر").json()
    assert data["count"] == 0
    assert data["suggestion"] == "نیشکر"


@pytest.mark.parametrize("q", ['"نیشکر', "OR OR", "-", "x" * 5000])
def test_malformed_queries_are_not_errors(client, archive_with_an_interview, q):
    assert get(client, q=q).status_code == 200


def test_persian_digits_in_year_parameters(client, archive_with_an_interview):
    assert get(client, year_from="۱۴۰۰").json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"date_from": "1400-06-20"}, 1),  # 2021-09-11
        ({"date_from": "۱۴۰۰/۰۶/۲۱"}, 0),
        ({"date_to": "2021-09-11"}, 2),
        ({"date_from": "2021-09-12"}, 0),
    ],
)
def test_date_parameters_reach_the_day_in_either_calendar(
    client, archive_with_an_interview, params, count
):
    assert get(client, **params).json()["count"] == count


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year_from": "abc"}, "year_from", forms.INVALID_YEAR),
        ({"year_from": "900"}, "year_from", forms.INVALID_YEAR),
        ({"year_to": "3000"}, "year_to", forms.INVALID_YEAR),
        ({"year_from": "1402", "year_to": "1399"}, "year_to", forms.REVERSED_YEARS),
        ({"year_from": "2024", "year_to": "1399"}, "year_to", forms.REVERSED_YEARS),
        ({"date_from": "1400-13-01"}, "date_from", forms.INVALID_DAY),
        ({"date_to": "yesterday"}, "date_to", forms.INVALID_DAY),
        ({"date_from": "1400-06-02", "date_to": "1400-06-01"}, "date_to", forms.REVERSED_DAYS),
        ({"page": "0"}, "page", forms.INVALID_PAGE),
        ({"page": "two"}, "page", forms.INVALID_PAGE),
        ({"person": "a b"}, "person", forms.INVALID_SLUG),
        ({"organisation": "<x>"}, "organisation", forms.INVALID_SLUG),
        ({"role": "author"}, "role", forms.ROLE_WITHOUT_ENTITY),
    ],
)
def test_invalid_parameters_give_400_with_a_message(client, db, params, field, message):
    response = get(client, **params)
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == forms.INVALID_PARAMETERS
    assert data["fields"][field] == [message]


@pytest.mark.parametrize(("name", "value"), [("sort", "size"), ("kind", "book"), ("role", "king")])
def test_invalid_choices_give_400(client, db, name, value):
    response = get(client, **{name: value, "person": "someone"})
    assert response.status_code == 400
    assert value in response.json()["fields"][name][0]


def test_post_is_not_allowed(client, db):
    assert client.post(reverse("archive:api-search")).status_code == 405


def test_autocomplete(client, db):
    person("شهلا دانشفر", "shahla").aliases.create(name="شهلا")
    response = client.get(reverse("archive:api-autocomplete"), {"q": "شه"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {"name": "شهلا دانشفر", "slug": "shahla", "url": "/people/shahla/", "kind": "person"}
        ]
    }
    assert client.get(reverse("archive:api-autocomplete")).json() == {"results": []}


def test_the_search_page_uses_the_same_search(client, archive_with_an_interview):
    response = client.get(reverse("archive:search"), {"q": "کارگر"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>كارگران</mark>" in html
    assert archive_with_an_interview.get_absolute_url() in html
    assert client.get(reverse("archive:search"), {"year_from": "x"}).status_code == 400


def test_the_search_page_filters_by_day(client, archive_with_an_interview):
    response = client.get(reverse("archive:search"), {"q": "کارگر", "date_to": "1400-06-19"})
    assert response.status_code == 200
    assert 'name="date_to" value="1400-06-19"' in response.content.decode()
    assert response.context["results"].count == 0
