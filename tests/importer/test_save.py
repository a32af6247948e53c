import io
import zipfile
from pathlib import Path

import pytest

from archive import importer, linking
from archive.importer.notes import Code, codes, note
from archive.importer.read import parse
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    Person,
    Publication,
    Turn,
)
from archive.slugs import unique_slug

pytestmark = pytest.mark.django_db

BINARY_FILE = note(Code.BINARY_FILE)
EMPTY_FILE = note(Code.EMPTY_FILE)
UNDECODABLE = note(Code.UNDECODABLE)

INTERVIEW = """گفتگو با مینا سپهری درباره اعتصاب رانندگان
۱۲ مهر ۱۴۰۰

متن گفتگو با مینا سپهری در برنامه صدای کار

داوود رنجبر: خانم سپهری، اعتصاب از کجا شروع شد؟

مینا سپهری: از پایانه جنوب. رانندگان سه ماه حقوق نگرفته بودند و صبر همه تمام شده بود.

داوود رنجبر: و خواسته اصلی چه بود؟

مینا سپهری: پرداخت معوقات و قرارداد دائم برای همه.
"""

STATEMENT = """بیانیه درباره دستمزد سال آینده
۳ اسفند ۱۴۰۲

ما کارگران پتروشیمی خواهان افزایش دستمزد به اندازه تورم واقعی هستیم.
این خواسته همه کارگران است و برای آن متحد می‌مانیم.

لیلا فرهمند - کاوه شریفی
"""


def roles(article: Article) -> set[tuple[str, str]]:
    return {(r.person.name, r.role) for r in article.person_roles.select_related("person")}


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- the seeds, end to end --------------------------------------------------------------------


def test_seed_interview_imports_with_speakers_turns_and_byline(seeds_dir):
    result = importer.import_bytes(
        data=(seeds_dir / "000_e657c67c1bda7f67.txt").read_bytes(), source_name="000.txt"
    )
    assert result.status == "imported", result.message
    article = result.article
    assert article.title == "کارگران نیشکر هفت تپه نظارت شورایی را اجرایی میکنند"
    assert article.published_on.isoformat() == "2021-09-11"  # 20 Shahrivar 1400
    assert article.kind == Article.Kind.INTERVIEW
    assert article.publication.name == "انترناسیونال"
    assert article.publication_issue in {"937", "۹۳۷"}
    assert not article.needs_review
    assert ("شهلا دانشفر", "author") in roles(article)
    assert ("خلیل کیوان", "host") in roles(article)
    assert {("شهلا دانشفر", "speaker"), ("کاظم نیکخواه", "speaker")} <= roles(article)
    speakers = list(article.turns.order_by("position").values_list("speaker__name", flat=True))
    assert len(speakers) == 13
    assert speakers[:4] == ["خلیل کیوان", "شهلا دانشفر", "خلیل کیوان", "کاظم نیکخواه"]
    assert set(speakers) == {"خلیل کیوان", "شهلا دانشفر", "کاظم نیکخواه"}
    # Website chrome is gone from the stored text, the conversation is not; the chrome is kept
    # in the import record.
    assert "اشتراک گذاری" not in article.body
    assert "نظارت شورایی" in article.body
    assert "اشتراک گذاری" in article.import_removed


def test_seed_polemic_has_no_fake_speakers_and_keeps_its_signatures_as_candidates(seeds_dir):
    result = importer.import_bytes(
        data=(seeds_dir / "004_9845821522d52e79.txt").read_bytes(), source_name="004.txt"
    )
    assert result.status == "imported", result.message
    article = result.article
    assert article.title == "«کنفدراسیون کار ایران - خارج از کشور» سقفی بی ستون"
    assert article.published_on.isoformat() == "2024-03-04"  # 14 Esfand 1402
    assert article.kind == Article.Kind.ARTICLE
    assert article.turns.count() == 0
    assert not article.person_roles.exclude(role="mentioned").exists()
    assert list(
        article.organisation_roles.filter(role="author").values_list(
            "organisation__name", flat=True
        )
    ) == ["کارگران انقلابی متحد ایران"]
    pending = set(Candidate.objects.filter(articles=article).values_list("name", flat=True))
    assert {"آرزو مولانایی", "ناصر کمانگر"} <= pending
    # Labels such as "استعفائی دیگر:" in the attachments did not become people.
    assert not Person.objects.filter(name__contains="استعفا").exists()


