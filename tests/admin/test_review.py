"""What the editor is told about the importer's uncertainty: per field, and in the article list."""

import pytest
from django.urls import reverse

from archive import importer
from archive.models import Article, Candidate
from tests.admin.test_imports import INTERVIEW, URL
from tests.factories import make_article
from tests.importer.test_reasons import SIGNED_AT_END
from tests.importer.test_reposts import ORIGINAL, REPOSTED

pytestmark = pytest.mark.django_db

LIST = reverse("admin:archive_article_changelist")


def test_the_preview_says_beside_each_field_why_it_holds_its_value(staff_client):
    html = staff_client.post(URL, {"text": INTERVIEW, "preview": "1"}).content.decode()
    assert "در بالای متن پیدا شد: «۱۲ مهر ۱۴۰۰»" in html  # the date
    assert "سطری در بالای متن که بیش از همه به عنوان می‌ماند" in html  # the title
    assert "۴ نوبت گفتگو پیدا شد" in html  # the kind


def test_the_preview_flags_a_date_found_only_at_the_end(staff_client):
    html = staff_client.post(URL, {"text": SIGNED_AT_END, "preview": "1"}).content.decode()
    assert "تنها در پایان متن پیدا شد: «۲۷ بهمن ۱۴۰۲»" in html
    assert "بررسی کنید که تاریخ انتشار باشد" in html  # the review note


def test_the_preview_in_english_gives_the_reasons_in_english(staff_client):
    html = staff_client.post("/en" + URL, {"text": INTERVIEW, "preview": "1"}).content.decode()
    assert "Found at the top of the text: “۱۲ مهر ۱۴۰۰”." in html
    assert "4 turns of conversation were found." in html


def _listed(client, **query) -> set[str]:
    html = client.get(LIST, query).content.decode()
    return {a.title for a in Article.objects.all() if f">{a.title}</a>" in html}


def test_the_article_list_filters_what_needs_review(staff_client):
    importer.import_text(text=ORIGINAL)
    importer.import_text(text=REPOSTED)
    importer.import_text(text=SIGNED_AT_END)
    make_article("یادداشتی بی‌نیاز به بازبینی")
    repost = Article.objects.get(repost_of__isnull=False).title
    html = staff_client.get(LIST).content.decode()
    assert "?review=repost" in html and "?review=date_at_end" in html
    assert _listed(staff_client, review="repost") == {repost}
    # The list names the earlier copy beside the re-post.
    row = html[html.index(f">{repost}</a>") :].split("</tr>")[0]
    assert 'field-repost_of nowrap">تجمع کارگران نیشکر</td>' in row
    assert _listed(staff_client, review="date_at_end") == {"بیانیه درباره دستمزد کارگران"}
    assert "یادداشتی بی‌نیاز به بازبینی" not in _listed(staff_client, review="any")
    assert repost in _listed(staff_client, review="any")


def test_the_article_list_finds_texts_with_names_waiting_for_a_decision(staff_client):
    importer.import_text(text=INTERVIEW)
    make_article("یادداشتی دیگر")
    assert _listed(staff_client, review="names") == {"گفتگو درباره قراردادهای موقت"}
    Candidate.objects.update(status=Candidate.Status.ACCEPTED)
    assert _listed(staff_client, review="names") == set()
