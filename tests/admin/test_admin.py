import errno
import os
from importlib import import_module

import pytest
from django.urls import reverse
from whoosh.writing import SegmentWriter

from archive.models import Article, Organisation, Person, Publication, Turn
from archive.search import INDEX_NOT_UPDATED
from archive.text.letters import fingerprint
from tests.persian_notes import PERSIAN

pytestmark = pytest.mark.django_db

CODES_MIGRATION = import_module("archive.migrations.0004_review_note_and_reason_as_codes")
NO_DATE_FOUND = PERSIAN["no_date"]
QA_SPEAKERS_UNKNOWN = PERSIAN["qa_speakers_unknown"]

MODELS = ["article", "person", "organisation", "publication", "turn", "candidate"]


@pytest.fixture
def interview():
    body = "خلیل کیوان: پرسش\n\nشهلا دانشفر: پاسخ"
    publication = Publication.objects.create(name="انترناسیونال", slug="انترناسیونال")
    article = Article.objects.create(
        title="نظارت شورایی",
        slug="نظارت-شورایی",
        body=body,
        content_hash=fingerprint(body),
        kind="interview",
        publication=publication,
    )
    speaker = Person.objects.create(name="شهلا دانشفر", slug="شهلا-دانشفر")
    speaker.aliases.create(name="شهلا دانش‌فر")
    Turn.objects.create(article=article, position=1, speaker=speaker, text="پاسخ")
    Organisation.objects.create(name="حزب کمونیست کارگری", slug="حکک", kind="party")
    return article


@pytest.mark.parametrize(
    ("model", "name"),
    [("articleperson", "شهلا دانشفر"), ("articleorganisation", "حزب کمونیست کارگری")],
)
def test_role_rows_are_listed_and_found_by_the_entity_name(staff_client, interview, model, name):
    entity = Person.objects.get(name=name) if model == "articleperson" else None
    if entity is None:
        organisation = Organisation.objects.get(name=name)
        interview.organisation_roles.create(organisation=organisation, role="publisher")
    else:
        interview.person_roles.create(person=entity, role="speaker")
    url = reverse(f"admin:archive_{model}_changelist")
    found = staff_client.get(url, {"q": name.split()[0]}).content.decode()
    assert name in found and interview.title in found
    missing = staff_client.get(url, {"q": "ناموجود"}).content.decode()
    assert interview.title not in missing


@pytest.mark.parametrize("model", MODELS)
def test_list_pages_load_for_staff(staff_client, interview, model):
    response = staff_client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200


