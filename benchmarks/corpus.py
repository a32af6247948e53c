"""Generate a deterministic Persian benchmark corpus from the demo texts and hazm's lexicon.

`generate(out_dir, articles=N, seed=S)` writes N plain-text articles into `out_dir/texts/` (a
folder `import_articles` can take whole) in the importer's input format (the shapes of
archive/demo/*.txt: news reports, statements, interviews with `Name: text` turns), plus:

- `cast.json`: about 1,000 people and organisations (the demo cast and generated names), in the
  format of archive/demo/cast.json, so the importer can link against them;
- `truth.json`: for each variant-spelling query of `QUERY_MIX`, the files that truly contain the
  concept in any spelling, so search recall can be computed;
- `manifest.json`: per file its kind, date, word count, mentioned people and organisations and
  the noise applied.

Sentences are the demo texts' own sentences, shuffled and with some nouns swapped for nouns of
hazm's lexicon; no text from elsewhere enters the repository. Pure Python, no Django.
"""

import importlib.util
import json
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jdatetime

from archive.text.jalali import JALALI_MONTHS, to_persian_digits

DEMO_DIR = Path(__file__).resolve().parents[1] / "archive" / "demo"
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

FIRST_NAMES = [
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "حمید",
    "مجید",
    "سعید",
    "جواد",
    "امیر",
    "کامران",
    "بهزاد",
    "داوود",
    "فرشید",
    "کاوه",
    "بابک",
    "سیاوش",
    "پیمان",
    "منصور",
    "اسماعیل",
    "جعفر",
    "قاسم",
    "یوسف",
    "عباس",
    "ابراهیم",
    "هادی",
    "وحید",
    "مسعود",
    "فریدون",
    "جمال",
    "کریم",
    "صادق",
    "اکبر",
    "نادر",
    "شاهرخ",
    "طاهر",
    "محسن",
    "رسول",
    "اصغر",
    "خلیل",
    "ژیلا",
    "فاطمه",
    "زینب",
    "مهسا",
    "نرگس",
    "لیلا",
    "سمیه",
    "پروین",
    "منیژه",
    "شهلا",
    "فرزانه",
    "نسرین",
    "الهام",
    "آزاده",
    "مینا",
    "رویا",
    "سیما",
    "ستاره",
    "هانیه",
    "گلاره",
    "ثریا",
    "اعظم",
    "طاهره",
    "کبری",
    "نازنین",
    "فرخنده",
    "سودابه",
    "عاطفه",
    "شبنم",
]
SURNAMES = [
    "احمدی",
    "محمدی",
    "حسینی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "قربانی",
    "صالحی",
    "نوری",
    "عباسی",
    "رحمانی",
    "اکبری",
    "حیدری",
    "امینی",
    "سلطانی",
    "شریفی",
    "بهمنی",
    "نظری",
    "یوسفی",
    "فتحی",
    "طاهری",
    "زارعی",
    "افشار",
    "باقری",
    "خسروی",
    "دهقان",
    "رستمی",
    "کرمی",
    "سبحانی",
    "مرادی",
    "نجفی",
    "ملکی",
    "شجاعی",
    "آقایی",
    "فرهادی",
    "عزیزی",
    "قنبری",
    "پاکزاد",
    "حسین\u200cزاده",
    "علی\u200cپور",
    "قلی\u200cزاده",
    "تقی\u200cزاده",
    "شاه\u200cمحمدی",
    "نیک\u200cنام",
    "میرزایی",
    "طاهرخانی",
    "کیانی",
    "ابراهیمی",
    "اسدی",
    "بیگی",
    "توکلی",
    "جلالی",
    "چگینی",
    "خدابنده",
    "داوری",
    "رحیمیان",
    "زمانی",
    "ساعدی",
    "شفیعی",
    "صفری",
    "ضیایی",
    "عطایی",
    "غفاری",
    "فلاحی",
    "قدیری",
    "کاملی",
    "گودرزی",
    "لطفی",
    "مختاری",
    "نصیری",
    "وکیلی",
    "هاشمی",
    "یگانه",
    "بهرامیان",
    "پورمحمد",
    "سپهری",
    "کوهی",
    "مقدم",
]
ROLES = (
    "کارگر پیمانی",
    "رانندهٔ کامیون",
    "معلم",
    "پرستار",
    "کارگر بازنشسته",
    "فعال کارگری",
    "نمایندهٔ کارگران",
    "جوشکار",
    "کارگر ساختمانی",
    "وکیل دادگستری",
    "روزنامه‌نگار",
    "کارگر نساجی",
    "کارگر فولاد",
    "رانندهٔ اتوبوس",
    "عضو هیئت مدیرهٔ سندیکا",
)
CITIES = [
    "تهران",
    "اهواز",
    "اراک",
    "تبریز",
    "اصفهان",
    "شیراز",
    "مشهد",
    "کرمانشاه",
    "سنندج",
    "رشت",
    "قزوین",
    "کرج",
    "یزد",
    "کرمان",
    "بندرعباس",
    "بوشهر",
    "زاهدان",
    "همدان",
    "ارومیه",
    "ساری",
    "گرگان",
    "قم",
    "کاشان",
    "آبادان",
    "ماهشهر",
    "شوش",
    "دزفول",
    "سبزوار",
    "زنجان",
]
INDUSTRIES = (
    "فولاد",
    "پتروشیمی",
    "نساجی",
    "ذوب آهن",
    "لاستیک‌سازی",
    "قند",
    "سیمان",
    "کاشی",
    "آلومینیوم",
    "مس",
    "ماشین‌سازی",
    "پالایشگاه",
    "خودروسازی",
    "کشت و صنعت",
    "کاغذسازی",
    "شیشه",
    "لبنیات",
    "معدن زغال‌سنگ",
)
PROFESSIONS = (
    "معلمان",
    "پرستاران",
    "رانندگان کامیون",
    "کارگران ساختمانی",
    "نانوایان",
    "کارگران خدماتی",
    "بازنشستگان",
    "کارگران فصلی",
    "رانندگان تاکسی",
    "کارگران شهرداری",
)
MEDIA_NAMES = (
    "صدای کار",
    "کار و زندگی",
    "چشم‌انداز کارگر",
    "دفتر کار",
    "کارنامه",
    "همبستگی",
    "مزد و معیشت",
    "کارگر امروز",
    "پیام کار",
    "راه کارگر جوان",
    "سپیده",
    "بیداری",
)
PROGRAMMES = ("گفتگوی هفته", "میزگرد کار", "صدای کارگران", "پرسش امروز", "از کارخانه تا خیابان")
ISSUES = (
    "حقوق معوقه",
    "قراردادهای موقت",
    "افزایش حداقل دستمزد",
    "بازداشت فعالان صنفی",
    "ایمنی محیط کار",
    "همسان‌سازی مستمری",
    "خصوصی‌سازی",
    "اخراج کارگران",
    "حق تشکل",
    "بیمهٔ بیکاری",
)
OCCASIONS = ("به مناسبت اول ماه مه", "به مناسبت روز معلم", "دربارهٔ", "در اعتراض به")
GROUPS = ("کارگران", "رانندگان", "معلمان", "بازنشستگان", "پرستاران", "کارگران پیمانی")
SUBHEADINGS = (
    "واکنش کارفرما",
    "خواسته‌های کارگران",
    "پیشینهٔ اعتراض",
    "سکوت مسئولان",
    "همبستگی",
    "گام بعدی",
    "روایت یک کارگر",
    "آمارها چه می‌گویند",
)


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
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
_TO_ASCII_DIGITS = str.maketrans(dict(zip(PERSIAN_DIGITS, "0123456789", strict=True)))
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

