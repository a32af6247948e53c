"""Turn an uploaded file of any accepted format into the texts to read, one per article.

Plain Python, no Django: read workers run it. `extract` tells the format by the file's first
bytes (and its name where bytes do not tell), and hands it to the module for that format:
`telegram` (result.json and messages*.html of Telegram Desktop), `webpage` (saved pages),
`docx`, `pdf` and `ocr` (scans and photos). Plain text is decoded as it always was.

Each text comes as a `Piece`: the text, what the file says for sure about its header
(`fixed`: a post's date and channel), what it hints at (`evidence`: a page's <title> and meta
tags, used where the text's own header says nothing), and where it came from (`origin`).
"""

from dataclasses import dataclass, field

from archive.importer.decode import ImportRefused, decode
from archive.importer.notes import Code, Note, note

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# Microsoft's older compound files: Word .doc, Excel .xls, PowerPoint .ppt.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
TEXT_TYPE = "text/plain"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Piece:
    """One text to read as an article, with what its file tells about it."""

    text: str
    fixed: dict[str, str] = field(default_factory=dict)  # title, date, publication, source_url
    evidence: dict[str, str] = field(default_factory=dict)  # the same keys, used where empty
    # channel, channel_id, post_id, url, forwarded_from: recorded with the article
    origin: dict[str, str] = field(default_factory=dict)
    ocr: bool = False  # read from an image: always needs review
    page_image: bytes | None = None  # the page read by OCR, as PNG, when the file is no image
    warnings: list[Note] = field(default_factory=list)


@dataclass
class Extraction:
    """The texts found in one file, what was skipped, or why none could be read."""

    content_type: str = TEXT_TYPE
    pieces: list[Piece] = field(default_factory=list)
    skipped: int = 0  # channel posts with nothing to read (service messages, media only)
    error: Note | None = None


def refusal(why: Note, content_type: str = TEXT_TYPE) -> Extraction:
    return Extraction(content_type=content_type, error=why)


def image_type(data: bytes) -> str | None:
    for magic, content_type in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            return content_type
    return None


def _suffix(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def _looks_like_mhtml(data: bytes, suffix: str) -> bool:
    return suffix in {"mht", "mhtml"} or (
        data[:4096].lower().find(b"multipart/related") != -1
        and data[:64].lower().startswith((b"from:", b"mime-version", b"date:", b"subject:"))
    )


def extract(name: str, data: bytes) -> Extraction:
    """Find the texts in one file, by its format."""
    # Imported here, not above: each format loads its libraries only when a file needs them.
    from archive.importer.formats import docx, ocr, pdf, telegram, webpage

    suffix = _suffix(name)
    if data.startswith(PDF_MAGIC):
        return pdf.extract(data)
    if data.startswith(ZIP_MAGIC) and (suffix == "docx" or docx.is_docx(data)):
        return docx.extract(data)
    if data.startswith(OLE_MAGIC):
        return refusal(note(Code.OLD_OFFICE_FILE), "application/msword")
    content_type = image_type(data)
    if content_type:
        return ocr.extract_image(data, content_type)
    if telegram.is_json_export(name, data):
        return telegram.extract_json(data)
    if _looks_like_mhtml(data, suffix):
        return webpage.extract_mhtml(data)
    if suffix in {"html", "htm", "xhtml"} or _looks_like_html(data):
        if telegram.is_html_export(data):
            return telegram.extract_html(data)
        return webpage.extract_html(data)
    return extract_text(data)


def extract_text(data: bytes) -> Extraction:
    try:
        return Extraction(pieces=[Piece(decode(data))])
    except ImportRefused as refused:
        return refusal(refused.note)


def unreadable(content_type: str) -> Extraction:
    return refusal(note(Code.FORMAT_BROKEN), content_type)
