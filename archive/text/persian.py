"""Persian text analysis for matching: search terms, entity linking, duplicate detection.

The stored text is never rewritten: these functions produce keys for comparison only.

`tokens()` is the one analyzer used for documents and queries alike. It

- folds spelling variants (Arabic kaf/yeh, hamza seats, alef madda, heh forms, diacritics,
  tatweel, digits of every script, Latin case, letters stretched by repetition);
- treats ZWNJ, space and nothing alike for the verbal prefix می/نمی, for inflectional
  suffixes (ها، های، ای، ام، اش، تر، ترین ...) and for compounds hazm's lexicon knows;
- reduces plurals and inflected forms only when hazm's lexicon confirms the stem, so ایران,
  زندان, دفتر, هفت keep their own meaning; a pronoun on a preposition (برایتان, ازش) is its
  object, not an inflection, and that form keeps its own term;
- keeps negation (نمی‌) and every content word; the only word dropped is the copula است,
  which carries no searchable meaning. The future auxiliary is a word like any other: خواهد
  رفت is خواهد then رفت, so خواهد, رفت and the phrase "خواهد رفت" all find it.

hazm is used for its word lists only (read straight from its data files, without importing
the package), so nothing here holds a heavy or unpicklable object.
"""

import importlib.util
import re
import unicodedata
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from archive.text.letters import (
    ARABIC_LETTERS,
    FOLD,
    GAP,
    MARKS,
    ZWNJ,
    fold_letters,
)

# Raise it whenever tokens() gives other terms for the same text: an index written with
# another version holds terms that queries no longer produce, and is rebuilt.
ANALYZER_VERSION = 3

_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

# A comma groups thousands only before exactly three digits (5,000); 1,2,3 stays a list.
_NUMBER = r"\d+(?:[.٫٬]\d+|,\d{3}(?!\d))*"
_ARABIC_WORD = rf"[{ARABIC_LETTERS}{MARKS}]+"
_OTHER_WORD = rf"[^\W_{_ARABIC_BLOCKS}]+"
_PIECE = re.compile(rf"(?P<num>{_NUMBER})|(?P<fa>{_ARABIC_WORD})|(?P<lat>{_OTHER_WORD})")
# The same pieces in one group, so that split() returns gap, piece, gap, … : much quicker on a
# long text than a match object per piece.
_PIECES = re.compile(f"({_NUMBER}|{_ARABIC_WORD}|{_OTHER_WORD})")

_PLURAL_HA = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
# Pieces written apart (after a space or ZWNJ) that belong to the word before them.
_INFLECTIONS = frozenset((*_PLURAL_HA, "ی", "ای", "ایی", "ام", "ات", "اش", "ایم", "اید", "اند"))
_COMPARATIVES = frozenset(("تر", "ترین", "تری"))
_VERB_PREFIXES = ("می", "نمی")
_COPULA = "است"
# Pronoun clitics. After a preposition (برایتان, ازش, کنارشان) the clitic is the preposition's
# object: stripped, every such form would be indexed as the bare preposition, which is in
# nearly every document, so the form keeps its own term. hazm tags P every word that can be a
# preposition, nouns such as سر and پشت too: سرشان is then not found under سر, the price of
# not filing پشتش "behind it" under پشت. (برات, بهت, ازت are lexicon words of their own.)
_PRONOUN_CLITICS = frozenset(("شان", "تان", "مان", "اش", "ام", "ات", "ش", "م"))

