"""Random and hostile values in every search and browse parameter: a 200, 400 or 404, never a 500.

One small archive, indexed once for the module, serves every example.
"""

import datetime
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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
from archive.search.engine import engine as backend

pytestmark = pytest.mark.django_db

ANSWERS = {200, 400, 404}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    # The client and the database are shared by the examples on purpose: pages only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    "0",
    "-1",
    "1e9",
    "1.5",
    "NaN",
    "inf",
    "۱۴۰۲",  # Persian digits
    "١٤٠٢",  # Arabic-Indic digits
    "99999999999999999999999999",
    "9" * 5000,  # more digits than int() converts
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    '"; DROP TABLE archive_article; --',
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "((",
    '"',
    "OR",
    "-",
    "*",
    "\u200c\u200c",
    "\u202e",
    "ی" * 3000,
    " ".join(["کارگران"] * 400),
]

# Any text a URL can carry (lone surrogates cannot be encoded, so no client can send them).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
persian_digits = st.text(alphabet="۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=8)
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=500, max_size=3000)
value = st.one_of(st.sampled_from(HOSTILE), any_text, numbers, persian_digits, long_text)

SEARCH_PARAMETERS = [
    "q",
    "person",
    "organisation",
    "role",
    "speaker",
    "publication",
    "year_from",
    "year_to",
    "kind",
    "sort",
    "page",
]
# Some parameters at a time, each random or hostile; the others absent.
search_params = st.dictionaries(st.sampled_from(SEARCH_PARAMETERS), value, max_size=5)
PAGE_PARAMETERS = ["page", "said", "wrote", "mentioned", "letter"]
page_params = st.dictionaries(st.sampled_from(PAGE_PARAMETERS), value, max_size=3)


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """A person, an organisation, a publication and two articles, committed and indexed."""
    with django_db_blocker.unblock():
        person = Person.objects.create(name="پروین محمدی", slug="parvin")
        union = Organisation.objects.create(name="سندیکای نیشکر", slug="union")
        publication = Publication.objects.create(name="نشریه کار", slug="kar", organisation=union)
        articles = []
        for n, kind in enumerate(["article", "interview"]):
            article = Article.objects.create(
                title=f"اعتصاب کارگران {n}",
                slug=f"strike-{n}",
                kind=kind,
                body="کارگران نیشکر دست از کار کشیدند.",
                content_hash=f"fuzz-{n}",
                published_on=datetime.date(2023, 5, 1 + n),
                publication=publication,
            )
            ArticlePerson.objects.create(article=article, person=person, role="author")
            ArticleOrganisation.objects.create(
                article=article, organisation=union, role="mentioned"
            )
            articles.append(article)
        Turn.objects.create(
            article=articles[1], position=1, speaker=person, text="اعتصاب ادامه دارد"
        )
        backend().clear()
        search.index_articles(a.pk for a in articles)
        yield
        for model in (Article, Publication, Organisation, Person):
            model.objects.all().delete()
        backend().clear()


def test_the_archive_examples_run_against_is_there(archive):
    # Otherwise every example would be a 404 and prove little.
    assert status("/people/parvin/") == status("/articles/strike-1/") == 200
    assert Client().get("/api/search/", {"q": "اعتصاب"}).json()["count"] == 2


def status(path: str, params: dict | None = None) -> int:
    return Client().get(path, params or {}).status_code


def segment(text: str) -> str:
    """Put any text into one path segment, as a browser would encode it."""
    return quote(text, safe="")


@FUZZ
@given(params=search_params)
@example(params={"page": "9" * 5000, "year_from": "۱۴۰۲", "q": "\x00"})
@example(params={"year_from": "1500", "year_to": "1200", "role": "author"})
def test_the_search_page_never_fails(archive, params):
    assert status("/search/", params) in ANSWERS


@FUZZ
@given(params=search_params)
@example(params={"q": "((", "sort": "-date", "page": "-1"})
def test_the_search_api_never_fails(archive, params):
    response = Client().get("/api/search/", params)
    assert response.status_code in ANSWERS
    assert response["Content-Type"] == "application/json"


@FUZZ
@given(q=value)
def test_autocomplete_never_fails(archive, q):
    assert status("/api/autocomplete/", {"q": q}) in ANSWERS


@FUZZ
@given(year=st.one_of(value, numbers), month=st.one_of(value, numbers), params=page_params)
@example(year="1402", month="2", params={"page": "0"})
@example(year="9" * 5000, month="1", params={})
def test_browsing_by_date_never_fails(archive, year, month, params):
    assert status(f"/browse/{segment(year)}/", params) in ANSWERS
    assert status(f"/browse/{segment(year)}/{segment(month)}/", params) in ANSWERS


@FUZZ
@given(params=page_params)
def test_the_indexes_never_fail(archive, params):
    for path in ("/people/", "/organisations/", "/publications/", "/browse/", "/", "/feed/"):
        assert status(path, params) in ANSWERS, path


@FUZZ
@given(slug=value, params=page_params)
@example(slug="parvin", params={"said": "-5", "wrote": "۲", "mentioned": "1e9"})
@example(slug="union", params={"wrote": "9" * 5000})
@example(slug="strike-1", params={"page": "\x00"})
@example(slug="../../etc/passwd", params={})
@example(slug="\x00", params={})  # PostgreSQL refuses NUL in a query: a 500 once
def test_detail_pages_never_fail(archive, slug, params):
    for kind in ("people", "organisations", "publications", "articles"):
        assert status(f"/{kind}/{segment(slug)}/", params) in ANSWERS, kind
