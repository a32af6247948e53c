"""Who speaks in an interview: its labels, its unlabelled questions, and whom each turn is."""

import pytest

from archive.importer.dialogue import attribute_speakers, question_turns, speaker_label
from archive.importer.read import parse

# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "label"),
    [
        ("سوال ۱ -شغل شما چیست؟", "سوال"),
        ("جواب- در پالایشگاه کار می‌کنم.", "جواب"),
        ("سوال ۲: چند سال است؟", "سوال"),
        ("**محمود:** بله.", "محمود"),
    ],
)
def test_dash_and_numbered_question_labels(paragraph, label):
    assert speaker_label(paragraph)[0] == label


def test_a_dash_in_prose_is_no_label():
    assert speaker_label("سال گذشته - در همین روزها - کارگران جمع شدند.") is None


# --- unlabelled questions --------------------------------------------------------------------

QUESTIONS = [
    "مقدمه‌ای کوتاه درباره گفت‌وگو.",
    "آقای قربانی، از بازداشت‌ها چه می‌دانید؟",
    "چهار نفر از رانندگان را از خانه‌هایشان برده‌اند و خانواده‌ها هنوز بی‌خبرند.",
    "چرا درست پیش از روز کارگر؟",
    "چون هر سال در این روز کارگران صدایشان را بلندتر می‌کنند و حکومت می‌ترسد.",
    "و پس از آن هم جمع شدن را ادامه می‌دهند.",
]
STARTS = [sum(len(p) + 2 for p in QUESTIONS[:i]) for i in range(len(QUESTIONS))]


def test_unlabelled_questions_and_answers_become_turns_of_the_host_and_the_guest():
    turns = question_turns(QUESTIONS, STARTS, ["نیما فرهادی"], ["جلال قربانی"])
    assert [t.speaker for t in turns] == ["نیما فرهادی", "جلال قربانی"] * 2
    assert [t.position for t in turns] == [1, 2, 3, 4]
    assert turns[3].text == "\n\n".join(QUESTIONS[4:])
    assert turns[0].start == STARTS[1] and not turns[0].labelled


def test_an_unnamed_host_asks_as_the_question_label():
    turns = question_turns(QUESTIONS, STARTS, [], ["جلال قربانی"])
    assert [t.speaker for t in turns] == ["پرسش", "جلال قربانی"] * 2
    # Without one named host the questions cannot be given to anyone.
    assert attribute_speakers(turns, [], ["جلال قربانی"]).by_label is None


def test_questions_with_short_answers_or_one_question_are_no_conversation():
    one = QUESTIONS[:3]
    assert question_turns(one, STARTS[:3], [], ["جلال قربانی"]) == []
    rhetorical = [
        "آیا کارگران باید باز هم صبر کنند و چشم به وعده‌های تازه بدوزند؟",
        "نه.",
        "آیا دولت به وعده‌هایش عمل خواهد کرد، آن هم در این سال‌های سخت؟",
        "هرگز.",
    ]
    assert question_turns(rhetorical, [0, 1, 2, 3], [], []) == []


UNLABELLED = """بازداشت‌ها پیش از روز کارگر – گفت‌وگو با یک فعال سندیکای شرکت واحد

نیما فرهادی

جلال قربانی

در این باره با جلال قربانی، از فعالان سندیکای شرکت واحد، گفت‌وگو کرده‌ایم.

آقای قربانی، از بازداشت‌های این هفته چه می‌دانید؟

چهار نفر از رانندگان را از خانه‌هایشان برده‌اند و هنوز خانواده‌ها از جایشان بی‌خبرند.

به نظر شما چرا درست پیش از روز کارگر؟

چون هر سال در این روز کارگران صدایشان را بلندتر می‌کنند و حکومت می‌خواهد بترساند.
"""


def test_an_unlabelled_interview_is_read_with_its_host_from_a_name_line():
    article = parse(UNLABELLED)
    assert article.kind == "interview"
    assert (article.hosts, article.guests) == (["نیما فرهادی"], ["جلال قربانی"])
    assert [t.speaker for t in article.turns] == ["نیما فرهادی", "جلال قربانی"] * 2
    assert article.body[article.turns[0].start :].startswith("آقای قربانی")


def test_an_article_with_questions_gets_no_turns():
    text = (
        "دستمزد و تورم\n۱۲ دی ۱۴۰۲\n\n"
        "مزد امسال چقدر است؟\n\n"
        "شورای عالی کار مزد را کمتر از نیمی از هزینه یک خانوار تعیین کرده است و این فاصله "
        "هر سال بیشتر می‌شود.\n\n"
        "چه باید کرد؟\n\n"
        "کارگران جز تشکل مستقل و چانه‌زنی جمعی راهی ندارند و این را تجربه نشان داده است.\n"
    )
    article = parse(text)
    assert article.kind == "article"
    assert article.turns == []


