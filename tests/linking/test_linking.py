import errno
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from whoosh.writing import SegmentWriter

from archive import importer, linking
from archive.linking import candidates, mentions
from archive.management.commands.relink import RELINK_FAILED
from archive.models import Article, ArticlePerson, Candidate, Person, RelinkJob
from archive.search import INDEX_NOT_UPDATED
from archive.text.letters import fingerprint
from archive.text.names import EntityMatcher
from tests.helpers import in_english

pytestmark = pytest.mark.django_db


def make_article(body: str, title: str = "گزارش") -> Article:
    return Article.objects.create(
        title=title, slug=f"a-{fingerprint(body)[:8]}", body=body, content_hash=fingerprint(body)
    )


def mentioned(article: Article) -> set[str]:
    return set(article.person_roles.filter(role="mentioned").values_list("person__name", flat=True))


def test_a_person_written_with_arabic_letters_links_the_persian_spelling():
    Person.objects.create(name="فواد كيخسروي", slug="fouad")
    article = make_article("در این نشست فواد کیخسروی از بازداشت همکارانش گفت.")
    linking.link_article(article)
    assert mentioned(article) == {"فواد كيخسروي"}


@pytest.mark.parametrize(
    "spelling",
    ["فرهاد نیک‌پور", "فرهاد نیک پور", "فرهاد نیکپور", "فرهاد نيك‌پور"],
)
def test_zwnj_space_or_nothing_inside_a_name_are_alike(spelling):
    Person.objects.create(name="فرهاد نیک‌پور", slug="farhad")
    article = make_article(f"به گفته {spelling}، اعتصاب ادامه دارد.")
    linking.link_article(article)
    assert mentioned(article) == {"فرهاد نیک‌پور"}


def test_heh_with_yeh_and_hamza_forms_are_alike():
    matcher = EntityMatcher({"a": ["خانۀ کارگر"], "b": ["رضا مولائی"]})
    assert matcher.find("نماینده خانه کارگر و رضا مولایی") == {"a": 1, "b": 1}


def test_a_name_only_matches_whole_words():
    Person.objects.create(name="علی", slug="ali")
    article = make_article("علیرضا و علیزاده در جلسه بودند.")
    linking.link_article(article)
    assert mentioned(article) == set()


def test_relinking_removes_links_that_no_longer_hold():
    person = Person.objects.create(name="شهلا دانشفر", slug="shahla")
    article = make_article("شهلا دانشفر گفت که کارگران متحدند.")
    linking.relink_all()
    assert mentioned(article) == {"شهلا دانشفر"}
    person.name = "کسی دیگر"
    person.save()
    linking.relink_all()
    assert mentioned(article) == set()


def test_the_cached_matcher_is_rebuilt_when_an_alias_is_added():
    person = Person.objects.create(name="کاظم نیکخواه", slug="kazem")
    assert linking.get_matcher().find("نیکخواه") == {}
    person.aliases.create(name="نیکخواه")
    assert linking.get_matcher().find("نیکخواه") == {f"p:{person.pk}": 1}


def test_a_name_removed_behind_the_cache_s_back_is_not_linked():
    person = Person.objects.create(name="کاظم نیکخواه", slug="kazem")
    assert linking.get_matcher().find("کاظم نیکخواه")
    # As another process would: no signal reaches this one.
    Person.objects.filter(pk=person.pk)._raw_delete(Person.objects.db)
    result = importer.import_text(text="یادداشت\n۱ مهر ۱۴۰۰\n\nکاظم نیکخواه سخنرانی کرد.")
    assert result.status == "imported"
    assert mentioned(result.article) == set()


def alias_formset_data(person: Person, aliases: list[str]) -> dict:
    data = {
        "name": person.name,
        "slug": person.slug,
        "description": "",
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, alias in enumerate(aliases):
        data[f"aliases-{i}-name"] = alias
        data[f"aliases-{i}-person"] = str(person.pk)
    return data


def test_adding_an_alias_in_the_admin_relinks_the_archive(
    staff_client, django_capture_on_commit_callbacks
):
    person = Person.objects.create(name="ناصر یزدانی", slug="naser")
    article = make_article("جوشکار پیمانی، یزدانی، از قراردادهای سفید امضا گفت.")
    linking.relink_all()
    assert mentioned(article) == set()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:archive_person_change", args=[person.pk]),
            alias_formset_data(person, ["یزدانی"]),
        )
    assert response.status_code == 302
    assert mentioned(article) == {"ناصر یزدانی"}
    job = RelinkJob.objects.get()
    assert job.status == RelinkJob.Status.DONE
    assert job.get_reason_display() == "شخص «ناصر یزدانی» ذخیره شد"


def test_editing_only_the_description_does_not_queue_a_relink(staff_client):
    person = Person.objects.create(name="ناصر یزدانی", slug="naser")
    data = alias_formset_data(person, [])
    data["description"] = "جوشکار"
    staff_client.post(reverse("admin:archive_person_change", args=[person.pk]), data)
    assert not RelinkJob.objects.exists()


