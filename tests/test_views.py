import datetime
import io
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from archive import search
from archive.models import Article
from tests.factories import (
    make_article,
    make_organisation,
    make_person,
    make_publication,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return unescape(response.content.decode())


def between(page: str, start: str, end: str) -> str:
    """Return the part of the page from `start` to the first `end` after it."""
    first = page.index(start)
    return page[first : page.index(end, first)]


@pytest.fixture
def archive():
    """A small archive: one interview, one statement, people and an organisation linking them."""
    host = make_person("جعفر عظیم‌زاده", slug="jafar")
    guest = make_person(
        "پروین محمدی", slug="parvin", aliases=("پروين محمدي",), description="فعال کارگری."
    )
    mentioned = make_person("رضا شهابی", slug="reza")
    union = make_organisation("سندیکای کارگران شرکت واحد", slug="vahed")
    publication = make_publication("نشریه کار", slug="kar", organisation=union)
    interview = make_article(
        "گفت‌وگو با پروین محمدی",
        slug="interview",
        published_on=datetime.date(2023, 5, 1),
        publication=publication,
        publication_issue="شماره ۱۲",
        source_url="https://example.org/interview",
        hosts=(host,),
        mentioned=(mentioned,),
        organisations=(union,),
        turns=(
            (host, "از اعتصاب بگویید."),
            (guest, "کارگران دستمزد معوقه داشتند.\n\nما متحد شدیم."),
            (host, "و بعد؟"),
            (guest, "سندیکا را دوباره ساختیم."),
        ),
    )
    statement = make_article(
        "بیانیه دربارهٔ حداقل دستمزد",
        slug="statement",
        body="بند نخست بیانیه.\n\nبند دوم بیانیه.",
        published_on=datetime.date(2021, 9, 11),
        authors=(guest,),
        mentioned=(mentioned,),
        organisations=(union,),
    )
    return {
        "host": host,
        "guest": guest,
        "mentioned": mentioned,
        "union": union,
        "publication": publication,
        "interview": interview,
        "statement": statement,
    }


# --- Whole site -----------------------------------------------------------------------------


def test_persian_pages_are_right_to_left_and_english_left_to_right(client, archive):
    persian = html(client.get("/"))
    english = html(client.get("/en/"))
    assert '<html lang="fa" dir="rtl">' in persian
    assert '<html lang="en" dir="ltr">' in english
    assert "آرشیو جنبش کارگری" in persian
    assert "Labour movement archive" in english


def test_persian_text_stays_right_to_left_on_english_pages(client, archive):
    page = html(client.get("/en/articles/statement/"))
    assert '<html lang="en" dir="ltr">' in page
    assert '<div class="article__body" lang="fa" dir="rtl">' in page


def test_language_switch_links_to_the_same_page_in_the_other_language(client, archive):
    url = archive["interview"].get_absolute_url()
    persian = html(client.get(url))
    assert f'href="/en{url}"' in persian
    english = html(client.get(f"/en{url}"))
    assert f'href="{url}"' in english


def test_persian_404_page(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "صفحه یافت نشد" in html(response)


def test_english_404_page(client):
    response = client.get("/en/people/nobody/")
    assert response.status_code == 404
    assert "Page not found" in html(response)


def test_500_page_speaks_persian_and_english():
    page = render_to_string("500.html")
    assert 'dir="rtl"' in page
    assert "خطایی در سرور رخ داد" in page
    assert "Server error" in page


def test_web_font_is_served_from_our_own_static_files(client, archive):
    page = html(client.get("/"))
    stylesheet = re.search(r'href="([^"]+site\.css)"', page).group(1)
    assert stylesheet.startswith("/static/")
    # Every resource the page loads is local: no other host appears in src/href of assets.
    assets = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', page)
    assert assets and all(a.startswith("/") for a in assets)


def test_imported_text_is_escaped(client):
    article = make_article("<script>alert(1)</script>", body="<b>not bold</b>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content
    assert "&lt;b&gt;not bold&lt;/b&gt;" in content


# --- Home -----------------------------------------------------------------------------------


def test_home_shows_search_latest_counts_chart_and_most_mentioned(client, archive):
    page = html(client.get("/"))
    assert 'name="q"' in page
    assert 'data-autocomplete="/api/autocomplete/"' in page
    # Latest first.
    assert page.index("گفت‌وگو با پروین محمدی") < page.index("بیانیه دربارهٔ حداقل دستمزد")
    # Counts in Persian digits: 2 articles, 3 people.
    assert re.search(r"<dt>نوشته‌ها</dt><dd>۲</dd>", page)
    assert re.search(r"اشخاص</a></dt><dd>۳</dd>", page)
    # The chart links each Jalali year to its browse page.
    assert 'href="/browse/1402/"' in page
    assert 'href="/browse/1400/"' in page
    assert "۱۴۰۲" in page
    # Most mentioned: رضا شهابی and the union are mentioned in both articles.
    top_people = page[page.index('id="top-people-title"') : page.index('id="top-orgs-title"')]
    assert 'href="/people/reza/"' in top_people
    assert 'href="/people/jafar/"' not in top_people  # hosts, never mentioned
    assert 'href="/organisations/vahed/"' in page[page.index('id="top-orgs-title"') :]


def test_home_in_english_uses_ascii_digits(client, archive):
    page = html(client.get("/en/"))
    assert re.search(r"<dt>Articles</dt><dd>2</dd>", page)
    assert "11 Ordibehesht 1402" in page
    assert "۱۴۰۲" not in page


def test_home_on_an_empty_archive(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "هنوز نوشته‌ای نیست." in html(response)


# --- Article --------------------------------------------------------------------------------


def test_article_shows_title_dates_publication_and_source(client, archive):
    page = html(client.get(archive["interview"].get_absolute_url()))
    assert "<title>گفت‌وگو با پروین محمدی" in page
    assert "۱۱ اردیبهشت ۱۴۰۲" in page
    assert "۱ مه ۲۰۲۳" in page  # Gregorian alongside, Persian digits
    assert 'href="/publications/kar/"' in page
    assert "شماره ۱۲" in page
    assert 'href="https://example.org/interview"' in page


def test_interview_is_a_dialogue_with_linked_speakers_and_anchors(client, archive):
    page = html(client.get(archive["interview"].get_absolute_url()))
    for position in range(1, 5):
        assert f'id="turn-{position}"' in page
        assert f'href="#turn-{position}"' in page
    turn_2 = page[page.index('id="turn-2"') : page.index('id="turn-3"')]
    assert 'href="/people/parvin/"' in turn_2
    # A turn's blank-line-separated paragraphs stay separate paragraphs.
    assert "<p>کارگران دستمزد معوقه داشتند.</p><p>ما متحد شدیم.</p>" in turn_2


def test_article_body_is_split_into_paragraphs(client, archive):
    page = html(client.get(archive["statement"].get_absolute_url()))
    assert "<p>بند نخست بیانیه.</p><p>بند دوم بیانیه.</p>" in page


def test_article_links_authors_mentions_and_organisations(client, archive):
    page = html(client.get(archive["statement"].get_absolute_url()))
    assert 'href="/people/parvin/"' in page  # author
    assert 'href="/people/reza/"' in page  # mentioned
    assert 'href="/organisations/vahed/"' in page


def cite_text(page: str) -> str:
    """Return the reference as the page shows it, checking the copy button copies the same."""
    found = re.search(r'id="cite-text" data-copy-text="([^"]*)">(.*?)</p>', page)
    copied, shown = found.group(1), re.sub(r"<[^>]+>", "", found.group(2))
    assert copied.replace("\u2068", "").replace("\u2069", "") == shown
    return shown


def test_article_can_be_cited(client, archive):
    statement = archive["statement"]
    page = html(client.get(statement.get_absolute_url()))
    permalink = f"http://testserver/a/{statement.pk}/"
    assert f'href="{permalink}"' in page
    assert '<link rel="canonical" href="http://testserver/articles/statement/">' in page
    assert cite_text(page) == (
        "پروین محمدی، «بیانیه دربارهٔ حداقل دستمزد»، ۲۰ شهریور ۱۴۰۰ (۲۰۲۱-۰۹-۱۱). " + permalink
    )
    assert f"@online{{archive{statement.pk}," in page
    assert "title = {بیانیه دربارهٔ حداقل دستمزد}" in page
    assert "author = {پروین محمدی}" in page
    assert "date = {2021-09-11}" in page
    assert f"url = {{{permalink}}}" in page


def test_interview_citation_names_the_guest_and_the_interviewer(client, archive):
    interview = archive["interview"]
    page = html(client.get(interview.get_absolute_url()))
    assert cite_text(page) == (
        "پروین محمدی، گفت‌وگو از جعفر عظیم‌زاده، «گفت‌وگو با پروین محمدی»، نشریه کار، شماره ۱۲، "
        f"۱۱ اردیبهشت ۱۴۰۲ (۲۰۲۳-۰۵-۰۱). http://testserver/a/{interview.pk}/"
    )
    assert "author = {پروین محمدی}" in page
    assert "number = {12}" in page


def test_article_has_highwire_meta_tags_for_zotero(client, archive):
    interview = archive["interview"]
    page = html(client.get(interview.get_absolute_url()))
    head = page[: page.index("</head>")]
    for name, content in [
        ("citation_title", "گفت‌وگو با پروین محمدی"),
        ("citation_author", "پروین محمدی"),
        ("citation_date", "2023/05/01"),
        ("citation_journal_title", "نشریه کار"),
        ("citation_publisher", "سندیکای کارگران شرکت واحد"),
        ("citation_issue", "12"),
        ("citation_language", "fa"),
        ("citation_public_url", f"http://testserver/a/{interview.pk}/"),
    ]:
        assert f'<meta name="{name}" content="{content}">' in head


def test_citation_downloads_for_reference_managers(client, archive):
    interview = archive["interview"]
    page = html(client.get(interview.get_absolute_url()))
    for url in (f"/a/{interview.pk}/cite.ris", f"/a/{interview.pk}/cite.json"):
        assert f'href="{url}" download' in page
    ris = client.get(f"/a/{interview.pk}/cite.ris")
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert f'filename="archive-{interview.pk}.ris"' in ris["Content-Disposition"]
    assert "AU  - پروین محمدی\r\n" in ris.content.decode()
    csl = client.get(f"/a/{interview.pk}/cite.json")
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = csl.json()
    assert item["type"] == "interview"
    assert item["interviewer"] == [{"literal": "جعفر عظیم‌زاده"}]
    assert item["URL"] == f"http://testserver/a/{interview.pk}/"
    bib = client.get(f"/a/{interview.pk}/cite.bib")
    assert bib.content.decode().startswith(f"@article{{archive{interview.pk},")
    assert client.get("/a/999999/cite.ris").status_code == 404


def test_citation_has_copy_buttons_run_by_our_own_script(client, archive):
    page = html(client.get(archive["statement"].get_absolute_url()))
    for target in ("cite-text", "cite-bibtex", "cite-permalink"):
        assert f'data-copy-target="{target}"' in page
        assert f'id="{target}"' in page
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert finders.find("js/copy.js")


def test_the_permanent_address_follows_the_article_when_its_title_changes(client, archive):
    statement = archive["statement"]
    response = client.get(f"/a/{statement.pk}/", {"q": "دستمزد"})
    assert response.status_code == 302
    assert response["Location"] == "/articles/statement/?q=%D8%AF%D8%B3%D8%AA%D9%85%D8%B2%D8%AF"
    statement.slug = "statement-renamed"
    statement.save()
    assert client.get(f"/a/{statement.pk}/")["Location"] == "/articles/statement-renamed/"
    assert client.get("/a/999999/").status_code == 404


def test_article_marks_the_words_of_the_search_that_led_to_it(client, archive):
    page = html(client.get(archive["statement"].get_absolute_url(), {"q": "بيانيه"}))
    # Arabic letter forms in the query still mark the Persian spelling in the text.
    assert "<p>بند نخست <mark>بیانیه.</mark></p>" in page
    assert "۲ مورد از واژه‌های جست‌وجو" in page
    assert 'name="q" value="بيانيه"' in page
    assert 'href="/search/?q=%D8%A8%D9%8A%D8%A7%D9%86%D9%8A%D9%87"' in page


def test_article_marks_words_in_an_interviews_turns(client, archive):
    page = html(client.get(archive["interview"].get_absolute_url(), {"q": "سندیکا"}))
    turn_4 = page[page.index('id="turn-4"') :]
    assert "<mark>سندیکا</mark> را دوباره ساختیم." in turn_4
    assert "۱ مورد از واژه‌های جست‌وجو" in page


def test_find_in_article_without_a_match_or_words(client, archive):
    url = archive["statement"].get_absolute_url()
    missing = html(client.get(url, {"q": "نیشکر"}))
    assert "واژه‌های جست‌وجو در متن این نوشته نیامده‌اند." in missing
    assert "<mark>" not in missing
    plain = html(client.get(url))
    assert 'id="find-q"' in plain
    assert "<mark>" not in plain
    # Markup in the words is text, never HTML.
    hostile = client.get(url, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in hostile
    assert "&lt;script&gt;alert(1)" in hostile
    assert client.get(url, {"q": "x" * 5000}).status_code == 200


def test_article_lists_related_articles_sharing_people_and_organisations(client, archive):
    unrelated = make_article("نوشته‌ای بی‌ربط", slug="unrelated")
    page = html(client.get(archive["interview"].get_absolute_url()))
    related = page[page.index('id="related-title"') :]
    assert 'href="/articles/statement/"' in related
    assert unrelated.get_absolute_url() not in related


def test_unknown_article_is_404(client):
    assert client.get("/articles/missing/").status_code == 404


# --- Person and organisation ----------------------------------------------------------------


def test_person_page_shows_name_aliases_description_and_what_they_said(client, archive):
    page = html(client.get("/people/parvin/"))
    assert '<h1 id="entity-title"><bdi>پروین محمدی</bdi></h1>' in page
    assert "پروين محمدي" in page  # alias
    assert "فعال کارگری." in page
    # Their turns, linked back to their place in the interview.
    assert 'href="/articles/interview/#turn-2"' in page
    assert 'href="/articles/interview/#turn-4"' in page
    assert "سندیکا را دوباره ساختیم." in page
    # The host's turns are not theirs.
    assert "از اعتصاب بگویید." not in page


def test_person_page_offers_search_within_their_turns(client, archive):
    page = html(client.get("/people/parvin/"))
    form = page[page.index('class="search-within"') :]
    form = form[: form.index("</form>")]
    assert 'action="/search/"' in form
    assert 'name="speaker" value="parvin"' in form
    assert 'name="kind" value="turn"' in form


def test_person_page_shows_writing_mentions_companions_and_timeline(client, archive):
    page = html(client.get("/people/reza/"))
    mentioned = page[page.index('id="mentioned"') :]
    assert 'href="/articles/interview/"' in mentioned
    assert 'href="/articles/statement/"' in mentioned
    companions = page[page.index('id="with-people-title"') :]
    assert 'href="/people/parvin/"' in companions
    assert 'href="/organisations/vahed/"' in companions
    # Timeline bars search this person's articles within the year.
    assert 'href="/search/?person=reza&year_from=1402&year_to=1402"' in page

    writer = html(client.get("/people/parvin/"))
    wrote = writer[writer.index('id="wrote"') : writer.index('id="mentioned"')]
    assert 'href="/articles/statement/"' in wrote


def test_organisation_page_shows_publications_mentions_and_companions(client, archive):
    page = html(client.get("/organisations/vahed/"))
    assert "<bdi>سندیکای کارگران شرکت واحد</bdi></h1>" in page
    assert 'href="/publications/kar/"' in page
    wrote = page[page.index('id="wrote"') : page.index('id="mentioned"')]
    assert 'href="/articles/interview/"' in wrote  # published in its publication
    companions = page[page.index('id="with-people-title"') :]
    assert 'href="/people/reza/"' in companions
    assert 'href="/search/?organisation=vahed&year_from=1400&year_to=1400"' in page


def test_person_lists_paginate_separately_and_keep_the_query_string(client):
    person = make_person("نویسنده پرکار", slug="prolific")
    for i in range(25):
        make_article(f"نوشته {i}", authors=(person,), published_on=datetime.date(2020, 1, 1))
    page = html(client.get("/people/prolific/?mentioned=1"))
    assert 'href="?mentioned=1&wrote=2#wrote"' in page
    second = html(client.get("/people/prolific/?mentioned=1&wrote=2"))
    assert "صفحهٔ ۲ از ۳" in second


# --- Browse ---------------------------------------------------------------------------------


def test_browse_lists_jalali_years(client, archive):
    page = html(client.get("/browse/"))
    assert 'href="/browse/1402/"' in page
    assert 'href="/browse/1400/"' in page


def test_browse_year_lists_months_and_articles(client, archive):
    page = html(client.get("/browse/1402/"))
    assert 'href="/browse/1402/2/"' in page  # اردیبهشت has an article
    assert 'href="/browse/1402/3/"' not in page  # خرداد has none
    assert 'href="/articles/interview/"' in page
    assert 'href="/articles/statement/"' not in page


def test_browse_month_lists_its_articles(client, archive):
    page = html(client.get("/browse/1402/2/"))
    assert "اردیبهشت ۱۴۰۲" in page
    assert 'href="/articles/interview/"' in page
    assert "Ordibehesht 1402" in html(client.get("/en/browse/1402/2/"))


def test_browse_month_at_the_turn_of_the_jalali_year(client):
    make_article("آخر سال", slug="esfand", published_on=datetime.date(2023, 3, 20))
    make_article("نوروز", slug="nowruz", published_on=datetime.date(2023, 3, 21))
    esfand = html(client.get("/browse/1401/12/"))
    assert 'href="/articles/esfand/"' in esfand
    assert 'href="/articles/nowruz/"' not in esfand
    assert 'href="/articles/nowruz/"' in html(client.get("/browse/1402/1/"))


@pytest.mark.parametrize("url", ["/browse/1402/13/", "/browse/1402/0/", "/browse/99999/"])
def test_impossible_periods_are_404(client, url):
    assert client.get(url).status_code == 404


def test_publications_list_and_publication_page(client, archive):
    listing = html(client.get("/publications/"))
    assert 'href="/publications/kar/"' in listing
    assert 'href="/organisations/vahed/"' in listing
    page = html(client.get("/publications/kar/"))
    assert 'href="/articles/interview/"' in page
    assert 'href="/articles/statement/"' not in page


def test_people_a_to_z_in_persian_alphabetical_order(client):
    for name in ["گلناز", "ژاله", "كاظم", "پرویز", "بهروز", "آرش", "احمد"]:
        make_person(name)
    page = html(client.get("/people/"))
    listing = page[page.index('class="name-list"') :]
    positions = [
        listing.index(n) for n in ["احمد", "آرش", "بهروز", "پرویز", "ژاله", "كاظم", "گلناز"]
    ]
    assert positions == sorted(positions)


def test_people_a_to_z_filters_by_letter_with_arabic_forms_folded(client):
    make_person("كاظم")  # Arabic kaf
    make_person("کریم")
    make_person("گلناز")
    page = html(client.get("/people/", {"letter": "ک"}))
    listing = page[page.index('class="name-list"') :]
    assert "كاظم" in listing and "کریم" in listing
    assert "گلناز" not in listing


def test_people_a_to_z_pagination_keeps_the_letter(client):
    for i in range(60):
        make_person(f"بهرام {i}")
    page = html(client.get("/people/", {"letter": "ب"}))
    assert 'href="?letter=%D8%A8&page=2"' in page


def test_organisations_a_to_z(client, archive):
    make_organisation("اتحادیه آزاد کارگران")
    page = html(client.get("/organisations/"))
    listing = page[page.index('class="name-list"') :]
    assert listing.index("اتحادیه آزاد کارگران") < listing.index("سندیکای کارگران شرکت واحد")


def test_bad_page_numbers_still_give_a_page(client, archive):
    assert client.get("/publications/kar/?page=abc").status_code == 200
    assert client.get("/publications/kar/?page=999").status_code == 200


# --- Feed and sitemap ------------------------------------------------------------------------


def test_sitemap_lists_pages_in_both_languages(client, archive):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = unescape(response.content.decode())
    assert "http://testserver/articles/interview/" in content
    assert "http://testserver/en/articles/interview/" in content
    assert "http://testserver/people/parvin/" in content
    assert "http://testserver/organisations/vahed/" in content


# --- Bounded queries ------------------------------------------------------------------------


def _grow(archive, times: int) -> None:
    """Add articles, people, turns and mentions that every page under test would list."""
    for i in range(times):
        person = make_person(f"همراه {i}")
        organisation = make_organisation(f"تشکل {i}")
        make_article(
            f"گفت‌وگوی دیگر {i}",
            published_on=datetime.date(2010 + i, 6, 1),
            publication=archive["publication"],
            authors=(person,),
            mentioned=(archive["mentioned"], archive["guest"]),
            organisations=(archive["union"], organisation),
            turns=((archive["guest"], f"پاسخ {i}"), (person, f"پرسش {i}")),
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/interview/",
        "/people/parvin/",
        "/people/reza/",
        "/organisations/vahed/",
        "/publications/kar/",
        "/browse/1402/",
        "/people/",
    ],
)
def test_query_count_does_not_grow_with_the_archive(
    client, archive, url, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(archive, 2)
    small = count()
    _grow(archive, 8)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    assert count() == small
    assert small <= 20


# --- Search ---------------------------------------------------------------------------------


@pytest.fixture
def searchable(archive, fresh_index):
    """The small archive plus an article in Arabic letter forms, all indexed."""
    arabic = make_article(
        "اعتصاب در نیشکر",
        slug="nishkar",
        body="كارگران نيشكر هفت تپه دست از كار كشيدند.",
        published_on=datetime.date(2018, 11, 20),
        mentioned=(archive["mentioned"],),
    )
    search.index_articles(a.pk for a in [archive["interview"], archive["statement"], arabic])
    return archive


def test_search_page_without_a_query_shows_the_form_and_tips(client, fresh_index):
    page = html(client.get("/search/"))
    assert 'name="q"' in page
    assert "راهنما" in page


def test_search_finds_a_variant_spelling_with_highlighted_snippets(client, searchable):
    response = client.get("/search/", {"q": "کارگران نیشکر"})
    page = html(response)
    assert response.status_code == 200
    assert "۱ نتیجه" in page
    # The hit carries the words to the article, which marks them.
    assert f'href="/articles/nishkar/?{urlencode({"q": "کارگران نیشکر"})}"' in page
    assert "<mark>" in page


def test_search_facets_are_links_that_keep_the_query(client, searchable):
    page = html(client.get("/search/", {"q": "دستمزد"}))
    facets = page[page.index('class="columns__side facets"') :]
    assert 'href="?q=%D8%AF%D8%B3%D8%AA%D9%85%D8%B2%D8%AF&person=reza"' in facets
    assert "year_from=1400&year_to=1400" in facets


def test_search_sorts_by_date(client, searchable):
    page = html(client.get("/search/", {"q": "", "sort": "date"}))
    hits = page[page.index('class="hits"') :]
    assert hits.index("/articles/nishkar/") < hits.index("/articles/statement/")
    assert hits.index("/articles/statement/") < hits.index('"/articles/interview/"')
    assert '<option value="date" selected>' in page


def test_search_year_range(client, searchable):
    page = html(client.get("/search/", {"year_from": "1400", "year_to": "1401"}))
    hits = page[page.index('class="hits"') :]
    assert "/articles/statement/" in hits
    assert "/articles/nishkar/" not in hits
    assert "/articles/interview/" not in hits


def test_search_suggests_a_spelling_when_nothing_is_found(client, searchable):
    page = html(client.get("/search/", {"q": "نیشکرر"}))
    assert "۰ نتیجه" in page
    assert "منظورتان این بود:" in page
    assert 'href="?q=%D9%86%DB%8C%D8%B4%DA%A9%D8%B1"' in page


@pytest.mark.parametrize("q", ['"نیشکر', "((", "-", "OR", "*"])
def test_malformed_queries_still_give_a_page(client, searchable, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "نتیجه" in html(response)


def test_bad_search_options_give_a_page_with_the_error(client, searchable):
    response = client.get("/search/", {"q": "کار", "year_from": "abc"})
    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page
    assert 'name="q" value="کار"' in page


def test_search_results_paginate_keeping_the_query(client, fresh_index):
    articles = [make_article(f"گزارش {i}", body="اعتصاب کارگران") for i in range(25)]
    search.index_articles(a.pk for a in articles)
    page = html(client.get("/search/", {"q": "اعتصاب"}))
    assert 'href="?q=%D8%A7%D8%B9%D8%AA%D8%B5%D8%A7%D8%A8&page=2"' in page


def test_search_within_a_speakers_turns(client, searchable):
    page = html(client.get("/search/", {"speaker": "parvin", "kind": "turn", "q": "سندیکا"}))
    assert 'href="/articles/interview/?q=%D8%B3%D9%86%D8%AF%DB%8C%DA%A9%D8%A7#turn-4"' in page
    assert "پروین محمدی گفت" in page
    # The filter is kept for the next search.
    assert 'name="speaker" value="parvin"' in page


def test_search_in_english(client, searchable):
    page = html(client.get("/en/search/", {"q": "نیشکر"}))
    assert '<html lang="en" dir="ltr">' in page
    assert "1 result" in page
    assert "29 Aban 1397" in page


@pytest.mark.parametrize(
    "url", ["/", "/people/", "/browse/", "/search/", "/feed/", "/publications/kar/"]
)
def test_public_pages_are_read_only(client, archive, url):
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("prefix", "message", "other"),
    [
        ("", "سال باید عددی بین ۱۲۰۰ و ۱۵۰۰ (شمسی)", "The year must be a number"),
        ("/en", "The year must be a number between 1200 and 1500 (Solar Hijri)", "سال باید"),
    ],
)
def test_a_bad_search_option_is_explained_in_the_pages_language(
    client, searchable, prefix, message, other
):
    page = html(client.get(f"{prefix}/search/", {"q": "کار", "year_from": "abc"}))
    assert message in page
    assert other not in page


def test_every_page_names_a_favicon_that_ships_with_the_site(client):
    page = html(client.get("/"))
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert href == "/static/img/favicon.svg"
    found = finders.find("img/favicon.svg")
    assert found and Path(found).read_text().lstrip().startswith("<svg")


# --- Search: what a reader sees of filters, hits and pages ----------------------------------


def test_filter_chips_name_the_person_not_the_slug(client, searchable):
    page = html(client.get("/search/", {"q": "دستمزد", "person": "reza", "publication": "kar"}))
    chips = between(page, 'class="active-filters"', "</ul>")
    assert "شخص: <bdi>رضا شهابی</bdi>" in chips
    assert "نشریه: <bdi>نشریه کار</bdi>" in chips
    shown = re.sub(r"<[^>]+>", "", chips)
    assert "reza" not in shown
    assert "kar" not in shown


def test_a_hit_lists_each_person_once_with_their_roles(client, fresh_index):
    person = make_person("بهروز کاظمی", slug="behrouz")
    host = make_person("کیوان صدری", slug="keyvan")
    article = make_article(
        "گفت‌وگوی رادیویی",
        body="دستمزد به نیمهٔ ماه نمی‌رسد.",
        authors=(person,),
        hosts=(host,),
        turns=((host, "بفرمایید."), (person, "دستمزد به نیمهٔ ماه نمی‌رسد.")),
    )
    search.index_articles([article.pk])
    page = html(client.get("/search/", {"q": "دستمزد"}))
    hit = page[page.index('class="hits"') : page.index("</ol>")]
    assert hit.count('href="/people/behrouz/"') == 1
    assert 'بهروز کاظمی <span class="chip__roles">(نویسنده، گوینده)</span>' in hit
    assert 'کیوان صدری <span class="chip__roles">(مصاحبه‌گر)</span>' in hit


def test_search_pages_are_numbered_in_persian_with_gaps(client, fresh_index):
    articles = [make_article(f"گزارش {i}", body="اعتصاب کارگران") for i in range(200)]
    search.index_articles(a.pk for a in articles)
    page = html(client.get("/search/", {"q": "اعتصاب", "page": "5"}))
    nav = between(page, 'class="pagination"', "</nav>")
    labels = re.findall(r">([۰-۹]+|…)<", nav)
    assert labels == ["۱", "۲", "۳", "۴", "۵", "۶", "۷", "…", "۱۰"]
    assert 'aria-current="page"' in nav
    assert "صفحهٔ ۵ از ۱۰" in nav
    assert 'href="?q=%D8%A7%D8%B9%D8%AA%D8%B5%D8%A7%D8%A8&page=10"' in nav
    # Reading order: previous, the numbers, next.
    assert nav.index('rel="prev"') < nav.index(">۱<") < nav.index(">۱۰<") < nav.index('rel="next"')


def test_a_phone_reader_can_jump_to_the_facets_before_the_results(client, searchable):
    page = html(client.get("/search/", {"q": "دستمزد"}))
    assert page.index('href="#facets"') < page.index('class="hits"')
    assert 'id="facets"' in page


def test_chart_tooltips_have_persian_digits(client, archive):
    page = html(client.get("/"))
    assert "<title>۱۴۰۰: ۱ نوشته</title>" in page
    english = html(client.get("/en/"))
    assert "<title>1400: 1 article</title>" in english


def test_the_demo_archive_cites_every_article_cleanly(client, fresh_index):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    for article in Article.objects.select_related("publication"):
        page = html(client.get(f"/a/{article.pk}/", follow=True))
        reference = cite_text(page)
        assert "««" not in reference and "»»" not in reference, article.title
        assert reference.endswith(f"http://testserver/a/{article.pk}/")
        bibtex = page[page.index("<code") : page.index("</code>")]
        if article.publication:
            assert reference.count(article.publication.name) == 1, article.title
        if article.kind == "interview":
            assert "گفت‌وگو از " in reference, article.title
            assert "author = {" in bibtex, article.title
        assert re.search(r"number = \{[^}]*[۰-۹]", bibtex) is None
    qa = Article.objects.get(title__startswith="«ما فقط")
    page = html(client.get(qa.get_absolute_url()))
    assert cite_text(page).startswith("فرهاد نیک‌پور، گفت‌وگو از سارا مهدوی، «ما فقط دستمزد")
    assert "number = {340}" in page
