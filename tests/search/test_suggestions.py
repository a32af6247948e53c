"""Near spellings from the index's words, Persian letter confusions costing little."""

import pytest

from archive.search.suggestions import CONFUSION_COST, Vocabulary, distance, skeleton


@pytest.mark.parametrize(
    ("a", "b"), [("حفت", "هفت"), ("زلم", "ظلم"), ("صنعت", "سنعت"), ("طرح", "ترح")]
)
def test_confusable_letters_are_near(a, b):
    assert distance(a, b) == pytest.approx(CONFUSION_COST)
    assert skeleton(a) == skeleton(b)


def test_other_edits_cost_one_and_a_slip_of_two_letters_too():
    assert distance("کارگر", "کارگرر") == 1
    assert distance("اعتصاب", "اعتصاپ") == 1
    assert distance("اعتصاب", "اعتاصب") == 1
    assert distance("حفت", "حق") == 2


def test_the_nearest_then_the_commonest_comes_first():
    counts = {"هفت": 40, "حق": 90, "هفته": 50, "نفت": 70, "ها": 900}
    vocabulary = Vocabulary(counts, counts.__getitem__)
    assert vocabulary.candidates("حفت")[0] == "هفت"
    assert "ها" not in vocabulary.candidates("حفت")  # too short to guess
    assert vocabulary.candidates("هفتت") == ["هفته", "هفت"]  # one edit each: the commoner


def test_numbers_and_short_words_are_not_suggested():
    vocabulary = Vocabulary(["1400", "از"], lambda word: 1)
    assert len(vocabulary) == 0
    assert vocabulary.candidates("1401") == []