def test_a_news_report_quoting_a_talk_with_a_news_agency_is_an_article():
    text = (
        "اعتراض کارگران پیمانکاری\n۱۲ دی ۱۴۰۲\n\n"
        "رامین اناری در گفت‌وگو با ایلنا گفت: طرح ساماندهی متوقف شده است.\n\n"
        "آیا دولت به وعده‌اش عمل می‌کند؟\n\n"
        "او افزود کارگران از انتظار بی‌پایان به ستوه آمده‌اند و تجمع را ادامه می‌دهند.\n\n"
        "چرا مجلس ساکت است؟\n\n"
        "به گفته اناری نمایندگان بارها قول داده‌اند اما هنوز هیچ طرحی به نتیجه نرسیده است.\n"
    )
    article = parse(text)
    assert article.kind == "article"
    assert article.turns == [] and article.guests == []


# --- labels resolve to the heading's names ---------------------------------------------------

SHORT_LABELS = """گفتگوی انجمن صنفی کارگران برق و فلزکار با محمود صالحی
۱۲ دی ۱۴۰۲

انجمن: از سال‌های کارتان در کارخانه بگویید.

محمود: بیست سال پشت دستگاه بودم و هر سال قرارداد کوتاه‌تر شد.

انجمن: امروز چه چیزی مانع ساختن تشکل است؟

محمود: ترس از اخراج، و اینکه کارگاه‌ها کوچک و پراکنده‌اند.
"""


def test_short_labels_stand_for_the_full_names_of_the_heading():
    article = parse(SHORT_LABELS)
    assert article.hosts == ["انجمن صنفی کارگران برق و فلزکار"]
    assert article.guests == ["محمود صالحی"]
    speakers = attribute_speakers(article.turns, article.hosts, article.guests)
    assert speakers.by_label == {
        "انجمن": "انجمن صنفی کارگران برق و فلزکار",
        "محمود": "محمود صالحی",
    }
    names = {c.name for c in article.candidates}
    assert "انجمن" not in names and "محمود" not in names
    assert "محمود صالحی" in names


def test_a_surname_label_is_the_full_name_of_the_guest():
    article = parse(
        "گفت‌وگو با فریبا رئیسی درباره مزد\nگفتگو از سیامک نوروزی\n۱۰ اردیبهشت ۱۳۹۷\n\n"
        "نوروزی: خانم رئیسی، مزد امسال با تورم چه فاصله‌ای دارد؟\n\n"
        "رئیسی: فاصله هر سال بیشتر شده است.\n\n"
        "نوروزی: راه بستن این فاصله چیست؟\n\n"
        "رئیسی: چانه‌زنی جمعی.\n"
    )
    assert (article.hosts, article.guests) == (["سیامک نوروزی"], ["فریبا رئیسی"])
    assert {c.name for c in article.candidates} == {"سیامک نوروزی", "فریبا رئیسی"}


def test_a_programme_host_label_is_a_role_not_a_person():
    article = parse(
        "گفت‌وگوی رادیویی درباره کارگران ماشین‌سازی : آرش و بهروز حسامی\n\n"
        "مجری: آرش، کارگران این خبر را چگونه شنیدند؟\n\n"
        "آرش: با خشم؛ بار پیش هم واگذاری جز مزدهای عقب‌افتاده چیزی نیاورد.\n\n"
        "مجری: آقای حسامی، راه پیش روی کارگران چیست؟\n\n"
        "بهروز حسامی: مجمع عمومی و نمایندگانی که خود کارگران برگزینند.\n"
    )
    assert article.guests == ["آرش", "بهروز حسامی"]
    assert "مجری" not in article.hosts + article.guests
    # One word is no one by itself: «آرش» is a guest, not a name to propose.
    assert {c.name for c in article.candidates} == {"بهروز حسامی"}


def test_a_two_word_label_is_the_guest_of_three_words_and_no_new_name():
    article = parse(
        "مصاحبه سایت اتحاد با جعفر عظیم زاده\n۱۲ دی ۱۳۹۳\n\n"
        "سایت اتحاد: ده سال از نخستین گام‌ها گذشت؛ جنبش به کجا رسیده است؟\n\n"
        "عظیم زاده: اجازه بدهید نخست از خود کارگران بگویم.\n\n"
        "سایت اتحاد: و خانه کارگر؟\n\n"
        "عظیم زاده: خانه کارگر همیشه در برابر تشکل مستقل ایستاده است.\n"
    )
    assert (article.hosts, article.guests) == (["سایت اتحاد"], ["جعفر عظیم زاده"])
    assert "عظیم زاده" not in {c.name for c in article.candidates}


