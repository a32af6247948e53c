import pytest
from django.urls import reverse

from archive import importer
from archive.admin.forms import CHOOSE_ONE_TARGET
from archive.importer.read import parse
from archive.linking import candidates
from archive.models import ArticlePerson, Candidate, Organisation, Person, Turn

pytestmark = pytest.mark.django_db

# The host speaks under another full name than the archive's: an editor merges the two.
INTERVIEW = """گفتگو درباره قراردادهای موقت
۱۲ مهر ۱۴۰۰

کیوان رادمهر: قراردادها چند ماهه است؟

ناصر یزدانی: سه ماهه، و هر بار با ترس از اخراج.

کیوان رادمهر: و بیمه؟

ناصر یزدانی: بیمه هم ناقص است.
"""
# The host wrote the byline too: one candidate seen in three places.
BYLINED_INTERVIEW = """گفتگو درباره قراردادهای موقت
نوشته: کیوان صدری
۱۲ مهر ۱۴۰۰

کیوان صدری: قراردادها چند ماهه است؟

ناصر یزدانی: سه ماهه، و هر بار با ترس از اخراج.

کیوان صدری: و بیمه؟

ناصر یزدانی: بیمه هم ناقص است.
"""
SIGNED = (
    "بیانیه درباره دستمزد\n۳ اسفند ۱۴۰۲\n\nما خواهان دستمزد عادلانه هستیم.\n\n"
    "لیلا فرهمند - کاوه شریفی\n"
)


def test_merging_a_speaker_folds_its_person_into_the_known_one(
    django_capture_on_commit_callbacks,
):
    keyvan = Person.objects.create(name="کیوان صدری", slug="keyvan")
    article = importer.import_text(text=INTERVIEW).article
    short = Candidate.objects.get(name="کیوان رادمهر")
    assert short.created_person is not None
    with django_capture_on_commit_callbacks(execute=True):
        candidates.merge_candidate(candidate=short, target=keyvan)
    assert not Person.objects.filter(name="کیوان رادمهر").exists()
    assert article.turns.filter(speaker=keyvan).count() == 2
    assert ArticlePerson.objects.filter(article=article, person=keyvan, role="host").exists()
    assert keyvan.aliases.filter(name="کیوان رادمهر").exists()
    short.refresh_from_db()
    assert short.status == Candidate.Status.MERGED


def test_a_speaker_cannot_be_merged_into_an_organisation():
    importer.import_text(text=INTERVIEW)
    org = Organisation.objects.create(name="سندیکای واحد", slug="vahed")
    with pytest.raises(candidates.CandidateError) as error:
        candidates.merge_candidate(candidate=Candidate.objects.get(name="کیوان رادمهر"), target=org)
    assert "کیوان رادمهر" in error.value.message
    assert Turn.objects.filter(speaker__name="کیوان رادمهر").count() == 2


def test_accepting_a_signature_creates_the_person_and_links_the_text(
    django_capture_on_commit_callbacks,
):
    article = importer.import_text(text=SIGNED).article
    candidate = Candidate.objects.get(name="لیلا فرهمند")
    with django_capture_on_commit_callbacks(execute=True):
        person = candidates.accept_candidate(candidate=candidate)
    assert person.name == "لیلا فرهمند"
    assert ArticlePerson.objects.filter(article=article, person=person, role="mentioned").exists()
    with pytest.raises(candidates.CandidateError):
        candidates.accept_candidate(candidate=candidate)


def test_admin_actions_accept_dismiss_and_merge(staff_client, django_capture_on_commit_callbacks):
    importer.import_text(text=SIGNED)
    url = reverse("admin:archive_candidate_changelist")
    leila = Candidate.objects.get(name="لیلا فرهمند")
    kaveh = Candidate.objects.get(name="کاوه شریفی")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "accept", "_selected_action": [leila.pk]})
    assert Person.objects.filter(name="لیلا فرهمند").exists()

    staff_client.post(url, {"action": "dismiss", "_selected_action": [kaveh.pk]})
    kaveh.refresh_from_db()
    assert kaveh.status == Candidate.Status.DISMISSED

    other = Candidate.objects.create(name="ل. فرهمند", key="ل. فرهمند", kind="person")
    page = staff_client.post(url, {"action": "merge", "_selected_action": [other.pk]})
    assert page.status_code == 200
    assert "ل. فرهمند" in page.content.decode()
    target = Person.objects.get(name="لیلا فرهمند")
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            url,
            {
                "action": "merge",
                "_selected_action": [other.pk],
                "apply": "1",
                "person": target.pk,
            },
        )
    assert done.status_code == 302
    assert target.aliases.filter(name="ل. فرهمند").exists()


def test_the_merge_page_asks_for_exactly_one_target(staff_client):
    other = Candidate.objects.create(name="ل. فرهمند", key="ل. فرهمند", kind="person")
    page = staff_client.post(
        reverse("admin:archive_candidate_changelist"),
        {"action": "merge", "_selected_action": [other.pk], "apply": "1"},
    )
    assert str(CHOOSE_ONE_TARGET) in page.content.decode()


