"""PDFs with a Persian text layer: read in order, turned round when stored backwards."""

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.importer.files import read_file
from archive.importer.formats import extract, pdf
from archive.importer.formats.pdf import in_reading_order, reverse_line
from archive.importer.notes import Code
from archive.models import Article
from tests.admin.test_imports import URL, hidden_fields
from tests.importer.formats.files import STATEMENT_LINES, STATEMENT_TITLE, pdf_file


def test_a_text_layer_in_reading_order_is_read_as_it_is(tmp_path):
    [piece] = extract("statement.pdf", pdf_file(tmp_path)).pieces
    assert piece.text.split("\n") == STATEMENT_LINES
    assert piece.warnings == []


def test_lines_stored_in_visual_order_are_turned_round_and_flagged(tmp_path):
    [piece] = extract("statement.pdf", pdf_file(tmp_path, shaped=True)).pieces
    assert piece.text.split("\n") == STATEMENT_LINES  # digits, ZWNJ and lam-alef included
    assert [w.code for w in piece.warnings] == [Code.PDF_LINES_REVERSED]


def test_the_statement_reads_with_its_title_and_date_and_needs_review_when_turned(tmp_path):
    reading = read_file("statement.pdf", pdf_file(tmp_path, shaped=True)).texts[0][1]
    assert reading.title == STATEMENT_TITLE
    assert reading.parsed.date_text == "۳ اسفند ۱۴۰۲"
    assert reading.parsed.needs_review


def test_reversing_a_line_keeps_numbers_and_latin_in_their_own_order():
    assert reverse_line("۱۴۰۲ دنفسا ۳") == "۳ اسفند ۱۴۰۲"
    assert reverse_line("PDF لیاف (نتم)") == "(متن) فایل PDF"


def test_a_text_that_reads_well_either_way_is_left_alone():
    assert in_reading_order("Statement 2024") == ("Statement 2024", False)


def test_a_text_layer_of_garble_is_imported_with_a_note_to_compare(tmp_path):
    garble = ["ﻕﺙﻑ ﺽﻅﻍ ﺵﺹﺙ ﻍﻅﺽ ﺙﻕﻑ", "ﺽﺵﻍ ﻅﺹﻕ ﺙﻑﺽ ﻍﺵﻅ ﺹﻕﺙ"]
    [piece] = extract("noise.pdf", pdf_file(tmp_path, garble)).pieces
    assert [w.code for w in piece.warnings] == [Code.PDF_IMPLAUSIBLE]


def test_a_damaged_pdf_is_refused_as_damaged():
    assert extract("bad.pdf", b"%PDF-1.4\n garbage").error.code is Code.FORMAT_BROKEN


def test_a_pdf_longer_than_an_article_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 0)
    assert extract("long.pdf", pdf_file(tmp_path)).error.code is Code.TOO_MANY_PAGES


@pytest.mark.django_db
def test_import_articles_imports_a_pdf(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "statement.pdf").write_bytes(pdf_file(tmp_path, shaped=True))
    call_command("import_articles", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert article.title == STATEMENT_TITLE
    assert article.needs_review
    assert article.provenance.get().original.content_type == "application/pdf"


@pytest.mark.django_db
def test_the_admin_shows_why_a_pdf_needs_review_and_saves_it(staff_client, tmp_path):
    upload = SimpleUploadedFile("statement.pdf", pdf_file(tmp_path, shaped=True))
    html = staff_client.post(URL, {"files": [upload], "preview": "1"}).content.decode()
    assert "وارونه" in html  # the note that its lines were reversed
    data = hidden_fields(html)
    data["save"] = "1"
    staff_client.post(URL, data)
    assert Article.objects.get().review_note == [{"code": "pdf_lines_reversed"}]


def test_a_pdf_whose_streams_inflate_beyond_the_limit_is_refused_unparsed(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_INFLATED", 1_000_000)
    bomb = zlib.compress(bytes(2_000_000), 9)  # 2 MB of zeros in about 2 KB
    head = f"%PDF-1.4\n1 0 obj <</Length {len(bomb)} /Filter /FlateDecode>>\nstream\n"
    data = head.encode()
    data += bomb + b"\nendstream\nendobj\n%%EOF\n"
    extraction = extract("bomb.pdf", data)
    assert extraction.error.code is Code.UNPACKS_TOO_LARGE


def test_an_ordinary_pdf_inflates_far_below_the_limit(tmp_path):
    assert pdf.inflated_size(pdf_file(tmp_path), pdf.MAX_INFLATED) < 1_000_000
