"""Find the texts to import: files, folders (recursively), zip archives and uploads.

Plain Python, no Django: the size limits come in as `Limits` (archive.importer.batch reads
them from the settings). Anything that cannot be read becomes a `Source` with the note why.
"""

import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import BinaryIO

from archive.importer.notes import Code, Note, note

_SKIPPED_NAMES = ("__MACOSX", ".DS_Store", "Thumbs.db")
ZIP_MAGIC = b"PK\x03\x04"
_ZIP_SYMLINK = 0o120000


@dataclass(frozen=True)
class Limits:
    """How many bytes one text may have, and all of a zip's members together, unpacked."""

    file: int
    zip: int


def too_large(size: int, limit: int) -> Note:
    return note(Code.FILE_TOO_LARGE, size=size, limit=limit)


@dataclass(frozen=True)
class Source:
    """One text to import, or the reason it could not even be read."""

    name: str
    data: bytes | None = None
    error: Note | None = None


def _skipped(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part in _SKIPPED_NAMES for part in parts)


# A Telegram Desktop export is a folder: result.json or messages*.html, beside the media,
# styles and scripts those pages show. The media are the posts' photos, not scans to read.
_EXPORT_PAGES = ("result.json", "messages.html")


def export_media(paths: Iterable[PurePath]) -> set[PurePath]:
    """The files among these that belong to a Telegram export without being its messages."""
    paths = list(paths)
    roots = {path.parent for path in paths if path.name in _EXPORT_PAGES}
    # The media are in the export's folders (photos/, files/, css/ …); files beside its
    # messages are read as any file.
    return {
        path
        for path in paths
        if path.parent not in roots and any(root in path.parents for root in roots)
    }


_ZIP_UTF8_FLAG = 0x800


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its maker meant it.

    Without the UTF-8 flag, zipfile reads names as cp437. Many tools still write UTF-8 without
    the flag, and Persian Windows tools write cp1256: both are recovered from the raw bytes.
    """
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    if raw.isascii():
        return info.filename
    for encoding in ("utf-8", "cp1256"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe_member(filename: str) -> bool:
    path = filename.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return True
    return ".." in PurePosixPath(path).parts


def _zip_sources(
    fileobj: BinaryIO | Path, zip_name: str, *, read: bool, limits: Limits
) -> Iterator[Source]:
    """Yield a zip's members, refusing unsafe paths, links, nested zips and bombs."""
    limit, total_limit = limits.file, limits.zip
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError):
        yield Source(zip_name, error=note(Code.ZIP_BROKEN))
        return
    with archive:
        # Unsafe paths are refused before hidden files are skipped: ".." starts with a dot.
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and (_unsafe_member(info.filename) or not _skipped(PurePosixPath(info.filename).parts))
        ]
        media = export_media(PurePosixPath(info.filename) for info in members)
        members = [info for info in members if PurePosixPath(info.filename) not in media]
        # The sizes in the directory are checked before anything is decompressed; reads are
        # bounded too, since the directory can lie.
        declared = sum(info.file_size for info in members)
        if declared > total_limit:
            yield Source(
                zip_name,
                error=note(Code.ZIP_TOO_LARGE, size=declared, limit=total_limit),
            )
            return
        for info in members:
            name = f"{zip_name}/{member_name(info)}"
            if _unsafe_member(info.filename):
                yield Source(name, error=note(Code.ZIP_UNSAFE_PATH))
            elif (info.external_attr >> 16) & 0o170000 == _ZIP_SYMLINK:
                yield Source(name, error=note(Code.SYMLINK))
            elif info.file_size > limit:
                yield Source(name, error=too_large(info.file_size, limit))
            elif not read:
                yield Source(name)
            else:
                yield _read_member(archive, info, name, limit)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int) -> Source:
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        return Source(name, error=note(Code.ZIP_MEMBER_BROKEN))
    if len(data) > limit:
        return Source(name, error=too_large(len(data), limit))
    if data.startswith(ZIP_MAGIC) and not _is_document(name):
        return Source(name, error=note(Code.ZIP_NESTED))
    return Source(name, data=data)


# Zips that are documents: read by their format (archive.importer.formats.docx), not unpacked.
_ZIPPED_DOCUMENTS = (".docx",)


def _is_document(name: str) -> bool:
    return name.lower().endswith(_ZIPPED_DOCUMENTS)


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    if _is_document(path.name):
        return False
    with path.open("rb") as f:
        return f.read(4) == ZIP_MAGIC


def _file_sources(path: Path, *, read: bool, limits: Limits) -> Iterator[Source]:
    name = str(path)
    try:
        if _is_zip(path):
            yield from _zip_sources(path, name, read=read, limits=limits)
            return
        size = path.stat().st_size
        limit = limits.file
        if size > limit:
            yield Source(name, error=too_large(size, limit))
        elif not read:
            yield Source(name)
        else:
            with path.open("rb") as f:
                data = f.read(limit + 1)  # the file may have grown since stat()
            yield (
                Source(name, data=data)
                if len(data) <= limit
                else Source(name, error=too_large(len(data), limit))
            )
    except OSError:
        yield Source(name, error=note(Code.UNREADABLE))


def _walk(paths: Iterable[str | os.PathLike], *, read: bool, limits: Limits) -> Iterator[Source]:
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            yield Source(str(path), error=note(Code.NOT_FOUND))
        elif path.is_dir():
            children = sorted(path.rglob("*"))
            media = export_media(children)
            for child in children:
                relative = child.relative_to(path).parts
                if _skipped(relative) or child in media:
                    continue
                # Links inside a folder could point anywhere, or loop: they are not followed.
                if child.is_symlink():
                    yield Source(str(child), error=note(Code.SYMLINK))
                elif stat.S_ISREG(child.stat().st_mode):
                    yield from _file_sources(child, read=read, limits=limits)
        else:
            yield from _file_sources(path, read=read, limits=limits)


def iter_sources(paths: Iterable[str | os.PathLike], *, limits: Limits) -> Iterator[Source]:
    """Yield every text in these files, folders (recursively) and zip archives, one at a time."""
    return _walk(paths, read=True, limits=limits)


def count_sources(paths: Iterable[str | os.PathLike], *, limits: Limits) -> int:
    """Count what `iter_sources` will yield, without reading the texts."""
    return sum(1 for _ in _walk(paths, read=False, limits=limits))


def upload_sources(files: Iterable, *, limits: Limits) -> Iterator[Source]:
    """Yield the texts in uploaded files (Django `UploadedFile`s), zips opened safely."""
    limit = limits.file
    for upload in files:
        name = os.path.basename(upload.name or "")
        head = upload.read(4)
        upload.seek(0)
        if name.lower().endswith(".zip") or (head == ZIP_MAGIC and not _is_document(name)):
            if upload.size > limits.zip:
                yield Source(name, error=too_large(upload.size, limits.zip))
            else:
                yield from _zip_sources(upload, name, read=True, limits=limits)
        elif upload.size > limit:
            yield Source(name, error=too_large(upload.size, limit))
        else:
            yield Source(name, data=upload.read())