_LABEL = re.compile(r"^[^:：«»]{1,40}:\s+")
_NUMBERING = re.compile(r"^[۰-۹\d]+\s*[-.)]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
# Persian letters only: Arabic ك ي ى ة would blur the noise shares we mean to control.
_PERSIAN_WORD = re.compile(
    r"^[\u0621-\u0628\u062a-\u063a\u0641\u0642\u0644-\u0648\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+$"
)
PERSON = "\x01"
ORGANISATION = "\x02"


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    swappable: tuple[int, ...]  # positions of nouns that may be swapped for another noun


@dataclass
class Material:
    statements: list[Sentence]
    questions: list[Sentence]
    nouns: list[str]
    noun_weights: list[float]  # cumulative
    demo_cast: Cast


def _hazm_data() -> Path:
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _lexicon(limit: int = 8000) -> tuple[list[str], set[str]]:
    """Return hazm's most frequent nouns (most frequent first) and its stop words."""
    data = _hazm_data()
    stop = set((data / "stopwords.dat").read_text(encoding="utf-8").split())
    rows = []
    for line in (data / "words.dat").read_text(encoding="utf-8").splitlines():
        word, freq, tags = ([*line.split("\t"), "", ""])[:3]
        if (
            "N" in tags.split(",")
            and len(word) >= 3
            and word not in stop
            and _PERSIAN_WORD.match(word)
        ):
            rows.append((int(freq or 0), word))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [w for _, w in rows[:limit]], stop


def _demo_cast(demo_dir: Path) -> Cast:
    data = json.loads((demo_dir / "cast.json").read_text(encoding="utf-8"))
    people = [Entity(p["name"], list(p["aliases"]), p["description"]) for p in data["people"]]
    orgs = [
        Entity(o["name"], list(o["aliases"]), o["description"], o["kind"])
        for o in data["organisations"]
    ]
    return Cast(people, orgs)


def _demo_paragraphs(demo_dir: Path) -> Iterator[str]:
    for path in sorted(demo_dir.glob("*.txt")):
        in_front_matter = False
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line == "---":
                in_front_matter = not in_front_matter
                continue
            if in_front_matter or len(line) < 60:
                continue
            line = _NUMBERING.sub("", line)
            label = _LABEL.match(line)
            if label and len(label.group().split()) <= 4:
                line = line[label.end() :]
            yield standard(line)


def _name_pattern(cast: Cast) -> tuple[re.Pattern[str], dict[str, str]]:
    marker = {}
    for entity in cast.people:
        for name in [entity.name, *entity.aliases]:
            marker[standard(name)] = PERSON
    for entity in cast.organisations:
        for name in [entity.name, *entity.aliases]:
            marker[standard(name)] = ORGANISATION
    names = sorted(marker, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)), marker


