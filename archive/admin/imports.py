"""The admin's "Import texts" page: paste or upload, preview and correct, then save."""

import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from archive import importer, linking
from archive.admin.forms import (
    ImportItemFormSet,
    ImportUploadForm,
    read_payload,
    sign_payload,
    turns_text,
)
from archive.admin.jobs import job_progress
from archive.admin.originals import download_url
from archive.importer.formats import ocr
from archive.models import Original, RelinkJob
from archive.search import INDEX_NOT_UPDATED, IndexUnavailable, indexing
from archive.text.jalali import format_jalali

logger = logging.getLogger(__name__)

PASTED_NAME = _("pasted text")
TOO_MUCH_AT_ONCE = _(
    "Too much for one preview; upload this file on its own or use the import_articles command."
)
# A Persian character costs six bytes of a form post (two UTF-8 bytes, each as %XX).
POSTED_BYTES_PER_CHAR = 6


@dataclass
class PreviewItem:
    name: str
    form: object
    preview: importer.Preview | None = None
    page_image_url: str = ""  # the scan an OCR'd text was read from
    date_fa: str = ""
    date_en: str = ""


def _page_image_url(meta: dict | None) -> str:
    sha = (meta or {}).get("page_image")
    original = Original.objects.filter(sha256=sha).first() if sha else None
    return download_url(original, inline=True) if original else ""


def _preview_item(
    name: str, preview: importer.Preview, form, meta: dict | None = None
) -> PreviewItem:
    published = preview.parsed.published_on if preview.parsed else None
    if preview.repost is None:  # the choice is only the editor's to make for a re-post
        form.fields["own_article"].widget = forms.HiddenInput()
    return PreviewItem(
        name=name,
        form=form,
        preview=preview,
        page_image_url=_page_image_url(meta),
        date_fa=format_jalali(published) if published else "",
        date_en=published.isoformat() if published else "",
    )


def _read_uploads(form: ImportUploadForm) -> tuple[list, list[tuple[str, object]]]:
    """Return the pasted text and those of the files (importer.Upload), and the refused files."""
    uploads, errors = importer.read_uploads(form.cleaned_data.get("files") or [])
    pasted = form.cleaned_data.get("text") or ""
    if pasted.strip():
        # Signed as JSON: a string, not a lazy one.
        uploads.insert(0, importer.Upload(str(PASTED_NAME), pasted))
    return uploads, list(errors)


def _initial(payload: str, preview: importer.Preview) -> dict:
    """The preview's reading as the editor's form starts it."""
    parsed = preview.parsed
    names = {label: name for label, name, _known in preview.speakers}
    labels = dict.fromkeys(turn.speaker for turn in parsed.turns)
    return {
        "payload": payload,
        "include": preview.duplicate_of is None,
        "title": preview.title,
        "kind": parsed.kind,
        "date": parsed.date_text,
        "publication": parsed.publication,
        "publication_issue": parsed.publication_issue,
        "authors": "، ".join(parsed.authors),
        # Every label, named or not: an unnamed one is for the editor to name.
        "speakers": "\n".join(f"{label} = {names.get(label, '')}" for label in labels),
        "turns": turns_text(parsed.turns),
        "mentions": "\n".join(preview.mentioned),
    }


def _posted_size(initial: dict) -> int:
    """Roughly what the editable fields add to the next post."""
    editable = (v for k, v in initial.items() if k != "payload" and isinstance(v, str))
    return POSTED_BYTES_PER_CHAR * sum(len(v) for v in editable)


def _overrides(item_form) -> dict | None:
    """The editor's corrections when the form is valid enough to read them."""
    return item_form.overrides() if item_form.is_valid() else None


def _save_item(item_form, context: importer.ImportContext) -> importer.ImportResult:
    payload = item_form.cleaned_data["payload"]
    return importer.import_corrected(
        text=payload["text"],
        source_name=payload["name"],
        overrides=item_form.overrides(),
        context=context,
        meta=payload.get("meta"),
    )


class ImportTextsMixin:
    """Adds /admin/archive/article/import/ to the article admin."""

    import_template = "admin/archive/article/import.html"
    import_result_template = "admin/archive/article/import_result.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="archive_article_import"), *super().get_urls()]

    def _context(self, request, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import texts"),
            "max_upload_bytes": importer.human_size(settings.ARCHIVE_MAX_UPLOAD_BYTES),
            "ocr_available": ocr.available(),
            **extra,
        }

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and {"save", "refresh"} & set(request.POST):
            return self._save_step(request)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._preview_step(request, form)
        return TemplateResponse(request, self.import_template, self._context(request, form=form))

    def _preview_step(self, request, form: ImportUploadForm):
        uploads, errors = _read_uploads(form)
        context = importer.ImportContext.load()
        # Everything shown travels back in the next POST: keep it under Django's body limit.
        budget = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 0.8)
        initial, previews = [], []
        for upload in uploads:
            name = upload.name
            payload = sign_payload(name=name, text=upload.text, meta=upload.meta)
            if len(payload) > budget or len(initial) >= ImportItemFormSet.max_num:
                errors.append((name, TOO_MUCH_AT_ONCE))
                continue
            preview = importer.preview_text(text=upload.text, context=context, meta=upload.meta)
            if preview.error is not None:
                errors.append((name, preview.error))
                continue
            item = _initial(payload, preview)
            if len(payload) + _posted_size(item) > budget:
                errors.append((name, TOO_MUCH_AT_ONCE))
                continue
            budget -= len(payload) + _posted_size(item)
            initial.append(item)
            previews.append((name, preview, upload.meta))
        formset = ImportItemFormSet(
            initial=initial, prefix="item", form_kwargs={"knows": context.knows}
        )
        items = [
            _preview_item(name, preview, item_form, meta)
            for (name, preview, meta), item_form in zip(previews, formset.forms, strict=True)
        ]
        return TemplateResponse(
            request,
            self.import_template,
            self._context(request, formset=formset, items=items, errors=errors),
        )

    def _save_step(self, request):
        context = importer.ImportContext.load()
        formset = ImportItemFormSet(
            request.POST, prefix="item", form_kwargs={"knows": context.knows}
        )
        # "Preview again" shows the corrections applied, and saves nothing.
        if "refresh" in request.POST or not formset.is_valid():
            items = []
            for item_form in formset.forms:
                try:
                    payload = read_payload(item_form["payload"].value() or "")
                except signing.BadSignature:
                    items.append(PreviewItem(name="", form=item_form))
                    continue
                preview = importer.preview_text(
                    text=payload["text"],
                    overrides=_overrides(item_form),
                    context=context,
                    meta=payload.get("meta"),
                )
                items.append(
                    _preview_item(payload["name"], preview, item_form, payload.get("meta"))
                )
            return TemplateResponse(
                request,
                self.import_template,
                self._context(request, formset=formset, items=items),
            )
        results = []
        try:
            # One index write for the whole batch, after the articles' commits.
            with indexing.deferred_indexing():
                for item_form in formset.forms:
                    if item_form.cleaned_data.get("include"):
                        results.append(_save_item(item_form, context))
        except IndexUnavailable as error:
            logger.error("admin import not indexed: %s", error)
            messages.error(request, INDEX_NOT_UPDATED.format(error=error))
        if any(r.created_entities for r in results):
            linking.request_relink(reason=RelinkJob.Reason.ADMIN_IMPORT)
        job = linking.running_job()
        return TemplateResponse(
            request,
            self.import_result_template,
            self._context(
                request, results=results, job=job, job_progress=job and job_progress(job)
            ),
        )
