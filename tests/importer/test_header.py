"""Header reading on layouts of real pages: what sits above a title, what shares its line."""

from datetime import date

from archive.importer.read import parse

BODY = "کارگران امروز در برابر فرمانداری گرد آمدند و خواستار پرداخت مزدهای عقب‌افتاده شدند."


def test_a_masthead_above_the_site_address_is_the_publication_not_the_title():
    article = parse(f"افق نو\nwww.example.org\n\nنگاهی به روزگار کارگران\n\n{BODY}")
    assert article.title == "نگاهی به روزگار کارگران"
    assert article.publication == "افق نو"
    assert article.authors == []


def test_a_one_word_site_name_and_its_section_above_the_title():
    article = parse(f"ایلنا\nبخش عکس\nکارگران سر پا مانده‌اند\n۲۱ آذر ۱۳۹۴ - ۱۰:۳۲\n\n{BODY}")
    assert article.title == "کارگران سر پا مانده‌اند"
    assert article.publication == "ایلنا"
    assert article.authors == []
    assert "بخش عکس" not in article.body


def test_a_channel_name_and_an_invocation_are_not_the_title():
    article = parse(
        "کانال شورای هماهنگی تشکل‌های صنفی فرهنگیان\n\nبه نام خداوند جان و خرد\n\n"
        f"🔹 #بیانیه_کانون_صنفی_معلمان درباره بازداشت همکاران\n\n{BODY}"
    )
    assert article.title == "بیانیه کانون صنفی معلمان درباره بازداشت همکاران"


def test_a_category_of_two_nouns_above_the_title_is_not_an_author():
    article = parse(f"کارگران و زحمتکشان\nپیکار با قراردادهای موقت\n\n{BODY}")
    assert article.title == "پیکار با قراردادهای موقت"
    assert article.authors == []


def test_a_lead_in_with_a_colon_names_who_writes():
    article = parse(f"جمعی از کارگران خودروسازی:\n\nپشتیبانی از رانندگان شرکت واحد\n\n{BODY}")
    assert article.title == "پشتیبانی از رانندگان شرکت واحد"
    assert article.authors == ["جمعی از کارگران خودروسازی"]


def test_a_statement_heading_ending_in_a_colon_is_not_its_author():
    article = parse(f"بیانیه شورای کارگران پیمانی:\nما اعتراض خود را آغاز می‌کنیم!\n\n{BODY}")
    assert article.title == "ما اعتراض خود را آغاز می‌کنیم!"
    assert article.authors == []


def test_a_repost_line_above_the_title_names_the_publication():
    article = parse(f"به نقل از سایت‌های خبری،\nبیانیه شماره ۱ شورای برگزاری مراسم\n\n{BODY}")
    assert article.title == "بیانیه شماره ۱ شورای برگزاری مراسم"
    assert article.publication == "سایت‌های خبری"
    assert article.authors == []


def test_a_byline_after_a_slash_or_a_dash_leaves_the_title():
    slash = parse(f"ناامنی کار از قراردادهای موقت می‌آید/ مهسا نوری\n\n{BODY}")
    dash = parse(f"سیاست را با سیاست پاسخ دهید! – کاوه دانشمند\n\n{BODY}")
    assert (slash.title, slash.authors) == ("ناامنی کار از قراردادهای موقت می‌آید", ["مهسا نوری"])
    assert (dash.title, dash.authors) == ("سیاست را با سیاست پاسخ دهید!", ["کاوه دانشمند"])


def test_a_short_title_with_a_dash_keeps_its_second_half():
    article = parse(f"بفرمایید آزادی – اعتصاب‌های سراسری\n\n{BODY}")
    assert article.title == "بفرمایید آزادی – اعتصاب‌های سراسری"
    assert article.authors == []


