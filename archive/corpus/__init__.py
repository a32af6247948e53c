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

from archive.corpus.spec import (
    OUT_NOT_EMPTY,
    QUERY_MIX,
    TEXTS,
    TOO_FEW_ARTICLES,
    YEARS,
    ZWNJ,
    BenchQuery,
    Noise,
    Summary,
)
from archive.corpus.writer import generate

__all__ = [
    "OUT_NOT_EMPTY",
    "QUERY_MIX",
    "TEXTS",
    "TOO_FEW_ARTICLES",
    "YEARS",
    "ZWNJ",
    "BenchQuery",
    "Noise",
    "Summary",
    "generate",
]
