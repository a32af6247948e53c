"""Who signs a statement: the names at its end, read by archive.importer.signatures."""

from archive.importer.read import parse
from archive.importer.signatures import read_signatures, signature_names

BODY = "ما از اعتصاب رانندگان پشتیبانی می‌کنیم و آزادی همه بازداشت‌شدگان را می‌خواهیم."


def lines(*rows: str) -> list[str]:
    return list(rows)


def test_an_organisation_with_its_wing_in_brackets_above_the_date_and_a_slogan():
    signed = lines(BODY, "", "سازمان فدائیان (اقلیت)", "۱۳ خرداد ۱۳۹۶", "کار – نان – آزادی")
    assert read_signatures(signed) == ["سازمان فدائیان (اقلیت)"]


def test_a_lone_organisation_closing_the_text_signs_it_but_a_lone_phrase_does_not():
    assert read_signatures(lines(BODY, "", "اتحادیه آزاد کارگران ایران")) == [
        "اتحادیه آزاد کارگران ایران"
    ]
    assert read_signatures(lines(BODY, "", "زنده باد همبستگی")) == []


def test_a_signature_above_addresses_and_hashtags():
    signed = lines(BODY, "", "اتحادیه آزاد کارگران ایران", "http://t.me/example", "#روز_کارگر")
    assert read_signatures(signed) == ["اتحادیه آزاد کارگران ایران"]


def test_an_organisation_name_broken_over_two_lines_is_one_signature():
    signed = lines(BODY, "", "سندیکای کارگران شرکت واحد", "اتوبوسرانی تهران و حومه", "۸ بهمن ۱۳۸۸")
    assert read_signatures(signed) == ["سندیکای کارگران شرکت واحد اتوبوسرانی تهران و حومه"]


def test_many_signatories_numbered_quoted_and_introduced():
    numbered = lines(BODY, "1- سندیکای کارگران نیشکر", "2- کانون صنفی معلمان ایران (تهران)")
    composed = lines(
        BODY,
        "شورای همکاری تشکل‌ها و فعالین کارگری متشکل از:",
        '"کمیته هماهنگی برای ایجاد تشکل کارگری"',
        '"اتحاد کمیته های کارگری"',
        "9/1/1386",
    )
    assert read_signatures(numbered) == ["سندیکای کارگران نیشکر", "کانون صنفی معلمان ایران (تهران)"]
    assert read_signatures(composed) == [
        "شورای همکاری تشکل‌ها و فعالین کارگری",
        "کمیته هماهنگی برای ایجاد تشکل کارگری",
        "اتحاد کمیته های کارگری",
    ]


def test_signatures_around_a_date_and_an_email_and_a_comma_inside_a_name():
    signed = lines(
        BODY,
        "شورای همکاری تشکل ها و فعالین کارگری",
        "12/5/1386",
        "council@example.org",
        "انجمن فرهنگی ، حمایتی کارگران",
        "جمعی از فعالان کارگری",
    )
    assert read_signatures(signed) == [
        "شورای همکاری تشکل ها و فعالین کارگری",
        "انجمن فرهنگی ، حمایتی کارگران",
        "جمعی از فعالان کارگری",
    ]


def test_a_list_under_its_heading_is_not_signatures():
    signed = lines(
        BODY, "حزب سبزهای ایران", "۲۵ بهمن ۱۴۰۱", "نام تشکل‌ها:", "اتحادیه آزاد کارگران ایران"
    )
    assert read_signatures(signed) == ["حزب سبزهای ایران"]


def test_list_items_that_are_demands_do_not_sign():
    signed = lines(
        BODY,
        "- آزادی همه بازداشت‌شدگان",
        "- پرداخت مزدهای عقب‌افتاده",
        "حزب مردم ایران",
        "سازمان اتحاد کارگران",
        "۲۵ بهمن ۱۳۸۴",
    )
    assert read_signatures(signed) == ["حزب مردم ایران", "سازمان اتحاد کارگران"]


def test_a_letters_closing_formula_and_the_name_under_it():
    signed = lines(BODY, "با مهر واحترام", "داوود سلیمانی", "", BODY)
    assert read_signatures(signed) == ["داوود سلیمانی"]


def test_a_lone_word_or_a_sentence_is_no_signature():
    assert signature_names("بهار") == []
    assert signature_names("ما خواهان آزادی همه هستیم.") == []


def test_a_subtitle_under_the_title_is_not_an_author_but_a_name_with_a_date_is():
    subtitle = parse(
        f"بیانیه شماره ۱ شورای برگزاری مراسم\nسال همبستگی و سازمان‌یابی کارگری\n\n{BODY}"
    )
    byline = parse(f"اعتصاب رانندگان، نبض شهر\n\nکمیته اجرایی اتحاد کارگری\nهفتم بهمن ۸۴\n\n{BODY}")
    person = parse(f"نماینده رانندگان در نشست جهانی کار\n\nبهروز سلیمانی\n\n{BODY}")
    assert subtitle.authors == []
    assert byline.authors == ["کمیته اجرایی اتحاد کارگری"]
    assert person.authors == ["بهروز سلیمانی"]


def test_a_persons_name_closing_an_essay_signs_it_but_not_after_a_short_line():
    essay = (
        "آنچه بسیاری را به پرسش واداشت پیدایش ناگهانی این نهاد و جا به جایی اعضای آن به آلمان بود."
    )
    assert read_signatures(lines(essay, "", "مهرداد ستوده")) == ["مهرداد ستوده"]
    assert read_signatures(lines("درباره نویسنده", "", "مهرداد ستوده")) == []


def test_groups_of_people_sign_as_one():
    signed = lines(
        BODY,
        "من میام، تو هم بیا",
        "گروه بازنشستگان پایتخت و سراسر کشور",
        "بازنشستگان سندیکای بافندگان سوزنی",
        "۹ بهمن ۱۳۹۹",
    )
    assert read_signatures(signed) == [
        "گروه بازنشستگان پایتخت و سراسر کشور",
        "بازنشستگان سندیکای بافندگان سوزنی",
    ]


def test_a_slogan_above_a_date_is_no_signature():
    signed = lines(
        BODY, "فقط کف خیابون بدست میاد حقمون", "معیشت منزلت حق مسلم ماست", "۱۸ فروردین ۱۴۰۰"
    )
    assert read_signatures(signed) == []


def test_a_name_beside_its_closing_date_signs():
    signed = lines(BODY, "", "عاطفه اقبال - 20 سپتامبر 2017", "هیچ نظری موجود نیست:")
    assert read_signatures(signed) == ["عاطفه اقبال"]
    assert read_signatures(lines(BODY, "", "تهران، ۱۴ اسفند ۱۴۰۲")) == []


def test_a_short_name_in_the_byline_and_the_full_name_signing_are_one_signatory():
    article = parse(
        "بیانیه درباره مزد رانندگان\n\nسندیکای رانندگان واحد   ۹ بهمن ۱۳۸۸\n\n"
        f"{BODY}\n\nسندیکای رانندگان شرکت واحد اتوبوسرانی تهران\n۸ بهمن ۱۳۸۸"
    )
    assert article.signatures == ["سندیکای رانندگان شرکت واحد اتوبوسرانی تهران"]
    assert article.authors == []
    assert [c.name for c in article.candidates] == ["سندیکای رانندگان شرکت واحد اتوبوسرانی تهران"]
