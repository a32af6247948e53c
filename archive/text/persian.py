"""Persian text analysis for matching: search terms, entity linking, duplicate detection.

The stored text is never rewritten: these functions produce keys for comparison only.

`tokens()` is the one analyzer used for documents and queries alike. It

- folds spelling variants (Arabic kaf/yeh, hamza seats, alef madda, heh forms, diacritics,
  tatweel, digits of every script, Latin case, letters stretched by repetition);
- treats ZWNJ, space and nothing alike for the verbal prefix می/نمی, for inflectional
  suffixes (ها، های، ای، ام، اش، تر، ترین ...) and for compounds: a word hazm's lexicon
  lists solid (کتابخانه) is one term however its parts are written; a word it does not know
  is split into two it does (نیکپور is نیک پور, هفتتپه is هفت تپه), compound given names
  too (علیرضا is علی رضا); به glued to a word is split off (بصورت is به صورت);
- folds the seats of hamza together (مسئول, مسؤول, مسوول; هیئت, هیأت, هیات) and the
  spellings of common given names (داود is داوود, see `namelists`);
- reduces plurals and inflected forms only when hazm's lexicon confirms the stem, so ایران,
  زندان, دفتر, هفت keep their own meaning; the Arabic plural ین only on a word shaped as an
  Arabic participle (معلمین, فعالین; not شیرین, ماشین), گان also on participles (شدگان);
  a pronoun on a preposition (برایتان, ازش) is its object, not an inflection, and that form
  keeps its own term;
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
from archive.text.namelists import NAME_HEADS, NAME_TAILS, NAME_VARIANTS, SURNAME_TAILS

# Raise it whenever tokens() gives other terms for the same text: an index written with
# another version holds terms that queries no longer produce, and is rebuilt.
ANALYZER_VERSION = 5

_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

# A comma (Latin or Arabic) groups thousands only before exactly three digits (5,000, ۵،۰۰۰);
# 1,2,3 stays a list, and so does ۱، ۲ with the space Persian writes after a comma.
_NUMBER = r"\d+(?:[.٫٬]\d+|[,،]\d{3}(?!\d))*"
_ARABIC_WORD = rf"[{ARABIC_LETTERS}{MARKS}]+"
_OTHER_WORD = rf"[^\W_{_ARABIC_BLOCKS}]+"
_PIECE = re.compile(rf"(?P<num>{_NUMBER})|(?P<fa>{_ARABIC_WORD})|(?P<lat>{_OTHER_WORD})")
# The same pieces in one group, so that split() returns gap, piece, gap, … : much quicker on a
# long text than a match object per piece.
_PIECES = re.compile(f"({_NUMBER}|{_ARABIC_WORD}|{_OTHER_WORD})")

# هاست is ها with the copula glued on (ماه‌هاست "it has been months").
_PLURAL_HA = (
    "هایشان",
    "هایتان",
    "هایمان",
    "هایش",
    "هایت",
    "هایم",
    "هایی",
    "های",
    "هاست",
    "ها",
)
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
    hamza: dict[str, str]  # مسوول, هیات -> the term of مسئول, هیئت (see _hamza_spellings)


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
    seated: list[tuple[int, str]] = []  # (count, raw word) of reviewed hamza words
    with (data / "words.dat").open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3:
                continue
            if fields[2] != "0":  # the unreviewed list has much Arabic with hamza: ماه from مأه
                seated.extend(
                    (int(fields[1] or 0), piece)
                    for piece in fields[0].replace(ZWNJ, " ").split()
                    if _MEDIAL_SEAT.search(piece)
                )
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
        hamza=_hamza_spellings(seated, frozenset(words)),
    )


# A hamza seat after the first letter: مسئول, مسؤول, هیأت (an initial أ is only an alef).
_MEDIAL_SEAT = re.compile("(?<=.)[ئؤأ]")
# Iranian spelling seats a hamza on ئ where Arabic spelling writes ؤ or أ (مسئول/مسؤول,
# هیئت/هیأت), and either may be spelled out without the hamza (مسوول, هیات); ئو and ؤ
# are both written for the same sound (سئوال/سؤال).
_SEAT_SWAPS = {"ئ": ("ؤ", "أ"), "ؤ": ("ئ",), "أ": ("ئ",)}


def _seat_variants(raw: str) -> set[str]:
    """Spell a lexicon word with each other seat its hamza is written on, one seat at a time."""
    variants = set()
    for match in _MEDIAL_SEAT.finditer(raw):
        i, seat = match.start(), match.group()
        for other in _SEAT_SWAPS[seat]:
            variants.add(raw[:i] + other + raw[i + 1 :])
        if seat == "ئ" and raw[i + 1 : i + 2] == "و":
            variants.add(raw[:i] + "ؤ" + raw[i + 2 :])
        elif seat == "ؤ" and raw[i + 1 : i + 2] != "و":
            variants.add(raw[:i] + "ئو" + raw[i + 1 :])
    return {fold_letters(v) for v in variants}


def _hamza_spellings(seated: list[tuple[int, str]], words: frozenset[str]) -> dict[str, str]:
    """Map the other spellings of each hamza word to its usual folded spelling.

    The most used spelling of a word gives the term, so terms stay those of the plain fold
    (مسئول -> مسیول). A variant that is a word of its own without any
    hamza (سیال, which سؤال would give) is left alone, and so is one of a short word.
    """
    natural = {fold_letters(raw) for _, raw in seated}
    spellings: dict[str, str] = {}
    for _, raw in sorted(seated, reverse=True):
        folded = fold_letters(raw)
        term = spellings.get(folded, folded)
        for variant in _seat_variants(raw) | {folded}:
            if variant in natural or (
                # Short words and words that fold to fewer letters collide with others.
                len(variant) >= len(folded) > 3 and variant not in words
            ):
                spellings.setdefault(variant, term)
    return {variant: term for variant, term in spellings.items() if variant != term}


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
    word = NAME_VARIANTS.get(word) or lex.hamza.get(word, word)
    if name := _compound_name(word):
        return name
    if word in lex.words and word not in lex.plurals:
        if word.endswith("ان") and (plural_stem := _animate_plural_stem(word, lex)):
            return (plural_stem,)
        if word.endswith("ین") and _is_arabic_plural(word, lex):
            return _word_terms(word[:-2])
        if word.endswith("گان") and _is_participle(word[:-3] + "ه", lex):
            return (word[:-3] + "ه",)  # بازماندگان, like بازداشت‌شدگان
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
    if _glued_be(word, lex):
        return ("به", *_word_terms(word[1:]))  # بصورت is به صورت
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
        if (
            suffix in _CLITICS_ENDING_IN_AN
            and word[:-2] in lex.words
            and stem not in lex.prepositions
        ):
            continue  # متهمان is متهم + ان, not مته + مان
        if suffix == "ین" and not (
            _ARABIC_PARTICIPLE.match(stem) and not _PERSIAN_ONLY_LETTERS.search(stem)
        ):
            continue  # واپسین, ماهین: adjectives
        if stem in lex.compounds and stem not in lex.stems:
            # The suffix belongs to the compound's last part: زمینخواری is زمین خواری.
            *head, last = lex.compounds[stem]
            return (*(t for part in head for t in _word_terms(part)), *_word_terms(last + suffix))
        stem = _at_stem(stem, lex) if suffix == "ات" else stem + replacement
        stem = lex.hamza.get(stem, stem)
        if suffix == "گان" and len(stem) < 4 and stem[:-1] not in lex.past:
            continue  # نمایندگان, ستارگان, شدگان; not ارگان
        if not plural and _object_of_preposition(stem, suffix, lex):
            return (word,)
        if stem in lex.stems or (not strict and stem in lex.wide) or stem in lex.compounds:
            return _word_terms(stem)
        # کارگرانشان; not a stem the lexicon only splits (صادقخانی is صادق خانی)
        reduced = _word_terms(stem) if not plural and stem.endswith(_STACKABLE) else (stem,)
        if len(reduced) == 1 and reduced != (stem,):
            return reduced
    return _segmented(word, lex) or (word,)


_CLITICS_ENDING_IN_AN = ("شان", "تان", "مان")


def _glued_be(word: str, lex: _Lexicon) -> bool:
    """Say whether word is the preposition به glued to a word (بصورت, بطرف, بنمایش).

    The rest may carry an ezafe (بسوی), but not the whole: بنای is بنا + ی.
    """
    rest = word[1:]
    if rest.endswith("ی") and rest[:-1] in lex.words:
        rest = rest[:-1]  # بسوی, بزودی
    return (
        word.startswith("ب")
        and len(word) > 3
        and rest in lex.words
        and rest not in lex.plurals
        and not (word.endswith("ی") and word[:-1] in lex.words)
    )


def _is_participle(word: str, lex: _Lexicon) -> bool:
    """Say whether word is a past participle the lexicon lists (بازمانده, درگذشته)."""
    past = word[:-1]  # a compound verb's past stem ends in a simple one: باز + ماند
    return (
        len(word) > 3
        and word in lex.words
        and any(past[i:] in lex.past for i in range(len(past) - 2))
    )


def _compound_name(word: str) -> tuple[str, ...] | None:
    """Split a compound given name (علیرضا, محمدحسین) into its names."""
    for i in range(2, len(word) - 1):
        if word[:i] in NAME_HEADS and word[i:] in NAME_TAILS:
            return (word[:i], word[i:])
    return None


# Arabic participles take the plural ین (معلمین, مسئولین, فعالین, حاضرین); Persian words
# ending in ین are adjectives (سنگین, شیرین) or words of their own (ماشین, شاهین), which
# the participle's shape (مُفعِل, فاعل, فعّال on a stem of four letters) keeps apart, except
# for these adjectives (and names and ordinals) of the same shape.
_ARABIC_PARTICIPLE = re.compile("^(?:م.{3,}|.ا..|..ا.)$")
_PERSIAN_ONLY_LETTERS = re.compile("[پچژگ]")  # never in an Arabic word: واپسین is Persian
_PERSIAN_IN_ADJECTIVES = frozenset(
    (
        *("مرمرین", "مخملین", "سفالین", "اغازین", "میانین", "نمادین", "نهادین", "راستین"),
        *("کدامین", "داروین", "سزارین", "میلیونمین", "میلیاردمین"),
    )
)


def _is_arabic_plural(word: str, lex: _Lexicon) -> bool:
    stem = word[:-2]
    return (
        word not in _PERSIAN_IN_ADJECTIVES
        and bool(_ARABIC_PARTICIPLE.match(stem))
        and not _PERSIAN_ONLY_LETTERS.search(stem)
        and lex.hamza.get(stem, stem) in lex.words
    )


# Tails that glue on as suffixes, never as the second word of a compound; and یکه, which
# glued is mostly ی + که (حالیکه).
_NOT_A_PART = frozenset(("ان", "ات", "ین", "گان", "یان", "جات", "ست", "ون", "یون", "یکه"))
# Short words often written glued to the word before them (درحالیکه, چنانکه).
_GLUED_WORDS = frozenset(("که",))


def _segmented(word: str, lex: _Lexicon) -> tuple[str, ...] | None:
    """Split a word the lexicon does not know into two words it does (نیکپور, دانشفر).

    Names and compounds are written solid as often as with ZWNJ or a space; split, they
    match their other spellings.
    """
    i = _best_split(word, lex)
    return None if i is None else (*_word_terms(word[:i]), *_word_terms(word[i:]))


def _best_split(word: str, lex: _Lexicon) -> int | None:
    """Return where word splits into two words, if it does.

    Of the possible splits, the one whose shorter part is the longest wins (نیک + پور, not
    نی + کپور), then the most frequent.
    """
    if len(word) < 5:
        return None
    best: tuple[int, int, int] | None = None
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if not _is_part(head, lex) or not _is_part(tail, lex):
            continue
        rank = (
            min(len(head), len(tail)),
            min(lex.frequency.get(head, 0), lex.frequency.get(tail, 0)),
            i,
        )
        if best is None or rank > best:
            best = rank
    return None if best is None else best[2]


def joined_word(first: str, second: str) -> tuple[str, ...] | None:
    """Return the terms of two words written as one, if that one is a lexicon word (کارخانه)."""
    found = _words(first + second)
    if len(found) != 1 or found[0][0] != "fa" or found[0][2]:
        return None
    folded = found[0][1]
    if folded not in _lexicon().words:
        return None
    terms = _word_terms(folded)
    return terms if terms != (*analyze(first), *analyze(second)) else None


def compound_parts(word: str) -> tuple[str, ...] | None:
    """Return the terms of the two words a one-word text is made of, even a lexicon word.

    The index keeps a word the lexicon knows whole (کارخانه, سیاستمدار), while writers also
    space it (سیاست مدار): a query for the one looks for the other too. So too for the
    prefixes هم, بی, نا (همبستگی, هم‌بستگی), which the index joins to nothing: in text هم
    is too often "also".
    """
    found = _words(word)
    if len(found) != 1 or found[0][0] != "fa" or found[0][2]:
        return None
    folded = found[0][1]
    lex = _lexicon()
    terms = _word_terms(folded)
    prefix = next((p for p in _QUERY_PREFIXES if folded.startswith(p)), "")
    rest = _word_terms(folded[len(prefix) :]) if prefix else ()
    if len(terms) == 1 and len(rest) == 1 and _is_part(rest[0], lex):
        return None if (prefix, *rest) == terms else (prefix, *rest)  # همکاران: هم کار
    if folded not in lex.words or terms != (folded,):
        return None  # not a lexicon word, or an inflected one (کارگران is not کار گران)
    i = _best_split(folded, lex)
    if i is None:
        return None
    parts = (*_word_terms(folded[:i]), *_word_terms(folded[i:]))
    return parts if parts != terms else None


_QUERY_PREFIXES = ("هم", "بی", "نا")


def _is_part(piece: str, lex: _Lexicon) -> bool:
    """Say whether piece may be one word of a compound written solid.

    A word with the ی of surnames and adjectives counts too (امیری in امیریفر, محمدی).
    """
    if piece in SURNAME_TAILS or piece in NAME_TAILS or piece in _GLUED_WORDS:
        return True
    if len(piece) > 3 and piece.endswith("ی") and _is_word(piece[:-1], lex):
        return True
    return _is_word(piece, lex)


def _is_word(piece: str, lex: _Lexicon) -> bool:
    return (
        len(piece) > 2  # two-letter words (گر, سر, در) would split too many names
        and piece in lex.words
        and piece not in lex.plurals
        and piece not in _NOT_A_PART
    )


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
        folded = piece.translate(FOLD).replace(",", "").replace("،", "")
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
        if kind == "fa" and words and _joins(words[-1], stem, text, start):
            previous = words.pop()
            stem, start = previous[1] + stem, previous[3]
        words.append((kind, stem, suffix, start, end))
        i += 1
    return words


def _joins(previous: _Word, stem: str, text: str, start: int) -> bool:
    """Say whether two words written apart are one lexicon word (کتاب خانه is کتابخانه).

    The index keeps a lexicon word whole; written with ZWNJ or a space, its parts would be
    other terms. The second part may be a present stem (کار فرما), the first the prefix بی
    or نا (بی کاری); short words and verbs are left apart: کار کرد "worked" is not کارکرد.
    """
    kind, first, suffix, _, end = previous
    lex = _lexicon()
    # The joined spelling itself must be a lexicon word, or one with the ی of surnames and
    # adjectives (شهر یاری, شهریاری): مهم آنها is not مهمانها, guests.
    joined = first + stem
    if kind != "fa" or suffix or len(stem) < 3:
        return False
    if joined not in lex.words and not (joined.endswith("ی") and joined[:-1] in lex.words):
        return False
    if not _joinable(text, end, start):
        return False
    if not ((len(first) > 2 and first in lex.words) or first in _JOINING_PREFIXES):
        return False
    if stem in _TIME_UNITS or not (
        stem in lex.stems or stem in lex.present or _word_terms(stem)[0] in lex.words
    ):
        return False
    if stem.endswith("ه") and stem[:-1] in lex.past:
        return False  # a participle: قرار گرفته is a verb, found under قرار too
    return not (_verb_like(first, lex) or _verb_like(stem, lex))


_JOINING_PREFIXES = frozenset(("بی", "نا"))
# After a month's or a day's name these are apposition, not a compound: شهریور ماه stays
# findable as شهریور.
_TIME_UNITS = frozenset(("ماه", "روز", "سال", "شب", "هفته"))
# Verb forms the lexicon also lists as nouns (داد, نمود) are read as verbs below this count.
_NOUN_FREQUENCY = 100_000


def _verb_like(word: str, lex: _Lexicon) -> bool:
    """Say whether a word is likelier a verb form (or participle) than a noun."""
    verbal = _is_verb(word, prefixed=False) or word[:-1] in lex.past
    return verbal and lex.frequency.get(word, 0) < _NOUN_FREQUENCY


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
