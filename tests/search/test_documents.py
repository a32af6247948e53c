"""What the index holds, and that saves and deletes reach it once they commit."""

import datetime

import pytest
from django.db import transaction

from archive import search
from archive.models import Article
from archive.search import SearchQuery, indexing
from archive.search.errors import IndexUnavailable
from tests.factories import (
    article,
    hit_titles,
    indexed,
    organisation,
    person,
    publication,
)

pytestmark = pytest.mark.django_db


def find(q: str = "", **filters) -> search.SearchPage:
    return search.search(SearchQuery(q=q, **filters))


def test_title_matches_rank_above_body_matches(fresh_index):
    indexed(
        article("گزارش", "در این گزارش از اعتصاب نیشکر سخن رفته است و باز از نیشکر."),
        article("اعتصاب نیشکر", "گزارش کوتاه."),
    )
    assert hit_titles(find("نیشکر"))[0] == "اعتصاب نیشکر"


def test_turns_carry_their_article_people_and_date(fresh_index):
    host = person("میزبان", "host")
    guest = person("مهمان", "guest")
    interview = article(
        "گفتگو",
        "میزبان: سلام\nمهمان: اعتصاب ادامه دارد",
        published_on=datetime.date(2021, 9, 11),
        publication=publication("رادیو", "radio"),
        people=((host, "host"), (guest, "speaker")),
        turns=((host, "سلام"), (guest, "اعتصاب ادامه دارد")),
    )
    indexed(interview)
    (hit,) = find("اعتصاب", kind="turn", person="host", publication="radio", year_from=1400).hits
    assert hit.url == interview.get_absolute_url() + "#turn-2"
    assert hit.speaker["slug"] == "guest"
    assert hit.date == datetime.date(2021, 9, 11)
    assert hit.snippets == ["<mark>اعتصاب</mark> ادامه دارد"]


