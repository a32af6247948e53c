"""Small factories for search tests: articles, people and the two seed texts, indexed."""

import datetime
import itertools
import re
from pathlib import Path

from archive import search
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Organisation,
    Person,
    Publication,
    Turn,
)

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
