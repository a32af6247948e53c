"""Small builders for test data: each makes one object with sensible defaults."""

import datetime
import hashlib
import itertools

from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    Turn,
)

_ids = itertools.count(1)


def _next() -> int:
    return next(_ids)


def make_person(name: str | None = None, *, aliases: tuple[str, ...] = (), **fields) -> Person:
    n = _next()
    person = Person.objects.create(
        name=name or f"شخص {n}", slug=fields.pop("slug", f"person-{n}"), **fields
    )
    for alias in aliases:
        PersonAlias.objects.create(person=person, name=alias)
    return person


def make_organisation(
    name: str | None = None, *, aliases: tuple[str, ...] = (), **fields
) -> Organisation:
    n = _next()
    organisation = Organisation.objects.create(
        name=name or f"سازمان {n}", slug=fields.pop("slug", f"organisation-{n}"), **fields
    )
    for alias in aliases:
        OrganisationAlias.objects.create(organisation=organisation, name=alias)
    return organisation


def make_publication(name: str | None = None, **fields) -> Publication:
    n = _next()
    return Publication.objects.create(
        name=name or f"نشریه {n}", slug=fields.pop("slug", f"publication-{n}"), **fields
    )


def make_article(
    title: str | None = None,
    *,
    body: str = "بند نخست متن.\n\nبند دوم متن.",
    published_on: datetime.date | None = datetime.date(2023, 5, 1),
    authors: tuple[Person, ...] = (),
    hosts: tuple[Person, ...] = (),
    mentioned: tuple[Person, ...] = (),
    organisations: tuple[Organisation, ...] = (),
    author_organisations: tuple[Organisation, ...] = (),
    turns: tuple[tuple[Person, str], ...] = (),
    **fields,
) -> Article:
    """Make an article; `turns` (speaker, text) make it an interview with those speakers."""
    n = _next()
    title = title or f"مقاله {n}"
    if turns:
        fields.setdefault("kind", Article.Kind.INTERVIEW)
    article = Article.objects.create(
        title=title,
        slug=fields.pop("slug", f"article-{n}"),
        body=body,
        published_on=published_on,
        content_hash=hashlib.sha256(f"{title}-{n}".encode()).hexdigest(),
        **fields,
    )
    roles = [
        *((p, ArticlePerson.Role.AUTHOR) for p in authors),
        *((p, ArticlePerson.Role.HOST) for p in hosts),
        *((p, ArticlePerson.Role.MENTIONED) for p in mentioned),
        *(
            (p, ArticlePerson.Role.SPEAKER)
            for p in dict.fromkeys(s for s, _ in turns)
            if p not in hosts
        ),
    ]
    ArticlePerson.objects.bulk_create(
        ArticlePerson(article=article, person=p, role=r) for p, r in roles
    )
    ArticleOrganisation.objects.bulk_create(
        [
            *(
                ArticleOrganisation(
                    article=article, organisation=o, role=ArticleOrganisation.Role.MENTIONED
                )
                for o in organisations
            ),
            *(
                ArticleOrganisation(
                    article=article, organisation=o, role=ArticleOrganisation.Role.AUTHOR
                )
                for o in author_organisations
            ),
        ]
    )
    Turn.objects.bulk_create(
        Turn(article=article, position=i, speaker=speaker, text=text)
        for i, (speaker, text) in enumerate(turns, start=1)
    )
    return article
