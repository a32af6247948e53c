from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    Turn,
)

admin.site.site_header = _("Labour archive administration")
admin.site.site_title = _("Labour archive")
admin.site.index_title = _("Archive contents")


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "publication", "kind", "needs_review", "updated_at"]
    list_filter = ["kind", "needs_review", "publication", "language"]
    search_fields = ["title", "slug", "date_text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["publication"]
    inlines = [ArticlePersonInline, ArticleOrganisationInline, TurnInline]
    list_select_related = ["publication"]
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
        (_("Review"), {"fields": ["needs_review", "review_note"]}),
        (
            _("Record"),
            {"fields": ["content_hash", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]


@admin.register(Turn)
class TurnAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]


@admin.register(ArticlePerson)
class ArticlePersonAdmin(admin.ModelAdmin):
    list_display = ["article", "person", "role"]
    list_filter = ["role"]
    list_select_related = ["article", "person"]
    search_fields = ["person__name", "article__title"]
    autocomplete_fields = ["article", "person"]


@admin.register(ArticleOrganisation)
class ArticleOrganisationAdmin(admin.ModelAdmin):
    list_display = ["article", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["article", "organisation"]
    search_fields = ["organisation__name", "article__title"]
    autocomplete_fields = ["article", "organisation"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "occurrences", "reason"]
    list_filter = ["status", "kind"]
    search_fields = ["name"]
    readonly_fields = ["key", "occurrences", "created_at", "updated_at"]
    filter_horizontal = ["articles"]
