"""Keep the files texts were imported from, and record where each article came from.

A file is stored once, by its checksum, however often it is uploaded; an article records its
file and, for a channel post, the channel and post, so a newer export of the same channel
adds only the posts not yet in the archive.
"""

import hashlib
import mimetypes
import os
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from archive.importer.formats import Piece
from archive.models import Article, Original, Provenance
from archive.models.originals import original_path


def keep_original(*, name: str, data: bytes, content_type: str = "") -> Original:
    """The stored copy of these bytes, stored now if they are new."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Original.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    original = Original(
        sha256=sha256,
        name=os.path.basename(name)[:255] or sha256,
        content_type=content_type or mimetypes.guess_type(name)[0] or "",
        size=len(data),
    )
    storage = original.file.storage
    path = original_path(sha256)
    if not storage.exists(path):
        path = storage.save(path, ContentFile(data))
    original.file.name = path
    try:
        with transaction.atomic():
            original.save()
    except IntegrityError:  # stored a moment ago by another import
        return Original.objects.get(sha256=sha256)
    return original


@dataclass
class Origin:
    """Where one text came from, to be recorded with its article."""

    original: Original
    file_name: str
    details: dict[str, str] = field(default_factory=dict)  # channel, post_id, url …
    ocr: bool = False
    page_image: Original | None = None

    @classmethod
    def of(cls, piece: Piece, *, original: Original, file_name: str) -> "Origin":
        page = original if piece.ocr and original.is_image and piece.page_image is None else None
        if piece.page_image is not None:
            page = keep_original(
                name=f"{original.name}.page.png", data=piece.page_image, content_type="image/png"
            )
        return cls(original, file_name, dict(piece.origin), piece.ocr, page)

    def record(self, article: Article) -> None:
        """Link the article to this origin, once for each name the file came under."""
        same = article.provenance.filter(
            original=self.original, file_name=self.file_name[:500], **self._post()
        )
        if same.exists():
            return
        details = {k: v for k, v in self.details.items() if k in _DETAIL_FIELDS}
        Provenance.objects.create(
            article=article,
            original=self.original,
            file_name=self.file_name[:500],
            ocr=self.ocr,
            page_image=self.page_image,
            **{k: str(v)[: _DETAIL_FIELDS[k]] for k, v in details.items()},
        )

    def _post(self) -> dict[str, str]:
        return {k: self.details[k] for k in ("channel_id", "post_id") if self.details.get(k)}

    def already_imported(self) -> Article | None:
        """The article a channel post became in an earlier import, if any."""
        post = self._post()
        if len(post) < 2:
            return None
        found = Provenance.objects.filter(**post).select_related("article").first()
        return found.article if found else None


_DETAIL_FIELDS = {
    "channel": 200,
    "channel_id": 100,
    "post_id": 100,
    "url": 1000,
    "forwarded_from": 200,
}
