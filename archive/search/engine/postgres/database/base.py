"""Django's PostgreSQL DatabaseWrapper, sending `pre_commit` before each commit (see __init__)."""

from django.db.backends.postgresql import base

from archive.search.engine.postgres.database import pre_commit


class DatabaseWrapper(base.DatabaseWrapper):
    def commit(self):
        if not self.get_autocommit() and self.connection is not None:
            try:
                pre_commit.send(sender=type(self), connection=self)
            except BaseException:
                # The writes the transaction needed failed: none of it may be committed.
                self.rollback()
                raise
        super().commit()
