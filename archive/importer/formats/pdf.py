"""PDF statements and leaflets: the text layer with pdfminer.six, checked for plausibility.

pdfminer keeps Persian word order best of the extractors tried, but PDFs made by tools that
shape Arabic script themselves store each line in visual order: read as text, its letters
run backwards. The share of words hazm's lexicon knows tells them apart: when the lines
reversed read much better, they are reversed (and the text flagged for review); when neither
reads well, the text is imported with a note saying so. A PDF without a text layer (a scan)
goes to OCR.
"""

import io
import re
import unicodedata
import zlib

from archive.importer.formats import Extraction, Piece, refusal, unreadable
from archive.importer.notes import Code, note
from archive.text.persian import known_share

PDF_TYPE = "application/pdf"
MAX_PAGES = 300
# Fewer letters than this on all pages together: no text layer, only images of pages.
_MIN_LETTERS = 20
PLAUSIBLE_SHARE = 0.5  # of the Persian words, known to the lexicon
_REVERSED_GAIN = 0.15  # how much better the reversed lines must read
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_LTR_RUN = re.compile(
    r"[0-9A-Za-z\u06f0-\u06f9\u0660-\u0669][0-9A-Za-z\u06f0-\u06f9\u0660-\u0669.,:/٫٬%-]*"
)
_MIRRORED = str.maketrans("()[]{}«»<>", ")(][}{»«><")
_LETTER = re.compile(r"[^\W\d_]")


def _base_letters(text: str) -> str:
    """Presentation forms (ﺑ ﻤ ﻼ), as some PDFs store shaped letters, become plain letters."""
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)


def reverse_line(line: str) -> str:
    """A line stored in visual order, in reading order: digits and Latin keep their own."""
    flipped = line[::-1].translate(_MIRRORED)
    return _LTR_RUN.sub(lambda m: m[0][::-1], flipped)


def in_reading_order(raw: str) -> tuple[str, bool]:
    """The text with plain letters and its lines in reading order, and whether they were reversed.

    Lines are reversed before the letters are unshaped: a lam-alef ligature is one character
    stored in visual order, two once unshaped.
    """
    text = _base_letters(raw)
    flipped = _base_letters("\n".join(map(reverse_line, raw.split("\n"))))
    if known_share(flipped) > known_share(text) + _REVERSED_GAIN:
        return flipped, True
    return text, False


# A ligature glyph maps to its letters in reading order even where the PDF stores its line in
# visual order: it travels as the one character it is, so reversing a line leaves it whole.
_LIGATURES = {"لا": "\ufefb", "لأ": "\ufef7", "لإ": "\ufef9", "لآ": "\ufef5"}


def _box_text(box) -> str:
    return "".join(
        _LIGATURES.get(char.get_text(), char.get_text()) if hasattr(char, "get_text") else ""
        for line in box
        for char in (line if hasattr(line, "__iter__") else [line])
    )


def _pages(data: bytes) -> list[str] | None:
    """Each page's text, or None when there are more pages than an article has."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    pages = []
    # boxes_flow=None: text boxes top to bottom, as a right-aligned Persian page reads.
    for number, page in enumerate(
        extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None))
    ):
        if number >= MAX_PAGES:
            return None
        pages.append("".join(_box_text(box) for box in page if isinstance(box, LTTextContainer)))
    return pages


def _paragraphs(text: str) -> str:
    # pdfminer ends each text box with a blank line; single breaks inside a box stay.
    return re.sub(r"\n{3,}", "\n\n", text.replace("\x0c", "\n\n")).strip()


# What a PDF's compressed streams may inflate to, together: pdfminer decompresses each stream
# whole, in memory, so a small file of zeros compressed a thousandfold would be a bomb.
MAX_INFLATED = 256 * 1024 * 1024
_STREAM_START = re.compile(rb"stream\r?\n")


def inflated_size(data: bytes, limit: int) -> int:
    """What the file's Flate streams inflate to, counted up to just over `limit`.

    Read from the raw bytes, before any parser: a stream is wherever one seems to begin, and
    what does not inflate (images, other filters, false starts) counts nothing.
    """
    raw, total = memoryview(data), 0
    for start in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(raw[start.end() :], limit - total + 1))
        except zlib.error:
            continue
        if total > limit:
            break
    return total


def extract(data: bytes) -> Extraction:
    from archive.importer.formats import ocr

    size = inflated_size(data, MAX_INFLATED)
    if size > MAX_INFLATED:
        return refusal(note(Code.UNPACKS_TOO_LARGE, size=size, limit=MAX_INFLATED), PDF_TYPE)
    try:
        pages = _pages(data)
    except Exception:  # pdfminer raises many kinds (syntax, encryption, streams): all mean this
        return unreadable(PDF_TYPE)
    if pages is None:
        return refusal(note(Code.TOO_MANY_PAGES, limit=MAX_PAGES), PDF_TYPE)
    raw = _paragraphs("\n\n".join(pages))
    if len(_LETTER.findall(raw)) < _MIN_LETTERS:
        return ocr.extract_pdf(data)
    text, reversed_lines = in_reading_order(raw)
    warnings = [note(Code.PDF_LINES_REVERSED)] if reversed_lines else []
    share = known_share(text)
    if share and share < PLAUSIBLE_SHARE:
        warnings.append(note(Code.PDF_IMPLAUSIBLE, share=round(share * 100)))
    return Extraction(content_type=PDF_TYPE, pieces=[Piece(text=text, warnings=warnings)])
