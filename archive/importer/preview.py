"""What importing texts would give, for an editor to check and correct before saving.

The service behind the admin's import page (archive.admin.imports): read uploads, preview a
text without saving anything, and save it with the editor's corrections.
"""

import logging
from dataclasses import dataclass, field

from archive import linking
from archive.entities import ORGANISATION, PERSON
from archive.importer.batch import upload_sources
from archive.importer.decode import ImportRefused, decode
from archive.importer.dialogue import is_role_label
from archive.importer.notes import Code, Note, note
from archive.importer.read import ParsedArticle, Reading, read_text
from archive.importer.save import (
    ImportContext,
    ImportResult,
    _Saver,
    find_duplicate,
    refused,
    save_reading,
)
from archive.models import Article

logger = logging.getLogger(__name__)


@dataclass
class Preview:
    """What importing a text would give, for an editor to check before saving."""

    error: Note | None = None
    parsed: ParsedArticle | None = None
    title: str = ""
    speakers: list[tuple[str, str, bool]] = field(default_factory=list)  # label, name, known
    duplicate_of: Article | None = None
    mentioned: list[str] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)


def preview_text(
    *, text: str, overrides: dict | None = None, context: ImportContext | None = None
) -> Preview:
    """Read a text as `import_text` would, without saving anything."""
    context = context or ImportContext.load()
    reading = read_text(text, overrides=overrides, matcher=context.matcher)
    if reading.error is not None:
        return Preview(error=reading.error)
    parsed, speakers = reading.parsed, reading.speakers
    mentioned = zip(
        (PERSON, ORGANISATION), linking.split_mentions(reading.mentions or {}), strict=True
    )
    names = [*parsed.authors, *speakers.hosts, *speakers.guests]
    names += (speakers.by_label or {}).values()
    names += [c.name for c in parsed.candidates if not is_role_label(c.name)]
    return Preview(
        parsed=parsed,
        title=reading.title,
        speakers=[
            (label, name, context.knows(name)) for label, name in (speakers.by_label or {}).items()
        ],
        duplicate_of=find_duplicate(reading.content_hash),
        mentioned=sorted(
            name
            for kind, ids in mentioned
            for name in kind.model.objects.filter(pk__in=ids).values_list("name", flat=True)
        ),
        new_names=list(dict.fromkeys(n for n in names if not context.knows(n))),
        warnings=reading.warnings,
    )


def read_uploads(files) -> tuple[list[tuple[str, str]], list[tuple[str, Note]]]:
    """Return the decoded texts (name, text) of uploaded files and the refused ones (name, why)."""
    texts: list[tuple[str, str]] = []
    errors: list[tuple[str, Note]] = []
    for source in upload_sources(files):
        if source.error is not None or source.data is None:
            errors.append((source.name, source.error or note(Code.UNREADABLE)))
            continue
        try:
            texts.append((source.name, decode(source.data)))
        except ImportRefused as refusal:
            errors.append((source.name, refusal.note))
    return texts, errors


def import_corrected(
    *, text: str, source_name: str, overrides: dict | None, context: ImportContext
) -> ImportResult:
    """Save a previewed text with the editor's corrections; a failure refuses only this text.

    A text already in the archive is not saved twice: the corrections go to the article that
    holds it.
    """
    try:
        reading = read_text(text, overrides=overrides, matcher=context.matcher)
        existing = find_duplicate(reading.content_hash) if reading.error is None else None
        if existing is not None:
            return correct_existing(existing, reading, source_name=source_name, context=context)
        return save_reading(reading=reading, source_name=source_name, context=context)
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
