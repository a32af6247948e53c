"""Import texts into the archive: files, folders and zips in; clean, linked articles out.

The reading of a text (title, date, speakers, turns) is `archive.parsing`, plain Python; this
module turns its result into rows. Each article is saved in one transaction with its turns,
roles, publication and candidate names, so a failure inside a file leaves nothing behind, and
a failure in one file never touches the others.
"""

import hashlib
import logging
import multiprocessing
import os
import stat
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from archive import linking, signals

# Names meet entities through the same folding as mentions (a space, ZWNJ or none alike).
from archive.entities import EntityMatcher, name_key
from archive.messages import NOTE_SEPARATOR
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    RelinkJob,
    Turn,
)
from archive.parsing import ParsedArticle
from archive.persian import normalize
from archive.reading import (
    Reading,
    init_worker,
    is_role_label,
    read_bytes,
    read_in_worker,
    read_text,
)
from archive.slugs import slug_base, unique_slug
from archive.whoosh_backend import IndexWriteError

logger = logging.getLogger(__name__)

FILE_TOO_LARGE = _("The file size ({size}) is over the limit ({limit}).")
NOT_FOUND = _("File or folder not found.")
UNREADABLE = _("The file could not be read.")
SYMLINK = _("Symbolic links (symlinks) are not accepted.")
ZIP_BROKEN = _("The zip file is broken or cannot be read.")
ZIP_MEMBER_BROKEN = _(
    "This file inside the zip file is broken, encrypted or compressed with an unknown method."
)
ZIP_UNSAFE_PATH = _("Unsafe paths inside a zip file (absolute, or with “..”) are not accepted.")
ZIP_TOO_LARGE = _("The unpacked size of the zip file ({size}) is over the limit ({limit}).")
ZIP_NESTED = _("Zip files inside a zip file are not accepted; upload them separately.")
DUPLICATE = _("This text is already in the archive: “{title}”.")
IMPORTED = _("Imported: “{title}”.")
SAVE_FAILED = _("Saving this text failed, and nothing of it was saved.")
READ_FAILED = _("Reading this text failed, and nothing of it was saved.")

Status = Literal["imported", "duplicate", "refused"]

_SKIPPED_NAMES = ("__MACOSX", ".DS_Store", "Thumbs.db")
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_SYMLINK = 0o120000


def max_upload_bytes() -> int:
    return settings.ARCHIVE_MAX_UPLOAD_BYTES


def max_zip_bytes() -> int:
    """Return the limit on all of a zip's members together, once decompressed."""
    return settings.ARCHIVE_MAX_ZIP_BYTES


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)  # unreachable