def test_a_relink_job_reports_its_progress_batch_by_batch(monkeypatch):
    Person.objects.create(name="مریم رحیمی", slug="maryam")
    for i in range(5):
        make_article(f"مریم رحیمی در گزارش شماره {i} سخن گفت.")
    monkeypatch.setattr(mentions, "BATCH_SIZE", 2)
    seen = []
    linking.request_relink(reason="test", start=False)
    [job] = linking.run_pending_jobs(progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert (job.status, job.done, job.total, job.percent) == ("done", 5, 5, 100)
    assert ArticlePerson.objects.filter(role="mentioned").count() == 5


def test_two_jobs_never_run_at_once():
    RelinkJob.objects.create(status=RelinkJob.Status.RUNNING, heartbeat_at=timezone.now())
    linking.request_relink(start=False)
    assert linking.claim_job() is None
    assert linking.run_pending_jobs() == []


def test_a_job_whose_worker_died_is_failed_and_the_next_one_runs():
    stale = timezone.now() - linking.STALE_AFTER * 2
    dead = RelinkJob.objects.create(status=RelinkJob.Status.RUNNING, heartbeat_at=stale)
    linking.request_relink(start=False)
    assert len(linking.run_pending_jobs()) == 1
    dead.refresh_from_db()
    assert dead.status == RelinkJob.Status.FAILED


def test_waiting_requests_are_folded_into_one_job():
    first = linking.request_relink(start=False)
    second = linking.request_relink(start=False)
    assert first == second
    assert len(linking.run_pending_jobs()) == 1


def test_people_an_import_creates_link_older_articles_only_once_accepted(
    django_capture_on_commit_callbacks,
):
    older = make_article("خلیل کیوان مجری برنامه بود.")
    text = "گفتگو درباره اعتصاب\n۱ مهر ۱۴۰۰\n\nخلیل کیوان: چه شد؟\n\nشهلا دانشفر: اعتصاب شد.\n\n"
    text += "خلیل کیوان: بعد؟\n\nشهلا دانشفر: پیروز شدیم."
    with django_capture_on_commit_callbacks(execute=True):
        report = importer.import_many([importer.Source("x.txt", data=text.encode())])
    assert report.created_entities
    assert mentioned(older) == set()
    with django_capture_on_commit_callbacks(execute=True):
        candidates.accept_candidate(candidate=Candidate.objects.get(name="خلیل کیوان"))
    assert mentioned(older) == {"خلیل کیوان"}


def test_the_admin_shows_job_progress(staff_client):
    job = RelinkJob.objects.create(status=RelinkJob.Status.RUNNING, total=200, done=50)
    response = staff_client.get(reverse("admin:archive_relinkjob_changelist"))
    assert "۲۵٪ (۵۰ از ۲۰۰)" in response.content.decode()
    response = staff_client.get(reverse("admin:archive_relinkjob_change", args=[job.pk]))
    assert response.status_code == 200


def test_the_admin_gives_a_jobs_reason_in_the_editors_language(staff_client):
    candidate = Candidate.objects.create(name="لیلا فرهمند", key="لیلا فرهمند", kind="person")
    candidates.accept_candidate(candidate=candidate)
    persian = staff_client.get(reverse("admin:archive_relinkjob_changelist")).content.decode()
    assert "«لیلا فرهمند» پذیرفته شد" in persian
    english = staff_client.get("/en/admin/archive/relinkjob/").content.decode()
    assert "accepted «لیلا فرهمند»" in english


def test_reasons_stored_before_the_codes_stay_readable(staff_client):
    RelinkJob.objects.create(reason="new names from an import", status=RelinkJob.Status.DONE)
    RelinkJob.objects.create(reason="merged «ل. فرهمند» into «لیلا فرهمند»")
    page = staff_client.get(reverse("admin:archive_relinkjob_changelist")).content.decode()
    assert "نام‌های تازه از وارد کردن متن‌ها" in page
    assert "merged «ل. فرهمند» into «لیلا فرهمند»" in page


def relink_failing() -> tuple[str, str]:
    """Run `manage.py relink` expecting it to fail; return its message and stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("relink", stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    return str(failed.value), err.getvalue()


def test_the_relink_command_links_the_archive(fresh_index):
    Person.objects.create(name="فواد کیخسروی", slug="fouad")
    article = make_article("در این نشست فواد کیخسروی سخن گفت.")
    out = io.StringIO()
    call_command("relink", stdout=out, stderr=io.StringIO())
    assert "re-linked 1 article(s)" in out.getvalue()
    assert mentioned(article) == {"فواد کیخسروی"}


def test_the_relink_command_ends_in_one_line_when_the_index_cannot_be_written(
    fresh_index, monkeypatch, caplog
):
    Person.objects.create(name="فواد کیخسروی", slug="fouad")
    make_article("در این نشست فواد کیخسروی سخن گفت.")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:  # undone before fresh_index clears the index
        patch.setattr(SegmentWriter, "_commit_toc", full_disk)
        message, err = relink_failing()
    assert message.startswith(in_english(INDEX_NOT_UPDATED).split("{error}")[0])
    assert "No space left on device. Once it can be written" in message
    assert "check_index --repair" in message and "manage.py relink" in message
    assert "\n" not in message
    assert "Traceback" not in err
    assert not [record for record in caplog.records if record.exc_info]
    job = RelinkJob.objects.get()
    assert job.status == RelinkJob.Status.FAILED
    assert "No space left on device" in job.error


def test_the_relink_command_ends_in_one_line_when_the_database_fails(monkeypatch, caplog):
    Person.objects.create(name="فواد کیخسروی", slug="fouad")
    article = make_article("در این نشست فواد کیخسروی سخن گفت.")

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(mentions, "relink_all", locked)
    message, err = relink_failing()
    assert message == RELINK_FAILED.format(error="database is locked")
    assert "Traceback" not in err
    assert not [record for record in caplog.records if record.exc_info]
    assert mentioned(article) == set()  # the links are as they were
    assert RelinkJob.objects.get().status == RelinkJob.Status.FAILED
