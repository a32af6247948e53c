"""Production: everything secret or host-specific comes from the environment."""

import os
import sys

from .base import *  # noqa: F403
from .base import BASE_DIR, DATA_DIR, DATABASES, LOGGING


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(f"config.settings.prod: set the {name} environment variable before starting.")
    return value


DEBUG = False
SECRET_KEY = _require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]

# Hashed names (cached for a year by browsers) and gzip/brotli copies, served by WhiteNoise.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
if not SECURE_SSL_REDIRECT:
    # Switched off on purpose because the TLS proxy in front already redirects http to https.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Persistent, health-checked connections: each gunicorn thread keeps one instead of reconnecting
# (PostgreSQL) for every request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Django logs server errors to the console only when DEBUG is on; in production they would
# vanish (there are no ADMINS to mail). Send them to stderr, which gunicorn's log collects.
LOGGING["loggers"]["django"] = {"handlers": ["console"], "level": "ERROR"}

DATA_DIR.mkdir(parents=True, exist_ok=True)
