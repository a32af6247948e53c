"""Importing texts: sources in, a reading of each text, saved articles out.

The pipeline, one module per step in the order the data flows: `sources` (files, folders,
zips, uploads), `formats` (the texts in a file of each accepted format, read by `files`),
`decode`, `chrome`, `header`, `parties`, `dialogue` (with `phrases`, what they look for in a
line), `read` (one text into a reading with its notes), `notes` (the notes as codes), `save`
(with `originals`, the files kept), `batch` and `preview`; `messages` words the notes in the
reader's language. Up to `read`, with `formats`, `files` and `notes`, the modules are plain
Python: read workers import them without Django.

The rest of the archive uses the names below, from here (`from archive import importer`);
they load on first use, so importing this package loads no Django models.
"""

from importlib import import_module

_PUBLIC = {
    "batch": (
        "ImportReport",
        "ProgressCallback",
        "count_sources",
        "import_many",
        "iter_sources",
        "upload_sources",
    ),
    "save": (
        "ImportContext",
        "ImportResult",
        "find_duplicate",
        "import_bytes",
        "import_text",
        "save_reading",
    ),
    "preview": ("Preview", "Upload", "import_corrected", "preview_text", "read_uploads"),
    "sources": ("Source",),
    "notes": ("Code", "Note", "SeenAs", "note"),
    "messages": ("human_size", "message_display", "review_note_display"),
}
_MODULE_OF = {name: module for module, names in _PUBLIC.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