def load_material(demo_dir: Path = DEMO_DIR) -> Material:
    """Cut the demo texts into sentence templates: cast names become slots, nouns swappable."""
    nouns, stop = _lexicon()
    noun_set = set(nouns)
    cast = _demo_cast(demo_dir)
    names, marker = _name_pattern(cast)
    statements, questions = [], []
    seen = set()
    for paragraph in _demo_paragraphs(demo_dir):
        for text in _SENTENCE_END.split(paragraph):
            if text.count("«") != text.count("»"):
                text = text.replace("«", "").replace("»", "")
            text = names.sub(lambda m: f" {marker[m.group()]} ", text)
            text = re.sub(rf" ([{PERSON}{ORGANISATION}]) ([،.!؟:»)])", r" \1\2", text)
            tokens = tuple(text.split())
            # A header line naming a whole panel ("با حضور X، Y و Z") reads badly out of place.
            if len(tokens) < 5 or text in seen or text.count(PERSON) > 2:
                continue
            seen.add(text)
            swappable = tuple(i for i, t in enumerate(tokens) if t in noun_set and t not in stop)
            sentence = Sentence(tokens, swappable)
            (questions if text.rstrip().endswith(("؟", "?")) else statements).append(sentence)
    weights, total = [], 0.0
    for rank in range(len(nouns)):
        total += 1.0 / (rank + 10)
        weights.append(total)
    return Material(statements, questions, nouns, weights, cast)


# --- cast -------------------------------------------------------------------------------------


def _spellings(name: str) -> list[str]:
    """Return the other ways a name gets typed: Arabic letters, ZWNJ dropped or spaced."""
    variants = [name.translate(_TO_ARABIC)]
    if ZWNJ in name:
        variants += [name.replace(ZWNJ, ""), name.replace(ZWNJ, " ")]
    return [v for v in dict.fromkeys(variants) if v != name]