def test_the_persian_admin_says_in_persian_where_a_name_was_seen(staff_client):
    importer.import_text(text=BYLINED_INTERVIEW)
    keyvan = Candidate.objects.get(name="کیوان صدری")
    seen_as = "نام نویسنده در آغاز متن، مصاحبه‌گر گفت‌وگو، نام گوینده در متن گفت‌وگو"
    listing = staff_client.get(reverse("admin:archive_candidate_changelist")).content.decode()
    assert seen_as in listing
    assert "byline" not in listing
    page = staff_client.get(reverse("admin:archive_candidate_change", args=[keyvan.pk]))
    assert seen_as in page.content.decode()


def test_the_english_admin_says_it_in_english(staff_client):
    importer.import_text(text=BYLINED_INTERVIEW)  # imported while the site speaks Persian
    listing = staff_client.get("/en/admin/archive/candidate/").content.decode()
    assert "byline, interview host, speaker label" in listing
    assert "نام نویسنده در آغاز متن" not in listing


def test_every_place_the_parser_reports_has_a_label():
    found = [c for text in (BYLINED_INTERVIEW, SIGNED) for c in parse(text).candidates]
    assert {code for c in found for code in c.seen_as} == set(Candidate.SeenAs.values)


def test_where_a_name_was_seen_is_shown_as_stored_when_it_is_not_the_parsers_wording():
    candidate = Candidate(name="کاوه شریفی", key="کاوه شریفی", reason=["byline", "فهرست امضاها"])
    assert candidate.get_reason_display() == "byline, فهرست امضاها"


IN_EACH_LANGUAGE = pytest.mark.parametrize("prefix", ["", "/en"])
CHANGELIST = reverse("admin:archive_candidate_changelist")


def _in_language(prefix: str, persian: str, english: str, page: str) -> None:
    """The page says `persian` on the Persian admin and `english` on the English one."""
    expected, other = (english, persian) if prefix else (persian, english)
    assert expected in page
    assert other not in page


@IN_EACH_LANGUAGE
def test_a_speaker_merged_into_an_organisation_is_refused_in_the_admins_language(
    staff_client, prefix
):
    importer.import_text(text=INTERVIEW)
    org = Organisation.objects.create(name="سندیکای واحد", slug="vahed")
    speaker = Candidate.objects.get(name="کیوان رادمهر")
    page = staff_client.post(
        prefix + CHANGELIST,
        {"action": "merge", "_selected_action": [speaker.pk], "apply": "1", "organisation": org.pk},
        follow=True,
    ).content.decode()
    _in_language(
        prefix,
        "«کیوان رادمهر» در متن‌ها گوینده یا نویسنده است و باید در یک شخص ادغام شود",
        "“کیوان رادمهر” is a speaker or author in the texts and must be merged into a person",
        page,
    )
    assert Turn.objects.filter(speaker__name="کیوان رادمهر").count() == 2


def test_an_organisation_merged_into_a_person_is_refused_with_the_organisation_named():
    org = Organisation.objects.create(name="سندیکای واحد", slug="vahed")
    person = Person.objects.create(name="ناصر یزدانی", slug="naser")
    candidate = Candidate.objects.create(
        name="سندیکا", key="سندیکا", kind="organisation", created_organisation=org
    )
    with pytest.raises(candidates.CandidateError) as error:
        candidates.merge_candidate(candidate=candidate, target=person)
    assert "باید در یک سازمان ادغام شود" in error.value.message


@IN_EACH_LANGUAGE
def test_a_name_decided_before_is_reported_in_the_admins_language(
    staff_client, django_capture_on_commit_callbacks, prefix
):
    importer.import_text(text=SIGNED)
    leila = Candidate.objects.get(name="لیلا فرهمند")
    with django_capture_on_commit_callbacks(execute=True):
        candidates.accept_candidate(candidate=leila)
    page = staff_client.post(
        prefix + CHANGELIST, {"action": "accept", "_selected_action": [leila.pk]}, follow=True
    ).content.decode()
    _in_language(
        prefix,
        "«لیلا فرهمند» پیش‌تر بررسی شده است.",
        "“لیلا فرهمند” has already been reviewed.",
        page,
    )


@IN_EACH_LANGUAGE
def test_the_merge_page_asks_for_one_target_in_the_admins_language(staff_client, prefix):
    other = Candidate.objects.create(name="ل. فرهمند", key="ل. فرهمند", kind="person")
    page = staff_client.post(
        prefix + CHANGELIST,
        {"action": "merge", "_selected_action": [other.pk], "apply": "1"},
    ).content.decode()
    _in_language(
        prefix,
        "دقیقاً یکی را برگزینید: یک شخص یا یک سازمان.",
        "Choose exactly one: a person or an organisation.",
        page,
    )
