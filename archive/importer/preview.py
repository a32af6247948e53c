"""What importing texts would give, for an editor to check and correct before saving.

The service behind the admin's import page (archive.admin.imports): read uploads, preview a
text without saving anything, and save it with the editor's corrections.
"""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError

from archive import linking
from archive.entities import ORGANISATION, PERSON
from archive.importer import notes
from archive.importer.batch import piece_name, upload_sources
from archive.importer.dialogue import is_role_label
from archive.importer.files import read_file, read_piece
from archive.importer.formats import Piece
from archive.importer.notes import Code, Note, note
from archive.importer.originals import Origin, keep_original
from archive.importer.proposals import unproposable_notes
from archive.importer.read import ParsedArticle, Reading
from archive.importer.reposts import Repost
from archive.importer.save import (
    ImportContext,
    ImportResult,
    _Saver,
    find_copy,
    find_duplicate,
    refused,
    save_reading,
)
from archive.models import Article, Original

logger = logging.getLogger(__name__)


@dataclass
class Preview:
    """What importing a text would give, for an editor to check before saving."""

    error: Note | None = None
    parsed: ParsedArticle | None = None
    title: str = ""
    speakers: list[tuple[str, str, bool]] = field(default_factory=list)  # label, name, accepted
    duplicate_of: Article | None = None
    repost: Repost | None = None  # the earlier copy this text re-posts
    mentioned: list[str] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)


@dataclass
class Upload:
    """One text of an uploaded file, as it travels from the preview to the save step.

    `meta` holds what the file said about the text (archive.importer.formats.Piece) and the
    checksums of the kept original and page image, as JSON.
    """

    name: str
    text: str
    meta: dict = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, piece: Piece, origin: Origin) -> "Upload":
        meta = {
            "fixed": piece.fixed,
            "evidence": piece.evidence,
            "origin": origin.details,
            "warnings": notes.dump(piece.warnings),
            "ocr": piece.ocr,
            "file_name": origin.file_name,
            "original": origin.original.sha256,
            "page_image": origin.page_image.sha256 if origin.page_image else "",
        }
        return cls(piece_name(name, piece), piece.text, meta)

    def piece(self) -> Piece:
        meta = self.meta
        return Piece(
            text=self.text,
            fixed=dict(meta.get("fixed") or {}),
            evidence=dict(meta.get("evidence") or {}),
            origin=dict(meta.get("origin") or {}),
            ocr=bool(meta.get("ocr")),
            warnings=notes.load(meta.get("warnings")),
        )

    def origin(self) -> Origin | None:
        """Where the text came from, when its original is still kept."""
        originals = Original.objects.in_bulk(
            [sha for sha in (self.meta.get("original"), self.meta.get("page_image")) if sha],
            field_name="sha256",
        )
        original = originals.get(self.meta.get("original"))
        if original is None:
            return None
        return Origin(
            original,
            self.meta.get("file_name", ""),
            dict(self.meta.get("origin") or {}),
            bool(self.meta.get("ocr")),
            originals.get(self.meta.get("page_image")),
        )


def preview_text(
    *,
    text: str,
    overrides: dict | None = None,
    context: ImportContext | None = None,
    meta: dict | None = None,
) -> Preview:
    """Read a text as `import_corrected` would, without saving anything."""
    context = context or ImportContext.load()
    upload = Upload("", text, meta or {})
    reading = read_piece(upload.piece(), overrides=overrides, matcher=context.matcher)
    if reading.error is not None:
        return Preview(error=reading.error)
    parsed, speakers = reading.parsed, reading.speakers
    mentioned = zip(
        (PERSON, ORGANISATION), linking.split_mentions(reading.mentions or {}), strict=True
    )
    names = [*parsed.authors, *speakers.hosts, *speakers.guests]
    names += (speakers.by_label or {}).values()
    names += [c.name for c in parsed.candidates if not is_role_label(c.name)]
    duplicate = find_duplicate(reading.content_hash) or _imported_post(upload)
    return Preview(
        parsed=parsed,
        title=reading.title,
        speakers=[
            (label, name, context.decided(name))
            for label, name in (speakers.by_label or {}).items()
        ],
        duplicate_of=duplicate,
        repost=None if duplicate else find_copy(reading).repost,
        mentioned=sorted(
            name
            for kind, ids in mentioned
            for name in kind.model.objects.filter(pk__in=ids).values_list("name", flat=True)
        ),
        new_names=list(dict.fromkeys(n for n in names if not context.decided(n))),
        warnings=[
            *reading.warnings,
            *unproposable_notes(reading, known=context.decided, rejected=context.rejects),
        ],
    )


