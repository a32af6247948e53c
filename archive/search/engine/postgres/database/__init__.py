"""Django's PostgreSQL backend, with a signal sent just before each transaction commits.

The PostgreSQL search engine writes the index of a transaction's saves in that transaction
(`archive.search.indexing` listens to `pre_commit`): the index can never drift from the
articles, whoever commits. Settings name this backend whenever DATABASE_URL is PostgreSQL.
"""

from django.dispatch import Signal

# Sent with the connection, inside the transaction, before Django commits it.
pre_commit = Signal()
