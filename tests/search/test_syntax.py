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
