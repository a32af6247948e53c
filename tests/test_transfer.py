import errno
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import transfer
from archive.management.commands import export_archive as export_command
from archive.management.commands import import_archive as import_command
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    NameVariant,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    Turn,
)
from archive.transfer import TransferError

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"
TWO_OF_EACH = {"person": 2, "organisation": 2, "publication": 2, "article": 2, "candidate": 2}


def stamp(day: int) -> dict[str, datetime]:
    """Distinct, old timestamps with microseconds, so a re-import that restamps them shows."""
    return {
        "created_at": datetime(2021, 3, day, 8, 30, 15, 123456, tzinfo=UTC),
        "updated_at": datetime(2022, 4, day, 17, 5, 1, 654321, tzinfo=UTC),
    }


def restamp(obj, day: int) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**stamp(day))


@pytest.fixture
def archive():
    """A small archive holding every kind of row the export must carry."""
    shahla = Person.objects.create(
        name="شهلا دانشفر", slug="شهلا-دانشفر", description=f"فعال{ZWNJ}ها\nکارگری"
    )
    shahla.aliases.create(name=f"شهلا دانش{ZWNJ}فر")
    shahla.aliases.create(name="ش. دانشفر")
    khalil = Person.objects.create(name="خلیل کیوان", slug="خلیل-کیوان")
    party = Organisation.objects.create(name="حزب کمونیست کارگری", slug="حکک", kind="party")
    party.aliases.create(name="حکمتیست")
    union = Organisation.objects.create(
        name="سندیکای کارگران شرکت واحد",
        slug="سندیکای-واحد",
        kind="union",
        description="تهران",
        is_public=False,
    )
    weekly = Publication.objects.create(
        name="انترناسیونال", slug="انترناسیونال", organisation=party
    )
    Publication.objects.create(name="بی‌ناشر", slug="بی-ناشر")
    interview = Article.objects.create(
        title=f"گفت{ZWNJ}وگو درباره شوراها",
        slug="گفتگو-شوراها",
        kind="interview",
        published_on=date(2009, 3, 6),
        date_text="۱۶ اسفند ۱۳۸۷",
        publication=weekly,
        publication_issue="۲۸۳",
        body="خلیل کیوان: پرسش\n\nشهلا دانشفر: پاسخ",
        source_url="https://example.org/شوراها?page=2",
        content_hash="a" * 64,
    )
    Turn.objects.create(article=interview, position=1, speaker=khalil, text="پرسش")
    answer = f"پاسخ{ZWNJ}ها\r\nادامه"
    Turn.objects.create(article=interview, position=2, speaker=shahla, text=answer)
    ArticlePerson.objects.create(article=interview, person=khalil, role="host")
    ArticlePerson.objects.create(article=interview, person=shahla, role="speaker")
    ArticlePerson.objects.create(article=interview, person=shahla, role="mentioned")
    ArticleOrganisation.objects.create(article=interview, organisation=party, role="publisher")
    statement = Article.objects.create(
        title="اطلاعیه",
        slug="اطلاعیه",
        published_on=None,
        date_text="بهار ۱۴۰۲",
        body='متن با خط‌جداکن\u2028و نویسه 𝔸 و «گیومه» و "quote"\r\nپایان',
        content_hash="b" * 64,
        needs_review=True,
        review_note=[{"code": "no_date"}, {"code": "text", "text": "تاریخ ناخوانا"}],
        language="fa",
    )
    ArticlePerson.objects.create(article=statement, person=shahla, role="author")
    # A re-post pointing at an article later in the file.
    Article.objects.filter(pk=interview.pk).update(repost_of=statement)
    ArticleOrganisation.objects.create(article=statement, organisation=union, role="mentioned")
    pending = Candidate.objects.create(
        name="کمیته هماهنگی",
        key="کمیته هماهنگی",
        kind="organisation",
        reason=["signature", "byline"],
        created_organisation=union,
    )
    pending.articles.add(interview, statement)
    Candidate.objects.create(
        name="رضا", key="رضا", kind="person", status="dismissed", occurrences=7, reason=[]
    )
    for day, obj in enumerate(
        [shahla, khalil, party, union, interview, statement, pending], start=1
    ):
        restamp(obj, day)


def rows(model, *references, order):
    """Every concrete field of every row, foreign keys by natural key, in a stable order."""
    relations = {f.name for f in model._meta.concrete_fields if f.is_relation}
    # A new foreign key must be listed here, or the comparison would silently skip it.
    assert relations == {ref.split("__")[0] for ref in references}, model
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]
    return list(model.objects.order_by(*order).values(*names, *references))


