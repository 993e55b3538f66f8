"""Write zip archives that come out byte-identical from the same inputs, and cache them."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import itertools
import os
import posixpath
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Bump when the byte layout of written zips changes, so cached zips are made anew.
FORMAT = "kitpress-zip-1"
# Already compressed: deflating them again costs time and gains nothing.
STORED = frozenset({".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2"})
FILE_MODE = 0o100644  # a regular file, rw-r--r--, whatever the builder's umask
UNIX = 3  # "made by" system: fixed, so a Windows builder writes the same bytes
ZIP_FIRST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # DOS time starts here
ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
_DRIVE = re.compile(r"^[A-Za-z]:")
# The classic zip records zipfile writes (its structFileHeader, structCentralDir up to the
# file mode, structEndArchive): zip_reusing writes the same bytes from kept members.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # zipfile's "version needed": 2.0, deflate
_UTF8 = 0x800  # the name is UTF-8


class UnsafeName(ValueError):
    """An entry name that would land outside the folder a zip is extracted into."""


@dataclass(frozen=True)
class Entry:
    """One file of an archive: its name inside the zip and its bytes."""

    name: str
    data: bytes


def safe_name(name: str) -> str:
    """Normalise a zip entry name, refusing absolute, drive, ``..`` or backslash names."""
    if not name or "\\" in name or "\0" in name or _DRIVE.match(name):
        raise UnsafeName(name)
    norm = posixpath.normpath(name)
    if norm.startswith("/") or norm in (".", "..") or norm.startswith("../"):
        raise UnsafeName(name)
    return norm


def zip_bytes(entries: Iterable[Entry], when: dt.datetime) -> bytes:
    """Return a zip of ``entries`` sorted by name, every entry stamped ``when``."""
    ordered = _checked(entries)
    stamp = _dos_time(when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in ordered:
            info = zipfile.ZipInfo(entry.name, date_time=stamp)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            stored = posixpath.splitext(entry.name)[1].lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, entry.data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def zip_reusing(entries: Iterable[Entry], when: dt.datetime, members: Path) -> bytes:
    """Return ``zip_bytes(entries, when)``, deflating only members not already in ``members``.

    Each member's deflated bytes are kept in ``members`` under the hash of its contents, so a
    rebuild that changed one page compresses that page, not the whole offline copy again.
    Beyond the classic zip's limits (zip64), zipfile writes the archive as zip_bytes does.
    """
    ordered = _checked(entries)
    members.mkdir(parents=True, exist_ok=True)
    body, central, used = bytearray(), bytearray(), set()
    for entry in ordered:
        method, data, key = _compressed(entry, members)
        used.add(key)
        if len(entry.data) * 1.05 > zipfile.ZIP64_LIMIT or len(body) > zipfile.ZIP64_LIMIT:
            return zip_bytes(ordered, when)
        local, listed = _records(entry, method, data, len(body), when)
        body += local
        central += listed
    if (
        len(ordered) >= zipfile.ZIP_FILECOUNT_LIMIT
        or len(body) + len(central) > zipfile.ZIP64_LIMIT
    ):
        return zip_bytes(ordered, when)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(ordered), len(ordered), len(central), len(body), 0)
    for old in members.iterdir():
        if old.name not in used:  # a page since changed or gone: keep the cache to this zip
            old.unlink()
    return bytes(body + central + end)


def _records(
    entry: Entry, method: int, data: bytes, offset: int, when: dt.datetime
) -> tuple[bytes, bytes]:
    """Return an entry's local header with its data, and its central directory record."""
    stamp = _dos_time(when)
    dostime = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    dosdate = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    name, flags = entry.name.encode("utf-8"), 0 if entry.name.isascii() else _UTF8
    crc, size = zlib.crc32(entry.data), len(entry.data)
    fields = (_VERSION, 0, flags, method, dostime, dosdate, crc, len(data), size, len(name))
    local = _LOCAL.pack(b"PK\x03\x04", *fields, 0) + name + data
    listed = _CENTRAL.pack(b"PK\x01\x02", _VERSION, UNIX, *fields, 0, 0, 0, 0)
    return local, listed + struct.pack("<2L", FILE_MODE << 16, offset) + name


def _compressed(entry: Entry, members: Path) -> tuple[int, bytes, str]:
    """Return an entry's method and bytes as zip_bytes stores them, deflating on a miss."""
    if posixpath.splitext(entry.name)[1].lower() in STORED:
        return zipfile.ZIP_STORED, entry.data, ""
    # Another zlib may deflate the same bytes differently: its streams are kept apart.
    digest = hashlib.sha256(f"{FORMAT}\n{zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    digest.update(entry.data)
    key = digest.hexdigest()[:40]
    kept = members / key
    with contextlib.suppress(OSError, zlib.error):
        data = kept.read_bytes()
        # Inflating costs a fraction of deflating: a damaged stream is made anew, never shipped.
        if zlib.decompress(data, -15) == entry.data:
            return zipfile.ZIP_DEFLATED, data, key
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # what zipfile does at compresslevel 9
    data = packer.compress(entry.data) + packer.flush()
    staging = kept.with_suffix(f".{os.getpid()}.tmp")
    staging.write_bytes(data)
    staging.replace(kept)  # never half a member under its key
    return zipfile.ZIP_DEFLATED, data, key


def content_key(entries: Iterable[Entry], when: dt.datetime) -> str:
    """Hash everything a zip's bytes depend on: format, time, names and contents."""
    digest = hashlib.sha256(f"{FORMAT}\n{_dos_time(when)}\n".encode())
    for entry in _checked(entries):
        digest.update(f"{entry.name}\n{len(entry.data)}\n".encode())
        digest.update(hashlib.sha256(entry.data).digest())
    return digest.hexdigest()


def cached_zip(
    entries: list[Entry], when: dt.datetime, folder: Path, members: Path | None = None
) -> Path:
    """Return the zip of ``entries`` kept in ``folder``, writing it only when it is new.

    With ``members``, a new zip reuses the deflated members kept there (``zip_reusing``).
    """
    target = folder / f"{content_key(entries, when)[:20]}.zip"
    if not zipfile.is_zipfile(target):  # missing, or torn by a machine that lost power
        folder.mkdir(parents=True, exist_ok=True)
        staging = target.with_suffix(f".{os.getpid()}.tmp")
        made = zip_reusing(entries, when, members) if members else zip_bytes(entries, when)
        staging.write_bytes(made)
        staging.replace(target)  # a crash mid-write never leaves a half zip under the key
    for old in folder.iterdir():
        if old != target:
            old.unlink()
    return target


def place(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` as a hard link, or a copy where links do not work."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checked(entries: Iterable[Entry]) -> list[Entry]:
    """Sort entries by name after checking each name is safe and used once."""
    ordered = sorted(entries, key=lambda e: e.name)
    for entry, following in itertools.pairwise(ordered):
        if entry.name == following.name:
            raise ValueError(f"duplicate zip entry {entry.name}")
    for entry in ordered:
        if safe_name(entry.name) != entry.name:
            raise UnsafeName(entry.name)
    return ordered


def _dos_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """Clamp ``when`` (UTC) into the range a zip can store, at its two-second grain."""
    utc = when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
    utc = min(max(utc, ZIP_FIRST), ZIP_LAST)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second - utc.second % 2)
