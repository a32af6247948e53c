from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.importer.chrome import clean
from archive.importer.notes import Code, note
from archive.importer.read import ParsedArticle, parse
from archive.text.jalali import IMPOSSIBLE_DATE

BINARY_FILE = note(Code.BINARY_FILE)
EMPTY_FILE = note(Code.EMPTY_FILE)
NO_DATE_FOUND = note(Code.NO_DATE)
NO_LETTERS = note(Code.NO_LETTERS)
UNDECODABLE = note(Code.UNDECODABLE)

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

PERSIAN = (
    "کارگران نیشکر هفت تپه اعلام کردند که به هیچ نوع خصوصی سازی تن نمی‌دهند "
    "و خواهان اداره شورایی شرکت هستند."
)


def seed(prefix: str) -> str:
    paths = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed text {prefix}_*.txt not found in {SEEDS_DIR}")
    return paths[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def interview() -> ParsedArticle:
    return parse(seed("000"))


@pytest.fixture(scope="module")
def polemic() -> ParsedArticle:
    return parse(seed("004"))


# --- seed 000: an interview saved from a party website ----------------------------------------


def test_interview_header_becomes_metadata(interview):
    assert interview.title == "کارگران نیشکر هفت تپه نظارت شورایی را اجرایی میکنند"
    assert interview.authors == ["شهلا دانشفر"]
    assert interview.published_on == date(2021, 9, 11)
    assert interview.date_text == "شنبه, 20ام شهریور, 1400"
    assert not interview.needs_review
    assert (interview.publication, interview.publication_issue) == ("انترناسیونال", "۹۳۷")
    assert interview.warnings == []


def test_interview_body_drops_header_and_chrome(interview):
    body = interview.body
    assert body.startswith("متن گفتگو با شهلا دانشفر و کاظم نیکخواه")
    for header_line in ("انترناسیونال ۹۳۷", "20ام شهریور", "شهلا دانشفر\n"):
        assert header_line not in body
    for chrome in ("اشتراک گذاری", "نسخه چاپی", "نظر دهید", "دیدگاهها بسته", "وبگاه منصور حکمت"):
        assert chrome not in body
    assert body.endswith("خلیل کیوان: تشکر میکنم که در این برنامه شرکت کردید.")
    assert "\xa0" not in body and "\n\n\n" not in body


def test_interview_speakers_and_roles(interview):
    assert interview.kind == "interview"
    assert interview.hosts == ["خلیل کیوان"]
    assert interview.guests == ["شهلا دانشفر", "کاظم نیکخواه"]
    host, first, second = "خلیل کیوان", "شهلا دانشفر", "کاظم نیکخواه"
    assert [t.speaker for t in interview.turns] == [
        host, first, host, second, host, first, host, second, host, first, host, second, host,
    ]  # fmt: skip
    assert [t.position for t in interview.turns] == list(range(1, 14))


def test_interview_turn_texts(interview):
    turns = interview.turns
    assert turns[0].text.startswith("بدنبال خلع ید از اسدبیگی")
    # The host addresses the first guest in an unlabelled paragraph: still the host's turn.
    assert "\n\nشهلا دانشفر!در اطلاعیه حزب" in turns[0].text
    assert turns[1].text.startswith("روز ۱۵ شهریور یکی دیگر")
    assert turns[2].text.startswith("کاظم نیکخواه! تبیین کارگران")
    # Two unlabelled paragraphs continue the second guest's answer.
    assert turns[7].text.count("\n\n") == 2
    assert turns[7].text.endswith("بنظر من همینهاست که اشاره کردم.")
    assert turns[-1].text == "تشکر میکنم که در این برنامه شرکت کردید."
    for turn in turns:
        assert interview.body[turn.start :].startswith(f"{turn.speaker}: {turn.text[:20]}")


def test_interview_candidates_are_the_three_people(interview):
    assert {(c.name, c.kind_guess) for c in interview.candidates} == {
        ("شهلا دانشفر", "person"),
        ("خلیل کیوان", "person"),
        ("کاظم نیکخواه", "person"),
    }


def test_clean_removes_footer_link_rows_and_normalises_whitespace():
    cleaned = clean(seed("000"))
    assert "سازمان جوانان کمونیست" not in cleaned
    assert "فدراسیون سراسری پناهندگان ایرانی" not in cleaned
    assert "\xa0" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))
    assert cleaned.endswith("شرکت کردید.")
    # Letters are stored as written: the lost ZWNJ is not restored, nothing is folded.
    assert "اجرایی میکنند" in cleaned