# Suffixes stripped from a word the lexicon does not know (or knows only as a plural), in the
# order tried: (suffix, replacement for the final ه that گان/جات/ات stand for, stem must be a
# reviewed word rather than any word hazm lists, is a plural suffix, stem must end in a vowel).
_SUFFIXES: tuple[tuple[str, str, bool, bool, bool], ...] = (
    *((ha, "", False, True, False) for ha in _PLURAL_HA),
    ("ترین", "", False, False, False),
    ("تر", "", False, False, False),
    ("شان", "", True, False, False),
    ("تان", "", True, False, False),
    ("مان", "", True, False, False),
    ("جات", "ه", True, True, False),
    ("گان", "ه", True, True, False),
    ("ان", "", True, True, False),
    ("یان", "", True, True, True),  # کارفرمایان, دانشجویان; not surnames like صابریان
    ("ات", "", True, True, False),  # see _at_stem
    ("ین", "", True, True, False),  # مسئولین, معلمین
    ("ی", "", True, False, True),  # شورای is شورا + ezafe, not شور + ای
    ("ای", "", True, False, False),
    ("اش", "", True, False, False),
    ("ام", "", True, False, False),
    ("ش", "", True, False, False),
    ("م", "", True, False, False),
    ("ی", "", True, False, False),
)
_VOWELS = ("ا", "و")
# Clitics that follow a final ه; written solid (رفتهاند, خانهام, لرزهای) they would otherwise be
# read as ها-plurals (رفت + هاند) or left whole.
_AFTER_HEH = ("ایم", "اید", "اند", "ای", "ام", "ات", "اش")
_STACKABLE = ("ان", "ات", "ین", "ها")  # plurals that a clitic may follow: کارگرانشان
# Animate plurals hazm's lexicon lists as words of their own; everything else it lists
# (ایران, زندان, ماهان, پایان) is kept whole.
_LEXICON_PLURALS = {
    "دوستان": "دوست",
    "صاحبان": "صاحب",
    "بانوان": "بانو",
    "رهروان": "رهرو",
    "فقیران": "فقیر",
    "مستحقان": "مستحق",
    "کاتبان": "کاتب",
    "رسولان": "رسول",
    "دوستداران": "دوستدار",
}
_AGENT_ENDINGS = ("گر", "دار", "مدار", "کار", "مند", "نظر", "زن")

_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ه")
_PRESENT_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند")  # "" for impersonal می‌توان


class Token(NamedTuple):
    term: str
    start: int  # offsets into the text given to tokens(), so the original spelling can be marked
    end: int
    position: int


class _Lexicon(NamedTuple):
    words: frozenset[str]  # hazm's reviewed (part-of-speech tagged) single words, folded
    stems: frozenset[str]  # words, plus parts of the lexicon's ZWNJ compounds (بگیر in حقوق‌بگیر)
    wide: frozenset[str]  # every word hazm lists, including its unreviewed ones
    plurals: frozenset[str]  # reviewed words tagged PL (اعتصابات)
    prepositions: frozenset[str]  # reviewed words tagged P (برای, از, کنار), see _PRONOUN_CLITICS
    frequency: dict[str, int]  # corpus counts of reviewed words, to choose between stems
    compounds: dict[str, tuple[str, ...]]  # خصوصیسازی -> (خصوصی, سازی)
    past: frozenset[str]
    present: frozenset[str]


def _hazm_data() -> Path:
    # find_spec locates the package without running hazm/__init__.py, which imports gensim & co.
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed; it provides the Persian word lists")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _absorb_inflections(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Read a lexicon compound's parts the way _words() reads the same pieces in text."""
    out: list[str] = []
    for part in parts:
        if out and part in _INFLECTIONS:
            continue
        if out and part in _COMPARATIVES:
            out[-1] += part
        else:
            out.append(part)
    return tuple(out)


@cache
def _lexicon() -> _Lexicon:
    """Load hazm's word and verb lists once per process, folded like the text."""
    data = _hazm_data()
    words: set[str] = set()
    wide: set[str] = set()
    plurals: set[str] = set()
    prepositions: set[str] = set()
    frequency: dict[str, int] = {}
    compounds: dict[str, tuple[str, ...]] = {}
    parts: set[str] = set()
    with (data / "words.dat").open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3:
                continue
            pieces = tuple(p for p in fold_letters(fields[0].replace(ZWNJ, " ")).split() if p)
            if not pieces:
                continue
            joined = "".join(pieces)
            wide.add(joined)
            if fields[2] == "0":  # unreviewed: inflected forms and junk (ایر, کارگران, کتابی)
                continue
            if len(pieces) == 1:
                words.add(joined)
                frequency[joined] = max(frequency.get(joined, 0), int(fields[1] or 0))
                tags = fields[2].split(",")
                if "PL" in tags:
                    plurals.add(joined)
                if "P" in tags:
                    prepositions.add(joined)
            else:
                compounds.setdefault(joined, _absorb_inflections(pieces))
                parts.update(pieces)
    for joined in words:
        compounds.pop(joined, None)  # a word written solid in the lexicon stays whole
    past: set[str] = set()
    present: set[str] = set()
    with (data / "verbs.dat").open(encoding="utf-8") as lines:
        for line in lines:
            p, _, r = fold_letters(line.strip()).partition("#")
            if p:
                past.add(p)
            if r:
                present.add(r)
    return _Lexicon(
        words=frozenset(words),
        stems=frozenset(words | parts),
        wide=frozenset(wide),
        plurals=frozenset(plurals),
        prepositions=frozenset(prepositions),
        frequency=frequency,
        compounds=compounds,
        past=frozenset(past),
        present=frozenset(present),
    )


