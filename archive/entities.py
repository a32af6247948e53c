"""What differs between the two kinds of named entity: people and organisations.

People and organisations are twins: each has aliases, roles in articles, a public page, a
facet in search and a way to arrive as a candidate name. Code that handles both looks up the
differences here instead of branching on the model.
"""

from dataclasses import dataclass

from archive.models import (
    ArticleOrganisation,
    ArticlePerson,
    NameVariant,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
)


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity and the names of everything that hangs off it."""

    # "person" / "organisation": the URL name, the facet name, the Candidate.Kind value, and
    # the foreign key to the entity on its alias and role models
    name: str
    model: type[Person] | type[Organisation]
    alias_model: type[PersonAlias] | type[OrganisationAlias]
    role_model: type[ArticlePerson] | type[ArticleOrganisation]
    # the index field holding the slugs of the entities of this kind in a document
    index_field: str

    @property
    def field(self) -> str:
        return self.name

    @property
    def id_field(self) -> str:
        return f"{self.name}_id"

    @property
    def index_roles_field(self) -> str:
        """The index field holding "role:slug" pairs."""
        return f"{self.name}_roles"

    @property
    def created_field(self) -> str:
        """The Candidate field pointing at an entity the importer created for the name."""
        return f"created_{self.name}"

    @property
    def matcher_prefix(self) -> str:
        """What prefixes the entity's id in the name matcher's keys: "p:", "o:"."""
        return f"{self.name[0]}:"

    @property
    def article_roles(self) -> str:
        """Name an article's roles of this kind ("person_roles", "organisation_roles")."""
        return self.role_model._meta.get_field("article").remote_field.related_name


PERSON = EntityKind("person", Person, PersonAlias, ArticlePerson, index_field="people")
ORGANISATION = EntityKind(
    "organisation",
    Organisation,
    OrganisationAlias,
    ArticleOrganisation,
    index_field="organisations",
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


def learn_spellings(sender, instance, raw: bool = False, **kwargs) -> None:
    """Teach search the solid spellings of a saved entity's compound names (post_save)."""
    if raw:
        return  # loaddata: fixtures bring their own rows
    kind = next(k for k in KINDS if sender in (k.model, k.alias_model))
    entity = instance if sender is kind.model else getattr(instance, kind.field)
    NameVariant.objects.learn_from([entity.name, *entity.aliases.values_list("name", flat=True)])


def learn_all_spellings() -> int:
    """Learn the solid spellings of every entity's names, for entities made in bulk."""
    added = 0
    for kind in KINDS:
        for entity in kind.model.objects.prefetch_related("aliases"):
            added += NameVariant.objects.learn_from(
                [entity.name, *(alias.name for alias in entity.aliases.all())]
            )
    return added


def connect_signals() -> None:
    from django.db.models.signals import post_save

    for model in (model for kind in KINDS for model in (kind.model, kind.alias_model)):
        post_save.connect(learn_spellings, sender=model, dispatch_uid=f"spellings-{model}")