# --- seed 004: a polemic with appended documents and letters ----------------------------------


def test_polemic_header(polemic):
    assert polemic.title == "«کنفدراسیون کار ایران - خارج از کشور» سقفی بی ستون"
    assert polemic.authors == ["کارگران انقلابی متحد ایران"]
    assert polemic.published_on == date(2024, 3, 4)
    assert polemic.date_text == "۱۴ اسفند ۱۴۰۲"
    assert polemic.publication == ""


def test_polemic_has_no_fake_speakers(polemic):
    assert polemic.kind == "article"
    assert polemic.turns == []
    assert polemic.hosts == polemic.guests == []
    names = {c.name for c in polemic.candidates}
    assert not names & {"ماده اول", "ماده دوم", "پیوست ها", "استعفائی دیگر"}


def test_polemic_signatures_and_candidates(polemic):
    assert polemic.signatures == ["آرزو مولانایی", "ناصر کمانگر"]
    kinds = {c.name: c.kind_guess for c in polemic.candidates}
    assert kinds == {
        "کارگران انقلابی متحد ایران": "organisation",
        "آرزو مولانایی": "person",
        "ناصر کمانگر": "person",
    }


def test_polemic_body_keeps_letters_and_splits_paragraphs(polemic):
    paragraphs = polemic.body.split("\n\n")
    assert paragraphs[0].startswith('"کنفدراسیون کار ایران" که در جمعه')
    assert "ماده اول: اهداف" in paragraphs
    assert "آرزو مولانایی - ناصر کمانگر" in paragraphs
    # A hard-wrapped list item stays one paragraph.
    assert any(p.startswith(".۸تلاش") and p.endswith("محو کامل کار کودک.") for p in paragraphs)
    assert "ألبته" in polemic.body and "اساسنامۀ" in polemic.body


# --- our own demo texts (archive/demo), other shapes -----------------------------------------

DEMO_DIR = Path(__file__).resolve().parents[2] / "archive" / "demo"


