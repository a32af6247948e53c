"""Decide on the names the importer suggested: accept, merge into a known entity, dismiss."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from archive import linking
from archive.entities import name_key
from archive.models import (
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    Person,
    Publication,
    RelinkJob,
    Turn,
)
from archive.slugs import unique_slug

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


class CandidateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_pending(candidate: Candidate) -> None:
    if candidate.status != Candidate.Status.PENDING:
        raise CandidateError(NOT_PENDING.format(name=candidate.name))


def accept_candidate(*, candidate: Candidate) -> Person | Organisation:
    """Make the name a known person or organisation (per its kind) and re-link the archive."""
    _check_pending(candidate)
    with transaction.atomic():
        entity = candidate.created_person or candidate.created_organisation
        if entity is None:
            model = Organisation if candidate.kind == Candidate.Kind.ORGANISATION else Person
            key = name_key(candidate.name)
            entity = next(
                (e for e in model.objects.filter(name=candidate.name) if name_key(e.name) == key),
                None,
            ) or model.objects.create(
                name=candidate.name,
                slug=unique_slug(model, candidate.name, fallback=f"{model.__name__.lower()}"),
            )
            if model is Person:
                candidate.created_person = entity
            else:
                candidate.created_organisation = entity
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


def _fold_person(source: Person, target: Person) -> None:
    """Move everything attached to an importer-created person onto `target`, then delete it."""
    ArticlePerson.objects.bulk_create(
        [
            ArticlePerson(article_id=row.article_id, person=target, role=row.role)
            for row in source.article_roles.all()
        ],
        ignore_conflicts=True,
    )
    Turn.objects.filter(speaker=source).update(speaker=target)
    for alias in source.aliases.all():
        _add_alias(target, alias.name)
    source.delete()


def _fold_organisation(source: Organisation, target: Organisation) -> None:
    ArticleOrganisation.objects.bulk_create(
        [
            ArticleOrganisation(article_id=row.article_id, organisation=target, role=row.role)
            for row in source.article_roles.all()
        ],
        ignore_conflicts=True,
    )
    Publication.objects.filter(organisation=source).update(organisation=target)
    for alias in source.aliases.all():
        _add_alias(target, alias.name)
    source.delete()


def merge_candidate(*, candidate: Candidate, target: Person | Organisation) -> None:
    """Record the name as an alias of `target`, folding in what the importer created for it."""
    _check_pending(candidate)
    created = candidate.created_person or candidate.created_organisation
    if created is not None and type(created) is not type(target):
        kind = "person" if isinstance(created, Person) else "organisation"
        raise CandidateError(KIND_MISMATCH[kind].format(name=candidate.name))
    with transaction.atomic():
        _add_alias(target, candidate.name)
        if isinstance(created, Person) and created != target:
            _fold_person(created, target)
        elif isinstance(created, Organisation) and created != target:
            _fold_organisation(created, target)
        candidate.status = Candidate.Status.MERGED
        candidate.created_person = target if isinstance(target, Person) else None
        candidate.created_organisation = target if isinstance(target, Organisation) else None
        candidate.save()
        linking.request_relink(
            reason=RelinkJob.Reason.MERGED,
            reason_args={"name": candidate.name, "target": target.name},
        )


def dismiss_candidates(*, candidates) -> int:
    """Stop suggesting these names; later imports only count them."""
    return candidates.filter(status=Candidate.Status.PENDING).update(
        status=Candidate.Status.DISMISSED
    )
