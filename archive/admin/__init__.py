"""The admin site: articles and their import, original files, people, organisations, candidates,
jobs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Importing the modules registers their model admins.
from archive.admin import articles, candidates, entities, jobs, originals, variants  # noqa: F401

admin.site.site_header = _("Labour archive administration")
admin.site.site_title = _("Labour archive")
admin.site.index_title = _("Archive contents")
