"""Save a text read by archive.importer.read as an article, in one transaction.

Each article is saved with its turns, roles, publication and candidate names, so a failure
inside a text leaves nothing of it behind. People and organisations are handled alike through
archive.entities.
"""

import hashlib
from dataclasses import dataclass, field, replace
from typing import Literal

from django.conf import settings
from django.db import IntegrityError, models, transaction

from archive import linking
from archive.entities import KINDS, ORGANISATION, PERSON, EntityKind, kind_named
from archive.importer import messages, notes, reposts
from archive.importer.dialogue import is_role_label
from archive.importer.notes import Code, Note, note
from archive.importer.originals import Origin
from archive.importer.phrases import guess_kind
from archive.importer.proposals import proposable_name, unproposable_notes
from archive.importer.read import ParsedArticle, Reading, read_bytes, read_text
from archive.importer.sources import too_large
from archive.models import Article, Candidate, Publication, Turn
from archive.search import indexing
from archive.slugs import slug_base, unique_slug
from archive.text import minhash
from archive.text.letters import normalize

# Names meet entities through the same folding as mentions (a space, ZWNJ or none alike).
from archive.text.names import EntityMatcher, name_key

Status = Literal["imported", "duplicate", "updated", "refused"]

# what an entity's slug falls back to when its name gives none
_SLUG_FALLBACK = {PERSON: "person", ORGANISATION: "org"}


def max_upload_bytes() -> int:
    return settings.ARCHIVE_MAX_UPLOAD_BYTES


@dataclass
class ImportResult:
    status: Status
    source_name: str = ""
    article: Article | None = None
    note: Note | None = None  # why refused, or what became of the text
    warnings: list[Note] = field(default_factory=list)
    created_entities: bool = False

    @property
    def message(self) -> str:
        """The note in the current language."""
        return messages.render(self.note) if self.note else ""


def refused(source_name: str, why: Note) -> ImportResult:
    return ImportResult("refused", source_name=source_name, note=why)


@dataclass
class ImportContext:
    """The known names, loaded once per batch so that each article costs few queries."""

    ids: dict[EntityKind, dict[str, int]]  # normalised name (or alias) -> entity id, per kind
    publications: dict[str, int]
    matcher: EntityMatcher
    # normalised names of the hidden entities: proposed by an import, no editor's decision yet
    hidden: set[str] = field(default_factory=set)
    # candidate keys (letters.normalize) of the names editors dismissed
    rejected: set[str] = field(default_factory=set)

    @classmethod
    def load(cls) -> "ImportContext":
        ids: dict[EntityKind, dict[str, int]] = {}
        for kind in KINDS:
            known = ids[kind] = {}
            for model, fk in ((kind.model, "pk"), (kind.alias_model, kind.id_field)):
                for pk, name in model.objects.values_list(fk, "name"):
                    known.setdefault(name_key(name), pk)
        publications = {
            name_key(name): pk for pk, name in Publication.objects.values_list("pk", "name")
        }
        hidden = {
            name_key(name)
            for kind in KINDS
            for name in kind.model.objects.filter(is_public=False).values_list("name", flat=True)
        }
        dismissed = Candidate.objects.filter(status=Candidate.Status.DISMISSED)
        rejected = set(dismissed.values_list("key", flat=True))
        return cls(ids, publications, linking.get_matcher(), hidden, rejected)

    def knows(self, name: str) -> bool:
        key = name_key(name)
        return any(key in known for known in self.ids.values())

    def decided(self, name: str) -> bool:
        """Whether the name is known and no longer waits for an editor's decision."""
        return self.knows(name) and name_key(name) not in self.hidden

    def rejects(self, name: str) -> bool:
        """Whether an editor dismissed the name as a candidate."""
        return normalize(name)[:200] in self.rejected


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


