"""The files articles were imported from: listed, downloadable by editors, never edited.

Originals are not public files: they are served here, to editors who may view them. Only
images are shown in the page (the scan beside its OCR'd text); every other file downloads.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from archive.importer import human_size
from archive.models import Original, Provenance

# What a browser may show inline: images it draws itself, never a document that runs scripts.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def download_url(original: Original, *, inline: bool = False) -> str:
    url = reverse("admin:archive_original_download", args=[original.pk])
    return f"{url}?inline=1" if inline else url


@admin.register(Original)
class OriginalAdmin(admin.ModelAdmin):
    list_display = ["name", "content_type", "size_shown", "created_at", "download"]
    search_fields = ["name", "sha256"]
    list_filter = ["content_type"]
    fields = ["name", "content_type", "size_shown", "sha256", "created_at", "download", "articles"]
    readonly_fields = fields

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", view, name="archive_original_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        original = get_object_or_404(Original, pk=pk)
        inline = request.GET.get("inline") == "1" and original.content_type in INLINE_TYPES
        try:
            handle = original.file.open("rb")
        except OSError:
            raise Http404(_("The stored file is missing.")) from None
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=original.name,
            content_type=original.content_type or "application/octet-stream",
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @admin.display(description=_("size"), ordering="size")
    def size_shown(self, original: Original) -> str:
        return human_size(original.size)

    @admin.display(description=_("download"))
    def download(self, original: Original) -> str:
        return format_html('<a href="{}">{}</a>', download_url(original), _("download"))

    @admin.display(description=_("articles"))
    def articles(self, original: Original) -> str:
        rows = original.provenance.select_related("article")
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:archive_article_change", args=[p.article_id]), p.article.title)
                    for p in rows
                ),
            )
            or "—"
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # articles point at it: their record of where they came from


class ProvenanceInline(admin.TabularInline):
    """Where the article came from, with its original to download."""

    model = Provenance
    fk_name = "article"
    extra = 0
    fields = ["original_link", "channel", "post_id", "post_link", "forwarded_from", "ocr"]
    readonly_fields = fields

    @admin.display(description=_("original file"))
    def original_link(self, provenance: Provenance) -> str:
        return format_html(
            '<a href="{}">{}</a> ({})',
            download_url(provenance.original),
            provenance.file_name or provenance.original.name,
            human_size(provenance.original.size),
        )

    @admin.display(description=_("address"))
    def post_link(self, provenance: Provenance) -> str:
        if not provenance.url.startswith(("https://", "http://")):
            return "—"
        return format_html('<a href="{0}" rel="noopener">{0}</a>', provenance.url)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def page_image(article) -> str:
    """The scanned pages the article's text was read from by OCR, to compare beside it."""
    pages = [
        p.page_image
        for p in article.provenance.select_related("page_image")
        if p.ocr and p.page_image
    ]
    return format_html_join(
        "",
        '<a href="{0}"><img src="{1}" alt="{2}" class="archive-page-image"></a>',
        ((download_url(page), download_url(page, inline=True), page.name) for page in pages),
    )
