"""Who talks with whom: hosts and guests from an interview's heading and introduction."""

import pytest

from archive.importer.parties import (
    Parties,
    clean_name,
    header_parties,
    intro_parties,
    reported_parties,
)

# --- headings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "hosts", "guests"),
    [
        ("مصاحبه سایت اتحاد با جعفر عظیم زاده", ["سایت اتحاد"], ["جعفر عظیم زاده"]),
        ("گفت‌وگو با فریبا رئیسی درباره مزد و تورم", [], ["فریبا رئیسی"]),
        ("گفت و گوی هومن پارسا با کیان مهرابی", ["هومن پارسا"], ["کیان مهرابی"]),
        ("گفتگوي با آقاي محسن حکيمي در باره وضعيت کارگران", [], ["محسن حکيمي"]),
        # «نشریه» is the generic word; the role after the guest's name is no part of it.
        (
            "گفت‌وگوی نشریه‌ی پیام فلزکار با جواد مهرپرور عضو پیشین هیات مدیره سندیکا",
            ["پیام فلزکار"],
            ["جواد مهرپرور"],
        ),
        ("مصاحبهٔ ویژه نشریهٔ «ایران امروز» با سخنگوی سندیکای فلزکار", ["ایران امروز"], []),
        # A surname that is also a word for a role stays: «کارگر».
        ("مصاحبه با یوسف کارگر به مناسبت اول ماه مه", [], ["یوسف کارگر"]),
        # An organisation asking keeps the whole of its name.
        (
            "گفتگوی انجمن صنفی کارگران برق و فلزکار با محمود صالحی",
            ["انجمن صنفی کارگران برق و فلزکار"],
            ["محمود صالحی"],
        ),
    ],
)
def test_a_heading_names_the_host_and_the_guest(heading, hosts, guests):
    assert header_parties(heading) == Parties(hosts, guests, announced=True)


def test_a_round_table_has_several_guests():
    found = header_parties("دستمزدها و اعتراضات، میزگرد ایسکرا با نادر کوهی و سیروس امینی")
    assert (found.hosts, found.guests) == (["ایسکرا"], ["نادر کوهی", "سیروس امینی"])
    found = header_parties(
        "گفتگوی رادیو پیام با بهار سلیمی (کمیته هماهنگی) ،امید رستمی (فعال کارگری) و "
        "ژیلا کرمانی (اتحاد بین‌المللی) درباره تشکل‌یابی"
    )
    assert found.hosts == ["رادیو پیام"]
    assert found.guests == ["بهار سلیمی", "امید رستمی", "ژیلا کرمانی"]
    found = header_parties("میزگرد با حضور ناصر یزدانی و شیرین کاویانی")
    assert found.guests == ["ناصر یزدانی", "شیرین کاویانی"]


def test_a_person_interviewed_by_a_publication_is_the_guest():
    found = header_parties("مصاحبه رضا شهابی با نشریه دانشجویی «حیات نو»")
    assert (found.hosts, found.guests) == (["حیات نو"], ["رضا شهابی"])


def test_guests_after_a_colon_in_a_heading():
    found = header_parties("گفت‌وگوی رادیویی درباره کارگران ماشین‌سازی : آرش و بهروز حسامی")
    assert (found.hosts, found.guests) == ([], ["آرش", "بهروز حسامی"])


@pytest.mark.parametrize(
    "heading",
    [
        "گفت‌وگو با یک فعال سندیکای شرکت واحد",
        "گفتگوی اختصاصی با کارگران اعتصابی صنعت نفت",
        "گفت‌وگو با سخنگوی شورای بازنشستگان",
    ],
)
def test_a_heading_that_names_no_one_still_announces_an_interview(heading):
    assert header_parties(heading) == Parties([], [], announced=True)


@pytest.mark.parametrize(
    "line",
    [
        "در گفتگو با شبکه خبری ایران ۲۴ مطرح شد؛",
        "ناصر احسانی‌پور در گفتگو با رادیو ندا گفت: کارگران به خیابان می‌آیند",
        "در این ویژه‌نامه گفت‌وگوهایی با چند اقتصاددان خواهید خواند",
        "شنبه ۲۴ آذر ۱۴۰۳ تماس آشنایی مقاله گفت‌وگو صفحه‌ی نخست",
        # «در گفت‌وگو با X» over a news report: X was asked, the text reports it.
        "در گفت‌وگو با بهرام نیکو عنوان شد؛",
    ],
)
def test_a_news_report_or_a_menu_is_no_interview_heading(line):
    assert header_parties(line) is None