def make_cast(seed: int, demo: Cast, size: int = CAST_SIZE) -> Cast:
    """Return the demo cast followed by generated people and organisations, ~size in all."""
    rng = random.Random(f"cast-{seed}")
    n_orgs = size // 5 - len(demo.organisations)
    n_people = size - n_orgs - len(demo.organisations) - len(demo.people)
    taken = {standard(p.name) for p in demo.people}
    pairs = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
    rng.shuffle(pairs)
    people = list(demo.people)
    for first, last in pairs:
        name = f"{first} {last}"
        if name in taken:
            continue
        taken.add(name)
        role = f"{rng.choice(ROLES)} در {rng.choice(CITIES)}"
        people.append(Entity(name, _spellings(name), role))
        if len(people) == len(demo.people) + n_people:
            break

    candidates = []
    for industry in INDUSTRIES:
        for city in CITIES:
            candidates.append(
                (f"سندیکای کارگران {industry} {city}", "union", "سندیکای مستقل کارگران")
            )
            candidates.append((f"شورای کارگران {industry} {city}", "union", "شورای منتخب کارگران"))
            candidates.append((f"شرکت {industry} {city}", "company", "کارفرمای صنعتی"))
    for profession in PROFESSIONS:
        for city in CITIES:
            candidates.append((f"انجمن صنفی {profession} {city}", "union", "تشکل صنفی"))
            candidates.append((f"کانون صنفی {profession} {city}", "union", "تشکل صنفی"))
    rng.shuffle(candidates)
    media = [(f"نشریه {m}", "media", "نشریهٔ کارگری") for m in MEDIA_NAMES]
    taken_orgs = {standard(o.name) for o in demo.organisations}
    orgs = list(demo.organisations)
    for name, kind, what in media + candidates:
        if name in taken_orgs:
            continue
        taken_orgs.add(name)
        orgs.append(Entity(name, _spellings(name), what, kind))
        if len(orgs) == len(demo.organisations) + n_orgs:
            break
    return Cast(people, orgs)


# --- articles ---------------------------------------------------------------------------------


def _cumulative_zipf(n: int, exponent: float = 1.0) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += rank**-exponent
        out.append(total)
    return out


@dataclass
class _Article:
    kind: str
    lines: list[str]
    words: int
    date: str
    people: set[str]
    organisations: set[str]
    publication: str = ""  # the media organisation on the publication line


