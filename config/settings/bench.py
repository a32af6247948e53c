"""Settings for `make bench` (benchmarks/run.py): production, on a throwaway data directory.

The harness sets ARCHIVE_DATA_DIR (and with it the SQLite file and the Whoosh index) to
data/bench-<SIZE>/ and serves it over plain HTTP on 127.0.0.1; only what a loopback benchmark
cannot provide is relaxed here.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
# gunicorn is reached over plain HTTP on 127.0.0.1, with no TLS proxy in front.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings.base import DATA_DIR
from config.settings.prod import *  # noqa: F403

STATIC_ROOT = DATA_DIR / "static"
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Each request's log line would be measured along with it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"archive": {"handlers": ["console"], "level": "WARNING"}},
}
