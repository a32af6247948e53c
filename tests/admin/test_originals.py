"""Editors download the files articles were imported from; nobody else can."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Article, Original
from tests.admin.test_imports import URL, hidden_fields

pytestmark = pytest.mark.django_db

STATEMENT = "بیانیه درباره دستمزد\n۳ اسفند ۱۴۰۲\n\nما خواهان دستمزد عادلانه هستیم.\n".encode()


def upload_and_save(client, *files) -> str:
    html = client.post(URL, {"files": list(files), "preview": "1"}).content.decode()
    data = hidden_fields(html)
    data["save"] = "1"
    return client.post(URL, data).content.decode()


def download(client, original: Original, **params):
    return client.get(reverse("admin:archive_original_download", args=[original.pk]), params)


def test_an_uploaded_file_is_kept_and_downloadable_from_its_article(staff_client):
    upload_and_save(staff_client, SimpleUploadedFile("بیانیه.txt", STATEMENT))
    article = Article.objects.get()
    original = Original.objects.get()
    page = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    link = reverse("admin:archive_original_download", args=[original.pk])
    assert link in page.content.decode()

    response = download(staff_client, original)
    assert b"".join(response.streaming_content) == STATEMENT
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # the Persian name kept


def test_the_originals_list_shows_each_file_with_its_articles(staff_client):
    upload_and_save(staff_client, SimpleUploadedFile("statement.txt", STATEMENT))
    original = Original.objects.get()
    html = staff_client.get(reverse("admin:archive_original_change", args=[original.pk]))
    assert "بیانیه درباره دستمزد" in html.content.decode()
    assert original.sha256 in html.content.decode()


def test_a_previewed_file_is_kept_though_nothing_is_saved_yet(staff_client):
    staff_client.post(URL, {"files": [SimpleUploadedFile("a.txt", STATEMENT)], "preview": "1"})
    assert Original.objects.get().size == len(STATEMENT)
    assert not Article.objects.exists()


def test_only_editors_who_may_view_originals_download_them(client, staff_client, django_user_model):
    upload_and_save(staff_client, SimpleUploadedFile("a.txt", STATEMENT))
    original = Original.objects.get()
    client.logout()
    assert download(client, original).status_code == 302  # to the login page

    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    assert download(client, original).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_original"))
    assert download(client, original).status_code == 200


def test_only_images_are_shown_in_the_page_everything_else_downloads(staff_client):
    upload_and_save(staff_client, SimpleUploadedFile("a.html", b"<html><script>x</script>"))
    # A page with no article text is refused, but a text file asking to be shown is not
    # served inline either.
    upload_and_save(staff_client, SimpleUploadedFile("a.txt", STATEMENT))
    response = download(staff_client, Original.objects.get(name="a.txt"), inline="1")
    assert response["Content-Disposition"].startswith("attachment")
