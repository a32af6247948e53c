"""What every model admin of the archive shares: a failed index write is a message, not a 500."""

from django.contrib import admin, messages

from archive.search import INDEX_NOT_UPDATED, IndexUnavailable, indexing


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
            messages.error(request, INDEX_NOT_UPDATED.format(error=error))
        return response
