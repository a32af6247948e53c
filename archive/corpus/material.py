"""The material a corpus is cut from: the demo texts' sentences, hazm's nouns, a cast."""

import importlib.util
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.corpus.names import (
    CITIES,
    FIRST_NAMES,
    INDUSTRIES,
    MEDIA_NAMES,
    PROFESSIONS,
    ROLES,
    SURNAMES,
)
from archive.corpus.spec import CAST_SIZE, DEMO_DIR, TO_ARABIC, ZWNJ, Cast, Entity, standard

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
    variants = [name.translate(TO_ARABIC)]
    if ZWNJ in name:
        variants += [name.replace(ZWNJ, ""), name.replace(ZWNJ, " ")]
    return [v for v in dict.fromkeys(variants) if v != name]


def make_cast(seed: int, demo: Cast, size: int = CAST_SIZE) -> Cast:
    """Return the demo cast followed by generated people and organisations, ~size in all."""
    rng = random.Random(f"cast-{seed}")  # noqa: S311 - reproducible, not secret
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


def cumulative_zipf(n: int, exponent: float = 1.0) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += rank**-exponent
        out.append(total)
    return out
