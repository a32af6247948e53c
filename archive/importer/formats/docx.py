"""Word documents (.docx): the body's paragraphs and tables in the order they come, headers first.

A .docx is a zip: its declared sizes are checked before python-docx unpacks anything, as for
any zip (archive.importer.sources), so a bomb is refused unread.
"""

import io
import zipfile

from archive.importer.formats import DOCX_TYPE, Extraction, Piece, refusal, unreadable
from archive.importer.notes import Code, note

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


def document_text(document) -> str:
    lines = [*_headers(document), "", *_blocks(document)]
    # Paragraphs are separated by blank lines, as in a plain text file.
    return "\n\n".join(line for line in "\n".join(lines).split("\n") if line.strip()).strip()


def extract(data: bytes) -> Extraction:
    import docx

    try:
        if _unpacked_size(data) > MAX_UNPACKED:
            return refusal(note(Code.ZIP_TOO_LARGE, size=_unpacked_size(data), limit=MAX_UNPACKED))
        document = docx.Document(io.BytesIO(data))
        text = document_text(document)
    except Exception:  # python-docx raises many kinds on a damaged file: all mean the same
        return unreadable(DOCX_TYPE)
    if not text:
        return refusal(note(Code.EMPTY_FILE), DOCX_TYPE)
    return Extraction(content_type=DOCX_TYPE, pieces=[Piece(text=text)])
