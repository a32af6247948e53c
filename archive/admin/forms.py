"""Forms of the admin's import page and of the candidate merge step."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.utils.translation import gettext_lazy as _

from archive.importer.dialogue import speaker_label
from archive.models import Article, Candidate, Organisation, Person
from archive.text import jalali

NOTHING_TO_IMPORT = _("Paste a text or choose at least one file.")
PAYLOAD_INVALID = _("This text was tampered with or is out of date; upload it again.")
CHOOSE_ONE_TARGET = _("Choose exactly one: a person or an organisation.")
IMPOSSIBLE_DATE = _(
    "“%(date)s” is not a date that exists: correct it, or empty the box for no date."
)
UNKNOWN_MENTIONS = _(
    "Not a known person or organisation: %(names)s. Add them in the admin first, or remove them."
)

# Texts travel from the preview to the save step in signed hidden fields: the editor can
# change the corrections, but not the text that was previewed.
PAYLOAD_SALT = "archive.import.preview"
PAYLOAD_MAX_AGE = 24 * 3600
_AUTHOR_SPLIT = re.compile(r"\s*(?:[\n،,؛;])\s*")
_SPEAKER_LINE = re.compile(r"^(?P<label>[^=→]+?)\s*[=→]\s*(?P<name>.*)$")
_BLANK_LINE = re.compile(r"\n\s*\n")
_WIDE = {"size": 80, "dir": "auto", "class": "vTextField wide"}


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


def turns_text(turns) -> str:
    """The parsed turns as the editor corrects them: «label: text», a blank line between."""
    return "\n\n".join(f"{turn.speaker}: {turn.text}" for turn in turns)


def read_speakers(text: str) -> dict[str, str]:
    found = (_SPEAKER_LINE.match(line.strip()) for line in text.splitlines())
    return {m["label"].strip(): m["name"].strip() for m in found if m}


def read_turns(text: str, labels: set[str]) -> list[tuple[str, str]]:
    """Split the edited dialogue into turns: a paragraph opening with a known label starts one."""
    turns: list[list[str]] = []
    for paragraph in _BLANK_LINE.split(text.replace("\r\n", "\n")):
        paragraph = paragraph.strip()
        labelled = speaker_label(paragraph) if paragraph else None
        if labelled and labelled[0] in labels:
            turns.append([labelled[0], labelled[1].strip()])
        elif paragraph and turns:
            turns[-1][1] = f"{turns[-1][1]}\n\n{paragraph}".strip()
    return [(label, text) for label, text in turns]


class ImportItemForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Save"), required=False, initial=True)
    title = forms.CharField(
        label=_("Title"), max_length=500, required=False, widget=forms.TextInput(_WIDE)
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Article.Kind.choices)
    date = forms.CharField(
        label=_("Date"),
        max_length=200,
        required=False,
        help_text=_("As written: ۱۴ اسفند ۱۴۰۲, 1402/12/14 or 2024-03-04. Empty: no date."),
        widget=forms.TextInput({**_WIDE, "size": 30}),
    )
    publication = forms.CharField(
        label=_("Publication"), max_length=200, required=False, widget=forms.TextInput(_WIDE)
    )
    publication_issue = forms.CharField(label=_("Issue"), max_length=100, required=False)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        help_text=_("Separated by commas (، or ,)."),
        widget=forms.TextInput(_WIDE),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        help_text=_("One a line: the label used in the turns = the speaker's full name."),
        widget=forms.Textarea({"rows": 3, "cols": 80, "dir": "auto"}),
    )
    turns = forms.CharField(
        label=_("Turns"),
        required=False,
        help_text=_(
            "Each turn begins with a label listed under Speakers and a colon; a blank line "
            "separates paragraphs. Join, split or relabel turns here."
        ),
        widget=forms.Textarea({"rows": 10, "cols": 80, "dir": "auto"}),
    )
    mentions = forms.CharField(
        label=_("Linked people and organisations"),
        required=False,
        help_text=_("One name a line; remove a wrong link, or add a known name."),
        widget=forms.Textarea({"rows": 3, "cols": 80, "dir": "auto"}),
    )

    def __init__(self, *args, knows=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether a name is a known person or organisation (ImportContext.knows).
        self.knows = knows

    own_article = forms.BooleanField(
        label=_("Save as an article of its own, not as a re-post"), required=False
    )

    def clean_payload(self) -> dict:
        try:
            return read_payload(self.cleaned_data["payload"])
        except signing.BadSignature:
            raise forms.ValidationError(PAYLOAD_INVALID) from None

    def clean_date(self) -> str:
        written = self.cleaned_data["date"]
        match = jalali.parse_date(written) if written.strip() else None
        if match is not None and match.error is not None:
            raise forms.ValidationError(IMPOSSIBLE_DATE, params={"date": match.text})
        return written

    def clean_mentions(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["mentions"].splitlines() if n.strip()]
        unknown = [n for n in names if self.knows is not None and not self.knows(n)]
        if unknown:
            raise forms.ValidationError(UNKNOWN_MENTIONS, params={"names": "، ".join(unknown)})
        return names

    def overrides(self) -> dict:
        data = self.cleaned_data
        speakers = read_speakers(data["speakers"])
        return {
            "title": data["title"],
            "kind": data["kind"],
            "date": data["date"],
            "publication": data["publication"],
            "publication_issue": data["publication_issue"],
            "authors": [a for a in _AUTHOR_SPLIT.split(data["authors"]) if a],
            "own_article": data["own_article"],
            "speakers": speakers,
            "turns": read_turns(data["turns"], set(speakers)),
            "mentions": data["mentions"],
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
