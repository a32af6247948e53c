"""Settings shared by every environment. Nothing here needs an environment variable."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Before haystack, so archive's update_index (with progress) overrides haystack's.
    "archive",
    "haystack",
    "archive.apps.LoginSecurityConfig",  # django-axes, its name translated
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every page, in every environment alike.
    "archive.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under data/ unless DATABASE_URL names another database (PostgreSQL or another SQLite file).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while an import or a background re-link writes, and makes the
    # commit after each imported article cheap; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, sending a signal before each commit: the PostgreSQL search engine
    # writes a transaction's index changes in that transaction (archive.search.indexing).
    DATABASES["default"]["ENGINE"] = "archive.search.engine.postgres.database"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# The embedded default is Whoosh under data/, with the Persian analyzer (docs/search.md).
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.engine.whoosh.PersianWhooshEngine",
        "PATH": os.environ.get("ARCHIVE_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
        # A failed index write must raise, not only log: the index would silently drift.
        "SILENTLY_FAIL": False,
    },
}
# Which search engine serves the archive: "whoosh" (local files, one machine) or "postgres"
# (the index in the database, shared by every web server; docs/scaling.md). A system check
# (archive.search.checks) refuses "postgres" unless the database is PostgreSQL.
ARCHIVE_SEARCH_ENGINE = os.environ.get("ARCHIVE_SEARCH_ENGINE", "whoosh").strip().lower()
POSTGRES_SEARCH_ENGINE = {"ENGINE": "archive.search.engine.postgres.PostgresEngine"}
if ARCHIVE_SEARCH_ENGINE == "postgres":
    HAYSTACK_CONNECTIONS["default"] = POSTGRES_SEARCH_ENGINE
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.indexing.OnCommitSignalProcessor"

# Uploads: a single text file may not exceed this many bytes (zip members included).
ARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_UPLOAD_BYTES * 2
DATA_UPLOAD_MAX_NUMBER_FILES = 500
# A zip's members together, once decompressed (the guard against zip bombs).
ARCHIVE_MAX_ZIP_BYTES = int(os.environ.get("ARCHIVE_MAX_ZIP_BYTES", 20 * ARCHIVE_MAX_UPLOAD_BYTES))
# Uploaded files, kept by checksum (archive.models.originals); never served as public files.
ARCHIVE_ORIGINALS_DIR = Path(os.environ.get("ARCHIVE_ORIGINALS_DIR", DATA_DIR / "originals"))
# Re-linking the archive after names change runs in a thread of the web process (see
# docs/importing.md); `manage.py relink` runs waiting jobs from the command line too.
ARCHIVE_RELINK_IN_BACKGROUND = True

# django-axes: lock an account/IP pair after repeated failed admin logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"archive": {"handlers": ["console"], "level": "INFO"}},
}