def demo(prefix: str) -> ParsedArticle:
    paths = sorted(DEMO_DIR.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"demo text {prefix}_*.txt not found in {DEMO_DIR}")
    return parse(paths[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("prefix", "published_on", "hosts", "guests", "turns"),
    [
        ("01", date(2021, 10, 4), ["کیوان صدری"], ["بهروز کاظمی", "مریم رحیمی"], 12),
        ("02", date(2020, 10, 24), ["سارا مهدوی"], ["فرهاد نیک‌پور"], 12),
        (
            "03",
            date(2022, 7, 12),
            ["زهرا عسگری"],
            ["ناصر یزدانی", "شیرین کاویانی", "رضا مولایی"],
            16,
        ),
    ],
)
def test_demo_interviews(prefix, published_on, hosts, guests, turns):
    article = demo(prefix)
    assert article.kind == "interview"
    assert article.published_on == published_on
    assert (article.hosts, article.guests) == (hosts, guests)
    assert len(article.turns) == turns


def test_demo_title_with_colon_is_not_a_turn_and_byline_above_it():
    article = demo("01")
    assert article.title == "از پشت فرمان تا کلاس درس: دستمزدی که به نیمه ماه نمیرسد"
    assert article.authors == ["بهروز کاظمی"]
    assert (article.publication, article.publication_issue) == ("آوای کار", "۴۱۲")


def test_demo_roundtable_merges_spellings_of_one_speaker():
    article = demo("03")
    speakers = {t.speaker for t in article.turns}
    assert {"شیرین کاویانی", "شيرين كاوياني"} <= speakers  # kept as written in turns
    assert [c.name for c in article.candidates].count("شیرین کاویانی") == 1
    assert "شيرين كاوياني" not in [c.name for c in article.candidates]


@pytest.mark.parametrize(
    ("prefix", "published_on", "authors", "signatures"),
    [
        ("04", date(2019, 4, 30), [], ["بهروز کاظمی", "پرویز قاسمی"]),
        ("05", date(2023, 5, 1), ["سارا مهدوی"], []),
        ("06", date(2022, 7, 31), ["آرش بهرامی"], ["نمایندگان منتخب کارگران پیمانی کمپ شمارۀ دو"]),
        ("07", date(2024, 4, 30), ["سارا مهدوی", "کیوان صدری"], []),
        ("08", None, [], []),
    ],
)
def test_demo_articles(prefix, published_on, authors, signatures):
    article = demo(prefix)
    assert article.kind == "article" and article.turns == []
    assert article.published_on == published_on
    assert article.needs_review == (published_on is None)
    assert article.authors == authors
    assert article.signatures == signatures


# --- parse on shapes written here -------------------------------------------------------------


def test_front_matter_overrides_detection():
    text = (
        "---\n"
        "title: بیانیه درباره اول ماه مه\n"
        "date: ۱۰ اردیبهشت ۱۴۰۱\n"
        "publication: نشریه کارگر ۱۲\n"
        "authors: علی رضایی، مریم محمدی\n"
        "source: https://example.org/a/1\n"
        "kind: article\n"
        "---\n"
        "سطر اول متن که عنوان نیست\n\n"
        "علی رضایی: این برچسب گوینده نیست.\n\n"
        "مریم محمدی: این هم نیست.\n\n"
        "علی رضایی: و این.\n"
    )
    article = parse(text)
    assert article.title == "بیانیه درباره اول ماه مه"
    assert article.published_on == date(2022, 4, 30)
    assert (article.publication, article.publication_issue) == ("کارگر", "۱۲")
    assert article.authors == ["علی رضایی", "مریم محمدی"]
    assert article.source_url == "https://example.org/a/1"
    assert article.kind == "article" and article.turns == []
    assert article.body.startswith("سطر اول متن که عنوان نیست")


def test_front_matter_with_persian_keys():
    article = parse("---\nعنوان: گزارش\nتاریخ: 2024-02-27\nنوع: مصاحبه\n---\nمتن")
    assert article.title == "گزارش"
    assert article.published_on == date(2024, 2, 27)
    assert article.kind == "interview"
    assert article.body == "متن"


def test_impossible_date_is_flagged_not_refused():
    article = parse("گزارش اعتصاب\n۳۲ اسفند ۱۴۰۲\n\nکارگران امروز دست از کار کشیدند.")
    assert article.title == "گزارش اعتصاب"
    assert article.published_on is None
    assert article.date_text == "۳۲ اسفند ۱۴۰۲"
    assert article.date_error == IMPOSSIBLE_DATE
    assert article.needs_review
    assert article.body == "کارگران امروز دست از کار کشیدند."


def test_text_without_date_is_imported_for_review():
    article = parse("گزارش اعتصاب\n\nکارگران امروز دست از کار کشیدند.")
    assert article.title == "گزارش اعتصاب"
    assert article.published_on is None and article.date_error is None
    assert article.needs_review
    assert NO_DATE_FOUND in article.warnings
    assert article.body == "کارگران امروز دست از کار کشیدند."


def test_byline_below_title_and_place_beside_date():
    article = parse(
        "چرا معلمان اعتصاب کردند و چه می‌خواهند\n"
        "علی رضایی\n"
        "تهران، ۱۴ اسفند ۱۴۰۲\n\n"
        "معلمان در بیش از صد شهر سر کلاس نرفتند."
    )
    assert article.authors == ["علی رضایی"]
    assert article.published_on == date(2024, 3, 4)
    assert article.body == "معلمان در بیش از صد شهر سر کلاس نرفتند."


def test_header_with_prefixed_byline_issue_number_and_address():
    article = parse(
        "اعتصاب کارگران نفت\n"
        "نشریه کارگر کمونیست شماره ۱۲۳\n"
        "نویسنده: علی رضایی و مریم محمدی\n"
        "https://example.org/x\n"
        "۱۴۰۲/۱۲/۱۴\n\n"
        "متن مقاله."
    )
    assert article.title == "اعتصاب کارگران نفت"
    assert (article.publication, article.publication_issue) == ("کارگر کمونیست", "۱۲۳")
    assert article.authors == ["علی رضایی", "مریم محمدی"]
    assert article.source_url == "https://example.org/x"
    assert article.published_on == date(2024, 3, 4)
    assert article.body == "متن مقاله."


def test_statement_signed_by_organisations_with_closing_date():
    article = parse(
        "بیانیه در حمایت از اعتصاب معلمان\n\n"
        "ما امضاکنندگان این بیانیه از خواسته‌های معلمان پشتیبانی می‌کنیم.\n\n"
        "زنده باد همبستگی!\n\n"
        "سندیکای کارگران شرکت واحد\n"
        "کانون صنفی معلمان تهران\n"
        "اتحادیه آزاد کارگران ایران\n"
        "۱۰ اردیبهشت ۱۴۰۱\n"
        "منبع: https://example.org/statement"
    )
    assert article.signatures == [
        "سندیکای کارگران شرکت واحد",
        "کانون صنفی معلمان تهران",
        "اتحادیه آزاد کارگران ایران",
    ]
    assert {c.kind_guess for c in article.candidates} == {"organisation"}
    assert article.published_on == date(2022, 4, 30)
    assert article.source_url == "https://example.org/statement"
    assert "example.org" not in article.body
    assert article.kind == "article"


def test_question_answer_interview():
    article = parse(
        "گفتگو با مریم محمدی درباره اعتصاب پرستاران\n"
        "۵ دی ۱۳۹۸\n\n"
        "س: چرا اعتصاب کردید؟\n\n"
        "ج: دستمزدها چهار ماه پرداخت نشده است.\n\n"
        "بیمارستان‌ها هم نیرو کم دارند.\n\n"
        "س: قدم بعدی چیست؟\n\n"
        "ج: مجمع عمومی تصمیم می‌گیرد."
    )
    assert article.kind == "interview"
    assert [t.speaker for t in article.turns] == ["س", "ج", "س", "ج"]
    assert article.turns[1].text == (
        "دستمزدها چهار ماه پرداخت نشده است.\n\nبیمارستان‌ها هم نیرو کم دارند."
    )
    assert article.guests == ["مریم محمدی"]
    assert article.hosts == []
    assert [c.name for c in article.candidates] == ["مریم محمدی"]


def test_bold_labels_and_host_found_by_questions():
    article = parse(
        "دستمزد ۱۴۰۳\n\n"
        "**سارا احمدی:** حداقل دستمزد امسال چقدر است؟\n\n"
        "**علی رضایی:** کمتر از یک سوم خط فقر.\n\n"
        "**سارا احمدی:** کارگران چه می‌کنند؟\n\n"
        "**علی رضایی:** اعتراض‌ها گسترش یافته است."
    )
    assert [t.speaker for t in article.turns] == ["سارا احمدی", "علی رضایی"] * 2
    assert article.turns[0].text == "حداقل دستمزد امسال چقدر است؟"
    assert article.hosts == ["سارا احمدی"]
    assert article.guests == ["علی رضایی"]


def test_one_off_labels_do_not_make_an_interview():
    article = parse(
        "قطعنامه مجمع عمومی\n\n"
        "مقدمه: کارگران در مجمع عمومی گرد آمدند.\n\n"
        "بند سوم: دستمزدها باید افزایش یابد.\n\n"
        "نتیجه گیری: مجمع ادامه می‌یابد.\n\n"
        "توضیح: این قطعنامه با اکثریت آرا تصویب شد."
    )
    assert article.kind == "article"
    assert article.turns == []


# --- robustness -------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "\n", "\n\n", ": ", "---\n", "title: ", "date: ", "۱۴ اسفند ۱۴۰۲", "۳۲ اسفند ۱۴۰۲",
        "شهلا دانشفر", "خلیل کیوان: ", "س: ", "**علی:** ", "گفتگو با ", " و ", " - ", " / ",
        "نشریه ", "۹۳۷", "اشتراک گذاری", "؟", "!", "https://x.org", "\xa0", "\r\n", "\u200c",
    ]
)  # fmt: skip
_TEXTS = st.lists(_FRAGMENTS | st.text(max_size=20), max_size=40).map("".join) | st.text()


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_parse_and_clean_never_raise(text):
    article = parse(text)
    assert isinstance(article, ParsedArticle)
    assert article.needs_review == (article.published_on is None)
    for turn in article.turns:
        # A labelled turn starts at its label, an unlabelled one at its own text.
        opening = turn.speaker if turn.labelled else turn.text[:20]
        assert article.body[turn.start :].lstrip("*_").startswith(opening)
    assert clean(clean(text)) == clean(text)