def _too_large(size: int, limit: int) -> str:
    return FILE_TOO_LARGE.format(size=human_size(size), limit=human_size(limit))


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One text to import, or the reason it could not even be read."""

    name: str
    data: bytes | None = None
    error: str | None = None


@dataclass
class ImportResult:
    status: Status
    source_name: str = ""
    article: Article | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    created_entities: bool = False


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    # Why the search index could not take the imported articles (they are saved regardless).
    index_error: str = ""

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


def _refused(source_name: str, message: str) -> ImportResult:
    return ImportResult("refused", source_name=source_name, message=message)


# --- what the importer knows -----------------------------------------------------------------


@dataclass
class ImportContext:
    """The known names, loaded once per batch so that each article costs few queries."""

    people: dict[str, int]
    organisations: dict[str, int]
    publications: dict[str, int]
    matcher: EntityMatcher

    @classmethod
    def load(cls) -> "ImportContext":
        people: dict[str, int] = {}
        for model, fk, target in (
            (Person, "pk", people),
            (PersonAlias, "person_id", people),
        ):
            for pk, name in model.objects.values_list(fk, "name"):
                target.setdefault(name_key(name), pk)
        organisations: dict[str, int] = {}
        for model, fk in ((Organisation, "pk"), (OrganisationAlias, "organisation_id")):
            for pk, name in model.objects.values_list(fk, "name"):
                organisations.setdefault(name_key(name), pk)
        publications = {
            name_key(name): pk for pk, name in Publication.objects.values_list("pk", "name")
        }
        return cls(people, organisations, publications, linking.get_matcher())


# --- reading sources -------------------------------------------------------------------------


def _skipped(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part in _SKIPPED_NAMES for part in parts)


def _unsafe_member(filename: str) -> bool:
    path = filename.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return True
    return ".." in PurePosixPath(path).parts


def _zip_sources(fileobj: BinaryIO | Path, zip_name: str, *, read: bool) -> Iterator[Source]:
    """Yield a zip's members, refusing unsafe paths, links, nested zips and bombs."""
    limit, total_limit = max_upload_bytes(), max_zip_bytes()
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError):
        yield Source(zip_name, error=ZIP_BROKEN)
        return
    with archive:
        # Unsafe paths are refused before hidden files are skipped: ".." starts with a dot.
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and (_unsafe_member(info.filename) or not _skipped(PurePosixPath(info.filename).parts))
        ]
        # The sizes in the directory are checked before anything is decompressed; reads are
        # bounded too, since the directory can lie.
        declared = sum(info.file_size for info in members)
        if declared > total_limit:
            yield Source(
                zip_name,
                error=ZIP_TOO_LARGE.format(
                    size=human_size(declared), limit=human_size(total_limit)
                ),
            )
            return
        for info in members:
            name = f"{zip_name}/{info.filename}"
            if _unsafe_member(info.filename):
                yield Source(name, error=ZIP_UNSAFE_PATH)
            elif (info.external_attr >> 16) & 0o170000 == _ZIP_SYMLINK:
                yield Source(name, error=SYMLINK)
            elif info.file_size > limit:
                yield Source(name, error=_too_large(info.file_size, limit))
            elif not read:
                yield Source(name)
            else:
                yield _read_member(archive, info, name, limit)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int) -> Source:
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        return Source(name, error=ZIP_MEMBER_BROKEN)
    if len(data) > limit:
        return Source(name, error=_too_large(len(data), limit))
    if data.startswith(_ZIP_MAGIC):
        return Source(name, error=ZIP_NESTED)
    return Source(name, data=data)


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    with path.open("rb") as f:
        return f.read(4) == _ZIP_MAGIC


def _file_sources(path: Path, *, read: bool) -> Iterator[Source]:
    name = str(path)
    try:
        if _is_zip(path):
            yield from _zip_sources(path, name, read=read)
            return
        size = path.stat().st_size
        limit = max_upload_bytes()
        if size > limit:
            yield Source(name, error=_too_large(size, limit))
        elif not read:
            yield Source(name)
        else:
            with path.open("rb") as f:
                data = f.read(limit + 1)  # the file may have grown since stat()
            yield (
                Source(name, data=data)
                if len(data) <= limit
                else Source(name, error=_too_large(len(data), limit))
            )
    except OSError:
        yield Source(name, error=UNREADABLE)


def _walk(paths: Iterable[str | os.PathLike], *, read: bool) -> Iterator[Source]:
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            yield Source(str(path), error=NOT_FOUND)
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if _skipped(relative):
                    continue
                # Links inside a folder could point anywhere, or loop: they are not followed.
                if child.is_symlink():
                    yield Source(str(child), error=SYMLINK)
                elif stat.S_ISREG(child.stat().st_mode):
                    yield from _file_sources(child, read=read)
        else:
            yield from _file_sources(path, read=read)


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Source]:
    """Yield every text in these files, folders (recursively) and zip archives, one at a time."""
    return _walk(paths, read=True)


def count_sources(paths: Iterable[str | os.PathLike]) -> int:
    """Count what `iter_sources` will yield, without reading the texts."""
    return sum(1 for _ in _walk(paths, read=False))