def snapshot() -> dict[str, list[dict]]:
    through = Candidate.articles.through
    return {
        "people": rows(Person, order=["slug"]),
        "person aliases": rows(PersonAlias, "person__slug", order=["person__slug", "name"]),
        "organisations": rows(Organisation, order=["slug"]),
        "organisation aliases": rows(
            OrganisationAlias, "organisation__slug", order=["organisation__slug", "name"]
        ),
        "publications": rows(Publication, "organisation__slug", order=["slug"]),
        "articles": rows(Article, "publication__slug", "repost_of__slug", order=["slug"]),
        "turns": rows(Turn, "article__slug", "speaker__slug", order=["article__slug", "position"]),
        "article people": rows(
            ArticlePerson,
            "article__slug",
            "person__slug",
            order=["article__slug", "person__slug", "role"],
        ),
        "article organisations": rows(
            ArticleOrganisation,
            "article__slug",
            "organisation__slug",
            order=["article__slug", "organisation__slug", "role"],
        ),
        "candidates": rows(
            Candidate, "created_person__slug", "created_organisation__slug", order=["key"]
        ),
        "candidate articles": list(
            through.objects.order_by("candidate__key", "article__slug").values(
                "candidate__key", "article__slug"
            )
        ),
    }


def wipe() -> None:
    for model in (Candidate, Article, Publication, Person, Organisation):
        model.objects.all().delete()
    assert not any(snapshot().values())


def exported() -> str:
    buffer = io.StringIO()
    transfer.export_archive(fp=buffer)
    return buffer.getvalue()


def test_round_trip_keeps_every_field_of_every_row(archive):
    before = snapshot()
    text = exported()
    wipe()

    counts = transfer.import_archive(fp=io.StringIO(text))

    after = snapshot()
    for table in before:
        assert after[table] == before[table], table
    assert counts == TWO_OF_EACH


def test_an_import_learns_the_solid_spellings_of_compound_names(archive):
    Organisation.objects.create(name="زاگرس‌نیوز", slug="zagros")
    text = exported()
    wipe()
    NameVariant.objects.all().delete()

    transfer.import_archive(fp=io.StringIO(text))

    assert NameVariant.objects.filter(spelling="زاگرسنیوز", automatic=True).exists()


def test_round_trip_through_the_commands_and_a_compressed_file(archive, tmp_path, monkeypatch):
    before = snapshot()
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_archive", str(path), stdout=io.StringIO())
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    wipe()
    rebuilt_with = []
    monkeypatch.setattr(
        import_command, "call_command", lambda name, **options: rebuilt_with.append(snapshot())
    )

    out = io.StringIO()
    call_command("import_archive", str(path), stdout=out)

    assert snapshot() == before
    # The index is rebuilt once, from the imported rows.
    assert rebuilt_with == [before]
    assert "imported 2 person" in out.getvalue()


def test_no_index_skips_the_rebuild(archive, tmp_path, monkeypatch):
    path = tmp_path / "backup.jsonl"
    path.write_text(exported(), encoding="utf-8")
    wipe()
    monkeypatch.setattr(import_command, "call_command", lambda *a, **k: pytest.fail("rebuilt"))

    call_command("import_archive", str(path), "--no-index", stdout=io.StringIO())

    assert Article.objects.count() == 2


def test_an_index_that_cannot_be_written_keeps_the_imported_archive(archive, tmp_path, monkeypatch):
    before = snapshot()
    path = tmp_path / "backup.jsonl"
    path.write_text(exported(), encoding="utf-8")
    wipe()

    def read_only(*args, **options):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(import_command, "call_command", read_only)
    with pytest.raises(CommandError) as failed:
        call_command("import_archive", str(path), stdout=io.StringIO())

    assert "imported and saved" in str(failed.value)
    assert "Read-only file system" in str(failed.value)
    assert snapshot() == before


def test_export_is_one_json_object_a_line_with_header_and_end(archive):
    lines = exported().splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["format"] == transfer.FORMAT_NAME
    assert records[0]["version"] == transfer.FORMAT_VERSION
    assert records[-1] == {
        "type": "end",
        "counts": TWO_OF_EACH,
    }
    interview = next(r for r in records if r.get("slug") == "گفتگو-شوراها")
    # Persian stays readable in the file, and rows are named by slug rather than database id.
    assert f"گفت{ZWNJ}وگو" in lines[records.index(interview)]
    assert interview["publication"] == "انترناسیونال"
    assert [t["speaker"] for t in interview["turns"]] == ["خلیل-کیوان", "شهلا-دانشفر"]


def test_import_refuses_a_database_that_already_holds_an_archive(archive):
    text = exported()
    before = snapshot()

    with pytest.raises(TransferError) as refused:
        transfer.import_archive(fp=io.StringIO(text))

    assert str(refused.value) == transfer.NOT_EMPTY.format(rows=10)
    assert snapshot() == before


