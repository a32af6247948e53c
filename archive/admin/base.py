"""What every model admin of the archive shares: a failed index write is a message, not a 500."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from archive.search import IndexUnavailable, indexing

SAVED_NOT_INDEXED = _(
    "The changes were saved, but the search index was not updated ({error}). "
    "Once the problem is fixed, run the check_index --repair command."
)


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
