"""Import many texts: files, folders, zips or uploads, each in its own transaction.

A failure in one text never touches the others. With workers, the texts are read (decoded,
parsed, their mentions found) in a pool of processes while this one writes.
"""

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError

from archive import linking
from archive.importer import sources
from archive.importer.files import FileReading, read_file, read_file_in_worker, read_piece
from archive.importer.formats import Extraction, Piece
from archive.importer.notes import Code, note
from archive.importer.originals import Origin, keep_original
from archive.importer.read import Reading, init_worker
from archive.importer.save import (
    ImportContext,
    ImportResult,
    Status,
    max_upload_bytes,
    refused,
    save_reading,
)
from archive.importer.sources import Source, too_large
from archive.models import RelinkJob
from archive.search import IndexUnavailable, indexing

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, ImportResult], None]


def limits() -> sources.Limits:
    """The size limits of the settings, read when called (tests change them)."""
    return sources.Limits(
        file=settings.ARCHIVE_MAX_UPLOAD_BYTES, zip=settings.ARCHIVE_MAX_ZIP_BYTES
    )


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source]:
    """Yield every text in these files, folders (recursively) and zip archives, one at a time."""
    return sources.iter_sources(paths, limits=limits())


def count_sources(paths: Iterable[str | os.PathLike]) -> int:
    """Count what `iter_sources` will yield, without reading the texts."""
    return sources.count_sources(paths, limits=limits())


def upload_sources(files: Iterable) -> Iterator[Source]:
    """Yield the texts in uploaded files (Django `UploadedFile`s), zips opened safely."""
    return sources.upload_sources(files, limits=limits())


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    # Why the search index could not take the imported articles (they are saved regardless).
    index_error: str = ""
    # Channel messages with nothing to read: service messages and posts with only media.
    skipped: int = 0

    def _with(self, status: Status) -> list[ImportResult]:
        return [r for r in self.results if r.status == status]

    @property
    def imported(self) -> list[ImportResult]:
        return self._with("imported")

    @property
    def duplicates(self) -> list[ImportResult]:
        return self._with("duplicate")

    @property
    def refused(self) -> list[ImportResult]:
        return self._with("refused")

    @property
    def created_entities(self) -> bool:
        return any(r.created_entities for r in self.results)


def _readings(
    sources: Iterable[Source], workers: int, names: dict
) -> Iterator[tuple[Source, FileReading | None]]:
    """Yield each source with its reading, done by a pool of processes when workers > 1."""
    if workers <= 1:
        for source in sources:
            yield source, None
        return
    # Spawned, not forked: a forked child would share the web process's threads and database
    # connection. Each worker builds its own matcher from the names, once.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(names,),
    )
    window: deque[tuple[Source, Future | None]] = deque()
    try:
        for source in sources:
            readable = source.error is None and source.data is not None
            if readable and len(source.data) > max_upload_bytes():
                readable = False
            window.append(
                (
                    source,
                    pool.submit(read_file_in_worker, source.name, source.data)
                    if readable
                    else None,
                )
            )
            # Keep the workers busy while this process writes, without reading ahead unbounded.
            if len(window) >= workers * 8:
                yield _collect(*window.popleft())
        while window:
            yield _collect(*window.popleft())
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(source: Source, future: Future | None) -> tuple[Source, FileReading | None]:
    if future is None:
        return source, None
    try:
        return source, future.result()
    except Exception:
        logger.exception("reading %s failed in a worker", source.name)
        return source, FileReading(Extraction(error=note(Code.READ_FAILED)))


def piece_name(file_name: str, piece: Piece) -> str:
    """How one text of a file is named in reports: a channel post by its number."""
    post = piece.origin.get("post_id")
    return f"{file_name} #{post}" if post else file_name


@dataclass
class _Batch:
    context: ImportContext

    def save(self, piece: Piece, reading: Reading, name: str, origin: Origin) -> ImportResult:
        """Save one text; on a stale name, once more with what the database knows now."""
        for attempt in (1, 2):
            try:
                return save_reading(
                    reading=reading, source_name=name, context=self.context, origin=origin
                )
            except IntegrityError:
                # Most likely a name deleted by someone else since the batch began: retry once
                # with what the database knows now, finding mentions afresh.
                if attempt == 2:
                    logger.exception("import of %s failed", name)
                    break
                self.context = ImportContext.load()
                reading = read_piece(piece)
            except Exception:
                logger.exception("import of %s failed", name)
                break
        return refused(name, note(Code.SAVE_FAILED))

    def import_file(
        self, source: Source, reading: FileReading | None, report: ImportReport
    ) -> list[ImportResult]:
        """Import each text of one file; the file is kept once something of it is saved."""
        if source.error is not None or source.data is None:
            return [refused(source.name, source.error or note(Code.UNREADABLE))]
        if len(source.data) > max_upload_bytes():
            return [refused(source.name, too_large(len(source.data), max_upload_bytes()))]
        reading = reading or read_file(source.name, source.data)
        if reading.error is not None:
            return [refused(source.name, reading.error)]
        report.skipped += reading.extraction.skipped
        results, original = [], None
        for piece, text_reading in reading.texts:
            name = piece_name(source.name, piece)
            if text_reading.error is not None:
                results.append(refused(name, text_reading.error))
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
                results.append(refused(name, note(Code.SAVE_FAILED)))
                continue
            results.append(self.save(piece, text_reading, name, origin))
        return results


def import_many(
    sources: Iterable[Source],
    *,
    progress: ProgressCallback | None = None,
    index: bool = True,
    relink: bool = True,
    workers: int = 1,
) -> ImportReport:
    """Import each source in its own transaction; one failure never undoes the others.

    A source is a file of any accepted format (archive.importer.formats): each of its texts
    is imported on its own, and `progress` hears of each with the number of files done.
    The imported articles are indexed in one write at the end (none with `index=False`); if
    that write fails, the articles stay saved and `report.index_error` says why.
    With `relink`, new people or organisations found on the way start a background re-link
    so that articles already in the archive get linked to them too. `workers` > 1 reads the
    texts (decoding, parsing, finding mentions) in that many processes; writing stays here.
    """
    report = ImportReport()
    batch = _Batch(ImportContext.load())
    names = linking.entity_names() if workers > 1 else {}
    try:
        with indexing.deferred_indexing(discard=not index):
            for done, (source, reading) in enumerate(_readings(sources, workers, names), 1):
                for result in batch.import_file(source, reading, report):
                    report.results.append(result)
                    if progress:
                        progress(done, result)
    except IndexUnavailable as error:
        report.index_error = str(error)
    if relink and report.created_entities:
        linking.request_relink(reason=RelinkJob.Reason.IMPORT)
    return report
