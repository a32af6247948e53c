"""Word documents (.docx): the body's paragraphs and tables in the order they come.

The page header is a letterhead (the organisation's name, a number and date): it is read as
evidence for the article's header, a short first line as publication and a date in it as the
date, where the body's own header says nothing; the body is the article.

A .docx is a zip: its declared sizes are checked before python-docx unpacks anything, as for
any zip (archive.importer.sources), so a bomb is refused unread.
"""

import io
import zipfile

from archive.importer.formats import DOCX_TYPE, Extraction, Piece, refusal, unreadable
from archive.importer.notes import Code, note
from archive.text.jalali import parse_date

# A document's parts unpacked, at most (its text is a small share of them).
MAX_UNPACKED = 100 * 1024 * 1024
_DOCUMENT = "word/document.xml"


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _DOCUMENT in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        # Merged cells repeat: each cell's text once per row.
        cells = list(dict.fromkeys(_cell_text(cell) for cell in row.cells))
        line = " | ".join(c for c in cells if c)
        if line:
            lines.append(line)
    return lines


def _blocks(container) -> list[str]:
    """Paragraphs and tables of a body, header or cell, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(item.text.strip())
        elif isinstance(item, Table):
            blocks.extend(_table_lines(item))
            blocks.append("")
    return blocks


def _headers(document) -> list[str]:
    seen: dict[str, None] = {}
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            if header.is_linked_to_previous:  # no header of its own: the one before, or none
                continue
            for line in _blocks(header):
                if line:
                    seen.setdefault(line, None)
    return list(seen)


_PUBLICATION_WORDS = 8  # at most, in a letterhead's first line read as the publication


def document_text(document) -> str:
    # Paragraphs are separated by blank lines, as in a plain text file.
    lines = "\n".join(_blocks(document)).split("\n")
    return "\n\n".join(line for line in lines if line.strip()).strip()


def letterhead_evidence(document) -> dict[str, str]:
    """What the page header says about the article: its publisher and date."""
    lines = _headers(document)
    evidence = {}
    if lines and len(lines[0].split()) <= _PUBLICATION_WORDS:
        evidence["publication"] = lines[0]
    date = parse_date("\n".join(lines)) if lines else None
    if date is not None and date.error is None:
        evidence["date"] = date.text
    return evidence


def extract(data: bytes) -> Extraction:
    import docx

    try:
        size = _unpacked_size(data)
        if size > MAX_UNPACKED:
            return refusal(note(Code.ZIP_TOO_LARGE, size=size, limit=MAX_UNPACKED), DOCX_TYPE)
        document = docx.Document(io.BytesIO(data))
        text = document_text(document)
        evidence = letterhead_evidence(document)
    except Exception:  # python-docx raises many kinds on a damaged file: all mean the same
        return unreadable(DOCX_TYPE)
    if not text:
        return refusal(note(Code.EMPTY_FILE), DOCX_TYPE)
    return Extraction(content_type=DOCX_TYPE, pieces=[Piece(text=text, evidence=evidence)])
