"""Export the whole archive as JSON Lines and load it into another database, losslessly.

The format is documented in docs/export-format.md. Rows are named by natural keys (slugs, the
candidate's normalised key), never by database ids, so an export loads into any database.
Every concrete model field is written, so a field added to a model travels without code changes.
"""

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from django.db import DatabaseError, connection, models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from archive.entities import learn_all_spellings
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
    Turn,
)

FORMAT_NAME = "labour-archive"
FORMAT_VERSION = 1
BATCH_SIZE = 200

NOT_AN_EXPORT = 'not an archive export: the first line must be {"format": "labour-archive", ...}'
UNSUPPORTED_VERSION = (
    "export format version {found!r} is not supported; this site reads version {supported}"
)
UNREADABLE = "the file cannot be read: {error}"
BAD_LINE = "line {line}: {problem}"
NOT_JSON = "not valid JSON ({error})"
NOT_A_RECORD = "expected a JSON object with a 'type'"
UNKNOWN_TYPE = "unknown record type {type!r}"
MISSING_FIELD = "{type} record lacks the field {field!r}"
UNKNOWN_FIELDS = "{type} record has fields this site does not know: {fields}"
BAD_VALUE = "{field!r}: {error}"
NULL_VALUE = "may not be null"
TOO_LONG = "longer than {max_length} characters"
UNKNOWN_REFERENCE = "{field!r} names {target} {key!r}, which is not earlier in the file"
REJECTED = "lines {first}-{last}: the database rejected these {type} records ({error})"
TRUNCATED = "the file ends without its end record: it is incomplete (cut off while being written?)"
AFTER_END = "data after the end record"
COUNT_MISMATCH = "the end record counts {expected} {type} records but the file holds {found}"
NOT_EMPTY = (
    "the database already holds an archive ({rows} rows); "
    "import with --replace to delete it and load the file instead"
)


class TransferError(Exception):
    """A refused import; the message says why in one line and nothing has been written."""


@dataclass(frozen=True)
class _Kind:
    """One record type: a model, its natural key, and the rows that travel inside it."""

    name: str
    model: type[models.Model]
    key: str
    # (list name in the record, child model, the child's foreign key to this model)
    children: tuple[tuple[str, type[models.Model], str], ...] = ()
    # many-to-many fields written as lists of the related rows' natural keys
    m2m: tuple[str, ...] = field(default=())
    # foreign keys to rows of the same kind, which may come later in the file: set at the end
    to_self: tuple[str, ...] = field(default=())


# File order: every reference points to a record of an earlier kind.
KINDS = (
    _Kind("person", Person, "slug", children=(("aliases", PersonAlias, "person"),)),
    _Kind(
        "organisation",
        Organisation,
        "slug",
        children=(("aliases", OrganisationAlias, "organisation"),),
    ),
    _Kind("publication", Publication, "slug"),
    _Kind(
        "article",
        Article,
        "slug",
        children=(
            ("turns", Turn, "article"),
            ("person_roles", ArticlePerson, "article"),
            ("organisation_roles", ArticleOrganisation, "article"),
        ),
        to_self=("repost_of",),
    ),
    _Kind("candidate", Candidate, "key", m2m=("articles",)),
)
_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}


def _fields(model: type[models.Model], skip: str = "") -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != skip]


