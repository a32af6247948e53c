"""Writing the corpus: articles of each kind, noise, and the files `generate` leaves."""

import json
import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import jdatetime

from archive.corpus.material import (
    ORGANISATION,
    PERSON,
    Material,
    Sentence,
    cumulative_zipf,
    load_material,
    make_cast,
)
from archive.corpus.names import CITIES, GROUPS, ISSUES, OCCASIONS, PROGRAMMES, SUBHEADINGS
from archive.corpus.spec import (
    DEMO_DIR,
    HAMZA_ABOVE,
    KIND_SHARES,
    LENGTH_SIGMA,
    MEAN_WORDS,
    MIN_WORDS,
    NOISE,
    NOISY_LINE,
    NOUN_SUBSTITUTION,
    OUT_NOT_EMPTY,
    OVERSHOOT,
    QUERY_MIX,
    TEXTS,
    TO_ARABIC,
    TO_ASCII_DIGITS,
    TOO_FEW_ARTICLES,
    WEEKDAYS,
    YEARS,
    ZWNJ,
    BenchQuery,
    Cast,
    Entity,
    Noise,
    Summary,
    concept_pattern,
    fold,
    standard,
)
from archive.text.jalali import JALALI_MONTHS, to_persian_digits


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
        self.rng = random.Random(f"corpus-{seed}")  # noqa: S311 - reproducible, not secret
        self.people_cw = cumulative_zipf(len(cast.people))
        self.orgs_cw = cumulative_zipf(len(cast.organisations))
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
                line = line.translate(TO_ARABIC)
            elif kind == "zwnj_missing":
                line = line.replace(ZWNJ, " " if space_for_zwnj else "")
            elif kind == "zwnj_extra":
                words = line.split(" ")
                for i in range(every - 1, len(words), every):
                    words[i] += ZWNJ
                line = " ".join(words)
            elif kind == "ascii_digits":
                line = line.translate(TO_ASCII_DIGITS)
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
    noise: Noise = NOISE,
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
    noise_rng = random.Random(f"noise-{seed}")  # noqa: S311 - reproducible, not secret
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
