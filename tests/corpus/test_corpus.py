import json
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.corpus import (
    OUT_NOT_EMPTY,
    QUERY_MIX,
    TEXTS,
    TOO_FEW_ARTICLES,
    YEARS,
    ZWNJ,
    Noise,
    generate,
)

ARTICLES = 400
NO_NOISE = Noise(0, 0, 0, 0, 0, 0)
ASCII_DIGIT = re.compile(r"[0-9]")


def texts(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / TEXTS).glob("*.txt"))}


def load(out: Path, name: str):
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, articles=ARTICLES, seed=7)
    return out


@pytest.fixture(scope="module")
def clean_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate(out, articles=100, seed=7, noise=NO_NOISE)
    return out


def test_writes_the_requested_number_of_articles_and_the_json_files(corpus):
    assert len(texts(corpus)) == ARTICLES
    assert {p.name for p in corpus.iterdir()} == {TEXTS, "cast.json", "truth.json", "manifest.json"}
    assert set(load(corpus, "manifest.json")) == set(texts(corpus))


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(corpus, tmp_path):
    generate(tmp_path / "again", articles=ARTICLES, seed=7)
    generate(tmp_path / "other", articles=ARTICLES, seed=8)
    assert texts(tmp_path / "again") == texts(corpus)
    assert load(tmp_path / "again", "truth.json") == load(corpus, "truth.json")
    assert texts(tmp_path / "other") != texts(corpus)


def test_articles_are_about_800_words_with_a_long_tail(corpus):
    words = [entry["words"] for entry in load(corpus, "manifest.json").values()]
    assert 700 <= statistics.mean(words) <= 900
    assert max(words) > 2.5 * statistics.mean(words)
    assert statistics.median(words) < statistics.mean(words)


def test_every_kind_appears_and_dates_span_the_years(corpus):
    manifest = load(corpus, "manifest.json")
    assert Counter(e["kind"] for e in manifest.values()).keys() == {
        "news",
        "statement",
        "interview",
    }
    years = {int(e["date"][:4]) for e in manifest.values()}
    assert min(years) == YEARS[0]
    assert max(years) == YEARS[1]


def test_interviews_have_a_header_and_alternating_speaker_turns(corpus):
    manifest = load(corpus, "manifest.json")
    interviews = {n: t for n, t in texts(corpus).items() if manifest[n]["kind"] == "interview"}
    assert interviews
    for name, text in interviews.items():
        people = manifest[name]["people"]
        lines = text.splitlines()
        assert any(line.startswith("متن گفتگو") for line in lines)
        if manifest[name]["noise"]:
            continue  # labels may be respelled; the clean ones show the shape
        assert any(line.startswith("متن گفتگو با ") and " در برنامه " in line for line in lines)
        labels = [
            line.split(": ", 1)[0]
            for line in lines
            if ": " in line and line.split(": ")[0] in people
        ]
        assert len(labels) >= 4, name
        assert len(set(labels)) >= 2, name


def test_cast_has_about_a_thousand_unique_names_and_includes_the_demo_cast(corpus):
    cast = load(corpus, "cast.json")
    demo = json.loads((Path(__file__).resolve().parents[2] / "archive/demo/cast.json").read_text())
    names = [p["name"] for p in cast["people"]] + [o["name"] for o in cast["organisations"]]
    assert len(names) == len(set(names)) == 1000
    assert {p["name"] for p in demo["people"]} <= set(names)
    assert {o["name"] for o in demo["organisations"]} <= set(names)
    assert all(o["kind"] for o in cast["organisations"])


def test_mentions_follow_a_zipf_like_curve(corpus):
    counts = Counter(p for e in load(corpus, "manifest.json").values() for p in e["people"])
    ranked = [n for _, n in counts.most_common()]
    assert ranked[0] >= 10 * statistics.median(ranked)
    assert len(ranked) > 200  # the long tail is there, not only the stars


def test_without_noise_there_are_no_arabic_letters_ascii_digits_or_heh_yeh(clean_corpus):
    for name, text in texts(clean_corpus).items():
        assert not re.search("[يكۀ]", text), name
        assert not ASCII_DIGIT.search(text), name


