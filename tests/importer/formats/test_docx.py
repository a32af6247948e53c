"""Word documents: header, paragraphs and tables in the order they come, ZWNJ kept."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.importer.files import read_file
from archive.importer.formats import DOCX_TYPE, docx, extract
from archive.importer.notes import Code
from archive.models import Article, Original
from tests.admin.test_imports import URL, hidden_fields
from tests.importer.formats.files import docx_file
from tests.persian_notes import shown


def test_the_body_is_read_in_order_with_its_table():
    [piece] = extract("statement.docx", docx_file()).pieces
    lines = piece.text.split("\n\n")
    assert lines[0] == "بیانیه درباره دستمزد"
    assert lines.index("بیانیه درباره دستمزد") < lines.index("سال | حداقل دستمزد")
    assert lines.index("۱۴۰۲ | ۸ میلیون") < lines.index(
        "سندیکا از همه کارگران می\u200cخواهد به این بیانیه بپیوندند."
    )


def test_zwnj_is_kept():
    [piece] = extract("statement.docx", docx_file()).pieces
    assert "می\u200cخواهیم" in piece.text


def test_the_statement_reads_with_its_title_date_and_the_letterhead_as_publication():
    reading = read_file("statement.docx", docx_file()).texts[0][1]
    assert reading.title == "بیانیه درباره دستمزد"
    assert reading.parsed.date_text == "۳ اسفند ۱۴۰۲"
    assert reading.parsed.publication == "سندیکای کارگران فلزکار"


def test_a_damaged_document_is_refused_as_damaged():
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", b"<not really word")
    assert extract("bad.docx", broken.getvalue()).error.code is Code.FORMAT_BROKEN


def test_a_document_that_unpacks_too_large_is_refused_unread(monkeypatch):
    monkeypatch.setattr(docx, "MAX_UNPACKED", 1000)
    extraction = extract("big.docx", docx_file())
    assert extraction.error.code is Code.ZIP_TOO_LARGE
    assert extraction.content_type == DOCX_TYPE


@pytest.mark.django_db
def test_import_articles_imports_a_word_file_and_keeps_it(tmp_path):
    (tmp_path / "بیانیه.docx").write_bytes(docx_file())
    call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert "۸ میلیون" in article.body
    assert Original.objects.get().content_type == DOCX_TYPE


@pytest.mark.django_db
def test_the_admin_previews_and_saves_a_word_file(staff_client):
    upload = SimpleUploadedFile("statement.docx", docx_file())
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    data = hidden_fields(html)
    assert data["item-0-date"] == "۳ اسفند ۱۴۰۲"
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.get().provenance.get().original.name == "statement.docx"


def test_an_old_word_file_is_refused_saying_to_save_it_as_docx():
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    extraction = extract("statement.doc", old)
    assert extraction.error.code is Code.OLD_OFFICE_FILE
    assert ".docx" in shown(Code.OLD_OFFICE_FILE)
