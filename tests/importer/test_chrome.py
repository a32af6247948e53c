from archive.importer.chrome import clean, name_on_top


def test_clean_drops_chrome_of_other_sites_by_rule():
    text = (
        "خانه | اخبار | مقالات | تماس با ما\r\n"
        "عنوان گزارش\r\n"
        "Share\r\n"
        "بازدید: ۱۲۳۴\r\n"
        "\r\n\r\n\r\n"
        "متن\u00a0گزارش درباره اعتصاب.   \r\n"
        "۱۲ دیدگاه\r\n"
        "comments are closed\r\n"
        "امکان ارسال نظر وجود ندارد\r\n"
        "درباره ما • تماس • حریم خصوصی • آرشیو\r\n"
    )
    assert clean(text) == "عنوان گزارش\n\nمتن گزارش درباره اعتصاب."


def test_clean_drops_messaging_channel_chrome():
    text = (
        "🔴 کارگران شهرداری اهواز دست به اعتصاب زدند\n\n"
        "کارگران امروز دست از کار کشیدند.\n\n"
        "👇👇👇\n\n"
        "#اعتصاب #کارگران_شهرداری\n\n"
        "🆔 @kargar_news"
    )
    assert clean(text) == (
        "🔴 کارگران شهرداری اهواز دست به اعتصاب زدند\n\nکارگران امروز دست از کار کشیدند."
    )


def test_clean_keeps_lists_inside_the_text_and_a_closing_date():
    text = (
        "خواسته‌ها:\nافزایش دستمزد / بیمه / امنیت شغلی / حق تشکل\nاین خواسته‌ها فوری است.\n۲۷/۰۲/۲۰۲۴"
    )
    assert clean(text) == text


def test_clean_keeps_original_letters():
    text = "كارگران ي\u200cك پارچه"
    assert clean(text) == text


def _kept(lines: list[str]) -> list[str]:
    return [line for line in lines if clean(f"متن گزارش.\n{line}\nپایان گزارش.").count(line)]