def _auto_timestamps(model: type[models.Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]


# --- export -----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _row(obj: models.Model, fields: list[models.Field], keys: dict) -> dict[str, Any]:
    data = {}
    for f in fields:
        value = getattr(obj, f.attname)
        if f.is_relation and value is not None:
            value = keys[f.related_model][value]
        data[f.name] = _encode(value)
    return data


def _records(kind: _Kind, keys: dict) -> Iterator[dict[str, Any]]:
    queryset = kind.model.objects.order_by("pk")
    for name, child, _parent in kind.children:
        ordering = child._meta.ordering or ["pk"]
        queryset = queryset.prefetch_related(Prefetch(name, child.objects.order_by(*ordering)))
    for name in kind.m2m:
        related = kind.model._meta.get_field(name).related_model
        natural = _BY_MODEL[related].key
        queryset = queryset.prefetch_related(Prefetch(name, related.objects.only("pk", natural)))
    fields = _fields(kind.model)
    child_fields = {name: _fields(child, skip=parent) for name, child, parent in kind.children}
    for obj in queryset.iterator(chunk_size=BATCH_SIZE):
        record = {"type": kind.name, **_row(obj, fields, keys)}
        for name, _child, _parent in kind.children:
            rows = getattr(obj, name).all()
            record[name] = [_row(row, child_fields[name], keys) for row in rows]
        for name in kind.m2m:
            natural = _BY_MODEL[kind.model._meta.get_field(name).related_model].key
            record[name] = sorted(getattr(row, natural) for row in getattr(obj, name).all())
        yield record


# json.dumps leaves these unescaped with ensure_ascii=False, but str.splitlines() and many editors
# break lines at them; they can only occur inside JSON strings, so escaping them there is safe.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _write(fp: TextIO, record: dict[str, Any]) -> None:
    fp.write(json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")


def export_archive(*, fp: TextIO) -> dict[str, int]:
    """Write the whole archive to fp, one JSON object a line; return the count of each kind."""
    counts: dict[str, int] = {}
    # Only an outermost transaction can choose its isolation level (not a savepoint in a test).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            # One snapshot for the whole export, so imports running meanwhile cannot tear it.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # Small tables referenced by others: natural keys by id, held in memory.
        keys = {
            kind.model: dict(kind.model.objects.values_list("pk", kind.key))
            for kind in KINDS
            if kind.model in (Person, Organisation, Publication)
        }
        # Of the articles, only those that others re-post are referenced.
        reposted = Article.objects.filter(reposts__isnull=False).distinct()
        keys[Article] = dict(reposted.values_list("pk", "slug"))
        _write(
            fp,
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "exported_at": timezone.now().isoformat(),
            },
        )
        for kind in KINDS:
            counts[kind.name] = 0
            for record in _records(kind, keys):
                _write(fp, record)
                counts[kind.name] += 1
        _write(fp, {"type": "end", "counts": counts})
    return counts


# --- import -----------------------------------------------------------------------------------


def _decode(f: models.Field, value: Any, keys: dict) -> Any:
    if value is None:
        if not f.null:
            raise ValueError(BAD_VALUE.format(field=f.name, error=NULL_VALUE))
        return None
    if f.is_relation:
        target = f.related_model
        try:
            return keys[target][value]
        except (KeyError, TypeError):
            raise ValueError(
                UNKNOWN_REFERENCE.format(field=f.name, target=_BY_MODEL[target].name, key=value)
            ) from None
    try:
        value = f.to_python(value)
    except Exception as error:  # Django raises ValidationError; its message is what we want.
        message = "; ".join(getattr(error, "messages", [str(error)]))
        raise ValueError(BAD_VALUE.format(field=f.name, error=message)) from None
    # PostgreSQL enforces lengths and SQLite does not: check here so both refuse alike, by line.
    if f.max_length and isinstance(value, str) and len(value) > f.max_length:
        raise ValueError(
            BAD_VALUE.format(field=f.name, error=TOO_LONG.format(max_length=f.max_length))
        )
    return value


def _build(
    model: type[models.Model], fields: list[models.Field], data: dict, keys: dict, label: str
) -> models.Model:
    values = {}
    for f in fields:
        if f.name in data:
            values[f.attname] = _decode(f, data[f.name], keys)
        elif not f.has_default() and not f.null:
            # A field added later with a default may be absent from an older export.
            raise ValueError(MISSING_FIELD.format(type=label, field=f.name))
    return model(**values)


def _check_keys(data: dict, allowed: set[str], label: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(UNKNOWN_FIELDS.format(type=label, fields=", ".join(sorted(unknown))))


class _Loader:
    """Build rows from records in batches of one kind, resolving natural keys as it goes."""

    def __init__(self) -> None:
        self.keys: dict[type[models.Model], dict[str, int]] = {kind.model: {} for kind in KINDS}
        self.counts: Counter[str] = Counter()
        self.batch: list[tuple[int, dict]] = []
        self.kind: _Kind | None = None
        # (kind, field, line, own natural key, referenced natural key), set by `link_to_self`
        self.to_self: list[tuple[_Kind, str, int, str, str]] = []

    def add(self, line: int, kind: _Kind, record: dict) -> None:
        if kind is not self.kind or len(self.batch) >= BATCH_SIZE:
            self.flush()
            self.kind = kind
        self.batch.append((line, record))
        self.counts[kind.name] += 1

    def flush(self) -> None:
        if not self.batch:
            return
        kind, batch = self.kind, self.batch
        self.batch = []
        first, last = batch[0][0], batch[-1][0]
        fields = _fields(kind.model)
        child_fields = {name: _fields(child, skip=parent) for name, child, parent in kind.children}
        allowed = {"type", *(f.name for f in fields), *child_fields, *kind.m2m}
        objs, extras = [], []
        for line, record in batch:
            try:
                _check_keys(record, allowed, kind.name)
                record = self._hold_to_self(line, kind, record)
                objs.append(_build(kind.model, fields, record, self.keys, kind.name))
                extras.append(record)
            except (ValueError, TypeError) as error:
                raise TransferError(BAD_LINE.format(line=line, problem=error)) from None
        stamps = _auto_timestamps(kind.model)
        kept = [[getattr(obj, attname) for attname in stamps] for obj in objs]
        try:
            kind.model.objects.bulk_create(objs)
            # Not every database returns ids from a bulk insert: look them up by natural key.
            natural = [getattr(obj, kind.key) for obj in objs]
            pks = dict(
                kind.model.objects.filter(**{f"{kind.key}__in": natural}).values_list(
                    kind.key, "pk"
                )
            )
            self.keys[kind.model].update(pks)
            # bulk_create stamps auto_now fields with the current time: put the exported ones back.
            if stamps:
                for obj, values in zip(objs, kept, strict=True):
                    obj.pk = pks[getattr(obj, kind.key)]
                    for attname, value in zip(stamps, values, strict=True):
                        setattr(obj, attname, value)
                kind.model.objects.bulk_update(objs, stamps)
            self._children(kind, objs, extras, child_fields, pks, batch)
        except DatabaseError as error:
            raise TransferError(
                REJECTED.format(first=first, last=last, type=kind.name, error=error)
            ) from None

    def _hold_to_self(self, line: int, kind: _Kind, record: dict) -> dict:
        """Keep references to rows of the same kind aside until every row of it is in."""
        for name in kind.to_self:
            if record.get(name) is not None:
                self.to_self.append((kind, name, line, record.get(kind.key), record[name]))
        return {k: v for k, v in record.items() if k not in kind.to_self}

    def link_to_self(self) -> None:
        """Set the references held aside, now that the rows they point to exist."""
        for kind, name, line, key, target in self.to_self:
            keys = self.keys[kind.model]
            if target not in keys:
                problem = UNKNOWN_REFERENCE.format(field=name, target=kind.name, key=target)
                raise TransferError(BAD_LINE.format(line=line, problem=problem))
            kind.model.objects.filter(pk=keys[key]).update(**{f"{name}_id": keys[target]})

    def _children(self, kind, objs, records, child_fields, pks, batch) -> None:
        for name, child, parent in kind.children:
            rows = []
            for (line, _), obj, record in zip(batch, objs, records, strict=True):
                for data in record.get(name, []):
                    label = f"{kind.name} {name}"
                    try:
                        _check_keys(data, {f.name for f in child_fields[name]}, label)
                        row = _build(child, child_fields[name], data, self.keys, label)
                    except (ValueError, TypeError) as error:
                        raise TransferError(BAD_LINE.format(line=line, problem=error)) from None
                    setattr(row, f"{parent}_id", pks[getattr(obj, kind.key)])
                    rows.append(row)
            child.objects.bulk_create(rows, batch_size=1000)
        for name in kind.m2m:
            m2m = kind.model._meta.get_field(name)
            through = m2m.remote_field.through
            target = m2m.related_model
            source_column = m2m.m2m_field_name() + "_id"
            target_column = m2m.m2m_reverse_field_name() + "_id"
            rows = []
            for (line, _), obj, record in zip(batch, objs, records, strict=True):
                for key in record.get(name, []):
                    if key not in self.keys[target]:
                        problem = UNKNOWN_REFERENCE.format(
                            field=name, target=_BY_MODEL[target].name, key=key
                        )
                        raise TransferError(BAD_LINE.format(line=line, problem=problem))
                    rows.append(
                        through(
                            **{
                                source_column: pks[getattr(obj, kind.key)],
                                target_column: self.keys[target][key],
                            }
                        )
                    )
            through.objects.bulk_create(rows, batch_size=1000)


def _parse(line: int, text: str) -> dict:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise TransferError(
            BAD_LINE.format(line=line, problem=NOT_JSON.format(error=error.msg))
        ) from None
    if not isinstance(record, dict):
        raise TransferError(BAD_LINE.format(line=line, problem=NOT_A_RECORD))
    return record


def _check_header(text: str | None) -> None:
    try:
        header = json.loads(text) if text is not None else None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise TransferError(NOT_AN_EXPORT)
    if header.get("version") != FORMAT_VERSION:
        raise TransferError(
            UNSUPPORTED_VERSION.format(found=header.get("version"), supported=FORMAT_VERSION)
        )


def _load(fp: TextIO) -> dict[str, int]:
    lines = enumerate(fp, start=1)
    _check_header(next(lines, (1, None))[1])
    loader = _Loader()
    end = None
    for number, text in lines:
        if not text.strip():
            continue
        if end is not None:
            raise TransferError(BAD_LINE.format(line=number, problem=AFTER_END))
        record = _parse(number, text)
        if record.get("type") == "end":
            end = record
            continue
        kind = _BY_NAME.get(record.get("type"))
        if kind is None:
            problem = UNKNOWN_TYPE.format(type=record.get("type"))
            raise TransferError(BAD_LINE.format(line=number, problem=problem))
        loader.add(number, kind, record)
    if end is None:
        raise TransferError(TRUNCATED)
    loader.flush()
    loader.link_to_self()
    learn_all_spellings()  # entities came in bulk, past the signal that learns them
    expected = end.get("counts")
    if not isinstance(expected, dict):
        expected = {}
    for kind in KINDS:
        if expected.get(kind.name, 0) != loader.counts[kind.name]:
            raise TransferError(
                COUNT_MISMATCH.format(
                    expected=expected.get(kind.name, 0),
                    type=kind.name,
                    found=loader.counts[kind.name],
                )
            )
    return {kind.name: loader.counts[kind.name] for kind in KINDS}


def archive_row_count() -> int:
    """Count the rows of every top-level archive table (people, articles, candidates, ...)."""
    return sum(kind.model.objects.count() for kind in KINDS)


def _wipe() -> None:
    # Turns protect their speakers, so articles (and their turns) go before people.
    for model in (Candidate, Article, Publication, Person, Organisation):
        model.objects.all().delete()


def import_archive(*, fp: TextIO, replace: bool = False) -> dict[str, int]:
    """Load an export into the database in one transaction; return the count of each kind.

    Refuses (TransferError) a database that already holds an archive unless replace is set,
    in which case the old archive is deleted in the same transaction: a refused or failed
    import leaves the database exactly as it was.
    """
    with transaction.atomic():
        rows = archive_row_count()
        if rows and not replace:
            raise TransferError(NOT_EMPTY.format(rows=rows))
        if rows:
            _wipe()
        try:
            return _load(fp)
        except (UnicodeDecodeError, EOFError, OSError) as error:
            raise TransferError(UNREADABLE.format(error=error)) from None
