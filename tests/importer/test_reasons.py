"""Each field the reader fills says why; fields read from weak evidence get a review note."""

from archive.importer.notes import Code, note
from archive.importer.read import apply_overrides, parse

HEADED = "گفتگو درباره قراردادهای موقت\n۱۲ مهر ۱۴۰۰\n\nزهرا عسگری: قراردادها چند ماهه است؟\n\n"
HEADED += "ناصر یزدانی: سه ماهه.\n\nزهرا عسگری: و بیمه؟\n\nناصر یزدانی: بیمه هم ناقص است.\n"
SIGNED_AT_END = (
    "بیانیه درباره دستمزد کارگران\n\n"
    "ما خواهان دستمزدی هستیم که زندگی را بچرخاند و از همه می‌خواهیم به ما بپیوندند.\n\n"
    "کمیته پیگیری ایجاد تشکل‌ها\n۲۷ بهمن ۱۴۰۲\n"
)
FRONT_MATTER = "---\ntitle: عنوانی از پیش\ndate: ۱ مهر ۱۴۰۰\n---\nمتن نوشته در یک بند.\n"


def test_fields_read_from_the_header_say_so():
    reasons = parse(HEADED).reasons
    assert reasons["title"] == note(Code.WHY_TITLE_LINE)
    assert reasons["date"] == note(Code.WHY_DATE_AT_TOP, date="۱۲ مهر ۱۴۰۰")
    assert reasons["kind"] == note(Code.WHY_TURNS, turns=4)
    assert reasons["authors"] == note(Code.WHY_NOT_FOUND)


def test_a_date_found_only_at_the_end_is_used_with_a_review_note():
    parsed = parse(SIGNED_AT_END)
    assert parsed.date_text == "۲۷ بهمن ۱۴۰۲"
    assert parsed.reasons["date"] == note(Code.WHY_DATE_AT_END, date="۲۷ بهمن ۱۴۰۲")
    assert note(Code.DATE_AT_END, date="۲۷ بهمن ۱۴۰۲") in parsed.warnings
    assert parsed.reasons["kind"] == note(Code.WHY_NO_TURNS)


def test_front_matter_fields_say_they_were_given():
    reasons = parse(FRONT_MATTER).reasons
    assert reasons["title"] == reasons["date"] == note(Code.WHY_FRONT_MATTER)
    assert Code.DATE_AT_END not in {w.code for w in parse(FRONT_MATTER).warnings}


def test_a_field_the_editor_changed_says_so_and_the_others_keep_their_reason():
    parsed = parse(HEADED)
    overrides = {"title": "عنوان دیگر", "date": "۱۲ مهر ۱۴۰۰", "authors": []}
    reasons = apply_overrides(parsed, overrides).reasons
    assert reasons["title"] == note(Code.WHY_CORRECTED)
    assert reasons["date"] == note(Code.WHY_DATE_AT_TOP, date="۱۲ مهر ۱۴۰۰")
    assert reasons["authors"] == note(Code.WHY_NOT_FOUND)