def test_clean_drops_counters_and_keeps_years_and_numbered_text():
    gone = ["255", "👁 4.1K", "20.7K subscribers", "180 files", "0 comments:", "۳ نظر"]
    stay = ["۱۴۰۳", "2024", "۲۵۵ کارگر اخراج شدند", "۱۸۰ پرونده"]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_player_time_codes_but_not_a_dated_time():
    gone = ["0:00", "0:25:00", "۰۲:۲۹", "edited 10:24", "0:00 / 3:45"]
    stay = ["۱۸ اسفند ۱۴۰۳ ۱۷:۴۱", "ساعت ۱۰:۳۰ تجمع آغاز شد."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_reading_time_and_item_codes():
    gone = ["زمان مطالعه: ۷ دقیقه", "خواندن در ۱۱ دقیقه", "۵ دقیقه مطالعه", "کد خبر: 262686"]
    stay = ["مطالعه ۷ دقیقه طول کشید.", "کد خبر را نداریم", "زمان مطالعه کم است"]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_captcha_font_buttons_and_form_labels():
    gone = ["3 × 5 =", "A+ A-", "نام *", "ایمیل:", "Website:"]
    stay = ["3 × 5 = 15 ساعت کار در هفته", "نام شما چیست؟", "ایمیل‌ها بی‌پاسخ ماند"]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_contact_lines_but_keeps_a_source_link():
    gone = ["info@syndicavahed.info", "www.wsu-iran.org wsu_wm@yahoo.com", "ایمیل: a.b@gmail.com"]
    stay = ["https://www.ilna.ir/news/1", "برای تماس به info@example.org نامه بنویسید."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_share_and_copy_buttons_in_either_script():
    gone = ["اشتراک‌گذاری:", "Facebook", "Copied!", "کپی لینک", "این مطلب را به اشتراک بگذارید"]
    stay = ["فیسبوک این صفحه را بست.", "لینک این گزارش را برای ما فرستادند."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_comment_widgets_and_post_footers():
    gone = [
        "هیچ نظری موجود نیست:",
        "ارسال یک نظر",
        "فرستادن دیدگاه",
        "لطفا صبر کنید",
        "لطفا دیدگاه خود را در اینجا بنویسید",
        "ذخیره نام، ایمیل و وبسایت من در مرورگر برای زمانی که دوباره دیدگاهی می‌نویسم.",
        "پیام جدیدتر پیام قدیمی‌تر صفحهٔ اصلی",
        "Posted in اخبار کارگری",
        "برچسب‌ها: نیشکر، کارگران فصلی",
        "← نوشته قبلی",
    ]
    stay = [
        "لطفا به خواسته‌های ما رسیدگی کنید.",
        "دسته‌بندی مشاغل سخت هنوز انجام نشده است.",
        "نوشته قبلی او درباره اعتصاب بود.",
    ]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_audio_player_and_channel_promotion_lines():
    gone = ["گوش كردن فايل صوتي با مديا پلير", "با ما در کانال کارگران همراه شوید."]
    stay = ["کارگران به فایل صوتی سخنرانی گوش دادند.", "با ما همراه شوید و اعتصاب کنید."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_breadcrumbs_from_home_but_keeps_slashed_lists():
    gone = ["خانه / اخبار / کارگری", "موضوعات / سر سخن", "Home › News › Iran"]
    stay = ["کارگران / بازنشستگان", "خانه‌ها / کارخانه‌ها را ترک کردند."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_a_menu_one_item_a_line_after_a_skip_link():
    text = "پرش به محتوا\nصفحه اول\nایران\nجهان\nویدیو\nسومین روز گردهمایی کارگران نیشکر\n\nمتن."
    assert clean(text) == "سومین روز گردهمایی کارگران نیشکر\n\nمتن."


def test_clean_keeps_short_header_lines_without_navigation_above_them():
    text = "اعتصاب\nعلی رضایی\nاهواز\nکارگران امروز دست از کار کشیدند.\n\nمتن."
    assert clean(text) == text
    after_share = "Share\nاعتصاب\nعلی رضایی\nاهواز\n\nکارگران امروز دست از کار کشیدند."
    assert clean(after_share) == after_share.removeprefix("Share\n")


def test_clean_drops_podcast_and_radio_player_labels():
    gone = ["Description", "Information", "آغاز این برنامه در ساعت:", "ارسال", "خوش آمديد"]
    stay = ["ارسال نامه به وزیر کار", "آغاز این برنامه با خبر اعتصاب است."]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_a_clock_with_a_menu_but_keeps_a_bilingual_date_line():
    gone = ["شنبه ۲۴ آذر ۱۴۰۳ / Saturday 14th December 2024 تماس آشنایی مقاله گفت‌وگو"]
    stay = ["شنبه ۲۴ آذر ۱۴۰۳ / Saturday 14th December 2024", "شنبه ۲۴ آذر ۱۴۰۳ ساعت ۰۲:۲۹"]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_a_hashtag_line_behind_an_emoji_but_keeps_a_tagged_sentence():
    gone = ["🔴 #بیانیه", "#صنعت_نفت #اعتصاب"]
    stay = ["🔴 کارگران #نفت دست به اعتصاب زدند"]
    assert _kept(gone) == []
    assert _kept(stay) == stay


def test_clean_drops_latin_and_cyrillic_ui_lines_at_the_edges_but_keeps_a_dated_one():
    text = (
        "اخبار روز ایران\nКанал\nНовости и СМИ\n1,79 тыс.\nподписчиков\nApr 30, 2024 · 12m\n\n"
        "فراخوان به گردهمایی روز معلم\n\nمعلمان فردا گرد می‌آیند.\n\n"
        "🆔\nPlease open Telegram to view this post"
    )
    assert clean(text) == (
        "اخبار روز ایران\nApr 30, 2024 · 12m\n\n"
        "فراخوان به گردهمایی روز معلم\n\nمعلمان فردا گرد می‌آیند."
    )


def test_clean_keeps_a_latin_line_inside_the_text():
    body = "\n".join(f"بند {n} متن درباره اعتصاب کارگران است." for n in range(20))
    text = f"عنوان\n\n{body}\nSolidarity Center\n{body}"
    assert "Solidarity Center" in clean(text)


def test_clean_drops_a_menu_under_the_link_home_even_before_a_blank_line():
    text = "پیکار اندیشه\nصفحه اصلی\nمقالات\nبیانیه‌ها\n\nوقتی نمایندگان ما در بند هستند\n\nمتن."
    assert clean(text) == "پیکار اندیشه\n\nوقتی نمایندگان ما در بند هستند\n\nمتن."


def test_clean_drops_post_meta_bullets_tags_and_read_more_links():
    gone = [
        "• توسط",
        "• دیدگاه غیر فعال شده است",
        "برچسب: اتحادیه آزاد کارگران ایران",
        "ادامه خواندن گفتگو با کارگران اعتصابی نفت",
        "نشانی ایمیل شما منتشر نخواهد شد. بخش‌های موردنیاز علامت‌گذاری شده‌اند *",
        "درباره ما",
    ]
    assert _kept(gone) == []


def test_the_chrome_under_the_first_line_tells_a_site_from_an_author():
    assert name_on_top("پیکار اندیشه\nصفحه اصلی\nمقالات\n\nعنوان") == ("site", "پیکار اندیشه")
    assert name_on_top("بهرام رحمانی\nbahram@example.org\nمتن.") == ("author", "بهرام رحمانی")
    assert name_on_top("پروین دانشیار\n\nخوش آمدید\n\nعنوان") == ("", "")
    assert name_on_top("علی رضایی\nعنوان مقاله درباره اعتصاب\n\nمتن.") == ("", "")


def test_clean_drops_a_blogs_pages_widget_heading():
    assert _kept(["صفحات"]) == []