def _is_verb(body: str, *, prefixed: bool) -> bool:
    """Say whether body is a conjugated verb form (after می/نمی when prefixed)."""
    lex = _lexicon()
    for ending in _PAST_ENDINGS:
        if body.endswith(ending) and body[: len(body) - len(ending)] in lex.past:
            return True
    # Unprefixed present forms with م/ی are too often nouns with a clitic (کارم, کاری).
    for ending in _PRESENT_ENDINGS if prefixed else ("د", "ند", "ید", "یم"):
        stem = body[: len(body) - len(ending)]
        if body.endswith(ending) and len(stem) >= 2 - prefixed and stem in lex.present:
            return True
    return False


@lru_cache(maxsize=1 << 17)
def _word_terms(word: str) -> tuple[str, ...]:
    """Reduce one folded, joined word to its index term(s)."""
    lex = _lexicon()
    if word in lex.words and word not in lex.plurals:
        if word.endswith("ان") and (plural_stem := _animate_plural_stem(word, lex)):
            return (plural_stem,)
        return (word,)
    if word.startswith(_VERB_PREFIXES):
        if _is_verb(word[3:] if word.startswith("نمی") else word[2:], prefixed=True):
            return (word,)
    elif _is_verb(word, prefixed=False) or (word[0] in "بن" and _is_verb(word[1:], prefixed=False)):
        return (word,)
    if word in lex.compounds:
        return tuple(t for part in lex.compounds[word] for t in _word_terms(part))
    if word.endswith("ی") and word in lex.stems:
        # Not a reviewed word, but a part of reviewed compounds (ماهی in ماهی‌تابه): a word
        # in its own right, not an indefinite or ezafe ی on ماه.
        return (word,)
    for suffix in _AFTER_HEH:
        stem = word[: len(word) - len(suffix)]
        if word.endswith(suffix) and stem.endswith("ه") and len(stem) > 2 and stem in lex.stems:
            return (word,) if _object_of_preposition(stem, suffix, lex) else _word_terms(stem)
    plural_only = word in lex.plurals
    for suffix, replacement, strict, plural, after_vowel in _SUFFIXES:
        if (plural_only and not plural) or not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)]
        if len(stem) < 2 or (after_vowel and not stem.endswith(_VOWELS)):
            continue
        stem = _at_stem(stem, lex) if suffix == "ات" else stem + replacement
        if suffix == "گان" and len(stem) < 4:
            continue  # نمایندگان, ستارگان; not ارگان
        if not plural and _object_of_preposition(stem, suffix, lex):
            return (word,)
        if stem in lex.stems or (not strict and stem in lex.wide) or stem in lex.compounds:
            return _word_terms(stem)
        if not plural and stem.endswith(_STACKABLE) and _word_terms(stem) != (stem,):
            return _word_terms(stem)
    return (word,)


def _object_of_preposition(stem: str, suffix: str, lex: _Lexicon) -> bool:
    """Say whether suffix is a pronoun clitic on a preposition (برای + تان), kept whole."""
    return suffix in _PRONOUN_CLITICS and stem in lex.prepositions


def _at_stem(stem: str, lex: _Lexicon) -> str:
    """Pick the singular behind ات: مبارزات -> مبارزه, خدمات -> خدمت, اعتصابات -> اعتصاب."""
    candidates = [
        c for c in (stem, stem + "ه", stem + "ت") if c in lex.words and c not in lex.plurals
    ]
    return max(candidates, key=lex.frequency.__getitem__, default=stem)


def _animate_plural_stem(word: str, lex: _Lexicon) -> str | None:
    if word in _LEXICON_PLURALS:
        return _LEXICON_PLURALS[word]
    stem = word[:-2]
    if stem in lex.stems and any(
        stem.endswith(e) and len(stem) > len(e) + 1 for e in _AGENT_ENDINGS
    ):
        return stem
    return None


# A word is (kind, stem, suffix, start, end): kind "fa", "num" or "lat"; stem the folded text of
# its first piece (with می/نمی joined on); suffix the folded inflection pieces written apart from
# it; start and end its span in the text. A plain tuple rather than a NamedTuple: every word of
# every imported article passes through here, and building a NamedTuple costs several times more.
_Word = tuple[str, str, str, int, int]
_WRITTEN_APART = _INFLECTIONS | _COMPARATIVES


