"""gunicorn settings for `make serve` (config.settings.prod behind a TLS proxy on the same host)."""

import os

# Loopback only: the TLS proxy in front is the one client, so the X-Forwarded-Proto header that
# Django trusts (SECURE_PROXY_SSL_HEADER) cannot come from anyone else.
bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Sized for 2 cores. Persian analysis and Whoosh searching are CPU work under the GIL, so more
# processes than cores buys little, and each process holds memory of its own (~370 MB resident,
# ~165 MB private at 20,000 articles: docs/production.md). Two processes use both cores; four
# threads in each overlap the waits on the database, the index files and slow clients.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Load Django once before forking: a missing secret stops the server once, with its one-line
# message, instead of every worker failing to boot; the code pages are shared between workers.
preload_app = True

# Uploading and importing a large zip of texts can take a while; searches take well under this.
timeout = 120
graceful_timeout = 30

accesslog = "-"
errorlog = "-"


def when_ready(server):
    """Load the Persian analyzer's word lists once, in the master, before workers fork.

    Every worker then shares them (copy-on-write) instead of loading them during its first search.
    """
    # The analyzer is archive.text.persian (no Django needed): one analysis loads its lists.
    from archive.text import persian

    persian.analyze("کارگران")


def post_worker_init(worker):
    """Warm each worker before it accepts a connection (archive/search/warming.py).

    The index is opened here, after the fork, so that no worker shares the master's file
    handles; until this returns, the other workers take the requests.
    """
    from django.db import connections

    from archive.search import warm

    warm()
    connections.close_all()  # the warm-up's connection belongs to no request thread
