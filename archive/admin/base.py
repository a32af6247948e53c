"""What every model admin of the archive shares: a failed index write is a message, not a 500.

And text boxes that take their direction from what is typed in them.
"""

from django.contrib import admin, messages
from django.db import models

from archive.search import INDEX_NOT_UPDATED, IndexUnavailable, indexing


class IndexedModelAdmin(admin.ModelAdmin):
    """A failed search-index write after a save or delete: a message, not a server error.

    The change is committed by then; showing a 500 would invite the editor to make it twice.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Persian titles in the English admin, Latin URLs in the Persian one: each box follows
        # its own text.
        if field is not None and isinstance(db_field, models.CharField | models.TextField):
            field.widget.attrs.setdefault("dir", "auto")
        return field

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
