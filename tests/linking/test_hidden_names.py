"""Names the importer proposes stay out of sight until an editor accepts them."""

import pytest
from django.urls import reverse

from archive import importer, search
from archive.importer.notes import Code
from archive.linking import candidates
from archive.models import Article, ArticlePerson, Candidate, Person
from archive.search import SearchQuery
from tests.factories import make_article

pytestmark = pytest.mark.django_db

INTERVIEW = """گفتگو درباره قراردادهای موقت در پتروشیمی
۱۲ مهر ۱۴۰۰

بهرام ستوده: قراردادها چند ماهه است؟

ناصر یزدانی: سه ماهه، و هر بار با ترس از اخراج.

بهرام ستوده: و بیمه؟

ناصر یزدانی: بیمه هم ناقص است.
"""
# A byline of one generic word and a two-word generic phrase: neither is a name.
BYLINED = """گزارش از تجمع بازنشستگان
نویسنده: انجمن
۳ آبان ۱۴۰۱

بازنشستگان امروز در برابر سازمان تامین اجتماعی جمع شدند و خواهان افزایش مستمری شدند.
"""


@pytest.fixture
def imported(django_capture_on_commit_callbacks, fresh_index):
    with django_capture_on_commit_callbacks(execute=True):
        article = importer.import_text(text=INTERVIEW).article
    return article


def _accept(name: str, capture) -> Person:
    with capture(execute=True):
        return candidates.accept_candidate(candidate=Candidate.objects.get(name=name))


def test_a_proposed_name_has_no_page_link_facet_or_autocomplete(client, imported):
    guest = Person.objects.get(name="ناصر یزدانی")
    assert client.get(guest.get_absolute_url()).status_code == 404
    page = client.get(imported.get_absolute_url()).content.decode()
    assert guest.get_absolute_url() not in page
    assert "ناصر یزدانی" in page  # the turns still say who speaks, as plain text
    assert search.autocomplete("ناصر") == []
    assert client.get(reverse("archive:api-autocomplete"), {"q": "ناصر"}).json()["results"] == []
    api = client.get(reverse("archive:api-search"), {"q": "بیمه"}).json()
    assert api["count"] and api["facets"]["person"] == []
    assert all(hit["people"] == [] and hit["speaker"] is None for hit in api["results"])
    found = search.search(SearchQuery(q="بیمه"))
    assert found.count and found.facets.get("person", []) == []
    assert guest.slug not in client.get(reverse("sitemap")).content.decode()
    people = client.get(reverse("archive:people")).content.decode()
    assert "ناصر یزدانی" not in people


def test_accepting_a_name_makes_its_page_links_and_facet_appear(
    client, imported, django_capture_on_commit_callbacks
):
    guest = _accept("ناصر یزدانی", django_capture_on_commit_callbacks)
    assert client.get(guest.get_absolute_url()).status_code == 200
    page = client.get(imported.get_absolute_url()).content.decode()
    assert guest.get_absolute_url() in page
    assert [r["name"] for r in search.autocomplete("ناصر")] == ["ناصر یزدانی"]
    facets = search.search(SearchQuery(q="بیمه")).facets["person"]
    assert [f["label"] for f in facets] == ["ناصر یزدانی"]


def test_a_proposed_name_links_no_other_text_until_accepted(
    imported, django_capture_on_commit_callbacks
):
    older = make_article("ناصر یزدانی از قراردادهای سفید امضا گفت.")
    with django_capture_on_commit_callbacks(execute=True):
        importer.import_text(text=INTERVIEW.replace("بیمه", "مزد"))
    assert not ArticlePerson.objects.filter(article=older).exists()
    _accept("ناصر یزدانی", django_capture_on_commit_callbacks)
    assert ArticlePerson.objects.filter(article=older, role="mentioned").exists()


def test_rejecting_a_name_removes_it_from_the_articles(
    admin_client, imported, django_capture_on_commit_callbacks
):
    Person.objects.create(name="بهرام ستوده", slug="bahram")  # known: not proposed
    candidate = Candidate.objects.get(name="ناصر یزدانی")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:archive_candidate_changelist"),
            {"action": "dismiss", "_selected_action": [candidate.pk]},
        )
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.DISMISSED
    # The turns keep their voice, hidden; the article names the guest nowhere.
    assert not ArticlePerson.objects.filter(person__name="ناصر یزدانی").exists()
    assert not Person.objects.get(name="ناصر یزدانی").is_public


def test_rejecting_an_author_deletes_the_person(django_capture_on_commit_callbacks):
    text = "گزارش تجمع\nنویسنده: مریم کاظمی\n۳ آبان ۱۴۰۱\n\nبازنشستگان امروز جمع شدند."
    article = importer.import_text(text=text).article
    candidates.dismiss_candidates(candidates=Candidate.objects.filter(name="مریم کاظمی"))
    assert not Person.objects.filter(name="مریم کاظمی").exists()
    assert not article.person_roles.exists()


def test_candidates_are_accepted_in_bulk_from_the_admin(admin_client, imported):
    chosen = Candidate.objects.filter(name__in=["ناصر یزدانی", "بهرام ستوده"])
    admin_client.post(
        reverse("admin:archive_candidate_changelist"),
        {"action": "accept", "_selected_action": [c.pk for c in chosen]},
    )
    assert set(Person.objects.public().values_list("name", flat=True)) == {
        "ناصر یزدانی",
        "بهرام ستوده",
    }


def test_a_single_word_or_generic_byline_makes_no_entity():
    result = importer.import_text(text=BYLINED)
    assert not Person.objects.exists()
    assert not Candidate.objects.exists()
    article = Article.objects.get()
    assert article.needs_review
    assert Code.NOT_A_NAME in {note["code"] for note in article.review_note}
    assert any("انجمن" in importer.message_display(w) for w in result.warnings)


def test_a_one_word_name_cannot_be_accepted_only_merged():
    candidate = Candidate.objects.create(name="محمود", key="محمود", kind="person")
    with pytest.raises(candidates.CandidateError) as error:
        candidates.accept_candidate(candidate=candidate)
    assert "محمود" in error.value.message
    assert not Person.objects.exists()


def test_a_proposed_name_seen_again_is_counted_on_its_candidate(imported):
    again = importer.import_text(text=INTERVIEW.replace("بیمه", "مزد")).article
    candidate = Candidate.objects.get(name="ناصر یزدانی")
    assert candidate.occurrences == 2
    assert set(candidate.articles.all()) == {imported, again}
    assert Person.objects.filter(name="ناصر یزدانی").count() == 1


def test_a_dismissed_byline_is_not_made_an_author_again():
    text = "گزارش تجمع\nنویسنده: کمیته پیگیری\n۳ آبان ۱۴۰۱\n\nبازنشستگان امروز جمع شدند."
    importer.import_text(text=text)
    candidates.dismiss_candidates(candidates=Candidate.objects.filter(name="کمیته پیگیری"))
    again = text.replace("جمع شدند", "دوباره جمع شدند")
    result = importer.import_text(text=again)
    assert not result.article.organisation_roles.exists()
    assert not result.article.person_roles.exists()
    assert Code.REJECTED_NAME in {n["code"] for n in result.article.review_note}
    assert Candidate.objects.get(name="کمیته پیگیری").occurrences == 2
