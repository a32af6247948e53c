"""Candidate names in the admin: accept, merge into a known entity, or dismiss."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from archive.admin.base import IndexedModelAdmin
from archive.admin.dates import jalali_column
from archive.admin.forms import MergeCandidatesForm
from archive.linking import candidates
from archive.models import Candidate


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
        "created",
        "updated",
    ]
    filter_horizontal = ["articles"]
    actions = ["accept", "merge", "dismiss"]
    created = jalali_column(Candidate, "created_at")
    updated = jalali_column(Candidate, "updated_at")

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
