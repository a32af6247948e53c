import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from archive.importer.sources import Limits, upload_sources

LIMITS = Limits(file=1_000_000, zip=10_000_000)
NAME = "مقاله کارگران.txt"


def _zip_with_raw_name(raw: bytes) -> bytes:
    """A zip whose member name is these bytes, without the UTF-8 flag (as old Windows tools)."""
    placeholder = b"x" * len(raw)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(placeholder.decode("ascii"), "متن آزمایشی".encode())
    return buffer.getvalue().replace(placeholder, raw)


def _names(data: bytes) -> list[str]:
    upload = SimpleUploadedFile("batch.zip", data)
    return [source.name for source in upload_sources([upload], limits=LIMITS)]


def test_zip_member_named_in_windows_1256_reads_as_persian():
    assert _names(_zip_with_raw_name(NAME.encode("cp1256"))) == [f"batch.zip/{NAME}"]


def test_zip_member_named_in_utf8_without_the_flag_reads_as_persian():
    assert _names(_zip_with_raw_name(NAME.encode("utf-8"))) == [f"batch.zip/{NAME}"]


def test_zip_member_with_the_utf8_flag_is_unchanged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(NAME, "متن".encode())
    assert _names(buffer.getvalue()) == [f"batch.zip/{NAME}"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zipped_telegram_export_gives_its_messages_not_its_photos():
    export = _zip(
        {
            "ChatExport/result.json": b'{"messages": []}',
            "ChatExport/photos/photo_1.jpg": b"\xff\xd8\xff photo",
            "ChatExport/messages.html": b"<html></html>",
            "ChatExport/messages2.html": b"<html></html>",
            "ChatExport/css/style.css": b"body {}",
            "other/scan.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    assert _names(export) == [
        "batch.zip/ChatExport/result.json",
        "batch.zip/ChatExport/messages.html",
        "batch.zip/ChatExport/messages2.html",
        "batch.zip/other/scan.png",
    ]


def test_a_word_document_in_a_zip_is_read_not_refused_as_a_nested_zip():
    document = _zip({"word/document.xml": b"<w:document/>"})
    [source] = upload_sources(
        [SimpleUploadedFile("batch.zip", _zip({"statement.docx": document}))], limits=LIMITS
    )
    assert source.error is None and source.data == document
    [alone] = upload_sources([SimpleUploadedFile("statement.docx", document)], limits=LIMITS)
    assert alone.data == document  # a .docx upload is a document, not a zip to unpack
