"""Articles in the admin: their people, organisations and turns, and the import page."""

from django import forms
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive import interviews
from archive.admin.base import IndexedModelAdmin
from archive.admin.dates import (
    DATE_IMPOSSIBLE,
    JalaliDateField,
    JalaliMonthFilter,
    jalali_column,
    jalali_display,
)
from archive.admin.imports import ImportTextsMixin
from archive.admin.originals import ProvenanceInline, page_image
from archive.entities import ORGANISATION, PERSON, EntityKind
from archive.importer import review_note_display
from archive.importer.messages import REVIEW_LABELS
from archive.models import Article, ArticleOrganisation, ArticlePerson, Candidate, Turn
from archive.text import jalali


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]


class ArticleOrganisationInline(admin.TabularInline):
    model = ArticleOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class TurnForm(forms.ModelForm):
    merge_with_previous = forms.BooleanField(
        label=_("merge with the turn above"),
        required=False,
        help_text=_("The text joins the turn above, spoken by its speaker."),
    )

    class Meta:
        model = Turn
        fields = ["speaker", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 50, "dir": "auto"})}
        # archive.text.turns.SPLIT_MARK
        help_texts = {"text": _("A line holding only --- splits the turn there.")}


class TurnInline(admin.TabularInline):
    """The turns of an interview: edit, reassign (speaker), merge, split, add or delete."""

    model = Turn
    form = TurnForm
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["position", "speaker", "text", "merge_with_previous"]
    readonly_fields = ["position"]
    ordering = ["position"]


