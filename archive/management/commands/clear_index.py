"""haystack's clear_index, emptying the archive's index in one commit under the index lock.

The engine's `clear()` keeps the index directory and its current schema (a write like any
other, which waits for another writer); a failure ends in one line. Searches then find
nothing until `rebuild_index` or `check_index --repair` fills the index again.
"""

from haystack.management.commands.clear_index import Command as HaystackClearIndex

from archive.management.base import ArchiveCommand


class Command(ArchiveCommand, HaystackClearIndex):
    help = __doc__
