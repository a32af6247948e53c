import pytest

from archive.text.names import MIN_NAME_LENGTH, EntityMatcher

KEYFOAD = ("person", 12)
HAFT_TAPPEH = ("organisation", 3)
IRAN = ("place", 1)
HOUSE = ("organisation", 7)


@pytest.fixture
def matcher() -> EntityMatcher:
    return EntityMatcher(
        {
            KEYFOAD: ["فواد كيخسروي", "کیخسروی"],
            HAFT_TAPPEH: ["سندیکای کارگران نیشکر هفت‌تپه", "هفت تپه"],
            IRAN: ["ایران"],
            HOUSE: ["خانهٔ کارگر"],
        }
    )


def test_a_name_entered_with_arabic_letters_matches_persian_text(matcher):
    assert matcher.find("گفت‌وگو با فواد کیخسروی") == {KEYFOAD: 1}


@pytest.mark.parametrize("spelling", ["هفت تپه", "هفت‌تپه", "هفتتپه", "هفت\u00a0تپه"])
def test_zwnj_space_and_nothing_between_name_words_match_alike(matcher, spelling):
    assert matcher.find(f"کارگران {spelling} دست از کار کشیدند") == {HAFT_TAPPEH: 1}


@pytest.mark.parametrize("spelling", ["خانه کارگر", "خانۀ کارگر", "خانه‌ی کارگر", "خانهٔ کارگر"])
def test_ezafe_spellings_match_alike(matcher, spelling):
    assert matcher.find(f"بیانیهٔ {spelling} منتشر شد") == {HOUSE: 1}


def test_a_name_inside_a_longer_word_does_not_match(matcher):
    assert matcher.find("کارگران ایرانی و ایران‌ها") == {}
    assert matcher.find("در ایران") == {IRAN: 1}


def test_the_longest_name_wins_and_counts_once(matcher):
    text = "سندیکای کارگران نیشکر هفت تپه و باز هم هفت‌تپه؛ فواد کیخسروی و کیخسروی"
    assert matcher.find(text) == {HAFT_TAPPEH: 2, KEYFOAD: 2}


def test_spans_mark_the_original_spelling(matcher):
    text = "پیام فواد  كيخسروي به هفت‌تپه"
    assert [(key, text[start:end]) for key, start, end in matcher.find_spans(text)] == [
        (KEYFOAD, "فواد  كيخسروي"),
        (HAFT_TAPPEH, "هفت‌تپه"),
    ]


def test_names_shared_by_two_entities_link_both():
    matcher = EntityMatcher({("person", 1): ["علی رضایی"], ("person", 2): ["علی رضایی"]})
    assert matcher.find("علی رضایی گفت") == {("person", 1): 1, ("person", 2): 1}


def test_very_short_names_do_not_link():
    short = "ما"
    assert len(short) < MIN_NAME_LENGTH
    matcher = EntityMatcher({("organisation", 1): [short, "سندیکای ما"]})
    assert matcher.find("ما کارگران سندیکای ما هستیم") == {("organisation", 1): 1}


def test_empty_matcher_and_empty_text_find_nothing(matcher):
    assert EntityMatcher({}).find("فواد کیخسروی") == {}
    assert matcher.find("") == {}
