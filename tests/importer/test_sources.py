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
