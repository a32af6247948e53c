"""Small builders for test data: each makes one object with sensible defaults.

`make_*` build rows with generated names; `person`, `organisation`, `publication` and
`article` take the names a test searches for, and `indexed` puts articles in the index.
"""

import datetime
import hashlib
import itertools
import re
from pathlib import Path

from archive import search
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


_numbers = itertools.count(1)
HAFT_TAPPEH_SEED = "000_e657c67c1bda7f67.txt"
POLEMIC_SEED = "004_9845821522d52e79.txt"
SPEAKERS = {
    "خلیل کیوان": "khalil-keyvan",
    "شهلا دانشفر": "shahla-daneshfar",
    "کاظم نیکخواه": "kazem-nikkhah",
}


def person(name: str, slug: str | None = None) -> Person:
    slug = slug or f"person-{next(_numbers)}"
    return Person.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def organisation(name: str, slug: str | None = None) -> Organisation:
    slug = slug or f"org-{next(_numbers)}"
    return Organisation.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def publication(name: str, slug: str | None = None) -> Publication:
    slug = slug or f"pub-{next(_numbers)}"
    return Publication.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def article(
    title: str,
    body: str,
    *,
    published_on: datetime.date | None = None,
    publication: Publication | None = None,
    people: tuple[tuple[Person, str], ...] = (),
    organisations: tuple[tuple[Organisation, str], ...] = (),
    turns: tuple[tuple[Person, str], ...] = (),
) -> Article:
    n = next(_numbers)
    created = Article.objects.create(
        title=title,
        slug=f"article-{n}",
        body=body,
        content_hash=f"hash-{n}",
        published_on=published_on,
        publication=publication,
    )
    for who, role in people:
        ArticlePerson.objects.create(article=created, person=who, role=role)
    for org, role in organisations:
        ArticleOrganisation.objects.create(article=created, organisation=org, role=role)
    for position, (speaker, text) in enumerate(turns, start=1):
        Turn.objects.create(article=created, position=position, speaker=speaker, text=text)
    return created


def indexed(*articles: Article) -> None:
    search.index_articles(a.pk for a in articles)


def seed_article(seeds_dir: Path, name: str, **kwargs) -> Article:
    """Create an Article from a seed text: its title line, the whole text, speaker turns."""
    text = (seeds_dir / name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[1] if name == HAFT_TAPPEH_SEED else lines[0]
    turns = []
    for line in lines:
        m = re.match(r"^(?P<name>[^:!]{3,20}):\s*(?P<text>.+)$", line)
        if m and m["name"] in SPEAKERS:
            turns.append((person(m["name"], SPEAKERS[m["name"]]), m["text"]))
    return article(title, text, turns=tuple(turns), **kwargs)


def hit_titles(page: search.SearchPage) -> list[str]:
    return [hit.title for hit in page.hits]
