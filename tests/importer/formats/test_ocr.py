"""Scans and photos: read by Tesseract in Persian, always for review beside the page image."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from archive.importer.formats import extract, ocr
from archive.importer.notes import Code
from archive.models import Article, Provenance
from tests.admin.test_imports import URL, hidden_fields
from tests.importer.formats.files import STATEMENT_TITLE, image_pdf, needs_tesseract, page_image
from tests.persian_notes import shown

# Words of the page Tesseract must read right; a few letters of others may come out wrong.
WORDS = ("بیانیه", "کارگران", "پتروشیمی", "حقوق", "اعتصاب")


def read_words(text: str) -> list[str]:
    return [word for word in WORDS if word in text]


@needs_tesseract
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_a_scan_is_read_in_persian_and_flagged_for_review(tmp_path, fmt):
    [piece] = extract(f"scan.{fmt.lower()}", page_image(tmp_path, fmt=fmt)).pieces
    assert read_words(piece.text) == list(WORDS)
    assert piece.ocr
    assert [w.code for w in piece.warnings] == [Code.OCR_REVIEW]


@needs_tesseract
def test_a_pdf_of_page_images_goes_to_ocr(tmp_path):
    [piece] = extract("scan.pdf", image_pdf(page_image(tmp_path))).pieces
    assert read_words(piece.text) == list(WORDS)
    assert piece.page_image.startswith(b"\x89PNG")  # the page, to show beside the text


def test_the_clean_up_gives_black_text_on_white(tmp_path):
    pytest.importorskip("fontTools")
    cleaned = ocr.clean_up(Image.open(io.BytesIO(page_image(tmp_path))))
    assert set(cleaned.get_flattened_data()) == {0, 255}
    assert cleaned.width >= 1600
    assert (
        sum(1 for value in cleaned.get_flattened_data() if value == 255)
        > cleaned.width * cleaned.height / 2
    )


def test_without_tesseract_a_scan_is_refused_saying_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    extraction = extract("scan.png", page_image(tmp_path))
    assert extraction.error.code is Code.OCR_UNAVAILABLE
    assert "Tesseract" in shown(Code.OCR_UNAVAILABLE)


def test_an_image_too_large_to_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PIXELS", 1000)
    assert extract("scan.png", page_image(tmp_path)).error.code is Code.IMAGE_TOO_LARGE


@pytest.mark.django_db
def test_the_admin_says_when_ocr_is_unavailable_and_saves_the_other_files(
    staff_client, tmp_path, monkeypatch
):
    monkeypatch.setattr(ocr, "available", lambda: False)
    files = [
        SimpleUploadedFile("scan.png", page_image(tmp_path)),
        SimpleUploadedFile("a.txt", "بیانیه\n۳ اسفند ۱۴۰۲\n\nمتن بیانیه.".encode()),
    ]
    html = staff_client.post(URL, {"files": files, "preview": "1"}).content.decode()
    assert f"scan.png</bdi>: {shown(Code.OCR_UNAVAILABLE)}" in html
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.count() == 1


@needs_tesseract
@pytest.mark.django_db
def test_an_ocr_article_needs_review_and_its_admin_page_shows_the_scan(staff_client, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "leaflet.jpg").write_bytes(page_image(tmp_path, fmt="JPEG"))
    call_command("import_articles", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert article.needs_review
    assert {"code": "ocr_review"} in article.review_note
    provenance = Provenance.objects.get()
    assert provenance.ocr and provenance.page_image == provenance.original  # the photo itself

    page = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = page.content.decode()
    image_url = reverse("admin:archive_original_download", args=[provenance.original.pk])
    assert f'src="{image_url}?inline=1"' in html
    shown_image = staff_client.get(image_url, {"inline": "1"})
    assert shown_image["Content-Type"] == "image/jpeg"
    assert not shown_image["Content-Disposition"].startswith("attachment")


@needs_tesseract
@pytest.mark.django_db
def test_a_scanned_pdf_keeps_its_page_as_an_image_to_compare(staff_client, tmp_path):
    upload = SimpleUploadedFile("scan.pdf", image_pdf(page_image(tmp_path)))
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    data = hidden_fields(html)
    assert STATEMENT_TITLE.split()[0] in data["item-0-title"]
    assert 'class="archive-page-image"' in html  # the scan beside the text to correct
    data["save"] = "1"
    staff_client.post(URL, data)
    provenance = Provenance.objects.get()
    assert provenance.page_image.content_type == "image/png"
    assert provenance.original.content_type == "application/pdf"
    assert provenance.article.needs_review


@needs_tesseract
def test_without_pdftoppm_a_scanned_pdf_is_read_from_its_page_images(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "pdftoppm", lambda: None)
    [piece] = extract("scan.pdf", image_pdf(page_image(tmp_path))).pieces
    assert read_words(piece.text) == list(WORDS)