def test_replace_deletes_the_old_archive_in_the_same_import(archive):
    text = exported()
    before = snapshot()
    Person.objects.create(name="تازه", slug="تازه")
    Article.objects.filter(slug="اطلاعیه").update(title="دستکاری‌شده")

    transfer.import_archive(fp=io.StringIO(text), replace=True)

    assert snapshot() == before


def broken(text: str, problem: str) -> str:
    """Import text into an empty database and return the refusal, checking nothing was written."""
    wipe()
    with pytest.raises(TransferError) as refused:
        transfer.import_archive(fp=io.StringIO(text))
    assert not any(snapshot().values()), problem
    return str(refused.value)


def test_a_cut_off_file_is_refused_and_nothing_is_imported(archive):
    lines = exported().splitlines(keepends=True)
    # Everything up to the last article: people and organisations would load if not for the check.
    message = broken("".join(lines[:-3]), "truncated")
    assert message == transfer.TRUNCATED


def test_a_file_that_is_not_an_export_is_refused(archive):
    assert broken("name,title\nfoo,bar\n", "csv") == transfer.NOT_AN_EXPORT
    assert broken("", "empty") == transfer.NOT_AN_EXPORT


def test_an_unknown_format_version_is_refused(archive):
    lines = exported().splitlines(keepends=True)
    lines[0] = json.dumps({"format": "labour-archive", "version": 99}) + "\n"
    assert broken("".join(lines), "version") == transfer.UNSUPPORTED_VERSION.format(
        found=99, supported=transfer.FORMAT_VERSION
    )


def test_a_damaged_line_is_refused_with_its_number(archive):
    lines = exported().splitlines(keepends=True)
    lines[2] = lines[2][:20] + "\n"
    message = broken("".join(lines), "damaged")
    assert message.startswith("line 3: not valid JSON")


def test_a_turn_by_an_unknown_speaker_is_refused_with_its_line(archive):
    records = [json.loads(line) for line in exported().splitlines()]
    number, interview = next(
        (n, r) for n, r in enumerate(records, start=1) if r.get("kind") == "interview"
    )
    interview["turns"][0]["speaker"] = "کسی-دیگر"
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    message = broken(text, "reference")
    assert message == transfer.BAD_LINE.format(
        line=number,
        problem=transfer.UNKNOWN_REFERENCE.format(field="speaker", target="person", key="کسی-دیگر"),
    )


def test_a_repost_of_an_unknown_article_is_refused_with_its_line(archive):
    records = [json.loads(line) for line in exported().splitlines()]
    number, interview = next(
        (n, r) for n, r in enumerate(records, start=1) if r.get("kind") == "interview"
    )
    interview["repost_of"] = "نوشته-دیگر"
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    message = broken(text, "repost")
    assert message == transfer.BAD_LINE.format(
        line=number,
        problem=transfer.UNKNOWN_REFERENCE.format(
            field="repost_of", target="article", key="نوشته-دیگر"
        ),
    )


def test_a_field_too_long_for_the_database_is_refused_on_sqlite_too(archive):
    records = [json.loads(line) for line in exported().splitlines()]
    number, person = next(
        (n, r) for n, r in enumerate(records, start=1) if r.get("type") == "person"
    )
    person["name"] = "ن" * 201
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    message = broken(text, "too long")
    assert message.startswith(f"line {number}: 'name': ")
    assert transfer.TOO_LONG.format(max_length=200) in message


def test_the_command_reports_a_broken_file_in_one_line(tmp_path):
    path = tmp_path / "not-an-export.json"
    path.write_text("[1, 2, 3]\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_archive", str(path), "--no-index")
    assert str(refused.value) == "import refused, nothing was changed: " + transfer.NOT_AN_EXPORT
    with pytest.raises(CommandError, match="could not read"):
        call_command("import_archive", str(tmp_path / "missing.jsonl"))


def test_a_failed_export_leaves_the_previous_backup_in_place(archive, tmp_path, monkeypatch):
    path = tmp_path / "backup.jsonl"
    path.write_text("the previous backup\n", encoding="utf-8")

    def disk_full(*, fp):
        fp.write('{"format": "labour-archive", "version": 1}\n')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_command, "export_archive", disk_full)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("export_archive", str(path))

    assert path.read_text(encoding="utf-8") == "the previous backup\n"
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("kind", "field", "value", "constraint"),
    [
        ("person", "slug", "", "slug_usable"),
        ("publication", "name", "", "has_name"),
        ("article", "published_on", "0001-01-01", "date_in_archive_years"),
    ],
)
def test_a_row_no_page_could_show_is_refused_by_name(archive, kind, field, value, constraint):
    records = [json.loads(line) for line in exported().splitlines()]
    record = next(r for r in records if r.get("type") == kind)
    record[field] = value
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    message = broken(text, constraint)
    assert f"these {kind} records" in message
    assert constraint in message