def _joinable(text: str, end: int, start: int) -> bool:
    """Say whether only spaces and joiners (no punctuation) separate two pieces."""
    return not text[end:start].strip(GAP)


@lru_cache(maxsize=1 << 16)
def _fold_piece(piece: str) -> tuple[str, tuple[str, ...]]:
    """Return a piece's kind and the folded words it spells (a ligature such as ﷽ spells many)."""
    # Which alternative matches depends on the first character only, as it did in the text.
    kind = _PIECE.match(piece).lastgroup
    if kind == "fa":
        folded = fold_letters(piece)
    elif kind == "num":
        folded = piece.translate(FOLD).replace(",", "")
        if not folded.isascii():  # digits of a script the table does not list
            folded = "".join(str(unicodedata.decimal(c, c)) for c in folded)
    else:
        folded = piece.lower()
    return kind, tuple(word for word in folded.split(" ") if word)


def _words(text: str) -> list[_Word]:
    """Split text into words, joining pieces that ZWNJ or a space separated from their word."""
    parts = _PIECES.split(text)
    ends = list(accumulate(map(len, parts)))  # parts[k] ends at ends[k] in text
    pieces = []
    for k in range(1, len(parts), 2):
        kind, folded = _fold_piece(parts[k])
        for word in folded:
            pieces.append((kind, word, ends[k - 1], ends[k]))
    words: list[_Word] = []
    i, n = 0, len(pieces)
    while i < n:
        kind, stem, start, end = pieces[i]
        suffix = ""
        if kind == "fa":
            if (
                stem in _VERB_PREFIXES
                and i + 1 < n
                and pieces[i + 1][0] == "fa"
                and _joinable(text, end, pieces[i + 1][2])
                and _is_verb(pieces[i + 1][1], prefixed=True)
            ):
                i += 1
                stem += pieces[i][1]
                end = pieces[i][3]
            while (
                i + 1 < n
                and len(stem) >= 2
                and pieces[i + 1][1] in _WRITTEN_APART
                and pieces[i + 1][0] == "fa"
                and _joinable(text, end, pieces[i + 1][2])
            ):
                i += 1
                suffix += pieces[i][1]
                end = pieces[i][3]
        words.append((kind, stem, suffix, start, end))
        i += 1
    return words


def _terms(kind: str, stem: str, suffix: str) -> tuple[str, ...]:
    if kind != "fa":
        return (stem,)
    if suffix and suffix not in _COMPARATIVES:
        # Written apart, an inflection is certain even where the joined spelling is a word
        # of its own (تن‌ها "bodies" is not تنها "alone").
        if _object_of_preposition(stem, suffix, _lexicon()):
            return (stem + suffix,)
        return _word_terms(stem)
    return _word_terms(stem + suffix)


def tokens(text: str) -> list[Token]:
    """Analyse text into index terms with their spans in the original text."""
    out: list[Token] = []
    for kind, stem, suffix, start, end in _words(text):
        if kind == "fa" and not suffix and stem == _COPULA:
            continue
        for term in _terms(kind, stem, suffix):
            out.append(Token(term, start, end, len(out)))
    return out


def analyze(text: str) -> list[str]:
    """Return the index terms of text."""
    return [t.term for t in tokens(text)]


def surface_words(text: str) -> list[tuple[str, int, int]]:
    """Split text into folded words as written, as (word, start, end), without reducing inflections.

    Uses the same word boundaries as tokens(), so ZWNJ, space and nothing still join
    می‌/ها/ای alike; an ezafe ی written apart (خانه‌ی) is dropped, other suffixes are kept.
    """
    return [
        (stem + ("" if suffix == "ی" else suffix), start, end)
        for _, stem, suffix, start, end in _words(text)
    ]


def known_share(text: str) -> float:
    """The share of the Persian words in text that hazm's lexicon lists; 0.0 when there are none.

    How the importer tells a readable text layer or OCR from garble (a PDF's lines stored
    reversed read as strings of unknown words).
    """
    lex = _lexicon()
    words = [stem + suffix for kind, stem, suffix, _, _ in _words(text) if kind == "fa"]
    if not words:
        return 0.0
    return sum(word in lex.wide or word in lex.stems for word in words) / len(words)
