"""What differs between the two kinds of named entity: people and organisations.

People and organisations are twins: each has aliases, roles in articles, a public page, a
facet in search and a way to arrive as a candidate name. Code that handles both looks up the
differences here instead of branching on the model.
"""

from dataclasses import dataclass

from archive.models import (
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
)


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity and the names of everything that hangs off it."""

    name: str  # "person" / "organisation": the URL name, the facet name, Candidate.Kind
    model: type[Person] | type[Organisation]
    alias_model: type[PersonAlias] | type[OrganisationAlias]
    role_model: type[ArticlePerson] | type[ArticleOrganisation]
    # the foreign key to the entity on the alias and role models ("person", "organisation")
    field: str
    # the index fields holding the entity's slugs, and "role:slug" pairs
    index_field: str
    index_roles_field: str
    # the Candidate field pointing at an entity the importer created for the candidate
    created_field: str
    # what prefixes the entity's id in the matcher's keys
    matcher_prefix: str

    @property
    def id_field(self) -> str:
        return f"{self.field}_id"

    @property
    def candidate_kind(self) -> str:
        return Candidate.Kind(self.name)

    @property
    def article_roles(self) -> str:
        """Name an article's roles of this kind ("person_roles", "organisation_roles")."""
        return self.role_model._meta.get_field("article").remote_field.related_name


PERSON = EntityKind(
    name="person",
    model=Person,
    alias_model=PersonAlias,
    role_model=ArticlePerson,
    field="person",
    index_field="people",
    index_roles_field="person_roles",
    created_field="created_person",
    matcher_prefix="p:",
)
ORGANISATION = EntityKind(
    name="organisation",
    model=Organisation,
    alias_model=OrganisationAlias,
    role_model=ArticleOrganisation,
    field="organisation",
    index_field="organisations",
    index_roles_field="organisation_roles",
    created_field="created_organisation",
    matcher_prefix="o:",
)
KINDS = (PERSON, ORGANISATION)
_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_named(name: str) -> EntityKind:
    """Return the kind for "person" or "organisation" (a Candidate.Kind value too)."""
    return _BY_NAME[name]


def kind_of(entity: Person | Organisation | type[Person] | type[Organisation]) -> EntityKind:
    """Return the kind of an entity or of its model."""
    model = entity if isinstance(entity, type) else type(entity)
    return _BY_MODEL[model]