def test_an_outlet_in_front_of_the_title_is_the_publication():
    article = parse(f"رادیو ندا : عزم کارگران برای برگزاری روز کارگر\n\n{BODY}")
    assert article.title == "عزم کارگران برای برگزاری روز کارگر"
    assert article.publication == "رادیو ندا"


def test_a_person_in_front_of_a_quote_title_stays_in_the_title():
    article = parse(f"کامران یزدی: ناامنی کار از قراردادهای موقت می‌آید\n\n{BODY}")
    assert article.title == "کامران یزدی: ناامنی کار از قراردادهای موقت می‌آید"
    assert article.publication == ""


def test_a_quote_title_before_an_interview_header_names_the_interviewing_journal():
    article = parse(
        f"“سندیکا برای کارگر واجب است” گفت‌وگوی نشریه‌ی پیام فلزکار با جواد مهرپرور\n\n{BODY}"
    )
    assert article.title == "“سندیکا برای کارگر واجب است”"
    assert article.publication == "پیام فلزکار"


def test_a_title_broken_after_an_open_word_goes_on_on_the_next_line():
    article = parse(f"قرار در مورد\nدگرگونی‌ها در یک حزب همسو\n\n{BODY}")
    assert article.title == "قرار در مورد دگرگونی‌ها در یک حزب همسو"


def test_a_kind_line_above_a_slogan_title_in_two_lines():
    article = parse(
        "اعلامیه مشترک چهار حزب و سازمان سیاسی\n"
        "در گردهمایی‌های همبستگی با کارگران ایران\nفعالانه شرکت کنیم!\n\n" + BODY
    )
    assert article.title == "در گردهمایی‌های همبستگی با کارگران ایران فعالانه شرکت کنیم!"


def test_a_teaser_cut_short_gives_way_to_the_full_title_below():
    full = "شورای کارگران نفت: فراخوان ما پیوستن به روزهای اعتراض و آماده شدن برای اعتصاب است"
    article = parse(f"شورای کارگران نفت: فراخوان ما پیوستن به روزهای اعتراض…\n\n{full}.\n\n{BODY}")
    assert article.title == full


def test_an_emoji_before_the_title_goes_but_exclamation_marks_stay():
    emoji = parse(f"⏯ کارگران نیشکر نمونه روشن همبستگی‌اند\n\n{BODY}")
    marks = parse(f"!!!کارگران، مردم آزادی‌خواه\n\n{BODY}")
    assert emoji.title == "کارگران نیشکر نمونه روشن همبستگی‌اند"
    assert marks.title == "!!!کارگران، مردم آزادی‌خواه"


def test_a_bare_name_above_a_title_across_a_blank_line_is_the_author():
    article = parse(f"پروین دانشیار\n\nسال ۸۴ سالی پرتکاپو برای جنبش کارگری\n\n{BODY}")
    assert article.title == "سال ۸۴ سالی پرتکاپو برای جنبش کارگری"
    assert article.authors == ["پروین دانشیار"]


def test_a_title_with_a_comma_above_a_signature_is_no_byline():
    article = parse(
        f"اعتصاب رانندگان، نبض شهر\n\nکمیته اجرایی اتحاد کارگری\nهفتم بهمن ۸۴\n\n{BODY}"
    )
    assert article.title == "اعتصاب رانندگان، نبض شهر"
    assert article.published_on == date(2006, 1, 27)


def test_publication_issue_and_date_on_one_line_above_the_title():
    article = parse(
        f"شهروند ۱۱۹۶ ـ ۲۵ سپتامبر ۲۰۰۸\n\nپیام سندیکا به مناسبت آغاز سال تحصیلی\n\n{BODY}"
    )
    assert article.title == "پیام سندیکا به مناسبت آغاز سال تحصیلی"
    assert (article.publication, article.publication_issue) == ("شهروند", "۱۱۹۶")
    assert article.published_on == date(2008, 9, 25)


