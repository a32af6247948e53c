"""Read one file of any accepted format: its texts (archive.importer.formats), each read as
an article would be (archive.importer.read).

Plain Python, no Django, and picklable: worker processes run `read_file_in_worker`.
"""

import logging
from dataclasses import dataclass, field

from archive.importer import read
from archive.importer.formats import Extraction, Piece, extract
from archive.importer.notes import Code, note
from archive.importer.read import Reading
from archive.text.names import EntityMatcher

logger = logging.getLogger(__name__)


@dataclass
class FileReading:
    """A file's format and what was skipped, and each of its texts with its reading."""

    extraction: Extraction
    texts: list[tuple[Piece, Reading]] = field(default_factory=list)

    @property
    def error(self):
        return self.extraction.error


def read_piece(
    piece: Piece, *, overrides: dict | None = None, matcher: EntityMatcher | None = None
) -> Reading:
    """Read one text with what its file says; text read by OCR always needs review."""
    reading = read.read_text(
        piece.text,
        overrides={**piece.fixed, **(overrides or {})},
        evidence=piece.evidence,
        matcher=matcher,
    )
    if reading.error is None and (piece.ocr or piece.warnings):
        reading.warnings = list(dict.fromkeys([*piece.warnings, *reading.warnings]))
        reading.parsed.needs_review = True
    return reading


def read_file(name: str, data: bytes, *, matcher: EntityMatcher | None = None) -> FileReading:
    """Read a file; one that breaks a reader is refused with a note, never raises."""
    try:
        extraction = extract(name, data)
        texts = [(piece, read_piece(piece, matcher=matcher)) for piece in extraction.pieces]
    except Exception:  # a library's bug on a strange file must not stop a batch
        logger.exception("reading %s failed", name)
        return FileReading(Extraction(error=note(Code.READ_FAILED)))
    return FileReading(extraction, texts)


def read_file_in_worker(name: str, data: bytes) -> FileReading:
    return read_file(name, data, matcher=read.worker_matcher())