class _Writer:
    """Write articles for one corpus; every choice comes from one seeded random generator."""

    def __init__(self, material: Material, cast: Cast, seed: int):
        self.m = material
        self.cast = cast
        self.rng = random.Random(f"corpus-{seed}")
        self.people_cw = _cumulative_zipf(len(cast.people))
        self.orgs_cw = _cumulative_zipf(len(cast.organisations))
        self.media = [
            o.name for o in cast.organisations if o.kind == "media" and o.name.startswith("نشریه")
        ]
        self.radios = [
            o.name for o in cast.organisations if o.kind == "media" and o.name.startswith("رادیو")
        ]
        self.mu = math.log(MEAN_WORDS - OVERSHOOT) - LENGTH_SIGMA**2 / 2
        # The demo cast's descriptions name organisations ("از فعالان شورای …"): quoting a
        # person with their description mentions those too.
        self.named_in_description = {
            p.name: [
                o.name
                for o in cast.organisations
                if any(standard(n) in standard(p.description) for n in [o.name, *o.aliases])
            ]
            for p in cast.people
        }

    # choices

    def _people(self, k: int) -> list[Entity]:
        picked = self.rng.choices(self.cast.people, cum_weights=self.people_cw, k=k)
        return list({p.name: p for p in picked}.values())

    def _orgs(self, k: int) -> list[Entity]:
        picked = self.rng.choices(self.cast.organisations, cum_weights=self.orgs_cw, k=k)
        return list({o.name: o for o in picked}.values())

    def _date(self) -> tuple[str, str]:
        rng = self.rng
        year = rng.randint(*YEARS)
        month = rng.randint(1, 12)
        day = rng.randint(1, 31 if month <= 6 else 30 if month <= 11 else 29)
        iso = f"{year}-{month:02d}-{day:02d}"
        style = rng.random()
        day_month_year = to_persian_digits(f"{day} {JALALI_MONTHS[month - 1]} {year}")
        if style < 0.55:
            text = day_month_year
        elif style < 0.8:
            weekday = WEEKDAYS[jdatetime.date(year, month, day).weekday()]
            text = f"{weekday} {day_month_year}"
        else:
            text = to_persian_digits(f"{year}/{month:02d}/{day:02d}")
        return text, iso

    # text

    def _sentences(
        self, pool: list[Sentence], k: int, people: list[Entity], orgs: list[Entity], used: _Article
    ) -> list[str]:
        rng = self.rng
        out = []
        for sentence in rng.choices(pool, k=k):
            tokens = list(sentence.tokens)
            for i in sentence.swappable:
                if rng.random() < NOUN_SUBSTITUTION:
                    tokens[i] = rng.choices(self.m.nouns, cum_weights=self.m.noun_weights)[0]
            text = " ".join(tokens)
            if PERSON in text:
                parts = text.split(PERSON)
                names = [rng.choice(people).name for _ in parts[1:]]
                used.people.update(names)
                text = parts[0] + "".join(n + p for n, p in zip(names, parts[1:], strict=True))
            if ORGANISATION in text:
                parts = text.split(ORGANISATION)
                names = [rng.choice(orgs).name for _ in parts[1:]]
                used.organisations.update(names)
                text = parts[0] + "".join(n + p for n, p in zip(names, parts[1:], strict=True))
            used.words += text.count(" ") + 1
            out.append(text)
        return out

    def _paragraph(self, people, orgs, used, lo: int = 2, hi: int = 6) -> str:
        return " ".join(
            self._sentences(self.m.statements, self.rng.randint(lo, hi), people, orgs, used)
        )

    def _quote(self, person: Entity, people, orgs, used) -> str:
        said = self._sentences(self.m.statements, 1, people, orgs, used)[0].rstrip(".")
        used.people.add(person.name)
        used.organisations.update(self.named_in_description[person.name])
        used.words += 4 + len(person.description.split())
        return f"{person.name}، {person.description.rstrip('.')}، گفت: «{said}.»"

    def _title(self, kind: str, orgs: list[Entity], used: _Article) -> str:
        rng = self.rng
        if kind == "statement":
            org = orgs[0]
            used.organisations.add(org.name)
            occasion = rng.choice(OCCASIONS)
            about = f" {rng.choice(ISSUES)}" if occasion in ("دربارهٔ", "در اعتراض به") else ""
            return f"بیانیه {org.name} {occasion}{about}"
        if kind == "interview" or rng.random() < 0.3:
            # A quoted clause; never one that looks like an interview header or a speaker label.
            while True:
                words = rng.choice(self.m.statements).tokens[: rng.randint(4, 8)]
                clause = " ".join(words).rstrip("،.؛")
                if not any(c in clause for c in (PERSON, ORGANISATION, ":", "گفتگو", "«", "»")):
                    return f"«{clause}»"
        return f"تجمع {rng.choice(GROUPS)} {rng.choice(CITIES)} در اعتراض به {rng.choice(ISSUES)}"

    def _target(self) -> int:
        return max(MIN_WORDS, int(self.rng.lognormvariate(self.mu, LENGTH_SIGMA)))

    def _publication(self, used: _Article) -> str:
        media = self.rng.choice(self.media)
        used.publication = media
        return f"{media}، شماره {to_persian_digits(self.rng.randint(10, 900))}"

    def article(self, kind: str) -> _Article:
        rng = self.rng
        date_text, iso = self._date()
        used = _Article(kind, [], 0, iso, set(), set())
        people = self._people(1 + min(6, int(rng.expovariate(0.5))))
        orgs = self._orgs(1 + min(4, int(rng.expovariate(0.7))))
        target = self._target()
        getattr(self, f"_{kind}")(used, people, orgs, date_text, target)
        return used

    def _news(self, a: _Article, people, orgs, date_text: str, target: int) -> None:
        rng = self.rng
        lines = [self._title("news", orgs, a)]
        reporter = self._people(1)[0]
        style = rng.random()
        if style < 0.5:
            lines += [self._publication(a), date_text]
        elif style < 0.8:
            lines.append(f"{reporter.name} - {date_text}")
            a.people.add(reporter.name)
        else:
            lines += [date_text, f"گزارش خبری: {reporter.name}"]
            a.people.add(reporter.name)
        lines.append("")
        quoted = list(people)
        headed = rng.random() < 0.3
        while a.words < target:
            if quoted and rng.random() < 0.5:
                lines += [
                    self._paragraph(people, orgs, a, 1, 3)
                    + " "
                    + self._quote(quoted.pop(), people, orgs, a),
                    "",
                ]
            else:
                lines += [self._paragraph(people, orgs, a), ""]
            if headed and rng.random() < 0.25:
                lines += [rng.choice(SUBHEADINGS), ""]
        for person in quoted:
            lines += [self._quote(person, people, orgs, a), ""]
        a.lines = lines

    def _statement(self, a: _Article, people, orgs, date_text: str, target: int) -> None:
        rng = self.rng
        # The date goes right under the title or, as in demo text 04, on the last line: the
        # signatories' line is not a header line, so a date after it would be read as body.
        lines = [self._title("statement", orgs, a)]
        date_last = rng.random() < 0.2
        if not date_last:
            lines.append(date_text)
        lines.append(" و ".join(o.name for o in orgs[:2]))
        a.organisations.update(o.name for o in orgs[:2])
        lines += ["", f"{rng.choice(GROUPS)} و همه مزدبگیران!", ""]
        demands_at = target * 2 // 3
        while a.words < demands_at:
            lines += [self._paragraph(people, orgs, a), ""]
        lines += ["ما امضا کنندگان این بیانیه، خواسته‌های خود را به این شرح اعلام می‌کنیم:", ""]
        for n in range(1, rng.randint(3, 7) + 1):
            lines.append(
                f"{to_persian_digits(n)}- "
                + self._sentences(self.m.statements, 1, people, orgs, a)[0]
            )
        lines.append("")
        while a.words < target:
            lines += [self._paragraph(people, orgs, a), ""]
        if rng.random() < 0.5:
            lines.append(" - ".join(p.name for p in people[:2]))
            a.people.update(p.name for p in people[:2])
        if date_last:
            lines.append(date_text)
        a.lines = lines

    def _interview(self, a: _Article, people, orgs, date_text: str, target: int) -> None:
        rng = self.rng
        host = self._people(1)[0]
        guests = [p for p in people if p.name != host.name][:3]
        while not guests:  # the only featured person was drawn as host
            guests = [p for p in self._people(1) if p.name != host.name]
        lines = []
        if rng.random() < 0.15:
            lines.append(guests[0].name)
        lines += [self._title("interview", orgs, a), date_text]
        if rng.random() < 0.5:
            lines.append(self._publication(a))
        names = (
            guests[0].name
            if len(guests) == 1
            else "، ".join(g.name for g in guests[:-1]) + f" و {guests[-1].name}"
        )
        where = ""
        if self.radios and rng.random() < 0.5:
            radio = rng.choice(self.radios)
            a.organisations.add(radio)
            where = f" در {radio}"
        lines += ["", f"متن گفتگو با {names} در برنامه {rng.choice(PROGRAMMES)}{where}", ""]
        a.people.update([host.name, *(g.name for g in guests)])
        while a.words < target:
            guest = rng.choice(guests)
            question = self._sentences(self.m.questions, 1, people, orgs, a)[0]
            lead = f"{guest.name}! " if len(guests) > 1 and rng.random() < 0.3 else ""
            lines += [f"{host.name}: {lead}{question}", ""]
            lines += [f"{guest.name}: {self._paragraph(people, orgs, a, 2, 5)}", ""]
            if rng.random() < 0.3:
                lines += [self._paragraph(people, orgs, a, 1, 4), ""]
        lines += [f"{host.name}: از شما ممنونم که در این گفتگو شرکت کردید.", ""]
        a.lines = lines