def test_a_title_with_its_own_date_dates_the_text():
    article = parse(f"اخبار کارگری امروز دوشنبه ۷ مهرماه ۱۳۹۹ تهیه و اجرا از؛ بهمن فتاحی\n\n{BODY}")
    assert article.title == "اخبار کارگری امروز دوشنبه ۷ مهرماه ۱۳۹۹"
    assert article.authors == ["بهمن فتاحی"]
    assert article.published_on == date(2020, 9, 28)


def test_several_names_joined_by_dashes_beside_the_date():
    article = parse(
        "مسئله همکاری در جنبش کارگری\n\n"
        "نسیم آذری- بهار - کیان رستمی    دوشنبه ۷ شهریور ماه ۱۳۹۰\n\n" + BODY
    )
    assert article.authors == ["نسیم آذری", "بهار", "کیان رستمی"]
    assert article.published_on == date(2011, 8, 29)


def test_a_blogs_posting_line_gives_author_and_date_and_leaves_the_body():
    line = "نوشته شده در دوشنبه ۲۶ مهر ۱۳۹۵ساعت 10:20 توسط حمیدرضا نیک‌پور | نظر بدهید"
    article = parse(f"مجمع عمومی کانون‌های معلمان\n\n{BODY}\n\n{line}")
    assert article.authors == ["حمیدرضا نیک‌پور"]
    assert article.published_on == date(2016, 10, 17)
    assert "نوشته شده" not in article.body


def test_a_wordpress_posting_line_dates_the_text():
    line = "این نوشته در نوامبر 16, 2010 در مقالات ارسال شده است."
    article = parse(f"سالی پرتکاپو برای جنبش کارگری\n\n{BODY}\n\n{line}")
    assert article.published_on == date(2010, 11, 16)
    assert article.body == BODY


def test_a_closing_byline_names_the_author():
    article = parse(f"کانون‌های صنفی و ماده‌ای که اجرا نشد\n\n{BODY}\n\nنویسنده: سروه مرادی")
    assert article.authors == ["سروه مرادی"]
    assert article.body == BODY


def test_a_reposts_closing_line_gives_publication_issue_and_date_never_an_author():
    closing = "برگرفته از «نامه مردم»، شماره ۱۰۵۳، ۲۱ خرداد ۱۳۹۷"
    article = parse(f"پیکار با قراردادهای موقت\n\n{BODY}\n\n{closing}")
    assert (article.publication, article.publication_issue) == ("نامه مردم", "۱۰۵۳")
    assert article.published_on == date(2018, 6, 11)
    assert article.authors == [] and article.signatures == []
    assert article.body == BODY


def test_a_source_line_at_the_end_is_the_publication():
    article = parse(f"آغاز اعتصاب کارکنان نفت\n\n{BODY}\n\n** منبع: کیهان لندن\n\n#صنعت_نفت")
    assert article.publication == "کیهان لندن"
    assert article.authors == [] and article.signatures == []


def test_a_sites_name_beside_its_home_page_is_the_publication_and_leaves_the_body():
    article = parse(f"روز جهانی کارگر را گرامی بداریم\n\nاخبار روز: www.akhbar-rooz.com\n\n{BODY}")
    assert article.publication == "اخبار روز"
    assert article.source_url == ""
    assert "akhbar-rooz" not in article.body


def test_the_outlet_opening_the_first_paragraph_is_the_publication():
    reported = parse(f"شناخت بدیل‌ها در سازمان‌یابی\n\nبه گزارش داوطلب: {BODY}")
    piped = parse(f"نگرانی از دیر آغاز شدن گفت‌وگوهای مزدی\n\nکارگر آنلاین | {BODY}")
    assert reported.publication == "داوطلب"
    assert piped.publication == "کارگر آنلاین"
    assert reported.authors == piped.authors == []


def test_an_outlet_and_its_reporter_leading_into_the_report():
    article = parse(f"نشست شورای مرکزی کانون‌های معلمان\n\nحقوق معلم - کیومرث بابایی:\n{BODY}")
    assert article.publication == "حقوق معلم"
    assert article.authors == ["کیومرث بابایی"]


