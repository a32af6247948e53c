"""Snippets: cut around the matches, every matched form marked whole, everything escaped."""

from archive.search.searching import query_terms
from archive.search.snippets import ELLIPSIS, highlight, snippets
from archive.text import persian


def spans(text: str, term: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in persian.tokens(text) if t.term == term]


def test_marks_the_original_spelling_of_every_matched_form():
    text = "كارگران و کارگرها و کارگر ها آمدند"
    (html,) = snippets(text, terms={"کارگر"}, spans=spans(text, "کارگر"))
    assert html == "<mark>كارگران</mark> و <mark>کارگرها</mark> و <mark>کارگر ها</mark> آمدند"


def test_analyses_the_text_when_the_index_gave_no_offsets():
    (html,) = snippets("كارگران آمدند", terms={"کارگر"})
    assert html == "<mark>كارگران</mark> آمدند"


def test_marks_whole_words_so_joined_letters_keep_their_shapes():
    text = "نیشکرهفت‌تپه"  # offsets inside one written word
    (html,) = snippets(text, terms={"x"}, spans=[(5, 8)])
    assert html == "<mark>نیشکرهفت‌تپه</mark>"


def test_escapes_html():
    text = "<b>کارگران</b> & «کارفرما»"
    (html,) = snippets(text, terms={"کارگر"}, spans=spans(text, "کارگر"))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert "&amp;" in html


def test_cuts_windows_around_the_densest_matches():
    text = "الف " * 200 + "نیشکر نیشکر" + " ب" * 200 + " نیشکر" + " پ" * 200
    found = snippets(text, terms={"نیشکر"}, spans=spans(text, "نیشکر"), length=60)
    assert len(found) == 2
    assert found[0].count("<mark>") == 2
    assert found[1].count("<mark>") == 1
    assert all(s.startswith(ELLIPSIS) and s.endswith(ELLIPSIS) for s in found)


def test_without_matches_shows_the_beginning():
    (html,) = snippets("آغاز متن " + "و " * 500, terms=set(), length=40)
    assert html.startswith("آغاز متن")
    assert html.endswith(ELLIPSIS)


def test_a_match_only_in_the_title_opens_the_body_without_analysing_it(monkeypatch):
    # The index's spans past the body's end are the title's: the body holds no match, and a
    # long body is not analysed again to find that out.
    def refuse(text):
        raise AssertionError("the body was analysed again")

    monkeypatch.setattr(persian, "tokens", refuse)
    body = "آغاز متن " + "و " * 500
    (html,) = snippets(body, terms={"کارگر"}, spans=[(len(body) + 5, len(body) + 12)], length=40)
    assert html.startswith("آغاز متن")
    assert "<mark>" not in html


def test_highlight_marks_a_whole_text_for_the_words_of_a_query():
    text = "كارگران <نیشکر> و کارگرها؛ نه کارفرما"
    html = highlight(text, terms=query_terms("کارگر -کارفرما"))
    assert html == "<mark>كارگران</mark> &lt;نیشکر&gt; و <mark>کارگرها؛</mark> نه کارفرما"
    assert highlight(text, terms=frozenset()) == "كارگران &lt;نیشکر&gt; و کارگرها؛ نه کارفرما"
