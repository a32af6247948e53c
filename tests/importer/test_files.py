"""A batch of files of every kind: each read by its format; a bad one never stops the rest."""

import io
import zipfile

import pytest
from django.core.management import call_command

from archive import importer
from archive.importer.formats import webpage
from archive.importer.notes import Code
from archive.models import Article, Provenance
from tests.importer.formats.files import docx_file, telegram_export, web_page
from tests.persian_notes import shown

pytestmark = pytest.mark.django_db

STATEMENT = "بیانیه درباره دستمزد\n۳ اسفند ۱۴۰۲\n\nما خواهان دستمزد عادلانه هستیم.\n".encode()


def run(*paths) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def batch(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_bad_files_of_each_format_are_refused_with_a_reason_and_the_rest_saved(tmp_path):
    path = tmp_path / "batch.zip"
    path.write_bytes(
        batch(
            {
                "statement.txt": STATEMENT,
                "statement.docx": docx_file(),
                "broken.docx": b"PK\x03\x04 not a document",
                "broken.pdf": b"%PDF-1.7\n not a pdf",
                "broken.png": b"\x89PNG\r\n\x1a\n broken",
                "result.json": b'{"messages": [',
                "page.html": web_page(),
            }
        )
    )
    code, out, err = run(path)
    assert code == 1
    assert "imported: 3, already in archive: 0, refused: 4" in out
    for name in ("broken.pdf", "broken.png", "result.json"):
        assert f"batch.zip/{name}: {shown(Code.FORMAT_BROKEN)}" in err
    assert "Traceback" not in err
    assert Article.objects.count() == 3


def test_a_reader_that_breaks_refuses_only_its_file(tmp_path, monkeypatch):
    def broken(html):
        raise RuntimeError("a bug in the extractor")

    monkeypatch.setattr(webpage, "main_text", broken)
    (tmp_path / "page.html").write_bytes(web_page())
    (tmp_path / "statement.txt").write_bytes(STATEMENT)
    code, out, err = run(tmp_path)
    assert code == 1
    assert f"page.html: {shown(Code.READ_FAILED)}" in err
    assert "imported: 1, already in archive: 0, refused: 1" in out


def test_worker_processes_read_every_format_and_the_articles_keep_their_provenance():
    sources = [
        importer.Source("result.json", data=telegram_export()),
        importer.Source("statement.docx", data=docx_file()),
    ]
    report = importer.import_many(sources, workers=2)
    assert [r.status for r in report.results] == ["imported"] * 4
    assert report.skipped == 2
    assert Provenance.objects.filter(post_id="5").get().article.publication.name == (
        "کانال خبری کارگران"
    )