# --- noise ------------------------------------------------------------------------------------


def _add_noise(lines: list[str], rng: random.Random, noise: Noise) -> tuple[list[str], list[str]]:
    kinds = [k for k, share in asdict(noise).items() if rng.random() < share]
    if not kinds:
        return lines, []
    space_for_zwnj = rng.random() < 0.35
    every = rng.randint(5, 15)
    out = []
    for line in lines:
        if not line or rng.random() >= NOISY_LINE:
            out.append(line)
            continue
        for kind in kinds:
            if kind == "arabic":
                line = line.translate(_TO_ARABIC)
            elif kind == "zwnj_missing":
                line = line.replace(ZWNJ, " " if space_for_zwnj else "")
            elif kind == "zwnj_extra":
                words = line.split(" ")
                for i in range(every - 1, len(words), every):
                    words[i] += ZWNJ
                line = " ".join(words)
            elif kind == "ascii_digits":
                line = line.translate(_TO_ASCII_DIGITS)
            elif kind == "heh_yeh":
                line = line.replace("ه" + HAMZA_ABOVE, "ۀ")
            elif kind == "hamza":
                line = line.replace("أ", "ا")
        out.append(line)
    return out, kinds


# --- the corpus -------------------------------------------------------------------------------


def generate(
    out_dir: Path,
    *,
    articles: int,
    seed: int = 0,
    noise: Noise = Noise(),
    demo_dir: Path = DEMO_DIR,
    queries: Sequence[BenchQuery] = QUERY_MIX,
    cast_seed: int | None = None,
) -> Summary:
    """Write `articles` texts into out_dir/texts and cast, truth and manifest JSON into out_dir."""
    if articles < 1:
        raise ValueError(TOO_FEW_ARTICLES)
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(OUT_NOT_EMPTY.format(path=out_dir))
    texts_dir = out_dir / TEXTS
    texts_dir.mkdir(parents=True, exist_ok=True)

    material = load_material(demo_dir)
    # Another seed with the same cast gives more texts about the same people.
    cast = make_cast(seed if cast_seed is None else cast_seed, material.demo_cast)
    writer = _Writer(material, cast, seed)
    noise_rng = random.Random(f"noise-{seed}")
    variants = [q for q in queries if q.kind == "variant"]
    patterns = [concept_pattern(q.concept) for q in variants]
    hits: list[list[str]] = [[] for _ in variants]
    kinds_cw, total = [], 0.0
    for _, share in KIND_SHARES:
        total += share
        kinds_cw.append(total)
    manifest = {}
    summary = Summary(
        articles,
        0,
        {k: 0 for k, _ in KIND_SHARES},
        dict.fromkeys(asdict(noise), 0),
        len(cast.people),
        len(cast.organisations),
    )

    width = max(5, len(str(articles)))
    for i in range(1, articles + 1):
        kind = writer.rng.choices([k for k, _ in KIND_SHARES], cum_weights=kinds_cw)[0]
        article = writer.article(kind)
        lines, applied = _add_noise(article.lines, noise_rng, noise)
        text = "\n".join(lines).rstrip() + "\n"
        name = f"{i:0{width}d}_{kind}.txt"
        (texts_dir / name).write_text(text, encoding="utf-8")
        folded = fold(text)
        for found, pattern in zip(hits, patterns, strict=True):
            if pattern.search(folded):
                found.append(name)
        manifest[name] = {
            "kind": kind,
            "date": article.date,
            "words": len(text.split()),
            "people": sorted(article.people),
            "organisations": sorted(article.organisations),
            "publication": article.publication,
            "noise": applied,
        }
        summary.words += manifest[name]["words"]
        summary.kinds[kind] += 1
        for k in applied:
            summary.noise[k] += 1
        summary.files.append(name)

    def dump(filename: str, data) -> None:
        (out_dir / filename).write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    dump("cast.json", cast.as_json())
    dump("manifest.json", manifest)
    dump(
        "truth.json",
        {
            "seed": seed,
            "articles": articles,
            "variant_queries": [
                {"q": q.q, "concept": q.concept, "files": found}
                for q, found in zip(variants, hits, strict=True)
            ],
        },
    )
    return summary