def upload_sources(files: Iterable) -> Iterator[Source]:
    """Yield the texts in uploaded files (Django `UploadedFile`s), zips opened safely."""
    limit = max_upload_bytes()
    for upload in files:
        name = os.path.basename(upload.name or "")
        head = upload.read(4)
        upload.seek(0)
        if head == _ZIP_MAGIC or name.lower().endswith(".zip"):
            if upload.size > max_zip_bytes():
                yield Source(name, error=_too_large(upload.size, max_zip_bytes()))
            else:
                yield from _zip_sources(upload, name, read=True)
        elif upload.size > limit:
            yield Source(name, error=_too_large(upload.size, limit))
        else:
            yield Source(name, data=upload.read())


# --- saving ----------------------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


@dataclass
class _Saver:
    """Writes one parsed article; records what it created so the context learns it on commit."""

    context: ImportContext
    new_people: dict[str, int] = field(default_factory=dict)
    new_organisations: dict[str, int] = field(default_factory=dict)
    new_publications: dict[str, int] = field(default_factory=dict)
    # normalised name -> (kind, pk, name as written) of every entity this article created
    created: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def person(self, name: str) -> int:
        key = name_key(name)
        pk = self.context.people.get(key) or self.new_people.get(key)
        if pk is None:
            person = Person.objects.create(
                name=name, slug=unique_slug(Person, name, fallback=f"person-{_short_hash(key)}")
            )
            pk = self.new_people[key] = person.pk
            self.created[normalize(name)] = ("person", pk, name)
        return pk

    def organisation(self, name: str) -> int:
        key = name_key(name)
        pk = self.context.organisations.get(key) or self.new_organisations.get(key)
        if pk is None:
            organisation = Organisation.objects.create(
                name=name,
                slug=unique_slug(Organisation, name, fallback=f"org-{_short_hash(key)}"),
            )
            pk = self.new_organisations[key] = organisation.pk
            self.created[normalize(name)] = ("organisation", pk, name)
        return pk

    def publication(self, name: str) -> int | None:
        if not name:
            return None
        key = name_key(name)
        pk = self.context.publications.get(key)
        if pk is None:
            publication, _created = Publication.objects.get_or_create(
                name=name,
                defaults={
                    "slug": unique_slug(Publication, name, fallback=f"pub-{_short_hash(key)}")
                },
            )
            pk = self.new_publications[key] = publication.pk
        return pk

    def learn(self) -> None:
        """Remember what this (committed) article created, for the next articles."""
        self.context.people.update(self.new_people)
        self.context.organisations.update(self.new_organisations)
        self.context.publications.update(self.new_publications)


def _insert_article(article: Article, title: str) -> None:
    """Save a new article under its title's slug, or the first free -2, -3 … when taken.

    The unique content hash is the duplicate check: an IntegrityError escapes when the text
    is already in the archive. The plain slug is tried before any lookup, since few titles
    repeat: that, and no separate duplicate query, saves two queries per article.
    """
    fallback = f"article-{article.content_hash[:12]}"
    article.slug = slug_base(title, fallback=fallback)
    try:
        with transaction.atomic():
            article.save()
        return
    except IntegrityError:
        if Article.objects.filter(content_hash=article.content_hash).exists():
            raise
    article.slug = unique_slug(Article, title, fallback=fallback)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        if Article.objects.filter(content_hash=article.content_hash).exists():
            raise
        # Another import took the slug between our check and our insert.
        article.slug = f"{article.slug}-{article.content_hash[:8]}"
        article.save()


def _is_organisation(name: str, parsed: ParsedArticle, context: ImportContext) -> bool:
    key = name_key(name)
    if key in context.people:
        return False
    if key in context.organisations:
        return True
    guesses = {name_key(c.name): c.kind_guess for c in parsed.candidates}
    return guesses.get(key) == Candidate.Kind.ORGANISATION