@dataclass
class _Saver:
    """Writes one parsed article; records what it created so the context learns it on commit."""

    context: ImportContext
    new: dict[EntityKind, dict[str, int]] = field(default_factory=lambda: {k: {} for k in KINDS})
    new_publications: dict[str, int] = field(default_factory=dict)
    # normalised name -> (kind, pk, name as written) of every entity this article created
    created: dict[str, tuple[EntityKind, int, str]] = field(default_factory=dict)

    def entity(self, kind: EntityKind, name: str) -> int:
        key = name_key(name)
        pk = self.context.ids[kind].get(key) or self.new[kind].get(key)
        if pk is None:
            fallback = f"{_SLUG_FALLBACK[kind]}-{_short_hash(key)}"
            # Hidden until an editor accepts the candidate name it is recorded under.
            entity = kind.model.objects.create(
                name=name,
                slug=unique_slug(kind.model, name, fallback=fallback),
                is_public=False,
            )
            pk = self.new[kind][key] = entity.pk
            self.created[normalize(name)] = (kind, pk, name)
        return pk

    def may_create(self, name: str) -> bool:
        """Whether a byline may become an author: a decided name, or a proposable one."""
        if self.context.rejects(name):  # an editor said it is no name
            return False
        return self.context.decided(name) or proposable_name(name)

    def person(self, name: str) -> int:
        return self.entity(PERSON, name)

    def may_be_person(self, name: str) -> bool:
        """Tell whether a speaker's name is a known person or one worth creating.

        A label on its own («محمود», «انجمن», «پرسش») names no one, and a publication or an
        organisation that asks the questions («سایت اتحاد», «پیام کارگر») is no person:
        neither becomes one.
        """
        key = name_key(name)
        if key in self.context.ids[PERSON] or key in self.new[PERSON]:
            return True
        publications = (self.context.publications, self.new_publications)
        if key in self.context.ids[ORGANISATION] or any(key in known for known in publications):
            return False
        return proposable_name(name) and guess_kind(name) == "person"

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
        for kind, ids in self.new.items():
            self.context.ids[kind].update(ids)
            self.context.hidden.update(ids)  # the importer's entities wait for an editor
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


def _author_kind(name: str, parsed: ParsedArticle, context: ImportContext) -> EntityKind:
    key = name_key(name)
    for kind in KINDS:
        if key in context.ids[kind]:
            return kind
    guesses = {name_key(c.name): c.kind_guess for c in parsed.candidates}
    return kind_named(guesses.get(key, PERSON.name))


@dataclass(frozen=True)
class _Copy:
    """The text's sketch, and the earlier article it re-posts, if any."""

    signature: minhash.Sketch | None
    repost: reposts.Repost | None


def find_copy(reading: Reading, *, own_article: bool = False) -> _Copy:
    """Sketch the text and look for its earlier copy, unless the editor says it is its own."""
    signature = minhash.sketch(reading.parsed.body)
    return _Copy(signature, None if own_article else reposts.earlier_copy(signature))


def repost_note(repost: reposts.Repost) -> Note:
    return note(Code.REPOST, title=repost.of.title, percent=repost.percent)


