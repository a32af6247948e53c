"""Saved web pages: the article's text without menus or comments, the head as evidence."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.importer.files import read_file
from archive.importer.formats import extract
from archive.importer.notes import Code
from archive.models import Article, Original
from tests.admin.test_imports import URL, hidden_fields
from tests.importer.formats.files import mhtml, web_page


def test_the_main_text_is_kept_and_menus_comments_and_footer_are_not():
    [piece] = extract("page.html", web_page()).pieces
    assert piece.text.startswith("اعتصاب کارگران نیشکر\n")
    assert "سومین روز پیاپی" in piece.text
    for chrome in ("ورزشی", "یک خواننده", "کلیه حقوق"):
        assert chrome not in piece.text


def test_zwnj_survives_the_extractor():
    [piece] = extract("page.html", web_page()).pieces
    assert "وعده\u200cهای" in piece.text


def test_the_head_gives_the_date_publication_and_address():
    reading = read_file("page.html", web_page()).texts[0][1]
    parsed = reading.parsed
    assert reading.title == "اعتصاب کارگران نیشکر"
    assert parsed.published_on.isoformat() == "2024-03-04"
    assert parsed.publication == "خبرنامه نمونه"
    assert parsed.source_url == "https://news.example.org/a/123"


def test_the_texts_own_header_wins_over_the_meta_tags():
    page = web_page().replace(
        "<h1>اعتصاب کارگران نیشکر</h1>".encode(),
        "<h1>اعتصاب کارگران نیشکر</h1><p>۱۲ اسفند ۱۴۰۲</p>".encode(),
    )
    parsed = read_file("page.html", page).texts[0][1].parsed
    assert parsed.date_text == "۱۲ اسفند ۱۴۰۲"


def test_a_page_saved_as_mhtml_reads_like_the_html():
    [piece] = extract("page.mhtml", mhtml(web_page())).pieces
    assert "وعده\u200cهای" in piece.text
    assert piece.evidence["publication"] == "خبرنامه نمونه"


def test_a_page_without_an_article_is_refused_with_a_reason():
    extraction = extract("empty.html", b"<html><body><script>menu()</script></body></html>")
    assert extraction.error.code is Code.NO_MAIN_TEXT


@pytest.mark.django_db
def test_import_articles_imports_a_saved_page(tmp_path):
    (tmp_path / "page.htm").write_bytes(web_page())
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=io.StringIO())
    article = Article.objects.get()
    assert article.published_on.isoformat() == "2024-03-04"
    assert article.source_url == "https://news.example.org/a/123"
    assert Original.objects.get().content_type == "text/html"


@pytest.mark.django_db
def test_the_admin_previews_a_saved_page_with_its_head(staff_client):
    upload = SimpleUploadedFile("page.html", web_page())
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    data = hidden_fields(html)
    assert data["item-0-title"] == "اعتصاب کارگران نیشکر"
    assert data["item-0-publication"] == "خبرنامه نمونه"
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.get().source_url == "https://news.example.org/a/123"