def test_an_organisation_byline_with_commas_and_va_stays_one_author():
    text = (
        "بیانیه به مناسبت اول ماه مه\n۲۶ خرداد ۱۳۹۰\nوزارت تعاون، کار و رفاه اجتماعی\n\n"
        "کارگران و بازنشستگان امروز در برابر ساختمان وزارتخانه تجمع کردند و خواستار "
        "افزایش دستمزد شدند."
    )
    assert parse(text).authors == ["وزارت تعاون، کار و رفاه اجتماعی"]


def test_a_list_of_people_in_a_byline_is_still_split():
    text = (
        "گزارشی از تجمع بازنشستگان\nبهروز کاظمی و مریم رحیمی - ۲۶ خرداد ۱۳۹۰\n\n"
        "بازنشستگان امروز در برابر ساختمان سازمان تأمین اجتماعی تجمع کردند."
    )
    assert parse(text).authors == ["بهروز کاظمی", "مریم رحیمی"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("رادیو پژواک و شرکت سیمان آبادان", ["رادیو پژواک", "شرکت سیمان آبادان"]),
        ("نشريه سپيده و شركت مس تبريز", ["نشريه سپيده", "شركت مس تبريز"]),
        ("شرکت نساجی سنندج و خانه کارگر", ["شرکت نساجی سنندج", "خانه کارگر"]),
        ("شرکت کشت و صنعت نیشکر", ["شرکت کشت و صنعت نیشکر"]),
        ("سندیکای کارگران فلزکار و مکانیک", ["سندیکای کارگران فلزکار و مکانیک"]),
        (
            "کانون نویسندگان ایران و نشریه کار و زندگی",
            ["کانون نویسندگان ایران", "نشریه کار و زندگی"],
        ),
        (
            "نشریه مزد و معیشت و کانون نویسندگان ایران",
            ["نشریه مزد و معیشت", "کانون نویسندگان ایران"],
        ),
    ],
)
def test_two_organisations_in_a_byline_are_two_authors(byline, authors):
    # The 20,000-article benchmark created 51 organisations like «رادیو پژواک و نشریه سپیده».
    text = (
        f"گزارشی از تجمع بازنشستگان\n{byline} - ۲۶ خرداد ۱۳۹۰\n\n"
        "بازنشستگان امروز در برابر ساختمان سازمان تأمین اجتماعی تجمع کردند."
    )
    assert parse(text).authors == authors


