"""Name variants in the admin: spellings editors teach search to treat as one."""

from django.contrib import admin

from archive.models import NameVariant


@admin.register(NameVariant)
class NameVariantAdmin(admin.ModelAdmin):
    list_display = ["spelling", "usual", "automatic"]
    list_filter = ["automatic"]
    search_fields = ["spelling", "usual"]