class NeedsReviewFilter(admin.SimpleListFilter):
    """What needs an editor's eye: any note, one kind of note, or names still to decide on."""

    title = _("needs review")
    parameter_name = "review"
    ANY, NAMES = "any", "names"

    def lookups(self, request, model_admin):
        return [
            (self.ANY, _("anything")),
            *((code.value, label) for code, label in REVIEW_LABELS.items()),
            (self.NAMES, _("names waiting for a decision")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ANY:
            return queryset.filter(needs_review=True)
        if value == self.NAMES:
            pending = Candidate.objects.filter(status=Candidate.Status.PENDING)
            return queryset.filter(pk__in=pending.values("articles"))
        if value in REVIEW_LABELS:
            # The notes are JSON objects; SQLite has no JSON containment, text search works on
            # both databases (each stores `"code": "…"` so).
            return queryset.filter(needs_review=True, review_note__icontains=f'"code": "{value}"')
        return queryset


class ArticleForm(forms.ModelForm):
    """The article's change form; ModelAdmin supplies the model and the fields."""

    published_on = JalaliDateField(
        label=_("date"),
        required=False,
        help_text=_("Solar Hijri, in any digits: ۱۴۰۲/۱۲/۱۴ or ۱۴ اسفند ۱۴۰۲."),
    )

    def clean(self):
        cleaned = super().clean()
        # The date as written is what the editor reads and corrects: a new one is re-read,
        # unless the date itself was changed too (then the editor said what they meant).
        if "date_text" in self.changed_data and "published_on" not in self.changed_data:
            self._reread_date(cleaned.get("date_text") or "")
        return cleaned

    def _reread_date(self, written: str) -> None:
        match = jalali.parse_date(written)
        if match is None:
            return
        if match.error is not None:
            self.add_error("date_text", DATE_IMPOSSIBLE % {"date": match.text})
            return
        self.cleaned_data["published_on"] = match.date
        self.instance.published_on = match.date


@admin.register(Article)
class ArticleAdmin(ImportTextsMixin, IndexedModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "jalali_date",
        "publication",
        "kind",
        "needs_review",
        "review",
        "repost_of",
        "updated",
    ]
    list_filter = [NeedsReviewFilter, JalaliMonthFilter, "kind", "publication", "language"]
    search_fields = ["title", "slug", "date_text"]
    prepopulated_fields = {"slug": ["title"]}
    # The importer's notes on what it could not read: shown translated, not edited as codes.
    readonly_fields = ["review", "page", "content_hash", "created", "updated"]
    autocomplete_fields = ["publication", "repost_of"]
    inlines = [ArticlePersonInline, ArticleOrganisationInline, TurnInline, ProvenanceInline]
    list_select_related = ["publication", "repost_of"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "body"]}),
        (
            _("Where and when"),
            {
                "fields": [
                    "published_on",
                    "date_text",
                    "publication",
                    "publication_issue",
                    "source_url",
                    "language",
                ]
            },
        ),
        (_("Review"), {"fields": ["needs_review", "review", "repost_of"]}),
        (
            _("Record"),
            {"fields": ["content_hash", "created", "updated"], "classes": ["collapse"]},
        ),
    ]

    def get_inline_instances(self, request, obj=None):
        # A new article has no provenance: no inline, and no management form to post.
        inlines = super().get_inline_instances(request, obj)
        return [i for i in inlines if obj is not None or not isinstance(i, ProvenanceInline)]

    def get_fieldsets(self, request, obj=None):
        """An interview's text is built from its turns, so it is shown, not edited; a text
        read by OCR has its page image beside it, for the editor to compare."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        interview = obj.turns.exists()
        scanned = obj.provenance.filter(ocr=True, page_image__isnull=False).exists()
        if not (interview or scanned):
            return fieldsets
        body = "text_from_turns" if interview else "body"
        shown = (body, "page") if scanned else body
        head, *rest = fieldsets
        fields = [shown if f == "body" else f for f in head[1]["fields"]]
        return [(head[0], {**head[1], "fields": fields}), *rest]

    @admin.display(description=_("page image"))
    def page(self, article: Article) -> str:
        return page_image(article)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "text_from_turns"]

    @admin.display(description=_("text (built from the turns below)"))
    def text_from_turns(self, article: Article) -> str:
        return format_html(
            '<div class="text-from-turns" dir="auto" lang="{}">{}</div><div class="help">{}</div>',
            article.language,
            linebreaks_filter(article.body, autoescape=True),
            _(
                "Readers see the turns: edit, reassign, merge or split them below and "
                "this text follows when you save."
            ),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Turn:
            return super().save_formset(request, form, formset, change)
        article = form.instance
        intro = interviews.current_introduction(article)
        turns = formset.save(commit=False)
        for turn in formset.deleted_objects:
            turn.delete()
        last = max(article.turns.values_list("position", flat=True), default=0)
        for turn in turns:
            if turn.position is None:
                last += 1
                turn.position = last
            turn.save()
        merges = {
            f.instance.pk
            for f in formset.forms
            if f.cleaned_data.get("merge_with_previous") and f not in formset.deleted_forms
        }
        if formset.has_changed():
            interviews.restructure_turns(article=article, intro=intro, merge_into_previous=merges)

    created = jalali_column(Article, "created_at")
    updated = jalali_column(Article, "updated_at")

    @admin.display(description=_("date"), ordering="published_on")
    def jalali_date(self, article: Article) -> str:
        return jalali_display(article.published_on)

    @admin.display(description=_("review note"), ordering="review_note")
    def review(self, article: Article) -> str:
        return review_note_display(article.review_note)


@admin.register(Turn)
class TurnAdmin(IndexedModelAdmin):
    """A turn on its own: its interview's text follows it, as in the article's turn editor."""

    list_display = ["article", "position", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]

    def save_model(self, request, obj, form, change):
        intro = interviews.current_introduction(obj.article)
        super().save_model(request, obj, form, change)
        interviews.restructure_turns(article=obj.article, intro=intro)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Turn.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        articles = Article.objects.filter(turns__in=queryset).distinct()
        intros = [(article, interviews.current_introduction(article)) for article in articles]
        super().delete_queryset(request, queryset)
        for article, intro in intros:
            interviews.restructure_turns(article=article, intro=intro)


class RoleAdmin(IndexedModelAdmin):
    """The rows that give a person or an organisation a role in an article."""

    kind: EntityKind
    list_filter = ["role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entity = self.kind.field
        self.list_display = ["article", entity, "role"]
        self.list_select_related = ["article", entity]
        self.search_fields = [f"{entity}__name", "article__title"]
        self.autocomplete_fields = ["article", entity]


@admin.register(ArticlePerson)
class ArticlePersonAdmin(RoleAdmin):
    kind = PERSON


@admin.register(ArticleOrganisation)
class ArticleOrganisationAdmin(RoleAdmin):
    kind = ORGANISATION