def test_a_reported_saying_is_not_a_speaker():
    text = (
        "گزارش از کارخانه\n۲۶ خرداد ۱۳۹۰\n\n"
        "کارگران از چهار ماه حقوق معوقه می‌گویند.\n\n"
        "يك كارگر جوان گفت: ما دیگر صبر نمی‌کنیم.\n\n"
        "يك كارگر جوان گفت: فردا دوباره جمع می‌شویم."
    )
    article = parse(text)
    assert article.turns == []
    assert "يك كارگر جوان گفت" not in [c.name for c in article.candidates]


@pytest.mark.parametrize(
    "heading", ["بیانیه شماره 1", "بيانيه شماره ۲", "اطلاعیه شماره ۳", "فراخوان شماره 12"]
)
def test_a_numbered_statement_is_not_an_issue_of_a_publication(heading):
    text = (
        "اعتصاب در پالایشگاه ادامه دارد\n"
        f"{heading}\n\n"
        "کارگران پروژه‌ای پالایشگاه از امروز دست از کار کشیدند.\n\n"
        "ما خواهان افزایش دستمزد و امنیت شغلی هستیم.\n"
    )
    article = parse(text)
    assert (article.publication, article.publication_issue) == ("", "")
    assert article.title == "اعتصاب در پالایشگاه ادامه دارد"


