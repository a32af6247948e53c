"""People, organisations and publications in the admin; a changed name re-links the archive."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive import linking
from archive.admin.base import IndexedModelAdmin
from archive.admin.dates import jalali_column
from archive.models import (
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Publication,
    RelinkJob,
)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


class EntityAdmin(IndexedModelAdmin):
    """A person or an organisation: re-link the archive after a name or an alias changes."""

    # The RelinkJob.Reason codes for one entity saved, one deleted, several deleted.
    relink_saved: str
    relink_deleted: str
    relink_deleted_many: str
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    # Made public by accepting the candidate name (archive.linking.candidates), nowhere else.
    readonly_fields = ["is_public"]

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
class PersonAdmin(EntityAdmin):
    relink_saved = RelinkJob.Reason.PERSON_SAVED
    relink_deleted = RelinkJob.Reason.PERSON_DELETED
    relink_deleted_many = RelinkJob.Reason.PEOPLE_DELETED
    list_display = ["name", "slug", "is_public", "updated"]
    list_filter = ["is_public"]
    inlines = [PersonAliasInline]
    updated = jalali_column(Person, "updated_at")


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(EntityAdmin):
    relink_saved = RelinkJob.Reason.ORGANISATION_SAVED
    relink_deleted = RelinkJob.Reason.ORGANISATION_DELETED
    relink_deleted_many = RelinkJob.Reason.ORGANISATIONS_DELETED
    list_display = ["name", "kind", "slug", "is_public", "updated"]
    updated = jalali_column(Organisation, "updated_at")
    list_filter = ["kind", "is_public"]
    inlines = [OrganisationAliasInline]


@admin.register(Publication)
class PublicationAdmin(IndexedModelAdmin):
    list_display = ["name", "organisation", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