def _save_article(reading: Reading, saver: _Saver) -> Article:
    parsed, speakers, content_hash = reading.parsed, reading.speakers, reading.content_hash
    title = reading.title
    notes = reading.warnings
    article = Article(
        title=title[:500],
        kind=parsed.kind if parsed.kind in Article.Kind.values else Article.Kind.ARTICLE,
        published_on=parsed.published_on,
        date_text=parsed.date_text[:200],
        publication_id=saver.publication(parsed.publication[:200]),
        publication_issue=parsed.publication_issue[:100],
        body=parsed.body,
        source_url=parsed.source_url[:1000],
        content_hash=content_hash,
        needs_review=parsed.needs_review or bool(notes),
        # The parser's texts as they are: codes that archive.messages translates when shown.
        review_note=NOTE_SEPARATOR.join(notes)[:500],
    )
    _insert_article(article, title)

    person_roles: dict[tuple[int, str], None] = {}
    org_roles: dict[tuple[int, str], None] = {}
    for name in parsed.authors:
        if _is_organisation(name, parsed, saver.context):
            org_roles[(saver.organisation(name), ArticleOrganisation.Role.AUTHOR)] = None
        else:
            person_roles[(saver.person(name), ArticlePerson.Role.AUTHOR)] = None
    for name in speakers.hosts:
        person_roles[(saver.person(name), ArticlePerson.Role.HOST)] = None
    host_ids = {saver.person(name) for name in speakers.hosts}
    for name in speakers.guests:
        person_roles[(saver.person(name), ArticlePerson.Role.SPEAKER)] = None

    turns = []
    if speakers.by_label is not None:
        for turn in parsed.turns:
            pk = saver.person(speakers.by_label[turn.speaker])
            if pk not in host_ids:
                person_roles[(pk, ArticlePerson.Role.SPEAKER)] = None
            turns.append(
                Turn(article=article, position=turn.position, speaker_id=pk, text=turn.text)
            )
    Turn.objects.bulk_create(turns)
    ArticlePerson.objects.bulk_create(
        [ArticlePerson(article=article, person_id=pk, role=role) for pk, role in person_roles]
    )
    ArticleOrganisation.objects.bulk_create(
        [
            ArticleOrganisation(article=article, organisation_id=pk, role=role)
            for pk, role in org_roles
        ]
    )
    if reading.mentions is None:
        linking.link_article(article, matcher=saver.context.matcher, new=True)
    else:
        linking.write_mentions(article, reading.mentions, new=True)
    # A short label spoken for a fuller header name is that name, not a new one.
    aliases = {
        label
        for label, name in (speakers.by_label or {}).items()
        if name_key(label) != name_key(name)
    }
    _record_candidates(article, parsed, saver, skip=aliases)
    return article


def _record_candidates(
    article: Article, parsed: ParsedArticle, saver: _Saver, *, skip: set[str]
) -> None:
    """Suggest the names this article brought that the archive did not know."""
    known = saver.context.people.keys() | saver.context.organisations.keys()
    wanted: dict[str, tuple[str, str, str]] = {}  # key -> (name, kind, reason)
    for candidate in parsed.candidates:
        key = normalize(candidate.name)
        if (
            not key
            or candidate.name in skip
            or name_key(candidate.name) in known
            or is_role_label(candidate.name)
        ):
            continue
        wanted.setdefault(key, (candidate.name, candidate.kind_guess, candidate.reason))
    for key, (kind, _pk, name) in saver.created.items():
        wanted.setdefault(key, (name, kind, ""))
    if not wanted:
        return
    existing = {c.key: c for c in Candidate.objects.filter(key__in=wanted)}
    seen_again: list[int] = []
    links = []
    for key, (name, kind, reason) in wanted.items():
        kind = kind if kind in Candidate.Kind.values else Candidate.Kind.PERSON
        created_kind, created_pk, _name = saver.created.get(key, (None, None, None))
        candidate = existing.get(key)
        if candidate is None:
            candidate = Candidate.objects.create(
                name=name[:200],
                key=key[:200],
                kind=created_kind or kind,
                reason=reason[:200],
                created_person_id=created_pk if created_kind == "person" else None,
                created_organisation_id=created_pk if created_kind == "organisation" else None,
            )
        else:
            seen_again.append(candidate.pk)
        links.append(Candidate.articles.through(candidate_id=candidate.pk, article_id=article.pk))
    # A dismissed or merged name keeps its status: it is not suggested again.
    if seen_again:
        Candidate.objects.filter(pk__in=seen_again).update(occurrences=models.F("occurrences") + 1)
    # The article is new, so none of these links exists yet: one insert, no lookups.
    Candidate.articles.through.objects.bulk_create(links)