def _save_article(reading: Reading, saver: _Saver, copy: _Copy) -> Article:
    parsed, speakers, content_hash = reading.parsed, reading.speakers, reading.content_hash
    title = reading.title
    publication_id = saver.publication(parsed.publication[:200])
    by_label = speakers.by_label or {}
    # A turn needs its speaker: when a label stands for no one the archive may hold as a
    # person, the conversation stays in the body, unsplit, and an editor is asked to look.
    split = speakers.by_label is not None and all(saver.may_be_person(n) for n in by_label.values())
    warnings = reading.warnings
    if parsed.turns and not split:
        warnings = list(dict.fromkeys([*warnings, note(Code.QA_SPEAKERS_UNKNOWN)]))
    article = Article(
        title=title[:500],
        kind=parsed.kind if parsed.kind in Article.Kind.values else Article.Kind.ARTICLE,
        published_on=parsed.published_on,
        date_text=parsed.date_text[:200],
        publication_id=publication_id,
        publication_issue=parsed.publication_issue[:100],
        body=parsed.body,
        source_url=parsed.source_url[:1000],
        content_hash=content_hash,
        needs_review=parsed.needs_review or bool(warnings),
        # Codes, worded by archive.importer.messages when shown.
        review_note=notes.dump(warnings),
        repost_of=copy.repost.of if copy.repost else None,
        import_removed=parsed.removed,
    )
    _insert_article(article, title)
    reposts.save_sketch(article, copy.signature)

    roles: dict[tuple[EntityKind, int, str], None] = {}
    for name in filter(saver.may_create, parsed.authors):
        kind = _author_kind(name, parsed, saver.context)
        roles[(kind, saver.entity(kind, name), kind.role_model.Role.AUTHOR)] = None
    Role = PERSON.role_model.Role
    hosts = [saver.person(name) for name in speakers.hosts if saver.may_be_person(name)]
    for pk in hosts:
        roles[(PERSON, pk, Role.HOST)] = None
    host_ids = set(hosts)
    for name in speakers.guests:
        if saver.may_be_person(name):
            roles[(PERSON, saver.person(name), Role.SPEAKER)] = None

    turns = []
    if split:
        for turn in parsed.turns:
            pk = saver.person(by_label[turn.speaker])
            if pk not in host_ids:
                roles[(PERSON, pk, Role.SPEAKER)] = None
            turns.append(
                Turn(article=article, position=turn.position, speaker_id=pk, text=turn.text)
            )
    Turn.objects.bulk_create(turns)
    for kind in KINDS:
        kind.role_model.objects.bulk_create(
            [
                kind.role_model(article=article, role=role, **{kind.id_field: pk})
                for of_kind, pk, role in roles
                if of_kind is kind
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
    wanted: dict[str, tuple[str, str, list[str]]] = {}  # key -> (name, kind, seen as)
    for candidate in parsed.candidates:
        key = normalize(candidate.name)
        if (
            not key
            or candidate.name in skip
            or saver.context.decided(candidate.name)
            or is_role_label(candidate.name)
            or not proposable_name(candidate.name)
        ):
            continue
        wanted.setdefault(key, (candidate.name, candidate.kind_guess, list(candidate.seen_as)))
    for key, (kind, _pk, name) in saver.created.items():
        wanted.setdefault(key, (name, kind.name, []))
    if not wanted:
        return
    existing = {c.key: c for c in Candidate.objects.filter(key__in=wanted)}
    seen_again: list[int] = []
    links = []
    for key, (name, kind, seen_as) in wanted.items():
        kind = kind if kind in Candidate.Kind.values else Candidate.Kind.PERSON
        created = saver.created.get(key)
        candidate = existing.get(key)
        if candidate is None:
            candidate = Candidate.objects.create(
                name=name[:200],
                key=key[:200],
                kind=created[0].name if created else kind,
                reason=seen_as,
                **({f"{created[0].created_field}_id": created[1]} if created else {}),
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
    return save_reading(
        reading=reading,
        source_name=source_name,
        index=index,
        context=context,
        own_article=_own_article(overrides),
    )


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
        return refused(source_name, too_large(len(data), limit))
    reading = read_bytes(data, overrides=overrides)
    return save_reading(
        reading=reading,
        source_name=source_name,
        index=index,
        context=context,
        own_article=_own_article(overrides),
    )


def _own_article(overrides: dict | None) -> bool:
    """Whether the editor chose to keep a re-post as an article of its own."""
    return bool((overrides or {}).get("own_article"))


def _duplicate(source_name: str, existing: Article) -> ImportResult:
    return ImportResult(
        "duplicate",
        source_name=source_name,
        article=existing,
        note=note(Code.DUPLICATE, title=existing.title),
    )


def save_reading(
    *,
    reading: Reading,
    source_name: str = "",
    index: bool = True,
    context: ImportContext | None = None,
    origin: Origin | None = None,
    own_article: bool = False,
) -> ImportResult:
    """Save a text read by `archive.importer.read` in one transaction, unless refused or known.

    With an `origin`, the article records the file it came from (a known text records it too);
    a channel post imported before is not imported again. A text most of whose words run as
    in an earlier article is saved as its re-post (`Article.repost_of`), with a note for
    review, unless `own_article`.

    The article reaches the search index after the commit (`archive.search.indexing`), or when
    the caller's `deferred_indexing()` block ends; if that write fails, IndexUnavailable is
    raised and the article stays saved.
    """
    if reading.error is not None:
        return refused(source_name, reading.error)
    earlier = origin.already_imported() if origin else None
    if earlier is not None:
        return _duplicate(source_name, earlier)
    context = context or ImportContext.load()
    copy = find_copy(reading, own_article=own_article)
    found = unproposable_notes(reading, known=context.decided, rejected=context.rejects)
    found += [repost_note(copy.repost)] if copy.repost else []
    reading = replace(reading, warnings=[*reading.warnings, *found])
    saver = _Saver(context)
    # Deferred so that a failed index write cannot interrupt this function between the
    # commit and saver.learn().
    with indexing.deferred_indexing(discard=not index):
        try:
            with transaction.atomic():
                article = _save_article(reading, saver, copy)
                if origin:
                    origin.record(article)
        except IntegrityError:
            existing = Article.objects.filter(content_hash=reading.content_hash).first()
            if existing is None:
                raise
            # The text is already in the archive (perhaps imported a moment ago by another
            # process): it is known to come from this file too.
            if origin:
                origin.record(existing)
            return _duplicate(source_name, existing)
        saver.learn()
    return ImportResult(
        "imported",
        source_name=source_name,
        article=article,
        note=note(Code.IMPORTED, title=article.title),
        warnings=reading.warnings,
        created_entities=bool(saver.created),
    )
