"""One check for every uploaded file: its real type (from its bytes, not its name) and its size.

Every app that accepts a file calls `check_upload(upload, kinds=..., max_bytes=...)` before it
stores or reads it; the registry importer does, and so must complaint attachments, evidence
photos and anything added later. ZIP-based files (XLSX) are checked as archives without
unpacking them: total unpacked size, ratio per member, number of members, nested archives and
paths that climb out of the archive, so a zip bomb is refused before any reader touches it.

    from pendamping.core.uploads import UploadRejected, check_upload
    kind = check_upload(request.FILES["photo"], kinds={"jpeg", "png"}, max_bytes=5 << 20)
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from .exceptions import DomainError, ErrorCode

SNIFF_BYTES = 1 << 16
ZIP_MAX_UNPACKED = 1 << 30  # 1 GiB of content in all
ZIP_MAX_RATIO = 200  # unpacked / packed, per member
ZIP_MAX_MEMBERS = 10_000

_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "zip": (b"PK\x03\x04",),
}
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class UploadRejected(DomainError):
    """A file refused before it is stored; `reason` says why in machine form."""

    def __init__(self, reason: str, message) -> None:
        super().__init__(ErrorCode.INVALID, message, reason=reason)
        self.reason = reason


@dataclass(frozen=True)
class ArchiveFacts:
    members: int
    unpacked: int


def sniff(head: bytes) -> str:
    """The real type of a file from its first bytes: pdf, png, jpeg, zip, text or unknown."""
    for kind, prefixes in _MAGIC.items():
        if any(head.startswith(p) for p in prefixes):
            return kind
    if not head:
        return "empty"
    if b"\x00" in head:
        return "unknown"
    for encoding in TEXT_ENCODINGS:
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character cut at the end of the sample is still text.
            try:
                head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return "text"
    return "unknown"


def check_archive(fh: BinaryIO) -> ArchiveFacts:
    """Refuse zip bombs and hostile archives without unpacking anything."""
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRejected("broken_archive", _("The file is damaged or not complete.")) from exc
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            raise UploadRejected("too_many_members", _("The file holds too many parts."))
        total = 0
        for member in members:
            name = member.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
                raise UploadRejected("unsafe_path", _("The file holds parts with unsafe names."))
            if member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1024):
                raise UploadRejected(
                    "zip_bomb", _("The file is packed abnormally (a possible zip bomb).")
                )
            if name.lower().endswith((".zip", ".xlsx", ".docx")):
                raise UploadRejected("nested_archive", _("The file holds another archive."))
            total += member.file_size
        if total > ZIP_MAX_UNPACKED:
            raise UploadRejected("too_big_unpacked", _("The file unpacks to more than 1 GB."))
        return ArchiveFacts(members=len(members), unpacked=total)


def _is_xlsx(fh: BinaryIO) -> bool:
    fh.seek(0)
    with zipfile.ZipFile(fh) as archive:
        names = set(archive.namelist())
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def check_upload(upload, *, kinds: set[str] | frozenset[str], max_bytes: int) -> str:
    """Check an uploaded file (a Django UploadedFile or any seekable binary file with `size`)
    and return its kind: one of `kinds` among csv, xlsx, pdf, png, jpeg. Raises UploadRejected."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > max_bytes:
        raise UploadRejected(
            "too_large",
            _("The file is too large (%(size)s MB); at most %(max)s MB.")
            % {"size": f"{size / 1e6:.0f}", "max": max_bytes // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = sniff(head)
    kind = found
    if found == "zip":
        check_archive(upload)
        kind = "xlsx" if _is_xlsx(upload) else "zip"
        upload.seek(0)
    elif found == "text":
        kind = "csv"
    if kind not in kinds:
        raise UploadRejected(
            "wrong_type",
            _("This kind of file is not accepted here (allowed: %(kinds)s).")
            % {"kinds": ", ".join(sorted(k.upper() for k in kinds))},
        )
    return kind
