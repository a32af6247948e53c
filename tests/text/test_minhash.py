import os
import subprocess
import sys

from archive.text import minhash

STORY = (
    "کارگران شرکت نیشکر امروز برای چندمین روز پیاپی در برابر فرمانداری تجمع کردند و خواهان "
    "پرداخت دستمزدهای معوقه و بازگشت همکاران اخراجی خود شدند. آنها می‌گویند سه ماه است که "
    "حقوق نگرفته‌اند و خانواده‌هایشان در تنگنا هستند. نمایندگان کارگران گفتند تا رسیدن به "
    "خواسته‌ها اعتراض ادامه دارد."
)
# The same story as another channel re-posts it: its own header, hashtags and footer, and
# Arabic letter forms.
REPOST = (
    "بازنشر از کانال خبری\n"
    + STORY.replace("ی", "ي").replace("ک", "ك")
    + "\n#نیشکر #کارگران #اعتصاب\nبه کانال ما بپیوندید"
)
OTHER = (
    "معلمان بازنشسته در چند شهر برای اجرای کامل همسان‌سازی حقوق تجمع کردند و گفتند وعده‌های "
    "دولت عملی نشده است. آنها خواستار دیدار با نمایندگان مجلس شدند و اعلام کردند اعتراض‌ها "
    "ادامه دارد تا حقوق‌ها عادلانه شود."
)


def test_a_repost_with_another_header_footer_and_hashtags_is_alike():
    alike = minhash.similarity(minhash.sketch(STORY), minhash.sketch(REPOST))
    assert alike >= minhash.REPOST_SIMILARITY
    assert set(minhash.band_keys(minhash.sketch(STORY))) & set(
        minhash.band_keys(minhash.sketch(REPOST))
    )


def test_another_text_on_a_like_subject_is_not_alike():
    assert minhash.similarity(minhash.sketch(STORY), minhash.sketch(OTHER)) < 0.2


def test_sketches_are_the_same_in_every_process():
    # Bands saved by one process must match those of tomorrow's import in another.
    code = f"from archive.text import minhash; print(minhash.band_keys(minhash.sketch({STORY!r})))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    assert other.stdout.strip() == str(minhash.band_keys(minhash.sketch(STORY)))
    assert len(minhash.band_keys(minhash.sketch(STORY))) == minhash.BANDS


def test_a_text_too_short_to_compare_has_no_sketch():
    assert minhash.sketch("اعتصاب کارگران ادامه دارد.") is None
    assert minhash.sketch("") is None