def find_duplicate(content_hash: str) -> Article | None:
    # order_by(): the default ordering would sort on dates for a lookup of one unique row.
    return Article.objects.filter(content_hash=content_hash).order_by().first()


def import_text(
    *,
    text: str,
    source_name: str = "",
    overrides: dict | None = None,
    index: bool = True,
    context: ImportContext | None = None,
) -> ImportResult:
    """Parse a text and save it as an article with its turns, roles and links."""
    reading = read_text(text, overrides=overrides)
    return save_reading(reading=reading, source_name=source_name, index=index, context=context)


def import_bytes(
    *,
    data: bytes,
    source_name: str,
    overrides: dict | None = None,
    index: bool = True,
    context: ImportContext | None = None,
) -> ImportResult:
    """Decode an uploaded file and import its text."""
    limit = max_upload_bytes()
    if len(data) > limit:
        return _refused(source_name, _too_large(len(data), limit))
    reading = read_bytes(data, overrides=overrides)
    return save_reading(reading=reading, source_name=source_name, index=index, context=context)


def _duplicate(source_name: str, existing: Article) -> ImportResult:
    return ImportResult(
        "duplicate",
        source_name=source_name,
        article=existing,
        message=DUPLICATE.format(title=existing.title),
    )


def save_reading(
    *,
    reading: Reading,
    source_name: str = "",
    index: bool = True,
    context: ImportContext | None = None,
) -> ImportResult:
    """Save a text read by `archive.reading` in one transaction, unless refused or known.

    The article reaches the search index after the commit (`archive.signals`), or when the
    caller's `deferred_indexing()` block ends; if that write fails, IndexWriteError is raised
    and the article stays saved.
    """
    if reading.error is not None:
        return _refused(source_name, reading.error)
    context = context or ImportContext.load()
    saver = _Saver(context)
    # Deferred so that a failed index write cannot interrupt this function between the
    # commit and saver.learn().
    with signals.deferred_indexing(discard=not index):
        try:
            with transaction.atomic():
                article = _save_article(reading, saver)
        except IntegrityError:
            existing = Article.objects.filter(content_hash=reading.content_hash).first()
            if existing is None:
                raise
            # The text is already in the archive (perhaps imported a moment ago by another
            # process).
            return _duplicate(source_name, existing)
        saver.learn()
    return ImportResult(
        "imported",
        source_name=source_name,
        article=article,
        message=IMPORTED.format(title=article.title),
        warnings=reading.warnings,
        created_entities=bool(saver.created),
    )


ProgressCallback = Callable[[int, ImportResult], None]


def _readings(
    sources: Iterable[Source], workers: int, names: dict
) -> Iterator[tuple[Source, Reading | None]]:
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
            window.append((source, pool.submit(read_in_worker, source.data) if readable else None))
            # Keep the workers busy while this process writes, without reading ahead unbounded.
            if len(window) >= workers * 8:
                yield _collect(*window.popleft())
        while window:
            yield _collect(*window.popleft())
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(source: Source, future: Future | None) -> tuple[Source, Reading | None]:
    if future is None:
        return source, None
    try:
        return source, future.result()
    except Exception:
        logger.exception("reading %s failed in a worker", source.name)
        return source, Reading(error=READ_FAILED)


