"""The admin in Persian without English left-overs, and Persian kept whole in the English admin."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from archive.models import Candidate, RelinkJob
from tests.admin.test_admin import _NO_INLINES
from tests.admin.test_imports import INTERVIEW, URL, hidden_fields
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def test_the_persian_admin_names_every_app_and_inline_column_in_persian(staff_client):
    host = make_person("خلیل کیوان")
    article = make_article("نظارت", turns=((host, "پرسش"),), hosts=(host,))
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "امنیت ورود" in index and "Axes" not in index and "Model name" not in index
    change = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = change.content.decode()
    assert '<th class="column-person required">شخص' in html
    assert (
        "Select this object"
        not in staff_client.get(reverse("admin:archive_article_changelist")).content.decode()
    )


def test_a_form_error_is_announced_in_persian(staff_client):
    response = staff_client.post(
        reverse("admin:archive_article_add"),
        {
            "title": "",
            "slug": "",
            "kind": "article",
            "body": "متن",
            "language": "fa",
            **_NO_INLINES,
        },
    )
    assert "لطفاً خطای زیر را درست کنید." in response.content.decode()


def test_the_article_picker_explains_itself_in_persian(staff_client):
    candidate = Candidate.objects.create(name="نام تازه", key="نام تازه", kind="person")
    assert staff_client.get(reverse("admin:archive_candidate_change", args=[candidate.pk]))
    script = staff_client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    choose = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    assert catalog[choose] == "%s را برگزینید و سپس دکمهٔ پیکان «انتخاب» را بزنید."
    assert catalog["Choose all %s"] == "انتخاب همهٔ %s"


def test_the_english_admin_isolates_persian_text(staff_client):
    make_article("نظارت شورایی", published_on=datetime.date(2021, 9, 11))
    changelist, add = (
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_add"),
    )
    html = staff_client.get("/en" + changelist).content.decode()
    assert "css/admin.css" in html  # every cell takes its direction from its own text
    assert "20 Shahrivar 1400" in html
    change = staff_client.get("/en" + add).content.decode()
    assert 'name="title"' in change and 'dir="auto"' in change


def test_the_preview_date_is_isolated_from_its_gregorian_twin(staff_client):
    html = staff_client.post("/en" + URL, {"text": INTERVIEW, "preview": "1"}).content.decode()
    assert '<bdi lang="fa">۱۲ مهر ۱۴۰۰</bdi> (<bdi dir="ltr">2021-10-04</bdi>)' in html


def test_after_an_import_the_relinking_says_it_waits_not_100_percent(staff_client):
    html = staff_client.post(URL, {"text": INTERVIEW, "preview": "1"}).content.decode()
    result = staff_client.post(URL, {**hidden_fields(html), "save": "1"}).content.decode()
    assert RelinkJob.objects.filter(status="pending").exists()
    assert "100%" not in result and "(0/0)" not in result
    assert "پیوند دادن آرشیو به نام‌های تازه" in result and "در انتظار" in result


def test_a_counting_job_shows_its_progress_in_persian_digits(staff_client):
    job = RelinkJob.objects.create(status="running", total=5, done=2)
    page = staff_client.get(reverse("admin:archive_relinkjob_changelist")).content.decode()
    assert "۴۰٪ (۲ از ۵)" in page
    assert job.pk


def test_the_archive_app_keeps_its_persian_name(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "آرشیو" in html and ">Archive<" not in html
