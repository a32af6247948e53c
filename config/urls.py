from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# Persian is served without a prefix (/), English under /en/.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
    prefix_default_language=False,
)
