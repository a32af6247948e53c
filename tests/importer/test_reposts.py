"""Re-posts: the same text under another header or footer is linked to the earlier copy."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive import importer
from archive.importer.notes import Code
from archive.models import Article, ArticleSketch, SketchBand
from tests.admin.test_imports import hidden_fields
from tests.factories import make_article
from tests.text.test_minhash import OTHER, STORY

pytestmark = pytest.mark.django_db

ORIGINAL = f"تجمع کارگران نیشکر\n۱۲ مهر ۱۴۰۰\n\n{STORY}\n"
REPOSTED = (
    f"بازنشر: خبر تجمع کارگران نیشکر در برابر فرمانداری\n۱۳ مهر ۱۴۰۰\n\n{STORY}\n\n"
    "#نیشکر #کارگران #اعتصاب\n\nبه کانال ما بپیوندید و خبرها را دنبال کنید.\n"
)
URL = reverse("admin:archive_article_import")


def test_a_repost_is_saved_linked_to_the_earlier_copy():
    original = importer.import_text(text=ORIGINAL).article
    result = importer.import_text(text=REPOSTED)
    assert result.status == "imported"
    repost = result.article
    assert repost.repost_of == original
    assert repost.needs_review
    assert Code.REPOST in {n["code"] for n in repost.review_note}
    assert any(original.title in importer.message_display(w) for w in result.warnings)


def test_the_editor_may_keep_a_repost_as_an_article_of_its_own():
    importer.import_text(text=ORIGINAL)
    article = importer.import_text(text=REPOSTED, overrides={"own_article": True}).article
    assert article.repost_of is None
    assert Code.REPOST not in {n["code"] for n in article.review_note}


def test_another_text_is_no_repost():
    importer.import_text(text=ORIGINAL)
    article = importer.import_text(text=f"تجمع معلمان\n۱ آبان ۱۴۰۱\n\n{OTHER}\n").article
    assert article.repost_of is None


def test_the_article_page_of_a_repost_links_to_the_earlier_copy(client):
    original = importer.import_text(text=ORIGINAL).article
    repost = importer.import_text(text=REPOSTED).article
    page = client.get(repost.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in page
    page = client.get(original.get_absolute_url()).content.decode()
    assert repost.get_absolute_url() in page  # and the original names its re-posts


def test_articles_saved_before_sketches_are_found_after_sketch_articles():
    original = make_article("تجمع کارگران نیشکر", body=STORY)
    assert not SketchBand.objects.exists()
    call_command("sketch_articles", stdout=None)
    assert importer.import_text(text=REPOSTED).article.repost_of == original


def test_articles_sketched_before_signatures_were_kept_are_still_found():
    original = importer.import_text(text=ORIGINAL).article
    ArticleSketch.objects.all().delete()  # bands only, as an archive of an older version has
    assert importer.import_text(text=REPOSTED).article.repost_of == original


def test_the_most_alike_of_several_earlier_copies_is_the_one_linked():
    importer.import_text(text=f"تجمع کارگران\n۱ آبان ۱۴۰۰\n\n{STORY} {OTHER}\n")
    closest = importer.import_text(text=ORIGINAL, overrides={"own_article": True}).article
    assert importer.import_text(text=REPOSTED).article.repost_of == closest


def test_the_import_preview_shows_the_repost_and_saves_it_linked(staff_client):
    original = importer.import_text(text=ORIGINAL).article
    html = staff_client.post(URL, {"text": REPOSTED, "preview": "1"}).content.decode()
    assert reverse("admin:archive_article_change", args=[original.pk]) in html
    assert 'class="errornote repost"' in html
    assert "واژه از ۱۰۰ یکسان" in html  # how alike, in Persian digits
    assert 'name="item-0-own_article"' in html and 'type="checkbox"' in html
    data = hidden_fields(html)
    staff_client.post(URL, {**data, "save": "1"})
    assert Article.objects.get(repost_of=original)


def test_the_editor_saves_a_repost_as_its_own_article_from_the_preview(staff_client):
    importer.import_text(text=ORIGINAL)
    html = staff_client.post(URL, {"text": REPOSTED, "preview": "1"}).content.decode()
    data = {**hidden_fields(html), "item-0-own_article": "on", "save": "1"}
    staff_client.post(URL, data)
    assert Article.objects.count() == 2
    assert not Article.objects.filter(repost_of__isnull=False).exists()


def test_a_text_that_is_no_repost_offers_no_choice_in_the_preview(staff_client):
    html = staff_client.post(URL, {"text": ORIGINAL, "preview": "1"}).content.decode()
    assert "repost" not in html
    assert 'type="checkbox" name="item-0-own_article"' not in html