def test_article_change_page_shows_turns_and_roles_inline(staff_client, interview):
    response = staff_client.get(reverse("admin:archive_article_change", args=[interview.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "پاسخ" in content  # the turn's text, edited in place under its article
    assert "person_roles-TOTAL_FORMS" in content
    assert "organisation_roles-TOTAL_FORMS" in content


def test_person_change_page_edits_aliases(staff_client, interview):
    person = Person.objects.get(slug="شهلا-دانشفر")
    response = staff_client.get(reverse("admin:archive_person_change", args=[person.pk]))
    assert "شهلا دانش‌فر" in response.content.decode()


def test_person_search_finds_aliases(staff_client, interview):
    response = staff_client.get(reverse("admin:archive_person_changelist"), {"q": "دانش‌فر"})
    assert "شهلا دانشفر" in response.content.decode()


def test_admin_is_persian_right_to_left_by_default_and_english_under_en(staff_client, interview):
    persian = staff_client.get(reverse("admin:index")).content.decode()
    assert 'dir="rtl"' in persian and 'lang="fa"' in persian
    english = staff_client.get("/en/admin/").content.decode()
    assert 'lang="en"' in english and 'dir="rtl"' not in english


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_visitors_are_sent_to_login(client, model):
    response = client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_an_edit_the_index_cannot_take_is_kept_with_a_message(staff_client, interview, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(SegmentWriter, "_commit_toc", full_disk)
    publication = interview.publication
    url = reverse("admin:archive_publication_change", args=[publication.pk])
    response = staff_client.post(
        url, {"name": "انترناسیونال هفتگی", "slug": publication.slug}, follow=True
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert str(INDEX_NOT_UPDATED).split("{error}")[0] in page
    assert "No space left on device" in page
    publication.refresh_from_db()
    assert publication.name == "انترناسیونال هفتگی"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("prefix", "message", "other"),
    [
        ("", "ذخیره شد، اما نمایهٔ جستجو به‌روز نشد", "Saved, but the search index"),
        ("/en", "Saved, but the search index could not be updated", "نمایهٔ جستجو"),
    ],
)
def test_the_unindexed_edit_message_is_in_the_admins_language(
    staff_client, interview, monkeypatch, prefix, message, other
):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(SegmentWriter, "_commit_toc", full_disk)
    publication = interview.publication
    url = prefix + reverse("admin:archive_publication_change", args=[publication.pk])
    response = staff_client.post(url, {"name": "پیام", "slug": publication.slug}, follow=True)

    page = response.content.decode()
    assert message in page
    assert "check_index --repair" in page
    assert other not in page


def _flagged_article(note: list) -> Article:
    body = "متن بیانیه"
    return Article.objects.create(
        title="بیانیه",
        slug="بیانیه",
        body=body,
        content_hash=fingerprint(body),
        needs_review=True,
        review_note=note,
    )


def test_a_review_note_reads_in_the_language_of_the_admin(staff_client):
    article = _flagged_article([{"code": "no_date"}, {"code": "qa_speakers_unknown"}])
    change = reverse("admin:archive_article_change", args=[article.pk])
    for url in (reverse("admin:archive_article_changelist"), change):
        persian = staff_client.get(url).content.decode()
        assert NO_DATE_FOUND in persian and QA_SPEAKERS_UNKNOWN in persian
        assert "No publication date was found" not in persian
    for url in ("/en/admin/archive/article/", f"/en{change}"):
        english = staff_client.get(url).content.decode()
        assert "No publication date was found; the text was imported without a date" in english
        assert "The question and answer speakers could not be told apart" in english
        assert NO_DATE_FOUND not in english and QA_SPEAKERS_UNKNOWN not in english


def test_a_note_stored_before_notes_were_translated_reads_in_english_too(staff_client):
    # Written as the importer wrote it then: Persian texts joined by "؛ ", and an editor's text;
    # converted to codes by the migration.
    stored = "عنوان متن پیدا نشد.؛ کلید ناشناخته در سرآغاز نادیده گرفته شد: نویسنده۲؛ تاریخ ناخوانا"
    article = _flagged_article(CODES_MIGRATION.notes_from_text(stored))
    change = reverse("admin:archive_article_change", args=[article.pk])
    persian = staff_client.get(change).content.decode()
    assert stored in persian
    english = staff_client.get(f"/en{change}").content.decode()
    assert (
        "The text&#x27;s title was not found.; "
        "An unknown key in the front matter was ignored: نویسنده۲; تاریخ ناخوانا"
    ) in english


def test_a_note_that_is_not_the_parsers_is_shown_as_stored(staff_client):
    article = _flagged_article(CODES_MIGRATION.notes_from_text("تاریخ ناخوانا؛ منبع را بپرسید"))
    english = staff_client.get("/en/admin/archive/article/").content.decode()
    assert "تاریخ ناخوانا؛ منبع را بپرسید" in english
    assert article.title in english


# --- Saves an editor makes: they succeed, or the form says why not ----------------------------

_NO_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("person_roles", "organisation_roles", "turns", "provenance")
    for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
}


def _add_article(client, **fields):
    data = {"title": "", "slug": "", "kind": "article", "body": "", "language": "fa"}
    return client.post(
        reverse("admin:archive_article_add"), {**data, **_NO_INLINES, **fields}, follow=True
    )


def test_an_editor_may_leave_the_slug_for_the_model_to_make(staff_client):
    response = staff_client.post(
        reverse("admin:archive_person_add"),
        {
            "name": "فواد کیخسروی",
            "slug": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Person.objects.get(name="فواد کیخسروی").slug == "فواد-کیخسروی"


def test_articles_added_in_the_admin_get_their_own_content_hash(staff_client):
    for title, body in (("بیانیهٔ اول", "متن نخست"), ("بیانیهٔ دوم", "متن دوم")):
        assert _add_article(staff_client, title=title, body=body).status_code == 200
    hashes = set(Article.objects.values_list("content_hash", flat=True))
    assert hashes == {fingerprint("متن نخست"), fingerprint("متن دوم")}


def test_the_same_text_added_twice_names_the_article_that_holds_it(staff_client):
    _add_article(staff_client, title="بیانیهٔ اول", body="متن بیانیه")
    response = _add_article(staff_client, title="بیانیهٔ دوم", body="متن  بیانیه")
    assert response.status_code == 200
    assert "این متن پیش‌تر در آرشیو آمده است: «بیانیهٔ اول»" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_date_outside_the_archive_years_is_refused_with_the_reason(staff_client):
    response = _add_article(staff_client, title="بیانیه", body="متن", published_on="0001-01-01")
    assert response.status_code == 200
    assert "تاریخ باید در سال‌های ۱۲۰۰ تا ۱۵۰۰ شمسی باشد" in response.content.decode()
    assert not Article.objects.exists()
