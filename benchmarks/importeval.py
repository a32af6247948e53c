"""Score the importer's reading of real-page fixtures, field by field.

    python -m benchmarks.importeval [--fixtures DIR] [--verbose]

Each fixture in tests/fixtures/importeval/ (listed in manifest.json) reproduces the structure
of a real web page in our own words, with what a careful editor would have read from it. Every
text goes through `archive.importer.read.read_text` (plain Python, no database) and the
reading is compared with the expectation. The rules, kept simple on purpose:

- Names and titles are compared by `archive.importer.phrases.key_of` (letters folded, spaces,
  ZWNJ and punctuation ignored), so spelling variants of one name are the same name.
- title: the reading's title equals the expected title; an expected "" means the text has
  none, and the parser should not make one up.
- date: the reading's Gregorian date equals the expected one (both empty counts as right).
  An *invented* date is one the importer gave a text that has none; counted on its own, it is
  the worst error a reader can meet.
- kind: "interview" or "article", as expected.
- interviews: of the expected interviews, those read as interviews, and those whose guests
  include every expected guest.
- turns in articles: texts expected to be articles (statements, news, polemics) that were
  split into turns; should be 0.
- speakers: for interviews, the share of expected speakers found among the turns' speakers
  (as attributed: "پرسش:" counts as the host it was given to, when it was).
- hosts: of the interviews whose host is expected, those whose hosts include every expected
  host; hosts/guests precision: of the hosts and guests read, the share that are expected
  ones (a description or a label read as a name lowers it).
- authors/signatories: the expected people and organisations who wrote or signed a text,
  against the reading's authors plus signatures; recall and precision over all fixtures.
- publication: for fixtures that name one, the reading's publication or source equals it.
- chrome removed: of the lines marked as chrome, the share that no longer appear as a line of
  the body (or as the title). A chrome line the header consumed as a byline counts as removed;
  the false author it makes is counted under precision.
- bare-label entities: candidates the import would create whose name is one word and is no
  expected name (e.g. "ایسکرا", "پرسش", "خبرنگار"), and candidates that match no expected name
  at all.
- entities from speaker labels: candidates named as a turn's label is written, where that
  label is one word («محمود:», «انجمن:») or stands for a fuller expected name («مهرپرور:»);
  should be 0.

No thresholds: the report says where the importer stands.
"""

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from archive.importer.phrases import key_of, words_of
from archive.importer.read import Reading, read_text

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "importeval"
KINDS = ("article", "interview")
# The expectation of every fixture, with the type each field must have.
EXPECTED_FIELDS = {
    "title": str,
    "date": (str, type(None)),
    "kind": str,
    "authors": list,
    "publication": str,
    "hosts": list,
    "guests": list,
    "speakers": list,
    "chrome": list,
}
FIELDS = (
    "titles",
    "dates",
    "invented dates",
    "kinds",
    "interviews recognised",
    "interviews with the right guest",
    "articles split into turns",
    "speakers found",
    "interviews with the right host",
    "hosts/guests precision",
    "authors/signatories recall",
    "authors/signatories precision",
    "publications",
    "chrome lines removed",
    "bare-label entities",
    "entities matching no expected name",
    "entities from speaker labels",
)


def load_manifest(directory: Path = FIXTURES) -> list[dict]:
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["fixtures"]


def fixture_text(entry: dict, directory: Path = FIXTURES) -> str:
    return (directory / entry["file"]).read_text(encoding="utf-8")


def _keys(names: list[str]) -> set[str]:
    return {key_of(n) for n in names if key_of(n)}


def _lines(text: str) -> set[str]:
    return {key_of(line) for line in text.splitlines() if key_of(line)}


