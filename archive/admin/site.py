from django.contrib import admin, messages
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive import linking
from archive.admin.forms import MergeCandidatesForm
from archive.admin.imports import ImportTextsMixin
from archive.importer.messages import review_note_display
from archive.linking import candidates
from archive.models import (
    Article,
    ArticleOrganisation,
    ArticlePerson,
    Candidate,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    RelinkJob,
    Turn,
)
from archive.search import IndexUnavailable, indexing

SAVED_NOT_INDEXED = _(
    "The changes were saved, but the search index was not updated ({error}). "
    "Once the problem is fixed, run the check_index --repair command."
)

admin.site.site_header = _("Labour archive administration")
admin.site.site_title = _("Labour archive")
admin.site.index_title = _("Archive contents")


class IndexedModelAdmin(admin.ModelAdmin):
    """A failed search-index write after a save or delete: a message, not a server error.

    The change is committed by then; showing a 500 would invite the editor to make it twice.
    """

    def changeform_view(self, request, *args, **kwargs):
        return self._index_after(request, super().changeform_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # actions and list_editable
        return self._index_after(request, super().changelist_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._index_after(request, super().delete_view, *args, **kwargs)

    def _index_after(self, request, view, *args, **kwargs):
        response = None
        try:
            with indexing.deferred_indexing():
                response = view(request, *args, **kwargs)
        except IndexUnavailable as error:
            if response is None:
                raise
            messages.error(request, SAVED_NOT_INDEXED.format(error=error))
        return response


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
class ArticleAdmin(ImportTextsMixin, IndexedModelAdmin):
    list_display = [
        "title",
        "published_on",
        "publication",
        "kind",
        "needs_review",
        "review",
        "updated_at",
    ]
    list_filter = ["kind", "needs_review", "publication", "language"]
    search_fields = ["title", "slug", "date_text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    # The importer's notes on what it could not read: shown translated, not edited as codes.
    readonly_fields = ["review", "content_hash", "created_at", "updated_at"]
    autocomplete_fields = ["publication"]
    inlines = [ArticlePersonInline, ArticleOrganisationInline, TurnInline]
    list_select_related = ["publication"]
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
        (_("Review"), {"fields": ["needs_review", "review"]}),
        (
            _("Record"),
            {"fields": ["content_hash", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description=_("review note"), ordering="review_note")
    def review(self, article: Article) -> str:
        return review_note_display(article.review_note)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


class RelinkOnNameChangeMixin:
    """Re-link the archive after a name or an alias is added, changed or removed."""

    # The RelinkJob.Reason codes for one entity saved, one deleted, several deleted.
    relink_saved: str
    relink_deleted: str
    relink_deleted_many: str

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names_changed = not change or "name" in form.changed_data
        if names_changed or any(formset.has_changed() for formset in formsets):
            self._relink(request, self.relink_saved, {"name": str(form.instance)})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._relink(request, self.relink_deleted, {"name": str(obj)})

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._relink(request, self.relink_deleted_many)

    def _relink(self, request, reason: str, reason_args: dict[str, str] | None = None) -> None:
        job = linking.request_relink(reason=reason, reason_args=reason_args)
        url = reverse("admin:archive_relinkjob_change", args=[job.pk])
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Linking the archive to the changed names in the background."),
                url,
                _("Progress"),
            ),
        )


@admin.register(Person)
class PersonAdmin(RelinkOnNameChangeMixin, IndexedModelAdmin):
    relink_saved = RelinkJob.Reason.PERSON_SAVED
    relink_deleted = RelinkJob.Reason.PERSON_DELETED
    relink_deleted_many = RelinkJob.Reason.PEOPLE_DELETED
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(RelinkOnNameChangeMixin, IndexedModelAdmin):
    relink_saved = RelinkJob.Reason.ORGANISATION_SAVED
    relink_deleted = RelinkJob.Reason.ORGANISATION_DELETED
    relink_deleted_many = RelinkJob.Reason.ORGANISATIONS_DELETED
    list_display = ["name", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(Publication)
class PublicationAdmin(IndexedModelAdmin):
    list_display = ["name", "organisation", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]


@admin.register(Turn)
class TurnAdmin(IndexedModelAdmin):
    list_display = ["article", "position", "speaker"]
    list_select_related = ["article", "speaker"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]


@admin.register(ArticlePerson)
class ArticlePersonAdmin(IndexedModelAdmin):
    list_display = ["article", "person", "role"]
    list_filter = ["role"]
    list_select_related = ["article", "person"]
    search_fields = ["person__name", "article__title"]
    autocomplete_fields = ["article", "person"]


@admin.register(ArticleOrganisation)
class ArticleOrganisationAdmin(IndexedModelAdmin):
    list_display = ["article", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["article", "organisation"]
    search_fields = ["organisation__name", "article__title"]
    autocomplete_fields = ["article", "organisation"]


@admin.register(Candidate)
class CandidateAdmin(IndexedModelAdmin):
    list_display = ["name", "kind", "status", "occurrences", "seen_as"]
    list_filter = ["status", "kind"]
    search_fields = ["name"]
    # The parser's record of where it saw the name: shown translated, not edited.
    exclude = ["reason"]
    readonly_fields = [
        "seen_as",
        "key",
        "occurrences",
        "created_person",
        "created_organisation",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["articles"]
    actions = ["accept", "merge", "dismiss"]

    @admin.display(description=_("seen as"), ordering="reason")
    def seen_as(self, candidate: Candidate) -> str:
        return candidate.get_reason_display()

    def _decide(self, request, queryset, decide) -> int:
        done = 0
        for candidate in queryset:
            try:
                decide(candidate)
                done += 1
            except candidates.CandidateError as error:
                self.message_user(request, error.message, messages.WARNING)
        return done

    @admin.action(description=_("Accept as new people or organisations"), permissions=["change"])
    def accept(self, request, queryset):
        done = self._decide(request, queryset, lambda c: candidates.accept_candidate(candidate=c))
        if done:
            self.message_user(request, _("Accepted: %(n)d. Re-linking the archive.") % {"n": done})

    @admin.action(
        description=_("Merge into an existing person or organisation"), permissions=["change"]
    )
    def merge(self, request, queryset):
        form = MergeCandidatesForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            target = form.target
            done = self._decide(
                request,
                queryset,
                lambda c: candidates.merge_candidate(candidate=c, target=target),
            )
            if done:
                self.message_user(
                    request,
                    _("Merged %(n)d name(s) into “%(target)s”.") % {"n": done, "target": target},
                )
            return None
        return TemplateResponse(
            request,
            "admin/archive/candidate/merge.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Merge names into an existing person or organisation"),
                "form": form,
                "media": self.media + form.media,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Dismiss (do not suggest again)"), permissions=["change"])
    def dismiss(self, request, queryset):
        done = candidates.dismiss_candidates(candidates=queryset)
        self.message_user(request, _("Dismissed: %(n)d.") % {"n": done})


@admin.register(RelinkJob)
class RelinkJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "progress", "why", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [
        "status",
        "why",
        "progress",
        "total",
        "done",
        "error",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("progress"))
    def progress(self, job: RelinkJob) -> str:
        return f"{job.percent}% ({job.done}/{job.total})"

    @admin.display(description=_("reason"))
    def why(self, job: RelinkJob) -> str:
        return job.get_reason_display()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
