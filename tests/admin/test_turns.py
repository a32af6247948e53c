"""An interview's turns in the admin: the text follows them; edit, reassign, merge, split."""

import datetime

import pytest
from django.urls import reverse

from archive.models import Article, ArticlePerson
from archive.text.turns import dialogue_text, introduction, split_at_marks
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

BODY = "گفت‌وگویی دربارهٔ شوراها.\n\nکیوان: پرسش نخست\n\nدانشفر: پاسخ نخست\n\nکیوان: پرسش دوم"


@pytest.fixture
def interview():
    host, guest = make_person("خلیل کیوان"), make_person("شهلا دانشفر")
    return make_article(
        "نظارت شورایی",
        body=BODY,
        hosts=(host,),
        turns=((host, "پرسش نخست"), (guest, "پاسخ نخست"), (host, "پرسش دوم")),
        published_on=datetime.date(2024, 3, 4),
    )


def _post(client, article, turns, **fields):
    """Post the change form as the admin renders it, with `turns` as (pk, speaker, text, extra)."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "language": "fa",
        "published_on": "۱۴۰۲/۱۲/۱۴",
        "date_text": "",
        "turns-TOTAL_FORMS": str(len(turns)),
        "turns-INITIAL_FORMS": str(sum(1 for t in turns if t[0])),
        **{
            f"{p}-{k}": "0"
            for p in ("person_roles", "organisation_roles", "provenance")
            for k in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
        **fields,
    }
    for i, (pk, speaker, text, extra) in enumerate(turns):
        data.update({f"turns-{i}-id": pk or "", f"turns-{i}-article": article.pk})
        data.update({f"turns-{i}-speaker": speaker.pk, f"turns-{i}-text": text})
        data.update({f"turns-{i}-{key}": value for key, value in extra.items()})
    url = reverse("admin:archive_article_change", args=[article.pk])
    return client.post(url, data, follow=True)


def _rows(article):
    return list(article.turns.order_by("position").values_list("position", "speaker__name", "text"))


def _current(article):
    return [(t.pk, t.speaker, t.text, {}) for t in article.turns.order_by("position")]


def test_split_marks_cut_a_turn_and_nothing_else():
    assert split_at_marks("الف\n---\nب") == ["الف", "ب"]
    assert split_at_marks("الف --- ب") == ["الف --- ب"]


def test_the_text_keeps_its_introduction_and_writes_each_turn_with_its_speaker():
    intro = introduction(BODY, "پرسش نخست")
    assert intro == "گفت‌وگویی دربارهٔ شوراها."
    assert dialogue_text(intro, [("خلیل کیوان", "پرسش")]) == f"{intro}\n\nخلیل کیوان: پرسش"


def test_the_body_of_an_interview_is_shown_as_built_from_its_turns(staff_client, interview):
    page = staff_client.get(reverse("admin:archive_article_change", args=[interview.pk]))
    html = page.content.decode()
    assert 'name="body"' not in html
    assert "ساخته از نوبت‌های زیر" in html and "پرسش نخست" in html


def test_an_article_without_turns_keeps_an_editable_body(staff_client):
    article = make_article("بیانیه")
    page = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert 'name="body"' in page.content.decode()


def test_editing_a_turn_changes_what_readers_see_and_the_text(staff_client, interview):
    turns = _current(interview)
    turns[1] = (turns[1][0], turns[1][1], "پاسخ اصلاح‌شده", {})
    assert _post(staff_client, interview, turns).status_code == 200
    interview.refresh_from_db()
    assert _rows(interview)[1] == (2, "شهلا دانشفر", "پاسخ اصلاح‌شده")
    assert "شهلا دانشفر: پاسخ اصلاح‌شده" in interview.body
    assert interview.body.startswith("گفت‌وگویی دربارهٔ شوراها.")
    page = staff_client.get(interview.get_absolute_url()).content.decode()
    assert "پاسخ اصلاح‌شده" in page


def test_a_turn_reassigned_to_another_person_makes_them_a_speaker(staff_client, interview):
    third = make_person("فواد کیخسروی")
    turns = _current(interview)
    turns[1] = (turns[1][0], third, turns[1][2], {})
    _post(staff_client, interview, turns)
    assert _rows(interview)[1][1] == "فواد کیخسروی"
    assert interview.person_roles.filter(person=third, role=ArticlePerson.Role.SPEAKER).exists()


def test_merging_a_turn_into_the_one_above(staff_client, interview):
    turns = _current(interview)
    turns[2] = (*turns[2][:3], {"merge_with_previous": "on"})
    _post(staff_client, interview, turns)
    assert _rows(interview) == [
        (1, "خلیل کیوان", "پرسش نخست"),
        (2, "شهلا دانشفر", "پاسخ نخست\n\nپرسش دوم"),
    ]


def test_splitting_a_turn_at_a_mark(staff_client, interview):
    turns = _current(interview)
    turns[0] = (turns[0][0], turns[0][1], "بخش یکم\n---\nبخش دوم", {})
    _post(staff_client, interview, turns)
    assert [r[2] for r in _rows(interview)] == ["بخش یکم", "بخش دوم", "پاسخ نخست", "پرسش دوم"]
    assert [r[0] for r in _rows(interview)] == [1, 2, 3, 4]


def test_deleting_and_adding_turns(staff_client, interview):
    guest = interview.turns.get(position=2).speaker
    turns = _current(interview)
    turns[0] = (*turns[0][:3], {"DELETE": "on"})
    turns.append((None, guest, "سخن پایانی", {}))
    _post(staff_client, interview, turns)
    assert [r[2] for r in _rows(interview)] == ["پاسخ نخست", "پرسش دوم", "سخن پایانی"]
    assert "پرسش نخست" not in Article.objects.get(pk=interview.pk).body


def test_turns_added_to_an_interview_without_any_replace_its_dialogue(staff_client):
    host, guest = make_person("خلیل کیوان"), make_person("شهلا دانشفر")
    article = make_article("گفت‌وگو", body=BODY, kind=Article.Kind.INTERVIEW)
    turns = [(None, host, "پرسش نخست", {}), (None, guest, "پاسخ نخست", {})]
    _post(staff_client, article, turns, body=BODY)
    article.refresh_from_db()
    assert article.body == (
        "گفت‌وگویی دربارهٔ شوراها.\n\nخلیل کیوان: پرسش نخست\n\nشهلا دانشفر: پاسخ نخست"
    )


def test_a_turn_edited_on_its_own_page_changes_the_text_too(staff_client, interview):
    turn = interview.turns.get(position=2)
    url = reverse("admin:archive_turn_change", args=[turn.pk])
    data = {"article": interview.pk, "position": 2, "speaker": turn.speaker_id, "text": "پاسخ تازه"}
    staff_client.post(url, data, follow=True)
    interview.refresh_from_db()
    assert "شهلا دانشفر: پاسخ تازه" in interview.body and "پاسخ نخست" not in interview.body


def test_a_turn_deleted_on_its_own_page_leaves_the_text(staff_client, interview):
    turn = interview.turns.get(position=1)
    url = reverse("admin:archive_turn_delete", args=[turn.pk])
    staff_client.post(url, {"post": "yes"}, follow=True)
    interview.refresh_from_db()
    assert "پرسش نخست" not in interview.body
    assert [r[0] for r in _rows(interview)] == [1, 2]