def _imported_post(upload: Upload) -> Article | None:
    origin = upload.origin() if upload.meta.get("origin") else None
    return origin.already_imported() if origin else None


def read_uploads(files) -> tuple[list[Upload], list[tuple[str, Note]]]:
    """Return the texts found in uploaded files and the refused ones (name, why).

    Each file with a text to preview is kept (archive.importer.originals) now: the upload is
    gone by the save step. Skipped channel messages are reported with the refusals.
    """
    uploads: list[Upload] = []
    errors: list[tuple[str, Note]] = []
    for source in upload_sources(files):
        if source.error is not None or source.data is None:
            errors.append((source.name, source.error or note(Code.UNREADABLE)))
            continue
        reading = read_file(source.name, source.data)
        if reading.error is not None:
            errors.append((source.name, reading.error))
            continue
        if reading.extraction.skipped:
            errors.append((source.name, note(Code.POSTS_SKIPPED, count=reading.extraction.skipped)))
        original = None
        for piece, text_reading in reading.texts:
            if text_reading.error is not None:
                errors.append((piece_name(source.name, piece), text_reading.error))
                continue
            try:
                original = original or keep_original(
                    name=source.name,
                    data=source.data,
                    content_type=reading.extraction.content_type,
                )
                origin = Origin.of(piece, original=original, file_name=source.name)
            except (OSError, DatabaseError):
                logger.exception("keeping the original of %s failed", source.name)
                errors.append((source.name, note(Code.SAVE_FAILED)))
                break
            uploads.append(Upload.of(source.name, piece, origin))
    return uploads, errors


def import_corrected(
    *,
    text: str,
    source_name: str,
    overrides: dict | None,
    context: ImportContext,
    meta: dict | None = None,
) -> ImportResult:
    """Save a previewed text with the editor's corrections; a failure refuses only this text.

    A text already in the archive is not saved twice: the corrections go to the article that
    holds it.
    """
    upload = Upload(source_name, text, meta or {})
    try:
        reading = read_piece(upload.piece(), overrides=overrides, matcher=context.matcher)
        existing = find_duplicate(reading.content_hash) if reading.error is None else None
        if existing is not None:
            return correct_existing(existing, reading, source_name=source_name, context=context)
        return save_reading(
            reading=reading,
            source_name=source_name,
            context=context,
            origin=upload.origin(),
            own_article=bool((overrides or {}).get("own_article")),
        )
    except Exception:
        logger.exception("admin import of %s failed", source_name)
        return refused(source_name, note(Code.SAVE_FAILED))


def correct_existing(
    article: Article, reading: Reading, *, source_name: str, context: ImportContext
) -> ImportResult:
    """Give an article already in the archive the title, kind, date and publication corrected."""
    parsed = reading.parsed
    article.title = reading.title[:500]
    article.kind = parsed.kind if parsed.kind in Article.Kind.values else article.kind
    article.published_on = parsed.published_on
    article.date_text = parsed.date_text[:200]
    article.publication_id = _Saver(context).publication(parsed.publication[:200])
    article.publication_issue = parsed.publication_issue[:100]
    fields = ["title", "kind", "published_on", "date_text", "publication", "publication_issue"]
    article.save(update_fields=[*fields, "updated_at"])
    return ImportResult(
        "updated",
        source_name=source_name,
        article=article,
        note=note(Code.CORRECTED, title=article.title),
    )
