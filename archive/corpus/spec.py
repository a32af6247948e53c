"""What a benchmark corpus is made of: sizes, noise, the query mix, the cast, spellings."""

import re
from dataclasses import dataclass, field
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
TEXTS = "texts"
CAST_SIZE = 1000
MEAN_WORDS = 800
# Log-normal lengths: median ~670 words, mean 800, one article in a hundred above ~2,600.
LENGTH_SIGMA = 0.6
MIN_WORDS = 120
# An article stops at the first paragraph past its target; headers and names add the rest.
OVERSHOOT = 90
YEARS = (1380, 1404)
NOUN_SUBSTITUTION = 0.15
KIND_SHARES = (("news", 0.5), ("statement", 0.2), ("interview", 0.3))
# Within a noisy article, each line (title, header, paragraph) is noisy with this probability:
# real texts are often pasted together from differently typed pieces.
NOISY_LINE = 0.8

ZWNJ = "\u200c"
HAMZA_ABOVE = "\u0654"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# jdatetime counts weekdays from Saturday.
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")

TOO_FEW_ARTICLES = "تعداد مقاله‌ها باید دست‌کم ۱ باشد."
OUT_NOT_EMPTY = "پوشهٔ خروجی خالی نیست: {path}"


@dataclass(frozen=True)
class Noise:
    """Share of articles carrying each kind of noise real texts carry."""

    arabic: float = 0.15  # ي and ك for ی and ک
    zwnj_missing: float = 0.30  # ZWNJ dropped or typed as a space
    zwnj_extra: float = 0.10  # stray ZWNJs after words
    ascii_digits: float = 0.20  # 1401 for ۱۴۰۱
    heh_yeh: float = 0.20  # ۀ for هٔ
    hamza: float = 0.20  # تامین for تأمین


# The noise of a corpus unless told otherwise.
NOISE = Noise()


@dataclass(frozen=True)
class BenchQuery:
    """One query of the fixed benchmark mix."""

    kind: str  # one_word | two_word | phrase | person | variant
    q: str
    person: str = ""  # a cast name to filter by (kind "person")
    concept: str = ""  # the standard spelling (kind "variant")


QUERY_MIX: tuple[BenchQuery, ...] = (
    BenchQuery("one_word", "کارگران"),
    BenchQuery("one_word", "دستمزد"),
    BenchQuery("one_word", "اعتصاب"),
    BenchQuery("one_word", "بازنشستگان"),
    BenchQuery("one_word", "قرارداد"),
    BenchQuery("one_word", "معلمان"),
    BenchQuery("two_word", "حقوق معوقه"),
    BenchQuery("two_word", "کارگران پیمانی"),
    BenchQuery("two_word", "حق تشکل"),
    BenchQuery("two_word", "سندیکا بازداشت"),
    BenchQuery("phrase", '"حداقل دستمزد"'),
    BenchQuery("phrase", '"روز جهانی کارگر"'),
    BenchQuery("phrase", '"سبد معیشت"'),
    BenchQuery("person", "دستمزد", person="بهروز کاظمی"),
    BenchQuery("person", "اعتصاب", person="شیرین کاویانی"),
    BenchQuery("person", "قرارداد", person="ناصر یزدانی"),
    BenchQuery("variant", "كارفرما", concept="کارفرما"),
    BenchQuery("variant", "میکنند", concept="می‌کنند"),
    BenchQuery("variant", "تشکلهای", concept="تشکل‌های"),
    BenchQuery("variant", "خانوادۀ", concept="خانواده"),
    BenchQuery("variant", "تامین", concept="تأمین"),
    BenchQuery("variant", "مريم رحيمي", concept="مریم رحیمی"),
)

# --- names of our own -----------------------------------------------------------------------


@dataclass
class Entity:
    name: str
    aliases: list[str]
    description: str
    kind: str = ""  # organisations only


@dataclass
class Cast:
    people: list[Entity]
    organisations: list[Entity]

    def as_json(self) -> dict:
        """Return the cast in the format of archive/demo/cast.json."""
        people = [
            {"name": p.name, "aliases": p.aliases, "description": p.description}
            for p in self.people
        ]
        orgs = [
            {"name": o.name, "aliases": o.aliases, "kind": o.kind, "description": o.description}
            for o in self.organisations
        ]
        return {"people": people, "organisations": orgs}


@dataclass
class Summary:
    articles: int
    words: int
    kinds: dict[str, int]
    noise: dict[str, int]
    people: int
    organisations: int
    files: list[str] = field(default_factory=list, repr=False)


# --- spelling ---------------------------------------------------------------------------------

_TO_PERSIAN = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "هٔ", **dict(zip("0123456789", PERSIAN_DIGITS, strict=True))}
)
TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
TO_ASCII_DIGITS = str.maketrans(dict(zip(PERSIAN_DIGITS, "0123456789", strict=True)))
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "أ": "ا",
        HAMZA_ABOVE: None,
        ZWNJ: None,
        **dict(zip(PERSIAN_DIGITS, "0123456789", strict=True)),
    }
)


def standard(text: str) -> str:
    """Return the text with Persian letters and digits and ۀ written as هٔ."""
    return text.translate(_TO_PERSIAN)


def fold(text: str) -> str:
    """Return the text with every spelling variant our noise produces collapsed into one."""
    return text.translate(_FOLD)


def concept_pattern(concept: str) -> re.Pattern[str]:
    """Match the concept as whole words in folded text, its ZWNJs written as nothing or a space."""
    forms = {fold(concept), fold(concept.replace(ZWNJ, " "))}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# --- material ---------------------------------------------------------------------------------
