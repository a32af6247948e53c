import datetime
from html import unescape

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from archive.selectors import YearCount
from archive.templatetags import archive_extras


def test_paragraphs_split_at_blank_lines():
    text = "بند یک\nادامه\n\n  \n\nبند دو\r\n\r\nبند سه\n"
    assert archive_extras.split_paragraphs(text) == ["بند یک\nادامه", "بند دو", "بند سه"]


def test_numbers_and_dates_use_persian_digits_in_persian():
    with translation.override("fa"):
        assert archive_extras.digits(1402) == "۱۴۰۲"
        assert archive_extras.num(20000) == "۲۰٬۰۰۰"
        assert archive_extras.jdate(datetime.date(2023, 5, 1)) == "۱۱ اردیبهشت ۱۴۰۲"
        assert archive_extras.gdate(datetime.date(2023, 5, 1)) == "۱ مه ۲۰۲۳"


def test_numbers_and_dates_use_ascii_digits_in_english():
    with translation.override("en"):
        assert archive_extras.digits(1402) == "1402"
        assert archive_extras.num(20000) == "20,000"
        assert archive_extras.jdate(datetime.date(2023, 5, 1)) == "11 Ordibehesht 1402"
        assert archive_extras.gdate(datetime.date(2023, 5, 1)) == "1 May 2023"


def render(source: str, path: str = "/", **context) -> str:
    request = RequestFactory().get(path)
    # Unescape: the tags' output is HTML-escaped for use in href attributes.
    return unescape(
        Template("{% load archive_extras %}" + source).render(
            Context({"request": request, **context})
        )
    )


def test_pagination_links_keep_the_rest_of_the_query_string():
    page = Paginator(list(range(50)), 10).page(2)
    html = render('{% pagination page "wrote" "wrote" %}', "/p/x/?q=کار&wrote=2&said=3", page=page)
    assert 'href="?q=%DA%A9%D8%A7%D8%B1&wrote=1&said=3#wrote"' in html
    assert 'href="?q=%DA%A9%D8%A7%D8%B1&wrote=3&said=3#wrote"' in html


def test_page_window_links_the_ends_and_the_neighbours_with_gaps_between():
    assert archive_extras.page_window(7, 15) == [1, None, 5, 6, 7, 8, 9, None, 15]
    assert archive_extras.page_window(1, 3) == [1, 2, 3]
    # A gap of one page shows the page, not "…".
    assert archive_extras.page_window(4, 8) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert archive_extras.page_window(15, 15) == [1, None, 13, 14, 15]


def test_numbered_pages_in_persian_digits():
    page = Paginator(list(range(300)), 10).page(12)
    with translation.override("fa"):
        html = render("{% pagination page %}", "/x/?q=کار&page=12", page=page)
    assert ">۱۲</span>" in html
    assert 'href="?q=%DA%A9%D8%A7%D8%B1&page=30">۳۰</a>' in html
    assert '<span class="pagination__gap" aria-hidden="true">…</span>' in html
    with translation.override("en"):
        html = render("{% pagination page %}", "/x/?page=12", page=page)
    assert 'href="?page=30">30</a>' in html
    assert "Page 12 of 30" in html


def test_facet_url_sets_a_filter_drops_the_page_and_toggles_off():
    assert render("{% facet_url 'person' 'reza' %}", "/search/?q=x&page=4") == "?q=x&person=reza"
    assert render("{% facet_url 'person' 'reza' %}", "/search/?q=x&person=reza") == "?q=x"


def test_year_chart_covers_every_year_in_the_span():
    layout = archive_extras.year_chart([YearCount(1400, 4), YearCount(1402, 2)])
    bars = layout["bars"]
    assert [b["year"] for b in bars] == [1400, 1401, 1402]
    assert [b["count"] for b in bars] == [4, 0, 2]
    assert bars[0]["height"] == 2 * bars[2]["height"]
    assert bars[1]["height"] == 0


@pytest.mark.django_db
def test_language_url_translates_the_current_page():
    assert render("{% language_url 'en' %}", "/people/") == "/en/people/"


def test_text_dir_follows_the_texts_language():
    assert archive_extras.text_dir("fa") == "rtl"
    assert archive_extras.text_dir("en") == "ltr"
    assert archive_extras.text_dir("") == "ltr"
