"""Forms of the admin's import page and of the candidate merge step."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.utils.translation import gettext_lazy as _

from archive.models import Candidate, Organisation, Person

NOTHING_TO_IMPORT = _("Paste a text or choose at least one file.")
PAYLOAD_INVALID = _("This text was tampered with or is out of date; upload it again.")
CHOOSE_ONE_TARGET = _("Choose exactly one: a person or an organisation.")

# Texts travel from the preview to the save step in signed hidden fields: the editor can
# change the corrections, but not the text that was previewed.
PAYLOAD_SALT = "archive.import.preview"
PAYLOAD_MAX_AGE = 24 * 3600
_AUTHOR_SPLIT = re.compile(r"\s*(?:[\n،,؛;])\s*")


def sign_payload(*, name: str, text: str, meta: dict | None = None) -> str:
    """Sign a text with what its file said about it (archive.importer.Upload.meta)."""
    return signing.dumps(
        {"name": name, "text": text, "meta": meta or {}}, salt=PAYLOAD_SALT, compress=True
    )


def read_payload(value: str) -> dict:
    return signing.loads(value, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ImportUploadForm(forms.Form):
    text = forms.CharField(
        label=_("Paste a text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90, "dir": "auto"}),
    )
    files = MultipleFileField(
        label=_(
            "or upload files: text, web pages (.html, .mhtml), Word (.docx), PDF, scans "
            "(.png, .jpg, .tif), Telegram exports (result.json, messages.html), or .zip "
            "archives of them"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("files"):
            raise forms.ValidationError(NOTHING_TO_IMPORT)
        return cleaned


class ImportItemForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Save"), required=False, initial=True)
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    date = forms.CharField(
        label=_("Date"),
        max_length=200,
        required=False,
        help_text=_("As written: ۱۴ اسفند ۱۴۰۲, 1402/12/14 or 2024-03-04. Empty: no date."),
    )
    publication = forms.CharField(label=_("Publication"), max_length=200, required=False)
    publication_issue = forms.CharField(label=_("Issue"), max_length=100, required=False)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        help_text=_("Separated by commas (، or ,)."),
    )

    own_article = forms.BooleanField(
        label=_("Save as an article of its own, not as a re-post"), required=False
    )

    def clean_payload(self) -> dict:
        try:
            return read_payload(self.cleaned_data["payload"])
        except signing.BadSignature:
            raise forms.ValidationError(PAYLOAD_INVALID) from None

    def overrides(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "date": data["date"],
            "publication": data["publication"],
            "publication_issue": data["publication_issue"],
            "authors": [a for a in _AUTHOR_SPLIT.split(data["authors"]) if a],
            "own_article": data["own_article"],
        }


ImportItemFormSet = forms.formset_factory(ImportItemForm, extra=0, max_num=200)


class MergeCandidatesForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("into the person"),
        queryset=Person.objects.all(),
        required=False,
        widget=AutocompleteSelect(Candidate._meta.get_field("created_person"), admin.site),
    )
    organisation = forms.ModelChoiceField(
        label=_("or into the organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=AutocompleteSelect(Candidate._meta.get_field("created_organisation"), admin.site),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("person")) == bool(cleaned.get("organisation")):
            raise forms.ValidationError(CHOOSE_ONE_TARGET)
        return cleaned

    @property
    def target(self) -> Person | Organisation:
        return self.cleaned_data["person"] or self.cleaned_data["organisation"]