def test_reimporting_the_same_text_is_reported_and_changes_nothing(seeds_dir):
    data = (seeds_dir / "000_e657c67c1bda7f67.txt").read_bytes()
    first = importer.import_bytes(data=data, source_name="a.txt")
    counts = [m.objects.count() for m in (Article, Turn, Person, ArticlePerson, Candidate)]
    again = importer.import_bytes(data=data, source_name="b.txt")
    assert again.status == "duplicate"
    assert again.article == first.article
    assert again.note == note(Code.DUPLICATE, title=first.article.title)
    assert [m.objects.count() for m in (Article, Turn, Person, ArticlePerson, Candidate)] == counts


def test_a_variant_spelling_of_the_same_text_is_a_duplicate():
    importer.import_text(text=STATEMENT)
    variant = STATEMENT.replace("ی", "ي").replace("ک", "ك")
    assert importer.import_text(text=variant).status == "duplicate"
    assert Article.objects.count() == 1


# --- speakers, people and candidates ---------------------------------------------------------


def test_speakers_become_people_with_host_and_speaker_roles():
    article = importer.import_text(text=INTERVIEW).article
    assert roles(article) >= {("داوود رنجبر", "host"), ("مینا سپهری", "speaker")}
    assert list(article.turns.values_list("position", "speaker__name")) == [
        (1, "داوود رنجبر"),
        (2, "مینا سپهری"),
        (3, "داوود رنجبر"),
        (4, "مینا سپهری"),
    ]
    assert article.turns.get(position=2).text.startswith("از پایانه جنوب")


def test_a_speaker_label_matches_a_known_person_through_an_alias_spelling():
    known = Person.objects.create(name="مینا سپهری‌نژاد", slug="mina")
    known.aliases.create(name="مينا سپهري")  # Arabic ي
    article = importer.import_text(text=INTERVIEW).article
    assert article.turns.filter(speaker=known).count() == 2
    assert Person.objects.filter(name="مینا سپهری").count() == 0
    assert not Candidate.objects.filter(key__contains="سپهری").exists()


def test_new_speakers_are_suggested_with_the_person_created_for_them():
    importer.import_text(text=INTERVIEW)
    candidate = Candidate.objects.get(name="داوود رنجبر")
    assert candidate.status == Candidate.Status.PENDING
    assert candidate.created_person.name == "داوود رنجبر"
    assert candidate.articles.count() == 1


def test_signatures_are_suggested_but_not_created():
    importer.import_text(text=STATEMENT)
    assert set(Candidate.objects.values_list("name", flat=True)) >= {"لیلا فرهمند", "کاوه شریفی"}
    assert not Person.objects.filter(name="لیلا فرهمند").exists()


def test_a_dismissed_candidate_is_not_suggested_again_but_still_counted():
    importer.import_text(text=STATEMENT)
    Candidate.objects.filter(name="لیلا فرهمند").update(status=Candidate.Status.DISMISSED)
    other = STATEMENT.replace("افزایش دستمزد", "بیمه بیکاری")
    importer.import_text(text=other)
    candidate = Candidate.objects.get(name="لیلا فرهمند")
    assert candidate.status == Candidate.Status.DISMISSED
    assert candidate.occurrences == 2


def test_question_answer_labels_never_become_people():
    text = """ده سال کار بدون بیمه
۵ آبان ۱۳۹۹

پرسش: چند سال در کارگاه کار کرده‌اید؟

پاسخ: ده سال، بدون یک روز بیمه.

پرسش: کارفرما چه می‌گوید؟

پاسخ: می‌گوید قرارداد نداریم.
"""
    result = importer.import_text(text=text)
    assert result.status == "imported"
    assert not Person.objects.filter(name__in=["پرسش", "پاسخ"]).exists()
    assert result.article.turns.count() == 0
    assert "بدون یک روز بیمه" in result.article.body
    assert Code.QA_SPEAKERS_UNKNOWN in codes(result.warnings)