def test_the_one_author_of_an_interview_is_its_host_when_no_one_else_is():
    article = parse(
        "گفت‌وگو با مینا سپهری درباره اعتصاب رانندگان\nنویسنده: سارا مهدوی\n۵ آبان ۱۳۹۹\n\n"
        "خانم سپهری، اعتصاب از کجا شروع شد؟\n\n"
        "از پایانه جنوب؛ رانندگان سه ماه حقوق نگرفته بودند و صبر همه تمام شده بود.\n\n"
        "خواسته اصلی چه بود؟\n\n"
        "پرداخت معوقات و قرارداد دائم برای همه رانندگان، بی هیچ استثنا.\n"
    )
    assert article.authors == ["سارا مهدوی"]
    assert (article.hosts, article.guests) == (["سارا مهدوی"], ["مینا سپهری"])
    assert [t.speaker for t in article.turns] == ["سارا مهدوی", "مینا سپهری"] * 2


def test_the_publication_labelling_the_questions_is_the_host():
    # No question mark tells who asks: the publication's name does.
    article = parse(
        "مزد و تورم در سال تازه\nنشریه پیام کارگر شماره ۴۵\n\n"
        "پیام کارگر: از فاصله مزد امسال با تورم بگویید.\n\n"
        "لیلا فرهمند: فاصله هر سال بیشتر شده است و مزد نیمی از هزینه‌ها را هم نمی‌پوشاند.\n\n"
        "پیام کارگر: و از راه بستن این فاصله.\n\n"
        "لیلا فرهمند: چانه‌زنی جمعی، و این بدون تشکل مستقل ممکن نیست.\n"
    )
    assert article.publication == "پیام کارگر"
    assert (article.hosts, article.guests) == (["پیام کارگر"], ["لیلا فرهمند"])


def test_an_interview_with_no_one_named_is_still_an_interview():
    article = parse(
        "گفتگوی اختصاصی با کارگران اعتصابی صنعت نفت\nنویسنده: روشنک امیری\n\n"
        "اعتصاب کارکنان پیمانی صنعت نفت به سومین هفته رسیده است و هزاران کارگر در بیش از "
        "هفتاد شرکت دست از کار کشیده‌اند.\n"
    )
    assert article.kind == "interview"
    assert article.turns == [] and article.guests == []
    assert article.hosts == ["روشنک امیری"]


def test_the_person_a_title_quotes_is_the_guest_of_an_interview():
    text = (
        "کامران یزدی: ناامنی کار از قراردادهای موقت می‌آید\n"
        "خط صلح در این شماره سراغ یک فعال کارگری و مترجم رفته است.\n"
        "او در این گفت‌وگو از ایمنی کارگاه‌ها سخن می‌گوید.\n\n"
        "**قانون کار تا چه اندازه ایمنی کارگاه را جدی می‌گیرد؟**\n\n"
        "در قانون کار چند ماده درباره حفاظت فنی آمده است، اما بازرسان اندک‌اند و "
        "کارگاه‌های کوچک اصلاً دیده نمی‌شوند.\n\n"
        "**آیا قراردادهای موقت در افزایش حادثه‌ها نقشی دارند؟**\n\n"
        "بی‌گمان. کارگر موقت از ترس اخراج به کار ناایمن تن می‌دهد و کسی پاسخگو نیست.\n"
    )
    article = parse(text)
    assert article.guests == ["کامران یزدی"]
    assert [t.speaker for t in article.turns] == ["پرسش", "کامران یزدی"] * 2
    # Without a word of an interview, a quote in the title is a news headline.
    news = parse(text.replace("در این گفت‌وگو", "امروز"))
    assert news.kind == "article" and news.guests == []


def test_an_announced_interview_names_its_guest_in_a_reported_saying():
    article = parse(
        "گفت‌وگو با کارگران هفت تپه درباره دستمزدها\n\n"
        "علی نیک‌نام، کارگر هفت تپه، در گفت‌وگو با سایت اتحاد می‌گوید کارگران صبر نمی‌کنند.\n\n"
        "چند ماه است که دستمزد نگرفته‌اید؟\n\n"
        "چهار ماه؛ و در این چهار ماه خانواده‌ها با قرض زندگی کرده‌اند و صبرشان تمام شده است.\n\n"
        "قدم بعدی چیست؟\n\n"
        "مجمع عمومی تصمیم می‌گیرد و همه کارگران به آن پایبند خواهند بود.\n"
    )
    assert (article.hosts, article.guests) == (["سایت اتحاد"], ["علی نیک‌نام"])
    assert [t.speaker for t in article.turns] == ["سایت اتحاد", "علی نیک‌نام"] * 2


def test_a_programmes_credits_are_no_turns_and_leave_the_header_whole():
    article = parse(
        "بفرمایید آزادی – اعتصاب‌های سراسری\n"
        "مجری: لادن فرجی\n"
        "۱۲ دی ۱۴۰۲\n\n"
        "میهمان: سهیل اعتمادی فعال سیاسی\n\n"
        "در این برنامه به اندازه و چگونگی اعتراض‌ها و احتمال اعتصاب سراسری می‌پردازیم.\n"
    )
    assert article.published_on is not None
    assert article.turns == []
    assert (article.hosts, article.guests) == (["لادن فرجی"], ["سهیل اعتمادی"])
