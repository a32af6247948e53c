import errno
import io
import os
import re
import zipfile
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from whoosh.writing import SegmentWriter

from archive import importer
from archive.admin.forms import NOTHING_TO_IMPORT, PAYLOAD_INVALID, ImportItemFormSet
from archive.importer.notes import Code
from archive.models import Article, Person
from archive.search import INDEX_NOT_UPDATED
from tests.persian_notes import PERSIAN, shown

pytestmark = pytest.mark.django_db

BINARY_FILE = PERSIAN[Code.BINARY_FILE]
EMPTY_FILE = PERSIAN[Code.EMPTY_FILE]
NO_DATE_FOUND = PERSIAN[Code.NO_DATE]

URL = reverse("admin:archive_article_import")
INTERVIEW = """گفتگو درباره قراردادهای موقت
۱۲ مهر ۱۴۰۰

زهرا عسگری: قراردادها چند ماهه است؟

ناصر یزدانی: سه ماهه، و هر بار با ترس از اخراج.

زهرا عسگری: و بیمه؟

ناصر یزدانی: بیمه هم ناقص است.
"""
STATEMENT = "بیانیه درباره دستمزد\n۳ اسفند ۱۴۰۲\n\nما خواهان دستمزد عادلانه هستیم.\n"


def hidden_fields(html: str) -> dict[str, str]:
    """What a browser would post back from the preview: inputs, text areas and choices."""
    fields = {}
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(text.removeprefix("\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                fields[name.group(1)] = "on"
            continue
        if 'type="submit"' not in tag:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


def test_the_article_list_links_to_the_import_page(staff_client):
    response = staff_client.get(reverse("admin:archive_article_changelist"))
    assert URL in response.content.decode()
    assert staff_client.get(URL).status_code == 200


def test_a_pasted_text_is_previewed_then_saved(staff_client):
    preview = staff_client.post(URL, {"text": INTERVIEW, "preview": "1"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "گفتگو درباره قراردادهای موقت" in html
    assert "۱۲ مهر ۱۴۰۰" in html and "2021-10-04" in html  # Jalali and Gregorian
    assert "زهرا عسگری" in html and "ناصر یزدانی" in html
    assert not Article.objects.exists()  # nothing saved yet

    data = hidden_fields(html)
    data["item-0-title"] = "قراردادهای سفید امضا"  # the editor corrects the title
    data["save"] = "1"
    result = staff_client.post(URL, data)
    article = Article.objects.get()
    assert article.title == "قراردادهای سفید امضا"
    assert article.turns.count() == 4
    assert reverse("admin:archive_article_change", args=[article.pk]) in result.content.decode()


def test_uploaded_files_and_zips_are_previewed_with_per_file_errors(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/statement.txt", STATEMENT.encode())
        archive.writestr("../escape.txt", STATEMENT.encode())
    files = [
        SimpleUploadedFile("interview.txt", INTERVIEW.encode()),
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(200)),
        SimpleUploadedFile("data.bin", bytes(range(256)) * 4),
        SimpleUploadedFile("batch.zip", buffer.getvalue()),
    ]
    response = staff_client.post(URL, {"files": files, "preview": "1"})
    html = response.content.decode()
    assert f"photo.png</bdi>: {shown(Code.FORMAT_BROKEN)}" in html  # a damaged image
    assert f"data.bin</bdi>: {BINARY_FILE}" in html
    assert shown(Code.ZIP_UNSAFE_PATH) in html
    assert "بیانیه درباره دستمزد" in html
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.count() == 2


def test_an_uploaded_utf16_file_without_byte_order_mark_is_previewed_and_saved(staff_client):
    upload = SimpleUploadedFile("statement.txt", STATEMENT.encode("utf-16-le"))
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    assert BINARY_FILE not in html
    assert "بیانیه درباره دستمزد" in html
    assert "ما خواهان دستمزد عادلانه هستیم." in html
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    article = Article.objects.get()
    assert article.title == "بیانیه درباره دستمزد"
    assert article.body == "ما خواهان دستمزد عادلانه هستیم."


def test_a_text_already_in_the_archive_is_shown_and_not_saved_again(staff_client):
    importer.import_text(text=STATEMENT)
    html = staff_client.post(URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    assert "item-0-include" in html
    assert 'name="item-0-include" checked' not in html
    assert Article.objects.count() == 1


def test_an_empty_form_says_what_to_do(staff_client):
    response = staff_client.post(URL, {"text": "  ", "preview": "1"})
    assert str(NOTHING_TO_IMPORT) in response.content.decode()


def test_a_tampered_text_is_refused_at_the_save_step(staff_client):
    html = staff_client.post(URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["item-0-payload"] = data["item-0-payload"][:-3] + "abc"
    data["save"] = "1"
    response = staff_client.post(URL, data)
    assert str(PAYLOAD_INVALID) in response.content.decode()
    assert not Article.objects.exists()


def test_staff_without_the_add_permission_get_403(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": STATEMENT, "preview": "1"}).status_code == 403
    changelist = client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert URL not in changelist


def test_staff_with_the_add_permission_may_import(client, django_user_model):
    user = django_user_model.objects.create_user("editor2", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_page_works_in_english(staff_client):
    response = staff_client.get("/en" + URL)
    assert response.status_code == 200
    assert "Import texts" in response.content.decode()
    html = staff_client.get(URL).content.decode()
    assert 'dir="rtl"' in html


def test_new_speakers_from_the_admin_become_people(staff_client):
    html = staff_client.post(URL, {"text": INTERVIEW, "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    assert set(Person.objects.values_list("name", flat=True)) == {"زهرا عسگری", "ناصر یزدانی"}


def test_a_text_that_is_only_website_chrome_is_refused_in_the_preview(staff_client):
    html = staff_client.post(URL, {"text": "اشتراک گذاری\n", "preview": "1"}).content.decode()
    assert EMPTY_FILE in html
    assert "item-0-payload" not in html


@pytest.mark.django_db(transaction=True)
def test_a_full_disk_keeps_the_saved_texts_and_tells_the_editor(staff_client, monkeypatch):
    html = staff_client.post(URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["save"] = "1"

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(SegmentWriter, "_commit_toc", full_disk)
    response = staff_client.post(URL, data, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert str(INDEX_NOT_UPDATED).split("{error}")[0] in page
    assert "No space left on device" in page
    article = Article.objects.get()
    assert reverse("admin:archive_article_change", args=[article.pk]) in page  # listed as saved


IN_EACH_LANGUAGE = pytest.mark.parametrize("prefix", ["", "/en"])


def _in_language(prefix: str, persian: str, english: str, page: str) -> None:
    """The page says `persian` on the Persian admin and `english` on the English one."""
    expected, other = (english, persian) if prefix else (persian, english)
    assert expected in page
    assert other not in page


@IN_EACH_LANGUAGE
def test_a_pasted_text_is_named_in_the_admins_language(staff_client, prefix):
    html = staff_client.post(prefix + URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    _in_language(prefix, "<bdi>متن چسبانده‌شده</bdi>", "<bdi>pasted text</bdi>", html)


@IN_EACH_LANGUAGE
def test_too_many_texts_for_one_preview_are_refused_in_the_admins_language(
    staff_client, monkeypatch, prefix
):
    monkeypatch.setattr(ImportItemFormSet, "max_num", 1)
    files = [
        SimpleUploadedFile("one.txt", STATEMENT.encode()),
        SimpleUploadedFile("two.txt", INTERVIEW.encode()),
    ]
    html = staff_client.post(prefix + URL, {"files": files, "preview": "1"}).content.decode()
    _in_language(
        prefix,
        "<bdi>two.txt</bdi>: برای یک بار پیش‌نمایش بیش از اندازه است",
        "<bdi>two.txt</bdi>: Too much for one preview",
        html,
    )


@IN_EACH_LANGUAGE
def test_form_and_file_errors_are_in_the_admins_language(staff_client, prefix):
    empty = staff_client.post(prefix + URL, {"text": "  ", "preview": "1"}).content.decode()
    _in_language(
        prefix, "متنی بچسبانید یا دست‌کم یک فایل برگزینید.", "Paste a text or choose", empty
    )

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escape.txt", STATEMENT.encode())
    upload = SimpleUploadedFile("batch.zip", buffer.getvalue())
    zipped = staff_client.post(prefix + URL, {"files": [upload], "preview": "1"}).content.decode()
    _in_language(prefix, "مسیر ناامن درون فایل فشرده", "Unsafe paths inside a zip file", zipped)

    html = staff_client.post(prefix + URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["item-0-payload"] = data["item-0-payload"][:-3] + "abc"
    data["save"] = "1"
    tampered = staff_client.post(prefix + URL, data).content.decode()
    _in_language(prefix, "دست‌کاری شده یا کهنه است", "This text was tampered with", tampered)


@pytest.mark.django_db(transaction=True)
@IN_EACH_LANGUAGE
def test_the_unindexed_import_message_is_in_the_admins_language(staff_client, monkeypatch, prefix):
    html = staff_client.post(prefix + URL, {"text": STATEMENT, "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["save"] = "1"

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(SegmentWriter, "_commit_toc", full_disk)
    page = staff_client.post(prefix + URL, data, follow=True).content.decode()
    _in_language(
        prefix,
        "ذخیره شد، اما نمایهٔ جستجو به‌روز نشد",
        "Saved, but the search index could not be updated",
        page,
    )


@pytest.mark.parametrize(
    ("prefix", "reason"),
    [("/en", "This is not a text file (it is binary or damaged)."), ("", BINARY_FILE)],
)
def test_a_refused_upload_says_why_in_the_language_of_the_admin(staff_client, prefix, reason):
    upload = SimpleUploadedFile("data.bin", bytes(range(256)) * 4)
    html = staff_client.post(f"{prefix}{URL}", {"files": [upload], "preview": "1"}).content
    assert f"data.bin</bdi>: {reason}" in html.decode()


def test_the_english_preview_and_result_give_the_review_notes_in_english(staff_client):
    undated = "بیانیه درباره دستمزد\n\nما خواهان دستمزد عادلانه هستیم.\n"
    html = staff_client.post(f"/en{URL}", {"text": undated, "preview": "1"}).content.decode()
    assert "No publication date was found" in html and NO_DATE_FOUND not in html
    data = hidden_fields(html)
    data["save"] = "1"
    result = staff_client.post(f"/en{URL}", data).content.decode()
    assert "No publication date was found" in result and NO_DATE_FOUND not in result
    assert Article.objects.get().review_note == [{"code": "no_date"}]  # stored as its code