def test_question_answer_labels_are_attributed_to_the_named_host_and_guest():
    text = """ده سال کار بدون بیمه
گفتگو با نسرین کاظمی درباره بیمه کارگران
گفتگو از سارا مهدوی
۵ آبان ۱۳۹۹

پرسش: چند سال در کارگاه کار کرده‌اید؟

پاسخ: ده سال، بدون یک روز بیمه.

پرسش: کارفرما چه می‌گوید؟

پاسخ: می‌گوید قرارداد نداریم.
"""
    parsed = parse(text)
    assert (parsed.hosts, parsed.guests) == (["سارا مهدوی"], ["نسرین کاظمی"])
    article = importer.import_text(text=text).article
    assert list(article.turns.values_list("speaker__name", flat=True)) == [
        "سارا مهدوی",
        "نسرین کاظمی",
        "سارا مهدوی",
        "نسرین کاظمی",
    ]
    assert not Person.objects.filter(name="پاسخ").exists()


def test_an_author_that_looks_like_an_organisation_becomes_one():
    text = "اعتصاب در پالایشگاه\nسندیکای کارگران پالایشگاه\n۳ اسفند ۱۴۰۲\n\nمتن خبر درباره اعتصاب."
    article = importer.import_text(text=text).article
    assert ArticleOrganisation.objects.filter(
        article=article, role="author", organisation__name="سندیکای کارگران پالایشگاه"
    ).exists()
    assert not Person.objects.filter(name="سندیکای کارگران پالایشگاه").exists()


def test_the_publication_is_reused_across_spellings():
    Publication.objects.create(name="نشریه آوای کار", slug="avaye-kar")
    text = "---\ntitle: ایمنی کار\ndate: ۱۴۰۳-۰۲-۱۱\npublication: نشريه آواي كار\n---\n\nمتن."
    article = importer.import_text(text=text).article
    assert article.publication.slug == "avaye-kar"
    assert Publication.objects.count() == 1


def test_mentions_of_known_people_and_organisations_are_linked_on_import():
    person = Person.objects.create(name="فرهاد نیک‌پور", slug="farhad")
    org = Organisation.objects.create(name="سندیکای کارگران هفت تپه", slug="haft-tappeh")
    text = (
        "گزارش از شوش\n۳ آبان ۱۳۹۹\n\n"
        "فرهاد نیکپور از سندیکای کارگران هفت‌تپه گفت که اعتصاب ادامه دارد."
    )
    article = importer.import_text(text=text).article
    assert ArticlePerson.objects.filter(article=article, person=person, role="mentioned").exists()
    assert ArticleOrganisation.objects.filter(
        article=article, organisation=org, role="mentioned"
    ).exists()


# --- titles, slugs, overrides ----------------------------------------------------------------


def test_same_titles_get_numbered_slugs():
    a = importer.import_text(text="اعتصاب کارگران\n۱ مهر ۱۴۰۰\n\nمتن اول.").article
    b = importer.import_text(text="اعتصاب کارگران\n۲ مهر ۱۴۰۰\n\nمتن دوم.").article
    c = importer.import_text(text="اعتصاب کارگران\n۳ مهر ۱۴۰۰\n\nمتن سوم.").article
    assert (a.slug, b.slug, c.slug) == ("اعتصاب-کارگران", "اعتصاب-کارگران-2", "اعتصاب-کارگران-3")


def test_a_title_without_slug_characters_falls_back_to_a_hash():
    assert unique_slug(Article, "«»!؟", fallback="article-abc") == "article-abc"