@pytest.mark.parametrize(
    ("kind", "present"),
    [
        ("arabic", lambda t: "ي" in t or "ك" in t),
        ("ascii_digits", lambda t: ASCII_DIGIT.search(t)),
        ("heh_yeh", lambda t: "ۀ" in t),
    ],
)
def test_noise_appears_in_about_the_requested_share_of_articles(corpus, kind, present):
    manifest = load(corpus, "manifest.json")
    share = getattr(Noise(), kind)
    noisy = {n for n, e in manifest.items() if kind in e["noise"]}
    assert abs(len(noisy) / ARTICLES - share) < 0.06
    found = {n for n, t in texts(corpus).items() if present(t)}
    # heh_yeh needs an ezafe to respell; the others leave a trace in every noisy article.
    assert found <= noisy
    assert len(found) >= 0.8 * len(noisy)


def test_missing_zwnj_noise_leaves_lines_that_had_zwnjs_without_them(corpus, clean_corpus):
    manifest = load(corpus, "manifest.json")
    dropped = [
        n
        for n, e in manifest.items()
        if "zwnj_missing" in e["noise"] and "zwnj_extra" not in e["noise"]
    ]
    assert dropped
    all_text = texts(corpus)
    lines_without = sum(
        1 for n in dropped for line in all_text[n].splitlines() if line and ZWNJ not in line
    )
    lines_with = sum(1 for n in dropped for line in all_text[n].splitlines() if ZWNJ in line)
    assert lines_without > 3 * lines_with


def test_truth_lists_files_with_the_concept_in_any_spelling(corpus):
    truth = load(corpus, "truth.json")
    variants = [q for q in QUERY_MIX if q.kind == "variant"]
    assert [q["q"] for q in truth["variant_queries"]] == [q.q for q in variants]
    all_text = texts(corpus)
    for query in truth["variant_queries"]:
        files = set(query["files"])
        assert 0 < len(files) < ARTICLES
        word = re.compile(rf"(?<![\w{ZWNJ}]){query['q']}(?![\w{ZWNJ}])")
        literal = {n for n, t in all_text.items() if word.search(t)}
        # The query's own spelling finds only part of the truth: the rest is spelled otherwise.
        assert literal < files, query["q"]
        squeeze = str.maketrans("يكۀأ", "یکها", ZWNJ + "\u0654")
        forms = {
            query["concept"].translate(squeeze),
            query["concept"].replace(ZWNJ, " ").translate(squeeze),
        }
        for name in files:
            assert any(form in all_text[name].translate(squeeze) for form in forms), name


def test_generate_refuses_a_non_empty_directory_and_zero_articles(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(FileExistsError, match="خالی نیست"):
        generate(tmp_path, articles=1)
    with pytest.raises(ValueError, match=TOO_FEW_ARTICLES):
        generate(tmp_path / "new", articles=0)


def test_make_corpus_command_writes_the_corpus_and_reports_errors(tmp_path):
    call_command("make_corpus", str(tmp_path / "c"), articles=5, seed=1)
    assert len(list((tmp_path / "c" / TEXTS).glob("*.txt"))) == 5
    with pytest.raises(CommandError, match=re.escape(OUT_NOT_EMPTY.format(path=tmp_path / "c"))):
        call_command("make_corpus", str(tmp_path / "c"), articles=5, seed=1)


def test_manifest_lists_every_cast_name_a_clean_text_contains(clean_corpus):
    cast = load(clean_corpus, "cast.json")
    manifest = load(clean_corpus, "manifest.json")
    names = [p["name"] for p in cast["people"]] + [o["name"] for o in cast["organisations"]]
    edge = rf"[\w{ZWNJ}]"
    patterns = {n: re.compile(rf"(?<!{edge}){re.escape(n)}(?!{edge})") for n in names}
    for file, text in texts(clean_corpus).items():
        entry = manifest[file]
        listed = set(entry["people"]) | set(entry["organisations"]) | {entry["publication"]}
        found = {n for n, pattern in patterns.items() if pattern.search(text)}
        assert found <= listed, (file, found - listed)
