"""Decide on the names the importer suggested: accept, merge into a known entity, dismiss.

The importer creates the people and organisations an article's roles and turns need hidden
(`is_public=False`); these decisions are the only routes that make them public or remove them.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from archive import linking
from archive.entities import KINDS, ORGANISATION, PERSON, kind_named, kind_of
from archive.importer.proposals import proposable_name
from archive.models import (
    Candidate,
    Organisation,
    Person,
    Publication,
    RelinkJob,
    Turn,
)
from archive.slugs import unique_slug
from archive.text.names import name_key

# One whole sentence per kind: a kind's name alone would not take the right article or case.
KIND_MISMATCH = {
    "person": _(
        "“{name}” is a speaker or author in the texts and must be merged into a person, "
        "not an organisation."
    ),
    "organisation": _(
        "“{name}” is a speaker or author in the texts and must be merged into an "
        "organisation, not a person."
    ),
}
NOT_PENDING = _("“{name}” has already been reviewed.")
NOT_A_FULL_NAME = _(
    "“{name}” is one word or a generic noun, not a full name: merge it into the person or "
    "organisation it names, or correct the name first."
)


class CandidateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_pending(candidate: Candidate) -> None:
    if candidate.status != Candidate.Status.PENDING:
        raise CandidateError(NOT_PENDING.format(name=candidate.name))


def _created(candidate: Candidate) -> Person | Organisation | None:
    """Return the entity the importer created for the name, if any."""
    return candidate.created_person or candidate.created_organisation


def accept_candidate(*, candidate: Candidate) -> Person | Organisation:
    """Make the name a known person or organisation (per its kind) and re-link the archive."""
    _check_pending(candidate)
    if not proposable_name(candidate.name):
        raise CandidateError(NOT_A_FULL_NAME.format(name=candidate.name))
    with transaction.atomic():
        entity = _created(candidate)
        if entity is None:
            kind = kind_named(candidate.kind)
            key = name_key(candidate.name)
            same_name = kind.model.objects.filter(name=candidate.name)
            entity = next(
                (e for e in same_name if name_key(e.name) == key), None
            ) or kind.model.objects.create(
                name=candidate.name,
                slug=unique_slug(kind.model, candidate.name, fallback=kind.name),
            )
            setattr(candidate, kind.created_field, entity)
        if not entity.is_public:
            # The name as the editor corrected it, if they did, in the candidate list.
            entity.name, entity.is_public = candidate.name, True
            entity.save()  # re-indexes the articles it has roles in
        candidate.status = Candidate.Status.ACCEPTED
        candidate.save()
        linking.request_relink(
            reason=RelinkJob.Reason.ACCEPTED, reason_args={"name": candidate.name}
        )
    return entity


def _add_alias(entity: Person | Organisation, name: str) -> None:
    known = {name_key(entity.name), *(name_key(a.name) for a in entity.aliases.all())}
    if name_key(name) not in known:
        entity.aliases.create(name=name)


# Other rows that point at an entity of each kind: (model, foreign key).
_REFERENCES = {PERSON: ((Turn, "speaker"),), ORGANISATION: ((Publication, "organisation"),)}


def _fold(source: Person | Organisation, target: Person | Organisation) -> None:
    """Move everything attached to an importer-created entity onto `target`, then delete it."""
    kind = kind_of(source)
    kind.role_model.objects.bulk_create(
        [
            kind.role_model(article_id=row.article_id, role=row.role, **{kind.field: target})
            for row in source.article_roles.all()
        ],
        ignore_conflicts=True,
    )
    for model, field in _REFERENCES[kind]:
        model.objects.filter(**{field: source}).update(**{field: target})
    for alias in source.aliases.all():
        _add_alias(target, alias.name)
    source.delete()


def merge_candidate(*, candidate: Candidate, target: Person | Organisation) -> None:
    """Record the name as an alias of `target`, folding in what the importer created for it."""
    _check_pending(candidate)
    created = _created(candidate)
    if created is not None and type(created) is not type(target):
        raise CandidateError(KIND_MISMATCH[kind_of(created).name].format(name=candidate.name))
    with transaction.atomic():
        _add_alias(target, candidate.name)
        if created is not None and created != target:
            _fold(created, target)
        candidate.status = Candidate.Status.MERGED
        for kind in KINDS:
            setattr(candidate, kind.created_field, target if kind is kind_of(target) else None)
        candidate.save()
        linking.request_relink(
            reason=RelinkJob.Reason.MERGED,
            reason_args={"name": candidate.name, "target": target.name},
        )


def _remove_hidden(entity: Person | Organisation | None) -> None:
    """Delete an entity the importer created for a rejected name, with its roles in articles.

    A speaker of turns stays, hidden, so the conversation keeps its voices: its name is
    shown in the turns as plain text, never linked, and it is in no facet or list.
    """
    if entity is None or entity.is_public:
        return
    if isinstance(entity, Person) and entity.turns.exists():
        entity.article_roles.all().delete()
        return
    entity.delete()


def dismiss_candidates(*, candidates) -> int:
    """Reject these names and remove what the importer created for them.

    Later imports only count a rejected name; it is not suggested again.
    """
    pending = list(
        candidates.filter(status=Candidate.Status.PENDING).select_related(
            *(kind.created_field for kind in KINDS)
        )
    )
    with transaction.atomic():
        for candidate in pending:
            _remove_hidden(_created(candidate))
        return Candidate.objects.filter(pk__in=[c.pk for c in pending]).update(
            status=Candidate.Status.DISMISSED
        )
