"""The files articles were imported from, kept as uploaded, and where each article came from.

Files are stored content-addressed (by their SHA-256), so the same file uploaded twice is kept
once. They live in their own storage (ARCHIVE_ORIGINALS_DIR), never under a public URL:
editors download them through the admin.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models.articles import Article


def originals_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.ARCHIVE_ORIGINALS_DIR)


def original_path(sha256: str) -> str:
    """Where a file with this checksum is stored: two levels of folders keep them small."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class Original(models.Model):
    """One uploaded file, byte for byte."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    file = models.FileField(_("file"), storage=originals_storage, max_length=255)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("original file")
        verbose_name_plural = _("original files")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Provenance(models.Model):
    """Where one article came from: its file and, for a channel post, the channel and post."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="provenance")
    original = models.ForeignKey(
        Original,
        on_delete=models.PROTECT,
        related_name="provenance",
        verbose_name=_("original file"),
    )
    # The name as given: a path, an upload's name, or a member inside a zip ("a.zip/b.pdf").
    file_name = models.CharField(_("file"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    channel_id = models.CharField(_("channel id"), max_length=100, blank=True)
    post_id = models.CharField(_("post id"), max_length=100, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    forwarded_from = models.CharField(_("forwarded from"), max_length=200, blank=True)
    # The page read by OCR, shown beside the text for review (the original itself for a photo).
    page_image = models.ForeignKey(
        Original,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page image"),
    )
    ocr = models.BooleanField(_("read by OCR"), default=False)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")
        indexes = [models.Index(fields=["channel_id", "post_id"])]

    def __str__(self) -> str:
        return self.file_name or str(self.original)