def test_clean_name_drops_titles_descriptions_and_generic_words():
    assert clean_name("آقای عزیز پاکنژاد عضو شورای ملی") == "عزیز پاکنژاد"
    assert clean_name("سهیل اعتمادی فعال سیاسی") == "سهیل اعتمادی"
    assert clean_name("سروش (کمیته عمل)") == "سروش"
    assert clean_name("جعفر عظیم زاده!") == "جعفر عظیم زاده"
    assert clean_name("یک فعال کارگری") == ""
    assert clean_name("کارگران هفت تپه") == ""
    assert clean_name("کنشگر کارگری") == ""


def test_descriptions_beside_a_guest_are_no_guests():
    found = header_parties("گفتگو با علی نیک‌نام، کنشگر کارگری، و همکارانش درباره اعتصاب")
    assert found.guests == ["علی نیک‌نام"]


# --- introductions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "hosts", "guests"),
    [
        (
            "در این باره با جلال قربانی، از فعالان سندیکای شرکت واحد، گفت‌وگو کرده‌ایم.",
            [],
            ["جلال قربانی"],
        ),
        ("با رحیم ملک‌زاده، چهره آشنای جنبش کارگری، گفت‌وگو می‌کنیم.", [], ["رحیم ملک‌زاده"]),
        ("میهمان: سهیل اعتمادی فعال سیاسی", [], ["سهیل اعتمادی"]),
        ("مجری: لادن فرجی", ["لادن فرجی"], []),
        (
            "خط صلح در این شماره به سراغ کامران یزدی، فعال کارگری و مترجم، رفته است.",
            [],
            ["کامران یزدی"],
        ),
        (
            "نسرین رهنما در برنامه هفتگی در گفت‌وگویی ویژه با فرخ آشتیانی از فعالان کارگری، "
            "به قراردادهای موقت پرداخت.",
            ["نسرین رهنما"],
            ["فرخ آشتیانی"],
        ),
        (
            "گفتگوی رادیو پیام کانادا با سیاوش کاوه درباره اعتراض‌های کارگری ماه گذشته.",
            ["رادیو پیام کانادا"],
            ["سیاوش کاوه"],
        ),
        (
            "در برنامه ویژه روز کارگر با یک فعال کارگری آشنا می‌شویم\n"
            "نسرین رهنما در برنامه هفتگی در گفت‌وگویی ویژه با فرخ آشتیانی به مزد پرداخت.",
            ["نسرین رهنما"],
            ["فرخ آشتیانی"],
        ),
        (
            "در تریبون کارگری، علی دماوندی با ایوب رحمانی، علیرضا نوایی و ستار رحمانی، "
            "سلسله گفتگوهایی درباره تشکل مستقل خواهد داشت.",
            ["علی دماوندی"],
            ["ایوب رحمانی", "علیرضا نوایی", "ستار رحمانی"],
        ),
    ],
)
def test_an_introduction_names_the_guest(paragraph, hosts, guests):
    assert intro_parties(paragraph) == Parties(hosts, guests)


@pytest.mark.parametrize(
    "paragraph",
    [
        "شرکت نیروگستر جنوب نیز امشب در برنامهٔ «گفتگوی هفته» با اجرای زینب سپهری به "
        "رویدادهای روز جهانی کارگر می‌پردازد.",
        "گفت‌وگوی هفته با میزبانی فرخ آشتیانی از رادیو پخش می‌شود.",
    ],
)
def test_the_presenter_of_a_programme_is_no_guest(paragraph):
    # The 20,000-article benchmark proposed 264 guests like «اجرای زینب سپهری».
    parties = intro_parties(paragraph)
    assert parties is None or parties.guests == []


def test_a_reported_saying_in_an_introduction_names_no_guest():
    assert intro_parties("رامین اناری در گفت‌وگو با ایلنا ادامه می‌دهد: طرح متوقف شد.") is None
    assert intro_parties("او در گفتگو با خبرنگار ما از اخراج همکارانش خبر داد.") is None


@pytest.mark.parametrize(
    ("sentence", "hosts", "guests"),
    [
        (
            "علی نیک‌نام، کارگر هفت تپه، در گفت‌وگو با سایت اتحاد می‌گوید: ما صبر نمی‌کنیم.",
            ["سایت اتحاد"],
            ["علی نیک‌نام"],
        ),
        ("رامین اناری در گفتگو با ایلنا گفت: طرح متوقف شد.", ["ایلنا"], ["رامین اناری"]),
        ("مینا سپهری در گفت‌وگو با ما گفت که اعتصاب ادامه دارد.", [], ["مینا سپهری"]),
        ("کارگران در گفت‌وگو با خبرنگاران گفتند که صبر نمی‌کنند.", [], []),
    ],
)
def test_a_reported_saying_names_who_was_asked_and_by_whom(sentence, hosts, guests):
    assert reported_parties(["مقدمه‌ای کوتاه.", sentence]) == Parties(hosts, guests)
