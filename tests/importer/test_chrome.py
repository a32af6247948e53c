from archive.importer.chrome import clean


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