@dataclass
class Tally:
    """Hits over attempts for one field, and the fixtures that missed."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, hits: int | bool, of: int = 1) -> None:
        """Count `hits` right out of `of` (a bool for one yes-or-no check) for fixture `name`."""
        self.hits += int(hits)
        self.total += of
        if hits < of:
            self.misses.append(name)

    def share(self) -> str:
        return f"{self.hits / self.total:6.1%}" if self.total else "   n/a"


@dataclass
class Count:
    """Errors that should not happen at all, and where they happened."""

    count: int = 0
    where: list[str] = field(default_factory=list)

    def add(self, name: str, n: int) -> None:
        if n:
            self.count += n
            self.where.append(f"{name} ({n})")


def score_one(entry: dict, reading: Reading, scores: dict) -> None:
    """Add one fixture's reading to the running scores."""
    name, want = entry["id"], entry["expected"]
    parsed = reading.parsed
    if parsed is None:
        for tally in scores.values():
            if isinstance(tally, Tally):
                tally.add(f"{name} (refused)", False)
        return

    # An untitled text should stay untitled, not take its first words as a title.
    title = reading.title if want["title"] else parsed.title
    scores["titles"].add(name, key_of(title) == key_of(want["title"]))

    got_date = parsed.published_on.isoformat() if parsed.published_on else None
    scores["dates"].add(name, got_date == want["date"])
    scores["invented dates"].add(name, int(want["date"] is None and got_date is not None))

    scores["kinds"].add(name, parsed.kind == want["kind"])
    if want["kind"] == "interview":
        scores["interviews recognised"].add(name, parsed.kind == "interview")
        guests_ok = parsed.kind == "interview" and _keys(want["guests"]) <= _keys(parsed.guests)
        scores["interviews with the right guest"].add(name, guests_ok)
        by_label = reading.speakers.by_label if reading.speakers else None
        labels = _keys(list(by_label.values()) if by_label else [t.speaker for t in parsed.turns])
        wanted = _keys(want["speakers"])
        found = len(wanted & labels)
        scores["speakers found"].add(name, found, len(wanted))
        if want["hosts"]:
            hosts_ok = parsed.kind == "interview" and _keys(want["hosts"]) <= _keys(parsed.hosts)
            scores["interviews with the right host"].add(name, hosts_ok)
    else:
        scores["articles split into turns"].add(name, len(parsed.turns))
    read_parties = _keys(parsed.hosts + parsed.guests)
    right_parties = len(read_parties & _keys(want["hosts"] + want["guests"]))
    scores["hosts/guests precision"].add(name, right_parties, len(read_parties))

    wanted, got = _keys(want["authors"]), _keys(parsed.authors + parsed.signatures)
    right = len(wanted & got)
    scores["authors/signatories recall"].add(name, right, len(wanted))
    scores["authors/signatories precision"].add(name, right, len(got))

    if want["publication"]:
        got_pub = {key_of(parsed.publication), key_of(parsed.source_url)}
        scores["publications"].add(name, key_of(want["publication"]) in got_pub)

    remaining = _lines(parsed.body) | {key_of(parsed.title)}
    chrome = [key_of(line) for line in want["chrome"] if key_of(line)]
    gone = sum(1 for line in chrome if line not in remaining)
    if chrome:
        scores["chrome lines removed"].add(name, gone, len(chrome))

    expected_names = _keys(want["authors"] + want["hosts"] + want["guests"] + want["speakers"])
    candidates = [c.name for c in parsed.candidates]
    bare = [c for c in candidates if len(words_of(c)) == 1 and key_of(c) not in expected_names]
    scores["bare-label entities"].add(name, len(bare))
    stray = [c for c in candidates if key_of(c) not in expected_names]
    scores["entities matching no expected name"].add(name, len(stray))
    labels = {key_of(t.speaker) for t in parsed.turns if t.labelled}
    from_labels = [
        c
        for c in candidates
        if key_of(c) in labels and (len(words_of(c)) == 1 or key_of(c) not in expected_names)
    ]
    scores["entities from speaker labels"].add(name, len(from_labels))


COUNTED = {
    "invented dates",
    "articles split into turns",
    "bare-label entities",
    "entities matching no expected name",
    "entities from speaker labels",
}


def empty_scores() -> dict:
    """A tally for each field scored as a share, a count for each error that should not occur."""
    return {f: Count() if f in COUNTED else Tally() for f in FIELDS}


def evaluate(entries: list[dict], directory: Path = FIXTURES) -> dict:
    """Read every fixture and return the scores by field (see the module docstring)."""
    scores = empty_scores()
    for entry in entries:
        score_one(entry, read_text(fixture_text(entry, directory)), scores)
    return scores


def report(scores: dict, n_fixtures: int, *, verbose: bool = False) -> str:
    """Lay the scores out as a table, one line a field; with verbose, the fixtures that missed."""
    lines = [f"importeval: {n_fixtures} fixtures", f"{'field':<36} {'score':>8}  detail"]
    for name in FIELDS:
        value = scores[name]
        if isinstance(value, Tally):
            row = f"{name:<36} {value.share():>8}  {value.hits}/{value.total}"
            misses = value.misses
        else:
            row = f"{name:<36} {value.count:>8}  in {len(value.where)} fixtures"
            misses = value.where
        lines.append(row)
        if verbose and misses:
            lines.append(f"{'':<38}missed: {', '.join(misses)}")
    return "\n".join(lines)


def show(entry: dict, reading: Reading) -> str:
    """Lay one reading out beside its expectation, for working on the parser."""
    parsed = reading.parsed
    if parsed is None:
        return f"refused: {reading.error}"
    got = {
        "title": reading.title,
        "date": parsed.published_on.isoformat() if parsed.published_on else None,
        "kind": parsed.kind,
        "authors": parsed.authors + parsed.signatures,
        "publication": parsed.publication or parsed.source_url,
        "hosts": parsed.hosts,
        "guests": parsed.guests,
        "speakers": [t.speaker for t in parsed.turns],
        "candidates": [c.name for c in parsed.candidates],
    }
    lines = [f"{entry['id']} ({entry['site']})"]
    for key, value in got.items():
        lines.append(f"  {key:<12} got {value!r}")
        if key in entry["expected"]:
            lines.append(f"  {'':<12} want {entry['expected'][key]!r}")
    lines += ["  body:", *(f"    | {line}" for line in parsed.body.splitlines())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--verbose", action="store_true", help="list the fixtures that missed")
    parser.add_argument(
        "--show", metavar="ID", help="print one fixture's reading beside its expectation"
    )
    args = parser.parse_args(argv)
    entries = load_manifest(args.fixtures)
    if args.show:
        entry = next((e for e in entries if e["id"] == args.show), None)
        if entry is None:
            parser.error(f"no fixture {args.show!r}")
        print(show(entry, read_text(fixture_text(entry, args.fixtures))))
        return 0
    print(report(evaluate(entries, args.fixtures), len(entries), verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