def test_saving_an_article_indexes_it_after_commit(fresh_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = article("تازه", "کارگران معدن")
        assert find("معدن").count == 0  # not before the commit
    assert callbacks
    assert hit_titles(find("معدن")) == ["تازه"]

    with django_capture_on_commit_callbacks(execute=True):
        created.body = "کارگران پتروشیمی"
        created.save()
    assert find("معدن").count == 0
    assert hit_titles(find("پتروشیمی")) == ["تازه"]


def test_deleting_an_article_removes_it_and_its_turns(
    fresh_index, django_capture_on_commit_callbacks
):
    speaker = person("گوینده", "speaker")
    with django_capture_on_commit_callbacks(execute=True):
        interview = article("گفتگو", "اعتصاب", turns=((speaker, "اعتصاب ادامه دارد"),))
    assert find("اعتصاب", kind="turn").count == 1
    with django_capture_on_commit_callbacks(execute=True):
        interview.delete()
    assert find("اعتصاب").count == 0
    assert find("اعتصاب", kind="turn").count == 0


def test_deleting_a_turn_removes_only_that_turn(fresh_index, django_capture_on_commit_callbacks):
    speaker = person("گوینده", "speaker")
    with django_capture_on_commit_callbacks(execute=True):
        interview = article(
            "گفتگو", "اعتصاب", turns=((speaker, "اعتصاب ادامه دارد"), (speaker, "اعتصاب تمام شد"))
        )
    with django_capture_on_commit_callbacks(execute=True):
        interview.turns.get(position=1).delete()
    assert [h.url[-7:] for h in find("اعتصاب", kind="turn").hits] == ["#turn-2"]
    assert find("اعتصاب").count == 1


def test_a_rolled_back_save_never_reaches_the_index(
    fresh_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                article("برگشت", "کارگران فولاد")
                raise RuntimeError
        except RuntimeError:
            pass
    assert find("فولاد").count == 0


def test_renaming_a_person_updates_their_articles(fresh_index, django_capture_on_commit_callbacks):
    writer = person("نام قدیم", "writer")
    with django_capture_on_commit_callbacks(execute=True):
        article("مقاله", "متن درباره اعتصاب", people=((writer, "author"),))
    with django_capture_on_commit_callbacks(execute=True):
        writer.name = "نام تازه"
        writer.save()
    (hit,) = find("اعتصاب").hits
    assert hit.people[0]["name"] == "نام تازه"
    assert find("تازه").count == 1  # names are searchable text too


def test_saving_a_speaker_or_a_publisher_re_indexes_the_articles_showing_them(
    fresh_index, django_capture_on_commit_callbacks, monkeypatch
):
    from archive.search import indexing

    # Neither has a role on the article: one speaks in it, the other owns its publication.
    speaker = person("گوینده قدیم", "speaker")
    owner = organisation("ناشر", "owner")
    paper = publication("نشریه", "paper")
    paper.organisation = owner
    paper.save()
    with django_capture_on_commit_callbacks(execute=True):
        shown = article("گفتگو", "متن", publication=paper, turns=((speaker, "سخن درباره اعتصاب"),))
        article("دیگر", "متن دیگر")
    written = []
    index_articles = indexing.index_articles
    monkeypatch.setattr(
        indexing, "index_articles", lambda ids: written.append(set(ids)) or index_articles(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        speaker.name = "گوینده تازه"
        speaker.save()
    with django_capture_on_commit_callbacks(execute=True):
        owner.save()
    assert written == [{shown.pk}, {shown.pk}]
    (turn,) = find("اعتصاب", kind="turn").hits
    assert turn.speaker["name"] == "گوینده تازه"


def test_adding_a_person_to_an_article_updates_filters(
    fresh_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = article("مقاله", "متن درباره اعتصاب")
    assert find("", person="late").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        created.person_roles.create(person=person("دیر", "late"), role="mentioned")
    assert hit_titles(find("", person="late")) == ["مقاله"]


def test_index_articles_service_after_a_bulk_import(fresh_index):
    # bulk_create sends no signals: importers call index_articles themselves.
    Article.objects.bulk_create(
        [
            Article(
                title=f"انبوه {i}", slug=f"bulk-{i}", body="اعتصاب سراسری", content_hash=f"b{i}"
            )
            for i in range(3)
        ]
    )
    assert find("سراسری").count == 0
    search.index_articles(Article.objects.values_list("pk", flat=True))
    assert find("سراسری").count == 3
    search.remove_articles(Article.objects.filter(slug="bulk-0").values_list("pk", flat=True))
    assert find("سراسری").count == 2


@pytest.mark.django_db(transaction=True)
def test_deferred_indexing_writes_once_at_the_end(fresh_index, search_engine, monkeypatch):
    if search_engine == "postgres":
        pytest.skip("the PostgreSQL engine writes in each transaction: see the next test")
    from archive.search import indexing

    writes = []
    index_articles = indexing.index_articles
    monkeypatch.setattr(
        indexing, "index_articles", lambda ids: writes.append(set(ids)) or index_articles(ids)
    )
    # Real commits here: without deferral, each article's commit is a write of its own.
    with indexing.deferred_indexing():
        for i in range(3):
            with transaction.atomic():
                article(f"انبوه {i}", "اعتصاب سراسری")
        assert find("سراسری").count == 0
    assert len(writes) == 1
    assert find("سراسری").count == 3

    with transaction.atomic():
        article("تک", "اعتصاب سراسری")
    assert len(writes) == 2
    assert find("سراسری").count == 4


@pytest.mark.django_db(transaction=True)
def test_each_commit_is_searchable_at_once_on_the_postgres_engine(fresh_index, search_engine):
    if search_engine != "postgres":
        pytest.skip("the Whoosh engine writes after the commit: see the test before")
    with indexing.deferred_indexing():
        for i in range(3):
            with transaction.atomic():
                article(f"انبوه {i}", "اعتصاب سراسری")
            # Written before the commit, in the same transaction: another server sees it now.
            assert find("سراسری").count == i + 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_index_write_undoes_the_save_on_the_postgres_engine(
    fresh_index, search_engine, monkeypatch
):
    if search_engine != "postgres":
        pytest.skip("on the Whoosh engine the save stays and check_index repairs the index")

    def fail(change):
        raise IndexUnavailable("the index refused the write")

    monkeypatch.setattr(fresh_index, "write", fail)
    with pytest.raises(IndexUnavailable), transaction.atomic():
        article("ناپدید", "اعتصاب سراسری")
    monkeypatch.undo()
    assert not Article.objects.filter(title="ناپدید").exists()
    assert find("سراسری").count == 0


def test_indexing_an_article_again_replaces_its_documents(fresh_index):
    speaker = person("گوینده", "speaker")
    interview = article("گفتگو", "اعتصاب", turns=((speaker, "اعتصاب ادامه دارد"),))
    indexed(interview)
    interview.turns.create(position=2, speaker=speaker, text="اعتصاب تمام شد")
    indexed(interview)
    indexed(interview)
    assert find("اعتصاب").count == 1
    assert sorted(h.url[-7:] for h in find("اعتصاب", kind="turn").hits) == ["#turn-1", "#turn-2"]


def test_saves_and_deletions_during_a_rebuild_are_in_the_rebuilt_index(fresh_index):
    edited = article("ویرایش", "اعتصاب معلمان")
    deleted = article("حذف", "اعتصاب رانندگان")
    others = [article(f"دیگر {n}", "گزارش") for n in range(3)]
    indexed(edited, deleted, *others)

    def meanwhile(done: int) -> None:
        if done == 1:  # the build has read every article up to the first
            edited.body = "تجمع بازنشستگان"
            edited.save()
            deleted.delete()
            article("تازه", "اعتصاب نانوایان")

    search.rebuild_index(batch_size=1, progress=meanwhile)

    assert find("اعتصاب معلمان").count == 0
    assert hit_titles(find("بازنشستگان")) == ["ویرایش"]
    assert sorted(hit_titles(find("اعتصاب"))) == ["تازه"]


def test_rebuild_index_replaces_the_whole_index_with_the_database(fresh_index):
    speaker = person("گوینده", "speaker")
    kept = article(
        "گفتگو",
        "اعتصاب نیشکر",
        published_on=datetime.date(2021, 9, 11),
        people=((speaker, "speaker"),),
        turns=((speaker, "اعتصاب ادامه دارد"), (speaker, "نیشکر")),
    )
    gone = article("رفته", "اعتصاب معلمان")
    indexed(kept, gone)
    gone.delete()  # no commit in this test: the index still holds it
    article("تازه", "اعتصاب رانندگان")  # never indexed

    assert search.rebuild_index(batch_size=1) == 4  # two articles, two turns

    assert sorted(hit_titles(find("اعتصاب"))) == ["تازه", "گفتگو"]
    (hit,) = find("ادامه", speaker="speaker", year_from=1400).hits
    assert hit.url == kept.get_absolute_url() + "#turn-1"
    assert hit.snippets == ["اعتصاب <mark>ادامه</mark> دارد"]
    assert find('"اعتصاب نیشکر"').count == 1
    assert not search.index_drift()
