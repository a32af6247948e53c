from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    # The module holds another AppConfig (below): say which one "archive" means.
    default = True
    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        # The matcher of known names is rebuilt after names change, and search learns the
        # solid spellings of compound names.
        from archive import entities, linking
        from archive.search import checks  # noqa: F401  (registers the system checks)

        linking.connect_signals()
        entities.connect_signals()


class LoginSecurityConfig(AxesConfig):
    """django-axes under a translated name: its own is the bare label «Axes» in every language."""

    verbose_name = _("Login security")
