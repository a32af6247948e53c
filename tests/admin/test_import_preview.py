"""The import preview as an editor corrects it: kind, date, speakers, turns, links, duplicates."""

import pytest

from archive import importer
from archive.models import Article, Person
from tests.admin.test_imports import INTERVIEW, STATEMENT, URL, hidden_fields
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _preview(client, text=INTERVIEW):
    html = client.post(URL, {"text": text, "preview": "1"}).content.decode()
    return html, hidden_fields(html)


def _save(client, data, **changes):
    return client.post(URL, {**data, **{f"item-0-{k}": v for k, v in changes.items()}, "save": "1"})


def test_the_preview_offers_every_field_in_persian_with_wide_boxes(staff_client):
    html, data = _preview(staff_client)
    assert '<option value="interview" selected>گفت‌وگو</option>' in html
    assert '<option value="article">نوشته</option>' in html
    assert 'name="item-0-title"' in html and 'size="80"' in html
    assert data["item-0-speakers"] == "زهرا عسگری = زهرا عسگری\nناصر یزدانی = ناصر یزدانی"
    assert data["item-0-turns"].startswith("زهرا عسگری: قراردادها چند ماهه است؟\n\nناصر یزدانی:")
    assert "<dd>۴</dd>" in html  # the number of turns, in Persian digits


def test_an_impossible_date_is_a_form_error_to_fix_in_the_preview(staff_client):
    _html, data = _preview(staff_client)
    response = _save(staff_client, data, date="۳۰ اسفند ۱۴۰۲")
    html = response.content.decode()
    assert "«۳۰ اسفند ۱۴۰۲» تاریخی که وجود دارد نیست" in html
    assert not Article.objects.exists()
    _save(staff_client, hidden_fields(html), date="۲۹ اسفند ۱۴۰۲")
    assert Article.objects.get().date_text == "۲۹ اسفند ۱۴۰۲"


def test_the_kind_corrected_to_article_saves_no_turns(staff_client):
    _html, data = _preview(staff_client)
    _save(staff_client, data, kind="article")
    article = Article.objects.get()
    assert article.kind == "article" and not article.turns.exists()


def test_a_speaker_named_in_the_preview_speaks_the_turns(staff_client):
    _html, data = _preview(staff_client)
    speakers = data["item-0-speakers"].replace(
        "ناصر یزدانی = ناصر یزدانی", "ناصر یزدانی = ناصر یزدانی‌پور"
    )
    _save(staff_client, data, speakers=speakers)
    article = Article.objects.get()
    names = list(article.turns.order_by("position").values_list("speaker__name", flat=True))
    assert names == ["زهرا عسگری", "ناصر یزدانی‌پور", "زهرا عسگری", "ناصر یزدانی‌پور"]


def test_turns_joined_and_relabelled_in_the_preview(staff_client):
    _html, data = _preview(staff_client)
    turns = data["item-0-turns"].replace("\n\nزهرا عسگری: و بیمه؟", "\n\nو بیمه؟")
    _save(staff_client, data, turns=turns)
    texts = list(Article.objects.get().turns.order_by("position").values_list("text", flat=True))
    assert texts[1] == "سه ماهه، و هر بار با ترس از اخراج.\n\nو بیمه؟"
    assert len(texts) == 3


def test_links_removed_or_added_in_the_preview(staff_client):
    make_person("شهلا دانشفر")
    text = INTERVIEW + "\nناصر یزدانی: شهلا دانشفر هم گفته بود.\n"
    _html, data = _preview(staff_client, text)
    assert data["item-0-mentions"] == "شهلا دانشفر"
    _save(staff_client, data, mentions="")
    assert not Article.objects.get().person_roles.filter(role="mentioned").exists()


def test_an_unknown_name_to_link_is_a_form_error(staff_client):
    _html, data = _preview(staff_client)
    html = _save(staff_client, data, mentions="کسی ناشناس").content.decode()
    assert "کسی ناشناس" in html and not Article.objects.exists()


def test_preview_again_shows_the_corrections_and_saves_nothing(staff_client):
    _html, data = _preview(staff_client)
    data["item-0-date"] = "۱۴ اسفند ۱۴۰۲"
    html = staff_client.post(URL, {**data, "refresh": "1"}).content.decode()
    assert "2024-03-04" in html and not Article.objects.exists()


def test_saving_a_duplicate_saves_the_corrections_to_the_article_already_there(staff_client):
    importer.import_text(text=STATEMENT)
    _html, data = _preview(staff_client, STATEMENT)
    assert "item-0-include" not in data  # unchecked: saving it is the editor's choice
    result = _save(staff_client, data, include="on", title="بیانیهٔ دستمزد ۱۴۰۲")
    assert Article.objects.get().title == "بیانیهٔ دستمزد ۱۴۰۲"
    assert "«بیانیهٔ دستمزد ۱۴۰۲»" in result.content.decode()
    assert Person.objects.count() == 0


def test_the_upload_limit_is_given_in_persian_digits(staff_client, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    assert "۲.۰ MB" in staff_client.get(URL).content.decode()