def test_a_long_source_name_at_the_end_is_the_publication():
    article = parse(
        f"بیانیه ۲۴ تشکل\n\n{BODY}\n\nمنبع: کمیته هماهنگی برای کمک به ایجاد تشکل‌های کارگری"
    )
    assert article.publication == "کمیته هماهنگی برای کمک به ایجاد تشکل‌های کارگری"
    assert article.authors == []


def test_a_sites_name_and_tagline_above_the_title_are_the_masthead():
    article = parse(f"تریبون زمانه\nصدای کارگران\n\nروز کارگر، روز نمایش همبستگی ما است\n\n{BODY}")
    assert article.title == "روز کارگر، روز نمایش همبستگی ما است"
    assert article.publication == "تریبون زمانه"
    assert article.authors == []
    assert "صدای کارگران" not in article.body


def test_an_organisation_heading_the_page_is_its_publisher_a_person_its_author():
    party = parse(f"حزب کمونیست ایران\n\nادامه اعتصاب کارگران نیشکر\n\n{BODY}")
    person = parse(f"پروین دانشیار\n\nادامه اعتصاب کارگران نیشکر\n\n{BODY}")
    assert (party.publication, party.authors) == ("حزب کمونیست ایران", [])
    assert (person.publication, person.authors) == ("", ["پروین دانشیار"])


def test_the_name_a_sites_menu_stands_under_is_the_publication():
    article = parse(
        "پیکار اندیشه\nصفحه اصلی\nمقالات\n\nوقتی نمایندگان ما در بند هستند، خبر را برسانیم\n"
        f"شورای هماهنگی تشکل‌های صنفی فرهنگیان\n\n{BODY}"
    )
    assert article.publication == "پیکار اندیشه"
    assert article.authors == ["شورای هماهنگی تشکل‌های صنفی فرهنگیان"]


def test_a_news_outlet_with_a_section_above_a_question_title():
    article = parse(f"ایلنا\nبخش کارگری\n\nتجمع بازنشستگان/ چرا برای مطالبات پول نیست؟\n\n{BODY}")
    assert article.title == "تجمع بازنشستگان/ چرا برای مطالبات پول نیست؟"
    assert (article.publication, article.authors) == ("ایلنا", [])


def test_an_image_file_name_before_the_title_is_neither_title_nor_date():
    article = parse(f"photo_2019-04-27_10-15-02 بیانیه به مناسبت روز جهانی کارگر\n\n{BODY}")
    assert article.title == "بیانیه به مناسبت روز جهانی کارگر"
    assert article.published_on is None


def test_a_reporter_opening_the_lead_is_the_author_and_the_name_above_the_site():
    article = parse(f"کیهان لندن\n\nگفتگو با کارگران اعتصابی نفت\n\nماهرخ آسترکی – {BODY}")
    assert article.authors == ["ماهرخ آسترکی"]
    assert article.publication == "کیهان لندن"


def test_a_city_opening_the_lead_is_no_author():
    article = parse(f"اعتصاب کارگران نفت ادامه دارد\n\nتهران – {BODY}")
    assert article.authors == []


def test_published_by_a_channel_names_the_source():
    article = parse(
        f"اعتصاب کارگران نیشکر پایان نیافته است\n\n{BODY}\n\nانتشار توسط کانال مستقل کارگران"
    )
    assert article.publication == "کانال مستقل کارگران"
    assert article.authors == [] and article.signatures == []


def test_a_site_clock_above_the_title_gives_way_to_the_date_under_it():
    article = parse(
        f"یکشنبه ۳۰ دی ۱۴۰۳ تهران ۰۲:۲۹\n\nاعتصاب رانندگان ادامه دارد\n۲۸ دی ۱۴۰۳\n\n{BODY}"
    )
    assert article.title == "اعتصاب رانندگان ادامه دارد"
    assert article.published_on == date(2025, 1, 17)
    assert "۰۲:۲۹" not in article.body


