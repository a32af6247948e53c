"""Articles in the admin: their people, organisations and turns, and the import page."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.admin.base import IndexedModelAdmin
from archive.admin.imports import ImportTextsMixin
from archive.admin.originals import ProvenanceInline, page_image
from archive.entities import ORGANISATION, PERSON, EntityKind
from archive.importer import review_note_display
from archive.importer.messages import REVIEW_LABELS
from archive.models import Article, ArticleOrganisation, ArticlePerson, Candidate, Turn


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]


class ArticleOrganisationInline(admin.TabularInline):
    model = ArticleOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class TurnInline(admin.StackedInline):
    model = Turn
    extra = 0
    autocomplete_fields = ["speaker"]
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


@admin.register(Article)
class ArticleAdmin(ImportTextsMixin, IndexedModelAdmin):
    list_display = [
        "title",
        "published_on",
        "publication",
        "kind",
        "needs_review",
        "review",
        "repost_of",
        "updated_at",
    ]
    list_filter = [NeedsReviewFilter, "kind", "publication", "language"]
    search_fields = ["title", "slug", "date_text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    # The importer's notes on what it could not read: shown translated, not edited as codes.
    readonly_fields = ["review", "page", "content_hash", "created_at", "updated_at"]
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
            {"fields": ["content_hash", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    def get_inline_instances(self, request, obj=None):
        # A new article has no provenance: no inline, and no management form to post.
        inlines = super().get_inline_instances(request, obj)
        return [i for i in inlines if obj is not None or not isinstance(i, ProvenanceInline)]

    def get_fieldsets(self, request, obj=None):
        """A text read by OCR has its page image beside it, for the editor to compare."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.provenance.filter(ocr=True, page_image__isnull=False).exists():
            return fieldsets
        first, options = fieldsets[0]
        fields = [("body", "page") if f == "body" else f for f in options["fields"]]
        return [(first, {**options, "fields": fields}), *fieldsets[1:]]

    @admin.display(description=_("page image"))
    def page(self, article: Article) -> str:
        return page_image(article)

    @admin.display(description=_("review note"), ordering="review_note")
    def review(self, article: Article) -> str:
        return review_note_display(article.review_note)


@admin.register(Turn)
class TurnAdmin(IndexedModelAdmin):
    list_display = ["article", "position", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]


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
