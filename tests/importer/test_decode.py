import io
import random
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.importer.decode import ImportRefused, decode
from archive.importer.notes import Code, note

BINARY_FILE = note(Code.BINARY_FILE)
EMPTY_FILE = note(Code.EMPTY_FILE)
NO_LETTERS = note(Code.NO_LETTERS)
UNDECODABLE = note(Code.UNDECODABLE)

PERSIAN = (
    "کارگران نیشکر هفت تپه اعلام کردند که به هیچ نوع خصوصی سازی تن نمی‌دهند "
    "و خواهان اداره شورایی شرکت هستند."
)


@pytest.mark.parametrize(
    "data",
    [
        PERSIAN.encode("utf-8"),
        PERSIAN.encode("utf-8-sig"),
        PERSIAN.encode("utf-16"),  # with BOM, little-endian here
        b"\xfe\xff" + PERSIAN.encode("utf-16-be"),
    ],
)
def test_decode_unicode_files(data):
    assert decode(data) == PERSIAN


def test_decode_counts_letters_beyond_the_basic_plane():
    # Channels style headings in mathematical letters (U+1D400 on): still letters, still text.
    styled = "𝐒𝐭𝐫𝐢𝐤𝐞 𝐚𝐭 𝐇𝐚𝐟𝐭 𝐓𝐚𝐩𝐩𝐞𝐡 𝐬𝐮𝐠𝐚𝐫 𝐦𝐢𝐥𝐥"
    assert decode(styled.encode()) == styled


def test_decode_windows_1256_file():
    # Older files wrote Arabic yeh/kaf, and cp1256 has no Persian yeh.
    legacy = PERSIAN.replace("ی", "ي")
    assert decode(legacy.encode("cp1256")) == legacy


# A heading, a date in Persian digits, a newline, Latin digits and the ZWNJ of "نمی‌دهند": high
# bytes 0x06, 0x00 and 0x20 when the text is UTF-16.
UTF16_TEXT = f"بیانیه کارگران نیشکر\n۳ اسفند ۱۴۰۲ (2024)\n\n{PERSIAN}\n"
ENGLISH = "Strike at the Haft Tappeh sugar mill\n\nWorkers stopped work on 3 March 2024.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [UTF16_TEXT, ENGLISH, PERSIAN], ids=["persian", "english", "line"])
def test_decode_utf16_without_byte_order_mark(text, encoding):
    assert decode(text.encode(encoding)) == text


# Windows-1256 has neither Persian digits nor Persian yeh.
LEGACY = PERSIAN.replace("ی", "ي")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # Both byte counts of each: an even one is where UTF-16 could be mistaken for them.
        *((text, "utf-8") for text in (UTF16_TEXT, UTF16_TEXT + " ", ENGLISH, ENGLISH + " ")),
        *((text, "cp1256") for text in (LEGACY, LEGACY + " ")),
    ],
)
def test_decode_reads_utf8_and_windows_1256_as_before(text, encoding):
    assert decode(text.encode(encoding)) == text


def _zip(data: bytes, compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("statement.txt", data)
    return buffer.getvalue()


_NOISE = random.Random(1402).randbytes(4000)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _NOISE,
        b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(200),  # high bytes all NUL, like UTF-16
        _zip(UTF16_TEXT.encode("utf-16-le") * 20, zipfile.ZIP_STORED),  # the text shows inside
        _zip(UTF16_TEXT.encode("utf-16-le") * 20, zipfile.ZIP_DEFLATED),
        # Every second byte 0x06 or 0x00, as in Persian UTF-16, around random bytes.
        bytes(b for pair in zip(_NOISE, b"\x06\x00" * 2000, strict=True) for b in pair),
    ],
)
def test_decode_still_refuses_binary_files_that_look_like_utf16(data):
    assert len(data) % 2 == 0
    with pytest.raises(ImportRefused) as refused:
        decode(data)
    assert refused.value.note == BINARY_FILE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", EMPTY_FILE),
        (b" \r\n\t\n", EMPTY_FILE),
        (b"\xef\xbb\xbf", EMPTY_FILE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BINARY_FILE),
        (bytes(range(1, 9)) * 50 + b"abc", BINARY_FILE),
        ("۱۲۳۴ - ۵۶۷۸".encode(), NO_LETTERS),
        # UTF-8 Persian that was once read as Latin-1 and saved again ("Ø§Ù...").
        (PERSIAN.encode("utf-8").decode("cp1252", "ignore").encode("utf-8"), UNDECODABLE),
        # UTF-8 cut mid-character is not UTF-8, and read as cp1256 it is "ط§ظ..." noise.
        (PERSIAN.encode("utf-8")[1:], UNDECODABLE),
    ],
)
def test_decode_refuses_what_is_not_readable_text(data, message):
    with pytest.raises(ImportRefused) as refused:
        decode(data)
    assert refused.value.note == message


def test_decode_refuses_random_high_bytes():
    noise = bytes((i * 37 + 11) % 128 + 128 for i in range(2000))
    with pytest.raises(ImportRefused) as refused:
        decode(noise)
    assert refused.value.note in {UNDECODABLE, BINARY_FILE}


@settings(deadline=None)
@given(st.binary())
def test_decode_returns_text_or_refuses(data):
    try:
        assert decode(data).strip()
    except ImportRefused as refused:
        assert refused.note in {EMPTY_FILE, BINARY_FILE, UNDECODABLE, NO_LETTERS}