def test_a_site_clock_alone_dates_nothing_but_a_dated_time_under_the_title_does():
    clock = parse(f"یکشنبه ۳۰ دی ۱۴۰۳ تهران ۰۲:۲۹\n\nاعتصاب رانندگان ادامه دارد\n\n{BODY}")
    news = parse(f"کارگران سر پا مانده‌اند\n۲۱ آذر ۱۳۹۴ - ۱۰:۳۲\n\n{BODY}")
    assert clock.published_on is None
    assert news.published_on == date(2015, 12, 12)


def test_an_interview_header_names_the_site_that_asked():
    article = parse(f"مصاحبه سایت اتحاد با جعفر عظیم زاده\n\n{BODY}")
    assert article.publication == "اتحاد"


def test_a_category_set_apart_above_the_title_is_no_publication():
    article = parse(f"کارگران و زحمتکشان\n\nپیکار با قراردادهای موقت\n\n{BODY}")
    assert (article.title, article.publication, article.authors) == (
        "پیکار با قراردادهای موقت",
        "",
        [],
    )


def test_a_named_reporter_beats_a_bare_name_under_the_title():
    article = parse(
        "گزارش نشست\nشورای مرکزی کانون‌های صنفی معلمان\n(۳۱ شهریور ۱۳۹۲ - تهران)\n"
        f"حقوق معلم - کیومرث بابایی:\n{BODY}"
    )
    assert article.authors == ["کیومرث بابایی"]
    assert article.publication == "حقوق معلم"


def test_a_letters_addressee_and_greeting_are_not_its_title_or_author():
    article = parse(
        "بسم الله الرحمن الرحیم\nرئیس محترم جمهور\nجناب آقای رئیس‌جمهور\nبا سلام،\n"
        "همان‌گونه که آگاهید افزایش حقوق کارگران امسال فاصله زیادی با سبد معیشت دارد و زندگی "
        "میلیون‌ها خانواده کارگری را دشوارتر کرده است.\nسپاسگزاریم."
    )
    assert article.title == ""
    assert article.authors == []


def test_the_source_a_report_names_in_its_opening_lines_is_the_publication():
    website = parse(
        f"زحمتکشان\n\nنامه کارگران به وزیر کار\n\n{BODY}\n\n"
        "به گزارش تارنمای اتحادیه آزاد کارگران ایران، نامه به دبیرخانه سپرده شد."
    )
    wrote = parse(f"نامه ده هزار کارگر به وزیر کار\n\nایلنا نوشت: {BODY}")
    assert (website.title, website.publication) == (
        "نامه کارگران به وزیر کار",
        "اتحادیه آزاد کارگران ایران",
    )
    assert wrote.publication == "ایلنا"


def test_the_title_given_again_in_other_words_leaves_the_body():
    article = parse(
        "فراخوان تجمع بازنشستگان در تهران، اصفهان و تبریز\n\n68\n"
        "فراخوان به تجمع بازنشستگان در تهران، اصفهان و تبریز\n\n" + BODY
    )
    assert article.body == BODY


def test_a_name_with_its_email_heading_an_untitled_text_is_its_author():
    article = parse(f"بهرام رحمانی\nbahram@example.org\n{BODY} {BODY}")
    assert (article.title, article.authors) == ("", ["بهرام رحمانی"])


def test_a_letters_addressee_with_a_title_is_no_title():
    article = parse(f"خانم شارون بارو رئیس محترم کنفدراسیون اتحادیه‌های کارگری\n\n{BODY} {BODY}")
    assert article.title == ""