def _import_source(source: Source, reading: Reading | None, context: ImportContext) -> ImportResult:
    if source.error is not None or source.data is None:
        return _refused(source.name, source.error or UNREADABLE)
    if reading is not None:
        return save_reading(reading=reading, source_name=source.name, context=context)
    return import_bytes(data=source.data, source_name=source.name, context=context)


def _import_one(
    source: Source, reading: Reading | None, context: ImportContext, *, retry: bool = True
) -> ImportResult | None:
    """Import one source; None when it should be retried with a fresh context."""
    try:
        return _import_source(source, reading, context)
    except IntegrityError:
        # Most likely a name deleted by someone else since the batch began: retry once
        # with what the database knows now, finding mentions afresh.
        if retry:
            return None
        logger.exception("import of %s failed", source.name)
    except Exception:
        logger.exception("import of %s failed", source.name)
    return _refused(source.name, SAVE_FAILED)


def import_many(
    sources: Iterable[Source],
    *,
    progress: ProgressCallback | None = None,
    index: bool = True,
    relink: bool = True,
    workers: int = 1,
) -> ImportReport:
    """Import each source in its own transaction; one failure never undoes the others.

    The imported articles are indexed in one write at the end (none with `index=False`); if
    that write fails, the articles stay saved and `report.index_error` says why.
    With `relink`, new people or organisations found on the way start a background re-link
    so that articles already in the archive get linked to them too. `workers` > 1 reads the
    texts (decoding, parsing, finding mentions) in that many processes; writing stays here.
    """
    report = ImportReport()
    context = ImportContext.load()
    names = linking.entity_names() if workers > 1 else {}
    try:
        with signals.deferred_indexing(discard=not index):
            for source, reading in _readings(sources, workers, names):
                result = _import_one(source, reading, context)
                if result is None:  # the batch's names were stale: reload them and retry
                    context = ImportContext.load()
                    result = _import_one(source, None, context, retry=False)
                report.results.append(result)
                if progress:
                    progress(len(report.results), result)
    except IndexWriteError as error:
        report.index_error = str(error)
    if relink and report.created_entities:
        linking.request_relink(reason=RelinkJob.Reason.IMPORT)
    return report


# --- preview (nothing is saved) --------------------------------------------------------------


@dataclass
class Preview:
    """What importing a text would give, for an editor to check before saving."""

    error: str | None = None
    parsed: ParsedArticle | None = None
    title: str = ""
    speakers: list[tuple[str, str, bool]] = field(default_factory=list)  # label, name, known
    duplicate_of: Article | None = None
    mentioned: list[str] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def preview_text(
    *, text: str, overrides: dict | None = None, context: ImportContext | None = None
) -> Preview:
    """Read a text as `import_text` would, without saving anything."""
    context = context or ImportContext.load()
    reading = read_text(text, overrides=overrides, matcher=context.matcher)
    if reading.error is not None:
        return Preview(error=reading.error)
    parsed, speakers = reading.parsed, reading.speakers
    people, organisations = linking.split_mentions(reading.mentions or {})
    known = context.people.keys() | context.organisations.keys()
    names = [*parsed.authors, *speakers.hosts, *speakers.guests]
    names += (speakers.by_label or {}).values()
    names += [c.name for c in parsed.candidates if not is_role_label(c.name)]
    person_names = Person.objects.filter(pk__in=people).values_list("name", flat=True)
    org_names = Organisation.objects.filter(pk__in=organisations).values_list("name", flat=True)
    return Preview(
        parsed=parsed,
        title=reading.title,
        speakers=[
            (label, name, name_key(name) in known)
            for label, name in (speakers.by_label or {}).items()
        ],
        duplicate_of=find_duplicate(reading.content_hash),
        mentioned=sorted([*person_names, *org_names]),
        new_names=list(dict.fromkeys(n for n in names if name_key(n) not in known)),
        warnings=reading.warnings,
    )
