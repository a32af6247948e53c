"""Find the earlier copy of a text in the archive: a re-post under another header or footer.

Exact copies share a content hash (archive.importer.save refuses them as duplicates); near
copies share most runs of analysed terms, found through the MinHash bands each imported
article leaves in `SketchBand` (archive.text.minhash).
"""

from dataclasses import dataclass

import numpy as np

from archive.models import Article, ArticleSketch, SketchBand
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
    ids = list(
        Article.objects.filter(pk__in=shared, repost_of__isnull=True)
        .exclude(pk=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:MAX_COMPARED]
    )
    best_id, best = None, 0.0
    for pk, other in _signatures(ids).items():
        alike = minhash.similarity(signature, other)
        if alike >= minhash.REPOST_SIMILARITY and alike > best:
            best_id, best = pk, alike
    if best_id is None:
        return None
    return Repost(Article.objects.only("pk", "title", "slug").get(pk=best_id), best)


def _signatures(ids: list[int]) -> dict[int, minhash.Sketch]:
    """Return the stored signatures of these articles, sketching those saved without one."""
    found = {
        pk: _decoded(bytes(stored))
        for pk, stored in ArticleSketch.objects.filter(article_id__in=ids).values_list(
            "article_id", "signature"
        )
    }
    missing = [pk for pk in ids if pk not in found]
    for article in Article.objects.filter(pk__in=missing).only("pk", "body"):
        signature = minhash.sketch(article.body)
        if signature is not None:
            found[article.pk] = signature
    return {pk: found[pk] for pk in ids if pk in found}


def _encoded(signature: minhash.Sketch) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def _decoded(stored: bytes) -> minhash.Sketch:
    return tuple(np.frombuffer(stored, dtype="<u4").tolist())


def save_sketch(article: Article, signature: minhash.Sketch | None) -> None:
    """Record the article's signature and bands, so that later re-posts of it are found."""
    if signature is not None:
        ArticleSketch.objects.create(article=article, signature=_encoded(signature))
        SketchBand.objects.bulk_create(
            SketchBand(article=article, key=key) for key in minhash.band_keys(signature)
        )


def sketch_missing(*, batch_size: int = 500) -> int:
    """Sketch the articles that have no signature yet (saved before sketches, or not imported).

    Their bands, if any, are drawn again with the signature, so that both always agree.
    """
    done = last = 0
    unsketched = Article.objects.filter(sketch__isnull=True).order_by("pk")
    while batch := list(unsketched.filter(pk__gt=last).only("pk", "body")[:batch_size]):
        drawn = {article: minhash.sketch(article.body) for article in batch}
        signatures = {article: found for article, found in drawn.items() if found is not None}
        SketchBand.objects.filter(article__in=list(signatures)).delete()
        ArticleSketch.objects.bulk_create(
            ArticleSketch(article=article, signature=_encoded(found))
            for article, found in signatures.items()
        )
        SketchBand.objects.bulk_create(
            SketchBand(article=article, key=key)
            for article, found in signatures.items()
            for key in minhash.band_keys(found)
        )
        done, last = done + len(batch), batch[-1].pk
    return done