def test_a_reporter_opening_the_lead_with_a_hyphen_or_a_minus_sign():
    hyphen = parse(f"کارگران نویسنده: مجمع داستان‌نویسان\n\nمحمد حسن مشیری - {BODY}")
    minus = parse(f"آلومرول – گزارش از حال کارگران در اراک\n\nبامداد آرمان − {BODY}")
    assert hyphen.authors == ["محمد حسن مشیری"]
    assert minus.authors == ["بامداد آرمان"]
    assert minus.title == "آلومرول – گزارش از حال کارگران در اراک"


def test_a_sites_name_and_slogan_above_the_title_then_the_author():
    article = parse(
        "اتحاد فدائیان کمونیست\nکار ، مسکن ، آزادی ، جمهوری فدراتیو شورائی!\n\n"
        f"وضعیت اقتصادی طبقه کارگر در ایران\n\nحمید پویا\n\n{BODY} {BODY}"
    )
    assert article.title == "وضعیت اقتصادی طبقه کارگر در ایران"
    assert article.publication == "اتحاد فدائیان کمونیست"
    assert article.authors == ["حمید پویا"]


def test_a_translator_with_a_date_closing_the_text_and_a_book_as_source():
    article = parse(
        f"قطعنامه بین‌الملل دوم\n\n{BODY}\n\n"
        "منبع: آلکساندر تراختنبرگ، «تاریخ اول ماه مه»، 1932.\n\nمترجم: مراد شیرین، 27 دسامبر 2003."
    )
    assert article.authors == ["مراد شیرین"]
    assert article.publication == "تاریخ اول ماه مه"
    assert article.published_on == date(2003, 12, 27)


def test_a_channel_post_whose_first_sentence_ends_in_hashtags_keeps_its_title():
    article = parse(
        "تجمع بازنشستگان فولاد\n\n"
        "بازنشستگان امروز در برابر استانداری تجمع کردند (https://example.org/r/2). #بازنشستگان"
        "\n\nرانندگان هم به آنها پیوستند. https://example.org/r/3"
    )
    assert article.title == "تجمع بازنشستگان فولاد"
    assert article.authors == []
    assert article.body.startswith("بازنشستگان امروز")


def test_a_one_word_heading_above_a_sentence_is_the_title_not_a_masthead():
    article = parse("بیانیه\n\nمتن بیانیهٔ کارگران.")
    assert article.title == "بیانیه"
    assert article.publication == ""
    assert article.body == "متن بیانیهٔ کارگران."


def test_an_outlet_above_the_title_is_the_publication_not_an_author():
    article = parse(f"کارگر نیوز\nکارگران فولاد دست از کار کشیدند\n۸ اسفند ۱۴۰۱\n\n{BODY}")
    assert article.title == "کارگران فولاد دست از کار کشیدند"
    assert article.publication == "کارگر نیوز"
    assert article.authors == []


def test_the_parts_of_a_recording_after_the_title_are_no_author():
    article = parse(f"گفتگو با نسرین کاظمی درباره مزد کارگران – سه بخش کامل\n\n{BODY}")
    assert article.authors == []
    assert "سه بخش کامل" not in [c.name for c in article.candidates]


def test_the_first_words_of_a_title_broken_over_lines_are_no_byline():
    article = parse(f"۲۰ تیر ۱۳۸۹\nنقش ماندگار سندیکای رانندگان\n\nنقش ماندگار\n\n{BODY}")
    assert article.title == "نقش ماندگار سندیکای رانندگان"
    assert article.authors == []


def test_a_dossier_line_above_the_title_is_a_section_not_the_title_or_an_author():
    article = parse(f"پرونده ویژه روز کارگر\nروز جهانی کارگر را گرامی بداریم\n\n{BODY}")
    assert article.title == "روز جهانی کارگر را گرامی بداریم"
    assert article.authors == []


def test_an_outlet_credited_as_author_under_a_podcast_is_its_publication():
    article = parse(f"گفت‌وگو درباره اعتصاب رانندگان\n\n{BODY}\n\nAuthor کارگر آنلاین")
    assert article.publication == "کارگر آنلاین"
    assert article.authors == []
