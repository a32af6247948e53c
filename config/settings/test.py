"""Tests: a throwaway search index, fast password hashing, no environment needed."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import HAYSTACK_CONNECTIONS

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One temporary index per test process; tests that need a clean index clear it themselves.
# Tests that run commands in processes of their own give them one index to share.
HAYSTACK_CONNECTIONS["default"]["PATH"] = os.environ.get(
    "ARCHIVE_TEST_INDEX_DIR"
) or tempfile.mkdtemp(prefix="archive-test-index-")

ARCHIVE_ORIGINALS_DIR = tempfile.mkdtemp(prefix="archive-test-originals-")

AXES_ENABLED = False
STATIC_ROOT = tempfile.mkdtemp(prefix="archive-test-static-")

# Re-link jobs run inline, inside the test's transaction, instead of in a thread.
ARCHIVE_RELINK_IN_BACKGROUND = False