def test_a_periodical_with_an_issue_number_is_still_read_as_one():
    article = parse("اعتصاب در پالایشگاه\nپیام کارگر شماره ۴۵\n\nمتن نوشته در این شماره.\n")
    assert (article.publication, article.publication_issue) == ("پیام کارگر", "۴۵")


def test_a_joint_statement_number_is_not_a_publication_either():
    text = "در حمایت از اعتصاب\nبیانیه مشترک شماره ۲\n\nما امضاکنندگان از اعتصاب حمایت می‌کنیم.\n"
    article = parse(text)
    assert (article.publication, article.publication_issue) == ("", "")


def test_a_date_found_only_in_the_first_paragraph_is_used_for_review():
    article = parse(
        "آغاز اعتصاب کارکنان نفت\n\n"
        "از نخستین ساعات صبح امروز، دوشنبه ۵ اردیبهشت ۱۴۰۱، کارگران دست از کار کشیدند."
    )
    assert article.published_on == date(2022, 4, 25)
    assert note(Code.DATE_FROM_BODY, date="دوشنبه ۵ اردیبهشت ۱۴۰۱") in article.warnings
    assert NO_DATE_FOUND not in article.warnings


def test_a_date_a_strike_began_on_does_not_date_the_text():
    # «از روز …»: since when, not when the text appeared.
    article = parse(
        "اعتصاب کارکنان نفت\n\n"
        "هزاران نفر از روز شنبه ۲۹ خرداد ۱۴۰۰ برای خواسته‌های خود دست از کار کشیده‌اند."
    )
    assert article.published_on is None
    assert NO_DATE_FOUND in article.warnings


def test_a_date_deep_in_the_body_does_not_date_the_text():
    article = parse(
        "گزارش اعتصاب\n\nکارگران امروز دست از کار کشیدند.\n\nآنان خواسته‌های خود را گفتند.\n\n"
        "سندیکا در ۱۲ دی ۱۴۰۲ نیز بیانیه‌ای داده بود."
    )
    assert article.published_on is None
    assert NO_DATE_FOUND in article.warnings


def test_the_lines_left_out_of_the_body_are_kept_in_the_reading():
    article = parse(
        "پرش به محتوا\nصفحه اول\nایران\nجهان\nویدیو\nاعتصاب در پالایشگاه\n۱۲ دی ۱۴۰۲\n\n"
        "کارگران دست از کار کشیدند.\n\nاشتراک‌گذاری\nکد خبر: 262686"
    )
    assert article.body == "کارگران دست از کار کشیدند."
    assert article.removed == [
        "پرش به محتوا",
        "صفحه اول",
        "ایران",
        "جهان",
        "ویدیو",
        "۱۲ دی ۱۴۰۲",
        "اشتراک‌گذاری",
        "کد خبر: 262686",
    ]
