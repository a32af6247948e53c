"""Find the earlier copy of a text in the archive: a re-post under another header or footer.

Exact copies share a content hash (archive.importer.save refuses them as duplicates); near
copies share most runs of analysed terms, found through the MinHash bands each imported
article leaves in `SketchBand` (archive.text.minhash).
"""

from dataclasses import dataclass

from archive.models import Article, SketchBand
from archive.text import minhash

# Articles compared at most per text: bands shared by more say the text is boilerplate.
MAX_COMPARED = 50


@dataclass(frozen=True)
class Repost:
    """The earlier article a text re-posts, and how much of it they share (0–1)."""

    of: Article
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def earlier_copy(signature: minhash.Sketch | None, *, exclude: int | None = None) -> Repost | None:
    """Return the article this sketch re-posts, the most alike when several are."""
    if signature is None:
        return None
    shared = SketchBand.objects.filter(key__in=minhash.band_keys(signature)).values("article_id")
    # Compare with originals only: a re-post of a re-post points at the first copy.
    candidates = (
        Article.objects.filter(pk__in=shared, repost_of__isnull=True)
        .exclude(pk=exclude)
        .only("pk", "title", "slug", "body")
        .order_by("pk")[:MAX_COMPARED]
    )
    best: Repost | None = None
    for article in candidates:
        other = minhash.sketch(article.body)
        if other is None:
            continue
        alike = minhash.similarity(signature, other)
        if alike >= minhash.REPOST_SIMILARITY and (best is None or alike > best.similarity):
            best = Repost(article, alike)
    return best


def save_sketch(article: Article, signature: minhash.Sketch | None) -> None:
    """Record the article's bands, so that later re-posts of it are found."""
    if signature is not None:
        SketchBand.objects.bulk_create(
            SketchBand(article=article, key=key) for key in minhash.band_keys(signature)
        )


def sketch_missing(*, batch_size: int = 500) -> int:
    """Sketch the articles that have no bands yet (saved before sketches, or not imported)."""
    done = last = 0
    unsketched = Article.objects.filter(sketch_bands__isnull=True).order_by("pk")
    while batch := list(unsketched.filter(pk__gt=last).only("pk", "body")[:batch_size]):
        bands = [
            SketchBand(article=article, key=key)
            for article in batch
            if (signature := minhash.sketch(article.body)) is not None
            for key in minhash.band_keys(signature)
        ]
        SketchBand.objects.bulk_create(bands)
        done, last = done + len(batch), batch[-1].pk
    return done
