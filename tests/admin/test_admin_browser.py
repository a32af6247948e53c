"""An editor in a real browser: a Jalali date typed, an import corrected, turns merged.

Screenshots go to tests/artifacts/ (git-ignored) for a person to review the design.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from archive.models import Article
from tests.admin.test_imports import INTERVIEW
from tests.factories import make_article, make_person
from tests.test_browser import ARTIFACTS, CHROMIUM, browser, page_at  # noqa: F401  (the fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def editor_page(page_at, live_server, transactional_db, django_user_model):  # noqa: F811
    """A page whose browser is logged in to the admin as an editor."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(user)
    page = page_at()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def _change_url(live_server, article) -> str:
    return f"{live_server.url}/admin/archive/article/{article.pk}/change/"


def test_an_editor_types_a_jalali_date_in_persian_digits(editor_page, live_server):
    article = make_article("بیانیهٔ دستمزد", published_on=None)
    page = editor_page
    page.goto(_change_url(live_server, article))
    page.fill("#id_published_on", "۱۴ اسفند ۱۴۰۲")
    assert page.locator(".jalali-gregorian").inner_text() == "2024-03-04"  # as it is typed
    page.fill("#id_published_on", "۱۴۰۲/۱۲/۳۰")
    assert page.locator(".jalali-gregorian").inner_text() == ""  # no such day
    page.fill("#id_published_on", "۱۴۰۲/۱۲/۱۴")
    page.click("input[name=_continue]")
    assert page.locator("#id_published_on").input_value() == "۱۴۰۲/۱۲/۱۴"
    assert page.locator(".jalali-gregorian").inner_text() == "2024-03-04"
    assert Article.objects.get(pk=article.pk).published_on == datetime.date(2024, 3, 4)

    page.fill("#id_published_on", "۱۴۰۲/۱۲/۳۰")
    page.click("input[name=_continue]")
    assert "وجود دارد نیست" in page.locator(".field-published_on .errorlist").inner_text()


def test_an_editor_corrects_an_import_in_the_preview(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server.url}/admin/archive/article/import/")
    page.fill("#id_text", INTERVIEW)
    page.click("input[name=preview]")
    title = page.locator("#id_item-0-title")
    assert title.bounding_box()["width"] > 400  # a Persian title fits in the box
    assert page.locator("#id_item-0-kind option:checked").inner_text() == "گفت‌وگو"
    page.screenshot(path=ARTIFACTS / "admin-import-preview.png", full_page=True)

    page.fill("#id_item-0-date", "۳۰ اسفند ۱۴۰۲")
    page.click("input[name=save]")
    assert "وجود دارد نیست" in page.locator(".field-date .errorlist").inner_text()
    assert not Article.objects.exists()

    page.fill("#id_item-0-date", "۲۹ اسفند ۱۴۰۲")
    speakers = page.locator("#id_item-0-speakers")
    speakers.fill(speakers.input_value().replace("= ناصر یزدانی", "= ناصر یزدانی‌فر"))
    page.click("input[name=save]")
    page.wait_for_selector("text=ویرایش")
    article = Article.objects.get()
    assert article.published_on == datetime.date(2024, 3, 19)
    assert article.turns.filter(speaker__name="ناصر یزدانی‌فر").count() == 2


def test_an_editor_merges_and_edits_turns(editor_page, live_server):
    host, guest = make_person("خلیل کیوان"), make_person("شهلا دانشفر")
    article = make_article(
        "نظارت شورایی",
        body="کیوان: پرسش نخست\n\nدانشفر: پاسخ نخست\n\nدانشفر: دنبالهٔ پاسخ",
        hosts=(host,),
        turns=((host, "پرسش نخست"), (guest, "پاسخ نخست"), (guest, "دنبالهٔ پاسخ")),
    )
    page = editor_page
    page.goto(_change_url(live_server, article))
    assert page.locator("#id_body").count() == 0  # the text is built from the turns
    page.fill("#id_turns-0-text", "پرسش نخست، روشن‌تر")
    page.check("#id_turns-2-merge_with_previous")
    page.click("input[name=_continue]")
    turns = list(article.turns.order_by("position").values_list("text", flat=True))
    assert turns == ["پرسش نخست، روشن‌تر", "پاسخ نخست\n\nدنبالهٔ پاسخ"]
    assert "خلیل کیوان: پرسش نخست، روشن‌تر" in page.locator(".text-from-turns").inner_text()
    page.screenshot(path=ARTIFACTS / "admin-turns.png", full_page=True)
