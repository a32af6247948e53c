"""The real-page fixtures are well-formed and the scorer reports every field (no thresholds yet)."""

import datetime
import json

import pytest

from benchmarks import importeval

ENTRIES = importeval.load_manifest()


def test_the_corpus_covers_many_sites_and_both_kinds():
    kinds = {e["expected"]["kind"] for e in ENTRIES}
    assert len(ENTRIES) >= 45
    assert len({e["site"] for e in ENTRIES}) >= 12
    assert kinds == set(importeval.KINDS)


def test_every_text_file_belongs_to_the_manifest():
    files = {p.name for p in importeval.FIXTURES.glob("*.txt")}
    assert files == {e["file"] for e in ENTRIES}
    assert len({e["id"] for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_fixture_is_well_formed(entry):
    text = importeval.fixture_text(entry)
    want = entry["expected"]
    assert entry["site"] and entry["url"].startswith("http") and entry["seen_title"]
    assert entry["features"] and all(isinstance(f, str) for f in entry["features"])
    assert set(want) == set(importeval.EXPECTED_FIELDS)
    for name, kind in importeval.EXPECTED_FIELDS.items():
        assert isinstance(want[name], kind), name
        if kind is list:
            assert all(isinstance(x, str) and x.strip() for x in want[name]), name
    assert want["kind"] in importeval.KINDS
    if want["date"] is not None:
        assert datetime.date.fromisoformat(want["date"]).year >= 1990
    if want["kind"] == "article":
        assert not want["hosts"] and not want["guests"] and not want["speakers"]
    lines = {line.strip() for line in text.splitlines()}
    for chrome in want["chrome"]:
        assert chrome.strip() in lines, f"chrome line not in the text: {chrome!r}"


def test_the_scorer_reports_every_field():
    scores = importeval.evaluate(ENTRIES)
    table = importeval.report(scores, len(ENTRIES))
    for name in importeval.FIELDS:
        assert name in table
    assert scores["titles"].total == len(ENTRIES)
    interviews = sum(e["expected"]["kind"] == "interview" for e in ENTRIES)
    assert scores["interviews recognised"].total == interviews


def test_the_scorer_counts_an_invented_date_and_each_chrome_line(tmp_path):
    entry = {
        "id": "made-up",
        "file": "made-up.txt",
        "expected": {
            **{name: [] for name, kind in importeval.EXPECTED_FIELDS.items() if kind is list},
            "title": "عنوانی ساختگی",
            "date": None,
            "kind": "article",
            "publication": "",
            # One line every rule set drops, one no rule can know is chrome: half removed.
            "chrome": ["ادامه مطلب", "سطری که فقط این آزمون آن را زائد می‌داند"],
        },
    }
    dropped, kept = entry["expected"]["chrome"]
    text = f"عنوانی ساختگی\n۱۲ دی ۱۴۰۲\n\n{kept}\n\nمتنی کوتاه برای آزمون.\n\n{dropped}\n"
    (tmp_path / "made-up.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"fixtures": [entry]}), encoding="utf-8")
    scores = importeval.evaluate(importeval.load_manifest(tmp_path), tmp_path)
    assert scores["invented dates"].count == 1
    assert scores["titles"].hits == 1
    assert (scores["chrome lines removed"].hits, scores["chrome lines removed"].total) == (1, 2)


def test_make_importeval_prints_the_table(capsys):
    assert importeval.main([]) == 0
    out = capsys.readouterr().out
    assert f"importeval: {len(ENTRIES)} fixtures" in out
    assert "chrome lines removed" in out


# The issue #13 targets over the whole fixture set: a field's share must reach its target. Add a
# field here to hold it to a bar; the interviews helper owns the interview fields.
TARGETS = {
    "titles": 0.91,
    "dates": 0.94,
    "authors/signatories recall": 0.70,
    "chrome lines removed": 0.80,
    "interviews with the right guest": 0.80,
}
# Targets the rules do not reach yet: strict, so reaching one fails until it leaves this set.
NOT_YET: set[str] = set()
# What the rules reach today, so that a change that reads worse fails even before the targets.
FLOORS = {
    "titles": 0.91,
    "dates": 0.99,
    "authors/signatories recall": 0.91,
    "authors/signatories precision": 0.97,
    "publications": 0.75,
    "chrome lines removed": 0.94,
    "interviews recognised": 0.95,
    "interviews with the right guest": 0.95,
    "speakers found": 0.85,
    "interviews with the right host": 0.85,
    "hosts/guests precision": 0.97,
}
# Errors no fixture may show at all.
NEVER = ("invented dates", "articles split into turns", "entities from speaker labels")


@pytest.fixture(scope="module")
def scores():
    return importeval.evaluate(ENTRIES)


def _share(tally):
    return tally.hits / tally.total


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason="issue #13 target not reached yet")]
            if name in NOT_YET
            else [],
        )
        for name in TARGETS
    ],
)
def test_the_importer_reaches_the_target(scores, name):
    assert _share(scores[name]) >= TARGETS[name], scores[name].misses


@pytest.mark.parametrize("name", FLOORS)
def test_the_importer_reads_no_worse_than_before(scores, name):
    assert _share(scores[name]) >= FLOORS[name], scores[name].misses


@pytest.mark.parametrize("name", NEVER)
def test_the_importer_never_makes_this_error(scores, name):
    assert scores[name].count == 0, scores[name].where


def test_the_scorer_counts_a_label_proposed_as_a_name_and_a_wrong_host():
    from archive.importer.notes import SeenAs
    from archive.importer.read import Candidate, read_text

    text = (
        "گفتگوی سایت اتحاد با محمود صالحی\n\n"
        "سایت اتحاد: از کارخانه بگویید؟\n\nمحمود: بیست سال آنجا کار کردم و قرارداد نداشتم.\n\n"
        "سایت اتحاد: و امروز؟\n\nمحمود: امروز بیکارم و با کار روزمزد زندگی می‌گذرانم.\n"
    )
    reading = read_text(text)
    reading.parsed.candidates.append(Candidate("محمود", "person", (SeenAs.SPEAKER,)))
    reading.parsed.hosts = ["نشریه دیگری"]
    entry = {
        "id": "labels",
        "expected": {
            **{name: [] for name, kind in importeval.EXPECTED_FIELDS.items() if kind is list},
            "title": "گفتگوی سایت اتحاد با محمود صالحی",
            "date": None,
            "kind": "interview",
            "publication": "",
            "hosts": ["سایت اتحاد"],
            "guests": ["محمود صالحی"],
        },
    }
    scores = importeval.empty_scores()
    importeval.score_one(entry, reading, scores)
    assert scores["entities from speaker labels"].count == 1
    assert scores["interviews with the right host"].hits == 0
    assert (scores["hosts/guests precision"].hits, scores["hosts/guests precision"].total) == (1, 2)
