"""Reading queries: words, phrases, exclusions and OR, with malformed input as plain words."""

import pytest

from archive.search.syntax import MAX_TERMS, Clause, parse


def groups(q: str) -> list[list[tuple[str, ...]]]:
    return [[c.terms for c in group] for group in parse(q).groups]


def test_words_are_analysed_in_the_runs_they_were_typed():
    assert groups("كارگران می کنند") == [[("کارگر",)], [("میکنند",)]]
    assert parse("كارگران می کنند").words == [("كارگران", "کارگر"), ("می کنند", "میکنند")]


def test_phrases_keep_their_words_together():
    assert groups('اعتصاب "نظارت شورایی"') == [[("اعتصاب",)], [("نظارت", "شورایی")]]


def test_exclusions():
    parsed = parse('کارگران -معلمان -"هفت تپه"')
    assert groups('کارگران -معلمان -"هفت تپه"') == [[("کارگر",)]]
    assert parsed.excluded == [Clause(("معلم",)), Clause(("هفت", "تپه"))]


def test_or_joins_its_neighbours():
    assert groups("اعتصاب معلمان OR پرستاران") == [[("اعتصاب",)], [("معلم",), ("پرستار",)]]


@pytest.mark.parametrize("q", ["OR", "OR OR", "OR کارگران", "کارگران OR", "کارگران OR OR"])
def test_stray_ors_are_ignored(q):
    assert groups(q) in ([], [[("کارگر",)]])


@pytest.mark.parametrize(
    "q", ['"نظارت شورایی', 'نظارت" شورایی', "(نظارت) شورایی", "نظارت: شورایی*"]
)
def test_malformed_syntax_reads_as_plain_words(q):
    assert groups(q) == [[("نظارت",)], [("شورایی",)]]


@pytest.mark.parametrize("q", ["", "   ", "-", '""', "«»", "!!!"])
def test_queries_without_words_are_empty(q):
    assert parse(q).is_empty


def test_very_long_queries_are_cut():
    parsed = parse("کارگر " * 5000)
    assert sum(len(c.terms) for g in parsed.groups for c in g) <= MAX_TERMS


def slops(q: str) -> list[list[tuple[tuple[str, ...], int | None]]]:
    return [[(c.terms, c.slop) for c in group] for group in parse(q).groups]


@pytest.mark.parametrize(
    ("q", "slop"), [('"هفت تپه"~3', 3), ('"هفت تپه"', 1), ('"هفت تپه"~999', 20), ('"هفت تپه"~0', 1)]
)
def test_a_phrase_may_ask_for_words_within_a_distance(q, slop):
    assert slops(q) == [[(("هفت", "تپه"), slop)]]


def test_a_tilde_that_is_not_a_distance_is_a_word():
    assert groups('"هفت تپه"~سه') == [[("هفت", "تپه")], [("سه",)]]


def test_a_word_written_solid_is_a_phrase_of_its_parts():
    assert slops("فرهاد نیکپور") == [[(("فرهاد",), 1)], [(("نیک", "پور"), 1)]]


def test_words_typed_apart_also_look_for_their_joined_lexicon_word():
    assert slops("در آمد") == [[(("در", "امد"), None), (("درامد",), 1)]]
    assert slops("کارخانه") == [[(("کارخانه",), 1), (("کار", "خانه"), 1)]]


def test_or_keeps_its_neighbour_out_of_a_joined_pair():
    assert groups("در آمد OR هزینه") == [[("در",)], [("امد",), ("هزینه",)]]