def test_overrides_from_the_preview_replace_what_was_read():
    article = importer.import_text(
        text=STATEMENT,
        overrides={
            "title": "عنوان درست",
            "date": "۱۴ اسفند ۱۴۰۲",
            "publication": "کارگر امروز",
            "authors": ["لیلا فرهمند"],
        },
    ).article
    assert article.title == "عنوان درست"
    assert article.published_on.isoformat() == "2024-03-04"
    assert article.publication.name == "کارگر امروز"
    assert ("لیلا فرهمند", "author") in roles(article)


# --- bad input ---------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    result = importer.import_bytes(data=b"  \n\n", source_name="empty.txt")
    assert (result.status, result.note) == ("refused", EMPTY_FILE)
    assert not Article.objects.exists()


def test_a_binary_file_is_refused():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    result = importer.import_bytes(data=data, source_name="image.png")
    assert (result.status, result.note) == ("refused", BINARY_FILE)


def test_undecodable_bytes_are_refused():
    # UTF-8 Persian cut into pieces and glued with invalid bytes: neither UTF-8 nor cp1256 text.
    data = ("کارگران " * 50).encode("utf-8").replace(b"\xd8", b"\xff\xfe\xd8")
    result = importer.import_bytes(data=data[1:], source_name="broken.txt")
    assert (result.status, result.note) == ("refused", UNDECODABLE)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1000
    result = importer.import_bytes(data=STATEMENT.encode() * 10, source_name="big.txt")
    assert result.status == "refused"
    assert result.note.code is Code.FILE_TOO_LARGE
    assert not Article.objects.exists()


def test_a_text_without_a_date_is_imported_and_flagged():
    result = importer.import_text(text="کارخانه‌ای که حقوق نمی‌دهد\n\nچهار ماه حقوق نگرفته‌اند.")
    assert result.status == "imported"
    assert result.article.published_on is None
    assert result.article.needs_review
    assert Code.NO_DATE in codes(result.warnings)
    assert {"code": "no_date"} in result.article.review_note  # stored as its code


def test_an_impossible_date_is_imported_without_a_date_and_flagged():
    result = importer.import_text(text="گزارش پایان سال\n۳۲ اسفند ۱۴۰۲\n\nمتن گزارش پایان سال.")
    assert result.status == "imported"
    assert result.article.published_on is None
    assert result.article.needs_review
    assert Code.IMPOSSIBLE_DATE in codes(result.warnings)


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_sources(tmp_path, members: dict[str, bytes]) -> list[importer.Source]:
    path = tmp_path / "texts.zip"
    path.write_bytes(make_zip(members))
    return list(importer.iter_sources([path]))


def test_a_zip_with_dot_dot_or_absolute_paths_is_refused_member_by_member(tmp_path):
    sources = zip_sources(
        tmp_path,
        {
            "../evil.txt": STATEMENT.encode(),
            "/etc/evil.txt": STATEMENT.encode(),
            "good/statement.txt": STATEMENT.encode(),
        },
    )
    errors = {Path(s.name).name: s.error for s in sources}
    assert errors["evil.txt"] == note(Code.ZIP_UNSAFE_PATH)
    assert [s.error for s in sources].count(note(Code.ZIP_UNSAFE_PATH)) == 2
    assert errors["statement.txt"] is None
    report = importer.import_many(sources)
    assert (len(report.imported), len(report.refused)) == (1, 2)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_zip_bomb_is_refused_without_being_decompressed(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100_000
    sources = zip_sources(tmp_path, {"bomb.txt": b"0" * 5_000_000})
    assert len(sources) == 1
    assert sources[0].data is None
    assert sources[0].error is not None


def test_a_zip_whose_members_together_are_too_large_is_refused(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100_000
    settings.ARCHIVE_MAX_ZIP_BYTES = 150_000
    members = {f"{i}.txt": b"a" * 60_000 for i in range(3)}
    sources = zip_sources(tmp_path, members)
    assert [s.error.code for s in sources] == [Code.ZIP_TOO_LARGE]


def test_a_zip_that_lies_about_its_sizes_is_still_read_with_a_bound(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "liar.zip"
    path.write_bytes(make_zip({"a.txt": b"x" * 50_000}))
    raw = bytearray(path.read_bytes())
    # Rewrite the declared uncompressed size (local header and central directory) to 10 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.index(signature) + offset
        raw[at : at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    [source] = importer.iter_sources([path])
    assert source.data is None or len(source.data) <= 1000
    assert source.error is not None


def test_a_nested_zip_and_a_broken_zip_are_refused_with_reasons(tmp_path):
    inner = make_zip({"a.txt": STATEMENT.encode()})
    sources = zip_sources(tmp_path, {"inner.zip": inner})
    assert [s.error for s in sources] == [note(Code.ZIP_NESTED)]
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert [s.error for s in importer.iter_sources([broken])] == [note(Code.ZIP_BROKEN)]


def test_folders_are_walked_recursively_skipping_hidden_files_and_refusing_links(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(STATEMENT, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a" / "one.txt")
    sources = list(importer.iter_sources([tmp_path]))
    by_name = {Path(s.name).name: s for s in sources}
    assert set(by_name) == {"one.txt", "two.txt", "link.txt"}
    assert by_name["link.txt"].error == note(Code.SYMLINK)
    assert importer.count_sources([tmp_path]) == 3


def test_a_missing_path_is_reported():
    [source] = importer.iter_sources(["/no/such/file.txt"])
    assert source.error == note(Code.NOT_FOUND)


def test_one_bad_file_does_not_undo_the_others():
    sources = [
        importer.Source("one.txt", data=STATEMENT.encode()),
        importer.Source("bad.bin", data=b"\x00\x01\x02" * 100),
        importer.Source("two.txt", data=INTERVIEW.encode()),
    ]
    report = importer.import_many(sources)
    assert [r.status for r in report.results] == ["imported", "refused", "imported"]
    assert Article.objects.count() == 2


def test_a_failure_inside_a_file_leaves_nothing_of_it_and_spares_the_next(monkeypatch):
    real = linking.link_article
    calls = []

    def fail_first(article, **kwargs):
        calls.append(article.title)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(article, **kwargs)

    monkeypatch.setattr(linking, "link_article", fail_first)
    second = INTERVIEW.replace("اعتصاب رانندگان", "اعتصاب معلمان").replace("صبر", "تحمل")
    report = importer.import_many(
        [
            importer.Source("first.txt", data=INTERVIEW.encode()),
            importer.Source("second.txt", data=second.encode()),
        ]
    )
    first, then = report.results
    assert (first.status, first.note) == ("refused", note(Code.SAVE_FAILED))
    assert then.status == "imported"
    # Nothing of the first file survived: one article, and its speakers exist once.
    assert Article.objects.count() == 1
    assert Person.objects.filter(name="داوود رنجبر").count() == 1
    assert Turn.objects.count() == 4
    assert Candidate.objects.get(name="داوود رنجبر").articles.count() == 1


def test_reading_in_worker_processes_gives_the_same_articles_and_links():
    Person.objects.create(name="مینا سپهری", slug="mina")
    sources = [
        importer.Source("interview.txt", data=INTERVIEW.encode()),
        importer.Source("bad.bin", data=b"\x00\x01\x02" * 100),
        importer.Source("statement.txt", data=STATEMENT.encode()),
    ]
    report = importer.import_many(sources, workers=2)
    assert [r.status for r in report.results] == ["imported", "refused", "imported"]
    article = report.results[0].article
    assert article.turns.count() == 4
    assert ("مینا سپهری", "mentioned") in roles(article)
    assert report.results[1].note == BINARY_FILE


def test_a_single_word_or_generic_noun_is_never_suggested():
    from archive.importer.save import proposable_name

    for word in ("انجمن", "محمود", "پرسش", "خبرنگار", "کارگران"):
        assert not proposable_name(word)
    assert proposable_name("لیلا فرهمند")


BARE_LABELS = """کار در کارخانه
۱۲ دی ۱۴۰۲

انجمن: از سال‌های کارتان در کارخانه بگویید.

محمود: بیست سال پشت دستگاه بودم و هر سال قرارداد کوتاه‌تر شد.

انجمن: امروز چه چیزی مانع ساختن تشکل است؟

محمود: ترس از اخراج، و اینکه کارگاه‌ها کوچک و پراکنده‌اند.
"""


def test_bare_labels_never_become_people_or_organisations():
    article = importer.import_text(text=BARE_LABELS).article
    assert article.kind == "interview"
    assert not Person.objects.filter(name__in=["انجمن", "محمود"]).exists()
    assert not Organisation.objects.filter(name__in=["انجمن", "محمود"]).exists()
    assert not Candidate.objects.filter(name__in=["انجمن", "محمود"]).exists()
    # The conversation is kept whole in the body and an editor is asked to split it.
    assert article.turns.count() == 0
    assert "بیست سال پشت دستگاه بودم" in article.body
    assert {"code": "qa_speakers_unknown"} in article.review_note


def test_labels_named_in_the_heading_speak_for_the_full_names():
    text = "گفتگوی انجمن صنفی کارگران برق و فلزکار با محمود صالحی\n" + BARE_LABELS.split("\n", 1)[1]
    article = importer.import_text(text=text).article
    assert not Person.objects.filter(name__in=["انجمن", "محمود"]).exists()
    assert ("محمود صالحی", "speaker") in roles(article)
    # An organisation asks: it is no person, so no turn can be given to it.
    assert not Person.objects.filter(name__startswith="انجمن").exists()
    assert article.turns.count() == 0


def test_one_word_labels_speak_for_the_known_people_they_are_aliases_of():
    mahmoud = Person.objects.create(name="محمود صالحی", slug="mahmoud")
    mahmoud.aliases.create(name="محمود")
    sara = Person.objects.create(name="سارا احمدی", slug="sara")
    sara.aliases.create(name="سارا")
    article = importer.import_text(text=BARE_LABELS.replace("انجمن:", "سارا:")).article
    assert list(article.turns.values_list("speaker__name", flat=True)) == [
        "سارا احمدی",
        "محمود صالحی",
        "سارا احمدی",
        "محمود صالحی",
    ]
    assert not Person.objects.filter(name__in=["سارا", "محمود"]).exists()


def test_a_publication_asking_the_questions_is_no_person():
    text = (
        "مزد و تورم در سال تازه\nنشریه پیام کارگر شماره ۴۵\n\n"
        "پیام کارگر: از فاصله مزد امسال با تورم بگویید.\n\n"
        "لیلا فرهمند: فاصله هر سال بیشتر شده است و مزد نیمی از هزینه‌ها را هم نمی‌پوشاند.\n\n"
        "پیام کارگر: و از راه بستن این فاصله.\n\n"
        "لیلا فرهمند: چانه‌زنی جمعی، و این بدون تشکل مستقل ممکن نیست.\n"
    )
    article = importer.import_text(text=text).article
    assert article.publication.name == "پیام کارگر"
    assert not Person.objects.filter(name="پیام کارگر").exists()
    assert ("لیلا فرهمند", "speaker") in roles(article)
    assert article.turns.count() == 0


def test_a_known_organisation_asking_the_questions_is_no_person():
    Organisation.objects.create(name="ایران امروز", slug="iran-today")
    text = (
        "مصاحبه نشریهٔ «ایران امروز» با لیلا فرهمند\n۱۲ دی ۱۴۰۲\n\n"
        "پرسش: فعالان سندیکایی امروز با چه دشواری‌هایی روبه‌رو هستند؟\n\n"
        "پاسخ: بزرگ‌ترین دشواری نبود امنیت شغلی است.\n\n"
        "پرسش: و توافق‌های بین‌المللی؟\n\n"
        "پاسخ: اگر سودش به سفره کارگران نرسد، تنها فاصله‌ها را بیشتر می‌کند.\n"
    )
    article = importer.import_text(text=text).article
    assert not Person.objects.filter(name="ایران امروز").exists()
    assert ("لیلا فرهمند", "speaker") in roles(article)
    assert article.turns.count() == 0
